//! The one writer (`trailscope::output`): whatever name, whatever is already there, forced or
//! not, failing midway or not — it never replaces what it must not, never writes through a
//! link, never leaves a temporary, and what it commits is exactly the bytes written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::fs;
use std::path::{Path, PathBuf};
use trailscope::output::{write_file, OutputError};

/// What stands at the target name before the write.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Before {
    Nothing,
    Regular,
    LinkToRegular,
    DanglingLink,
    LinkToFifo,
    Fifo,
    Folder,
}

const BEFORE: [Before; 7] = [
    Before::Nothing,
    Before::Regular,
    Before::LinkToRegular,
    Before::DanglingLink,
    Before::LinkToFifo,
    Before::Fifo,
    Before::Folder,
];

fn scratch() -> PathBuf {
    let d = std::env::temp_dir().join(format!("trailscope-fuzz-writer-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(d.join("side")).unwrap();
    d
}

fn mkfifo(p: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(p.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo {}", p.display());
}

/// A snapshot of what is at `p`, without following links.
fn state(p: &Path) -> Option<(bool, bool, bool, Vec<u8>)> {
    let m = fs::symlink_metadata(p).ok()?;
    let ft = m.file_type();
    let bytes = if ft.is_file() { fs::read(p).unwrap() } else { Vec::new() };
    Some((ft.is_file(), ft.is_symlink(), ft.is_dir(), bytes))
}

/// Names in the folder, sorted.
fn listing(d: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (flags, name_len, rest) = (data[0], data[1], &data[2..]);
    let before = BEFORE[(flags & 7) as usize % BEFORE.len()];
    let force = flags & 8 != 0;
    let fail = flags & 16 != 0;
    // A name of 1..=255 bytes from the input, made a valid single file name.
    let n = (name_len as usize).max(1).min(255).min(rest.len().max(1));
    let mut name: Vec<u8> = rest.iter().take(n).map(|&b| match b {
        b'/' | 0 => b'_',
        b => b,
    }).collect();
    if name.is_empty() {
        name.push(b'n');
    }
    if name == b"." || name == b".." || name.starts_with(b".trailscope-") || name == b"side" {
        name.insert(0, b'x');
        name.truncate(255);
    }
    let content = &rest[n.min(rest.len())..];
    let name = <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&name);

    let d = scratch();
    let dest = d.join(&name);
    let victim = d.join("side").join("victim");
    fs::write(&victim, b"victim").unwrap();
    match before {
        Before::Nothing => {}
        Before::Regular => fs::write(&dest, b"old").unwrap(),
        Before::LinkToRegular => std::os::unix::fs::symlink(&victim, &dest).unwrap(),
        Before::DanglingLink => std::os::unix::fs::symlink(d.join("side/none"), &dest).unwrap(),
        Before::LinkToFifo => {
            mkfifo(&d.join("side/fifo"));
            std::os::unix::fs::symlink(d.join("side/fifo"), &dest).unwrap()
        }
        Before::Fifo => mkfifo(&dest),
        Before::Folder => fs::create_dir(&dest).unwrap(),
    }
    let was = state(&dest);
    let names_before = listing(&d);

    let r = write_file(&dest, force, |w, t| {
        w.write_all(content).map_err(|e| OutputError::write(t, e))?;
        if fail {
            return Err(OutputError::Source("fuzz: failed midway".into()));
        }
        Ok(())
    });

    let regular_or_link_to_one = matches!(
        before,
        Before::Nothing | Before::Regular | Before::LinkToRegular
    );
    match &r {
        Ok(()) => {
            assert!(regular_or_link_to_one && !fail, "{before:?} force={force}");
            assert!(before == Before::Nothing || force, "{before:?} replaced without force");
            assert_eq!(state(&dest), Some((true, false, false, content.to_vec())));
        }
        Err(OutputError::NotRegular { .. }) => assert!(!regular_or_link_to_one, "{before:?}"),
        Err(OutputError::Exists(_)) => assert!(!force && before != Before::Nothing, "{before:?}"),
        Err(OutputError::Source(_)) => assert!(fail),
        Err(e) => panic!("{before:?} force={force}: unexpected {e}"),
    }
    if r.is_err() {
        assert_eq!(state(&dest), was, "{before:?}: the target changed on an error");
    }
    // Never through a link, never a temporary left, nothing else created.
    assert_eq!(fs::read(&victim).unwrap(), b"victim");
    let mut want = names_before;
    if r.is_ok() && before == Before::Nothing {
        want.push(name.to_string_lossy().into_owned());
        want.sort();
    }
    assert_eq!(listing(&d), want, "{before:?} force={force} fail={fail}");
    let _ = fs::remove_dir_all(&d);
});
