//! Context keys AWS derives from the request itself, so users don't type them.

use crate::context::{Context, ContextValue};
use crate::principal::{Caller, CallerKind};

/// Adds the principal keys AWS always sets (`aws:PrincipalArn`, `aws:PrincipalAccount`,
/// `aws:PrincipalType`, `aws:username` for IAM users, `aws:PrincipalIsAWSService`)
/// and `aws:ResourceAccount`, without overriding keys the user supplied.
pub fn derive_principal_keys(ctx: &mut Context, caller: &Caller, resource_account: Option<&str>) {
    let principal_type = match caller.kind {
        CallerKind::Anonymous => None,
        CallerKind::Service => {
            ctx.insert_default("aws:PrincipalServiceName", ContextValue::single(caller.arn.as_str()));
            ctx.insert_default("aws:PrincipalIsAWSService", ContextValue::single("true"));
            None
        }
        CallerKind::Root => Some("Account"),
        CallerKind::User => Some("User"),
        CallerKind::RoleSession => Some("AssumedRole"),
        CallerKind::FederatedUser => Some("FederatedUser"),
    };
    if let Some(principal_type) = principal_type {
        ctx.insert_default("aws:PrincipalArn", ContextValue::single(caller.principal_arn()));
        ctx.insert_default("aws:PrincipalAccount", ContextValue::single(caller.account.as_str()));
        ctx.insert_default("aws:PrincipalIsAWSService", ContextValue::single("false"));
        ctx.insert_default("aws:PrincipalType", ContextValue::single(principal_type));
    }
    if caller.kind == CallerKind::User
        && let Some(name) = caller.name()
    {
        ctx.insert_default("aws:username", ContextValue::single(name));
    }
    let account = resource_account.unwrap_or(caller.account.as_str());
    if !account.is_empty() {
        ctx.insert_default("aws:ResourceAccount", ContextValue::single(account));
    }
}
