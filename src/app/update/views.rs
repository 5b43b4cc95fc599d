//! The views menu (`v`) and the views' own keys: a saved filter replaces the filter.

use super::*;

/// Opens the views menu.
pub(super) fn open(app: &mut App) {
    if super::super::views::entries(app).is_empty() {
        app.complain("no named views: add [[views]] to the config file (trailscope config --path)");
        return;
    }
    app.views.selected = 0;
    app.mode = Mode::Views;
}

/// Applies config view `i` (its key while browsing).
pub(super) fn apply_config(app: &mut App, i: usize, cmds: &mut Vec<Cmd>) {
    if let Some(v) = app.views.config.get(i) {
        let (name, filter) = (v.name.clone(), v.filter.clone());
        set_filter(app, filter, cmds);
        app.say(format!("view: {name}"));
    }
}

/// A key in the views menu.
pub(super) fn action(app: &mut App, a: Action, cmds: &mut Vec<Cmd>) {
    let entries = super::super::views::entries(app);
    let n = entries.len();
    match a {
        Action::Up => app.views.selected = app.views.selected.saturating_sub(1),
        Action::Down => app.views.selected = (app.views.selected + 1).min(n.saturating_sub(1)),
        Action::Apply => {
            if let Some(e) = entries.get(app.views.selected) {
                app.mode = Mode::Normal;
                set_filter(app, e.filter.clone(), cmds);
                app.say(format!("view: {}", e.name));
            }
        }
        Action::Back => app.mode = Mode::Normal,
        Action::Quit => quit(app, cmds),
        _ => {}
    }
}
