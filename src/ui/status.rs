//! The status line: `<matching> / <total> events` (`<shown> shown · <loaded> loaded` while
//! loading), marks, the load gauge while loading,
//! failed files, the time zone, then a note or the parse error or key hints from the keymap.
//! In search mode it is the search prompt.

use super::{hint_spans_fit, put, sanitize, spans_width, theme, zone_instant, zone_label};
use crate::app::{thousands, Action, App, Mode, Scope};
use crate::model::EventStore;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

/// The first key bound to `action` in `scope` (in the keymap in force), for texts like
/// "press F".
pub fn key_for(scope: Scope, action: Action) -> String {
    crate::keys::key_for(scope, action)
}

fn sep() -> Span<'static> {
    Span::styled(" │ ", theme::rule())
}

/// A text gauge `▕████░░░░▏` of `done`/`total` in `w` cells.
pub fn gauge(done: u64, total: u64, w: usize) -> String {
    let filled = (done.min(total) * w as u64).checked_div(total).unwrap_or(0) as usize;
    format!("▕{}{}▏", "█".repeat(filled), "░".repeat(w - filled))
}

/// Draws the status line; returns the cursor position in search mode.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, r: Rect) -> Option<Position> {
    // While loading the two numbers are not "matching / total" yet: say what each is.
    let count = if app.load.loading {
        format!(
            "{} shown · {} loaded",
            thousands(app.rows.len() as u64),
            thousands(st.len() as u64)
        )
    } else {
        format!(
            "{} / {} events",
            thousands(app.rows.len() as u64),
            thousands(st.len() as u64)
        )
    };
    let mut s = vec![Span::styled(count, theme::header())];
    if app.mode == Mode::Search {
        // The count stays; the rest of the line is the search prompt.
        s.push(sep());
        s.push(Span::styled("search ❯ ", theme::prompt()));
        let w = spans_width(&s) as u16;
        let count: Vec<Span<'static>> = s.drain(..s.len() - 1).collect();
        put(buf, r.x, r.y, w.min(r.width), count);
        let prompt = s;
        let at = w - spans_width(&prompt) as u16;
        let rest = Rect::new(r.x + at.min(r.width), r.y, r.width.saturating_sub(at), 1);
        let pos =
            super::filter::input_line(buf, rest, prompt, &app.search_input, &[], theme::row());
        return Some(pos);
    }
    if app.query_running && !app.load.loading {
        s.push(Span::styled(" …", theme::dim()));
    }
    if app.marks.count() > 0 {
        s.push(sep());
        s.push(Span::styled(
            format!("{} marked", thousands(app.marks.count() as u64)),
            theme::mark(),
        ));
    }
    if !app.sort.is_time_order() {
        // The order in words too: the header's ▲/▼ may sit on a column the width left out.
        s.push(sep());
        s.push(Span::styled(
            format!(
                "sort {} {}",
                app.sort.name(),
                crate::app::sort::arrow(&app.sort)
            ),
            theme::header_sorted(),
        ));
    }
    if !app.history.is_empty() {
        // The back stack: how many views Backspace can go back through (⌫ is its key cap).
        let key = match key_for(Scope::Normal, Action::GoBack) {
            k if k == "Backspace" => "⌫".to_string(),
            k => k,
        };
        s.push(sep());
        s.push(Span::styled(
            format!("{key} back ({})", app.history.len()),
            theme::dim(),
        ));
    }
    if app.load.loading {
        let p = &app.load.progress;
        s.push(sep());
        s.push(Span::styled("loading ", theme::gauge()));
        if p.files_total == 0 {
            s.push(Span::styled("(finding files…)", theme::gauge()));
        } else {
            s.push(Span::styled(
                gauge(p.files_done, p.files_total, 10),
                theme::gauge(),
            ));
            s.push(Span::styled(
                format!(
                    " {}/{} files",
                    thousands(p.files_done),
                    thousands(p.files_total)
                ),
                theme::gauge(),
            ));
        }
        if let Some(rate) = (p.events * 1000).checked_div(p.elapsed_ms) {
            s.push(Span::styled(
                format!(" · {} ev/s", thousands(rate)),
                theme::gauge(),
            ));
        }
    }
    let failed = if app.load.loading {
        app.load.progress.failed as usize
    } else {
        app.load.failed.len()
    };
    if failed > 0 {
        s.push(sep());
        s.push(Span::styled(
            format!(
                "{} file{} failed ({})",
                thousands(failed as u64),
                if failed == 1 { "" } else { "s" },
                key_for(Scope::Normal, Action::ShowFailed)
            ),
            theme::error(),
        ));
    }
    if !app.load.loading && !app.load.warnings.is_empty() {
        // Read in part (events may be lost) apart from warnings that lose nothing.
        let part = app
            .load
            .warnings
            .iter()
            .filter(|p| p.loses_events())
            .count();
        let warned = app.load.warnings.len() - part;
        for (n, what) in [(part, "read in part"), (warned, "with a warning")] {
            if n == 0 {
                continue;
            }
            s.push(sep());
            s.push(Span::styled(
                format!(
                    "{} file{} {what} ({})",
                    thousands(n as u64),
                    if n == 1 { "" } else { "s" },
                    key_for(Scope::Normal, Action::ShowFailed)
                ),
                theme::mark(),
            ));
        }
    }
    if app.verify.running && app.verify.done.is_none() {
        s.push(sep());
        s.push(Span::styled("verifying…", theme::dim()));
    } else if let Some(v) = app.verify.done.as_ref().filter(|_| app.verify.shown()) {
        s.push(sep());
        let bad = v.modified + v.not_covered + v.no_digest;
        if bad + v.other == 0 {
            s.push(Span::styled(
                format!("✓ {} files verified", thousands(v.verified as u64)),
                theme::dim(),
            ));
        } else {
            let mut parts = vec![format!("✓ {}", thousands(v.verified as u64))];
            for (n, what) in [
                (v.modified, "≠ modified"),
                (v.not_covered, "? not covered"),
                (v.no_digest, "· no digest"),
            ] {
                if n > 0 {
                    parts.push(format!("{} {what}", thousands(n as u64)));
                }
            }
            if v.other > 0 {
                parts.push(format!("{} chain problems", thousands(v.other as u64)));
            }
            s.push(Span::styled(
                format!(
                    "{} ({})",
                    parts.join(" · "),
                    key_for(Scope::Normal, Action::ShowFailed)
                ),
                theme::error(),
            ));
        }
    }
    s.push(sep());
    sanitize::push(
        &mut s,
        &zone_label(app.tz, zone_instant(app), false),
        theme::dim(),
    );
    s.push(sep());
    if let (Mode::Filter, Some(e)) = (&app.mode, &app.filter.error) {
        sanitize::push(&mut s, &format!("✗ {e}"), theme::error());
    } else if let Some(n) = &app.note {
        if n.error && !n.text.starts_with('✗') {
            s.push(Span::styled("✗ ", theme::error()));
        }
        sanitize::push(
            &mut s,
            &n.text,
            if n.error {
                theme::error()
            } else {
                theme::note()
            },
        );
    } else {
        let room = r.width.saturating_sub(spans_width(&s) as u16);
        s.extend(hint_spans_fit(app.scope(), room));
    }
    put(buf, r.x, r.y, r.width, s);
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn gauge_fills() {
        assert_eq!(super::gauge(5, 10, 4), "▕██░░▏");
        assert_eq!(super::gauge(0, 0, 2), "▕░░▏");
    }
}
