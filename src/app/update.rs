//! `update`: the only place the state changes. Each [`Msg`] is handled, then the derived state is
//! settled (cursor kept visible, detail fetched for a new selection, caches rewrapped).

use super::detail;
use super::filter_edit;
use super::*;
use crate::export::Format as ExportFormat;
use crate::model::time::format_utc;
use crate::model::UNDATED;
use crate::query;
use tui_input::InputRequest;

/// The default export file name.
pub const DEFAULT_EXPORT: &str = "trailscope-export.json";
/// How many fuzzy matches are ranked and kept.
const FUZZY_LIMIT: usize = 500;
/// Smallest zoomed timeline span.
const MIN_ZOOM_MS: i64 = 60_000;

/// Applies `msg` to `app`; returns the effects to perform.
pub fn update(app: &mut App, msg: Msg) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    match msg {
        Msg::Action(a) => action(app, a, &mut cmds),
        Msg::Input(req) => input(app, req, &mut cmds),
        Msg::Paste(s) => {
            for c in s.chars().filter(|c| *c != '\n' && *c != '\r') {
                input(app, InputRequest::InsertChar(c), &mut cmds);
            }
        }
        Msg::Click { column, row } => click(app, column, row),
        Msg::Wheel { column, row, lines } => wheel(app, column, row, lines),
        Msg::Resize(vp) => {
            let tl_changed = vp.timeline.width != app.viewport.timeline.width;
            app.viewport = vp;
            if tl_changed {
                recompute_timeline(app);
            }
        }
        Msg::Progress(p) => {
            app.load.progress = p;
            app.load.ticks_since_refresh += 1;
            // Re-running the query costs O(rows): space refreshes out as the result grows.
            // Each refresh sorts the whole (still unsorted) store under its read lock, which
            // also holds the loader back: at 1M rows refreshing every tick made a load 3x slower.
            let every = match app.rows.len() {
                0..=50_000 => 1,
                50_001..=300_000 => 5,
                _ => 10,
            };
            if app.load.dirty && !app.query_running && app.load.ticks_since_refresh >= every {
                refresh(app, &mut cmds);
            }
        }
        Msg::Appended => {
            app.load.dirty = true;
            // The first rows should show at once; later ones on the next progress tick.
            if app.rows.is_empty() && !app.query_running {
                refresh(app, &mut cmds);
            }
        }
        Msg::FileFailed(p) => app.load.failed.push(p),
        Msg::LoadDone(d) => load_done(app, d, &mut cmds),
        Msg::QueryDone {
            generation,
            result,
            unreadable,
        } => {
            if generation == app.query_gen {
                app.query_running = false;
                if let Some((name, why)) = unreadable.first() {
                    let more = match unreadable.len() {
                        1 => String::new(),
                        n => format!(" (and {} more)", n - 1),
                    };
                    app.complain(format!(
                        "some events left out: cannot read {name}: {why}{more}"
                    ));
                }
                match result {
                    Ok(rows) => {
                        app.filter.shown = app.filter.requested.clone();
                        app.highlight = search_words(app);
                        set_rows(app, rows);
                    }
                    Err(e) => app.complain(format!("query failed: {e}")),
                }
                // Rows that arrived while it ran (app.load.dirty) are picked up by the next tick.
            }
        }
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
                    }
                    Err(e) => app.detail.error = Some(e),
                }
            }
        }
        Msg::SearchDone {
            generation,
            found,
            wrapped,
        } => {
            if generation == app.search_gen {
                match found {
                    Some(i) => {
                        app.cursor = i;
                        if wrapped {
                            app.say("search wrapped around");
                        } else {
                            app.note = None;
                        }
                    }
                    None => app.complain("no match"),
                }
            }
        }
        Msg::ExportExists(job) => {
            app.export.pending = Some(job);
            app.mode = Mode::ConfirmOverwrite;
        }
        Msg::ExportDone(r) => match r {
            Ok(e) => app.say(format!(
                "wrote {} events to {}",
                thousands(e.events as u64),
                e.path.display()
            )),
            Err(e) => app.complain(format!("export failed: {e}")),
        },
    }
    settle(app, &mut cmds);
    cmds
}

/// Keeps derived state consistent after any change.
fn settle(app: &mut App, cmds: &mut Vec<Cmd>) {
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

/// Re-runs the query over the rows loaded so far (throttled by the caller).
fn refresh(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.load.dirty = false;
    app.load.ticks_since_refresh = 0;
    let span = app.read_store().time_span();
    app.timeline.loaded_span = span;
    app.rerun_query(cmds);
}

/// Index in `rows` of `row`, or of where it would be (rows are in (time, row) order).
fn locate(store: &crate::model::EventStore, rows: &[u32], row: u32) -> usize {
    let key = |r: u32| (store.time.get(r as usize).copied().unwrap_or(UNDATED), r);
    let k = key(row);
    match rows.binary_search_by(|&r| key(r).cmp(&k)) {
        Ok(i) => i,
        Err(i) => i.min(rows.len().saturating_sub(1)),
    }
}

fn set_rows(app: &mut App, rows: Rows) {
    let anchor = app.selected();
    app.rows = rows;
    if let Some(a) = anchor {
        let st = app.read_store();
        let i = locate(&st, &app.rows, a);
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
    if app.mode == Mode::Fuzzy {
        fuzzy_candidates(app);
    }
}

fn recompute_timeline(app: &mut App) {
    let span = app.timeline.zoom.or(app.timeline.loaded_span);
    let w = app.viewport.timeline.width as usize;
    app.timeline.data = match span {
        Some(span) if w > 0 => {
            let st = app.read_store();
            Some(query::timeline(&st, &app.rows, span, w))
        }
        _ => None,
    };
}

fn load_done(app: &mut App, d: LoadDone, cmds: &mut Vec<Cmd>) {
    let remap = |r: u32| d.remap.get(r as usize).copied().filter(|&n| n != u32::MAX);
    let remap_rows = |rows: &[u32]| {
        let mut v: Vec<u32> = rows.iter().filter_map(|&r| remap(r)).collect();
        v.sort_unstable();
        Arc::new(v)
    };
    // Renumber everything that names rows, so the screen stays put until the new result.
    let sel = app.selected().and_then(remap);
    app.rows = remap_rows(&app.rows);
    app.cursor = match sel {
        Some(r) => app.rows.binary_search(&r).unwrap_or_else(|i| i),
        None => app.cursor,
    };
    app.marks.remap(&d.remap);
    app.detail.generation += 1;
    app.detail.row = app.detail.row.and_then(remap);
    if app.detail.bytes.is_none() && app.detail.error.is_none() {
        if let Some(row) = app.detail.row {
            cmds.push(Cmd::FetchDetail {
                generation: app.detail.generation,
                row,
            });
        }
    }
    if app.mode == Mode::Export {
        let (rows, marked) = app.export_rows();
        app.export.rows = rows;
        app.export.marked = marked;
    }
    if let Some(job) = &mut app.export.pending {
        job.rows = remap_rows(&job.rows);
        job.store_sorted = true;
    }
    app.cancel_search();
    app.load.loading = false;
    app.load.dirty = false;
    app.load.failed = d.failed.clone();
    app.load.warnings = d.warnings.clone();
    let span = app.read_store().time_span();
    app.timeline.loaded_span = span;
    recompute_timeline(app);
    let mut note = format!("loaded {} events", thousands(d.events));
    if d.duplicates > 0 {
        note.push_str(&format!(
            " ({} duplicates dropped)",
            thousands(d.duplicates)
        ));
    }
    note.push_str(&format!(" in {:.1}s", d.elapsed_ms as f64 / 1000.0));
    if !d.failed.is_empty() {
        app.load.done = Some(d);
        app.complain(format!("{note}; some files failed"));
    } else {
        app.load.done = Some(d);
        app.say(note);
    }
    app.rerun_query(cmds);
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

/// Replaces the filter text, runs it, and records it in the history.
fn set_filter(app: &mut App, text: String, cmds: &mut Vec<Cmd>) {
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
    st.time.get(row).copied().filter(|&t| t != UNDATED)
}

/// The bucket the cursor refers to: the timeline cursor when the timeline has focus, else the
/// selected event's bucket.
fn cursor_bucket(app: &App) -> Option<usize> {
    let t = app.timeline.data.as_ref()?;
    if app.focus == Focus::Timeline {
        return (!t.counts.is_empty()).then_some(app.timeline.cursor);
    }
    bucket_of(t, selected_time(app)?)
}

/// The bucket containing `time`.
pub fn bucket_of(t: &query::Timeline, time: i64) -> Option<usize> {
    if time < t.start || t.bucket_ms <= 0 {
        return None;
    }
    let b = ((time - t.start) / t.bucket_ms) as usize;
    (b < t.counts.len()).then_some(b)
}

fn zoom(app: &mut App, zoom_in: bool) {
    let Some(full) = app.timeline.loaded_span else {
        return;
    };
    let cur = app.timeline.zoom.unwrap_or(full);
    let center = match (app.focus, &app.timeline.data) {
        (Focus::Timeline, Some(t)) => {
            t.start + app.timeline.cursor as i64 * t.bucket_ms + t.bucket_ms / 2
        }
        _ => selected_time(app).unwrap_or((cur.0 + cur.1) / 2),
    };
    let len = (cur.1 - cur.0).max(1);
    let new_len = if zoom_in {
        (len / 2).max(MIN_ZOOM_MS)
    } else {
        len.saturating_mul(2)
    };
    if !zoom_in && new_len >= full.1 - full.0 {
        app.timeline.zoom = None;
    } else {
        let mut lo = center - new_len / 2;
        let mut hi = lo + new_len;
        if lo < full.0 {
            hi += full.0 - lo;
            lo = full.0;
        }
        if hi > full.1 {
            lo -= hi - full.1;
            hi = full.1;
        }
        app.timeline.zoom = Some((lo.max(full.0), hi));
    }
    recompute_timeline(app);
    if let Some(t) = &app.timeline.data {
        if let Some(b) = bucket_of(t, center) {
            app.timeline.cursor = b;
        }
    }
    if let Some(t) = &app.timeline.data {
        app.say(format!(
            "timeline: {} buckets",
            query::bucket_label(t.bucket_ms)
        ));
    }
}

/// `after:`/`before:` at the cursor's bucket: `start` sets the lower bound, else the upper.
fn narrow(app: &mut App, start: bool, end: bool, cmds: &mut Vec<Cmd>) {
    let (Some(b), Some(t)) = (cursor_bucket(app), app.timeline.data.as_ref()) else {
        app.complain("no timeline bucket under the cursor");
        return;
    };
    let from = t.start + b as i64 * t.bucket_ms;
    let to = from + t.bucket_ms;
    let mut text = filter_text(app);
    if start {
        text = filter_edit::set_bound(&text, "after", &format_utc(from));
    }
    if end {
        text = filter_edit::set_bound(&text, "before", &format_utc(to));
    }
    set_filter(app, text, cmds);
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

fn fuzzy_candidates(app: &mut App) {
    let field = query::FUZZY_FIELDS[app.fuzzy.field % query::FUZZY_FIELDS.len()].0;
    let st = app.store.read().unwrap_or_else(|e| e.into_inner());
    app.fuzzy.candidates = query::distinct_counts(&st, field, &app.rows);
    drop(st);
    fuzzy_rank(app);
}

fn fuzzy_rank(app: &mut App) {
    let st = app.store.read().unwrap_or_else(|e| e.into_inner());
    app.fuzzy.matches = query::rank(
        &st,
        &app.fuzzy.candidates,
        app.fuzzy.input.value(),
        FUZZY_LIMIT,
    );
    drop(st);
    app.fuzzy.selected = 0;
    app.fuzzy.top = 0;
}

fn search_words(app: &App) -> Vec<String> {
    if !app.search_term.is_empty() {
        return vec![app.search_term.clone()];
    }
    crate::query::Filter::parse(&app.filter.shown)
        .map(|f| f.bare_words())
        .unwrap_or_default()
}

fn find(app: &mut App, forward: bool, cmds: &mut Vec<Cmd>) {
    let words = search_words(app);
    if words.is_empty() {
        app.complain("no search term (set one with s, or put bare words in the filter)");
        return;
    }
    let rows = app.rows.clone();
    let from = app.cursor;
    app.say(format!("searching for {}…", words.join(" ")));
    app.start_search(rows, from, forward, words, cmds);
}

fn open_export(app: &mut App) {
    let (rows, marked) = app.export_rows();
    if rows.is_empty() {
        app.complain("nothing to export");
        return;
    }
    let prev = app.export.input.value().to_string();
    let path = if prev.trim().is_empty() {
        DEFAULT_EXPORT.to_string()
    } else {
        prev
    };
    app.export = ExportPrompt {
        input: Input::new(path),
        rows,
        marked,
        pending: None,
    };
    app.mode = Mode::Export;
}

fn toggle_extension(path: &str) -> String {
    let p = std::path::Path::new(path);
    let want = match ExportFormat::from_path(p) {
        ExportFormat::Records => "jsonl",
        ExportFormat::JsonLines => "json",
    };
    p.with_extension(want).to_string_lossy().into_owned()
}

fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    if a != Action::Yes && a != Action::No {
        // A key press dismisses the last note, except while a question is pending.
        if !matches!(app.mode, Mode::ConfirmOverwrite) {
            app.note = None;
        }
    }
    match app.mode.clone() {
        Mode::Normal => normal(app, a, cmds),
        Mode::Filter => match a {
            Action::Apply => {
                if let Some(e) = &app.filter.error {
                    let msg = format!("filter: {}", e);
                    app.complain(msg);
                } else {
                    let t = filter_text(app);
                    if t != app.filter.requested {
                        app.request_query(&t, cmds);
                    }
                    push_history(app, &t);
                    app.mode = Mode::Normal;
                }
            }
            Action::Back => {
                let t = app.filter.before_edit.clone();
                app.filter.input = Input::new(t.clone());
                app.filter.error = None;
                if t != app.filter.requested {
                    app.request_query(&t, cmds);
                }
                app.filter.history_pos = None;
                app.mode = Mode::Normal;
            }
            Action::Up | Action::Down => {
                let h = &app.filter.history;
                if h.is_empty() {
                    return;
                }
                let pos = match (a, app.filter.history_pos) {
                    (Action::Up, None) => Some(h.len() - 1),
                    (Action::Up, Some(p)) => Some(p.saturating_sub(1)),
                    (_, Some(p)) if p + 1 < h.len() => Some(p + 1),
                    _ => None,
                };
                let text = match pos {
                    Some(p) => h[p].clone(),
                    None => app.filter.before_edit.clone(),
                };
                app.filter.history_pos = pos;
                app.filter.input = Input::new(text.clone());
                app.request_query(&text, cmds);
            }
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Search => match a {
            Action::Apply => {
                app.search_term = app.search_input.value().trim().to_string();
                app.highlight = search_words(app);
                app.mode = Mode::Normal;
                find(app, true, cmds);
            }
            Action::Back => app.mode = Mode::Normal,
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Fuzzy => match a {
            Action::Up => app.fuzzy.selected = app.fuzzy.selected.saturating_sub(1),
            Action::Down => app.fuzzy.selected += 1,
            Action::PageUp => {
                app.fuzzy.selected = app
                    .fuzzy
                    .selected
                    .saturating_sub(app.viewport.popup_rows as usize)
            }
            Action::PageDown => app.fuzzy.selected += app.viewport.popup_rows as usize,
            Action::Next | Action::Prev => {
                let n = query::FUZZY_FIELDS.len();
                app.fuzzy.field = if a == Action::Next {
                    (app.fuzzy.field + 1) % n
                } else {
                    (app.fuzzy.field + n - 1) % n
                };
                fuzzy_candidates(app);
            }
            Action::Apply => {
                if let Some(m) = app.fuzzy.matches.get(app.fuzzy.selected) {
                    let short = query::FUZZY_FIELDS[app.fuzzy.field].1;
                    let value = app.read_store().strings.resolve(m.sym).to_string();
                    let term = query::filter_term(short, &value);
                    let text = filter_edit::add_term(&filter_text(app), &term);
                    set_filter(app, text, cmds);
                    app.mode = Mode::Normal;
                }
            }
            Action::Back => app.mode = Mode::Normal,
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Pivot => match a {
            Action::Up => app.pivot.selected = app.pivot.selected.saturating_sub(1),
            Action::Down => app.pivot.selected += 1,
            Action::Apply | Action::Add => {
                if let Some((_, term)) = app.pivot.entries.get(app.pivot.selected).cloned() {
                    let text = if a == Action::Add {
                        filter_edit::add_term(&filter_text(app), &term)
                    } else {
                        term
                    };
                    set_filter(app, text, cmds);
                    app.mode = Mode::Normal;
                }
            }
            Action::Back => app.mode = Mode::Normal,
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Export => match a {
            Action::Apply => {
                let path = app.export.input.value().trim().to_string();
                if path.is_empty() {
                    app.complain("type a file name");
                    return;
                }
                let path = std::path::PathBuf::from(path);
                let job = ExportJob {
                    format: ExportFormat::from_path(&path),
                    path,
                    rows: app.export.rows.clone(),
                    overwrite: false,
                    store_sorted: app.read_store().is_sorted(),
                };
                app.say(format!(
                    "exporting {} events to {}…",
                    thousands(job.rows.len() as u64),
                    job.path.display()
                ));
                cmds.push(Cmd::Export(job));
                app.mode = Mode::Normal;
            }
            Action::Next | Action::Prev => {
                let t = toggle_extension(app.export.input.value());
                app.export.input = Input::new(t);
            }
            Action::Back => app.mode = Mode::Normal,
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::ConfirmOverwrite => match a {
            Action::Yes => {
                if let Some(mut job) = app.export.pending.take() {
                    job.overwrite = true;
                    app.say(format!("overwriting {}…", job.path.display()));
                    cmds.push(Cmd::Export(job));
                }
                app.mode = Mode::Normal;
            }
            Action::No | Action::Back | Action::Apply => {
                if let Some(job) = app.export.pending.take() {
                    app.say(format!("not exported: {} exists", job.path.display()));
                }
                app.mode = Mode::Normal;
            }
            Action::Quit => quit(app, cmds),
            _ => {}
        },
        Mode::Help | Mode::Failed => match a {
            Action::Up => app.popup_scroll = app.popup_scroll.saturating_sub(1),
            Action::Down => app.popup_scroll += 1,
            Action::PageUp => {
                app.popup_scroll = app
                    .popup_scroll
                    .saturating_sub(app.viewport.popup_rows as usize)
            }
            Action::PageDown => app.popup_scroll += app.viewport.popup_rows as usize,
            Action::Top => app.popup_scroll = 0,
            Action::Quit => quit(app, cmds),
            _ => app.mode = Mode::Normal,
        },
    }
}

fn quit(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.quit = true;
    cmds.push(Cmd::Quit);
}

fn normal(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Quit => quit(app, cmds),
        Action::Help => {
            app.mode = Mode::Help;
            app.popup_scroll = 0;
        }
        Action::Up => vertical(app, -1),
        Action::Down => vertical(app, 1),
        Action::Left | Action::Right if app.focus == Focus::Timeline => {
            let c = app.timeline.cursor;
            app.timeline.cursor = if a == Action::Left {
                c.saturating_sub(1)
            } else {
                c + 1
            };
        }
        Action::Left | Action::Right => {}
        Action::Top => match app.focus {
            Focus::Detail => app.detail.scroll = 0,
            Focus::Timeline => app.timeline.cursor = 0,
            Focus::List => app.cursor = 0,
        },
        Action::Bottom => match app.focus {
            Focus::Detail => app.detail.scroll = usize::MAX / 2,
            Focus::Timeline => app.timeline.cursor = usize::MAX / 2,
            Focus::List => app.cursor = app.rows.len().saturating_sub(1),
        },
        Action::HalfPageUp => vertical(app, -(page(app) / 2).max(1)),
        Action::HalfPageDown => vertical(app, (page(app) / 2).max(1)),
        Action::PageUp => vertical(app, -page(app)),
        Action::PageDown => vertical(app, page(app)),
        Action::EditFilter => {
            app.filter.before_edit = filter_text(app);
            app.filter.history_pos = None;
            app.filter.input = Input::new(app.filter.before_edit.clone());
            app.mode = Mode::Filter;
        }
        Action::Search => {
            app.search_input = Input::new(app.search_term.clone());
            app.mode = Mode::Search;
        }
        Action::NextMatch => find(app, true, cmds),
        Action::PrevMatch => find(app, false, cmds),
        Action::Fuzzy => {
            app.fuzzy.input = Input::default();
            app.mode = Mode::Fuzzy;
            fuzzy_candidates(app);
        }
        Action::Pivot => {
            let Some(row) = app.selected() else {
                app.complain("no event selected");
                return;
            };
            let mut entries = query::pivots(&app.read_store(), row as usize);
            if let Some(l) = query::lineage(&app.read_store(), row as usize) {
                entries.push((
                    "lineage: this access key and the events that issued it".into(),
                    l,
                ));
            }
            app.pivot = PivotState {
                entries,
                selected: 0,
            };
            app.mode = Mode::Pivot;
        }
        Action::Next | Action::Prev => {
            let order = [Focus::List, Focus::Detail, Focus::Timeline];
            let i = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let j = if a == Action::Next {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            set_focus(app, order[j]);
        }
        Action::Mark => {
            if let Some(row) = app.selected() {
                if app.marks.toggle(row) {
                    app.marks.last = Some(row);
                }
                move_cursor(app, 1);
            }
        }
        Action::MarkRange => {
            let Some(row) = app.selected() else {
                return;
            };
            let from = match app.marks.last {
                Some(last) => {
                    let st = app.read_store();

                    locate(&st, &app.rows, last)
                }
                None => app.cursor,
            };
            let (a, b) = (from.min(app.cursor), from.max(app.cursor));
            let rows = app.rows.clone();
            for &r in &rows[a..=b] {
                app.marks.insert(r);
            }
            app.marks.last = Some(row);
            app.say(format!("{} marked", thousands(app.marks.count() as u64)));
        }
        Action::ClearMarks => {
            let n = app.marks.count();
            app.marks.clear();
            app.say(format!("cleared {} marks", thousands(n as u64)));
        }
        Action::Export => open_export(app),
        Action::Copy => match (&app.detail.bytes, app.detail.row == app.selected()) {
            (Some(b), true) => {
                let n = b.len();
                cmds.push(Cmd::Copy(b.to_vec()));
                app.say(format!(
                    "copied the record ({} bytes) to the clipboard",
                    thousands(n as u64)
                ));
            }
            _ => app.complain("the record is not loaded yet"),
        },
        Action::ToggleTz => {
            app.tz = match app.tz {
                Tz::Utc => Tz::Local,
                Tz::Local => Tz::Utc,
            }
        }
        Action::ToggleRaw => {
            app.detail.raw = !app.detail.raw;
            app.detail.scroll = 0;
            rewrap(app);
        }
        Action::ZoomIn => zoom(app, true),
        Action::ZoomOut => zoom(app, false),
        Action::SpanStart => narrow(app, true, false, cmds),
        Action::SpanEnd => narrow(app, false, true, cmds),
        Action::Apply => match app.focus {
            Focus::List => set_focus(app, Focus::Detail),
            Focus::Timeline => narrow(app, true, true, cmds),
            Focus::Detail => {}
        },
        Action::Back => {
            if app.focus != Focus::List {
                app.focus = Focus::List;
            }
        }
        Action::ShowFailed => {
            if app.load.failed.is_empty() && app.load.warnings.is_empty() {
                app.say("no file failed to load");
            } else {
                app.popup_scroll = 0;
                app.mode = Mode::Failed;
            }
        }
        Action::Add | Action::Yes | Action::No => {}
    }
}

fn input(app: &mut App, req: InputRequest, cmds: &mut Vec<Cmd>) {
    match app.mode {
        Mode::Filter => {
            let before = app.filter.input.value().to_string();
            app.filter.input.handle(req);
            if app.filter.input.value() != before {
                app.filter.history_pos = None;
                let t = filter_text(app);
                app.request_query(&t, cmds);
            }
        }
        Mode::Search => {
            app.search_input.handle(req);
        }
        Mode::Fuzzy => {
            let before = app.fuzzy.input.value().to_string();
            app.fuzzy.input.handle(req);
            if app.fuzzy.input.value() != before {
                fuzzy_rank(app);
            }
        }
        Mode::Export => {
            app.export.input.handle(req);
        }
        _ => {}
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    if app.mode != Mode::Normal {
        return;
    }
    let vp = app.viewport;
    if vp.list.contains(column, row) {
        let i = app.top + (row - vp.list.y) as usize;
        if i < app.rows.len() {
            app.cursor = i;
        }
        app.focus = Focus::List;
    } else if vp.detail.contains(column, row) {
        app.focus = Focus::Detail;
    } else if vp.timeline.contains(column, row) {
        app.focus = Focus::Timeline;
        app.timeline.cursor = (column - vp.timeline.x) as usize;
    }
}

fn wheel(app: &mut App, column: u16, row: u16, lines: i32) {
    let vp = app.viewport;
    match app.mode {
        Mode::Help | Mode::Failed => {
            app.popup_scroll = (app.popup_scroll as i64 + lines as i64).max(0) as usize;
        }
        Mode::Fuzzy => {
            app.fuzzy.selected = (app.fuzzy.selected as i64 + lines as i64).max(0) as usize;
        }
        Mode::Normal | Mode::Filter | Mode::Search => {
            if vp.detail.contains(column, row) {
                scroll_detail(app, lines as isize);
            } else if vp.list.contains(column, row) || !vp.timeline.contains(column, row) {
                // Scroll the view and drag the cursor along only when it would leave it.
                let n = app.rows.len();
                let h = (vp.list.height as usize).max(1);
                let max_top = n.saturating_sub(h);
                app.top = ((app.top as i64 + lines as i64).max(0) as usize).min(max_top);
                if app.cursor < app.top {
                    app.cursor = app.top;
                } else if app.cursor >= app.top + h {
                    app.cursor = app.top + h - 1;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
