//! The `aws iam simulate-custom-policy --cli-input-json` document, plus two
//! documented extensions: `ResourceControlPolicyInputList` inside an
//! organization level and a top-level `SessionPolicyInputList`.

use crate::error::WireError;
use crate::json::{Embedded, Step, reject_duplicate_keys};
use serde::Deserialize;
use serde::de::Deserializer;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct SimulateInput {
    #[serde(default)]
    pub policy_input_list: Vec<PolicyText>,
    #[serde(default)]
    pub permissions_boundary_policy_input_list: Vec<PolicyText>,
    #[serde(default)]
    pub ordered_organization_policy_input_list: Vec<OrgLevel>,
    /// Extension: session policies (AssumeRole `Policy`/`PolicyArns`).
    #[serde(default)]
    pub session_policy_input_list: Vec<PolicyText>,
    pub action_names: Vec<String>,
    #[serde(default)]
    pub resource_arns: Vec<String>,
    pub resource_policy: Option<PolicyText>,
    pub resource_owner: Option<String>,
    pub caller_arn: Option<String>,
    #[serde(default)]
    pub context_entries: Vec<ContextEntry>,
    pub resource_handling_option: Option<String>,
    pub max_items: Option<u32>,
    pub marker: Option<String>,
    /// The exact text and position of every policy written as a JSON object,
    /// by source id (`PolicyInputList.1`): filled by [`SimulateInput::from_json`].
    #[serde(skip)]
    pub objects: BTreeMap<String, Embedded>,
}

/// Where a policy of the input goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    Identity,
    Boundary,
    Session,
    Resource,
    /// An SCP of organization level `n` (0 = root).
    Scp(usize),
    /// An RCP of organization level `n`.
    Rcp(usize),
}

impl Slot {
    /// `SourcePolicyType`-like name, as in `MatchedStatements`.
    pub fn kind(self) -> &'static str {
        match self {
            Slot::Identity => "IAM Policy",
            Slot::Boundary => "Permissions Boundary Policy",
            Slot::Session => "Session Policy",
            Slot::Resource => "Resource Policy",
            Slot::Scp(_) => "Service Control Policy",
            Slot::Rcp(_) => "Resource Control Policy",
        }
    }
}

/// One policy of the input: where it goes, its `SourcePolicyId` (AWS's
/// 1-based `PolicyInputList.1`), and its JSON path in the input.
pub struct InputPolicy<'a> {
    pub slot: Slot,
    pub id: String,
    pub path: Vec<Step<'static>>,
    pub policy: &'a PolicyText,
}

/// One organization level (root first, then OUs, then the account).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct OrgLevel {
    #[serde(default)]
    pub service_control_policy_input_list: Vec<PolicyText>,
    /// Extension: RCPs at this level of the resource's account.
    #[serde(default)]
    pub resource_control_policy_input_list: Vec<PolicyText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct ContextEntry {
    pub context_key_name: String,
    #[serde(default)]
    pub context_key_values: Vec<Value>,
    pub context_key_type: ContextKeyType,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ContextKeyType {
    String,
    StringList,
    Numeric,
    NumericList,
    Boolean,
    BooleanList,
    Ip,
    IpList,
    Binary,
    BinaryList,
    Date,
    DateList,
}

impl ContextKeyType {
    /// The name as written in the input (`stringList`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::StringList => "stringList",
            Self::Numeric => "numeric",
            Self::NumericList => "numericList",
            Self::Boolean => "boolean",
            Self::BooleanList => "booleanList",
            Self::Ip => "ip",
            Self::IpList => "ipList",
            Self::Binary => "binary",
            Self::BinaryList => "binaryList",
            Self::Date => "date",
            Self::DateList => "dateList",
        }
    }

    /// The value type each entry must have (the catalog's scalar types).
    pub fn scalar(self) -> iam_core::catalog::ScalarType {
        use iam_core::catalog::ScalarType;
        match self {
            Self::String | Self::StringList => ScalarType::String,
            Self::Numeric | Self::NumericList => ScalarType::Numeric,
            Self::Boolean | Self::BooleanList => ScalarType::Bool,
            Self::Ip | Self::IpList => ScalarType::IpAddress,
            Self::Binary | Self::BinaryList => ScalarType::Binary,
            Self::Date | Self::DateList => ScalarType::Date,
        }
    }

    pub fn is_list(self) -> bool {
        matches!(
            self,
            Self::StringList | Self::NumericList | Self::BooleanList | Self::IpList | Self::BinaryList | Self::DateList
        )
    }
}

/// A policy document: a JSON string as the AWS CLI requires, or (an extension
/// for hand-written files) a JSON object.
#[derive(Debug)]
pub enum PolicyText {
    Text(String),
    Object(serde_json::Map<String, Value>),
}

impl PolicyText {
    /// The text to parse when the exact text of an object is not known (an
    /// input built in code): the object pretty-printed.
    pub fn text(&self) -> String {
        match self {
            PolicyText::Text(s) => s.clone(),
            PolicyText::Object(o) => serde_json::to_string_pretty(o).unwrap_or_default(),
        }
    }
}

impl<'de> Deserialize<'de> for PolicyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::string_or_object(
            deserializer,
            "a policy: a JSON string holding the policy document (as AWS takes it), or a JSON object",
            PolicyText::Text,
            PolicyText::Object,
        )
    }
}

impl SimulateInput {
    /// Parses the document, naming the field and position of any problem.
    /// A repeated key anywhere is an error (serde would keep one value silently).
    pub fn from_json(text: &str) -> Result<Self, WireError> {
        let mut input: Self = serde_json::from_str(text).map_err(|e| WireError::from_json(&e, text))?;
        let checked = reject_duplicate_keys(text)?;
        let index = iam_core::LineIndex::new(text);
        let objects: BTreeMap<String, Embedded> = input
            .policies()
            .into_iter()
            .filter(|p| matches!(p.policy, PolicyText::Object(_)))
            .filter_map(|p| Some((p.id, checked.object_at(&p.path, &index)?)))
            .collect();
        input.objects = objects;
        input.check()?;
        Ok(input)
    }

    /// Every policy of the input, in input order.
    pub fn policies(&self) -> Vec<InputPolicy<'_>> {
        let mut out = Vec::new();
        let lists = [
            (Slot::Identity, "PolicyInputList", &self.policy_input_list),
            (Slot::Boundary, "PermissionsBoundaryPolicyInputList", &self.permissions_boundary_policy_input_list),
            (Slot::Session, "SessionPolicyInputList", &self.session_policy_input_list),
        ];
        for (slot, key, list) in lists {
            for (i, policy) in list.iter().enumerate() {
                let (id, path) = (format!("{key}.{}", i + 1), vec![Step::Key(key), Step::Index(i)]);
                out.push(InputPolicy { slot, id, path, policy });
            }
        }
        if let Some(policy) = &self.resource_policy {
            out.push(InputPolicy {
                slot: Slot::Resource,
                id: "ResourcePolicy".into(),
                path: vec![Step::Key("ResourcePolicy")],
                policy,
            });
        }
        for (li, level) in self.ordered_organization_policy_input_list.iter().enumerate() {
            let lists = [
                (Slot::Scp(li), "ServiceControlPolicyInputList", &level.service_control_policy_input_list),
                (Slot::Rcp(li), "ResourceControlPolicyInputList", &level.resource_control_policy_input_list),
            ];
            for (slot, key, list) in lists {
                for (i, policy) in list.iter().enumerate() {
                    out.push(InputPolicy {
                        slot,
                        id: format!("OrderedOrganizationPolicyInputList.{}.{key}.{}", li + 1, i + 1),
                        path: vec![
                            Step::Key("OrderedOrganizationPolicyInputList"),
                            Step::Index(li),
                            Step::Key(key),
                            Step::Index(i),
                        ],
                        policy,
                    });
                }
            }
        }
        out
    }

    /// How many action × resource pairs the input asks for.
    pub fn pair_count(&self) -> usize {
        self.action_names.len().saturating_mul(self.resource_arns.len().max(1))
    }

    fn check(&self) -> Result<(), WireError> {
        if self.action_names.is_empty() {
            return Err(WireError::at("ActionNames", "at least one action name is required"));
        }
        for (i, a) in self.action_names.iter().enumerate() {
            let ok = a.split_once(':').is_some_and(|(s, n)| !s.is_empty() && !n.is_empty());
            if !ok {
                return Err(WireError::at(
                    format!("ActionNames[{i}]"),
                    format!("`{a}` must look like `service:Action`"),
                ));
            }
            if a.contains(['*', '?']) {
                return Err(WireError::at(
                    format!("ActionNames[{i}]"),
                    format!("`{a}`: the simulator does not accept wildcards in action names"),
                ));
            }
        }
        if self.ordered_organization_policy_input_list.len() > 7 {
            return Err(WireError::at(
                "OrderedOrganizationPolicyInputList",
                "at most 7 levels (root, up to 5 OUs, account)",
            ));
        }
        if self.permissions_boundary_policy_input_list.len() > 1 {
            return Err(WireError::at(
                "PermissionsBoundaryPolicyInputList",
                "only one permissions boundary can be simulated",
            ));
        }
        // SIM-IN-CALLERARN: the resource policy's `Principal` needs a caller to match.
        if self.resource_policy.is_some() && self.caller_arn.is_none() {
            return Err(WireError::at(
                "CallerArn",
                "required when ResourcePolicy is given: the resource policy's Principal element needs a caller \
                 to match (as AWS's simulator requires)",
            ));
        }
        // SIM-IN-MAXITEMS: 1 to 1000.
        if let Some(m) = self.max_items
            && !(1..=1000).contains(&m)
        {
            return Err(WireError::at("MaxItems", format!("{m} is out of range: MaxItems is 1 to 1000")));
        }
        if let Some(m) = &self.marker {
            let pairs = self.pair_count();
            let ok = m.parse::<usize>().is_ok_and(|n| n > 0 && n < pairs);
            if !ok {
                return Err(WireError::at(
                    "Marker",
                    format!(
                        "`{m}` is not a marker this input can produce: use the Marker of a truncated response \
                         (this input has {pairs} action × resource pairs)"
                    ),
                ));
            }
        }
        Ok(())
    }
}
