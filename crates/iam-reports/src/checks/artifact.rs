//! AWS Artifact agreements: which cover each account, and the PHI control.

use super::{Ctx, Outcome, resource, setting};
use crate::date;
use crate::model::{AccountAgreements, Coverage};
use iam_core::model::AccountId;
use iam_wire::scenario::{AgreementKind, AgreementScope};

/// The tag that marks regulated data, and the agreement it needs.
pub const REGULATED: &[(&str, &str, AgreementKind)] = &[("data-classification", "phi", AgreementKind::Baa)];

pub fn kind_id(k: AgreementKind) -> &'static str {
    match k {
        AgreementKind::Baa => "baa",
        AgreementKind::Andb => "andb",
        AgreementKind::Nzndb => "nzndb",
    }
}

pub fn kind_name(k: AgreementKind) -> &'static str {
    match k {
        AgreementKind::Baa => "AWS Business Associate Addendum",
        AgreementKind::Andb => "AWS Australian Notifiable Data Breach Addendum",
        AgreementKind::Nzndb => "AWS New Zealand Notifiable Data Breach Addendum",
    }
}

/// The agreements in force for account `ai` on the report date: its own, and
/// those the management account accepted for the organization (which cover
/// every account in it, including ones added later).
fn covering(ctx: &Ctx<'_>, ai: AccountId) -> Vec<(AgreementKind, Coverage)> {
    let in_force = |accepted: &str| date::parse(accepted).is_some_and(|t| t <= ctx.as_of);
    let mut out = Vec::new();
    let mut add = |from: AccountId, scope: AgreementScope| {
        let (Some(doc), Some(acct)) = (ctx.doc.accounts.get(from), ctx.model.accounts.get(from)) else { return };
        for g in doc.agreements.iter().filter(|g| g.scope == scope && in_force(&g.accepted)) {
            out.push((
                g.agreement,
                Coverage {
                    agreement: kind_id(g.agreement).into(),
                    name: kind_name(g.agreement).into(),
                    scope: match scope {
                        AgreementScope::Account => "account".into(),
                        AgreementScope::Organization => "organization".into(),
                    },
                    accepted_in: acct.name.clone(),
                    accepted: g.accepted.clone(),
                    accepted_by: g.accepted_by.clone(),
                },
            ));
        }
    };
    add(ai, AgreementScope::Account);
    if ctx.model.in_org(ai)
        && let Some(m) = ctx.model.org.as_ref().and_then(|o| o.management_account)
    {
        add(m, AgreementScope::Organization);
    }
    out
}

/// Every account with the agreements that cover it.
pub fn coverage(ctx: &Ctx<'_>) -> Vec<AccountAgreements> {
    ctx.accounts()
        .map(|(ai, a)| AccountAgreements {
            account: a.name.clone(),
            covered_by: covering(ctx, ai).into_iter().map(|(_, c)| c).collect(),
        })
        .collect()
}

/// ART.1: accounts tagged as holding PHI need a BAA.
pub fn phi_baa(ctx: &Ctx<'_>) -> Outcome {
    let mut out = Vec::new();
    for (ai, a) in ctx.accounts() {
        let Some(doc) = ctx.doc.accounts.get(ai) else { continue };
        for (key, value, needed) in REGULATED {
            if doc.tags.get(*key).map(String::as_str) != Some(*value) {
                continue;
            }
            let found: Vec<Coverage> =
                covering(ctx, ai).into_iter().filter(|(k, _)| k == needed).map(|(_, c)| c).collect();
            let shown = match found.first() {
                Some(c) => format!("{} ({} scope, accepted in {} on {})", c.name, c.scope, c.accepted_in, c.accepted),
                None => "none".into(),
            };
            out.push(resource(
                a.name.clone(),
                found.is_empty(),
                vec![
                    setting(format!("tags.{key}"), *value, ""),
                    setting(format!("agreement {}", kind_id(*needed)), shown, kind_name(*needed)),
                ],
            ));
        }
    }
    Outcome::Resources(out)
}
