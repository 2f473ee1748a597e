//! How each control is evaluated, one file per family. Each check returns the
//! resources it looked at, or why the scenario cannot decide it.

mod artifact;
mod iam;
mod kms;
mod org;
mod practice;

use crate::model::{Evidence, ResourceResult, Status};
use iam_core::model::{Account, AccountId, Model, PolicyId, PolicyOrigin};
use iam_wire::scenario::ScenarioDoc;

pub use artifact::coverage;

/// What a check works on.
pub struct Ctx<'a> {
    pub doc: &'a ScenarioDoc,
    pub model: &'a Model,
    /// Epoch milliseconds.
    pub as_of: i64,
}

impl Ctx<'_> {
    /// Accounts with their index.
    pub fn accounts(&self) -> impl Iterator<Item = (AccountId, &Account)> {
        self.model.accounts.iter().enumerate()
    }

    /// The root user's credentials exist (not removed centrally).
    pub fn root_present(&self, ai: AccountId) -> bool {
        !self.doc.accounts.get(ai).is_some_and(|a| a.root_user.credentials_removed)
    }

    pub fn label(&self, id: PolicyId) -> String {
        self.model.policy(id).map(|p| p.label.clone()).unwrap_or_default()
    }

    /// The AWS managed policy's name, if `id` is one.
    pub fn aws_managed_name(&self, id: PolicyId) -> Option<&str> {
        match &self.model.policy(id)?.origin {
            PolicyOrigin::AwsManaged { name } => Some(name),
            _ => None,
        }
    }

    /// Customer managed policies of the account that are not only used as a
    /// permissions boundary (`excludePermissionBoundaryPolicy: true`).
    pub fn customer_policies(&self, ai: AccountId) -> Vec<PolicyId> {
        let Some(a) = self.model.accounts.get(ai) else { return Vec::new() };
        let attached = |id: PolicyId| {
            a.users.iter().any(|u| u.policies.contains(&id))
                || a.groups.iter().any(|g| g.policies.contains(&id))
                || a.roles.iter().any(|r| r.policies.contains(&id))
        };
        let boundary = |id: PolicyId| {
            a.users.iter().any(|u| u.boundary == Some(id)) || a.roles.iter().any(|r| r.boundary == Some(id))
        };
        a.managed_policies.iter().copied().filter(|&id| attached(id) || !boundary(id)).collect()
    }
}

/// A check's answer.
pub enum Outcome {
    Resources(Vec<ResourceResult>),
    NotAvailable(String),
}

pub fn setting(setting: impl Into<String>, value: impl Into<String>, expected: impl Into<String>) -> Evidence {
    Evidence::Setting { setting: setting.into(), value: value.into(), expected: expected.into() }
}

/// A resource that fails when `failed`.
pub fn resource(reference: String, failed: bool, evidence: Vec<Evidence>) -> ResourceResult {
    ResourceResult { reference, status: if failed { Status::Failed } else { Status::Passed }, evidence }
}

pub fn user_ref(a: &Account, name: &str) -> String {
    format!("{}/user/{name}", a.name)
}

pub fn role_ref(a: &Account, name: &str) -> String {
    format!("{}/role/{name}", a.name)
}

pub fn group_ref(a: &Account, name: &str) -> String {
    format!("{}/group/{name}", a.name)
}

pub fn root_ref(a: &Account) -> String {
    format!("{}/root", a.name)
}

/// Evaluates the control `id`.
pub fn evaluate(id: &str, ctx: &Ctx<'_>) -> Outcome {
    match id {
        "IAM.1" => iam::admin_policies(ctx),
        "IAM.2" => iam::user_policies(ctx),
        "IAM.3" => iam::key_rotation(ctx),
        "IAM.4" => iam::root_keys(ctx),
        "IAM.5" => iam::console_mfa(ctx),
        "IAM.6" => iam::root_hardware_mfa(ctx),
        "IAM.7" | "IAM.10" | "IAM.11" | "IAM.12" | "IAM.13" | "IAM.14" | "IAM.15" | "IAM.16" | "IAM.17" => {
            iam::password_policy(ctx, id)
        }
        "IAM.8" => iam::unused_credentials(ctx, 90),
        "IAM.9" => iam::root_mfa(ctx),
        "IAM.18" => iam::support_role(ctx),
        "IAM.19" => iam::user_mfa(ctx),
        "IAM.21" => iam::full_service_policies(ctx),
        "IAM.22" => iam::unused_credentials(ctx, 45),
        "IAM.23" => {
            Outcome::NotAvailable("the scenario does not model IAM Access Analyzer analyzers or their tags".into())
        }
        "IAM.24" => iam::roles_tagged(ctx),
        "IAM.25" => iam::users_tagged(ctx),
        "IAM.26" => Outcome::NotAvailable("the scenario does not model IAM server certificates".into()),
        "IAM.27" => iam::cloudshell(ctx),
        "IAM.28" => Outcome::NotAvailable("the scenario does not model IAM Access Analyzer analyzers".into()),
        "KMS.1" => kms::customer_policies(ctx),
        "KMS.2" => kms::inline_policies(ctx),
        "KMS.3" => kms::pending_deletion(ctx),
        "KMS.4" => kms::rotation(ctx),
        "KMS.5" => kms::public_keys(ctx),
        "BP.1" => practice::root_not_used(ctx),
        "BP.2" => practice::least_privilege(ctx),
        "BP.3" => practice::groups(ctx),
        "BP.4" => practice::temporary_access(ctx),
        "BP.5" => practice::mfa_everywhere(ctx),
        "ORG.1" => org::scp_guardrails(ctx),
        "ORG.2" => org::management_workloads(ctx),
        "ORG.3" => org::rcp_perimeter(ctx),
        "ART.1" => artifact::phi_baa(ctx),
        _ => Outcome::NotAvailable("no check is defined for this control".into()),
    }
}
