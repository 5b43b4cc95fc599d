//! Headless tables and CSV: the columns of `query --format table|csv` (`--fields`: `time`,
//! any registered field, any JSON path), colour (`--color`, `NO_COLOR`) and the zone of printed
//! times (`--utc`/`--local`).
//!
//! [`Prefs`] holds the defaults a user may want to change once (colour, zone, columns): the
//! command line fills them ([`crate::cli::Display::over`]) over what a config file will give
//! (it deserialises into the same struct, so the later config file is one more layer, not a
//! second set of options).
//!
//! The table escapes every cell (attacker text never drives the terminal); CSV is exact to a
//! pipe or a file, and escaped the same way on a terminal.

use crate::escape::{cut_end, sanitize, sanitized_width};
use crate::loader::reread::StoreSource;
use crate::model::time::{format_in, Tz};
use crate::model::{EventStore, SymField};
use crate::query::{self, GroupField, QueryError, RowValues};
use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::atomic::AtomicBool;

/// `--color`: when tables get colour.
#[derive(clap::ValueEnum, serde::Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set and not empty.
    #[default]
    Auto,
    /// Always (even into a pipe, and whatever `NO_COLOR` says: it was asked for).
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour output going to a terminal (`terminal`) or not.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The zone times are printed in (`serde`: `"utc"` or `"local"`).
#[derive(serde::Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    /// UTC, `2023-07-10T12:40:00Z`.
    #[default]
    Utc,
    /// The local zone (`TZ`), with its offset: `2023-07-10T14:40:00+02:00`.
    Local,
}

impl Zone {
    /// As the model's zone.
    pub fn tz(self) -> Tz {
        match self {
            Zone::Utc => Tz::Utc,
            Zone::Local => Tz::Local,
        }
    }
}

/// Output preferences: the built-in defaults, later a config file's `[output]` table, then the
/// command line over both.
#[derive(serde::Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Prefs {
    /// When tables get colour.
    pub color: ColorWhen,
    /// The zone of printed times.
    pub time_zone: Zone,
    /// The columns of `query --format table|csv` (`--fields`), when not the default ones.
    pub fields: Option<String>,
    /// The order of `query`'s output (`--sort [-]FIELD`), when not time order.
    pub sort: Option<String>,
}

/// A printed time in `zone`: RFC 3339, `Z` for UTC, the offset otherwise; `-` when undated.
pub fn print_time(ms: i64, zone: Zone) -> String {
    match zone {
        Zone::Utc => format_in(ms, Tz::Utc, "%Y-%m-%dT%H:%M:%SZ"),
        Zone::Local => format_in(ms, Tz::Local, "%Y-%m-%dT%H:%M:%S%:z"),
    }
}

/// What a column shows.
#[derive(Clone, Debug)]
enum What {
    /// `eventTime`, printed in the zone asked.
    Time,
    /// A field (registered or a JSON path).
    Field(GroupField),
}

/// One column of the table or CSV.
#[derive(Clone, Debug)]
pub struct Column {
    /// The table's heading.
    heading: String,
    /// The CSV's heading: the field's name.
    name: String,
    what: What,
    /// Widest the table lets it be.
    cap: usize,
    /// Table cells drop `.amazonaws.com` (the `source` column of the default table).
    short_source: bool,
}

/// The columns of the default table (and CSV): time, who, event, source, region, source IP,
/// error (the CSV adds the event ID).
pub fn default_columns(csv: bool) -> Vec<Column> {
    let mut text = String::from("time,who,name,source,region,ip,error");
    if csv {
        text.push_str(",id");
    }
    let mut cols = parse_columns(&text).expect("the default columns parse");
    // The default table's headings and widths, as they always were.
    for (c, (h, cap)) in cols.iter_mut().zip([
        ("TIME", 25),
        ("WHO", 32),
        ("EVENT", 32),
        ("SOURCE", 20),
        ("REGION", 14),
        ("SOURCE IP", 18),
        ("ERROR", 24),
        ("EVENT ID", 36),
    ]) {
        c.heading = h.into();
        c.cap = cap;
    }
    cols[3].short_source = true;
    cols
}

/// Reads `--fields a,b,c`: `time`, registered field names and aliases, and JSON paths.
pub fn parse_columns(text: &str) -> Result<Vec<Column>, String> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if part.is_empty() {
            return Err("empty field name".into());
        }
        let (name, what) = if ["time", "eventtime"].contains(&part.to_ascii_lowercase().as_str()) {
            ("time".to_string(), What::Time)
        } else {
            let f = GroupField::parse(part).map_err(|e| format!("{part}: {e}"))?;
            (f.name().to_string(), What::Field(f))
        };
        out.push(Column {
            heading: name.to_ascii_uppercase(),
            cap: if matches!(what, What::Time) { 25 } else { 48 },
            name,
            what,
            short_source: false,
        });
    }
    Ok(out)
}

/// How a table or CSV is printed.
#[derive(Clone, Debug)]
pub struct Style {
    /// The columns.
    pub columns: Vec<Column>,
    /// The zone of times.
    pub zone: Zone,
    /// Colour escapes (table only).
    pub color: bool,
    /// Escape cell text (CSV to a terminal; the table always does).
    pub escape: bool,
}

impl Style {
    /// The default table: UTC, no colour.
    pub fn plain_table() -> Style {
        Style {
            columns: default_columns(false),
            zone: Zone::Utc,
            color: false,
            escape: true,
        }
    }
}

/// A column's values, read once for the rows printed.
enum Cells<'s> {
    Time,
    Sym(SymField),
    Values(RowValues<'s>),
}

/// The cells of `cols` over `rows`; sources that could not be read are reported in `bad`.
fn read_cells<'s>(
    store: &'s EventStore,
    rows: &[u32],
    cols: &[Column],
    bad: &mut Vec<(u32, String)>,
) -> Result<Vec<Cells<'s>>, QueryError> {
    let src = StoreSource(store);
    let no = AtomicBool::new(false);
    cols.iter()
        .map(|c| {
            Ok(match &c.what {
                What::Time => Cells::Time,
                What::Field(f) => match sym_of(f) {
                    Some(s) => Cells::Sym(s),
                    None => {
                        let (v, u) = query::row_values(store, rows, f, &src, &no)?;
                        for e in u {
                            if !bad.iter().any(|(s, _)| *s == e.0) {
                                bad.push(e);
                            }
                        }
                        Cells::Values(v)
                    }
                },
            })
        })
        .collect()
}

/// The interned column a registered field reads, when it is one (read without copying).
fn sym_of(f: &GroupField) -> Option<SymField> {
    if f.needs_raw() {
        return None;
    }
    crate::query::fields::lookup(f.name()).and_then(|r| r.column())
}

/// The text of one cell: several values are joined with `|`; none is `None`.
fn cell<'a>(
    store: &'a EventStore,
    cells: &'a Cells<'_>,
    i: usize,
    row: u32,
    zone: Zone,
) -> Option<Cow<'a, str>> {
    match cells {
        Cells::Time => {
            let t = store.time.get(row as usize);
            (t != crate::model::UNDATED).then(|| Cow::Owned(print_time(t, zone)))
        }
        Cells::Sym(s) => {
            let v = store.str(*s, row as usize);
            (!v.is_empty()).then_some(Cow::Borrowed(v))
        }
        Cells::Values(v) => {
            if v.unreadable(i) {
                return Some(Cow::Borrowed("(unreadable)"));
            }
            let mut it = v.get(i);
            let first = it.next()?;
            match it.next() {
                None => Some(first),
                Some(second) => {
                    let mut s = format!("{first}|{second}");
                    for v in it {
                        s.push('|');
                        s.push_str(&v);
                    }
                    Some(Cow::Owned(s))
                }
            }
        }
    }
}

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Writes the aligned table of `rows`; returns the sources that could not be read (their
/// cells say `(unreadable)`).
pub fn write_table(
    store: &EventStore,
    rows: &[u32],
    style: &Style,
    out: &mut dyn Write,
) -> Result<Vec<(u32, String)>, TableError> {
    let mut bad = Vec::new();
    let cells = read_cells(store, rows, &style.columns, &mut bad)?;
    let text = |c: &Column, cs: &Cells<'_>, i: usize, r: u32| -> String {
        let v = cell(store, cs, i, r, style.zone);
        let v = v.as_deref().unwrap_or("-");
        let v = if c.short_source {
            v.strip_suffix(".amazonaws.com").unwrap_or(v)
        } else {
            v
        };
        sanitize(v).into_owned()
    };
    // Width per column: the widest value (capped), measured on the rows printed.
    let widths: Vec<usize> = style
        .columns
        .iter()
        .zip(&cells)
        .map(|(c, cs)| {
            rows.iter()
                .enumerate()
                .map(|(i, &r)| sanitized_width(&text(c, cs, i, r)))
                .max()
                .unwrap_or(0)
                .max(c.heading.len())
                .min(c.cap)
        })
        .collect();
    let paint = |on: &str, s: &str, w: usize, last: bool| -> String {
        let s = cut_end(s, w);
        let fill = if last {
            String::new()
        } else {
            " ".repeat(w.saturating_sub(crate::escape::width(&s)))
        };
        if style.color && !on.is_empty() && !s.is_empty() && s != "-" {
            format!("{on}{s}{RESET}{fill}")
        } else {
            format!("{s}{fill}")
        }
    };
    let n = style.columns.len();
    let mut line = String::new();
    for (k, (c, w)) in style.columns.iter().zip(&widths).enumerate() {
        if k > 0 {
            line.push_str("  ");
        }
        line.push_str(&paint(BOLD, &sanitize(&c.heading), *w, k + 1 == n));
    }
    writeln!(out, "{}", line.trim_end()).map_err(TableError::Io)?;
    for (i, &r) in rows.iter().enumerate() {
        line.clear();
        for (k, ((c, cs), w)) in style.columns.iter().zip(&cells).zip(&widths).enumerate() {
            if k > 0 {
                line.push_str("  ");
            }
            let on = match &c.what {
                What::Time => DIM,
                What::Field(f) if f.name() == "error" => RED,
                _ => "",
            };
            line.push_str(&paint(on, &text(c, cs, i, r), *w, k + 1 == n));
        }
        writeln!(out, "{}", line.trim_end()).map_err(TableError::Io)?;
    }
    Ok(bad)
}

/// Writes `rows` as RFC 4180 CSV (a heading line of field names, CRLF line ends, quotes where
/// needed); a missing value is an empty field. Returns the sources that could not be read.
pub fn write_csv(
    store: &EventStore,
    rows: &[u32],
    style: &Style,
    out: &mut dyn Write,
) -> Result<Vec<(u32, String)>, TableError> {
    let mut bad = Vec::new();
    let cells = read_cells(store, rows, &style.columns, &mut bad)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let fix = |s: Cow<'_, str>| -> String {
        if style.escape {
            sanitize(&s).into_owned()
        } else {
            s.into_owned()
        }
    };
    w.write_record(style.columns.iter().map(|c| fix(Cow::Borrowed(&c.name))))
        .map_err(TableError::Csv)?;
    let mut record = Vec::with_capacity(style.columns.len());
    for (i, &r) in rows.iter().enumerate() {
        record.clear();
        for cs in &cells {
            record.push(
                cell(store, cs, i, r, style.zone)
                    .map(fix)
                    .unwrap_or_default(),
            );
        }
        w.write_record(&record).map_err(TableError::Csv)?;
    }
    w.flush().map_err(TableError::Io)?;
    Ok(bad)
}

/// Why a table or CSV could not be written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// Reading the values failed (cancelled).
    #[error(transparent)]
    Query(#[from] QueryError),
    /// Writing failed.
    #[error("{0}")]
    Io(io::Error),
    /// The CSV writer failed (its errors are I/O errors).
    #[error("{0}")]
    Csv(csv::Error),
}

impl TableError {
    /// As an I/O error for the output's error (None for a query error).
    pub fn into_io(self) -> Result<io::Error, QueryError> {
        match self {
            TableError::Query(q) => Err(q),
            TableError::Io(e) => Ok(e),
            TableError::Csv(e) => Ok(match e.into_kind() {
                csv::ErrorKind::Io(e) => e,
                k => io::Error::other(format!("{k:?}")),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_parse_names_aliases_paths_and_time() {
        let c = parse_columns("time, eventname,ip,requestParameters.roleArn").unwrap();
        let names: Vec<&str> = c.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["time", "name", "ip", "requestParameters.roleArn"]);
        assert!(parse_columns("who,").is_err());
        assert!(parse_columns("after")
            .unwrap_err()
            .contains("time condition"));
        assert_eq!(default_columns(true).len(), 8);
    }

    #[test]
    fn colour_auto_follows_the_terminal() {
        assert!(ColorWhen::Always.enabled(false));
        assert!(!ColorWhen::Never.enabled(true));
        assert!(!ColorWhen::Auto.enabled(false));
    }

    #[test]
    fn prefs_deserialise_for_a_config_file() {
        let p: Prefs =
            serde_json::from_str(r#"{"color":"never","time_zone":"local","fields":"time,who"}"#)
                .unwrap();
        assert_eq!(p.color, ColorWhen::Never);
        assert_eq!(p.time_zone, Zone::Local);
        assert!(serde_json::from_str::<Prefs>(r#"{"colour":"never"}"#).is_err());
        assert_eq!(
            serde_json::from_str::<Prefs>("{}").unwrap(),
            Prefs::default()
        );
    }
}
