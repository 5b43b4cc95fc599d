//! trailscope: a fast terminal explorer for AWS CloudTrail logs.
//!
//! Data flows one way; each layer imports only the layers to its left:
//!
//! ```text
//!  files ─▶ loader ─▶ model (event store) ─▶ query ─▶ app (state, Msg, update) ─▶ ui (render only)
//!                                              └──▶ export                ▲
//!                                                              keys ──────┘   (KeyEvent → Msg)
//!  main/cli ─▶ commands: tui | query (headless) | stats
//! ```
//!
//! Nothing left of `app` knows ratatui or crossterm (checked by `tests/layering.rs`).

pub mod app;
pub mod case;
pub mod cli;
pub mod commands;
pub mod completions;
pub mod demo;
pub mod detect;
pub mod detect_cmd;
pub mod escape;
pub mod evidence;
pub mod export;
pub mod format;
pub mod keys;
pub mod lineage_cmd;
pub mod loader;
pub mod model;
pub mod output;
pub mod parquet_export;
pub mod profile;
pub mod query;
pub mod report;
pub mod s3_cmd;
pub mod sql_cmd;
pub mod sync;
pub mod table;
/// Test stores built through the real loader, fixtures, and a headless explorer: for the
/// crate's tests, benches and fuzz targets only (the `testkit` feature, off in the shipped build).
#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
pub mod top;
pub mod tui;
pub mod ui;
pub mod verify_cmd;
