//! The loader's errors: why a file (or standard input) could not be read, with the path. Each
//! renders as the lower-case reason the reports have always shown.

use super::decode::io_reason;

/// Why one input could not be read, or only in part.
#[derive(Debug, thiserror::Error)]
pub enum LoadErrorKind {
    /// Opening or reading failed (`ErrorKind` in the error).
    #[error("{}", io_reason(.0))]
    Io(std::io::Error),
    /// A folder where a file was expected.
    #[error("is a directory")]
    IsDirectory,
    /// A FIFO, socket or device: it could block or never end.
    #[error("not a regular file")]
    NotRegular,
    /// More bytes than `--max-file-bytes` (`size` when known: a growing file or a pipe has none).
    #[error(
        "file is {}over the limit of {limit} bytes (raise it with --max-file-bytes)",
        size.map(|s| format!("{s} bytes, ")).unwrap_or_default()
    )]
    FileTooBig {
        /// Size on disk.
        size: Option<u64>,
        /// The limit.
        limit: u64,
    },
    /// gzip data inflating past `--max-file-bytes`.
    #[error(
        "decompresses to more than the limit of {limit} bytes (gzip bomb? raise it with --max-file-bytes)"
    )]
    GzipOverLimit {
        /// The limit.
        limit: u64,
    },
    /// The gzip stream is damaged or cut.
    #[error("corrupt gzip: {0}")]
    CorruptGzip(std::io::Error),
    /// Another compression, an archive or another text encoding (what it is, and what to do).
    #[error("not JSON: the file holds {0}")]
    OtherFormat(&'static str),
    /// Not JSON at all: a top-level value starts with `byte`.
    #[error(
        "not JSON: line {line}, column {column} starts with {}, expected '{{' or '['",
        shown_byte(*byte)
    )]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The byte found.
        byte: u8,
    },
    /// Not valid JSON.
    #[error("invalid JSON at line {line}, column {column}: {what}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there (never quoting data).
        what: String,
    },
    /// Valid JSON (or not JSON at all), but no CloudTrail record in it.
    #[error("{0}")]
    NotCloudTrail(String),
    /// Not loaded because the events already loaded reach `--max-events`.
    #[error(
        "not loaded: its {events} events would take the {loaded} already loaded past the limit of {limit} (raise it with --max-events)"
    )]
    EventLimit {
        /// Events of this file.
        events: usize,
        /// Events loaded before it.
        loaded: u64,
        /// The limit.
        limit: u64,
    },
    /// The load was cancelled while this input was being read.
    #[error("cancelled")]
    Cancelled,
    /// Any other reason found while extracting (several problems joined).
    #[error("{0}")]
    Extract(String),
    /// An S3 object could not be fetched (the reason, e.g. deleted since it was listed).
    #[error("{0}")]
    Fetch(String),
}

/// A byte as shown in messages: `'x'` when printable ASCII, else `byte 0xNN`.
fn shown_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("'{}'", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

impl LoadErrorKind {
    /// The I/O error kind, for I/O failures.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            LoadErrorKind::Io(e) | LoadErrorKind::CorruptGzip(e) => Some(e.kind()),
            _ => None,
        }
    }
}

/// A load error with the path (or `<stdin>`) it is about.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct LoadError {
    /// The path as given / found.
    pub path: String,
    /// Why.
    pub kind: LoadErrorKind,
}
