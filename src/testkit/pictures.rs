//! The README's pictures, rendered from the real UI: each is a short story of keys played on
//! the explorer over the bundled demo trail ([`Screen`]), its `TestBackend` buffer drawn as SVG
//! with its colours ([`svg`]). `cargo run --example pictures` writes them to `docs/img/`;
//! `tests/pictures.rs` renders them again and fails when a committed one is stale.
//!
//! Adding a picture is one row of [`PICTURES`] (and a line of the README showing it).

use super::{load_memory, Screen};
use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::fmt::Write as _;
use std::sync::{Arc, RwLock};

/// One picture: a file name (`docs/img/<name>.svg`), what it shows, its size, and the keys.
pub struct Picture {
    /// The file's stem.
    pub name: &'static str,
    /// What it shows (the image's title, and its alt text in the README).
    pub caption: &'static str,
    /// Terminal columns and rows.
    pub size: (u16, u16),
    /// What is done on the explorer before the frame is taken.
    pub story: fn(&mut Screen),
}

fn enter(s: &mut Screen) {
    s.key(KeyCode::Enter, KeyModifiers::NONE);
}

fn tab(s: &mut Screen) {
    s.key(KeyCode::Tab, KeyModifiers::NONE);
}

fn down(s: &mut Screen, n: usize) {
    for _ in 0..n {
        s.press('j');
    }
}

/// Every picture, in README order.
pub const PICTURES: &[Picture] = &[
    Picture {
        name: "list",
        caption: "The event list over the demo trail, two events marked, the detail and the timeline below",
        size: (120, 34),
        story: |s| {
            down(s, 3);
            s.press(' ');
            s.press(' ');
            down(s, 2);
        },
    },
    Picture {
        name: "filter",
        caption: "A filter: what was denied, from where",
        size: (120, 34),
        story: |s| {
            s.press('/');
            s.typ("error:AccessDenied|*Unauthorized* -ip:\"AWS Internal\"");
            enter(s);
            down(s, 4);
        },
    },
    Picture {
        name: "detail",
        caption: "The record of an AssumeRole call, pretty-printed from its original bytes",
        size: (120, 34),
        story: |s| {
            s.press('/');
            s.typ("name:AssumeRole");
            enter(s);
            down(s, 2);
            enter(s);
        },
    },
    Picture {
        name: "timeline",
        caption: "The timeline focused and zoomed in: one bar per bucket, the cursor's bucket narrows the filter",
        size: (120, 34),
        story: |s| {
            tab(s);
            tab(s);
            s.press('+');
            for _ in 0..45 {
                s.press('l');
            }
        },
    },
    Picture {
        name: "fuzzy",
        caption: "The fuzzy finder over the principals, ranked as you type",
        size: (120, 34),
        story: |s| {
            s.press('f');
            s.typ("bert");
        },
    },
    Picture {
        name: "groupby",
        caption: "Group-by: the access keys and the source IPs each was used from, most IPs first",
        size: (120, 34),
        story: |s| {
            s.press('c');
            s.typ("key,ip");
            enter(s);
            s.typ("sss");
        },
    },
    Picture {
        name: "tree",
        caption: "The credential tree: an EC2 instance role's session, its calls and where they came from",
        size: (120, 34),
        story: |s| {
            s.press('/');
            s.typ("name:AssumeRole ip:ec2.amazonaws.com");
            enter(s);
            s.press('L');
        },
    },
    Picture {
        name: "note",
        caption: "A note on an event, kept in the case file and in the incident timeline",
        size: (120, 34),
        story: |s| {
            s.press('/');
            s.typ("name:CreateAccessKey|AttachUserPolicy");
            enter(s);
            s.press(' ');
            s.press('k');
            s.press('a');
            s.typ("persistence: a new key for the backdoor user");
        },
    },
];

/// The explorer over the bundled demo trail, loaded and finalized (nothing depends on the
/// clock: times in UTC, no load note).
pub fn demo_screen(w: u16, h: u16) -> Screen {
    let sources = crate::demo::DEMO
        .iter()
        .map(|(name, bytes)| (format!("<demo>/{name}"), Arc::from(*bytes)))
        .collect();
    let (store, src) = load_memory(sources);
    Screen::new(
        Arc::new(RwLock::new(store)),
        Arc::new(src),
        "demo trail",
        false,
        w,
        h,
    )
}

/// Plays `p` and returns its SVG (colours on, whatever `NO_COLOR` says).
pub fn render(p: &Picture) -> String {
    crate::ui::theme::set_color(Some(true));
    let mut s = demo_screen(p.size.0, p.size.1);
    (p.story)(&mut s);
    let buf = s.draw().buffer().clone();
    crate::ui::theme::set_color(None);
    svg(&buf, p.caption)
}

/// The terminal's default colours and the 16 named ones (a dark theme).
const FG: &str = "#d4d4d4";
const BG: &str = "#1e1e1e";
const NAMED: [&str; 16] = [
    "#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
    "#767676", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff",
];

/// A colour as `#rrggbb`; `None` for the terminal's default.
fn hex(c: Color) -> Option<String> {
    let named = |i: usize| Some(NAMED[i].to_string());
    match c {
        Color::Reset => None,
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Rgb(r, g, b) => Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) => Some(match i {
            0..=15 => NAMED[i as usize].to_string(),
            16..=231 => {
                let i = i - 16;
                let v = |x: u8| if x == 0 { 0 } else { 55 + 40 * x };
                format!("#{:02x}{:02x}{:02x}", v(i / 36), v(i / 6 % 6), v(i % 6))
            }
            232..=255 => {
                let g = 8 + 10 * (i - 232);
                format!("#{g:02x}{g:02x}{g:02x}")
            }
        }),
    }
}

fn xml(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Cell size in pixels.
const CW: f32 = 8.4;
const CH: f32 = 17.0;

/// A cell's look: (foreground, background, modifiers) after reverse video.
fn look(cell: &ratatui::buffer::Cell) -> (String, Option<String>, Modifier) {
    let m = cell.modifier;
    let fg = hex(cell.fg);
    let bg = hex(cell.bg);
    let (fg, bg) = if m.contains(Modifier::REVERSED) {
        (
            bg.unwrap_or_else(|| BG.into()),
            Some(fg.unwrap_or_else(|| FG.into())),
        )
    } else {
        (fg.unwrap_or_else(|| FG.into()), bg)
    };
    (fg, bg, m)
}

/// The buffer as an SVG picture: a background per run of cells, then text per run of cells of
/// one look, stretched to the cells' width so columns line up in any monospace font.
pub fn svg(buf: &Buffer, title: &str) -> String {
    let (w, h) = (buf.area.width, buf.area.height);
    let mut o = String::new();
    let _ = write!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0}\" height=\"{:.0}\" viewBox=\"0 0 {:.1} {:.1}\" font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"14\">\n<title>",
        w as f32 * CW + 16.0,
        h as f32 * CH + 16.0,
        w as f32 * CW + 16.0,
        h as f32 * CH + 16.0,
    );
    xml(title, &mut o);
    o.push_str("</title>\n");
    let _ = writeln!(
        o,
        "<rect width=\"100%\" height=\"100%\" rx=\"6\" fill=\"{BG}\"/>\n<g transform=\"translate(8 8)\">"
    );
    for y in 0..h {
        // Backgrounds.
        let mut x = 0;
        while x < w {
            let (_, bg, _) = look(&buf[(x, y)]);
            let start = x;
            while x < w && look(&buf[(x, y)]).1 == bg {
                x += 1;
            }
            if let Some(bg) = bg {
                let _ = writeln!(
                    o,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{CH:.1}\" fill=\"{bg}\"/>",
                    start as f32 * CW,
                    y as f32 * CH,
                    (x - start) as f32 * CW,
                );
            }
        }
        // Text, one element per run of one look (spaces alone are not drawn).
        let mut x = 0;
        while x < w {
            let (fg, _, m) = look(&buf[(x, y)]);
            let start = x;
            let mut text = String::new();
            while x < w {
                let (f, _, mm) = look(&buf[(x, y)]);
                if f != fg || mm != m {
                    break;
                }
                let sym = buf[(x, y)].symbol();
                // The cell after a wide character is empty: the character covers it.
                text.push_str(sym);
                x += 1;
            }
            if text.trim().is_empty() {
                continue;
            }
            let mut attrs = format!("fill=\"{fg}\"");
            if m.contains(Modifier::BOLD) {
                attrs.push_str(" font-weight=\"bold\"");
            }
            if m.contains(Modifier::DIM) {
                attrs.push_str(" opacity=\"0.6\"");
            }
            if m.contains(Modifier::ITALIC) {
                attrs.push_str(" font-style=\"italic\"");
            }
            if m.contains(Modifier::UNDERLINED) {
                attrs.push_str(" text-decoration=\"underline\"");
            }
            let _ = write!(
                o,
                "<text x=\"{:.1}\" y=\"{:.1}\" textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\" {attrs}>",
                start as f32 * CW,
                y as f32 * CH + 13.0,
                (x - start) as f32 * CW,
            );
            xml(&text, &mut o);
            o.push_str("</text>\n");
        }
    }
    o.push_str("</g>\n</svg>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    #[test]
    fn colours_runs_and_escaping() {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, 1));
        b.set_string(0, 0, "a<b", Style::new().fg(Color::Red).bg(Color::Blue));
        b.set_string(3, 0, "ok", Style::new().add_modifier(Modifier::REVERSED));
        let s = svg(&b, "t&t");
        assert!(s.contains("<title>t&amp;t</title>"));
        assert!(s.contains("fill=\"#cd3131\""), "{s}");
        assert!(s.contains("fill=\"#2472c8\""), "{s}");
        assert!(s.contains(">a&lt;b</text>"), "{s}");
        // Reversed: the default colours swapped.
        assert!(s.contains(&format!("fill=\"{FG}\"/>")), "{s}");
        assert!(s.contains(&format!("fill=\"{BG}\">ok</text>")), "{s}");
        assert_eq!(hex(Color::Indexed(196)).unwrap(), "#ff0000");
        assert_eq!(hex(Color::Indexed(232)).unwrap(), "#080808");
    }
}
