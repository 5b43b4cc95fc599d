//! The fuzzy finder over distinct field values.

use super::*;

/// A key in the fuzzy finder.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
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
        Action::Sort => {
            let f = &mut app.fuzzy;
            f.sort = f.sort.next(!f.input.value().is_empty());
            fuzzy_rank(app);
        }
        Action::Back => app.mode = Mode::Normal,
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

pub(super) fn fuzzy_candidates(app: &mut App) {
    let field = query::FUZZY_FIELDS[app.fuzzy.field % query::FUZZY_FIELDS.len()].0;
    let st = app.store.read().unwrap_or_else(|e| e.into_inner());
    app.fuzzy.candidates = query::distinct_counts(&st, field, &app.rows);
    drop(st);
    fuzzy_rank(app);
}

/// Every value matching the pattern (all of them, so the finder scrolls through every one), in
/// the chosen order; match indices are left to the renderer, for the rows it shows.
pub(super) fn fuzzy_rank(app: &mut App) {
    let st = app.store.read().unwrap_or_else(|e| e.into_inner());
    let f = &mut app.fuzzy;
    f.matches = query::fuzzy::rank_all(&st, &f.candidates, f.input.value());
    crate::app::fuzzy::sort(&st, &mut f.matches, f.sort);
    drop(st);
    app.fuzzy.selected = 0;
    app.fuzzy.top = 0;
}

/// Opens the fuzzy finder on the current field.
pub(super) fn open(app: &mut App) {
    app.fuzzy.input = Input::default();
    app.mode = Mode::Fuzzy;
    fuzzy_candidates(app);
}
