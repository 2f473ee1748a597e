//! Findings about identities and their credentials: wildcard administrator
//! grants, console users without MFA, old or unused access keys.

use super::{Evidence, Finding, FindingType};
use iam_core::LineIndex;
use iam_core::model::{Mfa, Model, PolicyKind, PrincipalRef};
use iam_core::policy::Effect;
use iam_reports::date;

/// Days after which an access key is old or unused (CIS AWS Foundations 1.14 and 1.12 count 90 and 45; AWS's
/// security notes say rotate regularly; we use 90 for both).
pub const KEY_MAX_AGE_DAYS: i64 = 90;

/// Identity policy statements that allow `*` on `*` without conditions, with their holders.
pub(super) fn wildcard_admin(model: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    for (id, entry) in model.policies.iter().enumerate() {
        if !matches!(entry.origin.kind(), PolicyKind::Inline | PolicyKind::CustomerManaged | PolicyKind::AwsManaged) {
            continue;
        }
        let holders: Vec<String> = model
            .principals()
            .into_iter()
            .filter(|p| !matches!(p, PrincipalRef::Root { .. }) && model.identity_policies(p).contains(&id))
            .map(|p| model.principal_label(&p))
            .collect();
        if holders.is_empty() {
            continue;
        }
        for st in &entry.compiled.statements {
            let all_actions = !st.not_action && st.actions.iter().any(|a| &*a.text == "*");
            let all_resources = !st.not_resource
                && st.resources.as_ref().is_some_and(|r| {
                    r.iter().any(|x| matches!(x, iam_core::compile::ResourcePattern::Static(g) if g.matches("")))
                });
            if st.effect != Effect::Allow || !all_actions || !all_resources || !st.conditions.is_empty() {
                continue;
            }
            let line = LineIndex::new(&entry.source).line_col(st.span.start).line;
            let title = format!("{} allows * on * to {}", entry.label, holders.join(", "));
            let evidence = vec![Evidence::Statement { policy: entry.label.clone(), line }];
            out.push(Finding::new(FindingType::WildcardAdminGrant, title, holders.clone(), evidence));
        }
    }
    out
}

/// Users with a console password and no MFA device.
pub(super) fn console_without_mfa(model: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    for (a, acct) in model.accounts.iter().enumerate() {
        for (i, u) in acct.users.iter().enumerate() {
            if !u.console_password || u.mfa != Mfa::None {
                continue;
            }
            let label = model.principal_label(&PrincipalRef::User { account: a, index: i });
            let evidence = vec![
                Evidence::Setting { name: "consolePassword".into(), value: "true".into() },
                Evidence::Setting { name: "mfa".into(), value: "none".into() },
            ];
            out.push(Finding::new(
                FindingType::ConsoleUserWithoutMfa,
                format!("{label} signs in without MFA"),
                vec![label],
                evidence,
            ));
        }
    }
    out
}

/// Active access keys older than [`KEY_MAX_AGE_DAYS`], or unused for that long (or never used).
pub(super) fn access_keys(model: &Model, as_of: i64) -> Vec<Finding> {
    let mut out = Vec::new();
    for (a, acct) in model.accounts.iter().enumerate() {
        for (i, u) in acct.users.iter().enumerate() {
            let label = model.principal_label(&PrincipalRef::User { account: a, index: i });
            for k in u.access_keys.iter().filter(|k| k.active) {
                let setting = |name: &str, v: Option<i64>| Evidence::Setting {
                    name: format!("{}.{name}", k.id),
                    value: v.map_or_else(|| "never".into(), date::format),
                };
                if let Some(created) = k.created
                    && date::days_between(created, as_of) > KEY_MAX_AGE_DAYS
                {
                    let days = date::days_between(created, as_of);
                    let title = format!("{label}'s access key {} is {days} days old", k.id);
                    let ev = vec![setting("created", k.created)];
                    out.push(Finding::new(FindingType::AccessKeyNotRotated, title, vec![label.clone()], ev));
                }
                let unused = match k.last_used.or(k.created) {
                    Some(t) => date::days_between(t, as_of) > KEY_MAX_AGE_DAYS,
                    None => true,
                };
                if unused {
                    let title = match k.last_used {
                        Some(t) => {
                            format!("{label}'s access key {} unused for {} days", k.id, date::days_between(t, as_of))
                        }
                        None => format!("{label}'s access key {} was never used", k.id),
                    };
                    let ev = vec![setting("lastUsed", k.last_used), setting("created", k.created)];
                    out.push(Finding::new(FindingType::AccessKeyUnused, title, vec![label.clone()], ev));
                }
            }
        }
    }
    out
}
