//! The timeline: a histogram of the filtered events over the loaded span (cached in the app
//! state, recomputed only when the result, zoom or width changes), errors in red, the selected
//! event's bucket marked `▲`, the cursor bucket highlighted when focused.

use super::{fmt_with, put, rule, theme};
use crate::app::{thousands, App, Focus};
use crate::model::{EventStore, UNDATED};
use crate::query::bucket_label;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

fn label_fmt(bucket_ms: i64) -> &'static str {
    if bucket_ms < 60_000 {
        "%m-%d %H:%M:%S"
    } else if bucket_ms < 86_400_000 {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d"
    }
}

/// Draws the title, the bars and the axis.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, title: Rect, bars: Rect, axis: Rect) {
    let focused = app.focus == Focus::Timeline;
    let ts = if focused {
        theme::title_focused()
    } else {
        theme::title()
    };
    let Some(t) = &app.timeline.data else {
        rule(buf, title, vec![Span::styled("timeline", ts)], focused);
        let msg = if app.load.loading {
            "waiting for events…"
        } else {
            "no dated events"
        };
        put(
            buf,
            axis.x + 1,
            axis.y,
            axis.width.saturating_sub(1),
            vec![Span::styled(msg, theme::dim())],
        );
        return;
    };
    let max = t.counts.iter().copied().max().unwrap_or(0);
    let fmt = label_fmt(t.bucket_ms);
    let mut tt = vec![
        Span::styled("timeline", ts),
        Span::styled(
            format!(
                " · {} buckets · max {}",
                bucket_label(t.bucket_ms),
                thousands(max as u64)
            ),
            theme::rule(),
        ),
    ];
    if app.timeline.zoom.is_some() {
        tt.push(Span::styled(" · zoomed", theme::rule()));
    }
    if focused && app.timeline.cursor < t.counts.len() {
        let b = app.timeline.cursor;
        let from = t.start + b as i64 * t.bucket_ms;
        tt.push(Span::styled(
            format!(
                " · {} +{}: {} events, {} errors",
                fmt_with(from, app.tz, fmt),
                bucket_label(t.bucket_ms),
                thousands(t.counts[b] as u64),
                thousands(t.errors[b] as u64)
            ),
            theme::title_focused(),
        ));
    }
    rule(buf, title, tt, focused);
    let h = bars.height as u64;
    for (b, (&c, &e)) in t
        .counts
        .iter()
        .zip(&t.errors)
        .enumerate()
        .take(bars.width as usize)
    {
        let x = bars.x + b as u16;
        let cursor = focused && b == app.timeline.cursor;
        let scale = |n: u32| -> u64 {
            if n == 0 || max == 0 {
                0
            } else {
                ((n as u64 * h * 8).div_ceil(max as u64)).max(1)
            }
        };
        let (h8, e8) = (scale(c), scale(e));
        for k in 0..h {
            let y = bars.bottom() - 1 - k as u16;
            let filled = h8.saturating_sub(k * 8).min(8) as usize;
            let mut style = if e8 > k * 8 {
                theme::bar_error()
            } else {
                theme::bar()
            };
            if cursor {
                style = style.patch(theme::bar_cursor());
            }
            buf[(x, y)].set_symbol(EIGHTHS[filled]).set_style(style);
        }
    }
    // Axis: start and end labels, the selected event's bucket marked.
    let start = fmt_with(t.start, app.tz, fmt);
    let end = fmt_with(t.start + t.counts.len() as i64 * t.bucket_ms, app.tz, fmt);
    put(
        buf,
        axis.x,
        axis.y,
        axis.width,
        vec![Span::styled(start, theme::dim())],
    );
    let ew = end.chars().count() as u16;
    if axis.width > ew * 2 + 2 {
        put(
            buf,
            axis.right() - ew,
            axis.y,
            ew,
            vec![Span::styled(end, theme::dim())],
        );
    }
    if let Some(row) = app.selected() {
        let time = st.time.get(row as usize).copied().unwrap_or(UNDATED);
        if let Some(b) = crate::app::bucket_of(t, time) {
            if b < axis.width as usize {
                buf[(axis.x + b as u16, axis.y)]
                    .set_symbol("▲")
                    .set_style(theme::bar_marker());
            }
        }
    }
    if focused && app.timeline.cursor < axis.width as usize {
        let x = axis.x + app.timeline.cursor as u16;
        if buf[(x, axis.y)].symbol() != "▲" {
            buf[(x, axis.y)]
                .set_symbol("^")
                .set_style(theme::title_focused());
        }
    }
}
