//! The filter language: parsing never panics, and a parsed filter evaluates on a real store
//! (with raw text and JSON-path terms reading record bytes) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::atomic::AtomicBool;
use std::sync::OnceLock;
use trailscope::loader::{self, reread::StoreSource, Input, LoadOptions, Progress};
use trailscope::model::EventStore;
use trailscope::query::{self, Filter};

fn store() -> &'static EventStore {
    static STORE: OnceLock<EventStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let recs = include_str!("../../tests/data/awsdocs/aws-cloudtrail-user-guide_records.json");
        let inputs = vec![Input::Memory {
            name: "seed".into(),
            bytes: std::sync::Arc::from(recs.as_bytes()),
        }];
        loader::load(inputs, &LoadOptions::default(), &Progress::default()).0
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Filter::parse(&text) {
        Ok(f) => {
            let st = store();
            let rows = query::run(st, &f, &StoreSource(st), &AtomicBool::new(false)).unwrap();
            assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows in order, no repeats");
            assert!(rows.iter().all(|&r| (r as usize) < st.len()));
        }
        Err(e) => {
            assert!(e.offset <= text.len());
            assert!(text.is_char_boundary(e.offset));
        }
    }
});
