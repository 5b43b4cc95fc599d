//! The time column of the store ([`super::store::EventStore::time`]) in 4 bytes a row instead
//! of 8, every value exact.
//!
//! A row's time is kept as whole **seconds since the Unix epoch** (1970-01-01T00:00:00Z) in a
//! `u32`, which covers every time from 1970-01-01T00:00:00Z to 2106-02-07T06:28:13Z
//! ([`MAX_INLINE_MS`]): CloudTrail's `eventTime` is whole seconds, and CloudTrail began in 2013.
//! The top two `u32` values are reserved:
//!
//! * [`UNDATED_SECS`] (`u32::MAX`): the row is [`UNDATED`] (no side entry: undated rows are
//!   common in some inputs and must cost nothing more than dated ones);
//! * [`EXACT_SECS`] (`u32::MAX - 1`): the time does not fit — it has milliseconds (a fraction
//!   `parse_event_time` accepts), is before 1970 or after 2106 — and its exact milliseconds are
//!   in a side list of `(row, ms)` sorted by row, looked up by binary search. Such times are rare
//!   (forged or broken records), so the list stays small.
//!
//! Reading a row ([`Times::get`]) is a load, a compare against the first sentinel and a
//! multiply; the sentinels are handled out of line.

use super::reorder::Reorder;
use super::time::UNDATED;

/// The seconds of an [`UNDATED`] row.
pub const UNDATED_SECS: u32 = u32::MAX;
/// The seconds of a row whose time is in [`Times::exact`].
pub const EXACT_SECS: u32 = u32::MAX - 1;
/// The latest time held in 4 bytes alone: 2106-02-07T06:28:13Z, in milliseconds.
pub const MAX_INLINE_MS: i64 = (EXACT_SECS as i64 - 1) * 1000;

/// The seconds standing for `ms` (one of the sentinels when it does not fit).
#[inline]
fn encode(ms: i64) -> u32 {
    if ms == UNDATED {
        UNDATED_SECS
    } else if (0..=MAX_INLINE_MS).contains(&ms) && ms % 1000 == 0 {
        (ms / 1000) as u32
    } else {
        EXACT_SECS
    }
}

/// Event times in UTC milliseconds ([`UNDATED`] for none), one per row (see the module doc).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Times {
    /// Seconds since the epoch, or a sentinel.
    secs: Vec<u32>,
    /// The exact times of the rows whose seconds are [`EXACT_SECS`], sorted by row.
    exact: Vec<(u32, i64)>,
}

impl Times {
    /// Row `i`'s time in milliseconds ([`UNDATED`] for none). Panics when `i` is out of range.
    #[inline]
    pub fn get(&self, i: usize) -> i64 {
        let s = self.secs[i];
        if s < EXACT_SECS {
            s as i64 * 1000
        } else {
            self.sentinel(i, s)
        }
    }

    /// Row `i`'s time, `None` when there is no row `i`.
    #[inline]
    pub fn try_get(&self, i: usize) -> Option<i64> {
        (i < self.secs.len()).then(|| self.get(i))
    }

    /// True when row `i` has a time (is not [`UNDATED`]).
    #[inline]
    pub fn is_dated(&self, i: usize) -> bool {
        self.secs[i] != UNDATED_SECS
    }

    /// The time of row `i`, whose seconds are the sentinel `s`.
    #[cold]
    #[inline(never)]
    fn sentinel(&self, i: usize, s: u32) -> i64 {
        if s == UNDATED_SECS {
            return UNDATED;
        }
        match self.exact.binary_search_by_key(&(i as u32), |e| e.0) {
            Ok(k) => self.exact[k].1,
            Err(_) => unreachable!("row {i} has no exact time"),
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.secs.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.secs.is_empty()
    }

    /// Rows that need a side entry (times with milliseconds, before 1970 or after 2106).
    pub fn exceptions(&self) -> usize {
        self.exact.len()
    }

    /// Appends one row.
    #[inline]
    pub fn push(&mut self, ms: i64) {
        let s = encode(ms);
        if s == EXACT_SECS {
            self.exact.push((self.secs.len() as u32, ms));
        }
        self.secs.push(s);
    }

    /// Appends every row of `other`.
    pub fn extend(&mut self, other: &Times) {
        let base = self.secs.len() as u32;
        self.secs.extend_from_slice(&other.secs);
        self.exact
            .extend(other.exact.iter().map(|&(r, t)| (r + base, t)));
    }

    /// Reorders rows in place (see [`Reorder`]), the exact times following their rows.
    pub fn permute(&mut self, order: &Reorder) {
        if self.exact.is_empty() {
            order.apply(&mut self.secs);
            return;
        }
        // (row before, row after) of every exact time that moved.
        let mut moves: Vec<(u32, u32)> = Vec::with_capacity(self.exact.len());
        order.apply_watching(
            &mut self.secs,
            |&s| s == EXACT_SECS,
            |from, to| moves.push((from as u32, to as u32)),
        );
        moves.sort_unstable();
        for e in self.exact.iter_mut() {
            if let Ok(k) = moves.binary_search_by_key(&e.0, |m| m.0) {
                e.0 = moves[k].1;
            }
        }
        // Rows at or past `kept` were dropped.
        let kept = order.kept() as u32;
        self.exact.retain(|e| e.0 < kept);
        self.exact.sort_unstable_by_key(|e| e.0);
    }

    /// The number of leading rows whose time satisfies `pred`, by binary search: the times
    /// must be partitioned by `pred` (true, then false), as a sorted column is by `t < x`.
    pub fn partition_point(&self, mut pred: impl FnMut(i64) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.secs.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.get(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// Every row's time, in row order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            secs: self.secs.iter(),
            exact: &self.exact,
        }
    }

    /// Rows there is room for without reallocating.
    pub fn capacity(&self) -> usize {
        self.secs.capacity()
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.secs.capacity() * std::mem::size_of::<u32>()
            + self.exact.capacity() * std::mem::size_of::<(u32, i64)>()
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        self.secs.shrink_to_fit();
        self.exact.shrink_to_fit();
    }
}

impl FromIterator<i64> for Times {
    fn from_iter<I: IntoIterator<Item = i64>>(iter: I) -> Times {
        let mut t = Times::default();
        for ms in iter {
            t.push(ms);
        }
        t
    }
}

impl<'a> IntoIterator for &'a Times {
    type Item = i64;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The times of [`Times::iter`]: the exact times are taken in order as their rows come, no
/// search.
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    secs: std::slice::Iter<'a, u32>,
    /// The exact times of the rows still to come.
    exact: &'a [(u32, i64)],
}

impl Iterator for Iter<'_> {
    type Item = i64;

    #[inline]
    fn next(&mut self) -> Option<i64> {
        let s = *self.secs.next()?;
        Some(if s < EXACT_SECS {
            s as i64 * 1000
        } else if s == UNDATED_SECS {
            UNDATED
        } else {
            let (&(_, t), rest) = self.exact.split_first().expect("an exact time per row");
            self.exact = rest;
            t
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.secs.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::parse_event_time;

    fn ms(s: &str) -> i64 {
        parse_event_time(s).unwrap()
    }

    /// Times of every kind: whole seconds (inline), fractions, pre-epoch, far-future, undated.
    fn mixed() -> Vec<i64> {
        let base = ms("2023-07-10T12:40:00Z");
        let mut v = Vec::new();
        for i in 0..2_000i64 {
            v.push(match i % 10 {
                0 => base + i * 7, // milliseconds (a fraction), mostly
                1 => UNDATED,
                2 => -(i * 1000) - 1,          // before 1970
                3 => MAX_INLINE_MS + 1000 * i, // after 2106
                _ => base + (i * 7919 % 5000) * 1000,
            });
        }
        v
    }

    #[test]
    fn every_kind_of_time_comes_back_exact() {
        let cases = [
            0,
            1000,
            ms("2013-11-01T00:00:00Z"),
            ms("2023-07-10T12:40:00Z"),
            ms("2023-07-10T12:40:00.123Z"),
            ms("2021-01-01 00:00:00.999999"),
            1,
            999,
            -1,
            -1000,
            ms("1969-12-31T23:59:59Z"),
            ms("0001-01-01T00:00:00Z"),
            MAX_INLINE_MS,
            MAX_INLINE_MS + 1000,
            MAX_INLINE_MS - 1,
            ms("9999-12-31T23:59:59Z"),
            i64::MIN,
            i64::MAX - 1,
            UNDATED,
        ];
        let t: Times = cases.iter().copied().collect();
        assert_eq!(t.len(), cases.len());
        for (i, &want) in cases.iter().enumerate() {
            assert_eq!(t.get(i), want, "case {i}");
            assert_eq!(t.try_get(i), Some(want));
            assert_eq!(t.is_dated(i), want != UNDATED);
        }
        assert_eq!(t.try_get(cases.len()), None);
        assert_eq!(t.iter().collect::<Vec<_>>(), cases);
        // Only the times that do not fit have a side entry: not 0, 1000, 2013, 2023 and the
        // last second held inline, nor UNDATED.
        assert_eq!(t.exceptions(), cases.len() - 6);
        // The 2106 boundary: the last second inline is not a sentinel.
        assert_eq!(encode(MAX_INLINE_MS), EXACT_SECS - 1);
        assert_eq!(encode(MAX_INLINE_MS + 1000), EXACT_SECS);
    }

    #[test]
    fn whole_seconds_take_four_bytes() {
        let base = ms("2024-01-01T00:00:00Z");
        let mut t: Times = (0..10_000i64).map(|i| base + i * 1000).collect();
        t.push(UNDATED);
        t.shrink_to_fit();
        assert_eq!(t.exceptions(), 0);
        assert_eq!(t.heap_bytes(), 10_001 * 4);
        assert_eq!(t.capacity(), 10_001);
        assert_eq!(t.get(9_999), base + 9_999_000);
        assert_eq!(t.get(10_000), UNDATED);
    }

    #[test]
    fn extend_keeps_the_exact_times_of_both() {
        let want = mixed();
        let (a, b) = want.split_at(777);
        let mut t: Times = a.iter().copied().collect();
        let rest: Times = b.iter().copied().collect();
        t.extend(&rest);
        t.extend(&Times::default());
        assert_eq!(t.len(), want.len());
        assert!((0..want.len()).all(|i| t.get(i) == want[i]));
        assert_eq!(t.iter().collect::<Vec<_>>(), want);
        let whole: Times = want.iter().copied().collect();
        assert_eq!(t, whole);
    }

    #[test]
    fn permutation_moves_the_exact_times_with_their_rows() {
        let v = mixed();
        let n = v.len() as u32;
        let mut order: Vec<u32> = (0..n).map(|i| (i * 617 + 31) % n).collect();
        for dropped in [0usize, 1, 13, 400] {
            order.truncate(n as usize - dropped);
            let mut t: Times = v.iter().copied().collect();
            t.permute(&Reorder::new(order.clone(), n as usize));
            let want: Vec<i64> = order.iter().map(|&r| v[r as usize]).collect();
            assert_eq!(t.len(), want.len());
            assert!((0..want.len()).all(|i| t.get(i) == want[i]), "{dropped}");
            assert_eq!(t.iter().collect::<Vec<_>>(), want);
            // Dropped rows' side entries go with them.
            let exact = want.iter().filter(|&&x| encode(x) == EXACT_SECS).count();
            assert_eq!(t.exceptions(), exact);
        }
        // Sorting, as a store's finalize does, with ties and fixed points.
        let mut perm: Vec<u32> = (0..n).collect();
        perm.sort_by_key(|&r| (v[r as usize], r));
        let mut t: Times = v.iter().copied().collect();
        t.permute(&Reorder::new(perm, n as usize));
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(t.iter().collect::<Vec<_>>(), sorted);
    }

    #[test]
    fn partition_point_is_a_binary_search_over_the_times() {
        let mut v = mixed();
        v.sort();
        let t: Times = v.iter().copied().collect();
        let dated = v.iter().filter(|&&x| x != UNDATED).count();
        assert_eq!(t.partition_point(|x| x != UNDATED), dated);
        for probe in [
            i64::MIN,
            -1,
            0,
            ms("2023-07-10T12:40:00Z"),
            ms("2023-07-10T12:40:00Z") + 1,
            ms("2023-07-10T13:00:00Z"),
            MAX_INLINE_MS,
            MAX_INLINE_MS + 5_000_000,
            UNDATED,
        ] {
            assert_eq!(
                t.partition_point(|x| x < probe),
                v.partition_point(|&x| x < probe)
            );
            assert_eq!(
                t.partition_point(|x| x <= probe),
                v.partition_point(|&x| x <= probe)
            );
        }
        // Each probe is a few reads, not a scan.
        let mut reads = 0;
        t.partition_point(|x| {
            reads += 1;
            x < 0
        });
        assert!(reads <= 12, "{reads} reads");
        assert_eq!(Times::default().partition_point(|_| true), 0);
    }
}
