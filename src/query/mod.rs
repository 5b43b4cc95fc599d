//! The filter language and everything computed over the store for a view: filter evaluation,
//! fuzzy matching over distinct values, timeline buckets, pivots. No terminal, no I/O of its own
//! (record bytes come through `model::RecordSource`).
//!
//! STUB: signatures are the contract between the query and TUI work; bodies to be written.

use crate::model::{EventStore, RecordSource, Sym, SymField};
use std::sync::atomic::AtomicBool;

/// A parsed filter (see README "Filter language").
#[derive(Debug, Clone)]
pub struct Filter {
    text: String,
}

/// A filter that does not parse: where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at column {}: {message}", offset + 1)]
pub struct ParseError {
    /// Byte offset of the error in the filter text.
    pub offset: usize,
    /// Length in bytes of the offending part (at least 1 for underlining; may run past the end).
    pub len: usize,
    /// What was expected / what is wrong, lower case.
    pub message: String,
}

/// Why a query could not finish.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The cancel flag was raised.
    #[error("cancelled")]
    Cancelled,
}

impl Filter {
    /// Parses `text`; the empty filter matches everything.
    pub fn parse(text: &str) -> Result<Filter, ParseError> {
        Ok(Filter { text: text.into() })
    }
    /// The text it was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// True when it matches everything.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
    /// True when evaluation must read record bytes (bare words, dotted JSON paths).
    pub fn needs_raw(&self) -> bool {
        false
    }
    /// The bare words / phrases of the filter (for highlighting and `n`/`N`).
    pub fn bare_words(&self) -> Vec<String> {
        Vec::new()
    }
}

/// The rows matching `filter`, in time order (store row order once finalized).
pub fn run(
    store: &EventStore,
    filter: &Filter,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<Vec<u32>, QueryError> {
    let _ = (filter, src, cancel);
    Ok((0..store.len() as u32).collect())
}

/// Fields offered by the fuzzy finder.
pub const FUZZY_FIELDS: [(SymField, &str); 9] = [
    (SymField::Who, "who"),
    (SymField::Name, "name"),
    (SymField::Source, "source"),
    (SymField::Ip, "ip"),
    (SymField::Account, "account"),
    (SymField::Region, "region"),
    (SymField::Error, "error"),
    (SymField::Key, "key"),
    (SymField::Agent, "agent"),
];

/// A fuzzy-finder candidate after scoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyMatch {
    /// The value.
    pub sym: Sym,
    /// How many of the given rows have it.
    pub count: u32,
    /// fuzzy-matcher score (higher is better).
    pub score: i64,
    /// Char indices of the matched letters in the value.
    pub indices: Vec<usize>,
}
