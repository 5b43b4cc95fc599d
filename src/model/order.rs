//! The time order of a store that is still loading: rows arrive in batches (one per file) in
//! arrival order, so each batch is sorted by (time, row) when it arrives and kept as a sorted run;
//! runs of similar length are merged (like a binary counter), so there are O(log n) runs and
//! every row is moved O(log n) times over the whole load. Putting a query's rows in time order
//! is then a merge of the runs restricted to those rows — no re-sort of the store per refresh.
//! Pure data.

/// Sorted runs of row numbers covering rows `0..covered` (see the module doc).
#[derive(Debug, Default, Clone)]
pub struct TimeRuns {
    runs: Vec<Vec<u32>>,
    covered: usize,
}

/// Merges two runs sorted by `key` into one.
fn merge<K: Ord>(a: &[u32], b: &[u32], key: &impl Fn(u32) -> K) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if key(b[j]) < key(a[i]) {
            out.push(b[j]);
            j += 1;
        } else {
            out.push(a[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Merges sorted lists pairwise until one is left.
fn merge_all<K: Ord>(mut lists: Vec<Vec<u32>>, key: &impl Fn(u32) -> K) -> Vec<u32> {
    lists.retain(|l| !l.is_empty());
    while lists.len() > 1 {
        let mut next = Vec::with_capacity(lists.len().div_ceil(2));
        let mut it = lists.into_iter();
        while let Some(a) = it.next() {
            match it.next() {
                Some(b) => next.push(merge(&a, &b, key)),
                None => next.push(a),
            }
        }
        lists = next;
    }
    lists.pop().unwrap_or_default()
}

impl TimeRuns {
    /// Rows `0..covered` are in the runs.
    pub fn covered(&self) -> usize {
        self.covered
    }

    /// Number of runs.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Forgets every run (the rows were renumbered, or put in time order).
    pub fn clear(&mut self) {
        *self = TimeRuns::default();
    }

    /// Adds rows `covered..end` as a run sorted by `key` (which must order every row the same
    /// way for as long as the runs are kept), merging runs of similar length.
    pub fn add<K: Ord>(&mut self, end: usize, key: impl Fn(u32) -> K) {
        if end <= self.covered {
            return;
        }
        let mut run: Vec<u32> = (self.covered as u32..end as u32).collect();
        run.sort_by_key(|&r| key(r));
        self.covered = end;
        self.runs.push(run);
        while self.runs.len() >= 2 {
            let n = self.runs.len();
            if self.runs[n - 2].len() > 2 * self.runs[n - 1].len() {
                break;
            }
            let b = self.runs.pop().unwrap();
            let a = self.runs.pop().unwrap();
            self.runs.push(merge(&a, &b, &key));
        }
    }

    /// `rows` (ascending, each below `len`) in `key` order. Rows the runs do not cover are
    /// sorted on their own; when few rows are asked for, they are simply sorted.
    pub fn order<K: Ord + Send>(
        &self,
        rows: Vec<u32>,
        len: usize,
        key: impl Fn(u32) -> K + Sync,
    ) -> Vec<u32> {
        use rayon::prelude::*;
        let m = rows.len();
        let log = (usize::BITS - m.leading_zeros()) as usize;
        if self.runs.is_empty() || m.saturating_mul(log.max(1)) < len {
            let mut rows = rows;
            rows.par_sort_by_key(|&r| key(r));
            return rows;
        }
        // Which rows are wanted, as a bitmap.
        let mut want = vec![0u64; len.div_ceil(64)];
        let mut tail = Vec::new();
        for &r in &rows {
            if (r as usize) < self.covered {
                want[r as usize / 64] |= 1 << (r % 64);
            } else {
                tail.push(r);
            }
        }
        drop(rows);
        let has = |r: u32| want[r as usize / 64] & (1 << (r % 64)) != 0;
        let mut lists: Vec<Vec<u32>> = self
            .runs
            .par_iter()
            .map(|run| run.iter().copied().filter(|&r| has(r)).collect())
            .collect();
        tail.sort_by_key(|&r| key(r));
        lists.push(tail);
        merge_all(lists, &key)
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.runs.iter().map(|r| r.capacity() * 4).sum::<usize>()
            + self.runs.capacity() * std::mem::size_of::<Vec<u32>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Batches of rows with scrambled times: every subset comes back in (time, row) order, as
    /// a full sort would give, with few runs kept.
    #[test]
    fn runs_give_the_sort_order() {
        let times: Vec<i64> = (0..5_000u64)
            .map(|i| ((i * 7919) % 1013) as i64 / 3)
            .collect();
        let key = |r: u32| (times[r as usize], r);
        let mut runs = TimeRuns::default();
        let mut end = 0;
        for batch in [1usize, 17, 200, 3, 999, 1, 1500, 280] {
            end += batch;
            runs.add(end, key);
        }
        assert_eq!(runs.covered(), end);
        assert!(runs.runs() <= 12, "{} runs", runs.runs());
        let len = end + 1_000; // rows past the runs: sorted on their own
        for step in [1usize, 2, 7, 400] {
            let rows: Vec<u32> = (0..len as u32).step_by(step).collect();
            let mut want = rows.clone();
            want.sort_by_key(|&r| (times[r as usize % times.len()], r));
            let key = |r: u32| (times[r as usize % times.len()], r);
            assert_eq!(runs.order(rows, len, key), want, "every {step}th row");
        }
        runs.clear();
        assert_eq!(runs.covered(), 0);
    }
}
