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
