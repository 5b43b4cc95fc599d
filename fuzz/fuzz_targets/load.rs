//! The loader on raw bytes: any shape, gzip or not. Must never panic, and every record it
//! indexes must give back bytes that parse as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailscope::loader::{decode, extract};
use trailscope::model::{record_bytes, EventStore};

fuzz_target!(|data: &[u8]| {
    let Ok(content) = decode::decompress(data.to_vec(), 1 << 20) else {
        return;
    };
    let mut store = EventStore::default();
    let ex = extract::extract(
        &content,
        0,
        &mut store,
        extract::ExtractLimits {
            max_record_bytes: 1 << 20,
        },
    );
    assert_eq!(ex.events, store.len());
    for row in 0..store.len() {
        let bytes = record_bytes(&store, row, &content).expect("indexed record reads back");
        serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).expect("record bytes are JSON");
    }
    store.finalize(|_, _, _| false);
});
