//! Marked events: a bit set over store rows (O(1) test per visible row, cheap to remap).

/// A set of store rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    bits: Vec<u64>,
    count: usize,
    /// The row marked last (start of a `V` range).
    pub last: Option<u32>,
}

impl Marks {
    /// True when `row` is marked.
    pub fn contains(&self, row: u32) -> bool {
        let (w, b) = (row as usize / 64, row % 64);
        self.bits.get(w).is_some_and(|x| x & (1 << b) != 0)
    }

    /// Marks `row`.
    pub fn insert(&mut self, row: u32) {
        let (w, b) = (row as usize / 64, row % 64);
        if w >= self.bits.len() {
            self.bits.resize(w + 1, 0);
        }
        if self.bits[w] & (1 << b) == 0 {
            self.bits[w] |= 1 << b;
            self.count += 1;
        }
    }

    /// Unmarks `row`.
    pub fn remove(&mut self, row: u32) {
        let (w, b) = (row as usize / 64, row % 64);
        if let Some(x) = self.bits.get_mut(w) {
            if *x & (1 << b) != 0 {
                *x &= !(1 << b);
                self.count -= 1;
            }
        }
    }

    /// Flips `row`; returns whether it is marked now.
    pub fn toggle(&mut self, row: u32) -> bool {
        if self.contains(row) {
            self.remove(row);
            false
        } else {
            self.insert(row);
            true
        }
    }

    /// Number of marked rows.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Unmarks everything.
    pub fn clear(&mut self) {
        self.bits.clear();
        self.count = 0;
        self.last = None;
    }

    /// Marked rows, ascending (time order once the store is finalized).
    pub fn rows(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count);
        for (w, &x) in self.bits.iter().enumerate() {
            let mut x = x;
            while x != 0 {
                let b = x.trailing_zeros();
                out.push((w * 64) as u32 + b);
                x &= x - 1;
            }
        }
        out
    }

    /// Renumbers rows after the store was finalized (`remap[old]` = new or `u32::MAX`).
    pub fn remap(&mut self, remap: &[u32]) {
        let old = self.rows();
        let last = self
            .last
            .and_then(|r| remap.get(r as usize).copied())
            .filter(|&r| r != u32::MAX);
        self.clear();
        for r in old {
            if let Some(&n) = remap.get(r as usize) {
                if n != u32::MAX {
                    self.insert(n);
                }
            }
        }
        self.last = last;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_ops_and_remap() {
        let mut m = Marks::default();
        m.insert(3);
        m.insert(70);
        m.insert(3);
        assert_eq!(m.count(), 2);
        assert!(m.toggle(5));
        assert!(!m.toggle(5));
        assert_eq!(m.rows(), vec![3, 70]);
        let mut remap: Vec<u32> = (0..100).rev().collect();
        remap[3] = u32::MAX;
        m.last = Some(70);
        m.remap(&remap);
        assert_eq!(m.rows(), vec![29]);
        assert_eq!(m.last, Some(29));
    }
}
