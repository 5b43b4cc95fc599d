//! Where each record's bytes are ([`RawLoc`]), in 8 bytes a row instead of 12: the source as
//! a dictionary-coded column (1–2 bytes while the sources number at most 65,536), the offset
//! in 4 bytes and the length in 2. Records of 64 KiB and more (rare: CloudTrail's are a few
//! kilobytes) keep their length in a side table keyed by where they start, which a reorder of
//! the rows leaves valid.

use super::column::SymCol;
use super::intern::Sym;
use super::store::RawLoc;
use rustc_hash::FxHashMap;

/// A length that is in [`Locs::long`].
const LONG: u16 = u16::MAX;

/// The locations of the rows.
#[derive(Debug, Default, Clone)]
pub struct Locs {
    source: SymCol,
    offset: Vec<u32>,
    len: Vec<u16>,
    /// Lengths of `LONG` bytes and more, by (source, offset).
    long: FxHashMap<(u32, u32), u32>,
}

impl Locs {
    /// Row `i`'s location.
    pub fn get(&self, i: usize) -> RawLoc {
        let source = self.source[i].0;
        let offset = self.offset[i];
        let len = match self.len[i] {
            LONG => self.long[&(source, offset)],
            l => l as u32,
        };
        RawLoc {
            source,
            len,
            offset,
        }
    }

    /// Rows held.
    pub fn len(&self) -> usize {
        self.offset.len()
    }

    /// True when there are no rows.
    pub fn is_empty(&self) -> bool {
        self.offset.is_empty()
    }

    /// Appends one row.
    pub fn push(&mut self, l: RawLoc) {
        self.source.push(Sym(l.source));
        self.offset.push(l.offset);
        if l.len >= LONG as u32 {
            self.long.insert((l.source, l.offset), l.len);
            self.len.push(LONG);
        } else {
            self.len.push(l.len as u16);
        }
    }

    /// Appends every row of `other`.
    pub fn extend(&mut self, other: &Locs) {
        self.source.append(&other.source);
        self.offset.extend_from_slice(&other.offset);
        self.len.extend_from_slice(&other.len);
        self.long.extend(other.long.iter().map(|(&k, &v)| (k, v)));
    }

    /// Reorders rows in place (see [`super::reorder::Reorder`]).
    pub fn permute(&mut self, order: &super::reorder::Reorder) {
        self.source.permute(order);
        order.apply(&mut self.offset);
        order.apply(&mut self.len);
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.source.heap_bytes()
            + self.offset.capacity() * 4
            + self.len.capacity() * 2
            + self.long.capacity() * 12
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        self.source.shrink_to_fit();
        self.offset.shrink_to_fit();
        self.len.shrink_to_fit();
        self.long.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_location_comes_back_after_a_reorder() {
        let mut l = Locs::default();
        let want: Vec<RawLoc> = (0..70_000u32)
            .map(|i| RawLoc {
                source: i % 1000 * 70,
                len: if i % 997 == 0 { 65_535 + i } else { i % 65_535 },
                offset: i * 3,
            })
            .collect();
        let (a, b) = want.split_at(40_000);
        for &x in a {
            l.push(x);
        }
        let mut rest = Locs::default();
        for &x in b {
            rest.push(x);
        }
        l.extend(&rest);
        assert_eq!(l.len(), want.len());
        assert!((0..want.len()).all(|i| l.get(i) == want[i]));
        let perm: Vec<u32> = (0..want.len() as u32).rev().collect();
        let order = super::super::reorder::Reorder::new(perm, want.len());
        l.permute(&order);
        let n = want.len();
        assert!((0..n).all(|i| l.get(i) == want[n - 1 - i]));
        l.shrink_to_fit();
        assert!(
            l.heap_bytes() < n * 9,
            "{} bytes for {n} rows",
            l.heap_bytes()
        );
    }
}
