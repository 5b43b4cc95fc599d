//! The core layers must not know the terminal: no `ratatui` or `crossterm` in src/model,
//! src/query, src/loader or src/app (see docs/ARCHITECTURE.md "Data flows one way").

use std::path::Path;

fn scan(dir: &Path, hits: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            scan(&p, hits);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, line) in text.lines().enumerate() {
                if line.contains("ratatui") || line.contains("crossterm") {
                    hits.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                }
            }
        }
    }
}

#[test]
fn core_layers_do_not_know_the_terminal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut hits = Vec::new();
    for layer in ["model", "query", "loader", "app"] {
        scan(&root.join(layer), &mut hits);
    }
    // Single-file modules of the core, if a layer is (or becomes) one file.
    for f in ["model.rs", "query.rs", "loader.rs", "app.rs", "export.rs"] {
        let p = root.join(f);
        if p.exists() {
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, line) in text.lines().enumerate() {
                if line.contains("ratatui") || line.contains("crossterm") {
                    hits.push(format!("{}:{}: {}", p.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(hits.is_empty(), "terminal libraries in core layers:\n{}", hits.join("\n"));
}
