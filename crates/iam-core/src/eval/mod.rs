//! The authorization decision, following "Policy evaluation logic" in the IAM
//! User Guide (reference_policies_evaluation-logic_policy-eval-denyallow.html):
//!
//! 1. an explicit `Deny` in any applicable policy decides (EVAL-STEP1-DENY);
//! 2. RCPs of the resource's account: every level root → OU → account must allow (EVAL-STEP2-RCP);
//! 3. SCPs of the principal's account: every level must allow (EVAL-STEP3-SCP);
//! 4. a same-account resource-based policy that names the user or session allows
//!    on its own; one that names the role ARN is still limited by the boundary
//!    and session policy (EVAL-RBP-DIRECT-GRANT, EVAL-RBP-ROLE-ARN);
//! 5. identity-based policies must allow (EVAL-STEP5-IDENTITY);
//! 6. the permissions boundary must allow (EVAL-STEP6-BOUNDARY);
//! 7. the session policy must allow (EVAL-STEP7-SESSION-POLICY).
//!
//! Cross-account requests need both the resource policy and the principal's own
//! side to allow (XACCT-BOTH-ALLOW). KMS key policies and role trust policies
//! must allow even within one account (EVAL-RBP-MANDATORY-TRUST-KMS). AWS KMS
//! accepts only some operations on a key of another account: any other `kms:`
//! action there is refused whatever the policies say (KMS-CROSS-ACCOUNT-OPS).

mod trace;

pub use trace::{
    Collect, Exemption, Explanation, LayerNote, LayerReport, LayerVerdict, NoTrace, StatementOutcome, StatementTrace,
    Tracer,
};

use crate::compile::{CompiledPolicy, CompiledStatement, PrincipalEntry, ResourceOutcome};
use crate::condition::CondResult;
use crate::context::Context;
use crate::policy::Effect;
use crate::principal::{Caller, CallerKind, PrincipalMatch};
use std::borrow::Cow;
use std::sync::Arc;

/// The three outcomes AWS distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    Allow,
    ExplicitDeny,
    ImplicitDeny,
}

impl Decision {
    /// The `EvalDecision` value of `simulate-custom-policy`.
    pub fn as_aws_str(self) -> &'static str {
        match self {
            Decision::Allow => "allowed",
            Decision::ExplicitDeny => "explicitDeny",
            Decision::ImplicitDeny => "implicitDeny",
        }
    }
}

/// Which kind of policy a statement belongs to; SCP and RCP levels are numbered
/// from the organization root (0) down to the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Layer {
    Rcp(u8),
    Scp(u8),
    Resource,
    Identity,
    Boundary,
    Session,
}

/// Why the decision came out as it did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// A `Deny` statement applied.
    ExplicitDeny,
    /// No RCP at this level allowed the request.
    RcpNoAllow {
        level: u8,
    },
    /// No SCP at this level allowed the request.
    ScpNoAllow {
        level: u8,
    },
    /// The key policy or trust policy must allow, and did not.
    ResourcePolicyRequired,
    /// Cross-account (or anonymous/service) request without an allowing resource-based policy.
    NoResourcePolicyAllow,
    NoIdentityAllow,
    BoundaryNoAllow,
    SessionNoAllow,
    /// The resource-based policy granted the request on its own.
    AllowedByResourcePolicy,
    /// Identity-based policies granted it (and every limiting layer allowed).
    AllowedByIdentity,
    /// The account root user has full access in its own account (EVAL-DEFAULT-IMPLICIT-DENY).
    AllowedAsRootUser,
    /// STS refuses `AssumeRole` with root user credentials (ROLE-ROOT-NO-ASSUME).
    RootCannotAssumeRole,
    /// AWS KMS does not accept this operation on a key of another account,
    /// whatever the policies allow (KMS-CROSS-ACCOUNT-OPS).
    NotCrossAccountOperation,
}

/// [`Request::resource_account`] for a resource whose owner is unknown.
pub const UNKNOWN_OWNER: &str = "";

/// One request to decide.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub caller: &'a Caller,
    pub action: &'a str,
    pub resource: &'a str,
    /// The account owning the resource; `None` means the caller's own account,
    /// and [`UNKNOWN_OWNER`] an account nobody knows (an S3 bucket the
    /// scenario does not declare: S3 ARNs name no account), which is never the
    /// caller's.
    pub resource_account: Option<&'a str>,
    pub context: &'a Context,
    /// The resource's own policy must allow even within one account: KMS key
    /// policies and role trust policies (EVAL-RBP-MANDATORY-TRUST-KMS).
    pub resource_policy_required: bool,
}

/// Services whose actions RCPs apply to (RCP-SUPPORTED-SERVICES).
pub const RCP_SERVICES: &[&str] = &[
    "aoss",
    "appconfig",
    "appstream",
    "autoscaling",
    "autoscaling-plans",
    "budgets",
    "clouddirectory",
    "cloudfront",
    "cloudsearch",
    "cloudtrail-data",
    "codeartifact",
    "codebuild",
    "codecommit",
    "codepipeline",
    "cognito-identity",
    "cognito-idp",
    "comprehend",
    "comprehendmedical",
    "compute-optimizer",
    "cost-optimization-hub",
    "dax",
    "dsql",
    "dynamodb",
    "ecr",
    "ecr-public",
    "events",
    "firehose",
    "fis",
    "fms",
    "gamelift",
    "health",
    "inspector-scan",
    "kendra",
    "kinesisvideo",
    "kms",
    "logs",
    "memorydb",
    "networkmonitor",
    "notifications",
    "opensearch",
    "pca-connector-ad",
    "personalize",
    "polly",
    "pricing",
    "resource-groups",
    "rolesanywhere",
    "s3",
    "secretsmanager",
    "servicediscovery",
    "signin",
    "sqs",
    "sts",
    "support",
    "swf",
    "textract",
    "timestream-influxdb",
    "transcribe",
    "transfer",
    "translate",
    "wafv2",
    "workspaces",
    "xray",
];

/// The AWS KMS operations that work on a KMS key of another account
/// (KMS-CROSS-ACCOUNT-OPS), lower-case: "Cross-account permission is effective
/// only for the following operations". Granting any other `kms:` action to a
/// principal of another account has no effect.
pub const KMS_CROSS_ACCOUNT_ACTIONS: &[&str] = &[
    "kms:creategrant",
    "kms:decrypt",
    "kms:derivesharedsecret",
    "kms:describekey",
    "kms:encrypt",
    "kms:generatedatakey",
    "kms:generatedatakeypair",
    "kms:generatedatakeypairwithoutplaintext",
    "kms:generatedatakeywithoutplaintext",
    "kms:generatemac",
    "kms:getpublickey",
    "kms:listgrants",
    "kms:reencryptfrom",
    "kms:reencryptto",
    "kms:retiregrant",
    "kms:revokegrant",
    "kms:sign",
    "kms:verify",
    "kms:verifymac",
];

/// Is this a `kms:` request by an IAM principal on a resource of another
/// account that AWS KMS does not accept across accounts (KMS-CROSS-ACCOUNT-OPS)?
/// `action` is lower-case.
pub fn kms_not_cross_account(caller: &Caller, action: &str, resource_account: Option<&str>) -> bool {
    let iam_principal = matches!(
        caller.kind,
        CallerKind::Root | CallerKind::User | CallerKind::RoleSession | CallerKind::FederatedUser
    );
    iam_principal
        && action.starts_with("kms:")
        && !caller.account.is_empty()
        && resource_account.is_some_and(|a| !a.is_empty() && a != caller.account)
        && !KMS_CROSS_ACCOUNT_ACTIONS.contains(&action)
}

/// SCP and RCP levels are tracked as bits of a `u64`.
const MAX_LEVELS: u8 = 64;

/// Everything that decides requests for one principal on one resource: the
/// compiled policies by layer. Policies are shared (`Arc`), so building a set
/// for each principal of a large scenario is cheap; each policy carries its own
/// index by service prefix.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    policies: Vec<Arc<CompiledPolicy>>,
    /// The layer of each policy, by index.
    layers: Vec<Layer>,
    scp_levels: u8,
    rcp_levels: u8,
    /// More than [`MAX_LEVELS`] SCP levels were given.
    scp_too_deep: bool,
    /// More than [`MAX_LEVELS`] RCP levels were given.
    rcp_too_deep: bool,
    has_boundary: bool,
    has_session: bool,
    has_resource: bool,
    /// The principal's account is the organization's management account.
    scp_exempt: bool,
    /// The resource's account is the management account (or outside any org).
    rcp_exempt: bool,
    /// The resource is an AWS managed KMS key (RCP-AWS-MANAGED-KMS-EXEMPT).
    aws_managed_kms_key: bool,
}

/// Builds a [`PolicySet`].
#[derive(Default)]
pub struct PolicySetBuilder {
    set: PolicySet,
}

impl PolicySetBuilder {
    fn push(mut self, layer: Layer, p: impl Into<Arc<CompiledPolicy>>) -> Self {
        self.set.policies.push(p.into());
        self.set.layers.push(layer);
        self
    }

    pub fn identity(self, p: impl Into<Arc<CompiledPolicy>>) -> Self {
        self.push(Layer::Identity, p)
    }

    /// A permissions boundary (several documents act as one boundary: any may allow).
    pub fn boundary(mut self, p: impl Into<Arc<CompiledPolicy>>) -> Self {
        self.set.has_boundary = true;
        self.push(Layer::Boundary, p)
    }

    pub fn session(mut self, p: impl Into<Arc<CompiledPolicy>>) -> Self {
        self.set.has_session = true;
        self.push(Layer::Session, p)
    }

    /// The resource-based policy (bucket policy, key policy, trust policy, ...).
    pub fn resource_policy(mut self, p: impl Into<Arc<CompiledPolicy>>) -> Self {
        self.set.has_resource = true;
        self.push(Layer::Resource, p)
    }

    /// One SCP level (call root first, then each OU, then the account).
    /// A level with no policies allows nothing, as in AWS. AWS has at most
    /// seven levels (ORG-OU-DEPTH); levels are bits of a `u64`, and a set with
    /// more than 64 levels fails closed: nothing passes its SCPs.
    pub fn scp_level<P: Into<Arc<CompiledPolicy>>>(mut self, policies: Vec<P>) -> Self {
        if self.set.scp_levels == MAX_LEVELS {
            self.set.scp_too_deep = true;
            return self;
        }
        let level = self.set.scp_levels;
        self.set.scp_levels += 1;
        policies.into_iter().fold(self, |b, p| b.push(Layer::Scp(level), p))
    }

    /// One RCP level, root first. `RCPFullAWSAccess` is not implied here: the
    /// scenario model attaches it, as AWS does, so that tests can see its effect.
    /// Past 64 levels the set fails closed, as for SCPs.
    pub fn rcp_level<P: Into<Arc<CompiledPolicy>>>(mut self, policies: Vec<P>) -> Self {
        if self.set.rcp_levels == MAX_LEVELS {
            self.set.rcp_too_deep = true;
            return self;
        }
        let level = self.set.rcp_levels;
        self.set.rcp_levels += 1;
        policies.into_iter().fold(self, |b, p| b.push(Layer::Rcp(level), p))
    }

    /// The principal belongs to the management account: SCPs don't apply (SCP-MGMT-EXEMPT).
    pub fn scp_exempt(mut self, exempt: bool) -> Self {
        self.set.scp_exempt = exempt;
        self
    }

    /// The resource belongs to the management account: RCPs don't apply (RCP-MGMT-EXEMPT).
    pub fn rcp_exempt(mut self, exempt: bool) -> Self {
        self.set.rcp_exempt = exempt;
        self
    }

    /// The resource is an AWS managed KMS key: RCPs don't apply (RCP-AWS-MANAGED-KMS-EXEMPT).
    pub fn aws_managed_kms_key(mut self, yes: bool) -> Self {
        self.set.aws_managed_kms_key = yes;
        self
    }

    pub fn build(self) -> PolicySet {
        self.set
    }
}

/// Per-layer observations of one evaluation.
#[derive(Default)]
struct Flags {
    deny: bool,
    scp_allow: u64,
    scp_deny: u64,
    rcp_allow: u64,
    rcp_deny: u64,
    identity: (bool, bool),
    boundary: (bool, bool),
    session: (bool, bool),
    resource_deny: bool,
    resource_allow: Option<PrincipalMatch>,
}

/// Which layers apply to this request, and why not when they don't.
struct Applies {
    scp: bool,
    rcp: bool,
    identity: bool,
    caller_kind: CallerKind,
    scp_exemption: Option<Exemption>,
    rcp_exemption: Option<Exemption>,
}

impl PolicySet {
    pub fn builder() -> PolicySetBuilder {
        PolicySetBuilder::default()
    }

    pub fn policies(&self) -> &[Arc<CompiledPolicy>] {
        &self.policies
    }

    fn applies(&self, req: &Request<'_>, service: &str, action_lower: &str) -> Applies {
        let in_org_principal = matches!(
            req.caller.kind,
            CallerKind::Root | CallerKind::User | CallerKind::RoleSession | CallerKind::FederatedUser
        );
        let scp_exemption = if !in_org_principal {
            Some(Exemption::NotAnIamPrincipal)
        } else if req.caller.service_linked {
            Some(Exemption::ServiceLinkedRole)
        } else if self.scp_exempt {
            Some(Exemption::ManagementAccount)
        } else {
            None
        };
        let rcp_exemption = if req.caller.service_linked {
            Some(Exemption::ServiceLinkedRole)
        } else if self.rcp_exempt {
            Some(Exemption::ManagementAccount)
        } else if self.aws_managed_kms_key {
            Some(Exemption::AwsManagedKmsKey)
        } else if !RCP_SERVICES.contains(&service) || action_lower == "kms:retiregrant" {
            Some(Exemption::ServiceNotCovered)
        } else {
            None
        };
        Applies {
            scp: self.scp_levels > 0 && scp_exemption.is_none(),
            rcp: self.rcp_levels > 0 && rcp_exemption.is_none(),
            identity: !matches!(req.caller.kind, CallerKind::Anonymous | CallerKind::Service),
            caller_kind: req.caller.kind,
            scp_exemption,
            rcp_exemption,
        }
    }

    fn layer_applies(&self, layer: Layer, ap: &Applies) -> bool {
        match layer {
            Layer::Scp(_) => ap.scp,
            Layer::Rcp(_) => ap.rcp,
            Layer::Identity | Layer::Boundary | Layer::Session => ap.identity,
            Layer::Resource => true,
        }
    }

    /// Decides without building an explanation (the fast path).
    pub fn decide(&self, req: &Request<'_>) -> Decision {
        self.run(req, &mut NoTrace).0
    }

    /// Decides and explains.
    pub fn explain(&self, req: &Request<'_>) -> Explanation {
        let mut collect = Collect::default();
        let (decision, reason, flags, ap) = self.run(req, &mut collect);
        let mut missing = collect.missing;
        missing.sort();
        Explanation {
            decision,
            reason,
            layers: self.layer_reports(&flags, &ap),
            statements: collect.statements,
            missing_context: missing,
            skipped_statements: self
                .policies
                .iter()
                .enumerate()
                .flat_map(|(pi, p)| p.skipped.iter().map(move |(si, _)| (pi, *si)))
                .collect(),
        }
    }

    fn run<T: Tracer>(&self, req: &Request<'_>, t: &mut T) -> (Decision, Reason, Flags, Applies) {
        let action: Cow<'_, str> = if req.action.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(req.action.to_ascii_lowercase())
        } else {
            Cow::Borrowed(req.action)
        };
        let service = action.split_once(':').map_or(action.as_ref(), |(s, _)| s);
        let ap = self.applies(req, service, &action);
        let mut flags = Flags::default();
        for (pi, (&layer, policy)) in self.layers.iter().zip(&self.policies).enumerate() {
            if !self.layer_applies(layer, &ap) {
                continue;
            }
            for st in policy.candidates(service) {
                if !st.action_matches(&action) {
                    continue;
                }
                if self.visit(pi, layer, st, req, &mut flags, t) && !T::ENABLED {
                    // Without a tracer nothing else can change an explicit deny.
                    return (Decision::ExplicitDeny, Reason::ExplicitDeny, flags, ap);
                }
            }
        }
        let assume_role = action.starts_with("sts:assumerole");
        let (decision, reason) = if action == "sts:assumerole" && req.caller.kind == CallerKind::Root && !flags.deny {
            (Decision::ImplicitDeny, Reason::RootCannotAssumeRole)
        } else {
            self.combine(req, &flags, &ap, assume_role, &action)
        };
        (decision, reason, flags, ap)
    }

    /// Evaluates one statement whose action matched. Returns true if it is an applied Deny.
    fn visit<T: Tracer>(
        &self,
        pi: usize,
        layer: Layer,
        st: &CompiledStatement,
        req: &Request<'_>,
        flags: &mut Flags,
        t: &mut T,
    ) -> bool {
        let trace = |outcome: StatementOutcome, pm: Option<PrincipalMatch>| StatementTrace {
            policy: pi,
            statement: st.index,
            sid: st.sid.as_deref().map(str::to_string),
            effect: st.effect,
            span: st.span,
            layer,
            outcome,
            principal_match: pm,
            true_by_absence: Vec::new(),
        };
        match st.resource_matches(req.resource, req.context) {
            ResourceOutcome::Match => {}
            ResourceOutcome::NoMatch => {
                if T::ENABLED {
                    t.statement(trace(StatementOutcome::ResourceMismatch, None));
                }
                return false;
            }
            ResourceOutcome::VariableMissing(k) => {
                if T::ENABLED {
                    t.missing_key(&k);
                    t.statement(trace(StatementOutcome::ResourceVariableMissing(k), None));
                }
                return false;
            }
        }
        let principal_match = match (&st.principal, layer) {
            (Some(p), Layer::Resource | Layer::Rcp(_)) => {
                if p.negated {
                    if not_principal_excludes(&p.entries, p.any, req.caller, self.has_boundary) {
                        None
                    } else {
                        Some(PrincipalMatch::Wildcard)
                    }
                } else {
                    p.match_caller(req.caller)
                }
            }
            // A resource policy statement without a principal names nobody.
            (None, Layer::Resource) => None,
            // Other policy types have no principal element (the validator flags one).
            _ => Some(PrincipalMatch::Exact),
        };
        let Some(pm) = principal_match else {
            if T::ENABLED {
                t.statement(trace(StatementOutcome::PrincipalMismatch, None));
            }
            return false;
        };
        let mut failed = Vec::new();
        let mut true_by_absence = Vec::new();
        for (ci, c) in st.conditions.iter().enumerate() {
            let result = c.evaluate(req.context);
            if T::ENABLED
                && !req.context.contains(&c.key_lower)
                && c.operator.as_ref().is_ok_and(|o| o.family != crate::condition::Family::Null)
            {
                t.missing_key(&c.key);
                if matches!(result, CondResult::True) {
                    true_by_absence.push(ci);
                }
            }
            if let CondResult::False(why) = result {
                if !T::ENABLED {
                    return false;
                }
                if let crate::condition::CondFailure::VariableMissing { variable } = &why {
                    t.missing_key(variable);
                }
                failed.push((ci, why));
            }
        }
        if !failed.is_empty() {
            t.statement(trace(StatementOutcome::ConditionFailed(failed), None));
            return false;
        }
        if T::ENABLED {
            let mut applied = trace(StatementOutcome::Applied, (layer == Layer::Resource).then_some(pm));
            applied.true_by_absence = true_by_absence;
            t.statement(applied);
        }
        let deny = st.effect == Effect::Deny;
        let bit = |l: u8| 1u64 << l;
        match (layer, deny) {
            (Layer::Scp(l), true) => flags.scp_deny |= bit(l),
            (Layer::Scp(l), false) => flags.scp_allow |= bit(l),
            (Layer::Rcp(l), true) => flags.rcp_deny |= bit(l),
            (Layer::Rcp(l), false) => flags.rcp_allow |= bit(l),
            (Layer::Identity, d) => set_pair(&mut flags.identity, d),
            (Layer::Boundary, d) => set_pair(&mut flags.boundary, d),
            (Layer::Session, d) => set_pair(&mut flags.session, d),
            (Layer::Resource, true) => flags.resource_deny = true,
            (Layer::Resource, false) => flags.resource_allow = flags.resource_allow.max(Some(pm)),
        }
        flags.deny |= deny;
        deny
    }

    /// Combines the per-layer observations into the decision (module docs, steps 1–7).
    fn combine(
        &self,
        req: &Request<'_>,
        f: &Flags,
        ap: &Applies,
        assume_role: bool,
        action_lower: &str,
    ) -> (Decision, Reason) {
        if f.deny {
            return (Decision::ExplicitDeny, Reason::ExplicitDeny);
        }
        // KMS refuses the operation on another account's key before any policy
        // could allow it (KMS-CROSS-ACCOUNT-OPS).
        if kms_not_cross_account(req.caller, action_lower, req.resource_account) {
            return (Decision::ImplicitDeny, Reason::NotCrossAccountOperation);
        }
        if ap.rcp
            && let Some(level) = first_missing(f.rcp_allow, self.rcp_levels, self.rcp_too_deep)
        {
            return (Decision::ImplicitDeny, Reason::RcpNoAllow { level });
        }
        if ap.scp
            && let Some(level) = first_missing(f.scp_allow, self.scp_levels, self.scp_too_deep)
        {
            return (Decision::ImplicitDeny, Reason::ScpNoAllow { level });
        }
        if !ap.identity {
            // Anonymous callers and services have no identity side: the resource policy decides.
            return match f.resource_allow {
                Some(_) => (Decision::Allow, Reason::AllowedByResourcePolicy),
                None => (Decision::ImplicitDeny, Reason::NoResourcePolicyAllow),
            };
        }
        if req.resource_policy_required && f.resource_allow.is_none() {
            return (Decision::ImplicitDeny, Reason::ResourcePolicyRequired);
        }
        // An unknown owner (`Some("")`) is never the caller's account.
        let same_account = req.resource_account.is_none_or(|a| !a.is_empty() && a == req.caller.account);
        let boundary_ok = !self.has_boundary || f.boundary.0;
        // A federated user session without a session policy has no permissions
        // (EVAL-FEDTOKEN-NO-POLICY-NO-PERMS).
        let session_ok = if req.caller.kind == CallerKind::FederatedUser {
            self.has_session && f.session.0
        } else {
            !self.has_session || f.session.0
        };
        if same_account {
            match f.resource_allow {
                // A trust policy naming the user still needs the user's boundary to
                // allow sts:AssumeRole (ROLE-BOUNDARY-ASSUMEROLE, the specific rule).
                Some(PrincipalMatch::Exact | PrincipalMatch::Wildcard) if assume_role && !boundary_ok => {
                    return (Decision::ImplicitDeny, Reason::BoundaryNoAllow);
                }
                Some(PrincipalMatch::Exact | PrincipalMatch::Wildcard) => {
                    return (Decision::Allow, Reason::AllowedByResourcePolicy);
                }
                // A grant to the role ARN is limited by the boundary and session policy.
                Some(PrincipalMatch::RoleArn) if boundary_ok && session_ok => {
                    return (Decision::Allow, Reason::AllowedByResourcePolicy);
                }
                Some(PrincipalMatch::RoleArn) if !f.identity.0 => {
                    let reason = if boundary_ok { Reason::SessionNoAllow } else { Reason::BoundaryNoAllow };
                    return (Decision::ImplicitDeny, reason);
                }
                _ => {}
            }
        } else if f.resource_allow.is_none() {
            return (Decision::ImplicitDeny, Reason::NoResourcePolicyAllow);
        }
        let is_root = req.caller.kind == CallerKind::Root;
        if !f.identity.0 && !is_root {
            return (Decision::ImplicitDeny, Reason::NoIdentityAllow);
        }
        if !boundary_ok && !is_root {
            return (Decision::ImplicitDeny, Reason::BoundaryNoAllow);
        }
        if !session_ok {
            return (Decision::ImplicitDeny, Reason::SessionNoAllow);
        }
        if is_root && !f.identity.0 {
            return (Decision::Allow, Reason::AllowedAsRootUser);
        }
        (Decision::Allow, Reason::AllowedByIdentity)
    }

    fn layer_reports(&self, f: &Flags, ap: &Applies) -> Vec<LayerReport> {
        let mut out = Vec::new();
        let policies_of = |layer: Layer| -> Vec<usize> {
            self.layers.iter().enumerate().filter(|(_, l)| **l == layer).map(|(i, _)| i).collect()
        };
        let verdict = |allow: bool, deny: bool| {
            if deny {
                LayerVerdict::Deny
            } else if allow {
                LayerVerdict::Allow
            } else {
                LayerVerdict::NoMatch
            }
        };
        for l in 0..self.rcp_levels {
            let (v, note) = if ap.rcp {
                (verdict(f.rcp_allow & (1 << l) != 0, f.rcp_deny & (1 << l) != 0), None)
            } else {
                (LayerVerdict::NotApplicable, ap.rcp_exemption.map(LayerNote::RcpExempt))
            };
            out.push(LayerReport { layer: Layer::Rcp(l), verdict: v, note, policies: policies_of(Layer::Rcp(l)) });
        }
        for l in 0..self.scp_levels {
            let (v, note) = if ap.scp {
                (verdict(f.scp_allow & (1 << l) != 0, f.scp_deny & (1 << l) != 0), None)
            } else {
                (LayerVerdict::NotApplicable, ap.scp_exemption.map(LayerNote::ScpExempt))
            };
            out.push(LayerReport { layer: Layer::Scp(l), verdict: v, note, policies: policies_of(Layer::Scp(l)) });
        }
        if self.has_resource {
            let v = verdict(f.resource_allow.is_some(), f.resource_deny);
            out.push(LayerReport {
                layer: Layer::Resource,
                verdict: v,
                note: None,
                policies: policies_of(Layer::Resource),
            });
        }
        let id_note = (!ap.identity).then_some(LayerNote::NoIdentity(ap.caller_kind));
        let id_verdict =
            |pair: (bool, bool)| if ap.identity { verdict(pair.0, pair.1) } else { LayerVerdict::NotApplicable };
        out.push(LayerReport {
            layer: Layer::Identity,
            verdict: id_verdict(f.identity),
            note: id_note,
            policies: policies_of(Layer::Identity),
        });
        if self.has_boundary {
            out.push(LayerReport {
                layer: Layer::Boundary,
                verdict: id_verdict(f.boundary),
                note: id_note,
                policies: policies_of(Layer::Boundary),
            });
        }
        if self.has_session {
            out.push(LayerReport {
                layer: Layer::Session,
                verdict: id_verdict(f.session),
                note: id_note,
                policies: policies_of(Layer::Session),
            });
        }
        out
    }
}

fn set_pair(pair: &mut (bool, bool), deny: bool) {
    if deny {
        pair.1 = true;
    } else {
        pair.0 = true;
    }
}

/// The first level (from the root) whose bit is not set.
fn first_missing(mask: u64, levels: u8, too_deep: bool) -> Option<u8> {
    (0..levels).find(|l| mask & (1u64 << l) == 0).or(too_deep.then_some(MAX_LEVELS - 1))
}

/// `NotPrincipal` excludes the caller only if the caller and its account are both
/// listed (NOTPRIN-INCLUDE-ACCOUNT, NOTPRIN-HIERARCHY) and it has no permissions
/// boundary (NOTPRIN-BOUNDARY-GOTCHA).
fn not_principal_excludes(entries: &[PrincipalEntry], any: bool, caller: &Caller, has_boundary: bool) -> bool {
    if any {
        return true;
    }
    if has_boundary {
        return false;
    }
    let (mut account_listed, mut role_listed, mut self_listed) = (false, false, false);
    for e in entries {
        match e {
            PrincipalEntry::Aws(v) => match crate::principal::aws_value_matches(v, caller) {
                Some(PrincipalMatch::Account) => account_listed = true,
                Some(PrincipalMatch::RoleArn) => role_listed = true,
                Some(PrincipalMatch::Exact) => self_listed = true,
                _ => {}
            },
            PrincipalEntry::Service(v) if crate::principal::service_value_matches(v, caller) => return true,
            _ => {}
        }
    }
    // AWS may check the account, then the role, then the session: each must be listed.
    match caller.kind {
        CallerKind::Root => account_listed || self_listed,
        CallerKind::RoleSession => account_listed && role_listed && self_listed,
        _ => account_listed && self_listed,
    }
}
