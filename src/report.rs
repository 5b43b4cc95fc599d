//! The incident timeline: the chosen events (the marked ones) with the notes and tags written
//! on them, as a Markdown table ready to paste into a ticket, or as CSV. A report, not an
//! export: the records' bytes stay in the byte-faithful export (`crate::export`).
//!
//! Every cell is record or user text: control characters are shown escaped
//! ([`crate::escape::sanitize`]), and in Markdown the characters that would make a table cell,
//! a link, emphasis or HTML of it are backslash-escaped.

use crate::case::Annotation;
use crate::escape::sanitize;
use crate::model::{EventStore, SymField};
use crate::table::{print_time, Zone};
use std::io::{self, Write};
use std::path::Path;

/// The two shapes of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineFormat {
    /// A Markdown table (`.md`, `.markdown`).
    Markdown,
    /// RFC 4180 CSV (`.csv`).
    Csv,
}

impl TimelineFormat {
    /// The timeline format a file name asks for, if any.
    pub fn from_path(p: &Path) -> Option<TimelineFormat> {
        let n = p.to_string_lossy().to_ascii_lowercase();
        if n.ends_with(".md") || n.ends_with(".markdown") {
            Some(TimelineFormat::Markdown)
        } else if n.ends_with(".csv") {
            Some(TimelineFormat::Csv)
        } else {
            None
        }
    }
}

/// The note and tags of a row, if any.
pub type Notes<'a> = &'a dyn Fn(u32) -> Option<&'a Annotation>;

/// Markdown text of one cell: one line, control characters escaped, Markdown's own characters
/// backslash-escaped; empty is `—`.
fn md(s: &str) -> String {
    let s = sanitize(s);
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' | '!' | '&' => {
                o.push('\\');
                o.push(c);
            }
            c => o.push(c),
        }
    }
    if o.is_empty() {
        "—".into()
    } else {
        o
    }
}

/// Writes the timeline of `rows` (in that order) in `format`, times in `zone`.
pub fn write_timeline(
    store: &EventStore,
    rows: &[u32],
    notes: Notes<'_>,
    format: TimelineFormat,
    zone: Zone,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = |f: SymField, r: u32| store.str(f, r as usize);
    match format {
        TimelineFormat::Markdown => {
            let zone_name = match zone {
                Zone::Utc => "UTC",
                Zone::Local => "local",
            };
            writeln!(out, "## Incident timeline\n")?;
            let dated: Vec<i64> = rows
                .iter()
                .map(|&r| store.time.get(r as usize))
                .filter(|&t| t != crate::model::UNDATED)
                .collect();
            let span = match (dated.iter().min(), dated.iter().max()) {
                (Some(&a), Some(&b)) => {
                    format!(", {} to {}", print_time(a, zone), print_time(b, zone))
                }
                _ => String::new(),
            };
            writeln!(
                out,
                "{} event{}{span} (times {zone_name}).\n",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            )?;
            writeln!(
                out,
                "| Time ({zone_name}) | Who | Event | Source IP | Error | Note | Tags |"
            )?;
            writeln!(out, "|---|---|---|---|---|---|---|")?;
            for &r in rows {
                let a = notes(r);
                let event = format!(
                    "{} ({})",
                    s(SymField::Name, r),
                    s(SymField::Source, r)
                        .strip_suffix(".amazonaws.com")
                        .unwrap_or(s(SymField::Source, r))
                );
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    md(&print_time(store.time.get(r as usize), zone)),
                    md(s(SymField::Who, r)),
                    md(&event),
                    md(s(SymField::Ip, r)),
                    md(s(SymField::Error, r)),
                    md(a.map_or("", |a| a.note.as_str())),
                    md(&a.map_or(String::new(), |a| a.tags.join(", "))),
                )?;
            }
            Ok(())
        }
        TimelineFormat::Csv => {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(out);
            let io = |e: csv::Error| match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                k => io::Error::other(format!("{k:?}")),
            };
            w.write_record([
                "time",
                "who",
                "event",
                "source",
                "region",
                "source_ip",
                "error",
                "note",
                "tags",
                "event_id",
            ])
            .map_err(io)?;
            let mut id = String::new();
            for &r in rows {
                let a = notes(r);
                id.clear();
                if !store.event_id.is_none(r as usize) {
                    store.event_id.write(r as usize, &mut id);
                }
                let t = store.time.get(r as usize);
                let time = if t == crate::model::UNDATED {
                    String::new()
                } else {
                    print_time(t, zone)
                };
                let tags = a.map_or(String::new(), |a| a.tags.join(","));
                w.write_record([
                    time.as_str(),
                    s(SymField::Who, r),
                    s(SymField::Name, r),
                    s(SymField::Source, r),
                    s(SymField::Region, r),
                    s(SymField::Ip, r),
                    s(SymField::Error, r),
                    a.map_or("", |a| a.note.as_str()),
                    &tags,
                    &id,
                ])
                .map_err(io)?;
            }
            w.flush()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("<img src=x>"), "\\<img src=x\\>");
        assert_eq!(md("[x](http://e)"), "\\[x\\](http://e)");
        // Shown as the two characters \n (the backslash itself escaped for Markdown).
        assert_eq!(md("line\nbreak"), "line\\\\nbreak");
        assert_eq!(md(""), "—");
        assert_eq!(
            TimelineFormat::from_path(Path::new("t.MD")),
            Some(TimelineFormat::Markdown)
        );
        assert_eq!(
            TimelineFormat::from_path(Path::new("t.csv")),
            Some(TimelineFormat::Csv)
        );
        assert_eq!(TimelineFormat::from_path(Path::new("t.json")), None);
    }
}
