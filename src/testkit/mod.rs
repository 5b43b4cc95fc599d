//! The test kit: event stores for tests, benches and fuzz targets, built only through the real
//! loader (`loader::load` on in-memory inputs, or `loader::extract` for a load caught half-way),
//! so a test never passes on an extractor the product does not use; fixture records kept as JSON
//! files in `tests/fixtures/`; and a headless driver of the explorer ([`Screen`]).
//!
//! Not part of the shipped program: compiled for the crate's own unit tests (`cfg(test)`) and,
//! through the `testkit` feature, for integration tests, benches, examples and fuzz targets
//! (`Cargo.toml` switches the feature on with a dev-dependency of the crate on itself).
//!
//! Everything here but `screen` is terminal-free (checked by `tests/layering.rs`).

mod build;
mod fixture;
mod pictures;
mod screen;
mod synthetic;

pub use build::{build, query_records, Rec};
pub use fixture::{events_named, hostile_record, load_memory, records, small, Fixture, MemSource};
pub use pictures::{demo_screen, render as render_picture, svg, Picture, PICTURES};
pub use screen::Screen;
pub use synthetic::synthetic;

/// The benches' generated trail: `TRAILSCOPE_BENCH_DATA`, else `target/bench-data/1m`; `None`
/// (saying how to make it) when the folder is absent.
pub fn bench_data_dir() -> Option<std::path::PathBuf> {
    let p = std::env::var_os("TRAILSCOPE_BENCH_DATA")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1m")
        });
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

/// The benches' store: the trail at [`bench_data_dir`] loaded by the real loader (and no
/// in-memory source: records are re-read from the files), else the synthetic trail of
/// `TRAILSCOPE_BENCH_EVENTS` events (default 1,000,000) with its source.
pub fn bench_store() -> (crate::model::EventStore, Option<MemSource>) {
    match bench_data_dir() {
        Some(dir) => {
            let opts = crate::loader::LoadOptions {
                max_events: 50_000_000,
                ..Default::default()
            };
            let (s, _) = crate::loader::load(
                vec![crate::loader::Input::Path(dir)],
                &opts,
                &crate::loader::Progress::default(),
            );
            (s, None)
        }
        None => {
            let n = std::env::var("TRAILSCOPE_BENCH_EVENTS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1_000_000);
            let (s, m) = synthetic(n);
            (s, Some(m))
        }
    }
}
