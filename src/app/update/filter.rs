//! The filter line: live editing, history, apply and back out.

use super::*;

/// A key on the filter line.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Apply => {
            if let Some(e) = &app.filter.error {
                let msg = format!("filter: {}", e);
                app.complain(msg);
            } else {
                let t = filter_text(app);
                if let Some(v) = app.history.editing.take() {
                    back::save(app, v, &t);
                }
                if t != app.filter.requested {
                    app.request_query(&t, cmds);
                }
                push_history(app, &t);
                app.filter.applied = None;
                app.mode = Mode::Normal;
            }
        }
        Action::Back => {
            app.history.editing = None;
            let t = app.filter.before_edit.clone();
            app.filter.input = Input::new(t.clone());
            app.filter.error = None;
            if t != app.filter.requested {
                app.request_query(&t, cmds);
            }
            app.filter.history_pos = None;
            app.filter.applied = None;
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
            live(app, &text, cmds);
        }
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// An edit of the filter text (a key, or a whole paste): re-runs the query once when the text
/// changed.
pub(super) fn input(app: &mut App, edit: Edit, cmds: &mut Vec<Cmd>) {
    if apply_edit(&mut app.filter.input, edit) {
        app.filter.history_pos = None;
        let t = filter_text(app);
        live(app, &t, cmds);
    }
}

/// Starts editing: remembers the filter in effect and, when the store is complete, its result.
pub(super) fn begin(app: &mut App) {
    let text = filter_text(app);
    app.filter.applied = (!app.load.loading && !app.query_running && app.filter.shown == text)
        .then(|| (text.clone(), app.rows.clone()));
    app.filter.before_edit = text.clone();
    app.history.editing = Some(back::current(app));
    app.filter.history_pos = None;
    app.filter.input = Input::new(text);
    app.mode = Mode::Filter;
}

/// Runs the typed text live. While it does not parse, the list shows the result of the filter
/// in effect before editing — never the result of a half-typed prefix of the text (issue 9.3:
/// `sharedEventID:*` must not show what the bare word `sharedEventID` found).
fn live(app: &mut App, text: &str, cmds: &mut Vec<Cmd>) {
    app.request_query(text, cmds);
    if app.filter.error.is_none() {
        return;
    }
    let applied = app.filter.before_edit.clone();
    if app.filter.requested == applied {
        return;
    }
    match app.filter.applied.clone() {
        Some((t, rows)) if t == applied && !app.load.loading => {
            // Its result is at hand: show it at once, and drop the prefix's query.
            if let Some(c) = app.query_cancel.take() {
                c.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            app.query_gen += 1;
            app.query_running = false;
            app.filter.requested = applied.clone();
            app.filter.shown = applied;
            app.highlight = search_words(app);
            set_rows(app, rows, cmds);
        }
        _ => {
            if let Ok(f) = crate::query::Filter::parse(&applied) {
                app.send_query(f, cmds);
            }
        }
    }
}
