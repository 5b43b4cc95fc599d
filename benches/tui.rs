//! The explorer at 1,000,000 events: update + render into a 200×60 `TestBackend`.
//!
//! - one keystroke that changes the filter → new frame (target ≤ 50 ms)
//! - scrolling one row → new frame (≤ 5 ms)
//! - a fuzzy-finder keystroke → new frame (≤ 10 ms)
//! - first frame of a load that has just started (≤ 100 ms)
//! - search for an absent word vs the same word as a bare-word filter (within 1.5×)
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
use trailscope::loader::{self, reread::SourceReader, Input, LoadOptions, Progress};
use trailscope::model::{EventStore, RecordSource};
use trailscope::testkit::Screen;
use tui_input::InputRequest;

const W: u16 = 200;
const H: u16 = 60;

fn data() -> (
    Arc<RwLock<EventStore>>,
    Arc<dyn RecordSource + Send + Sync>,
    &'static str,
) {
    let dir = std::env::var_os("TRAILSCOPE_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m"));
    if dir.is_dir() {
        let (st, _) = loader::load(
            vec![Input::Path(dir)],
            &LoadOptions::default(),
            &Progress::default(),
        );
        let store = Arc::new(RwLock::new(st));
        let src = Arc::new(SourceReader::new(store.clone()));
        (store, src, "generated trail")
    } else {
        // `TRAILSCOPE_BENCH_EVENTS` makes it smaller, for a quick check that the bench runs.
        let n = std::env::var("TRAILSCOPE_BENCH_EVENTS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000_000);
        let (st, src) = trailscope::testkit::synthetic(n);
        (Arc::new(RwLock::new(st)), Arc::new(src), "synthetic store")
    }
}

fn bench(c: &mut Criterion) {
    let (store, src, what) = data();
    eprintln!("{} events ({what})", store.read().unwrap().len());
    let mut g = c.benchmark_group("tui_1m");
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
            s.press('/');
            // Clear (the empty filter: no record read), then paste the word: one raw query.
            s.send(Msg::Input(InputRequest::DeleteLine));
            let w = if flip { "qqqqabsent" } else { "qqqqmissing" };
            s.send(Msg::Paste(w.into()));
            s.key(KeyCode::Enter, KeyModifiers::NONE);
            s.draw();
        })
    });
    s.press('/');
    s.send(Msg::Input(InputRequest::DeleteLine));
    s.key(KeyCode::Enter, KeyModifiers::NONE);

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
