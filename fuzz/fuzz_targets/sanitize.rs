//! The text sanitiser: whatever comes in, nothing a terminal would obey comes out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailscope::escape::{is_unsafe, sanitize};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let out = sanitize(&s);
    assert!(!out.chars().any(is_unsafe));
    if !s.chars().any(is_unsafe) {
        assert_eq!(out, s);
    }
});
