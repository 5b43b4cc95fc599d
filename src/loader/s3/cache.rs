//! The local cache of fetched S3 objects: one file per bucket, key and ETag, so that the detail
//! view, export and text search re-read the original bytes as they do for files, and a second
//! run over the same window fetches nothing.
//!
//! Layout: `<root>/<bucket>/~<etag>/<key>` (the key's `/` are folders, so a cached file keeps
//! its name and its key's path, as digests name them). A key with a part that is empty, `.`,
//! `..`, longer than 200 bytes or holding a NUL is stored under
//! `<root>/<bucket>/~<etag>/_key/<SHA-256 of the key>` instead. Files are written to a temporary
//! beside their place and renamed (never half a file under a cache name). The cache is bounded:
//! after a fetch, the least recently used files (by modification time, set on every use) go
//! until the total is under the bound, never one the current run uses.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Default bound of the cache: 10 GiB.
pub const DEFAULT_CACHE_BYTES: u64 = 10 << 30;

/// The default cache folder: `$XDG_CACHE_HOME/trailscope/s3`, else `~/.cache/trailscope/s3`.
pub fn default_root() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| Path::new(v).is_absolute())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    Some(base.join("trailscope").join("s3"))
}

fn safe_part(p: &str) -> bool {
    !p.is_empty() && p != "." && p != ".." && p.len() <= 200 && !p.contains('\0')
}

/// The ETag as a file-name suffix: its letters, digits and `-` (S3's are hex, with `-N` for
/// multipart uploads); the size when there is none.
fn etag_part(etag: Option<&str>, size: u64) -> String {
    let e: String = etag
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(80)
        .collect();
    if e.is_empty() {
        format!("size{size}")
    } else {
        e
    }
}

/// Where the object `bucket`/`key` with `etag` lives in the cache under `root`.
pub fn path(root: &Path, bucket: &str, key: &str, etag: Option<&str>, size: u64) -> PathBuf {
    let tag = etag_part(etag, size);
    let mut p = root.join(bucket).join(format!("~{tag}"));
    if key.split('/').all(safe_part) && !key.starts_with("_key/") {
        p.push(key);
    } else {
        let h = Sha256::digest(key.as_bytes());
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        p.push("_key");
        p.push(hex);
    }
    p
}

/// True when `path` holds a finished copy of `size` bytes; marks it used (for eviction).
pub fn hit(path: &Path, size: u64) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() && m.len() == size => {
            if let Ok(f) = std::fs::File::options().append(true).open(path) {
                let _ = f.set_modified(std::time::SystemTime::now());
            }
            true
        }
        _ => false,
    }
}

/// Writes `bytes` to `path` through a temporary beside it, then renames it into place.
pub fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".fetch-")
        .tempfile_in(dir)?;
    std::io::Write::write_all(&mut tmp, bytes)?;
    // Another run may have put the same object (same key and ETag: same bytes) meanwhile.
    tmp.persist(path).map(|_| ()).map_err(|e| e.error)
}

/// Removes the least recently used files under `root` until the total is at most `limit`,
/// keeping every file in `keep`. Returns (files removed, bytes left).
pub fn evict(root: &Path, limit: u64, keep: &std::collections::HashSet<PathBuf>) -> (usize, u64) {
    let mut files = Vec::new();
    let mut total = 0u64;
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if !e.file_type().is_file() {
            continue;
        }
        let Ok(m) = e.metadata() else { continue };
        total += m.len();
        if !keep.contains(e.path()) {
            let t = m.modified().unwrap_or(std::time::UNIX_EPOCH);
            files.push((t, m.len(), e.into_path()));
        }
    }
    files.sort();
    let mut removed = 0;
    for (_, len, p) in files {
        if total <= limit {
            break;
        }
        if std::fs::remove_file(&p).is_ok() {
            total -= len;
            removed += 1;
        }
    }
    (removed, total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_keep_the_key_and_tell_etags_apart() {
        let r = Path::new("/c");
        assert_eq!(
            path(r, "b", "AWSLogs/1/x.json.gz", Some("\"abc\""), 3),
            Path::new("/c/b/~abc/AWSLogs/1/x.json.gz")
        );
        assert_ne!(
            path(r, "b", "k", Some("\"abc\""), 3),
            path(r, "b", "k", Some("\"abd\""), 3)
        );
        assert_eq!(path(r, "b", "k", None, 3), Path::new("/c/b/~size3/k"));
        // Keys that would climb out of the cache or clash are hashed.
        for bad in ["../../etc/passwd", "a//b", "a/./b", "/abs", "_key/x"] {
            let p = path(r, "b", bad, Some("e"), 1);
            assert!(p.starts_with("/c/b/~e/_key/"), "{bad}: {p:?}");
        }
    }

    #[test]
    fn store_hit_and_evict_least_recently_used() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let old = path(root, "b", "a/old", None, 4);
        let new = path(root, "b", "a/new", None, 4);
        let third = path(root, "b", "a/third", None, 4);
        for p in [&old, &new, &third] {
            store(p, b"1234").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(hit(&new, 4));
        assert!(!hit(&new, 5));
        assert!(!hit(&path(root, "b", "a/none", None, 4), 4));
        let keep = [old.clone()].into_iter().collect();
        // 12 bytes, limit 8: `old` is kept, `new` was used last, so `third` goes.
        let (removed, left) = evict(root, 8, &keep);
        assert_eq!((removed, left), (1, 8));
        assert!(old.exists() && new.exists() && !third.exists());
    }
}
