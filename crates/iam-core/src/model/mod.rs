//! The scenario model: an organization, accounts, principals, resources and
//! their policies, resolved and compiled, ready for queries. Built by
//! `iam-wire` from the scenario document; plain data here.

mod assert;
mod context;
pub mod names;
mod query;
mod what_can;

pub use assert::{Assertion, AssertionCase, AssertionOutcome, Expectation, OUTSIDER_ARN};
pub use context::request_context;
pub use query::{
    AccessMatrix, AssumeEdge, CanResult, MatrixCell, PrincipalError, PrincipalRef, RequestNote, WhoCanEntry,
};
pub use what_can::{Allowed, ServiceSummary};

use crate::compile::CompiledPolicy;
use crate::diag::Diagnostic;
use std::sync::Arc;

pub type PolicyId = usize;
pub type AccountId = usize;
pub type NodeId = usize;

/// What a policy is for; decides which rules apply to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    Inline,
    CustomerManaged,
    AwsManaged,
    Trust,
    Resource,
    Scp,
    Rcp,
}

/// Which IAM entity holds an inline policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OwnerKind {
    User,
    Group,
    Role,
}

/// Where a policy lives in the scenario: indices are positions in the
/// scenario's lists (accounts, users, ...), names are those of the
/// organization's policy library and of AWS managed policies.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PolicyOrigin {
    /// An SCP of the organization (the default `FullAWSAccess` included).
    Scp { name: String },
    /// An RCP of the organization (the default `RCPFullAWSAccess` included).
    Rcp { name: String },
    /// Inline policy `index` of user, group or role `owner` of `account`.
    Inline { account: AccountId, owner_kind: OwnerKind, owner: usize, index: usize },
    /// Customer managed policy `index` of `account`.
    CustomerManaged { account: AccountId, index: usize },
    /// An AWS managed policy, by its name (the last part of its ARN).
    AwsManaged { name: String },
    /// The trust policy of role `role` of `account`.
    Trust { account: AccountId, role: usize },
    /// The policy of resource `index` of `account`.
    Resource { account: AccountId, index: usize },
}

impl PolicyOrigin {
    /// What the policy is for.
    pub fn kind(&self) -> PolicyKind {
        match self {
            PolicyOrigin::Scp { .. } => PolicyKind::Scp,
            PolicyOrigin::Rcp { .. } => PolicyKind::Rcp,
            PolicyOrigin::Inline { .. } => PolicyKind::Inline,
            PolicyOrigin::CustomerManaged { .. } => PolicyKind::CustomerManaged,
            PolicyOrigin::AwsManaged { .. } => PolicyKind::AwsManaged,
            PolicyOrigin::Trust { .. } => PolicyKind::Trust,
            PolicyOrigin::Resource { .. } => PolicyKind::Resource,
        }
    }

    /// The default RCP AWS attaches everywhere, which allows everything.
    pub fn is_rcp_full_aws_access(&self) -> bool {
        matches!(self, PolicyOrigin::Rcp { name } if name == names::RCP_FULL_AWS_ACCESS)
    }
}

/// One policy document of the scenario.
#[derive(Clone, Debug)]
pub struct PolicyEntry {
    /// Where it lives, for people: `coffee-shop/group/Cashiers/ReadReceipts`
    /// (formatted from `origin` by the scenario resolver).
    pub label: String,
    pub origin: PolicyOrigin,
    /// The document text (spans of the compiled policy point into it).
    pub source: Arc<str>,
    pub compiled: Arc<CompiledPolicy>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Root,
    Ou,
    Account(AccountId),
}

#[derive(Clone, Debug)]
pub struct OrgNode {
    pub name: String,
    pub id: String,
    pub kind: NodeKind,
    pub parent: Option<NodeId>,
    pub scps: Vec<PolicyId>,
    pub rcps: Vec<PolicyId>,
}

#[derive(Clone, Debug)]
pub struct Org {
    /// `o-...`
    pub id: String,
    pub management_account: Option<AccountId>,
    /// Node 0 is the root; every node's parent comes before it.
    pub nodes: Vec<OrgNode>,
}

impl Org {
    /// The nodes from the root down to `node` (inclusive).
    pub fn path_to(&self, node: NodeId) -> Vec<NodeId> {
        let mut path = Vec::new();
        let mut cur = Some(node);
        while let Some(n) = cur {
            if path.contains(&n) || path.len() > self.nodes.len() {
                break; // defensive: the builder rejects cycles
            }
            path.push(n);
            cur = self.nodes.get(n).and_then(|x| x.parent);
        }
        path.reverse();
        path
    }

    /// `aws:PrincipalOrgPaths` form: `o-id/r-root/ou-a/ou-b/`.
    pub fn org_path(&self, node: NodeId) -> String {
        let mut s = format!("{}/", self.id);
        for n in self.path_to(node) {
            if let Some(x) = self.nodes.get(n)
                && !matches!(x.kind, NodeKind::Account(_))
            {
                s.push_str(&x.id);
                s.push('/');
            }
        }
        s
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mfa {
    #[default]
    None,
    Virtual,
    Hardware,
    Passkey,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessKey {
    pub id: String,
    pub active: bool,
    /// Epoch milliseconds.
    pub created: Option<i64>,
    pub last_used: Option<i64>,
}

#[derive(Clone, Debug, Default)]
pub struct RootUser {
    pub mfa: Mfa,
    pub access_keys: Vec<AccessKey>,
    pub last_used: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub minimum_length: u32,
    pub require_symbols: bool,
    pub require_numbers: bool,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub max_age_days: u32,
    pub reuse_prevention: u32,
}

#[derive(Clone, Debug)]
pub struct User {
    pub name: String,
    pub path: String,
    pub arn: String,
    pub groups: Vec<usize>,
    /// Inline and attached managed policies.
    pub policies: Vec<PolicyId>,
    pub boundary: Option<PolicyId>,
    pub tags: Vec<(String, String)>,
    pub console_password: bool,
    pub password_last_used: Option<i64>,
    pub mfa: Mfa,
    pub access_keys: Vec<AccessKey>,
}

#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub path: String,
    pub arn: String,
    pub policies: Vec<PolicyId>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub name: String,
    pub path: String,
    pub arn: String,
    pub trust: PolicyId,
    pub policies: Vec<PolicyId>,
    pub boundary: Option<PolicyId>,
    pub tags: Vec<(String, String)>,
    pub max_session_duration: u32,
    pub service_linked: bool,
}

#[derive(Clone, Debug)]
pub struct Resource {
    pub arn: String,
    pub policy: Option<PolicyId>,
    pub tags: Vec<(String, String)>,
    pub aws_managed: bool,
}

#[derive(Clone, Debug)]
pub struct Account {
    pub id: String,
    pub name: String,
    /// This account's node in the organization tree.
    pub node: Option<NodeId>,
    pub root_user: RootUser,
    pub password_policy: Option<PasswordPolicy>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    pub resources: Vec<Resource>,
    /// Customer managed policies (by position in `Model::policies`).
    pub managed_policies: Vec<PolicyId>,
}

/// A resolved, compiled scenario.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub org: Option<Org>,
    pub accounts: Vec<Account>,
    pub policies: Vec<PolicyEntry>,
}

impl Model {
    pub fn policy(&self, id: PolicyId) -> Option<&PolicyEntry> {
        self.policies.get(id)
    }

    pub fn account_by_id(&self, id: &str) -> Option<AccountId> {
        self.accounts.iter().position(|a| a.id == id)
    }

    pub fn account_by_name_or_id(&self, s: &str) -> Option<AccountId> {
        self.accounts.iter().position(|a| a.name == s || a.id == s)
    }

    pub fn in_org(&self, account: AccountId) -> bool {
        self.org.is_some() && self.accounts.get(account).is_some_and(|a| a.node.is_some())
    }
}
