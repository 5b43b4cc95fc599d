//! `trailscope top`: the distinct values of a field (or of a field under another) over the
//! events matching a filter, with their counts — the headless face of `query::group`.
//!
//! Loading, errors, exit codes and the stdout writer are `commands`'; data text in the table
//! is escaped (`crate::escape`), and JSON is escaped for a terminal like `query`'s.

use crate::commands::{load_reporting, say, CommandError, Status};
use crate::escape::{pad, sanitize, sanitized_width};
use crate::loader::{reread::StoreSource, Input, LoadOptions};
use crate::output::{terminal::write_json_text, OutputError, Target};
use crate::query::{self, Filter, Group, GroupField, Sort};
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// `top --format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TopFormat {
    /// Aligned columns: the count, then the value (inner values indented under their outer one).
    #[default]
    Table,
    /// An array of objects: the field names as keys (a missing value is null) and `count`.
    Json,
    /// RFC 4180 CSV: the field names and `count` (nested: `total` and `distinct` too) as the
    /// heading, one line per value (per pair when nested); a missing value is empty.
    Csv,
}

/// What `top` was asked.
pub struct TopArgs<'a> {
    /// `--by`: one field, or `outer,inner`.
    pub by: &'a str,
    /// `-f`: the filter.
    pub filter: &'a str,
    /// The order.
    pub sort: Sort,
    /// `--limit`: values kept at each level.
    pub limit: Option<usize>,
    /// `--format`.
    pub format: TopFormat,
}

/// Keys the JSON objects use besides the field names.
const RESERVED: &[&str] = &["count", "total", "distinct"];

/// `trailscope top`.
pub fn top(
    inputs: Vec<Input>,
    a: &TopArgs<'_>,
    opts: &LoadOptions,
) -> Result<Status, CommandError> {
    // Bad arguments are errors before any (long) load.
    let filter = Filter::parse(a.filter).map_err(|error| CommandError::BadFilter {
        text: a.filter.to_string(),
        error,
    })?;
    let fields =
        query::parse_fields(a.by).map_err(|e| CommandError::Usage(format!("--by: {e}")))?;
    if let [o, i] = &fields[..] {
        if o.name().eq_ignore_ascii_case(i.name()) {
            return Err(CommandError::Usage(format!(
                "--by: '{}' twice (give two different fields)",
                o.name()
            )));
        }
    }
    if let Some(f) = fields
        .iter()
        .find(|f| RESERVED.iter().any(|r| r.eq_ignore_ascii_case(f.name())))
    {
        return Err(CommandError::Usage(format!(
            "--by: a field named '{}' would clash with the output's own '{}' key",
            f.name(),
            f.name().to_ascii_lowercase()
        )));
    }
    for note in filter.notes() {
        say(&format!("note: {note}"));
    }
    let l = load_reporting(inputs, opts);
    if l.report.files_read == 0 && l.store.is_empty() {
        return Err(CommandError::NothingReadable);
    }
    let st = &l.store;
    let src = StoreSource(st);
    let no = AtomicBool::new(false);
    let outcome = query::run_detailed(st, &filter, &src, &no)?;
    for (s, reason) in &outcome.unreadable {
        say(&format!("{}: {reason}", st.sources[*s as usize].name()));
    }
    let mut g = with_progress(query::records_to_read(&outcome.rows, &fields), |done| {
        query::group_with_progress(st, &outcome.rows, &fields, a.sort, &src, &no, done)
    })?;
    for (s, reason) in &g.unreadable {
        if !outcome.unreadable.iter().any(|(t, _)| t == s) {
            say(&format!("{}: {reason}", st.sources[*s as usize].name()));
        }
    }
    if let Some(n) = a.limit {
        g.groups.truncate(n);
        for o in &mut g.groups {
            o.inner.truncate(n);
        }
    }

    let stdout = io::stdout();
    let mut w = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let err = |e| OutputError::write(&Target::Stdout, e);
    match a.format {
        TopFormat::Table => write_table(&fields, &g.groups, &mut w).map_err(err)?,
        TopFormat::Csv => {
            let text = to_csv(&fields, &g.groups, stdout.is_terminal());
            w.write_all(&text).map_err(err)?;
        }
        TopFormat::Json => {
            let text = to_json(&fields, &g.groups);
            write_json_text(&mut w, text.as_bytes(), stdout.is_terminal()).map_err(err)?;
        }
    }
    w.flush().map_err(err)?;
    Ok(
        if crate::commands::incomplete(&l.report)
            || !outcome.unreadable.is_empty()
            || !g.unreadable.is_empty()
        {
            Status::Incomplete
        } else if g.groups.is_empty() {
            Status::NoMatch
        } else {
            Status::Ok
        },
    )
}

/// Runs `work`, and while it runs, when standard error is a terminal and there are records to
/// read, shows `records read / total` there (on one line, erased at the end): grouping by a
/// JSON path reads every record, which takes seconds on millions of events.
pub fn with_progress<T>(total: usize, work: impl FnOnce(&AtomicUsize) -> T) -> T {
    let done = AtomicUsize::new(0);
    if total == 0 || !io::stderr().is_terminal() {
        return work(&done);
    }
    let finished = AtomicBool::new(false);
    std::thread::scope(|sc| {
        let shower = sc.spawn(|| {
            let mut shown = false;
            // A first line only after a moment: a quick run shows nothing.
            let mut wait = Duration::from_millis(300);
            while !finished.load(Ordering::Relaxed) {
                std::thread::park_timeout(wait);
                if finished.load(Ordering::Relaxed) {
                    break;
                }
                let d = done.load(Ordering::Relaxed).min(total);
                let mut e = io::stderr().lock();
                let _ = write!(
                    e,
                    "\r\x1b[2Kreading records: {} / {} ({}%)",
                    crate::format::thousands(d as u64),
                    crate::format::thousands(total as u64),
                    d * 100 / total
                );
                let _ = e.flush();
                shown = true;
                wait = Duration::from_millis(100);
            }
            if shown {
                let mut e = io::stderr().lock();
                let _ = write!(e, "\r\x1b[2K");
                let _ = e.flush();
            }
        });
        let out = work(&done);
        finished.store(true, Ordering::Relaxed);
        shower.thread().unpark();
        out
    })
}

/// The JSON array: one object per (outer) group, or per (outer, inner) pair when nested; a
/// nested object also carries the outer value's event count (`total`) and its number of
/// distinct inner values (`distinct`). Ends with a newline.
pub fn to_json(fields: &[GroupField], groups: &[Group]) -> String {
    // Written by hand to keep the keys in order: the field names, then the numbers.
    let text = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let v = |g: &Group| g.value.as_deref().map_or_else(|| "null".to_string(), text);
    let mut items = Vec::new();
    for g in groups {
        if let [o, i] = fields {
            for n in &g.inner {
                items.push(format!(
                    "{{{}:{},{}:{},\"count\":{},\"total\":{},\"distinct\":{}}}",
                    text(o.name()),
                    v(g),
                    text(i.name()),
                    v(n),
                    n.count,
                    g.count,
                    g.distinct
                ));
            }
        } else {
            items.push(format!(
                "{{{}:{},\"count\":{}}}",
                text(fields[0].name()),
                v(g),
                g.count
            ));
        }
    }
    if items.is_empty() {
        return "[]\n".into();
    }
    format!("[\n  {}\n]\n", items.join(",\n  "))
}

/// The CSV of [`TopFormat::Csv`]; `escape`: cells escaped for a terminal.
pub fn to_csv(fields: &[GroupField], groups: &[Group], escape: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let text = |s: &str| {
        if escape {
            sanitize(s).into_owned()
        } else {
            s.to_string()
        }
    };
    let v = |g: &Group| g.value.as_deref().map(text).unwrap_or_default();
    // Writing into a Vec cannot fail.
    let mut head: Vec<String> = fields.iter().map(|f| text(f.name())).collect();
    head.push("count".into());
    if let [_, _] = fields {
        head.extend(["total".into(), "distinct".into()]);
    }
    let _ = w.write_record(&head);
    for g in groups {
        if let [_, _] = fields {
            for n in &g.inner {
                let _ = w.write_record([
                    v(g),
                    v(n),
                    n.count.to_string(),
                    g.count.to_string(),
                    g.distinct.to_string(),
                ]);
            }
        } else {
            let _ = w.write_record([v(g), g.count.to_string()]);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// A value as a table cell: escaped, `(missing)` for none.
fn cell(v: &Option<String>) -> String {
    match v {
        Some(s) => sanitize(s).into_owned(),
        None => "(missing)".into(),
    }
}

/// The table: `COUNT  FIELD` rows; nested, each outer row also says how many distinct inner
/// values it has, and its inner rows follow, indented.
pub fn write_table(fields: &[GroupField], groups: &[Group], out: &mut dyn Write) -> io::Result<()> {
    let width = groups
        .iter()
        .flat_map(|g| std::iter::once(g.count).chain(g.inner.iter().map(|n| n.count)))
        .map(|c| crate::format::thousands(c as u64).len())
        .max()
        .unwrap_or(0)
        .max("COUNT".len());
    let count = |c: u32| format!("{:>width$}", crate::format::thousands(c as u64));
    match fields {
        [o, i] => {
            let head = format!("{:>width$}  {} / {}", "COUNT", o.name(), i.name());
            writeln!(out, "{}", sanitize(&head))?;
            let vw = groups
                .iter()
                .map(|g| sanitized_width(g.value.as_deref().unwrap_or("(missing)")))
                .max()
                .unwrap_or(0)
                .min(60);
            for g in groups {
                let line = format!(
                    "{}  {}  ({} distinct)",
                    count(g.count),
                    pad(&cell(&g.value), vw),
                    crate::format::thousands(g.distinct as u64)
                );
                writeln!(out, "{line}")?;
                for n in &g.inner {
                    writeln!(out, "{}    {}", count(n.count), cell(&n.value))?;
                }
            }
        }
        _ => {
            writeln!(out, "{:>width$}  {}", "COUNT", sanitize(fields[0].name()))?;
            for g in groups {
                writeln!(out, "{}  {}", count(g.count), cell(&g.value))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(value: Option<&str>, count: u32, inner: Vec<Group>) -> Group {
        Group {
            value: value.map(str::to_string),
            count,
            distinct: inner.iter().filter(|n| n.value.is_some()).count() as u32,
            inner,
        }
    }

    fn table(by: &str, groups: &[Group]) -> String {
        let mut out = Vec::new();
        write_table(&query::parse_fields(by).unwrap(), groups, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The COUNT heading sits over the counts (right-aligned like them) however wide they are,
    /// and numbers of distinct values have separators like the counts.
    #[test]
    fn the_heading_is_aligned_with_the_counts() {
        let t = table(
            "who",
            &[g(Some("alice"), 1_234_567, vec![]), g(None, 12, vec![])],
        );
        assert_eq!(
            t,
            "    COUNT  who\n1,234,567  alice\n       12  (missing)\n"
        );
        let inner: Vec<Group> = (0..1500)
            .map(|i| g(Some(&format!("10.0.{}.{}", i / 250, i % 250)), 10, vec![]))
            .collect();
        let t = table("key,ip", &[g(Some("AKIA1"), 15_000, inner)]);
        let mut lines = t.lines();
        assert_eq!(lines.next(), Some(" COUNT  key / ip"));
        assert_eq!(lines.next(), Some("15,000  AKIA1  (1,500 distinct)"));
        assert_eq!(lines.next(), Some("    10    10.0.0.0"));
    }
}
