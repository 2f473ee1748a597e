//! The best practices of the AWS security notes.

use super::{Ctx, Outcome, resource, role_ref, root_ref, setting, user_ref};
use crate::date::{days_between, format};
use crate::model::{Evidence, ResourceResult};
use crate::policies::{is_admin, statement_evidence};
use iam_core::model::{Account, Mfa, PolicyId};

/// The tag that marks a principal as an administrator on purpose (BP.2).
pub const ADMIN_TAG: (&str, &str) = ("access-level", "administrator");

pub fn root_not_used(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .map(|(ai, a)| {
                if !ctx.root_present(ai) {
                    return resource(root_ref(a), false, vec![setting("rootUser.credentialsRemoved", "true", "")]);
                }
                let mut evidence = Vec::new();
                if let Some(t) = a.root_user.last_used.filter(|&t| days_between(t, ctx.as_of) < 90) {
                    evidence.push(setting("rootUser.lastUsed", format(t), "not within 90 days"));
                }
                if !a.root_user.access_keys.is_empty() {
                    evidence.push(setting("rootUser.accessKeys", a.root_user.access_keys.len().to_string(), "0"));
                }
                resource(root_ref(a), !evidence.is_empty(), evidence)
            })
            .collect(),
    )
}

fn admin_evidence(ctx: &Ctx<'_>, ids: &[PolicyId], boundary: Option<PolicyId>) -> Vec<Evidence> {
    if let Some(b) = boundary
        && statement_evidence(ctx.model, b, is_admin).is_empty()
    {
        return Vec::new(); // the boundary limits what the policies grant
    }
    ids.iter().flat_map(|&id| statement_evidence(ctx.model, id, is_admin)).collect()
}

fn tagged_admin(tags: &[(String, String)]) -> bool {
    tags.iter().any(|(k, v)| k == ADMIN_TAG.0 && v == ADMIN_TAG.1)
}

/// BP.2: administrator-equivalent users and roles not tagged as administrators.
pub fn least_privilege(ctx: &Ctx<'_>) -> Outcome {
    let mut out = Vec::new();
    for (_, a) in ctx.accounts() {
        for u in &a.users {
            let mut ids = u.policies.clone();
            for &g in &u.groups {
                ids.extend(a.groups.get(g).map(|g| g.policies.clone()).unwrap_or_default());
            }
            out.push(judge(user_ref(a, &u.name), admin_evidence(ctx, &ids, u.boundary), &u.tags));
        }
        for r in a.roles.iter().filter(|r| !r.service_linked) {
            out.push(judge(role_ref(a, &r.name), admin_evidence(ctx, &r.policies, r.boundary), &r.tags));
        }
    }
    Outcome::Resources(out)
}

fn judge(reference: String, mut evidence: Vec<Evidence>, tags: &[(String, String)]) -> ResourceResult {
    let admin = !evidence.is_empty();
    let tagged = tagged_admin(tags);
    if admin {
        let tag = if tagged { ADMIN_TAG.1 } else { "absent" };
        evidence.push(setting(format!("tags.{}", ADMIN_TAG.0), tag, ADMIN_TAG.1));
    }
    resource(reference, admin && !tagged, evidence)
}

pub fn groups(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .flat_map(|(_, a)| {
                a.users.iter().map(move |u| {
                    let evidence: Vec<Evidence> =
                        u.policies.iter().map(|&id| Evidence::Attachment { policy: ctx.label(id) }).collect();
                    resource(user_ref(a, &u.name), !evidence.is_empty(), evidence)
                })
            })
            .collect(),
    )
}

pub fn temporary_access(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .flat_map(|(_, a)| {
                a.users.iter().filter(|u| u.console_password).map(move |u| {
                    let active = u.access_keys.iter().filter(|k| k.active).count();
                    resource(
                        user_ref(a, &u.name),
                        active > 0,
                        vec![setting("active access keys (console user)", active.to_string(), "0")],
                    )
                })
            })
            .collect(),
    )
}

fn mfa_result(reference: String, mfa: Mfa) -> ResourceResult {
    let value = if mfa == Mfa::None { "none" } else { "enabled" };
    resource(reference, mfa == Mfa::None, vec![setting("mfa", value, "enabled")])
}

pub fn mfa_everywhere(ctx: &Ctx<'_>) -> Outcome {
    let mut out = Vec::new();
    for (ai, a) in ctx.accounts() {
        if ctx.root_present(ai) {
            out.push(mfa_result(root_ref(a), a.root_user.mfa));
        }
        out.extend(console_users(a).map(|(r, m)| mfa_result(r, m)));
    }
    Outcome::Resources(out)
}

fn console_users(a: &Account) -> impl Iterator<Item = (String, Mfa)> + '_ {
    a.users.iter().filter(|u| u.console_password).map(move |u| (user_ref(a, &u.name), u.mfa))
}
