//! The `kms` fields of resources that are KMS keys, checked and turned into
//! `iam_kms::Key`s (the limits are the KMS API's).

use super::doc::{KmsGrantDoc, KmsKeyDoc, KmsKeySpec, KmsKeyState, KmsKeyUsage, ScenarioDoc};
use crate::error::WireError;
use iam_core::condition::parse_date;
use iam_core::model::Model;
use iam_kms::key::is_key_arn;
use iam_kms::ops::{CONTEXT_OPERATIONS, GRANT_OPERATIONS};
use iam_kms::{Grant, GrantConstraint, Key, KeySpec, KeyState, KeyUsage, Operation, Rotation};

fn spec(s: KmsKeySpec) -> KeySpec {
    match s {
        KmsKeySpec::SYMMETRIC_DEFAULT => KeySpec::SymmetricDefault,
        KmsKeySpec::HMAC_224 => KeySpec::Hmac224,
        KmsKeySpec::HMAC_256 => KeySpec::Hmac256,
        KmsKeySpec::HMAC_384 => KeySpec::Hmac384,
        KmsKeySpec::HMAC_512 => KeySpec::Hmac512,
        KmsKeySpec::RSA_2048 => KeySpec::Rsa2048,
        KmsKeySpec::RSA_3072 => KeySpec::Rsa3072,
        KmsKeySpec::RSA_4096 => KeySpec::Rsa4096,
        KmsKeySpec::ECC_NIST_P256 => KeySpec::EccNistP256,
        KmsKeySpec::ECC_NIST_P384 => KeySpec::EccNistP384,
        KmsKeySpec::ECC_NIST_P521 => KeySpec::EccNistP521,
        KmsKeySpec::ECC_SECG_P256K1 => KeySpec::EccSecgP256k1,
    }
}

fn usage(u: KmsKeyUsage) -> KeyUsage {
    match u {
        KmsKeyUsage::ENCRYPT_DECRYPT => KeyUsage::EncryptDecrypt,
        KmsKeyUsage::SIGN_VERIFY => KeyUsage::SignVerify,
        KmsKeyUsage::GENERATE_VERIFY_MAC => KeyUsage::GenerateVerifyMac,
        KmsKeyUsage::KEY_AGREEMENT => KeyUsage::KeyAgreement,
    }
}

fn state(s: KmsKeyState) -> KeyState {
    match s {
        KmsKeyState::Enabled => KeyState::Enabled,
        KmsKeyState::Disabled => KeyState::Disabled,
        KmsKeyState::PendingDeletion => KeyState::PendingDeletion,
        KmsKeyState::PendingImport => KeyState::PendingImport,
        KmsKeyState::Unavailable => KeyState::Unavailable,
    }
}

/// Every KMS key of the scenario; errors for `kms` fields out of KMS's limits.
pub(crate) fn resolve_keys(doc: &ScenarioDoc, model: &Model, errors: &mut Vec<WireError>) -> Vec<Key> {
    let mut keys = Vec::new();
    for (ai, a) in doc.accounts.iter().enumerate() {
        for (i, r) in a.resources.iter().enumerate() {
            let base = format!("accounts[{ai}].resources[{i}].kms");
            if !is_key_arn(&r.arn) {
                if r.kms.is_some() {
                    errors.push(WireError::at(
                        base,
                        format!("`{}` is not a KMS key ARN (`arn:aws:kms:REGION:ACCOUNT:key/ID`)", r.arn),
                    ));
                }
                continue;
            }
            let mut key = Key::new(r.arn.clone(), a.id.clone());
            key.aws_managed = r.aws_managed;
            if let Some(k) = &r.kms {
                fill(&mut key, k, &base, model, errors);
            }
            keys.push(key);
        }
    }
    keys
}

fn fill(key: &mut Key, k: &KmsKeyDoc, base: &str, model: &Model, errors: &mut Vec<WireError>) {
    let mut err = |field: String, msg: String| errors.push(WireError::at(format!("{base}.{field}"), msg));
    for (i, alias) in k.aliases.iter().enumerate() {
        let name = alias.strip_prefix("alias/").unwrap_or("");
        let valid = !name.is_empty()
            && alias.len() <= 256
            && name.chars().all(|c| c.is_ascii_alphanumeric() || "/_-".contains(c));
        if !valid {
            err(format!("aliases[{i}]"), format!("`{alias}` is not an alias: `alias/` + letters, digits, `/_-`"));
        } else if name.starts_with("aws/") && !key.aws_managed {
            err(
                format!("aliases[{i}]"),
                format!("`{alias}`: the prefix `alias/aws/` is reserved for AWS managed keys"),
            );
        }
    }
    key.aliases = k.aliases.clone();
    key.description = k.description.clone();
    key.spec = spec(k.key_spec);
    key.usage = k.key_usage.map(usage).unwrap_or(key.spec.default_usage());
    if !key.spec.usages().contains(&key.usage) {
        let allowed: Vec<&str> = key.spec.usages().iter().map(|u| u.name()).collect();
        err(
            "keyUsage".into(),
            format!("a {} key has usage {}, not {}", key.spec.name(), allowed.join(" or "), key.usage.name()),
        );
    }
    key.state = state(k.key_state);
    let pending = key.state == KeyState::PendingDeletion;
    if let Some(days) = k.pending_window_in_days {
        if !pending {
            err("pendingWindowInDays".into(), "only a key in state `PendingDeletion` has a waiting period".into());
        } else if !(7..=30).contains(&days) {
            err("pendingWindowInDays".into(), format!("{days}: the waiting period is 7 to 30 days"));
        }
    }
    key.pending_window_days = k.pending_window_in_days.or(pending.then_some(30));
    if let Some(d) = &k.deletion_date {
        if !pending {
            err("deletionDate".into(), "only a key in state `PendingDeletion` has a deletion date".into());
        }
        key.deletion_date = parse_date(d);
        if key.deletion_date.is_none() {
            err("deletionDate".into(), format!("`{d}` is not a date: write ISO 8601"));
        }
    }
    if let Some(rot) = &k.rotation {
        let period = rot.period_days.unwrap_or(365);
        if !(90..=2560).contains(&period) {
            err("rotation.periodDays".into(), format!("{period}: the rotation period is 90 to 2560 days"));
        }
        if rot.enabled && !key.spec.is_symmetric() {
            err("rotation.enabled".into(), "automatic rotation is only for symmetric encryption keys".into());
        }
        let last_rotated = rot.last_rotated.as_deref().and_then(|d| {
            let t = parse_date(d);
            if t.is_none() {
                err("rotation.lastRotated".into(), format!("`{d}` is not a date: write ISO 8601"));
            }
            t
        });
        key.rotation = Some(Rotation { enabled: rot.enabled, period_days: period, last_rotated });
    }
    key.multi_region = k.multi_region;
    if k.multi_region && !key.id().starts_with("mrk-") {
        err("multiRegion".into(), format!("a multi-Region key's ID starts with `mrk-`, not `{}`", key.id()));
    }
    for (i, g) in k.grants.iter().enumerate() {
        if k.grants.iter().take(i).any(|o| o.id == g.id) {
            err(format!("grants[{i}].id"), format!("duplicate grant id `{}`", g.id));
        }
        if let Some(grant) = grant(g, &format!("grants[{i}]"), model, &mut err) {
            key.grants.push(grant);
        }
    }
}

fn grant(g: &KmsGrantDoc, base: &str, model: &Model, err: &mut impl FnMut(String, String)) -> Option<Grant> {
    if g.id.is_empty() {
        err(format!("{base}.id"), "a grant needs an id".into());
    }
    let grantee = model
        .resolve_principal(&g.grantee_principal)
        .map_err(|e| err(format!("{base}.granteePrincipal"), e.to_string()))
        .ok();
    let retiring = match &g.retiring_principal {
        Some(p) => {
            Some(model.resolve_principal(p).map_err(|e| err(format!("{base}.retiringPrincipal"), e.to_string())).ok()?)
        }
        None => None,
    };
    if g.operations.is_empty() {
        err(format!("{base}.operations"), "a grant lists at least one operation".into());
    }
    let mut operations = Vec::new();
    for (j, name) in g.operations.iter().enumerate() {
        match Operation::parse(name).filter(|op| GRANT_OPERATIONS.contains(op)) {
            Some(op) => operations.push(op),
            None => {
                let list: Vec<&str> = GRANT_OPERATIONS.iter().map(|o| o.name()).collect();
                err(
                    format!("{base}.operations[{j}]"),
                    format!("`{name}` is not a grant operation: {}", list.join(", ")),
                );
            }
        }
    }
    let constraint = match &g.constraints {
        None => None,
        Some(c) => match (&c.encryption_context_equals, &c.encryption_context_subset) {
            (Some(_), Some(_)) => {
                err(
                    format!("{base}.constraints"),
                    "give EncryptionContextEquals or EncryptionContextSubset, not both".into(),
                );
                None
            }
            (Some(eq), None) => Some(GrantConstraint::Equals(eq.clone())),
            (None, Some(sub)) => Some(GrantConstraint::Subset(sub.clone())),
            (None, None) => None,
        },
    };
    if let Some(op) = operations.iter().find(|op| !CONTEXT_OPERATIONS.contains(op))
        && constraint.is_some()
    {
        err(
            format!("{base}.constraints"),
            format!("a grant with encryption context constraints cannot allow {}", op.name()),
        );
    }
    Some(Grant { id: g.id.clone(), name: g.name.clone(), grantee: grantee?, operations, constraint, retiring })
}
