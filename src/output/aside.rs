//! Folders for program state, and files set aside instead of overwritten (a case file from a
//! newer version, or one that does not parse, is kept under another name and reported).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Creates `dir` and its parents if missing; the folders created are private (0700: case files
/// hold an investigation's notes).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Renames `path` to `<name>.<label>-<n>` beside it, choosing the first `n` free (never
/// replacing anything: a hard link under the new name, then the old name removed); returns the
/// new name.
pub fn set_aside(path: &Path, label: &str) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 1..1000 {
        let to = path.with_file_name(format!("{name}.{label}-{n}"));
        match fs::hard_link(path, &to) {
            Ok(()) => {
                fs::remove_file(path)?;
                return Ok(to);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many files set aside already"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_aside_never_replaces() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("c.json");
        fs::write(&p, b"one").unwrap();
        let a = set_aside(&p, "broken").unwrap();
        assert_eq!(a, d.path().join("c.json.broken-1"));
        fs::write(&p, b"two").unwrap();
        let b = set_aside(&p, "broken").unwrap();
        assert_eq!(b, d.path().join("c.json.broken-2"));
        assert_eq!(fs::read(&a).unwrap(), b"one");
        assert_eq!(fs::read(&b).unwrap(), b"two");
        assert!(!p.exists());
        create_private_dir(&d.path().join("x/y")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(d.path().join("x/y"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
    }
}
