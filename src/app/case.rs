//! The case in the explorer: notes (`a`) and tags (`T`) on events, and the case file
//! ([`crate::case`]) restored when the data is complete and snapshotted for saving.
//!
//! Notes are keyed by store row, like the marks, and renumbered with them when the load is
//! finalized. Entries of the case file whose event is not in the data opened are kept aside
//! and written back, so opening a subset of the files never loses what was noted on the rest.

use super::{App, Cmd, Mode, Note};
use crate::case::{self, Annotation, CaseFile, Entry, Opened, View};
use std::collections::BTreeMap;
use std::path::PathBuf;
use tui_input::Input;

/// What the prompt edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// The note (`a`).
    Note,
    /// The tags (`T`), comma- or space-separated.
    Tags,
}

/// The case of the data opened.
#[derive(Debug, Default)]
pub struct CaseState {
    /// Where it is saved (None: no case, e.g. standard input, or it could not be read).
    pub path: Option<PathBuf>,
    /// The dataset's keys (canonical paths).
    pub dataset: Vec<String>,
    /// The file read, waiting for the store to be complete.
    pending: Option<CaseFile>,
    /// Entries of the file not found in this data: written back as they were.
    unmatched: Vec<Entry>,
    /// Notes and tags by store row.
    pub notes: BTreeMap<u32, Annotation>,
    /// Named views (kept; not yet shown).
    pub views: Vec<View>,
    /// The row and what the prompt edits, while it is open.
    pub editing: Option<(u32, NoteKind)>,
    /// The prompt's text.
    pub input: Input,
}

impl App {
    /// Takes the case opened for this data: reports a problem reading it, and restores it now
    /// if the store is complete (else when the load is finished).
    pub fn open_case(&mut self, o: Opened) {
        if let Some(p) = &o.problem {
            self.note = Some(Note {
                text: p.clone(),
                error: true,
            });
        }
        self.case.path = (!o.path.as_os_str().is_empty()).then_some(o.path);
        self.case.dataset = o.dataset;
        self.case.pending = o.file;
        if !self.load.loading && self.read_store().is_sorted() {
            if let Some(said) = restore(self) {
                self.say(said);
            }
        }
    }

    /// The case as it would be saved now, with where; `None` when there is no case file to
    /// write (no path, or nothing to keep and no file yet).
    pub fn case_snapshot(&self) -> Option<(PathBuf, CaseFile)> {
        let path = self.case.path.clone()?;
        let st = self.read_store();
        let mut events: Vec<Entry> = Vec::new();
        let mut rows: Vec<u32> = self.marks.rows();
        rows.extend(self.case.notes.keys().copied());
        rows.sort_unstable();
        rows.dedup();
        for r in rows {
            if r as usize >= st.len() {
                continue;
            }
            let mut e = case::entry_for(&st, r as usize);
            e.marked = self.marks.contains(r);
            if let Some(a) = self.case.notes.get(&r) {
                e.annotation = a.clone();
            }
            events.push(e);
        }
        drop(st);
        // Not applied yet (quit during the load): keep the file's entries as they were.
        let (mut filters, views) = match &self.case.pending {
            Some(p) => {
                events.extend(p.events.iter().cloned());
                (p.filters.clone(), p.views.clone())
            }
            None => (Vec::new(), self.case.views.clone()),
        };
        events.extend(self.case.unmatched.iter().cloned());
        for f in &self.filter.history {
            if filters.last() != Some(f) {
                filters.push(f.clone());
            }
        }
        // The history of a long investigation stays bounded.
        let keep = filters.len().saturating_sub(FILTERS_KEPT);
        filters.drain(..keep);
        let file = CaseFile {
            version: case::VERSION,
            paths: self.case.dataset.clone(),
            saved: crate::model::time::format_utc(crate::model::time::now_ms()),
            events,
            filters,
            views,
        };
        if file.is_empty() && !path.exists() {
            return None;
        }
        Some((path, file))
    }
}

/// Most filters kept in a case file's history.
pub const FILTERS_KEPT: usize = 500;

/// Applies the pending case file to the complete store; returns what to say.
pub(super) fn restore(app: &mut App) -> Option<String> {
    let file = app.case.pending.take()?;
    let st = app.read_store();
    let found = case::locate(&st, &file.events);
    drop(st);
    let (mut marks, mut notes, mut tags) = (0usize, 0usize, 0usize);
    let mut to_mark = Vec::new();
    for (e, row) in file.events.into_iter().zip(found) {
        let Some(row) = row else {
            app.case.unmatched.push(e);
            continue;
        };
        if e.marked {
            to_mark.push(row);
            marks += 1;
        }
        if !e.annotation.is_empty() {
            notes += usize::from(!e.annotation.note.is_empty());
            tags += usize::from(!e.annotation.tags.is_empty());
            // A note written during the load wins over the file's.
            app.case.notes.entry(row).or_insert(e.annotation);
        }
    }
    if !to_mark.is_empty() {
        app.marks.record("restore the case's marks", |m| {
            for r in to_mark {
                m.insert(r);
            }
        });
    }
    let mut history = file.filters;
    for f in std::mem::take(&mut app.filter.history) {
        if history.last() != Some(&f) {
            history.push(f);
        }
    }
    let filters = history.len();
    app.filter.history = history;
    app.case.views = file.views;
    let mut parts = Vec::new();
    let count = |n: usize, one: &str, many: &str| {
        format!(
            "{} {}",
            super::thousands(n as u64),
            if n == 1 { one } else { many }
        )
    };
    if marks > 0 {
        parts.push(count(marks, "mark", "marks"));
    }
    if notes > 0 {
        parts.push(count(notes, "note", "notes"));
    }
    if tags > 0 {
        parts.push(count(tags, "tagged event", "tagged events"));
    }
    if filters > 0 {
        parts.push(count(filters, "filter", "filters"));
    }
    if parts.is_empty() && app.case.unmatched.is_empty() {
        return None;
    }
    let mut said = format!("case restored: {}", parts.join(", "));
    if !app.case.unmatched.is_empty() {
        said.push_str(&format!(
            " ({} not in this data, kept)",
            count(app.case.unmatched.len(), "event", "events")
        ));
    }
    said.push_str(" · --fresh starts anew");
    Some(said)
}

/// Renumbers the notes after the store was finalized.
pub(super) fn remap(app: &mut App, table: &[u32]) {
    let old = std::mem::take(&mut app.case.notes);
    for (r, a) in old {
        if let Some(&n) = table.get(r as usize).filter(|&&n| n != u32::MAX) {
            app.case.notes.insert(n, a);
        }
    }
}

/// Opens the note or tag prompt on the selected event.
pub(super) fn begin(app: &mut App, kind: NoteKind) {
    let Some(row) = app.selected() else {
        app.complain("no event selected");
        return;
    };
    let a = app.case.notes.get(&row);
    let text = match kind {
        NoteKind::Note => a.map(|a| a.note.clone()).unwrap_or_default(),
        NoteKind::Tags => a.map(|a| a.tags.join(", ")).unwrap_or_default(),
    };
    app.case.input = Input::new(text);
    app.case.editing = Some((row, kind));
    app.mode = Mode::Annotate;
}

/// Enter in the prompt: sets the note or the tags (empty removes them) and asks for a save.
pub(super) fn commit(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.mode = Mode::Normal;
    let Some((row, kind)) = app.case.editing.take() else {
        return;
    };
    let text = app.case.input.value().trim().to_string();
    let a = app.case.notes.entry(row).or_default();
    match kind {
        NoteKind::Note => a.note = text,
        NoteKind::Tags => {
            let mut tags: Vec<String> = Vec::new();
            for t in text
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                if !tags.iter().any(|x| x == t) {
                    tags.push(t.to_string());
                }
            }
            a.tags = tags;
        }
    }
    if a.is_empty() {
        app.case.notes.remove(&row);
    }
    let what = match kind {
        NoteKind::Note => "note",
        NoteKind::Tags => "tags",
    };
    if app.case.path.is_none() {
        app.say(format!(
            "{what} kept for this session only (no case file for standard input)"
        ));
        return;
    }
    app.say(format!("{what} saved to the case"));
    if let Some((path, file)) = app.case_snapshot() {
        cmds.push(Cmd::SaveCase { path, file });
    }
}

/// Esc in the prompt.
pub(super) fn cancel(app: &mut App) {
    app.case.editing = None;
    app.mode = Mode::Normal;
}

/// The note and tags of `row`, for the UI and the report.
pub fn annotation(app: &App, row: u32) -> Option<&Annotation> {
    app.case.notes.get(&row)
}
