//! The filter language: parsing never panics, and a parsed filter evaluates on a real store
//! (with raw text and JSON-path terms reading record bytes) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use trailscope::loader::reread::StoreSource;
use trailscope::model::EventStore;
use trailscope::query::{self, Filter};
use trailscope::testkit::{hostile_record, load_memory, records, Fixture};

/// Loaded once by the real loader: the AWS documentation's sample records, and the test kit's
/// fixtures with the hostile record.
fn store() -> &'static EventStore {
    static STORE: OnceLock<EventStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let recs = include_str!("../../tests/data/awsdocs/aws-cloudtrail-user-guide_records.json");
        let mut fixture = records();
        fixture.push(hostile_record());
        load_memory(vec![
            ("seed".into(), Arc::from(recs.as_bytes())),
            ("fixture".into(), Fixture::new(&fixture).content),
        ])
        .0
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
