//! [`AtomicFile`]: the one way the program creates a file.

use super::cleanup::pending;
use super::{OutputError, Target};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::TempPath;

/// A file being written: bytes go to a temporary in the target's folder, and reach the target
/// name only by [`AtomicFile::commit`]. Dropping it without committing removes the temporary.
///
/// - The temporary is created exclusively (`O_CREAT|O_EXCL`, so a planted symlink or FIFO is
///   never opened) under a random name of fixed, short length (`.trailscope-XXXXXXXX.tmp`,
///   24 bytes): it fits wherever the final name fits, however long that is.
/// - Without `force`, the rename never replaces anything (`renameat2(RENAME_NOREPLACE)`, or a
///   hard link where that is missing): a file that appeared while we were writing is kept and
///   reported, never clobbered.
/// - An existing target that is not a regular file, or a symlink to one, is refused whether
///   forced or not (a device node, a FIFO, a folder, a dangling link). With `force`, a symlink
///   to a regular file is itself replaced: the file it points to is never written.
/// - Temporaries in flight are registered, so a signal (headless) or the end of the explorer
///   removes them (see [`super::remove_pending_on_signals`]).
pub struct AtomicFile {
    dest: PathBuf,
    force: bool,
    out: BufWriter<File>,
    tmp: Option<TempPath>,
}

/// What an existing `path` is, when it is not something we may replace.
fn not_regular(path: &Path) -> io::Result<Option<String>> {
    use std::os::unix::fs::FileTypeExt;
    fn kind(t: fs::FileType) -> &'static str {
        if t.is_dir() {
            "a folder"
        } else if t.is_char_device() {
            "a character device"
        } else if t.is_block_device() {
            "a block device"
        } else if t.is_fifo() {
            "a named pipe"
        } else if t.is_socket() {
            "a socket"
        } else {
            "a special file"
        }
    }
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if meta.is_file() {
        return Ok(None);
    }
    if !meta.file_type().is_symlink() {
        return Ok(Some(kind(meta.file_type()).into()));
    }
    Ok(match fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(m) => Some(format!("a symlink to {}", kind(m.file_type()))),
        Err(_) => Some("a dangling symlink".into()),
    })
}

/// Refuses a target we must not replace: not a regular file, or existing without `force`.
fn check(dest: &Path, force: bool) -> Result<(), OutputError> {
    let target = Target::File(dest.to_path_buf());
    if let Some(what) = not_regular(dest).map_err(|e| OutputError::write(&target, e))? {
        return Err(OutputError::NotRegular {
            path: dest.to_path_buf(),
            what,
        });
    }
    if !force && fs::symlink_metadata(dest).is_ok() {
        return Err(OutputError::Exists(dest.to_path_buf()));
    }
    Ok(())
}

impl AtomicFile {
    /// Checks `dest` and creates the temporary beside it. Call it before long work, so a target
    /// that cannot be written is reported at once.
    pub fn create(dest: &Path, force: bool) -> Result<AtomicFile, OutputError> {
        let target = Target::File(dest.to_path_buf());
        let err = |e| OutputError::write(&target, e);
        check(dest, force)?;
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut reg = pending();
        if reg.closed {
            return Err(err(io::Error::other("the program is ending")));
        }
        let (file, tmp) = tempfile::Builder::new()
            .prefix(".trailscope-")
            .suffix(".tmp")
            .rand_bytes(8)
            // As for any new file: the umask decides (tempfile's default would be 0600).
            .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
            .tempfile_in(dir)
            .map_err(err)?
            .into_parts();
        reg.paths.push(tmp.to_path_buf());
        drop(reg);
        Ok(AtomicFile {
            dest: dest.to_path_buf(),
            force,
            out: BufWriter::with_capacity(1 << 20, file),
            tmp: Some(tmp),
        })
    }

    /// Where the bytes go.
    pub fn target(&self) -> Target {
        Target::File(self.dest.clone())
    }

    /// The writer (buffered) into the temporary.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Flushes, syncs and renames the temporary to the target (replacing a regular file only
    /// when forced). On any error the temporary is removed and the target left as it was.
    pub fn commit(mut self) -> Result<(), OutputError> {
        let target = self.target();
        let err = |e| OutputError::write(&target, e);
        self.out.flush().map_err(err)?;
        self.out.get_ref().sync_all().map_err(err)?;
        let tmp = self.tmp.take().expect("committed once");
        let mut reg = pending();
        reg.paths.retain(|p| **p != *AsRef::<Path>::as_ref(&tmp));
        let renamed = if self.force {
            // Checked again just before: the window left needs write access to the folder,
            // which could delete the entry anyway.
            if let Err(e) = check(&self.dest, true) {
                drop(tmp); // removed while the registry is still locked
                return Err(e);
            }
            tmp.persist(&self.dest)
        } else {
            tmp.persist_noclobber(&self.dest)
        };
        if let Err(tempfile::PathPersistError { error, path }) = renamed {
            drop(path); // removed while the registry is still locked
            drop(reg);
            return Err(if error.kind() == io::ErrorKind::AlreadyExists {
                OutputError::Exists(self.dest.clone())
            } else {
                err(error)
            });
        }
        drop(reg);
        // Make the new name durable too (best effort: some file systems refuse a folder fsync).
        if let Some(dir) = self.dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let mut reg = pending();
            reg.paths.retain(|p| **p != *AsRef::<Path>::as_ref(&tmp));
            drop(tmp); // removes the file
        }
    }
}

/// Writes a whole file through [`AtomicFile`]: `fill` writes the content.
pub fn write_file<T>(
    dest: &Path,
    force: bool,
    fill: impl FnOnce(&mut dyn Write, &Target) -> Result<T, OutputError>,
) -> Result<T, OutputError> {
    let mut f = AtomicFile::create(dest, force)?;
    let target = f.target();
    let t = fill(f.writer(), &target)?;
    f.commit()?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_renames_and_never_clobbers() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out");
        let mut f = AtomicFile::create(&p, false).unwrap();
        f.writer().write_all(b"one").unwrap();
        let tmp = names(d.path());
        assert_eq!(tmp.len(), 1);
        assert!(
            tmp[0].starts_with(".trailscope-") && tmp[0].len() == 24,
            "{tmp:?}"
        );
        // The target appears meanwhile: kept, reported, temporary removed.
        fs::write(&p, b"theirs").unwrap();
        assert!(matches!(f.commit(), Err(OutputError::Exists(_))));
        assert_eq!(fs::read(&p).unwrap(), b"theirs");
        assert_eq!(names(d.path()), vec!["out"]);
        // Forced: replaced.
        write_file(&p, true, |w, t| {
            w.write_all(b"two").map_err(|e| OutputError::write(t, e))
        })
        .unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(names(d.path()), vec!["out"]);
    }

    #[test]
    fn dropped_or_failed_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out");
        let f = AtomicFile::create(&p, false).unwrap();
        drop(f);
        assert!(names(d.path()).is_empty());
        let r: Result<(), _> = write_file(&p, false, |_, t| {
            Err(OutputError::write(t, io::Error::other("boom")))
        });
        assert!(r.is_err());
        assert!(names(d.path()).is_empty());
        assert!(pending().paths.iter().all(|q| !q.starts_with(d.path())));
    }
}
