//! Event counts over time in "nice" buckets, for the timeline pane.

use crate::model::{EventStore, Sym, SymField, UNDATED};

/// Counts per time bucket. Bucket `i` covers `[start + i*bucket_ms, start + (i+1)*bucket_ms)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    /// Start of the first bucket (UTC ms), a multiple of `bucket_ms` since the Unix epoch.
    pub start: i64,
    /// Bucket width in ms (one of [`NICE_BUCKETS`], or a multiple of 365 days).
    pub bucket_ms: i64,
    /// Events per bucket.
    pub counts: Vec<u32>,
    /// Events with an errorCode per bucket.
    pub errors: Vec<u32>,
}

const S: i64 = 1000;
const M: i64 = 60 * S;
const H: i64 = 60 * M;
const D: i64 = 24 * H;

/// Bucket widths tried, smallest first; past the last, multiples of 365 days.
pub const NICE_BUCKETS: [i64; 19] = [
    S,
    5 * S,
    10 * S,
    30 * S,
    M,
    5 * M,
    10 * M,
    15 * M,
    30 * M,
    H,
    3 * H,
    6 * H,
    12 * H,
    D,
    7 * D,
    30 * D,
    90 * D,
    180 * D,
    365 * D,
];

/// Number of buckets of width `b` aligned to multiples of `b` that cover `[lo, hi]`.
fn buckets_for(lo: i64, hi: i64, b: i64) -> i128 {
    let start = lo.div_euclid(b) as i128;
    let end = hi.div_euclid(b) as i128;
    end - start + 1
}

/// The smallest nice bucket width giving at most `max_buckets` buckets over `[lo, hi]`.
pub fn nice_bucket(lo: i64, hi: i64, max_buckets: usize) -> i64 {
    let max = max_buckets.max(1) as i128;
    for &b in &NICE_BUCKETS {
        if buckets_for(lo, hi, b) <= max {
            return b;
        }
    }
    let year = 365 * D;
    let span = (hi as i128 - lo as i128).max(0);
    let mut k = (span / (year as i128 * max)).max(1) as i64;
    while buckets_for(lo, hi, k.saturating_mul(year)) > max {
        k = k.saturating_mul(2);
    }
    k.saturating_mul(year)
}

/// Counts `rows` with a time inside `span` (inclusive both ends) into nice buckets; at most
/// `max_buckets` (at least one). Undated rows and rows outside `span` are not counted. An empty
/// span (`span.0 > span.1`) gives no buckets.
pub fn timeline(
    store: &EventStore,
    rows: &[u32],
    span: (i64, i64),
    max_buckets: usize,
) -> Timeline {
    let (lo, hi) = (span.0, span.1.min(UNDATED - 1));
    if lo > hi {
        return Timeline {
            start: lo,
            bucket_ms: S,
            counts: Vec::new(),
            errors: Vec::new(),
        };
    }
    let b = nice_bucket(lo, hi, max_buckets);
    let start = ((lo as i128).div_euclid(b as i128) * b as i128).max(i64::MIN as i128) as i64;
    let n = buckets_for(lo, hi, b) as usize;
    let grid = Grid {
        lo,
        hi,
        start,
        b,
        n,
    };
    let (counts, errors) = match ordered_counts(store, rows, &grid) {
        Some(c) => c,
        None => any_order_counts(store, rows, &grid),
    };
    Timeline {
        start,
        bucket_ms: b,
        counts,
        errors,
    }
}

/// The bucket of time `t` (`t >= start`) and the bounds `[from, to)` of its times.
fn bucket_at(t: i64, start: i64, b: i64) -> (usize, i64, i64) {
    // t >= start, so the offset is non-negative and fits in a u64.
    let i = ((t as i128 - start as i128) as u64 / b as u64) as usize;
    let f = start as i128 + i as i128 * b as i128;
    // from is within [start, t]
    (i, f as i64, (f + b as i128).min(i64::MAX as i128) as i64)
}

/// The buckets being counted: times `lo..=hi`, `n` buckets of `b` ms from `start`.
#[derive(Clone, Copy)]
struct Grid {
    lo: i64,
    hi: i64,
    start: i64,
    b: i64,
    n: usize,
}

/// Counts and error counts per bucket, for rows in any order: a look at each row's time.
fn any_order_counts(store: &EventStore, rows: &[u32], g: &Grid) -> (Vec<u32>, Vec<u32>) {
    let Grid {
        lo,
        hi,
        start,
        b,
        n,
    } = *g;
    let mut counts = vec![0u32; n];
    let mut errors = vec![0u32; n];
    let err = store.col(SymField::Error);
    // The bucket of the last row, as the bounds [from, to) of its times: rows in time order
    // stay in it for many rows, so a division is only needed when the bucket changes (a
    // 128-bit division per row made this most of a filter's cost at 10M events).
    let (mut i, mut from, mut to) = (0usize, i64::MAX, i64::MIN);
    for &r in rows {
        let t = store.time.get(r as usize);
        if t < lo || t > hi {
            continue;
        }
        if t < from || t >= to {
            (i, from, to) = bucket_at(t, start, b);
        }
        counts[i] += 1;
        if err[r as usize] != Sym::NONE {
            errors[i] += 1;
        }
    }
    (counts, errors)
}

/// Rows per chunk of [`ordered_counts`].
const ORDERED_CHUNK: usize = 1 << 16;

/// Counts and error counts per bucket when `rows` are ascending row numbers of a store in time
/// order (a result in the list's default order, once loaded): then the rows' times ascend
/// too, so a bucket's rows are found by binary search and only the error column is read row
/// by row. The times of a large result are scattered over the store, one cache miss each,
/// which is what made the timeline a third of an indexed filter at 10M events. Chunks run in
/// parallel. `None` (nothing counted) when the rows are not ascending or the store is not in
/// time order.
fn ordered_counts(store: &EventStore, rows: &[u32], g: &Grid) -> Option<(Vec<u32>, Vec<u32>)> {
    ordered_counts_by(store, rows, g, ORDERED_CHUNK)
}

/// [`ordered_counts`] in chunks of `chunk` rows.
fn ordered_counts_by(
    store: &EventStore,
    rows: &[u32],
    g: &Grid,
    chunk: usize,
) -> Option<(Vec<u32>, Vec<u32>)> {
    use rayon::prelude::*;
    let Grid {
        lo,
        hi,
        start,
        b,
        n,
    } = *g;
    if !store.is_sorted() {
        return None;
    }
    let time = |r: u32| store.time.get(r as usize);
    let err = store.col(SymField::Error);
    let parts: Vec<Option<Vec<(usize, u32, u32)>>> = rows
        .par_chunks(chunk)
        .enumerate()
        .map(|(ci, ch)| {
            // Ascending within the chunk and after the previous chunk's last row, or the
            // binary searches below mean nothing.
            let prev = (ci * chunk).checked_sub(1).map(|p| rows[p]);
            if prev.is_some_and(|p| p >= ch[0]) || !ch.windows(2).all(|w| w[0] < w[1]) {
                return None;
            }
            let mut out = Vec::new();
            let mut j = ch.partition_point(|&r| time(r) < lo);
            let end = ch.partition_point(|&r| time(r) <= hi);
            while j < end {
                let (i, _, to) = bucket_at(time(ch[j]), start, b);
                let k = j + ch[j..end].partition_point(|&r| time(r) < to);
                let e = ch[j..k]
                    .iter()
                    .filter(|&&r| err[r as usize] != Sym::NONE)
                    .count();
                out.push((i, (k - j) as u32, e as u32));
                j = k;
            }
            Some(out)
        })
        .collect();
    let mut counts = vec![0u32; n];
    let mut errors = vec![0u32; n];
    for part in parts {
        for (i, c, e) in part? {
            counts[i] += c;
            errors[i] += e;
        }
    }
    Some((counts, errors))
}

/// A short human label of a bucket width: "1 s", "5 min", "1 h", "7 d", "250 ms".
pub fn bucket_label(bucket_ms: i64) -> String {
    let b = bucket_ms;
    if b > 0 && b % D == 0 {
        format!("{} d", b / D)
    } else if b > 0 && b % H == 0 {
        format!("{} h", b / H)
    } else if b > 0 && b % M == 0 {
        format!("{} min", b / M)
    } else if b > 0 && b % S == 0 {
        format!("{} s", b / S)
    } else {
        format!("{b} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_utc;
    use crate::testkit::Fixture;

    #[test]
    fn nice_sizes() {
        assert_eq!(nice_bucket(0, 59 * S, 60), S);
        assert_eq!(nice_bucket(0, 60 * S, 60), 5 * S);
        assert_eq!(nice_bucket(0, H - 1, 60), M);
        assert_eq!(nice_bucket(0, D - 1, 24), H);
        assert_eq!(nice_bucket(0, D - 1, 100), 15 * M);
        assert_eq!(nice_bucket(0, 30 * D, 10), 7 * D);
        assert_eq!(nice_bucket(0, 0, 0), S);
        // Alignment can need one more bucket.
        assert_eq!(nice_bucket(500, 1500, 1), 5 * S);
        let b = nice_bucket(0, 100 * 365 * D, 10);
        assert!(b % (365 * D) == 0 && buckets_for(0, 100 * 365 * D, b) <= 10);
        let b = nice_bucket(i64::MIN / 2, i64::MAX / 2, 3);
        assert!(buckets_for(i64::MIN / 2, i64::MAX / 2, b) <= 3);
        assert_eq!(bucket_label(5 * M), "5 min");
        assert_eq!(bucket_label(H), "1 h");
        assert_eq!(bucket_label(7 * D), "7 d");
        assert_eq!(bucket_label(30 * S), "30 s");
        assert_eq!(bucket_label(250), "250 ms");
    }

    #[test]
    fn counts() {
        let base = 1_700_000_000_000i64; // 2023-11-14T22:13:20Z
        let recs: Vec<String> = [
            (base, ""),
            (base + 30 * S, "AccessDenied"),
            (base + 90 * S, ""),
            (base + 10 * M, "X"),
            (UNDATED, "Y"),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(t, e))| {
            // An undated event has no eventTime.
            let time = if t == UNDATED {
                String::new()
            } else {
                format!(r#","eventTime":"{}""#, format_utc(t))
            };
            format!(r#"{{"eventID":"e{i}","eventName":"X","errorCode":"{e}"{time}}}"#)
        })
        .collect();
        let s = Fixture::new(&recs).store();
        let rows: Vec<u32> = (0..s.len() as u32).collect();
        let tl = timeline(&s, &rows, (base, base + 10 * M), 20);
        assert_eq!(tl.bucket_ms, M);
        assert_eq!(tl.start % M, 0);
        assert!(tl.start <= base);
        assert_eq!(tl.counts.iter().sum::<u32>(), 4);
        assert_eq!(tl.errors.iter().sum::<u32>(), 2);
        assert!(tl.counts.len() <= 20);
        let i = ((base + 30 * S - tl.start) / M) as usize;
        assert!(tl.errors[i] >= 1);
        // Rows outside the span are not counted.
        let tl = timeline(&s, &rows, (base + M, base + 2 * M), 10);
        assert_eq!(tl.counts.iter().sum::<u32>(), 1);
        let tl = timeline(&s, &rows, (5, 4), 10);
        assert!(tl.counts.is_empty());
    }

    /// Every row lands in the bucket its time divides into, whatever the order of the rows
    /// (in time order the bucket is carried from row to row; out of order it is recomputed),
    /// bucket edges and the span's ends included.
    #[test]
    fn each_row_in_its_bucket_in_any_order() {
        let base = 1_700_000_000_000i64;
        let times: Vec<i64> = (0..400i64)
            .map(|i| base + (i * 7919 % 401) * 1500)
            .collect();
        let recs: Vec<String> = times
            .iter()
            .enumerate()
            .map(|(i, &t)| {
                let e = if i % 3 == 0 { "AccessDenied" } else { "" };
                format!(
                    r#"{{"eventID":"e{i}","eventName":"X","errorCode":"{e}","eventTime":"{}"}}"#,
                    format_utc(t)
                )
            })
            .collect();
        let s = Fixture::new(&recs).store();
        let span = (base + 60 * S, base + 500 * S);
        let mut by_time: Vec<u32> = (0..s.len() as u32).collect();
        by_time.sort_by_key(|&r| s.time.get(r as usize));
        let scrambled: Vec<u32> = (0..s.len() as u32).rev().collect();
        for rows in [by_time, scrambled] {
            let tl = timeline(&s, &rows, span, 37);
            let mut want = vec![0u32; tl.counts.len()];
            let mut want_err = vec![0u32; tl.counts.len()];
            for &r in &rows {
                let t = s.time.get(r as usize);
                if t >= span.0 && t <= span.1 {
                    let i = ((t - tl.start) / tl.bucket_ms) as usize;
                    want[i] += 1;
                    if !s.str(SymField::Error, r as usize).is_empty() {
                        want_err[i] += 1;
                    }
                }
            }
            assert!(want.iter().sum::<u32>() > 100);
            assert_eq!(tl.counts, want);
            assert_eq!(tl.errors, want_err);
        }
    }

    /// The binary-search path (ascending rows of a store in time order) counts what a look at
    /// every row does, whatever the chunking (buckets split across chunks, chunks of one row),
    /// and declines rows that are not ascending, within a chunk or across a boundary.
    #[test]
    fn ordered_path_agrees_with_a_look_at_every_row() {
        let base = 1_700_000_000_000i64;
        let recs: Vec<String> = (0..500i64)
            .map(|i| {
                let e = if i % 4 == 1 { "Throttling" } else { "" };
                let t = base + (i * 7919 % 503) * 1300;
                format!(
                    r#"{{"eventID":"e{i}","eventName":"X","errorCode":"{e}","eventTime":"{}"}}"#,
                    format_utc(t)
                )
            })
            .collect();
        let s = Fixture::new(&recs).store();
        assert!(s.is_sorted());
        let all: Vec<u32> = (0..s.len() as u32).collect();
        let thirds: Vec<u32> = all.iter().copied().filter(|r| r % 3 != 1).collect();
        let (lo, hi) = (base + 40 * S, base + 600 * S);
        let b = nice_bucket(lo, hi, 23);
        let g = Grid {
            lo,
            hi,
            start: lo.div_euclid(b) * b,
            b,
            n: buckets_for(lo, hi, b) as usize,
        };
        for rows in [&all, &thirds] {
            let want = any_order_counts(&s, rows, &g);
            assert!(want.0.iter().sum::<u32>() > 100 && want.1.iter().sum::<u32>() > 20);
            for chunk in [1, 2, 7, 64, 1 << 16] {
                let got = ordered_counts_by(&s, rows, &g, chunk);
                assert_eq!(got.as_ref(), Some(&want), "chunks of {chunk}");
            }
        }
        let mut swapped = all.clone();
        swapped.swap(63, 64);
        let mut repeated = all.clone();
        repeated[64] = repeated[63];
        for rows in [&swapped, &repeated] {
            for chunk in [1, 64, 1 << 16] {
                assert_eq!(ordered_counts_by(&s, rows, &g, chunk), None);
            }
            // Through the public entry the look at every row still counts them.
            let tl = timeline(&s, rows, (lo, hi), 23);
            assert_eq!(tl.counts, any_order_counts(&s, rows, &g).0);
        }
    }
}
