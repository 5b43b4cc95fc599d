//! Getting a record's original bytes back from its source content. The I/O (re-reading and
//! inflating a file) lives in `loader::reread`; this is the pure part shared by every reader.

use super::store::{flags, EventStore};
use std::borrow::Cow;
use std::sync::Arc;

/// Why a record's bytes, found in its source's content, are not the record indexed at load.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// The content ends before the record.
    #[error("source changed since it was loaded (it is shorter now)")]
    Shorter,
    /// The bytes there no longer hash to what was indexed.
    #[error("source changed since it was loaded (record bytes differ)")]
    BytesDiffer,
    /// A lookup-events record that is not UTF-8 once unescaped.
    #[error("invalid UTF-8: {0}")]
    Utf8(String),
    /// A lookup-events record whose JSON string escapes are broken.
    #[error("bad string escape: {0}")]
    Escape(String),
}

impl RecordError {
    /// True when the source changed since it was loaded.
    pub fn is_changed(&self) -> bool {
        matches!(self, RecordError::Shorter | RecordError::BytesDiffer)
    }
}

/// Why a source's content (or a record in it) cannot be had now. Renders as
/// `<source name>: <reason>`.
#[derive(Clone, Debug, thiserror::Error)]
pub enum SourceError {
    /// The source was read, but it changed since it was loaded (or the record is bad).
    #[error("{name}: {error}")]
    Record {
        /// The source's name.
        name: String,
        /// What is wrong with the record's bytes.
        error: RecordError,
    },
    /// The source cannot be read now (deleted, unreadable, over a limit…).
    #[error("{name}: {error}")]
    Unreadable {
        /// The source's name.
        name: String,
        /// Why: the reader's own error (the loader's `LoadErrorKind`, which has the I/O
        /// error kind), shared so the error stays cheap to clone.
        error: Arc<dyn std::error::Error + Send + Sync>,
    },
    /// No source with that number.
    #[error("no source #{0}")]
    NoSuchSource(u32),
    /// An in-memory source whose bytes were not kept.
    #[error("{0}: bytes not kept")]
    NotKept(String),
    /// Any other reason (test sources, wrappers).
    #[error("{0}")]
    Other(String),
}

impl From<String> for SourceError {
    fn from(s: String) -> Self {
        SourceError::Other(s)
    }
}

impl From<&str> for SourceError {
    fn from(s: &str) -> Self {
        SourceError::Other(s.to_string())
    }
}

impl From<SourceError> for String {
    fn from(e: SourceError) -> Self {
        e.to_string()
    }
}

impl From<RecordError> for String {
    fn from(e: RecordError) -> Self {
        e.to_string()
    }
}

/// Gives the whole decompressed content of a source. Implemented by `loader::reread::SourceReader`
/// (files re-read from disk, in-memory sources) and by tests.
pub trait RecordSource: Sync {
    /// The decompressed content of source `s` of `store`, or why it cannot be read now.
    ///
    /// Callers hold `store` (often a read guard of a shared store): an implementation must not
    /// lock that store again — a second read lock on the same thread deadlocks as soon as a
    /// writer (the loader) is waiting between the two.
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, SourceError>;
}

/// The original bytes of `row` within `content` (its source's decompressed content): unescaped
/// for lookup-events records, and checked against the hash taken at load so a file rewritten
/// since is noticed instead of showing wrong bytes.
pub fn record_bytes<'a>(
    store: &EventStore,
    row: usize,
    content: &'a [u8],
) -> Result<Cow<'a, [u8]>, RecordError> {
    let loc = store.loc.get(row);
    let start = loc.offset as usize;
    let end = start + loc.len as usize;
    let Some(slice) = content.get(start..end) else {
        return Err(RecordError::Shorter);
    };
    if fold_hash(xxhash_rust::xxh3::xxh3_64(slice)) != store.hash[row] {
        return Err(RecordError::BytesDiffer);
    }
    if store.flags[row] & flags::ESCAPED != 0 {
        return unescape_json_string(slice).map(|s| Cow::Owned(s.into_bytes()));
    }
    Ok(Cow::Borrowed(slice))
}

/// A record's 64-bit xxh3 folded to the 32 bits the store keeps: enough to notice a rewritten
/// file (one chance in four billion to miss one) and to pair duplicate deliveries (confirmed
/// from their bytes), at half the memory.
pub fn fold_hash(h: u64) -> u32 {
    (h ^ (h >> 32)) as u32
}

/// Decodes the contents of a JSON string literal (without its quotes).
pub fn unescape_json_string(inner: &[u8]) -> Result<String, RecordError> {
    if memchr::memchr(b'\\', inner).is_none() {
        return std::str::from_utf8(inner)
            .map(str::to_owned)
            .map_err(|e| RecordError::Utf8(e.to_string()));
    }
    let mut quoted = Vec::with_capacity(inner.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(inner);
    quoted.push(b'"');
    serde_json::from_slice::<String>(&quoted).map_err(|e| RecordError::Escape(e.to_string()))
}

/// What `trailscope verify` found for a source file against the trail's digest files (issue 13):
/// shown per event in the explorer and filtered with `verified:`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Not checked (yet): verification runs after the load, or the source is not a file.
    #[default]
    Pending,
    /// Listed in an intact digest with the SHA-256 its content has.
    Verified,
    /// Listed in a digest with another SHA-256: the file changed after delivery.
    Modified,
    /// Digests exist for its account and region, but none present lists it.
    NotCovered,
    /// No digest file for its account and region (or not a CloudTrail delivery file).
    NoDigest,
}

impl Verdict {
    /// The word used in `verified:` help, `--format json` and the manifest.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pending => "pending",
            Verdict::Verified => "verified",
            Verdict::Modified => "modified",
            Verdict::NotCovered => "not covered",
            Verdict::NoDigest => "no digest",
        }
    }
}
