//! Rendering (the `ui` layer): draws `&App` into a ratatui `Frame`, never changing state. One
//! file per pane (filter line, event list, detail, timeline, status line, popups), a theme of
//! named styles, and [`sanitize`], which every piece of data text passes.

pub mod columns;
pub mod compare;
pub mod detail;
pub mod detections;
pub mod facets;
pub mod filter;
pub mod list;
pub mod popups;
pub mod profile;
pub mod sanitize;
pub mod status;
pub mod theme;
pub mod timeline;
pub mod tree;
pub mod views;

use crate::app::{App, Area, Mode, Tz, Viewport};
use chrono::Utc;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui::Frame;

/// Smallest usable terminal width.
pub const MIN_WIDTH: u16 = 80;
/// Smallest usable terminal height.
pub const MIN_HEIGHT: u16 = 24;
/// From this width on, list and detail sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 160;

/// Where each part of the screen goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Panes {
    /// The filter line.
    pub filter: Rect,
    /// The event list's column header.
    pub list_header: Rect,
    /// The event list's rows.
    pub list: Rect,
    /// The detail pane's title rule.
    pub detail_title: Rect,
    /// The detail pane's text.
    pub detail: Rect,
    /// The vertical rule between list and detail (side by side only).
    pub divider: Option<Rect>,
    /// The timeline's title rule.
    pub timeline_title: Rect,
    /// The timeline's bars (one column per bucket).
    pub timeline: Rect,
    /// The timeline's axis labels.
    pub axis: Rect,
    /// The status line.
    pub status: Rect,
    /// Where popups go (with their border).
    pub popup: Rect,
}

/// Lays the screen out; `None` below [`MIN_WIDTH`]×[`MIN_HEIGHT`]. A pure function of the size.
///
/// ```text
/// narrower than 160 columns:                 160 columns and wider:
/// ┌───────────────────────────────────┐      ┌──────────────────────┬─────────────────┐
/// │ / filter                  (1 row) │      │ / filter                     (1 row) │
/// │ TIME WHO EVENT SOURCE … (header)  │      │ TIME WHO EVENT …     │─ detail ──────  │
/// │ event rows          (3/5 of rest) │      │ event rows           │ record JSON     │
/// │─ detail ───────────────── (title) │      │                      │ (2/5 of width)  │
/// │ record JSON         (2/5 of rest) │      │                      │                 │
/// │─ timeline · 1m buckets ── (title) │      │─ timeline ─────────────────────────────│
/// │ ▁▃█▅▂  (2 rows; 3 from 40 rows)   │      │ ▁▃█▅▂▁▁▂▇▃                             │
/// │ 11:45        ▲             12:50  │      │ 11:45           ▲                12:50 │
/// │ 12 / 1,000 events · hints (1 row) │      │ 12 / 1,000 events · hints              │
/// └───────────────────────────────────┘      └────────────────────────────────────────┘
/// ```
///
/// Side by side, the detail pane takes 2/5 of the width while the list or the timeline has the
/// keyboard, and everything but 80 columns of list while the detail has it (Tab, Enter): the
/// pane being read gets the width (see [`layout_for`]).
pub fn layout(area: Rect) -> Option<Panes> {
    layout_for(area, false)
}

/// Least width of the list while the detail pane has the keyboard, side by side: what the
/// narrowest terminal gives it.
pub const LIST_WIDTH_READING: u16 = MIN_WIDTH - 1;

/// [`layout`], with the detail pane focused (`detail_focused`) or not.
pub fn layout_for(area: Rect, detail_focused: bool) -> Option<Panes> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        return None;
    }
    let (x, y, w, h) = (area.x, area.y, area.width, area.height);
    let bars = if h >= 40 { 3 } else { 2 };
    let status = Rect::new(x, y + h - 1, w, 1);
    let axis = Rect::new(x, status.y - 1, w, 1);
    let timeline = Rect::new(x, axis.y - bars, w, bars);
    let timeline_title = Rect::new(x, timeline.y - 1, w, 1);
    let filter = Rect::new(x, y, w, 1);
    let top = y + 1;
    let middle = timeline_title.y - top;
    let (list_header, list, detail_title, detail, divider);
    if w >= SIDE_BY_SIDE_WIDTH {
        let mut dw = (w * 2 / 5).clamp(50, 110);
        if detail_focused {
            dw = dw.max(w - 1 - LIST_WIDTH_READING);
        }
        let lw = w - dw - 1;
        list_header = Rect::new(x, top, lw, 1);
        list = Rect::new(x, top + 1, lw, middle - 1);
        divider = Some(Rect::new(x + lw, top, 1, middle));
        detail_title = Rect::new(x + lw + 1, top, dw, 1);
        detail = Rect::new(x + lw + 1, top + 1, dw, middle - 1);
    } else {
        let rows = (middle - 2) * 3 / 5;
        list_header = Rect::new(x, top, w, 1);
        list = Rect::new(x, top + 1, w, rows);
        detail_title = Rect::new(x, list.bottom(), w, 1);
        detail = Rect::new(x, detail_title.bottom(), w, middle - 2 - rows);
        divider = None;
    }
    let pw = (w - 4).min((w * 3 / 4).max(76));
    let ph = h - 4;
    let popup = Rect::new(x + (w - pw) / 2, y + 2, pw, ph);
    Some(Panes {
        filter,
        list_header,
        list,
        detail_title,
        detail,
        divider,
        timeline_title,
        timeline,
        axis,
        status,
        popup,
    })
}

/// Rows of a popup's scrolling content: inside the border, below a two-row header.
pub fn popup_content(popup: Rect) -> Rect {
    Rect::new(
        popup.x + 1,
        popup.y + 3,
        popup.width.saturating_sub(2),
        popup.height.saturating_sub(4),
    )
}

fn area(r: Rect) -> Area {
    Area {
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
    }
}

/// The app's view of a `width`×`height` terminal (sent to `update` as `Msg::Resize`).
pub fn viewport(width: u16, height: u16) -> Viewport {
    match layout(Rect::new(0, 0, width, height)) {
        Some(p) => Viewport {
            width,
            height,
            too_small: false,
            list: area(p.list),
            detail: area(p.detail),
            split: p.divider.map(|_| {
                let f = layout_for(Rect::new(0, 0, width, height), true).unwrap_or(p);
                [
                    (area(p.list), area(p.detail)),
                    (area(f.list), area(f.detail)),
                ]
            }),
            timeline: area(p.timeline),
            popup_rows: popup_content(p.popup).height,
            measure: sanitize::display_width,
            help_scroll_max: popups::help_scroll_max(popup_content(p.popup)),
        },
        None => Viewport {
            width,
            height,
            too_small: true,
            measure: sanitize::display_width,
            ..Viewport::default()
        },
    }
}

/// Draws the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    let full = f.area();
    let Some(p) = layout_for(full, app.focus == crate::app::Focus::Detail) else {
        let msg = format!(
            "terminal too small (need {MIN_WIDTH}×{MIN_HEIGHT}, have {}×{})",
            full.width, full.height
        );
        Paragraph::new(msg)
            .style(theme::error())
            .wrap(Wrap { trim: true })
            .render(full, f.buffer_mut());
        return;
    };
    let cursor = {
        let st = app.read_store();
        let buf = f.buffer_mut();
        let mut cursor = filter::render(app, buf, p.filter);
        list::render(app, &st, buf, p.list_header, p.list);
        if let Some(d) = p.divider {
            for yy in d.y..d.bottom() {
                buf[(d.x, yy)].set_symbol("│").set_style(theme::rule());
            }
        }
        detail::render(app, &st, buf, p.detail_title, p.detail);
        timeline::render(app, &st, buf, p.timeline_title, p.timeline, p.axis);
        if let Some(c) = status::render(app, &st, buf, p.status) {
            cursor = Some(c);
        }
        if let Some(c) = popups::render(app, &st, buf, p.popup) {
            cursor = Some(c);
        }
        if app.mode == Mode::Compare {
            // Full screen above the status line.
            let r = Rect::new(full.x, full.y, full.width, p.status.y - full.y);
            compare::render(app, &st, buf, r);
        }
        cursor
    };
    if let Some(c) = cursor {
        f.set_cursor_position(c);
    }
}

/// Formats an event time for the list (`short` drops the year), in the app's zone.
pub fn fmt_time(ms: i64, tz: Tz, short: bool) -> String {
    let fmt = if short {
        "%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M:%S"
    };
    crate::model::time::format_in(ms, tz, fmt)
}

/// `+09:00`, `-05:30`, `+00:00`.
pub fn fmt_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}:{:02}", a / 3600, a % 3600 / 60)
}

/// The names of the system's zone: (abbreviation or city, full name). From `TZ` (a POSIX
/// string such as `JST-9` gives `JST`; an IANA name such as `Asia/Tokyo` gives `Tokyo` and
/// `Asia/Tokyo`), else the system's IANA name; empty when unknown (then only the offset is
/// shown). Read once.
fn local_names() -> &'static (String, String) {
    static NAMES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let tz = std::env::var("TZ").unwrap_or_default();
        zone_names(&tz).unwrap_or_else(|| {
            iana_time_zone::get_timezone()
                .ok()
                .and_then(|n| zone_names(&n))
                .unwrap_or_default()
        })
    })
}

/// (short, full) names for a `TZ` value; `None` when it names nothing usable.
pub fn zone_names(tz: &str) -> Option<(String, String)> {
    let tz = tz.trim().trim_start_matches(':');
    let tz = tz.rsplit_once("zoneinfo/").map_or(tz, |(_, n)| n);
    if tz.is_empty() || !tz.chars().all(|c| c.is_ascii_graphic()) {
        return None;
    }
    let letters: String = tz.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let rest = &tz[letters.len()..];
    if letters.len() >= 3 && rest.starts_with(|c: char| c == '+' || c == '-' || c.is_ascii_digit())
    {
        // POSIX `STDoffset[DST…]`: the standard abbreviation, only when there is no DST part.
        let dst = rest
            .trim_start_matches(|c: char| "+-:0123456789".contains(c))
            .is_empty();
        return Some(if dst {
            (letters.clone(), letters)
        } else {
            (String::new(), tz.to_string())
        });
    }
    if tz.starts_with('<') {
        return None;
    }
    let city = tz.rsplit('/').next().unwrap_or(tz).to_string();
    Some((city, tz.to_string()))
}

/// The zone times are shown in, at `ms`: `UTC`, or for local time `JST +09:00` (`short`: the
/// abbreviation or city) / `Asia/Tokyo +09:00`, or just the offset when the zone has no name.
pub fn zone_label(tz: Tz, ms: i64, short: bool) -> String {
    match tz {
        Tz::Utc => "UTC".into(),
        Tz::Fixed(s) => fmt_offset(s),
        Tz::Local => {
            let off = fmt_offset(crate::model::time::offset_secs(ms, tz));
            let (s, full) = local_names();
            let name = if short { s } else { full };
            if name.is_empty() {
                off
            } else {
                format!("{name} {off}")
            }
        }
    }
}

/// The instant whose offset the zone labels show: the last loaded event, else now.
pub fn zone_instant(app: &App) -> i64 {
    app.timeline
        .loaded_span
        .map(|(_, b)| b)
        .unwrap_or_else(|| Utc::now().timestamp_millis())
}

/// Total display width of spans.
pub fn spans_width(spans: &[Span<'_>]) -> usize {
    sanitize::spans_width(spans)
}

/// Draws `spans` at (`x`, `y`) within `w` columns; text that does not fit ends with `…`.
pub fn put(buf: &mut Buffer, x: u16, y: u16, w: u16, spans: Vec<Span<'static>>) {
    if w == 0 {
        return;
    }
    let total = spans_width(&spans);
    let line = Line::from(spans);
    if total <= w as usize {
        buf.set_line(x, y, &line, w);
    } else {
        let (end, _) = buf.set_line(x, y, &line, w - 1);
        // A wide character may have stopped short: clear up to the ellipsis.
        for xx in end..x + w - 1 {
            buf[(xx, y)].set_symbol(" ");
        }
        let st = line.spans.last().map(|s| s.style).unwrap_or_default();
        buf[(x + w - 1, y)].set_symbol("…").set_style(st);
    }
}

/// Draws a rule with a title: `─ title ───────`.
pub fn rule(buf: &mut Buffer, r: Rect, title: Vec<Span<'static>>, focused: bool) {
    let st = if focused {
        theme::title_focused()
    } else {
        theme::rule()
    };
    for xx in r.x..r.right() {
        buf[(xx, r.y)].set_symbol("─").set_style(st);
    }
    let mut spans = vec![Span::styled("─ ", st)];
    spans.extend(title);
    spans.push(Span::styled(" ", st));
    let w = spans_width(&spans).min(r.width as usize) as u16;
    put(buf, r.x, r.y, w, spans);
}

/// Fills a row with a style.
pub fn fill(buf: &mut Buffer, r: Rect, style: Style) {
    buf.set_style(r, style);
}

/// The hint text for `scope` from the keymap: `key desc · key desc …`.
pub fn hint_spans(scope: crate::app::Scope) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    for (i, (k, d)) in crate::keys::hints(scope).into_iter().enumerate() {
        if i > 0 {
            out.push(Span::styled("  ", theme::dim()));
        }
        out.push(Span::styled(k.to_string(), theme::key()));
        out.push(Span::styled(format!(" {d}"), theme::dim()));
    }
    out
}

/// [`hint_spans`] that fit in `width` cells, whole hints only: when they do not all fit, the
/// moves (`k previous`, `j next`, which the arrows make plain) go first, then hints from the
/// end; the way out (`Esc close`), help and quit stay. Nothing is cut in the middle of a hint.
pub fn hint_spans_fit(scope: crate::app::Scope, width: u16) -> Vec<Span<'static>> {
    use crate::app::Action;
    let hints = crate::keys::hints(scope);
    let key_of = |a: Action| crate::keys::key_for(scope, a);
    let (stay, moves) = (
        [Action::Back, Action::Help, Action::Quit].map(key_of),
        [Action::Up, Action::Down].map(key_of),
    );
    // 0: dropped first, all together; 1: then from the end; 2: kept.
    let rank = |k: &str| {
        if stay.iter().any(|s| s == k) {
            2
        } else if moves.iter().any(|m| m == k) {
            0
        } else {
            1
        }
    };
    let w = |(k, d): &(String, String)| sanitize::display_width(k) + 1 + sanitize::display_width(d);
    let mut keep: Vec<bool> = vec![true; hints.len()];
    let total = |keep: &[bool]| {
        let shown: Vec<usize> = (0..hints.len())
            .filter(|&i| keep[i])
            .map(|i| w(&hints[i]))
            .collect();
        shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
    };
    // The moves go together (`k previous` without `j next` would puzzle), then one by one
    // from the end.
    if total(&keep) > width as usize {
        for (kept, (k, _)) in keep.iter_mut().zip(&hints) {
            *kept &= rank(k) != 0;
        }
    }
    for i in (0..hints.len()).rev() {
        if total(&keep) <= width as usize {
            break;
        }
        if rank(&hints[i].0) == 1 {
            keep[i] = false;
        }
    }
    let mut out = Vec::new();
    for ((k, d), _) in hints.into_iter().zip(keep).filter(|(_, kept)| *kept) {
        if !out.is_empty() {
            out.push(Span::styled("  ", theme::dim()));
        }
        out.push(Span::styled(k, theme::key()));
        out.push(Span::styled(format!(" {d}"), theme::dim()));
    }
    out
}

/// True when the popup for `mode` covers the screen's middle.
pub fn has_popup(mode: &Mode) -> bool {
    !matches!(mode, Mode::Normal | Mode::Filter | Mode::Search)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_fits_and_tiles() {
        assert!(layout(Rect::new(0, 0, 79, 24)).is_none());
        assert!(layout(Rect::new(0, 0, 80, 23)).is_none());
        for (w, h) in [(80, 24), (120, 30), (160, 45), (250, 70)] {
            let p = layout(Rect::new(0, 0, w, h)).unwrap();
            assert_eq!(p.filter.y, 0);
            assert_eq!(p.status.bottom(), h);
            assert!(p.list.height >= 8, "{w}x{h}");
            assert!(p.detail.height >= 5, "{w}x{h}");
            assert_eq!(p.axis.bottom(), p.status.y);
            assert!(p.popup.right() <= w && p.popup.bottom() <= h);
            if w >= SIDE_BY_SIDE_WIDTH {
                assert_eq!(p.list.right() + 1, p.detail.x);
            } else {
                assert_eq!(p.list.bottom(), p.detail_title.y);
                assert_eq!(p.detail.bottom(), p.timeline_title.y);
            }
        }
    }
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    #[test]
    fn zone_names_from_tz() {
        let n = |s: &str| zone_names(s).map(|(a, b)| format!("{a}|{b}"));
        assert_eq!(n("Asia/Tokyo").as_deref(), Some("Tokyo|Asia/Tokyo"));
        assert_eq!(
            n(":/usr/share/zoneinfo/Europe/Paris").as_deref(),
            Some("Paris|Europe/Paris")
        );
        assert_eq!(n("JST-9").as_deref(), Some("JST|JST"));
        assert_eq!(
            n("EST5EDT,M3.2.0,M11.1.0").as_deref(),
            Some("|EST5EDT,M3.2.0,M11.1.0")
        );
        assert_eq!(n("UTC").as_deref(), Some("UTC|UTC"));
        assert_eq!(n(""), None);
        assert_eq!(n("<+0330>-3:30"), None);
        assert_eq!(fmt_offset(9 * 3600), "+09:00");
        assert_eq!(fmt_offset(-(5 * 3600 + 1800)), "-05:30");
        assert_eq!(zone_label(Tz::Utc, 0, true), "UTC");
    }
}
