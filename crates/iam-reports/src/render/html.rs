//! The report as one self-contained HTML page: inline CSS and SVG, no script,
//! no outside requests; a print stylesheet so Print → PDF gives a document to
//! hand over (summary on page 1, each control kept whole where it fits).

use super::markdown::evidence_text;
use super::svg::{Bar, stacked_bars};
use crate::catalog::control;
use crate::library::{CUSTOMER_SIDE, REPORTS, WHERE};
use crate::model::{ControlResult, Family, Report, Severity, Status};
use std::fmt::Write;

const CSS: &str = "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1b1b1b;max-width:960px;margin:24px auto;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:28px}h3{font-size:15px;margin:0 0 6px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}
.score{font-size:40px;font-weight:700}.muted{color:#555}.charts{display:flex;flex-wrap:wrap;gap:16px}
.st{font-weight:700;padding:1px 6px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}.PASSED{background:#2e7d32}.FAILED{background:#c62828}.NOT_AVAILABLE{background:#757575}
.sev{font-size:12px;font-weight:600}.control{border:1px solid #ddd;border-radius:6px;padding:10px 12px;margin:10px 0}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f4f4f4;padding:0 3px;word-break:break-all}
.summary{page-break-after:always;break-after:page}
@media print{body{margin:0;max-width:none;font-size:11px}.control,tr{break-inside:avoid;page-break-inside:avoid}h2{break-after:avoid;page-break-after:avoid}
.appendix{break-before:page;page-break-before:always}a{color:inherit;text-decoration:none}@page{margin:16mm 14mm}}";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn bars<K: Copy>(
    r: &Report,
    keys: &[K],
    label: fn(K) -> String,
    of: fn(&ControlResult) -> K,
    eq: fn(K, K) -> bool,
) -> Vec<Bar> {
    keys.iter()
        .map(|&k| {
            let cs = r.controls.iter().filter(|c| eq(of(c), k));
            let mut b = Bar { label: label(k), passed: 0, failed: 0, not_available: 0 };
            for c in cs {
                match c.status {
                    Status::Passed => b.passed += 1,
                    Status::Failed => b.failed += 1,
                    Status::NotAvailable => b.not_available += 1,
                }
            }
            b
        })
        .filter(|b| b.passed + b.failed + b.not_available > 0)
        .collect()
}

fn status(s: Status) -> String {
    format!("<span class=\"st {0}\">{0}</span>", s.as_str())
}

fn control_section(s: &mut String, c: &ControlResult) {
    let _ = write!(
        s,
        "<div class=\"control\" id=\"{id}\"><h3>{id} {title} {st}</h3><div class=\"sev\">{sev} · {fam}</div>",
        id = esc(&c.id),
        title = esc(&c.title),
        st = status(c.status),
        sev = c.severity.as_str(),
        fam = c.family.title()
    );
    if !c.standards.is_empty() {
        let _ = write!(s, "<div class=\"muted\">{}</div>", esc(&c.standards.join("; ")));
    }
    if let Some(reason) = &c.reason {
        let _ = write!(s, "<p class=\"muted\">{}</p>", esc(reason));
    }
    let failed: Vec<_> = c.resources.iter().filter(|r| r.status == Status::Failed).collect();
    if !failed.is_empty() {
        s.push_str("<table><tr><th>Resource</th><th>Evidence</th></tr>");
        for r in failed {
            let ev: Vec<String> = r.evidence.iter().map(|e| esc(&evidence_text(e))).collect();
            let _ = write!(s, "<tr><td><code>{}</code></td><td>{}</td></tr>", esc(&r.reference), ev.join("<br>"));
        }
        s.push_str("</table>");
    }
    let passed = c.resources.iter().filter(|r| r.status == Status::Passed).count();
    if passed > 0 {
        let _ = write!(s, "<p class=\"muted\">{passed} resources passed.</p>");
    }
    if c.status == Status::Failed {
        let _ = write!(s, "<p><b>Fix:</b> {}</p>", esc(&c.remediation.text));
    }
    s.push_str("</div>");
}

pub fn render(r: &Report) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Compliance report: {}</title><style>{CSS}</style></head><body>",
        esc(&r.scenario)
    );
    // Page 1: scope, score, charts, the control table.
    s.push_str("<section class=\"summary\">");
    let _ = write!(s, "<h1>Compliance report: {}</h1>", esc(&r.scenario));
    let _ = write!(s, "<p class=\"muted\">As of {}. ", esc(&r.as_of));
    if let Some(o) = &r.scope.organization {
        let m = r.scope.management_account.as_deref().unwrap_or("?");
        let _ = write!(s, "Organization {} (management account {}). ", esc(o), esc(m));
    }
    let _ = write!(s, "Accounts: {}.</p>", esc(&r.scope.accounts.join(", ")));
    let m = &r.summary;
    let _ = write!(
        s,
        "<p><span class=\"score\">{}%</span> of decidable controls passed: {} passed, {} failed, {} not available.</p>",
        m.score, m.passed, m.failed, m.not_available
    );
    s.push_str("<div class=\"charts\">");
    s.push_str(&stacked_bars(
        "Controls by severity",
        &bars(r, &Severity::ALL, |k| k.as_str().to_string(), |c| c.severity, |a, b| a == b),
    ));
    s.push_str(&stacked_bars(
        "Controls by family",
        &bars(r, &Family::ALL, |k| k.title().to_string(), |c| c.family, |a, b| a == b),
    ));
    s.push_str("</div><table><tr><th>Control</th><th>Severity</th><th>Status</th><th>Title</th></tr>");
    for c in &r.controls {
        let _ = write!(
            s,
            "<tr><td><a href=\"#{id}\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            c.severity.as_str(),
            status(c.status),
            esc(&c.title),
            id = esc(&c.id)
        );
    }
    s.push_str("</table></section>");
    // The controls with their evidence, failed first.
    s.push_str("<h2>Controls</h2>");
    for st in [Status::Failed, Status::Passed, Status::NotAvailable] {
        for c in r.controls.iter().filter(|c| c.status == st) {
            control_section(&mut s, c);
        }
    }
    // Agreements.
    s.push_str("<h2>AWS Artifact agreements</h2><table><tr><th>Account</th><th>Covered by</th></tr>");
    for a in &r.agreements {
        let list: Vec<String> = a
            .covered_by
            .iter()
            .map(|c| {
                let by = if c.accepted_by.is_empty() { String::new() } else { format!(" by {}", c.accepted_by) };
                esc(&format!("{} ({} scope, accepted in {} on {}{by})", c.name, c.scope, c.accepted_in, c.accepted))
            })
            .collect();
        let shown = if list.is_empty() { "none".to_string() } else { list.join("<br>") };
        let _ = write!(s, "<tr><td>{}</td><td>{shown}</td></tr>", esc(&a.account));
    }
    s.push_str("</table>");
    // Appendix: the compliance center and the Artifact reports library.
    s.push_str("<section class=\"appendix\"><h2>Appendix A: compliance center</h2>");
    s.push_str("<table><tr><th>Control</th><th>What it checks</th><th>Why it matters</th><th>Best practice</th><th>How to fix</th><th>AWS documentation</th></tr>");
    for c in &r.controls {
        if let Some(d) = control(&c.id) {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                esc(d.id),
                esc(d.checks),
                esc(d.why),
                esc(d.practice),
                esc(d.remediation),
                esc(d.url)
            );
        }
    }
    s.push_str("</table></section><section class=\"appendix\"><h2>Appendix B: AWS Artifact reports library</h2>");
    let _ = write!(s, "<p>{}</p>", esc(WHERE));
    s.push_str("<table><tr><th>Report</th><th>What it attests</th><th>Shared responsibility layer</th></tr>");
    for a in REPORTS {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(a.name), esc(a.attests), esc(a.layers));
    }
    let _ = writeln!(s, "</table><p>{}</p></section></body></html>", esc(CUSTOMER_SIDE));
    s
}
