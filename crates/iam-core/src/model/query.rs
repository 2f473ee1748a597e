//! Questions about a scenario: can this principal do this; who can; which
//! roles can be assumed by whom; an access matrix.

use super::context::request_context;
use super::names::{EntityText, PRINCIPAL_REF_SHAPES, PrincipalRefText};
use super::{AccountId, Model, PolicyId};
use crate::compile::{CompiledPolicy, PrincipalEntry};
use crate::context::Context;
use crate::eval::{Decision, Explanation, PolicySet, PolicySetBuilder, Request};
use crate::principal::{Caller, CallerError, CallerKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::{Arc, OnceLock};

/// A principal of (or outside) the scenario.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PrincipalRef {
    Root {
        account: AccountId,
    },
    User {
        account: AccountId,
        index: usize,
    },
    /// A session of a role.
    RoleSession {
        account: AccountId,
        index: usize,
        session: String,
    },
    /// A principal of an account outside the scenario. Its own policies are
    /// unknown, so they are assumed to allow everything (the worst case).
    External {
        arn: String,
    },
    Anonymous,
    Service(String),
}

impl PrincipalRef {
    pub fn account(&self) -> Option<AccountId> {
        match self {
            PrincipalRef::Root { account }
            | PrincipalRef::User { account, .. }
            | PrincipalRef::RoleSession { account, .. } => Some(*account),
            _ => None,
        }
    }
}

/// Why a principal reference does not name a principal of the scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PrincipalError {
    /// An ARN that does not read as a caller.
    #[error(transparent)]
    Caller(#[from] CallerError),
    #[error("`{text}`: no account named `{account}` in the scenario")]
    NoAccount { text: String, account: String },
    /// `kind` is `user` or `role`.
    #[error("`{text}`: account `{account}` has no {kind} `{name}`")]
    NotInAccount { text: String, account: String, kind: &'static str, name: String },
    #[error("`{text}`: write {PRINCIPAL_REF_SHAPES}")]
    Shape { text: String },
    /// An ARN of a scenario account naming a user or role it does not have.
    #[error("`{arn}`: no such {kind} in account `{account}`")]
    NoSuchArn { arn: String, kind: &'static str, account: String },
    /// A federated user, service or anonymous ARN of a scenario account.
    #[error("`{arn}` is not a principal of the scenario")]
    NotInScenario { arn: String },
    /// A [`PrincipalRef`] whose account, user or role the model does not hold.
    #[error("unknown {0}")]
    Unknown(&'static str),
}

/// The answer to "can P do A on R?", with what is needed to show it.
#[derive(Clone, Debug)]
pub struct CanResult {
    pub explanation: Explanation,
    /// For each policy index in the explanation, the scenario policy (`None`
    /// for synthetic ones such as an outsider's assumed policies).
    pub policy_ids: Vec<Option<PolicyId>>,
    pub caller: Caller,
    pub resource_account: Option<String>,
    /// What the model assumed to decide the request, for the answer to say.
    pub notes: Vec<RequestNote>,
}

/// Something the model assumed about a request that the user did not say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestNote {
    /// The S3 bucket is not declared in the scenario. S3 ARNs name no account,
    /// so its owner is unknown: it is decided as owned by an account outside
    /// the scenario, whose bucket policy (unknown) grants nothing.
    UnknownOwner { bucket: String },
    /// A context key AWS sets from the request, derived from the resource ARN
    /// (`aws:RequestedRegion` from a regional ARN's region).
    Derived { key: String, value: String },
}

/// "Principal X can assume role R."
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssumeEdge {
    pub from: PrincipalRef,
    pub account: AccountId,
    pub role: usize,
}

#[derive(Clone, Debug)]
pub struct WhoCanEntry {
    pub principal: PrincipalRef,
    pub reason: crate::eval::Reason,
    /// For role sessions: a shortest chain of principals that can reach the role
    /// by assuming roles (empty if no user or root in the scenario can).
    pub reachable_from: Vec<PrincipalRef>,
    /// For role sessions: one shortest chain for every principal other than a
    /// role session that can reach the role, shortest first (the first is
    /// `reachable_from`).
    pub chains: Vec<Vec<PrincipalRef>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatrixCell {
    pub decision: Decision,
}

#[derive(Clone, Debug)]
pub struct AccessMatrix {
    pub principals: Vec<PrincipalRef>,
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// Row-major: principal, then action, then resource.
    pub cells: Vec<MatrixCell>,
}

impl AccessMatrix {
    pub fn get(&self, principal: usize, action: usize, resource: usize) -> Option<MatrixCell> {
        let i = (principal * self.actions.len() + action) * self.resources.len() + resource;
        self.cells.get(i).copied()
    }
}

/// An outside principal's own policies are unknown, so they are assumed to
/// allow everything (the worst case). Compiled once.
fn outsider_policy() -> Option<Arc<CompiledPolicy>> {
    static POLICY: OnceLock<Option<Arc<CompiledPolicy>>> = OnceLock::new();
    POLICY
        .get_or_init(|| {
            let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
            CompiledPolicy::from_json("outsider's own policies (assumed: allow everything)", text).ok().map(Arc::new)
        })
        .clone()
}

/// Every policy of one request, with the ids to show them by.
struct Assembled {
    set: PolicySet,
    /// For each policy of `set`, in order: its scenario id (`None` for synthetic ones).
    ids: Vec<Option<PolicyId>>,
    target: RequestTarget,
}

/// The resource side of a request.
#[derive(Default)]
struct RequestTarget {
    /// The resource-based policy guarding it (a trust policy for roles).
    policy: Option<PolicyId>,
    /// That policy must allow even within the account (trust and key policies).
    policy_required: bool,
    /// The owning account's ID, when known.
    account: Option<String>,
    tags: Vec<(String, String)>,
    aws_managed_kms_key: bool,
    /// The bucket, when the request is on an S3 bucket the scenario does not declare.
    unknown_bucket: Option<String>,
}

impl RequestTarget {
    fn request<'a>(&'a self, caller: &'a Caller, action: &'a str, resource: &'a str, ctx: &'a Context) -> Request<'a> {
        Request {
            caller,
            action,
            resource,
            resource_account: self.account.as_deref(),
            context: ctx,
            resource_policy_required: self.policy_required,
        }
    }
}

impl Model {
    /// Every principal of the scenario: root users, IAM users, and a session of every role.
    pub fn principals(&self) -> Vec<PrincipalRef> {
        let mut out = Vec::new();
        for (a, acct) in self.accounts.iter().enumerate() {
            out.push(PrincipalRef::Root { account: a });
            out.extend((0..acct.users.len()).map(|i| PrincipalRef::User { account: a, index: i }));
            out.extend((0..acct.roles.len()).map(|i| PrincipalRef::RoleSession {
                account: a,
                index: i,
                session: "session".into(),
            }));
        }
        out
    }

    /// A readable name: `coffee-shop/user/ana`, `coffee-shop/role/Inventory`.
    pub fn principal_label(&self, p: &PrincipalRef) -> String {
        let acct = |a: &AccountId| self.accounts.get(*a).map_or("?", |x| x.name.as_str());
        match p {
            PrincipalRef::Root { account } => format!("{}/root", acct(account)),
            PrincipalRef::User { account, index } => {
                let n = self.accounts.get(*account).and_then(|x| x.users.get(*index)).map_or("?", |u| u.name.as_str());
                format!("{}/user/{n}", acct(account))
            }
            PrincipalRef::RoleSession { account, index, .. } => {
                let n = self.accounts.get(*account).and_then(|x| x.roles.get(*index)).map_or("?", |r| r.name.as_str());
                format!("{}/role/{n}", acct(account))
            }
            PrincipalRef::External { arn } => arn.clone(),
            PrincipalRef::Anonymous => "anonymous".into(),
            PrincipalRef::Service(s) => s.clone(),
        }
    }

    /// Reads `account/user/name`, `account/role/name`, `account/root` (account
    /// by name or ID), an IAM ARN, `anonymous`, or a service principal
    /// ([`PrincipalRefText`]), and finds it in the scenario.
    pub fn resolve_principal(&self, text: &str) -> Result<PrincipalRef, PrincipalError> {
        let t = text.trim();
        let (acct, entity) = match PrincipalRefText::parse(t)? {
            PrincipalRefText::Anonymous => return Ok(PrincipalRef::Anonymous),
            PrincipalRefText::Service(s) => return Ok(PrincipalRef::Service(s.to_string())),
            PrincipalRefText::Arn(caller) => return self.principal_by_arn(t, caller),
            PrincipalRefText::Path { account, entity } => (account, entity),
        };
        let Some((account, a)) = self.accounts.iter().enumerate().find(|(_, a)| a.name == acct || a.id == acct) else {
            return Err(PrincipalError::NoAccount { text: t.to_string(), account: acct.to_string() });
        };
        let missing = |kind, name: &str| PrincipalError::NotInAccount {
            text: t.to_string(),
            account: a.name.clone(),
            kind,
            name: name.to_string(),
        };
        match entity {
            Some(EntityText::Root) => Ok(PrincipalRef::Root { account }),
            Some(EntityText::User(n)) => a
                .users
                .iter()
                .position(|u| u.name == n)
                .map(|index| PrincipalRef::User { account, index })
                .ok_or_else(|| missing("user", n)),
            Some(EntityText::Role(n)) => a
                .roles
                .iter()
                .position(|r| r.name == n)
                .map(|index| PrincipalRef::RoleSession { account, index, session: "session".into() })
                .ok_or_else(|| missing("role", n)),
            None => Err(PrincipalError::Shape { text: t.to_string() }),
        }
    }

    fn principal_by_arn(&self, arn: &str, caller: Caller) -> Result<PrincipalRef, PrincipalError> {
        let Some((account, a)) = self.accounts.iter().enumerate().find(|(_, a)| a.id == caller.account) else {
            return Ok(PrincipalRef::External { arn: arn.to_string() });
        };
        let missing = |kind| PrincipalError::NoSuchArn { arn: arn.to_string(), kind, account: a.name.clone() };
        match caller.kind {
            CallerKind::Root => Ok(PrincipalRef::Root { account }),
            CallerKind::User => a
                .users
                .iter()
                .position(|u| u.arn == arn)
                .map(|index| PrincipalRef::User { account, index })
                .ok_or_else(|| missing("user")),
            CallerKind::RoleSession => {
                let name = caller.name().unwrap_or("");
                let session = arn.rsplit('/').next().filter(|_| arn.contains(":assumed-role/")).unwrap_or("session");
                a.roles
                    .iter()
                    .position(|r| r.name == name)
                    .map(|index| PrincipalRef::RoleSession { account, index, session: session.to_string() })
                    .ok_or_else(|| missing("role"))
            }
            _ => Err(PrincipalError::NotInScenario { arn: arn.to_string() }),
        }
    }

    /// The caller as the engine sees it.
    pub fn caller(&self, p: &PrincipalRef) -> Result<Caller, PrincipalError> {
        let acct = |a: &AccountId| self.accounts.get(*a).ok_or(PrincipalError::Unknown("account"));
        match p {
            PrincipalRef::Root { account } => Ok(Caller::parse(&format!("arn:aws:iam::{}:root", acct(account)?.id))?),
            PrincipalRef::User { account, index } => {
                let u = acct(account)?.users.get(*index).ok_or(PrincipalError::Unknown("user"))?;
                Ok(Caller::parse(&u.arn)?)
            }
            PrincipalRef::RoleSession { account, index, session } => {
                let r = acct(account)?.roles.get(*index).ok_or(PrincipalError::Unknown("role"))?;
                let mut c = Caller::role_session(&r.arn, session)?;
                c.service_linked |= r.service_linked;
                Ok(c)
            }
            PrincipalRef::External { arn } => Ok(Caller::parse(arn)?),
            PrincipalRef::Anonymous => Ok(Caller::anonymous()),
            PrincipalRef::Service(s) => Ok(Caller::service(s)),
        }
    }

    /// The resource a request touches: the scenario resource with this ARN, or
    /// the bucket that holds this object.
    pub fn find_resource(&self, arn: &str) -> Option<(AccountId, usize)> {
        let mut best: Option<(AccountId, usize, usize)> = None;
        for (a, acct) in self.accounts.iter().enumerate() {
            for (i, r) in acct.resources.iter().enumerate() {
                let fits = arn == r.arn
                    || (r.arn.starts_with("arn:aws:s3:::")
                        && !r.arn.contains('/')
                        && arn.strip_prefix(r.arn.as_str()).is_some_and(|rest| rest.starts_with('/')));
                if fits && best.is_none_or(|(_, _, len)| r.arn.len() > len) {
                    best = Some((a, i, r.arn.len()));
                }
            }
        }
        best.map(|(a, i, _)| (a, i))
    }

    /// Can `principal` do `action` on `resource` given the user's `context`?
    pub fn can(
        &self,
        principal: &PrincipalRef,
        action: &str,
        resource: &str,
        context: &Context,
    ) -> Result<CanResult, PrincipalError> {
        let caller = self.caller(principal)?;
        let Assembled { set, ids, target } = self.policy_set(principal, action, resource);
        let mut ctx = request_context(self, principal, &caller, target.account.as_deref(), &target.tags, context);
        derive_from_resource(&mut ctx, resource);
        let explanation = set.explain(&target.request(&caller, action, resource, &ctx));
        let notes = self.request_notes(action, resource, context);
        Ok(CanResult { explanation, policy_ids: ids, caller, resource_account: target.account, notes })
    }

    /// What the model assumes about a request on `resource` that the user did
    /// not say: an unknown owner, keys derived from the resource ARN.
    pub fn request_notes(&self, action: &str, resource: &str, context: &Context) -> Vec<RequestNote> {
        let target = self.request_target(action, resource);
        let mut notes: Vec<RequestNote> =
            target.unknown_bucket.into_iter().map(|bucket| RequestNote::UnknownOwner { bucket }).collect();
        if let Some((key, value)) = derive_from_resource(&mut context.clone(), resource) {
            notes.push(RequestNote::Derived { key: key.into(), value });
        }
        notes
    }

    /// The fast path of [`Model::can`]: the decision only.
    pub fn decide(&self, principal: &PrincipalRef, action: &str, resource: &str, context: &Context) -> Decision {
        let Ok(caller) = self.caller(principal) else {
            return Decision::ImplicitDeny;
        };
        let Assembled { set, target, .. } = self.policy_set(principal, action, resource);
        let mut ctx = request_context(self, principal, &caller, target.account.as_deref(), &target.tags, context);
        derive_from_resource(&mut ctx, resource);
        set.decide(&target.request(&caller, action, resource, &ctx))
    }

    /// Assembles every policy that applies to this request, by layer.
    fn policy_set(&self, principal: &PrincipalRef, action: &str, resource: &str) -> Assembled {
        let mut b = PolicySet::builder();
        let mut ids: Vec<Option<PolicyId>> = Vec::new();
        let add =
            |b: PolicySetBuilder,
             ids: &mut Vec<Option<PolicyId>>,
             id: PolicyId,
             f: fn(PolicySetBuilder, Arc<CompiledPolicy>) -> PolicySetBuilder| match self.policy(id) {
                Some(p) => {
                    ids.push(Some(id));
                    f(b, p.compiled.clone())
                }
                None => b,
            };
        // Identity side: the principal's own and its groups' policies, and its boundary.
        for id in self.identity_policies(principal) {
            b = add(b, &mut ids, id, |b, p| b.identity(p));
        }
        let boundary = match principal {
            PrincipalRef::User { account, index } => {
                self.accounts.get(*account).and_then(|a| a.users.get(*index)).and_then(|u| u.boundary)
            }
            PrincipalRef::RoleSession { account, index, .. } => {
                self.accounts.get(*account).and_then(|a| a.roles.get(*index)).and_then(|r| r.boundary)
            }
            _ => None,
        };
        if let Some(pb) = boundary {
            b = add(b, &mut ids, pb, |b, p| b.boundary(p));
        }
        if let PrincipalRef::External { arn } = principal
            && let Some(p) = outsider_policy()
        {
            // A federated user's session needs a session policy that allows
            // (EVAL-FEDTOKEN-NO-POLICY-NO-PERMS); the outsider's is assumed to.
            if arn.contains(":federated-user/") {
                ids.push(None);
                b = b.session(p.clone());
            }
            ids.push(None);
            b = b.identity(p);
        }
        // SCPs of the principal's account.
        if let (Some(org), Some(acct)) = (&self.org, principal.account())
            && let Some(node) = self.accounts.get(acct).and_then(|a| a.node)
        {
            for level in self.org_levels(org, node, |n| &n.scps, &mut ids) {
                b = b.scp_level(level);
            }
            b = b.scp_exempt(org.management_account == Some(acct));
        }
        let target = self.request_target(action, resource);
        if let Some(pid) = target.policy {
            b = add(b, &mut ids, pid, |b, p| b.resource_policy(p));
        }
        // RCPs of the resource's account. An organization whose only RCP is
        // the default `RCPFullAWSAccess` (which allows everything) has no RCP
        // layers to show.
        if let (Some(org), Some(acct)) = (&self.org, target.account.as_deref().and_then(|id| self.account_by_id(id)))
            && let Some(node) = self.accounts.get(acct).and_then(|a| a.node)
            && self.has_rcps(org)
        {
            for level in self.org_levels(org, node, |n| &n.rcps, &mut ids) {
                b = b.rcp_level(level);
            }
            b = b.rcp_exempt(org.management_account == Some(acct)).aws_managed_kms_key(target.aws_managed_kms_key);
        }
        Assembled { set: b.build(), ids, target }
    }

    /// Does any node of the organization have an RCP besides `RCPFullAWSAccess`?
    fn has_rcps(&self, org: &super::Org) -> bool {
        org.nodes
            .iter()
            .flat_map(|n| &n.rcps)
            .any(|id| self.policy(*id).is_some_and(|p| !p.origin.is_rcp_full_aws_access()))
    }

    /// What the request touches: a role (for `sts:AssumeRole*`) or a scenario
    /// resource, with its policy, account and tags; or an ARN the scenario
    /// does not hold, whose account is read from the ARN.
    fn request_target(&self, action: &str, resource: &str) -> RequestTarget {
        let mut target = RequestTarget {
            account: crate::arn::Arn::parse(resource).map(|a| a.account.to_string()).filter(|a| !a.is_empty()),
            ..RequestTarget::default()
        };
        if let Some((a, role)) = self.role_by_arn(resource)
            && action.to_ascii_lowercase().starts_with("sts:assumerole")
        {
            if let Some(r) = self.accounts.get(a).and_then(|x| x.roles.get(role)) {
                target.policy = Some(r.trust);
                target.policy_required = true;
                target.tags = r.tags.clone();
            }
        } else if let Some((a, i)) = self.find_resource(resource)
            && let Some(r) = self.accounts.get(a).and_then(|x| x.resources.get(i))
        {
            let kms_key = r.arn.starts_with("arn:aws:kms:") && r.arn.contains(":key/");
            target.policy = r.policy;
            target.policy_required = kms_key;
            // RCPs do not apply to AWS managed KMS keys (RCP-AWS-MANAGED-KMS-EXEMPT).
            target.aws_managed_kms_key = kms_key && r.aws_managed;
            target.tags = r.tags.clone();
            target.account = self.accounts.get(a).map(|x| x.id.clone());
        } else if let Some(bucket) = undeclared_bucket(resource) {
            // S3 ARNs name no account: the owner of a bucket the scenario does
            // not declare is unknown, and never assumed to be the caller's.
            target.account = Some(crate::eval::UNKNOWN_OWNER.to_string());
            target.unknown_bucket = Some(bucket.to_string());
        }
        target
    }

    /// The policies attached at each level from the root down to `node` (SCPs or
    /// RCPs, as `pick` says), recording their ids for the explanation.
    fn org_levels(
        &self,
        org: &super::Org,
        node: super::NodeId,
        pick: fn(&super::OrgNode) -> &Vec<PolicyId>,
        ids: &mut Vec<Option<PolicyId>>,
    ) -> Vec<Vec<Arc<CompiledPolicy>>> {
        org.path_to(node)
            .iter()
            .map(|n| {
                let attached = org.nodes.get(*n).map(pick).map_or(&[][..], Vec::as_slice);
                attached
                    .iter()
                    .filter_map(|id| {
                        let p = self.policy(*id)?;
                        ids.push(Some(*id));
                        Some(p.compiled.clone())
                    })
                    .collect()
            })
            .collect()
    }

    pub fn role_by_arn(&self, arn: &str) -> Option<(AccountId, usize)> {
        self.accounts
            .iter()
            .enumerate()
            .find_map(|(a, acct)| acct.roles.iter().position(|r| r.arn == arn).map(|i| (a, i)))
    }

    /// Every "X can assume role R" edge among the scenario's principals. Only
    /// principals a trust policy could name are evaluated.
    pub fn assume_edges(&self) -> Vec<AssumeEdge> {
        self.assume_edges_in(&Context::new())
    }

    /// [`Model::assume_edges`] for `sts:AssumeRole` requests made with
    /// `context` (MFA, source IP, ...): a trust policy's conditions see the
    /// request's context.
    pub fn assume_edges_in(&self, context: &Context) -> Vec<AssumeEdge> {
        self.assume_edges_counted(context, &mut 0)
    }

    /// [`Model::assume_edges_in`], adding the decisions it made to `decisions`.
    /// Each principal's caller is built once, and a role's trust policy is
    /// only asked about the principals of the accounts it names (all of them
    /// when it names anyone).
    fn assume_edges_counted(&self, context: &Context, decisions: &mut usize) -> Vec<AssumeEdge> {
        let principals: Vec<(PrincipalRef, Caller)> =
            self.principals().into_iter().filter_map(|p| self.caller(&p).ok().map(|c| (p, c))).collect();
        let mut by_account: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, (_, c)) in principals.iter().enumerate() {
            by_account.entry(c.account.as_str()).or_default().push(i);
        }
        let mut edges = Vec::new();
        for (a, acct) in self.accounts.iter().enumerate() {
            for (ri, role) in acct.roles.iter().enumerate() {
                let Some(trust) = self.policy(role.trust) else { continue };
                let named = trust_names(&trust.compiled);
                let candidates: Vec<usize> = if named.anyone {
                    (0..principals.len()).collect()
                } else {
                    let mut c: Vec<usize> =
                        named.named_accounts().filter_map(|id| by_account.get(id)).flatten().copied().collect();
                    c.sort_unstable();
                    c.dedup();
                    c
                };
                for (p, caller) in candidates.into_iter().filter_map(|i| principals.get(i)) {
                    if matches!(p, PrincipalRef::RoleSession { account, index, .. } if *account == a && *index == ri) {
                        continue;
                    }
                    if !named.could_name(caller) {
                        continue;
                    }
                    *decisions += 1;
                    if self.decide(p, "sts:AssumeRole", &role.arn, context) == Decision::Allow {
                        edges.push(AssumeEdge { from: p.clone(), account: a, role: ri });
                    }
                }
            }
        }
        edges
    }

    /// Every principal allowed to do `action` on `resource`, with how role
    /// sessions can be reached.
    pub fn who_can(&self, action: &str, resource: &str, context: &Context) -> Vec<WhoCanEntry> {
        self.who_can_counted(action, resource, context).0
    }

    /// [`Model::who_can`], with the number of decisions it made (tests check
    /// that it grows with the scenario, not with its square). The assume-role
    /// edges are computed once per query and indexed by role, so each role's
    /// chains are one breadth-first search over the edges into it.
    pub fn who_can_counted(&self, action: &str, resource: &str, context: &Context) -> (Vec<WhoCanEntry>, usize) {
        let mut decisions = 0;
        let mut graph: Option<AssumeGraph> = None;
        let mut out = Vec::new();
        for p in self.principals() {
            // The fast path first; explanations only for the principals that are allowed.
            decisions += 1;
            if self.decide(&p, action, resource, context) != Decision::Allow {
                continue;
            }
            let Ok(r) = self.can(&p, action, resource, context) else { continue };
            let chains = match &p {
                PrincipalRef::RoleSession { account, index, .. } => {
                    let graph = graph.get_or_insert_with(|| {
                        AssumeGraph::new(
                            self.accounts.iter().map(|a| a.roles.len()),
                            self.assume_edges_counted(context, &mut decisions),
                        )
                    });
                    graph.chains_to(*account, *index)
                }
                _ => Vec::new(),
            };
            let reachable_from = chains.first().cloned().unwrap_or_default();
            out.push(WhoCanEntry { principal: p, reason: r.explanation.reason, reachable_from, chains });
        }
        (out, decisions)
    }

    /// Decisions for principals × actions × resources (fast path).
    pub fn access_matrix(
        &self,
        principals: &[PrincipalRef],
        actions: &[String],
        resources: &[String],
        context: &Context,
    ) -> AccessMatrix {
        let mut cells = Vec::with_capacity(principals.len() * actions.len() * resources.len());
        for p in principals {
            for a in actions {
                for r in resources {
                    cells.push(MatrixCell { decision: self.decide(p, a, r, context) });
                }
            }
        }
        AccessMatrix {
            principals: principals.to_vec(),
            actions: actions.to_vec(),
            resources: resources.to_vec(),
            cells,
        }
    }
}

/// The bucket an S3 bucket or object ARN names (`arn:aws:s3:::b` or
/// `arn:aws:s3:::b/key`); None for other resources and for patterns.
fn undeclared_bucket(resource: &str) -> Option<&str> {
    let rest = resource.strip_prefix("arn:aws:s3:::")?;
    let bucket = rest.split('/').next().filter(|b| !b.is_empty())?;
    (!bucket.contains(['*', '?'])).then_some(bucket)
}

/// Sets `aws:RequestedRegion` from a regional resource ARN when the request
/// does not give it: AWS sets the key to the Region the request is sent to,
/// which is the resource's Region (COND-KEY-REQUESTED-REGION-DERIVED).
/// Returns the key and value it set.
fn derive_from_resource(ctx: &mut Context, resource: &str) -> Option<(&'static str, String)> {
    const KEY: &str = "aws:RequestedRegion";
    if ctx.contains(&KEY.to_ascii_lowercase()) {
        return None;
    }
    let arn = crate::arn::Arn::parse(resource)?;
    if arn.region.is_empty() || arn.region.contains(['*', '?']) {
        return None;
    }
    ctx.insert(KEY, crate::ContextValue::single(arn.region));
    Some((KEY, arn.region.to_string()))
}

/// Whom a trust policy's statements could name (Deny ones too: an extra name
/// only costs a decision), to skip principals it cannot.
struct TrustNames {
    anyone: bool,
    accounts: Vec<String>,
    arns: Vec<String>,
    services: Vec<String>,
}

impl TrustNames {
    /// The account IDs of the principals it could name (when not `anyone`).
    fn named_accounts(&self) -> impl Iterator<Item = &str> {
        self.accounts
            .iter()
            .map(String::as_str)
            .chain(self.arns.iter().filter_map(|a| crate::arn::Arn::parse(a).map(|arn| arn.account)))
    }

    fn could_name(&self, c: &Caller) -> bool {
        self.anyone
            || self.accounts.contains(&c.account)
            || self.arns.iter().any(|a| crate::principal::aws_value_matches(a, c).is_some())
            || self.services.iter().any(|s| s.eq_ignore_ascii_case(&c.arn))
    }
}

fn trust_names(p: &CompiledPolicy) -> TrustNames {
    let mut t = TrustNames { anyone: false, accounts: Vec::new(), arns: Vec::new(), services: Vec::new() };
    for st in &p.statements {
        let Some(pr) = &st.principal else { continue };
        if pr.negated || pr.any {
            t.anyone = true;
            continue;
        }
        for e in &pr.entries {
            match e {
                PrincipalEntry::Aws(v) => {
                    if super::names::is_account_id(v) {
                        t.accounts.push(v.to_string());
                    } else if let Some(arn) = crate::arn::Arn::parse(v) {
                        if arn.resource == "root" {
                            t.accounts.push(arn.account.to_string());
                        } else {
                            t.arns.push(v.to_string());
                        }
                    } else if v.as_ref() == "*" {
                        t.anyone = true;
                    }
                }
                PrincipalEntry::Service(v) => t.services.push(v.to_string()),
                _ => t.anyone = true,
            }
        }
    }
    t
}

/// The assume-role edges, indexed by the role they lead to.
struct AssumeGraph {
    edges: Vec<AssumeEdge>,
    /// The first dense role number of each account.
    first_role: Vec<usize>,
    /// For each role (dense number), its incoming edges in `edges` order.
    incoming: Vec<Vec<usize>>,
}

impl AssumeGraph {
    /// `roles`: how many roles each account has.
    fn new(roles: impl Iterator<Item = usize>, edges: Vec<AssumeEdge>) -> Self {
        let mut first_role = Vec::new();
        let mut total = 0;
        for n in roles {
            first_role.push(total);
            total += n;
        }
        let mut graph = Self { edges: Vec::new(), first_role, incoming: vec![Vec::new(); total] };
        for (i, e) in edges.iter().enumerate() {
            if let Some(list) = graph.node(e.account, e.role).and_then(|n| graph.incoming.get_mut(n)) {
                list.push(i);
            }
        }
        graph.edges = edges;
        graph
    }

    fn node(&self, account: AccountId, role: usize) -> Option<usize> {
        let n = self.first_role.get(account)? + role;
        (n < self.incoming.len()).then_some(n)
    }

    /// Breadth-first search back from a role: for every principal other than
    /// a role session that can reach it by assuming roles, one shortest chain
    /// (that principal first, the last role before the target last), shortest
    /// chains first. Each role is visited once, each edge into it looked at
    /// once; chains are read back from the search tree.
    fn chains_to(&self, account: AccountId, role: usize) -> Vec<Vec<PrincipalRef>> {
        use std::collections::VecDeque;
        let Some(target) = self.node(account, role) else { return Vec::new() };
        // For each visited role: the edge it was reached by (toward the target).
        let mut via: Vec<Option<Option<usize>>> = vec![None; self.incoming.len()];
        if let Some(v) = via.get_mut(target) {
            *v = Some(None);
        }
        let mut queue = VecDeque::from([target]);
        let mut sources: FxHashSet<&PrincipalRef> = FxHashSet::default();
        let mut out: Vec<Vec<PrincipalRef>> = Vec::new();
        while let Some(n) = queue.pop_front() {
            for &ei in self.incoming.get(n).map_or(&[][..], Vec::as_slice) {
                let Some(e) = self.edges.get(ei) else { continue };
                match &e.from {
                    PrincipalRef::RoleSession { account, index, .. } => {
                        if let Some(m) = self.node(*account, *index)
                            && let Some(slot @ None) = via.get_mut(m)
                        {
                            *slot = Some(Some(ei));
                            queue.push_back(m);
                        }
                    }
                    from => {
                        if sources.insert(from) {
                            out.push(self.chain(from, n, &via));
                        }
                    }
                }
            }
        }
        out
    }

    /// `from`, then the roles from `n` toward the target (the target left out).
    fn chain(&self, from: &PrincipalRef, mut n: usize, via: &[Option<Option<usize>>]) -> Vec<PrincipalRef> {
        let mut chain = vec![from.clone()];
        while let Some(Some(Some(ei))) = via.get(n) {
            let Some(e) = self.edges.get(*ei) else { break };
            chain.push(e.from.clone());
            let Some(next) = self.node(e.account, e.role) else { break };
            n = next;
        }
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The search before the index, kept to check the indexed one against.
    fn chains_by_scan(edges: &[AssumeEdge], account: AccountId, role: usize) -> Vec<Vec<PrincipalRef>> {
        use std::collections::VecDeque;
        let mut queue: VecDeque<(AccountId, usize, Vec<PrincipalRef>)> = VecDeque::from([(account, role, Vec::new())]);
        let mut seen = vec![(account, role)];
        let mut out: Vec<Vec<PrincipalRef>> = Vec::new();
        while let Some((a, r, path)) = queue.pop_front() {
            for e in edges.iter().filter(|e| e.account == a && e.role == r) {
                let mut next = path.clone();
                next.insert(0, e.from.clone());
                match &e.from {
                    PrincipalRef::RoleSession { account, index, .. } => {
                        if !seen.contains(&(*account, *index)) {
                            seen.push((*account, *index));
                            queue.push_back((*account, *index, next));
                        }
                    }
                    from => {
                        if !out.iter().any(|c| c.first() == Some(from)) {
                            out.push(next);
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn indexed_chains_are_the_scanned_ones() {
        // Two accounts of 6 roles with pseudo-random edges among them and from users and roots.
        let roles = 6;
        let mut edges = Vec::new();
        let mut x: u32 = 7;
        for _ in 0..60 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let (a, r) = ((x >> 8) as usize % 2, (x >> 12) as usize % roles);
            let from = match (x >> 16) % 4 {
                0 => PrincipalRef::Root { account: (x >> 20) as usize % 2 },
                1 => PrincipalRef::User { account: (x >> 20) as usize % 2, index: (x >> 22) as usize % 3 },
                _ => PrincipalRef::RoleSession {
                    account: (x >> 20) as usize % 2,
                    index: (x >> 22) as usize % roles,
                    session: "session".into(),
                },
            };
            edges.push(AssumeEdge { from, account: a, role: r });
        }
        let graph = AssumeGraph::new([roles, roles].into_iter(), edges.clone());
        for a in 0..2 {
            for r in 0..roles {
                assert_eq!(graph.chains_to(a, r), chains_by_scan(&edges, a, r), "role {a}/{r}");
            }
        }
    }
}
