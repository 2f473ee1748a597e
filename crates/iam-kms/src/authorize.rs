//! Authorization as AWS KMS documents it, on top of the IAM engine.
//!
//! The engine decides the policies: the key policy must allow, directly or by
//! allowing the account so that IAM policies count (KMS-KEY-POLICY-REQUIRED,
//! KMS-ENABLE-IAM, EVAL-RBP-MANDATORY-TRUST-KMS), explicit denies win
//! (KMS-NO-IMPLICIT), and only some operations work across accounts
//! (KMS-CROSS-ACCOUNT-OPS). This module adds what only KMS knows: the `kms:`
//! condition keys of the request, grants (KMS-GRANTS-ALLOW,
//! KMS-GRANT-CONSTRAINTS), key usage and the key-state table
//! (KMS-KEY-STATE-TABLE).

use crate::key::{EncryptionContext, Grant, Key};
use crate::ops::{Operation, state_error};
use iam_core::model::{CanResult, Model, PrincipalError, PrincipalRef};
use iam_core::{Context, ContextValue, Decision, Reason};

/// The verdict on the authorization alone (the JSON's `decision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KmsDecision {
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

/// Why KMS refuses a request: its exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KmsError {
    #[error("AccessDeniedException")]
    AccessDenied,
    #[error("DisabledException")]
    Disabled,
    #[error("KMSInvalidStateException")]
    InvalidState,
    #[error("InvalidKeyUsageException")]
    InvalidKeyUsage,
}

impl KmsError {
    /// KMS's exception name.
    pub fn name(self) -> &'static str {
        match self {
            KmsError::AccessDenied => "AccessDeniedException",
            KmsError::Disabled => "DisabledException",
            KmsError::InvalidState => "KMSInvalidStateException",
            KmsError::InvalidKeyUsage => "InvalidKeyUsageException",
        }
    }
}

/// What KMS would answer.
#[derive(Clone, Debug)]
pub struct KmsVerdict {
    pub operation: Operation,
    pub decision: KmsDecision,
    /// The engine's decision on the policies, with its explanation.
    pub policies: CanResult,
    /// Indices (in `Key::grants`) of the grants that allow the request.
    pub grants: Vec<usize>,
    /// Allowed by a grant where the policies alone did not allow.
    pub by_grant: bool,
    /// `None` when the operation succeeds.
    pub error: Option<KmsError>,
}

/// The request context KMS adds for an operation on `key`
/// (KMS-CONDITION-KEYS): `kms:EncryptionContext:K` per pair,
/// `kms:EncryptionContextKeys`, `kms:CallerAccount`. What the caller says
/// (`kms:ViaService`, `kms:GrantOperations`, `kms:GrantIsForAWSResource`,
/// ...) comes in `given` and is kept; derived keys replace given ones.
pub fn kms_context(caller_account: &str, encryption_context: &EncryptionContext, given: &Context) -> Context {
    let mut ctx = given.clone();
    for (k, v) in encryption_context {
        ctx.insert(&format!("kms:EncryptionContext:{k}"), ContextValue::single(v.clone()));
    }
    if !encryption_context.is_empty() {
        ctx.insert("kms:EncryptionContextKeys", ContextValue::list(encryption_context.keys().cloned()));
    }
    if !caller_account.is_empty() {
        ctx.insert("kms:CallerAccount", ContextValue::single(caller_account));
    }
    ctx
}

/// Whether `grant` names `principal` (a role grantee covers every session of the role).
fn is_grantee(grant: &Grant, principal: &PrincipalRef) -> bool {
    same_principal(&grant.grantee, principal)
}

/// Whether two references name the same principal (any session of a role).
fn same_principal(a: &PrincipalRef, b: &PrincipalRef) -> bool {
    match (a, b) {
        (
            PrincipalRef::RoleSession { account: a, index: i, .. },
            PrincipalRef::RoleSession { account: b, index: j, .. },
        ) => a == b && i == j,
        (g, p) => g == p,
    }
}

/// The grants on `key` that allow `op` for `principal` with this encryption
/// context (KMS-GRANTS-ALLOW, KMS-GRANT-CONSTRAINTS).
pub fn applicable_grants(
    key: &Key,
    principal: &PrincipalRef,
    op: Operation,
    encryption_context: &EncryptionContext,
) -> Vec<usize> {
    key.grants
        .iter()
        .enumerate()
        .filter(|(_, g)| {
            let as_grantee = is_grantee(g, principal)
                && g.operations.contains(&op)
                && g.constraint.as_ref().is_none_or(|c| c.holds(encryption_context));
            // The retiring principal may retire the grant (KMS-GRANT-RETIRE).
            let as_retiring =
                op == Operation::RetireGrant && g.retiring.as_ref().is_some_and(|r| same_principal(r, principal));
            as_grantee || as_retiring
        })
        .map(|(i, _)| i)
        .collect()
}

/// Reasons a grant can overcome: no policy allowed. Organization guardrails
/// (SCPs, RCPs), boundaries, session policies and KMS's cross-account limit
/// still apply to a grant's permission (KMS-GRANTS-ALLOW, inferred).
fn grant_can_allow(reason: Reason) -> bool {
    matches!(reason, Reason::ResourcePolicyRequired | Reason::NoResourcePolicyAllow | Reason::NoIdentityAllow)
}

/// Would KMS perform `op` on `key` for `principal`?
///
/// Order: authorization first (policies, then grants); a request that is
/// allowed then meets the key-state table and the key's usage.
pub fn authorize(
    model: &Model,
    key: &Key,
    principal: &PrincipalRef,
    op: Operation,
    encryption_context: &EncryptionContext,
    given: &Context,
) -> Result<KmsVerdict, PrincipalError> {
    let caller = model.caller(principal)?;
    let ctx = kms_context(&caller.account, encryption_context, given);
    let policies = model.can(principal, &op.action(), &key.arn, &ctx)?;
    let grants = applicable_grants(key, principal, op, encryption_context);
    let (decision, by_grant) = match policies.explanation.decision {
        Decision::Allow => (KmsDecision::Allowed, false),
        Decision::ExplicitDeny => (KmsDecision::ExplicitDeny, false),
        Decision::ImplicitDeny if !grants.is_empty() && grant_can_allow(policies.explanation.reason) => {
            (KmsDecision::Allowed, true)
        }
        Decision::ImplicitDeny => (KmsDecision::ImplicitDeny, false),
    };
    let error = if decision != KmsDecision::Allowed {
        Some(KmsError::AccessDenied)
    } else if let Some(e) = state_error(op, key.state) {
        Some(if e == "DisabledException" { KmsError::Disabled } else { KmsError::InvalidState })
    } else if op.usage().is_some_and(|usages| !usages.contains(&key.usage)) {
        Some(KmsError::InvalidKeyUsage)
    } else {
        None
    };
    let grants = if by_grant || decision == KmsDecision::Allowed { grants } else { Vec::new() };
    Ok(KmsVerdict { operation: op, decision, policies, grants, by_grant, error })
}
