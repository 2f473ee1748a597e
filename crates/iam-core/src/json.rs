//! Strict JSON parsing with byte ranges, on top of `jsonc-parser` with every
//! JSON extension switched off. IAM accepts plain JSON only.
//!
//! `jsonc-parser` stays lenient in two places even then: between tokens it
//! skips vertical tab, form feed and any Unicode whitespace (no-break space,
//! U+2028, ...), and inside strings it accepts raw control characters. JSON
//! (RFC 8259) allows neither, and IAM rejects them (its policy character set
//! has no control characters but tab, line feed and carriage return), so a
//! second pass over the bytes reports them at their position.

use crate::diag::Diagnostic;
use crate::lint::Code;
use crate::span::Span;
pub use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::Ranged;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};

fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// Parses one JSON value. `Ok(None)` means the text holds no value at all.
pub fn parse(text: &str) -> Result<Option<Value<'_>>, Diagnostic> {
    match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) {
        Ok(result) => match stray_character(text) {
            Some(d) => Err(d),
            None => Ok(result.value),
        },
        Err(e) => {
            let r = e.range();
            Err(Diagnostic::new(Code::JsonSyntax, Span::from_range(r.start, r.end), describe(e.kind())))
        }
    }
}

/// The first character of an already parsed text that JSON does not allow
/// where it is: whitespace other than space, tab, line feed and carriage return
/// between tokens, or a raw control character inside a string.
fn stray_character(text: &str) -> Option<Diagnostic> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\u{0}'..='\u{1f}' => {
                    let span = Span::from_range(i, i + 1);
                    let message = format!("raw control character {} inside a string", describe_char(c));
                    return Some(Diagnostic::new(Code::JsonSyntax, span, message).with_hint(format!(
                        "JSON strings cannot contain control characters: write `{}` instead",
                        escape(c)
                    )));
                }
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                ' ' | '\t' | '\n' | '\r' => {}
                // After a successful parse, a control or non-ASCII character
                // outside strings can only be whitespace the parser skipped.
                _ if !c.is_ascii() || c.is_ascii_control() => {
                    let span = Span::from_range(i, i + c.len_utf8());
                    let message = format!(
                        "unexpected {} between JSON tokens: only spaces, tabs and line breaks may separate them",
                        describe_char(c)
                    );
                    return Some(
                        Diagnostic::new(Code::JsonSyntax, span, message).with_hint("replace it with a plain space"),
                    );
                }
                _ => {}
            }
        }
    }
    None
}

/// `U+00A0 (no-break space)`, for messages.
fn describe_char(c: char) -> String {
    let name = match c {
        '\u{0}' => Some("NUL"),
        '\t' => Some("tab"),
        '\n' => Some("line feed"),
        '\r' => Some("carriage return"),
        '\u{b}' => Some("vertical tab"),
        '\u{c}' => Some("form feed"),
        '\u{85}' => Some("next line"),
        '\u{a0}' => Some("no-break space"),
        '\u{2028}' => Some("line separator"),
        '\u{2029}' => Some("paragraph separator"),
        '\u{feff}' => Some("byte order mark"),
        _ => None,
    };
    match name {
        Some(n) => format!("U+{:04X} ({n})", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// How to write a control character inside a JSON string.
fn escape(c: char) -> String {
    match c {
        '\t' => "\\t".into(),
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\u{8}' => "\\b".into(),
        '\u{c}' => "\\f".into(),
        other => format!("\\u{:04x}", u32::from(other)),
    }
}

fn describe(kind: &ParseErrorKind) -> String {
    use ParseErrorKind as K;
    match kind {
        K::CommentsNotAllowed => "comments are not allowed in JSON policies".into(),
        K::TrailingCommasNotAllowed => "trailing comma: remove the `,` before the closing bracket".into(),
        K::ExpectedComma => "expected `,` between elements".into(),
        K::ExpectedColonAfterObjectKey => "expected `:` after the property name".into(),
        K::ExpectedStringObjectProperty => "property names must be double-quoted strings".into(),
        K::SingleQuotedStringsNotAllowed => "strings must use double quotes (`\"`), not single quotes".into(),
        K::UnterminatedObject => "unterminated object: a `}` is missing".into(),
        K::UnterminatedArray => "unterminated array: a `]` is missing".into(),
        K::MultipleRootJsonValues => "text after the end of the JSON document".into(),
        K::NestingDepthExceeded => "the document is nested too deeply".into(),
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}

pub fn span_of(node: &impl Ranged) -> Span {
    let r = node.range();
    Span::from_range(r.start, r.end)
}

/// Name of a value's JSON type, for messages.
pub fn type_name(v: &Value<'_>) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_json_extensions_with_a_position() {
        for bad in ["{\"a\": 1,}", "{'a': 1}", "{a: 1}", "// c\n{}", "{\"a\": 0x1}", "{} {}", "{\"a\": [1}"] {
            let err = parse(bad).unwrap_err();
            assert_eq!(err.code, Code::JsonSyntax, "{bad}");
            assert!(err.span.start as usize <= bad.len(), "{bad}");
        }
    }

    #[test]
    fn rejects_whitespace_json_does_not_allow_between_tokens() {
        for (ws, name) in [
            ("\u{a0}", "U+00A0 (no-break space)"),
            ("\u{2028}", "U+2028 (line separator)"),
            ("\u{b}", "U+000B (vertical tab)"),
            ("\u{c}", "U+000C (form feed)"),
            ("\u{3000}", "U+3000"),
        ] {
            let text = format!("{{\"Version\":\"2012-10-17\",{ws}\"Statement\":[]}}");
            let err = parse(&text).unwrap_err();
            assert_eq!(err.code, Code::JsonSyntax, "{name}");
            assert_eq!(&text[err.span.start as usize..err.span.end as usize], ws, "{name}");
            assert!(err.message.contains(name), "{}", err.message);
            let pos = crate::span::LineIndex::new(&text).line_col(err.span.start);
            assert_eq!((pos.line, pos.column), (1, 25));
        }
        // The four whitespace characters JSON allows.
        assert!(parse("{\"a\":\t1,\r\n \"b\": 2}").is_ok());
    }

    #[test]
    fn rejects_raw_control_characters_in_strings() {
        for (raw, hint) in [("\t", "`\\t`"), ("\u{0}", "`\\u0000`"), ("\u{1f}", "`\\u001f`"), ("\n", "`\\n`")] {
            let text = format!("{{\n  \"Sid\": \"A{raw}B\"}}");
            let err = parse(&text).unwrap_err();
            assert_eq!(err.code, Code::JsonSyntax);
            assert_eq!(&text[err.span.start as usize..err.span.end as usize], raw);
            assert!(err.hint.as_deref().unwrap().contains(hint), "{:?}", err.hint);
            let pos = crate::span::LineIndex::new(&text).line_col(err.span.start);
            assert_eq!((pos.line, pos.column), (2, 12));
        }
        // Escaped, they are fine; so are non-ASCII letters and an escaped quote before a tab.
        assert!(parse(r#"{"Sid": "A\tB\u0000é", "x": "\"", "y": "\\"}"#).is_ok());
    }

    #[test]
    fn empty_text_is_no_value() {
        assert!(parse("  \n").unwrap().is_none());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
    }
}
