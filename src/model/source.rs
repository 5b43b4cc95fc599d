//! Getting a record's original bytes back from its source content. The I/O (re-reading and
//! inflating a file) lives in `loader::reread`; this is the pure part shared by every reader.

use super::store::{flags, EventStore};
use std::borrow::Cow;
use std::sync::Arc;

/// Gives the whole decompressed content of a source. Implemented by `loader::reread::SourceReader`
/// (files re-read from disk, in-memory sources) and by tests.
pub trait RecordSource: Sync {
    /// The decompressed content of source `s` of `store`, or why it cannot be read now.
    ///
    /// Callers hold `store` (often a read guard of a shared store): an implementation must not
    /// lock that store again — a second read lock on the same thread deadlocks as soon as a
    /// writer (the loader) is waiting between the two.
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, String>;
}

/// The original bytes of `row` within `content` (its source's decompressed content): unescaped
/// for lookup-events records, and checked against the hash taken at load so a file rewritten
/// since is noticed instead of showing wrong bytes.
pub fn record_bytes<'a>(
    store: &EventStore,
    row: usize,
    content: &'a [u8],
) -> Result<Cow<'a, [u8]>, String> {
    let loc = store.loc[row];
    let start = loc.offset as usize;
    let end = start + loc.len as usize;
    let Some(slice) = content.get(start..end) else {
        return Err("source changed since it was loaded (it is shorter now)".into());
    };
    if xxhash_rust::xxh3::xxh3_64(slice) != store.hash[row] {
        return Err("source changed since it was loaded (record bytes differ)".into());
    }
    if store.flags[row] & flags::ESCAPED != 0 {
        return unescape_json_string(slice).map(|s| Cow::Owned(s.into_bytes()));
    }
    Ok(Cow::Borrowed(slice))
}

/// Decodes the contents of a JSON string literal (without its quotes).
pub fn unescape_json_string(inner: &[u8]) -> Result<String, String> {
    if memchr::memchr(b'\\', inner).is_none() {
        return std::str::from_utf8(inner)
            .map(str::to_owned)
            .map_err(|e| format!("invalid UTF-8: {e}"));
    }
    let mut quoted = Vec::with_capacity(inner.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(inner);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted).map_err(|e| format!("bad string escape: {e}"))
}
