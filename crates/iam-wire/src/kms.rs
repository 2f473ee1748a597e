//! Words and JSON for KMS verdicts (`iam_kms::KmsVerdict`), for the CLI and
//! later the web app's KMS panel.

use crate::explain::{Lookup, explanation_json};
use iam_kms::{Key, KmsDecision, KmsError, KmsVerdict};
use serde_json::{Value, json};

/// The JSON's `decision`.
pub fn decision_name(d: KmsDecision) -> &'static str {
    match d {
        KmsDecision::Allowed => "allowed",
        KmsDecision::ExplicitDeny => "explicitDeny",
        KmsDecision::ImplicitDeny => "implicitDeny",
    }
}

/// One sentence on why KMS answers with this exception.
pub fn error_text(e: KmsError, key: &Key, v: &KmsVerdict) -> String {
    let op = v.operation.name();
    match e {
        KmsError::AccessDenied => match v.decision {
            KmsDecision::ExplicitDeny => format!("AccessDeniedException: a policy explicitly denies kms:{op}"),
            _ => format!(
                "AccessDeniedException: neither the key policy (with the IAM policies it enables) nor a grant allows kms:{op}"
            ),
        },
        KmsError::Disabled => format!("DisabledException: the key is Disabled; {op} needs an Enabled key"),
        KmsError::InvalidState => {
            format!("KMSInvalidStateException: {op} is not possible while the key is {}", key.state.name())
        }
        KmsError::InvalidKeyUsage => {
            format!("InvalidKeyUsageException: a {} key ({}) does not do {op}", key.usage.name(), key.spec.name())
        }
    }
}

/// The grants that allowed the request, as JSON.
pub fn grants_json(key: &Key, v: &KmsVerdict) -> Value {
    v.grants
        .iter()
        .filter_map(|i| key.grants.get(*i))
        .map(|g| {
            json!({
                "id": g.id,
                "name": g.name,
                "operations": g.operations.iter().map(|o| o.name()).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The shape: `operation`, `key`, `principal`, `decision`, `keyState`,
/// `error`, `grants`, `explanation` (the engine's, on the policies; with
/// `byGrant` when a grant allowed what the policies did not).
pub fn verdict_json(key: &Key, principal: &str, v: &KmsVerdict, lookup: Lookup<'_>) -> Value {
    let mut explanation = explanation_json(&v.policies.explanation, lookup);
    if let Some(obj) = explanation.as_object_mut() {
        obj.insert("byGrant".into(), v.by_grant.into());
        obj.insert("summary".into(), summary(key, v).into());
    }
    json!({
        "operation": v.operation.name(),
        "key": key.arn,
        "principal": principal,
        "decision": decision_name(v.decision),
        "keyState": key.state.name(),
        "error": v.error.map(|e| e.name()),
        "grants": grants_json(key, v),
        "explanation": explanation,
    })
}

/// One line: what KMS answers and why.
pub fn summary(key: &Key, v: &KmsVerdict) -> String {
    match v.error {
        Some(e) => error_text(e, key, v),
        None if v.by_grant => format!("{} succeeds: a grant allows it", v.operation.name()),
        None => format!("{} succeeds: the policies allow it", v.operation.name()),
    }
}
