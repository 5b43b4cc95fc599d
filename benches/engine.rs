//! Engine benchmarks on generated data at scale: load (events/s, resident bytes per event),
//! filters on indexed fields, a bare-word search over every raw record.
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (default `target/bench-data/1m`), made once with
//! `cargo run --release --example gen -- --events 1000000 --out target/bench-data/1m --seed 7`.
//! Run: `cargo bench --bench engine` (medians are what we quote; the machine is noisy).

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};

fn data_dir() -> Option<PathBuf> {
    let p = std::env::var_os("TRAILSCOPE_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "no bench data at {} — generate it with:\n  cargo run --release --example gen -- --events 1000000 --out {} --seed 7",
            p.display(),
            p.display()
        );
        None
    }
}

fn rss() -> u64 {
    trailscope::commands::rss_bytes()
}

fn bench(c: &mut Criterion) {
    let Some(dir) = data_dir() else { return };
    let opts = LoadOptions::default();

    // One load outside criterion for the memory figure and the store the queries use.
    let before = rss();
    let (store, report) = loader::load(vec![Input::Path(dir.clone())], &opts, &Progress::default());
    let after = rss();
    let n = store.len() as f64;
    eprintln!(
        "loaded {} events from {} files in {:.2} s ({:.0} events/s); resident {:.1} bytes/event (columns {:.1}); {} failed",
        store.len(),
        report.files_read,
        report.elapsed.as_secs_f64(),
        n / report.elapsed.as_secs_f64(),
        (after - before) as f64 / n,
        store.heap_bytes() as f64 / n,
        report.failed.len()
    );

    let mut g = c.benchmark_group("load");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .warm_up_time(Duration::from_secs(1));
    g.throughput(criterion::Throughput::Elements(store.len() as u64));
    g.bench_function("load_1m", |b| {
        b.iter(|| loader::load(vec![Input::Path(dir.clone())], &opts, &Progress::default()))
    });
    g.finish();

    let src = StoreSource(&store);
    let cancel = AtomicBool::new(false);
    let mut g = c.benchmark_group("query_1m");
    g.sample_size(20).warm_up_time(Duration::from_secs(1));
    for f in [
        "name:GetObject",
        "error:AccessDenied",
        "who:alice* -error:*",
        "ip:10.0.0.0/8 OR error:*",
        "source:iam readonly:false",
    ] {
        let filter = trailscope::query::Filter::parse(f).unwrap();
        g.bench_function(f, |b| {
            b.iter(|| trailscope::query::run(&store, &filter, &src, &cancel).unwrap())
        });
    }
    g.finish();
    let mut g = c.benchmark_group("search_1m");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(30))
        .warm_up_time(Duration::from_secs(1));
    let filter = trailscope::query::Filter::parse("\"i-0deadbeef\"").unwrap();
    g.bench_function("bare word", |b| {
        b.iter(|| trailscope::query::run(&store, &filter, &src, &cancel).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
