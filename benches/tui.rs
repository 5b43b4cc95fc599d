//! The explorer at 1,000,000 events (or 10,000,000: issue 15): update + render into a 200×60
//! `TestBackend`.
//!
//! - one keystroke that changes the filter → new frame (target ≤ 50 ms)
//! - scrolling one row → new frame (≤ 5 ms; ≤ 16 ms at 10M)
//! - a keystroke in the search prompt → new frame (≤ 16 ms at 10M)
//! - a fuzzy-finder keystroke → new frame (≤ 10 ms)
//! - first frame of a load that has just started (≤ 100 ms)
//! - search for an absent word vs the same word as a bare-word filter (within 1.5×)
//! - an indexed filter applied (`/name:GetObject` Enter, `/who:"…"` Enter) → new frame
//!   (≤ 50 ms at 10M): with the line cleared in the measured time (two queries: every row,
//!   then the filter), and typed over a line cleared before (the filter's query alone), with
//!   the reader's cache of inflated files warm and emptied (cold)
//! - the group-by popup (`c`, who counted over the view) → new frame (≤ 100 ms at 10M)
//!
//! The criterion group is named after the size (`tui_1m`, `tui_10m`, …) so that a 10M run is
//! not compared with a 1M baseline.
//!
//! With generated data, the store is loaded the way the explorer loads it first (the loader
//! streams into the shared store; a progress tick every 100 ms refreshes the view and draws),
//! and that prints the time to the first rows on screen, the tick → frame times while loading
//! (median and worst: no refresh re-sorts the store) and the whole load. At 10M:
//! `TRAILSCOPE_BENCH_DATA=/path/10m cargo bench --bench tui -- 'row|keystroke|indexed|group|first'`
//! (the filter leaves out the two raw scans of every record, minutes each at 10M).
//!
//! Queries and record reads run inline (`work::perform`), so a frame here includes the work a
//! worker thread would do in the real program. Data: the generated trail in
//! `TRAILSCOPE_BENCH_DATA` (default `target/bench-data/1m`, see benches/engine.rs) when present,
//! else the test kit's synthetic trail of the same size, loaded by the real loader.
//! Run: `cargo bench --bench tui`.

use criterion::{criterion_group, criterion_main, Criterion};
use crossterm::event::{KeyCode, KeyModifiers};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;
use trailscope::app::Msg;
use trailscope::loader::{self, reread::SourceReader, Input, LoadOptions};
use trailscope::model::{EventStore, RecordSource, SymField};
use trailscope::testkit::Screen;
use tui_input::InputRequest;

const W: u16 = 200;
const H: u16 = 60;

/// The store, its record source, what it is, and the reader's cache of inflated files (to
/// empty before a cold measurement; none for the synthetic store, which is in memory).
type Data = (
    Arc<RwLock<EventStore>>,
    Arc<dyn RecordSource + Send + Sync>,
    &'static str,
    Option<Arc<SourceReader>>,
);

fn data() -> Data {
    let dir = std::env::var_os("TRAILSCOPE_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m"));
    if dir.is_dir() {
        let (store, reader) = load_like_the_explorer(dir);
        let src: Arc<dyn RecordSource + Send + Sync> = reader.clone();
        (store, src, "generated trail", Some(reader))
    } else {
        // `TRAILSCOPE_BENCH_EVENTS` makes it smaller, for a quick check that the bench runs.
        let n = std::env::var("TRAILSCOPE_BENCH_EVENTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let (st, src) = trailscope::testkit::synthetic(n);
        (
            Arc::new(RwLock::new(st)),
            Arc::new(src),
            "synthetic store",
            None,
        )
    }
}

/// Loads `dir` as the explorer does (see the module doc) and prints what it took.
fn load_like_the_explorer(dir: PathBuf) -> (Arc<RwLock<EventStore>>, Arc<SourceReader>) {
    let store = Arc::new(RwLock::new(EventStore::default()));
    let reader = Arc::new(SourceReader::new(store.clone()));
    let src: Arc<dyn RecordSource + Send + Sync> = reader.clone();
    let before = trailscope::commands::rss_bytes();
    let t0 = std::time::Instant::now();
    let h = loader::spawn(
        vec![Input::Path(dir)],
        LoadOptions::default(),
        store.clone(),
    );
    // The explorer's jobs run on pools of their own (`tui::jobs`), never on the global one the
    // loader parses with: a query holding the store's read lock that waited for the global
    // pool would wait for parsers blocked on the full channel of a merge that waits for the
    // write lock (this bench hung so at 1M on a loaded machine).
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("bench-query-{i}"))
        .build()
        .expect("a thread pool");
    pool.install(|| explore_while_loading(h, store.clone(), src, before, t0));
    (store, reader)
}

/// The explorer's side of [`load_like_the_explorer`]: draws, refreshes on progress ticks, and
/// prints what it took.
fn explore_while_loading(
    h: loader::LoadHandle,
    store: Arc<RwLock<EventStore>>,
    src: Arc<dyn RecordSource + Send + Sync>,
    before: u64,
    t0: std::time::Instant,
) {
    use std::sync::atomic::Ordering::Relaxed;
    use std::sync::mpsc::RecvTimeoutError;
    use std::time::Instant;
    use trailscope::loader::LoadEvent;
    let mut s = Screen::new(store.clone(), src.clone(), "bench", true, W, H);
    s.draw();
    let mut first_rows = None;
    let mut ticks: Vec<f64> = Vec::new();
    let mut last_tick = Instant::now();
    loop {
        match h.rx.recv_timeout(Duration::from_millis(5)) {
            Ok(LoadEvent::Appended) => s.send(Msg::Appended),
            Ok(LoadEvent::Problem(p)) => s.send(Msg::FileFailed(p)),
            Ok(LoadEvent::Done(r)) => {
                s.send(Msg::LoadDone(r)); // finalizes inline, as the runtime's worker would
                break;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if first_rows.is_none() && !s.app.rows.is_empty() {
            s.draw();
            first_rows = Some(t0.elapsed());
        }
        if last_tick.elapsed() >= Duration::from_millis(100) {
            let p = trailscope::app::LoadProgress {
                events: h.progress.events.load(Relaxed),
                files_done: h.progress.files_done.load(Relaxed),
                files_total: h.progress.files_total.load(Relaxed),
                elapsed_ms: t0.elapsed().as_millis() as u64,
                ..Default::default()
            };
            let t = Instant::now();
            s.send(Msg::Progress(p));
            s.draw();
            ticks.push(t.elapsed().as_secs_f64() * 1e3);
            last_tick = Instant::now();
        }
    }
    let _ = h.thread.join();
    let total = t0.elapsed();
    s.draw();
    ticks.sort_by(f64::total_cmp);
    let n = store.read().unwrap().len();
    eprintln!(
        "explorer load of {n} events: first rows on screen after {:.0} ms; {} ticks while loading, tick → frame median {:.1} ms, worst {:.1} ms; loaded and finalized in {:.2} s; peak resident {:.1} bytes/event over the start",
        first_rows.map_or(f64::NAN, |d| d.as_secs_f64() * 1e3),
        ticks.len(),
        ticks.get(ticks.len() / 2).copied().unwrap_or(f64::NAN),
        ticks.last().copied().unwrap_or(f64::NAN),
        total.as_secs_f64(),
        trailscope::commands::peak_rss_bytes().saturating_sub(before) as f64 / n.max(1) as f64,
    );
}

/// `/`, the filter line cleared (the empty filter: no record read), `f` pasted (one query), Enter.
fn apply_filter(s: &mut Screen, f: &str) {
    s.press('/');
    s.send(Msg::Input(InputRequest::DeleteLine));
    if !f.is_empty() {
        s.send(Msg::Paste(f.into()));
    }
    s.key(KeyCode::Enter, KeyModifiers::NONE);
}

fn bench(c: &mut Criterion) {
    let (store, src, what, reader) = data();
    let n = store.read().unwrap().len();
    eprintln!("{n} events ({what})");
    let mut g = c.benchmark_group(format!("tui_{}m", (n + 500_000) / 1_000_000));
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));

    let mut s = Screen::new(store.clone(), src.clone(), "bench", false, W, H);
    s.draw();
    // Each bench alternates two keys, so every iteration changes what is shown.
    let mut alternate = |s: &mut Screen, name: &str, a: KeyCode, b: KeyCode| {
        let mut first = true;
        g.bench_function(name, |bench| {
            bench.iter(|| {
                s.key(if first { a } else { b }, KeyModifiers::NONE);
                first = !first;
                s.draw();
            })
        });
    };
    alternate(
        &mut s,
        "scroll one row + frame",
        KeyCode::Char('j'),
        KeyCode::Char('k'),
    );

    // Filter keystrokes that change the result: `name:GetObjec` ⇄ `name:GetObject`.
    s.key(KeyCode::Char('/'), KeyModifiers::NONE);
    s.typ("name:GetObjec");
    alternate(
        &mut s,
        "filter keystroke + frame",
        KeyCode::Char('t'),
        KeyCode::Backspace,
    );
    s.key(KeyCode::Esc, KeyModifiers::NONE);

    // Typing in the search prompt (nothing runs before Enter): `GetObjec` ⇄ `GetObject`.
    s.press('s');
    s.send(Msg::Input(InputRequest::DeleteLine));
    s.typ("GetObjec");
    alternate(
        &mut s,
        "search keystroke + frame",
        KeyCode::Char('t'),
        KeyCode::Backspace,
    );
    s.key(KeyCode::Esc, KeyModifiers::NONE);

    // Fuzzy finder on who: `a` ⇄ ``.
    s.key(KeyCode::Char('f'), KeyModifiers::NONE);
    s.draw();
    alternate(
        &mut s,
        "fuzzy keystroke + frame",
        KeyCode::Char('a'),
        KeyCode::Backspace,
    );
    s.key(KeyCode::Esc, KeyModifiers::NONE);

    // An indexed filter applied: `name:GetObject` ⇄ `name:PutObject` (issue 15: ≤ 50 ms at 10M).
    let mut flip = false;
    g.bench_function("indexed filter (/name:GetObject Enter) + frame", |b| {
        b.iter(|| {
            flip = !flip;
            apply_filter(
                &mut s,
                if flip {
                    "name:GetObject"
                } else {
                    "name:PutObject"
                },
            );
            s.draw();
        })
    });
    // The same for a principal: the one of the middle row and of the first (issue 15: ≤ 50 ms).
    let (who_a, who_b) = {
        let st = store.read().unwrap();
        let who = |r: usize| format!("who:{:?}", st.str(SymField::Who, r));
        (who(st.len() / 2), who(0))
    };
    let mut flip = false;
    g.bench_function("indexed filter (/who:X Enter) + frame", |b| {
        b.iter(|| {
            flip = !flip;
            apply_filter(&mut s, if flip { &who_a } else { &who_b });
            s.draw();
        })
    });
    // The two above include the query of the cleared line (every row, and its timeline) that
    // `apply_filter` runs before pasting. Enter → frame of the filter alone: the line is
    // cleared outside the measured time, the filter pasted (its one query) and applied. Warm:
    // the reader's cache holds what the last frames read (criterion repeats two filters);
    // cold: the cache is emptied first, as a user's new filter meets it, so the frame inflates
    // each file it shows (the detail pane's record) again.
    for (name, a, b) in [
        ("name:GetObject", "name:GetObject", "name:PutObject"),
        ("who:X", who_a.as_str(), who_b.as_str()),
    ] {
        for cold in [false, true] {
            if cold && reader.is_none() {
                continue; // the synthetic store is in memory: nothing to inflate
            }
            let mut flip = false;
            let what = if cold { "cold" } else { "warm" };
            g.bench_function(
                format!("indexed filter over an empty line, {what} (/{name} Enter) + frame"),
                |bch| {
                    // Setup outside the measured time: iter_batched's two closures cannot
                    // both hold the screen.
                    bch.iter_custom(|iters| {
                        let mut took = Duration::ZERO;
                        for _ in 0..iters {
                            s.press('/');
                            s.send(Msg::Input(InputRequest::DeleteLine));
                            if cold {
                                if let Some(r) = &reader {
                                    r.clear();
                                }
                            }
                            flip = !flip;
                            let t = std::time::Instant::now();
                            s.send(Msg::Paste(if flip { a } else { b }.into()));
                            s.key(KeyCode::Enter, KeyModifiers::NONE);
                            s.draw();
                            took += t.elapsed();
                        }
                        took
                    })
                },
            );
        }
    }
    for f in ["name:GetObject", who_a.as_str(), who_b.as_str()] {
        apply_filter(&mut s, f);
        eprintln!("{f}: {} of {n} events", s.app.rows.len());
    }
    apply_filter(&mut s, "");

    // Group-by over the whole view: `c` counts who at once (issue 15: ≤ 100 ms at 10M).
    g.bench_function("group-by who (c) + frame", |b| {
        b.iter(|| {
            s.press('c');
            s.draw();
            s.key(KeyCode::Esc, KeyModifiers::NONE);
        })
    });

    // Issue 9.1: search for an absent word vs the same word as a bare-word filter (target:
    // within 1.5x). Both scan every record's bytes with the same parallel raw scan.
    g.sample_size(10);
    let mut flip = false;
    g.bench_function("search absent word (s qqqqabsent Enter)", |b| {
        b.iter(|| {
            // Alternate two words so no search reuses the last one's hits.
            flip = !flip;
            s.press('s');
            s.send(Msg::Input(InputRequest::DeleteLine));
            s.typ(if flip { "qqqqabsent" } else { "qqqqmissing" });
            s.key(KeyCode::Enter, KeyModifiers::NONE);
            s.draw();
        })
    });
    let mut flip = false;
    g.bench_function("bare-word filter absent word (/qqqqabsent Enter)", |b| {
        b.iter(|| {
            flip = !flip;
            apply_filter(&mut s, if flip { "qqqqabsent" } else { "qqqqmissing" });
            s.draw();
        })
    });
    apply_filter(&mut s, "");

    // The first frame of a load that has just begun: empty store, loading.
    g.bench_function("first frame while loading", |b| {
        b.iter(|| {
            let empty = Arc::new(RwLock::new(EventStore::default()));
            let src = Arc::new(SourceReader::new(empty.clone()));
            let mut s = Screen::new(empty, src, "bench", true, W, H);
            s.draw();
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
