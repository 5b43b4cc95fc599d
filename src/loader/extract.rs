//! Shape sniffing and record extraction: from a source's decompressed bytes to rows of a batch.
//!
//! Shapes, sniffed from content (never from the name): `{"Records":[…]}` delivery files, a JSON
//! array of records, a single record object, JSON Lines of records, and `aws cloudtrail
//! lookup-events` output (`{"Events":[…]}` or JSON Lines of Event objects) where the record is
//! the JSON string in `CloudTrailEvent` (or, in some tools' output, the Event object itself).
//!
//! The envelope is walked by hand so that every record's exact byte range is known; each record
//! is parsed once by serde_json (borrowing, lenient) as it is walked.

use super::error::LoadErrorKind;
use super::fields::RecordFields;
use crate::model::{
    flags,
    time::{parse_event_time, parse_sts_time},
    EventStore, NewEvent, RawLoc, Sym, SymField, UNDATED,
};
use serde::de::IgnoredAny;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// The shape a source turned out to have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shape {
    /// `{"Records":[…]}`.
    Records,
    /// `{"Events":[…]}` or JSON Lines of lookup-events Event objects.
    LookupEvents,
    /// A JSON array of records.
    Array,
    /// One record object.
    Object,
    /// JSON Lines of records.
    JsonLines,
    /// A CloudTrail digest file (skipped).
    Digest,
}

impl Shape {
    /// A short lower-case name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Shape::Records => "records",
            Shape::LookupEvents => "lookup-events",
            Shape::Array => "array",
            Shape::Object => "object",
            Shape::JsonLines => "json-lines",
            Shape::Digest => "digest",
        }
    }
}

/// Limits that apply while extracting.
#[derive(Clone, Copy, Debug)]
pub struct ExtractLimits {
    /// Largest single record, in bytes.
    pub max_record_bytes: u64,
}

/// What extraction found in one source.
#[derive(Debug, Default)]
pub struct Extracted {
    /// The shape, once known.
    pub shape: Option<Shape>,
    /// Records added to the batch.
    pub events: usize,
    /// Problems that skipped part of the source (the rest loaded).
    pub problems: Vec<String>,
    /// The source could not be read at all (nothing, or nothing after this point, loaded).
    pub fatal: Option<String>,
}

struct Cx<'b, 's> {
    buf: &'b [u8],
    /// `buf` as text when it is all valid UTF-8 (checked once, so the parser need not check
    /// every string again).
    text: Option<&'b str>,
    source: u32,
    out: &'s mut EventStore,
    intern: &'s mut dyn FnMut(&str) -> Sym,
    ex: Extracted,
    limits: ExtractLimits,
    /// Values seen at top level that were not records (for the "not CloudTrail" verdict).
    non_records: usize,
    first_non_record: Option<usize>,
    /// End of the last record added.
    last_end: usize,
    /// Set to stop early (the load was cancelled): checked every few thousand values.
    cancel: &'s AtomicBool,
    ticks: u32,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

fn skip_ws(buf: &[u8], mut pos: usize) -> usize {
    while pos < buf.len() && is_ws(buf[pos]) {
        pos += 1;
    }
    pos
}

/// A JSON syntax error at byte `pos`: what was expected there.
fn syntax(buf: &[u8], pos: usize, what: &str) -> LoadErrorKind {
    let (line, column) = line_col(buf, pos);
    LoadErrorKind::Json {
        line,
        column,
        what: what.to_string(),
    }
}

/// Line and column (1-based) of a byte offset, for messages.
fn line_col(buf: &[u8], pos: usize) -> (usize, usize) {
    let pos = pos.min(buf.len());
    let line = memchr::memchr_iter(b'\n', &buf[..pos]).count() + 1;
    let col = pos
        - buf[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    (line, col)
}

/// Describes a serde_json error at `base + offset-in-slice` without quoting data.
fn json_error(buf: &[u8], base: usize, e: &serde_json::Error) -> LoadErrorKind {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Eof => "unexpected end of data (truncated?)".to_string(),
        _ => {
            let s = e.to_string();
            // serde_json appends " at line L column C" relative to the slice; we add our own.
            let s = match s.rfind(" at line ") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
            s.replace(
                "invalid unicode code point",
                "invalid UTF-8 or unicode code point",
            )
            .replace(
                "unexpected end of hex escape",
                "invalid \\u escape (lone surrogate?)",
            )
        }
    };
    // Translate the slice-relative line/column into a byte offset in the whole buffer.
    let (l, c) = (e.line(), e.column());
    let mut off = base;
    if l > 0 {
        let mut line = 1;
        let mut i = base;
        while line < l && i < buf.len() {
            match memchr::memchr(b'\n', &buf[i..]) {
                Some(p) => {
                    i += p + 1;
                    line += 1;
                }
                None => break,
            }
        }
        off = (i + c.saturating_sub(1)).min(buf.len());
    }
    let (line, col) = line_col(buf, off);
    LoadErrorKind::Json {
        line,
        column: col,
        what,
    }
}

/// Finds the end of the JSON value at `pos` without validating it (no UTF-8, escape or number
/// checks, no recursion): strings and brackets only. `None` when it does not end.
pub fn skip_value_lenient(buf: &[u8], pos: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = pos;
    while i < buf.len() {
        match buf[i] {
            b'"' => i = string_end(buf, i)?,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            b',' if depth == 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Finds the end of the JSON string whose opening quote is at `q`; returns the index of the
/// closing quote.
fn string_end(buf: &[u8], q: usize) -> Option<usize> {
    let mut i = q + 1;
    loop {
        let p = memchr::memchr2(b'"', b'\\', &buf[i..])?;
        i += p;
        if buf[i] == b'\\' {
            i += 2;
            if i > buf.len() {
                return None;
            }
        } else {
            return Some(i);
        }
    }
}

/// Reads the object key starting at `pos` (a `"`); returns (key, index after the closing quote).
fn read_key(buf: &[u8], pos: usize) -> Option<(Cow<'_, str>, usize)> {
    if buf.get(pos) != Some(&b'"') {
        return None;
    }
    let end = string_end(buf, pos)?;
    let inner = &buf[pos + 1..end];
    let key = if memchr::memchr(b'\\', inner).is_none() {
        Cow::Borrowed(std::str::from_utf8(inner).ok()?)
    } else {
        Cow::Owned(serde_json::from_slice::<String>(&buf[pos..=end]).ok()?)
    };
    Some((key, end + 1))
}

impl<'b> Cx<'b, '_> {
    /// Parses one value at `pos`, from the pre-validated text when there is one.
    fn parse<T: serde::Deserialize<'b>>(
        &self,
        pos: usize,
    ) -> Result<(T, usize), serde_json::Error> {
        match self.text {
            // `pos` is always at an ASCII byte, so it is a char boundary.
            Some(text) => {
                let mut it = serde_json::Deserializer::from_str(&text[pos..]).into_iter::<T>();
                match it.next() {
                    Some(Ok(v)) => Ok((v, pos + it.byte_offset())),
                    Some(Err(e)) => Err(e),
                    None => Err(serde::de::Error::custom("expected a value")),
                }
            }
            None => parse_at(self.buf, pos),
        }
    }
}

/// Parses one value of type `T` starting at `pos`; returns it and the end offset.
fn parse_at<'b, T: serde::Deserialize<'b>>(
    buf: &'b [u8],
    pos: usize,
) -> Result<(T, usize), serde_json::Error> {
    let mut it = serde_json::Deserializer::from_slice(&buf[pos..]).into_iter::<T>();
    match it.next() {
        Some(Ok(v)) => Ok((v, pos + it.byte_offset())),
        Some(Err(e)) => Err(e),
        None => Err(serde::de::Error::custom("expected a value")),
    }
}

/// The normalised display name of a principal ("who").
pub fn who<'a>(f: &'a RecordFields<'a>) -> Cow<'a, str> {
    let id = &f.identity;
    let arn = id.arn.as_str();
    let after = |marker: &str| -> Option<&'a str> {
        let arn: &'a str = id.arn.0.as_deref()?;
        arn.find(marker).map(|i| &arn[i + marker.len()..])
    };
    let nonempty = |s: &'a str| (!s.is_empty()).then_some(s);
    let name: Option<&'a str> = match id.kind.as_str() {
        "Root" => Some("root"),
        "IAMUser" => nonempty(id.user_name.as_str())
            .or_else(|| after(":user/").map(|s| s.rsplit('/').next().unwrap_or(s))),
        "AssumedRole" => after(":assumed-role/").or_else(|| {
            let issuer = id.session.issuer.user_name.as_str();
            let p = id.principal_id.as_str();
            let sess = p.split_once(':').map(|(_, s)| s).unwrap_or("");
            if issuer.is_empty() {
                None
            } else if sess.is_empty() {
                Some(issuer)
            } else {
                None // built below (needs allocation)
            }
        }),
        "AWSService" => nonempty(id.invoked_by.as_str()),
        "FederatedUser" => after(":federated-user/"),
        "IdentityCenterUser" => {
            nonempty(id.user_name.as_str()).or_else(|| nonempty(id.on_behalf_of.user_id.as_str()))
        }
        "AWSAccount" => {
            nonempty(id.account_id.as_str()).or_else(|| nonempty(id.principal_id.as_str()))
        }
        _ => nonempty(id.user_name.as_str()),
    };
    if let Some(n) = name {
        return Cow::Borrowed(n);
    }
    if id.kind.as_str() == "AssumedRole" {
        let issuer = id.session.issuer.user_name.as_str();
        let p = id.principal_id.as_str();
        if let (false, Some((_, sess))) = (issuer.is_empty(), p.split_once(':')) {
            return Cow::Owned(format!("{issuer}/{sess}"));
        }
    }
    if !arn.is_empty() {
        return Cow::Borrowed(arn);
    }
    if !id.principal_id.as_str().is_empty() {
        return Cow::Borrowed(id.principal_id.as_str());
    }
    if !id.invoked_by.as_str().is_empty() {
        return Cow::Borrowed(id.invoked_by.as_str());
    }
    Cow::Borrowed("")
}

/// Adds one parsed record to the batch.
pub fn push_record(
    out: &mut EventStore,
    intern: &mut dyn FnMut(&str) -> Sym,
    f: &RecordFields<'_>,
    loc: RawLoc,
    hash: u64,
    escaped: bool,
) {
    let who = who(f);
    let time = f
        .event_time
        .0
        .as_deref()
        .and_then(parse_event_time)
        .unwrap_or(UNDATED);
    let mut fl = 0u8;
    match f.read_only.as_str() {
        "true" | "True" | "TRUE" => fl |= flags::READONLY_KNOWN | flags::READONLY,
        "false" | "False" | "FALSE" => fl |= flags::READONLY_KNOWN,
        _ => {}
    }
    if f.management.as_str() == "true" {
        fl |= flags::MANAGEMENT;
    }
    if escaped {
        fl |= flags::ESCAPED;
    }
    if !f.keys.dup {
        fl |= flags::UNIQUE_TOP;
        // The one `userIdentity` (if any) must be the one parsed: spelled exactly. (Two would
        // have made the top level not unique.)
        let identity = crate::model::keyset::top_index("userIdentity").unwrap_or(0);
        if !f.identity.keys.dup && (f.has_identity || !f.keys.has(identity)) {
            fl |= flags::UNIQUE_IDENTITY;
        }
    }
    let mut syms = [""; SymField::COUNT];
    let id = &f.identity;
    // An Insights event is about an API: list it under that API's name and source.
    syms[SymField::Name as usize] = f
        .event_name
        .0
        .as_deref()
        .unwrap_or(f.insight.event_name.as_str());
    syms[SymField::Source as usize] = f
        .event_source
        .0
        .as_deref()
        .unwrap_or(f.insight.event_source.as_str());
    syms[SymField::Region as usize] = f.region.as_str();
    syms[SymField::Ip as usize] = f.ip.as_str();
    syms[SymField::Agent as usize] = f.agent.as_str();
    syms[SymField::Error as usize] = f.error_code.as_str();
    syms[SymField::IdentityType as usize] = id.kind.as_str();
    syms[SymField::Who as usize] = &who;
    syms[SymField::Arn as usize] = id.arn.as_str();
    syms[SymField::Account as usize] = f.recipient_account.as_str();
    syms[SymField::PrincipalAccount as usize] = id.account_id.as_str();
    syms[SymField::Key as usize] = id.access_key_id.as_str();
    syms[SymField::Issuer as usize] = id.session.issuer.arn.as_str();
    syms[SymField::Principal as usize] = id.principal_id.as_str();
    syms[SymField::EventType as usize] = f.event_type.as_str();
    syms[SymField::Category as usize] = f.category.as_str();
    syms[SymField::ErrorMessage as usize] = f.error_message.as_str();
    // Credentials the response issued: a session's (`credentials`) or a new long-term key's
    // (`CreateAccessKey`'s `accessKey`).
    let issued_key = match f.response.credentials.access_key_id.as_str() {
        "" => f.response.access_key.access_key_id.as_str(),
        k => k,
    };
    // A console session's key is issued by a sign-in whose response names no key: keep the
    // session's creation time to match them (lineage). Only temporary keys of users and root.
    let key_created = match id.kind.as_str() {
        "IAMUser" | "Root" if id.access_key_id.as_str().starts_with("ASIA") => id
            .session
            .attributes
            .creation_date
            .0
            .as_deref()
            .and_then(parse_event_time),
        _ => None,
    };
    let ev = NewEvent {
        time,
        syms,
        event_id: f.event_id.as_str(),
        request_id: f.request_id.as_str(),
        flags: fl,
        resources: Vec::new(),
        issued_key,
        issued_expiry: f
            .response
            .credentials
            .expiration
            .0
            .as_deref()
            .and_then(parse_sts_time),
        key_created,
        loc,
        hash,
    };
    out.push_with_resources(&ev, &mut f.resources.0.iter().map(|r| r.as_str()), intern);
}

impl Cx<'_, '_> {
    fn record_at(&mut self, start: usize, end: usize, f: &RecordFields<'_>) {
        let len = end - start;
        if len as u64 > self.limits.max_record_bytes {
            let (l, c) = line_col(self.buf, start);
            self.ex.problems.push(format!(
                "record at line {l}, column {c} is {len} bytes, over the limit of {} (raise it with --max-record-bytes); skipped",
                self.limits.max_record_bytes
            ));
            return;
        }
        let slice = &self.buf[start..end];
        let loc = RawLoc {
            source: self.source,
            len: len as u32,
            offset: start as u32,
        };
        push_record(
            self.out,
            self.intern,
            f,
            loc,
            xxhash_rust::xxh3::xxh3_64(slice),
            false,
        );
        self.ex.events += 1;
        self.last_end = end;
    }

    /// A lookup-events Event object at `start..end` whose record is the string in
    /// `CloudTrailEvent`: finds that string's bytes and parses the record inside.
    fn lookup_string_at(&mut self, start: usize, end: usize) -> Result<(), LoadErrorKind> {
        let other = |s: String| LoadErrorKind::Extract(s);
        let not_a_record =
            || other("lookup-events Event: CloudTrailEvent is not a string or an object".into());
        let (vs, ve) =
            find_member(self.buf, start, end, b"CloudTrailEvent").ok_or_else(not_a_record)?;
        if self.buf[vs] == b'{' {
            // Some tools write the record itself, already parsed, in place of the string.
            let (f, e) = self
                .parse::<RecordFields<'_>>(vs)
                .map_err(|e| json_error(self.buf, vs, &e))?;
            if !f.is_record() || f.lookup_string {
                return Err(other(
                    "CloudTrailEvent does not hold a CloudTrail record".into(),
                ));
            }
            self.record_at(vs, e, &f);
            self.last_end = end;
            return Ok(());
        }
        if self.buf[vs] != b'"' {
            return Err(not_a_record());
        }
        let (qs, qe) = (vs, ve - 1);
        let inner = &self.buf[qs + 1..qe];
        let text =
            crate::model::source::unescape_json_string(inner).map_err(|e| other(e.to_string()))?;
        let f: RecordFields<'_> = serde_json::from_str(&text)
            .map_err(|e| other(format!("CloudTrailEvent is not valid JSON: {e}")))?;
        if !f.is_record() {
            return Err(other(
                "CloudTrailEvent does not hold a CloudTrail record".into(),
            ));
        }
        let len = qe - (qs + 1);
        if len as u64 > self.limits.max_record_bytes {
            return Err(LoadErrorKind::Extract(format!(
                "record is {len} bytes, over the limit of {} (raise it with --max-record-bytes)",
                self.limits.max_record_bytes
            )));
        }
        let loc = RawLoc {
            source: self.source,
            len: len as u32,
            offset: (qs + 1) as u32,
        };
        push_record(
            self.out,
            self.intern,
            &f,
            loc,
            xxhash_rust::xxh3::xxh3_64(inner),
            true,
        );
        self.ex.events += 1;
        self.last_end = end;
        Ok(())
    }

    /// Handles one element of a record list (or one top-level value) at `pos`.
    /// Returns the end offset, or an error that stops the walk of this list.
    /// Handles one element, and when it is not valid JSON but its extent can still be found,
    /// reports it and moves on so the records after it are not lost.
    fn element(
        &mut self,
        pos: usize,
        lookup_hint: bool,
        in_records: bool,
    ) -> Result<usize, LoadErrorKind> {
        match self.element_strict(pos, lookup_hint, in_records) {
            Ok(end) => Ok(end),
            Err(e) if in_records || lookup_hint => match skip_value_lenient(self.buf, pos) {
                Some(end) => {
                    self.ex.problems.push(format!("{e}; that record skipped"));
                    Ok(end)
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }

    fn element_strict(
        &mut self,
        pos: usize,
        lookup_hint: bool,
        in_records: bool,
    ) -> Result<usize, LoadErrorKind> {
        if self.buf[pos] != b'{' {
            let (_, end) = self
                .parse::<IgnoredAny>(pos)
                .map_err(|e| json_error(self.buf, pos, &e))?;
            self.non_record(pos);
            return Ok(end);
        }
        let (f, end) = self
            .parse::<RecordFields<'_>>(pos)
            .map_err(|e| json_error(self.buf, pos, &e))?;
        if f.lookup_string {
            if let Err(e) = self.lookup_string_at(pos, end) {
                let (l, c) = line_col(self.buf, pos);
                self.ex
                    .problems
                    .push(format!("line {l}, column {c}: {e}; skipped"));
            } else {
                self.ex.shape.get_or_insert(Shape::LookupEvents);
            }
        } else if f.is_record() || (in_records && !f.envelope && !f.digest) {
            // Inside `Records` every object is a record, however partial.
            if lookup_hint {
                self.ex.shape.get_or_insert(Shape::LookupEvents);
            }
            self.record_at(pos, end, &f);
        } else if f.digest {
            self.ex.shape = Some(Shape::Digest);
        } else if f.envelope {
            // A Records/Events key after other keys: walk it as an envelope.
            self.envelope(pos)?;
        } else {
            self.non_record(pos);
        }
        Ok(end)
    }

    /// An error once the load is cancelled (checked every 4,096 calls).
    fn check_cancel(&mut self) -> Result<(), LoadErrorKind> {
        self.ticks = self.ticks.wrapping_add(1);
        if self.ticks.is_multiple_of(4096) && self.cancel.load(Relaxed) {
            return Err(LoadErrorKind::Extract("cancelled".into()));
        }
        Ok(())
    }

    fn non_record(&mut self, pos: usize) {
        self.non_records += 1;
        self.first_non_record.get_or_insert(pos);
    }

    /// Walks a JSON array of records at `pos` (a `[`); returns the end offset.
    fn array(
        &mut self,
        pos: usize,
        lookup_hint: bool,
        in_records: bool,
    ) -> Result<usize, LoadErrorKind> {
        let buf = self.buf;
        let mut p = skip_ws(buf, pos + 1);
        if buf.get(p) == Some(&b']') {
            return Ok(p + 1);
        }
        loop {
            if p >= buf.len() {
                return Err(json_error(buf, p, &eof()));
            }
            self.check_cancel()?;
            p = self.element(p, lookup_hint, in_records)?;
            p = skip_ws(buf, p);
            match buf.get(p) {
                Some(b',') => p = skip_ws(buf, p + 1),
                Some(b']') => return Ok(p + 1),
                None => return Err(json_error(buf, p, &eof())),
                Some(_) => {
                    return Err(syntax(buf, p, "expected ',' or ']'"));
                }
            }
        }
    }

    /// Walks an envelope object (`{"Records":…}`, `{"Events":…}`, a digest) at `pos`.
    fn envelope(&mut self, pos: usize) -> Result<usize, LoadErrorKind> {
        let buf = self.buf;
        let mut p = skip_ws(buf, pos + 1);
        if buf.get(p) == Some(&b'}') {
            return Ok(p + 1);
        }
        loop {
            let (key, after) =
                read_key(buf, p).ok_or_else(|| syntax(buf, p, "expected an object key"))?;
            p = skip_ws(buf, after);
            if buf.get(p) != Some(&b':') {
                return Err(syntax(buf, p, "expected ':'"));
            }
            p = skip_ws(buf, p + 1);
            let is_list = matches!(&*key, "Records" | "Events");
            if is_list && buf.get(p) == Some(&b'[') {
                if &*key == "Records" {
                    self.ex.shape.get_or_insert(Shape::Records);
                }
                let hint = &*key == "Events";
                if hint {
                    self.ex.shape.get_or_insert(Shape::LookupEvents);
                }
                p = self.array(p, hint, &*key == "Records")?;
            } else {
                if is_list {
                    let (l, c) = line_col(buf, p);
                    return Err(LoadErrorKind::Extract(format!(
                        "line {l}, column {c}: \"{key}\" is not an array"
                    )));
                }
                if matches!(
                    &*key,
                    "digestStartTime" | "digestEndTime" | "digestPublicKeyFingerprint"
                ) {
                    self.ex.shape = Some(Shape::Digest);
                }
                let (_, end) = self
                    .parse::<IgnoredAny>(p)
                    .map_err(|e| json_error(buf, p, &e))?;
                p = end;
            }
            p = skip_ws(buf, p);
            match buf.get(p) {
                Some(b',') => p = skip_ws(buf, p + 1),
                Some(b'}') => return Ok(p + 1),
                None => return Err(json_error(buf, p, &eof())),
                Some(_) => {
                    return Err(syntax(buf, p, "expected ',' or '}'"));
                }
            }
        }
    }

    /// One top-level value at `pos`; returns its end.
    fn top_value(&mut self, pos: usize) -> Result<usize, LoadErrorKind> {
        match self.buf[pos] {
            b'[' => {
                self.ex.shape.get_or_insert(Shape::Array);
                self.array(pos, false, false)
            }
            b'{' => {
                let p = skip_ws(self.buf, pos + 1);
                let first = read_key(self.buf, p).map(|(k, _)| k);
                match first.as_deref() {
                    Some("Records" | "Events" | "NextToken") => self.envelope(pos),
                    _ => self.element(pos, false, false),
                }
            }
            b => {
                let (line, column) = line_col(self.buf, pos);
                Err(LoadErrorKind::NotJson {
                    line,
                    column,
                    byte: b,
                })
            }
        }
    }
}

fn eof() -> serde_json::Error {
    serde_json::from_slice::<IgnoredAny>(b"[").unwrap_err()
}

/// Finds the value of the last `key` member of the object at `start..end` (the last, as JSON
/// readers take it and as every other field here is read, so a second `CloudTrailEvent` cannot
/// show one record to trailscope and another to jq); returns its start and (exclusive) end.
fn find_member(buf: &[u8], start: usize, end: usize, key: &[u8]) -> Option<(usize, usize)> {
    let obj = &buf[..end];
    let mut p = skip_ws(obj, start + 1);
    let mut found = None;
    loop {
        let (k, after) = read_key(obj, p)?;
        p = skip_ws(obj, after);
        if obj.get(p) != Some(&b':') {
            return None;
        }
        p = skip_ws(obj, p + 1);
        let e = if obj.get(p) == Some(&b'"') {
            string_end(obj, p)? + 1
        } else {
            parse_at::<IgnoredAny>(obj, p).ok()?.1
        };
        if k.as_bytes() == key {
            found = Some((p, e));
        }
        p = skip_ws(obj, e);
        match obj.get(p) {
            Some(b',') => p = skip_ws(obj, p + 1),
            Some(b'}') => return found,
            _ => return None,
        }
    }
}

/// Extracts every record of `buf` (source `source`'s decompressed content) into `out`.
pub fn extract(buf: &[u8], source: u32, out: &mut EventStore, limits: ExtractLimits) -> Extracted {
    let mut strings = std::mem::take(&mut out.strings);
    let ex = extract_with(buf, source, out, &mut |s| strings.intern(s), limits);
    out.strings = strings;
    ex
}

/// Like [`extract`], interning with `intern` instead of `out.strings`.
pub fn extract_with(
    buf: &[u8],
    source: u32,
    out: &mut EventStore,
    intern: &mut dyn FnMut(&str) -> Sym,
    limits: ExtractLimits,
) -> Extracted {
    extract_or_cancel(buf, source, out, intern, limits, &AtomicBool::new(false))
}

/// Like [`extract_with`], stopping soon after `cancel` is set (the source then counts as
/// failed with "cancelled").
pub fn extract_or_cancel(
    buf: &[u8],
    source: u32,
    out: &mut EventStore,
    intern: &mut dyn FnMut(&str) -> Sym,
    limits: ExtractLimits,
    cancel: &AtomicBool,
) -> Extracted {
    let mut cx = Cx {
        cancel,
        ticks: 0,
        intern,
        buf,
        text: std::str::from_utf8(buf).ok(),
        source,
        out,
        ex: Extracted::default(),
        limits,
        non_records: 0,
        first_non_record: None,
        last_end: 0,
    };
    let mut pos = 0;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        pos = 3;
    }
    pos = skip_ws(buf, pos);
    if pos >= buf.len() {
        cx.ex.fatal = Some(if buf.is_empty() {
            "empty file".into()
        } else {
            "file holds only whitespace".into()
        });
        return cx.ex;
    }
    if let Some(what) = super::decode::sniff_other_format(buf) {
        cx.ex.fatal = Some(super::error::LoadErrorKind::OtherFormat(what).to_string());
        return cx.ex;
    }
    let mut values = 0usize;
    let mut line_errors = 0usize;
    while pos < buf.len() {
        if cx.check_cancel().is_err() {
            cx.ex.fatal = Some("cancelled".into());
            return cx.ex;
        }
        let events_before = cx.ex.events;
        match cx.top_value(pos) {
            Ok(end) => {
                values += 1;
                pos = skip_ws(buf, end);
            }
            Err(e) => {
                // In JSON Lines one bad line must not lose the others: resume at the next line.
                // Not inside a value that gave records on lines of its own already (a
                // pretty-printed array cut short): those would be read a second time.
                let salvaged_lines = cx.ex.events > events_before
                    && memchr::memchr(b'\n', &buf[pos..cx.last_end.max(pos)]).is_some();
                let multi_line = !salvaged_lines
                    && (values > 0 || {
                        let nl = memchr::memchr(b'\n', &buf[pos..]).map(|i| pos + i);
                        nl.is_some_and(|n| {
                            skip_ws(buf, n) < buf.len() && buf[skip_ws(buf, n)] == b'{'
                        })
                    });
                let next = memchr::memchr(b'\n', &buf[pos..]).map(|i| pos + i + 1);
                match (multi_line, next) {
                    (true, Some(n)) => {
                        line_errors += 1;
                        if line_errors <= 20 {
                            cx.ex.problems.push(format!("{e}; line skipped"));
                        }
                        pos = skip_ws(buf, n);
                        if values == 0 && cx.ex.events == 0 && line_errors > 100 {
                            cx.ex.fatal = Some(e.to_string());
                            return cx.ex;
                        }
                    }
                    _ => {
                        if cx.ex.events > 0 {
                            cx.ex.fatal = Some(format!(
                                "{e} ({} records before it were loaded)",
                                cx.ex.events
                            ));
                        } else {
                            cx.ex.fatal = Some(e.to_string());
                        }
                        return cx.ex;
                    }
                }
            }
        }
    }
    if line_errors > 20 {
        cx.ex
            .problems
            .push(format!("… {} more bad lines skipped", line_errors - 20));
    }
    if values + line_errors > 1 && cx.ex.shape.is_none_or(|s| s == Shape::Object) {
        cx.ex.shape = Some(Shape::JsonLines);
    }
    if cx.ex.shape == Some(Shape::Digest) {
        return cx.ex;
    }
    if cx.ex.shape.is_none() && cx.ex.events > 0 {
        cx.ex.shape = Some(Shape::Object);
    }
    if cx.non_records > 0 {
        let (l, c) = line_col(buf, cx.first_non_record.unwrap_or(0));
        if cx.ex.events == 0 && cx.ex.problems.is_empty() {
            cx.ex.fatal = Some(
                if cx.non_records == 1 && values == 1 && cx.ex.shape.is_none() {
                    "not a CloudTrail log: the JSON holds no Records, Events or CloudTrail record"
                        .into()
                } else {
                    format!(
                    "not a CloudTrail log: {} value(s) are not CloudTrail records (first at line {l}, column {c})",
                    cx.non_records
                )
                },
            );
        } else {
            cx.ex.problems.push(format!(
                "{} value(s) that are not CloudTrail record objects skipped (first at line {l}, column {c})",
                cx.non_records
            ));
        }
    } else if cx.ex.events == 0
        && cx.ex.fatal.is_none()
        && cx.ex.problems.is_empty()
        && cx.ex.shape.is_none()
    {
        cx.ex.fatal = Some("not a CloudTrail log: no records found".into());
    }
    cx.ex
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cancelled load stops inside a big file instead of parsing it to the end.
    #[test]
    fn extraction_stops_soon_after_cancel() {
        let rec = r#"{"eventVersion":"1.08","eventName":"A","eventTime":"2024-01-01T00:00:00Z"}"#;
        let array = format!("[{}]", vec![rec; 100_000].join(","));
        let lines = vec![rec; 100_000].join("\n");
        for buf in [array, lines] {
            let limits = ExtractLimits {
                max_record_bytes: 1 << 20,
            };
            let mut out = EventStore::default();
            let mut strings = crate::model::Interner::default();
            let cancel = AtomicBool::new(true);
            let ex = extract_or_cancel(
                buf.as_bytes(),
                0,
                &mut out,
                &mut |s| strings.intern(s),
                limits,
                &cancel,
            );
            assert!(ex.events < 5000, "{}", ex.events);
            assert!(ex.fatal.unwrap().contains("cancelled"));
            let mut out = EventStore::default();
            let ex = extract(buf.as_bytes(), 0, &mut out, limits);
            assert_eq!(ex.events, 100_000);
        }
    }
}
