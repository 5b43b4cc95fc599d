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
            fuzzy_candidates(app, cmds);
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
            fuzzy_rank(app, cmds);
        }
        Action::Back => app.mode = Mode::Normal,
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// Asks for the current field's values over the shown rows to be counted again, and ranked.
pub(super) fn fuzzy_candidates(app: &mut App, cmds: &mut Vec<Cmd>) {
    request(app, true, cmds);
}

/// Asks for every value matching the pattern (all of them, so the finder scrolls through every
/// one), in the chosen order; match indices are left to the renderer, for the rows it shows.
pub(super) fn fuzzy_rank(app: &mut App, cmds: &mut Vec<Cmd>) {
    request(app, false, cmds);
}

/// One [`Cmd::Fuzzy`] (the work is done off the UI thread; `answered` takes the result). The
/// previous job is cancelled, and the selection goes back to the top, as the matches change.
fn request(app: &mut App, recount: bool, cmds: &mut Vec<Cmd>) {
    let field = query::FUZZY_FIELDS[app.fuzzy.field % query::FUZZY_FIELDS.len()].0;
    let rows = app.rows.clone();
    let f = &mut app.fuzzy;
    if let Some(c) = f.cancel.take() {
        c.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    f.cancel = Some(cancel.clone());
    f.generation += 1;
    f.recount |= recount;
    let values = if f.recount {
        FuzzyValues::Count { field, rows }
    } else {
        FuzzyValues::Counted(f.candidates.clone())
    };
    f.selected = 0;
    f.top = 0;
    cmds.push(Cmd::Fuzzy {
        generation: f.generation,
        values,
        pattern: f.input.value().to_string(),
        order: f.sort,
        cancel,
    });
}

/// Drops any fuzzy job in flight (its answer, if it comes, is for an old generation).
pub(super) fn cancel(app: &mut App) {
    let f = &mut app.fuzzy;
    if let Some(c) = f.cancel.take() {
        c.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    f.generation += 1;
}

/// A fuzzy job answered: shown if it is the latest.
pub(super) fn answered(
    app: &mut App,
    generation: u64,
    candidates: Arc<Vec<(crate::model::Sym, u32)>>,
    matches: Vec<FuzzyMatch>,
) {
    let f = &mut app.fuzzy;
    if generation != f.generation {
        return;
    }
    f.cancel = None;
    f.recount = false;
    f.candidates = candidates;
    f.matches = matches;
}

/// Opens the fuzzy finder on the current field.
pub(super) fn open(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.fuzzy.input = Input::default();
    app.mode = Mode::Fuzzy;
    fuzzy_candidates(app, cmds);
}
