//! Compiled conditions and their evaluation.
//!
//! Rules (IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Single-valued vs. multivalued context keys"):
//! - several values for one key are ORed; several keys, and several operators, are ANDed;
//! - a key missing from the request makes a positive operator false, a negated
//!   operator (`StringNotEquals`, `NotIpAddress`, `ArnNotLike`, ...) true, and any
//!   `...IfExists` operator true;
//! - `ForAllValues` is true when every request value matches (vacuously true when
//!   the key is missing or empty); `ForAnyValue` when at least one does (false when missing);
//! - negated operators inside a set qualifier negate each per-value comparison;
//! - `Null: true` is true when the key is missing, `Null: false` when it is present.

use super::operator::{Cmp, Family, Operator, OperatorError, SetQualifier};
use super::values::{IpNet, parse_date, parse_number};
use crate::arn::ArnPattern;
use crate::context::Context;
use crate::glob::Glob;
use crate::span::Span;
use crate::vars::{Resolved, Template};

/// One policy value, read once at compile time where possible.
#[derive(Clone, Debug)]
pub enum Operand {
    Str(Box<str>),
    Glob(Glob),
    Num(f64),
    Date(i64),
    Bool(bool),
    Ip(IpNet),
    Arn(ArnPattern),
    /// Contains policy variables: substituted per request, then read.
    Template(Template),
    /// Not a valid value for the operator (a compile diagnostic was reported);
    /// it never matches.
    Invalid(Box<str>),
}

#[derive(Clone, Debug)]
pub struct CompiledCondition {
    /// `Err` for an unknown operator: the condition is never true (AWS rejects
    /// such policies; a playground still shows what the rest would do).
    pub operator: Result<Operator, OperatorError>,
    pub operator_text: Box<str>,
    /// As written, for messages.
    pub key: Box<str>,
    /// Lower-cased, for lookup.
    pub key_lower: Box<str>,
    pub values: Vec<Operand>,
    pub value_texts: Vec<Box<str>>,
    pub span: Span,
}

/// Why a condition did not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondFailure {
    UnknownOperator,
    /// The key is not in the request and the operator needs it.
    KeyMissing,
    /// The key is present but no value satisfied the operator.
    NoMatch {
        request_values: Vec<String>,
    },
    /// A policy variable had no value in the request.
    VariableMissing {
        variable: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CondResult {
    True,
    False(CondFailure),
}

impl CondResult {
    pub fn holds(&self) -> bool {
        matches!(self, CondResult::True)
    }
}

impl CompiledCondition {
    /// Compiles one entry. `substitute` is true for 2012-10-17 policies.
    /// Returns the condition and messages about values the operator cannot read.
    pub fn compile(
        operator_text: &str,
        key: &str,
        values: &[(String, Span)],
        span: Span,
        substitute: bool,
    ) -> (Self, Vec<(Span, String)>) {
        let operator = Operator::parse(operator_text);
        let mut problems = Vec::new();
        let family = operator.as_ref().map(|o| o.family).ok();
        let compiled = values
            .iter()
            .map(|(text, vspan)| {
                let tmpl = if substitute && family.is_none_or(Family::takes_variables) {
                    Template::parse(text)
                } else {
                    Template::literal(text)
                };
                if !tmpl.is_static() {
                    return Operand::Template(tmpl);
                }
                let text = tmpl.static_text();
                let op = match family {
                    Some(Family::StringLike) => Operand::Glob(Glob::from_tokens(&tmpl.static_tokens())),
                    Some(Family::Arn) => Operand::Arn(ArnPattern::from_tokens(&tmpl.static_tokens())),
                    Some(f) => read_operand(f, &text),
                    None => Operand::Str(text.as_str().into()),
                };
                if let (Operand::Invalid(_), Some(f)) = (&op, family) {
                    let message = if substitute && text.contains("${") {
                        format!(
                            "policy variables work only with String, Arn and Bool operators, not {}; `{text}` never matches",
                            if f == Family::Ip { "IpAddress".to_string() } else { format!("{f:?}") }
                        )
                    } else {
                        invalid_message(f, &text)
                    };
                    problems.push((*vspan, message));
                }
                op
            })
            .collect();
        let cond = Self {
            operator,
            operator_text: operator_text.into(),
            key: key.into(),
            key_lower: key.to_ascii_lowercase().into(),
            values: compiled,
            value_texts: values.iter().map(|(t, _)| t.as_str().into()).collect(),
            span,
        };
        (cond, problems)
    }

    /// Evaluates against the request context. `ctx` holds all keys, including
    /// the ones derived from the principal.
    pub fn evaluate(&self, ctx: &Context) -> CondResult {
        let op = match &self.operator {
            Ok(op) => *op,
            Err(_) => return CondResult::False(CondFailure::UnknownOperator),
        };
        let present = ctx.get(&self.key_lower).filter(|v| !v.values.is_empty());
        // For set qualifiers a key whose values are all empty strings is a null
        // data set (SET-FORALL-EMPTY, SET-OLD-EMPTY-NOTE).
        let present = match (op.set, present) {
            (Some(_), Some(v)) if v.values.iter().all(String::is_empty) => None,
            (_, p) => p,
        };

        if op.family == Family::Null {
            // `Null: true` asks "is the key absent?".
            let absent = present.is_none();
            let holds = self.values.iter().any(|v| match v {
                Operand::Bool(b) => *b == absent,
                _ => false,
            });
            return if holds {
                CondResult::True
            } else if absent {
                CondResult::False(CondFailure::KeyMissing)
            } else {
                CondResult::False(CondFailure::NoMatch {
                    request_values: present.map(|v| v.values.clone()).unwrap_or_default(),
                })
            };
        }

        let Some(cv) = present else {
            let holds = match op.set {
                Some(SetQualifier::ForAllValues) => true,
                Some(SetQualifier::ForAnyValue) => op.if_exists,
                None => op.if_exists || op.negated,
            };
            return if holds { CondResult::True } else { CondResult::False(CondFailure::KeyMissing) };
        };

        // Policy values with variables are substituted one at a time: each is
        // built, compared with every request value and dropped, so a large
        // substituted value is held once, not once per policy value.
        let mut unresolved: Option<String> = None;
        let mut any_operand = false;
        let mut matched = vec![false; cv.values.len()];
        for v in &self.values {
            let substituted;
            let operand = match v {
                Operand::Template(t) => match resolve(op.family, t, ctx) {
                    Ok(Some(o)) => {
                        substituted = o;
                        &substituted
                    }
                    // Longer than any value AWS allows: it matches nothing.
                    Ok(None) => continue,
                    // A variable with no value is "effectively null": nothing equals or
                    // is like it, so positive operators don't match it and negated
                    // operators do (VAR-NO-VALUE-POSITIVE, VAR-NO-VALUE-NEGATED).
                    Err(MissingVariable(var)) => {
                        unresolved = Some(var);
                        continue;
                    }
                },
                other => other,
            };
            any_operand = true;
            for (m, rv) in matched.iter_mut().zip(&cv.values) {
                if !*m && compare(op.family, op.cmp, operand, rv) {
                    *m = true;
                }
            }
        }

        // Does one request value (by index) satisfy the positive comparison with any policy value?
        let positive = |i: usize| matched.get(i).copied().unwrap_or(false);
        let n = cv.values.len();
        let holds = match op.set {
            None => {
                let any = (0..n).any(positive);
                if op.negated { !any } else { any }
            }
            Some(SetQualifier::ForAnyValue) => (0..n).any(|i| positive(i) != op.negated),
            Some(SetQualifier::ForAllValues) => (0..n).all(|i| positive(i) != op.negated),
        };
        match (holds, unresolved) {
            (true, _) => CondResult::True,
            (false, Some(variable)) if !any_operand => CondResult::False(CondFailure::VariableMissing { variable }),
            (false, _) => CondResult::False(CondFailure::NoMatch { request_values: cv.values.clone() }),
        }
    }
}

/// A policy variable the request has no value for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("variable `${{{0}}}` has no value")]
struct MissingVariable(String);

/// A template's operand for this request; `None` when the substituted text
/// would be over [`crate::vars::MAX_SUBSTITUTED_LEN`].
fn resolve(family: Family, t: &Template, ctx: &Context) -> Result<Option<Operand>, MissingVariable> {
    match family {
        Family::StringLike => match t.render_tokens(ctx) {
            Resolved::Value(tokens) => Ok(Some(Operand::Glob(Glob::from_tokens(&tokens)))),
            Resolved::Missing(k) => Err(MissingVariable(k)),
            Resolved::TooLong(_) => Ok(None),
        },
        Family::Arn => match t.render_tokens(ctx) {
            Resolved::Value(tokens) => Ok(Some(Operand::Arn(ArnPattern::from_tokens(&tokens)))),
            Resolved::Missing(k) => Err(MissingVariable(k)),
            Resolved::TooLong(_) => Ok(None),
        },
        f => match t.render_text(ctx) {
            Resolved::Value(text) => Ok(Some(read_operand(f, &text))),
            Resolved::Missing(k) => Err(MissingVariable(k)),
            Resolved::TooLong(_) => Ok(None),
        },
    }
}

/// Reads a static policy value for a family (not `StringLike`/`Arn`, which compile patterns).
fn read_operand(family: Family, text: &str) -> Operand {
    let invalid = || Operand::Invalid(text.into());
    match family {
        Family::String | Family::Binary => Operand::Str(text.into()),
        Family::StringIgnoreCase => Operand::Str(text.to_lowercase().into()),
        Family::StringLike => Operand::Glob(Glob::new(text)),
        Family::Arn => Operand::Arn(ArnPattern::new(text)),
        Family::Numeric => parse_number(text).map_or_else(invalid, Operand::Num),
        Family::Date => parse_date(text).map_or_else(invalid, Operand::Date),
        Family::Ip => IpNet::parse(text).map_or_else(invalid, Operand::Ip),
        Family::Bool | Family::Null => match text.to_ascii_lowercase().as_str() {
            "true" => Operand::Bool(true),
            "false" => Operand::Bool(false),
            _ => invalid(),
        },
    }
}

fn invalid_message(family: Family, text: &str) -> String {
    let what = match family {
        Family::Numeric => "a number",
        Family::Date => "a date (ISO 8601 such as 2026-01-31T00:00:00Z, or epoch seconds)",
        Family::Ip => "an IP address or CIDR range",
        Family::Bool | Family::Null => "`true` or `false`",
        _ => "a valid value",
    };
    format!("`{text}` is not {what}; this value never matches")
}

/// The positive comparison of one request value with one policy value.
fn compare(family: Family, cmp: Cmp, policy: &Operand, request: &str) -> bool {
    match (family, policy) {
        (Family::String | Family::Binary, Operand::Str(p)) => request == p.as_ref(),
        (Family::StringIgnoreCase, Operand::Str(p)) => {
            if request.is_ascii() {
                request.eq_ignore_ascii_case(p)
            } else {
                request.to_lowercase() == p.as_ref()
            }
        }
        (Family::StringLike, Operand::Glob(g)) => g.matches(request),
        (Family::Arn, Operand::Arn(a)) => a.matches(request),
        (Family::Numeric, Operand::Num(p)) => parse_number(request).is_some_and(|r| ordered(cmp, r.partial_cmp(p))),
        (Family::Date, Operand::Date(p)) => parse_date(request).is_some_and(|r| ordered(cmp, Some(r.cmp(p)))),
        (Family::Bool, Operand::Bool(p)) => match request.to_ascii_lowercase().as_str() {
            "true" => *p,
            "false" => !*p,
            _ => false,
        },
        (Family::Ip, Operand::Ip(net)) => IpNet::parse(request).is_some_and(|r| net.contains(&r)),
        _ => false,
    }
}

fn ordered(cmp: Cmp, o: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    matches!(
        (cmp, o),
        (Cmp::Eq, Some(Equal))
            | (Cmp::Lt, Some(Less))
            | (Cmp::Le, Some(Less | Equal))
            | (Cmp::Gt, Some(Greater))
            | (Cmp::Ge, Some(Greater | Equal))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextValue;

    fn cond(op: &str, key: &str, values: &[&str]) -> CompiledCondition {
        let vals: Vec<(String, Span)> = values.iter().map(|v| (v.to_string(), Span::default())).collect();
        CompiledCondition::compile(op, key, &vals, Span::default(), true).0
    }

    fn ctx(pairs: &[(&str, ContextValue)]) -> Context {
        let mut c = Context::new();
        for (k, v) in pairs {
            c.insert(k, v.clone());
        }
        c
    }

    fn holds(op: &str, key: &str, values: &[&str], c: &Context) -> bool {
        cond(op, key, values).evaluate(c).holds()
    }

    #[test]
    fn missing_keys_positive_negated_ifexists() {
        let empty = Context::new();
        assert!(!holds("StringEquals", "aws:PrincipalTag/team", &["a"], &empty));
        assert!(holds("StringNotEquals", "aws:PrincipalTag/team", &["a"], &empty));
        assert!(holds("StringEqualsIfExists", "aws:PrincipalTag/team", &["a"], &empty));
        assert!(holds("ForAllValues:StringEquals", "aws:TagKeys", &["a"], &empty));
        assert!(!holds("ForAnyValue:StringEquals", "aws:TagKeys", &["a"], &empty));
        assert!(holds("Null", "aws:TokenIssueTime", &["true"], &empty));
        assert!(!holds("Null", "aws:TokenIssueTime", &["false"], &empty));
    }

    #[test]
    fn key_names_are_case_insensitive_values_are_not() {
        let c = ctx(&[("AWS:PrincipalTag/Team", ContextValue::single("Blue"))]);
        assert!(holds("StringEquals", "aws:principaltag/team", &["Blue"], &c));
        assert!(!holds("StringEquals", "aws:principaltag/team", &["blue"], &c));
        assert!(holds("StringEqualsIgnoreCase", "aws:principaltag/team", &["blue"], &c));
    }

    #[test]
    fn set_qualifiers() {
        let c = ctx(&[("aws:TagKeys", ContextValue::list(["env", "team"]))]);
        assert!(holds("ForAllValues:StringEquals", "aws:TagKeys", &["env", "team", "cost"], &c));
        assert!(!holds("ForAllValues:StringEquals", "aws:TagKeys", &["env"], &c));
        assert!(holds("ForAnyValue:StringEquals", "aws:TagKeys", &["env"], &c));
        assert!(!holds("ForAnyValue:StringEquals", "aws:TagKeys", &["cost"], &c));
        assert!(holds("ForAllValues:StringNotEquals", "aws:TagKeys", &["cost"], &c));
        assert!(!holds("ForAllValues:StringNotEquals", "aws:TagKeys", &["env"], &c));
        assert!(holds("ForAnyValue:StringNotEquals", "aws:TagKeys", &["env"], &c));
        let empty = ctx(&[("aws:TagKeys", ContextValue::list(Vec::<String>::new()))]);
        assert!(holds("ForAllValues:StringEquals", "aws:TagKeys", &["x"], &empty));
    }

    #[test]
    fn typed_families() {
        let c = ctx(&[
            ("s3:max-keys", ContextValue::single("10")),
            ("aws:CurrentTime", ContextValue::single("2026-06-01T00:00:00Z")),
            ("aws:SourceIp", ContextValue::single("203.0.113.5")),
            ("aws:SecureTransport", ContextValue::single("true")),
            ("aws:SourceArn", ContextValue::single("arn:aws:sns:us-east-1:111122223333:topic")),
        ]);
        assert!(holds("NumericLessThanEquals", "s3:max-keys", &["10"], &c));
        assert!(!holds("NumericLessThan", "s3:max-keys", &["10"], &c));
        assert!(holds("NumericNotEquals", "s3:max-keys", &["11"], &c));
        assert!(holds("DateGreaterThan", "aws:CurrentTime", &["2026-01-01"], &c));
        assert!(holds("DateLessThan", "aws:CurrentTime", &["1893456000"], &c));
        assert!(holds("IpAddress", "aws:SourceIp", &["203.0.113.0/24"], &c));
        assert!(!holds("NotIpAddress", "aws:SourceIp", &["203.0.113.0/24", "10.0.0.0/8"], &c));
        assert!(holds("Bool", "aws:SecureTransport", &["true"], &c));
        assert!(!holds("Bool", "aws:SecureTransport", &["false"], &c));
        assert!(holds("ArnLike", "aws:SourceArn", &["arn:aws:sns:*:111122223333:*"], &c));
        assert!(holds("ArnEquals", "aws:SourceArn", &["arn:aws:sns:*:*:topic"], &c));
        assert!(!holds("ArnNotLike", "aws:SourceArn", &["arn:aws:sns:*:*:*"], &c));
    }

    #[test]
    fn invalid_values_never_match_and_are_reported() {
        let (c, problems) = CompiledCondition::compile(
            "NumericLessThan",
            "s3:max-keys",
            &[("ten".into(), Span::default())],
            Span::default(),
            true,
        );
        assert_eq!(problems.len(), 1);
        let ctx = ctx(&[("s3:max-keys", ContextValue::single("1"))]);
        assert!(!c.evaluate(&ctx).holds());
    }

    #[test]
    fn variables_in_values() {
        let c = ctx(&[
            ("aws:username", ContextValue::single("alice")),
            ("s3:prefix", ContextValue::single("home/alice/x")),
        ]);
        assert!(holds("StringLike", "s3:prefix", &["home/${aws:username}/*"], &c));
        assert!(!holds("StringLike", "s3:prefix", &["home/${aws:userid}/*"], &c));
        assert!(holds("StringNotLike", "s3:prefix", &["home/${aws:userid}/*"], &c), "VAR-NO-VALUE-NEGATED");
        let plain = CompiledCondition::compile(
            "StringLike",
            "s3:prefix",
            &[("home/${aws:username}/*".into(), Span::default())],
            Span::default(),
            false,
        )
        .0;
        assert!(!plain.evaluate(&c).holds(), "no substitution under 2008-10-17");
    }

    #[test]
    fn unknown_operator_never_holds() {
        let c = ctx(&[("aws:SourceIp", ContextValue::single("1.2.3.4"))]);
        assert!(!holds("IpAddres", "aws:SourceIp", &["1.2.3.4"], &c));
    }
}
