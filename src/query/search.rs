//! Text search over a list of rows (`s`, `n`, `N` in the explorer): the rows whose record text
//! contains every word, found with the same parallel raw scan as bare words in a filter
//! ([`scan`](super::scan)): each source read once, sources in parallel, cancellable.

use super::bits::Bits;
use super::parse::Leaf;
use super::scan::{self, RawLeaves};
use super::QueryError;
use crate::model::{EventStore, RecordSource};
use std::sync::atomic::AtomicBool;

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchOutcome {
    /// The rows of the input whose record contains every word, in the input's order.
    pub hits: Vec<u32>,
    /// Sources that could not be read, with why (their rows are not hits).
    pub unreadable: Vec<(u32, String)>,
}

/// The rows of `rows` whose record text contains every one of `words` (ASCII
/// case-insensitively, as bare words of a filter match), in the order of `rows`.
pub fn text_hits(
    store: &EventStore,
    rows: &[u32],
    words: &[String],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<SearchOutcome, QueryError> {
    let n = store.len();
    let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
    if words.is_empty() || rows.is_empty() {
        return Ok(SearchOutcome::default());
    }
    let leaves: Vec<Leaf> = words
        .iter()
        .map(|w| Leaf::Text(vec![w.to_ascii_lowercase().into_bytes()]))
        .collect();
    let mut need = Bits::zeros(n);
    for &r in rows {
        if (r as usize) < n {
            need.set(r as usize);
        }
    }
    let jobs: Vec<(usize, Bits)> = (0..leaves.len()).map(|i| (i, need.clone())).collect();
    let out = scan::eval(
        store,
        &RawLeaves {
            leaves: &leaves,
            jobs: &jobs,
            reads: None,
        },
        src,
        cancel,
    )?;
    let hits = rows
        .iter()
        .copied()
        .filter(|&r| (r as usize) < n && out.values.iter().all(|(_, b)| b.get(r as usize)))
        .collect();
    Ok(SearchOutcome {
        hits,
        unreadable: out.unreadable,
    })
}
