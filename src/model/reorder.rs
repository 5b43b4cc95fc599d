//! Putting a store's columns into a new row order in place: the finalize of a load renumbers
//! every column into time order, and a copy of each column (the way it was done before) added the
//! widest column, 16 bytes per event, to the peak of every load. Pure data.
//!
//! The permutation is walked once, into a list of its cycles; each column then follows that list.
//! Following the permutation itself per column would make every read wait for the previous one
//! (the next place is only known once the last is read): at 10M rows, where columns do not fit in
//! the caches, that chain of cache misses cost ~1 s per column. The list's reads are sequential
//! and a column's reads independent of each other, so the memory system overlaps them as it does
//! for a gather.

/// A new row order: row `i` after is row `order[i]` before, for `i < kept`; the rows not in
/// the order (dropped duplicates) go.
pub struct Reorder {
    /// The permutation's cycles of two places or more, back to back: in each, every place takes
    /// the value of the next one, and the last the first's. A cycle's first place has
    /// [`START`] set.
    cycles: Vec<u32>,
    n: usize,
    kept: usize,
}

/// Marks the first place of a cycle in [`Reorder::cycles`] (rows are below 2^31).
const START: u32 = 1 << 31;

impl Reorder {
    /// The order `order` (distinct rows below `n`) over `n` rows.
    pub fn new(mut order: Vec<u32>, n: usize) -> Reorder {
        let kept = order.len();
        assert!(kept <= n && n < START as usize, "{kept} of {n} rows");
        if kept < n {
            let mut present = vec![false; n];
            for &r in &order {
                present[r as usize] = true;
            }
            order.extend((0..n as u32).filter(|&r| !present[r as usize]));
        }
        // Walk each cycle once, marking places done in `order` itself (START set).
        let mut cycles = Vec::new();
        for start in 0..n {
            if order[start] & START != 0 || order[start] as usize == start {
                continue;
            }
            cycles.push(start as u32 | START);
            let mut at = start;
            loop {
                let from = order[at] as usize;
                order[at] |= START;
                if from == start {
                    break;
                }
                cycles.push(from as u32);
                at = from;
            }
        }
        Reorder { cycles, n, kept }
    }

    /// Number of rows kept.
    pub fn kept(&self) -> usize {
        self.kept
    }

    /// Number of rows before.
    pub fn len(&self) -> usize {
        self.n
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Reorders `v` (one value per row) in place and drops the rows not kept.
    pub fn apply<T: Copy>(&self, v: &mut Vec<T>) {
        self.apply_watching(v, |_| false, |_, _| {});
    }

    /// [`Reorder::apply`], calling `moved(from, to)` for each value that `watch` picks and that
    /// changes place: row `from`'s value before is row `to`'s after, or was dropped when `to`
    /// is [`Reorder::kept`] or more. A column with a side table keyed by row (the exact times
    /// of [`super::times::Times`]) renumbers it so, without a copy of the order.
    pub fn apply_watching<T: Copy>(
        &self,
        v: &mut Vec<T>,
        watch: impl Fn(&T) -> bool,
        mut moved: impl FnMut(usize, usize),
    ) {
        assert_eq!(v.len(), self.n, "a column of another length");
        let c = &self.cycles;
        let mut i = 0;
        while i < c.len() {
            let first = (c[i] & !START) as usize;
            let keep = v[first];
            let mut at = first;
            i += 1;
            while i < c.len() && c[i] & START == 0 {
                let from = c[i] as usize;
                let x = v[from];
                if watch(&x) {
                    moved(from, at);
                }
                v[at] = x;
                at = from;
                i += 1;
            }
            if watch(&keep) {
                moved(first, at);
            }
            v[at] = keep;
        }
        v.truncate(self.kept);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gather(v: &[u32], order: &[u32]) -> Vec<u32> {
        order.iter().map(|&r| v[r as usize]).collect()
    }

    #[test]
    fn applies_the_order_and_drops_the_rows_not_in_it() {
        // A pseudo-random permutation of 1,000 rows, with some rows dropped.
        let n = 1000u32;
        let mut order: Vec<u32> = (0..n).map(|i| (i * 617 + 31) % n).collect();
        let v: Vec<u32> = (0..n).map(|i| i * 10 + 7).collect();
        for dropped in [0usize, 1, 13, 400] {
            order.truncate(n as usize - dropped);
            let want = gather(&v, &order);
            let r = Reorder::new(order.clone(), n as usize);
            assert_eq!(r.kept(), order.len());
            let mut got = v.clone();
            r.apply(&mut got);
            assert_eq!(got, want, "{dropped} dropped");
            // The same Reorder applies to a second column too.
            let mut bytes: Vec<u8> = v.iter().map(|&x| x as u8).collect();
            r.apply(&mut bytes);
            assert_eq!(bytes, want.iter().map(|&x| x as u8).collect::<Vec<_>>());
        }
    }

    #[test]
    fn watched_values_report_where_they_went() {
        let n = 500u32;
        let mut order: Vec<u32> = (0..n).map(|i| (i * 211 + 7) % n).collect();
        order.truncate(450);
        let v: Vec<u32> = (0..n).collect();
        let r = Reorder::new(order.clone(), n as usize);
        let mut got = v.clone();
        let mut moves = Vec::new();
        r.apply_watching(&mut got, |&x| x % 3 == 0, |from, to| moves.push((from, to)));
        assert_eq!(got, gather(&v, &order));
        // Every watched row that moved is reported once, at its new place: for the rows
        // dropped, a place past the kept ones (where the dropped rows wait to be cut off).
        let mut moves_kept: Vec<(usize, usize)> = Vec::new();
        for &(from, to) in &moves {
            match order.iter().position(|&o| o as usize == from) {
                Some(new) => moves_kept.push((from, new)),
                None => assert!(to >= r.kept(), "dropped row {from} reported at {to}"),
            }
            assert_eq!(from % 3, 0, "an unwatched row");
            assert_ne!(from, to);
        }
        let mut kept: Vec<(usize, usize)> = moves
            .iter()
            .copied()
            .filter(|&(_, to)| to < r.kept())
            .collect();
        kept.sort_unstable();
        let want: Vec<(usize, usize)> = order
            .iter()
            .enumerate()
            .map(|(new, &old)| (old as usize, new))
            .filter(|&(old, new)| old % 3 == 0 && old != new)
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(kept, want);
        moves_kept.sort_unstable();
        assert_eq!(moves_kept, want);
        let dropped = moves.len() - kept.len();
        assert!(dropped > 0, "the test drops watched rows");
    }

    #[test]
    fn fixed_points_swaps_and_the_empty_order() {
        let r = Reorder::new(vec![0, 2, 1, 3], 4);
        let mut v = vec!['a', 'b', 'c', 'd'];
        r.apply(&mut v);
        assert_eq!(v, ['a', 'c', 'b', 'd']);
        let r = Reorder::new(vec![0, 1, 2], 3);
        let mut v = vec!['a', 'b', 'c'];
        r.apply(&mut v);
        assert_eq!(v, ['a', 'b', 'c']);
        let r = Reorder::new(Vec::new(), 2);
        let mut v = vec![1, 2];
        r.apply(&mut v);
        assert!(v.is_empty());
    }
}
