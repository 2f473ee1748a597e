//! Privilege escalation: who can become whom, or gain what, inside the
//! scenario, and every minimal path to administrator access or to one
//! request. See the README's "Privilege escalation" section for the
//! definitions (administrator, minimal path, bounds).

mod graph;
mod paths;
pub mod technique;

pub use graph::grant as graph_grant;
pub use technique::Technique;

use iam_core::model::{Model, PrincipalRef};
use iam_core::{Context, Decision};
use iam_wire::scenario::ScenarioDoc;
use schemars::JsonSchema;
use serde::Serialize;

/// Paths longer than this many steps are not searched.
pub const MAX_DEPTH: usize = 6;
/// At most this many paths are reported (`truncated` says when more exist).
pub const MAX_PATHS: usize = 1000;

/// The requests that define an administrator: a principal allowed every one
/// of them on every resource (`*`) is allowed `*` on `*` for this purpose.
/// `iamplayground:AnyAction` is an action no service has: only a statement
/// whose `Action` is `*` (or a `NotAction` that leaves it) allows it; the
/// others catch a deny carved out of `*` for the services that matter most.
pub const ADMIN_PROBES: &[&str] = &[
    "iamplayground:AnyAction",
    "iam:CreateUser",
    "iam:AttachRolePolicy",
    "iam:PassRole",
    "sts:AssumeRole",
    "organizations:DescribeOrganization",
    "ec2:RunInstances",
    "s3:GetObject",
    "s3:PutBucketPolicy",
    "kms:Decrypt",
    "lambda:CreateFunction",
    "secretsmanager:GetSecretValue",
];

/// Is `p` an administrator: allowed every [`ADMIN_PROBES`] request on `*`?
pub fn is_admin(model: &Model, p: &PrincipalRef, ctx: &Context) -> bool {
    ADMIN_PROBES.iter().all(|a| model.decide(p, a, "*", ctx) == Decision::Allow)
}

/// What the paths lead to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Goal {
    /// Administrator access ([`is_admin`]).
    Admin,
    /// Being allowed one request.
    Action { action: String, resource: String },
}

impl Goal {
    pub fn met(&self, model: &Model, p: &PrincipalRef, ctx: &Context) -> bool {
        match self {
            Goal::Admin => is_admin(model, p, ctx),
            Goal::Action { action, resource } => model.decide(p, action, resource, ctx) == Decision::Allow,
        }
    }

    /// `admin`, or `ACTION RESOURCE`.
    pub fn label(&self) -> String {
        match self {
            Goal::Admin => "admin".into(),
            Goal::Action { action, resource } => format!("{action} {resource}"),
        }
    }

    /// Engine decisions one [`Goal::met`] makes at most.
    fn cost(&self) -> usize {
        match self {
            Goal::Admin => ADMIN_PROBES.len(),
            Goal::Action { .. } => 1,
        }
    }
}

/// The policy statement that grants a step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StatementRef {
    /// The policy's label (`orders-dev/group/Developers/SelfService`).
    pub policy: String,
    /// 1-based line of the statement in the policy document.
    pub line: u32,
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Step {
    pub technique: Technique,
    /// Who acts (a CLI reference: `orders-dev/user/dave`).
    pub principal: String,
    /// What it gains: the principal it becomes, `admin`, or `ACTION RESOURCE`.
    pub gains: String,
    /// The statement that allows the step's request (absent if no single
    /// statement does, as for an `sts:AssumeRole` allowed by several layers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<StatementRef>,
}

/// A minimal path from a principal to the goal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Path {
    pub from: String,
    /// `admin`, or for an action goal the principal that ends up allowed.
    pub to: String,
    pub steps: Vec<Step>,
}

/// `iamplay escalation`'s answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Escalation {
    pub scenario: String,
    /// `admin` or `ACTION RESOURCE`.
    pub goal: String,
    pub paths: Vec<Path>,
    /// More than [`MAX_PATHS`] paths exist; the first ones are listed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Engine decisions made (the cost of the answer).
    #[serde(skip)]
    pub decisions: usize,
}

/// Every minimal path from `from` (or from every principal that does not
/// meet the goal yet, root users aside) to `goal`, decided with `ctx`.
pub fn escalation(
    doc: &ScenarioDoc,
    model: &Model,
    from: Option<&PrincipalRef>,
    goal: &Goal,
    ctx: &Context,
) -> Escalation {
    let g = graph::build(doc, model, ctx, goal);
    let starts: Vec<usize> = match from {
        Some(p) => {
            let name = model.principal_label(p);
            g.labels.iter().position(|l| *l == name).into_iter().collect()
        }
        None => g
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, p)| !matches!(p, PrincipalRef::Root { .. }))
            .map(|(i, _)| i)
            .collect(),
    };
    let (paths, truncated) = paths::minimal_paths(&g, &starts, goal);
    Escalation { scenario: model.name.clone(), goal: goal.label(), paths, truncated, decisions: g.decisions }
}
