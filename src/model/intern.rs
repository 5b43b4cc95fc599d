//! String interning: every repeated string (event names, principals, IPs…) is stored once and
//! referred to by a 4-byte [`Sym`].

use rustc_hash::FxHashMap;
use std::sync::Arc;

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
    map: FxHashMap<Arc<str>, Sym>,
    strs: Vec<Arc<str>>,
}

impl Default for Interner {
    fn default() -> Self {
        let empty: Arc<str> = Arc::from("");
        let mut map = FxHashMap::default();
        map.insert(empty.clone(), Sym::NONE);
        Interner {
            map,
            strs: vec![empty],
        }
    }
}

impl Interner {
    /// A table holding nothing, not even the empty string; allocates nothing. Only a
    /// stand-in while the real table is borrowed elsewhere.
    pub(crate) fn placeholder() -> Interner {
        Interner {
            map: FxHashMap::default(),
            strs: Vec::new(),
        }
    }

    /// Returns the symbol of `s`, adding it if new. The empty string is `Sym::NONE`.
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym(self.strs.len() as u32);
        let a: Arc<str> = Arc::from(s);
        self.strs.push(a.clone());
        self.map.insert(a, sym);
        sym
    }

    /// The symbol of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    /// The string of `sym` (empty for `Sym::NONE`).
    pub fn resolve(&self, sym: Sym) -> &str {
        &self.strs[sym.0 as usize]
    }

    /// Number of distinct strings, the empty one included.
    pub fn len(&self) -> usize {
        self.strs.len()
    }

    /// Always false: the empty string is always present.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Every (sym, string) pair, `Sym::NONE` included.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &str)> {
        self.strs
            .iter()
            .enumerate()
            .map(|(i, s)| (Sym(i as u32), &**s))
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.strs.iter().map(|s| s.len() + 16).sum::<usize>()
            + self.strs.capacity() * 16
            + self.map.capacity() * 24
    }
}
