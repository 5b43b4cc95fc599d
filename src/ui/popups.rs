//! Popups over the panes: key help (generated from the keymap), failed files, the fuzzy finder,
//! the pivot menu, the export prompt and the overwrite question.

use super::filter::input_line;
use super::{hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::{thousands, App, Mode};
use crate::export::Format;
use crate::model::EventStore;
use crate::query::FUZZY_FIELDS;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Widget};

/// Clears `r` and draws a rounded border with `title`.
pub(super) fn frame(buf: &mut Buffer, r: Rect, title: Vec<Span<'static>>) {
    Clear.render(r, buf);
    let mut t = vec![Span::styled(" ", theme::popup_border())];
    t.extend(title);
    t.push(Span::styled(" ", theme::popup_border()));
    Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme::popup_border())
        .title(Line::from(t))
        .render(r, buf);
}

/// Draws the popup of the current mode, if any; returns the text cursor position.
pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, popup: Rect) -> Option<Position> {
    match app.mode {
        Mode::Help => {
            help(app, buf, popup);
            None
        }
        Mode::Failed => {
            failed(app, buf, popup);
            None
        }
        Mode::Fuzzy => Some(fuzzy(app, st, buf, popup)),
        Mode::Pivot => {
            pivot(app, buf, popup);
            None
        }
        Mode::Tree => {
            super::tree::render(app, buf, popup);
            None
        }
        Mode::Export => Some(export(app, buf, popup)),
        Mode::Facets => super::facets::render(app, buf, popup),
        Mode::Annotate => Some(annotate(app, st, buf, popup)),
        Mode::Profile => {
            super::profile::render(app, buf, popup);
            None
        }
        Mode::ConfirmOverwrite => {
            confirm(app, buf, popup);
            None
        }
        Mode::Detections => {
            super::detections::render(app, st, buf, popup);
            None
        }
        Mode::Views => {
            super::views::render(app, buf, popup);
            None
        }
        _ => None,
    }
}

pub(super) fn header(buf: &mut Buffer, popup: Rect, spans: Vec<Span<'static>>) {
    let inner = Rect::new(popup.x + 1, popup.y + 1, popup.width.saturating_sub(2), 1);
    put(
        buf,
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(1),
        spans,
    );
}

fn scroll_lines(buf: &mut Buffer, area: Rect, lines: Vec<Vec<Span<'static>>>, scroll: usize) {
    let max = lines.len().saturating_sub(area.height as usize);
    for (i, l) in lines
        .into_iter()
        .skip(scroll.min(max))
        .take(area.height as usize)
        .enumerate()
    {
        put(
            buf,
            area.x + 1,
            area.y + i as u16,
            area.width.saturating_sub(2),
            l,
        );
    }
}

/// The width of the first column of the help (keys, field names).
const HELP_KEY_W: usize = 16;

/// A help row: `name` in the key column, `desc` wrapped beside it.
fn help_row(lines: &mut Vec<Vec<Span<'static>>>, name: &str, desc: &str, width: usize) {
    let dw = width.saturating_sub(HELP_KEY_W + 2).max(20);
    let mut first = true;
    for l in wrap_words(desc, dw) {
        let key = if first {
            format!("  {name:<HELP_KEY_W$}")
        } else {
            " ".repeat(HELP_KEY_W + 2)
        };
        let pad = if first && name.chars().count() > HELP_KEY_W {
            " "
        } else {
            ""
        };
        lines.push(vec![
            Span::styled(key, theme::key()),
            Span::styled(format!("{pad}{l}"), theme::row()),
        ]);
        first = false;
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut).
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let (cw, ww) = (cur.chars().count(), word.chars().count());
        if cw > 0 && cw + 1 + ww > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(word);
        while cur.chars().count() > width {
            let head: String = cur.chars().take(width).collect();
            cur = cur.chars().skip(width).collect();
            out.push(head);
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// The help's lines: every key of the keymap by scope, the mouse, the text-prompt keys, and the
/// filter fields from the query layer's registry.
pub fn help_lines(width: usize) -> Vec<Vec<Span<'static>>> {
    let mut lines = Vec::new();
    let title = |lines: &mut Vec<Vec<Span<'static>>>, t: &str| {
        for l in wrap_words(t, width.max(20)) {
            lines.push(vec![Span::styled(l, theme::header())]);
        }
    };
    for (scope, rows) in crate::keys::help() {
        title(&mut lines, scope.title());
        for (keys, desc) in rows {
            help_row(&mut lines, &keys, &desc, width);
        }
    }
    title(&mut lines, "mouse");
    for (what, desc) in crate::keys::MOUSE {
        help_row(&mut lines, what, desc, width);
    }
    title(
        &mut lines,
        "text prompts (filter, search, fuzzy finder, export, note)",
    );
    for (k, d) in [
        ("Ctrl-a Ctrl-e", "start, end of the line"),
        ("Alt-b Alt-f", "a word back, forward"),
        ("Ctrl-w", "delete the word before the cursor"),
        ("Ctrl-u", "delete the line"),
    ] {
        help_row(&mut lines, k, d, width);
    }
    title(
        &mut lines,
        "filter fields (/ here, -f in trailscope query; the whole language: trailscope help filter)",
    );
    for f in crate::query::fields::FIELDS {
        let mut desc = format!("{} ({})", f.help, f.reads);
        if !f.aliases.is_empty() {
            desc.push_str(&format!(" · also {}", f.aliases.join(", ")));
        }
        desc.push_str(&format!(" · {}", f.example));
        help_row(&mut lines, f.name, &desc, width);
    }
    help_row(
        &mut lines,
        "a.json.path",
        "any field of the record, by its JSON path: sharedEventID:*, \
         requestParameters.bucketName:prod-logs, resources[0].ARN:arn:aws:s3:::* \
         (an array matches if any element does)",
        width,
    );
    help_row(
        &mut lines,
        "word, \"a b\"",
        "the record's text contains it",
        width,
    );
    lines
}

/// The help's columns are at least this wide: side by side when two fit (at 200 columns), so a
/// wide terminal shows twice the keys at once.
const HELP_COL_W: u16 = 72;

/// The help's layout in `area`: how many columns, each how wide.
fn help_columns(area: Rect) -> (u16, u16) {
    if area.width > 2 * HELP_COL_W {
        (2, (area.width - 1) / 2)
    } else {
        (1, area.width)
    }
}

/// How far the help scrolls in `area` (a popup's content): its lines less one screen of each
/// column.
pub fn help_scroll_max(area: Rect) -> usize {
    let (cols, col_w) = help_columns(area);
    help_lines(col_w.saturating_sub(2) as usize)
        .len()
        .saturating_sub(area.height as usize * cols as usize)
}

fn help(app: &App, buf: &mut Buffer, popup: Rect) {
    let area = popup_content(popup);
    let (cols, col_w) = help_columns(area);
    let lines = help_lines(col_w.saturating_sub(2) as usize);
    // The lines shown: one screenful per column, read down the first column then the next.
    let per = area.height as usize * cols as usize;
    let top = app.popup_scroll.min(lines.len().saturating_sub(per));
    let end = (top + per).min(lines.len());
    let mut title = vec![Span::styled("help", theme::title_focused())];
    if top > 0 || end < lines.len() {
        // Say there is more, and where the view is.
        title.push(Span::styled(
            format!(" · lines {}–{end} of {}", top + 1, lines.len()),
            theme::dim(),
        ));
    }
    frame(buf, popup, title);
    header(
        buf,
        popup,
        hint_spans_fit(app.scope(), popup.width.saturating_sub(3)),
    );
    for c in 0..cols {
        let from = (top + c as usize * area.height as usize).min(end);
        let upto = (from + area.height as usize).min(end);
        let r = Rect::new(area.x + c * (col_w + 1), area.y, col_w, area.height);
        scroll_lines(buf, r, lines[from..upto].to_vec(), 0);
    }
}

fn failed(app: &App, buf: &mut Buffer, popup: Rect) {
    let n = app.load.failed.len();
    frame(
        buf,
        popup,
        vec![Span::styled(
            if n == 0 && app.load.warnings.is_empty() {
                "files not verified against the trail's digests".to_string()
            } else {
                format!(
                    "{} file{} failed to load",
                    thousands(n as u64),
                    if n == 1 { "" } else { "s" }
                )
            },
            theme::error(),
        )],
    );
    header(
        buf,
        popup,
        hint_spans_fit(app.scope(), popup.width.saturating_sub(3)),
    );
    let mut lines = Vec::new();
    // Failures first, then files read in part, then warnings that lost nothing.
    let part = app.load.warnings.iter().filter(|p| p.loses_events());
    let warned = app.load.warnings.iter().filter(|p| !p.loses_events());
    let mut last = None;
    for (p, group) in app
        .load
        .failed
        .iter()
        .map(|p| (p, 0))
        .chain(part.map(|p| (p, 1)))
        .chain(warned.map(|p| (p, 2)))
    {
        if group != 0 && last != Some(group) {
            let title = if group == 1 {
                "read in part:"
            } else {
                "warnings (no event lost):"
            };
            lines.push(vec![Span::styled(title, theme::mark())]);
        }
        last = Some(group);
        let mut l = Vec::new();
        sanitize::push(&mut l, &p.path, theme::header());
        lines.push(l);
        let mut l = vec![Span::raw("    ")];
        sanitize::push(&mut l, &p.reason, theme::error_row());
        lines.push(l);
    }
    // What `verify` found against the trail's digests.
    if let Some(v) = app.verify.done.as_ref().filter(|v| !v.problems.is_empty()) {
        lines.push(vec![Span::styled(
            "verified against the digests:",
            theme::mark(),
        )]);
        for (path, why) in &v.problems {
            let mut l = Vec::new();
            sanitize::push(&mut l, path, theme::header());
            lines.push(l);
            let mut l = vec![Span::raw("    ")];
            sanitize::push(&mut l, why, theme::error_row());
            lines.push(l);
        }
    }
    scroll_lines(buf, popup_content(popup), lines, app.popup_scroll);
}

/// Most lines the selected value of the fuzzy finder wraps to (then it is cut in the middle).
const FUZZY_WRAP_LINES: usize = 6;

/// Width of the count column of the fuzzy finder (` 1,234,567  `).
const FUZZY_COUNT_W: u16 = 12;

fn fuzzy(app: &App, st: &EventStore, buf: &mut Buffer, popup: Rect) -> Position {
    let f = &app.fuzzy;
    let pattern = f.input.value();
    let mut title = vec![
        Span::styled("fuzzy find", theme::title_focused()),
        Span::styled(
            format!(
                " · {} of {} values · {}",
                thousands(f.matches.len() as u64),
                thousands(f.candidates.len() as u64),
                f.sort.label(!pattern.is_empty()),
            ),
            theme::title(),
        ),
    ];
    if !f.matches.is_empty() {
        title.push(Span::styled(
            format!(
                " · {}/{}",
                thousands(f.selected as u64 + 1),
                thousands(f.matches.len() as u64)
            ),
            theme::title(),
        ));
    }
    frame(buf, popup, title);
    // The keys, on the bottom border.
    let hints = hint_spans_fit(app.scope(), popup.width.saturating_sub(4));
    let hy = popup.bottom().saturating_sub(1);
    let hw = popup.width.saturating_sub(4);
    let hw = (super::spans_width(&hints) as u16).min(hw);
    put(buf, popup.x + 2, hy, hw, hints);
    // Row 1: the fields, the chosen one highlighted.
    let mut tabs = Vec::new();
    for (i, (_, name)) in FUZZY_FIELDS.iter().enumerate() {
        let style = if i == f.field {
            theme::selected()
        } else {
            theme::dim()
        };
        tabs.push(Span::styled(format!(" {name} "), style));
    }
    header(buf, popup, tabs);
    // Row 2: the pattern.
    let r = Rect::new(popup.x + 2, popup.y + 2, popup.width.saturating_sub(4), 1);
    let pos = input_line(
        buf,
        r,
        vec![Span::styled("❯ ", theme::prompt())],
        &f.input,
        &[],
        theme::row(),
    );
    let area = popup_content(popup);
    let h = area.height as usize;
    let vw = area.width.saturating_sub(FUZZY_COUNT_W + 1) as usize;
    // Each value as spans (escaped, matched letters lit): `None` past the window.
    let value = |i: usize, base: Style| {
        let m = &f.matches[i];
        let text = st.strings.resolve(m.sym);
        let idx = if m.indices.is_empty() {
            crate::query::fuzzy::indices(text, pattern)
        } else {
            m.indices.clone()
        };
        let mut spans = Vec::new();
        sanitize::push_hl(&mut spans, text, base, &idx, theme::matched());
        spans
    };
    // The selected value wraps (long values differ at their ends: user agents, role sessions);
    // the others are cut in the middle so both ends show. The window starts at the state's `top`
    // and moves down if the selected value's lines would pass its end.
    let sel_lines = if f.matches.is_empty() {
        Vec::new()
    } else {
        wrap_spans(value(f.selected, theme::selected()), vw, FUZZY_WRAP_LINES)
    };
    let mut top = f.top.min(f.selected);
    if f.selected + sel_lines.len() > top + h {
        top = (f.selected + sel_lines.len())
            .saturating_sub(h)
            .min(f.selected);
    }
    // Words every long value on screen shares (`APN/1.0`, `HashiCorp/1.0`, …) tell nothing
    // apart: they are left out of the cut rows, so what differs has the room.
    let long: Vec<&str> = (top..f.matches.len().min(top + h))
        .filter(|&i| i != f.selected)
        .map(|i| st.strings.resolve(f.matches[i].sym))
        .filter(|t| sanitize::display_width(t) > vw)
        .collect();
    let common = common_words(&long);
    let mut y = area.y;
    let mut i = top;
    while y < area.bottom() && i < f.matches.len() {
        let m = &f.matches[i];
        let sel = i == f.selected;
        let base = if sel { theme::selected() } else { theme::row() };
        let lines = if sel {
            sel_lines.clone()
        } else {
            let mut v = value(i, base);
            if super::spans_width(&v) > vw {
                v = elide_words(v, &common);
            }
            vec![cut_middle(v, vw)]
        };
        for (k, l) in lines.into_iter().enumerate() {
            if y >= area.bottom() {
                break;
            }
            if sel {
                buf.set_style(Rect::new(area.x, y, area.width, 1), base);
            }
            let count = if k == 0 {
                format!(" {:>9}  ", thousands(m.count as u64))
            } else {
                " ".repeat(FUZZY_COUNT_W as usize)
            };
            let mut spans = vec![Span::styled(count, base.patch(theme::dim()))];
            spans.extend(l);
            put(buf, area.x, y, area.width, spans);
            y += 1;
        }
        i += 1;
    }
    if f.matches.is_empty() {
        put(
            buf,
            area.x + 2,
            area.y,
            area.width.saturating_sub(2),
            vec![Span::styled("no value matches", theme::dim())],
        );
    }
    pos
}

/// A word as compared across values: without the brackets, quotes and separators around it
/// (`[APN/1.0` is `APN/1.0`).
fn word_key(w: &str) -> &str {
    w.trim_matches(|c: char| "[](){}\"',;".contains(c))
}

/// The space-separated words (by [`word_key`]) found in every one of `values` (none for fewer
/// than two).
fn common_words(values: &[&str]) -> std::collections::HashSet<String> {
    let mut it = values.iter();
    let (Some(first), true) = (it.next(), values.len() >= 2) else {
        return Default::default();
    };
    let mut common: std::collections::HashSet<String> = first
        .split(' ')
        .map(word_key)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    for v in it {
        let words: std::collections::HashSet<&str> = v.split(' ').map(word_key).collect();
        common.retain(|w| words.contains(w.as_str()));
    }
    common
}

/// `spans` without the words in `common`, each run of them shown as one dim `…`; unchanged
/// when every word is common.
fn elide_words(
    spans: Vec<Span<'static>>,
    common: &std::collections::HashSet<String>,
) -> Vec<Span<'static>> {
    if common.is_empty() {
        return spans;
    }
    let chars = styled_chars(&spans);
    let words: Vec<&[(char, Style)]> = chars.split(|&(c, _)| c == ' ').collect();
    let text = |w: &[(char, Style)]| {
        let t = w.iter().map(|&(c, _)| c).collect::<String>();
        word_key(&t).to_string()
    };
    if words
        .iter()
        .all(|w| w.is_empty() || common.contains(&text(w)))
    {
        return spans;
    }
    let mut out: Vec<(char, Style)> = Vec::new();
    let mut eliding = false;
    let words: Vec<&[(char, Style)]> = words.into_iter().filter(|w| !w.is_empty()).collect();
    let n = words.len();
    let is_punct = |c: char| "[](){}\"',;".contains(c);
    for (i, w) in words.into_iter().enumerate() {
        let style = w[0].1;
        if common.contains(&text(w)) {
            // The value's own brackets stay (`[APN/1.0 …]` is not `APN/1.0 …`).
            if i == 0 {
                out.extend(w.iter().take_while(|&&(c, _)| is_punct(c)));
            }
            if !eliding {
                if !out.is_empty() && i > 0 {
                    out.push((' ', style));
                }
                out.push(('…', style.patch(theme::dim())));
                eliding = true;
            }
            if i + 1 == n {
                let tail: Vec<(char, Style)> = w
                    .iter()
                    .rev()
                    .take_while(|&&(c, _)| is_punct(c))
                    .copied()
                    .collect();
                out.extend(tail.into_iter().rev());
            }
            continue;
        }
        if !out.is_empty() {
            out.push((' ', style));
        }
        out.extend_from_slice(w);
        eliding = false;
    }
    spans_of(&out)
}

/// The display width of one character (escaped text is already plain characters here).
fn char_width(c: char) -> usize {
    let mut b = [0u8; 4];
    Span::raw(&*c.encode_utf8(&mut b)).width()
}

/// The characters of `spans` with their styles.
fn styled_chars(spans: &[Span<'static>]) -> Vec<(char, Style)> {
    spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect()
}

/// Spans from styled characters, one span per run of a style.
fn spans_of(chars: &[(char, Style)]) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut style = None;
    for &(c, st) in chars {
        if style.is_some_and(|s| s != st) {
            out.push(Span::styled(
                std::mem::take(&mut run),
                style.unwrap_or_default(),
            ));
        }
        style = Some(st);
        run.push(c);
    }
    if !run.is_empty() {
        out.push(Span::styled(run, style.unwrap_or_default()));
    }
    out
}

/// `spans` cut to `width` cells by taking characters out of the middle (`head…tail`), so both
/// ends of a long value show.
fn cut_middle(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    if super::spans_width(&spans) <= width {
        return spans;
    }
    let chars = styled_chars(&spans);
    if width < 2 {
        return Vec::new();
    }
    let room = width - 1;
    let (head_w, tail_w) = (room - room / 2, room / 2);
    let mut head = Vec::new();
    let mut used = 0;
    for &(c, st) in &chars {
        let w = char_width(c);
        if used + w > head_w {
            break;
        }
        used += w;
        head.push((c, st));
    }
    let mut tail = Vec::new();
    let mut used = 0;
    for &(c, st) in chars[head.len()..].iter().rev() {
        let w = char_width(c);
        if used + w > tail_w {
            break;
        }
        used += w;
        tail.push((c, st));
    }
    tail.reverse();
    let ell_style = head.last().map(|&(_, s)| s).unwrap_or_default();
    let mut out = spans_of(&head);
    out.push(Span::styled("…", ell_style.patch(theme::dim())));
    out.extend(spans_of(&tail));
    out
}

/// `spans` wrapped to lines of `width` cells; at most `max` lines, the last cut in the middle
/// when the value needs more (its end still shows).
fn wrap_spans(spans: Vec<Span<'static>>, width: usize, max: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(2);
    let chars = styled_chars(&spans);
    let mut lines: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    let mut used = 0;
    for (c, st) in chars {
        let w = char_width(c);
        if used + w > width && used > 0 {
            lines.push(Vec::new());
            used = 0;
        }
        used += w;
        if let Some(l) = lines.last_mut() {
            l.push((c, st));
        }
    }
    if lines.len() > max && max > 0 {
        let rest: Vec<(char, Style)> = lines.drain(max - 1..).flatten().collect();
        let mut out: Vec<Vec<Span<'static>>> = lines.iter().map(|l| spans_of(l)).collect();
        out.push(cut_middle(spans_of(&rest), width));
        return out;
    }
    lines.iter().map(|l| spans_of(l)).collect()
}

fn pivot(app: &App, buf: &mut Buffer, popup: Rect) {
    frame(
        buf,
        popup,
        vec![Span::styled("pivot on this event", theme::title_focused())],
    );
    header(
        buf,
        popup,
        hint_spans_fit(app.scope(), popup.width.saturating_sub(3)),
    );
    let area = popup_content(popup);
    let top = app
        .pivot
        .selected
        .saturating_sub(area.height.saturating_sub(1) as usize);
    for (i, p) in app
        .pivot
        .entries
        .iter()
        .enumerate()
        .skip(top)
        .take(area.height as usize)
    {
        let y = area.y + (i - top) as u16;
        let sel = i == app.pivot.selected;
        let base = if sel { theme::selected() } else { theme::row() };
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        }
        let key = p.key.map_or("   ".to_string(), |k| format!(" {k} "));
        let mut spans = vec![
            Span::styled(" ", base),
            Span::styled(key, base.patch(theme::key())),
            Span::styled(" ", base),
        ];
        sanitize::push(&mut spans, &p.label, base);
        spans.push(Span::styled("   ", base));
        sanitize::push(&mut spans, &p.term, base.patch(theme::dim()));
        put(buf, area.x, y, area.width, spans);
    }
    if app.pivot.entries.is_empty() {
        put(
            buf,
            area.x + 2,
            area.y,
            area.width.saturating_sub(2),
            vec![Span::styled("nothing to pivot on", theme::dim())],
        );
    }
}

fn dialog(popup: Rect, h: u16) -> Rect {
    let w = popup.width.min(76);
    Rect::new(
        popup.x + (popup.width - w) / 2,
        popup.y + popup.height.saturating_sub(h) / 3,
        w,
        h,
    )
}

fn export(app: &App, buf: &mut Buffer, popup: Rect) -> Position {
    let r = dialog(popup, 7);
    frame(buf, r, vec![Span::styled("export", theme::title_focused())]);
    let n = thousands(app.export.rows.len() as u64);
    let what = if app.export.marked {
        format!("{n} marked events")
    } else {
        format!("{n} events of the filtered view")
    };
    put(
        buf,
        r.x + 2,
        r.y + 1,
        r.width - 4,
        vec![Span::styled(format!("write {what} to"), theme::row())],
    );
    let line = Rect::new(r.x + 2, r.y + 2, r.width - 4, 1);
    let pos = input_line(
        buf,
        line,
        vec![Span::styled("❯ ", theme::prompt())],
        &app.export.input,
        &[],
        theme::row(),
    );
    let path = std::path::Path::new(app.export.input.value());
    let fmt = match (
        crate::report::TimelineFormat::from_path(path),
        Format::from_path(path),
    ) {
        (Some(crate::report::TimelineFormat::Markdown), _) => "incident timeline, Markdown",
        (Some(crate::report::TimelineFormat::Csv), _) => "incident timeline, CSV",
        (None, Format::Records) => "JSON {\"Records\":[…]}",
        (None, Format::JsonLines) => "JSON Lines",
    };
    put(
        buf,
        r.x + 2,
        r.y + 3,
        r.width - 4,
        vec![
            Span::styled("as ", theme::dim()),
            Span::styled(fmt, theme::header()),
            Span::styled(" (by extension)", theme::dim()),
        ],
    );
    put(
        buf,
        r.x + 2,
        r.y + 4,
        r.width - 4,
        vec![Span::styled(
            if app.export.manifest {
                "and its manifest beside it (.manifest.json)"
            } else {
                "without a manifest"
            },
            theme::dim(),
        )],
    );
    put(
        buf,
        r.x + 2,
        r.y + 5,
        r.width - 4,
        hint_spans_fit(app.scope(), r.width - 4),
    );
    pos
}

/// The note / tags prompt on an event.
fn annotate(app: &App, st: &EventStore, buf: &mut Buffer, popup: Rect) -> Position {
    use crate::app::case::NoteKind;
    use crate::model::SymField;
    let r = dialog(popup, 6);
    let (row, kind) = app.case.editing.unwrap_or((0, NoteKind::Note));
    let title = match kind {
        NoteKind::Note => "note",
        NoteKind::Tags => "tags",
    };
    frame(buf, r, vec![Span::styled(title, theme::title_focused())]);
    let mut l = vec![Span::styled("on ", theme::dim())];
    if (row as usize) < st.len() {
        sanitize::push(
            &mut l,
            st.str(SymField::Name, row as usize),
            theme::header(),
        );
        l.push(Span::styled(" by ", theme::dim()));
        sanitize::push(&mut l, st.str(SymField::Who, row as usize), theme::row());
    }
    if kind == NoteKind::Tags {
        l.push(Span::styled(
            "  (comma or space between tags)",
            theme::dim(),
        ));
    }
    put(buf, r.x + 2, r.y + 1, r.width - 4, l);
    let line = Rect::new(r.x + 2, r.y + 2, r.width - 4, 1);
    let pos = input_line(
        buf,
        line,
        vec![Span::styled("❯ ", theme::prompt())],
        &app.case.input,
        &[],
        theme::row(),
    );
    put(
        buf,
        r.x + 2,
        r.y + 4,
        r.width - 4,
        hint_spans_fit(app.scope(), r.width - 4),
    );
    pos
}

fn confirm(app: &App, buf: &mut Buffer, popup: Rect) {
    let r = dialog(popup, 5);
    frame(buf, r, vec![Span::styled("file exists", theme::error())]);
    let path = app
        .export
        .pending
        .as_ref()
        .map(|j| j.path.display().to_string())
        .unwrap_or_default();
    let mut l = Vec::new();
    sanitize::push(&mut l, &path, theme::header());
    l.push(Span::styled(" exists. Overwrite it? y/N", Style::new()));
    put(buf, r.x + 2, r.y + 1, r.width - 4, l);
    put(
        buf,
        r.x + 2,
        r.y + 3,
        r.width - 4,
        hint_spans_fit(app.scope(), r.width - 4),
    );
}
