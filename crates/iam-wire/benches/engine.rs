#![allow(clippy::panic, reason = "benchmark setup")]
//! Engine throughput on the benchmark workload (bench/workload.json: 10
//! identity policies × 10 statements with wildcards and conditions, 3 SCP
//! levels, a cross-account bucket policy, a permissions boundary).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iam_wire::simulate::Simulation;
use std::hint::black_box;

const WORKLOAD: &str = include_str!("../../../bench/workload.json");

fn engine(c: &mut Criterion) {
    let sim = Simulation::from_json(WORKLOAD).unwrap_or_else(|e| panic!("workload: {e}"));
    let pairs = sim.prepared();
    let mut g = c.benchmark_group("workload");
    g.throughput(Throughput::Elements(pairs.len() as u64));
    g.bench_function("decide", |b| {
        b.iter(|| {
            for p in &pairs {
                black_box(sim.decide(black_box(p)));
            }
        })
    });
    g.bench_function("explain", |b| b.iter(|| black_box(sim.run())));
    g.finish();
    c.bench_function("compile-workload", |b| b.iter(|| Simulation::from_json(black_box(WORKLOAD)).map(|_| ())));
}

criterion_group!(benches, engine);
criterion_main!(benches);
