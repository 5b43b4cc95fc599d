//! Read-only popups: help and failed files.

use super::*;

/// A key in a read-only popup (help, failed files).
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    match a {
        Action::Up => app.popup_scroll = app.popup_scroll.saturating_sub(1),
        Action::Down => app.popup_scroll += 1,
        // The end of the help (clamped below); the failed files' list has no known end here.
        Action::Bottom if app.mode == Mode::Help => app.popup_scroll = usize::MAX,
        Action::Bottom => {}
        Action::PageUp => {
            app.popup_scroll = app
                .popup_scroll
                .saturating_sub(app.viewport.popup_rows as usize)
        }
        Action::PageDown => app.popup_scroll += app.viewport.popup_rows as usize,
        Action::Top => app.popup_scroll = 0,
        Action::Quit => quit(app, cmds),
        _ => app.mode = Mode::Normal,
    }
    if app.mode == Mode::Help {
        app.popup_scroll = app.popup_scroll.min(app.viewport.help_scroll_max);
    }
}
