//! Stores of several sources, some records in lookup-events form, for the query tests.

use super::fixture::{load_memory, MemSource};
use crate::loader::extract::{self, ExtractLimits};
use crate::loader::DEFAULT_MAX_RECORD_BYTES;
use crate::model::{EventStore, SourceInfo};
use serde_json::value::RawValue;
use std::sync::Arc;

/// The query tests' records: sources, lookup-events escaping and odd values.
const QUERY_RECORDS: &str = include_str!("../../tests/fixtures/query_records.json");

/// The records of `tests/fixtures/query_records.json` as (source, escaped, exact JSON text).
pub fn query_records() -> Vec<(u32, bool, &'static str)> {
    #[derive(serde::Deserialize)]
    struct Tagged<'a> {
        source: u32,
        escaped: bool,
        #[serde(borrow)]
        record: &'a RawValue,
    }
    let v: Vec<Tagged<'static>> =
        serde_json::from_str(QUERY_RECORDS).expect("query_records.json is a list of records");
    v.into_iter()
        .map(|t| (t.source, t.escaped, t.record.get()))
        .collect()
}

/// One record to load: which source, its JSON, and whether it comes escaped, as the
/// `CloudTrailEvent` string of an `aws cloudtrail lookup-events` Event.
pub struct Rec<'a> {
    pub source: u32,
    pub json: &'a str,
    pub escaped: bool,
}

/// The bytes of each source: the records one after the other, in the order given, each on its
/// own line (a record may span lines); an escaped record is a lookup-events Event object.
fn contents(recs: &[Rec<'_>]) -> Vec<Vec<u8>> {
    let n = recs
        .iter()
        .map(|r| r.source as usize + 1)
        .max()
        .unwrap_or(0);
    let mut out = vec![Vec::new(); n];
    for r in recs {
        let buf = &mut out[r.source as usize];
        serde_json::from_str::<serde::de::IgnoredAny>(r.json).expect("test record is JSON");
        if r.escaped {
            buf.extend_from_slice(b"{\"CloudTrailEvent\":");
            buf.extend_from_slice(serde_json::to_string(r.json).unwrap().as_bytes());
            buf.push(b'}');
        } else {
            buf.extend_from_slice(r.json.as_bytes());
        }
        buf.push(b'\n');
    }
    out
}

/// Builds a store of `recs` and its sources through the real loader: finalized (sorted,
/// duplicates dropped) by `loader::load`, or, when `finalize` is false, as a load in progress
/// leaves it — each source extracted and appended in turn, rows in file order.
pub fn build(recs: &[Rec<'_>], finalize: bool) -> (EventStore, MemSource) {
    let contents: Vec<Arc<[u8]>> = contents(recs).into_iter().map(Arc::from).collect();
    if finalize {
        return load_memory(
            contents
                .into_iter()
                .enumerate()
                .map(|(i, c)| (format!("<test source {i}>"), c))
                .collect(),
        );
    }
    let mut store = EventStore::default();
    store.sources = contents
        .iter()
        .enumerate()
        .map(|(i, c)| SourceInfo {
            label: format!("<test source {i}>"),
            path: None,
            mem: Some(c.clone()),
            size: c.len() as u64,
            mtime: None,
            verdict: Default::default(),
        })
        .collect();
    let limits = ExtractLimits {
        max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
    };
    for (i, c) in contents.iter().enumerate() {
        let mut batch = EventStore::default();
        let ex = extract::extract(c, i as u32, &mut batch, limits);
        assert!(
            ex.fatal.is_none() && ex.problems.is_empty(),
            "test source {i} did not extract cleanly: {ex:?}"
        );
        store.append(batch);
    }
    let src = MemSource(contents.into_iter().map(Some).collect());
    (store, src)
}
