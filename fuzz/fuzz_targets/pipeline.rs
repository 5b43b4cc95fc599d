//! The whole headless pipeline: load → filter → export → reload. The first line of the input is
//! the filter, the rest the log bytes (any shape, gzip or not). Must never panic, and the
//! reloaded export must hold exactly the events the filter matched (same times, same ids, same
//! order).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use trailscope::export::{write_records, Format};
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::EventStore;
use trailscope::output::Target;

fn load(bytes: &[u8]) -> EventStore {
    let opts = LoadOptions {
        max_file_bytes: 4 << 20,
        max_record_bytes: 1 << 20,
        ..Default::default()
    };
    let input = Input::Memory {
        name: "fuzz".into(),
        bytes: Arc::from(bytes),
    };
    loader::load(vec![input], &opts, &Progress::default()).0
}

/// (time, eventID) of each row, in row order.
fn keys(st: &EventStore, rows: impl Iterator<Item = usize>) -> Vec<(i64, String)> {
    rows.map(|r| (st.time.get(r), st.event_id.get(r))).collect()
}

fuzz_target!(|data: &[u8]| {
    let (filter, logs) = match memchr_nl(data) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b""[..], data),
    };
    let Ok(filter) = std::str::from_utf8(filter) else {
        return;
    };
    let Ok(filter) = trailscope::query::Filter::parse(filter) else {
        return;
    };
    let store = load(logs);
    let src = StoreSource(&store);
    let cancel = AtomicBool::new(false);
    let Ok(rows) = trailscope::query::run(&store, &filter, &src, &cancel) else {
        return;
    };
    let mut out = Vec::new();
    let n = write_records(&store, &rows, &src, Format::Records, &mut out, &Target::Stdout)
        .expect("exporting a store that is all in memory succeeds");
    assert_eq!(n, rows.len());
    let again = load(&out);
    assert_eq!(
        keys(&again, 0..again.len()),
        keys(&store, rows.iter().map(|&r| r as usize)),
        "the reloaded export holds the matched events"
    );
});

fn memchr_nl(b: &[u8]) -> Option<usize> {
    b.iter().take(256).position(|&c| c == b'\n')
}
