//! The one sanitiser every piece of log (or user-typed) text passes before it reaches the
//! terminal. Characters that could drive the terminal or hide/reorder text (the rule of
//! [`crate::escape`], shared with the headless output) are shown as visible escapes, styled dim:
//! C0/C1 controls and DEL (`\x1b`, `\n`, `\x9b`…), bidi embeddings/overrides/isolates
//! (`\u{202e}`), zero-width and invisible formatting characters (`\u{200b}`, `\u{feff}`…).
//!
//! Escapes are per character, so a character index into the original text (a fuzzy match) maps
//! to exactly one output piece: highlights still line up.

use super::theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The visible escape for `c`, if `c` must not reach the terminal as is (the rule is
/// [`crate::escape::is_unsafe`], shared with the headless output).
pub fn escape(c: char) -> Option<String> {
    if crate::escape::is_unsafe(c) {
        let mut s = String::new();
        crate::escape::escape_char(c, &mut s);
        Some(s)
    } else {
        None
    }
}

/// True when `s` needs no escaping.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(crate::escape::is_unsafe)
}

/// Display width of `s` as shown (escapes included).
pub fn display_width(s: &str) -> usize {
    if is_clean(s) {
        return Span::raw(s).width();
    }
    s.chars()
        .map(|c| match escape(c) {
            Some(e) => e.len(),
            None => {
                let mut b = [0u8; 4];
                Span::raw(&*c.encode_utf8(&mut b)).width()
            }
        })
        .sum()
}

/// `s` as plain text with escapes (for places without styles, such as the window title).
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match escape(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    out
}

/// Appends `s` to `out` as spans of `style`, with escapes in the dim escape style.
pub fn push(out: &mut Vec<Span<'static>>, s: &str, style: Style) {
    push_hl(out, s, style, &[], style)
}

/// Like [`push`], with the characters at `hl` (sorted char indices) in `hl_style`.
pub fn push_hl(out: &mut Vec<Span<'static>>, s: &str, style: Style, hl: &[usize], hl_style: Style) {
    if hl.is_empty() && is_clean(s) {
        if !s.is_empty() {
            out.push(Span::styled(s.to_string(), style));
        }
        return;
    }
    let esc_style = style.patch(theme::escape());
    let mut run = String::new();
    let mut run_style = style;
    let mut hi = hl.iter().peekable();
    for (i, c) in s.chars().enumerate() {
        let lit = hi.peek().is_some_and(|&&h| h == i);
        if lit {
            hi.next();
        }
        let (piece, st) = match escape(c) {
            Some(e) => (
                e,
                if lit {
                    esc_style.patch(hl_style)
                } else {
                    esc_style
                },
            ),
            None => (
                c.to_string(),
                if lit { style.patch(hl_style) } else { style },
            ),
        };
        if st != run_style && !run.is_empty() {
            out.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = st;
        run.push_str(&piece);
    }
    if !run.is_empty() {
        out.push(Span::styled(run, run_style));
    }
}

/// `s` as a line of `style`.
pub fn line(s: &str, style: Style) -> Line<'static> {
    let mut spans = Vec::new();
    push(&mut spans, s, style);
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_drives_terminals() {
        assert_eq!(plain("a\u{1b}]0;pwned\u{7}b"), "a\\x1b]0;pwned\\x07b");
        assert_eq!(plain("\u{1b}[2J"), "\\x1b[2J");
        assert_eq!(plain("x\u{202e}y\u{2066}"), "x\\u{202e}y\\u{2066}");
        assert_eq!(
            plain("\u{200b}\u{feff}\u{2060}\u{9b}\u{7f}"),
            "\\u{200b}\\u{feff}\\u{2060}\\x9b\\x7f"
        );
        assert_eq!(plain("tab\there\nnl"), "tab\\there\\nnl");
        assert_eq!(plain("café 日本"), "café 日本");
        assert_eq!(display_width("日本"), 4);
        assert_eq!(display_width("a\u{1b}"), 5);
    }

    #[test]
    fn highlights_line_up_with_escapes() {
        let mut v = Vec::new();
        push_hl(&mut v, "a\u{1b}b", Style::new(), &[2], Style::new().bold());
        let text: String = v.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "a\\x1bb");
        let last = v.last().unwrap();
        assert_eq!(last.content, "b");
        assert_eq!(last.style, Style::new().bold());
    }
}
