//! Everything the UI shows, computed from the state by the core engine.

use crate::state::Playground;
use iam_core::eval::{Explanation, StatementOutcome};
use iam_core::request::derive_principal_keys;
use iam_core::{Caller, CompiledPolicy, Context, Decision, LineIndex, PolicySet, Request, Severity, parse_policy};

#[derive(Clone, Debug, PartialEq)]
pub struct DiagnosticView {
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatementView {
    pub label: String,
    pub line: u32,
    pub applied: bool,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub diagnostics: Vec<DiagnosticView>,
    pub decision: Option<Decision>,
    pub reason: String,
    pub statements: Vec<StatementView>,
    pub missing_context: Vec<String>,
    /// Set when the request itself is incomplete (bad caller ARN, ...).
    pub request_error: Option<String>,
}

pub fn analyze(state: &Playground) -> Analysis {
    let index = LineIndex::new(&state.policy);
    let (policy, mut diags) = parse_policy(&state.policy);
    let compiled = policy.map(|p| {
        let (c, more) = CompiledPolicy::compile("identity policy", &p);
        diags.extend(more);
        c
    });
    let diagnostics = diags
        .iter()
        .map(|d| {
            let pos = index.line_col(d.span.start);
            DiagnosticView {
                line: pos.line,
                column: pos.column,
                severity: d.severity,
                code: d.code,
                message: d.message.clone(),
                hint: d.hint.clone(),
            }
        })
        .collect();
    let mut analysis = Analysis {
        diagnostics,
        decision: None,
        reason: String::new(),
        statements: Vec::new(),
        missing_context: Vec::new(),
        request_error: None,
    };
    let caller = match Caller::parse(&state.caller) {
        Ok(c) => c,
        Err(e) => {
            analysis.request_error = Some(e.0);
            return analysis;
        }
    };
    if !state.action.contains(':') {
        analysis.request_error = Some("the action must look like `service:Action`".into());
        return analysis;
    }
    let Some(compiled) = compiled else {
        analysis.request_error = Some("fix the policy's JSON to see a decision".into());
        return analysis;
    };
    let set = PolicySet::builder().identity(compiled).build();
    let mut ctx = Context::new();
    derive_principal_keys(&mut ctx, &caller, None);
    let req = Request {
        caller: &caller,
        action: state.action.trim(),
        resource: state.resource.trim(),
        resource_account: None,
        context: &ctx,
        resource_policy_required: false,
    };
    let e: Explanation = set.explain(&req);
    analysis.decision = Some(e.decision);
    analysis.reason = e.reason.describe();
    analysis.missing_context = e.missing_context.clone();
    analysis.statements = e
        .statements
        .iter()
        .map(|s| {
            let line = index.line_col(s.span.start).line;
            let label = match &s.sid {
                Some(sid) => format!("{} \"{sid}\"", s.effect.as_str()),
                None => format!("{} statement {}", s.effect.as_str(), s.statement + 1),
            };
            let detail = match &s.outcome {
                StatementOutcome::Applied => "applies".to_string(),
                StatementOutcome::ResourceMismatch => "resource does not match".into(),
                StatementOutcome::ResourceVariableMissing(k) => format!("`${{{k}}}` has no value"),
                StatementOutcome::PrincipalMismatch => "principal does not match".into(),
                StatementOutcome::ConditionFailed(f) => format!("{} condition(s) failed", f.len()),
            };
            StatementView { label, line, applied: s.outcome == StatementOutcome::Applied, detail }
        })
        .collect();
    analysis
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Playground};

    #[test]
    fn default_scenario_allows_reading_receipts() {
        let a = analyze(&Playground::default());
        assert_eq!(a.decision, Some(Decision::Allow));
        assert!(a.diagnostics.is_empty());
    }

    #[test]
    fn decision_flips_when_the_action_changes() {
        let s = Playground::default().apply(Action::SetAction("s3:DeleteObject".into()));
        assert_eq!(analyze(&s).decision, Some(Decision::ImplicitDeny));
    }

    #[test]
    fn broken_json_reports_the_line() {
        let s = Playground::default().apply(Action::SetPolicy("{\n  \"Version\": \"2012-10-17\",\n}".into()));
        let a = analyze(&s);
        assert_eq!(a.decision, None);
        assert_eq!(a.diagnostics[0].line, 2, "the trailing comma is the problem");
    }
}
