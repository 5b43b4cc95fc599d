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
    }
}

/// An edit of the filter text (a key, or a whole paste): re-runs the query once when the text
/// changed.
pub(super) fn input(app: &mut App, edit: Edit, cmds: &mut Vec<Cmd>) {
    if apply_edit(&mut app.filter.input, edit) {
        app.filter.history_pos = None;
        let t = filter_text(app);
        app.request_query(&t, cmds);
    }
}
