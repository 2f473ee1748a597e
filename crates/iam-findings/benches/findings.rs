#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "benchmark code")]
//! `iamplay findings` (which includes every escalation path to admin) on a
//! generated organization of 50 accounts and 1,000 principals.

#[path = "../../iam-wire/tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_core::Context;
use iam_findings::escalation::{Goal, escalation};
use iam_wire::scenario::resolve;
use std::hint::black_box;

fn findings(c: &mut Criterion) {
    let doc = generate::scenario(42, 50, 15, 5);
    let loaded = resolve(&doc, &|_| None).unwrap();
    let as_of = iam_reports::date::parse("2026-12-01").unwrap();
    let mut g = c.benchmark_group("findings-1000-principals");
    g.sample_size(10);
    g.bench_function("escalation", |b| {
        b.iter(|| black_box(escalation(&doc, &loaded.model, None, &Goal::Admin, &Context::new())))
    });
    g.bench_function("findings+escalation", |b| {
        b.iter(|| black_box(iam_findings::findings(&doc, &loaded.model, as_of)))
    });
    g.finish();
}

criterion_group!(benches, findings);
criterion_main!(benches);
