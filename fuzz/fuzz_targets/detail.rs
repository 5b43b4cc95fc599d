//! The detail pane's pretty-printer, wrapping and the sanitiser: any bytes in, no panic, and
//! nothing a terminal would obey out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trailscope::app::detail::{pretty, raw_lines, wrap};
use trailscope::escape::is_unsafe;
use trailscope::ui::sanitize::{display_width, plain};

fuzz_target!(|data: &[u8]| {
    let width = data.first().map_or(40, |&b| (b as usize % 200) + 1);
    let lines = pretty(data).unwrap_or_else(|| raw_lines(data));
    for l in wrap(&lines, width, display_width) {
        for seg in &l.segs {
            let shown = plain(&seg.text);
            assert!(!shown.chars().any(is_unsafe), "{shown:?}");
        }
    }
});
