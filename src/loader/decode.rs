//! Reading one input into its decompressed bytes: gzip recognised by its magic bytes (any name,
//! multi-member too), with the decompressed size bounded so a gzip bomb is an error, not an OOM.

use flate2::read::MultiGzDecoder;
use std::io::Read;
use std::path::Path;

/// True when `bytes` start with the gzip magic.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Inflates `raw` if it is gzip, else returns it; `limit` bounds the decompressed size.
pub fn decompress(raw: Vec<u8>, limit: u64) -> Result<Vec<u8>, String> {
    if !is_gzip(&raw) {
        if raw.len() as u64 > limit {
            return Err(format!(
                "file is {} bytes, over the limit of {limit} bytes (raise it with --max-file-bytes)",
                raw.len()
            ));
        }
        return Ok(raw);
    }
    // CloudTrail files compress ~10-20x; start there and let Vec grow.
    let guess = (raw.len() as u64).saturating_mul(12).min(limit) as usize;
    let mut out = Vec::with_capacity(guess);
    let mut dec = MultiGzDecoder::new(&raw[..]).take(limit.saturating_add(1));
    match dec.read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > limit => Err(format!(
            "decompresses to more than the limit of {limit} bytes (gzip bomb? raise it with --max-file-bytes)"
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(format!("corrupt gzip: {e}")),
    }
}

/// Reads and decompresses a file.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let raw = std::fs::read(path).map_err(|e| io_reason(&e))?;
    decompress(raw, limit)
}

/// A lower-case reason for an I/O error, without the OS error number noise.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_lowercase(),
                None => s.to_lowercase(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn plain_gzip_multimember_bomb_truncated() {
        assert_eq!(decompress(b"{}".to_vec(), 100).unwrap(), b"{}");
        assert_eq!(decompress(gz(b"hello"), 100).unwrap(), b"hello");
        let mut two = gz(b"ab");
        two.extend(gz(b"cd"));
        assert_eq!(decompress(two, 100).unwrap(), b"abcd");
        let bomb = gz(&vec![b' '; 10_000]);
        assert!(decompress(bomb, 1000)
            .unwrap_err()
            .contains("limit of 1000"));
        let full = gz(&vec![b'x'; 5000]);
        let cut = full[..full.len() / 2].to_vec();
        assert!(decompress(cut, 100_000)
            .unwrap_err()
            .starts_with("corrupt gzip"));
    }
}
