//! AWS Organizations guardrails.

use super::{Ctx, Outcome, resource, setting, user_ref};
use iam_core::model::names::FULL_AWS_ACCESS;
use iam_core::model::{AccountId, NodeId, Org, PolicyId, PolicyOrigin};

const NO_ORG: &str = "the scenario has no organization";

/// Member accounts (in the organization, not its management account) with their node.
fn members(ctx: &Ctx<'_>, org: &Org) -> Vec<(AccountId, NodeId)> {
    ctx.accounts()
        .filter(|(ai, _)| org.management_account != Some(*ai))
        .filter_map(|(ai, a)| Some((ai, a.node?)))
        .collect()
}

/// Names of the org policies attached from the root down to `node` that `keep` accepts.
fn on_path(ctx: &Ctx<'_>, org: &Org, node: NodeId, rcp: bool, keep: fn(&PolicyOrigin) -> bool) -> Vec<String> {
    let mut names = Vec::new();
    for n in org.path_to(node) {
        let Some(x) = org.nodes.get(n) else { continue };
        let ids: &[PolicyId] = if rcp { &x.rcps } else { &x.scps };
        for &id in ids {
            if let Some(p) = ctx.model.policy(id).filter(|p| keep(&p.origin))
                && let PolicyOrigin::Scp { name } | PolicyOrigin::Rcp { name } = &p.origin
                && !names.contains(name)
            {
                names.push(name.clone());
            }
        }
    }
    names
}

pub fn scp_guardrails(ctx: &Ctx<'_>) -> Outcome {
    let Some(org) = &ctx.model.org else { return Outcome::NotAvailable(NO_ORG.into()) };
    Outcome::Resources(
        members(ctx, org)
            .into_iter()
            .filter_map(|(ai, node)| {
                let a = ctx.model.accounts.get(ai)?;
                let guardrails = on_path(
                    ctx,
                    org,
                    node,
                    false,
                    |o| !matches!(o, PolicyOrigin::Scp { name } if name == FULL_AWS_ACCESS),
                );
                let value = if guardrails.is_empty() { "FullAWSAccess only".into() } else { guardrails.join(", ") };
                Some(resource(
                    a.name.clone(),
                    guardrails.is_empty(),
                    vec![setting("SCPs (root, OUs, account)", value, "an SCP besides FullAWSAccess")],
                ))
            })
            .collect(),
    )
}

pub fn rcp_perimeter(ctx: &Ctx<'_>) -> Outcome {
    let Some(org) = &ctx.model.org else { return Outcome::NotAvailable(NO_ORG.into()) };
    Outcome::Resources(
        members(ctx, org)
            .into_iter()
            .filter_map(|(ai, node)| {
                let a = ctx.model.accounts.get(ai)?;
                let rcps = on_path(ctx, org, node, true, |o| {
                    matches!(o, PolicyOrigin::Rcp { .. }) && !o.is_rcp_full_aws_access()
                });
                let value = if rcps.is_empty() { "RCPFullAWSAccess only".into() } else { rcps.join(", ") };
                Some(resource(
                    a.name.clone(),
                    rcps.is_empty(),
                    vec![setting("RCPs (root, OUs, account)", value, "an RCP besides RCPFullAWSAccess")],
                ))
            })
            .collect(),
    )
}

pub fn management_workloads(ctx: &Ctx<'_>) -> Outcome {
    let Some(org) = &ctx.model.org else { return Outcome::NotAvailable(NO_ORG.into()) };
    let Some(a) = org.management_account.and_then(|ai| ctx.model.accounts.get(ai)) else {
        return Outcome::NotAvailable("the organization's management account is not in the scenario".into());
    };
    let break_glass = |tags: &[(String, String)]| tags.iter().any(|(k, v)| k == "purpose" && v == "break-glass");
    let mut out: Vec<_> = a
        .users
        .iter()
        .map(|u| {
            let tag = if break_glass(&u.tags) { "break-glass" } else { "absent" };
            resource(user_ref(a, &u.name), tag != "break-glass", vec![setting("tags.purpose", tag, "break-glass")])
        })
        .collect();
    if out.is_empty() {
        out.push(resource(a.name.clone(), false, vec![setting("IAM users", "0", "only break-glass users")]));
    }
    Outcome::Resources(out)
}
