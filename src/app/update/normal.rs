//! Browsing: keys in the normal mode.

use super::*;

/// A key while browsing.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Up
        | Action::Down
        | Action::Left
        | Action::Right
        | Action::Top
        | Action::Bottom
        | Action::HalfPageUp
        | Action::HalfPageDown
        | Action::PageUp
        | Action::PageDown => navigate(app, a),
        Action::Mark | Action::MarkRange | Action::ClearMarks | Action::Undo => {
            marking::action(app, a)
        }
        Action::Quit => quit(app, cmds),
        Action::Help => {
            app.mode = Mode::Help;
            app.popup_scroll = 0;
        }
        Action::EditFilter => filter::begin(app),
        Action::Search => {
            app.search_input = Input::new(app.search_term.clone());
            app.mode = Mode::Search;
        }
        Action::NextMatch => search::find(app, true, cmds),
        Action::PrevMatch => search::find(app, false, cmds),
        Action::Fuzzy => fuzzy::open(app, cmds),
        Action::Pivot => pivot::open(app),
        Action::Facets => facets::open(app, cmds),
        Action::Detections => super::detections::open(app),
        Action::Profile => profile::open(app, cmds),
        Action::Next | Action::Prev => {
            let order = [Focus::List, Focus::Detail, Focus::Timeline];
            let i = order.iter().position(|f| *f == app.focus).unwrap_or(0);
            let j = if a == Action::Next {
                (i + 1) % 3
            } else {
                (i + 2) % 3
            };
            set_focus(app, order[j]);
        }
        Action::Export => export::open_export(app),
        Action::Note => super::super::case::begin(app, super::super::case::NoteKind::Note),
        Action::Tag => super::super::case::begin(app, super::super::case::NoteKind::Tags),
        Action::Copy => match (&app.detail.bytes, app.detail.row == app.selected()) {
            (Some(b), true) => {
                let n = b.len();
                cmds.push(Cmd::Copy(b.to_vec()));
                app.say(format!(
                    "copied the record ({} bytes) to the clipboard",
                    thousands(n as u64)
                ));
            }
            _ => app.complain("the record is not loaded yet"),
        },
        Action::ToggleTz => {
            // UTC and the configured zone (local unless the config file says otherwise).
            app.tz = match app.tz {
                Tz::Utc => app.zone,
                _ => Tz::Utc,
            };
            // Times typed without an offset are read in the zone shown: read them again.
            if !app.filter.requested.is_empty() {
                app.rerun_query(cmds);
            }
        }
        Action::ToggleRaw => {
            app.detail.raw = !app.detail.raw;
            app.detail.scroll = 0;
            rewrap(app);
        }
        Action::ZoomIn => timeline::zoom(app, true),
        Action::ZoomOut => timeline::zoom(app, false),
        Action::SpanStart => timeline::narrow(app, true, false, cmds),
        Action::SpanEnd => timeline::narrow(app, false, true, cmds),
        Action::Apply => match app.focus {
            Focus::List => set_focus(app, Focus::Detail),
            Focus::Timeline => timeline::narrow(app, true, true, cmds),
            Focus::Detail => {}
        },
        Action::Back if app.search.running.is_some() => search::cancel(app),
        Action::Back => {
            if app.focus != Focus::List {
                app.focus = Focus::List;
            }
        }
        Action::ShowFailed => {
            let verify_problems = app
                .verify
                .done
                .as_ref()
                .is_some_and(|v| !v.problems.is_empty());
            if app.load.failed.is_empty() && app.load.warnings.is_empty() && !verify_problems {
                app.say("no file failed to load");
            } else {
                app.popup_scroll = 0;
                app.mode = Mode::Failed;
            }
        }
        Action::GoBack => back::back(app, cmds),
        Action::SortColumn => {
            let s = match &app.columns.custom {
                Some(cols) => {
                    crate::app::sort::next_in(&app.sort, &crate::app::sort::column_sorts(cols))
                }
                None => crate::app::sort::next_column(&app.sort),
            };
            app.set_sort(s, cmds);
        }
        Action::SortReverse => {
            let s = app.sort.reversed();
            app.set_sort(s, cmds);
        }
        Action::Compare => compare::open(app, cmds),
        Action::Lineage => tree::open(app),
        Action::Views => views::open(app),
        Action::View(i) => views::apply_config(app, i as usize, cmds),
        Action::Add
        | Action::Yes
        | Action::No
        | Action::Hotkey(_)
        | Action::Sort
        | Action::Exclude
        | Action::ToggleManifest => {}
    }
}

/// Moves the cursor of the focused pane (list row, detail scroll, timeline bucket).
fn navigate(app: &mut App, a: Action) {
    match a {
        Action::Up => vertical(app, -1),
        Action::Down => vertical(app, 1),
        Action::Left | Action::Right if app.focus == Focus::Timeline => {
            let c = app.timeline.cursor;
            app.timeline.cursor = if a == Action::Left {
                c.saturating_sub(1)
            } else {
                c + 1
            };
        }
        Action::Left | Action::Right => {}
        Action::Top => match app.focus {
            Focus::Detail => app.detail.scroll = 0,
            Focus::Timeline => app.timeline.cursor = 0,
            Focus::List => app.cursor = 0,
        },
        Action::Bottom => match app.focus {
            Focus::Detail => app.detail.scroll = usize::MAX / 2,
            Focus::Timeline => app.timeline.cursor = usize::MAX / 2,
            Focus::List => app.cursor = app.rows.len().saturating_sub(1),
        },
        Action::HalfPageUp => vertical(app, -(page(app) / 2).max(1)),
        Action::HalfPageDown => vertical(app, (page(app) / 2).max(1)),
        Action::PageUp => vertical(app, -page(app)),
        Action::PageDown => vertical(app, page(app)),
        _ => {}
    }
}
