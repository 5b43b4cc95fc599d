//! Hand-written CloudTrail records (`tests/fixtures/`) as stores, through the real loader.

use crate::loader::extract::{self, ExtractLimits};
use crate::loader::{self, Input, LoadOptions, Progress, DEFAULT_MAX_RECORD_BYTES};
use crate::model::{EventStore, RecordSource, SourceInfo};
use serde_json::value::RawValue;
use std::ops::Range;
use std::sync::Arc;

/// Twelve readable events over an hour (two users, reads, writes, errors), in no time order:
/// a CloudTrail delivery file.
const RECORDS: &str = include_str!("../../tests/fixtures/records.json");
/// One event whose name and user agent try to drive the terminal.
const HOSTILE: &str = include_str!("../../tests/fixtures/hostile.json");

/// Record bytes of in-memory sources, by source index; `None` = the source cannot be read.
#[derive(Clone, Debug, Default)]
pub struct MemSource(pub Vec<Option<Arc<[u8]>>>);

impl MemSource {
    /// The bytes the loader kept of each of `store`'s in-memory sources.
    pub fn of(store: &EventStore) -> MemSource {
        MemSource(store.sources.iter().map(|s| s.mem.clone()).collect())
    }
}

impl RecordSource for MemSource {
    fn content(&self, _store: &EventStore, s: u32) -> Result<Arc<[u8]>, crate::model::SourceError> {
        match self.0.get(s as usize) {
            Some(Some(c)) => Ok(c.clone()),
            _ => Err(format!("source {s} is gone").into()),
        }
    }
}

/// Loads in-memory sources (named, gzip or not) with the real loader, finalized, and panics
/// if any of them failed or was read only in part (a fixture must load cleanly).
pub fn load_memory(sources: Vec<(String, Arc<[u8]>)>) -> (EventStore, MemSource) {
    let inputs = sources
        .into_iter()
        .map(|(name, bytes)| Input::Memory { name, bytes })
        .collect();
    let (store, report) = loader::load(inputs, &LoadOptions::default(), &Progress::default());
    assert!(
        report.failed.is_empty() && report.warnings.is_empty(),
        "test sources must load cleanly: {:?} {:?}",
        report.failed,
        report.warnings
    );
    let src = MemSource::of(&store);
    (store, src)
}

/// Splits a `{"Records":[…]}` file into the exact text of each record.
fn split_records(file: &str) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Delivery<'a> {
        #[serde(borrow, rename = "Records")]
        records: Vec<&'a RawValue>,
    }
    let d: Delivery<'_> = serde_json::from_str(file).expect("fixture file is a delivery file");
    d.records.iter().map(|r| r.get().to_string()).collect()
}

/// The twelve events of `tests/fixtures/records.json`, each as its JSON text.
pub fn records() -> Vec<String> {
    split_records(RECORDS)
}

/// An event whose user agent and name try to drive the terminal (window title, clear screen,
/// bidi override): `tests/fixtures/hostile.json`.
pub fn hostile_record() -> String {
    HOSTILE.trim().to_string()
}

/// A set of records in one in-memory source (`{"Records":[…]}`), loaded by the real loader, or
/// pushed in parts through the real extractor to mimic a load in progress.
pub struct Fixture {
    /// The source's bytes.
    pub content: Arc<[u8]>,
    /// Where each record lies in `content`.
    spans: Vec<Range<usize>>,
}

const HEAD: &[u8] = b"{\"Records\":[";
const TAIL: &[u8] = b"]}";

impl Fixture {
    /// Lays `records` (JSON objects) out as one delivery file.
    pub fn new<S: AsRef<str>>(records: &[S]) -> Fixture {
        let mut content = HEAD.to_vec();
        let mut spans = Vec::with_capacity(records.len());
        for (i, r) in records.iter().enumerate() {
            let r = r.as_ref();
            serde_json::from_str::<serde::de::IgnoredAny>(r)
                .unwrap_or_else(|e| panic!("fixture record {i} is not JSON: {e}"));
            if i > 0 {
                content.push(b',');
            }
            let start = content.len();
            content.extend_from_slice(r.as_bytes());
            spans.push(start..content.len());
        }
        content.extend_from_slice(TAIL);
        Fixture {
            content: content.into(),
            spans,
        }
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Appends records `range` to `store` (registering the source first if needed), as the
    /// loader appends a batch while a load is running: not finalized.
    ///
    /// The records go through the real extractor: it reads this fixture's file with every
    /// record outside `range` blanked out (same length, so every offset is the one in the whole
    /// file) and the batch is appended like the loader's batches are.
    pub fn push(&self, store: &mut EventStore, range: Range<usize>) {
        if store.sources.is_empty() {
            store.sources.push(SourceInfo {
                label: "<fixture>".into(),
                path: None,
                mem: Some(self.content.clone()),
                size: self.content.len() as u64,
                mtime: None,
                verdict: Default::default(),
            });
        }
        if range.is_empty() {
            return;
        }
        let (start, end) = (self.spans[range.start].start, self.spans[range.end - 1].end);
        let mut buf = Vec::with_capacity(end + TAIL.len());
        buf.extend_from_slice(HEAD);
        buf.resize(start, b' ');
        buf.extend_from_slice(&self.content[start..end]);
        buf.extend_from_slice(TAIL);
        let mut batch = EventStore::default();
        let limits = ExtractLimits {
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
        };
        let ex = extract::extract(&buf, 0, &mut batch, limits);
        assert!(
            ex.fatal.is_none() && ex.problems.is_empty() && ex.events == range.len(),
            "fixture records {range:?} did not extract cleanly: {ex:?}"
        );
        store.append(batch);
    }

    /// Every record, loaded and finalized by the real loader.
    pub fn store(&self) -> EventStore {
        load_memory(vec![("<fixture>".into(), self.content.clone())]).0
    }

    /// A reader of this fixture's source.
    pub fn source(&self) -> MemSource {
        MemSource(vec![Some(self.content.clone())])
    }
}

/// One event per name (`eventID` e0, e1, …), a second apart from 2023-11-14T22:13:20Z, loaded
/// and finalized by the real loader: for tests of distinct values and ranking.
pub fn events_named(names: &[&str]) -> EventStore {
    let recs: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let name = serde_json::to_string(n).expect("a string serializes");
            let time = crate::model::time::format_utc(1_700_000_000_000 + i as i64 * 1000);
            format!(r#"{{"eventID":"e{i}","eventTime":"{time}","eventName":{name}}}"#)
        })
        .collect();
    Fixture::new(&recs).store()
}

/// The twelve [`records`] as a finalized store and its source.
pub fn small() -> (EventStore, MemSource) {
    let f = Fixture::new(&records());
    (f.store(), f.source())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{record_bytes, SymField};

    #[test]
    fn fixture_bytes_round_trip() {
        let (st, src) = small();
        assert_eq!(st.len(), 12);
        let c = src.content(&st, 0).unwrap();
        for r in 0..st.len() {
            let b = record_bytes(&st, r, &c).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
            assert_eq!(v["eventName"].as_str().unwrap(), st.str(SymField::Name, r));
        }
        assert_eq!(st.str(SymField::Who, 0), "alice");
        let h = Fixture::new(&[hostile_record()]);
        let hs = h.store();
        assert_eq!(
            hs.str(SymField::Agent, 0),
            "\u{1b}]0;pwned\u{7}\u{202e}gnp.exe"
        );
        assert_eq!(hs.str(SymField::Name, 0), "\u{1b}[2J");
    }

    /// Pushing in parts gives the rows, bytes and strings a whole load gives.
    #[test]
    fn pushed_in_parts_equals_loaded_whole() {
        let f = Fixture::new(&records());
        let mut parts = EventStore::default();
        f.push(&mut parts, 0..5);
        f.push(&mut parts, 5..5);
        f.push(&mut parts, 5..12);
        assert_eq!(parts.len(), 12);
        assert!(!parts.is_sorted());
        let c = f.source().content(&parts, 0).unwrap();
        for r in 0..parts.len() {
            record_bytes(&parts, r, &c).expect("pushed rows point into the whole file");
        }
        parts.finalize(|_, _, _| false);
        let whole = f.store();
        for r in 0..12 {
            for field in SymField::ALL {
                assert_eq!(
                    parts.str(field, r),
                    whole.str(field, r),
                    "{field:?} row {r}"
                );
            }
            assert_eq!(parts.loc.get(r), whole.loc.get(r));
            assert_eq!(parts.time.get(r), whole.time.get(r));
            assert_eq!(parts.flags[r], whole.flags[r]);
        }
    }

    #[test]
    fn the_fixture_file_is_the_records() {
        let f = Fixture::new(&records());
        let (st, _) = load_memory(vec![("file".into(), Arc::from(RECORDS.as_bytes()))]);
        assert_eq!(st.len(), f.len());
        let fs = f.store();
        for r in 0..st.len() {
            assert_eq!(st.str(SymField::Name, r), fs.str(SymField::Name, r));
        }
    }
}
