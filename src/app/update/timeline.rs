//! The timeline: its buckets, zoom, and narrowing the filter to a bucket.

use super::*;

/// Smallest zoomed timeline span.
const MIN_ZOOM_MS: i64 = 60_000;

pub(super) fn recompute_timeline(app: &mut App) {
    let span = app.timeline.zoom.or(app.timeline.loaded_span);
    let w = app.viewport.timeline.width as usize;
    app.timeline.data = match span {
        Some(span) if w > 0 => {
            let st = app.read_store();
            Some(query::timeline(&st, &app.rows, span, w))
        }
        _ => None,
    };
}

/// The bucket the cursor refers to: the timeline cursor when the timeline has focus, else the
/// selected event's bucket.
pub(super) fn cursor_bucket(app: &App) -> Option<usize> {
    let t = app.timeline.data.as_ref()?;
    if app.focus == Focus::Timeline {
        return (!t.counts.is_empty()).then_some(app.timeline.cursor);
    }
    bucket_of(t, selected_time(app)?)
}

/// The bucket containing `time`.
pub fn bucket_of(t: &query::Timeline, time: i64) -> Option<usize> {
    if time < t.start || t.bucket_ms <= 0 {
        return None;
    }
    let b = ((time - t.start) / t.bucket_ms) as usize;
    (b < t.counts.len()).then_some(b)
}

pub(super) fn zoom(app: &mut App, zoom_in: bool) {
    let Some(full) = app.timeline.loaded_span else {
        return;
    };
    let cur = app.timeline.zoom.unwrap_or(full);
    let center = match (app.focus, &app.timeline.data) {
        (Focus::Timeline, Some(t)) => {
            t.start + app.timeline.cursor as i64 * t.bucket_ms + t.bucket_ms / 2
        }
        _ => selected_time(app).unwrap_or((cur.0 + cur.1) / 2),
    };
    let len = (cur.1 - cur.0).max(1);
    let new_len = if zoom_in {
        (len / 2).max(MIN_ZOOM_MS)
    } else {
        len.saturating_mul(2)
    };
    if !zoom_in && new_len >= full.1 - full.0 {
        app.timeline.zoom = None;
    } else {
        let mut lo = center - new_len / 2;
        let mut hi = lo + new_len;
        if lo < full.0 {
            hi += full.0 - lo;
            lo = full.0;
        }
        if hi > full.1 {
            lo -= hi - full.1;
            hi = full.1;
        }
        app.timeline.zoom = Some((lo.max(full.0), hi));
    }
    recompute_timeline(app);
    if let Some(t) = &app.timeline.data {
        if let Some(b) = bucket_of(t, center) {
            app.timeline.cursor = b;
        }
    }
    if let Some(t) = &app.timeline.data {
        app.say(format!(
            "timeline: {} buckets",
            query::bucket_label(t.bucket_ms)
        ));
    }
}

/// `after:`/`before:` at the cursor's bucket: `start` sets the lower bound, else the upper.
pub(super) fn narrow(app: &mut App, start: bool, end: bool, cmds: &mut Vec<Cmd>) {
    let (Some(b), Some(t)) = (cursor_bucket(app), app.timeline.data.as_ref()) else {
        app.complain("no timeline bucket under the cursor");
        return;
    };
    let from = t.start + b as i64 * t.bucket_ms;
    let to = from + t.bucket_ms;
    let mut text = filter_text(app);
    if start {
        text = filter_edit::set_bound(&text, "after", &format_utc(from));
    }
    if end {
        text = filter_edit::set_bound(&text, "before", &format_utc(to));
    }
    set_filter(app, text, cmds);
}
