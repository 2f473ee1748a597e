//! Explanations for people (text) and machines (JSON), shared by every
//! command that decides something.

use iam_core::condition::CondFailure;
use iam_core::eval::{Explanation, LayerVerdict, StatementOutcome, StatementTrace};
use iam_core::{CompiledPolicy, Decision, LineCol, LineIndex};
use serde_json::{Value, json};
use std::fmt::Write;

/// What the renderer needs to know about policy `i` of an explanation.
pub struct PolicyView<'a> {
    pub label: &'a str,
    pub source: &'a str,
    /// Where `source` starts in the file the user wrote, when it is embedded
    /// there (a policy written as a JSON object in a simulate input): positions
    /// are then given in that file.
    pub origin: Option<LineCol>,
    pub compiled: &'a CompiledPolicy,
}

impl PolicyView<'_> {
    fn position(&self, index: &LineIndex<'_>, offset: u32) -> LineCol {
        crate::simulate::shift(index.line_col(offset), self.origin)
    }
}

pub type Lookup<'a> = &'a dyn Fn(usize) -> Option<PolicyView<'a>>;

pub fn verdict_text(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "ALLOWED",
        Decision::ExplicitDeny => "DENIED (explicit deny)",
        Decision::ImplicitDeny => "DENIED (implicit deny)",
    }
}

/// The layers and statements, indented, after a first line the caller writes;
/// the caller names the layers (organization levels by name or number).
pub fn render_body_titled(
    e: &Explanation,
    lookup: Lookup<'_>,
    title: &dyn Fn(iam_core::Layer) -> String,
    out: &mut String,
) {
    render_body_with(e, lookup, title, &e.reason.describe(), out);
}

/// As [`render_body_titled`], with the caller's wording of the reason.
pub fn render_body_with(
    e: &Explanation,
    lookup: Lookup<'_>,
    title: &dyn Fn(iam_core::Layer) -> String,
    why: &str,
    out: &mut String,
) {
    let _ = writeln!(out, "  why: {why}");
    for layer in &e.layers {
        let v = match layer.verdict {
            LayerVerdict::Allow => "allows",
            LayerVerdict::Deny => "DENIES",
            LayerVerdict::NoMatch => "no matching statement",
            LayerVerdict::NotApplicable => "does not apply",
        };
        let _ = writeln!(out, "  {:<28} {v}", title(layer.layer));
        if let Some(note) = layer.note {
            let _ = writeln!(out, "      ({note})");
        }
        for st in e.statements.iter().filter(|s| s.layer == layer.layer) {
            let Some(view) = lookup(st.policy) else { continue };
            let pos = view.position(&LineIndex::new(view.source), st.span.start);
            let sid = st.sid.as_deref().map(|s| format!(" \"{s}\"")).unwrap_or_default();
            let (mark, what) = describe(st, view.compiled);
            let _ = writeln!(
                out,
                "    {mark} {} statement {}{sid} ({}) at {pos}: {what}",
                view.label,
                st.statement + 1,
                st.effect.as_str()
            );
        }
    }
    if !e.skipped_statements.is_empty() {
        let _ = writeln!(out, "  skipped statements (they have errors): {}", e.skipped_statements.len());
    }
    if !e.missing_context.is_empty() {
        let _ = writeln!(out, "  missing context keys: {}", e.missing_context.join(", "));
    }
}

fn describe(st: &StatementTrace, compiled: &CompiledPolicy) -> (&'static str, String) {
    match &st.outcome {
        StatementOutcome::Applied => ("+", "applies".into()),
        StatementOutcome::ResourceMismatch => ("-", "resource does not match".into()),
        StatementOutcome::ResourceVariableMissing(k) => {
            ("-", format!("resource uses `${{{k}}}`, which the request lacks"))
        }
        StatementOutcome::PrincipalMismatch => ("-", "principal does not match the caller".into()),
        StatementOutcome::ConditionFailed(fails) => {
            ("-", format!("condition failed: {}", condition_failures(st, compiled, fails)))
        }
    }
}

/// "`Bool aws:MultiFactorAuthPresent`: key missing from the request; ..."
pub fn condition_failures(st: &StatementTrace, compiled: &CompiledPolicy, fails: &[(usize, CondFailure)]) -> String {
    let stmt = compiled.statements.iter().find(|s| s.index == st.statement);
    fails
        .iter()
        .map(|(ci, why)| {
            let cond = stmt.and_then(|s| s.conditions.get(*ci));
            let name = cond.map(|c| format!("{} `{}`", c.operator_text, c.key)).unwrap_or_default();
            let why = match why {
                CondFailure::UnknownOperator => "unknown operator, never true".to_string(),
                CondFailure::KeyMissing => "key missing from the request".to_string(),
                CondFailure::NoMatch { request_values } => {
                    let want = cond.map(|c| c.value_texts.join(", ")).unwrap_or_default();
                    format!("request has [{}], policy wants [{want}]", request_values.join(", "))
                }
                CondFailure::VariableMissing { variable } => format!("variable `${{{variable}}}` has no value"),
            };
            format!("{name}: {why}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The explanation as JSON (for `iamplay can --format json`).
pub fn explanation_json(e: &Explanation, lookup: Lookup<'_>) -> Value {
    let layers: Vec<Value> = e
        .layers
        .iter()
        .map(|l| {
            json!({
                "layer": l.layer.label(),
                "verdict": match l.verdict {
                    LayerVerdict::Allow => "allow",
                    LayerVerdict::Deny => "deny",
                    LayerVerdict::NoMatch => "no-match",
                    LayerVerdict::NotApplicable => "not-applicable",
                },
                "note": l.note,
            })
        })
        .collect();
    let statements: Vec<Value> = e
        .statements
        .iter()
        .filter_map(|st| {
            let view = lookup(st.policy)?;
            let idx = LineIndex::new(view.source);
            let (a, b) = (view.position(&idx, st.span.start), view.position(&idx, st.span.end));
            let (_, detail) = describe(st, view.compiled);
            Some(json!({
                "policy": view.label,
                "layer": st.layer.label(),
                "statement": st.statement + 1,
                "sid": st.sid,
                "effect": st.effect.as_str(),
                "applied": st.outcome == StatementOutcome::Applied,
                "detail": detail,
                "start": {"line": a.line, "column": a.column},
                "end": {"line": b.line, "column": b.column},
            }))
        })
        .collect();
    json!({
        "decision": e.decision.as_aws_str(),
        "reason": e.reason.describe(),
        "layers": layers,
        "statements": statements,
        "missingContextValues": e.missing_context,
        "skippedStatements": e.skipped_statements.len(),
    })
}
