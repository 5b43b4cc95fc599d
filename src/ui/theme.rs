//! Named styles: every colour the UI uses, in one place.
//!
//! With `NO_COLOR` set (and not empty, as <https://no-color.org> says) no style carries a
//! colour, and every state colour shows is shown by an attribute or a glyph instead: the
//! selected row in reverse video (underlined when the list is not focused), the focused pane's
//! title bold and underlined, escapes and hints dim, matched letters bold and underlined, the
//! timeline cursor reversed; errors (`✗`), writes (`●`), marks (`▌`) and the selected event on the
//! timeline (`▲`) have glyphs in both modes.

use crate::app::detail::Kind;
use ratatui::style::{Color, Modifier, Style};
use std::cell::Cell;
use std::sync::OnceLock;

static ENV_COLOR: OnceLock<bool> = OnceLock::new();

thread_local! {
    static OVERRIDE: Cell<Option<bool>> = const { Cell::new(None) };
}

/// True when styles may use colour: `NO_COLOR` is unset or empty (read once), unless
/// [`set_color`] chose for this thread.
pub fn color() -> bool {
    OVERRIDE.with(Cell::get).unwrap_or_else(|| {
        *ENV_COLOR.get_or_init(|| std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
    })
}

/// Chooses colour on or off for the rendering done on this thread (`None`: from `NO_COLOR`);
/// for tests, which render on their own threads.
pub fn set_color(on: Option<bool>) {
    OVERRIDE.with(|o| o.set(on));
}

/// `colour` when colours are on, else `mono`.
fn pick(colour: Style, mono: Style) -> Style {
    if color() {
        colour
    } else {
        mono
    }
}

const fn m(modifier: Modifier) -> Style {
    Style::new().add_modifier(modifier)
}

/// Escaped (sanitised) characters.
pub fn escape() -> Style {
    pick(
        Style::new().fg(Color::DarkGray).add_modifier(Modifier::DIM),
        m(Modifier::DIM),
    )
}
/// Pane titles.
pub fn title() -> Style {
    pick(Style::new().fg(Color::Gray), Style::new())
}
/// The focused pane's title.
pub fn title_focused() -> Style {
    pick(
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD | Modifier::UNDERLINED),
    )
}
/// Rules between panes.
pub fn rule() -> Style {
    pick(Style::new().fg(Color::DarkGray), Style::new())
}
/// The list header.
pub fn header() -> Style {
    pick(
        Style::new().fg(Color::Gray).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// A normal row.
pub fn row() -> Style {
    Style::new()
}
/// A row with an error code (also marked `✗`).
pub fn error_row() -> Style {
    pick(Style::new().fg(Color::Red), Style::new())
}
/// The selected row.
pub fn selected() -> Style {
    pick(
        Style::new()
            .bg(Color::Rgb(40, 60, 90))
            .add_modifier(Modifier::BOLD),
        m(Modifier::REVERSED | Modifier::BOLD),
    )
}
/// The selected row when the list does not have focus.
pub fn selected_unfocused() -> Style {
    pick(
        Style::new().bg(Color::Rgb(45, 45, 45)),
        m(Modifier::UNDERLINED),
    )
}
/// The mark indicator.
pub fn mark() -> Style {
    pick(
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// The write indicator.
pub fn write() -> Style {
    pick(Style::new().fg(Color::LightMagenta), Style::new())
}
/// Dim text (undated times, hints' descriptions).
pub fn dim() -> Style {
    pick(Style::new().fg(Color::DarkGray), m(Modifier::DIM))
}
/// A key name in hints and help.
pub fn key() -> Style {
    pick(
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// An error note / parse error (written after a `✗`).
pub fn error() -> Style {
    pick(
        Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// A note.
pub fn note() -> Style {
    pick(Style::new().fg(Color::Green), Style::new())
}
/// The underlined part of a filter that does not parse.
pub fn parse_error_span() -> Style {
    pick(
        Style::new()
            .fg(Color::Red)
            .add_modifier(Modifier::UNDERLINED),
        m(Modifier::UNDERLINED | Modifier::BOLD),
    )
}
/// The prompt sign of an input line.
pub fn prompt() -> Style {
    pick(
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// Letters matched by the fuzzy finder.
pub fn matched() -> Style {
    pick(
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD | Modifier::UNDERLINED),
    )
}
/// Popup borders.
pub fn popup_border() -> Style {
    pick(Style::new().fg(Color::Cyan), Style::new())
}
/// Timeline bars.
pub fn bar() -> Style {
    pick(Style::new().fg(Color::Blue), Style::new())
}
/// Timeline bars holding errors.
pub fn bar_error() -> Style {
    pick(Style::new().fg(Color::Red), Style::new())
}
/// The timeline cursor column.
pub fn bar_cursor() -> Style {
    pick(
        Style::new().bg(Color::Rgb(60, 60, 60)),
        m(Modifier::REVERSED),
    )
}
/// The selected event's position on the timeline.
pub fn bar_marker() -> Style {
    pick(
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
/// The load gauge.
pub fn gauge() -> Style {
    pick(Style::new().fg(Color::Cyan), Style::new())
}
/// JSON token colours of the detail pane.
pub fn json(kind: Kind) -> Style {
    if !color() {
        return match kind {
            Kind::Key => m(Modifier::BOLD),
            Kind::Decoded => m(Modifier::ITALIC | Modifier::DIM),
            _ => Style::new(),
        };
    }
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
/// The list header's label of the column the list is sorted by (it also carries ▲/▼).
pub fn header_sorted() -> Style {
    pick(
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD | Modifier::UNDERLINED),
    )
}
/// A changed line in the compare view (also marked in its gutter).
pub fn diff_changed() -> Style {
    pick(Style::new().bg(Color::Rgb(70, 45, 20)), m(Modifier::BOLD))
}
/// The compare view's gutter mark of a changed, removed or added line.
pub fn diff_mark() -> Style {
    pick(
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        m(Modifier::BOLD),
    )
}
