//! How the process's heap behaves during a load: glibc's allocator tuned for a few large,
//! growing columns and many short-lived file buffers, and freed memory handed back to the OS.
//!
//! Measured at 1M generated events (`stats --json`, median of 3, quiet 2-core machine): with
//! glibc's defaults the process holds 149 bytes per event after the load and peaks at 175; with
//! two arenas and a 1 MiB mmap threshold while loading, 142 and 167, for a load 1-3 % longer
//! (2.55 s against 2.52; one arena made it 10 % longer). Two reasons:
//! - every thread that allocates gets an arena of its own, and what a worker frees stays
//!   scattered in its arena (fragmented, so `malloc_trim` cannot give it back);
//! - glibc raises its mmap threshold each time a large block is freed, so after the first
//!   column doubling every later doubling happens on the heap: the old copy is copied, not
//!   remapped, and stays in the heap as a hole until the next trim.

/// Set when [`tune`] took charge of the mmap threshold: [`for_load`] and [`for_queries`] then
/// move it.
static TUNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The mmap threshold while loading: blocks of 1 MiB and more get pages of their own, so a column
/// that doubles is remapped, not copied, and a freed one goes back to the OS at once.
const LOAD_MMAP_THRESHOLD: i32 = 1 << 20;

/// The mmap threshold once loaded (glibc's own ceiling for its dynamic threshold): re-reading a
/// source for a scan or a group-by allocates a megabyte or two per file, and at 1 MiB each would
/// be an mmap, page faults and an munmap (the 1M scan took 9 % more CPU).
const QUERY_MMAP_THRESHOLD: i32 = 32 << 20;

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn mallopt(param: i32, value: i32) {
    extern "C" {
        fn mallopt(param: std::os::raw::c_int, value: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    // SAFETY: mallopt only sets glibc's tuning parameters; it has no preconditions.
    unsafe {
        mallopt(param, value);
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
const M_MMAP_THRESHOLD: i32 = -3;

/// Tunes glibc's allocator for a load: two arenas, large blocks mmapped while loading (call once, first thing in `main`, before any thread
/// starts). Nothing elsewhere. `TRAILSCOPE_HEAP=default` leaves glibc's defaults (to measure the
/// difference); glibc's own `MALLOC_ARENA_MAX` / `MALLOC_MMAP_THRESHOLD_`, when set, win.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("TRAILSCOPE_HEAP").is_some_and(|v| v == "default") {
            return;
        }
        const M_ARENA_MAX: i32 = -8;
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            mallopt(M_ARENA_MAX, 2);
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            TUNED.store(true, std::sync::atomic::Ordering::Relaxed);
            for_load();
        }
    }
}

/// A load starts: large blocks get pages of their own (see [`LOAD_MMAP_THRESHOLD`]).
pub(crate) fn for_load() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if TUNED.load(std::sync::atomic::Ordering::Relaxed) {
        mallopt(M_MMAP_THRESHOLD, LOAD_MMAP_THRESHOLD);
    }
}

/// A load ended: file-sized blocks come from the heap again (see [`QUERY_MMAP_THRESHOLD`]).
pub(crate) fn for_queries() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if TUNED.load(std::sync::atomic::Ordering::Relaxed) {
        mallopt(M_MMAP_THRESHOLD, QUERY_MMAP_THRESHOLD);
    }
}

/// Hands memory freed by the load (file buffers, batches, the sort's scratch) back to the OS.
/// glibc keeps freed small and medium blocks in its arenas; without this the process would stay
/// ~40 bytes per event bigger than the store it holds.
pub(crate) fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn malloc_trim(pad: usize) -> std::os::raw::c_int;
        }
        // SAFETY: malloc_trim only walks glibc's own free lists; it has no preconditions.
        unsafe {
            malloc_trim(0);
        }
    }
}
