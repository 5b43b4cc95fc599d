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
        let st = self.store.read().unwrap();
        let s = st.loc[row].source;
        let content = self.content(&st, s)?;
        record_bytes(&st, row, &content)
            .map(|c| c.into_owned())
            .map_err(|e| format!("{}: {e}", st.sources[s as usize].name))
    }
}

impl RecordSource for SourceReader {
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, String> {
        if let Some((_, c)) = self.cache.lock().unwrap().iter().find(|(k, _)| *k == s) {
            return Ok(c.clone());
        }
        let c = read_source(store, s, u64::MAX)?;
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
    fn content(&self, store: &EventStore, s: u32) -> Result<Arc<[u8]>, String> {
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
                let _ = tx.send(reader.content(&guard, 0).map(|c| c.len()));
            });
            let got = rx.recv_timeout(Duration::from_secs(5));
            assert_eq!(
                got,
                Ok(Ok(rec.len())),
                "content() blocked behind the waiting writer"
            );
        });
        drop(guard);
        writer.join().unwrap();
    }
}
