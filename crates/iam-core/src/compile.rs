//! Policy AST → evaluation form: lower-cased action patterns split by service
//! (for the action index), compiled resource patterns, pre-read condition values.

use crate::condition::{CompiledCondition, OperatorError};
use crate::diag::Diagnostic;
use crate::glob::Glob;
use crate::lint::Code;
use crate::policy::{Effect, Policy, PolicyVersion, PrincipalSet, PrincipalType, Statement};
use crate::principal::{Caller, PrincipalMatch, aws_value_matches, service_value_matches};
use crate::span::Span;
use crate::vars::{Resolved, Template};
use rustc_hash::FxHashMap;

/// One action pattern, lower-cased (action names are case-insensitive).
#[derive(Clone, Debug)]
pub struct ActionPattern {
    /// The service prefix when it has no wildcard (used by the index).
    pub service: Option<Box<str>>,
    pub glob: Glob,
    pub text: Box<str>,
}

impl ActionPattern {
    pub fn new(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let service = match lower.split_once(':') {
            Some((svc, _)) if !svc.contains(['*', '?']) => Some(svc.into()),
            _ => None,
        };
        Self { service, glob: Glob::new(&lower), text: text.into() }
    }
}

/// A `Resource` entry. IAM matches the whole ARN with wildcards: "If the `*`
/// wildcard is the last character of a resource ARN segment, it can expand to
/// match beyond the colon boundaries" (IAM User Guide, Resource element), so
/// unlike `ArnLike` this is a whole-string match.
#[derive(Clone, Debug)]
pub enum ResourcePattern {
    Static(Glob),
    /// Has policy variables: substituted per request.
    Template(Template),
}

#[derive(Clone, Debug)]
pub enum PrincipalEntry {
    Aws(Box<str>),
    Service(Box<str>),
    Federated(Box<str>),
    CanonicalUser(Box<str>),
}

#[derive(Clone, Debug)]
pub struct CompiledPrincipal {
    pub negated: bool,
    pub any: bool,
    pub entries: Vec<PrincipalEntry>,
}

impl CompiledPrincipal {
    /// The strongest way the element names the caller, if it does.
    pub fn match_caller(&self, caller: &Caller) -> Option<PrincipalMatch> {
        if self.any {
            return Some(PrincipalMatch::Wildcard);
        }
        self.entries
            .iter()
            .filter_map(|e| match e {
                PrincipalEntry::Aws(v) => aws_value_matches(v, caller),
                PrincipalEntry::Service(v) => service_value_matches(v, caller).then_some(PrincipalMatch::Exact),
                PrincipalEntry::Federated(v) | PrincipalEntry::CanonicalUser(v) => {
                    (v.as_ref() == caller.arn).then_some(PrincipalMatch::Exact)
                }
            })
            .max()
    }
}

#[derive(Clone, Debug)]
pub struct CompiledStatement {
    pub index: usize,
    pub sid: Option<Box<str>>,
    pub effect: Effect,
    pub span: Span,
    pub not_action: bool,
    pub actions: Vec<ActionPattern>,
    pub not_resource: bool,
    /// `None` when the statement has no `Resource`/`NotResource` (it then applies
    /// to the resource the policy is attached to).
    pub resources: Option<Vec<ResourcePattern>>,
    pub principal: Option<CompiledPrincipal>,
    pub conditions: Vec<CompiledCondition>,
}

/// Outcome of matching a statement's resource element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResourceOutcome {
    Match,
    NoMatch,
    VariableMissing(String),
}

impl CompiledStatement {
    /// Does the (lower-cased) action match `Action`/`NotAction`?
    pub fn action_matches(&self, action_lower: &str) -> bool {
        let any = self.actions.iter().any(|p| p.glob.matches(action_lower));
        any != self.not_action
    }

    pub fn resource_matches(&self, resource: &str, ctx: &crate::context::Context) -> ResourceOutcome {
        let Some(patterns) = &self.resources else {
            return ResourceOutcome::Match;
        };
        let mut missing = None;
        let mut any = false;
        for p in patterns {
            let hit = match p {
                ResourcePattern::Static(g) => g.matches(resource),
                ResourcePattern::Template(t) => match t.render_tokens(ctx) {
                    Resolved::Value(tokens) => Glob::from_tokens(&tokens).matches(resource),
                    Resolved::Missing(k) => {
                        missing.get_or_insert(k);
                        false
                    }
                    Resolved::TooLong(_) => false,
                },
            };
            if hit {
                any = true;
                break;
            }
        }
        match (any != self.not_resource, missing) {
            (true, _) => ResourceOutcome::Match,
            (false, Some(k)) if !self.not_resource => ResourceOutcome::VariableMissing(k),
            _ => ResourceOutcome::NoMatch,
        }
    }
}

/// A policy ready for evaluation.
#[derive(Clone, Debug)]
pub struct CompiledPolicy {
    /// How explanations name the policy (`PolicyInputList.1`, `Cashiers/ReadReceipts`, ...).
    pub id: String,
    pub statements: Vec<CompiledStatement>,
    /// Statements skipped because of errors (index, span): never silently lost,
    /// every explanation lists them.
    pub skipped: Vec<(usize, Span)>,
    /// Positions in `statements` of the statements naming each service prefix.
    by_service: FxHashMap<Box<str>, Vec<u32>>,
    /// Positions of statements that may match any service (`NotAction`, wildcard prefixes).
    generic: Vec<u32>,
}

impl CompiledPolicy {
    /// Compiles a parsed policy. Diagnostics cover what only compilation sees:
    /// unknown operators and values an operator cannot read.
    pub fn compile(id: impl Into<String>, policy: &Policy) -> (Self, Vec<Diagnostic>) {
        let substitute = policy.language_version() == PolicyVersion::V2012_10_17;
        let mut diags = Vec::new();
        let mut statements = Vec::new();
        let mut skipped = Vec::new();
        for (index, st) in policy.statements.iter().enumerate() {
            match compile_statement(index, st, substitute, &mut diags) {
                Some(c) => statements.push(c),
                None => skipped.push((index, st.span)),
            }
        }
        let (by_service, generic) = index(&statements);
        (Self { id: id.into(), statements, skipped, by_service, generic }, diags)
    }

    /// The statements that could match an action of `service` (lower-case), in
    /// document order: the action index lookup.
    pub fn candidates<'a>(&'a self, service: &str) -> impl Iterator<Item = &'a CompiledStatement> + 'a {
        let specific = self.by_service.get(service).map_or(&[][..], Vec::as_slice);
        Merge { a: specific, b: &self.generic }.filter_map(move |i| self.statements.get(i as usize))
    }

    /// Parses and compiles in one step; `Err` holds every error found.
    pub fn from_json(id: impl Into<String>, text: &str) -> Result<Self, Vec<Diagnostic>> {
        let (policy, mut diags) = crate::policy::parse_policy(text);
        let Some(policy) = policy else {
            return Err(diags);
        };
        let (compiled, more) = Self::compile(id, &policy);
        diags.extend(more);
        diags.retain(Diagnostic::is_error);
        if diags.is_empty() { Ok(compiled) } else { Err(diags) }
    }
}

fn index(statements: &[CompiledStatement]) -> (FxHashMap<Box<str>, Vec<u32>>, Vec<u32>) {
    let mut by_service: FxHashMap<Box<str>, Vec<u32>> = FxHashMap::default();
    let mut generic = Vec::new();
    for (i, st) in statements.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        if st.not_action || st.actions.iter().any(|a| a.service.is_none()) {
            generic.push(i);
            continue;
        }
        for a in &st.actions {
            if let Some(svc) = &a.service {
                let list = by_service.entry(svc.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
    }
    (by_service, generic)
}

/// Merges two ascending position lists.
struct Merge<'a> {
    a: &'a [u32],
    b: &'a [u32],
}

impl Iterator for Merge<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        match (self.a.split_first(), self.b.split_first()) {
            (Some((x, ra)), Some((y, _))) if x <= y => {
                self.a = ra;
                Some(*x)
            }
            (_, Some((y, rb))) => {
                self.b = rb;
                Some(*y)
            }
            (Some((x, ra)), None) => {
                self.a = ra;
                Some(*x)
            }
            (None, None) => None,
        }
    }
}

fn compile_statement(
    index: usize,
    st: &Statement,
    substitute: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<CompiledStatement> {
    let effect = st.effect.as_ref()?.value;
    let action = st.action.as_ref()?;
    if !st.valid {
        return None;
    }
    // Errors only compilation finds (unknown operators, unreadable values)
    // also make the statement unsafe to evaluate: an unreadable value never
    // matches, which would make a negated operator true.
    let first_new_diagnostic = diags.len();
    let resources = st.resource.as_ref().map(|r| {
        r.items
            .iter()
            .map(|item| {
                let t = if substitute { Template::parse_resource(&item.value) } else { Template::literal(&item.value) };
                if t.is_static() {
                    ResourcePattern::Static(Glob::from_tokens(&t.static_tokens()))
                } else {
                    ResourcePattern::Template(t)
                }
            })
            .collect()
    });
    let principal = st.principal.as_ref().map(|p| match &p.set {
        PrincipalSet::Any => CompiledPrincipal { negated: p.negated, any: true, entries: Vec::new() },
        PrincipalSet::Typed(groups) => {
            let mut any = false;
            let mut entries = Vec::new();
            for (ty, values) in groups {
                for v in values {
                    let text: Box<str> = v.value.as_str().into();
                    match ty {
                        PrincipalType::Aws if v.value == "*" => any = true,
                        PrincipalType::Aws => entries.push(PrincipalEntry::Aws(text)),
                        PrincipalType::Service => entries.push(PrincipalEntry::Service(text)),
                        PrincipalType::Federated => entries.push(PrincipalEntry::Federated(text)),
                        PrincipalType::CanonicalUser => entries.push(PrincipalEntry::CanonicalUser(text)),
                    }
                }
            }
            CompiledPrincipal { negated: p.negated, any, entries }
        }
    });
    let mut conditions = Vec::with_capacity(st.conditions.len());
    for c in &st.conditions {
        let values: Vec<(String, Span)> = c.values.iter().map(|v| (v.value.clone(), v.span)).collect();
        let (cond, problems) = CompiledCondition::compile(&c.operator.value, &c.key.value, &values, c.span, substitute);
        match &cond.operator {
            Err(OperatorError::Unknown { suggestion }) => {
                let mut d = Diagnostic::new(
                    Code::UnknownOperator,
                    c.operator.span,
                    format!("unknown condition operator `{}`: this condition can never be true", c.operator.value),
                );
                if let Some(s) = suggestion {
                    d = d.with_hint(format!("did you mean `{s}`?"));
                }
                if !diags.iter().any(|x| x.span == d.span && x.code == d.code) {
                    diags.push(d);
                }
            }
            Err(OperatorError::NullQualified) => {
                let d = Diagnostic::new(
                    Code::InvalidOperator,
                    c.operator.span,
                    format!("`{}`: the `Null` operator takes no `IfExists` suffix or set qualifier", c.operator.value),
                );
                if !diags.iter().any(|x| x.span == d.span && x.code == d.code) {
                    diags.push(d);
                }
            }
            Ok(_) => {}
        }
        for (span, msg) in problems {
            diags.push(Diagnostic::new(Code::InvalidConditionValue, span, msg));
        }
        conditions.push(cond);
    }
    if diags.get(first_new_diagnostic..).is_some_and(|new| new.iter().any(Diagnostic::is_error)) {
        return None;
    }
    Some(CompiledStatement {
        index,
        sid: st.sid.as_ref().map(|s| s.value.as_str().into()),
        effect,
        span: st.span,
        not_action: action.negated,
        actions: action.items.iter().map(|a| ActionPattern::new(&a.value)).collect(),
        not_resource: st.resource.as_ref().is_some_and(|r| r.negated),
        resources,
        principal,
        conditions,
    })
}
