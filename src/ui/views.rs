//! The named views menu (`v`): the config file's views (with their keys), then the case's.

use super::popups::{frame, header};
use super::{hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::App;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// Draws the views menu.
pub fn render(app: &App, buf: &mut Buffer, popup: Rect) {
    frame(
        buf,
        popup,
        vec![Span::styled("named views", theme::title_focused())],
    );
    header(
        buf,
        popup,
        hint_spans_fit(app.scope(), popup.width.saturating_sub(3)),
    );
    let area = popup_content(popup);
    let entries = crate::app::views::entries(app);
    let top = app
        .views
        .selected
        .saturating_sub(area.height.saturating_sub(1) as usize);
    let name_w = entries
        .iter()
        .map(|e| sanitize::display_width(&e.name))
        .max()
        .unwrap_or(0)
        .min(32);
    for (i, e) in entries
        .iter()
        .enumerate()
        .skip(top)
        .take(area.height as usize)
    {
        let y = area.y + (i - top) as u16;
        let sel = i == app.views.selected;
        let base = if sel { theme::selected() } else { theme::row() };
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        }
        let key = e.key.as_deref().unwrap_or("");
        let mut spans = vec![
            Span::styled(" ", base),
            Span::styled(format!("{key:>9} "), base.patch(theme::key())),
            Span::styled(format!("{:<6} ", e.origin), base.patch(theme::dim())),
        ];
        let mut name = Vec::new();
        sanitize::push(&mut name, &e.name, base);
        let pad = name_w.saturating_sub(sanitize::spans_width(&name));
        spans.extend(sanitize::cut_middle(name, name_w));
        spans.push(Span::styled(" ".repeat(pad + 2), base));
        sanitize::push(&mut spans, &e.filter, base.patch(theme::dim()));
        put(buf, area.x, y, area.width, spans);
    }
}
