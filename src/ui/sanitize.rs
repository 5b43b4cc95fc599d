//! The one sanitiser every piece of log (or user-typed) text passes before it reaches the
//! terminal. Characters that could drive the terminal or hide/reorder text (the rule of
//! [`crate::escape`], shared with the headless output) are shown as visible escapes, styled dim:
//! C0/C1 controls and DEL (`\x1b`, `\n`, `\x9b`…), bidi embeddings/overrides/isolates
//! (`\u{202e}`), zero-width and invisible formatting characters (`\u{200b}`, `\u{feff}`…).
//!
//! Escapes are per character, so a character index into the original text (a fuzzy match) maps
//! to exactly one output piece: highlights still line up.

use super::theme;
use crate::escape::{self, Piece};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The visible escape for `c`, if `c` must not reach the terminal as is (the rule is
/// [`crate::escape::is_unsafe`], shared with the headless output).
pub fn escape(c: char) -> Option<String> {
    if escape::is_unsafe(c) {
        let mut s = String::new();
        escape::escape_char(c, &mut s);
        Some(s)
    } else {
        None
    }
}

/// True when `s` is shown exactly as it is.
pub fn is_clean(s: &str) -> bool {
    escape::is_clean(s)
}

/// Display width of `s` as shown (escapes included), per grapheme cluster.
pub fn display_width(s: &str) -> usize {
    escape::sanitized_width(s)
}

/// `s` as plain text with escapes (for places without styles, such as the window title).
pub fn plain(s: &str) -> String {
    escape::sanitize(s).into_owned()
}

/// Appends `s` to `out` as spans of `style`, with escapes in the dim escape style.
pub fn push(out: &mut Vec<Span<'static>>, s: &str, style: Style) {
    push_hl(out, s, style, &[], style)
}

/// Like [`push`], with the characters at `hl` (sorted char indices) in `hl_style`; a cluster
/// shown whole is highlighted when any of its characters is.
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
    let mut hi = 0usize;
    escape::pieces(s, |at, n, piece| {
        while hi < hl.len() && hl[hi] < at {
            hi += 1;
        }
        let lit = hi < hl.len() && hl[hi] < at + n;
        let (base, text) = match piece {
            Piece::Raw(t, _) => (style, t.to_string()),
            Piece::Escaped(c) => {
                let mut e = String::new();
                escape::escape_char(c, &mut e);
                (esc_style, e)
            }
        };
        let st = if lit { base.patch(hl_style) } else { base };
        // An escape is always a span of its own, so raw text on either side of it cannot join
        // into a cluster the measure did not see.
        let escaped = matches!(piece, Piece::Escaped(_));
        if (st != run_style || escaped) && !run.is_empty() {
            out.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = st;
        run.push_str(&text);
        if escaped {
            out.push(Span::styled(std::mem::take(&mut run), run_style));
        }
    });
    if !run.is_empty() {
        out.push(Span::styled(run, run_style));
    }
}

/// Total columns of `spans` (text already sanitised), per grapheme cluster.
pub fn spans_width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|s| escape::width(&s.content)).sum()
}

/// Cuts `spans` (already sanitised) in the middle to at most `w` columns with a `…`, keeping
/// the start and the end (`stratus-red…-ec2-role/i-0dbc`); unchanged when they fit.
pub fn cut_middle(spans: Vec<Span<'static>>, w: usize) -> Vec<Span<'static>> {
    if spans_width(&spans) <= w {
        return spans;
    }
    let gs: Vec<(&str, Style)> = spans
        .iter()
        .flat_map(|s| s.content.graphemes(true).map(move |g| (g, s.style)))
        .collect();
    if w < 2 {
        return Vec::new();
    }
    let head_w = escape::middle_head(w);
    let (mut h, mut used) = (0, 0);
    while h < gs.len() && used + gs[h].0.width() <= head_w {
        used += gs[h].0.width();
        h += 1;
    }
    let tail_w = w - 1 - used;
    let (mut t, mut tused) = (gs.len(), 0);
    while t > h && tused + gs[t - 1].0.width() <= tail_w {
        tused += gs[t - 1].0.width();
        t -= 1;
    }
    let ell_style = gs.get(h).map(|g| g.1).unwrap_or_default();
    let mut out: Vec<Span<'static>> = Vec::new();
    let add = |g: &str, st: Style, out: &mut Vec<Span<'static>>| match out.last_mut() {
        Some(last) if last.style == st => last.content.to_mut().push_str(g),
        _ => out.push(Span::styled(g.to_string(), st)),
    };
    for &(g, st) in &gs[..h] {
        add(g, st, &mut out);
    }
    add("…", ell_style, &mut out);
    for &(g, st) in &gs[t..] {
        add(g, st, &mut out);
    }
    out
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
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("root\u{115f}"), 12);
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

#[cfg(test)]
mod cut_tests {
    use super::*;

    #[test]
    fn cut_in_the_middle_keeps_both_ends_and_styles() {
        let mut v = Vec::new();
        push(
            &mut v,
            "stratus-red-team-ec2-role/i-0dbc\u{1b}",
            Style::new(),
        );
        let cut = cut_middle(v, 28);
        let text: String = cut.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(spans_width(&cut), 28);
        assert!(
            text.starts_with("stratus-red") && text.ends_with("/i-0dbc\\x1b"),
            "{text}"
        );
        assert_eq!(
            cut.last().unwrap().style,
            Style::new().patch(theme::escape())
        );
        let mut cjk = Vec::new();
        push(&mut cjk, "日本語テキスト日本語テキスト", Style::new());
        assert!(spans_width(&cut_middle(cjk, 9)) <= 9);
    }
}
