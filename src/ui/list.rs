//! The event list: virtualised (only the visible rows are formatted), error rows red, writes
//! marked `●`, marked rows `▌`, the selected row highlighted.

use super::{fill, fmt_time, put, sanitize, theme};
use crate::app::{App, Focus};
use crate::model::{EventStore, SymField};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

/// A list column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// Mark and write indicators.
    Flags,
    /// Event time.
    Time,
    /// Principal.
    Who,
    /// Event name.
    Event,
    /// Service, without `.amazonaws.com`.
    Source,
    /// Region.
    Region,
    /// Source IP.
    Ip,
    /// Error code.
    Error,
}

impl Col {
    fn label(self) -> &'static str {
        match self {
            Col::Flags => "",
            Col::Time => "TIME",
            Col::Who => "WHO",
            Col::Event => "EVENT",
            Col::Source => "SOURCE",
            Col::Region => "REGION",
            Col::Ip => "SOURCE IP",
            Col::Error => "ERROR",
        }
    }
}

/// True when times are shown without the year (narrow terminals).
pub fn short_time(width: u16) -> bool {
    width < 110
}

/// Column positions and widths for a list `width` columns wide: (column, x offset, width).
pub fn columns(width: u16) -> Vec<(Col, u16, u16)> {
    let time_w: u16 = if short_time(width) { 14 } else { 19 };
    // (column, minimum, ideal), in the order extra room is handed out.
    let flex: [(Col, u16, u16); 6] = [
        (Col::Who, 10, 26),
        (Col::Event, 12, 28),
        (Col::Error, 8, 26),
        (Col::Source, 6, 16),
        (Col::Ip, 7, 15),
        (Col::Region, 9, 14),
    ];
    let fixed = 2 + time_w + 1;
    let mut avail = width.saturating_sub(fixed);
    let mut cols: Vec<(Col, u16)> = flex.iter().map(|&(c, min, _)| (c, min)).collect();
    // Drop the least important columns until the minimums fit.
    while !cols.is_empty() && cols.iter().map(|&(_, w)| w + 1).sum::<u16>() > avail {
        cols.pop();
    }
    avail -= cols.iter().map(|&(_, w)| w + 1).sum::<u16>();
    for (c, w) in cols.iter_mut() {
        let ideal = flex.iter().find(|f| f.0 == *c).map(|f| f.2).unwrap_or(*w);
        let add = (ideal - *w).min(avail);
        *w += add;
        avail -= add;
    }
    // Whatever is left widens who and event.
    if avail > 0 && cols.len() >= 2 {
        cols[0].1 += avail / 2;
        cols[1].1 += avail - avail / 2;
    }
    let display = [Col::Who, Col::Event, Col::Source, Col::Region, Col::Ip, Col::Error];
    let mut out = vec![(Col::Flags, 0, 2), (Col::Time, 2, time_w)];
    let mut x = 2 + time_w + 1;
    for c in display {
        if let Some(&(_, w)) = cols.iter().find(|(cc, _)| *cc == c) {
            out.push((c, x, w));
            x += w + 1;
        }
    }
    out
}

/// `s3.amazonaws.com` → `s3`.
pub fn short_source(s: &str) -> &str {
    s.strip_suffix(".amazonaws.com").unwrap_or(s)
}

/// Draws the header and the visible rows.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, header: Rect, r: Rect) {
    let cols = columns(r.width);
    let short = short_time(r.width);
    fill(buf, header, theme::header());
    for &(c, x, w) in &cols {
        let label = match c {
            Col::Time => format!("TIME ({})", super::tz_name(app.tz)),
            _ => c.label().to_string(),
        };
        put(buf, header.x + x, header.y, w, vec![Span::styled(label, theme::header())]);
    }
    if app.rows.is_empty() {
        let msg = if app.load.loading {
            "loading…"
        } else if st.is_empty() {
            "no events loaded"
        } else if app.query_running {
            "searching…"
        } else {
            "no event matches the filter"
        };
        put(buf, r.x + 2, r.y + r.height / 2, r.width.saturating_sub(2), vec![Span::styled(msg, theme::dim())]);
        return;
    }
    let end = (app.top + r.height as usize).min(app.rows.len());
    for (line, i) in (app.top..end).enumerate() {
        let row = app.rows[i] as usize;
        if row >= st.len() {
            continue;
        }
        let y = r.y + line as u16;
        let mut style = if st.col(SymField::Error)[row].is_none() {
            theme::row()
        } else {
            theme::error_row()
        };
        if i == app.cursor {
            style = style.patch(if app.focus == Focus::List {
                theme::selected()
            } else {
                theme::selected_unfocused()
            });
        }
        fill(buf, Rect::new(r.x, y, r.width, 1), style);
        for &(c, x, w) in &cols {
            let spans = cell(app, st, row, c, short, style);
            put(buf, r.x + x, y, w, spans);
        }
    }
}

fn cell(app: &App, st: &EventStore, row: usize, c: Col, short: bool, style: Style) -> Vec<Span<'static>> {
    let text = |f: SymField| {
        let mut v = Vec::new();
        sanitize::push(&mut v, st.str(f, row), style);
        v
    };
    match c {
        Col::Flags => {
            let mark = if app.marks.contains(row as u32) { "▌" } else { " " };
            let write = if st.read_only(row) == Some(false) { "●" } else { " " };
            vec![
                Span::styled(mark, style.patch(theme::mark())),
                Span::styled(write, style.patch(theme::write())),
            ]
        }
        Col::Time => vec![Span::styled(fmt_time(st.time[row], app.tz, short), style)],
        Col::Who => text(SymField::Who),
        Col::Event => text(SymField::Name),
        Col::Source => {
            let mut v = Vec::new();
            sanitize::push(&mut v, short_source(st.str(SymField::Source, row)), style);
            v
        }
        Col::Region => text(SymField::Region),
        Col::Ip => text(SymField::Ip),
        Col::Error => text(SymField::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_every_width() {
        for w in [80u16, 100, 120, 159, 200, 300] {
            let cols = columns(w);
            let (_, x, cw) = *cols.last().unwrap();
            assert!(x + cw <= w, "width {w}: {cols:?}");
            assert_eq!(cols.len(), 8, "all columns shown at {w}");
        }
    }
}
