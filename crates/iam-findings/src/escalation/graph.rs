//! The escalation graph: nodes are the scenario's principals; an edge says
//! "this principal can become that one" or "this principal can give itself
//! the goal". Every edge is decided by the engine on the concrete target ARN,
//! so explicit denies, SCPs, RCPs, boundaries and conditions apply.

use super::technique::{PASS_ROLE_SERVICES, PassRoleService, Technique, fill};
use super::{Goal, StatementRef, Step};
use iam_core::model::{Model, PolicyEntry, PolicyOrigin, PrincipalRef};
use iam_core::policy::Effect;
use iam_core::{CompiledPolicy, Context, ContextValue, Decision, Layer, LineIndex};
use iam_wire::scenario::ScenarioDoc;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Where an edge leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum To {
    Node(usize),
    Goal,
}

#[derive(Clone, Debug)]
pub(crate) struct Edge {
    pub to: To,
    pub steps: Vec<Step>,
}

pub(crate) struct Graph {
    pub nodes: Vec<PrincipalRef>,
    pub labels: Vec<String>,
    /// Out-edges of each node.
    pub edges: Vec<Vec<Edge>>,
    /// The node meets the goal already (an administrator, or allowed the action).
    pub at_goal: Vec<bool>,
    /// Engine decisions made to build the graph (for tests of growth).
    pub decisions: usize,
}

/// A principal's identity in the scenario, whatever its session name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key {
    Root(usize),
    User(usize, usize),
    Role(usize, usize),
}

fn key(p: &PrincipalRef) -> Option<Key> {
    match p {
        PrincipalRef::Root { account } => Some(Key::Root(*account)),
        PrincipalRef::User { account, index } => Some(Key::User(*account, *index)),
        PrincipalRef::RoleSession { account, index, .. } => Some(Key::Role(*account, *index)),
        _ => None,
    }
}

/// The policy the modification techniques write: `AdministratorAccess`'s document.
pub(crate) const ADMIN_POLICY: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;

fn admin_policy() -> Option<Arc<CompiledPolicy>> {
    static POLICY: OnceLock<Option<Arc<CompiledPolicy>>> = OnceLock::new();
    POLICY.get_or_init(|| CompiledPolicy::from_json("AdministratorAccess", ADMIN_POLICY).ok().map(Arc::new)).clone()
}

/// What a modification technique changes in the model.
enum Change {
    /// An allow-everything policy attached to (or put inline on) a user, group or role.
    AddToUser(usize, usize),
    AddToGroup(usize, usize),
    AddToRole(usize, usize),
    /// A user joins a group.
    Join {
        account: usize,
        user: usize,
        group: usize,
    },
    /// A customer managed policy's default version becomes allow-everything.
    Replace(usize),
    /// A role's trust policy trusts exactly this principal ARN.
    Trust {
        account: usize,
        role: usize,
        arn: String,
    },
}

/// A list that [`apply`] pushed one element onto.
#[derive(Clone, Copy)]
enum Pushed {
    UserPolicies(usize, usize),
    GroupPolicies(usize, usize),
    RolePolicies(usize, usize),
    UserGroups(usize, usize),
}

/// How to take back one [`apply`]: the model's policy count before it, the
/// list it pushed onto, the policy whose compiled document it swapped.
struct Undo {
    policies: usize,
    pushed: Option<Pushed>,
    swapped: Option<(usize, Arc<CompiledPolicy>)>,
}

impl Undo {
    /// Restores the model [`apply`] changed, exactly as it was.
    fn revert(self, m: &mut Model) {
        if let Some(pushed) = self.pushed {
            let list = match pushed {
                Pushed::UserPolicies(a, i) => {
                    m.accounts.get_mut(a).and_then(|x| x.users.get_mut(i)).map(|u| &mut u.policies)
                }
                Pushed::GroupPolicies(a, g) => {
                    m.accounts.get_mut(a).and_then(|x| x.groups.get_mut(g)).map(|g| &mut g.policies)
                }
                Pushed::RolePolicies(a, r) => {
                    m.accounts.get_mut(a).and_then(|x| x.roles.get_mut(r)).map(|r| &mut r.policies)
                }
                Pushed::UserGroups(a, u) => {
                    m.accounts.get_mut(a).and_then(|x| x.users.get_mut(u)).map(|u| &mut u.groups)
                }
            };
            if let Some(list) = list {
                list.pop();
            }
        }
        if let Some((id, compiled)) = self.swapped
            && let Some(entry) = m.policies.get_mut(id)
        {
            entry.compiled = compiled;
        }
        m.policies.truncate(self.policies);
    }
}

/// Makes `change` in `m` (a scratch copy of the scenario's model, so that no
/// candidate clones the whole model); None if the change names nothing, and
/// then `m` is unchanged. [`Undo::revert`] takes the change back.
fn apply(m: &mut Model, change: &Change) -> Option<Undo> {
    let compiled = admin_policy()?;
    let policies = m.policies.len();
    let entry = || PolicyEntry {
        label: "AdministratorAccess (added by the escalation)".into(),
        origin: PolicyOrigin::AwsManaged { name: "AdministratorAccess".into() },
        source: Arc::from(ADMIN_POLICY),
        compiled: compiled.clone(),
        diagnostics: Vec::new(),
    };
    let mut undo = Undo { policies, pushed: None, swapped: None };
    match change {
        Change::AddToUser(a, i) => {
            m.accounts.get_mut(*a)?.users.get_mut(*i)?.policies.push(policies);
            undo.pushed = Some(Pushed::UserPolicies(*a, *i));
            m.policies.push(entry());
        }
        Change::AddToGroup(a, g) => {
            m.accounts.get_mut(*a)?.groups.get_mut(*g)?.policies.push(policies);
            undo.pushed = Some(Pushed::GroupPolicies(*a, *g));
            m.policies.push(entry());
        }
        Change::AddToRole(a, r) => {
            m.accounts.get_mut(*a)?.roles.get_mut(*r)?.policies.push(policies);
            undo.pushed = Some(Pushed::RolePolicies(*a, *r));
            m.policies.push(entry());
        }
        Change::Join { account, user, group } => {
            m.accounts.get_mut(*account)?.users.get_mut(*user)?.groups.push(*group);
            undo.pushed = Some(Pushed::UserGroups(*account, *user));
        }
        Change::Replace(id) => {
            let slot = &mut m.policies.get_mut(*id)?.compiled;
            undo.swapped = Some((*id, std::mem::replace(slot, compiled)));
        }
        Change::Trust { account, role, arn } => {
            let text = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"{arn}"}},"Action":"sts:AssumeRole"}}]}}"#
            );
            let trust = CompiledPolicy::from_json("trust (rewritten by the escalation)", &text).ok()?;
            let id = m.accounts.get(*account)?.roles.get(*role)?.trust;
            let slot = &mut m.policies.get_mut(id)?.compiled;
            undo.swapped = Some((id, std::mem::replace(slot, Arc::new(trust))));
        }
    }
    Some(undo)
}

/// The statement that grants `action` on `resource` to `p`: the first Allow
/// that applied in the identity layer, else in the resource policy, else any.
pub fn grant(model: &Model, p: &PrincipalRef, action: &str, resource: &str, ctx: &Context) -> Option<StatementRef> {
    let r = model.can(p, action, resource, ctx).ok()?;
    let applied: Vec<_> = r.explanation.applied(Effect::Allow).collect();
    let pick = applied
        .iter()
        .find(|s| s.layer == Layer::Identity)
        .or_else(|| applied.iter().find(|s| s.layer == Layer::Resource))
        .or_else(|| applied.first())?;
    let id = (*r.policy_ids.get(pick.policy)?)?;
    let entry = model.policy(id)?;
    let line = LineIndex::new(&entry.source).line_col(pick.span.start).line;
    Some(StatementRef { policy: entry.label.clone(), line })
}

struct Builder<'a> {
    model: &'a Model,
    doc: &'a ScenarioDoc,
    ctx: &'a Context,
    goal: &'a Goal,
    index: HashMap<Key, usize>,
    nodes: Vec<PrincipalRef>,
    labels: Vec<String>,
    decisions: usize,
    /// A copy of `model` that modification techniques change and take back.
    scratch: Model,
}

impl Builder<'_> {
    fn allowed(&mut self, p: &PrincipalRef, action: &str, resource: &str, ctx: &Context) -> bool {
        self.decisions += 1;
        self.model.decide(p, action, resource, ctx) == Decision::Allow
    }

    /// Could any identity policy of `p` allow `action`? (A cheap filter: the
    /// engine decides every edge; this only skips principals no identity
    /// statement could grant it to.)
    fn may(&self, p: &PrincipalRef, action: &str) -> bool {
        let lower = action.to_ascii_lowercase();
        self.model
            .identity_policies(p)
            .iter()
            .filter_map(|id| self.model.policy(*id))
            .any(|e| e.compiled.statements.iter().any(|s| s.effect == Effect::Allow && s.action_matches(&lower)))
    }

    fn step(&self, technique: Technique, from: usize, gains: String, resource: &str, ctx: &Context) -> Step {
        let p = self.nodes.get(from);
        Step {
            technique,
            principal: self.labels.get(from).cloned().unwrap_or_default(),
            gains,
            statement: p.and_then(|p| grant(self.model, p, technique.action(), resource, ctx)),
        }
    }

    fn label(&self, n: usize) -> String {
        self.labels.get(n).cloned().unwrap_or_default()
    }

    fn goal_in(&mut self, model: &Model, p: &PrincipalRef) -> bool {
        self.decisions += self.goal.cost();
        self.goal.met(model, p, self.ctx)
    }

    /// "Become" edges from node `n`: assume a role, take over a user, run code as a role.
    fn become_edges(
        &mut self,
        n: usize,
        p: &PrincipalRef,
        assume: &[usize],
        functions: &[(String, usize)],
    ) -> Vec<Edge> {
        let ctx = self.ctx;
        let mut out = Vec::new();
        for &to in assume {
            let arn = self.role_arn(to);
            let step = self.step(Technique::AssumeRole, n, self.label(to), &arn, ctx);
            out.push(Edge { to: To::Node(to), steps: vec![step] });
        }
        let Some(Key::User(a, _) | Key::Role(a, _)) = key(p) else { return out };
        let Some(acct) = self.model.accounts.get(a) else { return out };
        // Take over another user: new access key or console password.
        for (technique, wants_password) in [
            (Technique::CreateAccessKey, None),
            (Technique::CreateLoginProfile, Some(false)),
            (Technique::UpdateLoginProfile, Some(true)),
        ] {
            if !self.may(p, technique.action()) {
                continue;
            }
            for (i, u) in acct.users.iter().enumerate() {
                let Some(&to) = self.index.get(&Key::User(a, i)) else { continue };
                // A login profile can be created only where none exists, updated only where one does.
                if to == n || wants_password.is_some_and(|w| w != u.console_password) {
                    continue;
                }
                if self.allowed(p, technique.action(), &u.arn, ctx) {
                    let step = self.step(technique, n, self.label(to), &u.arn, ctx);
                    out.push(Edge { to: To::Node(to), steps: vec![step] });
                }
            }
        }
        // Rewrite a role's trust policy to trust yourself, then assume it.
        if self.may(p, Technique::UpdateAssumeRolePolicy.action()) {
            let own_arn = self.entity_arn(p);
            for (r, role) in acct.roles.iter().enumerate() {
                let Some(&to) = self.index.get(&Key::Role(a, r)) else { continue };
                if to == n || assume.contains(&to) {
                    continue;
                }
                if !self.allowed(p, Technique::UpdateAssumeRolePolicy.action(), &role.arn, ctx) {
                    continue;
                }
                let change = Change::Trust { account: a, role: r, arn: own_arn.clone() };
                let Some(undo) = apply(&mut self.scratch, &change) else { continue };
                self.decisions += 1;
                let trusted = self.scratch.decide(p, "sts:AssumeRole", &role.arn, ctx) == Decision::Allow;
                undo.revert(&mut self.scratch);
                if trusted {
                    let step = self.step(Technique::UpdateAssumeRolePolicy, n, self.label(to), &role.arn, ctx);
                    out.push(Edge { to: To::Node(to), steps: vec![step] });
                }
            }
        }
        // Pass a role to a service that runs code as it.
        if self.may(p, "iam:PassRole") {
            for svc in PASS_ROLE_SERVICES {
                if !self.service_allowed(p, svc, &acct.id) {
                    continue;
                }
                let mut pass_ctx = ctx.clone();
                pass_ctx.insert("iam:PassedToService", ContextValue::single(svc.principal));
                for (r, role) in acct.roles.iter().enumerate() {
                    let Some(&to) = self.index.get(&Key::Role(a, r)) else { continue };
                    if to == n || !self.service_trusted(svc.principal, &role.arn, &acct.id) {
                        continue;
                    }
                    if self.allowed(p, "iam:PassRole", &role.arn, &pass_ctx) {
                        let step = self.step(svc.technique, n, self.label(to), &role.arn, &pass_ctx);
                        out.push(Edge { to: To::Node(to), steps: vec![step] });
                    }
                }
            }
        }
        // Replace the code of a function that runs as a role.
        for (arn, to) in functions {
            if *to != n && self.allowed(p, "lambda:UpdateFunctionCode", arn, ctx) {
                let step = self.step(Technique::UpdateFunctionCode, n, self.label(*to), arn, ctx);
                out.push(Edge { to: To::Node(*to), steps: vec![step] });
            }
        }
        out
    }

    /// Every request group of the service is allowed (any one request of a group).
    fn service_allowed(&mut self, p: &PrincipalRef, svc: &PassRoleService, account: &str) -> bool {
        let ctx = self.ctx;
        svc.requests
            .iter()
            .all(|group| group.iter().any(|(action, res)| self.allowed(p, action, &fill(res, account), ctx)))
    }

    /// The role's trust policy lets the service assume it (for the service's
    /// own request: `aws:SourceAccount` is the role's account).
    fn service_trusted(&mut self, service: &str, role_arn: &str, account: &str) -> bool {
        let mut ctx = Context::new();
        ctx.insert("aws:SourceAccount", ContextValue::single(account));
        self.allowed(&PrincipalRef::Service(service.into()), "sts:AssumeRole", role_arn, &ctx)
    }

    fn role_arn(&self, n: usize) -> String {
        match self.nodes.get(n).and_then(key) {
            Some(Key::Role(a, r)) => {
                self.model.accounts.get(a).and_then(|x| x.roles.get(r)).map(|r| r.arn.clone()).unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    /// The user's or role's ARN (what a trust policy names).
    fn entity_arn(&self, p: &PrincipalRef) -> String {
        let acct = |a: usize| self.model.accounts.get(a);
        match key(p) {
            Some(Key::User(a, i)) => acct(a).and_then(|x| x.users.get(i)).map(|u| u.arn.clone()),
            Some(Key::Role(a, r)) => acct(a).and_then(|x| x.roles.get(r)).map(|r| r.arn.clone()),
            Some(Key::Root(a)) => acct(a).map(|x| format!("arn:aws:iam::{}:root", x.id)),
            None => None,
        }
        .unwrap_or_default()
    }

    /// "Gain" edges from node `n`: modify the permissions of itself, or of a
    /// principal it becomes in one step, so that it meets the goal.
    fn gain_edges(&mut self, n: usize, p: &PrincipalRef, becomes: &[Edge]) -> Vec<Edge> {
        let ctx = self.ctx;
        let mut out = Vec::new();
        let Some(Key::User(a, _) | Key::Role(a, _)) = key(p) else { return out };
        // Who would benefit: the principal itself, or one it becomes in one step (same account).
        let mut beneficiaries: Vec<(usize, Option<&Step>)> = vec![(n, None)];
        for e in becomes {
            if let (To::Node(b), Some(s)) = (e.to, e.steps.first())
                && !beneficiaries.iter().any(|(x, _)| *x == b)
                && matches!(self.nodes.get(b).and_then(key), Some(Key::User(ba, _) | Key::Role(ba, _)) if ba == a)
            {
                beneficiaries.push((b, Some(s)));
            }
        }
        let Some(acct) = self.model.accounts.get(a) else { return out };
        for (b, via) in beneficiaries {
            let Some(bp) = self.nodes.get(b).cloned() else { continue };
            let mut targets: Vec<(Technique, String, Change)> = Vec::new();
            match key(&bp) {
                Some(Key::User(_, u)) => {
                    let Some(user) = acct.users.get(u) else { continue };
                    targets.push((Technique::AttachUserPolicy, user.arn.clone(), Change::AddToUser(a, u)));
                    targets.push((Technique::PutUserPolicy, user.arn.clone(), Change::AddToUser(a, u)));
                    for (g, group) in acct.groups.iter().enumerate() {
                        if user.groups.contains(&g) {
                            targets.push((Technique::AttachGroupPolicy, group.arn.clone(), Change::AddToGroup(a, g)));
                            targets.push((Technique::PutGroupPolicy, group.arn.clone(), Change::AddToGroup(a, g)));
                        } else {
                            let join = Change::Join { account: a, user: u, group: g };
                            targets.push((Technique::AddUserToGroup, group.arn.clone(), join));
                        }
                    }
                }
                Some(Key::Role(_, r)) => {
                    let Some(role) = acct.roles.get(r) else { continue };
                    targets.push((Technique::AttachRolePolicy, role.arn.clone(), Change::AddToRole(a, r)));
                    targets.push((Technique::PutRolePolicy, role.arn.clone(), Change::AddToRole(a, r)));
                }
                _ => continue,
            }
            for id in self.model.identity_policies(&bp) {
                if let Some(PolicyOrigin::CustomerManaged { account, index }) = self.model.policy(id).map(|e| &e.origin)
                    && let Some(arn) = managed_policy_arn(self.doc, self.model, *account, *index)
                    && !targets.iter().any(|(_, t, _)| *t == arn)
                {
                    targets.push((Technique::CreatePolicyVersion, arn, Change::Replace(id)));
                }
            }
            for (technique, arn, change) in targets {
                if !self.may(p, technique.action()) || !self.allowed(p, technique.action(), &arn, ctx) {
                    continue;
                }
                let Some(undo) = apply(&mut self.scratch, &change) else { continue };
                self.decisions += self.goal.cost();
                let met = self.goal.met(&self.scratch, &bp, self.ctx);
                undo.revert(&mut self.scratch);
                if !met {
                    continue;
                }
                let gains = self.goal.label();
                let first = self.step(technique, n, gains, &arn, ctx);
                let steps = match via {
                    None => vec![first],
                    Some(s) => vec![first, s.clone()],
                };
                out.push(Edge { to: To::Goal, steps });
            }
        }
        out
    }
}

/// `arn:aws:iam::ACCOUNT:policy/PATH/NAME` of customer managed policy `index` of `account`.
fn managed_policy_arn(doc: &ScenarioDoc, model: &Model, account: usize, index: usize) -> Option<String> {
    let id = &model.accounts.get(account)?.id;
    let p = doc.accounts.get(account)?.policies.get(index)?;
    let path = if p.path.is_empty() { "/" } else { p.path.as_str() };
    Some(format!("arn:aws:iam::{id}:policy{path}{}", p.name))
}

/// Builds the graph for `goal` under the request context `ctx`.
pub(crate) fn build(doc: &ScenarioDoc, model: &Model, ctx: &Context, goal: &Goal) -> Graph {
    let nodes = model.principals();
    let labels: Vec<String> = nodes.iter().map(|p| model.principal_label(p)).collect();
    let index: HashMap<Key, usize> = nodes.iter().enumerate().filter_map(|(i, p)| key(p).map(|k| (k, i))).collect();
    let mut b = Builder {
        model,
        doc,
        ctx,
        goal,
        index,
        nodes: nodes.clone(),
        labels: labels.clone(),
        decisions: 0,
        scratch: model.clone(),
    };
    let mut assume: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for e in model.assume_edges_in(ctx) {
        if let (Some(&from), Some(&to)) =
            (key(&e.from).and_then(|k| b.index.get(&k)), b.index.get(&Key::Role(e.account, e.role)))
            && let Some(list) = assume.get_mut(from)
        {
            list.push(to);
        }
    }
    let functions = function_roles(doc, model, &b.index);
    let at_goal: Vec<bool> = nodes.iter().map(|p| b.goal_in(model, p)).collect();
    let mut edges = Vec::with_capacity(nodes.len());
    for (n, p) in nodes.iter().enumerate() {
        let mut out = b.become_edges(n, p, assume.get(n).map_or(&[][..], Vec::as_slice), &functions);
        if !at_goal.get(n).copied().unwrap_or(false) {
            let gains = b.gain_edges(n, p, &out);
            out.extend(gains);
        }
        edges.push(out);
    }
    Graph { nodes, labels, edges, at_goal, decisions: b.decisions }
}

/// Functions whose execution role the scenario records (`executionRole`: a
/// role name of the function's account, or a role ARN), with the role's node.
fn function_roles(doc: &ScenarioDoc, model: &Model, index: &HashMap<Key, usize>) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (a, acct) in doc.accounts.iter().enumerate() {
        for r in &acct.resources {
            let Some(role) = r.execution_role.as_deref() else { continue };
            let found = if role.starts_with("arn:") {
                model.role_by_arn(role)
            } else {
                model.accounts.get(a).and_then(|x| x.roles.iter().position(|x| x.name == role)).map(|i| (a, i))
            };
            if let Some((ra, ri)) = found
                && let Some(&node) = index.get(&Key::Role(ra, ri))
            {
                out.push((r.arn.clone(), node));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "test code")]
mod tests {
    use super::*;
    use iam_wire::scenario::{parse_document, resolve};

    /// Each change the gain edges try is made on the scratch model and taken
    /// back exactly (what makes one scratch copy equivalent to a clone per candidate).
    #[test]
    fn every_change_is_taken_back_exactly() {
        let doc = serde_json::json!({"version": 1, "name": "t", "accounts": [{"id": "111111111111", "name": "a",
            "users": [{"name": "u", "managedPolicies": ["arn:aws:iam::111111111111:policy/P"]}],
            "groups": [{"name": "G"}],
            "roles": [{"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}}],
            "policies": [{"name": "P", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                "Action": "s3:GetObject", "Resource": "*"}]}}]}]});
        let doc = parse_document(&doc.to_string()).unwrap();
        let model = resolve(&doc, &|_| None).unwrap().model;
        let before = format!("{model:?}");
        let managed = *model.accounts[0].managed_policies.first().unwrap();
        let arn = "arn:aws:iam::111111111111:user/u".to_string();
        let mut scratch = model.clone();
        let changes = [
            (Change::AddToUser(0, 0), true),
            (Change::AddToGroup(0, 0), true),
            (Change::AddToRole(0, 0), true),
            (Change::Join { account: 0, user: 0, group: 0 }, true),
            (Change::Replace(managed), true),
            (Change::Trust { account: 0, role: 0, arn }, true),
            (Change::AddToUser(0, 9), false),
            (Change::AddToRole(3, 0), false),
            (Change::Replace(999), false),
        ];
        for (change, names_something) in &changes {
            let undo = apply(&mut scratch, change);
            assert_eq!(undo.is_some(), *names_something);
            if let Some(undo) = undo {
                assert_ne!(format!("{scratch:?}"), before, "the change changed nothing");
                undo.revert(&mut scratch);
            }
            assert_eq!(format!("{scratch:?}"), before);
        }
    }
}
