//! Marking events while browsing (`Space`, `V`, `C` to clear), each change undoable with `u`.

use super::*;

/// A marking key while browsing.
pub(super) fn action(app: &mut App, a: Action) {
    match a {
        Action::Mark => {
            if let Some(row) = app.selected() {
                let what = if app.marks.contains(row) {
                    "unmark"
                } else {
                    "mark"
                };
                app.marks.record(what, |m| {
                    if m.toggle(row) {
                        m.last = Some(row);
                    }
                });
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

                    locate(&st, &app.rows, last, app.sort.is_time_order())
                }
                None => app.cursor,
            };
            let (a, b) = (from.min(app.cursor), from.max(app.cursor));
            let rows = app.rows.clone();
            app.marks.record("mark a range", |m| {
                for &r in &rows[a..=b] {
                    m.insert(r);
                }
                m.last = Some(row);
            });
            app.say(format!("{} marked", thousands(app.marks.count() as u64)));
        }
        Action::ClearMarks => {
            let n = app.marks.count();
            if n == 0 {
                app.say("no marks to clear");
                return;
            }
            app.marks
                .record(format!("clear {} marks", thousands(n as u64)), |m| {
                    m.clear()
                });
            app.say(format!(
                "cleared {} marks (u brings them back)",
                thousands(n as u64)
            ));
        }
        Action::Undo => match app.marks.undo() {
            Some(c) => app.say(format!(
                "undone: {} ({} marked)",
                c.what,
                thousands(app.marks.count() as u64)
            )),
            None => app.say("nothing to undo"),
        },
        _ => {}
    }
}
