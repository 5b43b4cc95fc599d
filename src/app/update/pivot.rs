//! The pivot menu: filters derived from the selected event.

use super::*;

/// A key in the pivot menu.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Up => app.pivot.selected = app.pivot.selected.saturating_sub(1),
        Action::Down => app.pivot.selected += 1,
        Action::Hotkey(c) => {
            // The item's own key applies it (replacing the filter, like Enter).
            match app.pivot.entries.iter().position(|p| p.key == Some(c)) {
                Some(i) => {
                    app.pivot.selected = i;
                    action(app, Action::Apply, cmds);
                }
                None => app.complain(format!("no pivot on '{}' for this event", c.escape_debug())),
            }
        }
        Action::Apply | Action::Add => {
            if let Some(term) = app
                .pivot
                .entries
                .get(app.pivot.selected)
                .map(|p| p.term.clone())
            {
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
    }
}

/// Opens the pivot menu for the selected event.
pub(super) fn open(app: &mut App) {
    let Some(row) = app.selected() else {
        app.complain("no event selected");
        return;
    };
    let entries = query::pivot_menu(&app.read_store(), row as usize);
    app.pivot = PivotState {
        entries,
        selected: 0,
    };
    app.mode = Mode::Pivot;
}
