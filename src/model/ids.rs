//! Compact storage of per-event unique ids (eventID): no interning, 16 or 17 bytes each; and
//! the fingerprints that stand for requestIDs.
//!
//! Most ids are UUIDs (stored as their 128 bits plus a case flag) or short ASCII strings
//! (≤ 16 bytes, stored inline). Anything else goes to an overflow table.

use std::fmt::Write as _;

/// A 32-bit fingerprint of an id, ASCII case-insensitive: 0 for the empty (absent) id, never 0
/// otherwise. Equal ids (ignoring ASCII case) have equal fingerprints; a different id has the
/// same one with a chance of one in four billion, so a match is confirmed from the record.
pub fn fingerprint(id: &str) -> u32 {
    if id.is_empty() {
        return 0;
    }
    let mut buf = [0u8; 64];
    let h = match id.len() <= buf.len() {
        true => {
            let b = &mut buf[..id.len()];
            b.copy_from_slice(id.as_bytes());
            b.make_ascii_lowercase();
            xxhash_rust::xxh3::xxh3_64(b)
        }
        false => xxhash_rust::xxh3::xxh3_64(id.to_ascii_lowercase().as_bytes()),
    };
    ((h ^ (h >> 32)) as u32).max(1)
}

/// How an id is encoded in its `u128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum IdTag {
    /// No id.
    None = 0,
    /// A lowercase hyphenated UUID.
    UuidLower = 1,
    /// An uppercase hyphenated UUID.
    UuidUpper = 2,
    /// ASCII, 1..=16 bytes, inline (little-endian, zero padded; length in the tag byte's high bits).
    Short = 3,
    /// Index into the overflow table.
    Overflow = 4,
}

/// A column of ids.
#[derive(Debug, Default, Clone)]
pub struct IdColumn {
    bits: Vec<u128>,
    tags: Tags,
    overflow: Vec<Box<str>>,
}

/// The rows' [`IdTag`] bytes: one value for every row while they agree (a trail's eventIDs are
/// all lowercase UUIDs), a byte per row once one differs.
#[derive(Debug, Default, Clone)]
struct Tags {
    /// The tag of every row while `dense` is `None`.
    same: u8,
    /// Rows while `dense` is `None`.
    n: usize,
    dense: Option<Vec<u8>>,
}

impl Tags {
    fn get(&self, i: usize) -> u8 {
        match &self.dense {
            Some(d) => d[i],
            None => {
                assert!(i < self.n, "row {i} of {}", self.n);
                self.same
            }
        }
    }

    fn push(&mut self, t: u8) {
        match &mut self.dense {
            Some(d) => d.push(t),
            None if self.n == 0 || t == self.same => {
                self.same = t;
                self.n += 1;
            }
            None => {
                let mut d = vec![self.same; self.n];
                d.push(t);
                self.dense = Some(d);
            }
        }
    }

    fn len(&self) -> usize {
        self.dense.as_ref().map_or(self.n, Vec::len)
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn permute(&mut self, order: &super::reorder::Reorder) {
        match &mut self.dense {
            Some(d) => order.apply(d),
            None => {
                assert_eq!(self.n, order.len(), "a column of another length");
                self.n = order.kept();
            }
        }
    }

    fn shrink_to_fit(&mut self) {
        if let Some(d) = &mut self.dense {
            d.shrink_to_fit();
        }
    }

    fn heap_bytes(&self) -> usize {
        self.dense.as_ref().map_or(0, Vec::capacity)
    }
}

/// Hex digit values; 0xff for other bytes.
const HEX: [u8; 256] = {
    let mut t = [0xffu8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        t[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

/// Parses a hyphenated UUID; returns its bits and whether it was uppercase.
fn parse_uuid(s: &str) -> Option<(u128, bool)> {
    let b = s.as_bytes();
    if b.len() != 36 || b[8] != b'-' || b[13] != b'-' || b[18] != b'-' || b[23] != b'-' {
        return None;
    }
    let mut v: u128 = 0;
    let (mut lower, mut upper) = (false, false);
    for range in [0..8, 9..13, 14..18, 19..23, 24..36] {
        for &c in &b[range] {
            let d = HEX[c as usize];
            if d == 0xff {
                return None;
            }
            // Letters a-f have bit 0x20 set, A-F do not; digits are neither.
            lower |= c >= b'a';
            upper |= (b'A'..=b'F').contains(&c);
            v = (v << 4) | d as u128;
        }
    }
    if lower && upper {
        return None; // mixed case would not round-trip
    }
    Some((v, upper))
}

/// Encodes `s` as (bits, tag) if it needs no overflow entry.
pub fn encode_inline(s: &str) -> Option<(u128, u8)> {
    if s.is_empty() {
        return Some((0, IdTag::None as u8));
    }
    if let Some((v, upper)) = parse_uuid(s) {
        let tag = if upper {
            IdTag::UuidUpper
        } else {
            IdTag::UuidLower
        };
        return Some((v, tag as u8));
    }
    let b = s.as_bytes();
    if b.len() <= 16 && b.iter().all(|c| c.is_ascii() && *c != 0) {
        let mut buf = [0u8; 16];
        buf[..b.len()].copy_from_slice(b);
        return Some((
            u128::from_le_bytes(buf),
            IdTag::Short as u8 | ((b.len() as u8) << 3),
        ));
    }
    None
}

impl IdColumn {
    /// Appends an id (empty string = none).
    pub fn push(&mut self, s: &str) {
        match encode_inline(s) {
            Some((v, t)) => {
                self.bits.push(v);
                self.tags.push(t);
            }
            None => {
                self.bits.push(self.overflow.len() as u128);
                self.tags.push(IdTag::Overflow as u8);
                self.overflow.push(s.into());
            }
        }
    }

    /// Gives back spare capacity (after a load).
    pub fn shrink_to_fit(&mut self) {
        self.bits.shrink_to_fit();
        self.tags.shrink_to_fit();
        self.overflow.shrink_to_fit();
    }

    /// Number of ids.
    pub fn len(&self) -> usize {
        self.tags.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The id of row `i` as a string.
    pub fn get(&self, i: usize) -> String {
        let mut out = String::new();
        self.write(i, &mut out);
        out
    }

    /// A key that is equal for equal ids (used to group duplicates).
    pub fn key(&self, i: usize) -> (u128, u8) {
        let t = self.tags.get(i);
        if t == IdTag::Overflow as u8 {
            let s = &self.overflow[self.bits[i] as usize];
            return (xxhash_rust::xxh3::xxh3_128(s.as_bytes()), t);
        }
        (self.bits[i], t)
    }

    /// True when row `i` has no id.
    pub fn is_none(&self, i: usize) -> bool {
        self.tags.get(i) == IdTag::None as u8
    }

    /// Appends the id of row `i` to `out`.
    pub fn write(&self, i: usize, out: &mut String) {
        let v = self.bits[i];
        let t = self.tags.get(i);
        match t & 7 {
            0 => {}
            1 | 2 => {
                let mut s = String::with_capacity(36);
                for k in 0..32 {
                    if matches!(k, 8 | 12 | 16 | 20) {
                        s.push('-');
                    }
                    let d = ((v >> (124 - 4 * k)) & 0xf) as u32;
                    let _ = write!(s, "{}", char::from_digit(d, 16).unwrap());
                }
                if t == 2 {
                    s.make_ascii_uppercase();
                }
                out.push_str(&s);
            }
            3 => {
                let len = (t >> 3) as usize;
                let buf = v.to_le_bytes();
                out.push_str(std::str::from_utf8(&buf[..len]).unwrap_or(""));
            }
            _ => out.push_str(&self.overflow[v as usize]),
        }
    }

    /// Reorders rows in place (see [`super::reorder::Reorder`]).
    pub fn permute(&mut self, order: &super::reorder::Reorder) {
        order.apply(&mut self.bits);
        self.tags.permute(order);
    }

    /// Appends all rows of `other`.
    pub fn extend(&mut self, other: &IdColumn) {
        let base = self.overflow.len() as u128;
        for i in 0..other.len() {
            let t = other.tags.get(i);
            let v = other.bits[i];
            self.tags.push(t);
            self.bits.push(if t == IdTag::Overflow as u8 {
                v + base
            } else {
                v
            });
        }
        self.overflow.extend(other.overflow.iter().cloned());
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.bits.capacity() * 16
            + self.tags.heap_bytes()
            + self.overflow.iter().map(|s| s.len() + 16).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_tags_cost_no_byte_per_row_until_one_differs() {
        let ids: Vec<String> = (0..100)
            .map(|i| format!("3038ebd2-c98a-4c65-9b6e-e225062923{i:02}"))
            .collect();
        let mut col = IdColumn::default();
        for id in &ids {
            col.push(id);
        }
        assert_eq!(col.heap_bytes(), col.bits.capacity() * 16, "no tag bytes");
        let order: Vec<u32> = (0..100).rev().filter(|r| r % 10 != 3).collect();
        col.permute(&super::super::reorder::Reorder::new(order.clone(), 100));
        let got: Vec<String> = (0..col.len()).map(|i| col.get(i)).collect();
        let want: Vec<String> = order.iter().map(|&r| ids[r as usize].clone()).collect();
        assert_eq!(got, want);
        // One id of another kind: every row keeps its tag.
        col.push("EXAMPLE");
        col.push("");
        assert!(col.heap_bytes() > col.bits.capacity() * 16);
        assert_eq!(col.get(0), want[0]);
        assert_eq!(col.get(col.len() - 2), "EXAMPLE");
        assert!(col.is_none(col.len() - 1) && !col.is_none(0));
        assert_eq!(col.len(), want.len() + 2);
    }

    #[test]
    fn ids_round_trip() {
        let cases = [
            "",
            "3038ebd2-c98a-4c65-9b6e-e22506292313",
            "3038EBD2-C98A-4C65-9B6E-E22506292313",
            "EXAMPLE-1234-5678-9012-EXAMPLE",
            "1",
            "0A1B2C3D4E5F6789",
            "0A1B2C3D4E5F67890",
            "3038ebd2-C98A-4c65-9b6e-e22506292313",
            "ünïcode",
        ];
        let mut col = IdColumn::default();
        for c in cases {
            col.push(c);
        }
        for (i, c) in cases.iter().enumerate() {
            assert_eq!(col.get(i), *c);
        }
        assert_eq!(col.key(1), {
            let mut c2 = IdColumn::default();
            c2.push(cases[1]);
            c2.key(0)
        });
        assert_ne!(col.key(1), col.key(2));
        col.push(cases[3]);
        assert_eq!(
            col.key(3),
            col.key(cases.len()),
            "overflow ids compare by content"
        );
    }
}
