//! Security Hub's KMS controls that the scenario can decide (KMS.3 and KMS.4
//! from the keys' `kms` settings: key state and automatic rotation).

use super::iam::customer_policy_statements;
use super::{Ctx, Outcome, group_ref, resource, role_ref, setting, user_ref};
use crate::model::Evidence;
use crate::policies::{decrypts_all_keys, is_public, statement_evidence};
use iam_core::model::{PolicyId, PolicyKind};
use iam_wire::scenario::{KmsKeySpec, KmsKeyState};

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

/// The scenario's customer managed KMS keys (resources whose ARN is a key and
/// that are not AWS managed), with their `kms` settings if any.
fn customer_keys<'a>(
    ctx: &'a Ctx<'_>,
) -> impl Iterator<Item = (&'a str, Option<&'a iam_wire::scenario::KmsKeyDoc>)> + 'a {
    ctx.doc
        .accounts
        .iter()
        .flat_map(|a| &a.resources)
        .filter(|r| r.arn.starts_with("arn:aws:kms:") && r.arn.contains(":key/") && !r.aws_managed)
        .map(|r| (r.arn.as_str(), r.kms.as_ref()))
}

/// KMS.3: customer managed keys scheduled for deletion (`PendingDeletion`) fail.
pub fn pending_deletion(ctx: &Ctx<'_>) -> Outcome {
    let out = customer_keys(ctx)
        .map(|(arn, k)| {
            let state = k.map(|k| k.key_state).unwrap_or_default();
            let pending = state == KmsKeyState::PendingDeletion;
            let mut value = format!("{state:?}");
            if let Some(date) = k.and_then(|k| k.deletion_date.as_deref()).filter(|_| pending) {
                value = format!("{value} (deletion on {date})");
            }
            resource(arn.to_string(), pending, vec![setting("keyState", value, "not PendingDeletion")])
        })
        .collect();
    Outcome::Resources(out)
}

/// KMS.4: customer managed symmetric encryption keys without automatic
/// rotation fail; other key specs and keys awaiting imported material are not
/// evaluated (automatic rotation is for symmetric keys with KMS key material).
pub fn rotation(ctx: &Ctx<'_>) -> Outcome {
    let out = customer_keys(ctx)
        .filter(|(_, k)| {
            k.is_none_or(|k| k.key_spec == KmsKeySpec::SYMMETRIC_DEFAULT && k.key_state != KmsKeyState::PendingImport)
        })
        .map(|(arn, k)| {
            let rot = k.and_then(|k| k.rotation.as_ref());
            let enabled = rot.is_some_and(|r| r.enabled);
            let value = match rot {
                Some(r) if r.enabled => format!("enabled, every {} days", r.period_days.unwrap_or(365)),
                Some(_) => "disabled".to_string(),
                None => "not set (disabled)".to_string(),
            };
            resource(arn.to_string(), !enabled, vec![setting("automatic rotation", value, "enabled")])
        })
        .collect();
    Outcome::Resources(out)
}
