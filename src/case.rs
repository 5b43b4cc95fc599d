//! Case files: what an investigation adds to a dataset — marks, per-event notes and tags, the
//! filter history, named views — kept per dataset (the set of inputs, canonicalised) under
//! `$XDG_STATE_HOME/trailscope/cases/` (`~/.local/state/…` by default) and restored when the
//! same inputs are opened again.
//!
//! Events are named by the xxh3 of their record's bytes (the loader's `EventStore::hash`, so
//! the same record is found again whatever file order or duplicates the next load sees), with
//! the eventID and time beside it for people reading the file. An entry whose event is not in
//! the data opened is kept and written back, never dropped.
//!
//! Format 2 names an event by 8 hex digits: the xxh3 folded to the 32 bits the store keeps.
//! Format 1 wrote all 16 digits; such entries are still found (folded the same way).
//!
//! A case file is JSON (`version`: [`VERSION`]). One written by a newer version, or one that
//! does not parse, is never overwritten: it is set aside under another name and reported
//! ([`Opened::problem`]). Writes are atomic, through [`crate::output`].
//!
//! This module knows no app state: the explorer turns its marks and notes into a [`CaseFile`]
//! and back (`app::case`).

use crate::loader::Input;
use crate::model::EventStore;
use crate::output::{self, OutputError, Target};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The case file format written by this version.
pub const VERSION: u32 = 2;

/// What a person added to one event.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Annotation {
    /// A free-text note (empty: none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Tags, in the order given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Annotation {
    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.note.is_empty() && self.tags.is_empty()
    }
}

/// One event of the case.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// The xxh3 of the record's bytes folded to 32 bits, 8 hex digits (format 1: the whole
    /// 64 bits, 16 digits).
    pub hash: String,
    /// Its eventID (for people; empty when it has none).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Its eventTime as printed (for people).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time: String,
    /// Marked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub marked: bool,
    /// Note and tags.
    #[serde(flatten)]
    pub annotation: Annotation,
}

/// A named filter.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// Its name.
    pub name: String,
    /// The filter.
    pub filter: String,
}

/// The whole case file.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFile {
    /// [`VERSION`] when written by this version.
    pub version: u32,
    /// The inputs it belongs to, as opened (canonical paths).
    #[serde(default)]
    pub paths: Vec<String>,
    /// When it was written (UTC, RFC 3339).
    #[serde(default)]
    pub saved: String,
    /// Marked or annotated events.
    #[serde(default)]
    pub events: Vec<Entry>,
    /// Filters applied, oldest first.
    #[serde(default)]
    pub filters: Vec<String>,
    /// Named views.
    #[serde(default)]
    pub views: Vec<View>,
}

impl CaseFile {
    /// True when there is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty() && self.filters.is_empty() && self.views.is_empty()
    }
}

/// Which inputs a case belongs to: their canonical paths (a folder, a file) or names (bytes in
/// memory, such as the demo trail), sorted and deduplicated. Standard input has no identity.
pub fn dataset(inputs: &[Input]) -> Option<Vec<String>> {
    let mut keys = Vec::with_capacity(inputs.len());
    for i in inputs {
        match i {
            Input::Path(p) => {
                let c = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                keys.push(c.to_string_lossy().into_owned());
            }
            Input::Memory { name, .. } => keys.push(name.clone()),
            Input::S3(p) => keys.push(p.url.clone()),
            Input::Stdin => return None,
        }
    }
    keys.sort();
    keys.dedup();
    (!keys.is_empty()).then_some(keys)
}

/// `$XDG_STATE_HOME/trailscope` (an absolute `XDG_STATE_HOME`, as the XDG spec says), else
/// `~/.local/state/trailscope`; `None` with neither.
pub fn state_dir() -> Option<PathBuf> {
    let xdg = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|h| h.join(".local/state"))
    })?;
    Some(base.join("trailscope"))
}

/// The case file of `dataset` in `dir`: `cases/<xxh3 of the keys>.json`.
pub fn case_path(dir: &Path, dataset: &[String]) -> PathBuf {
    let joined = dataset.join("\0");
    let h = xxhash_rust::xxh3::xxh3_64(joined.as_bytes());
    dir.join("cases").join(format!("{h:016x}.json"))
}

/// A case file opened (or not found) for a dataset.
#[derive(Debug, Default)]
pub struct Opened {
    /// Where this session's case is saved.
    pub path: PathBuf,
    /// The dataset's keys.
    pub dataset: Vec<String>,
    /// What was read (None: no case file yet, or `--fresh`, or it was set aside).
    pub file: Option<CaseFile>,
    /// What went wrong reading it, for the status line (the file is then set aside, never
    /// overwritten).
    pub problem: Option<String>,
}

/// Why a case file could not be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// Not a case file this version understands.
    #[error("does not parse ({0})")]
    Broken(String),
    /// Written by a newer version.
    #[error("written by a newer trailscope (case format {0}, this one reads {VERSION})")]
    Newer(u32),
}

/// Parses a case file's text.
pub fn parse(text: &[u8]) -> Result<CaseFile, ReadError> {
    let v: serde_json::Value =
        serde_json::from_slice(text).map_err(|e| ReadError::Broken(e.to_string()))?;
    let version = v
        .get("version")
        .and_then(|x| x.as_u64())
        .ok_or_else(|| ReadError::Broken("no version".into()))?;
    if version > VERSION as u64 {
        return Err(ReadError::Newer(version.min(u32::MAX as u64) as u32));
    }
    serde_json::from_value(v).map_err(|e| ReadError::Broken(e.to_string()))
}

/// Opens the case of `dataset` under `dir`. With `fresh`, an existing case file is set aside
/// (not read, not lost); a broken or newer one is always set aside and reported.
pub fn open(dir: &Path, dataset: Vec<String>, fresh: bool) -> Opened {
    let path = case_path(dir, &dataset);
    let mut o = Opened {
        path: path.clone(),
        dataset,
        file: None,
        problem: None,
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return o,
        Err(e) => {
            o.problem = Some(format!(
                "case file {}: {} (not used; this session's case is not saved)",
                path.display(),
                crate::loader::decode::io_reason(&e)
            ));
            o.path = PathBuf::new();
            return o;
        }
    };
    let (label, why) = if fresh {
        ("before-fresh", None)
    } else {
        match parse(&bytes) {
            Ok(f) => {
                o.file = Some(f);
                return o;
            }
            Err(e @ ReadError::Newer(_)) => ("newer", Some(e)),
            Err(e) => ("broken", Some(e)),
        }
    };
    match output::set_aside(&path, label) {
        Ok(to) => {
            o.problem = why.map(|e| {
                format!(
                    "case file {}: {e}; kept as {}, starting a new case",
                    path.display(),
                    to.display()
                )
            });
            if fresh {
                o.problem = Some(format!(
                    "--fresh: the case file was set aside as {}",
                    to.display()
                ));
            }
        }
        Err(e) => {
            o.problem = Some(format!(
                "case file {}: {}; could not set it aside ({}), so this session's case is not saved",
                path.display(),
                why.map_or_else(|| "--fresh".to_string(), |e| e.to_string()),
                crate::loader::decode::io_reason(&e)
            ));
            o.path = PathBuf::new();
        }
    }
    o
}

/// Opens the case for `inputs` in the default state folder; `None` when the inputs have no
/// identity (standard input) or there is no state folder.
pub fn open_for(inputs: &[Input], fresh: bool) -> Option<Opened> {
    let dataset = dataset(inputs)?;
    Some(open(&state_dir()?, dataset, fresh))
}

/// Writes `case` to `path` atomically (a temporary renamed over the old file), creating the
/// private folder first. A file that appeared there meanwhile and is not a case file of this
/// version is set aside first, never overwritten.
pub fn save(path: &Path, case: &CaseFile) -> Result<(), OutputError> {
    let target = Target::File(path.to_path_buf());
    if let Some(dir) = path.parent() {
        output::create_private_dir(dir).map_err(|e| OutputError::write(&target, e))?;
    }
    if let Ok(bytes) = std::fs::read(path) {
        if let Err(e) = parse(&bytes) {
            let label = match e {
                ReadError::Newer(_) => "newer",
                ReadError::Broken(_) => "broken",
            };
            output::set_aside(path, label).map_err(|e| OutputError::write(&target, e))?;
        }
    }
    let mut text = serde_json::to_vec_pretty(case).expect("a case file serialises");
    text.push(b'\n');
    output::write_file(path, true, |w, t| {
        w.write_all(&text).map_err(|e| OutputError::write(t, e))
    })
}

/// The entry naming `row` of `store` (hash, eventID, time).
pub fn entry_for(store: &EventStore, row: usize) -> Entry {
    let mut id = String::new();
    if !store.event_id.is_none(row) {
        store.event_id.write(row, &mut id);
    }
    let t = store.time.get(row);
    Entry {
        hash: format!("{:08x}", store.hash[row]),
        id,
        time: if t == crate::model::UNDATED {
            String::new()
        } else {
            crate::model::time::format_utc(t)
        },
        ..Entry::default()
    }
}

/// The store's hash named by an entry: 8 hex digits, or a format-1 entry's 16 folded.
fn entry_hash(text: &str) -> Option<u32> {
    match text.len() {
        8 => u32::from_str_radix(text, 16).ok(),
        16 => u64::from_str_radix(text, 16)
            .ok()
            .map(crate::model::source::fold_hash),
        _ => None,
    }
}

/// Finds the rows of `entries` in `store` (by record hash; the eventID breaks a tie): the row
/// for each entry, `None` for those not in this data.
pub fn locate(store: &EventStore, entries: &[Entry]) -> Vec<Option<u32>> {
    let mut want: rustc_hash::FxHashMap<u32, Vec<usize>> = Default::default();
    for (i, e) in entries.iter().enumerate() {
        if let Some(h) = entry_hash(&e.hash) {
            want.entry(h).or_default().push(i);
        }
    }
    let mut found = vec![None; entries.len()];
    if want.is_empty() {
        return found;
    }
    let mut id = String::new();
    for (row, h) in store.hash.iter().enumerate() {
        let Some(idx) = want.get(h) else { continue };
        for &i in idx {
            if found[i].is_some() {
                continue;
            }
            if !entries[i].id.is_empty() {
                id.clear();
                if !store.event_id.is_none(row) {
                    store.event_id.write(row, &mut id);
                }
                if id != entries[i].id {
                    continue;
                }
            }
            found[i] = Some(row as u32);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_versions() {
        let c = CaseFile {
            version: VERSION,
            paths: vec!["/data".into()],
            saved: "2026-01-01T00:00:00Z".into(),
            events: vec![Entry {
                hash: "000000ff".into(),
                id: "e1".into(),
                time: "2023-07-10T11:42:18Z".into(),
                marked: true,
                annotation: Annotation {
                    note: "first key use".into(),
                    tags: vec!["initial-access".into()],
                },
            }],
            filters: vec!["name:AssumeRole".into()],
            views: vec![],
        };
        let text = serde_json::to_vec(&c).unwrap();
        assert_eq!(parse(&text).unwrap(), c);
        assert_eq!(
            parse(br#"{"version":7,"events":"whatever"}"#),
            Err(ReadError::Newer(7))
        );
        assert!(matches!(
            parse(b"{\"version\":1,\"events\":3}"),
            Err(ReadError::Broken(_))
        ));
        assert!(matches!(parse(b"not json"), Err(ReadError::Broken(_))));
        assert!(matches!(parse(b"{}"), Err(ReadError::Broken(_))));
        // Unknown keys of the same version are ignored (a later field, read by an older build).
        assert!(parse(br#"{"version":1,"later":true}"#).is_ok());
    }

    #[test]
    fn open_sets_aside_what_it_cannot_use() {
        let d = tempfile::tempdir().unwrap();
        let ds = vec!["/some/data".to_string()];
        let o = open(d.path(), ds.clone(), false);
        assert!(o.file.is_none() && o.problem.is_none());
        let c = CaseFile {
            version: VERSION,
            filters: vec!["x".into()],
            ..CaseFile::default()
        };
        save(&o.path, &c).unwrap();
        assert_eq!(open(d.path(), ds.clone(), false).file, Some(c.clone()));
        // Newer: set aside, reported, the bytes kept.
        std::fs::write(&o.path, br#"{"version":99}"#).unwrap();
        let n = open(d.path(), ds.clone(), false);
        assert!(n.file.is_none());
        let p = n.problem.unwrap();
        assert!(
            p.contains("newer trailscope") && p.contains(".newer-1"),
            "{p}"
        );
        let aside = o.path.with_file_name(format!(
            "{}.newer-1",
            o.path.file_name().unwrap().to_string_lossy()
        ));
        assert_eq!(std::fs::read(&aside).unwrap(), br#"{"version":99}"#);
        // Broken: the same.
        std::fs::write(&o.path, b"{\"version\":1,").unwrap();
        let b = open(d.path(), ds.clone(), false);
        assert!(b.problem.unwrap().contains("does not parse"));
        // --fresh: not read, set aside.
        save(&o.path, &c).unwrap();
        let f = open(d.path(), ds.clone(), true);
        assert!(f.file.is_none());
        assert!(f.problem.unwrap().contains("before-fresh-1"));
        // A broken file that appears before a save is set aside, not overwritten.
        std::fs::write(&o.path, b"garbage").unwrap();
        save(&o.path, &c).unwrap();
        assert!(o
            .path
            .with_file_name(format!(
                "{}.broken-2",
                o.path.file_name().unwrap().to_string_lossy()
            ))
            .exists());
        assert_eq!(open(d.path(), ds, false).file, Some(c));
    }

    #[test]
    fn dataset_is_canonical_and_order_free() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("a")).unwrap();
        let a = Input::Path(d.path().join("a"));
        let a2 = Input::Path(d.path().join("a/../a"));
        let b = Input::Memory {
            name: "<demo>/x".into(),
            bytes: std::sync::Arc::from(&b""[..]),
        };
        assert_eq!(dataset(&[a, b.clone()]), dataset(&[b.clone(), a2]));
        assert_eq!(dataset(&[b, Input::Stdin]), None);
    }
}
