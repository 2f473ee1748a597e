//! `--format text`: an explanation a person can follow.

use super::{PairResult, Simulation};
use crate::explain::{PolicyView, render_body, verdict_text};
use std::fmt::Write;

pub fn render_text(sim: &Simulation, results: &[PairResult<'_>]) -> String {
    let lookup = |i: usize| {
        let compiled = sim.set.policies().get(i)?;
        let src = sim.sources.iter().find(|s| s.id == compiled.id)?;
        Some(PolicyView { label: &src.id, source: &src.text, compiled })
    };
    let mut out = String::new();
    for (i, r) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "{} on {}: {}", r.action, r.resource, verdict_text(r.explanation.decision));
        if r.cross_account {
            let _ =
                writeln!(out, "  cross-account request: both the resource policy and the caller's policies must allow");
        }
        render_body(&r.explanation, &lookup, &mut out);
    }
    out
}
