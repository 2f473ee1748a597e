//! `--format text`: an explanation a person can follow.

use super::{PairResult, Simulation};
use crate::explain::{PolicyView, render_body_titled, verdict_text};
use iam_core::Layer;
use std::fmt::Write;

/// The explanations of a page of results; `next` is the marker of the next
/// page when the results were truncated (`MaxItems`).
pub fn render_text(sim: &Simulation, results: &[PairResult<'_>], next: Option<usize>) -> String {
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        out.push_str(&render_result_text(sim, i, r));
    }
    out.push_str(&render_truncated_text(next));
    out
}

/// The explanation of result `i` of a page (separated from the one before by
/// an empty line), for writing results out one at a time.
pub fn render_result_text(sim: &Simulation, i: usize, r: &PairResult<'_>) -> String {
    let lookup = |i: usize| {
        let compiled = sim.set.policies().get(i)?;
        let src = sim.sources.iter().find(|s| s.id == compiled.id)?;
        Some(PolicyView { label: &src.id, source: &src.text, origin: src.origin, compiled })
    };
    // Organization levels numbered as in `SourcePolicyId`
    // (`OrderedOrganizationPolicyInputList.1` is level 1, the root).
    let title = |l: Layer| match l {
        Layer::Scp(n) => format!("SCPs (level {})", u32::from(n) + 1),
        Layer::Rcp(n) => format!("RCPs (level {})", u32::from(n) + 1),
        other => crate::explain::layer_label(other),
    };
    let mut out = String::new();
    if i > 0 {
        out.push('\n');
    }
    let _ = writeln!(out, "{} on {}: {}", r.action, r.resource, verdict_text(r.explanation.decision));
    if let Some(scope) = crate::explain::request_scope_text(sim.caller.kind, r.cross_account) {
        let _ = writeln!(out, "  {scope}");
    }
    render_body_titled(&r.explanation, &lookup, &title, &mut out);
    out
}

/// The closing line of a truncated page.
pub fn render_truncated_text(next: Option<usize>) -> String {
    next.map_or_else(String::new, |n| format!("\ntruncated; next marker {n} (pass \"Marker\": \"{n}\" for the rest)\n"))
}
