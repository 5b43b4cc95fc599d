//! The back stack in `update`: every filter change saves the view it leaves ([`save`], called
//! by `set_filter` — pivots, the fuzzy finder, timeline narrowing, group-by — and by an
//! applied typed filter), and `Backspace` ([`back`]) puts the newest one back.

use super::*;
use crate::app::history::View;

/// The view on screen now.
pub(super) fn current(app: &App) -> View {
    let filter = filter_text(app);
    // The result can be shown again at once only when it is complete and is this filter's.
    let complete = !app.load.loading && !app.query_running && app.filter.shown == filter;
    View {
        filter,
        row: app.selected(),
        cursor: app.cursor,
        top: app.top,
        focus: app.focus,
        zoom: app.timeline.zoom,
        timeline_cursor: app.timeline.cursor,
        rows: complete.then(|| app.rows.clone()),
    }
}

/// Saves `view` before its filter is replaced by `new` (nothing when the filter does not
/// change). A restore still waiting for its result is dropped: the user moved on.
pub(super) fn save(app: &mut App, view: View, new: &str) {
    app.history.restoring = None;
    if view.filter.trim() != new.trim() {
        app.history.push(view);
    }
}

/// `Backspace`: back to the previous view. Its result is shown at once when it was kept, else
/// its filter runs again and the cursor and scroll are put back when it answers.
pub(super) fn back(app: &mut App, cmds: &mut Vec<Cmd>) {
    let Some(v) = app.history.pop() else {
        app.say("no previous view to go back to");
        return;
    };
    app.history.restoring = None;
    app.filter.input = Input::new(v.filter.clone());
    app.filter.error = None;
    app.filter.history_pos = None;
    app.focus = v.focus;
    app.timeline.zoom = v.zoom;
    let left = app.history.len();
    let what = if v.filter.is_empty() {
        "every event".to_string()
    } else {
        v.filter.clone()
    };
    app.say(format!("back to {what} ({left} more to go back to)"));
    match v.rows.clone() {
        Some(rows) if !app.load.loading => {
            // Drop whatever query is running: its answer would replace the restored view.
            app.cancel_running();
            app.filter.requested = v.filter.clone();
            app.filter.shown = v.filter.clone();
            app.highlight = search_words(app);
            app.rows = rows;
            place(app, &v);
            recompute_timeline(app);
            app.timeline.cursor = v.timeline_cursor;
            // Kept in the order of its time: put it in today's (the cursor stays on its event).
            if !app.sort.is_time_order() || !app.rows.is_sorted() {
                app.resort(cmds);
            }
            if app.mode == Mode::Fuzzy {
                fuzzy_candidates(app, cmds);
            }
        }
        _ => {
            let text = v.filter.clone();
            app.history.restoring = Some(v);
            app.request_query(&text, cmds);
        }
    }
}

/// Puts the cursor and scroll of `v` back over the shown rows: on its row (at its index when
/// the row is still there, else where the row would be), the list scrolled as it was.
fn place(app: &mut App, v: &View) {
    let Some(row) = v.row else {
        app.cursor = 0;
        app.top = 0;
        return;
    };
    app.cursor = if app.rows.get(v.cursor) == Some(&row) {
        v.cursor
    } else {
        let st = app.read_store();
        locate(&st, &app.rows, row, app.sort.is_time_order())
    };
    app.top = v.top;
}

/// A result arrived and was shown: if it is the result of the view being restored, its cursor
/// and scroll go back where they were.
pub(super) fn result_shown(app: &mut App) {
    let Some(v) = app
        .history
        .restoring
        .take_if(|v| v.filter == app.filter.shown)
    else {
        return;
    };
    place(app, &v);
    recompute_timeline(app);
    app.timeline.cursor = v.timeline_cursor;
}
