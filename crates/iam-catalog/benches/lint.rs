#![allow(clippy::panic, reason = "benchmark setup")]
//! Linting throughput on real policies: all 1,594 AWS managed policies
//! (4.4 MB of JSON, 8,853 statements) against the bundled catalog, and the
//! cost of loading the catalog itself.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iam_catalog::{IamCatalog, ManagedPolicies};
use iam_core::lint::{PolicyType, lint};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let catalog = IamCatalog::bundled().unwrap_or_else(|e| panic!("catalog: {e}"));
    let corpus = ManagedPolicies::bundled().unwrap_or_else(|e| panic!("managed policies: {e}"));
    let policies = corpus.all();

    let mut g = c.benchmark_group("lint");
    g.sample_size(20);
    g.throughput(Throughput::Elements(policies.len() as u64));
    g.bench_function("lint-managed-corpus", |b| {
        b.iter(|| {
            let mut findings = 0;
            for p in policies {
                findings += lint(black_box(&p.document), PolicyType::AwsManaged, &catalog).len();
            }
            findings
        })
    });
    g.finish();

    let mut g = c.benchmark_group("catalog");
    g.sample_size(20);
    g.bench_function("catalog-load", |b| {
        b.iter(|| IamCatalog::from_json(black_box(iam_catalog::catalog::CATALOG_JSON)))
    });
    g.bench_function("descriptions-load", |b| {
        b.iter(|| {
            let mut c = catalog.clone();
            c.load_descriptions(black_box(iam_catalog::catalog::DESCRIPTIONS_JSON)).map(|_| c)
        })
    });
    g.finish();
}

criterion_group!(lint_benches, benches);
criterion_main!(lint_benches);
