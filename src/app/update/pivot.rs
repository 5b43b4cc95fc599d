//! The pivot menu: filters derived from the selected event.

use super::*;

/// A key in the pivot menu.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
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
    }
}

/// Opens the pivot menu for the selected event.
pub(super) fn open(app: &mut App) {
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
