//! JSON text → [`Policy`] with diagnostics. Error-tolerant: every problem is
//! reported at its span and parsing continues, so an editor can show them all.

use super::{
    Condition, Effect, Element, Elements, NameBlock, Policy, PrincipalBlock, PrincipalSet, PrincipalType, Statement,
};
use crate::diag::Diagnostic;
use crate::json::{self, Array, Object, ObjectProp, Value, span_of};
use crate::lint::Code;
use crate::span::{Span, Spanned};

/// Parses a policy document. Returns `None` only when the text is not JSON or
/// not an object; otherwise a policy (possibly with invalid statements) and the
/// diagnostics found.
pub fn parse_policy(text: &str) -> (Option<Policy>, Vec<Diagnostic>) {
    let mut p = Parser { diags: Vec::new() };
    let policy = match json::parse(text) {
        Err(d) => {
            p.diags.push(d);
            None
        }
        Ok(None) => {
            p.diags.push(
                Diagnostic::new(Code::EmptyDocument, Span::from_range(0, text.len()), "the policy document is empty")
                    .with_hint("a policy is a JSON object with `Version` and `Statement`"),
            );
            None
        }
        Ok(Some(Value::Object(obj))) => Some(p.policy(&obj)),
        Ok(Some(other)) => {
            p.diags.push(Diagnostic::new(
                Code::ExpectedObject,
                span_of(&other),
                format!("a policy must be a JSON object, found {}", json::type_name(&other)),
            ));
            None
        }
    };
    (policy, p.diags)
}

struct Parser {
    diags: Vec<Diagnostic>,
}

impl Parser {
    fn err(&mut self, code: Code, span: Span, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(code, span, msg));
    }

    fn err_hint(&mut self, code: Code, span: Span, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::new(code, span, msg).with_hint(hint));
    }

    /// Reports duplicate keys (the last one wins, as in JavaScript) and unknown
    /// keys; returns the elements to use with their properties, in order.
    fn known_props<'o, 'a, E: Copy + PartialEq>(
        &mut self,
        obj: &'o Object<'a>,
        allowed: &[E],
        element_name: fn(E) -> &'static str,
        what: &str,
    ) -> Vec<(E, &'o ObjectProp<'a>)> {
        let mut out: Vec<(E, &ObjectProp<'a>)> = Vec::with_capacity(obj.properties.len());
        for prop in &obj.properties {
            let name = prop.name.as_str();
            let Some(element) = allowed.iter().copied().find(|e| element_name(*e) == name) else {
                let span = span_of(&prop.name);
                match allowed.iter().copied().find(|a| element_name(*a).eq_ignore_ascii_case(name)) {
                    Some(fix) => self.err_hint(
                        Code::UnknownElement,
                        span,
                        format!("unknown {what} element `{name}`: element names are case-sensitive"),
                        format!("write `{}`", element_name(fix)),
                    ),
                    None => self.err_hint(
                        Code::UnknownElement,
                        span,
                        format!("unknown {what} element `{name}`"),
                        format!(
                            "valid elements: {}",
                            allowed.iter().map(|e| element_name(*e)).collect::<Vec<_>>().join(", ")
                        ),
                    ),
                }
                continue;
            };
            if let Some(pos) = out.iter().position(|(e, _)| *e == element) {
                self.err_hint(
                    Code::DuplicateKey,
                    span_of(&prop.name),
                    format!("duplicate element `{name}`"),
                    "JSON parsers disagree on which copy wins; keep one",
                );
                out.remove(pos);
            }
            out.push((element, prop));
        }
        out
    }

    fn policy(&mut self, obj: &Object<'_>) -> Policy {
        let mut policy = Policy { span: span_of(obj), ..Policy::default() };
        for (element, prop) in self.known_props(obj, &Element::TOP, Element::name, "policy") {
            policy.elements.insert(element, span_of(prop));
            match element {
                Element::Version => {
                    if let Some(v) = self.string(&prop.value, "Version") {
                        if v.value != "2012-10-17" && v.value != "2008-10-17" {
                            self.err_hint(
                                Code::InvalidVersion,
                                v.span,
                                format!("`{}` is not a policy language version", v.value),
                                "use \"2012-10-17\"",
                            );
                        }
                        policy.version = Some(v);
                    }
                }
                Element::Id => policy.id = self.string(&prop.value, "Id"),
                Element::Statement => match &prop.value {
                    Value::Object(o) => {
                        policy.statement_is_object = true;
                        policy.statements.push(self.statement(o));
                    }
                    Value::Array(a) => {
                        if a.elements.is_empty() {
                            self.err(
                                Code::EmptyStatement,
                                span_of(a),
                                "`Statement` is empty: the policy grants or denies nothing",
                            );
                        }
                        for el in &a.elements {
                            match el {
                                Value::Object(o) => policy.statements.push(self.statement(o)),
                                other => self.err(
                                    Code::InvalidStatement,
                                    span_of(other),
                                    format!("each statement must be an object, found {}", json::type_name(other)),
                                ),
                            }
                        }
                    }
                    other => self.err(
                        Code::InvalidStatement,
                        span_of(other),
                        format!(
                            "`Statement` must be an object or an array of objects, found {}",
                            json::type_name(other)
                        ),
                    ),
                },
                _ => {}
            }
        }
        if !policy.elements.has(Element::Statement) {
            self.err_hint(
                Code::MissingStatement,
                span_of(obj),
                "the policy has no `Statement` element",
                "add \"Statement\": [{\"Effect\": \"Allow\", \"Action\": ..., \"Resource\": ...}]",
            );
        }
        policy
    }

    fn statement(&mut self, obj: &Object<'_>) -> Statement {
        let errors_before = self.diags.len();
        let span = span_of(obj);
        let mut st = Statement {
            sid: None,
            effect: None,
            principal: None,
            action: None,
            resource: None,
            conditions: Vec::new(),
            elements: Elements::default(),
            span,
            valid: true,
        };
        for (element, prop) in self.known_props(obj, &Element::STATEMENT, Element::name, "statement") {
            let name = element.name();
            let prop_span = span_of(prop);
            // Present is enough, whatever the values: `"Action": 5, "NotAction": "s3:*"` has both.
            if let Some(twin) = element.exclusive_with().filter(|t| st.elements.has(*t)) {
                let (first, second) = match element {
                    Element::Principal | Element::Action | Element::Resource => (element, twin),
                    _ => (twin, element),
                };
                let code = match first {
                    Element::Principal => Code::PrincipalAndNotPrincipal,
                    Element::Action => Code::ActionAndNotAction,
                    _ => Code::ResourceAndNotResource,
                };
                self.err(
                    code,
                    span_of(&prop.name),
                    format!("a statement cannot have both `{}` and `{}`", first.name(), second.name()),
                );
            }
            st.elements.insert(element, prop_span);
            match element {
                Element::Sid => st.sid = self.string(&prop.value, "Sid"),
                Element::Effect => {
                    if let Some(v) = self.string(&prop.value, "Effect") {
                        let effect = match v.value.as_str() {
                            "Allow" => Some(Effect::Allow),
                            "Deny" => Some(Effect::Deny),
                            other => {
                                let hint = if other.eq_ignore_ascii_case("allow") {
                                    "write `Allow` (values are case-sensitive)"
                                } else if other.eq_ignore_ascii_case("deny") {
                                    "write `Deny` (values are case-sensitive)"
                                } else {
                                    "use `Allow` or `Deny`"
                                };
                                self.err_hint(Code::InvalidEffect, v.span, format!("`{other}` is not an effect"), hint);
                                None
                            }
                        };
                        st.effect = effect.map(|e| Spanned::new(e, v.span));
                    }
                }
                Element::Principal | Element::NotPrincipal => {
                    st.principal = self.principal(&prop.value, element == Element::NotPrincipal, prop_span, name);
                }
                Element::Action | Element::NotAction => {
                    st.action = self.names(&prop.value, element == Element::NotAction, prop_span, name);
                }
                Element::Resource | Element::NotResource => {
                    st.resource = self.names(&prop.value, element == Element::NotResource, prop_span, name);
                }
                Element::Condition => st.conditions = self.conditions(&prop.value),
                Element::Version | Element::Id | Element::Statement => {}
            }
        }
        if !st.elements.has(Element::Effect) {
            self.err_hint(
                Code::MissingEffect,
                span,
                "the statement has no `Effect`",
                "add \"Effect\": \"Allow\" or \"Deny\"",
            );
        }
        if !st.elements.has(Element::Action) && !st.elements.has(Element::NotAction) {
            self.err_hint(
                Code::MissingAction,
                span,
                "the statement has no `Action` or `NotAction`",
                "add \"Action\": \"service:Operation\"",
            );
        }
        st.valid = !self.diags.get(errors_before..).unwrap_or(&[]).iter().any(Diagnostic::is_error);
        st
    }

    fn string(&mut self, v: &Value<'_>, element: &str) -> Option<Spanned<String>> {
        match v {
            Value::StringLit(s) => Some(Spanned::new(s.value.to_string(), span_of(s))),
            other => {
                self.err(
                    Code::InvalidType,
                    span_of(other),
                    format!("`{element}` must be a string, found {}", json::type_name(other)),
                );
                None
            }
        }
    }

    /// A string or an array of strings.
    fn string_list(&mut self, v: &Value<'_>, element: &str) -> Option<Vec<Spanned<String>>> {
        match v {
            Value::StringLit(s) => Some(vec![Spanned::new(s.value.to_string(), span_of(s))]),
            Value::Array(a) => {
                if a.elements.is_empty() {
                    self.err(
                        Code::EmptyArray,
                        span_of(a),
                        format!("`{element}` is an empty array: the statement can never apply"),
                    );
                }
                Some(self.array_strings(a, element))
            }
            other => {
                self.err(
                    Code::InvalidType,
                    span_of(other),
                    format!("`{element}` must be a string or an array of strings, found {}", json::type_name(other)),
                );
                None
            }
        }
    }

    fn array_strings(&mut self, a: &Array<'_>, element: &str) -> Vec<Spanned<String>> {
        let mut out = Vec::with_capacity(a.elements.len());
        for el in &a.elements {
            match el {
                Value::StringLit(s) => out.push(Spanned::new(s.value.to_string(), span_of(s))),
                other => self.err(
                    Code::InvalidType,
                    span_of(other),
                    format!("every entry of `{element}` must be a string, found {}", json::type_name(other)),
                ),
            }
        }
        out
    }

    fn names(&mut self, v: &Value<'_>, negated: bool, span: Span, element: &str) -> Option<NameBlock> {
        let items = self.string_list(v, element)?;
        for item in &items {
            if item.value.is_empty() {
                self.err(Code::EmptyValue, item.span, format!("empty string in `{element}`"));
            }
        }
        Some(NameBlock { negated, items, span })
    }

    fn principal(&mut self, v: &Value<'_>, negated: bool, span: Span, element: &str) -> Option<PrincipalBlock> {
        let set = match v {
            Value::StringLit(s) if s.value == "*" => PrincipalSet::Any,
            Value::StringLit(s) => {
                self.err_hint(
                    Code::InvalidPrincipal,
                    span_of(s),
                    format!(
                        "`{element}` must be \"*\" or an object such as {{\"AWS\": ...}}, found the string `{}`",
                        s.value
                    ),
                    format!("write \"{element}\": {{\"AWS\": \"{}\"}}", s.value),
                );
                return None;
            }
            Value::Object(o) => {
                let mut entries = Vec::new();
                for (ty, prop) in self.known_props(o, &PrincipalType::ALL, PrincipalType::as_str, "principal") {
                    if let Some(values) = self.string_list(&prop.value, ty.as_str()) {
                        for v in values.iter().filter(|v| v.value.is_empty()) {
                            self.err(
                                Code::EmptyValue,
                                v.span,
                                format!("empty string in `{}` of `{element}`: it names nobody", ty.as_str()),
                            );
                        }
                        entries.push((ty, values));
                    }
                }
                if o.properties.is_empty() {
                    self.err(Code::EmptyPrincipal, span_of(o), format!("`{element}` is empty: it names nobody"));
                }
                PrincipalSet::Typed(entries)
            }
            other => {
                self.err(
                    Code::InvalidType,
                    span_of(other),
                    format!("`{element}` must be \"*\" or an object, found {}", json::type_name(other)),
                );
                return None;
            }
        };
        Some(PrincipalBlock { negated, set, span })
    }

    fn conditions(&mut self, v: &Value<'_>) -> Vec<Condition> {
        let Value::Object(ops) = v else {
            self.err(
                Code::InvalidType,
                span_of(v),
                format!("`Condition` must be an object, found {}", json::type_name(v)),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        let op_props = self.dedup(ops, "condition operator");
        for op in op_props {
            let operator = Spanned::new(op.name.as_str().to_string(), span_of(&op.name));
            let Value::Object(keys) = &op.value else {
                self.err(
                    Code::InvalidType,
                    span_of(&op.value),
                    format!(
                        "the value of `{}` must be an object of condition keys, found {}",
                        operator.value,
                        json::type_name(&op.value)
                    ),
                );
                continue;
            };
            if keys.properties.is_empty() {
                self.err(Code::EmptyCondition, span_of(keys), format!("`{}` has no condition keys", operator.value));
            }
            for key_prop in self.dedup(keys, "condition key") {
                let key = Spanned::new(key_prop.name.as_str().to_string(), span_of(&key_prop.name));
                let values = match &key_prop.value {
                    Value::Array(a) => {
                        if a.elements.is_empty() {
                            self.err(Code::EmptyArray, span_of(a), format!("`{}` has no values", key.value));
                        }
                        a.elements.iter().filter_map(|e| self.condition_value(e, &key.value)).collect()
                    }
                    single => self.condition_value(single, &key.value).into_iter().collect(),
                };
                out.push(Condition { operator: operator.clone(), key, values, span: span_of(key_prop) });
            }
        }
        out
    }

    /// Duplicate detection for maps whose keys are free-form (operators, condition keys).
    fn dedup<'o, 'a>(&mut self, obj: &'o Object<'a>, what: &str) -> Vec<&'o ObjectProp<'a>> {
        let mut out: Vec<&ObjectProp<'a>> = Vec::with_capacity(obj.properties.len());
        for prop in &obj.properties {
            let name = prop.name.as_str();
            if let Some(pos) = out.iter().position(|p| p.name.as_str() == name) {
                self.err_hint(
                    Code::DuplicateKey,
                    span_of(&prop.name),
                    format!("duplicate {what} `{name}`"),
                    "merge the values into one entry; JSON parsers disagree on which copy wins",
                );
                out.remove(pos);
            }
            out.push(prop);
        }
        out
    }

    fn condition_value(&mut self, v: &Value<'_>, key: &str) -> Option<Spanned<String>> {
        match v {
            Value::StringLit(s) => Some(Spanned::new(s.value.to_string(), span_of(s))),
            Value::NumberLit(n) => Some(Spanned::new(n.value.to_string(), span_of(n))),
            Value::BooleanLit(b) => Some(Spanned::new(b.value.to_string(), span_of(b))),
            other => {
                self.err(
                    Code::InvalidType,
                    span_of(other),
                    format!("values of `{key}` must be strings, numbers or booleans, found {}", json::type_name(other)),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        parse_policy(text).1.into_iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn parses_every_element_form() {
        let text = r#"{
          "Version": "2012-10-17", "Id": "p1",
          "Statement": [{
            "Sid": "A", "Effect": "Allow",
            "Principal": {"AWS": ["111122223333", "arn:aws:iam::111122223333:root"], "Service": "ec2.amazonaws.com"},
            "NotAction": "iam:*", "NotResource": ["arn:aws:s3:::b"],
            "Condition": {"Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"s3:max-keys": 10}}
          }, {"Effect": "Deny", "NotPrincipal": "*", "Action": ["s3:Get*"], "Resource": "*"}]
        }"#;
        let (policy, diags) = parse_policy(text);
        assert!(diags.is_empty(), "{diags:?}");
        let policy = policy.unwrap();
        assert_eq!(policy.statements.len(), 2);
        let s = &policy.statements[0];
        assert!(s.action.as_ref().unwrap().negated);
        assert!(s.resource.as_ref().unwrap().negated);
        assert_eq!(s.conditions.len(), 2);
        assert_eq!(s.conditions[0].values[0].value, "true");
        assert_eq!(s.conditions[1].values[0].value, "10");
        assert!(matches!(policy.statements[1].principal.as_ref().unwrap().set, PrincipalSet::Any));
        assert!(policy.statements[1].principal.as_ref().unwrap().negated);
    }

    #[test]
    fn statement_object_form() {
        let (p, d) = parse_policy(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}}"#,
        );
        assert!(d.is_empty());
        assert!(p.unwrap().statement_is_object);
    }

    #[test]
    fn reports_structural_errors_and_marks_statements_invalid() {
        assert_eq!(codes(""), ["empty-document"]);
        assert_eq!(codes("[]"), ["expected-object"]);
        assert_eq!(codes(r#"{"Version":"2012-10-17"}"#), ["missing-statement"]);
        assert_eq!(codes(r#"{"Statement":[{"Action":"s3:*"}]}"#), ["missing-effect"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"allow","Action":"s3:*"}]}"#), ["invalid-effect"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow"}]}"#), ["missing-action"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow","Action":"a:b","action":"c:d"}]}"#), ["unknown-element"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow","Action":"a:b","Action":"c:d"}]}"#), ["duplicate-key"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow","Action":[]}]}"#), ["empty-array"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow","Action":[1]}]}"#), ["invalid-type"]);
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":""},"Action":"a:b"}]}"#),
            ["empty-value"]
        );
        assert_eq!(
            codes(
                r#"{"Statement":[{"Effect":"Deny","NotPrincipal":{"Service":["s.amazonaws.com",""]},"Action":"a:b"}]}"#
            ),
            ["empty-value"]
        );
        assert_eq!(
            codes(r#"{"Version":"2012-10-18","Statement":[{"Effect":"Allow","Action":"a:b"}]}"#),
            ["invalid-version"]
        );
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Allow","Action":"a:b","Condition":{"StringEquals":{"k":null}}}]}"#),
            ["invalid-type"]
        );
        let (p, _) =
            parse_policy(r#"{"Statement":[{"Effect":"Allow","Action":"a:b"},{"Effect":"Nope","Action":"a:b"}]}"#);
        let p = p.unwrap();
        assert!(p.statements[0].valid);
        assert!(!p.statements[1].valid, "an invalid statement is kept and marked, never dropped");
    }

    #[test]
    fn an_element_of_the_wrong_type_is_malformed_not_missing() {
        // Only the wrong type is reported: `Action` is there.
        assert_eq!(codes(r#"{"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]}"#), ["invalid-type"]);
        assert_eq!(codes(r#"{"Statement":[{"Effect":5,"Action":"a:b"}]}"#), ["invalid-type"]);
        assert_eq!(codes(r#"{"Statement":5}"#), ["invalid-statement"]);
        // A type error elsewhere does not hide a missing `Action`.
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Allow","Sid":1,"Resource":"*"}]}"#),
            ["invalid-type", "missing-action"]
        );
        // Both forms are there, whatever their values.
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Allow","Action":5,"NotAction":"s3:*"}]}"#),
            ["invalid-type", "action-and-notaction"]
        );
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Deny","NotResource":"*","Resource":[1],"Action":"a:b"}]}"#),
            ["resource-and-notresource", "invalid-type"]
        );
        assert_eq!(
            codes(r#"{"Statement":[{"Effect":"Deny","Principal":"x","NotPrincipal":{"AWS":"*"},"Action":"a:b"}]}"#),
            ["invalid-principal", "principal-and-notprincipal"]
        );
        let (p, _) = parse_policy(r#"{"Version":1,"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]}"#);
        let p = p.unwrap();
        assert!(p.version.is_none() && p.elements.has(Element::Version));
        let st = &p.statements[0];
        assert!(st.action.is_none() && st.elements.has(Element::Action) && !st.elements.has(Element::NotAction));
        let span = st.elements.span(Element::Action).unwrap();
        let text = r#"{"Version":1,"Statement":[{"Effect":"Allow","Action":5,"Resource":"*"}]}"#;
        assert_eq!(&text[span.start as usize..span.end as usize], r#""Action":5"#);
    }

    #[test]
    fn json_syntax_error_points_at_the_spot() {
        let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}";
        let (p, d) = parse_policy(text);
        assert!(p.is_none());
        let idx = crate::span::LineIndex::new(text);
        let pos = idx.line_col(d[0].span.start);
        assert_eq!(pos.line, 3);
    }
}
