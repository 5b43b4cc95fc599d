//! The temporary files in flight, so that a signal (or the explorer quitting) removes them.
//!
//! Lock poisoning: the registry is a list of paths that every operation leaves whole, so a panic
//! in another thread while it was held cannot leave it inconsistent. A poisoned lock is used as
//! it is (`into_inner`), never unwrapped: cleaning up after a panic must still work. This is the
//! policy for every lock in the program whose data stays valid at each step (see `crate::sync`).

use crate::sync::lock;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

/// Paths of the temporaries not yet renamed or removed; `closed` once the program is ending.
pub(super) struct Pending {
    pub(super) paths: Vec<PathBuf>,
    pub(super) closed: bool,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    paths: Vec::new(),
    closed: false,
});

/// The registry, locked. Creating, renaming and removing a temporary happen under this lock,
/// so cleanup never races a rename: a temporary is either renamed into place or removed.
pub(super) fn pending() -> MutexGuard<'static, Pending> {
    lock(&PENDING)
}

fn remove_all(p: &mut Pending) {
    for path in p.paths.drain(..) {
        let _ = std::fs::remove_file(path);
    }
    p.closed = true;
}

/// Removes every temporary in flight and refuses new ones (the program is ending: the explorer
/// calls it after its terminal is restored, before the process exits).
pub fn remove_pending() {
    remove_all(&mut pending());
}

/// For the headless commands: on SIGTERM, SIGINT or SIGHUP, remove every temporary in flight,
/// then die of that signal as if no handler were installed (so a shell sees the signal).
pub fn remove_pending_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                // Held until the process ends: no rename can complete after the removal.
                let mut p = pending();
                remove_all(&mut p);
                let _ = signal_hook::low_level::emulate_default_handler(sig);
                std::process::exit(128 + sig);
            }
        })?;
    Ok(())
}
