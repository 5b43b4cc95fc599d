//! The filter language parser: text → tokens → expression tree of leaves. Never panics; every
//! error names a byte span and what was expected. See the `query` module doc for the language.

use super::fields::{self, DetectKey, Form, Kind};
use super::pattern::{lower, parse_cidr, Alt, Pattern};
use super::ParseError;
use crate::model::time::parse_user_time;
use crate::model::SymField;
use chrono::{NaiveDateTime, Offset};

/// Deepest nesting of parentheses / negations accepted (a term inside 256 parentheses parses;
/// inside 257 it does not).
pub const MAX_DEPTH: usize = 256;
/// Longest filter text, in bytes (a paste of more is an error, not a slow query).
pub const MAX_FILTER_BYTES: usize = 64 * 1024;
/// Most terms in one filter. Each indexed term costs one pass over the rows, so this bounds a
/// query's work at `MAX_TERMS` passes whatever is pasted.
pub const MAX_TERMS: usize = 1024;
/// Most `|` alternatives in one filter, all terms together (each is tested against each
/// distinct value of its column).
pub const MAX_ALTERNATIVES: usize = 4096;
/// Most text searches and JSON path terms in one filter, counting each alternative of a text
/// search (each is a scan of every record's bytes it is needed for).
pub const MAX_RAW_TERMS: usize = 64;

/// What a leaf tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Leaf {
    /// Any of the interned columns matches.
    Sym {
        cols: &'static [SymField],
        pat: Pattern,
    },
    /// Any resource ARN matches (no resources = the absent value).
    Resource(Pattern),
    /// eventID (`request == false`) or requestID.
    Id { request: bool, pat: Pattern },
    /// readOnly is this (`None`: absent).
    ReadOnly(Option<bool>),
    /// The row's source verdict is one of these (bit `1 << Verdict as u8`).
    Verified(u8),
    /// time >= t (dated only).
    After(i64),
    /// time < t (dated only).
    Before(i64),
    /// time >= newest dated time - d.
    Last(i64),
    /// The record text contains any of these (ASCII-lowercased) needles.
    Text(Vec<Vec<u8>>),
    /// A JSON path into the record matches.
    Path { path: Vec<PathSeg>, pat: Pattern },
    /// Made with a key matching `keys`, or with a credential descending from one, or issued
    /// such a key; likewise from the credentials issued by events whose eventID matches `ids`
    /// (the `lineage:id:…` alternatives; no alternatives when there were none).
    Lineage { keys: Pattern, ids: Pattern },
    /// Has any of these `model::lineage::flag` bits.
    Flag(u8),
    /// Flagged by a detection rule whose `key` matches (`store.hits()`).
    Detect { key: DetectKey, pat: Pattern },
    /// Two JSON paths hold an equal value (case-insensitive; built by code: Sigma's
    /// `|fieldref`).
    PathEq(Vec<PathSeg>, Vec<PathSeg>),
    /// Counted by a Local Insights episode whose kind name matches, or (`aws`) one of
    /// CloudTrail's own Insights events.
    Insight(Pattern),
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PathSeg {
    /// An object key (compared ASCII case-insensitively). On an array: every element.
    Key(String),
    /// `[n]`: element `n` (from 0) of an array.
    Index(usize),
}

#[cfg(test)]
impl From<&str> for PathSeg {
    fn from(k: &str) -> PathSeg {
        PathSeg::Key(k.into())
    }
}

impl Leaf {
    /// Needs the record bytes. `request:` does: the store keeps only each `requestID`'s
    /// fingerprint, which narrows the rows read to those it admits (see `eval`).
    pub fn is_raw(&self) -> bool {
        matches!(
            self,
            Leaf::Text(_) | Leaf::Path { .. } | Leaf::PathEq(..) | Leaf::Id { request: true, .. }
        )
    }
}

/// The expression tree; leaves index [`Parsed::leaves`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// Every row (the empty filter).
    All,
    Leaf(usize),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub root: Node,
    pub leaves: Vec<Leaf>,
    /// Bare words / phrases not under a negation, as typed (unquoted).
    pub bare: Vec<String>,
    /// Things worth saying that do not stop the filter (a path outside CloudTrail's fields).
    pub notes: Vec<String>,
}

fn err(offset: usize, len: usize, message: impl Into<String>) -> ParseError {
    ParseError {
        offset,
        len: len.max(1),
        message: message.into(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Lit(String),
    Star,
}

/// One `|`-separated alternative of a value as written.
#[derive(Debug, Clone)]
struct AltSrc {
    segs: Vec<Seg>,
    /// Had a quoted part: quoted text is literal and disables `source:`/`ip:` special forms.
    quoted: bool,
    /// Had a backslash escape (also makes special forms literal).
    escaped: bool,
    /// Had an empty pair of quotes (`""`, the absent value).
    empty_quotes: bool,
    start: usize,
    end: usize,
}

impl AltSrc {
    fn new(start: usize) -> AltSrc {
        AltSrc {
            segs: Vec::new(),
            quoted: false,
            escaped: false,
            empty_quotes: false,
            start,
            end: start,
        }
    }
    fn push_str(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if let Some(Seg::Lit(l)) = self.segs.last_mut() {
            l.push_str(s);
        } else {
            self.segs.push(Seg::Lit(s.to_owned()));
        }
    }
    fn push_char(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.push_str(c.encode_utf8(&mut b));
    }
    fn has_star(&self) -> bool {
        self.segs.contains(&Seg::Star)
    }
    /// The literal text with `*` for stars.
    fn text(&self) -> String {
        self.segs
            .iter()
            .map(|s| match s {
                Seg::Lit(l) => l.as_str(),
                Seg::Star => "*",
            })
            .collect()
    }
    /// The literal text when there are no stars.
    fn literal(&self) -> Option<String> {
        (!self.has_star()).then(|| self.text())
    }
    fn is_plain(&self) -> bool {
        !self.quoted && !self.escaped && !self.has_star()
    }
}

#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    /// Field name and its span (without the colon).
    field: Option<(String, usize, usize)>,
    alts: Vec<AltSrc>,
}

#[derive(Debug, Clone)]
enum Tok {
    LParen,
    RParen,
    Or,
    And,
    Not,
    Minus,
    Word(Word),
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

/// Characters a backslash makes literal outside quotes (elsewhere a backslash is itself).
fn escapable(c: char) -> bool {
    matches!(c, '\\' | '"' | '*' | '|' | '(' | ')' | ':' | '/' | '-') || c.is_whitespace()
}

fn is_term_end(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')'
}

struct Lexer<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn tokens(mut self) -> Result<Vec<Token>, ParseError> {
        let mut out = Vec::new();
        loop {
            while let Some(c) = self.peek() {
                if !c.is_whitespace() {
                    break;
                }
                self.pos += c.len_utf8();
            }
            let start = self.pos;
            let Some(c) = self.peek() else { break };
            let tok = match c {
                '(' => {
                    self.pos += 1;
                    Tok::LParen
                }
                ')' => {
                    self.pos += 1;
                    Tok::RParen
                }
                '-' => {
                    self.pos += 1;
                    match self.peek() {
                        Some(n) if !n.is_whitespace() && n != ')' => Tok::Minus,
                        _ => return Err(err(start, 1, "expected a term right after '-'")),
                    }
                }
                _ => {
                    let w = self.word()?;
                    keyword(&w).unwrap_or(Tok::Word(w))
                }
            };
            out.push(Token {
                tok,
                start,
                end: self.pos,
            });
        }
        Ok(out)
    }

    fn word(&mut self) -> Result<Word, ParseError> {
        let start = self.pos;
        let mut field: Option<(String, usize, usize)> = None;
        let mut alts = vec![AltSrc::new(start)];
        // Could the text so far be a field name (letters, digits, `_`, `-`, `.`, `[`, `]`; a
        // letter or `_` first)?
        let mut field_ok = true;
        while let Some(c) = self.peek() {
            if is_term_end(c) {
                break;
            }
            let at = self.pos;
            let cur = alts.last_mut().expect("at least one alternative");
            match c {
                '"' => {
                    // Quotes only keep spaces, parentheses, colons and keywords together:
                    // `*` and `|` mean the same inside as outside; `\*`, `\|`, `\"` and `\\`
                    // are literal.
                    self.pos += 1;
                    field_ok = false;
                    let mut cur = alts.last_mut().expect("at least one alternative");
                    cur.quoted = true;
                    let mut empty = true;
                    loop {
                        match self.peek() {
                            None => {
                                return Err(err(
                                    at,
                                    self.s.len() - at,
                                    "unterminated quote (expected a closing '\"')",
                                ))
                            }
                            Some('"') => {
                                self.pos += 1;
                                break;
                            }
                            Some('\\') => {
                                self.pos += 1;
                                empty = false;
                                match self.peek() {
                                    Some(n @ ('"' | '\\' | '*' | '|')) => {
                                        cur.push_char(n);
                                        if matches!(n, '*' | '|') {
                                            cur.escaped = true;
                                        }
                                        self.pos += 1;
                                    }
                                    _ => cur.push_char('\\'),
                                }
                            }
                            Some('*') => {
                                self.pos += 1;
                                empty = false;
                                cur.segs.push(Seg::Star);
                            }
                            Some('|') => {
                                cur.end = self.pos;
                                self.pos += 1;
                                empty = false;
                                let mut next = AltSrc::new(self.pos);
                                next.quoted = true;
                                alts.push(next);
                                cur = alts.last_mut().expect("just pushed");
                            }
                            Some(ch) => {
                                empty = false;
                                cur.push_char(ch);
                                self.pos += ch.len_utf8();
                            }
                        }
                    }
                    if empty {
                        cur.empty_quotes = true;
                    }
                }
                '\\' => {
                    self.pos += 1;
                    field_ok = false;
                    match self.peek() {
                        Some(n) if escapable(n) => {
                            cur.push_char(n);
                            cur.escaped = true;
                            self.pos += n.len_utf8();
                        }
                        _ => cur.push_char('\\'),
                    }
                }
                ':' if field.is_none() && field_ok && at > start => {
                    field = Some((self.s[start..at].to_owned(), start, at));
                    self.pos += 1;
                    alts = vec![AltSrc::new(self.pos)];
                }
                '*' => {
                    cur.segs.push(Seg::Star);
                    field_ok = false;
                    self.pos += 1;
                }
                '|' => {
                    cur.end = at;
                    self.pos += 1;
                    alts.push(AltSrc::new(self.pos));
                    field_ok = false;
                }
                c => {
                    let first = at == start;
                    field_ok &= if first {
                        c.is_ascii_alphabetic() || c == '_'
                    } else {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']')
                    };
                    cur.push_char(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        if let Some(last) = alts.last_mut() {
            last.end = self.pos;
        }
        Ok(Word {
            start,
            end: self.pos,
            field,
            alts,
        })
    }
}

fn keyword(w: &Word) -> Option<Tok> {
    if w.field.is_some() || w.alts.len() != 1 || w.alts[0].quoted || w.alts[0].escaped {
        return None;
    }
    match w.alts[0].segs.as_slice() {
        [Seg::Lit(l)] => match l.as_str() {
            "OR" | "or" => Some(Tok::Or),
            "AND" | "and" => Some(Tok::And),
            "NOT" | "not" => Some(Tok::Not),
            _ => None,
        },
        _ => None,
    }
}

/// Reads a time typed without an offset (a local date-time) as UTC milliseconds; `None` when
/// the zone has no such time.
pub(crate) type Zone<'z> = &'z dyn Fn(NaiveDateTime) -> Option<i64>;

/// Parses filter text; times without an offset are UTC.
pub(crate) fn parse(text: &str) -> Result<Parsed, ParseError> {
    parse_with(text, None)
}

/// Parses filter text; times without an offset are read with `zone` (UTC when `None`).
pub(crate) fn parse_with(text: &str, zone: Option<Zone<'_>>) -> Result<Parsed, ParseError> {
    if text.len() > MAX_FILTER_BYTES {
        return Err(err(
            0,
            1,
            format!(
                "filter too long ({} bytes; at most {} KiB)",
                text.len(),
                MAX_FILTER_BYTES / 1024
            ),
        ));
    }
    let tokens = Lexer { s: text, pos: 0 }.tokens()?;
    let mut p = Parser {
        text,
        toks: tokens,
        i: 0,
        leaves: Vec::new(),
        bare: Vec::new(),
        notes: Vec::new(),
        raw: 0,
        alts: 0,
        zone,
    };
    if p.toks.is_empty() {
        return Ok(Parsed {
            root: Node::All,
            leaves: Vec::new(),
            bare: Vec::new(),
            notes: Vec::new(),
        });
    }
    let root = p.or(0, true)?;
    if let Some(t) = p.toks.get(p.i) {
        return Err(err(
            t.start,
            t.end - t.start,
            "unexpected ')' (no matching '(')",
        ));
    }
    Ok(Parsed {
        root,
        leaves: p.leaves,
        bare: p.bare,
        notes: p.notes,
    })
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    i: usize,
    leaves: Vec<Leaf>,
    bare: Vec<String>,
    notes: Vec<String>,
    /// Raw terms so far (text alternatives count one each).
    raw: usize,
    /// Alternatives so far.
    alts: usize,
    zone: Option<Zone<'a>>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn here(&self) -> (usize, usize) {
        match self.toks.get(self.i) {
            Some(t) => (t.start, t.end - t.start),
            None => (self.text.len(), 1),
        }
    }

    fn or(&mut self, depth: usize, pos: bool) -> Result<Node, ParseError> {
        let mut items = vec![self.and(depth, pos)?];
        while let Some(Tok::Or) = self.peek() {
            self.i += 1;
            if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                let (o, l) = self.here();
                return Err(err(o, l, "expected a term after 'OR'"));
            }
            items.push(self.and(depth, pos)?);
        }
        Ok(flatten(items, false))
    }

    fn and(&mut self, depth: usize, pos: bool) -> Result<Node, ParseError> {
        let mut items = vec![self.unary(depth, pos)?];
        loop {
            match self.peek() {
                None | Some(Tok::RParen | Tok::Or) => break,
                Some(Tok::And) => {
                    self.i += 1;
                    if matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                        let (o, l) = self.here();
                        return Err(err(o, l, "expected a term after 'AND'"));
                    }
                }
                _ => {}
            }
            items.push(self.unary(depth, pos)?);
        }
        Ok(flatten(items, true))
    }

    fn unary(&mut self, depth: usize, pos: bool) -> Result<Node, ParseError> {
        if depth > MAX_DEPTH {
            let (o, l) = self.here();
            return Err(err(
                o,
                l,
                format!("too deeply nested (more than {MAX_DEPTH} parentheses or negations)"),
            ));
        }
        match self.peek() {
            Some(Tok::Minus | Tok::Not) => {
                let is_not = matches!(self.peek(), Some(Tok::Not));
                self.i += 1;
                if is_not && matches!(self.peek(), None | Some(Tok::RParen | Tok::Or | Tok::And)) {
                    let (o, l) = self.here();
                    return Err(err(o, l, "expected a term after 'NOT'"));
                }
                let inner = self.unary(depth + 1, !pos)?;
                Ok(match inner {
                    Node::Not(x) => *x,
                    x => Node::Not(Box::new(x)),
                })
            }
            _ => self.primary(depth, pos),
        }
    }

    fn primary(&mut self, depth: usize, pos: bool) -> Result<Node, ParseError> {
        let (o, l) = self.here();
        let Some(t) = self.toks.get(self.i) else {
            return Err(err(o, l, "expected a term"));
        };
        match &t.tok {
            Tok::LParen => {
                let open = t.start;
                self.i += 1;
                if matches!(self.peek(), Some(Tok::RParen)) {
                    let (o, l) = self.here();
                    return Err(err(o, l, "expected a term inside '()'"));
                }
                let e = self.or(depth + 1, pos)?;
                match self.peek() {
                    Some(Tok::RParen) => {
                        self.i += 1;
                        Ok(e)
                    }
                    _ => {
                        let (o, l) = self.here();
                        Err(err(
                            o,
                            l,
                            format!("expected ')' to close the '(' at column {}", open + 1),
                        ))
                    }
                }
            }
            Tok::RParen => Err(err(o, l, "expected a term before ')'")),
            Tok::Or => Err(err(o, l, "expected a term before 'OR'")),
            Tok::And => Err(err(o, l, "expected a term before 'AND'")),
            Tok::Not | Tok::Minus => Err(err(o, l, "expected a term")),
            Tok::Word(w) => {
                let w = w.clone();
                self.i += 1;
                if self.leaves.len() >= MAX_TERMS {
                    return Err(err(o, l, format!("too many terms (max {MAX_TERMS})")));
                }
                self.alts += w.alts.len();
                if self.alts > MAX_ALTERNATIVES {
                    return Err(err(
                        o,
                        l,
                        format!("too many alternatives (max {MAX_ALTERNATIVES} in one filter)"),
                    ));
                }
                let leaf = self.leaf(&w, pos)?;
                if leaf.is_raw() {
                    self.raw += match &leaf {
                        Leaf::Text(n) => n.len(),
                        _ => 1,
                    };
                    if self.raw > MAX_RAW_TERMS {
                        return Err(err(
                            o,
                            l,
                            format!("too many text searches and JSON paths (max {MAX_RAW_TERMS})"),
                        ));
                    }
                }
                self.leaves.push(leaf);
                Ok(Node::Leaf(self.leaves.len() - 1))
            }
        }
    }

    fn leaf(&mut self, w: &Word, pos: bool) -> Result<Leaf, ParseError> {
        let Some((name, fs, fe)) = &w.field else {
            return self.text_leaf(w, pos);
        };
        let (fs, fe) = (*fs, *fe);
        let fspan = fe + 1 - fs;
        let shown = clip(name);
        let value_empty = w.alts.len() == 1 && w.alts[0].segs.is_empty() && !w.alts[0].quoted;
        if value_empty {
            return Err(err(
                fs,
                fspan,
                format!("empty value after '{shown}:' (use {shown}:\"\" for the absent value)"),
            ));
        }
        let field = if name.contains(['.', '[', ']']) {
            None
        } else {
            fields::lookup(name)
        };
        let Some(field) = field else {
            // Not a shortcut: a JSON path into the record.
            let path = parse_path(name).map_err(|m| err(fs, fe - fs, m.to_string()))?;
            if let Some(PathSeg::Key(first)) = path.first() {
                if !fields::is_record_field(first) {
                    self.note_unknown(first);
                }
            }
            return Ok(Leaf::Path {
                path,
                pat: pattern(w, name)?,
            });
        };
        match field.kind {
            Kind::Column { cols, form } => {
                let mut pat = pattern(w, name)?;
                match form {
                    Form::Plain => {}
                    Form::Service => {
                        for a in &w.alts {
                            if a.is_plain() {
                                let lit = lower(&a.text()).into_owned();
                                if !lit.is_empty() && !lit.contains('.') {
                                    pat.alts.push(Alt::Exact(format!("{lit}.amazonaws.com")));
                                }
                            }
                        }
                    }
                    Form::Cidr => {
                        for (a, p) in w.alts.iter().zip(pat.alts.iter_mut()) {
                            let t = a.text();
                            if a.is_plain() && t.contains('/') {
                                let Some((net, prefix)) = parse_cidr(&t) else {
                                    return Err(err(
                                        a.start,
                                        a.end - a.start,
                                        format!(
                                            "bad CIDR '{}' (expected e.g. 10.0.0.0/8 or 2001:db8::/32)",
                                            clip(&t)
                                        ),
                                    ));
                                };
                                *p = Alt::Cidr { net, prefix };
                            }
                        }
                    }
                }
                Ok(Leaf::Sym { cols, pat })
            }
            Kind::Resource => Ok(Leaf::Resource(pattern(w, name)?)),
            Kind::Lineage => {
                let (keys, ids) = split_id_alts(pattern(w, name)?);
                Ok(Leaf::Lineage { keys, ids })
            }
            Kind::Flag => {
                let mut bits = 0u8;
                for a in &w.alts {
                    let t = a.literal().unwrap_or_default();
                    match crate::model::lineage::flag::by_name(&t) {
                        Some(b) => bits |= b,
                        None => {
                            let names: Vec<&str> = crate::model::lineage::flag::NAMES
                                .iter()
                                .map(|f| f.1)
                                .collect();
                            return Err(err(
                                a.start,
                                a.end - a.start,
                                format!(
                                    "unknown flag '{}' (expected {})",
                                    clip(&a.text()),
                                    names.join(", ")
                                ),
                            ));
                        }
                    }
                }
                Ok(Leaf::Flag(bits))
            }
            Kind::Id { request } => Ok(Leaf::Id {
                request,
                pat: pattern(w, name)?,
            }),
            Kind::ReadOnly => {
                let v = single(w, name)?;
                match v.to_ascii_lowercase().as_str() {
                    "true" => Ok(Leaf::ReadOnly(Some(true))),
                    "false" => Ok(Leaf::ReadOnly(Some(false))),
                    "" => Ok(Leaf::ReadOnly(None)),
                    _ => Err(value_err(
                        w,
                        format!("expected true or false after '{shown}:'"),
                    )),
                }
            }
            Kind::Verified => {
                use crate::model::Verdict as V;
                let v = single(w, name)?;
                let bit = |v: V| 1u8 << (v as u8);
                let all = bit(V::Pending)
                    | bit(V::Verified)
                    | bit(V::Modified)
                    | bit(V::NotCovered)
                    | bit(V::NoDigest);
                match v.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
                    "yes" | "true" | "verified" => Ok(Leaf::Verified(bit(V::Verified))),
                    "no" | "false" => Ok(Leaf::Verified(all & !bit(V::Verified))),
                    "modified" => Ok(Leaf::Verified(bit(V::Modified))),
                    "uncovered" | "notcovered" => Ok(Leaf::Verified(bit(V::NotCovered))),
                    "nodigest" => Ok(Leaf::Verified(bit(V::NoDigest))),
                    "pending" => Ok(Leaf::Verified(bit(V::Pending))),
                    _ => Err(value_err(
                        w,
                        format!("expected yes, no, modified, uncovered, nodigest or pending after '{shown}:'"),
                    )),
                }
            }
            Kind::After | Kind::Before => {
                let v = single(w, name)?;
                let Some(t) = parse_time_in(v.trim(), self.zone) else {
                    return Err(value_err(
                        w,
                        format!("bad time '{}' (expected RFC 3339 or YYYY-MM-DD)", clip(&v)),
                    ));
                };
                Ok(if field.kind == Kind::After {
                    Leaf::After(t)
                } else {
                    Leaf::Before(t)
                })
            }
            Kind::Insight => Ok(Leaf::Insight(pattern(w, name)?)),
            Kind::Detect(key) => {
                let mut pat = pattern(w, name)?;
                match key {
                    DetectKey::Level => level_plus(w, &mut pat),
                    DetectKey::Tactic => {
                        for a in &mut pat.alts {
                            normalize_tactic_alt(a);
                        }
                    }
                    _ => {}
                }
                Ok(Leaf::Detect { key, pat })
            }
            Kind::Last => {
                let v = single(w, name)?;
                match parse_duration(&v) {
                    Some(d) => Ok(Leaf::Last(d)),
                    None => Err(value_err(
                        w,
                        format!(
                            "bad duration '{}' (expected e.g. 90s, 30m, 2h, 7d, 1w)",
                            clip(&v)
                        ),
                    )),
                }
            }
        }
    }

    /// Notes that `first` (a path's first key) is neither a shortcut nor a CloudTrail field.
    fn note_unknown(&mut self, first: &str) {
        let lname = first.to_ascii_lowercase();
        let known: Vec<&str> = fields::FIELDS.iter().flat_map(|f| f.names()).collect();
        let hint = match closest(&lname, &known) {
            Some(k) => format!(" (did you mean '{k}'?)"),
            None => String::new(),
        };
        let note = format!(
            "'{}' is not a CloudTrail record field: read as a JSON path{hint}",
            clip(first)
        );
        if !self.notes.contains(&note) && self.notes.len() < 8 {
            self.notes.push(note);
        }
    }

    fn text_leaf(&mut self, w: &Word, pos: bool) -> Result<Leaf, ParseError> {
        let mut needles = Vec::new();
        for a in &w.alts {
            let mut segs: &[Seg] = &a.segs;
            while let [Seg::Star, rest @ ..] = segs {
                segs = rest;
            }
            while let [rest @ .., Seg::Star] = segs {
                segs = rest;
            }
            let lit = match segs {
                [] => String::new(),
                [Seg::Lit(l)] => l.clone(),
                _ => {
                    return Err(err(
                        a.start,
                        a.end - a.start,
                        "'*' inside a search word is not supported (use field:value, or \\* for a literal '*')",
                    ))
                }
            };
            if lit.is_empty() {
                let msg = if a.quoted {
                    "empty phrase"
                } else {
                    "empty search word"
                };
                return Err(err(a.start, a.end - a.start, msg));
            }
            let mut n = lit.clone().into_bytes();
            n.make_ascii_lowercase();
            needles.push(n);
            if pos {
                self.bare.push(lit);
            }
        }
        Ok(Leaf::Text(needles))
    }
}

/// `level:medium+`: a plain level name followed by `+` is that level and every higher one.
fn level_plus(w: &Word, pat: &mut Pattern) {
    use crate::model::Level;
    let mut alts = Vec::with_capacity(pat.alts.len());
    for (a, p) in w.alts.iter().zip(pat.alts.drain(..)) {
        let t = a.text();
        match t.strip_suffix('+').and_then(Level::parse) {
            Some(l) if a.is_plain() => alts.extend(
                Level::ALL
                    .iter()
                    .filter(|x| **x >= l)
                    .map(|x| Alt::Exact(x.name().to_string())),
            ),
            _ => alts.push(p),
        }
    }
    pat.alts = alts;
}

/// Tactic names are stored lower case with `-` between words; `_` and spaces typed in a value
/// mean the same.
pub(crate) fn normalize_tactic(s: &str) -> String {
    s.chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect()
}

fn normalize_tactic_alt(a: &mut Alt) {
    match a {
        Alt::Exact(e) => *e = normalize_tactic(e),
        Alt::Glob { parts, .. } => {
            for p in parts {
                *p = normalize_tactic(p);
            }
        }
        _ => {}
    }
}

/// `s` cut to 40 characters for messages.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn value_err(w: &Word, msg: impl Into<String>) -> ParseError {
    let vs = w.alts.first().map_or(w.start, |a| a.start);
    err(vs, w.end - vs, msg)
}

/// The one literal value of a field that takes no pattern (`after:`, `last:`, `readonly:`).
fn single(w: &Word, name: &str) -> Result<String, ParseError> {
    if w.alts.len() != 1 {
        return Err(value_err(
            w,
            format!("'{}:' takes one value, not alternatives", clip(name)),
        ));
    }
    w.alts[0]
        .literal()
        .ok_or_else(|| value_err(w, format!("'{}:' takes no wildcards", clip(name))))
}

/// Splits `lineage:` alternatives into key patterns and `id:EVENTID` patterns (the prefix
/// stripped; `id:*` is any event that issued credentials).
fn split_id_alts(p: Pattern) -> (Pattern, Pattern) {
    let mut keys = Pattern { alts: Vec::new() };
    let mut ids = Pattern { alts: Vec::new() };
    for a in p.alts {
        match a {
            Alt::Exact(e) if e.starts_with("id:") => ids.alts.push(Alt::Exact(e[3..].to_string())),
            Alt::Glob {
                mut parts,
                start: true,
                end,
            } if parts.first().is_some_and(|f| f.starts_with("id:")) => {
                let first = parts[0][3..].to_string();
                let start = if first.is_empty() {
                    parts.remove(0);
                    false
                } else {
                    parts[0] = first;
                    true
                };
                // `id:*`: every remaining part gone means any non-empty id.
                let end = end && !parts.is_empty();
                ids.alts.push(Alt::Glob { parts, start, end });
            }
            a => keys.alts.push(a),
        }
    }
    (keys, ids)
}

/// The pattern of a field's value.
fn pattern(w: &Word, name: &str) -> Result<Pattern, ParseError> {
    let mut alts = Vec::with_capacity(w.alts.len());
    for a in &w.alts {
        if a.segs.is_empty() {
            if a.empty_quotes {
                alts.push(Alt::Empty);
                continue;
            }
            return Err(err(
                a.start,
                1,
                format!(
                    "empty alternative in the value of '{}:' (use \"\" for the absent value)",
                    clip(name)
                ),
            ));
        }
        if !a.has_star() {
            alts.push(Alt::Exact(lower(&a.text()).into_owned()));
            continue;
        }
        let start = a.segs.first() != Some(&Seg::Star);
        let end = a.segs.last() != Some(&Seg::Star);
        let parts = a
            .segs
            .iter()
            .filter_map(|s| match s {
                Seg::Lit(l) => Some(lower(l).into_owned()),
                Seg::Star => None,
            })
            .collect();
        alts.push(Alt::Glob { parts, start, end });
    }
    Ok(Pattern { alts })
}

/// What is wrong with a typed JSON path (each names the path, clipped).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    /// `a..b`, `.a`, `a.`
    #[error("empty path segment in '{0}'")]
    EmptySegment(String),
    /// `a]b`
    #[error("stray ']' in '{0}'")]
    StrayBracket(String),
    /// `a[x]`, `a[`, `a[1234567890]`
    #[error("bad array index in '{0}' (expected e.g. items[0].name)")]
    BadIndex(String),
}

/// A JSON path as typed (`requestParameters.bucketName`, `items[0].userId`, `sharedEventID`)
/// → its steps, or what is wrong with it.
pub(crate) fn parse_path(name: &str) -> Result<Vec<PathSeg>, PathError> {
    let shown = clip(name);
    let mut out = Vec::new();
    for part in name.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => part.split_at(i),
            None => (part, ""),
        };
        if key.is_empty() {
            return Err(PathError::EmptySegment(shown.to_string()));
        }
        if key.contains(']') {
            return Err(PathError::StrayBracket(shown.to_string()));
        }
        out.push(PathSeg::Key(key.to_owned()));
        while !rest.is_empty() {
            let bad = || PathError::BadIndex(shown.to_string());
            let Some(inner) = rest.strip_prefix('[') else {
                return Err(bad());
            };
            let Some(close) = inner.find(']') else {
                return Err(bad());
            };
            let digits = &inner[..close];
            if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(bad());
            }
            out.push(PathSeg::Index(digits.parse().map_err(|_| bad())?));
            rest = &inner[close + 1..];
        }
    }
    Ok(out)
}

/// True when a typed time carries its own offset (`Z`, `+09:00`, `-0500`) after the date.
fn has_offset(s: &str) -> bool {
    s.get(10..)
        .is_some_and(|t| t.contains(['+', '-']) || t.ends_with(['Z', 'z']))
}

/// A typed time bound → UTC milliseconds. With an offset (or `Z`) it is taken as given;
/// without, it is read with `zone` (UTC when `None`).
fn parse_time_in(s: &str, zone: Option<Zone<'_>>) -> Option<i64> {
    let Some(zone) = zone else {
        return parse_user_time(s);
    };
    if has_offset(s) {
        return parse_user_time(s);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return zone(n);
        }
    }
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    zone(d.and_hms_opt(0, 0, 0)?)
}

/// Reads a local date-time in `tz` as UTC milliseconds, DST-correct: a time that happens twice
/// (clocks going back) is the first of the two; a time skipped by clocks going forward is read
/// with the offset in force before the change (so it lands just after the gap).
pub(crate) fn local_to_utc<Z: chrono::TimeZone>(tz: &Z, n: NaiveDateTime) -> Option<i64> {
    use chrono::LocalResult;
    match tz.from_local_datetime(&n) {
        LocalResult::Single(t) => Some(t.timestamp_millis()),
        LocalResult::Ambiguous(a, b) => Some(a.timestamp_millis().min(b.timestamp_millis())),
        LocalResult::None => {
            // The offset a few hours earlier is the one before the change.
            let before = n.checked_sub_signed(chrono::TimeDelta::hours(3))?;
            let off = match tz.from_local_datetime(&before) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.offset().fix(),
                LocalResult::None => return None,
            };
            let utc =
                n.checked_sub_signed(chrono::TimeDelta::seconds(off.local_minus_utc() as i64))?;
            Some(utc.and_utc().timestamp_millis())
        }
    }
}

/// `90s`, `30m`, `2h`, `7d`, `1w` → milliseconds.
pub(crate) fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let unit = s.chars().last()?;
    let num = &s[..s.len() - unit.len_utf8()];
    if num.is_empty() || num.len() > 12 || !num.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = num.parse().ok()?;
    let mul: i64 = match unit.to_ascii_lowercase() {
        's' => 1_000,
        'm' => 60_000,
        'h' => 3_600_000,
        'd' => 86_400_000,
        'w' => 7 * 86_400_000,
        _ => return None,
    };
    n.checked_mul(mul)
}

/// The known name nearest to `s` by edit distance, when close enough to be a typo.
fn closest<'k>(s: &str, known: &[&'k str]) -> Option<&'k str> {
    if s.chars().count() > 40 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for &k in known {
        let d = levenshtein(s, k);
        if d <= 2 && d < k.len() && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, k));
        }
    }
    best.map(|b| b.1)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let sub = prev[j] + (ca != cb) as usize;
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn flatten(items: Vec<Node>, and: bool) -> Node {
    let mut out = Vec::with_capacity(items.len());
    for it in items {
        match it {
            Node::And(v) if and => out.extend(v),
            Node::Or(v) if !and => out.extend(v),
            x => out.push(x),
        }
    }
    if out.len() == 1 {
        return out.pop().expect("one item");
    }
    if and {
        Node::And(out)
    } else {
        Node::Or(out)
    }
}

/// A `field:value` term that parses back to an exact (case-insensitive, non-wildcard) match of
/// `value`. Plain values stay bare (`name:GetObject`); anything else is quoted (for spaces and
/// parentheses), with `\`, `"`, `*` and `|` escaped (inside quotes `*` and `|` keep their
/// meaning). The empty value gives `field:""` (absent).
pub fn filter_term(field: &str, value: &str) -> String {
    let simple = value.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(b, b'.' | b'_' | b'-' | b'@' | b':' | b'+' | b'=' | b',')
    });
    // `source:s3` would also match s3.amazonaws.com; quoted it is exact.
    let special_source = field.eq_ignore_ascii_case("source") && !value.contains('.');
    let plain = !value.is_empty() && simple && !special_source;
    if plain {
        return format!("{field}:{value}");
    }
    let mut out = String::with_capacity(field.len() + value.len() + 4);
    out.push_str(field);
    out.push_str(":\"");
    for c in value.chars() {
        if matches!(c, '"' | '\\' | '*' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Parsed {
        parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    fn e(s: &str) -> ParseError {
        parse(s).expect_err(s)
    }

    fn exact(s: &str) -> Pattern {
        Pattern {
            alts: vec![Alt::Exact(s.into())],
        }
    }

    #[test]
    fn structure() {
        use Node::*;
        assert_eq!(p("").root, All);
        assert_eq!(p("   ").root, All);
        assert_eq!(p("a b").root, And(vec![Leaf(0), Leaf(1)]));
        assert_eq!(p("a AND b").root, And(vec![Leaf(0), Leaf(1)]));
        assert_eq!(p("a and b").root, And(vec![Leaf(0), Leaf(1)]));
        // AND binds tighter than OR.
        assert_eq!(
            p("a b OR c").root,
            Or(vec![And(vec![Leaf(0), Leaf(1)]), Leaf(2)])
        );
        assert_eq!(
            p("a or b c").root,
            Or(vec![Leaf(0), And(vec![Leaf(1), Leaf(2)])])
        );
        assert_eq!(
            p("a (b OR c)").root,
            And(vec![Leaf(0), Or(vec![Leaf(1), Leaf(2)])])
        );
        assert_eq!(p("-a").root, Not(Box::new(Leaf(0))));
        assert_eq!(p("--a").root, Leaf(0));
        assert_eq!(p("NOT a").root, Not(Box::new(Leaf(0))));
        assert_eq!(
            p("-(a OR b)").root,
            Not(Box::new(Or(vec![Leaf(0), Leaf(1)])))
        );
        assert_eq!(p("((a))").root, Leaf(0));
        assert_eq!(p("a OR b OR c").root, Or(vec![Leaf(0), Leaf(1), Leaf(2)]));
        assert_eq!(p("(a b) c").root, And(vec![Leaf(0), Leaf(1), Leaf(2)]));
        // Quoted keywords are words.
        assert_eq!(p("a \"OR\" b").leaves.len(), 3);
        assert_eq!(p("name:OR").leaves.len(), 1);
    }

    #[test]
    fn leaves() {
        use SymField as F;
        let cases: Vec<(&str, Leaf)> = vec![
            (
                "name:GetObject",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: exact("getobject"),
                },
            ),
            (
                "NAME:x",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: exact("x"),
                },
            ),
            (
                "name:Get*",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: Pattern {
                        alts: vec![Alt::Glob {
                            parts: vec!["get".into()],
                            start: true,
                            end: false,
                        }],
                    },
                },
            ),
            (
                "name:a|B",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: Pattern {
                        alts: vec![Alt::Exact("a".into()), Alt::Exact("b".into())],
                    },
                },
            ),
            (
                "name:Get\\*",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: exact("get*"),
                },
            ),
            (
                "name:\"a\\*b\\|c\"",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: exact("a*b|c"),
                },
            ),
            (
                "name:\"a *b|c d\"",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: Pattern {
                        alts: vec![
                            Alt::Glob {
                                parts: vec!["a ".into(), "b".into()],
                                start: true,
                                end: true,
                            },
                            Alt::Exact("c d".into()),
                        ],
                    },
                },
            ),
            (
                "who:\"a\"|\"\"",
                Leaf::Sym {
                    cols: &[F::Who],
                    pat: Pattern {
                        alts: vec![Alt::Exact("a".into()), Alt::Empty],
                    },
                },
            ),
            (
                "useragent:x",
                Leaf::Sym {
                    cols: &[F::Agent],
                    pat: exact("x"),
                },
            ),
            (
                "sharedEventID:*",
                Leaf::Path {
                    path: vec!["sharedEventID".into()],
                    pat: Pattern {
                        alts: vec![Alt::Glob {
                            parts: vec![],
                            start: false,
                            end: false,
                        }],
                    },
                },
            ),
            (
                "a.items[0][12].b:x",
                Leaf::Path {
                    path: vec![
                        "a".into(),
                        "items".into(),
                        PathSeg::Index(0),
                        PathSeg::Index(12),
                        "b".into(),
                    ],
                    pat: exact("x"),
                },
            ),
            (
                "who:\"my user\"",
                Leaf::Sym {
                    cols: &[F::Who],
                    pat: exact("my user"),
                },
            ),
            (
                "who:\"my \\\"q\\\" user\"",
                Leaf::Sym {
                    cols: &[F::Who],
                    pat: exact("my \"q\" user"),
                },
            ),
            (
                "name:\"\"",
                Leaf::Sym {
                    cols: &[F::Name],
                    pat: Pattern {
                        alts: vec![Alt::Empty],
                    },
                },
            ),
            (
                "source:s3",
                Leaf::Sym {
                    cols: &[F::Source],
                    pat: Pattern {
                        alts: vec![
                            Alt::Exact("s3".into()),
                            Alt::Exact("s3.amazonaws.com".into()),
                        ],
                    },
                },
            ),
            (
                "source:\"s3\"",
                Leaf::Sym {
                    cols: &[F::Source],
                    pat: exact("s3"),
                },
            ),
            (
                "source:s3.amazonaws.com",
                Leaf::Sym {
                    cols: &[F::Source],
                    pat: exact("s3.amazonaws.com"),
                },
            ),
            (
                "account:123",
                Leaf::Sym {
                    cols: &[F::Account, F::PrincipalAccount],
                    pat: exact("123"),
                },
            ),
            ("readonly:TRUE", Leaf::ReadOnly(Some(true))),
            ("readonly:false", Leaf::ReadOnly(Some(false))),
            ("readonly:\"\"", Leaf::ReadOnly(None)),
            ("after:2021-01-01", Leaf::After(1_609_459_200_000)),
            (
                "before:2021-01-01T00:00:00Z",
                Leaf::Before(1_609_459_200_000),
            ),
            ("last:2h", Leaf::Last(7_200_000)),
            ("last:90s", Leaf::Last(90_000)),
            ("last:1w", Leaf::Last(604_800_000)),
            ("Denied", Leaf::Text(vec![b"denied".to_vec()])),
            (
                "\"Access Denied\"",
                Leaf::Text(vec![b"access denied".to_vec()]),
            ),
            ("*boto*", Leaf::Text(vec![b"boto".to_vec()])),
            ("10.0.0.1:443", Leaf::Text(vec![b"10.0.0.1:443".to_vec()])),
            ("\\-5", Leaf::Text(vec![b"-5".to_vec()])),
            (
                "requestParameters.bucketName:prod",
                Leaf::Path {
                    path: vec!["requestParameters".into(), "bucketName".into()],
                    pat: exact("prod"),
                },
            ),
        ];
        for (text, want) in cases {
            let got = p(text);
            assert_eq!(got.leaves, vec![want], "{text}");
        }
        match &p("ip:10.0.0.0/8|::1|\"1.2.3.4/5\"").leaves[0] {
            Leaf::Sym { pat, .. } => {
                assert!(matches!(pat.alts[0], Alt::Cidr { prefix: 8, .. }));
                assert_eq!(pat.alts[1], Alt::Exact("::1".into()));
                assert_eq!(pat.alts[2], Alt::Exact("1.2.3.4/5".into()));
            }
            l => panic!("{l:?}"),
        }
    }

    #[test]
    fn bare_words_polarity() {
        assert_eq!(p("foo -bar (\"x y\" OR -z)").bare, vec!["foo", "x y"]);
        assert_eq!(p("-(-foo)").bare, vec!["foo"]);
    }

    #[test]
    fn errors() {
        let cases: &[(&str, usize, &str)] = &[
            ("(name:x", 7, "expected ')'"),
            ("name:x)", 6, "unexpected ')'"),
            ("()", 1, "expected a term inside '()'"),
            ("a[x]:1", 0, "bad array index in 'a[x]'"),
            ("a[1:1", 0, "bad array index"),
            ("a[]:1", 0, "bad array index"),
            ("a]:1", 0, "stray ']'"),
            ("a.[0]:1", 0, "empty path segment"),
            ("who:\"a|\"", 7, "empty alternative"),
            ("\"a*b\"", 0, "'*' inside a search word"),
            ("name:", 0, "empty value after 'name:'"),
            ("name: x", 0, "empty value after 'name:'"),
            ("x name:a|", 9, "empty alternative"),
            ("ip:10.0.0.0/33", 3, "bad CIDR '10.0.0.0/33'"),
            ("ip:foo/bar", 3, "bad CIDR"),
            (
                "after:2023-13-01",
                6,
                "bad time '2023-13-01' (expected RFC 3339 or YYYY-MM-DD)",
            ),
            ("before:yesterday", 7, "bad time"),
            ("last:2x", 5, "bad duration '2x'"),
            ("last:h", 5, "bad duration"),
            ("last:99999999999999999w", 5, "bad duration"),
            ("readonly:maybe", 9, "expected true or false"),
            ("a OR", 4, "expected a term after 'OR'"),
            ("OR a", 0, "expected a term before 'OR'"),
            ("a AND OR b", 6, "expected a term after 'AND'"),
            ("a - b", 2, "expected a term right after '-'"),
            ("a -", 2, "expected a term right after '-'"),
            ("who:\"abc", 4, "unterminated quote"),
            ("a*b", 0, "'*' inside a search word"),
            ("\"\"", 0, "empty phrase"),
            ("*", 0, "empty search word"),
            ("a..b:c", 0, "empty path segment"),
            ("after:a|b", 6, "takes one value"),
            ("last:1*", 5, "takes no wildcards"),
            ("NOT", 3, "expected a term after 'NOT'"),
        ];
        for &(text, off, msg) in cases {
            let got = e(text);
            assert_eq!(got.offset, off, "{text}: {got:?}");
            assert!(got.message.contains(msg), "{text}: {:?}", got.message);
            assert!(got.len >= 1);
        }
        let deep = "(".repeat(300) + "a" + &")".repeat(300);
        assert!(e(&deep).message.contains("too deeply nested"));
        // The limit is what the message says: 256 levels parse, 257 do not.
        let nest = |k: usize| "(".repeat(k) + "a" + &")".repeat(k);
        assert_eq!(p(&nest(MAX_DEPTH)).leaves.len(), 1);
        let m = e(&nest(MAX_DEPTH + 1)).message;
        assert!(m.contains("more than 256"), "{m}");
        assert_eq!(p(&("-".repeat(MAX_DEPTH) + "a")).leaves.len(), 1);
        assert!(e(&("-".repeat(MAX_DEPTH + 1) + "a"))
            .message
            .contains("too deeply nested"));
        let mixed = "-(".repeat(MAX_DEPTH / 2) + "a" + &")".repeat(MAX_DEPTH / 2);
        assert_eq!(p(&mixed).leaves.len(), 1);
        let negs = "-".repeat(1000) + "a";
        assert!(e(&negs).message.contains("too deeply nested"));
        // A paste past the documented length is an error, at once.
        let long = "name:x ".repeat(MAX_FILTER_BYTES / 7 + 1);
        let m = e(&long);
        assert_eq!(m.offset, 0);
        assert!(m.message.contains("filter too long"), "{}", m.message);
        assert!(m.message.contains("at most 64 KiB"), "{}", m.message);
        let alts = "name:".to_string() + &"a|".repeat(MAX_ALTERNATIVES) + "a";
        assert!(e(&alts).message.contains("too many alternatives"));
        let many = "a|".repeat(MAX_RAW_TERMS) + "a";
        assert!(e(&many).message.contains("too many text searches"));
        let many = "a ".repeat(MAX_RAW_TERMS + 1);
        assert!(e(&many).message.contains("too many text searches"));
        let many = "name:a ".repeat(MAX_TERMS + 1);
        assert!(e(&many).message.contains("too many terms"));
        let long = "x".repeat(10_000) + ":y";
        assert!(p(&long).notes[0].len() < 600);
        let long = "after:".to_string() + &"9".repeat(10_000);
        assert!(e(&long).message.len() < 200);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Some(1_800_000));
        assert_eq!(parse_duration("7d"), Some(604_800_000));
        assert_eq!(parse_duration("7"), None);
        assert_eq!(parse_duration("-7d"), None);
        assert_eq!(parse_duration("d"), None);
        assert_eq!(parse_duration("1é"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn filter_term_round_trips() {
        let nasty = [
            "GetObject",
            "my user",
            "a\"b",
            "a\\b",
            "\\",
            "\\\"",
            "a*b",
            "*",
            "a|b",
            "(x)",
            "x)",
            "arn:aws:iam::123456789012:role/x",
            "ünïcödé 名前",
            "OR",
            "-x",
            "--",
            "s3",
            "10.0.0.0/8",
            " leading",
            "tab\there",
            "new\nline",
            "\u{0}\u{7}",
            "\"",
            "\"\"",
            "a:b",
            "AND",
        ];
        for v in nasty {
            for f in ["name", "source", "ip", "who", "requestParameters.key"] {
                let t = filter_term(f, v);
                let parsed = p(&t);
                assert_eq!(parsed.root, Node::Leaf(0), "{t}");
                let pat = match &parsed.leaves[0] {
                    Leaf::Sym { pat, .. } | Leaf::Path { pat, .. } => pat,
                    l => panic!("{t}: {l:?}"),
                };
                assert_eq!(pat.alts, vec![Alt::Exact(lower(v).into_owned())], "{t}");
                assert!(pat.matches(v), "{t}");
                assert!(!pat.matches(&format!("{v}x")), "{t}");
            }
        }
        assert_eq!(filter_term("name", "GetObject"), "name:GetObject");
        assert_eq!(filter_term("who", "my user"), "who:\"my user\"");
        assert_eq!(filter_term("error", ""), "error:\"\"");
        match &p(&filter_term("name", "")).leaves[0] {
            Leaf::Sym { pat, .. } => assert_eq!(pat.alts, vec![Alt::Empty]),
            l => panic!("{l:?}"),
        }
    }

    /// Thousands of random and mutated inputs: parsing never panics, errors point inside (or
    /// just past) the text, on char boundaries.
    #[test]
    fn never_panics() {
        let seeds = [
            "name:GetObject who:alice* -error:* (ip:10.0.0.0/8 OR ip:::1/128)",
            "\"access denied\" requestParameters.bucketName:prod|dev last:2h",
            "after:2023-01-01T10:00:00Z before:2023-01-02 readonly:true",
            "source:s3 NOT (a AND b) or c \"q\\\"x\" who:\"a b\"* \\( \\*",
            "ünï名:前 - ( ) | * \\ \" : . / 𝄞",
        ];
        let alphabet: Vec<char> = "ab:*|()\"\\- .ORANDNOT/é名𝄞\t\n0123456789_"
            .chars()
            .collect();
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut rnd = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for i in 0..20_000 {
            let s: String = if i % 2 == 0 {
                let len = rnd(40);
                (0..len).map(|_| alphabet[rnd(alphabet.len())]).collect()
            } else {
                let mut c: Vec<char> = seeds[rnd(seeds.len())].chars().collect();
                for _ in 0..1 + rnd(6) {
                    let at = rnd(c.len() + 1);
                    match rnd(3) {
                        0 if at < c.len() => {
                            c.remove(at);
                        }
                        1 if at < c.len() => c[at] = alphabet[rnd(alphabet.len())],
                        _ => c.insert(at, alphabet[rnd(alphabet.len())]),
                    }
                }
                c.into_iter().collect()
            };
            match parse(&s) {
                Ok(_) => {}
                Err(e) => {
                    assert!(e.offset <= s.len(), "{s:?}: {e:?}");
                    assert!(s.is_char_boundary(e.offset), "{s:?}: {e:?}");
                    assert!(e.len >= 1);
                    assert!(!e.message.is_empty());
                }
            }
        }
        // Huge inputs.
        let big = "name:x ".repeat(MAX_TERMS);
        assert!(parse(&big).is_ok());
        let big = "(".repeat(100_000);
        assert!(parse(&big).is_err());
        let big = "\"".repeat(100_001);
        assert!(parse(&big).is_err());
    }
}
