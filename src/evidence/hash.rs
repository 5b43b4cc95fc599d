//! Hashing a file as CloudTrail does: the SHA-256 of its *uncompressed* content (gzip inflated
//! member by member as it streams through, never held whole), and optionally of its bytes on
//! disk. A file whose content starts like a digest is kept whole (digests are small) to be parsed.

use crate::loader::decode::{is_gzip, open_nonblocking};
use crate::loader::error::LoadErrorKind;
use sha2::{Digest as _, Sha256};
use std::io::Read;
use std::path::Path;

/// What hashing one file gave.
#[derive(Debug, Default)]
pub struct Hashed {
    /// SHA-256 of the uncompressed content (what digests list).
    pub content_sha: [u8; 32],
    /// SHA-256 of the bytes on disk, when asked for.
    pub raw_sha: Option<[u8; 32]>,
    /// Size on disk.
    pub raw_size: u64,
    /// Uncompressed size.
    pub content_size: u64,
    /// The whole uncompressed content, kept only when it starts like a digest.
    pub content: Option<Vec<u8>>,
    /// Notes on ignored parts (bytes after the gzip data).
    pub warnings: Vec<String>,
}

/// How much of the content is looked at to tell a digest.
const HEAD: usize = 4096;

/// Hashes `path` (at most `limit` uncompressed bytes); `raw` also hashes its bytes on disk.
pub fn hash_file(path: &Path, limit: u64, raw: bool) -> Result<Hashed, LoadErrorKind> {
    let mut f = open_nonblocking(path).map_err(LoadErrorKind::Io)?;
    let meta = f.metadata().map_err(LoadErrorKind::Io)?;
    if meta.is_dir() {
        return Err(LoadErrorKind::IsDirectory);
    }
    if !meta.is_file() {
        return Err(LoadErrorKind::NotRegular);
    }
    let mut bytes = Vec::with_capacity(meta.len().min(1 << 30) as usize);
    f.by_ref()
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(LoadErrorKind::Io)?;
    hash_bytes(&bytes, limit, raw)
}

/// [`hash_file`] on bytes in memory.
pub fn hash_bytes(bytes: &[u8], limit: u64, raw: bool) -> Result<Hashed, LoadErrorKind> {
    let mut h = Hashed {
        raw_size: bytes.len() as u64,
        raw_sha: raw.then(|| Sha256::digest(bytes).into()),
        ..Hashed::default()
    };
    let mut sha = Sha256::new();
    if !is_gzip(bytes) {
        if bytes.len() as u64 > limit {
            return Err(LoadErrorKind::FileTooBig {
                size: Some(bytes.len() as u64),
                limit,
            });
        }
        sha.update(bytes);
        h.content_sha = sha.finalize().into();
        h.content_size = bytes.len() as u64;
        if super::digest::looks_like_digest(&bytes[..bytes.len().min(HEAD)]) {
            h.content = Some(bytes.to_vec());
        }
        return Ok(h);
    }
    let mut rest: &[u8] = bytes;
    let mut buf = vec![0u8; 256 << 10];
    let mut head: Vec<u8> = Vec::with_capacity(HEAD);
    let mut keep: Option<Vec<u8>> = None;
    let mut decided = false;
    let mut total = 0u64;
    loop {
        let mut dec = flate2::bufread::GzDecoder::new(rest);
        loop {
            let n = match dec.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(LoadErrorKind::CorruptGzip(e)),
            };
            total += n as u64;
            if total > limit {
                return Err(LoadErrorKind::GzipOverLimit { limit });
            }
            let chunk = &buf[..n];
            sha.update(chunk);
            if let Some(k) = &mut keep {
                k.extend_from_slice(chunk);
            } else if !decided {
                let take = chunk.len().min(HEAD - head.len());
                head.extend_from_slice(&chunk[..take]);
                if head.len() >= HEAD {
                    decided = true;
                    if super::digest::looks_like_digest(&head) {
                        let mut k = std::mem::take(&mut head);
                        k.extend_from_slice(&chunk[take..]);
                        keep = Some(k);
                    }
                }
            }
        }
        rest = dec.into_inner();
        if rest.is_empty() {
            break;
        }
        if is_gzip(rest) {
            continue;
        }
        let zeros = rest.iter().all(|&b| b == 0);
        h.warnings.push(format!(
            "{} bytes of trailing {} after the gzip data ignored",
            rest.len(),
            if zeros { "zero padding" } else { "garbage" }
        ));
        break;
    }
    if !decided && keep.is_none() && super::digest::looks_like_digest(&head) {
        keep = Some(head);
    }
    h.content = keep;
    h.content_sha = sha.finalize().into();
    h.content_size = total;
    Ok(h)
}

/// Lower-case hex of a hash.
pub fn hex(h: &[u8]) -> String {
    let mut s = String::with_capacity(h.len() * 2);
    for b in h {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Hex (either case) → bytes; `None` when it is not hex of an even length.
pub fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gz(b: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn the_uncompressed_content_is_hashed() {
        let content = b"{\"Records\":[]}\n".repeat(1000);
        let plain = hash_bytes(&content, u64::MAX, true).unwrap();
        let z = gz(&content);
        let packed = hash_bytes(&z, u64::MAX, true).unwrap();
        assert_eq!(plain.content_sha, packed.content_sha);
        assert_eq!(
            plain.content_sha,
            <[u8; 32]>::from(Sha256::digest(&content))
        );
        assert_ne!(packed.raw_sha, plain.raw_sha);
        assert!(packed.content.is_none());
        // Two members hash as their concatenation (what gzip -d gives).
        let mut two = gz(&content[..5000]);
        two.extend(gz(&content[5000..]));
        assert_eq!(
            hash_bytes(&two, u64::MAX, false).unwrap().content_sha,
            plain.content_sha
        );
    }

    #[test]
    fn digests_are_kept_whole_small_or_large() {
        for pad in [0usize, 10_000] {
            let mut d = br#"{"awsAccountId":"1","digestStartTime":"x","logFiles":["#.to_vec();
            d.extend(std::iter::repeat_n(b' ', pad));
            d.extend_from_slice(b"]}");
            let h = hash_bytes(&gz(&d), u64::MAX, false).unwrap();
            assert_eq!(h.content.as_deref(), Some(&d[..]), "pad {pad}");
        }
    }

    #[test]
    fn hex_round_trip() {
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
        assert_eq!(unhex("00ABff"), Some(vec![0, 0xab, 0xff]));
        assert_eq!(unhex("0g"), None);
        assert_eq!(unhex("abc"), None);
    }
}
