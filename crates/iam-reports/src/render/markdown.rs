//! The report as Markdown, for tickets and pull requests: failed resources
//! listed, passed ones counted.

use crate::model::{Evidence, Report, ResourceResult, Status};
use std::fmt::Write;

/// Evidence in words: `passwordPolicy.minimumLength = 8 (expected >= 14)`.
pub fn evidence_text(e: &Evidence) -> String {
    match e {
        Evidence::Setting { setting, value, expected } if expected.is_empty() => format!("{setting} = {value}"),
        Evidence::Setting { setting, value, expected } => format!("{setting} = {value} (expected {expected})"),
        Evidence::Statement { policy, statement, line, sid } => {
            let sid = sid.as_ref().map(|s| format!(" `{s}`")).unwrap_or_default();
            format!("{policy}, statement {statement}{sid} (line {line})")
        }
        Evidence::Attachment { policy } => format!("attached: {policy}"),
    }
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn failed(resources: &[ResourceResult]) -> impl Iterator<Item = &ResourceResult> {
    resources.iter().filter(|r| r.status == Status::Failed)
}

pub fn render(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Compliance report: {}\n", r.scenario);
    let _ = writeln!(s, "As of **{}**.", r.as_of);
    if let Some(o) = &r.scope.organization {
        let m = r.scope.management_account.as_deref().unwrap_or("?");
        let _ = writeln!(s, "Organization `{o}` (management account `{m}`).");
    }
    let _ = writeln!(s, "Accounts: {}.\n", r.scope.accounts.join(", "));
    let m = &r.summary;
    let _ = writeln!(
        s,
        "**Score {}%**: {} passed, {} failed, {} not available.\n",
        m.score, m.passed, m.failed, m.not_available
    );
    let _ = writeln!(s, "| Control | Severity | Status | Title |\n|---|---|---|---|");
    for c in &r.controls {
        let _ = writeln!(s, "| {} | {} | {} | {} |", c.id, c.severity.as_str(), c.status.as_str(), md_escape(&c.title));
    }
    let _ = writeln!(s, "\n## Failed controls\n");
    for c in r.controls.iter().filter(|c| c.status == Status::Failed) {
        let _ = writeln!(s, "### {} {} ({})\n", c.id, c.title, c.severity.as_str());
        if !c.standards.is_empty() {
            let _ = writeln!(s, "Standards: {}\n", c.standards.join("; "));
        }
        for res in failed(&c.resources) {
            let ev: Vec<String> = res.evidence.iter().map(evidence_text).collect();
            let _ = writeln!(s, "- `{}`: {}", res.reference, ev.join("; "));
        }
        let passed = c.resources.iter().filter(|r| r.status == Status::Passed).count();
        if passed > 0 {
            let _ = writeln!(s, "- ({passed} resources passed)");
        }
        let _ = writeln!(s, "\nFix: {} ({})\n", c.remediation.text, c.remediation.url);
    }
    let na: Vec<_> = r.controls.iter().filter(|c| c.status == Status::NotAvailable).collect();
    if !na.is_empty() {
        let _ = writeln!(s, "## Not available\n");
        for c in na {
            let _ = writeln!(s, "- {}: {}", c.id, c.reason.as_deref().unwrap_or(""));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Artifact agreements\n");
    for a in &r.agreements {
        let list: Vec<String> = a
            .covered_by
            .iter()
            .map(|c| format!("{} ({} scope, accepted in {} on {})", c.name, c.scope, c.accepted_in, c.accepted))
            .collect();
        let shown = if list.is_empty() { "none".to_string() } else { list.join("; ") };
        let _ = writeln!(s, "- {}: {shown}", a.account);
    }
    s
}
