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
    c.current = None;
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
    // Open on the first difference (scrolled only when it is below the first screen).
    app.compare.current = (n > 0).then_some(0);
    app.compare.scroll = 0;
    if let Some(&h) = loaded.hunks.first() {
        if h >= body_rows(app) {
            app.compare.scroll = compare::top_of(h);
        }
    }
    app.compare.loaded = Some(loaded);
    clamp(app);
}

/// Rows of the view's body: the screen less its title, the two records' headings and the
/// status line (`ui::compare` lays it out the same way).
pub(super) fn body_rows(app: &App) -> usize {
    (app.viewport.height as usize).saturating_sub(4).max(1)
}

/// Keeps the last row of the records at or above the bottom of the screen.
fn clamp(app: &mut App) {
    let stacked = app.viewport.width < compare::SIDE_BY_SIDE;
    let max = app
        .compare
        .loaded
        .as_ref()
        .map_or(0, |l| compare::max_scroll(&l.diff, body_rows(app), stacked));
    app.compare.scroll = app.compare.scroll.min(max);
}

/// Scrolls both records `d` rows (the mouse wheel, the keys).
pub(super) fn scroll_by(app: &mut App, d: isize) {
    app.compare.scroll = (app.compare.scroll as isize + d).max(0) as usize;
    app.compare.current = None;
    clamp(app);
}

/// A key in the compare view.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let page = body_rows(app) as isize;
    match a {
        Action::Down => scroll_by(app, 1),
        Action::Up => scroll_by(app, -1),
        Action::PageDown => scroll_by(app, page),
        Action::PageUp => scroll_by(app, -page),
        Action::HalfPageDown => scroll_by(app, (page / 2).max(1)),
        Action::HalfPageUp => scroll_by(app, -(page / 2).max(1)),
        Action::Top => scroll_by(app, isize::MIN / 2),
        Action::Bottom => scroll_by(app, isize::MAX / 2),
        Action::NextMatch | Action::PrevMatch => {
            let forward = a == Action::NextMatch;
            let Some(l) = app.compare.loaded.clone() else {
                return;
            };
            let c = &app.compare;
            match compare::jump(&l.hunks, c.scroll, c.current, forward) {
                None => app.say("the two records are the same"),
                Some((i, wrapped)) => {
                    app.compare.current = Some(i);
                    app.compare.scroll = compare::top_of(l.hunks[i]);
                    clamp(app);
                    let mut s = format!("difference {} of {}", i + 1, l.hunks.len());
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
