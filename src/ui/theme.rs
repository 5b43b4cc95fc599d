//! Named styles: every colour the UI uses, in one place.

use crate::app::detail::Kind;
use ratatui::style::{Color, Modifier, Style};

/// Escaped (sanitised) characters.
pub fn escape() -> Style {
    Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM)
}
/// Pane titles.
pub fn title() -> Style {
    Style::new().fg(Color::Gray)
}
/// The focused pane's title.
pub fn title_focused() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
/// Rules between panes.
pub fn rule() -> Style {
    Style::new().fg(Color::DarkGray)
}
/// The list header.
pub fn header() -> Style {
    Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD)
}
/// A normal row.
pub fn row() -> Style {
    Style::new()
}
/// A row with an error code.
pub fn error_row() -> Style {
    Style::new().fg(Color::Red)
}
/// The selected row.
pub fn selected() -> Style {
    Style::new()
        .bg(Color::Rgb(40, 60, 90))
        .add_modifier(Modifier::BOLD)
}
/// The selected row when the list does not have focus.
pub fn selected_unfocused() -> Style {
    Style::new().bg(Color::Rgb(45, 45, 45))
}
/// The mark indicator.
pub fn mark() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
/// The write indicator.
pub fn write() -> Style {
    Style::new().fg(Color::LightMagenta)
}
/// Dim text (undated times, hints' descriptions).
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}
/// A key name in hints and help.
pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
/// An error note / parse error.
pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}
/// A note.
pub fn note() -> Style {
    Style::new().fg(Color::Green)
}
/// The underlined part of a filter that does not parse.
pub fn parse_error_span() -> Style {
    Style::new()
        .fg(Color::Red)
        .add_modifier(Modifier::UNDERLINED)
}
/// The prompt sign of an input line.
pub fn prompt() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
/// Letters matched by the fuzzy finder.
pub fn matched() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
/// Popup borders.
pub fn popup_border() -> Style {
    Style::new().fg(Color::Cyan)
}
/// Timeline bars.
pub fn bar() -> Style {
    Style::new().fg(Color::Blue)
}
/// Timeline bars holding errors.
pub fn bar_error() -> Style {
    Style::new().fg(Color::Red)
}
/// The timeline cursor column.
pub fn bar_cursor() -> Style {
    Style::new().bg(Color::Rgb(60, 60, 60))
}
/// The selected event's position on the timeline.
pub fn bar_marker() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
/// The load gauge.
pub fn gauge() -> Style {
    Style::new().fg(Color::Cyan)
}
/// JSON token colours of the detail pane.
pub fn json(kind: Kind) -> Style {
    match kind {
        Kind::Key => Style::new().fg(Color::Cyan),
        Kind::Str => Style::new().fg(Color::Green),
        Kind::Num => Style::new().fg(Color::Magenta),
        Kind::Lit => Style::new().fg(Color::Yellow),
        Kind::Punct => Style::new().fg(Color::Gray),
        Kind::Plain => Style::new(),
        Kind::Decoded => Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::ITALIC),
    }
}
