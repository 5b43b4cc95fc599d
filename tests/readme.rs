//! The README's shape: Markdown that renders as meant, and set-up facts a new user needs.

const README: &str = include_str!("../README.md");

/// A table ends at a blank line (or an HTML comment, a block of its own): a line of text right
/// after a table is read as one more row (the performance table once swallowed the paragraph
/// after it).
#[test]
fn every_table_ends_with_a_blank_line() {
    let lines: Vec<&str> = README.lines().collect();
    let mut in_code = false;
    for (i, pair) in lines.windows(2).enumerate() {
        if pair[0].starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        let (row, next) = (pair[0].trim(), pair[1].trim());
        if row.starts_with('|') {
            assert!(
                row.ends_with('|'),
                "README.md:{}: a table row with text after its last cell: {row}",
                i + 1
            );
            assert!(
                // An HTML comment (the generated field list's end marker) is a block of its
                // own, which ends the table as a blank line does.
                next.is_empty() || next.starts_with('|') || next.starts_with("<!--"),
                "README.md:{}: no blank line after the table: {next}",
                i + 2
            );
        }
    }
}

/// The quick start says what the first build costs, next to its two commands.
#[test]
fn quick_start_says_the_first_build_is_long() {
    let start = README.find("## Quick start").unwrap();
    let end = start + README[start..].find("Then on your own data").unwrap();
    let quick = &README[start..end];
    assert!(quick.contains("cargo test "), "{quick}");
    assert!(quick.contains("about 10 minutes"), "{quick}");
    assert!(quick.contains("2-core"), "{quick}");
}

/// The explorer section's key table and the keymap (`src/keys.rs`) agree: every key the table
/// names is bound while browsing, and every browsing binding is in the table.
#[test]
fn explorer_key_table_matches_the_keymap() {
    use trailscope::app::Scope;
    use trailscope::keys::{lookup, parse_key, KEYMAP};
    let start = README.find("## The explorer").unwrap();
    let section = &README[start..];
    let section = &section[..section[3..].find("\n## ").unwrap() + 3];
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with("| `")).collect();
    assert!(rows.len() > 10, "{section}");
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let mut named = Vec::new();
    for row in &rows {
        let first = row.split(" | ").next().unwrap().trim_start_matches("| ");
        for k in ticked(first) {
            let key = parse_key(&k).unwrap_or_else(|| panic!("`{k}` is not a key: {row}"));
            assert!(
                lookup(Scope::Normal, key).is_some(),
                "`{k}` is not bound while browsing: {row}"
            );
            named.push(k);
        }
    }
    for b in KEYMAP.iter().filter(|b| b.scope == Scope::Normal) {
        assert!(
            b.keys.iter().any(|k| named.iter().any(|n| n == k)),
            "{:?} ({}) is not in the README's key table",
            b.keys,
            b.desc
        );
    }
}
