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

/// Opens the pivot menu for the selected event: the pivots that follow its record's data when
/// the detail pane has its bytes, else the column pivots until they arrive ([`record_arrived`]).
pub(super) fn open(app: &mut App) {
    let Some(row) = app.selected() else {
        app.complain("no event selected");
        return;
    };
    app.pivot = PivotState {
        entries: Vec::new(),
        selected: 0,
        row: Some(row),
        complete: false,
    };
    build(app);
    app.mode = Mode::Pivot;
}

/// (Re)builds the menu of the event it was opened on, with its record's bytes if fetched.
fn build(app: &mut App) {
    let Some(row) = app.pivot.row else { return };
    let bytes = app
        .detail
        .bytes
        .clone()
        .filter(|_| app.detail.row == Some(row));
    let entries = query::pivot_menu_with(&app.read_store(), row as usize, bytes.as_deref());
    app.pivot.complete = bytes.is_some();
    // Keep the item under the cursor when the record's pivots arrive above it.
    let cur = (app.pivot.selected > 0)
        .then(|| app.pivot.entries.get(app.pivot.selected))
        .flatten()
        .map(|p| p.term.clone());
    app.pivot.entries = entries;
    app.pivot.selected = cur
        .and_then(|t| app.pivot.entries.iter().position(|p| p.term == t))
        .unwrap_or(0);
}

/// The detail fetch answered: a menu opened before the record was read gets its data pivots.
pub(super) fn record_arrived(app: &mut App) {
    if app.mode == Mode::Pivot && !app.pivot.complete && app.detail.row == app.pivot.row {
        build(app);
    }
}
