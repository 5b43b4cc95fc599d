//! Hand-written JSON. Commas are inserted by looking at the previous byte: after `{` or `[`
//! none is needed, after anything else (a value) one is.

use crate::rng::HEX;
use crate::time::{push_iso, push_num};

pub trait Js {
    fn sep(&mut self);
    fn st(&mut self, v: &str);
    fn k(&mut self, key: &str);
    fn ks(&mut self, key: &str, v: &str);
    fn kr(&mut self, key: &str, raw: &str);
    fn kn(&mut self, key: &str, n: u64);
    fn kb(&mut self, key: &str, b: bool);
    fn kt(&mut self, key: &str, t: i64);
    fn ko(&mut self, key: &str);
    fn ka(&mut self, key: &str);
    fn es(&mut self, v: &str);
    fn eo(&mut self);
    fn er(&mut self, raw: &str);
    fn c(&mut self);
    fn ca(&mut self);
}

impl Js for Vec<u8> {
    #[inline]
    fn sep(&mut self) {
        if let Some(&l) = self.last() {
            if l != b'{' && l != b'[' {
                self.push(b',');
            }
        }
    }
    #[inline]
    fn st(&mut self, v: &str) {
        self.push(b'"');
        let bytes = v.as_bytes();
        if bytes.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.extend_from_slice(bytes);
        } else {
            for &b in bytes {
                match b {
                    b'"' => self.extend_from_slice(b"\\\""),
                    b'\\' => self.extend_from_slice(b"\\\\"),
                    b'\n' => self.extend_from_slice(b"\\n"),
                    b'\r' => self.extend_from_slice(b"\\r"),
                    b'\t' => self.extend_from_slice(b"\\t"),
                    0..=0x1f => {
                        self.extend_from_slice(b"\\u00");
                        self.push(HEX[(b >> 4) as usize]);
                        self.push(HEX[(b & 15) as usize]);
                    }
                    _ => self.push(b),
                }
            }
        }
        self.push(b'"');
    }
    #[inline]
    fn k(&mut self, key: &str) {
        self.sep();
        self.push(b'"');
        self.extend_from_slice(key.as_bytes());
        self.extend_from_slice(b"\":");
    }
    #[inline]
    fn ks(&mut self, key: &str, v: &str) {
        self.k(key);
        self.st(v);
    }
    #[inline]
    fn kr(&mut self, key: &str, raw: &str) {
        self.k(key);
        self.extend_from_slice(raw.as_bytes());
    }
    #[inline]
    fn kn(&mut self, key: &str, n: u64) {
        self.k(key);
        push_num(self, n);
    }
    #[inline]
    fn kb(&mut self, key: &str, b: bool) {
        self.kr(key, if b { "true" } else { "false" });
    }
    #[inline]
    fn kt(&mut self, key: &str, t: i64) {
        self.k(key);
        self.push(b'"');
        push_iso(self, t);
        self.push(b'"');
    }
    #[inline]
    fn ko(&mut self, key: &str) {
        self.k(key);
        self.push(b'{');
    }
    #[inline]
    fn ka(&mut self, key: &str) {
        self.k(key);
        self.push(b'[');
    }
    #[inline]
    fn es(&mut self, v: &str) {
        self.sep();
        self.st(v);
    }
    #[inline]
    fn eo(&mut self) {
        self.sep();
        self.push(b'{');
    }
    #[inline]
    fn er(&mut self, raw: &str) {
        self.sep();
        self.extend_from_slice(raw.as_bytes());
    }
    #[inline]
    fn c(&mut self) {
        self.push(b'}');
    }
    #[inline]
    fn ca(&mut self) {
        self.push(b']');
    }
}
