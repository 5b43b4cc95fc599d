//! The small interface between the app and the query layer's view helpers: fuzzy matching over
//! distinct values, timeline buckets, pivots and filter terms.
//!
//! These are thin local fallbacks with the signatures the query layer promises
//! (`query::fuzzy`, `query::timeline`, `query::pivot`); when those land, this module re-exports
//! them instead and the rest of the app does not change.

use crate::model::{EventStore, Sym, SymField, UNDATED};
pub use crate::query::{FuzzyMatch, FUZZY_FIELDS};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

/// The distinct non-empty values of `field` over `rows`, with how many rows have each.
pub fn distinct_counts(store: &EventStore, field: SymField, rows: &[u32]) -> Vec<(Sym, u32)> {
    let col = store.col(field);
    let mut counts = vec![0u32; store.strings.len()];
    for &r in rows {
        counts[col[r as usize].0 as usize] += 1;
    }
    counts
        .iter()
        .enumerate()
        .skip(1)
        .filter(|(_, &c)| c > 0)
        .map(|(i, &c)| (Sym(i as u32), c))
        .collect()
}

/// The best `limit` candidates for `pattern` (all by count when the pattern is empty), best first.
pub fn rank(
    store: &EventStore,
    candidates: &[(Sym, u32)],
    pattern: &str,
    limit: usize,
) -> Vec<FuzzyMatch> {
    let mut out: Vec<FuzzyMatch> = if pattern.is_empty() {
        candidates
            .iter()
            .map(|&(sym, count)| FuzzyMatch {
                sym,
                count,
                score: 0,
                indices: Vec::new(),
            })
            .collect()
    } else {
        let m = SkimMatcherV2::default().smart_case();
        candidates
            .iter()
            .filter_map(|&(sym, count)| {
                let (score, indices) = m.fuzzy_indices(store.strings.resolve(sym), pattern)?;
                Some(FuzzyMatch {
                    sym,
                    count,
                    score,
                    indices,
                })
            })
            .collect()
    };
    let key = |a: &FuzzyMatch, b: &FuzzyMatch| {
        b.score
            .cmp(&a.score)
            .then(b.count.cmp(&a.count))
            .then_with(|| {
                store
                    .strings
                    .resolve(a.sym)
                    .cmp(store.strings.resolve(b.sym))
            })
    };
    if out.len() > limit && limit > 0 {
        out.select_nth_unstable_by(limit - 1, key);
        out.truncate(limit);
    }
    out.sort_by(key);
    out
}

/// A filter term matching exactly `value` in the field named `short` (quoted when needed).
pub fn filter_term(short: &str, value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:/@+=,".contains(c));
    if plain {
        format!("{short}:{value}")
    } else {
        let mut q = String::with_capacity(value.len() + 2);
        for c in value.chars() {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
        format!("{short}:\"{q}\"")
    }
}

/// Event counts per time bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Start of the first bucket (UTC ms).
    pub start: i64,
    /// Bucket width in ms.
    pub bucket_ms: i64,
    /// Events per bucket.
    pub counts: Vec<u32>,
    /// Events with an error code per bucket.
    pub errors: Vec<u32>,
}

const SEC: i64 = 1000;
const MIN: i64 = 60 * SEC;
const HOUR: i64 = 60 * MIN;
const DAY: i64 = 24 * HOUR;
const STEPS: [i64; 25] = [
    SEC,
    2 * SEC,
    5 * SEC,
    10 * SEC,
    15 * SEC,
    30 * SEC,
    MIN,
    2 * MIN,
    5 * MIN,
    10 * MIN,
    15 * MIN,
    30 * MIN,
    HOUR,
    2 * HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    DAY,
    2 * DAY,
    7 * DAY,
    14 * DAY,
    30 * DAY,
    91 * DAY,
    182 * DAY,
    365 * DAY,
];

/// The histogram of `rows` over `span` (inclusive UTC ms) with a round bucket width giving at
/// most `max_buckets` buckets.
pub fn timeline(
    store: &EventStore,
    rows: &[u32],
    span: (i64, i64),
    max_buckets: usize,
) -> Timeline {
    let max_buckets = max_buckets.max(1) as i64;
    let (lo, hi) = (span.0.min(span.1), span.0.max(span.1));
    let mut bucket = *STEPS.last().unwrap();
    for &s in &STEPS {
        let start = lo.div_euclid(s) * s;
        if (hi - start) / s < max_buckets {
            bucket = s;
            break;
        }
    }
    let start = lo.div_euclid(bucket) * bucket;
    let n = ((hi - start) / bucket + 1).clamp(1, max_buckets.max(1)) as usize;
    let mut counts = vec![0u32; n];
    let mut errors = vec![0u32; n];
    let err = store.col(SymField::Error);
    for &r in rows {
        let t = store.time[r as usize];
        if t == UNDATED || t < start {
            continue;
        }
        let b = ((t - start) / bucket) as usize;
        if b < n {
            counts[b] += 1;
            if !err[r as usize].is_none() {
                errors[b] += 1;
            }
        }
    }
    Timeline {
        start,
        bucket_ms: bucket,
        counts,
        errors,
    }
}

/// `60000` → `"1m"`.
pub fn bucket_label(bucket_ms: i64) -> String {
    for (unit, ms) in [("d", DAY), ("h", HOUR), ("m", MIN), ("s", SEC)] {
        if bucket_ms >= ms && bucket_ms % ms == 0 {
            return format!("{}{unit}", bucket_ms / ms);
        }
    }
    format!("{bucket_ms}ms")
}

/// Filters reachable from `row`: (label, filter term).
pub fn pivots(store: &EventStore, row: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |label: &str, short: &str, f: SymField| {
        let v = store.str(f, row);
        if !v.is_empty() {
            out.push((format!("{label}: {v}"), filter_term(short, v)));
        }
    };
    add("same principal", "who", SymField::Who);
    add("same access key", "key", SymField::Key);
    add("same source IP", "ip", SymField::Ip);
    add("same session", "principal", SymField::Principal);
    add("same event name", "name", SymField::Name);
    for &r in store.resources(row) {
        let v = store.strings.resolve(r);
        out.push((format!("resource: {v}"), filter_term("resource", v)));
    }
    if let Some(l) = lineage(store, row) {
        out.push(("credential lineage".into(), l));
    }
    out
}

/// A filter showing where the selected event's credentials came from, if known.
pub fn lineage(store: &EventStore, row: usize) -> Option<String> {
    let key = store.syms[SymField::Key as usize][row];
    if key.is_none() {
        return None;
    }
    let issuer = store.issued.iter().find(|&&(_, k)| k == key)?.0 as usize;
    Some(format!(
        "{} OR {}",
        filter_term("key", store.strings.resolve(key)),
        filter_term("eventid", &store.event_id.get(issuer))
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_quoted_when_needed() {
        assert_eq!(filter_term("who", "alice"), "who:alice");
        assert_eq!(filter_term("ip", "10.0.0.1"), "ip:10.0.0.1");
        assert_eq!(
            filter_term("agent", "aws-cli/2 a\"b"),
            "agent:\"aws-cli/2 a\\\"b\""
        );
    }

    #[test]
    fn bucket_labels() {
        assert_eq!(bucket_label(60_000), "1m");
        assert_eq!(bucket_label(5 * 60_000), "5m");
        assert_eq!(bucket_label(3_600_000), "1h");
        assert_eq!(bucket_label(86_400_000 * 7), "7d");
        assert_eq!(bucket_label(1000), "1s");
    }
}
