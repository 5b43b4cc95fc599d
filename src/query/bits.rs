//! A fixed-size row bitset: one bit per row, combined word by word. Building one from a
//! per-row predicate and listing its rows run in parallel chunks of whole words once the store
//! is large (two cores halve an indexed filter's scan at 10M events).

use rayon::prelude::*;

/// Words per parallel chunk (a quarter of a million rows): large enough that rayon's overhead
/// is nothing next to the chunk's work, small enough that two cores share a scan evenly.
const PAR_WORDS: usize = 4096;

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

    /// [`Bits::from_fn`] with `f` called from several threads, in chunks of [`PAR_WORDS`]
    /// words (a small bitset is built on the calling thread).
    pub fn from_fn_par(len: usize, f: impl Fn(usize) -> bool + Sync) -> Bits {
        let mut words = vec![0u64; len.div_ceil(64)];
        let fill = |ci: usize, ws: &mut [u64]| {
            let mut base = ci * PAR_WORDS * 64;
            for w in ws {
                let n = (len - base).min(64);
                let mut x = 0u64;
                for i in 0..n {
                    x |= (f(base + i) as u64) << i;
                }
                *w = x;
                base += 64;
            }
        };
        if words.len() <= PAR_WORDS {
            fill(0, &mut words);
        } else {
            words
                .par_chunks_mut(PAR_WORDS)
                .enumerate()
                .for_each(|(ci, ws)| fill(ci, ws));
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

    /// The set rows as `u32`, ascending; a large bitset is listed in parallel chunks (counted
    /// first, so that each chunk writes its own part of the list).
    pub fn to_rows(&self) -> Vec<u32> {
        /// Writes the set rows of `words` (the first being word `first`) into `out`, which
        /// holds exactly as many.
        fn list(words: &[u64], first: usize, out: &mut [u32]) {
            let mut k = 0;
            for (wi, &w) in words.iter().enumerate() {
                let mut w = w;
                let base = (first + wi) * 64;
                while w != 0 {
                    out[k] = (base + w.trailing_zeros() as usize) as u32;
                    w &= w - 1;
                    k += 1;
                }
            }
        }
        if self.words.len() <= PAR_WORDS {
            let mut out = vec![0u32; self.count()];
            list(&self.words, 0, &mut out);
            return out;
        }
        let chunks: Vec<&[u64]> = self.words.chunks(PAR_WORDS).collect();
        let counts: Vec<usize> = chunks
            .par_iter()
            .map(|c| c.iter().map(|w| w.count_ones() as usize).sum())
            .collect();
        // Zeroed memory of this size comes fresh from the system: the chunks fault their own
        // pages in as they write, in parallel.
        let mut out = vec![0u32; counts.iter().sum()];
        let mut parts = Vec::with_capacity(chunks.len());
        let mut rest = &mut out[..];
        for &c in &counts {
            let (part, tail) = rest.split_at_mut(c);
            parts.push(part);
            rest = tail;
        }
        parts
            .into_par_iter()
            .zip(chunks)
            .enumerate()
            .for_each(|(ci, (part, words))| list(words, ci * PAR_WORDS, part));
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
            assert_eq!(Bits::from_fn_par(len, |i| i % 3 == 0), f);
            let mut g = f.clone();
            g.and_not(&Bits::from_fn(len, |i| i % 2 == 0));
            assert!(g.iter().all(|i| i % 6 == 3));
        }
    }

    /// Past one chunk, the parallel paths give what the sequential ones do, chunk edges
    /// included (rows 0, the last, and either side of each chunk boundary).
    #[test]
    fn parallel_chunks_agree() {
        let chunk = PAR_WORDS * 64;
        for len in [chunk + 1, 3 * chunk - 1, 3 * chunk + 70] {
            let pick = |i: usize| {
                i.is_multiple_of(7) || i % chunk <= 1 || i % chunk == chunk - 1 || i + 1 == len
            };
            let seq = Bits::from_fn(len, pick);
            let par = Bits::from_fn_par(len, pick);
            assert_eq!(par, seq, "from_fn_par at {len}");
            let want: Vec<u32> = (0..len).filter(|&i| pick(i)).map(|i| i as u32).collect();
            assert_eq!(par.to_rows(), want, "to_rows at {len}");
            assert_eq!(Bits::ones(len).to_rows().len(), len);
            assert!(Bits::zeros(len).to_rows().is_empty());
        }
    }
}
