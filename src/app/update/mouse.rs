//! Mouse: clicks select and focus, the wheel scrolls.

use super::*;

pub(super) fn click(app: &mut App, column: u16, row: u16) {
    if app.mode != Mode::Normal {
        return;
    }
    let vp = app.viewport;
    if vp.list.contains(column, row) {
        let i = app.top + (row - vp.list.y) as usize;
        if i < app.rows.len() {
            app.cursor = i;
        }
        app.focus = Focus::List;
    } else if vp.detail.contains(column, row) {
        app.focus = Focus::Detail;
    } else if vp.timeline.contains(column, row) {
        app.focus = Focus::Timeline;
        app.timeline.cursor = (column - vp.timeline.x) as usize;
    }
}

pub(super) fn wheel(app: &mut App, column: u16, row: u16, lines: i32) {
    let vp = app.viewport;
    match app.mode {
        Mode::Help | Mode::Failed => {
            app.popup_scroll = (app.popup_scroll as i64 + lines as i64).max(0) as usize;
        }
        Mode::Fuzzy => {
            app.fuzzy.selected = (app.fuzzy.selected as i64 + lines as i64).max(0) as usize;
        }
        Mode::Compare => super::compare::scroll_by(app, lines as isize),
        Mode::Normal | Mode::Filter | Mode::Search => {
            if vp.detail.contains(column, row) {
                scroll_detail(app, lines as isize);
            } else if vp.list.contains(column, row) || !vp.timeline.contains(column, row) {
                // Scroll the view and drag the cursor along only when it would leave it.
                let n = app.rows.len();
                let h = (vp.list.height as usize).max(1);
                let max_top = n.saturating_sub(h);
                app.top = ((app.top as i64 + lines as i64).max(0) as usize).min(max_top);
                if app.cursor < app.top {
                    app.cursor = app.top;
                } else if app.cursor >= app.top + h {
                    app.cursor = app.top + h - 1;
                }
            }
        }
        _ => {}
    }
}
