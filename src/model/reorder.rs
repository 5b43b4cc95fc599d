//! Putting a store's columns into a new row order in place: the finalize of a load renumbers
//! every column into time order, and a copy of each column (the way it was done before) added the
//! widest column, 17 bytes per event, to the peak of every load. Pure data.

/// A new row order: row `i` after is row `order[i]` before, for `i < kept`; the rows not in
/// the order (dropped duplicates) go. Applied to each column by following the permutation's
/// cycles, with one bit per row of scratch.
pub struct Reorder {
    /// `order` then the dropped rows: a permutation of `0..n`.
    full: Vec<u32>,
    kept: usize,
    seen: Vec<u64>,
}

impl Reorder {
    /// The order `order` (distinct rows below `n`) over `n` rows.
    pub fn new(mut order: Vec<u32>, n: usize) -> Reorder {
        let kept = order.len();
        debug_assert!(kept <= n);
        if kept < n {
            let mut present = vec![false; n];
            for &r in &order {
                present[r as usize] = true;
            }
            order.extend((0..n as u32).filter(|&r| !present[r as usize]));
        }
        Reorder {
            full: order,
            kept,
            seen: Vec::new(),
        }
    }

    /// The rows kept, in their new order (`new[i] = old[order()[i]]`).
    pub fn order(&self) -> &[u32] {
        &self.full[..self.kept]
    }

    /// Number of rows before.
    pub fn len(&self) -> usize {
        self.full.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.full.is_empty()
    }

    /// Reorders `v` (one value per row) in place and drops the rows not kept.
    pub fn apply<T: Copy>(&mut self, v: &mut Vec<T>) {
        let n = self.full.len();
        assert_eq!(v.len(), n, "a column of another length");
        self.seen.clear();
        self.seen.resize(n.div_ceil(64), 0);
        for start in 0..n {
            if self.seen[start / 64] >> (start % 64) & 1 == 1 {
                continue;
            }
            // Walk the cycle through `start`: each place takes the value of the place it maps to.
            let first = v[start];
            let mut at = start;
            loop {
                self.seen[at / 64] |= 1 << (at % 64);
                let from = self.full[at] as usize;
                if from == start {
                    v[at] = first;
                    break;
                }
                v[at] = v[from];
                at = from;
            }
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
            let mut r = Reorder::new(order.clone(), n as usize);
            assert_eq!(r.order(), &order[..]);
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
    fn the_identity_and_the_empty_order() {
        let mut r = Reorder::new(vec![0, 1, 2], 3);
        let mut v = vec!['a', 'b', 'c'];
        r.apply(&mut v);
        assert_eq!(v, ['a', 'b', 'c']);
        let mut r = Reorder::new(Vec::new(), 2);
        let mut v = vec![1, 2];
        r.apply(&mut v);
        assert!(v.is_empty());
    }
}
