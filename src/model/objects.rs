//! S3 object ARNs, stored once each with their directory shared.
//!
//! Data events name an object per call (`arn:aws:s3:::bucket/logs/2026/11/01/part-….gz`): at a
//! million events a quarter of a million distinct ARNs of about 100 bytes, two thirds of which
//! is a directory that thousands of them share. Kept in the string table they were a fifth of
//! the store; here each is a directory symbol (in a small table of directories, one or two
//! bytes per object) and the part after the last `/`.
//!
//! The store's `resources` column holds these as [`Sym`]s tagged with [`OBJECT`]; every other
//! column holds plain string-table symbols only (see `EventStore::intern_resource`).

use super::intern::{Ends, Interner, Sym};
use super::SymCol;
use hashbrown::HashTable;
use std::hash::BuildHasher;

/// The bit that marks a resource symbol as an index into [`Objects`] rather than the string
/// table.
pub const OBJECT: u32 = 1 << 31;

/// True when `s` is an [`Objects`] symbol.
pub fn is_object(s: Sym) -> bool {
    s.0 & OBJECT != 0
}

/// Where the directory of an S3 object ARN (`arn:PARTITION:s3:::BUCKET/…/NAME`) ends: just
/// after its last `/`. `None` for any other string, which the string table keeps whole.
pub fn split(s: &str) -> Option<usize> {
    let rest = s.strip_prefix("arn:")?;
    let partition = rest.find(':')?;
    let bucket = rest[partition..].strip_prefix(":s3:::")?;
    let first_slash = bucket.find('/')?;
    if first_slash == 0 {
        return None;
    }
    s.rfind('/').map(|i| i + 1)
}

fn hash(dir: &str, name: &[u8]) -> u64 {
    rustc_hash::FxBuildHasher.hash_one((dir, name))
}

/// Marks a lowercase UUID (`8-4-4-4-12` hex digits): its 16 bytes follow. Neither marker byte
/// occurs in UTF-8, so the rest of a name is stored as it is.
const UUID: u8 = 0xFE;
/// Marks a run of lowercase hex digits: its length (8 to 255) follows, then the digits two to
/// a byte.
const HEX: u8 = 0xFF;

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

fn is_uuid(b: &[u8]) -> bool {
    b.len() >= 36
        && b[..36].iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => hex_digit(c).is_some(),
        })
}

fn pack(digits: impl Iterator<Item = u8>, out: &mut Vec<u8>) {
    let mut hi = None;
    for d in digits {
        match hi.take() {
            None => hi = Some(d),
            Some(h) => out.push(h << 4 | d),
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
}

/// An object's name as stored: UUIDs and runs of 8 or more lowercase hex digits (object keys
/// are full of them: Spark's `part-…-UUID.c000.snappy.parquet`, Athena's `UUID.csv`, content
/// hashes) two digits to a byte. The same name always encodes the same way, so encoded names
/// compare as the names do.
fn encode(name: &str, out: &mut Vec<u8>) {
    let b = name.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if hex_digit(b[i]).is_none() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        if is_uuid(&b[i..]) {
            out.push(UUID);
            let digits = b[i..i + 36].iter().filter(|&&c| c != b'-');
            pack(digits.map(|&c| hex_digit(c).unwrap_or(0)), out);
            i += 36;
            continue;
        }
        let run = b[i..]
            .iter()
            .take(255)
            .take_while(|&&c| hex_digit(c).is_some())
            .count();
        if run >= 8 {
            out.push(HEX);
            out.push(run as u8);
            pack(
                b[i..i + run].iter().map(|&c| hex_digit(c).unwrap_or(0)),
                out,
            );
        } else {
            out.extend_from_slice(&b[i..i + run]);
        }
        i += run;
    }
}

/// The inverse of [`encode`], appended to `out`.
fn decode(mut b: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let unpack = |packed: &[u8], n: usize, out: &mut String, dashes: bool| {
        for k in 0..n {
            if dashes && matches!(k, 8 | 12 | 16 | 20) {
                out.push('-');
            }
            let byte = packed[k / 2];
            let d = if k % 2 == 0 { byte >> 4 } else { byte & 15 };
            out.push(DIGITS[d as usize] as char);
        }
    };
    while let Some(&c) = b.first() {
        match c {
            UUID => {
                unpack(&b[1..17], 32, out, true);
                b = &b[17..];
            }
            HEX => {
                let n = b[1] as usize;
                let len = n.div_ceil(2);
                unpack(&b[2..2 + len], n, out, false);
                b = &b[2 + len..];
            }
            _ => {
                let plain = b
                    .iter()
                    .position(|&c| c == UUID || c == HEX)
                    .unwrap_or(b.len());
                // Only whole UTF-8 text is ever stored between markers.
                out.push_str(std::str::from_utf8(&b[..plain]).unwrap_or("\u{fffd}"));
                b = &b[plain..];
            }
        }
    }
}

/// The S3 object ARNs of a store.
#[derive(Debug, Clone)]
pub struct Objects {
    /// Directories: everything up to and including the last `/`.
    dirs: Interner,
    /// Per object, its directory in `dirs`.
    dir: SymCol,
    /// The names (after the last `/`), [`encode`]d, back to back.
    names: Vec<u8>,
    ends: Ends,
    /// Object indices, hashed by their ARN's parts.
    table: HashTable<u32>,
    /// A name being encoded (kept to spare an allocation per string interned).
    scratch: Vec<u8>,
}

impl Default for Objects {
    fn default() -> Self {
        Objects {
            dirs: Interner::default(),
            dir: SymCol::default(),
            names: Vec::new(),
            ends: Ends::default(),
            table: HashTable::new(),
            scratch: Vec::new(),
        }
    }
}

/// Object `i`'s directory and encoded name (a free function, so that the hash table can
/// rehash while the other fields are borrowed).
fn parts<'a>(
    dirs: &'a Interner,
    dir: &SymCol,
    names: &'a [u8],
    ends: &Ends,
    i: u32,
) -> (&'a str, &'a [u8]) {
    (
        dirs.resolve(dir[i as usize]),
        &names[ends.range(i as usize)],
    )
}

/// The hash of object `j`, for the table's rehashing.
fn rehash<'a>(
    dirs: &'a Interner,
    dir: &'a SymCol,
    names: &'a [u8],
    ends: &'a Ends,
) -> impl Fn(&u32) -> u64 + 'a {
    move |&j| {
        let (d, n) = parts(dirs, dir, names, ends, j);
        hash(d, n)
    }
}

impl Objects {
    fn parts_of(&self, i: u32) -> (&str, &[u8]) {
        parts(&self.dirs, &self.dir, &self.names, &self.ends, i)
    }

    /// The index of `s`, adding it if new. `at` is `split(s)`.
    pub fn intern(&mut self, s: &str, at: usize) -> u32 {
        let (dir, name) = s.split_at(at);
        let mut code = std::mem::take(&mut self.scratch);
        code.clear();
        encode(name, &mut code);
        let found = self.find(dir, &code);
        if let Some(i) = found {
            self.scratch = code;
            return i;
        }
        let h = hash(dir, &code);
        let i = self.ends.len() as u32;
        assert!(i < OBJECT, "more than 2 billion distinct S3 object ARNs");
        let d = self.dirs.intern(dir);
        self.dir.push(d);
        self.names.extend_from_slice(&code);
        self.scratch = code;
        self.ends.push(self.names.len());
        let rehash = rehash(&self.dirs, &self.dir, &self.names, &self.ends);
        self.table.insert_unique(h, i, rehash);
        i
    }

    fn find(&self, dir: &str, code: &[u8]) -> Option<u32> {
        self.table
            .find(hash(dir, code), |&i| self.parts_of(i) == (dir, code))
            .copied()
    }

    /// The index of `s` if it was interned.
    pub fn lookup(&self, s: &str) -> Option<u32> {
        let (dir, name) = s.split_at(split(s)?);
        let mut code = Vec::with_capacity(name.len());
        encode(name, &mut code);
        self.find(dir, &code)
    }

    /// Object `i`'s ARN, appended to `out`.
    pub fn write(&self, i: u32, out: &mut String) {
        let (dir, name) = self.parts_of(i);
        out.push_str(dir);
        decode(name, out);
    }

    /// Object `i`'s ARN.
    pub fn text(&self, i: u32) -> String {
        let (dir, name) = self.parts_of(i);
        let mut s = String::with_capacity(dir.len() + name.len() * 2);
        s.push_str(dir);
        decode(name, &mut s);
        s
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.dirs.heap_bytes()
            + self.dir.heap_bytes()
            + self.names.capacity()
            + self.ends.capacity() * 4
            + self.table.capacity() * 5
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        self.dirs.shrink_to_fit();
        self.dir.shrink_to_fit();
        self.names.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.scratch = Vec::new();
        let rehash = rehash(&self.dirs, &self.dir, &self.names, &self.ends);
        self.table.shrink_to_fit(rehash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_s3_object_arns_split_after_their_last_slash() {
        let s = "arn:aws:s3:::bucket/logs/2026/part-1.gz";
        assert_eq!(
            split(s).map(|i| &s[..i]),
            Some("arn:aws:s3:::bucket/logs/2026/")
        );
        let cn = "arn:aws-cn:s3:::b/k";
        assert_eq!(split(cn).map(|i| &cn[i..]), Some("k"));
        for plain in [
            "arn:aws:s3:::bucket",
            "arn:aws:s3:::/x",
            "arn:aws:iam::123456789012:role/admin/x",
            "arn:aws:s3:us-east-1:123:accesspoint/ap/object/k",
            "s3:::bucket/key",
            "arn:aws",
            "",
        ] {
            assert_eq!(split(plain), None, "{plain}");
        }
        // A trailing slash leaves an empty name.
        let dir = "arn:aws:s3:::b/dir/";
        assert_eq!(split(dir), Some(dir.len()));
    }

    #[test]
    fn names_pack_uuids_and_hex_runs_and_decode_exactly() {
        let cases = [
            "part-00170-60b4c145-9cee-4387-9d20-cfa41f48ee1e.c000.snappy.parquet",
            "55ea795a-c04c-439d-b9e1-62f5cba208e1.csv",
            "base-2a595cc3058e.tar.zst",
            "vendor.a13586d1.png",
            "deadbeef",
            "abcdef012",
            "60B4C145-9CEE-4387-9D20-CFA41F48EE1E.csv",
            "60b4c145-9cee-4387-9d20-cfa41f48ee1",
            "60b4c145-9cee-4387-9d20-cfa41f48ee1eff",
            "résumé-ü-0123456789abcdef-日本",
            "",
            "x",
            "1234567",
        ];
        let long = "a".repeat(600) + "-" + &"0".repeat(257);
        for name in cases.iter().copied().chain([long.as_str()]) {
            let mut code = Vec::new();
            encode(name, &mut code);
            let mut back = String::new();
            decode(&code, &mut back);
            assert_eq!(back, name);
            assert!(code.len() <= name.len() + 1, "{name}: {}", code.len());
        }
        let mut code = Vec::new();
        encode(cases[0], &mut code);
        // The UUID in 17 bytes, the shorter hex runs (`00170`, `c000`) as they are: 67 in 48.
        assert_eq!(code.len(), 48, "{code:?}");
        // Distinct names, distinct codes (a sample of look-alikes).
        let mut seen = std::collections::HashSet::new();
        for n in [
            "deadbeef",
            "deadbeef0",
            "deadbee",
            "deadbeeF",
            "0deadbeef",
            "dead-beef",
        ] {
            let mut c = Vec::new();
            encode(n, &mut c);
            assert!(seen.insert(c), "{n}");
        }
    }

    #[test]
    fn interns_each_arn_once_and_gives_it_back_whole() {
        let mut o = Objects::default();
        let arns: Vec<String> = (0..5000)
            .map(|i| format!("arn:aws:s3:::b{}/d{}/obj-{i}.json", i % 3, i % 7))
            .collect();
        let ids: Vec<u32> = arns
            .iter()
            .map(|a| o.intern(a, split(a).unwrap()))
            .collect();
        assert_eq!(o.len(), 5000);
        for (a, &i) in arns.iter().zip(&ids) {
            assert_eq!(o.text(i), *a);
            assert_eq!(o.intern(a, split(a).unwrap()), i);
            assert_eq!(o.lookup(a), Some(i));
        }
        // Same name in another directory, same directory with another name: new objects.
        assert_eq!(o.lookup("arn:aws:s3:::b0/d1/obj-0.json"), None);
        assert_eq!(o.lookup("arn:aws:s3:::b0/d0/obj-1.json"), None);
        o.shrink_to_fit();
        assert_eq!(o.lookup(&arns[4321]), Some(ids[4321]));
        let mut s = String::from("> ");
        o.write(ids[7], &mut s);
        assert_eq!(s, format!("> {}", arns[7]));
        // 21 directories, each stored once.
        assert_eq!(o.dirs.len(), 22);
    }
}
