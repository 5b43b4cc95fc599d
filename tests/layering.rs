//! Keeps the layering true: nothing left of `app` knows ratatui or crossterm.

use std::path::Path;

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

#[test]
fn core_layers_know_no_terminal() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for layer in ["model", "loader", "query", "app"] {
        let dir = src.join(layer);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        }
    }
    for f in ["export.rs", "text.rs", "commands.rs", "cli.rs", "demo.rs"] {
        files.push(src.join(f));
    }
    assert!(
        files.len() > 10,
        "layering test found too few files: {files:?}"
    );
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for word in ["ratatui", "crossterm"] {
            assert!(
                !text.contains(word),
                "{} mentions {word}: the core must not know the terminal",
                f.display()
            );
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
