//! Inspector-style findings: what is exploitable in the scenario, each with a
//! stable type, a severity and score, the resources, the evidence and a
//! remediation. Access findings are decided by the engine.

mod access;
mod credentials;
mod types;

pub use types::FindingType;

use crate::escalation::{Escalation, Goal, StatementRef, Step, escalation};
use iam_core::Context;
use iam_core::model::Model;
use iam_reports::Severity;
use iam_wire::scenario::ScenarioDoc;
use schemars::JsonSchema;
use serde::Serialize;

/// What shows a finding holds.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Evidence {
    /// A policy statement (policy label, 1-based line).
    Statement { policy: String, line: u32 },
    /// A request the engine allowed: who, what, on what.
    Request { principal: String, action: String, resource: String },
    /// A setting of the scenario (`mfa: none`, `created: 2023-01-01`).
    Setting { name: String, value: String },
    /// One step of an escalation path.
    Step(Step),
}

impl From<StatementRef> for Evidence {
    fn from(s: StatementRef) -> Self {
        Evidence::Statement { policy: s.policy, line: s.line }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Finding {
    #[serde(rename = "type")]
    pub kind: FindingType,
    pub title: String,
    pub severity: Severity,
    /// 0–10, like a CVSS base score.
    pub score: f32,
    /// CLI references: `finance/user/ana`, `finance/role/Admin`, a resource ARN.
    pub resources: Vec<String>,
    pub evidence: Vec<Evidence>,
    pub remediation: String,
}

impl Finding {
    fn new(kind: FindingType, title: String, resources: Vec<String>, evidence: Vec<Evidence>) -> Self {
        let (severity, score) = kind.severity();
        Finding { kind, title, severity, score, resources, evidence, remediation: kind.remediation().into() }
    }

    /// The same finding at another severity (one type can rank differently by case).
    fn ranked(mut self, severity: Severity, score: f32) -> Self {
        self.severity = severity;
        self.score = score;
        self
    }
}

/// `iamplay findings`' answer.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Findings {
    pub scenario: String,
    /// `YYYY-MM-DD`: the date age-based findings count from.
    pub as_of: String,
    pub findings: Vec<Finding>,
}

/// Every finding of `model` (resolved from `doc`) as of `as_of` (epoch ms), most severe first.
pub fn findings(doc: &ScenarioDoc, model: &Model, as_of: i64) -> Findings {
    let ctx = Context::new();
    let mut out = Vec::new();
    out.extend(access::external_access(model));
    out.extend(access::open_trust(model));
    out.extend(access::unassumable_roles(model));
    out.extend(credentials::wildcard_admin(model));
    out.extend(credentials::console_without_mfa(model));
    out.extend(credentials::access_keys(model, as_of));
    out.extend(escalation_findings(&escalation(doc, model, None, &Goal::Admin, &ctx)));
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then(b.score.total_cmp(&a.score))
            .then(a.kind.cmp(&b.kind))
            .then(a.resources.cmp(&b.resources))
    });
    Findings { scenario: model.name.clone(), as_of: iam_reports::date::format(as_of), findings: out }
}

/// Each path as a finding: CRITICAL when it reaches administrator access.
pub fn escalation_findings(esc: &Escalation) -> Vec<Finding> {
    esc.paths
        .iter()
        .map(|p| {
            let techniques: Vec<&str> = p.steps.iter().map(|s| s.technique.as_str()).collect();
            let title = format!("{} can escalate to {} ({})", p.from, p.to, techniques.join(" → "));
            let mut resources = vec![p.from.clone()];
            resources.extend(p.steps.iter().map(|s| s.gains.clone()).filter(|g| g.contains('/')));
            resources.dedup();
            let evidence = p.steps.iter().cloned().map(Evidence::Step).collect();
            let f = Finding::new(FindingType::PrivilegeEscalation, title, resources, evidence);
            if p.to == "admin" { f.ranked(Severity::Critical, 9.0) } else { f }
        })
        .collect()
}

/// Keeps the findings of `threshold` or more severe.
pub fn at_least(f: &Findings, threshold: Severity) -> Findings {
    Findings { findings: f.findings.iter().filter(|x| x.severity.at_least(threshold)).cloned().collect(), ..f.clone() }
}

/// The JSON Schema of the findings (`schemas/findings.v1.schema.json`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Findings)).unwrap_or_default()
}
