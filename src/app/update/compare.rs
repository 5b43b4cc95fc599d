//! The compare view in `update`: opening it on the pair `compare::choose` picks, the records'
//! arrival, scrolling both sides together and jumping between differences.

use super::*;
use crate::app::compare;

/// `d`: compare the marked pair, or the marked event with the one under the cursor.
pub(super) fn open(app: &mut App, cmds: &mut Vec<Cmd>) {
    let pair = {
        let st = app.read_store();
        compare::choose(&st, &app.marks, app.selected())
    };
    let Some(rows) = pair else {
        app.complain(compare::HOW);
        return;
    };
    let c = &mut app.compare;
    c.generation += 1;
    c.rows = Some(rows);
    c.loaded = None;
    c.scroll = 0;
    app.mode = Mode::Compare;
    cmds.push(Cmd::FetchCompare {
        generation: c.generation,
        rows,
    });
}

/// Both records were read and lined up.
pub(super) fn loaded(app: &mut App, generation: u64, loaded: Arc<compare::Loaded>) {
    if generation != app.compare.generation || app.mode != Mode::Compare {
        return;
    }
    let n = loaded.hunks.len();
    app.say(match n {
        0 => "the two records are the same".to_string(),
        1 => "1 difference (n/N to jump)".to_string(),
        n => format!("{n} differences (n/N to jump)"),
    });
    app.compare.loaded = Some(loaded);
    // Open on the first difference.
    if let Some((to, _)) = compare::jump(&app.compare.loaded.as_ref().unwrap().hunks, 0, true) {
        app.compare.scroll = to.min(app.compare.scroll.max(to));
    }
}

/// Rows of the view's body: the screen less its title, the two records' headings and the
/// status line (`ui::compare` lays it out the same way).
pub(super) fn body_rows(app: &App) -> usize {
    (app.viewport.height as usize).saturating_sub(4).max(1)
}

/// A key in the compare view.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let rows = app.compare.loaded.as_ref().map_or(0, |l| l.diff.len());
    let page = body_rows(app) as isize;
    let scroll = |app: &mut App, d: isize| {
        let s = app.compare.scroll as isize + d;
        app.compare.scroll = s.clamp(0, rows.saturating_sub(1) as isize) as usize;
    };
    match a {
        Action::Down => scroll(app, 1),
        Action::Up => scroll(app, -1),
        Action::PageDown => scroll(app, page),
        Action::PageUp => scroll(app, -page),
        Action::HalfPageDown => scroll(app, (page / 2).max(1)),
        Action::HalfPageUp => scroll(app, -(page / 2).max(1)),
        Action::Top => app.compare.scroll = 0,
        Action::Bottom => app.compare.scroll = rows.saturating_sub(page as usize),
        Action::NextMatch | Action::PrevMatch => {
            let forward = a == Action::NextMatch;
            let Some(l) = app.compare.loaded.clone() else {
                return;
            };
            match compare::jump(&l.hunks, app.compare.scroll, forward) {
                None => app.say("the two records are the same"),
                Some((to, wrapped)) => {
                    app.compare.scroll = to.min(rows.saturating_sub(1));
                    let i = l
                        .hunks
                        .iter()
                        .position(|&h| h.saturating_sub(2) == to)
                        .map_or(0, |i| i + 1);
                    let mut s = format!("difference {i} of {}", l.hunks.len());
                    if wrapped {
                        s.push_str(if forward {
                            " (from the top)"
                        } else {
                            " (from the bottom)"
                        });
                    }
                    app.say(s);
                }
            }
        }
        Action::Back | Action::Compare => {
            app.mode = Mode::Normal;
            app.compare.loaded = None;
        }
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}
