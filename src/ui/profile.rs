//! The profile popup (`i`): tabs for the selected event's who / key / IP / session, and the
//! identity card of the chosen one (figures, then each list's values with their counts).
//!
//! ```text
//! ╭ profile · who: bert-jan ──────────────────────────────────────────────────────╮
//! │  who  key  IP  session                                                         │
//! │  filter who:bert-jan                                                           │
//! │ events          2,642 · first 2023-07-10 11:54:33 · last 12:34:46              │
//! │ errors          239 (9.0%) · writes 508                                        │
//! │ source IPs (6)                                                                 │
//! │      2,104  192.168.10.20                                                      │
//! ╰ Tab next tab  Enter filter to these events  Esc close ─────────────────────────╯
//! ```

use super::popups::frame;
use super::{fmt_time, hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::{thousands, App};
use crate::model::time::format_in;
use crate::query::profile::Profile;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// Values of each list shown.
const LIST_LIMIT: usize = 8;

/// Draws the popup.
pub fn render(app: &App, buf: &mut Buffer, popup: Rect) {
    let p = &app.profile;
    let tab = p.tabs.get(p.tab);
    let mut title = vec![Span::styled("profile", theme::title_focused())];
    if let Some(t) = tab {
        title.push(Span::styled(format!(" · {}: ", t.name), theme::title()));
        let mut v = Vec::new();
        sanitize::push(&mut v, &t.value, theme::title());
        title.extend(sanitize::cut_middle(
            v,
            popup.width.saturating_sub(30) as usize,
        ));
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
    // Row 1: the tabs; row 2: the filter of the chosen one.
    let mut tabs = Vec::new();
    for (i, t) in p.tabs.iter().enumerate() {
        let style = if i == p.tab {
            theme::selected()
        } else {
            theme::dim()
        };
        tabs.push(Span::styled(format!(" {} ", t.name), style));
    }
    put(
        buf,
        popup.x + 2,
        popup.y + 1,
        popup.width.saturating_sub(4),
        tabs,
    );
    if let Some(t) = tab {
        let mut f = vec![Span::styled("filter ", theme::dim())];
        sanitize::push(&mut f, &t.term, theme::row());
        put(
            buf,
            popup.x + 2,
            popup.y + 2,
            popup.width.saturating_sub(4),
            f,
        );
    }
    let area = popup_content(popup);
    let Some(res) = &p.result else {
        put(
            buf,
            area.x + 1,
            area.y,
            area.width.saturating_sub(2),
            vec![Span::styled("computing…", theme::note())],
        );
        return;
    };
    let w = area.width.saturating_sub(2) as usize;
    let lines = lines(app, res, w);
    let max = lines.len().saturating_sub(area.height as usize);
    for (i, l) in lines
        .into_iter()
        .skip(p.scroll.min(max))
        .take(area.height as usize)
        .enumerate()
    {
        put(
            buf,
            area.x + 1,
            area.y + i as u16,
            area.width.saturating_sub(2),
            l,
        );
    }
}

/// The card's lines at width `w`.
fn lines(app: &App, p: &Profile, w: usize) -> Vec<Vec<Span<'static>>> {
    let mut out: Vec<Vec<Span<'static>>> = Vec::new();
    let n = |x: usize| thousands(x as u64);
    let key = |k: &str| Span::styled(format!("{k:<16}"), theme::key());
    let t = |x: Option<i64>| x.map_or_else(|| "-".to_string(), |ms| fmt_time(ms, app.tz, false));
    let day = |ms: i64| format_in(ms, app.tz, "%Y-%m-%d");
    out.push(vec![
        key("events"),
        Span::styled(
            format!(
                "{} · first {} · last {}",
                n(p.events),
                t(p.first),
                match (p.first, p.last) {
                    // Within one day the last time needs no date (it fits at 80 columns).
                    (Some(a), Some(b)) if day(a) == day(b) => format_in(b, app.tz, "%H:%M:%S"),
                    _ => t(p.last),
                }
            ),
            theme::row(),
        ),
    ]);
    let err_style = if p.errors > 0 {
        theme::error()
    } else {
        theme::row()
    };
    out.push(vec![
        key("errors"),
        Span::styled(
            format!("{} ({:.1}%)", n(p.errors), p.error_rate() * 100.0),
            err_style,
        ),
        Span::styled(format!(" · writes {}", n(p.writes)), theme::row()),
    ]);
    let l = &p.logins;
    if l.total > 0 {
        let style = if l.success_without_mfa > 0 {
            theme::error()
        } else {
            theme::row()
        };
        out.push(vec![
            key("console logins"),
            Span::styled(l.summary(), style),
        ]);
    }
    let lists = p.lists();
    for (title, list) in lists {
        if list.is_empty() {
            continue;
        }
        out.push(Vec::new());
        out.push(vec![Span::styled(
            format!("{title} ({})", n(list.len())),
            theme::header(),
        )]);
        for c in list.iter().take(LIST_LIMIT) {
            let mut v = Vec::new();
            sanitize::push(&mut v, &c.value, theme::row());
            let mut line = vec![Span::styled(
                format!("{:>11}  ", thousands(c.count as u64)),
                theme::dim(),
            )];
            line.extend(sanitize::cut_middle(v, w.saturating_sub(13)));
            out.push(line);
        }
        if list.len() > LIST_LIMIT {
            out.push(vec![Span::styled(
                format!("{:>11}  … and {} more", "", n(list.len() - LIST_LIMIT)),
                theme::dim(),
            )]);
        }
    }
    if !p.unreadable.is_empty() {
        out.push(Vec::new());
        out.push(vec![Span::styled(
            format!(
                "{} source(s) could not be read: roles and sign-ins there are not counted",
                p.unreadable.len()
            ),
            theme::error(),
        )]);
    }
    out
}
