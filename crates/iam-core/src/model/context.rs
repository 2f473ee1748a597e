//! The request context for a scenario request: what AWS would put in it from
//! the principal, the resource and the organization, plus what the user says
//! (MFA, source IP, region, time, tags, any key), which always wins.

use super::query::PrincipalRef;
use super::{AccountId, Model};
use crate::context::{Context, ContextValue};
use crate::principal::Caller;
use crate::request::derive_principal_keys;

/// Builds the context for `principal` acting on a resource owned by
/// `resource_account` (with `resource_tags`), on top of `given`.
pub fn request_context(
    model: &Model,
    principal: &PrincipalRef,
    caller: &Caller,
    resource_account: Option<&str>,
    resource_tags: &[(String, String)],
    given: &Context,
) -> Context {
    let mut ctx = given.clone();
    derive_principal_keys(&mut ctx, caller, resource_account);
    if let PrincipalRef::User { account, index } = principal
        && let Some(u) = model.accounts.get(*account).and_then(|a| a.users.get(*index))
    {
        for (k, v) in &u.tags {
            ctx.insert_default(&format!("aws:PrincipalTag/{k}"), ContextValue::single(v.as_str()));
        }
        ctx.insert_default("aws:userid", ContextValue::single(format!("AIDA{}", pseudo_id(&u.arn))));
    }
    if let PrincipalRef::RoleSession { account, index, session } = principal
        && let Some(r) = model.accounts.get(*account).and_then(|a| a.roles.get(*index))
    {
        for (k, v) in &r.tags {
            ctx.insert_default(&format!("aws:PrincipalTag/{k}"), ContextValue::single(v.as_str()));
        }
        ctx.insert_default("aws:userid", ContextValue::single(format!("AROA{}:{session}", pseudo_id(&r.arn))));
    }
    if let Some(acct) = principal.account() {
        org_keys(model, acct, "Principal", &mut ctx);
    }
    if let Some(acct) = resource_account.and_then(|id| model.account_by_id(id)) {
        org_keys(model, acct, "Resource", &mut ctx);
    }
    for (k, v) in resource_tags {
        ctx.insert_default(&format!("aws:ResourceTag/{k}"), ContextValue::single(v.as_str()));
    }
    ctx
}

/// `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` (or the `Resource` forms).
fn org_keys(model: &Model, account: AccountId, side: &str, ctx: &mut Context) {
    let (Some(org), Some(node)) = (&model.org, model.accounts.get(account).and_then(|a| a.node)) else {
        return;
    };
    if !org.id.is_empty() {
        ctx.insert_default(&format!("aws:{side}OrgID"), ContextValue::single(org.id.as_str()));
    }
    ctx.insert_default(&format!("aws:{side}OrgPaths"), ContextValue::list([org.org_path(node)]));
    if side == "Principal"
        && let Some(mgmt) = org.management_account.and_then(|m| model.accounts.get(m))
    {
        ctx.insert_default("aws:PrincipalOrgMasterAccountId", ContextValue::single(mgmt.id.as_str()));
    }
}

/// A stable, ID-shaped string derived from an ARN (the model has no real unique IDs).
fn pseudo_id(arn: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in arn.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016X}")
}
