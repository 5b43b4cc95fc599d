//! Group-by (`query::group`) and the profile (`query::profile`): on an indexed field (target ≤ 30 ms at 1M events), nested
//! (`key,ip`), and on a JSON path every record has (`userIdentity.arn`: each record read and
//! walked to its value), next to a bare-word scan of the same records (the path should be no
//! slower: issue 10); and on a path most records lack (`requestParameters.bucketName`: the
//! key searched for in each record, the walk only where it is).
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (a folder of trail files, e.g. one made with
//! `cargo run --release --example gen -- --events 1000000 --out /work/gen-data/1m --seed 7`),
//! else the test kit's synthetic trail of `TRAILSCOPE_BENCH_EVENTS` events (default 1,000,000).
//!
//! `TRAILSCOPE_BENCH_DATA=/work/gen-data/1m cargo bench --bench group`
//!
//! On a shared machine the path and the scan are also measured alternately, N rounds, wall
//! time and the process's CPU time (all threads; steadier when other work competes for the
//! cores), with the medians of their ratios: `TRAILSCOPE_BENCH_ALTERNATE=5` (with
//! `-- --warm-up-time 1 --measurement-time 1 nothing` to skip the criterion runs).
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
    // As the binary does (src/main.rs), so the figures are the program's.
    trailscope::loader::heap::tune();
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

    if let Some(n) = std::env::var("TRAILSCOPE_BENCH_ALTERNATE")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        alternate(n, &store, &rows, src);
    }
    let mut g = c.benchmark_group("group");
    g.sample_size(10);
    for by in [
        "who",
        "ip",
        "key,ip",
        "userIdentity.arn",
        "requestParameters.bucketName",
    ] {
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

/// This process's CPU time so far (user + system, all threads), from `/proc/self/stat`.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime is the 12th, stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

/// `userIdentity.arn` and the bare-word scan, one after the other, `n` rounds.
fn alternate(n: usize, store: &EventStore, rows: &[u32], src: &dyn RecordSource) {
    let no = AtomicBool::new(false);
    let fields = query::parse_fields("userIdentity.arn").unwrap();
    let word = Filter::parse("zzqqxxnotthere").unwrap();
    let time = |f: &dyn Fn()| {
        let (w, c) = (std::time::Instant::now(), cpu_secs());
        f();
        (w.elapsed().as_secs_f64(), cpu_secs() - c)
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    for round in 0..n {
        let p = time(&|| {
            black_box(query::group(store, rows, &fields, Sort::default(), src, &no).unwrap());
        });
        let s = time(&|| {
            black_box(query::run(store, &word, src, &no).unwrap());
        });
        eprintln!(
            "round {round}: userIdentity.arn {:.3} s wall {:.2} s cpu; bare-word scan {:.3} s wall {:.2} s cpu",
            p.0, p.1, s.0, s.1
        );
        wall.push(p.0 / s.0);
        cpu.push(p.1 / s.1);
    }
    eprintln!(
        "userIdentity.arn / bare-word scan over {n} rounds: median {:.3}× wall, {:.3}× cpu",
        median(wall),
        median(cpu)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
