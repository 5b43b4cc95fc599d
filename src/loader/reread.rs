//! Re-reading records' original bytes from their sources for the detail view, export and raw
//! searches: files are re-read and inflated on demand (a few recent ones cached), in-memory
//! sources are kept whole. The store keeps no record text, which is what keeps it at about a
//! hundred bytes per event.

use super::decode;
use super::error::LoadErrorKind;
use crate::model::{record_bytes, ContentCheck, ContentKey, EventStore, RecordSource, SourceError};
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
use std::sync::{Arc, Mutex, RwLock};

/// Reads the decompressed content of source `s` of `store` (no cache).
pub fn read_source(
    store: &EventStore,
    s: u32,
    max_file_bytes: u64,
) -> Result<Arc<[u8]>, SourceError> {
    let info = store
        .sources
        .get(s as usize)
        .ok_or(SourceError::NoSuchSource(s))?;
    if let Some(m) = &info.mem {
        return Ok(m.clone());
    }
    let path = info
        .path
        .as_ref()
        .ok_or_else(|| SourceError::NotKept(info.name().into_owned()))?;
    decode::read_file(path, max_file_bytes)
        .map(|bytes| {
            let shared = Arc::from(&bytes[..]);
            // The inflate buffer serves the next file this thread reads.
            decode::recycle(bytes);
            shared
        })
        .map_err(|e| SourceError::Unreadable {
            name: info.name().into_owned(),
            error: Arc::new(e),
        })
}

/// The first `upto` decompressed bytes of source `s` (the whole content of an in-memory one):
/// enough for records ending before `upto`, without inflating the rest. Gives up with
/// "cancelled" soon after `cancel` is set.
pub fn read_source_prefix(
    store: &EventStore,
    s: u32,
    upto: u64,
    cancel: &AtomicBool,
) -> Result<Arc<[u8]>, SourceError> {
    let info = store
        .sources
        .get(s as usize)
        .ok_or(SourceError::NoSuchSource(s))?;
    if let Some(m) = &info.mem {
        return Ok(m.clone());
    }
    let path = info
        .path
        .as_ref()
        .ok_or_else(|| SourceError::NotKept(info.name().into_owned()))?;
    decode::read_file_prefix(path, upto, cancel)
        .map(Arc::from)
        .map_err(|e| SourceError::Unreadable {
            name: info.name().into_owned(),
            error: Arc::new(e),
        })
}

/// SHA-256 of source `s` as stored (a file's bytes on disk, compressed or not; an in-memory
/// source's content), prefixed by its kind, streamed with `cancel` looked at every 256 KiB.
/// `None` when it cannot be read (or was cancelled).
fn source_sha256(store: &EventStore, s: u32, cancel: &AtomicBool) -> Option<[u8; 32]> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let info = store.sources.get(s as usize)?;
    let mut h = Sha256::new();
    if let Some(m) = &info.mem {
        h.update(b"mem\0");
        h.update(m);
        return Some(h.finalize().into());
    }
    let mut f = decode::open_nonblocking(info.path.as_ref()?).ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    h.update(b"file\0");
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0u64;
    loop {
        if cancel.load(Relaxed) {
            return None;
        }
        match f.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                h.update(&buf[..n]);
                total += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    // A file that changed size since it was indexed is not the file that was loaded.
    (total == info.size).then(|| h.finalize().into())
}

/// The I/O error kind behind a [`SourceError`], when a read failed with one.
pub fn io_kind(e: &SourceError) -> Option<std::io::ErrorKind> {
    match e {
        SourceError::Unreadable { error, .. } => error.downcast_ref::<LoadErrorKind>()?.io_kind(),
        _ => None,
    }
}

/// The original bytes of `row` within its source's `content`, with the source named in errors.
fn record_in(store: &EventStore, row: usize, content: &[u8]) -> Result<Vec<u8>, SourceError> {
    record_bytes(store, row, content)
        .map(|c| c.into_owned())
        .map_err(|error| SourceError::Record {
            name: store.sources[store.loc.get(row).source as usize]
                .name()
                .into_owned(),
            error,
        })
}

/// The original bytes of `row`, re-read from its source (no cache).
pub fn read_record(store: &EventStore, row: usize) -> Result<Vec<u8>, SourceError> {
    let content = read_source(store, store.loc.get(row).source, u64::MAX)?;
    record_in(store, row, &content)
}

/// For `EventStore::finalize`: do rows `a` and `b` (same eventID, different bytes) hold the same
/// record? Compared as parsed JSON, so formatting and key order do not matter (number literals
/// must agree exactly too).
pub fn same_content(store: &EventStore, a: usize, b: usize) -> bool {
    match (read_record(store, a), read_record(store, b)) {
        (Ok(x), Ok(y)) => same_json(&x, &y),
        _ => false,
    }
}

/// The loader's [`ContentCheck`]: a record's key is a hash of its parsed JSON with object keys
/// in sorted order (formatting and key order do not matter), taken by re-reading each source
/// once, sources in parallel.
#[derive(Debug, Default)]
pub struct Reparse {
    /// Sources read (and inflated) so far, for tests and diagnostics.
    pub source_reads: std::sync::atomic::AtomicUsize,
    /// Sources hashed whole as stored (no inflate), for tests and diagnostics.
    pub file_hashes: std::sync::atomic::AtomicUsize,
}

/// The key of a record's content: SHA-256 of a canonical form of its parsed JSON (object
/// members in key order, every value tagged and length-prefixed) followed by its number
/// literals, sorted (parsing rounds numbers). Equal exactly when [`same_json`] holds, whatever
/// the formatting and key order (`None`: not JSON).
fn content_key(bytes: &[u8]) -> Option<ContentKey> {
    use sha2::{Digest, Sha256};
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mut h = Sha256::new();
    hash_value(&v, &mut h);
    let nums = number_literals(bytes);
    h.update((nums.len() as u64).to_le_bytes());
    for n in nums {
        h.update((n.len() as u64).to_le_bytes());
        h.update(n);
    }
    Some(h.finalize().into())
}

/// Whether two records' bytes hold the same JSON: equal once parsed, and with the same number
/// literals, since parsing rounds numbers to 64-bit floats (`100000000000000000001` and
/// `100000000000000000002` parse equal, and one event must not pass for the other).
fn same_json(a: &[u8], b: &[u8]) -> bool {
    let parse = |x: &[u8]| serde_json::from_slice::<serde_json::Value>(x).ok();
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) if x == y => number_literals(a) == number_literals(b),
        _ => false,
    }
}

/// The number literals of a JSON text (outside strings), sorted: what [`same_json`] compares
/// besides the parsed values, whatever the key order.
fn number_literals(b: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < b.len() && matches!(b[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                out.push(&b[start..i]);
            }
            _ => i += 1,
        }
    }
    out.sort_unstable();
    out
}

impl ContentCheck for Reparse {
    fn keys(
        &mut self,
        store: &EventStore,
        rows: &[u32],
        cancel: &AtomicBool,
    ) -> Vec<Option<ContentKey>> {
        per_source(store, rows, cancel, &self.source_reads, |_, bytes| {
            content_key(bytes)
        })
    }

    fn digests_and_keys(
        &mut self,
        store: &EventStore,
        digest_rows: &[u32],
        key_rows: &[u32],
        cancel: &AtomicBool,
    ) -> (Vec<Option<[u8; 32]>>, Vec<Option<ContentKey>>) {
        use sha2::{Digest, Sha256};
        // One pass over the union: a source with rows of both kinds is read once.
        let mut all: Vec<u32> = digest_rows.iter().chain(key_rows).copied().collect();
        all.sort_unstable();
        all.dedup();
        let (mut ds, mut ks) = (digest_rows.to_vec(), key_rows.to_vec());
        ds.sort_unstable();
        ks.sort_unstable();
        let both = per_source(store, &all, cancel, &self.source_reads, |row, bytes| {
            let d = ds
                .binary_search(&row)
                .is_ok()
                .then(|| <[u8; 32]>::from(Sha256::digest(bytes)));
            let k = if ks.binary_search(&row).is_ok() {
                content_key(bytes)
            } else {
                None
            };
            Some((d, k))
        });
        let at = |r: &u32| all.binary_search(r).ok().and_then(|i| both[i]);
        (
            digest_rows
                .iter()
                .map(|r| at(r).and_then(|x| x.0))
                .collect(),
            key_rows.iter().map(|r| at(r).and_then(|x| x.1)).collect(),
        )
    }

    /// Content keys are SHA-256 digests of a canonical form: equal keys are equal content.
    fn keys_are_exact(&self) -> bool {
        true
    }

    fn same(&mut self, store: &EventStore, a: usize, b: usize) -> bool {
        self.source_reads.fetch_add(2, Relaxed);
        let (Ok(x), Ok(y)) = (read_record(store, a), read_record(store, b)) else {
            return false;
        };
        same_json(&x, &y)
    }

    fn digests(
        &mut self,
        store: &EventStore,
        rows: &[u32],
        cancel: &AtomicBool,
    ) -> Vec<Option<[u8; 32]>> {
        use sha2::{Digest, Sha256};
        per_source(store, rows, cancel, &self.source_reads, |_, bytes| {
            Some(Sha256::digest(bytes).into())
        })
    }

    fn file_digests(
        &mut self,
        store: &EventStore,
        sources: &[u32],
        cancel: &AtomicBool,
    ) -> Vec<Option<[u8; 32]>> {
        use rayon::prelude::*;
        self.file_hashes.fetch_add(sources.len(), Relaxed);
        sources
            .par_iter()
            .map(|&s| source_sha256(store, s, cancel))
            .collect()
    }
}

/// `f` of each of `rows`' record bytes (`None` where unreadable), reading each source once and
/// only as far as its last wanted record ends, sources in parallel; stops early (rest `None`)
/// when `cancel` is set.
fn per_source<T: Send + Clone>(
    store: &EventStore,
    rows: &[u32],
    cancel: &AtomicBool,
    reads: &std::sync::atomic::AtomicUsize,
    f: impl Fn(u32, &[u8]) -> Option<T> + Sync,
) -> Vec<Option<T>> {
    use rayon::prelude::*;
    let mut order: Vec<(u32, u32)> = rows
        .iter()
        .enumerate()
        .map(|(i, &r)| (store.loc.get(r as usize).source, i as u32))
        .collect();
    order.sort_unstable();
    let groups: Vec<&[(u32, u32)]> = order.chunk_by(|x, y| x.0 == y.0).collect();
    let done: Vec<Vec<(u32, Option<T>)>> = groups
        .par_iter()
        .map(|g| {
            if cancel.load(Relaxed) {
                return Vec::new();
            }
            reads.fetch_add(1, Relaxed);
            let upto = g
                .iter()
                .map(|&(_, i)| {
                    let l = store.loc.get(rows[i as usize] as usize);
                    l.offset as u64 + l.len as u64
                })
                .max()
                .unwrap_or(0);
            let content = read_source_prefix(store, g[0].0, upto, cancel).ok();
            g.iter()
                .map(|&(_, i)| {
                    let row = rows[i as usize] as usize;
                    let v = content
                        .as_ref()
                        .and_then(|c| f(row as u32, &record_bytes(store, row, c).ok()?));
                    (i, v)
                })
                .collect()
        })
        .collect();
    let mut out = vec![None; rows.len()];
    for (i, v) in done.into_iter().flatten() {
        out[i as usize] = v;
    }
    out
}

/// Feeds `v` to `h` so that values equal as JSON (`==`) hash the same: object members in key
/// order, every value tagged with its kind.
fn hash_value(v: &serde_json::Value, h: &mut sha2::Sha256) {
    use serde_json::Value;
    use sha2::Digest;
    let str = |s: &str, h: &mut sha2::Sha256| {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    match v {
        Value::Null => h.update(b"n"),
        Value::Bool(b) => h.update(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            h.update(b"#");
            str(&n.to_string(), h);
        }
        Value::String(s) => {
            h.update(b"s");
            str(s, h);
        }
        Value::Array(a) => {
            h.update(b"[");
            h.update((a.len() as u64).to_le_bytes());
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(o) => {
            h.update(b"{");
            h.update((o.len() as u64).to_le_bytes());
            let mut members: Vec<(&String, &Value)> = o.iter().collect();
            members.sort_unstable_by(|x, y| x.0.cmp(y.0));
            for (k, x) in members {
                str(k, h);
                hash_value(x, h);
            }
        }
    }
}

/// What [`SourceReader`] keeps inflated at most: a detail pane, a page of list cells and a
/// compare need a few files at a time, and a CloudTrail file inflates to a few hundred KB.
pub const CACHE_BYTES: usize = 32 << 20;

/// A [`RecordSource`] over a shared store with a small cache of recently inflated files (at
/// most 8 and [`CACHE_BYTES`]; a larger file is read each time, never kept; in-memory sources
/// are kept whole anyway).
pub struct SourceReader {
    store: Arc<RwLock<EventStore>>,
    cache: Mutex<Vec<(u32, Arc<[u8]>)>>,
    capacity: usize,
}

impl SourceReader {
    /// A reader keeping up to 8 sources inflated.
    pub fn new(store: Arc<RwLock<EventStore>>) -> Self {
        SourceReader {
            store,
            cache: Mutex::new(Vec::new()),
            capacity: 8,
        }
    }

    /// The original bytes of `row`.
    pub fn record(&self, row: usize) -> Result<Vec<u8>, SourceError> {
        let st = self.store.read().unwrap();
        let content = self.content(&st, st.loc.get(row).source)?;
        record_in(&st, row, &content)
    }

    /// Drops every source kept inflated (the next read of each inflates it again).
    pub fn clear(&self) {
        self.cache.lock().unwrap().clear();
    }

    /// Bytes kept inflated now.
    pub fn cached_bytes(&self) -> usize {
        self.cache
            .lock()
            .unwrap()
            .iter()
            .map(|(_, c)| c.len())
            .sum()
    }
}

impl RecordSource for SourceReader {
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, SourceError> {
        if let Some((_, c)) = self.cache.lock().unwrap().iter().find(|(k, _)| *k == s) {
            return Ok(c.clone());
        }
        let c = read_source(store, s, u64::MAX)?;
        let in_memory = store
            .sources
            .get(s as usize)
            .is_some_and(|x| x.mem.is_some());
        if in_memory || c.len() > CACHE_BYTES {
            return Ok(c);
        }
        let mut cache = self.cache.lock().unwrap();
        let mut bytes: usize = cache.iter().map(|(_, c)| c.len()).sum();
        // The oldest go first, until the new one fits both limits.
        while !cache.is_empty() && (cache.len() >= self.capacity || bytes + c.len() > CACHE_BYTES) {
            bytes -= cache.remove(0).1.len();
        }
        cache.push((s, c.clone()));
        Ok(c)
    }
}

/// A [`RecordSource`] over a store owned by the caller (headless commands): no cache, since
/// those read each source once in order.
pub struct StoreSource<'a>(pub &'a EventStore);

impl RecordSource for StoreSource<'_> {
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, SourceError> {
        debug_assert!(std::ptr::eq(store, self.0));
        read_source(store, s, u64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loader::{load, Input, LoadOptions, Progress};
    use std::time::Duration;

    /// A reader holding the store's read guard must get content while a writer (the loader)
    /// waits: a second read lock on the same thread would deadlock behind that writer.
    #[test]
    fn content_does_not_lock_the_store_again() {
        let rec =
            br#"{"Records":[{"eventName":"A","eventID":"1","eventTime":"2024-01-01T00:00:00Z"}]}"#;
        let inputs = vec![Input::Memory {
            name: "m".into(),
            bytes: Arc::from(&rec[..]),
        }];
        let (st, _) = load(inputs, &LoadOptions::default(), &Progress::default());
        let store = Arc::new(RwLock::new(st));
        let reader = SourceReader::new(store.clone());
        let guard = store.read().unwrap();
        let writer = {
            let store = store.clone();
            std::thread::spawn(move || drop(store.write().unwrap()))
        };
        std::thread::sleep(Duration::from_millis(50)); // the writer is now waiting
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let _ = tx.send(reader.content(&guard, 0).map(|c| c.len()).ok());
            });
            let got = rx.recv_timeout(Duration::from_secs(5));
            assert_eq!(
                got,
                Ok(Some(rec.len())),
                "content() blocked behind the waiting writer"
            );
        });
        drop(guard);
        writer.join().unwrap();
    }

    /// The cache keeps at most 8 files and [`CACHE_BYTES`], the oldest dropped first; a file
    /// larger than that is read but not kept, and neither is an in-memory source (kept whole
    /// anyway); `clear` empties it.
    #[test]
    fn cache_is_bounded_in_sources_and_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // Padding after the record keeps a file valid JSON for the loader.
        let write = |i: usize, len: usize| {
            let mut b = format!(
                r#"{{"Records":[{{"eventName":"A","eventID":"{i}","eventTime":"2024-01-01T00:00:00Z"}}]"#
            )
            .into_bytes();
            b.extend(std::iter::repeat_n(b' ', len.saturating_sub(b.len() + 1)));
            b.push(b'}');
            std::fs::write(dir.path().join(format!("f{i:02}.json")), b).unwrap();
        };
        for i in 0..10 {
            write(i, 0);
        }
        for (i, len) in [
            (10, 12 << 20),
            (11, 12 << 20),
            (12, 12 << 20),
            (13, CACHE_BYTES + 1),
        ] {
            write(i, len);
        }
        let rec =
            br#"{"Records":[{"eventName":"A","eventID":"m","eventTime":"2024-01-01T00:00:00Z"}]}"#;
        let inputs = vec![
            Input::Path(dir.path().to_path_buf()),
            Input::Memory {
                name: "m".into(),
                bytes: Arc::from(&rec[..]),
            },
        ];
        let (st, _) = load(inputs, &LoadOptions::default(), &Progress::default());
        assert_eq!(st.len(), 15);
        let source = |name: &str| {
            st.sources
                .iter()
                .position(|x| x.name().ends_with(name))
                .unwrap() as u32
        };
        let ids: Vec<u32> = (0..14).map(|i| source(&format!("f{i:02}.json"))).collect();
        let mem = source("m");
        let store = Arc::new(RwLock::new(st));
        let reader = SourceReader::new(store.clone());
        let st = store.read().unwrap();
        let kept = |r: &SourceReader| {
            r.cache
                .lock()
                .unwrap()
                .iter()
                .map(|x| x.0)
                .collect::<Vec<_>>()
        };
        for &s in &ids[..10] {
            reader.content(&st, s).unwrap();
        }
        assert_eq!(
            kept(&reader),
            ids[2..10].to_vec(),
            "eight files, the oldest dropped"
        );
        reader.content(&st, mem).unwrap();
        assert_eq!(
            kept(&reader),
            ids[2..10].to_vec(),
            "an in-memory source is not kept"
        );
        reader.content(&st, ids[10]).unwrap();
        reader.content(&st, ids[11]).unwrap();
        reader.content(&st, ids[12]).unwrap();
        assert!(reader.cached_bytes() <= CACHE_BYTES);
        assert_eq!(kept(&reader).last(), Some(&ids[12]));
        assert!(
            !kept(&reader).contains(&ids[10]),
            "bytes over the limit drop the oldest"
        );
        assert!(kept(&reader).contains(&ids[11]));
        let big = reader.content(&st, ids[13]).unwrap();
        assert_eq!(big.len(), CACHE_BYTES + 1);
        assert!(
            !kept(&reader).contains(&ids[13]),
            "a file over the limit is not kept"
        );
        reader.clear();
        assert_eq!(reader.cached_bytes(), 0);
    }
}
