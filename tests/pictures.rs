//! The README's pictures are the UI as it is: each is rendered again from its story
//! (`trailscope::testkit::PICTURES`) and compared with the committed `docs/img/<name>.svg`.

use std::path::Path;

#[test]
fn committed_pictures_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img");
    let mut stale = Vec::new();
    for p in trailscope::testkit::PICTURES {
        let now = trailscope::testkit::render_picture(p);
        let path = dir.join(format!("{}.svg", p.name));
        match std::fs::read_to_string(&path) {
            Ok(old) if old == now => {}
            Ok(_) => stale.push(format!("{} (differs)", path.display())),
            Err(e) => stale.push(format!("{} ({e})", path.display())),
        }
    }
    assert!(
        stale.is_empty(),
        "README pictures are stale: {}\nThe UI changed: regenerate them with\n    cargo run --example pictures\nlook at the new images, and commit docs/img/.",
        stale.join(", ")
    );
    // Every picture is shown in the README.
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for p in trailscope::testkit::PICTURES {
        assert!(
            readme.contains(&format!("docs/img/{}.svg", p.name)),
            "README does not show docs/img/{}.svg",
            p.name
        );
    }
}

/// The pictures are drawn from the same frames the UI tests see: the list picture holds the
/// demo trail's events and its colours.
#[test]
fn a_picture_is_the_real_screen() {
    let p = &trailscope::testkit::PICTURES[0];
    let svg = trailscope::testkit::render_picture(p);
    assert!(svg.starts_with("<svg "));
    assert!(
        svg.contains("benjamin") && svg.contains("GetRegionOptStatus") || svg.contains("events")
    );
    // More than the two default colours: the theme's colours are in it.
    let colours: std::collections::BTreeSet<&str> = svg
        .match_indices("fill=\"#")
        .map(|(i, _)| &svg[i + 6..i + 13])
        .collect();
    assert!(colours.len() > 4, "{colours:?}");
}
