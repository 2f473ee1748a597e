//! Security Hub's IAM controls.

use super::{Ctx, Outcome, group_ref, resource, role_ref, root_ref, setting, user_ref};
use crate::date::{days_between, format};
use crate::model::{Evidence, ResourceResult};
use crate::policies::{is_admin, is_full_service, statement_evidence};
use iam_core::model::{AccessKey, Mfa, PasswordPolicy, User};
use iam_core::policy::Statement;

/// Customer managed policies with a statement `pred` finds (IAM.1, IAM.21, KMS.1).
pub fn customer_policy_statements(ctx: &Ctx<'_>, pred: fn(&Statement) -> bool) -> Outcome {
    let mut out = Vec::new();
    for (ai, _) in ctx.accounts() {
        for id in ctx.customer_policies(ai) {
            let evidence = statement_evidence(ctx.model, id, pred);
            out.push(resource(ctx.label(id), !evidence.is_empty(), evidence));
        }
    }
    Outcome::Resources(out)
}

pub fn admin_policies(ctx: &Ctx<'_>) -> Outcome {
    customer_policy_statements(ctx, is_admin)
}

pub fn full_service_policies(ctx: &Ctx<'_>) -> Outcome {
    customer_policy_statements(ctx, is_full_service)
}

/// Every IAM user with its reference.
fn users<'c>(ctx: &'c Ctx<'_>) -> impl Iterator<Item = (String, &'c User)> {
    ctx.accounts().flat_map(|(_, a)| a.users.iter().map(move |u| (user_ref(a, &u.name), u)))
}

pub fn user_policies(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        users(ctx)
            .map(|(r, u)| {
                let evidence: Vec<Evidence> =
                    u.policies.iter().map(|&id| Evidence::Attachment { policy: ctx.label(id) }).collect();
                resource(r, !evidence.is_empty(), evidence)
            })
            .collect(),
    )
}

fn date_text(ms: Option<i64>) -> String {
    ms.map(format).unwrap_or_else(|| "never".into())
}

pub fn key_rotation(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        users(ctx)
            .map(|(r, u)| {
                let old: Vec<Evidence> = u
                    .access_keys
                    .iter()
                    .filter(|k| k.active && k.created.is_some_and(|c| days_between(c, ctx.as_of) > 90))
                    .map(|k| setting(format!("accessKey {} created", k.id), date_text(k.created), "within 90 days"))
                    .collect();
                resource(r, !old.is_empty(), old)
            })
            .collect(),
    )
}

pub fn root_keys(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .map(|(ai, a)| {
                let n = if ctx.root_present(ai) { a.root_user.access_keys.len() } else { 0 };
                resource(a.name.clone(), n > 0, vec![setting("rootUser.accessKeys", n.to_string(), "0")])
            })
            .collect(),
    )
}

fn mfa_text(m: Mfa) -> &'static str {
    match m {
        Mfa::None => "none",
        Mfa::Virtual => "virtual",
        Mfa::Hardware => "hardware",
        Mfa::Passkey => "passkey",
    }
}

/// Root controls for accounts whose root credentials exist; removed ones pass.
fn root_check(ctx: &Ctx<'_>, expected: &str, fails: fn(Mfa) -> bool) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .map(|(ai, a)| {
                if ctx.root_present(ai) {
                    let m = a.root_user.mfa;
                    resource(root_ref(a), fails(m), vec![setting("rootUser.mfa", mfa_text(m), expected)])
                } else {
                    resource(root_ref(a), false, vec![setting("rootUser.credentialsRemoved", "true", "")])
                }
            })
            .collect(),
    )
}

pub fn root_hardware_mfa(ctx: &Ctx<'_>) -> Outcome {
    root_check(ctx, "hardware", |m| matches!(m, Mfa::None | Mfa::Virtual))
}

pub fn root_mfa(ctx: &Ctx<'_>) -> Outcome {
    root_check(ctx, "any MFA device", |m| m == Mfa::None)
}

pub fn console_mfa(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        users(ctx)
            .filter(|(_, u)| u.console_password)
            .map(|(r, u)| resource(r, u.mfa == Mfa::None, vec![setting("mfa", mfa_text(u.mfa), "any MFA device")]))
            .collect(),
    )
}

pub fn user_mfa(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        users(ctx)
            .map(|(r, u)| resource(r, u.mfa == Mfa::None, vec![setting("mfa", mfa_text(u.mfa), "any MFA device")]))
            .collect(),
    )
}

/// The requirements of each password control: (setting, value, expected, holds).
fn password_rules(id: &str, p: &PasswordPolicy) -> Vec<(&'static str, String, &'static str, bool)> {
    let upper = ("requireUppercase", p.require_uppercase.to_string(), "true", p.require_uppercase);
    let lower = ("requireLowercase", p.require_lowercase.to_string(), "true", p.require_lowercase);
    let symbols = ("requireSymbols", p.require_symbols.to_string(), "true", p.require_symbols);
    let numbers = ("requireNumbers", p.require_numbers.to_string(), "true", p.require_numbers);
    let len = |min: u32, expected| ("minimumLength", p.minimum_length.to_string(), expected, p.minimum_length >= min);
    let expiry = ("maxAgeDays", p.max_age_days.to_string(), "1 to 90", (1..=90).contains(&p.max_age_days));
    match id {
        "IAM.7" => vec![upper, lower, symbols, numbers, len(8, ">= 8")],
        "IAM.10" => vec![
            upper,
            lower,
            numbers,
            len(7, ">= 7"),
            ("reusePrevention", p.reuse_prevention.to_string(), ">= 4", p.reuse_prevention >= 4),
            expiry,
        ],
        "IAM.11" => vec![upper],
        "IAM.12" => vec![lower],
        "IAM.13" => vec![symbols],
        "IAM.14" => vec![numbers],
        "IAM.15" => vec![len(14, ">= 14")],
        "IAM.16" => vec![("reusePrevention", p.reuse_prevention.to_string(), "24", p.reuse_prevention == 24)],
        "IAM.17" => vec![expiry],
        _ => Vec::new(),
    }
}

/// IAM.7, IAM.10–IAM.17: the account's password policy. Without one, AWS's
/// default policy applies, which sets none of these: the control fails.
pub fn password_policy(ctx: &Ctx<'_>, id: &str) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .map(|(_, a)| match &a.password_policy {
                None => resource(
                    a.name.clone(),
                    true,
                    vec![setting("passwordPolicy", "none (AWS default policy)", "a custom password policy")],
                ),
                Some(p) => {
                    let rules = password_rules(id, p);
                    let failed = rules.iter().any(|r| !r.3);
                    let evidence = rules
                        .into_iter()
                        .filter(|r| !failed || !r.3)
                        .map(|(s, v, e, _)| setting(format!("passwordPolicy.{s}"), v, e))
                        .collect();
                    resource(a.name.clone(), failed, evidence)
                }
            })
            .collect(),
    )
}

/// A key unused for `days`: its last use, or its creation if never used.
fn key_unused(k: &AccessKey, as_of: i64, days: i64) -> bool {
    k.active && k.last_used.or(k.created).is_some_and(|t| days_between(t, as_of) >= days)
}

/// IAM.8 (90 days), IAM.22 (45 days).
pub fn unused_credentials(ctx: &Ctx<'_>, days: i64) -> Outcome {
    let expected = format!("used within {days} days");
    Outcome::Resources(
        users(ctx)
            .map(|(r, u)| {
                let mut evidence = Vec::new();
                if u.console_password && u.password_last_used.is_none_or(|t| days_between(t, ctx.as_of) >= days) {
                    evidence.push(setting("passwordLastUsed", date_text(u.password_last_used), expected.clone()));
                }
                for k in u.access_keys.iter().filter(|k| key_unused(k, ctx.as_of, days)) {
                    let value = match k.last_used {
                        Some(t) => format(t),
                        None => format!("never (created {})", date_text(k.created)),
                    };
                    evidence.push(setting(format!("accessKey {} lastUsed", k.id), value, expected.clone()));
                }
                resource(r, !evidence.is_empty(), evidence)
            })
            .collect(),
    )
}

pub fn support_role(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .map(|(_, a)| {
                let has = |ids: &[usize]| ids.iter().any(|&id| ctx.aws_managed_name(id) == Some("AWSSupportAccess"));
                let holders: Vec<String> = a
                    .users
                    .iter()
                    .filter(|u| has(&u.policies))
                    .map(|u| user_ref(a, &u.name))
                    .chain(a.groups.iter().filter(|g| has(&g.policies)).map(|g| group_ref(a, &g.name)))
                    .chain(a.roles.iter().filter(|r| has(&r.policies)).map(|r| role_ref(a, &r.name)))
                    .collect();
                let value = if holders.is_empty() { "none".to_string() } else { holders.join(", ") };
                resource(
                    a.name.clone(),
                    holders.is_empty(),
                    vec![setting("AWSSupportAccess attached to", value, "a user, group or role")],
                )
            })
            .collect(),
    )
}

fn user_tags(tags: &[(String, String)]) -> usize {
    tags.iter().filter(|(k, _)| !k.starts_with("aws:")).count()
}

pub fn roles_tagged(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        ctx.accounts()
            .flat_map(|(_, a)| {
                a.roles.iter().filter(|r| !r.service_linked).map(move |r| {
                    let n = user_tags(&r.tags);
                    resource(role_ref(a, &r.name), n == 0, vec![setting("tags", n.to_string(), ">= 1")])
                })
            })
            .collect(),
    )
}

pub fn users_tagged(ctx: &Ctx<'_>) -> Outcome {
    Outcome::Resources(
        users(ctx)
            .map(|(r, u)| {
                let n = user_tags(&u.tags);
                resource(r, n == 0, vec![setting("tags", n.to_string(), ">= 1")])
            })
            .collect(),
    )
}

pub fn cloudshell(ctx: &Ctx<'_>) -> Outcome {
    let check = |r: String, ids: &[usize]| -> ResourceResult {
        let evidence: Vec<Evidence> = ids
            .iter()
            .filter(|&&id| ctx.aws_managed_name(id) == Some("AWSCloudShellFullAccess"))
            .map(|&id| Evidence::Attachment { policy: ctx.label(id) })
            .collect();
        resource(r, !evidence.is_empty(), evidence)
    };
    let mut out = Vec::new();
    for (_, a) in ctx.accounts() {
        out.extend(a.users.iter().map(|u| check(user_ref(a, &u.name), &u.policies)));
        out.extend(a.groups.iter().map(|g| check(group_ref(a, &g.name), &g.policies)));
        out.extend(a.roles.iter().map(|r| check(role_ref(a, &r.name), &r.policies)));
    }
    Outcome::Resources(out)
}
