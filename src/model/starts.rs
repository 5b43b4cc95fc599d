//! Where each row's run begins in a list shared by all rows (the resource ARNs of every event,
//! back to back): two bytes a row instead of a `u32`. Rows are in blocks of 64; a block keeps its
//! first start as a `u32` and each row's start as a `u16` past it. The rare block whose rows hold
//! more than 65,535 entries (a record with a huge `resources` list) keeps its starts whole. Pure
//! data.

use rustc_hash::FxHashMap;

const BLOCK: usize = 64;

/// Row starts into a shared list (see the module doc).
#[derive(Debug, Default, Clone)]
pub struct Starts {
    /// The start of each block's first row.
    base: Vec<u32>,
    /// Each row's start less its block's base (0 in a wide block).
    rel: Vec<u16>,
    /// Blocks too wide for `u16`: their rows' starts.
    wide: FxHashMap<u32, Vec<u32>>,
}

impl Starts {
    /// Appends a row starting at `start` (not before the previous row's start).
    pub fn push(&mut self, start: u32) {
        let row = self.rel.len();
        let block = row / BLOCK;
        if row.is_multiple_of(BLOCK) {
            self.base.push(start);
        }
        if let Some(w) = self.wide.get_mut(&(block as u32)) {
            w.push(start);
            self.rel.push(0);
            return;
        }
        match u16::try_from(start - self.base[block]) {
            Ok(r) => self.rel.push(r),
            Err(_) => {
                let first = block * BLOCK;
                let mut w: Vec<u32> = (first..row).map(|r| self.get(r)).collect();
                w.push(start);
                self.wide.insert(block as u32, w);
                self.rel.push(0);
            }
        }
    }

    /// Where row `row` starts.
    pub fn get(&self, row: usize) -> u32 {
        let block = row / BLOCK;
        if !self.wide.is_empty() {
            if let Some(w) = self.wide.get(&(block as u32)) {
                return w[row % BLOCK];
            }
        }
        self.base[block] + self.rel[row] as u32
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rel.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rel.is_empty()
    }

    /// Gives back spare capacity.
    pub fn shrink_to_fit(&mut self) {
        self.base.shrink_to_fit();
        self.rel.shrink_to_fit();
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.base.capacity() * 4
            + self.rel.capacity() * 2
            + self
                .wide
                .values()
                .map(|w| w.capacity() * 4 + 16)
                .sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_read_back_across_narrow_and_wide_blocks() {
        let mut s = Starts::default();
        let mut want = Vec::new();
        let mut at = 0u32;
        for row in 0..1000u32 {
            // Mostly 0-3 entries a row; rows 130 and 700 hold 100,000 each.
            want.push(at);
            s.push(at);
            at += if row == 130 || row == 700 {
                100_000
            } else {
                row % 4
            };
        }
        assert_eq!(s.len(), 1000);
        for (r, &w) in want.iter().enumerate() {
            assert_eq!(s.get(r), w, "row {r}");
        }
        assert_eq!(
            s.wide.len(),
            2,
            "only the two blocks after a huge row are wide"
        );
        assert!(s.heap_bytes() < 1000 * 4, "narrower than u32 per row");
    }
}
