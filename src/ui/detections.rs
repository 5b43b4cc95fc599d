//! Detections on screen: the detections view (key `D`), the list's badge (level colour and a
//! short tactic tag, a level glyph whatever the colour), the detail pane's hit section (title,
//! level, description, ATT&CK, references, false positives and the author the DRL asks for),
//! and the styles of Local Insights markers. Rule text is attacker-controlled like the trail:
//! all of it goes through the sanitiser.

use super::{hint_spans_fit, popup_content, put, sanitize, theme};
use crate::app::detections::{badge, DetKind};
use crate::app::{thousands, App};
use crate::model::hits::Level;
use crate::model::time::format_in;
use crate::model::EventStore;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Span;

/// Width of the list's badge column: a level glyph and a tactic tag of up to three letters.
pub const BADGE_W: u16 = 4;

/// The glyph of a level (shown with or without colour, so no level is told by colour alone).
pub fn level_glyph(l: Level) -> &'static str {
    match l {
        Level::Critical => "◆",
        Level::High => "▲",
        Level::Medium => "■",
        Level::Low => "▪",
        Level::Informational => "·",
    }
}

/// The style of a level.
pub fn level_style(l: Level) -> Style {
    if !theme::color() {
        return match l {
            Level::Critical | Level::High => Style::new().add_modifier(Modifier::BOLD),
            _ => Style::new(),
        };
    }
    match l {
        Level::Critical => Style::new()
            .fg(Color::LightMagenta)
            .add_modifier(Modifier::BOLD),
        Level::High => Style::new()
            .fg(Color::LightRed)
            .add_modifier(Modifier::BOLD),
        Level::Medium => Style::new().fg(Color::Yellow),
        Level::Low => Style::new().fg(Color::Cyan),
        Level::Informational => Style::new().fg(Color::DarkGray),
    }
}

/// The style of Local Insights markers (an estimate: never as loud as a rule).
pub fn insight_style() -> Style {
    if theme::color() {
        Style::new().fg(Color::LightYellow)
    } else {
        Style::new().add_modifier(Modifier::BOLD)
    }
}

/// The glyph marking Local Insights episodes on the timeline.
pub const INSIGHT_GLYPH: &str = "◇";
/// The glyph marking CloudTrail's own Insights events on the timeline.
pub const AWS_INSIGHT_GLYPH: &str = "◈";

/// The badge cell of `row` (empty when no rule flagged it), on top of the row's `base` style.
pub fn badge_spans(st: &EventStore, row: u32, base: Style) -> Vec<Span<'static>> {
    match badge(st, row) {
        Some((level, tag)) => vec![
            Span::styled(level_glyph(level), base.patch(level_style(level))),
            Span::styled(tag, base.patch(level_style(level))),
        ],
        None => Vec::new(),
    }
}

/// True when the list shows the badge column: some rule flagged something.
pub fn show_badges(st: &EventStore) -> bool {
    !st.hits().is_empty()
}

/// Wraps `text` to `width` columns at spaces (a word longer than the line is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let wl = word.chars().count();
        let ll = line.chars().count();
        if ll > 0 && ll + 1 + wl > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// The detail pane's lines about `row`: each rule hit (title, level, description, ATT&CK,
/// references, false positives, author, licence) and each Local Insights episode counting it,
/// `width` columns wide; for an event no rule flagged, what TrailDiscover's map says about its
/// API. Empty when there is nothing to say.
pub fn detail_lines(st: &EventStore, row: u32, width: usize) -> Vec<Vec<Span<'static>>> {
    let mut lines: Vec<Vec<Span<'static>>> = Vec::new();
    let text = |lines: &mut Vec<Vec<Span<'static>>>, label: &str, value: &str, style: Style| {
        let first = format!(" {label}: ");
        let indent = first.chars().count();
        for (i, part) in wrap(value, width.saturating_sub(indent))
            .into_iter()
            .enumerate()
        {
            let mut spans = vec![if i == 0 {
                Span::styled(first.clone(), theme::dim())
            } else {
                Span::raw(" ".repeat(indent))
            }];
            sanitize::push(&mut spans, &part, style);
            lines.push(spans);
        }
    };
    for (rule, hit) in st.hits().at(row) {
        let ls = level_style(rule.level);
        let mut head = vec![
            Span::styled(format!(" {} ", level_glyph(rule.level)), ls),
            Span::styled(rule.level.name().to_string(), ls),
            Span::styled(" · ", theme::dim()),
        ];
        sanitize::push(&mut head, &rule.title, ls.add_modifier(Modifier::BOLD));
        lines.push(head);
        if !hit.events.is_empty() {
            text(
                &mut lines,
                "count",
                &format!(
                    "{} events{}",
                    hit.events.len(),
                    hit.group
                        .as_ref()
                        .map(|g| format!(" with {g}"))
                        .unwrap_or_default()
                ),
                theme::row(),
            );
        }
        if !rule.description.is_empty() {
            text(&mut lines, "what", &rule.description, theme::row());
        }
        let attack: Vec<String> = rule
            .tactics
            .iter()
            .chain(rule.techniques.iter())
            .cloned()
            .collect();
        if !attack.is_empty() {
            text(&mut lines, "ATT&CK", &attack.join(", "), theme::row());
        }
        for r in &rule.references {
            text(&mut lines, "ref", r, theme::dim());
        }
        if !rule.false_positives.is_empty() {
            text(
                &mut lines,
                "false positives",
                &rule.false_positives.join("; "),
                theme::row(),
            );
        }
        let mut by = if rule.author.is_empty() {
            "unknown".to_string()
        } else {
            rule.author.clone()
        };
        if !rule.license.is_empty() {
            by.push_str(&format!(" ({}, {})", rule.license, rule.origin.name()));
        }
        text(&mut lines, "author", &by, theme::row());
    }
    // Two lines, no rule under them: the note needs no separator of its own.
    let mut note = 0;
    if let Some(e) = crate::app::detections::traildiscover_note(st, row) {
        traildiscover_lines(&mut lines, e, width);
        note = lines.len();
    }
    for e in st.insights.episodes_of_row(row) {
        let s = |x| st.strings.resolve(x);
        let mut head = vec![Span::styled(format!(" {INSIGHT_GLYPH} "), insight_style())];
        head.push(Span::styled(
            format!("Local Insights · {} · trailscope's estimate", e.kind.name()),
            insight_style(),
        ));
        lines.push(head);
        text(
            &mut lines,
            "what",
            &format!(
                "{} {} of {} {} in {} in {} min, {:.0}× the baseline of {}/min over {} min{}",
                e.count,
                e.kind.counted(),
                s(e.source),
                s(e.name),
                s(e.region),
                e.minutes,
                e.ratio(),
                crate::app::detections::rate(e.baseline),
                e.baseline_minutes,
                if e.span == crate::model::insights::BaselineSpan::Loaded {
                    " (what is loaded: less than the preceding 7 days)"
                } else {
                    " (the preceding 7 days)"
                }
            ),
            theme::row(),
        );
        let top = |v: &[(crate::model::Sym, u32)]| {
            v.iter()
                .map(|&(x, n)| {
                    let t = s(x);
                    format!("{} ({n})", if t.is_empty() { "none" } else { t })
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        text(&mut lines, "who", &top(&e.top_who), theme::row());
        text(&mut lines, "agents", &top(&e.top_agents), theme::row());
        if e.kind == crate::model::insights::InsightKind::ErrorRate {
            text(&mut lines, "errors", &top(&e.top_errors), theme::row());
        }
    }
    if lines.len() > note {
        lines.push(vec![Span::styled("─".repeat(width), theme::rule())]);
    }
    lines
}

/// The note on an event no rule flagged, from TrailDiscover's map: two lines at most, the
/// tactics and techniques with the credit, then what the API does (cut to the line).
fn traildiscover_lines(
    lines: &mut Vec<Vec<Span<'static>>>,
    e: &crate::detect::traildiscover::Entry,
    width: usize,
) {
    // `TA0003 - Persistence` → `Persistence`; techniques by their ids (`T1098.001`).
    let after_dash = |t: &String| {
        t.split_once(" - ")
            .map_or(t.clone(), |(_, n)| n.to_string())
    };
    let id = |t: &String| {
        t.split_once(" - ")
            .map_or(t.clone(), |(i, _)| i.to_string())
    };
    let mut attack: Vec<String> = e.tactics.iter().map(after_dash).collect();
    attack.extend(e.techniques.iter().map(id));
    let dim = theme::dim();
    // The credit first, so that a narrow pane never cuts it off.
    let mut head = vec![
        Span::styled(" ◦ no rule flags it; ", dim),
        Span::styled(
            "TrailDiscover (CC BY 4.0)".to_string(),
            dim.add_modifier(Modifier::ITALIC),
        ),
    ];
    if !attack.is_empty() {
        head.push(Span::styled(": ", dim));
        sanitize::push(&mut head, &attack.join(", "), theme::row());
    }
    lines.push(head);
    if !e.description.is_empty() {
        let room = width.saturating_sub(3);
        let mut text = wrap(&e.description, room);
        let more = text.len() > 1;
        let mut first = text.drain(..).next().unwrap_or_default();
        if more {
            first.push('…');
        }
        let mut spans = vec![Span::raw("   ")];
        sanitize::push(&mut spans, &first, theme::row());
        lines.push(spans);
    }
}

/// Draws the detections view.
/// `first–last` in `fmt`, the last without its day when both are on the same day
/// (`07-10 11:59–12:08`), one time when both are the same minute.
pub fn time_span(a: i64, b: i64, tz: crate::app::Tz, fmt: &str) -> String {
    let (fa, fb) = (format_in(a, tz, fmt), format_in(b, tz, fmt));
    if fa == fb {
        return fa;
    }
    let day = |t| format_in(t, tz, "%Y-%m-%d");
    if day(a) == day(b) {
        format!("{fa}–{}", format_in(b, tz, "%H:%M"))
    } else {
        format!("{fa}–{fb}")
    }
}

pub fn render(app: &App, st: &EventStore, buf: &mut Buffer, popup: Rect) {
    let d = &app.detections;
    let area = popup_content(popup);
    let mut title = vec![Span::styled("detections", theme::title_focused())];
    if d.entries.len() > area.height as usize {
        // More entries than rows: where the selection is.
        title.push(Span::styled(
            format!(" · {}/{}", d.selected + 1, d.entries.len()),
            theme::dim(),
        ));
    }
    super::popups::frame(buf, popup, title);
    let inner = Rect::new(popup.x + 1, popup.y + 1, popup.width.saturating_sub(2), 1);
    put(
        buf,
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(1),
        hint_spans_fit(app.scope(), inner.width.saturating_sub(1)),
    );
    let h = area.height as usize;
    let top = d.selected.saturating_sub(h.saturating_sub(1));
    // The year as the list shows it: dropped only when every loaded event is in one year.
    let fmt = if super::list::short_time(area.width, app.timeline.loaded_span, app.tz) {
        "%m-%d %H:%M"
    } else {
        "%Y-%m-%d %H:%M"
    };
    // The spans padded to one width, so the titles line up (a one-minute span is shorter).
    let span_w = d
        .entries
        .iter()
        .filter_map(|e| e.span)
        .map(|(a, b)| sanitize::display_width(&time_span(a, b, app.tz, fmt)))
        .max()
        .unwrap_or(0);
    for (i, e) in d.entries.iter().enumerate().skip(top).take(h) {
        let y = area.y + (i - top) as u16;
        let sel = i == d.selected && e.selectable();
        let base = if sel { theme::selected() } else { theme::row() };
        if sel {
            buf.set_style(Rect::new(area.x, y, area.width, 1), base);
        }
        let mut spans: Vec<Span<'static>> = Vec::new();
        match &e.kind {
            DetKind::Heading => {
                sanitize::push(&mut spans, &e.label, theme::title_focused());
            }
            DetKind::Note => {
                spans.push(Span::raw("   "));
                sanitize::push(&mut spans, &e.label, theme::dim());
            }
            kind => {
                let (glyph, style) = match kind {
                    DetKind::Rule(l) => (level_glyph(*l), base.patch(level_style(*l))),
                    DetKind::AwsInsights => (AWS_INSIGHT_GLYPH, base.patch(insight_style())),
                    _ => (INSIGHT_GLYPH, base.patch(insight_style())),
                };
                spans.push(Span::styled(format!(" {glyph} "), style));
                if let DetKind::Rule(l) = kind {
                    spans.push(Span::styled(format!("{:<8} ", l.name()), style));
                }
                spans.push(Span::styled(
                    format!("{:>6} ", thousands(e.count as u64)),
                    base,
                ));
                if let Some((a, b)) = e.span {
                    spans.push(Span::styled(
                        format!("{:<span_w$} ", time_span(a, b, app.tz, fmt)),
                        base.patch(theme::dim()),
                    ));
                }
                sanitize::push(&mut spans, &e.label, base);
                if !e.info.is_empty() {
                    spans.push(Span::styled("  ", base));
                    sanitize::push(&mut spans, &e.info, base.patch(theme::dim()));
                }
            }
        }
        put(buf, area.x, y, area.width, spans);
    }
    let _ = st;
}
