//! The `aws iam simulate-custom-policy --cli-input-json` document, plus two
//! documented extensions: `ResourceControlPolicyInputList` inside an
//! organization level and a top-level `SessionPolicyInputList`.

use crate::error::WireError;
use serde::Deserialize;
use serde_json::Value;

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
    pub fn is_list(self) -> bool {
        matches!(
            self,
            Self::StringList | Self::NumericList | Self::BooleanList | Self::IpList | Self::BinaryList | Self::DateList
        )
    }
}

/// A policy document: a JSON string as the AWS CLI requires, or (an extension
/// for hand-written files) a JSON object, which is pretty-printed first.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PolicyText {
    Text(String),
    Object(serde_json::Map<String, Value>),
}

impl PolicyText {
    pub fn text(&self) -> String {
        match self {
            PolicyText::Text(s) => s.clone(),
            PolicyText::Object(o) => serde_json::to_string_pretty(o).unwrap_or_default(),
        }
    }
}

impl SimulateInput {
    /// Parses the document, naming the field and position of any problem.
    pub fn from_json(text: &str) -> Result<Self, WireError> {
        let input: Self = serde_json::from_str(text).map_err(|e| WireError::from_json(&e, text))?;
        input.check()?;
        Ok(input)
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
        Ok(())
    }
}
