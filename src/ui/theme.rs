//! Named styles: every colour the UI uses, in one place — one role per function, each role's
//! style taken from the theme in force: `dark` (the default), `light` (for light terminal
//! backgrounds) or `mono` (no colour at all), bundled, with the config file's per-role
//! overrides on top ([`Theme`], [`install`]).
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

/// True when styles may use colour: `NO_COLOR` is unset or empty (read once) and the theme in
/// force is not `mono`, unless [`set_color`] chose for this thread.
pub fn color() -> bool {
    OVERRIDE.with(Cell::get).unwrap_or_else(|| {
        *ENV_COLOR.get_or_init(|| std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()))
            && with_theme(|t| t.base != Base::Mono)
    })
}

/// Chooses colour on or off for the rendering done on this thread (`None`: from `NO_COLOR`);
/// for tests, which render on their own threads.
pub fn set_color(on: Option<bool>) {
    OVERRIDE.with(|o| o.set(on));
}

/// The bundled themes a config file starts from (`theme.name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base {
    /// Colours for a dark terminal background (the default).
    Dark,
    /// Colours for a light terminal background.
    Light,
    /// No colour: attributes and glyphs only (what `NO_COLOR` and `--color never` give).
    Mono,
}

impl Base {
    /// Every bundled theme, with its name.
    pub const ALL: [(&'static str, Base); 3] = [
        ("dark", Base::Dark),
        ("light", Base::Light),
        ("mono", Base::Mono),
    ];

    /// The theme named `name`.
    pub fn named(name: &str) -> Option<Base> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|&(_, b)| b)
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, b)| *b == self)
            .map_or("dark", |(n, _)| n)
    }
}

/// A theme: a bundled one, with some roles' styles replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    /// The bundled theme it starts from.
    pub base: Base,
    styles: Vec<Style>,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::bundled(Base::Dark)
    }
}

impl Theme {
    /// A bundled theme as it is.
    pub fn bundled(base: Base) -> Theme {
        let styles = match base {
            Base::Dark => dark(),
            Base::Light => light(),
            Base::Mono => mono(),
        };
        Theme { base, styles }
    }

    /// Gives role `role` (a name of [`ROLES`]) the style `spec` ([`parse_style`]).
    pub fn set(&mut self, role: &str, spec: &str) -> Result<(), String> {
        let i = ROLES.iter().position(|r| *r == role).ok_or_else(|| {
            format!(
                "unknown theme role '{role}' (the roles: {})",
                ROLES.join(", ")
            )
        })?;
        self.styles[i] = parse_style(spec)?;
        Ok(())
    }

    /// The style of role `role` (a name of [`ROLES`]).
    pub fn get(&self, role: &str) -> Option<Style> {
        ROLES
            .iter()
            .position(|r| *r == role)
            .map(|i| self.styles[i])
    }
}

/// Reads a style: words separated by spaces — a foreground colour, `on` and a background
/// colour, and attributes (`bold`, `dim`, `italic`, `underlined`, `reversed`, `crossed`);
/// colours by name (`red`, `lightblue`, `darkgray`, `reset`…), as `#rrggbb`, or as a 256-colour
/// index. `""` or `"none"` is the terminal's own style. E.g. `"white on #285a9a bold"`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut st = Style::new();
    let mut words = spec.split_whitespace().peekable();
    let colour = |w: &str| {
        w.parse::<Color>().map_err(|_| {
            format!("'{w}' is not a colour (a name such as red or lightblue, #rrggbb, or 0-255)")
        })
    };
    while let Some(w) = words.next() {
        let lw = w.to_ascii_lowercase();
        let m = match lw.as_str() {
            "none" => continue,
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underlined" | "underline" => Modifier::UNDERLINED,
            "reversed" | "reverse" => Modifier::REVERSED,
            "crossed" => Modifier::CROSSED_OUT,
            "on" => {
                let Some(bg) = words.next() else {
                    return Err("'on' needs a background colour after it".into());
                };
                st = st.bg(colour(bg)?);
                continue;
            }
            _ => {
                if st.fg.is_some() {
                    return Err(format!(
                        "two foreground colours ('{w}'): write 'on {w}' for a background"
                    ));
                }
                st = st.fg(colour(w)?);
                continue;
            }
        };
        st = st.add_modifier(m);
    }
    Ok(st)
}

/// A style written as [`parse_style`] reads it (for the default config file).
pub fn style_spec(st: Style) -> String {
    let mut w: Vec<String> = Vec::new();
    if let Some(c) = st.fg {
        w.push(c.to_string().to_ascii_lowercase());
    }
    if let Some(c) = st.bg {
        w.push(format!("on {}", c.to_string().to_ascii_lowercase()));
    }
    for (m, n) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
        (Modifier::CROSSED_OUT, "crossed"),
    ] {
        if st.add_modifier.contains(m) {
            w.push(n.into());
        }
    }
    if w.is_empty() {
        "none".into()
    } else {
        w.join(" ")
    }
}

static ACTIVE: OnceLock<Theme> = OnceLock::new();

thread_local! {
    static LOCAL: std::cell::RefCell<Option<Theme>> = const { std::cell::RefCell::new(None) };
}

/// Makes `t` the theme of the program (once, at start); `false` if one was already in force.
pub fn install(t: Theme) -> bool {
    ACTIVE.set(t).is_ok()
}

/// The theme this thread renders with instead of the installed one (`None`: back to it); for
/// tests.
pub fn set_local(t: Option<Theme>) {
    LOCAL.with(|l| *l.borrow_mut() = t);
}

fn with_theme<R>(f: impl FnOnce(&Theme) -> R) -> R {
    LOCAL.with(|l| match l.borrow().as_ref() {
        Some(t) => f(t),
        None => f(ACTIVE.get_or_init(Theme::default)),
    })
}

/// The style of role `i`: the theme's when colours are on, else the mono theme's.
fn get(i: usize) -> Style {
    if color() {
        with_theme(|t| t.styles[i])
    } else {
        MONO.with(|m| m[i])
    }
}

thread_local! {
    static MONO: Vec<Style> = mono();
}

const fn m(modifier: Modifier) -> Style {
    Style::new().add_modifier(modifier)
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const fn bold(c: Color) -> Style {
    Style::new().fg(c).add_modifier(Modifier::BOLD)
}

const NONE: Style = Style::new();

/// The roles: (name, doc, dark, light, mono). One row per style the UI uses; each gives a
/// function of the same name.
macro_rules! roles {
    ($($name:ident, $doc:literal, $dark:expr, $light:expr, $mono:expr;)*) => {
        #[allow(non_camel_case_types)]
        enum R { $($name),* }
        /// The role names a config file's `[theme]` may set, in the order of the default file.
        pub const ROLES: &[&str] = &[$(stringify!($name)),*];
        /// The role descriptions, beside [`ROLES`].
        pub const ROLE_DOCS: &[&str] = &[$($doc),*];
        fn dark() -> Vec<Style> { vec![$($dark),*] }
        fn light() -> Vec<Style> { vec![$($light),*] }
        fn mono() -> Vec<Style> { vec![$($mono),*] }
        $(
            #[doc = $doc]
            pub fn $name() -> Style { get(R::$name as usize) }
        )*
    };
}

roles! {
    escape, "Escaped (sanitised) characters.",
        fg(Color::DarkGray).add_modifier(Modifier::DIM), fg(Color::Gray).add_modifier(Modifier::DIM), m(Modifier::DIM);
    title, "Pane titles.", fg(Color::Gray), fg(Color::DarkGray), NONE;
    title_focused, "The focused pane's title.",
        bold(Color::Cyan), bold(Color::Blue), m(Modifier::BOLD.union(Modifier::UNDERLINED));
    rule, "Rules between panes.", fg(Color::DarkGray), fg(Color::Gray), NONE;
    header, "The list header.", bold(Color::Gray), bold(Color::DarkGray), m(Modifier::BOLD);
    row, "A normal row.", NONE, NONE, NONE;
    error_row, "A row with an error code (also marked `✗`).", fg(Color::Red), fg(Color::Red), NONE;
    selected, "The selected row.",
        Style::new().bg(Color::Rgb(40, 60, 90)).add_modifier(Modifier::BOLD),
        Style::new().bg(Color::Rgb(190, 215, 245)).add_modifier(Modifier::BOLD),
        m(Modifier::REVERSED.union(Modifier::BOLD));
    selected_unfocused, "The selected row when the list does not have focus.",
        Style::new().bg(Color::Rgb(45, 45, 45)), Style::new().bg(Color::Rgb(225, 225, 225)),
        m(Modifier::UNDERLINED);
    mark, "The mark indicator.", bold(Color::Yellow), bold(Color::Rgb(176, 112, 0)), m(Modifier::BOLD);
    write, "The write indicator.", fg(Color::LightMagenta), fg(Color::Magenta), NONE;
    dim, "Dim text (undated times, hints' descriptions).", fg(Color::DarkGray), fg(Color::Gray), m(Modifier::DIM);
    key, "A key name in hints and help.", bold(Color::Cyan), bold(Color::Blue), m(Modifier::BOLD);
    error, "An error note / parse error (written after a `✗`).", bold(Color::Red), bold(Color::Red), m(Modifier::BOLD);
    note, "A note.", fg(Color::Green), fg(Color::Rgb(0, 120, 0)), NONE;
    parse_error_span, "The underlined part of a filter that does not parse.",
        fg(Color::Red).add_modifier(Modifier::UNDERLINED), fg(Color::Red).add_modifier(Modifier::UNDERLINED),
        m(Modifier::UNDERLINED.union(Modifier::BOLD));
    prompt, "The prompt sign of an input line.", bold(Color::Cyan), bold(Color::Blue), m(Modifier::BOLD);
    matched, "Letters matched by the fuzzy finder.",
        bold(Color::Yellow), bold(Color::Rgb(176, 80, 0)), m(Modifier::BOLD.union(Modifier::UNDERLINED));
    popup_border, "Popup borders.", fg(Color::Cyan), fg(Color::Blue), NONE;
    bar, "Timeline bars.", fg(Color::Blue), fg(Color::Blue), NONE;
    bar_error, "Timeline bars holding errors.", fg(Color::Red), fg(Color::Red), NONE;
    bar_cursor, "The timeline cursor column.",
        Style::new().bg(Color::Rgb(60, 60, 60)), Style::new().bg(Color::Rgb(210, 210, 210)), m(Modifier::REVERSED);
    bar_marker, "The selected event's position on the timeline.",
        bold(Color::Yellow), bold(Color::Rgb(176, 112, 0)), m(Modifier::BOLD);
    gauge, "The load gauge.", fg(Color::Cyan), fg(Color::Blue), NONE;
    json_key, "Detail pane: JSON keys.", fg(Color::Cyan), fg(Color::Blue), m(Modifier::BOLD);
    json_str, "Detail pane: strings.", fg(Color::Green), fg(Color::Rgb(0, 120, 0)), NONE;
    json_num, "Detail pane: numbers.", fg(Color::Magenta), fg(Color::Magenta), NONE;
    json_lit, "Detail pane: true, false, null.", fg(Color::Yellow), fg(Color::Rgb(150, 100, 0)), NONE;
    json_punct, "Detail pane: punctuation.", fg(Color::Gray), fg(Color::DarkGray), NONE;
    json_decoded, "Detail pane: decoded values (a base64 policy, a URL-encoded document).",
        fg(Color::DarkGray).add_modifier(Modifier::ITALIC), fg(Color::Gray).add_modifier(Modifier::ITALIC),
        m(Modifier::ITALIC.union(Modifier::DIM));
    header_sorted, "The list header's label of the column the list is sorted by (it also carries ▲/▼).",
        bold(Color::Yellow), bold(Color::Rgb(176, 112, 0)), m(Modifier::BOLD.union(Modifier::UNDERLINED));
    diff_changed, "A changed line in the compare view (also marked in its gutter).",
        Style::new().bg(Color::Rgb(70, 45, 20)), Style::new().bg(Color::Rgb(250, 230, 200)), m(Modifier::BOLD);
    diff_mark, "The compare view's gutter mark of a changed, removed or added line.",
        bold(Color::Yellow), bold(Color::Rgb(176, 112, 0)), m(Modifier::BOLD);
}

/// JSON token colours of the detail pane.
pub fn json(kind: Kind) -> Style {
    match kind {
        Kind::Key => json_key(),
        Kind::Str => json_str(),
        Kind::Num => json_num(),
        Kind::Lit => json_lit(),
        Kind::Punct => json_punct(),
        Kind::Plain => Style::new(),
        Kind::Decoded => json_decoded(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_parse_and_print_back() {
        let st = parse_style("white on #285a9a bold").unwrap();
        assert_eq!(
            st,
            Style::new()
                .fg(Color::White)
                .bg(Color::Rgb(0x28, 0x5a, 0x9a))
                .add_modifier(Modifier::BOLD)
        );
        for t in [Base::Dark, Base::Light, Base::Mono] {
            for s in Theme::bundled(t).styles {
                assert_eq!(parse_style(&style_spec(s)).unwrap(), s, "{}", style_spec(s));
            }
        }
        assert!(parse_style("red blue").unwrap_err().contains("on blue"));
        assert!(parse_style("on").is_err());
        assert!(parse_style("reddish")
            .unwrap_err()
            .contains("'reddish' is not a colour"));
        assert_eq!(parse_style("none").unwrap(), Style::new());
    }

    #[test]
    fn mono_has_no_colour_and_the_role_tables_agree() {
        assert_eq!(ROLES.len(), ROLE_DOCS.len());
        for t in [Base::Dark, Base::Light, Base::Mono] {
            assert_eq!(Theme::bundled(t).styles.len(), ROLES.len());
        }
        for s in mono() {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
        let mut t = Theme::bundled(Base::Light);
        t.set("selected", "black on yellow").unwrap();
        assert_eq!(t.get("selected").unwrap().bg, Some(Color::Yellow));
        assert!(t
            .set("selction", "red")
            .unwrap_err()
            .contains("unknown theme role 'selction'"));
    }
}
