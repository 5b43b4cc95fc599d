//! The timeline: a histogram of the filtered events over the loaded span (cached in the app
//! state, recomputed only when the result, zoom or width changes), errors in red, the selected
//! event's bucket marked `▲`, the cursor bucket highlighted when focused.

use super::{put, rule, theme};
use crate::app::{thousands, App, Focus};
use crate::model::time::format_in as fmt_with;
use crate::model::{EventStore, UNDATED};
use crate::query::bucket_label;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// The format of a bucket's start: without the year only when the whole axis is in one year
/// (`one_year`), as the list drops it only then.
fn label_fmt(bucket_ms: i64, one_year: bool) -> &'static str {
    match (bucket_ms < 60_000, bucket_ms < 86_400_000, one_year) {
        (true, _, true) => "%m-%d %H:%M:%S",
        (true, _, false) => "%Y-%m-%d %H:%M:%S",
        (false, true, true) => "%m-%d %H:%M",
        (false, true, false) => "%Y-%m-%d %H:%M",
        (false, false, _) => "%Y-%m-%d",
    }
}

/// True when `start..end` lies in one year in zone `tz`.
fn one_year(start: i64, end: i64, tz: crate::app::Tz) -> bool {
    fmt_with(start, tz, "%Y") == fmt_with(end.max(start + 1) - 1, tz, "%Y")
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
    let fmt = label_fmt(
        t.bucket_ms,
        one_year(
            t.start,
            t.start + t.counts.len() as i64 * t.bucket_ms,
            app.tz,
        ),
    );
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
    // Axis: labels at round times under the bars they name; then the markers, which never
    // hide a label (on a label character they reverse it instead).
    let n = t
        .counts
        .len()
        .min(bars.width as usize)
        .min(axis.width as usize);
    for (x, label) in ticks(t.start, t.bucket_ms, n, axis.width as usize, app.tz) {
        put(
            buf,
            axis.x + x as u16,
            axis.y,
            super::sanitize::display_width(&label) as u16,
            vec![Span::styled(label, theme::dim())],
        );
    }
    let mut mark = |b: usize, glyph: &'static str, style: ratatui::style::Style| {
        if b >= n {
            return;
        }
        let cell = &mut buf[(axis.x + b as u16, axis.y)];
        if cell.symbol() == " " {
            cell.set_symbol(glyph).set_style(style);
        } else if cell.symbol() != "▲" {
            cell.set_style(style.add_modifier(ratatui::style::Modifier::REVERSED));
        }
    };
    // Local Insights episodes and CloudTrail's own Insights events (under the selected event's
    // marker and the cursor, drawn after them).
    for e in &st.insights.episodes {
        let (a, b) = (
            crate::app::bucket_of(t, e.start),
            crate::app::bucket_of(t, e.end - 1),
        );
        if let (Some(a), Some(b)) = (a, b) {
            for x in a..=b {
                mark(
                    x,
                    super::detections::INSIGHT_GLYPH,
                    super::detections::insight_style(),
                );
            }
        }
    }
    if let Some(sym) = st
        .strings
        .lookup(crate::model::insights::AWS_INSIGHT_EVENT_TYPE)
    {
        for (r, &v) in st.col(crate::model::SymField::EventType).iter().enumerate() {
            if v == sym {
                if let Some(x) = crate::app::bucket_of(t, st.time.get(r)) {
                    mark(
                        x,
                        super::detections::AWS_INSIGHT_GLYPH,
                        super::detections::insight_style(),
                    );
                }
            }
        }
    }
    if let Some(row) = app.selected() {
        let time = st.time.try_get(row as usize).unwrap_or(UNDATED);
        if let Some(b) = crate::app::bucket_of(t, time) {
            mark(b, "▲", theme::bar_marker());
        }
    }
    if focused {
        mark(app.timeline.cursor, "^", theme::title_focused());
    }
}

/// Round steps for axis ticks, in seconds; longer steps go by calendar months.
const TICK_STEPS: [i64; 21] = [
    1,
    2,
    5,
    10,
    15,
    30,
    60,
    120,
    300,
    600,
    900,
    1800,
    3600,
    7200,
    3 * 3600,
    6 * 3600,
    12 * 3600,
    86_400,
    2 * 86_400,
    7 * 86_400,
    14 * 86_400,
];

/// The axis labels for `n` buckets of `bucket_ms` from `start` on an axis `room` columns wide:
/// (column, text), each starting under the bucket it names, at round times of the zone shown
/// (every 5 min, every hour…), spaced so that labels never touch. The first label, and one on a
/// new day, carry the date. When no round time falls in the buckets, the start is labelled.
pub fn ticks(
    start: i64,
    bucket_ms: i64,
    n: usize,
    room: usize,
    tz: crate::app::Tz,
) -> Vec<(usize, String)> {
    if n == 0 || bucket_ms <= 0 {
        return Vec::new();
    }
    let end = start + n as i64 * bucket_ms;
    let date_fmt = label_fmt(bucket_ms, one_year(start, end, tz));
    let time_fmt = if bucket_ms < 60_000 {
        "%H:%M:%S"
    } else if bucket_ms < 86_400_000 {
        "%H:%M"
    } else {
        "%Y-%m-%d"
    };
    let widest = fmt_with(start, tz, date_fmt).chars().count() as i64;
    let room_for = |step_ms: i64| step_ms >= bucket_ms && step_ms / bucket_ms >= widest + 2;
    // Round in the zone shown: a tick at 21:00 JST is at 12:00 UTC.
    let off = crate::model::time::offset_secs(start, tz) as i64 * 1000;
    let mut instants = Vec::new();
    if let Some(step) = TICK_STEPS.iter().map(|s| s * 1000).find(|&s| room_for(s)) {
        // Weeks start on Mondays (the epoch was a Thursday).
        let shift = if step >= 7 * 86_400_000 {
            4 * 86_400_000
        } else {
            0
        };
        let mut tick = (start + off - shift).div_euclid(step) * step - off + shift;
        if tick < start {
            tick += step;
        }
        while tick < end {
            instants.push(tick);
            tick += step;
        }
    } else if let Some(months) = [1i64, 2, 3, 6, 12, 24, 60, 120, 600]
        .into_iter()
        .find(|m| room_for(m * 30 * 86_400_000))
    {
        // First days of months (of quarters, of years…).
        let first: i64 = fmt_with(start, tz, "%Y").parse().unwrap_or(1970) * 12
            + fmt_with(start, tz, "%m").parse::<i64>().unwrap_or(1)
            - 1;
        let mut m = first.div_euclid(months) * months;
        let month_start = |m: i64| {
            chrono::NaiveDate::from_ymd_opt(m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1, 1)
        };
        while let Some(d) = month_start(m) {
            let tick = d
                .and_time(chrono::NaiveTime::MIN)
                .and_utc()
                .timestamp_millis()
                - off;
            if tick >= end {
                break;
            }
            if tick >= start {
                instants.push(tick);
            }
            m += months;
        }
    }
    let (mut out, mut free_from, mut last_day) = (Vec::new(), 0usize, String::new());
    for tick in instants {
        let x = ((tick - start) / bucket_ms) as usize;
        let day = fmt_with(tick, tz, "%Y-%m-%d");
        let label = if day != last_day {
            fmt_with(tick, tz, date_fmt)
        } else {
            fmt_with(tick, tz, time_fmt)
        };
        let w = label.chars().count();
        if x >= free_from && x < n && x + w <= room {
            free_from = x + w + 2;
            last_day = day;
            out.push((x, label));
        }
    }
    if out.is_empty() {
        let label = fmt_with(start, tz, date_fmt);
        if label.chars().count() <= room {
            out.push((0, label));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Tz;

    #[test]
    fn ticks_sit_at_round_times_within_the_bars() {
        // 30 s buckets from 11:42:00 UTC, 112 of them (to 12:38): a label every 10 minutes
        // (a label is 14 columns, 7 minutes).
        let start = crate::model::time::parse_event_time("2023-07-10T11:42:00Z").unwrap();
        let t = ticks(start, 30_000, 112, 200, Tz::Utc);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            labels,
            [
                "07-10 11:50:00",
                "12:00:00",
                "12:10:00",
                "12:20:00",
                "12:30:00"
            ]
        );
        assert_eq!(t[0].0, 16, "11:50:00 starts the 17th 30 s bucket");
        for (x, l) in &t {
            assert!(*x < 112, "{l} past the bars");
        }
        // 1 min buckets over 60 columns: labels every 15 minutes.
        let t = ticks(start, 60_000, 60, 60, Tz::Utc);
        let labels: Vec<&str> = t.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["07-10 11:45", "12:00", "12:15", "12:30"]);
        assert_eq!(ticks(start, 60_000, 0, 80, Tz::Utc), vec![]);
        // Two 1 s buckets: no round time in them, the start is labelled.
        let t = ticks(start + 11_000, 1_000, 2, 80, Tz::Utc);
        assert_eq!(t, vec![(0, "07-10 11:42:11".to_string())]);
        // 30-day buckets over six years: ticks on the first of a month, not every 364 days.
        let y2019 = crate::model::time::parse_event_time("2019-10-20T00:00:00Z").unwrap();
        let t = ticks(y2019, 30 * 86_400_000, 80, 100, Tz::Utc);
        assert!(!t.is_empty());
        for (_, l) in &t {
            assert!(l.ends_with("-01"), "{t:?}");
        }
        // Weekly ticks fall on Mondays.
        let t = ticks(y2019, 86_400_000, 90, 100, Tz::Utc);
        assert_eq!(t[0].1, "2019-10-21", "a Monday: {t:?}");
    }
}
