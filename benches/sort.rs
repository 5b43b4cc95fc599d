//! Sorting a result by a column (`query::sort_rows`, the explorer's `o`/`O` and `query --sort`):
//! every event by indexed columns of few and of many distinct values (target: a few tens of ms
//! at 1M events), newest first, a re-sort from another order (what the explorer does when the
//! column changes), next to a plain comparison sort of the rows by their strings (what the
//! rank + counting sort avoids).
//!
//! Data: `TRAILSCOPE_BENCH_DATA` (a folder of trail files, e.g. `/work/gen-data/1m`), else the
//! test kit's synthetic trail of `TRAILSCOPE_BENCH_EVENTS` events (default 1,000,000).
//!
//! `TRAILSCOPE_BENCH_DATA=/work/gen-data/1m cargo bench --bench sort`
//! (smoke run: `TRAILSCOPE_BENCH_EVENTS=10000 cargo bench --bench sort -- --warm-up-time 1 --measurement-time 1`).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use trailscope::loader::reread::StoreSource;
use trailscope::model::{RecordSource, SymField};
use trailscope::query::{self, Filter, ListSort};

fn bench(c: &mut Criterion) {
    let (store, mem) = trailscope::testkit::bench_store();
    let disk = StoreSource(&store);
    let src: &dyn RecordSource = match &mem {
        Some(m) => m,
        None => &disk,
    };
    let no = AtomicBool::new(false);
    let rows = query::run(&store, &Filter::parse("").unwrap(), src, &no).unwrap();
    let distinct = |f: SymField| query::distinct_counts(&store, f, &rows).len();
    eprintln!(
        "sort bench: {} events; distinct who {}, name {}, ip {}, agent {}",
        store.len(),
        distinct(SymField::Who),
        distinct(SymField::Name),
        distinct(SymField::Ip),
        distinct(SymField::Agent)
    );

    let mut g = c.benchmark_group("sort");
    g.sample_size(10);
    for spec in ["who", "-name", "ip", "agent", "error", "-time"] {
        let s = ListSort::parse(spec).unwrap();
        g.bench_function(spec, |b| {
            b.iter(|| {
                let o = query::sort_rows(&store, rows.clone(), &s, src, &no).unwrap();
                black_box(o.rows.len())
            })
        });
    }
    // From another order: the rows as sorted by who, sorted again by ip (they go back to
    // time order first, for the tie-break).
    let by_who = query::sort_rows(
        &store,
        rows.clone(),
        &ListSort::parse("who").unwrap(),
        src,
        &no,
    )
    .unwrap()
    .rows;
    let ip = ListSort::parse("ip").unwrap();
    g.bench_function("ip, from the who order", |b| {
        b.iter(|| {
            let o = query::sort_rows(&store, by_who.clone(), &ip, src, &no).unwrap();
            black_box(o.rows.len())
        })
    });
    // What the ranks avoid: a stable comparison sort of the rows by their strings, even in
    // plain byte order (the cheapest string comparison; the natural order costs more).
    let col = store.col(SymField::Who);
    g.bench_function("who, comparing the strings' bytes (baseline)", |b| {
        b.iter(|| {
            let mut v = rows.clone();
            v.sort_by(|&x, &y| {
                let s = |r: u32| store.strings.resolve(col[r as usize]);
                s(x).cmp(s(y))
            });
            black_box(v.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
