//! Marking events (`m`, `M`, `u`) while browsing.

use super::*;

/// A marking key while browsing.
pub(super) fn action(app: &mut App, a: Action) {
    match a {
        Action::Mark => {
            if let Some(row) = app.selected() {
                if app.marks.toggle(row) {
                    app.marks.last = Some(row);
                }
                move_cursor(app, 1);
            }
        }
        Action::MarkRange => {
            let Some(row) = app.selected() else {
                return;
            };
            let from = match app.marks.last {
                Some(last) => {
                    let st = app.read_store();

                    locate(&st, &app.rows, last)
                }
                None => app.cursor,
            };
            let (a, b) = (from.min(app.cursor), from.max(app.cursor));
            let rows = app.rows.clone();
            for &r in &rows[a..=b] {
                app.marks.insert(r);
            }
            app.marks.last = Some(row);
            app.say(format!("{} marked", thousands(app.marks.count() as u64)));
        }
        Action::ClearMarks => {
            let n = app.marks.count();
            app.marks.clear();
            app.say(format!("cleared {} marks", thousands(n as u64)));
        }
        _ => {}
    }
}
