//! Compliance reports on a scenario: AWS Security Hub's IAM and KMS controls
//! (with the CIS and PCI DSS requirements they serve), the AWS security notes'
//! best practices, AWS Organizations guardrails and AWS Artifact agreements.
//! No I/O: the report is plain data ([`Report`]) that the CLI prints as JSON,
//! Markdown or HTML ([`render`]) and the web app shows.

pub mod catalog;
mod checks;
pub mod date;
pub mod library;
pub mod model;
mod policies;
pub mod render;

pub use catalog::{CONTROLS, ControlDef};
pub use model::*;

use checks::{Ctx, Outcome};
use iam_core::model::Model;
use iam_wire::scenario::ScenarioDoc;

/// The report of `model` (resolved from `doc`) as of `as_of` (epoch milliseconds).
pub fn report(doc: &ScenarioDoc, model: &Model, as_of: i64) -> Report {
    let ctx = Ctx { doc, model, as_of };
    let controls: Vec<ControlResult> = CONTROLS.iter().map(|def| evaluate(def, &ctx)).collect();
    let count = |s: Status| controls.iter().filter(|c| c.status == s).count();
    let (passed, failed, not_available) = (count(Status::Passed), count(Status::Failed), count(Status::NotAvailable));
    let decidable = passed + failed;
    let score = (passed * 100).checked_div(decidable).map_or(100, |s| u32::try_from(s).unwrap_or(100));
    let org = model.org.as_ref();
    Report {
        scenario: model.name.clone(),
        as_of: date::format(as_of),
        scope: Scope {
            organization: org.map(|o| if o.id.is_empty() { "organization".into() } else { o.id.clone() }),
            management_account: org
                .and_then(|o| o.management_account)
                .and_then(|m| model.accounts.get(m))
                .map(|a| a.name.clone()),
            accounts: model.accounts.iter().map(|a| format!("{} ({})", a.name, a.id)).collect(),
        },
        summary: Summary { passed, failed, not_available, score },
        controls,
        agreements: checks::coverage(&ctx),
    }
}

/// The as-of date in force: the given one, else the scenario's `asOf`, else `today`.
pub fn as_of(given: Option<i64>, doc: &ScenarioDoc, today: i64) -> i64 {
    given.or_else(|| doc.as_of.as_deref().and_then(date::parse)).unwrap_or(today)
}

fn evaluate(def: &ControlDef, ctx: &Ctx<'_>) -> ControlResult {
    let (status, reason, resources) = match checks::evaluate(def.id, ctx) {
        Outcome::NotAvailable(reason) => (Status::NotAvailable, Some(reason), Vec::new()),
        Outcome::Resources(resources) => {
            let failed = resources.iter().any(|r| r.status == Status::Failed);
            let reason = resources.is_empty().then(|| "no resources in scope".to_string());
            (if failed { Status::Failed } else { Status::Passed }, reason, resources)
        }
    };
    ControlResult {
        id: def.id.into(),
        title: def.title.into(),
        severity: def.severity,
        family: def.family,
        standards: def.standards.iter().map(|s| s.to_string()).collect(),
        status,
        reason,
        resources,
        remediation: Remediation { text: def.remediation.into(), url: def.url.into() },
    }
}

/// True if some failed control is `threshold` or more severe (`--fail-on`).
pub fn fails_at(report: &Report, threshold: Severity) -> bool {
    report.controls.iter().any(|c| c.status == Status::Failed && c.severity.at_least(threshold))
}

/// The JSON Schema of the report (`schemas/report.v1.schema.json`).
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Report)).unwrap_or_default()
}
