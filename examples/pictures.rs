//! Renders the README's pictures from the real UI (`trailscope::testkit::PICTURES`, each a story
//! of keys on the demo trail) into `docs/img/<name>.svg`, through the program's one writer.
//!
//!     cargo run --example pictures
//!
//! `tests/pictures.rs` fails when a committed picture differs from what this writes.

use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img");
    for p in trailscope::testkit::PICTURES {
        let svg = trailscope::testkit::render_picture(p);
        let path = dir.join(format!("{}.svg", p.name));
        trailscope::output::write_file(&path, true, |w, t| {
            w.write_all(svg.as_bytes())
                .map_err(|e| trailscope::output::OutputError::write(t, e))
        })
        .unwrap_or_else(|e| panic!("{e}"));
        println!("wrote {}", path.display());
    }
}
