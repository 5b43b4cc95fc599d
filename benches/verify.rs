//! `trailscope verify` against a load on the same generated trail (issue 13: verify runs at
//! least as fast as a load): every log file inflated and hashed (SHA-256) on all cores, the
//! digests parsed and chained.
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (default `target/bench-data/1m`, ~4,600 log files and ~1,000
//! digests), made once with
//! `cargo run --release --example gen -- --events 1000000 --out target/bench-data/1m --seed 7`.
//! Run: `cargo bench --bench verify` (compare `verify/verify` with `verify/load`).
//! Smoke run at a small size:
//! `cargo run --release --example gen -- --events 20000 --out /tmp/v20k --seed 7 &&
//!  TRAILSCOPE_BENCH_DATA=/tmp/v20k cargo bench --bench verify`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use trailscope::evidence;
use trailscope::loader::{self, Input, LoadOptions, Progress};

use trailscope::testkit::bench_data_dir as data_dir;

fn bench(c: &mut Criterion) {
    let Some(dir) = data_dir() else { return };
    let opts = evidence::Options::default();
    let t = std::time::Instant::now();
    let rep = evidence::verify_paths(std::slice::from_ref(&dir), &opts);
    let (v, m, n, d) = rep.counts();
    eprintln!(
        "verify: {} log files ({v} verified, {m} modified, {n} not covered, {d} no digest), {} digests, {} missing, in {:.2} s",
        rep.logs.len(),
        rep.digests.len(),
        rep.missing.len(),
        t.elapsed().as_secs_f64()
    );
    let mut g = c.benchmark_group("verify");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .warm_up_time(Duration::from_secs(1));
    g.bench_function("verify", |b| {
        b.iter(|| evidence::verify_paths(std::slice::from_ref(&dir), &opts))
    });
    let lopts = LoadOptions::default();
    g.bench_function("load", |b| {
        b.iter(|| loader::load(vec![Input::Path(dir.clone())], &lopts, &Progress::default()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
