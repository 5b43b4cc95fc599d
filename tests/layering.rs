//! Keeps the layering true: nothing left of `app` knows ratatui or crossterm.

use std::path::Path;

/// A file's code without its comments (docs may name the terminal crates; code may not).
fn code(f: &Path) -> String {
    std::fs::read_to_string(f)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The terminal layer: everything else in `src/` must not know ratatui or crossterm.
const TERMINAL: &[&str] = &[
    "ui", "tui", "tui.rs", "keys.rs", "testkit", "main.rs", "lib.rs",
];

#[test]
fn core_layers_know_no_terminal() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if TERMINAL.contains(&name.as_str()) {
            continue;
        }
        if p.is_dir() {
            rust_files(&p, &mut files);
        } else if name.ends_with(".rs") {
            files.push(p);
        }
    }
    for layer in ["model", "loader", "query", "app"] {
        assert!(
            files.iter().any(|f| f.starts_with(src.join(layer))),
            "layering test found no files of {layer}"
        );
    }
    for f in files {
        let text = code(&f);
        for word in ["ratatui", "crossterm"] {
            assert!(
                !text.contains(word),
                "{} mentions {word}: the core must not know the terminal",
                f.display()
            );
        }
    }
}

/// Each core layer imports only the layers before it.
#[test]
fn layers_import_only_leftwards() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules: &[(&str, &[&str])] = &[
        (
            "loader",
            &["crate::query", "crate::app", "crate::ui", "crate::commands"],
        ),
        (
            "query",
            &[
                "crate::loader",
                "crate::app",
                "crate::ui",
                "crate::commands",
            ],
        ),
        ("app", &["crate::ui", "crate::tui", "crate::commands"]),
        // Detections compile rules to the filter engine: model and query only.
        (
            "detect",
            &[
                "crate::loader",
                "crate::app",
                "crate::ui",
                "crate::tui",
                "crate::commands",
                "crate::detect_cmd",
            ],
        ),
    ];
    for (layer, banned) in rules {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        for f in files {
            let text = code(&f);
            for word in *banned {
                assert!(!text.contains(word), "{} uses {word}", f.display());
            }
        }
    }
}

#[test]
fn model_does_no_io() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for word in [
            "std::fs",
            "std::io",
            "std::net",
            "crate::loader",
            "crate::query",
        ] {
            assert!(!text.contains(word), "{} uses {word}", f.display());
        }
    }
}

/// The test kit renders with ratatui only in its explorer driver and the README pictures drawn
/// from it: the part that builds stores stays terminal-free, so core-layer tests can use it.
#[test]
fn testkit_stores_know_no_terminal() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/testkit");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() > 1, "layering test found no testkit files");
    for f in files {
        if f.file_name()
            .is_some_and(|n| n == "screen.rs" || n == "pictures.rs")
        {
            continue;
        }
        let text = code(&f);
        for word in [
            "ratatui",
            "crossterm",
            "crate::ui",
            "crate::keys",
            "crate::tui",
        ] {
            assert!(!text.contains(word), "{} uses {word}", f.display());
        }
    }
}
