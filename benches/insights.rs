//! Local Insights (`detect::insights::compute`) over a whole store: target well under a second
//! at 1M events on 2 cores (it reads six columns and sorts the counted calls once).
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (a folder of trail files, e.g. one made with
//! `cargo run --release --example gen -- --events 1000000 --out /work/gen-data/1m --seed 7
//! --bursts`), else the test kit's synthetic trail of `TRAILSCOPE_BENCH_EVENTS` events
//! (default 1,000,000).
//!
//! `TRAILSCOPE_BENCH_DATA=/work/gen-data/1m cargo bench --bench insights`
//! (smoke run: `TRAILSCOPE_BENCH_EVENTS=10000 cargo bench --bench insights -- --warm-up-time 1 --measurement-time 1`).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use trailscope::detect::insights::{compute, Config};
use trailscope::loader::{self, Input, LoadOptions, Progress};
use trailscope::model::EventStore;

fn events() -> usize {
    std::env::var("TRAILSCOPE_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let store: EventStore = match std::env::var_os("TRAILSCOPE_BENCH_DATA") {
        Some(dir) => {
            let opts = LoadOptions {
                max_events: 50_000_000,
                ..LoadOptions::default()
            };
            loader::load(vec![Input::Path(dir.into())], &opts, &Progress::default()).0
        }
        None => trailscope::testkit::synthetic(events()).0,
    };
    let no = AtomicBool::new(false);
    let cfg = Config::default();
    let found = compute(&store, &cfg, &no).unwrap();
    eprintln!(
        "insights bench: {} events, {} episodes; {}",
        store.len(),
        found.episodes.len(),
        found.baseline_note()
    );
    let mut g = c.benchmark_group("insights");
    g.sample_size(10);
    g.bench_function("compute", |b| {
        b.iter(|| black_box(compute(&store, &cfg, &no).unwrap().episodes.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
