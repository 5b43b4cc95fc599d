//! The lineage tree popup (`L`): the selected event's credential chain; `Enter` filters to a
//! node's subtree (`lineage:KEY`), `a` adds that to the filter.

use super::*;

/// A key in the lineage tree.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let n = app.tree.rows.len();
    let page = (app.viewport.popup_rows as usize).max(1);
    let t = &mut app.tree;
    match a {
        Action::Up => t.selected = t.selected.saturating_sub(1),
        Action::Down => t.selected += 1,
        Action::PageUp => t.selected = t.selected.saturating_sub(page),
        Action::PageDown => t.selected += page,
        Action::Top => t.selected = 0,
        Action::Bottom => t.selected = n.saturating_sub(1),
        Action::Apply | Action::Add => {
            if let Some(term) = t.rows.get(t.selected).map(|r| r.term.clone()) {
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
    let t = &mut app.tree;
    t.selected = t.selected.min(n.saturating_sub(1));
    if t.selected < t.top {
        t.top = t.selected;
    } else if t.selected >= t.top + page {
        t.top = t.selected + 1 - page;
    }
}

/// Opens the tree of the selected event's credentials (once the load is finalized: the graph
/// is built over the whole store).
pub(super) fn open(app: &mut App) {
    let Some(row) = app.selected() else {
        app.complain("no event selected");
        return;
    };
    if app.load.loading {
        app.complain("the credential graph is built when the load finishes");
        return;
    }
    let built = crate::app::tree::build(&app.read_store(), row as usize);
    match built {
        Some(t) => {
            app.tree = t;
            app.mode = Mode::Tree;
            // Keep the event's own node in view.
            let page = (app.viewport.popup_rows as usize).max(1);
            let t = &mut app.tree;
            if t.selected >= page {
                t.top = t.selected + 1 - page;
            }
        }
        None => app.say("this event was made without an access key and issued none"),
    }
}
