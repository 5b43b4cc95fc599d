//! Raw leaves: bare words / phrases (case-insensitive substring of the record text) and dotted
//! JSON paths, evaluated on the records' original bytes.
//!
//! Each source's content is fetched once for all raw leaves; sources are processed in parallel.
//! Every record read is checked against its load-time hash and unescaped when it was stored as
//! a JSON string (lookup-events `CloudTrailEvent`), so text search always sees the original
//! record text, quotes included. Matching is ASCII case-insensitive, with [`CiFinder`] straight
//! on the record bytes (no lowercased copy).
//!
//! A JSON path term first requires its last key and its value's literal runs to appear in the
//! record text (ASCII-safe runs only), and parses only records that pass. This assumes plain
//! ASCII text is not written with `\uXXXX` escapes, which CloudTrail never does.

use super::bits::Bits;
use super::cifind::CiFinder;
use super::parse::{Leaf, PathSeg};
use super::pattern::{Alt, Pattern};
use super::QueryError;
use crate::model::{record_bytes, EventStore, RecordSource};
use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cmp::Ordering as Cmp;
use std::fmt;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

/// The raw leaves to evaluate: `(leaf index, rows where it is needed)`.
pub(crate) struct RawLeaves<'a> {
    pub leaves: &'a [Leaf],
    pub jobs: &'a [(usize, Bits)],
    /// Values to read in the same pass (see [`super::program::Reads`]).
    pub reads: Option<&'a super::program::Reads>,
}

/// What the raw pass found.
pub(crate) struct RawOut {
    /// `(leaf index, matching rows)`, only among the needed rows.
    pub values: Vec<(usize, Bits)>,
    /// Sources (or records of them) that could not be read, with why.
    pub unreadable: Vec<(u32, String)>,
    /// Needed rows whose bytes could not be read.
    pub bad_rows: Option<Bits>,
    /// Per path of [`RawLeaves::reads`], `(row, its first value)` for the rows that have one.
    pub read: Vec<Vec<(u32, String)>>,
}

/// Records per work item within a source; the cancel flag is looked at between items.
pub(crate) const CANCEL_EVERY: usize = 2048;

enum Matcher<'a> {
    Text(Vec<CiFinder>),
    Path {
        walk: PathWalk<'a>,
        pat: &'a Pattern,
        /// Text every candidate record must contain (cheap pre-check before parsing).
        must: Vec<CiFinder>,
    },
    /// Two paths hold an equal value.
    Eq(&'a [PathSeg], &'a [PathSeg]),
}

struct SourceOut {
    hits: Vec<Vec<u32>>,
    read: Vec<Vec<(u32, String)>>,
    bad: Vec<u32>,
    error: Option<(String, usize)>,
}

/// Evaluates the raw leaves on their needed rows.
pub(crate) fn eval(
    store: &EventStore,
    raw: &RawLeaves<'_>,
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<RawOut, QueryError> {
    let n = store.len();
    let mut union = Bits::zeros(n);
    for (_, b) in raw.jobs {
        union.or(b);
    }
    if let Some(r) = raw.reads {
        union.or(&r.rows);
    }
    let groups = group_by_source(store, &union);
    let matchers: Vec<Matcher<'_>> = raw
        .jobs
        .iter()
        .map(|(i, _)| matcher(&raw.leaves[*i]))
        .collect();

    let outs: Vec<(u32, SourceOut)> = groups
        .into_par_iter()
        .map(|(s, rows)| {
            if cancel.load(Ordering::Relaxed) {
                return Err(QueryError::Cancelled);
            }
            let out = eval_source(store, s, &rows, raw, &matchers, src, cancel)?;
            Ok((s, out))
        })
        .collect::<Result<_, _>>()?;

    let mut values: Vec<(usize, Bits)> =
        raw.jobs.iter().map(|(i, _)| (*i, Bits::zeros(n))).collect();
    let mut unreadable = Vec::new();
    let mut bad_rows: Option<Bits> = None;
    let mut read: Vec<Vec<(u32, String)>> =
        vec![Vec::new(); raw.reads.map_or(0, |r| r.paths.len())];
    for (s, out) in outs {
        for (all, v) in read.iter_mut().zip(out.read) {
            all.extend(v);
        }
        for (j, hits) in out.hits.into_iter().enumerate() {
            for r in hits {
                values[j].1.set(r as usize);
            }
        }
        if !out.bad.is_empty() {
            let b = bad_rows.get_or_insert_with(|| Bits::zeros(n));
            for r in out.bad {
                b.set(r as usize);
            }
        }
        if let Some((reason, count)) = out.error {
            let reason = if count > 1 {
                format!("{reason} ({count} records)")
            } else {
                reason
            };
            unreadable.push((s, reason));
        }
    }
    for v in &mut read {
        v.sort_unstable_by_key(|&(r, _)| r);
    }
    Ok(RawOut {
        values,
        unreadable,
        bad_rows,
        read,
    })
}

/// The needed rows of each source, by offset.
pub(crate) fn group_by_source(store: &EventStore, need: &Bits) -> Vec<(u32, Vec<u32>)> {
    let mut out = Vec::new();
    {
        let mut by: Vec<Vec<u32>> = Vec::new();
        for r in need.iter() {
            let s = store.loc.get(r).source as usize;
            if by.len() <= s {
                by.resize_with(s + 1, Vec::new);
            }
            by[s].push(r as u32);
        }
        for (s, mut rows) in by.into_iter().enumerate() {
            if !rows.is_empty() {
                rows.sort_unstable_by_key(|&r| store.loc.get(r as usize).offset);
                out.push((s as u32, rows));
            }
        }
    }
    // Biggest first: better balance across the worker threads.
    out.sort_by_key(|(_, r)| std::cmp::Reverse(r.len()));
    out
}

fn matcher(leaf: &Leaf) -> Matcher<'_> {
    match leaf {
        Leaf::Text(needles) => Matcher::Text(needles.iter().map(|n| CiFinder::new(n)).collect()),
        Leaf::Path { path, pat } => path_matcher(path, pat),
        Leaf::Id { request: true, pat } => path_matcher(&REQUEST_PATH[..], pat),
        Leaf::PathEq(a, b) => Matcher::Eq(a, b),
        _ => Matcher::Text(Vec::new()),
    }
}

/// `requestID`, the path a `request:` term reads.
static REQUEST_PATH: std::sync::LazyLock<[PathSeg; 1]> =
    std::sync::LazyLock::new(|| [PathSeg::Key("requestID".into())]);

fn path_matcher<'a>(path: &'a [PathSeg], pat: &'a Pattern) -> Matcher<'a> {
    let mut must = Vec::new();
    if !pat.matches_empty() {
        // The last key must appear, and so must the pattern's literal runs.
        let key = path
            .iter()
            .rev()
            .find_map(|p| match p {
                PathSeg::Key(k) => Some(k.as_str()),
                PathSeg::Index(_) => None,
            })
            .unwrap_or("");
        if json_safe(key) {
            must.push(CiFinder::new(key.as_bytes()));
        }
        for lit in pat.required_literals() {
            if json_safe(lit) && !lit.is_empty() {
                must.push(CiFinder::new(lit.as_bytes()));
            }
        }
    }
    Matcher::Path {
        walk: PathWalk::new(path),
        pat,
        must,
    }
}

/// Text that appears verbatim in any JSON encoding of it: ASCII with nothing JSON escapes
/// (quotes, backslashes, control characters) or may escape (`/`).
pub(crate) fn json_safe(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_control() && !matches!(b, b'"' | b'\\' | b'/'))
}

fn eval_source(
    store: &EventStore,
    s: u32,
    rows: &[u32],
    raw: &RawLeaves<'_>,
    matchers: &[Matcher<'_>],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<SourceOut, QueryError> {
    let content = match src.content(store, s) {
        Ok(c) => c,
        Err(e) => {
            return Ok(SourceOut {
                hits: vec![Vec::new(); raw.jobs.len()],
                read: vec![Vec::new(); raw.reads.map_or(0, |r| r.paths.len())],
                bad: rows.to_vec(),
                error: Some((e.to_string(), 1)),
            })
        }
    };
    // Big sources (one huge file, stdin) are split so both cores work on them too.
    let parts = rows
        .par_chunks(CANCEL_EVERY)
        .map(|chunk| {
            if cancel.load(Ordering::Relaxed) {
                return Err(QueryError::Cancelled);
            }
            Ok(scan_rows(store, chunk, &content, raw, matchers))
        })
        .collect::<Result<Vec<SourceOut>, QueryError>>()?;
    let mut out = SourceOut {
        hits: vec![Vec::new(); raw.jobs.len()],
        read: vec![Vec::new(); raw.reads.map_or(0, |r| r.paths.len())],
        bad: Vec::new(),
        error: None,
    };
    for p in parts {
        for (all, h) in out.hits.iter_mut().zip(p.hits) {
            all.extend(h);
        }
        for (all, v) in out.read.iter_mut().zip(p.read) {
            all.extend(v);
        }
        out.bad.extend(p.bad);
        match (&mut out.error, p.error) {
            (Some((_, c)), Some((_, k))) => *c += k,
            (slot @ None, e) => *slot = e,
            (Some(_), None) => {}
        }
    }
    Ok(out)
}

/// Evaluates the raw leaves on `rows` of one source's `content`.
fn scan_rows(
    store: &EventStore,
    rows: &[u32],
    content: &[u8],
    raw: &RawLeaves<'_>,
    matchers: &[Matcher<'_>],
) -> SourceOut {
    let jobs = raw.jobs;
    let mut out = SourceOut {
        hits: vec![Vec::new(); jobs.len()],
        read: vec![Vec::new(); raw.reads.map_or(0, |r| r.paths.len())],
        bad: Vec::new(),
        error: None,
    };
    let mut seen = Seen::new();
    for &row in rows {
        let r = row as usize;
        let bytes = match record_bytes(store, r, content) {
            Ok(b) => b,
            Err(e) => {
                out.bad.push(row);
                match &mut out.error {
                    Some((_, c)) => *c += 1,
                    None => out.error = Some((e.to_string(), 1)),
                }
                continue;
            }
        };
        for (j, ((_, need), m)) in jobs.iter().zip(matchers).enumerate() {
            if !need.get(r) {
                continue;
            }
            let hit = match m {
                Matcher::Text(finders) => finders.iter().any(|f| f.find(&bytes).is_some()),
                Matcher::Path { walk, pat, must } => {
                    must.iter().all(|f| f.find(&bytes).is_some())
                        && walk.matches(&bytes, store.flags[r], &mut seen, pat)
                }
                Matcher::Eq(a, b) => paths_equal(&bytes, a, b),
            };
            if hit {
                out.hits[j].push(row);
            }
        }
        if let Some(reads) = raw.reads.filter(|x| x.rows.get(r)) {
            for (k, p) in reads.paths.iter().enumerate() {
                if let Some(v) = path_texts(&bytes, p).into_iter().next() {
                    out.read[k].push((row, v));
                }
            }
        }
    }
    out
}

/// What to do with each value found at the end of a JSON path (see [`walk_path`]).
pub(crate) trait PathLeaf {
    /// One value at the end of the path, as its JSON text (an array there is handed over
    /// whole). `Break` stops the walk (e.g. once a filter term matched).
    fn value(&mut self, raw: &[u8]) -> ControlFlow<()>;

    /// A string value at the end of the path, `quoted` (its JSON text); `escaped`: it holds
    /// a backslash (the walk knows it from skipping the string). By default [`Self::value`].
    #[inline]
    fn string(&mut self, quoted: &[u8], escaped: bool) -> ControlFlow<()> {
        let _ = escaped;
        self.value(quoted)
    }
}

/// Walks the JSON `record` along `path` (keys compared ASCII case-insensitively; an array along
/// the way: each element, unless the path says `[n]`) and hands every value at its end to
/// `leaf`, in document order. Not JSON: nothing (or what came before the damage) is handed.
///
/// A byte-level walk, not a parse: values off the path are skipped by their brackets and
/// string quotes (strings with `memchr`), keys on it are compared in place, and nothing is
/// allocated. Records were checked to be JSON when loaded (and their bytes against a hash), so
/// the walk does not validate what it skips. Once a value is handed over, the walk stops when
/// the path's last key (quoted) does not appear again in the rest of the record: every further
/// value would sit under another occurrence of it. And when the path's first key does not
/// appear again after the top-level value it names, and no array is crossed, nothing more can
/// be found after that value: `userIdentity.arn` leaves the record at the end of
/// `userIdentity`. Both rest on the
/// assumption the filter's pre-check makes too: ASCII keys are not written with `\uXXXX`
/// escapes, which CloudTrail never does. That is what makes a path as cheap as a bare word:
/// most records are left soon after their value.
pub(crate) fn walk_path<L: PathLeaf>(record: &[u8], path: &[PathSeg], leaf: &mut L) {
    PathWalk::new(path).walk(record, 0, &mut Vec::new(), leaf);
}

/// Seen per path step by a walk: the last search for its key (from where, where found).
pub(crate) type Seen = Vec<Option<(usize, Option<usize>)>>;

/// A JSON path made ready to walk many records ([`walk_path`] for each, without building its
/// finders again): the quoted keys' finders, and how far the loader's note on unique keys
/// (`flags::UNIQUE_TOP`, `UNIQUE_IDENTITY`) can vouch for the path.
pub(crate) struct PathWalk<'p> {
    path: &'p [PathSeg],
    /// Per path step: its key, quoted (`None` for `[n]`, or a key that JSON could escape).
    finders: Vec<Option<CiFinder>>,
    /// The index of the path's last key.
    last: usize,
    /// Per path step: its key holds a backslash (compared unescaped, the slow way).
    key_escaped: Vec<bool>,
    /// Leading steps that are keys the loader checks for uniqueness: 1 when the first is one
    /// of `keyset::TOP_KEYS`, 2 when it is `userIdentity` and the second one of
    /// `keyset::IDENTITY_KEYS`.
    known: usize,
}

impl<'p> PathWalk<'p> {
    /// Prepares `path`.
    pub(crate) fn new(path: &'p [PathSeg]) -> PathWalk<'p> {
        use crate::model::keyset;
        let finders = path
            .iter()
            .map(|p| match p {
                PathSeg::Key(k) if json_safe(k) && !k.is_empty() => {
                    Some(CiFinder::new(format!("\"{k}\"").as_bytes()))
                }
                _ => None,
            })
            .collect();
        let last = path
            .iter()
            .rposition(|p| matches!(p, PathSeg::Key(_)))
            .unwrap_or(0);
        let key = |i: usize| match path.get(i) {
            Some(PathSeg::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        let known = match (key(0), key(1)) {
            (Some(a), Some(b))
                if a.eq_ignore_ascii_case("userIdentity")
                    && keyset::index_ci(b, keyset::IDENTITY_KEYS).is_some() =>
            {
                2
            }
            (Some(a), _) if keyset::index_ci(a, keyset::TOP_KEYS).is_some() => 1,
            _ => 0,
        };
        let key_escaped = path
            .iter()
            .map(|p| matches!(p, PathSeg::Key(k) if k.contains('\\')))
            .collect();
        PathWalk {
            path,
            finders,
            last,
            key_escaped,
            known,
        }
    }

    /// Leading path steps the loader's note on unique keys covers (0, 1 or 2).
    pub(crate) fn known(&self) -> usize {
        self.known
    }

    /// [`walk_path`] on one record whose store flags are `flags` (0 when unknown), with
    /// `seen` as scratch (kept between records to save its allocation).
    pub(crate) fn walk<L: PathLeaf>(
        &self,
        record: &[u8],
        flags: u8,
        seen: &mut Seen,
        leaf: &mut L,
    ) {
        use crate::model::flags as f;
        let unique = match self.known {
            2 if flags & f::UNIQUE_IDENTITY != 0 => 2,
            1 | 2 if flags & f::UNIQUE_TOP != 0 => 1,
            _ => 0,
        };
        seen.clear();
        seen.resize(self.path.len(), None);
        let mut w = Walker {
            b: record,
            leaf,
            path: self.path,
            finders: &self.finders,
            key_escaped: &self.key_escaped,
            seen,
            last: self.last,
            unique,
        };
        let i = w.ws(0);
        let _ = w.walk(i, 0, true);
    }
}

/// Why a walk ended before the end of the record: the leaf asked, nothing more can be found,
/// or the bytes are not JSON.
struct Stop;

struct Walker<'b, 'l, 'p, L> {
    b: &'b [u8],
    leaf: &'l mut L,
    path: &'p [PathSeg],
    /// Per path step: its key, quoted (`None` for `[n]`, or a key that JSON could escape).
    finders: &'p [Option<CiFinder>],
    /// Per path step: its key holds a backslash.
    key_escaped: &'p [bool],
    /// Per path step: the last search for its key (from where, and where it was found).
    seen: &'l mut Seen,
    /// The index of the path's last key.
    last: usize,
    /// Leading path steps whose key the loader saw at most once in its object (see
    /// [`PathWalk`]): the first key needs no search for a later one; all of them, and the walk
    /// ends with the value.
    unique: usize,
}

impl<L: PathLeaf> Walker<'_, '_, '_, L> {
    #[inline(always)]
    fn ws(&self, mut i: usize) -> usize {
        // Records are mostly written without layout: one comparison settles it.
        if self.b.get(i).is_none_or(|&c| c > b' ') {
            return i;
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(i) {
            i += 1;
        }
        i
    }

    /// Does step `s`'s key (quoted) appear at or after `at`? Searches are remembered: the walk
    /// only moves forward, so one found occurrence answers every question up to it.
    fn key_after(&mut self, s: usize, at: usize) -> bool {
        let Some(f) = &self.finders[s] else {
            return true;
        };
        match self.seen[s] {
            Some((_, Some(q))) if q >= at => return true,
            Some((from, None)) if from <= at => return false,
            _ => {}
        }
        let found = f.find(self.b.get(at..).unwrap_or_default()).map(|q| q + at);
        self.seen[s] = Some((at, found));
        found.is_some()
    }

    /// `i` at a value: walks it along the path from step `s`; the index just past it.
    /// `sealed`: the record holds no later top-level key of the path's first name and no array
    /// was crossed on the way here, so the walk ends with the top-level value it is in.
    fn walk(&mut self, i: usize, s: usize, sealed: bool) -> Result<usize, Stop> {
        let Some(head) = self.path.get(s) else {
            let (end, flow) = if self.b.get(i) == Some(&b'"') {
                let (end, escaped) = skip_string_esc(self.b, i).ok_or(Stop)?;
                (end, self.leaf.string(&self.b[i..end], escaped))
            } else {
                let end = skip_other(self.b, i).ok_or(Stop)?;
                (end, self.leaf.value(&self.b[i..end]))
            };
            flow.is_continue().then_some(()).ok_or(Stop)?;
            // Every further value sits under another occurrence of the last key. (Sealed, the
            // walk ends with the top-level value holding this one: walking the rest of that is
            // cheaper than searching the rest of the record.)
            if !sealed && !self.key_after(self.last, end) {
                return Err(Stop);
            }
            // Sealed with every key on the way the only one of its name: nothing more.
            if sealed && self.unique == self.path.len() {
                return Err(Stop);
            }
            return Ok(end);
        };
        match (self.b.get(i), head) {
            (Some(b'{'), PathSeg::Key(k)) => {
                let mut j = self.ws(i + 1);
                if self.b.get(j) == Some(&b'}') {
                    return Ok(j + 1);
                }
                loop {
                    let (ke, esc) = skip_string_esc(self.b, j).ok_or(Stop)?;
                    let hit = key_is(&self.b[j..ke], esc, k, self.key_escaped[s]);
                    j = self.ws(ke);
                    if self.b.get(j) != Some(&b':') {
                        return Err(Stop);
                    }
                    j = self.ws(j + 1);
                    j = if hit && s == 0 {
                        // No later top-level key of this name: once this value is walked, the
                        // record has nothing more. (Deeper, the same test would search the
                        // rest of the record to save walking the rest of one object.)
                        let here = sealed && (self.unique >= 1 || !self.key_after(s, j));
                        let end = self.walk(j, s + 1, here)?;
                        if here {
                            return Err(Stop);
                        }
                        end
                    } else if hit {
                        self.walk(j, s + 1, sealed)?
                    } else {
                        skip_value(self.b, j).ok_or(Stop)?
                    };
                    j = self.ws(j);
                    match self.b.get(j) {
                        Some(b',') => j = self.ws(j + 1),
                        Some(b'}') => return Ok(j + 1),
                        _ => return Err(Stop),
                    }
                }
            }
            (Some(b'['), _) => {
                let mut j = self.ws(i + 1);
                if self.b.get(j) == Some(&b']') {
                    return Ok(j + 1);
                }
                let mut n = 0usize;
                loop {
                    j = match head {
                        // One element is taken: the others hold nothing.
                        PathSeg::Index(want) if *want == n => self.walk(j, s + 1, sealed)?,
                        PathSeg::Index(_) => skip_value(self.b, j).ok_or(Stop)?,
                        // Crossed: later elements may hold values.
                        PathSeg::Key(_) => self.walk(j, s, false)?,
                    };
                    n += 1;
                    j = self.ws(j);
                    match self.b.get(j) {
                        Some(b',') => j = self.ws(j + 1),
                        Some(b']') => return Ok(j + 1),
                        _ => return Err(Stop),
                    }
                }
            }
            // A scalar where the path goes on, or `[n]` on an object: nothing there.
            _ => skip_value(self.b, i).ok_or(Stop),
        }
    }
}

/// Does the JSON string `quoted` (with its quotes) equal `key`, ASCII case-insensitively?
/// `escaped`: the string holds a backslash (as [`skip_string_esc`] says); `key_escaped`: the
/// key does (rare, so the plain comparison is the common one).
#[inline(always)]
fn key_is(quoted: &[u8], escaped: bool, key: &str, key_escaped: bool) -> bool {
    let inner = &quoted[1..quoted.len() - 1];
    // Escapes only lengthen the text: a shorter key is another key, one of the same length
    // equal byte for byte unless it holds an escape (which would make it shorter).
    match inner.len().cmp(&key.len()) {
        Cmp::Less => false,
        Cmp::Equal if !key_escaped => {
            let k = key.as_bytes();
            // Case folding changes bit 0x20 only: first bytes differing elsewhere settle it
            // (most keys of the same length differ at once); the same bytes are the usual hit.
            !escaped
                && k.first()
                    .zip(inner.first())
                    .is_none_or(|(a, b)| (a ^ b) & !0x20 == 0)
                && (inner == k || inner.eq_ignore_ascii_case(k))
        }
        _ => {
            escaped
                && serde_json::from_slice::<String>(quoted)
                    .is_ok_and(|s| s.eq_ignore_ascii_case(key))
        }
    }
}

/// `i` at a `"`: the index just past the closing quote.
#[inline]
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    skip_string_esc(b, i).map(|(end, _)| end)
}

/// Lanes of `w` (8 bytes) holding `quote` or a backslash: the lowest set high bit marks the
/// first one exactly (higher lanes may be marked falsely by the borrow, and are not used).
#[inline]
fn quote_or_backslash(w: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(LO) & !x & HI;
    zero(w ^ (LO * b'"' as u64)) | zero(w ^ (LO * b'\\' as u64))
}

/// `i` at a `"`: the index just past the closing quote, and whether the string holds an
/// escape. Sixteen bytes are looked at a time ([`quote_or_backslash_from`]): strings here are
/// keys and values of tens of bytes, most of them found in one look, so the loop's end is
/// well predicted.
#[inline(always)]
fn skip_string_esc(b: &[u8], i: usize) -> Option<(usize, bool)> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = quote_or_backslash_from(b, i + 1);
    let mut escaped = false;
    loop {
        match *b.get(j)? {
            b'"' => return Some((j + 1, escaped)),
            _ => {
                // A backslash: the escaped byte is skipped, whatever it is.
                escaped = true;
                j = quote_or_backslash_from(b, j + 2);
            }
        }
    }
}

/// The first `"` or `\` at or after `j` (`b.len()` or more when none): sixteen bytes at a
/// time with SSE2 (part of every x86_64), then eight with [`quote_or_backslash`], then bytes.
#[inline(always)]
fn quote_or_backslash_from(b: &[u8], mut j: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::*;
        // SAFETY: SSE2 is part of the x86_64 baseline, so the CPU has it; the loads read
        // `b[j..j + 16]` with `j + 16 <= b.len()`.
        unsafe {
            let quote = _mm_set1_epi8(b'"' as i8);
            let backslash = _mm_set1_epi8(b'\\' as i8);
            while j + 16 <= b.len() {
                let v = _mm_loadu_si128(b.as_ptr().add(j) as *const __m128i);
                let hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
                let m = _mm_movemask_epi8(hit) as u32;
                if m != 0 {
                    return j + m.trailing_zeros() as usize;
                }
                j += 16;
            }
        }
    }
    while let Some(chunk) = b.get(j..j + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let m = quote_or_backslash(w);
        if m != 0 {
            return j + (m.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    while let Some(&c) = b.get(j) {
        if c == b'"' || c == b'\\' {
            return j;
        }
        j += 1;
    }
    j
}

/// `i` at a value: the index just past it (a string by its quotes, an object or array by its
/// own kind of bracket, strings inside skipped whole; a scalar up to the next delimiter).
/// Strings, most of what is skipped, inline; the rest in [`skip_other`].
#[inline(always)]
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) == Some(&b'"') {
        return skip_string(b, i);
    }
    skip_other(b, i)
}

/// [`skip_value`] for values that are not strings.
fn skip_other(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        open @ (b'{' | b'[') => {
            // Only this container's own brackets count (the other kind is balanced inside it,
            // and strings are skipped whole), so three bytes are looked for, with memchr.
            let close = if open == b'{' { b'}' } else { b']' };
            let mut depth = 1usize;
            let mut j = i + 1;
            loop {
                j += memchr::memchr3(b'"', open, close, b.get(j..)?)?;
                match b[j] {
                    b'"' => j = skip_string(b, j)?,
                    c if c == open => {
                        depth += 1;
                        j += 1;
                    }
                    _ => {
                        depth -= 1;
                        j += 1;
                        if depth == 0 {
                            return Some(j);
                        }
                    }
                }
            }
        }
        b',' | b'}' | b']' | b':' => None,
        _ => {
            let mut j = i;
            while let Some(&c) = b.get(j) {
                if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            Some(j)
        }
    }
}

/// Does the JSON `record` have a value at `path` (keys compared ASCII case-insensitively;
/// arrays along the way and at the end: any element, unless the path says `[n]`) matching
/// `pat`? No value at all (or only
/// null / empty strings) is the absent value. Objects count as present and match only `*`.
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn path_matches(record: &[u8], path: &[PathSeg], pat: &Pattern) -> bool {
    PathWalk::new(path).matches(record, 0, &mut Seen::new(), pat)
}

impl PathWalk<'_> {
    /// [`path_matches`] on one record whose store flags are `flags` (see [`PathWalk::walk`]).
    pub(crate) fn matches(&self, record: &[u8], flags: u8, seen: &mut Seen, pat: &Pattern) -> bool {
        let mut m = PatLeaf {
            pat,
            matched: false,
            found: false,
        };
        self.walk(record, flags, seen, &mut m);
        m.matched || (!m.found && pat.matches_empty())
    }
}

/// The texts at `path` in `record`: strings, numbers and booleans (as text), each array
/// element; absent, null, empty strings and objects give nothing.
pub(crate) fn path_texts(record: &[u8], path: &[PathSeg]) -> Vec<String> {
    struct Texts(Vec<String>);
    impl PathLeaf for Texts {
        fn value(&mut self, raw: &[u8]) -> ControlFlow<()> {
            fn push(out: &mut Vec<String>, v: serde_json::Value) {
                match v {
                    serde_json::Value::String(s) if !s.is_empty() => out.push(s),
                    serde_json::Value::Bool(b) => out.push(b.to_string()),
                    serde_json::Value::Number(n) => out.push(n.to_string()),
                    serde_json::Value::Array(a) => a.into_iter().for_each(|x| push(out, x)),
                    _ => {}
                }
            }
            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(raw) {
                push(&mut self.0, v);
            }
            ControlFlow::Continue(())
        }
    }
    let mut t = Texts(Vec::new());
    walk_path(record, path, &mut t);
    t.0
}

/// Do paths `a` and `b` of `record` hold an equal value (case-insensitively)? Absent values are
/// never equal.
pub(crate) fn paths_equal(record: &[u8], a: &[PathSeg], b: &[PathSeg]) -> bool {
    let va = path_texts(record, a);
    if va.is_empty() {
        return false;
    }
    let vb = path_texts(record, b);
    va.iter()
        .any(|x| vb.iter().any(|y| x.to_lowercase() == y.to_lowercase()))
}

/// The leaf of [`path_matches`]: tests each value (each element of an array) against `pat`.
struct PatLeaf<'p> {
    pat: &'p Pattern,
    matched: bool,
    found: bool,
}

/// Aborts the parse early once a match is found (not a real error).
const DONE: &str = "matched";

impl PathLeaf for PatLeaf<'_> {
    fn value(&mut self, raw: &[u8]) -> ControlFlow<()> {
        let mut de = serde_json::Deserializer::from_slice(raw);
        // An error is a match (DONE) or bytes that are not JSON: either way, nothing more.
        let _ = de::Deserializer::deserialize_any(&mut de, &mut *self);
        if self.matched {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
}

impl PatLeaf<'_> {
    fn check<E: de::Error>(&mut self, v: &str) -> Result<(), E> {
        if v.is_empty() {
            return Ok(());
        }
        self.found = true;
        if self.pat.matches(v) {
            self.matched = true;
            return Err(E::custom(DONE));
        }
        Ok(())
    }
}

/// An array element at the end of the path, tested like the value itself.
struct Element<'m, 'p>(&'m mut PatLeaf<'p>);

impl<'de> DeserializeSeed<'de> for Element<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self.0)
    }
}

impl<'de> Visitor<'de> for &mut PatLeaf<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.found = true;
        if self
            .pat
            .alts
            .iter()
            .any(|a| matches!(a, Alt::Glob { parts, .. } if parts.is_empty()))
        {
            self.matched = true;
            return Err(de::Error::custom(DONE));
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Element(&mut *self))?.is_some() {}
        Ok(())
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.check(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.check(if v { "true" } else { "false" })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.check(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.check(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.check(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse::parse;

    fn pm(json: &str, filter: &str) -> bool {
        let p = parse(filter).unwrap();
        match &p.leaves[0] {
            Leaf::Path { path, pat } => path_matches(json.as_bytes(), path, pat),
            l => panic!("{l:?}"),
        }
    }

    #[test]
    fn paths() {
        let j = r#"{"requestParameters":{"bucketName":"Prod-Logs","n":5,"b":true,"f":1.5,"z":null,"e":"",
            "items":[{"k":"a"},{"k":"b"}],"tags":["x","y"],"nested":{"deep":{"v":"ok"}},"esc\u0041":"q\"uote"},
            "resources":[{"ARN":"arn:1"},{"ARN":"arn:2"}]}"#;
        let cases: &[(&str, bool)] = &[
            ("requestParameters.bucketName:prod-logs", true),
            ("requestparameters.BUCKETNAME:prod-logs", true),
            ("requestParameters.bucketName:prod*", true),
            ("requestParameters.bucketName:dev", false),
            ("requestParameters.bucketName:\"\"", false),
            ("requestParameters.missing:\"\"", true),
            ("requestParameters.missing:*", false),
            ("requestParameters.z:\"\"", true),
            ("requestParameters.e:\"\"", true),
            ("requestParameters.e:*", false),
            ("requestParameters.n:5", true),
            ("requestParameters.b:true", true),
            ("requestParameters.f:1.5", true),
            ("requestParameters.items.k:b", true),
            ("requestParameters.items.k:c", false),
            ("requestParameters.tags:y", true),
            ("requestParameters.nested.deep.v:OK", true),
            ("requestParameters.nested:*", true),
            ("requestParameters.nested:\"\"", false),
            ("requestParameters.escA:\"q\\\"uote\"", true),
            ("resources.ARN:arn:2", true),
            ("resources.ARN:arn:3", false),
            ("requestParameters.bucketName.x:*", false),
        ];
        for &(f, want) in cases {
            assert_eq!(pm(j, f), want, "{f}");
        }
        // Not JSON: nothing found.
        assert!(!pm("not json", "a.b:*"));
        assert!(pm("not json", "a.b:\"\""));
    }

    /// Every value's JSON text, in document order.
    fn texts(json: &str, path: &str) -> Vec<String> {
        struct All(Vec<String>);
        impl PathLeaf for All {
            fn value(&mut self, raw: &[u8]) -> ControlFlow<()> {
                self.0.push(String::from_utf8(raw.to_vec()).unwrap());
                ControlFlow::Continue(())
            }
        }
        let mut a = All(Vec::new());
        walk_path(
            json.as_bytes(),
            &crate::query::parse::parse_path(path).unwrap(),
            &mut a,
        );
        a.0
    }

    /// The eight-bytes-at-a-time string skip agrees with a byte loop, for quotes and escapes
    /// at every offset around the word boundaries, and at the end of the input.
    #[test]
    fn skip_string_agrees_with_a_byte_loop() {
        fn slow(b: &[u8], i: usize) -> Option<(usize, bool)> {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (mut j, mut esc) = (i + 1, false);
            loop {
                match *b.get(j)? {
                    b'"' => return Some((j + 1, esc)),
                    b'\\' => {
                        esc = true;
                        j += 2;
                    }
                    _ => j += 1,
                }
            }
        }
        let mut cases = 0;
        for len in 0..40 {
            for special in [None, Some(b'\\'), Some(b'"')] {
                for at in 0..len.max(1) {
                    let mut body: Vec<u8> = (0..len).map(|k| b'a' + (k % 26) as u8).collect();
                    if let (Some(c), true) = (special, at < len) {
                        body[at] = c;
                    }
                    for tail in [&b"\"x"[..], b"\"", b"", b"\\\"\"", b"\\"] {
                        let mut b = b"  \"".to_vec();
                        b.extend_from_slice(&body);
                        b.extend_from_slice(tail);
                        assert_eq!(
                            skip_string_esc(&b, 2),
                            slow(&b, 2),
                            "{}",
                            String::from_utf8_lossy(&b)
                        );
                        cases += 1;
                    }
                }
            }
        }
        assert!(cases > 1000);
        // Bytes with the high bit set (UTF-8) next to a quote are not mistaken for one.
        let b = "\"é\u{80}\"\"".as_bytes();
        assert_eq!(skip_string_esc(b, 0), slow(b, 0));
        assert_eq!(skip_string_esc(b"x", 0), None);
    }

    #[test]
    fn keys_compare_ascii_case_insensitively_and_unescaped() {
        let k = |q: &str, key: &str| {
            let (end, esc) = skip_string_esc(q.as_bytes(), 0).unwrap();
            assert_eq!(end, q.len());
            key_is(q.as_bytes(), esc, key, key.contains('\\'))
        };
        assert!(k(r#""userIdentity""#, "userIdentity"));
        assert!(k(r#""USERidentity""#, "userIdentity"));
        assert!(!k(r#""eventVersion""#, "userIdentity"));
        // Bytes 0x20 apart that are not letters are different keys.
        assert!(!k(r#""@rn""#, "`rn"));
        assert!(!k(r#""a@""#, "a`"));
        assert!(!k(r#""arn2""#, "arn"));
        assert!(!k(r#""ar""#, "arn"));
        assert!(k(r#""\u0061rn""#, "ARN"));
        assert!(!k(r#""\u0061rx""#, "arn"));
        assert!(k(r#""""#, ""));
    }

    #[test]
    fn the_byte_walk_finds_every_value_and_skips_the_rest() {
        // Layout whitespace, strings holding brackets, quotes and backslashes, nested
        // containers off the path, numbers and literals skipped.
        let j = " {\"a\" : [1, {\"x\":\"}]\\\"{[\"}, true, null, -1.5e3] ,\n \"K\":{ \"v\" : \"one\" } ,\"k\": {\"v\":[\"two\", 3]}, \"t\":{\"v\":\"x\"}}";
        assert_eq!(texts(j, "k.v"), ["\"one\"", "[\"two\", 3]"]);
        assert_eq!(texts(j, "a.x"), ["\"}]\\\"{[\""]);
        assert_eq!(texts(j, "a[4]"), ["-1.5e3"]);
        assert_eq!(texts(j, "a[2]"), ["true"]);
        assert_eq!(
            texts(j, "a"),
            ["[1, {\"x\":\"}]\\\"{[\"}, true, null, -1.5e3]"]
        );
        assert!(texts(j, "a[9]").is_empty());
        assert!(texts(j, "t.v.w").is_empty());
        // Keys written with escapes are compared unescaped.
        assert_eq!(texts(r#"{"\u006b":{"v":1}}"#, "k.v"), ["1"]);
        // A later key that differs only in case is found although the walk may stop early:
        // the last key appears again, so it goes on.
        let dup = r#"{"u":{"arn":"a1","x":{"y":1}},"z":[{"q":2}],"U":{"ARN":"a2"}}"#;
        assert_eq!(texts(dup, "u.arn"), ["\"a1\"", "\"a2\""]);
        // Arrays crossed on the way: each element's value.
        let arr = r#"{"r":[{"ARN":"1"},{"n":0},{"ARN":"2"},[{"ARN":"3"}]]}"#;
        assert_eq!(texts(arr, "r.arn"), ["\"1\"", "\"2\"", "\"3\""]);
        assert_eq!(texts(arr, "r[2].arn"), ["\"2\""]);
        // Damaged JSON: what came before the damage, nothing after.
        assert_eq!(texts(r#"{"a":1,"b":"#, "a"), ["1"]);
        assert!(texts(r#"{"a" 1}"#, "a").is_empty());
        assert!(texts("", "a").is_empty());
        assert!(texts("[", "a").is_empty());
    }
}
