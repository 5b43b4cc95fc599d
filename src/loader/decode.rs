//! Reading one input into its decompressed bytes: gzip recognised by its magic bytes (any name,
//! multi-member too), streamed with the decompressed size bounded *while reading* so that a gzip
//! bomb, a huge or endless file or an endless pipe is an error, not an OOM.

use super::error::LoadErrorKind;
use flate2::bufread::GzDecoder;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering::Relaxed};

/// Most decompressed bytes produced between two looks at the cancel flag: a quit during the
/// inflate of a multi-GB gzip (or the read of a huge plain file) ends within one such chunk.
const CANCEL_CHUNK: usize = 1 << 20;

/// Never set: for callers that cannot cancel.
static NEVER: AtomicBool = AtomicBool::new(false);

/// The marker inside the `io::Error` a [`Cancellable`] read returns once cancelled.
#[derive(Debug)]
struct CancelledRead;

impl std::fmt::Display for CancelledRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for CancelledRead {}

/// A reader that hands out at most [`CANCEL_CHUNK`] bytes per `read` and fails with
/// [`CancelledRead`] once `cancel` is set (not `Interrupted`, which `read_to_end` retries).
struct Cancellable<'c, R> {
    inner: R,
    cancel: &'c AtomicBool,
}

impl<R: Read> Read for Cancellable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.cancel.load(Relaxed) {
            return Err(std::io::Error::other(CancelledRead));
        }
        let n = buf.len().min(CANCEL_CHUNK);
        self.inner.read(&mut buf[..n])
    }
}

/// True when `e` is the error of a cancelled [`Cancellable`] read.
fn is_cancelled(e: &std::io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<CancelledRead>())
}

/// True when `bytes` start with the gzip magic.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// A source's decompressed bytes, and what was odd about it (the content is still good).
#[derive(Debug, Default)]
pub struct Decoded {
    /// The decompressed content.
    pub bytes: Vec<u8>,
    /// Lower-case notes on parts that were ignored (trailing bytes after the gzip data).
    pub warnings: Vec<String>,
}

/// Inflates `raw` if it is gzip, else returns it; `limit` bounds the decompressed size.
pub fn decompress(raw: Vec<u8>, limit: u64) -> Result<Vec<u8>, LoadErrorKind> {
    decode_bytes(raw, limit).map(|d| d.bytes)
}

/// Like [`decompress`], keeping the warnings.
pub fn decode_bytes(raw: Vec<u8>, limit: u64) -> Result<Decoded, LoadErrorKind> {
    decode_bytes_or_cancel(raw, limit, &NEVER)
}

/// Like [`decode_bytes`], giving up with [`LoadErrorKind::Cancelled`] soon after `cancel` is set.
pub fn decode_bytes_or_cancel(
    raw: Vec<u8>,
    limit: u64,
    cancel: &AtomicBool,
) -> Result<Decoded, LoadErrorKind> {
    if !is_gzip(&raw) {
        if raw.len() as u64 > limit {
            return Err(LoadErrorKind::FileTooBig {
                size: Some(raw.len() as u64),
                limit,
            });
        }
        return Ok(Decoded {
            bytes: raw,
            warnings: Vec::new(),
        });
    }
    let len = raw.len() as u64;
    decode_stream_or_cancel(&raw[..], Some(len), limit, cancel)
}

/// Opens `path` for reading without blocking in `open` (a FIFO put in place of a file).
pub fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        const O_NONBLOCK: i32 = 0o4000;
        o.custom_flags(O_NONBLOCK);
    }
    o.open(path)
}

/// Reads and decompresses a file, never holding more than `limit` decompressed bytes (plus
/// one read buffer) whatever the file's size or growth.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, LoadErrorKind> {
    decode_file(path, limit).map(|d| d.bytes)
}

/// Like [`read_file`], keeping the warnings.
pub fn decode_file(path: &Path, limit: u64) -> Result<Decoded, LoadErrorKind> {
    decode_file_or_cancel(path, limit, &NEVER)
}

/// Like [`decode_file`], giving up with [`LoadErrorKind::Cancelled`] soon after `cancel` is set
/// (within a megabyte of output, however big the file or however far it inflates).
pub fn decode_file_or_cancel(
    path: &Path,
    limit: u64,
    cancel: &AtomicBool,
) -> Result<Decoded, LoadErrorKind> {
    let f = open_nonblocking(path).map_err(LoadErrorKind::Io)?;
    let meta = f.metadata().map_err(LoadErrorKind::Io)?;
    if meta.is_dir() {
        return Err(LoadErrorKind::IsDirectory);
    }
    if !meta.is_file() {
        // A FIFO or device could block or never end.
        return Err(LoadErrorKind::NotRegular);
    }
    decode_stream_or_cancel(f, Some(meta.len()), limit, cancel)
}

/// Decodes a stream (a file, standard input): plain or gzip, bounded by `limit` decompressed
/// bytes. `size` is the stream's length when known (for messages and the first allocation).
pub fn decode_stream(
    r: impl Read,
    size: Option<u64>,
    limit: u64,
) -> Result<Decoded, LoadErrorKind> {
    decode_stream_or_cancel(r, size, limit, &NEVER)
}

/// Like [`decode_stream`], giving up with [`LoadErrorKind::Cancelled`] soon after `cancel` is
/// set: the flag is looked at before every megabyte of output, plain or inflated.
pub fn decode_stream_or_cancel(
    r: impl Read,
    size: Option<u64>,
    limit: u64,
    cancel: &AtomicBool,
) -> Result<Decoded, LoadErrorKind> {
    decode_inner(r, size, limit, u64::MAX, cancel, 0)
}

/// gzip layers inflated inside one another (a `.gz` compressed again, as some transfer
/// tools and `Content-Encoding: gzip` downloads leave it); deeper is named, not read.
const MAX_GZIP_LAYERS: u32 = 3;

/// The first `upto` decompressed bytes of file `path` (fewer when it is shorter), inflating no
/// further than that: what re-reading a few records near the start of a big gzip needs.
pub fn read_file_prefix(
    path: &Path,
    upto: u64,
    cancel: &AtomicBool,
) -> Result<Vec<u8>, LoadErrorKind> {
    let f = open_nonblocking(path).map_err(LoadErrorKind::Io)?;
    let meta = f.metadata().map_err(LoadErrorKind::Io)?;
    if !meta.is_file() {
        return Err(LoadErrorKind::NotRegular);
    }
    let mut d = decode_inner(f, Some(meta.len()), u64::MAX, upto, cancel, 0)?;
    if is_gzip(&d.bytes) {
        // gzip inside gzip: the offsets are in the innermost content.
        d = decode_file_or_cancel(path, u64::MAX, cancel)?;
        d.bytes.truncate(upto.min(usize::MAX as u64) as usize);
    }
    Ok(d.bytes)
}

thread_local! {
    /// A decompression buffer given back by [`recycle`], reused by the next decode on this
    /// thread: a load inflates thousands of files of about a megabyte each, and a fresh buffer
    /// per file either churns mmap (page faults, zeroing) or fragments the heap.
    static SPARE: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Largest buffer [`recycle`] keeps (a rare huge file's buffer is freed, not held).
const SPARE_MAX: usize = 64 << 20;

/// Frees every thread's spare buffer (once a load is done: each is as large as the largest
/// file that thread inflated, and rayon's threads outlive the load).
pub(crate) fn drop_spares() {
    let drop_mine = || SPARE.with(|s| drop(std::mem::take(&mut *s.borrow_mut())));
    rayon::broadcast(|_| drop_mine());
    drop_mine();
}

/// An empty buffer with room for at least `hint` bytes: this thread's spare when it has one.
fn spare(hint: usize) -> Vec<u8> {
    let mut v = SPARE.with(|s| std::mem::take(&mut *s.borrow_mut()));
    v.clear();
    v.reserve(hint);
    v
}

/// Gives a decoded content's buffer back for the next decode on this thread (the loader calls
/// it once it is done with a file's bytes).
pub fn recycle(mut bytes: Vec<u8>) {
    if bytes.capacity() > SPARE_MAX {
        return;
    }
    bytes.clear();
    SPARE.with(|s| {
        let mut s = s.borrow_mut();
        if bytes.capacity() > s.capacity() {
            *s = bytes;
        }
    });
}

/// [`decode_stream_or_cancel`] that stops (successfully) after `stop_at` decompressed bytes.
fn decode_inner(
    r: impl Read,
    size: Option<u64>,
    limit: u64,
    stop_at: u64,
    cancel: &AtomicBool,
    layer: u32,
) -> Result<Decoded, LoadErrorKind> {
    let cancelled = |e: std::io::Error, other: fn(std::io::Error) -> LoadErrorKind| {
        if is_cancelled(&e) {
            LoadErrorKind::Cancelled
        } else {
            other(e)
        }
    };
    let mut r = BufReader::with_capacity(256 << 10, r);
    let head = r.fill_buf().map_err(LoadErrorKind::Io)?;
    if !is_gzip(head) {
        let mut out = spare(size.unwrap_or(0).min(limit).min(stop_at).min(1 << 30) as usize);
        Cancellable {
            inner: (&mut r).take(limit.saturating_add(1).min(stop_at)),
            cancel,
        }
        .read_to_end(&mut out)
        .map_err(|e| cancelled(e, LoadErrorKind::Io))?;
        if out.len() as u64 > limit {
            // The size on disk when it says so; a growing file or a pipe is just "over".
            let size = size.filter(|&s| s > limit);
            return Err(LoadErrorKind::FileTooBig { size, limit });
        }
        return Ok(Decoded {
            bytes: out,
            warnings: Vec::new(),
        });
    }
    // CloudTrail files compress ~10-20x; start there and let Vec grow.
    let guess = size
        .unwrap_or(1 << 20)
        .saturating_mul(12)
        .min(limit)
        .min(stop_at)
        .min(1 << 30) as usize;
    let mut out = spare(guess);
    let mut warnings = Vec::new();
    let mut consumed = 0u64;
    loop {
        // One member at a time, so what follows the last one can be looked at.
        let mut dec = GzDecoder::new(CountingRead {
            inner: &mut r,
            count: &mut consumed,
        });
        let room = limit
            .saturating_add(1)
            .min(stop_at)
            .saturating_sub(out.len() as u64);
        let res = Cancellable {
            inner: (&mut dec).take(room),
            cancel,
        }
        .read_to_end(&mut out);
        match res {
            Ok(_) if out.len() as u64 > limit => {
                return Err(LoadErrorKind::GzipOverLimit { limit })
            }
            Ok(_) if out.len() as u64 >= stop_at => break,
            Ok(_) => {}
            Err(e) => return Err(cancelled(e, LoadErrorKind::CorruptGzip)),
        }
        drop(dec);
        let rest = r.fill_buf().map_err(LoadErrorKind::Io)?;
        if rest.is_empty() {
            break;
        }
        if is_gzip(rest) {
            continue;
        }
        // What copy and transfer tools leave: zero padding, or garbage. `gzip -d` keeps the
        // data before it; so do we, and say so.
        let zeros = rest.iter().all(|&b| b == 0);
        let what = match size {
            Some(s) if s >= consumed => format!("{} bytes", s - consumed),
            _ => "bytes".to_string(),
        };
        warnings.push(if zeros {
            format!("{what} of trailing zero padding after the gzip data ignored")
        } else {
            format!("{what} of trailing garbage after the gzip data ignored")
        });
        break;
    }
    if is_gzip(&out) && layer + 1 < MAX_GZIP_LAYERS && stop_at == u64::MAX {
        // Compressed twice: inflate the inner layer too, bounded by the same limit.
        let len = out.len() as u64;
        let mut inner = decode_inner(&out[..], Some(len), limit, stop_at, cancel, layer + 1)?;
        warnings.append(&mut inner.warnings);
        inner.warnings = warnings;
        return Ok(inner);
    }
    Ok(Decoded {
        bytes: out,
        warnings,
    })
}

/// A reader over a `BufRead` that counts the bytes consumed through it (and is itself
/// `BufRead`, so the gzip decoder takes no more than its member).
struct CountingRead<'a, R> {
    inner: &'a mut R,
    count: &'a mut u64,
}

impl<R: BufRead> Read for CountingRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        *self.count += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingRead<'_, R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        *self.count += amt as u64;
        self.inner.consume(amt)
    }
}

/// What a content that is not JSON is, when its first bytes say so: an archive, another
/// compression, or text in an encoding other than UTF-8.
pub fn sniff_other_format(b: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| b.starts_with(m);
    if is_gzip(b) {
        return Some(
            "gzip-compressed data nested more than 3 layers deep (inflate it first: gzip -d)",
        );
    }
    if starts(&[0x28, 0xB5, 0x2F, 0xFD]) {
        return Some("zstd-compressed data (decompress it first: zstd -d)");
    }
    if starts(b"BZh") && b.get(3).is_some_and(|c| c.is_ascii_digit()) {
        return Some("bzip2-compressed data (decompress it first: bzip2 -d)");
    }
    if starts(&[0xFD, b'7', b'z', b'X', b'Z', 0x00]) {
        return Some("xz-compressed data (decompress it first: xz -d)");
    }
    if starts(&[0x5D, 0x00, 0x00]) {
        return Some("lzma-compressed data (decompress it first: xz -d)");
    }
    if starts(&[0x04, 0x22, 0x4D, 0x18]) {
        return Some("lz4-compressed data (decompress it first: lz4 -d)");
    }
    if starts(b"7z\xBC\xAF\x27\x1C") {
        return Some("a 7-Zip archive (extract it first)");
    }
    if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        return Some("a zip archive (extract it first: unzip)");
    }
    if b.len() >= 262 && &b[257..262] == b"ustar" {
        return Some("a tar archive (extract it first: tar -xf)");
    }
    if starts(&[0x00, 0x00, 0xFE, 0xFF]) || starts(&[0xFF, 0xFE, 0x00, 0x00]) {
        return Some("UTF-32 text (convert it to UTF-8 first: iconv -f UTF-32 -t UTF-8)");
    }
    if starts(&[0xFF, 0xFE]) || starts(&[0xFE, 0xFF]) || utf16_without_bom(b) {
        return Some("UTF-16 text (convert it to UTF-8 first: iconv -f UTF-16 -t UTF-8)");
    }
    None
}

/// ASCII text encoded as UTF-16 without a byte-order mark: every other byte of the start is 0.
fn utf16_without_bom(b: &[u8]) -> bool {
    let n = b.len().min(64) & !1;
    if n < 4 {
        return false;
    }
    let head = &b[..n];
    let even_zero = head.iter().step_by(2).all(|&c| c == 0);
    let odd_zero = head.iter().skip(1).step_by(2).all(|&c| c == 0);
    let ascii = |i: usize| head.iter().skip(i).step_by(2).all(|&c| c.is_ascii());
    (even_zero && ascii(1) && !odd_zero) || (odd_zero && ascii(0) && !even_zero)
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
            .to_string()
            .contains("limit of 1000"));
        let full = gz(&vec![b'x'; 5000]);
        let cut = full[..full.len() / 2].to_vec();
        assert!(decompress(cut, 100_000)
            .unwrap_err()
            .to_string()
            .starts_with("corrupt gzip"));
    }

    #[test]
    fn trailing_zeros_or_garbage_after_gzip_keep_the_data() {
        for (tail, word) in [
            (vec![0u8; 4096], "zero padding"),
            (b"junk!".to_vec(), "garbage"),
        ] {
            let mut two = gz(b"ab");
            two.extend(gz(b"cd"));
            let n = tail.len();
            two.extend(tail);
            let d = decode_bytes(two, 100).unwrap();
            assert_eq!(d.bytes, b"abcd");
            assert_eq!(
                d.warnings,
                [format!(
                    "{n} bytes of trailing {word} after the gzip data ignored"
                )]
            );
        }
    }

    /// An endless stream is cut at the limit: memory stays bounded by it.
    #[test]
    fn endless_streams_stop_at_the_limit() {
        let e = decode_stream(std::io::repeat(b'y'), None, 1000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "file is over the limit of 1000 bytes (raise it with --max-file-bytes)"
        );
        let zeros = gz(&vec![0u8; 1 << 20]);
        let e = decode_stream(&zeros[..], None, 1000).unwrap_err();
        assert!(e.to_string().contains("limit of 1000"), "{e}");
    }

    /// Counts the bytes read through it and sets `cancel` after the first read: a quit that
    /// arrives while the decoder is busy.
    struct CancelAfterFirstRead<'a> {
        inner: &'a [u8],
        read: usize,
        cancel: &'a AtomicBool,
    }

    impl Read for CancelAfterFirstRead<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n;
            self.cancel.store(true, Relaxed);
            Ok(n)
        }
    }

    /// A quit during the inflate of one huge gzip (a bomb of zeros: each input read inflates to
    /// hundreds of megabytes) ends the decode there, as Cancelled, before the input is used up;
    /// a huge plain file likewise.
    #[test]
    fn cancel_stops_the_inflate_of_one_huge_gzip() {
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..1024 {
            e.write_all(&zeros).unwrap(); // 1 GiB of zeros, ~1 MB compressed
        }
        let bomb = e.finish().unwrap();
        for (input, limit) in [(&bomb[..], u64::MAX), (&bomb[..], 1 << 30)] {
            let cancel = AtomicBool::new(false);
            let mut r = CancelAfterFirstRead {
                inner: input,
                read: 0,
                cancel: &cancel,
            };
            let res = decode_stream_or_cancel(&mut r, None, limit, &cancel);
            assert!(
                matches!(res, Err(LoadErrorKind::Cancelled)),
                "{:?}",
                res.map(|d| d.bytes.len())
            );
            assert!(
                r.read < input.len(),
                "read all {} bytes of a cancelled gzip",
                r.read
            );
        }
        let plain = vec![b' '; 8 << 20];
        let cancel = AtomicBool::new(false);
        let mut r = CancelAfterFirstRead {
            inner: &plain,
            read: 0,
            cancel: &cancel,
        };
        let res = decode_stream_or_cancel(&mut r, None, u64::MAX, &cancel);
        assert!(matches!(res, Err(LoadErrorKind::Cancelled)));
        assert!(r.read < plain.len());
        // Not cancelled: the same decoder reads on, to the limit.
        let d = decode_stream_or_cancel(&bomb[..], None, 1 << 20, &AtomicBool::new(false));
        assert!(matches!(d, Err(LoadErrorKind::GzipOverLimit { .. })));
    }

    /// A `.gz` compressed again is read through both layers (three at most, then named).
    #[test]
    fn gzip_inside_gzip_is_inflated_layer_by_layer() {
        let doc = br#"{"Records":[]}"#;
        let twice = gz(&gz(doc));
        assert_eq!(decompress(twice.clone(), 1000).unwrap(), doc);
        assert_eq!(decompress(gz(&twice), 1000).unwrap(), doc);
        let four = gz(&gz(&twice));
        assert!(is_gzip(&decompress(four.clone(), 1000).unwrap()));
        assert!(sniff_other_format(&decompress(four, 1000).unwrap())
            .unwrap()
            .contains("nested more than 3 layers"));
        // The limit holds for the inner layer too.
        let bomb = gz(&gz(&vec![b' '; 100_000]));
        assert!(matches!(
            decompress(bomb, 1000),
            Err(LoadErrorKind::GzipOverLimit { .. })
        ));
    }

    #[test]
    fn other_formats_are_named() {
        let cases: [(&[u8], &str); 6] = [
            (&[0x28, 0xB5, 0x2F, 0xFD, 0, 0], "zstd"),
            (b"BZh91AY&SY", "bzip2"),
            (&[0xFD, b'7', b'z', b'X', b'Z', 0, 0], "xz"),
            (b"PK\x03\x04\x14\x00", "zip archive"),
            (b"\xFF\xFE{\x00\"\x00", "UTF-16"),
            (b"{\x00\"\x00R\x00e\x00", "UTF-16"),
        ];
        for (b, want) in cases {
            assert!(sniff_other_format(b).unwrap().contains(want), "{want}");
        }
        let mut tar = vec![0u8; 512];
        tar[257..262].copy_from_slice(b"ustar");
        assert!(sniff_other_format(&tar).unwrap().contains("tar archive"));
        assert_eq!(sniff_other_format(br#"{"Records":[]}"#), None);
    }
}
