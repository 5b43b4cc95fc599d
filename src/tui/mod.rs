//! The terminal runtime: everything between the terminal and the app.
//!
//! - [`terminal`]: the guard (raw mode, alternate screen, bracketed paste, mouse; restored on
//!   drop, on panic and on signals) and the quit watchdog;
//! - [`input`]: the thread that reads terminal events;
//! - [`jobs`]: the pool that performs [`Cmd`](crate::app::Cmd)s, one lane per kind of job
//!   (at most one in flight per kind, the latest wins);
//! - [`event_loop`]: the one loop that feeds messages to `update` and draws.
//!
//! ```text
//!  input thread ──Ev::Term──┐
//!  job lanes ─────Ev::Msg───┼─▶ channel ─▶ event loop ─▶ update(&mut App, Msg) ─▶ Cmds ─▶ jobs
//!  signals ───────Ev::Wake──┘                  │ polls the loader's events and progress
//!                                              └─▶ ui::render (at most one frame per 40 ms)
//! ```

pub mod config;
pub mod event_loop;
pub mod input;
pub mod jobs;
pub mod terminal;

use crate::app::Msg;
use crate::loader::{self, reread::SourceReader, Input, LoadOptions};
use crate::model::EventStore;
use std::io;
use std::sync::{Arc, RwLock};

/// What the event loop receives.
pub enum Ev {
    /// A terminal event.
    Term(crossterm::event::Event),
    /// A job's answer.
    Msg(Msg),
    /// Look at the quit flag (a signal arrived).
    Wake,
    /// The terminal went away (read error, or a closed tty that polls ready forever).
    Hangup,
}

/// Opens the explorer on `inputs`: the first frame is drawn at once, rows appear as files are
/// indexed, and keys work during the load. `title` names what was opened (window title and the
/// filter line). Returns when the user quits (the load is cancelled if still running).
///
/// The case of these inputs (marks, notes, tags, filter history: [`crate::case`]) is restored
/// when the load is done, unless `fresh`, and saved when leaving. `rules` are the detection
/// rules the explorer runs after (and during) the load.
pub fn run(
    inputs: Vec<Input>,
    opts: LoadOptions,
    title: String,
    fresh: bool,
    rules: Option<Arc<crate::detect::RuleSet>>,
) -> io::Result<()> {
    let case = crate::case::open_for(&inputs, fresh);
    let store = Arc::new(RwLock::new(EventStore::default()));
    let load = loader::spawn(inputs, opts, store.clone());
    let src = Arc::new(SourceReader::new(store.clone()));
    event_loop::run(store, src, title, Some(load), case, rules)
}
