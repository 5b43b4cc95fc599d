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
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};

/// The raw leaves to evaluate: `(leaf index, rows where it is needed)`.
pub(crate) struct RawLeaves<'a> {
    pub leaves: &'a [Leaf],
    pub jobs: &'a [(usize, Bits)],
}

/// What the raw pass found.
pub(crate) struct RawOut {
    /// `(leaf index, matching rows)`, only among the needed rows.
    pub values: Vec<(usize, Bits)>,
    /// Sources (or records of them) that could not be read, with why.
    pub unreadable: Vec<(u32, String)>,
    /// Needed rows whose bytes could not be read.
    pub bad_rows: Option<Bits>,
}

/// Records per work item within a source; the cancel flag is looked at between items.
pub(crate) const CANCEL_EVERY: usize = 2048;

enum Matcher<'a> {
    Text(Vec<CiFinder>),
    Path {
        path: &'a [PathSeg],
        pat: &'a Pattern,
        /// Text every candidate record must contain (cheap pre-check before parsing).
        must: Vec<CiFinder>,
    },
    /// Two paths hold an equal value.
    Eq(&'a [PathSeg], &'a [PathSeg]),
}

struct SourceOut {
    hits: Vec<Vec<u32>>,
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
            let out = eval_source(store, s, &rows, raw.jobs, &matchers, src, cancel)?;
            Ok((s, out))
        })
        .collect::<Result<_, _>>()?;

    let mut values: Vec<(usize, Bits)> =
        raw.jobs.iter().map(|(i, _)| (*i, Bits::zeros(n))).collect();
    let mut unreadable = Vec::new();
    let mut bad_rows: Option<Bits> = None;
    for (s, out) in outs {
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
    Ok(RawOut {
        values,
        unreadable,
        bad_rows,
    })
}

/// The needed rows of each source, by offset.
pub(crate) fn group_by_source(store: &EventStore, need: &Bits) -> Vec<(u32, Vec<u32>)> {
    let mut out = Vec::new();
    {
        let mut by: Vec<Vec<u32>> = Vec::new();
        for r in need.iter() {
            let s = store.loc[r].source as usize;
            if by.len() <= s {
                by.resize_with(s + 1, Vec::new);
            }
            by[s].push(r as u32);
        }
        for (s, mut rows) in by.into_iter().enumerate() {
            if !rows.is_empty() {
                rows.sort_unstable_by_key(|&r| store.loc[r as usize].offset);
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
        Leaf::Path { path, pat } => {
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
            Matcher::Path { path, pat, must }
        }
        Leaf::PathEq(a, b) => Matcher::Eq(a, b),
        _ => Matcher::Text(Vec::new()),
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
    jobs: &[(usize, Bits)],
    matchers: &[Matcher<'_>],
    src: &dyn RecordSource,
    cancel: &AtomicBool,
) -> Result<SourceOut, QueryError> {
    let content = match src.content(store, s) {
        Ok(c) => c,
        Err(e) => {
            return Ok(SourceOut {
                hits: vec![Vec::new(); jobs.len()],
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
            Ok(scan_rows(store, chunk, &content, jobs, matchers))
        })
        .collect::<Result<Vec<SourceOut>, QueryError>>()?;
    let mut out = SourceOut {
        hits: vec![Vec::new(); jobs.len()],
        bad: Vec::new(),
        error: None,
    };
    for p in parts {
        for (all, h) in out.hits.iter_mut().zip(p.hits) {
            all.extend(h);
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
    jobs: &[(usize, Bits)],
    matchers: &[Matcher<'_>],
) -> SourceOut {
    let mut out = SourceOut {
        hits: vec![Vec::new(); jobs.len()],
        bad: Vec::new(),
        error: None,
    };
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
                Matcher::Path { path, pat, must } => {
                    must.iter().all(|f| f.find(&bytes).is_some()) && path_matches(&bytes, path, pat)
                }
                Matcher::Eq(a, b) => paths_equal(&bytes, a, b),
            };
            if hit {
                out.hits[j].push(row);
            }
        }
    }
    out
}

/// What to do with each value found at the end of a JSON path (see [`walk_path`]).
pub(crate) trait PathLeaf {
    /// One value at the end of the path (an array there is handed over whole).
    fn value<'de, D: de::Deserializer<'de>>(&mut self, d: D) -> Result<(), D::Error>;
}

/// Walks the JSON `record` along `path` (keys compared ASCII case-insensitively; an array along
/// the way: each element, unless the path says `[n]`) and hands every value at its end to
/// `leaf`. A leaf may stop the walk early by returning an error. Not JSON: nothing is handed.
pub(crate) fn walk_path<L: PathLeaf>(record: &[u8], path: &[PathSeg], leaf: &mut L) {
    let mut de = serde_json::Deserializer::from_slice(record);
    let _ = Walk { path, leaf }.deserialize(&mut de);
}

struct Walk<'p, L> {
    path: &'p [PathSeg],
    leaf: &'p mut L,
}

impl<'de, L: PathLeaf> DeserializeSeed<'de> for Walk<'_, L> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if self.path.is_empty() {
            return self.leaf.value(d);
        }
        d.deserialize_any(self)
    }
}

impl<'de, L: PathLeaf> Visitor<'de> for Walk<'_, L> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (head, rest) = (&self.path[0], &self.path[1..]);
        let PathSeg::Key(head) = head else {
            // `[n]` on an object: nothing there.
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        while let Some(hit) = map.next_key_seed(KeyIs(head))? {
            if hit {
                map.next_value_seed(Walk {
                    path: rest,
                    leaf: &mut *self.leaf,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if let Some(PathSeg::Index(want)) = self.path.first() {
            let (want, rest) = (*want, &self.path[1..]);
            let mut i = 0usize;
            loop {
                let more = if i == want {
                    seq.next_element_seed(Walk {
                        path: rest,
                        leaf: &mut *self.leaf,
                    })?
                    .is_some()
                } else {
                    seq.next_element::<IgnoredAny>()?.is_some()
                };
                if !more {
                    return Ok(());
                }
                i += 1;
            }
        }
        while seq
            .next_element_seed(Walk {
                path: self.path,
                leaf: &mut *self.leaf,
            })?
            .is_some()
        {}
        Ok(())
    }
    // A scalar where the path goes on: nothing there.
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A map key compared with one path segment, ASCII case-insensitively.
struct KeyIs<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        Ok(v.eq_ignore_ascii_case(self.0))
    }
}

/// Does the JSON `record` have a value at `path` (keys compared ASCII case-insensitively;
/// arrays along the way and at the end: any element, unless the path says `[n]`) matching
/// `pat`? No value at all (or only
/// null / empty strings) is the absent value. Objects count as present and match only `*`.
pub(crate) fn path_matches(record: &[u8], path: &[PathSeg], pat: &Pattern) -> bool {
    let mut m = PatLeaf {
        pat,
        matched: false,
        found: false,
    };
    walk_path(record, path, &mut m);
    m.matched || (!m.found && pat.matches_empty())
}

/// The texts at `path` in `record`: strings, numbers and booleans (as text), each array
/// element; absent, null, empty strings and objects give nothing.
pub(crate) fn path_texts(record: &[u8], path: &[PathSeg]) -> Vec<String> {
    struct Texts(Vec<String>);
    impl PathLeaf for Texts {
        fn value<'de, D: de::Deserializer<'de>>(&mut self, d: D) -> Result<(), D::Error> {
            fn push(out: &mut Vec<String>, v: serde_json::Value) {
                match v {
                    serde_json::Value::String(s) if !s.is_empty() => out.push(s),
                    serde_json::Value::Bool(b) => out.push(b.to_string()),
                    serde_json::Value::Number(n) => out.push(n.to_string()),
                    serde_json::Value::Array(a) => a.into_iter().for_each(|x| push(out, x)),
                    _ => {}
                }
            }
            let v = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
            push(&mut self.0, v);
            Ok(())
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
    fn value<'de, D: de::Deserializer<'de>>(&mut self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
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
}
