//! Strict JSON parsing with byte ranges, on top of `jsonc-parser` with every
//! JSON extension switched off. IAM accepts plain JSON only.

use crate::diag::Diagnostic;
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
        Ok(result) => Ok(result.value),
        Err(e) => {
            let r = e.range();
            Err(Diagnostic::error("json-syntax", Span::from_range(r.start, r.end), describe(e.kind())))
        }
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
            assert_eq!(err.code, "json-syntax", "{bad}");
            assert!(err.span.start as usize <= bad.len(), "{bad}");
        }
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
