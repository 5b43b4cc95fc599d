//! Engine benchmarks on generated data at scale: load (events/s, resident bytes per event),
//! filters on indexed fields, a bare-word search over every raw record.
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (default `target/bench-data/1m`), made once with
//! `cargo run --release --example gen -- --events 1000000 --out target/bench-data/1m --seed 7`.
//! Run: `cargo bench --bench engine` (medians are what we quote; the machine is noisy).
//!
//! `load_ties` needs no data: it writes `TRAILSCOPE_BENCH_TIES` events (default 1,000,000) to a
//! temp dir twice — once where runs of 1 to 100,000 events share a second, once with every
//! event in its own second — and loads both (target: within 1.5x of each other).
//! Run: `cargo bench --bench engine -- load_ties`; smoke run:
//! `TRAILSCOPE_BENCH_TIES=50000 cargo bench --bench engine -- load_ties`.
//!
//! `confirm` needs no data either: the duplicate confirmation step alone (the plan of
//! `finalize`: SHA-256 of what ties, re-reading sources) over `TRAILSCOPE_BENCH_DUPS` events
//! (default 1,000,000) in gzip files of 1,000, (a) with 0.1% of records delivered again in a later
//! file (as the generator does) and (b) with every file delivered twice, byte for byte.
//! Run: `cargo bench --bench engine -- confirm`; smoke run:
//! `TRAILSCOPE_BENCH_DUPS=50000 cargo bench --bench engine -- confirm`.

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::Duration;
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::{ContentCheck, EventStore};

use trailscope::testkit::bench_data_dir as data_dir;

fn rss() -> u64 {
    trailscope::commands::rss_bytes()
}

fn bench(c: &mut Criterion) {
    // As the binary does (src/main.rs), so the figures are the program's.
    trailscope::loader::heap::tune();
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
    eprintln!(
        "peak resident {:.1} bytes/event (VmHWM less the resident set before the load); where the store's bytes go:\n{}",
        trailscope::commands::peak_rss_bytes().saturating_sub(before) as f64 / n,
        store.memory().table()
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

/// Writes `n` events in files of 10,000 under `dir`; `tied` puts them in runs of 1, 10, 100,
/// 1,000, 10,000 and 100,000 events sharing a second (cycling), else one second each.
fn write_tied(dir: &std::path::Path, n: usize, tied: bool) {
    use std::io::Write;
    let base = 1_700_000_000i64;
    let runs = [1usize, 10, 100, 1_000, 10_000, 100_000];
    let (mut run, mut left, mut second) = (0usize, runs[0], base);
    let mut time_of = |_i: usize| -> i64 {
        if !tied {
            second += 1;
            return second;
        }
        if left == 0 {
            run = (run + 1) % runs.len();
            left = runs[run];
            second += 1;
        }
        left -= 1;
        second
    };
    for (f, chunk) in (0..n).collect::<Vec<_>>().chunks(10_000).enumerate() {
        let mut out = std::io::BufWriter::new(
            std::fs::File::create(dir.join(format!("part-{f:05}.json"))).unwrap(),
        );
        write!(out, "{{\"Records\":[").unwrap();
        for (k, &i) in chunk.iter().enumerate() {
            let t = chrono::DateTime::from_timestamp(time_of(i), 0).unwrap();
            write!(
                out,
                "{}{{\"eventVersion\":\"1.08\",\"eventTime\":\"{}\",\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.{}.{}\",\"eventID\":\"{:08x}-0000-4000-8000-{:012x}\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"user{}\"}}}}",
                if k == 0 { "" } else { "," },
                t.format("%Y-%m-%dT%H:%M:%SZ"),
                i % 256,
                i / 256 % 256,
                i,
                i,
                i % 97
            )
            .unwrap();
        }
        write!(out, "]}}").unwrap();
    }
}

fn bench_ties(c: &mut Criterion) {
    let n: usize = std::env::var("TRAILSCOPE_BENCH_TIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let (tied, distinct) = (tmp.path().join("tied"), tmp.path().join("distinct"));
    for (d, t) in [(&tied, true), (&distinct, false)] {
        std::fs::create_dir(d).unwrap();
        write_tied(d, n, t);
    }
    let opts = LoadOptions::default();
    let load =
        |d: &PathBuf| loader::load(vec![Input::Path(d.clone())], &opts, &Progress::default());
    // One load of each outside criterion, for the closing note's figures.
    let (st, r) = load(&tied);
    assert_eq!(st.len(), n);
    let (_, rd) = load(&distinct);
    eprintln!(
        "{n} events: tied {:.2} s, distinct {:.2} s (ratio {:.2})",
        r.elapsed.as_secs_f64(),
        rd.elapsed.as_secs_f64(),
        r.elapsed.as_secs_f64() / rd.elapsed.as_secs_f64()
    );
    drop(st);
    let mut g = c.benchmark_group("load_ties");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    g.throughput(criterion::Throughput::Elements(n as u64));
    g.bench_function("tied", |b| b.iter(|| load(&tied)));
    g.bench_function("distinct", |b| b.iter(|| load(&distinct)));
    g.finish();
}

/// One record of the `confirm` bench.
fn dup_record(i: usize) -> String {
    let t = chrono::DateTime::from_timestamp(1_700_000_000 + (i / 50) as i64, 0).unwrap();
    format!(
        "{{\"eventVersion\":\"1.08\",\"eventTime\":\"{}\",\"eventName\":\"GetObject\",\"eventSource\":\"s3.amazonaws.com\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"10.0.{}.{}\",\"eventID\":\"{:08x}-0000-4000-8000-{:012x}\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"user{}\"}},\"requestParameters\":{{\"bucketName\":\"b{}\",\"key\":\"k/{:x}\"}}}}",
        t.format("%Y-%m-%dT%H:%M:%SZ"),
        i % 256,
        i / 256 % 256,
        i,
        i,
        i % 97,
        i % 13,
        i.wrapping_mul(2_654_435_761)
    )
}

/// `n` events in gzip files of 1,000 under `dir`: `scattered` re-delivers one record in a
/// thousand in the next file; otherwise every file is written twice, byte for byte.
fn write_dups(dir: &std::path::Path, n: usize, scattered: bool) {
    use std::io::Write;
    let files = n.div_ceil(1000);
    for f in 0..files {
        let mut recs: Vec<String> = (f * 1000..((f + 1) * 1000).min(n))
            .map(dup_record)
            .collect();
        if scattered && f > 0 {
            recs.push(dup_record((f - 1) * 1000 + f * 7 % 1000));
        }
        let body = format!("{{\"Records\":[{}]}}", recs.join(","));
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(body.as_bytes()).unwrap();
        let z = e.finish().unwrap();
        std::fs::write(dir.join(format!("part-{f:05}.json.gz")), &z).unwrap();
        if !scattered {
            std::fs::write(dir.join(format!("part-{f:05}-again.json.gz")), &z).unwrap();
        }
    }
}

fn bench_confirm(c: &mut Criterion) {
    let n: usize = std::env::var("TRAILSCOPE_BENCH_DUPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let tmp = tempfile::tempdir().unwrap();
    let mut g = c.benchmark_group("confirm");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));
    for (name, scattered) in [("scattered_0.1pct", true), ("every_file_twice", false)] {
        let dir = tmp.path().join(name);
        std::fs::create_dir(&dir).unwrap();
        write_dups(&dir, n, scattered);
        // Loaded, not finalized: the plan is what is measured.
        let store = std::sync::Arc::new(std::sync::RwLock::new(
            trailscope::model::EventStore::default(),
        ));
        let h = loader::spawn(
            vec![Input::Path(dir)],
            LoadOptions::default(),
            store.clone(),
        );
        h.thread.join().unwrap();
        let st = store.read().unwrap();
        let cancel = AtomicBool::new(false);
        let plan = || {
            let mut check = loader::reread::Reparse::default();
            let p = st.plan_finalize(&mut check, &cancel).unwrap();
            (p.duplicates(), check)
        };
        let (dups, check) = plan();
        eprintln!(
            "confirm {name}: {} rows, {dups} duplicates, {} sources inflated, {} hashed whole",
            st.len(),
            check
                .source_reads
                .load(std::sync::atomic::Ordering::Relaxed),
            check.file_hashes.load(std::sync::atomic::Ordering::Relaxed)
        );
        g.bench_function(name, |b| b.iter(plan));
        if !scattered {
            // The same without the whole-file digests: every tied record hashed on its own (the
            // cost before them, less the prefix reads).
            g.bench_function(format!("{name}_per_record"), |b| {
                b.iter(|| {
                    let mut check = PerRecord(loader::reread::Reparse::default());
                    st.plan_finalize(&mut check, &cancel).unwrap().duplicates()
                })
            });
        }
    }
    g.finish();
}

/// [`loader::reread::Reparse`] without [`ContentCheck::file_digests`].
struct PerRecord(loader::reread::Reparse);

impl ContentCheck for PerRecord {
    fn keys(&mut self, st: &EventStore, rows: &[u32], c: &AtomicBool) -> Vec<Option<[u8; 32]>> {
        self.0.keys(st, rows, c)
    }
    fn keys_are_exact(&self) -> bool {
        self.0.keys_are_exact()
    }
    fn same(&mut self, st: &EventStore, a: usize, b: usize) -> bool {
        self.0.same(st, a, b)
    }
    fn digests(&mut self, st: &EventStore, rows: &[u32], c: &AtomicBool) -> Vec<Option<[u8; 32]>> {
        self.0.digests(st, rows, c)
    }
}

criterion_group!(benches, bench, bench_ties, bench_confirm);
criterion_main!(benches);
