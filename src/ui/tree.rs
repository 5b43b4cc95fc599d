//! The lineage tree popup: the root of the selected event's credentials on top, then one line
//! per credential, indented under the session that issued it:
//!
//! ```text
//! ╭ credential lineage ──────────────────────────────────────────────────────╮
//! │ Enter filter to the subtree  a add to filter  k previous  j next  Esc    │
//! │ root: long-term key AKIA… (not issued in the loaded events)              │
//! │ AKIA…   120 events · 3 errors · 10.0.0.1 ×118, 10.0.0.2 ×2 · 11:42–12:40 │
//! │ ├─ ASIA…  13 events · 192.168.10.20 ×13 · 12:03–12:10 · by AssumeRole …  │
//! │ │  └─ ASIA…  ◀ this event …                                              │
//! ```
//!
//! Keys, identities, IPs and event names are log text: every piece passes the sanitiser.

use super::{fmt_time, hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::{App, Tz};
use crate::model::UNDATED;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

/// IPs listed per node before `+N more`.
const IPS_SHOWN: usize = 3;

/// Draws the tree popup over `popup`.
pub fn render(app: &App, buf: &mut Buffer, popup: Rect) {
    Clear.render(popup, buf);
    let n = app.tree.rows.iter().filter(|r| !r.key.is_empty()).count();
    let title = Line::from(vec![
        Span::styled(" ", theme::popup_border()),
        Span::styled("credential lineage", theme::title_focused()),
        Span::styled(
            format!(" · {n} credential{} ", if n == 1 { "" } else { "s" }),
            theme::dim(),
        ),
    ]);
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme::popup_border())
        .title(title)
        .render(popup, buf);
    let inner_w = popup.width.saturating_sub(2);
    put(
        buf,
        popup.x + 2,
        popup.y + 1,
        inner_w.saturating_sub(1),
        hint_spans_fit(app.scope(), inner_w.saturating_sub(1)),
    );
    let mut root = vec![Span::styled("root: ", theme::header())];
    sanitize::push(&mut root, &app.tree.root, theme::row());
    put(
        buf,
        popup.x + 2,
        popup.y + 2,
        inner_w.saturating_sub(1),
        root,
    );
    let area = popup_content(popup);
    let t = &app.tree;
    for (i, r) in t
        .rows
        .iter()
        .enumerate()
        .skip(t.top)
        .take(area.height as usize)
    {
        let y = area.y + (i - t.top) as u16;
        let sel = i == t.selected;
        let base = if sel { theme::selected() } else { theme::row() };
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        }
        let dim = base.patch(theme::dim());
        let mut s = vec![Span::styled(" ", base)];
        s.push(Span::styled(r.guides.clone(), base.patch(theme::rule())));
        let key_style = if r.on_chain {
            base.patch(theme::key())
        } else {
            base
        };
        if r.key.is_empty() {
            // The root event: what issued the tree, and all that was done under it.
            s.push(Span::styled("● ", base.patch(theme::key())));
            sanitize::push(&mut s, &r.issued, base.patch(theme::header()));
            s.push(Span::styled(
                format!(
                    "  {} event{} under it",
                    r.events,
                    if r.events == 1 { "" } else { "s" }
                ),
                dim,
            ));
            if r.errors > 0 {
                s.push(Span::styled(" · ", dim));
                s.push(Span::styled(
                    format!("{} error{}", r.errors, if r.errors == 1 { "" } else { "s" }),
                    base.patch(theme::error()),
                ));
            }
            put(buf, area.x, y, area.width, s);
            continue;
        }
        sanitize::push(&mut s, &r.key, key_style);
        if r.this_event {
            s.push(Span::styled(" ◀ this event", base.patch(theme::mark())));
        }
        s.push(Span::styled(
            format!(
                "  {} event{}",
                r.events,
                if r.events == 1 { "" } else { "s" }
            ),
            base,
        ));
        if r.errors > 0 {
            s.push(Span::styled(" · ", dim));
            s.push(Span::styled(
                format!("{} error{}", r.errors, if r.errors == 1 { "" } else { "s" }),
                base.patch(theme::error()),
            ));
        }
        if !r.ips.is_empty() {
            s.push(Span::styled(" · ", dim));
            for (j, (ip, c)) in r.ips.iter().take(IPS_SHOWN).enumerate() {
                if j > 0 {
                    s.push(Span::styled(", ", dim));
                }
                sanitize::push(&mut s, ip, base);
                s.push(Span::styled(format!(" ×{c}"), dim));
            }
            if r.ips.len() > IPS_SHOWN {
                s.push(Span::styled(
                    format!(" +{} more", r.ips.len() - IPS_SHOWN),
                    dim,
                ));
            }
        }
        if r.first != UNDATED {
            s.push(Span::styled(" · ", dim));
            let short = super::list::one_year(app.timeline.loaded_span, app.tz);
            s.push(Span::styled(
                span_text(r.first, r.last, app.tz, short),
                base,
            ));
        }
        for f in &r.flags {
            s.push(Span::styled(" · ", dim));
            s.push(Span::styled(f.to_string(), base.patch(theme::error())));
        }
        if !r.who.is_empty() {
            s.push(Span::styled(" · ", dim));
            sanitize::push(&mut s, &r.who, base);
        }
        if !r.issued.is_empty() {
            s.push(Span::styled(" · issued by ", dim));
            sanitize::push(&mut s, &r.issued, dim);
        }
        put(buf, area.x, y, area.width, s);
    }
}

/// `MM-DD 12:03:30–12:10:05` (the date added to the end when it is another day; `short`: without
/// the year, when every loaded event is in one year).
fn span_text(first: i64, last: i64, tz: Tz, short: bool) -> String {
    let a = fmt_time(first, tz, short);
    let b = fmt_time(last, tz, short);
    // fmt_time is `[YYYY-]MM-DD HH:MM:SS`.
    let (da, ta) = a.split_once(' ').unwrap_or(("", &a));
    let (db, tb) = b.split_once(' ').unwrap_or(("", &b));
    if first == last {
        format!("{da} {ta}")
    } else if da == db {
        format!("{da} {ta}–{tb}")
    } else {
        format!("{da} {ta}–{db} {tb}")
    }
}
