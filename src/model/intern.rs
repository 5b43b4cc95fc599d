//! String interning: every repeated string (event names, principals, IPs, resource ARNs…) is
//! stored once and referred to by a 4-byte [`Sym`].
//!
//! The table is compact because a million events carry hundreds of thousands of distinct
//! strings (resource ARNs, issued keys, error messages): the bytes live back to back in one
//! arena, each string costs a 4-byte end offset plus a 4-byte slot in a hash table of indices,
//! instead of a heap allocation, a pointer in a Vec and a key in a HashMap.

use hashbrown::HashTable;
use std::hash::BuildHasher;

/// An interned string id. `Sym::NONE` (0) is the empty / absent value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub u32);

impl Sym {
    /// The absent value: the field was missing, null, empty or of the wrong type.
    pub const NONE: Sym = Sym(0);

    /// True when the field had no value.
    pub fn is_none(self) -> bool {
        self.0 == 0
    }
}

/// A string table: `Sym` ↔ string. Index 0 is always the empty string.
#[derive(Debug, Clone)]
pub struct Interner {
    /// Every string, back to back.
    bytes: String,
    /// `ends.get(i)` is where string `i` ends in `bytes`; it starts where `i - 1` ends.
    ends: Ends,
    /// Indices into `ends`, hashed by their string.
    table: HashTable<u32>,
}

fn hash(s: &str) -> u64 {
    rustc_hash::FxBuildHasher.hash_one(s)
}

fn get<'a>(bytes: &'a str, ends: &Ends, i: u32) -> &'a str {
    &bytes[ends.range(i as usize)]
}

/// Ascending end offsets in 4 bytes each: the low 32 bits, and the few indices from which
/// the offsets pass another 4 GiB (none below 4 GiB of text).
#[derive(Debug, Clone, Default)]
pub(crate) struct Ends {
    low: Vec<u32>,
    /// `wraps[k]` is the first index whose end is at least `(k + 1) << 32`.
    wraps: Vec<u32>,
}

impl Ends {
    /// Where string `i` lies: from where `i - 1` ends (0 for the first) to where it ends.
    pub(crate) fn range(&self, i: usize) -> std::ops::Range<usize> {
        let start = if i == 0 { 0 } else { self.get(i - 1) };
        start..self.get(i)
    }

    pub(crate) fn get(&self, i: usize) -> usize {
        let high = match self.wraps.is_empty() {
            true => 0,
            false => self.wraps.partition_point(|&w| w as usize <= i),
        };
        ((high as u64) << 32 | self.low[i] as u64) as usize
    }

    pub(crate) fn push(&mut self, end: usize) {
        let i = self.low.len() as u32;
        while ((self.wraps.len() as u64 + 1) << 32) <= end as u64 {
            self.wraps.push(i);
        }
        self.low.push(end as u32);
    }

    pub(crate) fn len(&self) -> usize {
        self.low.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.low.is_empty()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.low.capacity()
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.low.shrink_to_fit();
    }
}

impl Default for Interner {
    fn default() -> Self {
        let mut t = Interner::placeholder();
        t.ends.push(0);
        t.table.insert_unique(hash(""), 0, |_| hash(""));
        t
    }
}

impl Interner {
    /// A table holding nothing, not even the empty string; allocates nothing. Only a
    /// stand-in while the real table is borrowed elsewhere.
    pub(crate) fn placeholder() -> Interner {
        Interner {
            bytes: String::new(),
            ends: Ends::default(),
            table: HashTable::new(),
        }
    }

    /// Returns the symbol of `s`, adding it if new. The empty string is `Sym::NONE`.
    pub fn intern(&mut self, s: &str) -> Sym {
        let h = hash(s);
        let (bytes, ends) = (&self.bytes, &self.ends);
        if let Some(&i) = self.table.find(h, |&i| get(bytes, ends, i) == s) {
            return Sym(i);
        }
        let i = u32::try_from(self.ends.len()).expect("more than 4 billion distinct strings");
        self.bytes.push_str(s);
        self.ends.push(self.bytes.len());
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.table
            .insert_unique(h, i, |&j| hash(get(bytes, ends, j)));
        Sym(i)
    }

    /// The symbol of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.table
            .find(hash(s), |&i| get(&self.bytes, &self.ends, i) == s)
            .map(|&i| Sym(i))
    }

    /// The string of `sym` (empty for `Sym::NONE`).
    pub fn resolve(&self, sym: Sym) -> &str {
        if self.ends.is_empty() {
            return "";
        }
        get(&self.bytes, &self.ends, sym.0)
    }

    /// Number of distinct strings, the empty one included.
    pub fn len(&self) -> usize {
        self.ends.len().max(1)
    }

    /// Always false: the empty string is always present.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Every (sym, string) pair, `Sym::NONE` included.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &str)> {
        (0..self.ends.len() as u32).map(|i| (Sym(i), get(&self.bytes, &self.ends, i)))
    }

    /// The strings from `first` on, in symbol order: `(first..len)`.
    pub fn iter_from(&self, first: u32) -> impl Iterator<Item = &str> {
        (first.min(self.ends.len() as u32)..self.ends.len() as u32)
            .map(|i| get(&self.bytes, &self.ends, i))
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.ends.capacity() * 4 + self.table.capacity() * 5
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
        let (bytes, ends) = (&self.bytes, &self.ends);
        self.table.shrink_to_fit(|&j| hash(get(bytes, ends, j)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_resolves_and_survives_growth() {
        let mut t = Interner::default();
        assert_eq!(t.intern(""), Sym::NONE);
        let syms: Vec<Sym> = (0..10_000).map(|i| t.intern(&format!("s{i}"))).collect();
        for (i, s) in syms.iter().enumerate() {
            assert_eq!(t.resolve(*s), format!("s{i}"));
            assert_eq!(t.intern(&format!("s{i}")), *s);
            assert_eq!(t.lookup(&format!("s{i}")), Some(*s));
        }
        assert_eq!(t.lookup("nope"), None);
        assert_eq!(t.len(), 10_001);
        t.shrink_to_fit();
        assert_eq!(t.intern("s42"), syms[42]);
        assert_eq!(t.iter().nth(3).unwrap().1, "s2");
        assert_eq!(Interner::placeholder().resolve(Sym::NONE), "");
    }

    #[test]
    fn ends_past_4_gib_keep_their_high_bits() {
        let mut e = Ends::default();
        let g = 1usize << 32;
        for end in [0, 10, g - 1, g, g + 5, 3 * g + 1, 3 * g + 2] {
            e.push(end);
        }
        let got: Vec<usize> = (0..e.len()).map(|i| e.get(i)).collect();
        assert_eq!(got, [0, 10, g - 1, g, g + 5, 3 * g + 1, 3 * g + 2]);
    }
}
