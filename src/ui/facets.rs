//! The group-by popup (`c`): the field line, the count's progress or the column header, and
//! the groups (outer values with their counts; nested, each outer value's distinct inner count
//! and its inner values indented under it).
//!
//! ```text
//! ╭ group by key → ip · 41 values · 2,805 events · most events · 1/87 ───────────╮
//! │  by ❯ key,ip                                                                   │
//! │      COUNT  VALUE                                                             │
//! │        42  AKIAIOSFODNN7EXAMPLE   (20 distinct)                                 │
//! │         8      203.0.113.12                                                    │
//! ╰ Enter add field:value  - add -field:value  s sort  / other field(s)  Esc close ╯
//! ```

use super::filter::input_line;
use super::popups::frame;
use super::{hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::facets::FacetLine;
use crate::app::{thousands, App};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;

/// Width of the count column.
const COUNT_W: usize = 11;

/// Draws the popup; the text cursor's position while the field line is edited.
pub fn render(app: &App, buf: &mut Buffer, popup: Rect) -> Option<Position> {
    let f = &app.facets;
    let by = f.fields.join(" → ");
    let mut title = vec![Span::styled("group by ", theme::title_focused())];
    sanitize::push(&mut title, &by, theme::title_focused());
    if let Some(r) = &f.result {
        title.push(Span::styled(
            format!(
                " · {} values · {} events · {}",
                thousands(r.groups.len() as u64),
                thousands(r.rows as u64),
                crate::app::facets::sort_name(f.sort)
            ),
            theme::title(),
        ));
        if !f.lines.is_empty() {
            title.push(Span::styled(
                format!(
                    " · {}/{}",
                    thousands(f.selected as u64 + 1),
                    thousands(f.lines.len() as u64)
                ),
                theme::title(),
            ));
        }
    }
    frame(buf, popup, title);
    let hints = hint_spans_fit(app.scope(), popup.width.saturating_sub(4));
    let hw = (super::spans_width(&hints) as u16).min(popup.width.saturating_sub(4));
    put(
        buf,
        popup.x + 2,
        popup.bottom().saturating_sub(1),
        hw,
        hints,
    );

    // Row 1: the field line (typed, or the fields counted).
    let r = Rect::new(popup.x + 2, popup.y + 1, popup.width.saturating_sub(4), 1);
    let mut pos = None;
    if f.editing {
        let p = input_line(
            buf,
            r,
            vec![Span::styled("by ❯ ", theme::prompt())],
            &f.input,
            &[],
            theme::row(),
        );
        pos = Some(p);
        if f.input.value().is_empty() {
            let hint = "a field (who, key, ip, name…), outer,inner (key,ip) or a JSON path \
                        (requestParameters.roleArn); Enter counts";
            put(
                buf,
                r.x + 5,
                r.y,
                r.width.saturating_sub(5),
                vec![Span::styled(hint, theme::dim())],
            );
        }
    } else {
        let mut spans = vec![Span::styled("by   ", theme::prompt())];
        sanitize::push(&mut spans, &f.fields.join(","), theme::row());
        spans.push(Span::styled("   (/ another field)", theme::dim()));
        put(buf, r.x, r.y, r.width, spans);
    }
    // Row 2: why the field cannot be counted, the count's progress, or the column header.
    let r2 = Rect::new(popup.x + 2, popup.y + 2, popup.width.saturating_sub(4), 1);
    if let Some(e) = &f.error {
        let mut spans = Vec::new();
        sanitize::push(&mut spans, e, theme::error());
        put(buf, r2.x, r2.y, r2.width, spans);
    } else if let Some(run) = &f.running {
        let text = if run.total > 0 {
            format!(
                "counting… {} / {} records read ({}%)",
                thousands(run.read() as u64),
                thousands(run.total as u64),
                run.read() * 100 / run.total
            )
        } else {
            "counting…".to_string()
        };
        put(
            buf,
            r2.x,
            r2.y,
            r2.width,
            vec![Span::styled(text, theme::note())],
        );
    } else if f.result.is_some() {
        put(
            buf,
            r2.x.saturating_sub(1),
            r2.y,
            r2.width,
            vec![Span::styled(
                format!("{:>w$}  VALUE", "COUNT", w = COUNT_W - 2),
                theme::header(),
            )],
        );
    }

    let area = popup_content(popup);
    let Some(res) = &f.result else {
        return pos;
    };
    if f.lines.is_empty() {
        put(
            buf,
            area.x + 2,
            area.y,
            area.width.saturating_sub(2),
            vec![Span::styled("no event to count", theme::dim())],
        );
        return pos;
    }
    let h = area.height as usize;
    let top = f.top.min(f.selected);
    let vw = (area.width as usize).saturating_sub(COUNT_W + 1);
    for (k, line) in f.lines.iter().enumerate().skip(top).take(h) {
        let y = area.y + (k - top) as u16;
        let sel = k == f.selected && !f.editing;
        let base = if sel { theme::selected() } else { theme::row() };
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        }
        let (g, indent, outer) = match *line {
            FacetLine::Outer(o) => (&res.groups[o as usize], "", true),
            FacetLine::Inner(o, i) => (&res.groups[o as usize].inner[i as usize], "    ", false),
        };
        let mut spans = vec![Span::styled(
            format!("{:>w$}  ", thousands(g.count as u64), w = COUNT_W - 2),
            base.patch(theme::dim()),
        )];
        let mut value = Vec::new();
        match &g.value {
            Some(v) => sanitize::push(&mut value, v, base),
            None => value.push(Span::styled("(missing)", base.patch(theme::dim()))),
        }
        let tail = if outer && f.fields.len() > 1 {
            format!("   ({} distinct)", thousands(g.distinct as u64))
        } else {
            String::new()
        };
        let room = vw.saturating_sub(indent.len() + tail.chars().count());
        spans.push(Span::styled(indent, base));
        spans.extend(sanitize::cut_middle(value, room));
        if !tail.is_empty() {
            spans.push(Span::styled(tail, base.patch(theme::dim())));
        }
        put(buf, area.x, y, area.width, spans);
    }
    pos
}
