//! The detail pane's text: a token-level JSON pretty-printer over a record's original bytes
//! (keeps key order and number spelling; no re-serialisation), the raw view, and wrapping to a
//! width. Produces kinds of text, not styles: `ui` picks the colours and sanitises.

/// What a piece of text is, for colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// An object key (with its quotes).
    Key,
    /// A string value (with its quotes).
    Str,
    /// A number.
    Num,
    /// `true`, `false`, `null`.
    Lit,
    /// Braces, brackets, commas, colons.
    Punct,
    /// Raw bytes.
    Plain,
}

/// A run of text of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg {
    /// Its kind.
    pub kind: Kind,
    /// The text (data: unsanitised).
    pub text: String,
}

/// A line: indentation then segments.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PLine {
    /// Leading spaces.
    pub indent: u16,
    /// The text.
    pub segs: Vec<Seg>,
}

impl PLine {
    fn push(&mut self, kind: Kind, text: impl Into<String>) {
        self.segs.push(Seg {
            kind,
            text: text.into(),
        });
    }

    /// The line's text without indentation (for tests and search).
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
}

enum Tok {
    Open(u8),
    Close(u8),
    Comma,
    Colon,
    Str(String),
    Num(String),
    Lit(String),
    End,
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl Lexer<'_> {
    fn skip_ws(&mut self) {
        let b = self.s.as_bytes();
        while self.pos < b.len() && matches!(b[self.pos], b' ' | b'\t' | b'\n' | b'\r') {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.as_bytes().get(self.pos).copied()
    }

    fn next(&mut self) -> Option<Tok> {
        self.skip_ws();
        let b = self.s.as_bytes();
        let Some(&c) = b.get(self.pos) else {
            return Some(Tok::End);
        };
        match c {
            b'{' | b'[' => {
                self.pos += 1;
                Some(Tok::Open(c))
            }
            b'}' | b']' => {
                self.pos += 1;
                Some(Tok::Close(c))
            }
            b',' => {
                self.pos += 1;
                Some(Tok::Comma)
            }
            b':' => {
                self.pos += 1;
                Some(Tok::Colon)
            }
            b'"' => self.string().map(Tok::Str),
            b'-' | b'0'..=b'9' => {
                let start = self.pos;
                while self.pos < b.len()
                    && matches!(b[self.pos], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.pos += 1;
                }
                Some(Tok::Num(self.s[start..self.pos].to_string()))
            }
            _ => {
                for lit in ["true", "false", "null"] {
                    if self.s[self.pos..].starts_with(lit) {
                        self.pos += lit.len();
                        return Some(Tok::Lit(lit.to_string()));
                    }
                }
                None
            }
        }
    }

    /// A string token, decoded, then shown with `"` and `\` escaped (control characters are left
    /// for the sanitiser to show visibly).
    fn string(&mut self) -> Option<String> {
        let s = self.s;
        let mut out = String::from("\"");
        let mut it = s[self.pos + 1..].char_indices();
        loop {
            let (i, c) = it.next()?;
            match c {
                '"' => {
                    self.pos += 1 + i + 1;
                    out.push('"');
                    return Some(out);
                }
                '\\' => {
                    let (_, e) = it.next()?;
                    let d = match e {
                        '"' => '"',
                        '\\' => '\\',
                        '/' => '/',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'u' => {
                            let hex = |it: &mut std::str::CharIndices| -> Option<u32> {
                                let mut v = 0;
                                for _ in 0..4 {
                                    v = v * 16 + it.next()?.1.to_digit(16)?;
                                }
                                Some(v)
                            };
                            let hi = hex(&mut it)?;
                            if (0xD800..0xDC00).contains(&hi) {
                                let rest = it.as_str();
                                if rest.starts_with("\\u") {
                                    it.next();
                                    it.next();
                                    let lo = hex(&mut it)?;
                                    let cp = 0x10000
                                        + ((hi - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3ff);
                                    char::from_u32(cp).unwrap_or('\u{fffd}')
                                } else {
                                    '\u{fffd}'
                                }
                            } else {
                                char::from_u32(hi).unwrap_or('\u{fffd}')
                            }
                        }
                        _ => return None,
                    };
                    if d == '"' || d == '\\' {
                        out.push('\\');
                    }
                    out.push(d);
                }
                c => out.push(c),
            }
        }
    }
}

/// Pretty-prints JSON `bytes` two spaces per level, keeping key order; `None` if not JSON.
pub fn pretty(bytes: &[u8]) -> Option<Vec<PLine>> {
    let text = String::from_utf8_lossy(bytes);
    let mut lx = Lexer { s: &text, pos: 0 };
    let mut out = Vec::new();
    let mut cur = PLine::default();
    let mut stack: Vec<u8> = Vec::new();
    let mut expect_key = false;
    let mut values = 0usize;
    fn flush(out: &mut Vec<PLine>, cur: &mut PLine, indent: usize) {
        if !cur.segs.is_empty() {
            out.push(std::mem::take(cur));
        }
        cur.indent = (indent * 2).min(u16::MAX as usize) as u16;
    }
    loop {
        match lx.next()? {
            Tok::End => break,
            Tok::Open(c) => {
                if stack.is_empty() {
                    values += 1;
                }
                let close = if c == b'{' { b'}' } else { b']' };
                if lx.peek() == Some(close) {
                    lx.pos += 1;
                    cur.push(Kind::Punct, if c == b'{' { "{}" } else { "[]" });
                } else {
                    cur.push(Kind::Punct, (c as char).to_string());
                    stack.push(c);
                    flush(&mut out, &mut cur, stack.len());
                    expect_key = c == b'{';
                }
            }
            Tok::Close(c) => {
                let open = stack.pop()?;
                if (open == b'{') != (c == b'}') {
                    return None;
                }
                flush(&mut out, &mut cur, stack.len());
                cur.push(Kind::Punct, (c as char).to_string());
                expect_key = false;
            }
            Tok::Comma => {
                cur.push(Kind::Punct, ",");
                flush(&mut out, &mut cur, stack.len());
                expect_key = stack.last() == Some(&b'{');
            }
            Tok::Colon => cur.push(Kind::Punct, ": "),
            Tok::Str(s) => {
                if stack.is_empty() {
                    values += 1;
                }
                if expect_key {
                    cur.push(Kind::Key, s);
                    expect_key = false;
                } else {
                    cur.push(Kind::Str, s);
                }
            }
            Tok::Num(s) => cur.push(Kind::Num, s),
            Tok::Lit(s) => cur.push(Kind::Lit, s),
        }
        if stack.is_empty() && values > 1 {
            return None;
        }
    }
    if !stack.is_empty() {
        return None;
    }
    flush(&mut out, &mut cur, 0);
    Some(out)
}

/// The bytes as they are, one line per line of the record.
pub fn raw_lines(bytes: &[u8]) -> Vec<PLine> {
    String::from_utf8_lossy(bytes)
        .split('\n')
        .map(|l| PLine {
            indent: 0,
            segs: vec![Seg {
                kind: Kind::Plain,
                text: l.to_string(),
            }],
        })
        .collect()
}

/// Wraps `lines` to `width` cells (text measured by `measure`); continuation lines are indented
/// two more than their line.
pub fn wrap(lines: &[PLine], width: usize, measure: fn(&str) -> usize) -> Vec<PLine> {
    let width = width.max(8);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let indent = (line.indent as usize).min(width / 2);
        let cont = (indent + 2).min(width / 2);
        let mut v = PLine {
            indent: indent as u16,
            segs: Vec::new(),
        };
        let mut avail = width - indent;
        let mut used = 0usize;
        for seg in &line.segs {
            let w = measure(&seg.text);
            if used + w <= avail {
                v.segs.push(seg.clone());
                used += w;
                continue;
            }
            let mut piece = String::new();
            let mut buf = [0u8; 4];
            for c in seg.text.chars() {
                let cw = measure(c.encode_utf8(&mut buf));
                if used + cw > avail && used > 0 {
                    if !piece.is_empty() {
                        v.push(seg.kind, std::mem::take(&mut piece));
                    }
                    out.push(std::mem::replace(
                        &mut v,
                        PLine {
                            indent: cont as u16,
                            segs: Vec::new(),
                        },
                    ));
                    avail = width - cont;
                    used = 0;
                }
                piece.push(c);
                used += cw;
            }
            if !piece.is_empty() {
                v.push(seg.kind, piece);
            }
        }
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[PLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| format!("{}{}", " ".repeat(l.indent as usize), l.text()))
            .collect()
    }

    #[test]
    fn pretty_keeps_order_and_spelling() {
        let raw =
            br#"{"z":1,"a":{"b":[1.50,true,null,"x\"y\u001b"],"e":{},"f":[]},"m":"caf\u00e9"}"#;
        let lines = pretty(raw).unwrap();
        assert_eq!(
            texts(&lines),
            vec![
                "{",
                "  \"z\": 1,",
                "  \"a\": {",
                "    \"b\": [",
                "      1.50,",
                "      true,",
                "      null,",
                "      \"x\\\"y\u{1b}\"",
                "    ],",
                "    \"e\": {},",
                "    \"f\": []",
                "  },",
                "  \"m\": \"café\"",
                "}",
            ]
        );
        assert_eq!(lines[1].segs[0].kind, Kind::Key);
        assert_eq!(lines[12].segs[2].kind, Kind::Str);
        assert!(pretty(b"{\"a\":").is_none());
        assert!(pretty(b"{} {}").is_none());
        assert!(pretty(b"nope").is_none());
    }

    #[test]
    fn wraps_long_values_with_continuation_indent() {
        let lines = pretty(br#"{"k":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#).unwrap();
        let w = wrap(&lines, 20, |s| s.chars().count());
        let t = texts(&w);
        assert!(t.iter().all(|l| l.chars().count() <= 20), "{t:?}");
        assert_eq!(t[1], "  \"k\": \"aaaaaaaaaaaa");
        assert!(t[2].starts_with("    a"));
    }
}
