//! Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'default'}`,
//! and the escapes `${*}`, `${?}`, `${$}` for literal `*`, `?`, `$`.
//!
//! AWS substitutes variables only in policies with `"Version": "2012-10-17"`; in
//! older or unversioned policies `${...}` is plain text. That choice is made by the
//! caller (the compiler), which only builds templates for 2012-10-17 policies.

use crate::context::Context;
use crate::glob::{Token, tokenize};

/// One part of a text with variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Text as written; in patterns, `*` and `?` here are wildcards.
    Text(String),
    /// A character from `${*}`, `${?}` or `${$}`: always literal.
    Escaped(char),
    /// `${key}` or `${key, 'default'}`; `key` is lower-cased for lookup.
    Var { key: String, default: Option<String> },
}

/// A value or pattern that may contain policy variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

/// What became of the variables during substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved<T> {
    Value(T),
    /// A variable's key was missing from the request and had no default; AWS
    /// then treats the element as not matching. Holds the key as written.
    Missing(String),
    /// The substituted text would be longer than [`MAX_SUBSTITUTED_LEN`]
    /// bytes (its length): it is not built, and matches nothing.
    TooLong(usize),
}

/// The longest text a template may become once its variables are
/// substituted. AWS's own values are far shorter (a tag value is at most 256
/// characters); a longer one matches nothing instead of being built.
pub const MAX_SUBSTITUTED_LEN: usize = 1024 * 1024;

impl Template {
    /// Parses `${...}` references. Unterminated `${` is kept as text.
    pub fn parse(text: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = text;
        let mut lit = String::new();
        while let Some(start) = rest.find("${") {
            let (before, after) = rest.split_at(start);
            lit.push_str(before);
            let body_and_rest = after.get(2..).unwrap_or("");
            let Some(close) = body_and_rest.find('}') else {
                lit.push_str(after);
                rest = "";
                break;
            };
            let body = body_and_rest.get(..close).unwrap_or("");
            rest = body_and_rest.get(close + 1..).unwrap_or("");
            let part = match body {
                "*" => Part::Escaped('*'),
                "?" => Part::Escaped('?'),
                "$" => Part::Escaped('$'),
                _ => parse_var(body),
            };
            if !lit.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut lit)));
            }
            parts.push(part);
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            parts.push(Part::Text(lit));
        }
        Self { parts }
    }

    /// A `Resource` ARN: variables are substituted only in the resource part,
    /// after the fifth colon (VAR-RESOURCE-AFTER-5TH-COLON); before it they
    /// are plain text.
    pub fn parse_resource(text: &str) -> Self {
        let Some((at, _)) = text.match_indices(':').nth(4) else { return Self::literal(text) };
        let (prefix, resource) = text.split_at(at + 1);
        let mut parts = vec![Part::Text(prefix.to_string())];
        parts.extend(Self::parse(resource).parts);
        Self { parts }
    }

    /// A template that is plain text (used for pre-2012 policies).
    pub fn literal(text: &str) -> Self {
        Self { parts: vec![Part::Text(text.to_string())] }
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// True if the template has no variables (escapes still count as static).
    pub fn is_static(&self) -> bool {
        !self.parts.iter().any(|p| matches!(p, Part::Var { .. }))
    }

    /// How long the substituted text would be (missing variables count as empty).
    pub fn rendered_len(&self, ctx: &Context) -> usize {
        self.parts
            .iter()
            .map(|part| match part {
                Part::Text(t) => t.len(),
                Part::Escaped(c) => c.len_utf8(),
                Part::Var { key, default } => lookup(ctx, key, default.as_deref()).map_or(0, str::len),
            })
            .fold(0, usize::saturating_add)
    }

    /// [`Resolved::TooLong`] when the substituted text would be over the limit.
    fn too_long<T>(&self, ctx: &Context) -> Option<Resolved<T>> {
        let len = self.rendered_len(ctx);
        (len > MAX_SUBSTITUTED_LEN).then_some(Resolved::TooLong(len))
    }

    /// Substitutes into plain text (condition values of non-`Like` operators).
    pub fn render_text(&self, ctx: &Context) -> Resolved<String> {
        if let Some(too_long) = self.too_long(ctx) {
            return too_long;
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Escaped(c) => out.push(*c),
                Part::Var { key, default } => match lookup(ctx, key, default.as_deref()) {
                    Some(v) => out.push_str(v),
                    None => return Resolved::Missing(key.clone()),
                },
            }
        }
        Resolved::Value(out)
    }

    /// Substitutes into wildcard tokens: `*`/`?` in written text are wildcards,
    /// escapes and substituted values are literal.
    pub fn render_tokens(&self, ctx: &Context) -> Resolved<Vec<Token>> {
        if let Some(too_long) = self.too_long(ctx) {
            return too_long;
        }
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.extend(tokenize(t)),
                Part::Escaped(c) => out.push(Token::Lit(c.to_string())),
                Part::Var { key, default } => match lookup(ctx, key, default.as_deref()) {
                    Some(v) => out.push(Token::Lit(v.to_string())),
                    None => return Resolved::Missing(key.clone()),
                },
            }
        }
        Resolved::Value(out)
    }

    /// Tokens of a static template (no context needed).
    pub fn static_tokens(&self) -> Vec<Token> {
        let mut out = Vec::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.extend(tokenize(t)),
                Part::Escaped(c) => out.push(Token::Lit(c.to_string())),
                Part::Var { .. } => {}
            }
        }
        out
    }

    /// Text of a static template.
    pub fn static_text(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Escaped(c) => out.push(*c),
                Part::Var { .. } => {}
            }
        }
        out
    }
}

/// A variable takes the request's value for its key; a multivalued key cannot
/// be used as a variable (AWS documents variables for single-valued keys), so
/// it resolves like a missing key unless a default is given.
fn lookup<'c>(ctx: &'c Context, key: &str, default: Option<&'c str>) -> Option<&'c str> {
    match ctx.get(key) {
        Some(v) if v.values.len() == 1 && !v.multi => v.values.first().map(String::as_str),
        _ => default,
    }
}

fn parse_var(body: &str) -> Part {
    match body.split_once(',') {
        Some((key, default)) => {
            let d = default.trim();
            let default = d
                .strip_prefix('\'')
                .and_then(|d| d.strip_suffix('\''))
                .map(str::to_string)
                .unwrap_or_else(|| d.to_string());
            Part::Var { key: key.trim().to_ascii_lowercase(), default: Some(default) }
        }
        None => Part::Var { key: body.trim().to_ascii_lowercase(), default: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::context::ContextValue;

    fn ctx() -> Context {
        let mut c = Context::default();
        c.insert("aws:username", ContextValue::single("alice"));
        c
    }

    #[test]
    fn parses_variables_escapes_and_defaults() {
        let t = Template::parse("a/${aws:UserName}/${*}${?}${$}/${aws:PrincipalTag/team, 'ops'}/${x");
        assert_eq!(
            t.parts(),
            &[
                Part::Text("a/".into()),
                Part::Var { key: "aws:username".into(), default: None },
                Part::Text("/".into()),
                Part::Escaped('*'),
                Part::Escaped('?'),
                Part::Escaped('$'),
                Part::Text("/".into()),
                Part::Var { key: "aws:principaltag/team".into(), default: Some("ops".into()) },
                Part::Text("/${x".into()),
            ]
        );
    }

    #[test]
    fn renders_with_context_and_defaults() {
        let t = Template::parse("home/${aws:username}/${aws:PrincipalTag/team, 'ops'}");
        assert_eq!(t.render_text(&ctx()), Resolved::Value("home/alice/ops".into()));
        let t = Template::parse("${aws:userid}");
        assert_eq!(t.render_text(&ctx()), Resolved::Missing("aws:userid".into()));
    }

    #[test]
    fn escapes_are_literal_in_patterns() {
        let t = Template::parse("a${*}b*");
        let toks = t.render_tokens(&ctx());
        assert_eq!(
            toks,
            Resolved::Value(vec![Token::Lit("a".into()), Token::Lit("*".into()), Token::Lit("b".into()), Token::Star])
        );
    }

    #[test]
    fn a_substitution_over_the_limit_is_not_built() {
        let mut c = Context::new();
        c.insert("aws:PrincipalTag/x", crate::ContextValue::single("v".repeat(1000)));
        let t = Template::parse(&"${aws:PrincipalTag/x}".repeat(1_048));
        assert_eq!(t.rendered_len(&c), 1_048_000);
        assert_eq!(t.render_text(&c), Resolved::Value("v".repeat(1_048_000)));
        let t = Template::parse(&"${aws:PrincipalTag/x}".repeat(1_049));
        assert_eq!(t.render_text(&c), Resolved::TooLong(1_049_000));
        assert_eq!(t.render_tokens(&c), Resolved::TooLong(1_049_000));
    }
}
