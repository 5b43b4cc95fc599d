//! Group-by (`query::group`) and the profile (`query::profile`): on an indexed field (target ≤ 30 ms at 1M events), nested
//! (`key,ip`), and on a JSON path every record has (`userIdentity.arn`: each record read and
//! parsed), next to a bare-word scan of the same records (the path should be no slower).
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (a folder of trail files, e.g. one made with
//! `cargo run --release --example gen -- --events 1000000 --out /work/gen-data/1m --seed 7`),
//! else the test kit's synthetic trail of `TRAILSCOPE_BENCH_EVENTS` events (default 1,000,000).
//!
//! `TRAILSCOPE_BENCH_DATA=/work/gen-data/1m cargo bench --bench group`
//! (smoke run: `TRAILSCOPE_BENCH_EVENTS=10000 cargo bench --bench group -- --warm-up-time 1 --measurement-time 1`).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::{EventStore, RecordSource};
use trailscope::query::{self, Filter, Sort};

fn events() -> usize {
    std::env::var("TRAILSCOPE_BENCH_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let (store, mem): (EventStore, Option<trailscope::testkit::MemSource>) =
        match std::env::var_os("TRAILSCOPE_BENCH_DATA") {
            Some(dir) => {
                let opts = LoadOptions {
                    max_events: 50_000_000,
                    ..LoadOptions::default()
                };
                let (s, _) =
                    loader::load(vec![Input::Path(dir.into())], &opts, &Progress::default());
                (s, None)
            }
            None => {
                let (s, m) = trailscope::testkit::synthetic(events());
                (s, Some(m))
            }
        };
    let disk = StoreSource(&store);
    let src: &dyn RecordSource = match &mem {
        Some(m) => m,
        None => &disk,
    };
    let no = AtomicBool::new(false);
    let rows = query::run(&store, &Filter::parse("").unwrap(), src, &no).unwrap();
    eprintln!("group bench: {} events", store.len());

    let mut g = c.benchmark_group("group");
    g.sample_size(10);
    for by in ["who", "ip", "key,ip", "userIdentity.arn"] {
        let fields = query::parse_fields(by).unwrap();
        g.bench_function(by, |b| {
            b.iter(|| {
                let o = query::group(&store, &rows, &fields, Sort::default(), src, &no).unwrap();
                black_box(o.groups.len())
            })
        });
    }
    // The bare-word scan the JSON path is compared with.
    let word = Filter::parse("zzqqxxnotthere").unwrap();
    g.bench_function("bare-word scan", |b| {
        b.iter(|| black_box(query::run(&store, &word, src, &no).unwrap().len()))
    });
    // The profile (issue 10.2, target ≤ 50 ms at 1M): of the most active principal, and of
    // every event (the columns counted over 1M rows; the AssumeRole and ConsoleLogin records
    // read).
    let top = query::group(
        &store,
        &rows,
        &query::parse_fields("who").unwrap(),
        Sort::default(),
        src,
        &no,
    )
    .unwrap();
    let who = top.groups[0].value.clone().unwrap_or_default();
    let mine = query::run(
        &store,
        &Filter::parse(&query::filter_term("who", &who)).unwrap(),
        src,
        &no,
    )
    .unwrap();
    eprintln!("profile bench: who:{who} has {} events", mine.len());
    g.bench_function("profile who:top", |b| {
        b.iter(|| {
            black_box(
                query::profile::profile(&store, &mine, src, &no)
                    .unwrap()
                    .events,
            )
        })
    });
    g.bench_function("profile all", |b| {
        b.iter(|| {
            black_box(
                query::profile::profile(&store, &rows, src, &no)
                    .unwrap()
                    .events,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
