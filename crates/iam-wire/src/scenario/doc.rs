//! The scenario document: what the playground edits, the CLI reads, and
//! people keep in git. Versioned (`"version": 1`); unknown fields are errors.
//! The JSON Schema (`iamplay schema`) is generated from these types.

use crate::json::has_no_duplicate_keys;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The current document version.
pub const VERSION: u32 = 1;

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// An IAM Playground scenario: an organization, its accounts and what is in them, and assertions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[schemars(title = "IAM Playground scenario")]
pub struct ScenarioDoc {
    /// Document format version; this build reads version 1.
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The date time-based report controls count from (`2026-11-30`): unused
    /// credentials, key age. `iamplay report --as-of` overrides it; without
    /// either, today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The AWS Organization, if the accounts belong to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationDoc>,
    #[serde(default)]
    pub accounts: Vec<AccountDoc>,
    /// AWS managed policies with their documents, for those the bundled
    /// corpus lacks or has in another version (an import takes them from the
    /// account's export). A `managedPolicies` ARN resolves here first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aws_managed_policies: Vec<AwsManagedPolicyDoc>,
    /// Policy unit tests: what must (not) be allowed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assertions: Vec<AssertionDoc>,
}

impl ScenarioDoc {
    /// Every policy document of the scenario, for in-place rewriting.
    pub fn policies_mut(&mut self) -> Vec<&mut PolicyDocument> {
        let mut out: Vec<&mut PolicyDocument> = Vec::new();
        out.extend(self.aws_managed_policies.iter_mut().map(|p| &mut p.document));
        if let Some(org) = &mut self.organization {
            out.extend(org.policies.iter_mut().map(|p| &mut p.document));
        }
        for a in &mut self.accounts {
            out.extend(a.policies.iter_mut().map(|p| &mut p.document));
            for u in &mut a.users {
                out.extend(u.inline_policies.iter_mut().map(|p| &mut p.document));
            }
            for g in &mut a.groups {
                out.extend(g.inline_policies.iter_mut().map(|p| &mut p.document));
            }
            for r in &mut a.roles {
                out.push(&mut r.trust_policy);
                out.extend(r.inline_policies.iter_mut().map(|p| &mut p.document));
            }
            out.extend(a.resources.iter_mut().filter_map(|r| r.policy.as_mut()));
        }
        out
    }

    /// The document for saving: policies typed as text become JSON objects when
    /// they parse (readable files); text that does not parse, or that repeats a
    /// key (an object can hold each key once), stays text, so nothing typed is lost.
    pub fn normalized(&self) -> ScenarioDoc {
        let mut d = self.clone();
        for p in d.policies_mut() {
            if let PolicyDocument::Text(t) = p {
                *p = PolicyDocument::parsed(t);
            }
        }
        d
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrganizationDoc {
    /// Organization ID (`o-...`), the value of `aws:PrincipalOrgID`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Name or ID of the management account (SCPs and RCPs don't apply to it).
    pub management_account: String,
    /// SCPs and RCPs, referred to by name from the tree. `FullAWSAccess` and
    /// `RCPFullAWSAccess` exist without being listed, as in a real organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<OrgPolicyDoc>,
    pub root: OrgNodeDoc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OrgPolicyKind {
    Scp,
    Rcp,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrgPolicyDoc {
    pub name: String,
    pub kind: OrgPolicyKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub document: PolicyDocument,
}

/// The root or an organizational unit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrgNodeDoc {
    pub name: String,
    /// `r-...` for the root, `ou-...` for OUs.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// SCPs attached here, by name. Absent means the default: `FullAWSAccess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    /// RCPs attached here besides `RCPFullAWSAccess` (always attached, cannot be detached).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<String>,
    /// Accounts directly in this node, by name or ID.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
    /// Child OUs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<OrgNodeDoc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccountDoc {
    /// The 12-digit account ID.
    pub id: String,
    pub name: String,
    /// SCPs attached to the account itself. Absent means `FullAWSAccess`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scps: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rcps: Vec<String>,
    /// Account tags (`data-classification: phi` marks regulated data for the report).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// AWS Artifact agreements accepted in this account (`scope: organization`
    /// from the management account covers every member account).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agreements: Vec<AgreementDoc>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub root_user: RootUserDoc,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<UserDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleDoc>,
    /// Customer managed policies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policies: Vec<ManagedPolicyDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceDoc>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MfaDevice {
    #[default]
    None,
    Virtual,
    Hardware,
    Passkey,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RootUserDoc {
    #[serde(default, skip_serializing_if = "is_default")]
    pub mfa: MfaDevice,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeyDoc>,
    /// When the root user last signed in (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
    /// The root user's credentials were removed (centralized root access for
    /// member accounts): no password, keys or MFA to check.
    #[serde(default, skip_serializing_if = "is_default")]
    pub credentials_removed: bool,
}

/// An AWS Artifact agreement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementKind {
    /// AWS Business Associate Addendum (HIPAA).
    #[default]
    Baa,
    /// AWS Australian Notifiable Data Breach Addendum.
    Andb,
    /// AWS New Zealand Notifiable Data Breach Addendum.
    Nzndb,
}

/// Who an accepted agreement covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AgreementScope {
    /// This account only.
    #[default]
    Account,
    /// Every account of the organization, including ones added later (accepted from the management account).
    Organization,
}

/// An AWS Artifact agreement accepted in an account.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AgreementDoc {
    pub agreement: AgreementKind,
    #[serde(default, skip_serializing_if = "is_default")]
    pub scope: AgreementScope,
    /// When it was accepted (ISO 8601).
    pub accepted: String,
    /// Who accepted it (a user reference or a person's name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accepted_by: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub enum KeyStatus {
    #[default]
    Active,
    Inactive,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AccessKeyDoc {
    pub id: String,
    #[serde(default)]
    pub status: KeyStatus,
    /// Creation date (ISO 8601).
    pub created: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PasswordPolicyDoc {
    #[serde(default)]
    pub minimum_length: u32,
    #[serde(default)]
    pub require_symbols: bool,
    #[serde(default)]
    pub require_numbers: bool,
    #[serde(default)]
    pub require_uppercase: bool,
    #[serde(default)]
    pub require_lowercase: bool,
    /// Days; 0 means passwords never expire.
    #[serde(default)]
    pub max_age_days: u32,
    #[serde(default)]
    pub reuse_prevention: u32,
}

/// A policy document: a JSON object, or the exact text (kept when it does not
/// parse, so an edit in progress is never lost).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PolicyDocument {
    Json(serde_json::Map<String, serde_json::Value>),
    Text(String),
}

impl PolicyDocument {
    /// The text the engine parses (objects are pretty-printed, 2 spaces).
    pub fn text(&self) -> String {
        match self {
            PolicyDocument::Json(o) => serde_json::to_string_pretty(o).unwrap_or_default(),
            PolicyDocument::Text(t) => t.clone(),
        }
    }

    /// Stores edited text: as an object when it is exactly that object
    /// pretty-printed (so nothing about the text changes), else verbatim.
    pub fn from_text(text: &str) -> Self {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(o))
                if serde_json::to_string_pretty(&o).is_ok_and(|p| p == text) && has_no_duplicate_keys(text) =>
            {
                PolicyDocument::Json(o)
            }
            _ => PolicyDocument::Text(text.to_string()),
        }
    }

    /// A document from text: an object when the text is a JSON object without
    /// repeated keys, else the text verbatim (the policy parser then reports
    /// what is wrong with it, repeated keys included).
    pub fn parsed(text: &str) -> Self {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(o)) if has_no_duplicate_keys(text) => PolicyDocument::Json(o),
            _ => PolicyDocument::Text(text.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for PolicyDocument {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::json::string_or_object(
            deserializer,
            "a policy document: a JSON object, or the policy text as a string",
            PolicyDocument::Text,
            PolicyDocument::Json,
        )
    }
}

impl Default for PolicyDocument {
    fn default() -> Self {
        PolicyDocument::Json(serde_json::Map::new())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InlinePolicyDoc {
    pub name: String,
    pub document: PolicyDocument,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ManagedPolicyDoc {
    pub name: String,
    #[serde(default = "slash", skip_serializing_if = "is_slash")]
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub document: PolicyDocument,
}

/// An AWS managed policy carried in the scenario with its document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AwsManagedPolicyDoc {
    /// `arn:aws:iam::aws:policy/<path/><name>`, as `managedPolicies` refers to it.
    pub arn: String,
    /// The default version's ID (`v3`), when known.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub version_id: String,
    /// The default version's document.
    pub document: PolicyDocument,
}

/// The default IAM path (also for imports).
pub(crate) fn slash() -> String {
    "/".into()
}

fn is_slash(s: &String) -> bool {
    s == "/"
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UserDoc {
    pub name: String,
    #[serde(default = "slash", skip_serializing_if = "is_slash")]
    pub path: String,
    /// Group names in the same account.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    /// Customer managed policy names of this account, or policy ARNs
    /// (AWS managed policies resolve from `awsManagedPolicies`, else the bundled corpus).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
    /// A managed policy name or ARN used as the permissions boundary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub console_password: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_last_used: Option<String>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub mfa: MfaDevice,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access_keys: Vec<AccessKeyDoc>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupDoc {
    pub name: String,
    #[serde(default = "slash", skip_serializing_if = "is_slash")]
    pub path: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RoleDoc {
    pub name: String,
    #[serde(default = "slash", skip_serializing_if = "is_slash")]
    pub path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Who may assume the role.
    pub trust_policy: PolicyDocument,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inline_policies: Vec<InlinePolicyDoc>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub managed_policies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions_boundary: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Seconds (3600 to 43200).
    #[serde(default = "hour", skip_serializing_if = "is_hour")]
    pub max_session_duration: u32,
    /// A service-linked role (path `/aws-service-role/`): SCPs and RCPs don't apply.
    #[serde(default, skip_serializing_if = "is_default")]
    pub service_linked: bool,
}

fn hour() -> u32 {
    3600
}

fn is_hour(v: &u32) -> bool {
    *v == 3600
}

/// An AWS resource, optionally with a resource-based policy.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ResourceDoc {
    /// The resource ARN (an S3 bucket's policy also governs its objects).
    pub arn: String,
    /// Bucket policy, key policy, queue policy, ... (for KMS keys it must allow access).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// For KMS keys: managed by AWS (`alias/aws/...`); RCPs don't apply to them.
    #[serde(default, skip_serializing_if = "is_default")]
    pub aws_managed: bool,
    /// For Lambda functions (and other resources that run code): the role the
    /// code runs as, by name in the same account or by ARN. Privilege
    /// escalation reads it (`lambda:UpdateFunctionCode` on a function whose
    /// role is stronger).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role: Option<String>,
    /// For KMS keys (`arn:aws:kms:REGION:ACCOUNT:key/ID`): what AWS KMS keeps
    /// about the key beside its key policy (`policy`). Absent: an enabled
    /// symmetric encryption key without aliases or grants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms: Option<KmsKeyDoc>,
}

/// A KMS key's metadata, grants and state (KMS Developer Guide).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KmsKeyDoc {
    /// `alias/NAME` (`alias/aws/...` only for AWS managed keys).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `SYMMETRIC_DEFAULT` unless given.
    #[serde(default, skip_serializing_if = "is_default")]
    pub key_spec: KmsKeySpec,
    /// The spec's usual usage unless given (`ENCRYPT_DECRYPT` for `SYMMETRIC_DEFAULT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_usage: Option<KmsKeyUsage>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub key_state: KmsKeyState,
    /// For `PendingDeletion`: when the key will be deleted (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_date: Option<String>,
    /// For `PendingDeletion`: the waiting period, 7 to 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_window_in_days: Option<u32>,
    /// Automatic key rotation (symmetric encryption keys only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotation: Option<KmsRotationDoc>,
    #[serde(default, skip_serializing_if = "is_default")]
    pub multi_region: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grants: Vec<KmsGrantDoc>,
}

/// Key specs (`KeySpec` of CreateKey).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum KmsKeySpec {
    #[default]
    SYMMETRIC_DEFAULT,
    HMAC_224,
    HMAC_256,
    HMAC_384,
    HMAC_512,
    RSA_2048,
    RSA_3072,
    RSA_4096,
    ECC_NIST_P256,
    ECC_NIST_P384,
    ECC_NIST_P521,
    ECC_SECG_P256K1,
}

/// Key usages (`KeyUsage` of CreateKey).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[allow(non_camel_case_types, clippy::upper_case_acronyms)]
pub enum KmsKeyUsage {
    ENCRYPT_DECRYPT,
    SIGN_VERIFY,
    GENERATE_VERIFY_MAC,
    KEY_AGREEMENT,
}

/// Key states (`KeyState` of DescribeKey).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum KmsKeyState {
    #[default]
    Enabled,
    Disabled,
    PendingDeletion,
    PendingImport,
    Unavailable,
}

/// Automatic key rotation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KmsRotationDoc {
    pub enabled: bool,
    /// 90 to 2560 days; 365 unless given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_days: Option<u32>,
    /// The last automatic or on-demand rotation (ISO 8601).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_rotated: Option<String>,
}

/// A grant on the key (CreateGrant).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct KmsGrantDoc {
    /// The grant's id (any text naming it in the scenario; AWS makes a long hex id).
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// A principal reference (`account/role/NAME`, ...) or an IAM ARN.
    pub grantee_principal: String,
    /// Grant operations, such as `Decrypt`, `Encrypt`, `GenerateDataKey`.
    pub operations: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<KmsGrantConstraintsDoc>,
    /// Who may retire the grant besides the grantee when the grant allows `RetireGrant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retiring_principal: Option<String>,
}

/// Grant constraints on the request's encryption context (at most one of the two).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct KmsGrantConstraintsDoc {
    /// The request's encryption context must be exactly these pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context_equals: Option<BTreeMap<String, String>>,
    /// The request's encryption context must include these pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_context_subset: Option<BTreeMap<String, String>>,
}

/// What an assertion expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    Allow,
    /// Either kind of deny.
    Deny,
    ExplicitDeny,
    ImplicitDeny,
}

/// A policy unit test.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AssertionDoc {
    /// This principal can (or cannot) do this action on this resource.
    #[serde(rename_all = "camelCase")]
    Can {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        /// `account/user/name`, `account/role/name` (a session of the role),
        /// `account/root`, an ARN, or `anonymous`.
        principal: String,
        action: String,
        resource: String,
        /// The assertion names an action the catalog does not know or a
        /// resource the scenario does not declare, on purpose (otherwise it
        /// fails: a typo would make a `deny` expectation pass vacuously).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_unknown: bool,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        context: BTreeMap<String, ContextValueDoc>,
        expect: Expect,
    },
    /// Nobody outside the organization (any other account, or anonymous) can do this.
    #[serde(rename_all = "camelCase")]
    NobodyOutsideOrg {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        action: String,
        resource: String,
        /// The assertion names an action the catalog does not know or a
        /// resource the scenario does not declare, on purpose (otherwise it
        /// fails: a typo would make a `deny` expectation pass vacuously).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_unknown: bool,
    },
    /// Only these principals of the scenario (and no outsider) can do this.
    #[serde(rename_all = "camelCase")]
    Only {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        id: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        description: String,
        principals: Vec<String>,
        action: String,
        resource: String,
        /// The assertion names an action the catalog does not know or a
        /// resource the scenario does not declare, on purpose (otherwise it
        /// fails: a typo would make a `deny` expectation pass vacuously).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        allow_unknown: bool,
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        context: BTreeMap<String, ContextValueDoc>,
    },
}

/// The kinds of assertion, as `kind` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum AssertionKind {
    Can,
    NobodyOutsideOrg,
    Only,
}

/// Every field of every kind of assertion, read in one pass. serde's
/// internally tagged enums buffer the whole object before looking at `kind`,
/// and an error found in the buffer (an unknown `expect` value, an unknown
/// field) loses its position: it was reported at the end of the list. Read
/// field by field, each error is at its own line:column; only a field that
/// the kind does not take is found after the object.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct AssertionFields {
    kind: AssertionKind,
    #[serde(default)]
    id: String,
    #[serde(default)]
    description: String,
    principal: Option<String>,
    principals: Option<Vec<String>>,
    action: String,
    resource: String,
    context: Option<BTreeMap<String, ContextValueDoc>>,
    expect: Option<Expect>,
    #[serde(default)]
    allow_unknown: bool,
}

impl<'de> Deserialize<'de> for AssertionDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let f = AssertionFields::deserialize(deserializer)?;
        let (kind, allowed): (&str, &[&str]) = match f.kind {
            AssertionKind::Can => (
                "can",
                &["kind", "id", "description", "principal", "action", "resource", "context", "expect", "allowUnknown"],
            ),
            AssertionKind::NobodyOutsideOrg => {
                ("nobody-outside-org", &["kind", "id", "description", "action", "resource", "allowUnknown"])
            }
            AssertionKind::Only => {
                ("only", &["kind", "id", "description", "principals", "action", "resource", "context", "allowUnknown"])
            }
        };
        let given = [
            ("principal", f.principal.is_some()),
            ("principals", f.principals.is_some()),
            ("context", f.context.is_some()),
            ("expect", f.expect.is_some()),
        ];
        if let Some((field, _)) = given.iter().find(|(name, set)| *set && !allowed.contains(name)) {
            let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            return Err(de::Error::custom(format!(
                "unknown field `{field}` for kind `{kind}`, expected one of {list}"
            )));
        }
        let missing = |field: &'static str| de::Error::custom(format!("missing field `{field}` (kind `{kind}`)"));
        let (id, description, action, resource, allow_unknown) =
            (f.id, f.description, f.action, f.resource, f.allow_unknown);
        Ok(match f.kind {
            AssertionKind::Can => AssertionDoc::Can {
                id,
                description,
                principal: f.principal.ok_or_else(|| missing("principal"))?,
                action,
                resource,
                context: f.context.unwrap_or_default(),
                expect: f.expect.ok_or_else(|| missing("expect"))?,
                allow_unknown,
            },
            AssertionKind::NobodyOutsideOrg => {
                AssertionDoc::NobodyOutsideOrg { id, description, action, resource, allow_unknown }
            }
            AssertionKind::Only => AssertionDoc::Only {
                id,
                description,
                principals: f.principals.ok_or_else(|| missing("principals"))?,
                action,
                resource,
                context: f.context.unwrap_or_default(),
                allow_unknown,
            },
        })
    }
}

/// A context value: text, a number, a boolean, or a list of them.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ContextValueDoc {
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    List(Vec<ContextValueDoc>),
}

/// By hand rather than `#[serde(untagged)]`, for a message in the document's
/// words rather than a Rust type name.
impl<'de> Deserialize<'de> for ContextValueDoc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = ContextValueDoc;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a context value: a string, a number or a boolean, or a list of them")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ContextValueDoc, E> {
                Ok(ContextValueDoc::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ContextValueDoc, E> {
                Ok(ContextValueDoc::Number(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ContextValueDoc, E> {
                Ok(ContextValueDoc::Number(v.into()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ContextValueDoc, E> {
                serde_json::Number::from_f64(v)
                    .map(ContextValueDoc::Number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ContextValueDoc, E> {
                Ok(ContextValueDoc::Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<ContextValueDoc, E> {
                Ok(ContextValueDoc::Text(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ContextValueDoc, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ContextValueDoc::List(items))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}
