//! Re-reading records' original bytes from their sources for the detail view, export and raw
//! searches: files are re-read and inflated on demand (a few recent ones cached), in-memory
//! sources are kept whole. The store keeps no record text, which is what keeps it at about a
//! hundred bytes per event.

use super::decode;
use crate::model::{record_bytes, EventStore, RecordSource};
use std::sync::{Arc, Mutex, RwLock};

/// Reads the decompressed content of source `s` of `store` (no cache).
pub fn read_source(store: &EventStore, s: u32, max_file_bytes: u64) -> Result<Arc<[u8]>, String> {
    let info = store
        .sources
        .get(s as usize)
        .ok_or_else(|| format!("no source #{s}"))?;
    if let Some(m) = &info.mem {
        return Ok(m.clone());
    }
    let path = info
        .path
        .as_ref()
        .ok_or_else(|| format!("{}: bytes not kept", info.name))?;
    decode::read_file(path, max_file_bytes)
        .map(Arc::from)
        .map_err(|e| format!("{}: {e}", info.name))
}

/// The original bytes of `row`, re-read from its source (no cache).
pub fn read_record(store: &EventStore, row: usize) -> Result<Vec<u8>, String> {
    let s = store.loc[row].source;
    let content = read_source(store, s, u64::MAX)?;
    record_bytes(store, row, &content)
        .map(|c| c.into_owned())
        .map_err(|e| format!("{}: {e}", store.sources[s as usize].name))
}

/// For `EventStore::finalize`: do rows `a` and `b` (same eventID, different bytes) hold the same
/// record? Compared as parsed JSON, so formatting and key order do not matter.
pub fn same_content(store: &EventStore, a: usize, b: usize) -> bool {
    let parse = |row| -> Option<serde_json::Value> {
        serde_json::from_slice(&read_record(store, row).ok()?).ok()
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// A [`RecordSource`] over a shared store with a small cache of recently inflated sources.
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
    pub fn record(&self, row: usize) -> Result<Vec<u8>, String> {
        let s = self.store.read().unwrap().loc[row].source;
        let content = self.content(s)?;
        let st = self.store.read().unwrap();
        record_bytes(&st, row, &content)
            .map(|c| c.into_owned())
            .map_err(|e| format!("{}: {e}", st.sources[s as usize].name))
    }
}

impl RecordSource for SourceReader {
    fn content(&self, s: u32) -> Result<Arc<[u8]>, String> {
        if let Some((_, c)) = self.cache.lock().unwrap().iter().find(|(k, _)| *k == s) {
            return Ok(c.clone());
        }
        let c = read_source(&self.store.read().unwrap(), s, u64::MAX)?;
        let mut cache = self.cache.lock().unwrap();
        if cache.len() >= self.capacity {
            cache.remove(0);
        }
        cache.push((s, c.clone()));
        Ok(c)
    }
}

/// A [`RecordSource`] over a store owned by the caller (headless commands): no cache, since
/// those read each source once in order.
pub struct StoreSource<'a>(pub &'a EventStore);

impl RecordSource for StoreSource<'_> {
    fn content(&self, s: u32) -> Result<Arc<[u8]>, String> {
        read_source(self.0, s, u64::MAX)
    }
}
