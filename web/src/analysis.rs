//! Everything the UI shows, computed from the state with the engine. Pure
//! functions; memoised by revision in the components (the root component
//! also owns the compiled-policy cache `analyze_doc_with` reuses).

use crate::state::RequestState;
use crate::state::targets::PolicyTarget;
use iam_catalog::ManagedPolicies;
use iam_core::eval::{Explanation, LayerVerdict, StatementOutcome};
use iam_core::model::{AssertionCase, AssertionOutcome, AssumeEdge, Model};
use iam_core::{Context, ContextValue, Decision, LineIndex, Severity};
use iam_wire::error::WireError;
use iam_wire::explain;
use iam_wire::scenario::{AssertionDoc, ContextValueDoc, Loaded, PolicyCache, ScenarioDoc, resolve_cached};
use std::collections::{BTreeMap, HashMap};

/// A policy statement that never applies: stands in for an AWS managed policy
/// while the corpus is still loading.
const PENDING_DOC: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"*","Resource":"*"}]}"#;

#[derive(Clone, Debug, PartialEq)]
pub struct DiagnosticView {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub hint: Option<String>,
}

/// The scenario, resolved: what every view reads.
#[derive(Clone, Debug)]
pub struct DocAnalysis {
    pub loaded: Result<Loaded, Vec<WireError>>,
    /// Diagnostics per policy target.
    pub diagnostics: HashMap<PolicyTarget, Vec<DiagnosticView>>,
    pub assertions: Vec<(AssertionCase, AssertionOutcome)>,
    pub assume_edges: Vec<AssumeEdge>,
    /// The editable policy of each engine policy (by `PolicyId`), from its origin.
    pub targets: Vec<Option<PolicyTarget>>,
    /// AWS managed policies referenced but not loaded yet.
    pub pending_managed: usize,
}

impl DiagnosticView {
    pub fn new(d: &iam_core::Diagnostic, index: &LineIndex<'_>) -> Self {
        let pos = index.line_col(d.span.start);
        Self {
            start: d.span.start,
            end: d.span.end,
            line: pos.line,
            column: pos.column,
            severity: d.severity,
            code: d.code.as_str(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        }
    }
}

impl PartialEq for DocAnalysis {
    fn eq(&self, _: &Self) -> bool {
        false // recomputed per revision; never compared structurally
    }
}

impl DocAnalysis {
    pub fn model(&self) -> Option<&Model> {
        self.loaded.as_ref().ok().map(|l| &l.model)
    }

    pub fn errors(&self) -> &[WireError] {
        self.loaded.as_ref().err().map_or(&[], Vec::as_slice)
    }
}

/// An AWS managed policy by ARN (name, document), or a stand-in that never
/// applies while the corpus is still loading (`managed` is None).
pub fn managed_or_pending(managed: Option<&ManagedPolicies>, arn: &str) -> Option<(String, String)> {
    match managed {
        Some(m) => m.by_arn(arn).map(|p| (p.name.clone(), p.document.clone())),
        None => Some((arn.rsplit('/').next().unwrap_or(arn).to_string(), PENDING_DOC.to_string())),
    }
}

/// `analyze_doc_with` and a fresh cache: every policy compiled anew.
pub fn analyze_doc(doc: &ScenarioDoc, managed: Option<&ManagedPolicies>) -> DocAnalysis {
    analyze_doc_with(doc, managed, None, &mut PolicyCache::new())
}

/// The analysis of `doc`, reusing the compiled policies in `cache` (the
/// caller keeps it from one revision to the next: only the edited policy
/// changes per keystroke).
///
/// With the action catalog (once fetched), exercises naming an unknown action
/// or an undeclared resource fail as `iamplay check` fails them.
pub fn analyze_doc_with(
    doc: &ScenarioDoc,
    managed: Option<&ManagedPolicies>,
    catalog: Option<&dyn iam_core::catalog::Catalog>,
    cache: &mut PolicyCache,
) -> DocAnalysis {
    let pending = std::cell::Cell::new(0usize);
    let lookup = |arn: &str| -> Option<(String, String)> {
        if managed.is_none() {
            pending.set(pending.get() + 1);
        }
        managed_or_pending(managed, arn)
    };
    let loaded = resolve_cached(doc, &lookup, cache);
    let mut targets = Vec::new();
    let mut diagnostics = HashMap::new();
    let mut assertions = Vec::new();
    let mut assume_edges = Vec::new();
    if let Ok(l) = &loaded {
        targets = l.model.policies.iter().map(|p| PolicyTarget::from_origin(&p.origin, doc)).collect();
        for (p, target) in l.model.policies.iter().zip(&targets) {
            let Some(target) = target else { continue };
            let idx = LineIndex::new(&p.source);
            let views = p.diagnostics.iter().map(|d| DiagnosticView::new(d, &idx)).collect();
            diagnostics.insert(target.clone(), views);
        }
        assertions = l
            .assertions
            .iter()
            .map(|a| {
                let outcome = match catalog {
                    Some(c) => iam_wire::request_check::check_assertion(a, &l.model, c),
                    None => l.model.check(&a.assertion),
                };
                (a.clone(), outcome)
            })
            .collect();
        assume_edges = l.model.assume_edges();
    }
    DocAnalysis { loaded, diagnostics, assertions, assume_edges, targets, pending_managed: pending.get() }
}

/// One statement line of an explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementView {
    pub policy_label: String,
    pub target: Option<PolicyTarget>,
    pub statement: usize,
    pub sid: Option<String>,
    pub effect: &'static str,
    pub applied: bool,
    pub detail: String,
    pub start: u32,
    pub end: u32,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LayerView {
    pub title: String,
    pub verdict: LayerVerdict,
    /// The verdict in words (`explain::layer_verdict_text`).
    pub verdict_text: &'static str,
    pub note: Option<&'static str>,
    pub statements: Vec<StatementView>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RequestAnalysis {
    pub decision: Option<Decision>,
    pub reason: String,
    /// The statement that decided (`denied by SCP DenyEC2 at OU Sandbox, line 6`), if one did.
    pub decided_by: Option<String>,
    pub layers: Vec<LayerView>,
    pub missing_context: Vec<String>,
    /// Why there is no decision (unknown principal, invalid scenario...).
    pub error: Option<String>,
    pub principal_label: String,
    pub cross_account: bool,
}

/// The context editor's rows as (key, value or list) pairs; `[a, b]` is a list.
fn context_rows(rows: &[(String, String)]) -> impl Iterator<Item = (&str, Result<Vec<String>, &str>)> {
    rows.iter().filter(|(k, _)| !k.trim().is_empty()).map(|(k, v)| {
        let v = v.trim();
        let value = match v.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
            Some(list) => Ok(list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()),
            None => Err(v),
        };
        (k.trim(), value)
    })
}

/// Reads the context editor's rows; `[a, b]` is a list.
pub fn context_of(rows: &[(String, String)]) -> Context {
    let mut ctx = Context::new();
    for (key, value) in context_rows(rows) {
        let value = match value {
            Ok(list) => ContextValue::list(list),
            Err(single) => ContextValue::single(single),
        };
        ctx.insert(key, value);
    }
    ctx
}

/// The context editor's rows as a scenario assertion's `context` (true and
/// false as booleans, the way scenario files write them).
pub fn context_doc(rows: &[(String, String)]) -> BTreeMap<String, ContextValueDoc> {
    let text = |v: &str| match v {
        "true" => ContextValueDoc::Bool(true),
        "false" => ContextValueDoc::Bool(false),
        _ => ContextValueDoc::Text(v.to_string()),
    };
    context_rows(rows)
        .map(|(key, value)| {
            let v = match value {
                Ok(list) => ContextValueDoc::List(list.iter().map(|x| text(x)).collect()),
                Err(single) => text(single),
            };
            (key.to_string(), v)
        })
        .collect()
}

/// One exercise as the workshop lists it. Read from the document, so that it
/// shows (and can be removed) even when the scenario does not load.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseView {
    pub id: String,
    pub title: String,
    /// None: not checked, because the scenario does not load.
    pub passed: Option<bool>,
    /// What happened, or why it could not be checked.
    pub summary: String,
}

pub fn exercises(doc: &ScenarioDoc, analysis: &DocAnalysis) -> Vec<ExerciseView> {
    doc.assertions
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let (AssertionDoc::Can { id, description, .. }
            | AssertionDoc::NobodyOutsideOrg { id, description, .. }
            | AssertionDoc::Only { id, description, .. }) = a;
            let id = if id.is_empty() { format!("assertion-{}", i + 1) } else { id.clone() };
            let title = if description.is_empty() { id.clone() } else { description.clone() };
            // A loaded scenario has every assertion, in document order.
            if let Some((_, outcome)) = analysis.assertions.get(i).filter(|_| analysis.model().is_some()) {
                return ExerciseView {
                    id,
                    title,
                    passed: Some(outcome.passed),
                    summary: explain::assertion_summary(outcome),
                };
            }
            let prefix = format!("assertions[{i}]");
            let own: Vec<String> = analysis
                .errors()
                .iter()
                .filter(|e| e.path == prefix || e.path.starts_with(&format!("{prefix}.")))
                .map(|e| e.message.clone())
                .collect();
            let summary = if own.is_empty() {
                "Not checked: fix the scenario's errors first.".to_string()
            } else {
                format!("Cannot be checked: {}", own.join("; "))
            };
            ExerciseView { id, title, passed: None, summary }
        })
        .collect()
}

pub fn analyze_request(analysis: &DocAnalysis, request: &RequestState) -> RequestAnalysis {
    let mut out = RequestAnalysis {
        decision: None,
        reason: String::new(),
        decided_by: None,
        layers: Vec::new(),
        missing_context: Vec::new(),
        error: None,
        principal_label: request.principal.clone(),
        cross_account: false,
    };
    let Some(model) = analysis.model() else {
        out.error = Some("fix the scenario's errors to see decisions".into());
        return out;
    };
    if !request.action.contains(':') {
        out.error = Some("the action must look like `service:Action`".into());
        return out;
    }
    if request.resource.trim().is_empty() {
        out.error = Some("name a resource ARN (or `*`)".into());
        return out;
    }
    let principal = match model.resolve_principal(&request.principal) {
        Ok(p) => p,
        Err(e) => {
            out.error = Some(e.to_string());
            return out;
        }
    };
    out.principal_label = model.principal_label(&principal);
    let ctx = context_of(&request.context);
    let result = match model.can(&principal, request.action.trim(), request.resource.trim(), &ctx) {
        Ok(r) => r,
        Err(e) => {
            out.error = Some(e.to_string());
            return out;
        }
    };
    out.cross_account = result.resource_account.as_deref().is_some_and(|a| a != result.caller.account);
    let e: &Explanation = &result.explanation;
    out.decision = Some(e.decision);
    let account = result.resource_account.as_deref();
    out.reason = explain::scenario_reason_text(model, e.reason, &principal, account);
    out.missing_context = e.missing_context.clone();
    out.decided_by = deciding_statement(e).and_then(|s| {
        let pid = result.policy_ids.get(s.policy).copied().flatten()?;
        let entry = model.policy(pid)?;
        let line = LineIndex::new(&entry.source).line_col(s.span.start).line;
        let name = entry.label.rsplit('/').next().unwrap_or(&entry.label);
        explain::decided_by_text(model, e.decision, s.layer, &principal, account, name, s.sid.as_deref(), line)
    });
    for layer in &e.layers {
        let title = capitalize(&explain::layer_title(model, layer.layer, &principal, account));
        let statements = e
            .statements
            .iter()
            .filter(|s| s.layer == layer.layer)
            .filter_map(|s| {
                let pid = result.policy_ids.get(s.policy).copied().flatten()?;
                let entry = model.policy(pid)?;
                let line = LineIndex::new(&entry.source).line_col(s.span.start).line;
                let (_, detail) = explain::describe(s, &entry.compiled);
                Some(StatementView {
                    policy_label: entry.label.clone(),
                    target: analysis.targets.get(pid).cloned().flatten(),
                    statement: s.statement,
                    sid: s.sid.clone(),
                    effect: s.effect.as_str(),
                    applied: s.outcome == StatementOutcome::Applied,
                    detail,
                    start: s.span.start,
                    end: s.span.end,
                    line,
                })
            })
            .collect();
        out.layers.push(LayerView {
            title,
            verdict: layer.verdict,
            verdict_text: explain::layer_verdict_text(layer),
            note: layer.note.map(explain::note_text),
            statements,
        });
    }
    out
}

/// The statement that decided: the first applied Deny for an explicit deny;
/// for an allow, the first applied Allow of the layer that granted it.
fn deciding_statement(e: &Explanation) -> Option<&iam_core::eval::StatementTrace> {
    use iam_core::{Layer, Reason};
    let applied = |s: &&iam_core::eval::StatementTrace| s.outcome == StatementOutcome::Applied;
    match e.decision {
        Decision::ExplicitDeny => e.statements.iter().filter(applied).find(|s| s.effect.as_str() == "Deny"),
        Decision::Allow => {
            let layer = match e.reason {
                Reason::AllowedByResourcePolicy => Layer::Resource,
                _ => Layer::Identity,
            };
            e.statements.iter().filter(applied).find(|s| s.layer == layer && s.effect.as_str() == "Allow")
        }
        Decision::ImplicitDeny => None,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::default_request;
    use crate::state::gallery::default_scenario;

    #[test]
    fn coffee_shop_first_request_is_allowed_and_explained() {
        let doc = default_scenario();
        let a = analyze_doc(&doc, None);
        assert!(a.errors().is_empty(), "{:?}", a.errors());
        let r = analyze_request(&a, &default_request(&doc));
        assert_eq!(r.decision, Some(Decision::Allow), "{r:?}");
        assert!(r.layers.iter().any(|l| l.title.starts_with("SCPs at OU") || l.title.starts_with("SCPs at the root")));
        let applied: Vec<_> = r.layers.iter().flat_map(|l| &l.statements).filter(|s| s.applied).collect();
        assert!(applied.iter().any(|s| s.target.is_some()), "applied statements map back to editable policies");
    }

    #[test]
    fn the_summary_names_the_deciding_policy_layer_and_line() {
        let doc = default_scenario();
        let a = analyze_doc(&doc, None);
        let allowed = analyze_request(&a, &default_request(&doc));
        let by = allowed.decided_by.unwrap();
        assert!(by.starts_with("allowed by identity-based policy ReadReceipts"), "{by}");
        assert!(by.ends_with(", line 10"), "{by}");
        let leave = RequestState {
            principal: "finance/user/ana".into(),
            action: "organizations:LeaveOrganization".into(),
            resource: "*".into(),
            context: Vec::new(),
            switched_from: None,
        };
        let denied = analyze_request(&a, &leave);
        assert_eq!(denied.decision, Some(Decision::ExplicitDeny));
        let by = denied.decided_by.unwrap();
        assert!(by.starts_with("denied by SCP DenyLeavingTheOrganization at the root"), "{by}");
    }

    #[test]
    fn pending_managed_policies_are_counted() {
        let doc = default_scenario();
        assert!(analyze_doc(&doc, None).pending_managed > 0);
    }

    #[test]
    fn context_rows_become_context() {
        let ctx = context_of(&[("aws:TagKeys".into(), "[a, b]".into()), ("aws:SourceIp".into(), "1.2.3.4".into())]);
        assert_eq!(ctx.get("aws:tagkeys").unwrap().values, ["a", "b"]);
        assert!(ctx.get("aws:tagkeys").unwrap().multi);
    }

    #[test]
    fn exercises_are_listed_even_when_the_scenario_does_not_load() {
        let mut doc = default_scenario();
        if let Some(AssertionDoc::Can { principal, .. }) = doc.assertions.first_mut() {
            *principal = "finance/user/nobody".into();
        }
        let a = analyze_doc(&doc, None);
        assert!(a.model().is_none());
        let list = exercises(&doc, &a);
        assert_eq!(list.len(), doc.assertions.len());
        let first = list.first().unwrap();
        assert_eq!(first.passed, None);
        assert!(first.summary.contains("no user `nobody`"), "{}", first.summary);
        assert!(list.get(1).unwrap().summary.starts_with("Not checked"));
    }
}
