//! The profile popup (`i`): the identity card of the selected event's principal, key, IP or
//! session.

use super::*;
use crate::app::profile::{tabs_for, ProfileState};
use std::sync::atomic::AtomicBool;

/// Opens the popup for the selected event, on its first tab.
pub(super) fn open(app: &mut App, cmds: &mut Vec<Cmd>) {
    let Some(row) = app.selected() else {
        app.complain("no event selected");
        return;
    };
    let tabs = tabs_for(&app.read_store(), row as usize);
    if tabs.is_empty() {
        app.complain("nothing to profile on this event");
        return;
    }
    cancel(app);
    let generation = app.profile.generation;
    app.profile = ProfileState {
        tabs,
        generation,
        ..ProfileState::default()
    };
    app.mode = Mode::Profile;
    request(app, cmds);
}

/// A key in the popup.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let page = (app.viewport.popup_rows as usize).max(1);
    let p = &mut app.profile;
    match a {
        Action::Next | Action::Prev | Action::Left | Action::Right => {
            let n = p.tabs.len().max(1);
            p.tab = if matches!(a, Action::Next | Action::Right) {
                (p.tab + 1) % n
            } else {
                (p.tab + n - 1) % n
            };
            request(app, cmds);
        }
        Action::Up => p.scroll = p.scroll.saturating_sub(1),
        Action::Down => p.scroll += 1,
        Action::PageUp => p.scroll = p.scroll.saturating_sub(page),
        Action::PageDown => p.scroll += page,
        Action::Top => p.scroll = 0,
        Action::Apply => {
            // Filter to the events profiled.
            if let Some(t) = p.tabs.get(p.tab) {
                let term = t.term.clone();
                cancel(app);
                set_filter(app, term, cmds);
                app.mode = Mode::Normal;
            }
        }
        Action::Back | Action::Profile => {
            cancel(app);
            app.mode = Mode::Normal;
        }
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}

/// Asks for the current tab's profile (the previous job is cancelled).
fn request(app: &mut App, cmds: &mut Vec<Cmd>) {
    cancel(app);
    let p = &mut app.profile;
    p.result = None;
    p.scroll = 0;
    let Some(t) = p.tabs.get(p.tab) else {
        return;
    };
    let filter = match crate::query::Filter::parse(&t.term) {
        Ok(f) => f,
        Err(e) => {
            let why = e.to_string();
            app.complain(format!("cannot profile: {why}"));
            return;
        }
    };
    let c = Arc::new(AtomicBool::new(false));
    p.cancel = Some(c.clone());
    cmds.push(Cmd::Profile {
        generation: p.generation,
        filter,
        cancel: c,
    });
}

/// Drops the profile in flight (its answer, if it comes, is for an old generation).
pub(super) fn cancel(app: &mut App) {
    let p = &mut app.profile;
    if let Some(c) = p.cancel.take() {
        c.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    p.generation += 1;
}

/// A profile answered: shown if it is the latest.
pub(super) fn answered(
    app: &mut App,
    generation: u64,
    profile: Arc<crate::query::profile::Profile>,
) {
    let p = &mut app.profile;
    if generation != p.generation || p.cancel.is_none() {
        return;
    }
    p.cancel = None;
    p.result = Some(profile);
}
