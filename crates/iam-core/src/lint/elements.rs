//! Which elements each policy type allows: `Principal` in SCPs, `Resource` in
//! trust policies, and the rules of resource control policies.

use super::Lint;
use super::facts::Resolved;
use super::policy_type::{PolicyType, PrincipalRule};
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::policy::{Effect, Element, PrincipalSet, Statement};
use crate::span::Span;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    principals(lint);
    resources(lint);
    match lint.policy_type {
        PolicyType::Trust => trust_actions(lint),
        PolicyType::Rcp => rcp(lint),
        _ => {}
    }
}

/// `Principal`/`NotPrincipal` (or `Resource`/`NotResource`) as written,
/// whether or not the value could be read.
fn written(st: &Statement, pair: [Element; 2]) -> impl Iterator<Item = (Element, Span)> + '_ {
    st.elements.iter().filter(move |(e, _)| pair.contains(e))
}

fn principals(lint: &mut Lint<'_, '_>) {
    let ty = lint.policy_type;
    for st in &lint.policy.statements {
        let mut principals = written(st, [Element::Principal, Element::NotPrincipal]).peekable();
        match ty.principal_rule() {
            PrincipalRule::Forbidden => {
                for (element, span) in principals {
                    let element = element.name();
                    let why = match ty {
                        PolicyType::Scp => "an SCP applies to every principal in the accounts it is attached to",
                        _ => "the policy applies to the identity it is attached to",
                    };
                    lint.findings.push(
                        Diagnostic::new(
                            Code::PrincipalNotAllowed,
                            span,
                            format!("`{element}` is not allowed in {}: {why}", ty.noun()),
                        )
                        .with_hint(format!("remove `{element}`; to limit who is affected, use a condition such as `aws:PrincipalArn`")),
                    );
                }
            }
            PrincipalRule::Required if principals.peek().is_none() => lint.findings.push(
                Diagnostic::new(Code::MissingPrincipal, st.span, format!("the statement has no `Principal`, which {} needs", ty.noun()))
                    .with_hint(match ty {
                        PolicyType::Rcp => "add \"Principal\": \"*\" and restrict with conditions",
                        PolicyType::Trust => "add \"Principal\": {\"Service\": \"ec2.amazonaws.com\"} or the accounts and roles that may assume it",
                        _ => "add \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"} naming who gets access",
                    }),
            ),
            PrincipalRule::Required => {}
        }
    }
}

fn resources(lint: &mut Lint<'_, '_>) {
    let ty = lint.policy_type;
    for st in &lint.policy.statements {
        let resources: Vec<(Element, Span)> = written(st, [Element::Resource, Element::NotResource]).collect();
        if !ty.allows_resource() {
            for (element, span) in resources {
                let element = element.name();
                lint.findings.push(
                    Diagnostic::new(
                        Code::ResourceNotAllowed,
                        span,
                        format!("a role trust policy cannot have `{element}`: the resource is the role itself"),
                    )
                    .with_hint(format!("remove the `{element}` element")),
                );
            }
            continue;
        }
        if resources.is_empty() {
            lint.findings.push(
                Diagnostic::new(
                    Code::MissingResource,
                    st.span,
                    format!("the statement has no `Resource`, which {} needs", ty.noun()),
                )
                .in_policy(ty)
                .with_hint("add \"Resource\" with the ARNs the statement is about, or \"*\""),
            );
        }
    }
}

const TRUST_ACTIONS: &[&str] = &[
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
];

fn trust_actions(lint: &mut Lint<'_, '_>) {
    for facts in &lint.statements {
        for item in &facts.actions {
            let lower = item.text.to_ascii_lowercase();
            let is_role_action = match &item.resolved {
                Resolved::All => true,
                Resolved::Wildcard(list) => {
                    list.iter().any(|(s, a)| TRUST_ACTIONS.contains(&format!("{}:{}", s.prefix, a.lower).as_str()))
                }
                _ => TRUST_ACTIONS.contains(&lower.as_str()),
            };
            if !is_role_action
                && !matches!(item.resolved, Resolved::UnknownAction | Resolved::UnknownService | Resolved::Malformed)
            {
                lint.findings.push(
                    Diagnostic::new(
                        Code::TrustUnsupportedAction,
                        item.span,
                        format!("`{}` has no effect in a role trust policy, which only governs assuming the role", item.text),
                    )
                    .with_hint("use `sts:AssumeRole` (or `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity`)"),
                );
            }
        }
    }
}

/// Organizations, "RCP syntax": `Allow` only in `RCPFullAWSAccess`, `Principal`
/// must be `"*"`, no `NotAction` or `NotPrincipal`, only services that support RCPs.
fn rcp(lint: &mut Lint<'_, '_>) {
    for facts in &lint.statements {
        let st = facts.statement;
        if let Some(p) = &st.principal {
            if p.negated {
                lint.findings.push(
                    Diagnostic::new(
                        Code::RcpUnsupportedElement,
                        p.span,
                        "resource control policies do not support `NotPrincipal`",
                    )
                    .with_hint("use \"Principal\": \"*\" with a condition such as `aws:PrincipalArn`"),
                );
            } else if !matches!(p.set, PrincipalSet::Any) {
                lint.findings.push(
                    Diagnostic::new(Code::RcpPrincipal, p.span, "the `Principal` of a resource control policy must be \"*\"")
                        .with_hint("write \"Principal\": \"*\" and restrict principals with conditions such as `aws:PrincipalOrgID`"),
                );
            }
        }
        if let Some(a) = st.action.as_ref().filter(|a| a.negated) {
            lint.findings.push(
                Diagnostic::new(
                    Code::RcpUnsupportedElement,
                    a.span,
                    "resource control policies do not support `NotAction`",
                )
                .with_hint("list the actions to deny in `Action`"),
            );
        }
        if st.effect.as_ref().is_some_and(|e| e.value == Effect::Allow) && !is_full_access_statement(facts) {
            let span = st.effect.as_ref().map_or(st.span, |e| e.span);
            lint.findings.push(
                Diagnostic::new(
                    Code::RcpAllow,
                    span,
                    "resource control policies can only deny: `Allow` is reserved for `RCPFullAWSAccess`",
                )
                .with_hint("write the statement as a `Deny` with conditions that describe what is not allowed"),
            );
        }
        for item in &facts.actions {
            if let Resolved::Known((svc, _)) = &item.resolved
                && !lint.catalog.supports_rcp(&svc.prefix)
            {
                lint.findings.push(rcp_unsupported(item.span, &svc.prefix));
            }
            if let Resolved::Wildcard(list) = &item.resolved
                && let Some((svc, _)) = list.first()
                && !item.text.starts_with('*')
                && !lint.catalog.supports_rcp(&svc.prefix)
            {
                lint.findings.push(rcp_unsupported(item.span, &svc.prefix));
            }
        }
    }
}

/// A WARNING, not an ERROR: AWS adds services to RCPs over time, and the
/// catalog's list may lag (AWS's own samples use `sns` before the list has it).
fn rcp_unsupported(span: crate::span::Span, prefix: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RcpUnsupportedService,
        span,
        format!("`{prefix}` is not among the services the catalog lists as supporting resource control policies"),
    )
    .with_hint("RCPs have no effect on other services: use an SCP or a resource policy for it")
}

/// `{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}`, the one allowed RCP `Allow`.
fn is_full_access_statement(facts: &super::facts::StatementFacts<'_, '_>) -> bool {
    let st = facts.statement;
    st.conditions.is_empty()
        && st.principal.as_ref().is_some_and(|p| !p.negated && matches!(p.set, PrincipalSet::Any))
        && facts.actions.iter().all(|a| matches!(a.resolved, Resolved::All))
        && !facts.is_not_action()
        && facts.resource_is_broad()
        && !st.resource.as_ref().is_some_and(|r| r.negated)
}
