//! The detail pane: the selected record's original JSON, pretty-printed and coloured (or raw),
//! from the lines cached in the app state; only the visible lines are drawn.

use super::{put, rule, sanitize, theme};
use crate::app::{App, Focus};
use crate::model::{EventStore, SymField};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// Char indices of `text` inside an ASCII case-insensitive occurrence of any of `words`.
pub fn matches(text: &str, words: &[String]) -> Vec<usize> {
    if words.is_empty() {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let mut bytes_hit = vec![false; lower.len()];
    let mut any = false;
    for w in words {
        let w = w.to_ascii_lowercase();
        if w.is_empty() {
            continue;
        }
        for (i, _) in lower.match_indices(&w) {
            bytes_hit[i..i + w.len()].iter_mut().for_each(|b| *b = true);
            any = true;
        }
    }
    if !any {
        return Vec::new();
    }
    text.char_indices()
        .enumerate()
        .filter(|(_, (b, _))| bytes_hit[*b])
        .map(|(i, _)| i)
        .collect()
}

/// Draws the title rule and the visible lines.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, title: Rect, r: Rect) {
    let d = &app.detail;
    let focused = app.focus == Focus::Detail;
    let ts = if focused {
        theme::title_focused()
    } else {
        theme::title()
    };
    let mut t = vec![Span::styled("detail", ts)];
    if let Some(row) = d.row.filter(|&r| (r as usize) < st.len()) {
        t.push(Span::styled(" · ", theme::rule()));
        sanitize::push(&mut t, st.str(SymField::Name, row as usize), ts);
        t.push(Span::styled(
            if d.raw { " · raw" } else { " · pretty" },
            theme::rule(),
        ));
        // What the case says about it: its tags, then its note.
        if let Some(a) = crate::app::case::annotation(app, row) {
            if !a.tags.is_empty() {
                t.push(Span::styled(" · tags: ", theme::rule()));
                sanitize::push(&mut t, &a.tags.join(", "), theme::mark());
            }
            if !a.note.is_empty() {
                t.push(Span::styled(" · note: ", theme::rule()));
                sanitize::push(&mut t, &a.note, theme::mark());
            }
        }
        if d.lines.len() > r.height as usize {
            t.push(Span::styled(
                format!(
                    " · {}-{}/{}",
                    d.scroll + 1,
                    (d.scroll + r.height as usize).min(d.lines.len()),
                    d.lines.len()
                ),
                theme::rule(),
            ));
        }
    }
    rule(buf, title, t, focused);
    let msg = match (d.row, &d.bytes, &d.error) {
        (None, _, _) => Some(("no event selected".to_string(), theme::dim())),
        (_, _, Some(e)) => Some((format!("cannot show this record: {e}"), theme::error())),
        (_, None, _) => Some(("reading the record…".to_string(), theme::dim())),
        _ => None,
    };
    if let Some((m, s)) = msg {
        let mut spans = Vec::new();
        sanitize::push(&mut spans, &m, s);
        put(buf, r.x + 1, r.y, r.width.saturating_sub(1), spans);
        return;
    }
    // What flagged the event, above the record (at most half the pane).
    let mut r = r;
    if let Some(row) = d.row.filter(|&x| (x as usize) < st.len()) {
        let hits = super::detections::detail_lines(st, row, r.width.saturating_sub(1) as usize);
        let n = hits.len().min(r.height as usize / 2) as u16;
        for (i, spans) in hits.into_iter().take(n as usize).enumerate() {
            put(buf, r.x, r.y + i as u16, r.width, spans);
        }
        r = Rect::new(r.x, r.y + n, r.width, r.height - n);
    }
    for (i, line) in d
        .lines
        .iter()
        .skip(d.scroll)
        .take(r.height as usize)
        .enumerate()
    {
        let mut spans = vec![Span::raw(" ".repeat(line.indent as usize))];
        for seg in &line.segs {
            let hl = matches(&seg.text, &app.highlight);
            sanitize::push_hl(
                &mut spans,
                &seg.text,
                theme::json(seg.kind),
                &hl,
                theme::matched(),
            );
        }
        put(buf, r.x, r.y + i as u16, r.width, spans);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn match_indices_are_char_indices() {
        let w = vec!["DENIED".to_string()];
        assert_eq!(super::matches("é denied", &w), vec![2, 3, 4, 5, 6, 7]);
        assert!(super::matches("nothing", &w).is_empty());
    }
}
