//! `update`: the only place the state changes. Each [`Msg`] is handled, then the derived state is
//! settled (cursor kept visible, detail fetched for a new selection, caches rewrapped).
//!
//! One file per mode: [`normal`] (browsing, with [`marking`]), [`filter`], [`search`], [`fuzzy`], [`pivot`],
//! [`export`] (prompt and overwrite question), [`popup`] (help, failed files); plus [`load`]
//! (progress, end of load, query results), [`timeline`] and [`mouse`]. This file dispatches and
//! holds the helpers they share.

use super::detail;
use super::filter_edit;
use super::*;
use crate::export::Format as ExportFormat;
use crate::model::time::format_utc;
use crate::model::UNDATED;
use crate::query;
use tui_input::InputRequest;

mod back;
mod compare;
mod detections;
mod export;
mod facets;
mod filter;
mod fuzzy;
mod load;
mod marking;
mod mouse;
mod normal;
mod pivot;
mod popup;
mod profile;
mod search;
mod timeline;
mod tree;
mod views;

use fuzzy::{fuzzy_candidates, fuzzy_rank};
pub use timeline::bucket_of;
use timeline::recompute_timeline;

/// The default export file name.
pub const DEFAULT_EXPORT: &str = "trailscope-export.json";

/// Applies `msg` to `app`; returns the effects to perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    match msg {
        Msg::Action(a) => action(app, a, &mut cmds),
        Msg::Input(req) => input(app, Edit::Key(req), &mut cmds),
        Msg::Paste(s) => input(app, Edit::Paste(s), &mut cmds),
        Msg::Click { column, row } => mouse::click(app, column, row),
        Msg::Wheel { column, row, lines } => mouse::wheel(app, column, row, lines),
        Msg::Resize(vp) => {
            let tl_changed = vp.timeline.width != app.viewport.timeline.width;
            app.viewport = vp;
            if tl_changed {
                recompute_timeline(app);
            }
        }
        Msg::Progress(p) => load::progress(app, p, &mut cmds),
        Msg::Appended => load::appended(app, &mut cmds),
        Msg::FileFailed(p) => app.load.failed.push(p),
        Msg::LoadDone(r) => load::loader_done(app, r, &mut cmds),
        Msg::LoadFinished(r) => {
            // Event indices change with the finalize's renumbering.
            app.columns.forget();
            load::load_done(app, r, &mut cmds)
        }
        Msg::VerifyDone(s) => load::verify_done(app, *s, &mut cmds),
        Msg::QueryDone {
            generation,
            result,
            unreadable,
        } => load::query_done(app, generation, result, unreadable, &mut cmds),
        Msg::FuzzyDone {
            generation,
            candidates,
            matches,
        } => fuzzy::answered(app, generation, candidates, matches),
        Msg::DetailLoaded {
            generation,
            row,
            bytes,
        } => {
            if generation == app.detail.generation && app.detail.row == Some(row) {
                match bytes {
                    Ok(b) => {
                        app.detail.pretty = detail::pretty(&b).unwrap_or_default();
                        app.detail.bytes = Some(b);
                        app.detail.error = None;
                        rewrap(app);
                        pivot::record_arrived(app);
                    }
                    Err(e) => app.detail.error = Some(e.to_string()),
                }
            }
        }
        Msg::SearchDone {
            generation,
            hits,
            unreadable,
        } => search::search_done(app, generation, hits, unreadable),
        Msg::GroupDone {
            generation,
            outcome,
            unreadable,
        } => facets::answered(app, generation, outcome, unreadable),
        Msg::ProfileDone {
            generation,
            profile: p,
        } => profile::answered(app, generation, p),
        Msg::ExportExists(job) => export::exists(app, job),
        Msg::ExportDone(r) => export::export_done(app, r),
        Msg::DetectDone { generation, rows } => detections::done(app, generation, rows, &mut cmds),
        Msg::CellsLoaded { generation, cells } => app.columns.arrived(generation, cells),
        Msg::CaseSaved(r) => {
            if let Err(e) = r {
                app.complain(format!("case not saved: {e}"));
            }
        }
        Msg::CompareLoaded { generation, loaded } => compare::loaded(app, generation, loaded),
    }
    settle(app, &mut cmds);
    cmds
}

/// A bound key: dismisses the last note, then goes to the current mode's handler.
fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    if a != Action::Yes && a != Action::No {
        // A key press dismisses the last note, except while a question is pending.
        if !matches!(app.mode, Mode::ConfirmOverwrite) {
            app.note = None;
        }
    }
    match app.mode.clone() {
        Mode::Normal => normal::action(app, a, cmds),
        Mode::Filter => filter::action(app, a, cmds),
        Mode::Search => search::action(app, a, cmds),
        Mode::Fuzzy => fuzzy::action(app, a, cmds),
        Mode::Pivot => pivot::action(app, a, cmds),
        Mode::Tree => tree::action(app, a, cmds),
        Mode::Export => export::action(app, a, cmds),
        Mode::ConfirmOverwrite => export::confirm(app, a, cmds),
        Mode::Help | Mode::Failed => popup::action(app, a, cmds),
        Mode::Facets => facets::action(app, a, cmds),
        Mode::Detections => detections::action(app, a, cmds),
        Mode::Views => views::action(app, a, cmds),
        Mode::Annotate => match a {
            Action::Apply => super::case::commit(app, cmds),
            Action::Back => super::case::cancel(app),
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Profile => profile::action(app, a, cmds),
        Mode::Compare => compare::action(app, a, cmds),
    }
}

/// One edit of a prompt's text: a key, or a whole paste (one edit however long).
pub(super) enum Edit {
    /// A line-editing request (a typed character, a deletion, a cursor move).
    Key(InputRequest),
    /// Text pasted (bracketed paste).
    Paste(String),
}

/// Applies `edit` to `input`; true when the text changed. A paste is inserted at the cursor in
/// one step (line breaks and tabs become spaces): inserting it a character at a time would cost
/// the square of its length.
pub(super) fn apply_edit(input: &mut Input, edit: Edit) -> bool {
    match edit {
        Edit::Key(req) => {
            let before = input.value().to_string();
            input.handle(req);
            input.value() != before
        }
        Edit::Paste(text) => {
            let text: String = text
                .chars()
                .map(|c| {
                    if matches!(c, '\n' | '\r' | '\t') {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            if text.is_empty() {
                return false;
            }
            let value = input.value();
            let cursor = input.cursor();
            let at = value
                .char_indices()
                .nth(cursor)
                .map_or(value.len(), |(i, _)| i);
            let new = format!("{}{text}{}", &value[..at], &value[at..]);
            *input = Input::new(new).with_cursor(cursor + text.chars().count());
            true
        }
    }
}

/// An edit of the active prompt's text.
fn input(app: &mut App, edit: Edit, cmds: &mut Vec<Cmd>) {
    match app.mode {
        Mode::Filter => filter::input(app, edit, cmds),
        Mode::Search => {
            apply_edit(&mut app.search_input, edit);
        }
        Mode::Fuzzy => {
            let changed = apply_edit(&mut app.fuzzy.input, edit);
            if changed {
                fuzzy_rank(app, cmds);
            }
        }
        Mode::Export => {
            apply_edit(&mut app.export.input, edit);
        }
        Mode::Facets if app.facets.editing => {
            let changed = apply_edit(&mut app.facets.input, edit);
            if changed {
                facets::edited(app);
            }
        }
        Mode::Annotate => {
            apply_edit(&mut app.case.input, edit);
        }
        _ => {}
    }
}

fn quit(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.quit = true;
    cmds.push(Cmd::Quit);
}

/// Keeps derived state consistent after any change.
fn settle(app: &mut App, cmds: &mut Vec<Cmd>) {
    if app.search.running.is_some() && app.note.is_none() {
        // A running search stays visible whatever keys are pressed meanwhile.
        search::searching_note(app);
    }
    let n = app.rows.len();
    if n == 0 {
        app.cursor = 0;
        app.top = 0;
    } else {
        app.cursor = app.cursor.min(n - 1);
        let h = (app.viewport.list.height as usize).max(1);
        if app.cursor < app.top {
            app.top = app.cursor;
        } else if app.cursor >= app.top + h {
            app.top = app.cursor + 1 - h;
        }
        app.top = app.top.min(n.saturating_sub(h));
    }
    super::columns::settle(app, cmds);
    let sel = app.selected();
    if sel != app.detail.row {
        let d = &mut app.detail;
        d.row = sel;
        d.generation += 1;
        d.bytes = None;
        d.error = None;
        d.pretty.clear();
        d.lines.clear();
        d.scroll = 0;
        if let Some(row) = sel {
            cmds.push(Cmd::FetchDetail {
                generation: d.generation,
                row,
            });
        }
    }
    // The pane being read gets the width (side by side, the detail widens with the keyboard).
    if let Some(split) = app.viewport.split {
        let (list, detail) = split[usize::from(app.focus == Focus::Detail)];
        app.viewport.list = list;
        app.viewport.detail = detail;
    }
    if app.detail.bytes.is_some() && app.detail.wrapped_width != app.viewport.detail.width as usize
    {
        rewrap(app);
    }
    let dh = app.viewport.detail.height as usize;
    app.detail.scroll = app
        .detail
        .scroll
        .min(app.detail.lines.len().saturating_sub(dh));
    if let Some(t) = &app.timeline.data {
        app.timeline.cursor = app.timeline.cursor.min(t.counts.len().saturating_sub(1));
    }
    let ph = (app.viewport.popup_rows as usize).max(1);
    let f = &mut app.fuzzy;
    f.selected = f.selected.min(f.matches.len().saturating_sub(1));
    if f.selected < f.top {
        f.top = f.selected;
    } else if f.selected >= f.top + ph {
        f.top = f.selected + 1 - ph;
    }
    app.pivot.selected = app
        .pivot
        .selected
        .min(app.pivot.entries.len().saturating_sub(1));
    let f = &mut app.facets;
    f.selected = f.selected.min(f.lines.len().saturating_sub(1));
    if f.selected < f.top {
        f.top = f.selected;
    } else if f.selected >= f.top + ph {
        f.top = f.selected + 1 - ph;
    }
}

fn rewrap(app: &mut App) {
    let width = app.viewport.detail.width as usize;
    let d = &mut app.detail;
    let Some(bytes) = &d.bytes else {
        return;
    };
    d.lines = if d.raw || d.pretty.is_empty() {
        detail::wrap(&detail::raw_lines(bytes), width, app.viewport.measure)
    } else {
        detail::wrap(&d.pretty, width, app.viewport.measure)
    };
    d.wrapped_width = width;
}

/// Index in `rows` of `row`, or of where it would be: in time order, where it would go; in
/// another order (the list sorted by a column), at the event nearest in time. `time_order`
/// says the rows are in time order (the list's sort is time): the binary search then decides
/// alone, without the passes over every row that another order needs (tens of ms at 10M).
fn locate(store: &crate::model::EventStore, rows: &[u32], row: u32, time_order: bool) -> usize {
    let time = |r: u32| store.time.try_get(r as usize).unwrap_or(UNDATED);
    let key = |r: u32| (time(r), r);
    let k = key(row);
    let at = match rows.binary_search_by(|&r| key(r).cmp(&k)) {
        Ok(i) => return i,
        Err(i) => i.min(rows.len().saturating_sub(1)),
    };
    if time_order {
        return at;
    }
    // Not found by time: the rows may be in another order.
    if let Some(i) = rows.iter().position(|&r| r == row) {
        return i;
    }
    if rows.is_sorted_by_key(|&r| key(r)) {
        return at;
    }
    let t = time(row);
    rows.iter()
        .enumerate()
        .min_by_key(|&(_, &r)| (time(r).abs_diff(t), r))
        .map_or(0, |(i, _)| i)
}

/// The indices in `rows` of those of `wanted` it holds, ascending (any order of either).
fn positions(store_len: usize, rows: &[u32], wanted: &[u32]) -> Vec<usize> {
    let mut want = vec![false; store_len];
    for &w in wanted {
        if let Some(b) = want.get_mut(w as usize) {
            *b = true;
        }
    }
    rows.iter()
        .enumerate()
        .filter(|&(_, &r)| want.get(r as usize).copied().unwrap_or(false))
        .map(|(i, _)| i)
        .collect()
}

fn set_rows(app: &mut App, rows: Rows, cmds: &mut Vec<Cmd>) {
    let anchor = app.selected();
    app.rows = rows;
    if let Some(a) = anchor {
        let st = app.read_store();
        let i = locate(&st, &app.rows, a, app.sort.is_time_order());
        drop(st);
        // Keep the selected row on the same screen line when it is still there.
        let offset = app.cursor.saturating_sub(app.top);
        app.cursor = i;
        app.top = i.saturating_sub(offset);
    } else {
        app.cursor = 0;
        app.top = 0;
    }
    recompute_timeline(app);
    back::result_shown(app);
    if app.mode == Mode::Fuzzy {
        fuzzy_candidates(app, cmds);
    }
    if app.mode == Mode::Facets {
        facets::recount(app, cmds);
    }
}

fn move_cursor(app: &mut App, delta: isize) {
    let n = app.rows.len();
    if n == 0 {
        return;
    }
    app.cursor = (app.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
}

fn scroll_detail(app: &mut App, delta: isize) {
    app.detail.scroll = (app.detail.scroll as isize + delta).max(0) as usize;
}

fn page(app: &App) -> isize {
    match app.focus {
        Focus::Detail => app.viewport.detail.height.max(1) as isize,
        _ => app.viewport.list.height.max(1) as isize,
    }
}

/// Moves the list cursor or scrolls the detail pane, by focus.
fn vertical(app: &mut App, delta: isize) {
    match app.focus {
        Focus::Detail => scroll_detail(app, delta),
        _ => move_cursor(app, delta),
    }
}

/// The current filter text (what the filter line shows).
fn filter_text(app: &App) -> String {
    app.filter.input.value().to_string()
}

/// Replaces the filter text, runs it, and records it in the history; the view it leaves goes on
/// the back stack (`Backspace` returns to it).
fn set_filter(app: &mut App, text: String, cmds: &mut Vec<Cmd>) {
    let left = back::current(app);
    back::save(app, left, &text);
    app.filter.input = Input::new(text.clone());
    app.request_query(&text, cmds);
    push_history(app, &text);
}

fn push_history(app: &mut App, text: &str) {
    let t = text.trim();
    if !t.is_empty() && app.filter.history.last().map(String::as_str) != Some(t) {
        app.filter.history.push(t.to_string());
    }
    app.filter.history_pos = None;
}

/// The time of the selected event, if dated.
fn selected_time(app: &App) -> Option<i64> {
    let row = app.selected()? as usize;
    let st = app.read_store();
    st.time.try_get(row).filter(|&t| t != UNDATED)
}

fn set_focus(app: &mut App, f: Focus) {
    if f == Focus::Timeline && app.focus != Focus::Timeline {
        if let (Some(t), Some(time)) = (app.timeline.data.as_ref(), selected_time(app)) {
            if let Some(b) = bucket_of(t, time) {
                app.timeline.cursor = b;
            }
        }
    }
    app.focus = f;
}

fn search_words(app: &App) -> Vec<String> {
    if !app.search_term.is_empty() {
        return vec![app.search_term.clone()];
    }
    crate::query::Filter::parse(&app.filter.shown)
        .map(|f| f.bare_words())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
