//! Template placeholders left in a policy copied from documentation or
//! samples: `<region>`, `<my-org-id>`, `[ACCOUNT_ID]`, and the Service
//! Authorization Reference's `${Account}`/`${Region}`. IAM accepts them as
//! literal text (or unknown variables), so the statement silently never
//! matches: a guardrail `Deny` with one does nothing.

use super::Lint;
use super::text::sub_span;
use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::span::Span;

pub(crate) fn check(lint: &mut Lint<'_, '_>) {
    let mut found = Vec::new();
    for st in &lint.policy.statements {
        let actions = st.action.iter().flat_map(|b| &b.items);
        let resources = st.resource.iter().flat_map(|b| &b.items);
        let principals = st.principal.iter().flat_map(|p| match &p.set {
            crate::policy::PrincipalSet::Typed(groups) => groups.iter().flat_map(|(_, v)| v).collect::<Vec<_>>(),
            crate::policy::PrincipalSet::Any => Vec::new(),
        });
        let keys = st.conditions.iter().map(|c| &c.key);
        let values = st.conditions.iter().flat_map(|c| &c.values);
        for item in actions.chain(resources).chain(principals).chain(keys).chain(values) {
            if let Some((range, placeholder)) = find(&item.value) {
                found.push(report(lint.text, item.span, &item.value, range, placeholder));
            }
        }
    }
    // A placeholder also makes the value unreadable for a typed operator
    // (`<my-corporate-cidr>` is no CIDR): one finding is enough.
    let placeholder_spans: Vec<Span> = found.iter().map(|d| d.span).collect();
    lint.findings.retain(|d| {
        d.code != Code::InvalidConditionValue
            || !placeholder_spans.iter().any(|p| p.start >= d.span.start && p.end <= d.span.end)
    });
    lint.findings.extend(found);
}

fn report(text: &str, span: Span, value: &str, range: std::ops::Range<usize>, placeholder: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LeftoverPlaceholder,
        sub_span(text, span, value, range),
        format!(
            "`{placeholder}` is a template placeholder, not a value: AWS matches it literally, so this never matches"
        ),
    )
    .with_hint("replace it with the real value (or `*`)")
}

pub(crate) fn has_placeholder(text: &str) -> bool {
    find(text).is_some()
}

/// The first placeholder in a value: its byte range and text.
pub(crate) fn find(text: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let end = match b {
            b'<' => angle(text, i),
            b'[' => bracket(text, i),
            b'$' => template_variable(text, i),
            _ => None,
        };
        if let Some(end) = end {
            return Some((i..end, text.get(i..end).unwrap_or("")));
        }
        i += 1;
    }
    None
}

/// `<region>`, `<my-org-id>`, `<OIDC_provider_name_1>`, `<action>`.
fn angle(text: &str, start: usize) -> Option<usize> {
    let body = text.get(start + 1..)?;
    let close = body.find('>')?;
    let inner = body.get(..close)?;
    let ok = inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && inner.len() <= 64
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'));
    ok.then_some(start + 1 + close + 1)
}

/// `[ACCOUNT_ID]`, `[PRIVILEGED_ROLE]`: upper-case names in brackets.
fn bracket(text: &str, start: usize) -> Option<usize> {
    let body = text.get(start + 1..)?;
    let close = body.find(']')?;
    let inner = body.get(..close)?;
    let ok = inner.len() >= 2
        && inner.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && inner.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_' || c == '-');
    ok.then_some(start + 1 + close + 1)
}

/// `${Account}`, `${Region}`, `${BucketName}`: Service Authorization Reference
/// placeholders. Real policy variables have a `service:` prefix; `${*}`, `${?}`
/// and `${$}` are escapes.
fn template_variable(text: &str, start: usize) -> Option<usize> {
    let body = text.get(start..)?.strip_prefix("${")?;
    let close = body.find('}')?;
    let inner = body.get(..close)?;
    let ok = !inner.is_empty()
        && !inner.contains(':')
        && inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some(start + 2 + close + 1)
}

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn finds_placeholders_of_every_style() {
        let text = |s: &str| find(s).map(|(_, p)| p.to_string());
        assert_eq!(text("arn:aws:ec2:<region>:*:vpc/*").as_deref(), Some("<region>"));
        assert_eq!(text("arn:aws:iam::*:role/[PRIVILEGED_ROLE]").as_deref(), Some("[PRIVILEGED_ROLE]"));
        assert_eq!(text("arn:aws:s3:::${Account}-logs").as_deref(), Some("${Account}"));
        assert_eq!(text("<OIDC_provider_name_1>:sub").as_deref(), Some("<OIDC_provider_name_1>"));
        assert_eq!(find("home/${aws:username}/*"), None);
        assert_eq!(find("a${*}b"), None);
        assert_eq!(find("arn:aws:s3:::bucket/[abc]"), None);
        assert_eq!(find("x < y > z"), None);
        assert_eq!(find("192.0.2.0/24"), None);
    }
}
