//! A fixed-size row bitset: one bit per row, combined word by word.

/// One bit per row of the store; bits past `len` are always zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// All rows clear.
    pub fn zeros(len: usize) -> Bits {
        Bits {
            words: vec![0; len.div_ceil(64)],
            len,
        }
    }

    /// All rows set.
    pub fn ones(len: usize) -> Bits {
        let mut b = Bits {
            words: vec![u64::MAX; len.div_ceil(64)],
            len,
        };
        b.trim();
        b
    }

    /// Rows `lo..hi` set.
    pub fn range(len: usize, lo: usize, hi: usize) -> Bits {
        let mut b = Bits::zeros(len);
        let hi = hi.min(len);
        if lo >= hi {
            return b;
        }
        let (wl, wh) = (lo / 64, (hi - 1) / 64);
        for w in wl..=wh {
            b.words[w] = u64::MAX;
        }
        b.words[wl] &= u64::MAX << (lo % 64);
        let top = hi % 64;
        if top != 0 {
            b.words[wh] &= (1u64 << top) - 1;
        }
        b
    }

    /// Builds from a per-row predicate, 64 rows at a time.
    #[inline]
    pub fn from_fn(len: usize, mut f: impl FnMut(usize) -> bool) -> Bits {
        let mut words = Vec::with_capacity(len.div_ceil(64));
        let mut base = 0;
        while base < len {
            let n = (len - base).min(64);
            let mut w = 0u64;
            for i in 0..n {
                w |= (f(base + i) as u64) << i;
            }
            words.push(w);
            base += 64;
        }
        Bits { words, len }
    }

    fn trim(&mut self) {
        let r = self.len % 64;
        if r != 0 {
            if let Some(last) = self.words.last_mut() {
                *last &= (1u64 << r) - 1;
            }
        }
    }

    /// Row `i` set?
    #[inline]
    pub fn get(&self, i: usize) -> bool {
        self.words[i / 64] >> (i % 64) & 1 != 0
    }

    /// Sets row `i`.
    #[inline]
    pub fn set(&mut self, i: usize) {
        self.words[i / 64] |= 1u64 << (i % 64);
    }

    /// `self &= other`.
    pub fn and(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= *b;
        }
    }

    /// `self |= other`.
    pub fn or(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= *b;
        }
    }

    /// `self &= !other`.
    pub fn and_not(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= !*b;
        }
    }

    /// Complements every row.
    pub fn not(&mut self) {
        for a in self.words.iter_mut() {
            *a = !*a;
        }
        self.trim();
    }

    /// True when no row is set.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Number of rows set.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The set rows, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let t = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + t)
            })
        })
    }

    /// The set rows as `u32`, ascending.
    pub fn to_rows(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.count());
        for (wi, &w) in self.words.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let t = w.trailing_zeros() as usize;
                w &= w - 1;
                out.push((wi * 64 + t) as u32);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops() {
        for len in [0, 1, 63, 64, 65, 130] {
            let ones = Bits::ones(len);
            assert_eq!(ones.count(), len);
            let mut z = Bits::zeros(len);
            z.not();
            assert_eq!(z, ones);
            for lo in 0..len.min(70) {
                for hi in lo..=len.min(70) {
                    let r = Bits::range(len, lo, hi);
                    assert_eq!(r.to_rows(), (lo as u32..hi as u32).collect::<Vec<_>>());
                }
            }
            let f = Bits::from_fn(len, |i| i % 3 == 0);
            assert_eq!(
                f.iter().collect::<Vec<_>>(),
                (0..len).filter(|i| i % 3 == 0).collect::<Vec<_>>()
            );
            let mut g = f.clone();
            g.and_not(&Bits::from_fn(len, |i| i % 2 == 0));
            assert!(g.iter().all(|i| i % 6 == 3));
        }
    }
}
