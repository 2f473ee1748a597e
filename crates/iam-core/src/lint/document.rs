//! Checks on the document as a whole: `Version`, size quota, `Sid`s.

use super::Lint;
use super::policy_type::PolicyType;
use super::text::{has_policy_variable, policy_size, sub_span, variables};
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::policy::Element;
use crate::span::Span;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    version(lint);
    size(lint);
    sids(lint);
}

/// Every string where AWS substitutes policy variables: resources and condition values.
fn variable_uses<'a>(lint: &Lint<'a, '_>) -> impl Iterator<Item = (&'a str, Span)> + 'a {
    let policy = lint.policy;
    policy.statements.iter().flat_map(|s| {
        let resources = s.resource.iter().flat_map(|r| &r.items).map(|i| (i.value.as_str(), i.span));
        let values = s.conditions.iter().flat_map(|c| &c.values).map(|v| (v.value.as_str(), v.span));
        resources.chain(values)
    })
}

fn version(lint: &mut Lint<'_, '_>) {
    let version = lint.policy.version.as_ref();
    let is_current = version.is_some_and(|v| v.value == "2012-10-17");
    // A `Version` that is not a string was reported by the parser (`invalid-type`): it is not missing.
    if is_current || (version.is_none() && lint.policy.elements.has(Element::Version)) {
        return;
    }
    let first_variable = variable_uses(lint).find(|(value, _)| has_policy_variable(value));
    if let Some((value, span)) = first_variable {
        let range = variables(value).next().map_or(0..value.len(), |(r, _)| r);
        let span = sub_span(lint.text, span, value, range);
        let found = match version {
            Some(v) => format!("`Version` is `{}`", v.value),
            None => "the policy has no `Version`".to_string(),
        };
        lint.findings.push(
            Diagnostic::new(
                Code::VariablesWithoutVersion,
                span,
                format!("{found}, so policy variables such as this one are plain text and never match"),
            )
            .with_hint("add \"Version\": \"2012-10-17\" at the top of the policy"),
        );
        return;
    }
    match version {
        None => {
            let message = if lint.policy_type == PolicyType::Rcp {
                "the policy has no `Version`: resource control policies must have \"Version\": \"2012-10-17\""
            } else {
                "the policy has no `Version`: it defaults to 2008-10-17, without policy variables"
            };
            let span = Span::new(lint.policy.span.start, lint.policy.span.start.saturating_add(1));
            lint.findings.push(
                Diagnostic::new(Code::MissingVersion, span, message)
                    .in_policy(lint.policy_type)
                    .with_hint("add \"Version\": \"2012-10-17\" at the top of the policy"),
            );
        }
        Some(v) if v.value == "2008-10-17" => lint.findings.push(
            Diagnostic::new(
                Code::OldVersion,
                v.span,
                "`Version` 2008-10-17 is the old policy language: it has no policy variables",
            )
            .with_hint("use \"2012-10-17\""),
        ),
        Some(_) => {} // the parser reported `invalid-version`
    }
}

fn size(lint: &mut Lint<'_, '_>) {
    let Some(quota) = lint.policy_type.quota() else {
        return;
    };
    let size = policy_size(lint.text, quota.counts_whitespace);
    if size <= quota.limit {
        return;
    }
    lint.over_quota = quota.hard_limit.is_none_or(|hard| size > hard);
    let counted = if quota.counts_whitespace { "characters" } else { "characters not counting whitespace" };
    let compact = policy_size(lint.text, false);
    let hint = if quota.counts_whitespace && compact <= quota.limit {
        format!(
            "remove the whitespace outside strings, which counts here: without it the policy has {compact} characters"
        )
    } else if quota.counts_whitespace {
        "remove whitespace outside strings (it counts here), merge statements, or use wildcards for related actions"
            .into()
    } else {
        "split it into several policies, or merge statements and use wildcards for related actions".into()
    };
    let finding = Diagnostic::new(
        Code::PolicyTooLarge,
        Span::new(lint.policy.span.start, lint.policy.span.start.saturating_add(1)),
        format!("the policy has {size} {counted}; AWS allows {} for {}", quota.limit, quota.what),
    )
    .with_hint(hint);
    // Above a hard limit, the declared severity even where the policy type lowers it.
    let over_hard_limit = quota.hard_limit.is_some_and(|hard| size > hard);
    lint.findings.push(if over_hard_limit { finding } else { finding.in_policy(lint.policy_type) });
}

fn sids(lint: &mut Lint<'_, '_>) {
    let ty = lint.policy_type;
    let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
    for st in &lint.policy.statements {
        let Some(sid) = &st.sid else { continue };
        if !seen.insert(sid.value.as_str()) {
            lint.findings.push(
                Diagnostic::new(
                    Code::DuplicateSid,
                    sid.span,
                    format!("another statement already has `Sid` `{}`", sid.value),
                )
                .in_policy(ty)
                .with_hint("give every statement its own `Sid`"),
            );
        }
        if ty.sid_must_be_alphanumeric() && !sid.value.chars().all(|c| c.is_ascii_alphanumeric()) {
            lint.findings.push(
                Diagnostic::new(
                    Code::InvalidSid,
                    sid.span,
                    format!("`Sid` `{}` may only contain letters and digits", sid.value),
                )
                .with_hint(format!(
                    "write `{}`",
                    sid.value.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
                )),
            );
        }
    }
}
