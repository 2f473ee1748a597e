#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "example code")]
//! Times `findings` (which includes every escalation path to admin) once on the
//! benchmark's generated organization of 50 accounts and 1,000 principals:
//! `cargo run --release -p iam-findings --example escalation_org`.

#[path = "../../iam-wire/tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use iam_core::Context;
use iam_findings::escalation::{Goal, escalation};
use iam_wire::scenario::resolve;
use std::time::Instant;

fn main() {
    let doc = generate::scenario(42, 50, 15, 5);
    let loaded = resolve(&doc, &|_| None).unwrap();
    let as_of = iam_reports::date::parse("2026-12-01").unwrap();
    let t = Instant::now();
    let e = escalation(&doc, &loaded.model, None, &Goal::Admin, &Context::new());
    println!("escalation: {:?}, {} paths, {} decisions", t.elapsed(), e.paths.len(), e.decisions);
    let t = Instant::now();
    let f = iam_findings::findings(&doc, &loaded.model, as_of);
    println!("findings+escalation: {:?}, {} findings", t.elapsed(), f.findings.len());
    let json = serde_json::to_string(&(&e, &f)).unwrap();
    println!(
        "digest: {} bytes, hash {:x}",
        json.len(),
        json.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
    );
}
