//! "What can this principal do?": every action its policies could allow,
//! expanded against the action catalog, decided through every layer, and
//! summarized by service and access level.

use super::Model;
use super::query::PrincipalRef;
use crate::catalog::{AccessLevel, Catalog, expand};
use crate::compile::CompiledStatement;
use crate::context::Context;
use crate::eval::Decision;
use crate::policy::Effect;
use crate::vars::{Resolved, Template};

/// One allowed action on one resource (pattern).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allowed {
    /// Canonical name (`s3:GetObject`).
    pub action: String,
    pub access: AccessLevel,
    /// The resource, as the granting statement names it (`*`, `arn:aws:s3:::b/*`).
    pub resource: String,
}

/// Allowed actions of one service, by access level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSummary {
    pub prefix: String,
    pub name: String,
    pub allowed: Vec<Allowed>,
}

impl ServiceSummary {
    pub fn count(&self, level: AccessLevel) -> usize {
        self.allowed.iter().filter(|a| a.access == level).count()
    }
}

impl Model {
    /// Effective permissions of `principal` under `context`, by service.
    pub fn what_can(&self, principal: &PrincipalRef, catalog: &dyn Catalog, context: &Context) -> Vec<ServiceSummary> {
        // Candidate (action pattern, resource text) pairs: the principal's own
        // Allow statements, and resource policies that could name it.
        let mut candidates: Vec<(String, String)> = Vec::new();
        let add = |candidates: &mut Vec<(String, String)>, st: &CompiledStatement, source: &str| {
            if st.effect != Effect::Allow {
                return;
            }
            let resources = match (&st.resources, st.not_resource) {
                (Some(_), false) => resource_texts(source, st.index),
                _ => vec!["*".to_string()],
            };
            let actions: Vec<String> = if st.not_action {
                vec!["*".to_string()]
            } else {
                st.actions.iter().map(|a| a.text.to_string()).collect()
            };
            for a in &actions {
                for r in &resources {
                    let c = (a.clone(), r.clone());
                    if !candidates.contains(&c) {
                        candidates.push(c);
                    }
                }
            }
        };
        // The root user has complete access to its own account, limited only by
        // SCPs (EVAL-DEFAULT-IMPLICIT-DENY): every action is a candidate there.
        if matches!(principal, PrincipalRef::Root { .. }) {
            candidates.push(("*".to_string(), "*".to_string()));
        }
        for id in self.identity_policies(principal) {
            if let Some(p) = self.policy(id) {
                for st in &p.compiled.statements {
                    add(&mut candidates, st, &p.source);
                }
            }
        }
        for acct in &self.accounts {
            for res in &acct.resources {
                let Some(p) = res.policy.and_then(|id| self.policy(id)) else { continue };
                for st in &p.compiled.statements {
                    if st.resources.is_none() {
                        // Resource policies without `Resource` apply to the resource itself.
                        if st.effect == Effect::Allow && !st.not_action {
                            for a in &st.actions {
                                let c = (a.text.to_string(), res.arn.clone());
                                if !candidates.contains(&c) {
                                    candidates.push(c);
                                }
                            }
                        }
                    } else {
                        add(&mut candidates, st, &p.source);
                    }
                }
            }
        }
        // Resources written with policy variables (`user/${aws:username}`) name
        // what they resolve to for this principal.
        let principal_ctx = self
            .caller(principal)
            .map(|caller| super::context::request_context(self, principal, &caller, None, &[], context));
        let candidates = candidates.into_iter().filter_map(|(pattern, resource)| {
            if !resource.contains("${") {
                return Some((pattern, resource));
            }
            let ctx = principal_ctx.as_ref().ok()?;
            match Template::parse_resource(&resource).render_text(ctx) {
                Resolved::Value(r) => Some((pattern, r)),
                Resolved::Missing(_) | Resolved::TooLong(_) => None,
            }
        });
        let mut out: Vec<ServiceSummary> = Vec::new();
        for (pattern, resource) in candidates {
            for (svc, action) in expand(catalog, &pattern) {
                let name = format!("{}:{}", svc.prefix, action.name);
                if self.decide(principal, &name, &resource, context) != Decision::Allow {
                    continue;
                }
                let entry = match out.iter_mut().position(|s| s.prefix == *svc.prefix) {
                    Some(i) => out.get_mut(i),
                    None => {
                        out.push(ServiceSummary {
                            prefix: svc.prefix.to_string(),
                            name: svc.name.to_string(),
                            allowed: Vec::new(),
                        });
                        out.last_mut()
                    }
                };
                if let Some(e) = entry {
                    let a = Allowed { action: name, access: action.access, resource: resource.clone() };
                    if !e.allowed.contains(&a) {
                        e.allowed.push(a);
                    }
                }
            }
        }
        out.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        out
    }

    /// The identity-based policies of a principal (its own and its groups').
    pub fn identity_policies(&self, p: &PrincipalRef) -> Vec<super::PolicyId> {
        match p {
            PrincipalRef::User { account, index } => {
                let Some(a) = self.accounts.get(*account) else { return Vec::new() };
                let Some(u) = a.users.get(*index) else { return Vec::new() };
                u.policies
                    .iter()
                    .copied()
                    .chain(u.groups.iter().filter_map(|g| a.groups.get(*g)).flat_map(|g| g.policies.iter().copied()))
                    .collect()
            }
            PrincipalRef::RoleSession { account, index, .. } => self
                .accounts
                .get(*account)
                .and_then(|a| a.roles.get(*index))
                .map(|r| r.policies.clone())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// The `Resource` strings of statement `index` as written.
fn resource_texts(source: &str, index: usize) -> Vec<String> {
    let (Some(p), _) = crate::policy::parse_policy(source) else { return vec!["*".into()] };
    p.statements
        .get(index)
        .and_then(|s| s.resource.as_ref())
        .filter(|r| !r.negated)
        .map(|r| r.items.iter().map(|i| i.value.clone()).collect())
        .unwrap_or_else(|| vec!["*".into()])
}
