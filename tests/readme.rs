//! The README's shape: Markdown that renders as meant, and set-up facts a new user needs.

const README: &str = include_str!("../README.md");

/// A table ends at a blank line: a line of text right after a table is read as one more row
/// (the performance table once swallowed the paragraph after it).
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
