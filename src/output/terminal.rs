//! JSON for a terminal: every character a terminal would obey or hide (the rule of
//! [`crate::escape::is_unsafe`]) becomes a JSON escape (`\u009b`, a surrogate pair above the
//! BMP), so the text on screen is still valid JSON with the same values. JSON to a pipe or a
//! file is never touched. Outside strings only layout whitespace can occur: newlines and tabs
//! stay, anything else unsafe is shown escaped too (the text is then for the eyes only).

use crate::escape::is_unsafe;
use std::io::{self, Write};

/// Escapes JSON text on its way to `inner`, across any split of the bytes into writes.
pub struct TerminalJson<W: Write> {
    inner: W,
    in_str: bool,
    esc: bool,
    /// The start of a UTF-8 sequence cut by the end of the previous write.
    carry: Vec<u8>,
    buf: String,
}

impl<W: Write> TerminalJson<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        TerminalJson {
            inner,
            in_str: false,
            esc: false,
            carry: Vec::new(),
            buf: String::new(),
        }
    }

    /// The wrapped writer (a UTF-8 sequence still cut is written as U+FFFD).
    pub fn into_inner(mut self) -> io::Result<W> {
        if !self.carry.is_empty() {
            self.carry.clear();
            self.inner.write_all("\u{fffd}".as_bytes())?;
        }
        Ok(self.inner)
    }

    fn push(&mut self, c: char) {
        use std::fmt::Write as _;
        let escape = match c {
            '\n' | '\t' => self.in_str,
            c => is_unsafe(c),
        };
        if escape {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                let _ = write!(self.buf, "\\u{u:04x}");
            }
            // An escape inside a string is never followed by a pending backslash escape.
            self.esc = false;
            return;
        }
        self.buf.push(c);
        if self.in_str {
            if self.esc {
                self.esc = false;
            } else if c == '\\' {
                self.esc = true;
            } else if c == '"' {
                self.in_str = false;
            }
        } else if c == '"' {
            self.in_str = true;
        }
    }
}

impl<W: Write> Write for TerminalJson<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let mut bytes = std::mem::take(&mut self.carry);
        bytes.extend_from_slice(data);
        self.buf.clear();
        let mut rest = &bytes[..];
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    s.chars().for_each(|c| self.push(c));
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    std::str::from_utf8(good)
                        .unwrap_or_default()
                        .chars()
                        .for_each(|c| self.push(c));
                    match e.error_len() {
                        Some(n) => {
                            self.push('\u{fffd}');
                            rest = &bad[n..];
                        }
                        None => {
                            self.carry = bad.to_vec(); // cut: wait for the next write
                            break;
                        }
                    }
                }
            }
        }
        let out = std::mem::take(&mut self.buf);
        self.inner.write_all(out.as_bytes())?;
        self.buf = out;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `json` escaped for a terminal.
pub fn escape_json(json: &[u8]) -> Vec<u8> {
    let mut w = TerminalJson::new(Vec::with_capacity(json.len()));
    let _ = w.write_all(json);
    w.into_inner().unwrap_or_default()
}

/// Writes JSON `text` to `w`: escaped as [`TerminalJson`] does when `to_terminal`, exact
/// otherwise (a pipe or a file gets the bytes as they are).
pub fn write_json_text<W: Write>(w: &mut W, text: &[u8], to_terminal: bool) -> io::Result<()> {
    if to_terminal {
        let mut t = TerminalJson::new(w);
        t.write_all(text)?;
        t.into_inner()?;
        Ok(())
    } else {
        w.write_all(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_become_json_escapes_with_the_same_value() {
        let v = serde_json::json!({
            "a": "csi\u{9b}31m esc\u{1b}[2J rlo\u{202e}x lri\u{2066} zwj\u{200d} tag\u{e0041} nl\n",
            "b": ["plain ü ✓", "quote\" back\\slash"],
        });
        for text in [
            serde_json::to_string(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap(),
        ] {
            let out = String::from_utf8(escape_json(text.as_bytes())).unwrap();
            assert!(!out.chars().any(|c| is_unsafe(c) && c != '\n'), "{out}");
            assert!(
                out.contains("csi\\u009b31m") && out.contains("\\udb40\\udc41"),
                "{out}"
            );
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(back, v);
            // The same across every split of the bytes into writes.
            for cut in 0..text.len() {
                let mut w = TerminalJson::new(Vec::new());
                w.write_all(&text.as_bytes()[..cut]).unwrap();
                w.write_all(&text.as_bytes()[cut..]).unwrap();
                assert_eq!(w.into_inner().unwrap(), out.as_bytes(), "cut at {cut}");
            }
        }
    }

    #[test]
    fn layout_stays_and_stray_controls_outside_strings_are_shown() {
        assert_eq!(escape_json(b"{\n\t\"a\": 1\r}"), b"{\n\t\"a\": 1\\u000d}");
        assert_eq!(escape_json(b"\"a\\\"\x1b\""), b"\"a\\\"\\u001b\"");
        assert_eq!(escape_json(b"\"\xff\""), "\"\u{fffd}\"".as_bytes());
    }
}
