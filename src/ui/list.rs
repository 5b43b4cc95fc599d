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

/// True when times are shown without the year: a narrow terminal, and every loaded event in
/// one year (in the zone shown), so dropping the year hides nothing.
pub fn short_time(width: u16, span: Option<(i64, i64)>, tz: crate::app::Tz) -> bool {
    width < 110
        && span.is_none_or(|(a, b)| super::fmt_with(a, tz, "%Y") == super::fmt_with(b, tz, "%Y"))
}

/// Column positions and widths for a list `width` columns wide: (column, x offset, width).
///
/// Every column gets its minimum (least important dropped first when even that does not fit;
/// the region goes below 110 columns), the source IP then gets its full width, and the rest of
/// the room is dealt out a cell at a time up to each column's ideal width.
pub fn columns(width: u16, short: bool) -> Vec<(Col, u16, u16)> {
    let time_w: u16 = if short { 14 } else { 19 };
    // (column, minimum, ideal), most important first.
    let mut flex: Vec<(Col, u16, u16)> = vec![
        (Col::Who, 10, 28),
        (Col::Event, 12, 30),
        (Col::Ip, 7, 15),
        (Col::Error, 8, 28),
        (Col::Source, 6, 12),
    ];
    if width >= 110 {
        flex.push((Col::Region, 9, 14));
    }
    let fixed = 2 + time_w + 1;
    let mut avail = width.saturating_sub(fixed);
    while !flex.is_empty() && flex.iter().map(|&(_, w, _)| w + 1).sum::<u16>() > avail {
        flex.pop();
    }
    avail -= flex.iter().map(|&(_, w, _)| w + 1).sum::<u16>();
    let mut widths: Vec<u16> = flex.iter().map(|f| f.1).collect();
    if let Some(i) = flex.iter().position(|f| f.0 == Col::Ip) {
        let add = (flex[i].2 - widths[i]).min(avail);
        widths[i] += add;
        avail -= add;
    }
    while avail > 0 {
        let mut given = false;
        for i in 0..flex.len() {
            if avail > 0 && widths[i] < flex[i].2 {
                widths[i] += 1;
                avail -= 1;
                given = true;
            }
        }
        if !given {
            break;
        }
    }
    // Whatever is left widens who and event.
    if avail > 0 && widths.len() >= 2 {
        widths[0] += avail / 2;
        widths[1] += avail - avail / 2;
    }
    let display = [
        Col::Who,
        Col::Event,
        Col::Source,
        Col::Region,
        Col::Ip,
        Col::Error,
    ];
    let mut out = vec![(Col::Flags, 0, 2), (Col::Time, 2, time_w)];
    let mut x = 2 + time_w + 1;
    for c in display {
        if let Some(i) = flex.iter().position(|f| f.0 == c) {
            out.push((c, x, widths[i]));
            x += widths[i] + 1;
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
    let short = short_time(r.width, app.timeline.loaded_span, app.tz);
    let cols = columns(r.width, short);
    fill(buf, header, theme::header());
    for &(c, x, w) in &cols {
        let label = match c {
            Col::Time => format!("TIME ({})", super::tz_name(app.tz)),
            _ => c.label().to_string(),
        };
        put(
            buf,
            header.x + x,
            header.y,
            w,
            vec![Span::styled(label, theme::header())],
        );
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
        put(
            buf,
            r.x + 2,
            r.y + r.height / 2,
            r.width.saturating_sub(2),
            vec![Span::styled(msg, theme::dim())],
        );
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

fn cell(
    app: &App,
    st: &EventStore,
    row: usize,
    c: Col,
    short: bool,
    style: Style,
) -> Vec<Span<'static>> {
    let text = |f: SymField| {
        let mut v = Vec::new();
        sanitize::push(&mut v, st.str(f, row), style);
        v
    };
    match c {
        Col::Flags => {
            let mark = if app.marks.contains(row as u32) {
                "▌"
            } else {
                " "
            };
            let write = if st.read_only(row) == Some(false) {
                "●"
            } else {
                " "
            };
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
        for (w, short) in [80u16, 100, 120, 159, 200, 300]
            .into_iter()
            .flat_map(|w| [(w, true), (w, false)])
        {
            let cols = columns(w, short);
            let (_, x, cw) = *cols.last().unwrap();
            assert!(x + cw <= w, "width {w}: {cols:?}");
            assert_eq!(
                cols.len(),
                if w >= 110 { 8 } else { 7 },
                "columns shown at {w}"
            );
            let ip = cols.iter().find(|c| c.0 == Col::Ip).unwrap();
            assert_eq!(ip.2, 15, "a whole IPv4 address fits at {w}");
        }
    }
}
