//! The filter line: the filter text (editable with `/`), its parse error underlined, and the
//! title on the right.

use super::{put, sanitize, spans_width, theme};
use crate::app::{App, Mode};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use tui_input::Input;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Draws an input's text after `prompt` in `r`, scrolled to keep the cursor visible, with the
/// chars at `hl` in `hl_style`. Returns the cursor position.
pub fn input_line(
    buf: &mut Buffer,
    r: Rect,
    prompt: Vec<Span<'static>>,
    input: &Input,
    hl: &[usize],
    hl_style: ratatui::style::Style,
) -> Position {
    let pw = spans_width(&prompt) as u16;
    put(buf, r.x, r.y, pw.min(r.width), prompt);
    let avail = r.width.saturating_sub(pw + 1) as usize;
    let value = input.value();
    let chars: Vec<char> = value.chars().collect();
    // Cursor column in display cells (escapes included), and scrolling to keep it in view.
    let cursor_chars = input.cursor().min(chars.len());
    let before: String = chars[..cursor_chars].iter().collect();
    let cursor_col = sanitize::display_width(&before);
    let skip_cols = cursor_col.saturating_sub(avail);
    let mut spans = Vec::new();
    sanitize::push_hl(&mut spans, value, theme::row(), hl, hl_style);
    if hl.iter().any(|&i| i >= chars.len()) {
        spans.push(Span::styled(" ", hl_style));
    }
    // Drop whole spans/characters scrolled off to the left.
    let mut skipped = 0usize;
    let mut shown: Vec<Span<'static>> = Vec::new();
    for s in spans {
        if skipped >= skip_cols {
            shown.push(s);
            continue;
        }
        let mut keep = String::new();
        for g in s.content.graphemes(true) {
            if skipped >= skip_cols {
                keep.push_str(g);
            } else {
                skipped += g.width().max(1);
            }
        }
        if !keep.is_empty() {
            shown.push(Span::styled(keep, s.style));
        }
    }
    let x = r.x + pw;
    put(buf, x, r.y, r.width.saturating_sub(pw), shown);
    Position::new(
        (x as usize + cursor_col - skip_cols).min(r.right() as usize - 1) as u16,
        r.y,
    )
}

/// ` times in JST +09:00 `: which zone times typed without an offset are read in, while
/// editing and while the filter holds a time bound.
fn zone_note(app: &App, editing: bool, value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let has_time = ["after:", "before:"].iter().any(|k| lower.contains(k));
    (editing || has_time).then(|| {
        format!(
            " times in {} ",
            super::zone_label(app.tz, super::zone_instant(app), false)
        )
    })
}

/// Draws the filter line; returns the cursor position while editing.
pub fn render(app: &App, buf: &mut Buffer, r: Rect) -> Option<Position> {
    let editing = app.mode == Mode::Filter;
    let prompt_style = if editing {
        theme::prompt()
    } else {
        theme::dim()
    };
    let prompt = vec![Span::styled("/ ", prompt_style)];
    // The title on the right, when there is room.
    let title = format!(" trailscope · {}", sanitize::plain(&app.title));
    let tw = sanitize::display_width(&title) as u16;
    let value = app.filter.input.value();
    let text_w = 2 + sanitize::display_width(value) as u16 + 2;
    // Right side: the parse error while editing, else the title, when there is room.
    let right = if let (true, Some(e)) = (editing, &app.filter.error) {
        let msg = format!(" ✗ {}", sanitize::plain(&e.message));
        // The list shows the last valid filter's result: say which, dimmed (issue 9.3).
        let shown = match app.filter.shown.as_str() {
            "" => " · showing all events".to_string(),
            s => format!(" · showing {}", sanitize::plain(s)),
        };
        let mw = sanitize::display_width(&msg) as u16;
        let sw = sanitize::display_width(&shown) as u16;
        if text_w + mw + sw <= r.width {
            put(
                buf,
                r.right() - mw - sw,
                r.y,
                mw + sw,
                vec![
                    Span::styled(msg, theme::error()),
                    Span::styled(shown, theme::dim()),
                ],
            );
            mw + sw
        } else if text_w + mw <= r.width {
            put(
                buf,
                r.right() - mw,
                r.y,
                mw,
                vec![Span::styled(msg, theme::error())],
            );
            mw
        } else {
            0
        }
    } else if let Some(zone) = zone_note(app, editing, value)
        .filter(|z| text_w + sanitize::display_width(z) as u16 <= r.width)
    {
        let zw = sanitize::display_width(&zone) as u16;
        put(
            buf,
            r.right() - zw,
            r.y,
            zw,
            vec![Span::styled(zone, theme::dim())],
        );
        zw
    } else if !app.title.is_empty() && text_w + tw <= r.width && !editing {
        put(
            buf,
            r.right() - tw,
            r.y,
            tw,
            vec![Span::styled(title, theme::dim())],
        );
        tw
    } else {
        0
    };
    let left = Rect::new(r.x, r.y, r.width - right, 1);
    if value.is_empty() && !editing {
        let mut spans = prompt;
        // The keys in force; a shorter line when the whole one would be cut by the title.
        let k = |a| crate::keys::key_for(crate::app::Scope::Normal, a);
        use crate::app::Action::{EditFilter, Fuzzy, Help};
        let long = format!(
            "press {} to filter, {} to fuzzy find, {} for help",
            k(EditFilter),
            k(Fuzzy),
            k(Help)
        );
        let room = (left.width as usize).saturating_sub(spans_width(&spans));
        let short = format!("press {} to filter, {} for help", k(EditFilter), k(Help));
        let text = if sanitize::display_width(&long) <= room {
            long
        } else {
            short
        };
        spans.push(Span::styled(text, theme::dim()));
        put(buf, left.x, left.y, left.width, spans);
        return None;
    }
    let (hl, hl_style): (Vec<usize>, _) = match &app.filter.error {
        Some(e) => {
            // Byte offsets to char indices (robust to offsets inside a character).
            let end = e.offset + e.len.max(1);
            let mut idx: Vec<usize> = value
                .char_indices()
                .enumerate()
                .filter(|(_, (b, c))| *b + c.len_utf8() > e.offset && *b < end)
                .map(|(i, _)| i)
                .collect();
            if idx.is_empty() {
                // The error is at the end: underline the cell after the text.
                idx.push(value.chars().count());
            }
            (idx, theme::parse_error_span())
        }
        None => (Vec::new(), theme::row()),
    };
    let pos = input_line(buf, left, prompt, &app.filter.input, &hl, hl_style);
    editing.then_some(pos)
}
