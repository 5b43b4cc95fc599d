//! Making attacker-controlled text safe to show, shared by the headless output and the UI (which
//! wraps it in `ui::sanitize`). Two rules:
//!
//! 1. **Characters that are never printed raw** ([`is_unsafe`]) become visible escapes (`\x1b`,
//!    `\u{115f}`): controls (C0, C1, DEL), every format character (General_Category Cf: bidi
//!    controls, zero-width characters, U+00AD, U+180E, U+1D173…), line and paragraph separators,
//!    every space but U+0020 (Zs), private-use, surrogate and unassigned code points, every
//!    Default_Ignorable_Code_Point (Hangul fillers U+115F U+3164 U+FFA0, variation selectors, tags…)
//!    and characters that render blank (U+2800). `root` followed by five U+115F must not read `root`.
//!    The table is generated from the Unicode property files in `tests/unicode/`, and a test checks
//!    it against them for every code point.
//! 2. **Text is measured per grapheme cluster, and what terminals measure differently is
//!    escaped**: a cluster is printed raw only when its width is that of its first character (a
//!    base followed by combining marks: `é`, `각`, CJK), so every terminal, whether it adds widths
//!    per character or per cluster, and ratatui's buffer agree on the columns it takes. Otherwise the
//!    rest of the cluster is escaped: a skin-tone modifier (`👍\u{1f3fd}`), the second part of a
//!    Thai `ำ` vowel, a flag's regional indicators, a combining mark with nothing to sit on.
//!
//! [`sanitize`] applies both; [`width`], [`cut_end`], [`cut_middle`] and [`pad`] measure and cut
//! text that has been sanitised, by grapheme cluster, as ratatui and terminals do.

mod table;

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// True for characters that must never reach a terminal raw (rule 1 above).
pub fn is_unsafe(c: char) -> bool {
    let c = c as u32;
    if (0x20..0x7f).contains(&c) {
        return false;
    }
    table::UNSAFE
        .binary_search_by(|&(a, b)| {
            if b < c {
                std::cmp::Ordering::Less
            } else if a > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The visible escape for a char: `\n`, `\t`, `\x1b`, `\u{202e}`.
pub fn escape_char(c: char, out: &mut String) {
    use std::fmt::Write;
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// True when `s` is printable ASCII only: shown as is, one column per byte.
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1f1e6}'..='\u{1f1ff}').contains(&c)
}

/// True when `a` and `b` written next to each other form one grapheme cluster.
fn joins(a: char, b: char) -> bool {
    let mut buf = [0u8; 8];
    let n = a.encode_utf8(&mut buf).len();
    let m = b.encode_utf8(&mut buf[n..]).len();
    let s = std::str::from_utf8(&buf[..n + m]).expect("two chars");
    s.graphemes(true).nth(1).is_none()
}

/// True when `c` can start a cluster printed raw: safe, at least one column wide, and neither
/// joining what comes before it (a combining or spacing mark, a modifier) nor what comes after it
/// (a prepended mark), nor a regional indicator (paired into flags, measured 1 or 2).
fn starts_cluster(c: char) -> bool {
    if (c as u32) < 0x7f {
        return !is_unsafe(c);
    }
    !is_unsafe(c)
        && c.width().unwrap_or(0) >= 1
        && !is_regional_indicator(c)
        && !joins('a', c)
        && !joins(c, 'a')
}

/// A piece of displayed text: a cluster (or the start of one) printed raw, or one escaped char.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Printed as is; its width is `width`.
    Raw(&'a str, usize),
    /// Printed as its escape (see [`escape_char`]).
    Escaped(char),
}

impl Piece<'_> {
    /// Columns this piece takes on screen.
    pub fn width(&self) -> usize {
        match *self {
            Piece::Raw(_, w) => w,
            Piece::Escaped(c) => {
                let mut s = String::new();
                escape_char(c, &mut s);
                s.len()
            }
        }
    }
}

/// Calls `f(char_index, chars, piece)` for each piece of `s` as displayed, in order;
/// `char_index` is the index of the piece's first char in `s`, `chars` how many chars it covers.
pub fn pieces<'a>(s: &'a str, mut f: impl FnMut(usize, usize, Piece<'a>)) {
    let mut ci = 0usize;
    for g in s.graphemes(true) {
        let mut it = g.char_indices();
        let Some((_, first)) = it.next() else {
            continue;
        };
        if !starts_cluster(first) {
            for c in g.chars() {
                f(ci, 1, Piece::Escaped(c));
                ci += 1;
            }
            continue;
        }
        // The longest prefix whose width is the first char's: the base and its marks.
        let base_w = first.width().unwrap_or(1);
        let mut end = first.len_utf8();
        let mut n = 1;
        for (b, c) in it {
            let next = b + c.len_utf8();
            if is_unsafe(c) || c.width() != Some(0) || g[..next].width() != base_w {
                break;
            }
            end = next;
            n += 1;
        }
        f(ci, n, Piece::Raw(&g[..end], base_w));
        ci += n;
        for c in g[end..].chars() {
            f(ci, 1, Piece::Escaped(c));
            ci += 1;
        }
    }
}

/// `s` as displayed: unsafe characters and unmeasurable cluster parts escaped (borrowed when
/// nothing needs it).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if plain_ascii(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut changed = false;
    pieces(s, |_, _, p| match p {
        Piece::Raw(t, _) => out.push_str(t),
        Piece::Escaped(c) => {
            changed = true;
            escape_char(c, &mut out);
        }
    });
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// True when `s` is displayed exactly as it is.
pub fn is_clean(s: &str) -> bool {
    matches!(sanitize(s), Cow::Borrowed(_))
}

/// Columns that `display` (text already sanitised) takes: the sum of its clusters' widths.
pub fn width(display: &str) -> usize {
    if plain_ascii(display) {
        return display.len();
    }
    display.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Columns that raw text `s` takes once sanitised.
pub fn sanitized_width(s: &str) -> usize {
    if plain_ascii(s) {
        return s.len();
    }
    let mut w = 0;
    pieces(s, |_, _, p| w += p.width());
    w
}

/// `display` cut to at most `w` columns, ending with `…` when cut (never splits a cluster).
pub fn cut_end(display: &str, w: usize) -> Cow<'_, str> {
    if width(display) <= w {
        return Cow::Borrowed(display);
    }
    if w == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in display.graphemes(true) {
        let gw = g.width();
        if used + gw > w - 1 {
            break;
        }
        out.push_str(g);
        used += gw;
    }
    out.push('…');
    Cow::Owned(out)
}

/// How many of `w - 1` columns the start keeps when a value is cut in the middle (the end of a
/// principal or an ARN, its session name, tells values apart more often than the start).
pub fn middle_head(w: usize) -> usize {
    (w.saturating_sub(1) * 2).div_ceil(5)
}

/// `display` cut in the middle to at most `w` columns (`stratus-red…-ec2-role/i-0dbc`).
pub fn cut_middle(display: &str, w: usize) -> Cow<'_, str> {
    if width(display) <= w {
        return Cow::Borrowed(display);
    }
    if w < 2 {
        return cut_end(display, w);
    }
    let gs: Vec<&str> = display.graphemes(true).collect();
    let head_w = middle_head(w);
    let tail_w = w - 1 - head_w;
    let (mut out, mut used, mut h) = (String::new(), 0, 0);
    while h < gs.len() && used + gs[h].width() <= head_w {
        used += gs[h].width();
        out.push_str(gs[h]);
        h += 1;
    }
    let (mut t, mut tused) = (gs.len(), 0);
    while t > h && tused + gs[t - 1].width() <= tail_w + (head_w - used) {
        tused += gs[t - 1].width();
        t -= 1;
    }
    out.push('…');
    for g in &gs[t..] {
        out.push_str(g);
    }
    Cow::Owned(out)
}

/// `display` padded with spaces to `w` columns (unchanged when already as wide).
pub fn pad(display: &str, w: usize) -> String {
    let mut out = display.to_string();
    for _ in width(display)..w {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn escapes_what_a_terminal_would_obey() {
        assert_eq!(sanitize("plain"), Cow::Borrowed("plain"));
        assert_eq!(sanitize("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
        assert_eq!(sanitize("\x1b[2J"), "\\x1b[2J");
        assert_eq!(sanitize("a\u{202e}b\u{200b}c"), "a\\u{202e}b\\u{200b}c");
        assert_eq!(sanitize("\u{9b}31m"), "\\x9b31m");
        assert_eq!(sanitize("tab\there"), "tab\\there");
        assert_eq!(sanitize("ünïcödé ✓"), "ünïcödé ✓");
    }

    #[test]
    fn invisible_and_impersonating_characters_are_escaped() {
        // Issue 8: each of these reached the terminal raw.
        assert_eq!(
            sanitize("root\u{115f}\u{115f}\u{115f}\u{115f}\u{115f}"),
            "root\\u{115f}\\u{115f}\\u{115f}\\u{115f}\\u{115f}"
        );
        for (c, e) in [
            ('\u{3164}', "\\u{3164}"),
            ('\u{ffa0}', "\\u{ffa0}"),
            ('\u{ad}', "\\xad"),
            ('\u{180e}', "\\u{180e}"),
            ('\u{1d173}', "\\u{1d173}"),
            ('\u{2800}', "\\u{2800}"),
            ('\u{2028}', "\\u{2028}"),
            ('\u{2029}', "\\u{2029}"),
            ('\u{a0}', "\\xa0"),
            ('\u{3000}', "\\u{3000}"),
            ('\u{e000}', "\\u{e000}"),
            ('\u{fe0f}', "\\u{fe0f}"),
            ('\u{e0041}', "\\u{e0041}"),
        ] {
            assert_eq!(
                sanitize(&format!("x{c}y")),
                format!("x{e}y"),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// Code points listed for `wanted` values of the property in a UCD file of `tests/unicode/`.
    fn ucd(file: &str, wanted: &[&str]) -> HashSet<u32> {
        let path = format!("{}/tests/unicode/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect(&path);
        let mut out = HashSet::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("");
            let Some((range, value)) = line.split_once(';') else {
                continue;
            };
            if !wanted.contains(&value.trim()) {
                continue;
            }
            let range = range.trim();
            let (a, b) = range.split_once("..").unwrap_or((range, range));
            let (a, b) = (
                u32::from_str_radix(a, 16).unwrap(),
                u32::from_str_radix(b, 16).unwrap(),
            );
            out.extend(a..=b);
        }
        out
    }

    #[test]
    fn the_rule_matches_the_unicode_property_tables_for_every_code_point() {
        let dicp = ucd(
            "DerivedCoreProperties-DICP.txt",
            &["Default_Ignorable_Code_Point"],
        );
        let gc = |cats: &[&str]| ucd("DerivedGeneralCategory-selected.txt", cats);
        let (controls, format) = (gc(&["Cc"]), gc(&["Cf"]));
        let (seps, spaces) = (gc(&["Zl", "Zp"]), gc(&["Zs"]));
        let (private, unassigned) = (gc(&["Co"]), gc(&["Cn"]));
        // The files are whole: a truncated copy would make this test vacuous.
        assert!(dicp.contains(&0x115f) && dicp.contains(&0xe0fff) && dicp.len() > 4000);
        assert!(format.contains(&0x1d173) && format.contains(&0x180e) && format.len() > 150);
        assert!(unassigned.contains(&0x10ffff) && unassigned.len() > 800_000);
        let mut wrong = Vec::new();
        for cp in 0..=0x10ffffu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected = dicp.contains(&cp)
                || controls.contains(&cp)
                || format.contains(&cp)
                || seps.contains(&cp)
                || (spaces.contains(&cp) && cp != 0x20)
                || private.contains(&cp)
                || unassigned.contains(&cp)
                || cp == 0x2800;
            if is_unsafe(c) != expected {
                wrong.push(format!("U+{cp:04X}"));
            }
            if expected {
                // Never raw, whatever surrounds it.
                let text = format!("a{c}b");
                let shown = sanitize(&text);
                if shown.contains(c) {
                    wrong.push(format!("U+{cp:04X} shown raw"));
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong: {:?}",
            wrong.len(),
            &wrong[..wrong.len().min(20)]
        );
    }

    #[test]
    fn clusters_terminals_measure_differently_are_escaped() {
        // Combining marks, CJK, Hangul jamo sequences: measured alike everywhere, shown.
        for s in [
            "e\u{301}",
            "日本",
            "\u{1100}\u{1161}\u{11a8}",
            "각",
            "👍",
            "ก",
        ] {
            assert_eq!(sanitize(s), Cow::Borrowed(s), "{s:?}");
        }
        assert_eq!(width("e\u{301}日本"), 5);
        // A skin tone, a flag, Thai SARA AM, a lone combining mark, a joiner sequence.
        assert_eq!(sanitize("👍🏽"), "👍\\u{1f3fd}");
        assert_eq!(sanitize("🇺🇸"), "\\u{1f1fa}\\u{1f1f8}");
        assert_eq!(sanitize("กำ"), "ก\\u{e33}");
        assert_eq!(sanitize("\u{301}x"), "\\u{301}x");
        assert_eq!(sanitize("❤\u{fe0f}"), "❤\\u{fe0f}");
        assert_eq!(sanitize("a\u{200d}b"), "a\\u{200d}b");
        // Every cluster left in sanitised text is as wide as its characters added up.
        let nasty = "👩🏽‍💻🇯🇵กำक्षि\u{301}ൎക❤️‍🔥a\u{20e3}";
        let shown = sanitize(nasty);
        for g in shown.graphemes(true) {
            let per_char: usize = g.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(g.width(), per_char, "{g:?} in {shown:?}");
            assert!(g.width() >= 1, "{g:?}");
        }
        assert_eq!(sanitized_width(nasty), width(&shown));
    }

    #[test]
    fn cutting_and_padding_count_columns() {
        assert_eq!(cut_end("日本語テキスト", 7), "日本語…");
        assert_eq!(cut_end("abc", 3), "abc");
        assert_eq!(cut_end("abcd", 3), "ab…");
        assert_eq!(pad("日本", 6), "日本  ");
        assert_eq!(pad("e\u{301}", 3), "e\u{301}  ");
        let who = "stratus-red-team-ec2-role/i-0dbc";
        let cut = cut_middle(who, 28);
        assert_eq!(width(&cut), 28);
        assert!(
            cut.starts_with("stratus-red") && cut.ends_with("-ec2-role/i-0dbc"),
            "{cut}"
        );
        let cjk = cut_middle("日本語テキスト日本語", 9);
        assert!(width(&cjk) <= 9, "{cjk}");
        assert_eq!(cut_middle("short", 10), "short");
    }
}
