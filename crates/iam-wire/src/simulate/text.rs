//! `--format text`: an explanation a person can follow.

use super::{PairResult, Simulation};
use iam_core::LineIndex;
use iam_core::condition::CondFailure;
use iam_core::eval::{LayerVerdict, StatementOutcome};
use std::fmt::Write;

pub fn render_text(sim: &Simulation, results: &[PairResult<'_>]) -> String {
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        render_pair(sim, r, &mut out);
    }
    out
}

fn render_pair(sim: &Simulation, r: &PairResult<'_>, out: &mut String) {
    let e = &r.explanation;
    let verdict = match e.decision {
        iam_core::Decision::Allow => "ALLOWED",
        iam_core::Decision::ExplicitDeny => "DENIED (explicit deny)",
        iam_core::Decision::ImplicitDeny => "DENIED (implicit deny)",
    };
    let _ = writeln!(out, "{} on {}: {verdict}", r.action, r.resource);
    let _ = writeln!(out, "  why: {}", e.reason.describe());
    if r.cross_account {
        let _ = writeln!(out, "  cross-account request: both the resource policy and the caller's policies must allow");
    }
    for layer in &e.layers {
        let v = match layer.verdict {
            LayerVerdict::Allow => "allows",
            LayerVerdict::Deny => "DENIES",
            LayerVerdict::NoMatch => "no matching statement",
            LayerVerdict::NotApplicable => "does not apply",
        };
        let _ = writeln!(out, "  {:<28} {v}", layer.layer.label());
        if let Some(note) = layer.note {
            let _ = writeln!(out, "      ({note})");
        }
        for st in e.statements.iter().filter(|s| s.layer == layer.layer) {
            let Some(policy) = sim.set.policies().get(st.policy) else { continue };
            let pos = sim
                .sources
                .iter()
                .find(|s| s.id == policy.id)
                .map(|s| LineIndex::new(&s.text).line_col(st.span.start).to_string())
                .unwrap_or_default();
            let sid = st.sid.as_deref().map(|s| format!(" \"{s}\"")).unwrap_or_default();
            let (mark, what) = describe(&st.outcome, sim, st.policy, st.statement);
            let _ = writeln!(
                out,
                "    {mark} {} statement {}{sid} ({}) at {pos}: {what}",
                policy.id,
                st.statement + 1,
                st.effect.as_str()
            );
        }
    }
    if !e.skipped_statements.is_empty() {
        let _ = writeln!(out, "  skipped (invalid) statements: {}", e.skipped_statements.len());
    }
    if !e.missing_context.is_empty() {
        let _ = writeln!(out, "  missing context keys: {}", e.missing_context.join(", "));
    }
}

fn describe(outcome: &StatementOutcome, sim: &Simulation, policy: usize, statement: usize) -> (&'static str, String) {
    match outcome {
        StatementOutcome::Applied => ("+", "applies".into()),
        StatementOutcome::ResourceMismatch => ("-", "resource does not match".into()),
        StatementOutcome::ResourceVariableMissing(k) => {
            ("-", format!("resource uses `${{{k}}}`, which the request lacks"))
        }
        StatementOutcome::PrincipalMismatch => ("-", "principal does not match the caller".into()),
        StatementOutcome::ConditionFailed(fails) => {
            let stmt = sim.set.policies().get(policy).and_then(|p| p.statements.iter().find(|s| s.index == statement));
            let parts: Vec<String> = fails
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
                .collect();
            ("-", format!("condition failed: {}", parts.join("; ")))
        }
    }
}
