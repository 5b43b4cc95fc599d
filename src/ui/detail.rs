//! The detail pane: the selected record's original JSON, pretty-printed and coloured (or raw),
//! from the lines cached in the app state; only the visible lines are drawn.

use super::{put, rule, sanitize, theme};
use crate::app::{App, Focus};
use crate::model::{EventStore, SymField};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// Draws the title rule and the visible lines.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, title: Rect, r: Rect) {
    let d = &app.detail;
    let focused = app.focus == Focus::Detail;
    let ts = if focused {
        theme::title_focused()
    } else {
        theme::title()
    };
    let mut t = vec![Span::styled("detail", ts)];
    if let Some(row) = d.row.filter(|&r| (r as usize) < st.len()) {
        t.push(Span::styled(" · ", theme::rule()));
        sanitize::push(&mut t, st.str(SymField::Name, row as usize), ts);
        t.push(Span::styled(
            if d.raw { " · raw" } else { " · pretty" },
            theme::rule(),
        ));
        if d.lines.len() > r.height as usize {
            t.push(Span::styled(
                format!(
                    " · {}-{}/{}",
                    d.scroll + 1,
                    (d.scroll + r.height as usize).min(d.lines.len()),
                    d.lines.len()
                ),
                theme::rule(),
            ));
        }
    }
    rule(buf, title, t, focused);
    let msg = match (d.row, &d.bytes, &d.error) {
        (None, _, _) => Some(("no event selected".to_string(), theme::dim())),
        (_, _, Some(e)) => Some((format!("cannot show this record: {e}"), theme::error())),
        (_, None, _) => Some(("reading the record…".to_string(), theme::dim())),
        _ => None,
    };
    if let Some((m, s)) = msg {
        let mut spans = Vec::new();
        sanitize::push(&mut spans, &m, s);
        put(buf, r.x + 1, r.y, r.width.saturating_sub(1), spans);
        return;
    }
    for (i, line) in d
        .lines
        .iter()
        .skip(d.scroll)
        .take(r.height as usize)
        .enumerate()
    {
        let mut spans = vec![Span::raw(" ".repeat(line.indent as usize))];
        for seg in &line.segs {
            sanitize::push(&mut spans, &seg.text, theme::json(seg.kind));
        }
        put(buf, r.x, r.y + i as u16, r.width, spans);
    }
}
