//! PRNG: SplitMix64 for hashing/seeding, xoshiro256** for streams; random strings and UUIDs.

#[inline]
pub fn splitmix(x: &mut u64) -> u64 {
    *x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hash a few words into one (order matters).
pub fn hash(parts: &[u64]) -> u64 {
    let mut h = 0x6A09_E667_F3BC_C908u64;
    for &p in parts {
        let mut s = h ^ p.wrapping_mul(0xA076_1D64_78BD_642F);
        h = splitmix(&mut s);
    }
    h
}

pub fn hash_str(s: &str) -> u64 {
    // FNV-1a, then mixed.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    hash(&[h])
}

#[derive(Clone)]
pub struct Rng {
    pub s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        Rng {
            s: [
                splitmix(&mut x),
                splitmix(&mut x),
                splitmix(&mut x),
                splitmix(&mut x),
            ],
        }
    }
    pub fn of(parts: &[u64]) -> Self {
        Rng::new(hash(parts))
    }
    #[inline]
    pub fn next(&mut self) -> u64 {
        let r = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        r
    }
    /// Uniform in [0, n) (n > 0).
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next() as u128 * n as u128) >> 64) as u64
    }
    #[inline]
    pub fn idx(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }
    /// Uniform in [lo, hi].
    #[inline]
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `pct` percent.
    #[inline]
    pub fn pct(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    /// True with probability p.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) * (1.0 / (1u64 << 53) as f64) < p
    }
    #[inline]
    pub fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.idx(s.len())]
    }
    /// One of the words of a list (as `pick`, for lists of `&str`).
    #[inline]
    pub fn word<'a>(&mut self, s: &[&'a str]) -> &'a str {
        s[self.idx(s.len())]
    }
    /// Skewed index: small indices much more likely (min of two uniforms, twice).
    #[inline]
    pub fn skewed(&mut self, n: usize) -> usize {
        let a = self.idx(n);
        let b = self.idx(n);
        let c = self.idx(n);
        a.min(b).min(c.max(a.min(b) / 2))
    }
}

pub const UPPER_ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

pub const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

pub const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

pub const HEX: &[u8] = b"0123456789abcdef";

pub const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn rand_str(rng: &mut Rng, alphabet: &[u8], n: usize) -> String {
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(alphabet[rng.idx(alphabet.len())] as char);
    }
    s
}

pub fn push_rand(out: &mut Vec<u8>, rng: &mut Rng, alphabet: &[u8], n: usize) {
    for _ in 0..n {
        out.push(alphabet[rng.idx(alphabet.len())]);
    }
}

pub fn uuid(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(36);
    push_uuid_str(&mut s, rng);
    s
}

pub fn push_uuid_str(s: &mut String, rng: &mut Rng) {
    let a = rng.next();
    let b = rng.next();
    let bytes: [u8; 16] = {
        let mut x = [0u8; 16];
        x[..8].copy_from_slice(&a.to_le_bytes());
        x[8..].copy_from_slice(&b.to_le_bytes());
        x[6] = (x[6] & 0x0f) | 0x40;
        x[8] = (x[8] & 0x3f) | 0x80;
        x
    };
    for (i, byte) in bytes.iter().enumerate() {
        if i == 4 || i == 6 || i == 8 || i == 10 {
            s.push('-');
        }
        s.push(HEX[(byte >> 4) as usize] as char);
        s.push(HEX[(byte & 15) as usize] as char);
    }
}

pub fn hexs(rng: &mut Rng, n: usize) -> String {
    rand_str(rng, HEX, n)
}
