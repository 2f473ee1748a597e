//! Policy validation against the IAM action catalog, in the spirit of IAM
//! Access Analyzer's policy checks and Parliament: every finding has a
//! severity (as Access Analyzer names them), a stable kebab-case code, a
//! message, a hint and the exact span.
//!
//! The parser and the compiler already report structural problems (JSON
//! syntax, unknown elements, unknown operators, unreadable values); `lint`
//! runs them and adds what needs the catalog or the policy type. [`CHECKS`]
//! lists every [`Code`], each declared once with its severity and summary.

mod actions;
mod checks;
mod conditions;
mod document;
mod elements;
mod escalation;
pub(crate) mod facts;
mod placeholders;
mod policy_type;
mod principals;
mod redundancy;
mod resources;
mod security;
mod suggest;
mod text;

pub use checks::{CHECKS, Code};
pub use policy_type::PolicyType;

use crate::catalog::Catalog;
use crate::compile::CompiledPolicy;
use crate::diag::Diagnostic;
use crate::policy::{Policy, parse_policy};
use facts::StatementFacts;

/// Everything a check may look at, and where findings go.
pub(crate) struct Lint<'a, 'c> {
    pub text: &'a str,
    pub policy: &'a Policy,
    pub policy_type: PolicyType,
    pub catalog: &'c dyn Catalog,
    pub statements: Vec<StatementFacts<'a, 'c>>,
    pub findings: Vec<Diagnostic>,
    /// Pairwise comparisons made (pattern against pattern, statement against
    /// statement): what grows fastest with the policy's size.
    pub work: usize,
    /// The policy is over AWS's size quota for its type (`policy-too-large`
    /// was reported): AWS rejects it, so the pairwise statement comparison is skipped.
    pub over_quota: bool,
}

/// Lints one policy document. Findings come back sorted by position.
pub fn lint(text: &str, policy_type: PolicyType, catalog: &dyn Catalog) -> Vec<Diagnostic> {
    lint_counted(text, policy_type, catalog).0
}

/// [`lint`], with the pairwise comparisons it made: tests check that this
/// grows about linearly with the policy.
pub fn lint_counted(text: &str, policy_type: PolicyType, catalog: &dyn Catalog) -> (Vec<Diagnostic>, usize) {
    let (policy, mut findings) = parse_policy(text);
    let Some(policy) = policy else {
        return (findings, 0);
    };
    let (_, compile_findings) = CompiledPolicy::compile("lint", &policy);
    findings.extend(compile_findings.into_iter().map(|d| explain_for_deny(d, &policy)));
    let statements = policy.statements.iter().map(|s| StatementFacts::new(s, catalog)).collect();
    let mut lint =
        Lint { text, policy: &policy, policy_type, catalog, statements, findings, work: 0, over_quota: false };
    document::check(&mut lint);
    elements::check(&mut lint);
    principals::check(&mut lint);
    actions::check(&mut lint);
    resources::check(&mut lint);
    conditions::check(&mut lint);
    security::check(&mut lint);
    escalation::check(&mut lint);
    redundancy::check(&mut lint);
    placeholders::check(&mut lint);
    let mut findings = std::mem::take(&mut lint.findings);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, a.severity, a.code.as_str()).cmp(&(
            b.span.start,
            b.span.end,
            b.severity,
            b.code.as_str(),
        ))
    });
    findings.dedup();
    (findings, lint.work)
}

/// An unknown operator makes its condition false: in a `Deny` that silently
/// switches the guardrail off, which the message should say.
fn explain_for_deny(mut d: Diagnostic, policy: &Policy) -> Diagnostic {
    let in_deny = policy.statements.iter().any(|s| {
        s.span.start <= d.span.start
            && d.span.end <= s.span.end
            && s.effect.as_ref().is_some_and(|e| e.value == crate::policy::Effect::Deny)
    });
    if d.code == Code::UnknownOperator && in_deny {
        d.message.push_str(", so this `Deny` never applies");
    }
    d
}
