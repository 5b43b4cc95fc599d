//! The event list's columns (the `app` layer): which, in what order, with what title and width
//! hint. The built-in set (time, who, event, source, region, source IP, error) is laid out by
//! the list's own rules; a config file's `[list] columns` replaces it with any registry field
//! (`who`, `key`, `resource`, …) or JSON path (`requestParameters.roleArn`), and `a|b|c` shows
//! the first of them present (`requestParameters.roleArn|userName|bucketName`: the target).
//!
//! Registered fields are read from the store's columns when the rows are drawn. JSON paths are
//! read from the record bytes of the rows on screen only: [`settle`] asks for the visible rows
//! whose cells are not known yet ([`Cmd::FetchCells`], one request at a time), the answer fills a
//! small cache keyed by event index ([`Msg::CellsLoaded`]), and the list shows `…` until then.

use super::{App, Cmd};
use crate::model::{EventStore, RecordSource};
use crate::query::{self, GroupField};
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// What a column shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The event time, in the zone shown.
    Time,
    /// The first present of these fields (registered names or JSON paths), in order.
    Field(Vec<GroupField>),
}

/// One column of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// What the user wrote (`time`, `who`, `requestParameters.roleArn|userName`).
    pub spec: String,
    /// The header (`TIME` gets the zone after it).
    pub title: String,
    /// What it shows.
    pub source: Source,
    /// The most cells it takes (its values are cut in the middle past it); `None`: as wide as
    /// its widest visible value, up to [`DEFAULT_MAX_WIDTH`].
    pub width: Option<u16>,
}

/// The widest a column gets without a width hint.
pub const DEFAULT_MAX_WIDTH: u16 = 40;

/// The built-in columns, as [`Column`]s (what `[list] columns` replaces).
pub const DEFAULT_SPECS: [(&str, &str); 7] = [
    ("time", "TIME"),
    ("who", "WHO"),
    ("name", "EVENT"),
    ("source", "SOURCE"),
    ("region", "REGION"),
    ("ip", "SOURCE IP"),
    ("error", "ERROR"),
];

impl Column {
    /// Reads a column: `time`, a registered field, a JSON path, or alternatives `a|b|c` (a
    /// path's later alternatives may leave out the first one's parent: `requestParameters.roleArn
    /// |userName` reads `requestParameters.userName`). `title` defaults to the last name's last
    /// segment in capitals.
    pub fn parse(spec: &str, title: Option<&str>, width: Option<u16>) -> Result<Column, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("empty column".into());
        }
        let source = if spec.eq_ignore_ascii_case("time") || spec.eq_ignore_ascii_case("eventtime")
        {
            Source::Time
        } else {
            let mut alts = Vec::new();
            let mut parent: Option<&str> = None;
            for part in spec.split('|') {
                let part = part.trim();
                if part.is_empty() {
                    return Err(format!("'{spec}': an empty alternative"));
                }
                // `requestParameters.roleArn|userName`: a bare name after a path is its sibling.
                let full = match parent {
                    Some(p)
                        if !part.contains(['.', '[']) && query::fields::lookup(part).is_none() =>
                    {
                        format!("{p}.{part}")
                    }
                    _ => part.to_string(),
                };
                if let Some((p, _)) = part.rsplit_once('.') {
                    parent = Some(p);
                }
                alts.push(GroupField::parse(&full).map_err(|e| format!("'{part}': {e}"))?);
            }
            Source::Field(alts)
        };
        let title = title.map(str::to_string).unwrap_or_else(|| match &source {
            Source::Time => "TIME".into(),
            Source::Field(f) => {
                let n = f[0].name();
                n.rsplit('.').next().unwrap_or(n).to_ascii_uppercase()
            }
        });
        if width == Some(0) {
            return Err("a width of 0".into());
        }
        Ok(Column {
            spec: spec.to_string(),
            title,
            source,
            width,
        })
    }

    /// True when its values are read from the record bytes (a JSON path among the alternatives).
    pub fn needs_raw(&self) -> bool {
        matches!(&self.source, Source::Field(f) if f.iter().any(GroupField::needs_raw))
    }
}

/// The built-in columns as [`Column`]s.
pub fn defaults() -> Vec<Column> {
    DEFAULT_SPECS
        .iter()
        .map(|(s, t)| Column::parse(s, Some(t), None).expect("the built-in columns parse"))
        .collect()
}

/// The cells of one event for the columns read from record bytes (`None` for the others, and
/// for a value absent from the record); `Err` when its record could not be read.
pub type RowCells = Result<Vec<Option<String>>, ()>;

/// Most events whose cells are kept; past it the cache starts again (the rows on screen are
/// asked for again at once).
pub const CACHE_ROWS: usize = 4096;

/// The list's column set and the cache of record-byte cells.
#[derive(Clone, Debug, Default)]
pub struct ListColumns {
    /// The config file's columns; `None`: the built-in list.
    pub custom: Option<Arc<Vec<Column>>>,
    /// Record-byte cells by event index.
    cache: HashMap<u32, RowCells>,
    /// The generation of the request in flight (answers of older ones are dropped).
    generation: u64,
    /// A request is in flight.
    pending: bool,
}

impl ListColumns {
    /// The cells of event `row` read from record bytes, once they have arrived.
    pub fn cells(&self, row: u32) -> Option<&RowCells> {
        self.cache.get(&row)
    }

    /// Forgets every cell (event indices are about to change: the load's renumbering) and drops
    /// the answer in flight.
    pub fn forget(&mut self) {
        self.cache.clear();
        self.pending = false;
        self.generation += 1;
    }

    /// Takes an answer to [`Cmd::FetchCells`].
    pub fn arrived(&mut self, generation: u64, cells: Vec<(u32, RowCells)>) {
        if generation != self.generation {
            return;
        }
        self.pending = false;
        if self.cache.len() + cells.len() > CACHE_ROWS {
            self.cache.clear();
        }
        self.cache.extend(cells);
    }
}

/// Asks for the record-byte cells of the visible rows not yet known (one request at a time;
/// the next goes when it is answered).
pub(crate) fn settle(app: &mut App, cmds: &mut Vec<Cmd>) {
    let lc = &mut app.columns;
    let Some(cols) = &lc.custom else { return };
    if lc.pending || !cols.iter().any(Column::needs_raw) {
        return;
    }
    let h = (app.viewport.list.height as usize).max(1);
    let end = (app.top + h).min(app.rows.len());
    let missing: Vec<u32> = app.rows[app.top.min(end)..end]
        .iter()
        .copied()
        .filter(|r| !lc.cache.contains_key(r))
        .collect();
    if missing.is_empty() {
        return;
    }
    lc.generation += 1;
    lc.pending = true;
    cmds.push(Cmd::FetchCells {
        generation: lc.generation,
        rows: missing,
        columns: cols.clone(),
    });
}

/// The record-byte cells of `rows` (the work of [`Cmd::FetchCells`]).
pub fn read_cells(
    store: &EventStore,
    rows: &[u32],
    columns: &[Column],
    src: &dyn RecordSource,
) -> Vec<(u32, RowCells)> {
    let no = AtomicBool::new(false);
    let mut out: Vec<(u32, RowCells)> = rows
        .iter()
        .map(|&r| (r, Ok(vec![None; columns.len()])))
        .collect();
    for (k, c) in columns.iter().enumerate() {
        if !c.needs_raw() {
            continue;
        }
        let Source::Field(alts) = &c.source else {
            continue;
        };
        for f in alts {
            let Ok((vals, _)) = query::row_values(store, rows, f, src, &no) else {
                continue;
            };
            for (i, (_, cells)) in out.iter_mut().enumerate() {
                if vals.unreadable(i) {
                    *cells = Err(());
                }
                if let Ok(cells) = cells {
                    if cells[k].is_none() {
                        cells[k] = join(vals.get(i));
                    }
                }
            }
        }
    }
    out
}

/// Several values joined with `|` (paths that cross arrays); `None` when there is none.
pub fn join<S: AsRef<str>>(mut it: impl Iterator<Item = S>) -> Option<String> {
    let mut s = it.next()?.as_ref().to_string();
    for v in it {
        s.push('|');
        s.push_str(v.as_ref());
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_parse_fields_paths_and_alternatives() {
        let c = Column::parse(
            "requestParameters.roleArn|userName|bucketName|secretId",
            Some("TARGET"),
            Some(50),
        )
        .unwrap();
        let Source::Field(alts) = &c.source else {
            panic!()
        };
        let names: Vec<&str> = alts.iter().map(GroupField::name).collect();
        assert_eq!(
            names,
            [
                "requestParameters.roleArn",
                "requestParameters.userName",
                "requestParameters.bucketName",
                "requestParameters.secretId"
            ]
        );
        assert!(c.needs_raw());
        let w = Column::parse("who", None, None).unwrap();
        assert_eq!(w.title, "WHO");
        assert!(!w.needs_raw());
        assert_eq!(
            Column::parse("time", None, None).unwrap().source,
            Source::Time
        );
        assert_eq!(
            Column::parse("userIdentity.arn", None, None).unwrap().title,
            "ARN"
        );
        assert!(Column::parse("", None, None).is_err());
        assert!(Column::parse("who|", None, None)
            .unwrap_err()
            .contains("empty alternative"));
        assert!(Column::parse("after", None, None)
            .unwrap_err()
            .contains("time condition"));
        assert_eq!(defaults().len(), 7);
    }

    #[test]
    fn cells_come_from_the_first_present_alternative() {
        let (st, src) = crate::testkit::load_memory(vec![(
            "a.json".to_string(),
            std::sync::Arc::from(&br#"{"Records":[
              {"eventTime":"2024-01-01T00:00:00Z","eventName":"AssumeRole","eventID":"1","requestParameters":{"roleArn":"arn:aws:iam::1:role/r"}},
              {"eventTime":"2024-01-01T00:00:01Z","eventName":"CreateUser","eventID":"2","requestParameters":{"userName":"eve"}},
              {"eventTime":"2024-01-01T00:00:02Z","eventName":"ListBuckets","eventID":"3"}
            ]}"#[..]),
        )]);
        let cols = vec![
            Column::parse("who", None, None).unwrap(),
            Column::parse("requestParameters.roleArn|userName", Some("TARGET"), None).unwrap(),
        ];
        let got = read_cells(&st, &[0, 1, 2], &cols, &src);
        let v = |i: usize| got[i].1.clone().unwrap()[1].clone();
        assert_eq!(v(0).as_deref(), Some("arn:aws:iam::1:role/r"));
        assert_eq!(v(1).as_deref(), Some("eve"));
        assert_eq!(v(2), None);
        assert_eq!(
            got[0].1.clone().unwrap()[0],
            None,
            "registered fields are not read here"
        );
    }
}
