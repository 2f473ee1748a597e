//! Grants broader than they look: `Allow` with `NotAction`/`NotResource`/
//! `NotPrincipal`, full administrator access, `iam:PassRole` on every role,
//! and resource policies open to everyone.

use super::Lint;
use super::facts::{Resolved, StatementFacts};
use super::policy_type::PolicyType;
use crate::condition::{Family, Operator, SetQualifier};
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::policy::{PrincipalSet, PrincipalType};

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let ty = lint.policy_type;
    // Organizations policies only filter what identity policies grant, so
    // broad `Allow`s there (`FullAWSAccess`, `RCPFullAWSAccess`) grant nothing.
    let grants = !matches!(ty, PolicyType::Scp | PolicyType::Rcp);
    let mut found = Vec::new();
    for facts in lint.statements.iter().filter(|f| f.is_allow()) {
        let st = facts.statement;
        if grants {
            if let Some(a) = st.action.as_ref().filter(|a| a.negated) {
                found.push(
                    Diagnostic::new(
                        Code::AllowNotAction,
                        a.span,
                        "`Allow` with `NotAction` grants every action not listed, including actions AWS adds later",
                    )
                    .with_hint(
                        "list the actions to allow in `Action`; to carve out exceptions, add a `Deny` statement",
                    ),
                );
            }
            if let Some(r) = st.resource.as_ref().filter(|r| r.negated) {
                found.push(
                    Diagnostic::new(
                        Code::AllowNotResource,
                        r.span,
                        "`Allow` with `NotResource` grants every resource not listed, in every service the actions cover",
                    )
                    .with_hint("list the resources to allow in `Resource`; to carve out exceptions, add a `Deny` statement"),
                );
            }
            full_access(facts, ty, &mut found);
            pass_role(facts, ty, &mut found);
        }
        if let Some(p) = st.principal.as_ref().filter(|p| p.negated) {
            found.push(
                Diagnostic::new(
                    Code::AllowNotPrincipal,
                    p.span,
                    "`Allow` with `NotPrincipal` grants access to everyone not listed, including anonymous users",
                )
                .with_hint(
                    "name the principals in `Principal`, or use `Principal: *` with a condition on `aws:PrincipalArn`",
                ),
            );
        }
        if matches!(ty, PolicyType::Resource | PolicyType::Trust) {
            public(facts, ty, &mut found);
        }
    }
    lint.findings.extend(found);
}

fn full_access(facts: &StatementFacts<'_, '_>, ty: PolicyType, found: &mut Vec<Diagnostic>) {
    if ty == PolicyType::Boundary || facts.is_not_action() || !facts.statement.conditions.is_empty() {
        return;
    }
    let Some(star) = facts.actions.iter().find(|a| matches!(a.resolved, Resolved::All)) else { return };
    let all_resources =
        facts.statement.resource.as_ref().is_some_and(|r| !r.negated && r.items.iter().any(|i| i.value == "*"));
    if all_resources {
        found.push(
            Diagnostic::new(
                Code::FullAccess,
                star.span,
                "`Allow` of every action on every resource: this is full administrator access",
            )
            .with_hint("grant only the actions and resources needed (least privilege)"),
        );
    }
}

/// `iam:PassRole` on `*` lets the holder hand any role, including admin roles,
/// to a service (IAM User Guide, "Granting a user permissions to pass a role").
fn pass_role(facts: &StatementFacts<'_, '_>, ty: PolicyType, found: &mut Vec<Diagnostic>) {
    if matches!(ty, PolicyType::Resource | PolicyType::Trust) || !facts.resource_is_broad() {
        return;
    }
    if facts.has_condition_on("iam:PassedToService") || facts.has_condition_on("iam:AssociatedResourceArn") {
        return;
    }
    // `Action: *` is reported as full access instead.
    let grants = |item: &super::facts::ActionItem<'_, '_>| match &item.resolved {
        Resolved::Known((svc, a)) => is_pass_role(&svc.prefix, &a.lower),
        Resolved::Wildcard(list) => list.iter().any(|(svc, a)| is_pass_role(&svc.prefix, &a.lower)),
        _ => false,
    };
    let item = if facts.is_not_action() {
        // `NotAction` not naming PassRole grants it.
        if facts.actions.iter().any(grants) { None } else { facts.actions.first() }
    } else {
        facts.actions.iter().find(|i| grants(i))
    };
    if let Some(item) = item {
        found.push(
            Diagnostic::new(
                Code::PassRoleStar,
                item.span,
                "`iam:PassRole` on every role: the holder can give any role, even an administrator role, to a service",
            )
            .with_hint("list the role ARNs in `Resource`, or add a condition on `iam:PassedToService`"),
        );
    }
}

fn is_pass_role(prefix: &str, lower_name: &str) -> bool {
    prefix == "iam" && lower_name == "passrole"
}

/// Keys that narrow who a `Principal: *` statement applies to.
const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcearn",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:principalarn",
    "aws:principalaccount",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:principalisawsservice",
    "aws:userid",
    "aws:username",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourcevpcarn",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:vpceaccount",
    "aws:vpceorgid",
    "aws:vpceorgpaths",
];

fn public(facts: &StatementFacts<'_, '_>, ty: PolicyType, found: &mut Vec<Diagnostic>) {
    let Some(p) = facts.statement.principal.as_ref().filter(|p| !p.negated) else { return };
    let everyone = match &p.set {
        PrincipalSet::Any => true,
        PrincipalSet::Typed(groups) => {
            groups.iter().any(|(t, values)| *t == PrincipalType::Aws && values.iter().any(|v| v.value == "*"))
        }
    };
    if !everyone {
        return;
    }
    let restricted = facts.statement.conditions.iter().any(|c| {
        let key = c.key.value.to_ascii_lowercase();
        // Only an operator that needs the key to be present and to match
        // restricts: negated ones, `...IfExists`, `ForAllValues` and `Null`
        // are true for requests without the key (anonymous ones included).
        let restricts = Operator::parse(&c.operator.value).is_ok_and(|op| {
            !op.negated && !op.if_exists && op.family != Family::Null && op.set != Some(SetQualifier::ForAllValues)
        });
        restricts
            && (RESTRICTING_KEYS.contains(&key.as_str())
                || key.ends_with(":calleraccount")
                || key.ends_with(":sourceaccount")
                || key.ends_with(":resourceaccount"))
    });
    if restricted {
        return;
    }
    let who = if ty == PolicyType::Trust {
        "anyone can assume the role"
    } else {
        "anyone, including anonymous users, gets access"
    };
    found.push(
        Diagnostic::new(
            Code::PublicAccess,
            p.span,
            format!("`Principal` `*` without a condition that restricts who: {who}"),
        )
        .with_hint(
            "name the principals, or add a condition such as `aws:PrincipalOrgID`, `aws:SourceArn` or `aws:SourceVpce`",
        ),
    );
}
