//! Small text helpers for findings: spans inside string literals, sizes, lists.

use crate::span::Span;

/// The span of `value[range]` inside the JSON string literal at `literal`
/// (which includes the quotes), when the literal has no escapes; otherwise the
/// whole literal.
pub(crate) fn sub_span(text: &str, literal: Span, value: &str, range: std::ops::Range<usize>) -> Span {
    let inner_start = literal.start as usize + 1;
    let raw = text.get(inner_start..inner_start + value.len());
    if raw == Some(value) && range.end <= value.len() {
        Span::from_range(inner_start + range.start, inner_start + range.end)
    } else {
        literal
    }
}

/// Characters that count against a quota: all of them, or all but JSON
/// whitespace outside strings (IAM does not count whitespace).
pub(crate) fn policy_size(text: &str, counts_whitespace: bool) -> usize {
    if counts_whitespace {
        return text.chars().count();
    }
    let mut in_string = false;
    let mut escaped = false;
    let mut count = 0;
    for c in text.chars() {
        if in_string {
            count += 1;
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            count += 1;
            in_string = c == '"';
        }
    }
    count
}

/// True if the text holds a policy variable such as `${aws:username}`.
pub(crate) fn has_policy_variable(text: &str) -> bool {
    variables(text).next().is_some()
}

/// Byte ranges and bodies of `${...}` references (including escapes like `${*}`).
pub(crate) fn variables(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text.get(from..)?.find("${")?;
        let body_start = start + 2;
        let end = body_start + text.get(body_start..)?.find('}')?;
        from = end + 1;
        Some((start..end + 1, text.get(body_start..end).unwrap_or("")))
    })
    .filter(|(_, body)| body.contains(':'))
}

/// `a`, `a` and `b`, `a`, `b` and 3 more: for messages.
pub(crate) fn list<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I, max: usize) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let shown: Vec<String> = items.iter().take(max).map(|s| format!("`{}`", s.as_ref())).collect();
    let more = items.len().saturating_sub(max);
    match (shown.as_slice(), more) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (many, 0) => {
            let (last, rest) = many.split_last().map_or((String::new(), &[][..]), |(l, r)| (l.clone(), r));
            format!("{} and {last}", rest.join(", "))
        }
        (many, n) => format!("{} and {n} more", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_skip_whitespace_outside_strings() {
        assert_eq!(policy_size("{ \"a b\" : 1 }", false), 9);
        assert_eq!(policy_size("{ \"a b\" : 1 }", true), 13);
        assert_eq!(policy_size("{\"a\\\" b\": 1}", false), 11);
    }

    #[test]
    fn variables_and_lists() {
        assert!(has_policy_variable("home/${aws:username}/*"));
        assert!(!has_policy_variable("a${*}b ${Account}"));
        assert_eq!(list(["a"], 3), "`a`");
        assert_eq!(list(["a", "b", "c"], 3), "`a`, `b` and `c`");
        assert_eq!(list(["a", "b", "c", "d"], 2), "`a`, `b` and 2 more");
    }

    #[test]
    fn sub_spans_point_inside_literals() {
        let text = r#"{"a": "x<y>z"}"#;
        let lit = Span::new(6, 13);
        assert_eq!(sub_span(text, lit, "x<y>z", 1..4), Span::new(8, 11));
        assert_eq!(sub_span(r#"{"a": "x\u003c"}"#, Span::new(6, 16), "x<", 1..2), Span::new(6, 16));
    }
}
