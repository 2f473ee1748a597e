//! Security Hub's KMS controls that the scenario can decide.

use super::iam::customer_policy_statements;
use super::{Ctx, Outcome, group_ref, resource, role_ref, user_ref};
use crate::model::Evidence;
use crate::policies::{decrypts_all_keys, is_public, statement_evidence};
use iam_core::model::{PolicyId, PolicyKind};

pub fn customer_policies(ctx: &Ctx<'_>) -> Outcome {
    customer_policy_statements(ctx, decrypts_all_keys)
}

/// KMS.2: each user, group and role with inline policies.
pub fn inline_policies(ctx: &Ctx<'_>) -> Outcome {
    let inline = |ids: &[PolicyId]| -> Option<Vec<Evidence>> {
        let ids: Vec<PolicyId> = ids
            .iter()
            .copied()
            .filter(|&id| ctx.model.policy(id).is_some_and(|p| p.origin.kind() == PolicyKind::Inline))
            .collect();
        (!ids.is_empty())
            .then(|| ids.iter().flat_map(|&id| statement_evidence(ctx.model, id, decrypts_all_keys)).collect())
    };
    let mut out = Vec::new();
    for (_, a) in ctx.accounts() {
        let owners = a
            .users
            .iter()
            .map(|u| (user_ref(a, &u.name), &u.policies))
            .chain(a.groups.iter().map(|g| (group_ref(a, &g.name), &g.policies)))
            .chain(a.roles.iter().map(|r| (role_ref(a, &r.name), &r.policies)));
        for (r, ids) in owners {
            if let Some(evidence) = inline(ids) {
                out.push(resource(r, !evidence.is_empty(), evidence));
            }
        }
    }
    Outcome::Resources(out)
}

/// KMS.5: key policies that allow anyone.
pub fn public_keys(ctx: &Ctx<'_>) -> Outcome {
    let mut out = Vec::new();
    for (_, a) in ctx.accounts() {
        for res in a.resources.iter().filter(|r| r.arn.starts_with("arn:aws:kms:") && r.arn.contains(":key/")) {
            let evidence = res.policy.map(|id| statement_evidence(ctx.model, id, is_public)).unwrap_or_default();
            out.push(resource(res.arn.clone(), !evidence.is_empty(), evidence));
        }
    }
    Outcome::Resources(out)
}
