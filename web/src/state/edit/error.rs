//! Why an edit was refused.

use iam_core::model::names::{NameError, NotAccountId, RCP_FULL_AWS_ACCESS};

/// Something an edit refers to that is no longer in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gone {
    Parent,
    Ou,
    Node,
    Destination,
    Account,
    Principal,
    User,
    Group,
    Role,
    Resource,
    Policy,
    Assertion,
}

impl std::fmt::Display for Gone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Gone::Parent => "that parent",
            Gone::Ou => "that OU",
            Gone::Node => "that node",
            Gone::Destination => "the destination",
            Gone::Account => "that account",
            Gone::Principal => "that principal",
            Gone::User => "that user",
            Gone::Group => "that group",
            Gone::Role => "that role",
            Gone::Resource => "that resource",
            Gone::Policy => "that policy",
            Gone::Assertion => "that assertion",
        })
    }
}

/// Why an edit was refused (the document is then unchanged).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("{0} no longer exists")]
    Gone(Gone),
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    AccountId(#[from] NotAccountId),
    #[error("create an organization first")]
    NoOrganization,
    #[error("there already is an organization")]
    OrganizationExists,
    #[error("add an account first: it becomes the management account")]
    NoAccount,
    #[error("`{0}` already exists here")]
    OuExists(String),
    #[error("the root keeps its name")]
    RootKeepsName,
    #[error("the root cannot be deleted")]
    RootCannotBeDeleted,
    #[error("the root cannot move")]
    RootCannotMove,
    #[error("an OU cannot move into itself")]
    OuIntoItself,
    #[error("an account with that name or ID exists")]
    AccountExists,
    #[error("`{0}` is empty or taken")]
    AccountNameTaken(String),
    #[error("the management account cannot be removed from its organization")]
    ManagementAccount,
    /// `what` is "a user", "an inline policy", ...
    #[error("{what} named `{name}` exists")]
    NameTaken { what: &'static str, name: String },
    /// `kind` is "SCP" or "RCP".
    #[error("no {kind} named `{name}`")]
    NoOrgPolicy { kind: &'static str, name: String },
    #[error("{RCP_FULL_AWS_ACCESS} is always attached and cannot be detached")]
    RcpFullAwsAccessFixed,
    #[error("`{0}` is already attached here")]
    AlreadyAttachedHere(String),
    #[error("already attached")]
    AlreadyAttached,
    #[error("`{0}` is not an ARN")]
    NotAnArn(String),
    #[error("`{arn}` belongs to account {account}")]
    ForeignResource { arn: String, account: String },
    #[error("that resource exists")]
    ResourceExists,
    #[error("that resource already has a policy")]
    ResourceHasPolicy,
    #[error("no group `{0}`")]
    NoGroup(String),
    #[error("groups cannot have a permissions boundary")]
    GroupBoundary,
    #[error("a role always has a trust policy; edit it instead")]
    TrustPolicyRequired,
}
