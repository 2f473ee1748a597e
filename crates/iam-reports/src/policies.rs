//! Reading policies for controls: statements that grant what a control looks
//! for, with their index and line as evidence.

use crate::model::Evidence;
use iam_core::glob::{Glob, covers};
use iam_core::model::{Model, PolicyId};
use iam_core::policy::{Effect, NameBlock, PrincipalSet, PrincipalType, Statement};
use iam_core::{LineIndex, parse_policy};

/// A statement of a policy that a control found.
pub fn statement_evidence(model: &Model, id: PolicyId, pred: impl Fn(&Statement) -> bool) -> Vec<Evidence> {
    let Some(entry) = model.policy(id) else { return Vec::new() };
    let (Some(policy), _) = parse_policy(&entry.source) else { return Vec::new() };
    let lines = LineIndex::new(&entry.source);
    policy
        .statements
        .iter()
        .enumerate()
        .filter(|(_, st)| st.valid && pred(st))
        .map(|(i, st)| Evidence::Statement {
            policy: entry.label.clone(),
            statement: i,
            line: lines.line_col(st.span.start).line,
            sid: st.sid.as_ref().map(|s| s.value.clone()),
        })
        .collect()
}

fn allows(st: &Statement) -> bool {
    st.effect.as_ref().is_some_and(|e| e.value == Effect::Allow)
}

fn items(block: &Option<NameBlock>, negated: bool) -> impl Iterator<Item = &str> {
    block.iter().filter(move |b| b.negated == negated).flat_map(|b| b.items.iter().map(|i| i.value.as_str()))
}

/// `"Effect": "Allow"`, `"Action": "*"`, `"Resource": "*"` (IAM.1).
pub fn is_admin(st: &Statement) -> bool {
    allows(st) && items(&st.action, false).any(|a| a == "*") && items(&st.resource, false).any(|r| r == "*")
}

/// An Allow of `service:*` or `*`, or an Allow with `NotAction` (IAM.21).
pub fn is_full_service(st: &Statement) -> bool {
    allows(st)
        && (st.action.as_ref().is_some_and(|b| b.negated)
            || items(&st.action, false).any(|a| {
                a == "*" || a.strip_suffix(":*").is_some_and(|svc| !svc.is_empty() && !svc.contains(['*', '?']))
            }))
}

/// Allows `kms:Decrypt` or `kms:ReEncryptFrom` on every KMS key, with no condition (KMS.1, KMS.2).
pub fn decrypts_all_keys(st: &Statement) -> bool {
    const BLOCKED: [&str; 2] = ["kms:decrypt", "kms:reencryptfrom"];
    let action = |a: &str| {
        let g = Glob::new(&a.to_ascii_lowercase());
        BLOCKED.iter().any(|b| g.matches(b))
    };
    let grants_action = match &st.action {
        // `NotAction` grants a blocked action that none of its patterns names.
        Some(b) if b.negated => BLOCKED
            .iter()
            .any(|blocked| !b.items.iter().any(|i| Glob::new(&i.value.to_ascii_lowercase()).matches(blocked))),
        Some(b) => b.items.iter().any(|i| action(&i.value)),
        None => false,
    };
    let all_keys = items(&st.resource, false).any(every_key)
        || st.resource.as_ref().is_some_and(|b| b.negated && !b.items.iter().any(|i| i.value == "*"));
    allows(st) && grants_action && all_keys && st.conditions.is_empty()
}

/// A resource pattern that matches every KMS key (of an account, in every Region).
fn every_key(pattern: &str) -> bool {
    if covers(pattern, "arn:aws:kms:*:*:key/*") {
        return true;
    }
    let parts: Vec<&str> = pattern.splitn(6, ':').collect();
    match parts.as_slice() {
        [arn, partition, service, region, _account, resource] => {
            *arn == "arn"
                && covers(partition, "aws")
                && covers(service, "kms")
                && *region == "*"
                && covers(resource, "key/*")
        }
        _ => false,
    }
}

/// An Allow for any principal (`"*"` or `{"AWS": "*"}`) with no condition (KMS.5).
pub fn is_public(st: &Statement) -> bool {
    allows(st)
        && st.conditions.is_empty()
        && st.principal.as_ref().is_some_and(|p| {
            !p.negated
                && match &p.set {
                    PrincipalSet::Any => true,
                    PrincipalSet::Typed(list) => {
                        list.iter().any(|(t, vals)| *t == PrincipalType::Aws && vals.iter().any(|v| v.value == "*"))
                    }
                }
        })
}
