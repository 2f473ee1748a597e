//! What an evaluation observed, for explanations. The evaluator reports to a
//! [`Tracer`]; the fast path uses [`NoTrace`], which compiles away.

use super::{Decision, Layer, Reason};
use crate::condition::CondFailure;
use crate::policy::Effect;
use crate::principal::{CallerKind, PrincipalMatch};
use crate::span::Span;

/// How one statement fared against the request. Only statements whose action
/// matched are reported (the rest are irrelevant to the request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatementOutcome {
    /// Action, resource, principal and every condition matched: the statement applies.
    Applied,
    ResourceMismatch,
    /// A variable in `Resource` had no value in the request.
    ResourceVariableMissing(String),
    PrincipalMismatch,
    /// `conditions` lists every failed condition (index in the statement, why).
    ConditionFailed(Vec<(usize, CondFailure)>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementTrace {
    /// Index of the policy in the [`super::PolicySet`].
    pub policy: usize,
    /// Index of the statement in the policy document.
    pub statement: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    pub span: Span,
    pub layer: Layer,
    pub outcome: StatementOutcome,
    /// How the principal was named, for resource-based statements that applied.
    pub principal_match: Option<PrincipalMatch>,
    /// For statements that applied: the conditions (indices in the statement)
    /// that held only because their key was absent from the request
    /// (`...IfExists`, negated operators).
    pub true_by_absence: Vec<usize>,
}

/// Why SCPs or RCPs do not apply to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exemption {
    /// The principal (SCPs) or the resource (RCPs) belongs to the management
    /// account (SCP-MGMT-EXEMPT, RCP-MGMT-EXEMPT).
    ManagementAccount,
    /// The caller is a service-linked role.
    ServiceLinkedRole,
    /// The resource is an AWS managed KMS key (RCP-AWS-MANAGED-KMS-EXEMPT).
    AwsManagedKmsKey,
    /// SCPs: the caller is not an IAM principal of an account (anonymous, a service).
    NotAnIamPrincipal,
    /// RCPs: the service (or action) is not one RCPs cover (RCP-SUPPORTED-SERVICES).
    ServiceNotCovered,
}

/// Why a layer does not apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerNote {
    ScpExempt(Exemption),
    RcpExempt(Exemption),
    /// Anonymous callers and AWS service principals have no identity-based
    /// policies (nor boundaries or session policies): a resource-based policy
    /// alone must allow them. Holds the caller's kind.
    NoIdentity(CallerKind),
}

/// The verdict of one layer (an SCP level, the identity policies, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerVerdict {
    Allow,
    Deny,
    /// No statement allowed or denied.
    NoMatch,
    /// The layer does not apply to this request (reason in [`LayerReport::note`]).
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerReport {
    pub layer: Layer,
    pub verdict: LayerVerdict,
    pub note: Option<LayerNote>,
    /// Policies in this layer (indices in the set).
    pub policies: Vec<usize>,
}

/// The full explanation of one decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub decision: Decision,
    pub reason: Reason,
    pub layers: Vec<LayerReport>,
    pub statements: Vec<StatementTrace>,
    /// Condition keys that conditions referred to but the request did not have, sorted.
    pub missing_context: Vec<String>,
    /// Statements skipped because the policy text has errors: (policy, statement).
    pub skipped_statements: Vec<(usize, usize)>,
}

impl Explanation {
    /// Statements that applied with this effect, in policy order.
    pub fn applied(&self, effect: Effect) -> impl Iterator<Item = &StatementTrace> {
        self.statements.iter().filter(move |s| s.effect == effect && s.outcome == StatementOutcome::Applied)
    }

    /// The statements that decided: the denies for a deny; for an allow, every
    /// Allow that applied in any layer (the grant and the layers that let it
    /// through: SCPs, boundary, session).
    pub fn deciding_statements(&self) -> Vec<&StatementTrace> {
        match self.decision {
            Decision::ExplicitDeny => self.applied(Effect::Deny).collect(),
            Decision::Allow => self.applied(Effect::Allow).collect(),
            Decision::ImplicitDeny => Vec::new(),
        }
    }
}

/// Receives observations during evaluation.
pub trait Tracer {
    /// When false, the evaluator skips work done only for explanations and may stop early.
    const ENABLED: bool;
    fn statement(&mut self, trace: StatementTrace);
    fn missing_key(&mut self, key: &str);
}

/// The no-op tracer for the fast path.
pub struct NoTrace;

impl Tracer for NoTrace {
    const ENABLED: bool = false;
    #[inline(always)]
    fn statement(&mut self, _: StatementTrace) {}
    #[inline(always)]
    fn missing_key(&mut self, _: &str) {}
}

/// Collects everything for an [`Explanation`].
#[derive(Default)]
pub struct Collect {
    pub statements: Vec<StatementTrace>,
    pub missing: Vec<String>,
}

impl Tracer for Collect {
    const ENABLED: bool = true;
    fn statement(&mut self, trace: StatementTrace) {
        self.statements.push(trace);
    }
    fn missing_key(&mut self, key: &str) {
        // Keys are case-insensitive: `aws:SourceIp` and `aws:sourceip` are one key.
        if !self.missing.iter().any(|k| k.eq_ignore_ascii_case(key)) {
            self.missing.push(key.to_string());
        }
    }
}
