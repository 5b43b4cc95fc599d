//! The compare view: two events' records side by side (a unified, stacked diff below
//! [`SIDE_BY_SIDE`] columns), equal lines level, changed lines highlighted and marked in the
//! gutter (`-` left, `+` right: readable without colour). Everything from the records passes
//! the sanitiser, as in the detail pane. Covers the screen down to the status line.
//!
//! ```text
//! ─ compare · 2 differences (n/N) · rows 1-20 of 45 ──────────────────────────
//! A 2023-07-10 12:00:01 alice AssumeRole 10.0.0.1 │ B 2023-07-10 12:03:09 …
//! ───────────────────────────────────────────────┼──────────────────────────
//!   {                                             │   {
//! - "sourceIPAddress": "10.0.0.1",                │ + "sourceIPAddress": "203.0.113.66",
//! ```

use super::{fill, fmt_time, put, rule, sanitize, theme};
use crate::app::compare::{DiffRow, Loaded};
use crate::app::detail::PLine;
use crate::app::App;
use crate::model::{EventStore, SymField, UNDATED};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, Widget};

pub use crate::app::compare::SIDE_BY_SIDE;

/// Draws the view over `area` (the screen without the status line).
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, area: Rect) {
    Clear.render(area, buf);
    if area.height < 4 {
        return;
    }
    let c = &app.compare;
    let body = Rect::new(area.x, area.y + 3, area.width, area.height - 3);
    let mut title = vec![Span::styled("compare", theme::title_focused())];
    if let Some(l) = &c.loaded {
        let n = l.hunks.len();
        title.push(Span::styled(
            match n {
                0 => " · the same".to_string(),
                1 => " · 1 difference (n/N)".to_string(),
                n => format!(" · {n} differences (n/N)"),
            },
            theme::rule(),
        ));
        if l.diff.len() > body.height as usize {
            title.push(Span::styled(
                format!(
                    " · rows {}-{} of {}",
                    c.scroll + 1,
                    (c.scroll + body.height as usize).min(l.diff.len()),
                    l.diff.len()
                ),
                theme::rule(),
            ));
        }
    }
    rule(buf, Rect::new(area.x, area.y, area.width, 1), title, true);
    let Some(rows) = c.rows else {
        return;
    };
    let side = area.width >= SIDE_BY_SIDE;
    let half = (area.width - 1) / 2;
    let heads = [("A", "-", rows[0]), ("B", "+", rows[1])];
    for (i, (name, mark, row)) in heads.into_iter().enumerate() {
        let spans = heading(app, st, name, mark, row);
        if side {
            let x = area.x + i as u16 * (half + 1);
            put(buf, x, area.y + 1, half, spans);
        } else {
            put(buf, area.x, area.y + 1 + i as u16, area.width, spans);
        }
    }
    if side {
        for xx in area.x..area.right() {
            buf[(xx, area.y + 2)]
                .set_symbol("─")
                .set_style(theme::rule());
        }
        let x = area.x + half;
        buf[(x, area.y + 1)]
            .set_symbol("│")
            .set_style(theme::rule());
        buf[(x, area.y + 2)]
            .set_symbol("┼")
            .set_style(theme::rule());
        for yy in body.y..body.bottom() {
            buf[(x, yy)].set_symbol("│").set_style(theme::rule());
        }
    }
    let Some(l) = &c.loaded else {
        put(
            buf,
            body.x + 2,
            body.y,
            body.width.saturating_sub(2),
            vec![Span::styled("reading the two records…", theme::dim())],
        );
        return;
    };
    if side {
        side_by_side(l, c.scroll, buf, body, half);
    } else {
        stacked(l, c.scroll, buf, body);
    }
}

/// `A 2023-07-10 12:00:01 alice AssumeRole 10.0.0.1` (data sanitised).
fn heading(app: &App, st: &EventStore, name: &str, mark: &str, row: u32) -> Vec<Span<'static>> {
    let mut s = vec![Span::styled(format!("{mark}{name} "), theme::diff_mark())];
    let r = row as usize;
    if r >= st.len() {
        s.push(Span::styled("(no longer loaded)", theme::dim()));
        return s;
    }
    let t = st.time.get(r);
    s.push(Span::styled(
        if t == UNDATED {
            "(no time)".to_string()
        } else {
            fmt_time(t, app.tz, false)
        },
        theme::header(),
    ));
    for f in [SymField::Who, SymField::Name, SymField::Ip] {
        s.push(Span::raw(" "));
        sanitize::push(&mut s, st.str(f, r), theme::row());
    }
    s
}

/// One side's line: its gutter mark, then the pretty line (or an error), sanitised.
fn side_line(l: &Loaded, side: usize, line: Option<usize>, changed: bool) -> Vec<Span<'static>> {
    let bg = if changed {
        theme::diff_changed()
    } else {
        theme::row()
    };
    let mark = match (changed, line.is_some(), side) {
        (true, true, 0) => "-",
        (true, true, _) => "+",
        _ => " ",
    };
    let mut spans = vec![Span::styled(
        format!("{mark} "),
        theme::diff_mark().patch(bg),
    )];
    if let Some(i) = line {
        push_line(&mut spans, &l.lines[side][i], bg);
    }
    spans
}

fn push_line(spans: &mut Vec<Span<'static>>, p: &PLine, bg: ratatui::style::Style) {
    spans.push(Span::styled(" ".repeat(p.indent as usize), bg));
    for seg in &p.segs {
        sanitize::push(spans, &seg.text, theme::json(seg.kind).patch(bg));
    }
}

/// A record that could not be read, in place of its lines.
fn error_line(l: &Loaded, side: usize) -> Option<Vec<Span<'static>>> {
    let e = l.errors[side].as_ref()?;
    let mut s = Vec::new();
    sanitize::push(
        &mut s,
        &format!("cannot read this record: {e}"),
        theme::error(),
    );
    Some(s)
}

fn side_by_side(l: &Loaded, scroll: usize, buf: &mut Buffer, body: Rect, half: u16) {
    let w = [half, body.width - half - 1];
    let x = [body.x, body.x + half + 1];
    for side in 0..2 {
        if let Some(e) = error_line(l, side) {
            put(buf, x[side] + 2, body.y, w[side].saturating_sub(2), e);
        }
    }
    for (k, r) in l
        .diff
        .iter()
        .skip(scroll)
        .take(body.height as usize)
        .enumerate()
    {
        let y = body.y + k as u16;
        for side in 0..2 {
            let line = if side == 0 { r.left } else { r.right };
            if r.changed {
                fill(
                    buf,
                    Rect::new(x[side], y, w[side], 1),
                    theme::diff_changed(),
                );
            }
            put(
                buf,
                x[side],
                y,
                w[side],
                side_line(l, side, line, r.changed),
            );
        }
    }
}

/// One column: unchanged lines once, a changed row as its left line (`-`) then its right
/// line (`+`).
fn stacked(l: &Loaded, scroll: usize, buf: &mut Buffer, body: Rect) {
    let mut out: Vec<(bool, Vec<Span<'static>>)> = Vec::new();
    for side in 0..2 {
        if let Some(mut e) = error_line(l, side) {
            e.insert(
                0,
                Span::styled(if side == 0 { "-A " } else { "+B " }, theme::diff_mark()),
            );
            out.push((false, e));
        }
    }
    let rows: &[DiffRow] = l.diff.get(scroll..).unwrap_or_default();
    for r in rows {
        if out.len() >= body.height as usize {
            break;
        }
        if !r.changed {
            out.push((false, side_line(l, 0, r.left, false)));
            continue;
        }
        if r.left.is_some() {
            out.push((true, side_line(l, 0, r.left, true)));
        }
        if r.right.is_some() {
            out.push((true, side_line(l, 1, r.right, true)));
        }
    }
    for (k, (changed, spans)) in out.into_iter().take(body.height as usize).enumerate() {
        let y = body.y + k as u16;
        if changed {
            fill(
                buf,
                Rect::new(body.x, y, body.width, 1),
                theme::diff_changed(),
            );
        }
        put(buf, body.x, y, body.width, spans);
    }
}
