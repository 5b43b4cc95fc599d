//! The event list with the config file's columns ([`crate::app::columns`]): the flags, the
//! detections badge, then each column in the order given. Each column is as wide as its widest
//! visible value (its title included), up to its width hint; when they do not all fit, the
//! widest give up cells first (their values cut in the middle), and columns that still do not
//! fit are left out from the end.

use super::list::{
    badge_cell, badge_header, badge_room, cell_flags, short_time, shown_rows, FLAGS_W,
};
use super::{fill, fmt_time, put, sanitize, theme};
use crate::app::columns::{join, Column, Source, DEFAULT_MAX_WIDTH};
use crate::app::App;
use crate::loader::reread::StoreSource;
use crate::model::EventStore;
use crate::query;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use std::sync::atomic::AtomicBool;

/// The least width a column is squeezed to before columns are left out.
const MIN_W: u16 = 4;

/// Widths for columns wanting `want` (capped already) in `avail` cells with one space between:
/// the widest gives up a cell until they fit or all are at [`MIN_W`]; then columns are left out
/// from the end. `None` for a column left out.
pub fn fit(avail: u16, want: &[u16]) -> Vec<Option<u16>> {
    let mut w: Vec<u16> = want.to_vec();
    let mut n = w.len();
    loop {
        let need = |w: &[u16], n: usize| w[..n].iter().map(|&x| x as u32 + 1).sum::<u32>();
        while need(&w, n) > avail as u32 {
            let Some(i) = (0..n)
                .filter(|&i| w[i] > MIN_W)
                .max_by_key(|&i| (w[i], usize::MAX - i))
            else {
                break;
            };
            w[i] -= 1;
        }
        if need(&w, n) <= avail as u32 || n <= 1 {
            break;
        }
        n -= 1;
        w = want.to_vec();
    }
    (0..want.len())
        .map(|i| (i < n).then(|| w[i].min(avail)))
        .collect()
}

/// The cells of column `c` for event `row`, sanitised.
fn cells_of(
    app: &App,
    st: &EventStore,
    row: u32,
    k: usize,
    c: &Column,
    short: bool,
    style: Style,
) -> Vec<Span<'static>> {
    let text = match &c.source {
        Source::Time => {
            return vec![Span::styled(
                fmt_time(st.time.get(row as usize), app.tz, short),
                style,
            )]
        }
        Source::Field(_) if c.needs_raw() => match app.columns.cells(row) {
            None => return vec![Span::styled("…", style.patch(theme::dim()))],
            Some(Err(())) => return vec![Span::styled("(unreadable)", style.patch(theme::dim()))],
            Some(Ok(v)) => v.get(k).cloned().flatten(),
        },
        Source::Field(alts) => {
            // Registered fields: read from the store's columns, no record bytes.
            let no = AtomicBool::new(false);
            alts.iter().find_map(|f| {
                query::row_values(st, &[row], f, &StoreSource(st), &no)
                    .ok()
                    .and_then(|(v, _)| join(v.get(0)))
            })
        }
    };
    let mut v = Vec::new();
    sanitize::push(&mut v, text.as_deref().unwrap_or(""), style);
    v
}

/// Draws the header and the visible rows with `cols`.
pub fn render(
    app: &App,
    st: &EventStore,
    buf: &mut Buffer,
    header: Rect,
    r: Rect,
    cols: &[Column],
) {
    let short = short_time(r.width, app.timeline.loaded_span, app.tz);
    let shown = shown_rows(app, st, r);
    let cells: Vec<Vec<Vec<Span<'static>>>> = shown
        .iter()
        .map(|&(_, row, style)| {
            cols.iter()
                .enumerate()
                .map(|(k, c)| cells_of(app, st, row as u32, k, c, short, style))
                .collect()
        })
        .collect();
    // The column the list is sorted by (none in plain time order) gets ▲/▼ after its title.
    let sorted = (!app.sort.is_time_order()).then(|| app.sort.name());
    let arrow = |c: &crate::app::columns::Column| -> String {
        let by = crate::app::sort::column_sort(c);
        if sorted.is_some() && by.as_ref().map(|s| s.name()) == sorted {
            format!(" {}", crate::app::sort::arrow(&app.sort))
        } else {
            String::new()
        }
    };
    let titles: Vec<String> = cols
        .iter()
        .map(|c| match c.source {
            Source::Time => format!(
                "{} ({}){}",
                c.title,
                super::zone_label(app.tz, super::zone_instant(app), true),
                arrow(c)
            ),
            _ => format!("{}{}", c.title, arrow(c)),
        })
        .collect();
    let (badges, bw) = badge_room(st);
    let flags_w = FLAGS_W + u16::from(app.verify.shown());
    let want: Vec<u16> = cols
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let widest = cells
                .iter()
                .map(|r| sanitize::spans_width(&r[k]))
                .max()
                .unwrap_or(0)
                .max(sanitize::display_width(&titles[k]))
                .min(u16::MAX as usize) as u16;
            let cap = c.width.unwrap_or(match c.source {
                Source::Time => 30,
                _ => DEFAULT_MAX_WIDTH,
            });
            widest.min(cap).max(1)
        })
        .collect();
    let x0 = flags_w + bw;
    let widths = fit(r.width.saturating_sub(x0), &want);
    let mut placed = Vec::new();
    let mut x = x0;
    for (k, w) in widths.iter().enumerate() {
        if let Some(w) = *w {
            placed.push((k, x, w));
            x += w + 1;
        }
    }
    fill(buf, header, theme::header());
    if badges {
        badge_header(buf, header);
    }
    for &(k, x, w) in &placed {
        put(
            buf,
            header.x + x,
            header.y,
            w,
            vec![Span::styled(titles[k].clone(), theme::header())],
        );
    }
    if app.rows.is_empty() {
        super::list::empty_message(app, st, buf, r);
        return;
    }
    for (&(i, row, style), row_cells) in shown.iter().zip(cells) {
        let y = r.y + (i - app.top) as u16;
        fill(buf, Rect::new(r.x, y, r.width, 1), style);
        put(buf, r.x, y, flags_w, cell_flags(app, st, row, style));
        if badges {
            badge_cell(buf, st, r.x, y, row, style);
        }
        for &(k, x, w) in &placed {
            put(
                buf,
                r.x + x,
                y,
                w,
                sanitize::cut_middle(row_cells[k].clone(), w as usize),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_shrink_widest_first_then_drop_from_the_end() {
        // Everything fits: as wanted.
        assert_eq!(fit(100, &[19, 30, 10]), [Some(19), Some(30), Some(10)]);
        // 62 cells for 19+30+20 (+3 spaces = 72): the widest give up 10.
        let w = fit(62, &[19, 30, 20]);
        assert_eq!(w.iter().map(|x| x.unwrap() + 1).sum::<u16>(), 62, "{w:?}");
        assert_eq!(w[0], Some(19), "{w:?}");
        // Too many columns even at the least width: the last ones go.
        let w = fit(20, &[10, 10, 10, 10, 10]);
        assert_eq!(w, [Some(4), Some(4), Some(4), Some(4), None], "{w:?}");
        assert!(w.iter().flatten().map(|x| x + 1).sum::<u16>() <= 20);
    }
}
