//! SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for
//! findings and lint results, so GitHub code scanning and SARIF viewers show
//! them; and a check of the properties SARIF 2.1.0 requires.

use crate::findings::{Evidence, FindingType, Findings};
use iam_reports::Severity;
use serde_json::{Value, json};

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A rule (a finding type, a lint code).
pub struct Rule {
    pub id: String,
    pub description: String,
    pub help: String,
    /// GitHub's `security-severity` (0–10), for security rules.
    pub security_severity: Option<f32>,
}

/// One result.
pub struct SarifResult {
    pub rule_id: String,
    /// `error`, `warning` or `note`.
    pub level: &'static str,
    pub message: String,
    /// The file it is in.
    pub uri: String,
    /// 1-based line and column, when known.
    pub region: Option<(u32, u32)>,
    /// Scenario references the result is about (logical locations).
    pub logical: Vec<String>,
}

/// A SARIF log of one run of `tool`.
pub fn log(tool: &str, rules: &[Rule], results: &[SarifResult]) -> Value {
    let rules: Vec<Value> = rules
        .iter()
        .map(|r| {
            let mut v = json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": r.description},
                "help": {"text": r.help},
            });
            if let (Some(s), Some(obj)) = (r.security_severity, v.as_object_mut()) {
                obj.insert("properties".into(), json!({"security-severity": format!("{s:.1}"), "tags": ["security"]}));
            }
            v
        })
        .collect();
    let results: Vec<Value> = results
        .iter()
        .map(|r| {
            let mut physical = json!({"artifactLocation": {"uri": r.uri}});
            if let (Some((line, column)), Some(obj)) = (r.region, physical.as_object_mut()) {
                obj.insert("region".into(), json!({"startLine": line.max(1), "startColumn": column.max(1)}));
            }
            let logical: Vec<Value> = r.logical.iter().map(|l| json!({"fullyQualifiedName": l})).collect();
            let mut location = json!({"physicalLocation": physical});
            if !logical.is_empty()
                && let Some(obj) = location.as_object_mut()
            {
                obj.insert("logicalLocations".into(), Value::Array(logical));
            }
            json!({
                "ruleId": r.rule_id,
                "level": r.level,
                "message": {"text": r.message},
                "locations": [location],
            })
        })
        .collect();
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {
                "name": tool,
                "informationUri": "https://github.com/iam-playground/iam-playground",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    })
}

/// SARIF level for a severity: CRITICAL and HIGH are errors, MEDIUM warnings, the rest notes.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Informational => "note",
    }
}

/// Findings as SARIF; `uri` is the scenario file. A finding's location is
/// the first policy statement of its evidence when it has one (as a logical
/// location: the scenario's policy label and line), else the scenario file.
pub fn findings_log(f: &Findings, uri: &str) -> Value {
    let rules: Vec<Rule> = FindingType::ALL
        .iter()
        .map(|t| Rule {
            id: t.as_str().into(),
            description: t.description().into(),
            help: t.remediation().into(),
            security_severity: Some(t.severity().1),
        })
        .collect();
    let results: Vec<SarifResult> = f
        .findings
        .iter()
        .map(|x| {
            let statements: Vec<String> = x
                .evidence
                .iter()
                .filter_map(|e| match e {
                    Evidence::Statement { policy, line } => Some(format!("{policy}:{line}")),
                    Evidence::Step(s) => s.statement.as_ref().map(|r| format!("{}:{}", r.policy, r.line)),
                    _ => None,
                })
                .collect();
            SarifResult {
                rule_id: x.kind.as_str().into(),
                level: level(x.severity),
                message: format!("{} [{} {:.1}] {}", x.title, x.severity.as_str(), x.score, x.remediation),
                uri: uri.into(),
                region: None,
                logical: x.resources.iter().cloned().chain(statements).collect(),
            }
        })
        .collect();
    log("iamplay findings", &rules, &results)
}

/// Checks the properties SARIF 2.1.0 requires (and the enumerations it
/// restricts) on the parts this crate writes: `version` = 2.1.0, `runs`;
/// each run's `tool.driver.name`; each rule's `id`; each result's `message`
/// (`text` or `id`), `level` among none/note/warning/error, locations'
/// `artifactLocation.uri`, and regions' `startLine` ≥ 1.
pub fn validate(log: &Value) -> Result<(), String> {
    let field = |v: &Value, k: &str, at: &str| v.get(k).cloned().ok_or_else(|| format!("{at}: `{k}` is required"));
    if field(log, "version", "log")? != SARIF_VERSION {
        return Err("log: `version` must be \"2.1.0\"".into());
    }
    let runs = field(log, "runs", "log")?;
    let runs = runs.as_array().ok_or("log: `runs` must be an array")?;
    for (i, run) in runs.iter().enumerate() {
        let at = format!("runs[{i}]");
        let driver = field(&field(run, "tool", &at)?, "driver", &format!("{at}.tool"))?;
        if !field(&driver, "name", &format!("{at}.tool.driver"))?.is_string() {
            return Err(format!("{at}.tool.driver.name must be a string"));
        }
        for (j, rule) in driver.get("rules").and_then(Value::as_array).into_iter().flatten().enumerate() {
            if !field(rule, "id", &format!("{at}.rules[{j}]"))?.is_string() {
                return Err(format!("{at}.rules[{j}].id must be a string"));
            }
        }
        for (j, r) in run.get("results").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let at = format!("{at}.results[{j}]");
            let msg = field(r, "message", &at)?;
            if !msg.get("text").is_some_and(Value::is_string) && !msg.get("id").is_some_and(Value::is_string) {
                return Err(format!("{at}.message needs `text` or `id`"));
            }
            if let Some(l) = r.get("level")
                && !matches!(l.as_str(), Some("none" | "note" | "warning" | "error"))
            {
                return Err(format!("{at}.level {l} is not none, note, warning or error"));
            }
            for (k, loc) in r.get("locations").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let Some(p) = loc.get("physicalLocation") else { continue };
                let at = format!("{at}.locations[{k}].physicalLocation");
                if !field(&field(p, "artifactLocation", &at)?, "uri", &at)?.is_string() {
                    return Err(format!("{at}.artifactLocation.uri must be a string"));
                }
                if let Some(region) = p.get("region")
                    && region.get("startLine").and_then(Value::as_u64).is_none_or(|n| n < 1)
                {
                    return Err(format!("{at}.region.startLine must be an integer ≥ 1"));
                }
            }
        }
    }
    Ok(())
}
