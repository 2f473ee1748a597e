#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "benchmark code")]
//! `iamplay report` on a generated organization of 50 accounts and 1,000
//! principals: every control, then the HTML.

#[path = "../../iam-wire/tests/support/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_wire::scenario::resolve;
use std::hint::black_box;

fn report(c: &mut Criterion) {
    let doc = generate::scenario(42, 50, 15, 5);
    let loaded = resolve(&doc, &|_| None).unwrap();
    let as_of = iam_reports::date::parse("2026-12-01").unwrap();
    let mut g = c.benchmark_group("report-1000-principals");
    g.sample_size(20);
    g.bench_function("report", |b| b.iter(|| black_box(iam_reports::report(&doc, &loaded.model, as_of))));
    let r = iam_reports::report(&doc, &loaded.model, as_of);
    g.bench_function("html", |b| b.iter(|| black_box(iam_reports::render::html::render(black_box(&r)))));
    g.bench_function("resolve+report+json", |b| {
        b.iter(|| {
            let l = resolve(black_box(&doc), &|_| None).unwrap();
            serde_json::to_string(&iam_reports::report(&doc, &l.model, as_of)).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
