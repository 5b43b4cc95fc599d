//! The detections view (`D`) and the answers of the detections job.

use super::*;
use crate::app::detections::{entries, step};

/// Opens the detections view.
pub(super) fn open(app: &mut App) {
    let e = entries(&app.read_store());
    app.detections.entries = e;
    app.detections.selected = step(&app.detections.entries, 0, true).unwrap_or(0);
    app.mode = Mode::Detections;
}

/// A key in the detections view.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let d = &mut app.detections;
    match a {
        Action::Up => {
            if let Some(i) = step(&d.entries, d.selected.saturating_sub(1), false) {
                d.selected = i;
            }
        }
        Action::Down => {
            if let Some(i) = step(&d.entries, d.selected + 1, true) {
                d.selected = i;
            }
        }
        Action::Apply | Action::Add => {
            let term = d.entries.get(d.selected).and_then(|e| e.term.clone());
            if let Some(term) = term {
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

/// The detections job finished: refresh what shows its results.
pub(super) fn done(app: &mut App, generation: u64, rows: usize, cmds: &mut Vec<Cmd>) {
    if generation != app.detections.generation {
        return;
    }
    app.detections.running = false;
    app.detections.cancel = None;
    app.detections.computed_rows = rows;
    if app.mode == Mode::Detections {
        let sel = app.detections.selected;
        let e = entries(&app.read_store());
        app.detections.entries = e;
        app.detections.selected = step(&app.detections.entries, sel, true)
            .or_else(|| step(&app.detections.entries, sel, false))
            .unwrap_or(0);
    }
    // A filter on detections has new answers.
    let shown = app.filter.shown.to_ascii_lowercase();
    if [
        "insight",
        "rule:",
        "level:",
        "tactic:",
        "technique:",
        "detect",
    ]
    .iter()
    .any(|t| shown.contains(t))
    {
        app.rerun_query(cmds);
    }
}
