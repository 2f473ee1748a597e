#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, reason = "benchmark code")]
//! `who-can` on a generated organization of 50 accounts and 1,000 principals.

#[path = "../tests/support/generate.rs"]
mod generate;

use criterion::{Criterion, criterion_group, criterion_main};
use iam_core::Context;
use iam_wire::scenario::resolve;
use std::hint::black_box;

fn scenario(c: &mut Criterion) {
    let doc = generate::scenario(42, 50, 15, 5);
    let loaded = resolve(&doc, &|_| None).unwrap();
    let m = &loaded.model;
    assert_eq!(m.principals().len(), 50 * 21, "root + 15 users + 5 roles per account");
    let ctx = Context::new();
    let mut g = c.benchmark_group("scenario-1000-principals");
    g.sample_size(20);
    g.bench_function("who-can s3:GetObject", |b| {
        b.iter(|| black_box(m.who_can("s3:GetObject", black_box("arn:aws:s3:::bucket-7/k"), &ctx)))
    });
    g.bench_function("assume-edges", |b| b.iter(|| black_box(m.assume_edges())));
    g.bench_function("resolve+compile", |b| b.iter(|| resolve(black_box(&doc), &|_| None).map(|_| ())));
    g.finish();
}

criterion_group!(benches, scenario);
criterion_main!(benches);
