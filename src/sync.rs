//! The program's one policy for lock poisoning.
//!
//! A lock is poisoned when a thread panicked while holding it. Every lock in trailscope guards
//! data that each step leaves whole (an append-only store, a cache of whole entries, a list of
//! paths), so a poisoned lock is still used as it is: the panic is reported once, by the panic
//! hook, and never turned into a second panic in every other thread that touches the lock.
//! Take locks through these helpers, not `.lock().unwrap()`.

use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Locks `m`, poisoned or not.
pub fn lock<T: ?Sized>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Read-locks `l`, poisoned or not.
pub fn read<T: ?Sized>(l: &RwLock<T>) -> RwLockReadGuard<'_, T> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

/// Write-locks `l`, poisoned or not.
pub fn write<T: ?Sized>(l: &RwLock<T>) -> RwLockWriteGuard<'_, T> {
    l.write().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_poisoned_lock_is_still_usable() {
        let m = std::sync::Arc::new(Mutex::new(vec![1]));
        let m2 = m.clone();
        let _ = std::thread::spawn(move || {
            let _g = m2.lock().unwrap();
            panic!("poison it");
        })
        .join();
        assert!(m.is_poisoned());
        lock(&m).push(2);
        assert_eq!(*lock(&m), vec![1, 2]);
        let l = RwLock::new(1);
        *write(&l) += 1;
        assert_eq!(*read(&l), 2);
    }

    /// The runtime and the app take locks only through these helpers (a condvar's wait has no
    /// helper: it keeps `unwrap_or_else(|e| e.into_inner())`, the same policy).
    #[test]
    fn the_runtime_and_the_app_follow_the_policy() {
        fn scan(dir: &std::path::Path, bad: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    scan(&p, bad);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for (n, line) in text.lines().enumerate() {
                        let unwrapped = [".lock().", ".read().", ".write()."]
                            .iter()
                            .any(|l| line.contains(&format!("{l}unwrap")));
                        if unwrapped || line.contains(&format!("{}unwrap_or_else", ".lock().")) {
                            bad.push(format!("{}:{}: {}", p.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut bad = Vec::new();
        for d in ["tui", "app"] {
            scan(&root.join(d), &mut bad);
        }
        assert!(
            bad.is_empty(),
            "locks taken outside crate::sync:\n{}",
            bad.join("\n")
        );
    }
}
