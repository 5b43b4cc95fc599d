//! The group-by popup (`c`): its field line and its groups.

use super::*;
use crate::app::facets::{self as fc, FacetsRun};
use std::sync::atomic::{AtomicBool, AtomicUsize};

/// Opens the popup on the field line (empty: the last field, `who` at first, is counted at
/// once; typing another one and Enter counts that).
pub(super) fn open(app: &mut App, cmds: &mut Vec<Cmd>) {
    app.mode = Mode::Facets;
    let f = &mut app.facets;
    f.editing = true;
    f.error = None;
    f.completing = None;
    f.input = Input::default();
    let text = if f.fields.is_empty() {
        fc::DEFAULT_FIELD.to_string()
    } else {
        f.fields.join(",")
    };
    count(app, &text, false, cmds);
}

/// A key in the popup.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    if app.facets.editing {
        return field_action(app, a, cmds);
    }
    let page = (app.viewport.popup_rows as usize).max(1);
    let f = &mut app.facets;
    match a {
        Action::Up => f.selected = f.selected.saturating_sub(1),
        Action::Down => f.selected += 1,
        Action::PageUp => f.selected = f.selected.saturating_sub(page),
        Action::PageDown => f.selected += page,
        Action::Top => f.selected = 0,
        Action::Bottom => f.selected = f.lines.len().saturating_sub(1),
        Action::EditFilter => {
            f.editing = true;
            f.completing = None;
        }
        Action::Sort => {
            f.sort = fc::next_sort(f.sort, f.fields.len() > 1);
            if let Some(r) = f.result.clone() {
                submit(app, GroupInput::Sorted(r), 0, cmds);
            }
        }
        Action::Apply | Action::Exclude => {
            let terms = f.terms_of(f.selected);
            if terms.is_empty() {
                return;
            }
            let negate = a == Action::Exclude;
            let mut text = filter_text(app);
            if negate && terms.len() == 2 {
                // Excluding an inner line excludes the pair, not every event of either value.
                let pair = terms
                    .iter()
                    .map(|(f, v)| fc::term(f, v.as_deref(), false))
                    .collect::<Vec<_>>()
                    .join(" ");
                text = filter_edit::add_term(&text, &format!("-({pair})"));
            } else {
                for (f, v) in &terms {
                    text = filter_edit::add_term(&text, &fc::term(f, v.as_deref(), negate));
                }
            }
            cancel(app);
            set_filter(app, text, cmds);
            app.mode = Mode::Normal;
        }
        Action::Back | Action::Facets => close(app),
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// A key on the field line.
fn field_action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Apply => {
            let text = app.facets.input.value().trim().to_string();
            if text.is_empty() {
                // Nothing typed: browse what is counted.
                app.facets.editing = false;
            } else if count(app, &text, false, cmds) {
                app.facets.editing = false;
                app.facets.input = Input::default();
            }
        }
        Action::Next => {
            let f = &mut app.facets;
            let (base, n) = match &f.completing {
                Some((base, n)) => (base.clone(), n + 1),
                None => (f.input.value().to_string(), 0),
            };
            match fc::complete(&base, n) {
                Some(t) => {
                    f.input = Input::new(t);
                    f.completing = Some((base, n));
                }
                None => f.error = Some(format!("no field starts with '{base}'")),
            }
        }
        Action::Down => app.facets.editing = false,
        Action::Back => {
            if app.facets.result.is_some() && !app.facets.input.value().is_empty() {
                // Back out of the edit, to the groups shown.
                app.facets.input = Input::default();
                app.facets.editing = false;
            } else {
                close(app);
            }
        }
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// The field line's text changed.
pub(super) fn edited(app: &mut App) {
    app.facets.completing = None;
    app.facets.error = None;
}

fn close(app: &mut App) {
    cancel(app);
    app.mode = Mode::Normal;
}

/// Parses `text` as one or two fields and asks for them to be counted over the shown rows
/// (`keep`: the groups shown stay until the new ones come); false (with the reason shown) when
/// it does not parse.
fn count(app: &mut App, text: &str, keep: bool, cmds: &mut Vec<Cmd>) -> bool {
    let fields = match query::parse_fields(text) {
        Ok(f) => f,
        Err(e) => {
            app.facets.error = Some(e.to_string());
            return false;
        }
    };
    if let [o, i] = &fields[..] {
        if o.name().eq_ignore_ascii_case(i.name()) {
            app.facets.error = Some(format!("'{}' twice: give two different fields", o.name()));
            return false;
        }
    }
    let f = &mut app.facets;
    f.error = None;
    if f.fields.len() != fields.len() && f.sort.key == query::SortKey::Distinct {
        f.sort = query::Sort::default();
    }
    f.fields = fields.iter().map(|g| g.name().to_string()).collect();
    if !keep {
        f.result = None;
        f.lines.clear();
        f.selected = 0;
        f.top = 0;
    }
    let total = query::records_to_read(&app.rows, &fields);
    let rows = app.rows.clone();
    submit(app, GroupInput::Count { fields, rows }, total, cmds);
    true
}

/// Counts the current fields again over the shown rows (the result changed under the popup).
pub(super) fn recount(app: &mut App, cmds: &mut Vec<Cmd>) {
    if app.facets.fields.is_empty() {
        return;
    }
    let text = app.facets.fields.join(",");
    count(app, &text, true, cmds);
}

/// One [`Cmd::Group`]; the previous one is cancelled.
fn submit(app: &mut App, input: GroupInput, total: usize, cmds: &mut Vec<Cmd>) {
    cancel(app);
    let f = &mut app.facets;
    let run = FacetsRun {
        done: Arc::new(AtomicUsize::new(0)),
        total,
        cancel: Arc::new(AtomicBool::new(false)),
    };
    cmds.push(Cmd::Group {
        generation: f.generation,
        input,
        sort: f.sort,
        done: run.done.clone(),
        cancel: run.cancel.clone(),
    });
    f.running = Some(run);
}

/// Drops the count in flight (its answer, if it comes, is for an old generation).
pub(super) fn cancel(app: &mut App) {
    let f = &mut app.facets;
    if let Some(r) = f.running.take() {
        r.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    f.generation += 1;
}

/// A count answered: shown if it is the latest.
pub(super) fn answered(
    app: &mut App,
    generation: u64,
    outcome: Arc<query::GroupOutcome>,
    unreadable: Vec<(String, String)>,
) {
    let f = &mut app.facets;
    // Answers carry the generation they were asked with; `submit` asked with the current one.
    if generation != f.generation || f.running.is_none() {
        return;
    }
    f.running = None;
    f.result = Some(outcome);
    f.relayout();
    if let Some((name, why)) = unreadable.first() {
        let more = unreadable.len() - 1;
        let tail = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        app.complain(format!(
            "not counted: {name}: {why}{tail}; its events are left out"
        ));
    }
}
