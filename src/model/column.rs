//! A column of interned values ([`Sym`]s), dictionary-coded so a column with few distinct values
//! costs one or two bytes per row instead of four: a region, an event type or an account takes a
//! byte, an event name or a user agent two. A column that outgrows 65,536 distinct values keeps
//! the symbols themselves. Reading a row gives a `&Sym` (into the dictionary), so the column reads
//! like the `&[Sym]` it replaces. Pure data.

use super::intern::Sym;
use rustc_hash::FxHashMap;

/// The rows' codes, as narrow as the dictionary allows.
#[derive(Debug, Clone)]
enum Codes {
    /// Index into the dictionary, at most 256 values.
    U8(Vec<u8>),
    /// Index into the dictionary, at most 65,536 values.
    U16(Vec<u16>),
    /// The symbols themselves (no dictionary).
    Raw(Vec<Sym>),
}

/// Another column's dictionary, mapped into this one's (see [`SymCol::extend_remapped`]).
enum Mapped {
    /// This column's code of each value.
    Codes(Vec<u32>),
    /// Each value's symbol (this column is raw).
    Syms(Vec<Sym>),
}

/// A column of [`Sym`]s, one per row (see the module doc).
#[derive(Debug, Clone)]
pub struct SymCol {
    codes: Codes,
    /// Code → symbol (empty once raw).
    dict: Vec<Sym>,
    /// Symbol → code (empty once raw).
    index: FxHashMap<u32, u32>,
    /// The last symbol coded and its code: rows come in runs of one value.
    last: (Sym, u32),
}

impl Default for SymCol {
    fn default() -> Self {
        let mut index = FxHashMap::default();
        index.insert(0, 0);
        SymCol {
            codes: Codes::U8(Vec::new()),
            dict: vec![Sym::NONE],
            index,
            last: (Sym::NONE, 0),
        }
    }
}

impl std::ops::Index<usize> for SymCol {
    type Output = Sym;

    fn index(&self, i: usize) -> &Sym {
        match &self.codes {
            Codes::U8(c) => &self.dict[c[i] as usize],
            Codes::U16(c) => &self.dict[c[i] as usize],
            Codes::Raw(c) => &c[i],
        }
    }
}

impl<'a> IntoIterator for &'a SymCol {
    type Item = &'a Sym;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The rows of a [`SymCol`], in order.
pub struct Iter<'a> {
    col: &'a SymCol,
    next: usize,
    end: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Sym;

    fn next(&mut self) -> Option<&'a Sym> {
        if self.next >= self.end {
            return None;
        }
        self.next += 1;
        Some(&self.col[self.next - 1])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl SymCol {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match &self.codes {
            Codes::U8(c) => c.len(),
            Codes::U16(c) => c.len(),
            Codes::Raw(c) => c.len(),
        }
    }

    /// True when the column has no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The symbol of row `i`, if there is such a row.
    pub fn get(&self, i: usize) -> Option<&Sym> {
        (i < self.len()).then(|| &self[i])
    }

    /// Every row's symbol, in row order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            col: self,
            next: 0,
            end: self.len(),
        }
    }

    /// Bytes per row of the codes now: 1, 2 or 4.
    pub fn width(&self) -> usize {
        match &self.codes {
            Codes::U8(_) => 1,
            Codes::U16(_) => 2,
            Codes::Raw(_) => 4,
        }
    }

    /// The distinct symbols of a dictionary-coded column (empty once raw).
    pub fn dict(&self) -> &[Sym] {
        &self.dict
    }

    /// The code of `s`, adding it to the dictionary (and widening the codes) when new; `None`
    /// when the column is raw.
    fn code(&mut self, s: Sym) -> Option<u32> {
        if matches!(self.codes, Codes::Raw(_)) {
            return None;
        }
        if self.last.0 == s {
            return Some(self.last.1);
        }
        let code = match self.index.get(&s.0) {
            Some(&c) => c,
            None => {
                let c = self.dict.len() as u32;
                match &self.codes {
                    Codes::U8(_) if c > u8::MAX as u32 => self.widen(),
                    Codes::U16(_) if c > u16::MAX as u32 => {
                        self.widen();
                        return None;
                    }
                    _ => {}
                }
                self.dict.push(s);
                self.index.insert(s.0, c);
                c
            }
        };
        self.last = (s, code);
        Some(code)
    }

    /// U8 → U16, U16 → raw (dropping the dictionary).
    fn widen(&mut self) {
        let codes = std::mem::replace(&mut self.codes, Codes::Raw(Vec::new()));
        self.codes = match codes {
            Codes::U8(c) => Codes::U16(c.into_iter().map(u16::from).collect()),
            Codes::U16(c) => {
                let raw = c.into_iter().map(|x| self.dict[x as usize]).collect();
                self.dict = Vec::new();
                self.index = FxHashMap::default();
                Codes::Raw(raw)
            }
            raw => raw,
        };
    }

    /// Appends one row.
    pub fn push(&mut self, s: Sym) {
        match self.code(s) {
            Some(c) => match &mut self.codes {
                Codes::U8(v) => v.push(c as u8),
                Codes::U16(v) => v.push(c as u16),
                Codes::Raw(_) => unreachable!("a raw column has no codes"),
            },
            None => match &mut self.codes {
                Codes::Raw(v) => v.push(s),
                _ => unreachable!("only a raw column has no codes"),
            },
        }
    }

    /// Appends rows.
    pub fn extend(&mut self, it: impl IntoIterator<Item = Sym>) {
        let it = it.into_iter();
        let (lo, _) = it.size_hint();
        match &mut self.codes {
            Codes::U8(v) => v.reserve(lo),
            Codes::U16(v) => v.reserve(lo),
            Codes::Raw(v) => v.reserve(lo),
        }
        for s in it {
            self.push(s);
        }
    }

    /// Appends every row of `other`, whose symbols are translated by `remap` (another string
    /// table's). Each distinct value of `other` is looked up once, not once per row.
    pub fn extend_remapped(&mut self, other: &SymCol, remap: &[Sym]) {
        self.extend_mapped(other, |s| remap[s.0 as usize]);
    }

    /// Calls `f` with each distinct value of the column (for a raw column, each row's value:
    /// some more than once).
    pub fn for_each_value(&self, mut f: impl FnMut(Sym)) {
        match &self.codes {
            Codes::Raw(c) => c.iter().for_each(|&s| f(s)),
            _ => self.dict.iter().for_each(|&s| f(s)),
        }
    }

    /// Appends every row of `other`, whose symbols are this column's own (same table).
    pub fn append(&mut self, other: &SymCol) {
        self.extend_mapped(other, |s| s);
    }

    /// Appends every row of `other`, its symbols translated by `map`: each distinct value of a
    /// dictionary-coded `other` is mapped and coded once, not once per row.
    fn extend_mapped(&mut self, other: &SymCol, map: impl Fn(Sym) -> Sym) {
        match &other.codes {
            Codes::Raw(c) => self.extend(c.iter().map(|&s| map(s))),
            Codes::U8(c) => {
                let m = self.codes_of(&other.dict, &map);
                self.extend_codes(c.iter().map(|&c| c as usize), &m);
            }
            Codes::U16(c) => {
                let m = self.codes_of(&other.dict, &map);
                self.extend_codes(c.iter().map(|&c| c as usize), &m);
            }
        }
    }

    /// For each of `dict` (remapped): its code here (the dictionary grown to hold them all), or
    /// its symbol when this column is raw by then (widening part-way voids earlier codes).
    fn codes_of(&mut self, dict: &[Sym], map: &impl Fn(Sym) -> Sym) -> Mapped {
        let syms: Vec<Sym> = dict.iter().map(|&s| map(s)).collect();
        let codes: Vec<Option<u32>> = syms.iter().map(|&s| self.code(s)).collect();
        if matches!(self.codes, Codes::Raw(_)) {
            Mapped::Syms(syms)
        } else {
            Mapped::Codes(codes.into_iter().map(|c| c.unwrap_or(0)).collect())
        }
    }

    /// Appends rows given as indices into the dictionary mapped by [`SymCol::codes_of`].
    fn extend_codes(&mut self, rows: impl Iterator<Item = usize>, map: &Mapped) {
        match (map, &mut self.codes) {
            (Mapped::Codes(m), Codes::U8(v)) => v.extend(rows.map(|c| m[c] as u8)),
            (Mapped::Codes(m), Codes::U16(v)) => v.extend(rows.map(|c| m[c] as u16)),
            (Mapped::Syms(m), Codes::Raw(v)) => v.extend(rows.map(|c| m[c])),
            _ => unreachable!("codes_of maps to what the column holds"),
        }
    }

    /// Reorders rows in place (see [`super::reorder::Reorder`]).
    pub fn permute(&mut self, order: &super::reorder::Reorder) {
        match &mut self.codes {
            Codes::U8(c) => order.apply(c),
            Codes::U16(c) => order.apply(c),
            Codes::Raw(c) => order.apply(c),
        }
    }

    /// Heap bytes held: codes, dictionary and its index.
    pub fn heap_bytes(&self) -> usize {
        let codes = match &self.codes {
            Codes::U8(c) => c.capacity(),
            Codes::U16(c) => c.capacity() * 2,
            Codes::Raw(c) => c.capacity() * 4,
        };
        // hashbrown: a (key, value) slot and a control byte per bucket.
        codes + self.dict.capacity() * 4 + self.index.capacity() * 9
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        match &mut self.codes {
            Codes::U8(c) => c.shrink_to_fit(),
            Codes::U16(c) => c.shrink_to_fit(),
            Codes::Raw(c) => c.shrink_to_fit(),
        }
        self.dict.shrink_to_fit();
        self.index.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows read back as pushed through every width: 1 byte up to 256 values, 2 up to 65,536,
    /// then the symbols themselves; permute and extend keep rows and widths.
    #[test]
    fn widens_and_reads_back() {
        let mut c = SymCol::default();
        let mut want = Vec::new();
        let mut k = 0u32;
        // Distinct values so far: ~134, ~800, ~100,000.
        for (n, width) in [(200u32, 1), (1_000, 2), (150_000, 4)] {
            for i in 0..n {
                k += 1;
                let s = Sym(if i % 3 == 0 { 0 } else { 10 + k * 7 });
                c.push(s);
                want.push(s);
            }
            assert_eq!(c.width(), width, "after {n} distinct values");
            assert_eq!(c.len(), want.len());
            assert!(c.iter().copied().eq(want.iter().copied()));
            assert_eq!(c.get(want.len()), None);
        }
        let perm: Vec<u32> = (0..want.len() as u32).rev().collect();
        c.permute(&super::super::reorder::Reorder::new(perm, want.len()));
        want.reverse();
        assert!(c.iter().copied().eq(want.iter().copied()));
        // Appending another column's rows through a remap, at every pair of widths.
        let cases = [
            (10u32, 10u32),
            (300, 10),
            (10, 300),
            (150_000, 300),
            (300, 150_000),
            (90_000, 40_000), // raw part-way through the other's dictionary
        ];
        for (a, b) in cases {
            let (mut x, mut y) = (SymCol::default(), SymCol::default());
            let mut want = Vec::new();
            for i in 0..a {
                x.push(Sym(i % 3 * i));
                want.push(Sym(i % 3 * i));
            }
            let remap: Vec<Sym> = (0..200_000).map(|i| Sym(i * 5)).collect();
            for i in 0..b {
                y.push(Sym(i % 2 * (i + 1)));
                want.push(Sym(i % 2 * (i + 1) * 5));
            }
            x.extend_remapped(&y, &remap);
            assert!(x.iter().copied().eq(want.iter().copied()), "{a} + {b}");
        }
        let mut small = SymCol::default();
        small.extend([Sym(5), Sym(0), Sym(5), Sym(9)]);
        assert_eq!(small.width(), 1);
        assert_eq!(small.dict(), &[Sym(0), Sym(5), Sym(9)]);
        assert_eq!(
            small.iter().copied().collect::<Vec<_>>(),
            [Sym(5), Sym(0), Sym(5), Sym(9)]
        );
        assert_eq!(small[3], Sym(9));
    }
}
