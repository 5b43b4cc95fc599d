//! Everything the program writes goes through here: files ([`AtomicFile`]: a temporary with a
//! random name created exclusively beside the target, renamed into place without replacing
//! anything unless forced, removed on error and on signals) and standard output (JSON escaped
//! for a terminal by [`terminal`]). Exports, `query -o` of every format and future reports use
//! it; nothing else in the program creates a file.

mod aside;
mod cleanup;
mod file;
pub mod terminal;

pub use aside::{create_private_dir, set_aside};
pub use cleanup::{remove_pending, remove_pending_on_signals};
pub use file::{write_file, AtomicFile};

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where output goes: `-o -` (or no `-o`) is standard output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// Standard output.
    Stdout,
    /// A file, written through [`AtomicFile`].
    File(PathBuf),
}

impl Target {
    /// `-` is standard output, anything else a file.
    pub fn from_arg(p: &Path) -> Target {
        if p.as_os_str() == "-" {
            Target::Stdout
        } else {
            Target::File(p.to_path_buf())
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Stdout => f.write_str("standard output"),
            Target::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target exists and replacing it was not asked for.
    #[error("{}: already exists (use --force to replace it)", .0.display())]
    Exists(PathBuf),
    /// The target exists and is not a regular file (or a symlink to one): never replaced.
    #[error("{}: is {what}, not a regular file (trailscope writes only regular files, --force or not)", .path.display())]
    NotRegular {
        /// The target.
        path: PathBuf,
        /// What it is: "a folder", "a symlink to a character device"…
        what: String,
    },
    /// Creating, writing or renaming failed.
    #[error("{target}: {}", crate::loader::decode::io_reason(.source))]
    Write {
        /// Where the bytes were going.
        target: Target,
        /// The I/O error (its kind tells a closed pipe from a full disk).
        #[source]
        source: io::Error,
    },
    /// A record could not be read back from its source.
    #[error("{0}")]
    Source(String),
}

impl OutputError {
    /// A write error on `target`.
    pub fn write(target: &Target, source: io::Error) -> OutputError {
        OutputError::Write {
            target: target.clone(),
            source,
        }
    }

    /// True when the reader went away (`| head`): not an error for a command-line tool.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, OutputError::Write { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}
