//! Credential-graph benchmarks (issue 10): building the graph against the load it is part of,
//! its memory per event, and `lineage:` filters — on generated data, and on a synthetic store
//! whose one chain of keys is as deep as it gets.
//!
//! Targets at 1M events: building adds ≤ 5 % to the load; `lineage:` on a deep tree ≤ 20 ms;
//! ≤ 8 bytes/event more memory (printed before the benches, from the store's accounting).
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (default `target/bench-data/1m`), made once with
//! `cargo run --release --example gen -- --events 1000000 --out target/bench-data/1m --seed 7`.
//! The synthetic store has `TRAILSCOPE_BENCH_DEEP` events (default 1,000,000) made with 10,000
//! keys, each issued by an event made with the one before.
//! Run: `cargo bench --bench lineage`; smoke run:
//! `TRAILSCOPE_BENCH_DATA=/tmp/small TRAILSCOPE_BENCH_DEEP=50000 cargo bench --bench lineage -- --quick`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::{EventStore, Lineage, NewEvent, RawLoc, Sym, SymField};
use trailscope::query::{self, Filter};

use trailscope::testkit::bench_data_dir as data_dir;

/// Bytes the graph adds to the store: the graph, and the sparse columns only it reads.
fn lineage_bytes(st: &EventStore) -> usize {
    st.lineage().heap_bytes() + st.expiry.capacity() * 4 + st.key_created.capacity() * 16
}

/// The key whose tree of descendants is deepest (then has the most events made with it).
fn deepest_key(st: &EventStore) -> Option<Sym> {
    let lin = st.lineage();
    lin.keys()
        .iter()
        .filter(|k| lin.parent(k.key).is_none())
        .map(|k| {
            let t = lin.down(&[k.key]);
            let depth = t.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
            let events: u64 = t
                .nodes
                .iter()
                .filter_map(|n| lin.key(n.key))
                .map(|i| i.events as u64)
                .sum();
            (depth, events, k.key)
        })
        .max()
        .map(|x| x.2)
}

/// `n` events made with 10,000 keys in turn; event `i < 9,999` issues key `i + 1`: one chain
/// of 10,000 credentials from one long-term key.
fn deep_store(n: usize) -> EventStore {
    let keys: Vec<String> = (0..10_000)
        .map(|i| {
            if i == 0 {
                "AKIADEEPROOT0000".to_string()
            } else {
                format!("ASIADEEP{i:08}")
            }
        })
        .collect();
    let mut st = EventStore::default();
    for i in 0..n {
        let mut e = NewEvent {
            time: 1_700_000_000_000 + i as i64 * 1000,
            loc: RawLoc {
                source: 0,
                len: 1,
                offset: i as u32,
            },
            hash: i as u64,
            ..Default::default()
        };
        e.syms[SymField::Name as usize] = if i + 1 < keys.len() {
            "AssumeRole"
        } else {
            "GetObject"
        };
        e.syms[SymField::Key as usize] = &keys[i % keys.len()];
        e.syms[SymField::Ip as usize] = "10.0.0.1";
        if i + 1 < keys.len() {
            e.issued_key = &keys[i + 1];
        }
        st.push(&e);
    }
    st
}

fn bench(c: &mut Criterion) {
    let cancel = AtomicBool::new(false);
    if let Some(dir) = data_dir() {
        let opts = LoadOptions::default();
        let (store, report) =
            loader::load(vec![Input::Path(dir.clone())], &opts, &Progress::default());
        let n = store.len().max(1) as f64;
        let t = Instant::now();
        let lin = Lineage::build(&store);
        let build = t.elapsed();
        eprintln!(
            "{} events loaded in {:.2} s; the graph ({} keys, {} issuances) builds in {:.1} ms = {:.2} % of the load; it holds {:.2} bytes/event (store {:.1} bytes/event)",
            store.len(),
            report.elapsed.as_secs_f64(),
            lin.keys().len(),
            lin.edges().len(),
            build.as_secs_f64() * 1000.0,
            100.0 * build.as_secs_f64() / report.elapsed.as_secs_f64(),
            lineage_bytes(&store) as f64 / n,
            store.heap_bytes() as f64 / n,
        );
        let mut g = c.benchmark_group("lineage_data");
        g.sample_size(20).warm_up_time(Duration::from_secs(1));
        g.bench_function("build", |b| b.iter(|| Lineage::build(&store)));
        let src = StoreSource(&store);
        if let Some(k) = deepest_key(&store) {
            let f = Filter::parse(&format!("lineage:{}", store.strings.resolve(k))).unwrap();
            let rows = query::run(&store, &f, &src, &cancel).unwrap().len();
            eprintln!(
                "deepest tree: lineage:{} ({rows} events)",
                store.strings.resolve(k)
            );
            g.bench_function("filter_deepest", |b| {
                b.iter(|| query::run(&store, &f, &src, &cancel).unwrap())
            });
        }
        let f = Filter::parse("flag:off-instance|expired").unwrap();
        g.bench_function("filter_flags", |b| {
            b.iter(|| query::run(&store, &f, &src, &cancel).unwrap())
        });
        g.finish();
    }

    let n: usize = std::env::var("TRAILSCOPE_BENCH_DEEP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let deep = deep_store(n);
    let t = Instant::now();
    let lin = deep.lineage();
    eprintln!(
        "synthetic: {} events, a chain of {} keys, graph built in {:.1} ms, {:.2} bytes/event",
        deep.len(),
        lin.keys().len(),
        t.elapsed().as_secs_f64() * 1000.0,
        lineage_bytes(&deep) as f64 / deep.len().max(1) as f64
    );
    let src = StoreSource(&deep);
    let mut g = c.benchmark_group("lineage_deep");
    g.sample_size(20).warm_up_time(Duration::from_secs(1));
    for (name, f) in [
        ("filter_root", "lineage:AKIADEEPROOT0000"),
        ("filter_middle", "lineage:ASIADEEP00005000"),
        ("filter_glob", "lineage:ASIADEEP0000999*"),
    ] {
        let f = Filter::parse(f).unwrap();
        g.bench_function(name, |b| {
            b.iter(|| query::run(&deep, &f, &src, &cancel).unwrap())
        });
    }
    g.bench_function("up_from_last", |b| b.iter(|| lin.up(&deep, deep.len() - 1)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
