//! The detail pane's text: a token-level JSON pretty-printer over a record's original bytes
//! (keeps key order and number spelling; no re-serialisation), the raw view, and wrapping to a
//! width. Produces kinds of text, not styles: `ui` picks the colours and sanitises.
//!
//! A string value that holds a JSON object or array (IAM policy documents, CloudFormation
//! templates, `CloudTrailEvent` of lookup-events output) is decoded and pretty-printed in place,
//! after a [`Kind::Decoded`] marker, so `"{\n  \"Version\"…"` reads as the policy it is. The
//! strings are attacker-controlled, so the work is bounded: strings up to [`EMBED_MAX_BYTES`],
//! [`EMBED_MAX_TOTAL`] bytes decoded per record, [`EMBED_MAX_DEPTH`] levels of JSON in a string in
//! a string, [`EMBED_MAX_NESTING`] levels of nesting inside one; past a bound, or when the
//! string is not strict JSON, it is shown as it is.

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
    /// The marker before a string value shown decoded as the JSON it holds (not data).
    Decoded,
}

/// The text of the [`Kind::Decoded`] marker. Unquoted, so it cannot be mistaken for a JSON string
/// from the record, which the pretty view always shows in quotes.
pub const DECODED_MARK: &str = "(decoded JSON string) ";
/// Longest string (in bytes, after unescaping) decoded as embedded JSON.
pub const EMBED_MAX_BYTES: usize = 1 << 20;
/// Most bytes of embedded JSON decoded for one record.
pub const EMBED_MAX_TOTAL: usize = 4 << 20;
/// Most levels of JSON held in a string held in a string… decoded.
pub const EMBED_MAX_DEPTH: usize = 3;
/// Most levels of nesting inside one decoded string (deeper: shown as the string).
pub const EMBED_MAX_NESTING: usize = 64;

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

    /// A string token, unescaped (without its quotes).
    fn string(&mut self) -> Option<String> {
        let s = self.s;
        let mut out = String::new();
        let mut it = s[self.pos + 1..].char_indices();
        loop {
            let (i, c) = it.next()?;
            match c {
                '"' => {
                    self.pos += 1 + i + 1;
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
                    out.push(d);
                }
                c => out.push(c),
            }
        }
    }
}

/// A decoded string as the pretty view shows it: in quotes, with `"` and `\` escaped (control
/// characters are left for the sanitiser to show visibly).
fn quoted(decoded: &str) -> String {
    let mut out = String::with_capacity(decoded.len() + 2);
    out.push('"');
    for c in decoded.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// True when `s` looks like a JSON object or array (worth trying to decode).
fn looks_like_container(s: &str) -> bool {
    let t = s.trim_matches([' ', '\t', '\n', '\r']);
    matches!(
        (t.as_bytes().first(), t.as_bytes().last()),
        (Some(b'{'), Some(b'}')) | (Some(b'['), Some(b']'))
    )
}

/// Pretty-prints JSON `bytes` two spaces per level, keeping key order; `None` if not JSON.
/// String values holding a JSON object or array are shown decoded (see the module doc).
pub fn pretty(bytes: &[u8]) -> Option<Vec<PLine>> {
    let text = String::from_utf8_lossy(bytes);
    let mut budget = EMBED_MAX_TOTAL;
    pretty_at(&text, 0, &mut budget)
}

/// [`pretty`] of `text`, itself decoded from a string `depth` levels down; `budget` is what is
/// left of [`EMBED_MAX_TOTAL`].
fn pretty_at(text: &str, depth: usize, budget: &mut usize) -> Option<Vec<PLine>> {
    let mut lx = Lexer { s: text, pos: 0 };
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
                    if depth > 0 && stack.len() > EMBED_MAX_NESTING {
                        return None;
                    }
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
                    cur.push(Kind::Key, quoted(&s));
                    expect_key = false;
                } else if let Some(inner) = embedded(&s, depth, budget) {
                    splice(&mut out, &mut cur, inner);
                } else {
                    cur.push(Kind::Str, quoted(&s));
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

/// The pretty lines of the JSON object or array a string value holds, within the bounds.
fn embedded(s: &str, depth: usize, budget: &mut usize) -> Option<Vec<PLine>> {
    if depth >= EMBED_MAX_DEPTH
        || s.len() > EMBED_MAX_BYTES
        || s.len() > *budget
        || !looks_like_container(s)
    {
        return None;
    }
    *budget -= s.len();
    // The pretty-printer is lenient (it lays out tokens); only strict JSON is shown decoded.
    serde_json::from_str::<serde::de::IgnoredAny>(s).ok()?;
    pretty_at(s, depth + 1, budget).filter(|l| !l.is_empty())
}

/// Puts decoded `inner` lines in place of a string value on `cur`: the marker and the first line
/// join `cur`, the rest follow indented by `cur`'s indentation, and the last one becomes `cur` (a
/// comma or closing bracket of the outer document follows it).
fn splice(out: &mut Vec<PLine>, cur: &mut PLine, inner: Vec<PLine>) {
    let base = cur.indent;
    cur.push(Kind::Decoded, DECODED_MARK);
    for (i, mut line) in inner.into_iter().enumerate() {
        if i == 0 {
            cur.segs.append(&mut line.segs);
        } else {
            line.indent = line.indent.saturating_add(base);
            out.push(std::mem::replace(cur, line));
        }
    }
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
    fn json_in_a_string_is_decoded_in_place() {
        let raw = br#"{"p":{"doc":"{\n  \"Statement\": [{\"Principal\": {\"AWS\": \"arn:aws:iam::193672423079:root\"}}]\n}","list":["[1, \"a\\\"b\"]","{nope}"," [] "],"n":1}}"#;
        let lines = pretty(raw).unwrap();
        assert_eq!(
            texts(&lines),
            vec![
                "{",
                "  \"p\": {",
                "    \"doc\": (decoded JSON string) {",
                "      \"Statement\": [",
                "        {",
                "          \"Principal\": {",
                "            \"AWS\": \"arn:aws:iam::193672423079:root\"",
                "          }",
                "        }",
                "      ]",
                "    },",
                "    \"list\": [",
                "      (decoded JSON string) [",
                "        1,",
                "        \"a\\\"b\"",
                "      ],",
                "      \"{nope}\",",
                "      (decoded JSON string) []",
                "    ],",
                "    \"n\": 1",
                "  }",
                "}",
            ]
        );
        assert_eq!(lines[2].segs[2].kind, Kind::Decoded);
        assert_eq!(lines[2].segs[0].kind, Kind::Key);
        // Not a container, or not JSON: the string as it is.
        let lines = pretty(br#"{"a":"{\"x\":}","b":"12","c":"{}x"}"#).unwrap();
        assert_eq!(lines[1].text(), r#""a": "{\"x\":}","#);
        assert_eq!(lines[2].text(), r#""b": "12","#);
        assert_eq!(lines[3].text(), r#""c": "{}x""#);
    }

    /// JSON in a string in a string…: decoded down to the depth bound, then shown as a string.
    #[test]
    fn embedded_json_is_bounded_in_depth_and_size() {
        let mut v = serde_json::json!({"leaf": 1});
        for _ in 0..6 {
            v = serde_json::json!({ "s": v.to_string() });
        }
        let lines = pretty(v.to_string().as_bytes()).unwrap();
        let decoded = lines
            .iter()
            .flat_map(|l| &l.segs)
            .filter(|s| s.kind == Kind::Decoded)
            .count();
        assert_eq!(decoded, EMBED_MAX_DEPTH);
        // The level past the bound is one string segment.
        let last = lines
            .iter()
            .find(|l| l.text().starts_with("\"s\": \"{"))
            .unwrap();
        assert_eq!(last.segs.last().unwrap().kind, Kind::Str);

        // A string over the size bound stays a string.
        let big = format!("[{}1]", "1,".repeat(EMBED_MAX_BYTES / 2));
        let rec = serde_json::json!({ "big": big, "small": "[2]" }).to_string();
        let lines = pretty(rec.as_bytes()).unwrap();
        assert_eq!(lines[1].segs[2].kind, Kind::Str);
        assert_eq!(lines[2].text(), "\"small\": (decoded JSON string) [");

        // Nesting past the bound inside one string: shown as the string.
        let deep = format!(
            "{}1{}",
            "[".repeat(EMBED_MAX_NESTING + 1),
            "]".repeat(EMBED_MAX_NESTING + 1)
        );
        let lines = pretty(serde_json::json!({ "d": deep }).to_string().as_bytes()).unwrap();
        assert_eq!(lines[1].segs[2].kind, Kind::Str);

        // The per-record budget: past it, strings are left as they are.
        let half = format!("[{}1]", "1,".repeat(EMBED_MAX_BYTES / 2 - 8));
        let many: Vec<_> = (0..EMBED_MAX_TOTAL / half.len() + 2)
            .map(|_| half.clone())
            .collect();
        let lines = pretty(serde_json::json!(many).to_string().as_bytes()).unwrap();
        let decoded = lines
            .iter()
            .flat_map(|l| &l.segs)
            .filter(|s| s.kind == Kind::Decoded)
            .count();
        assert_eq!(decoded, EMBED_MAX_TOTAL / half.len());
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
