//! How the process's heap behaves during a load: glibc's allocator tuned for a few large,
//! growing columns and many short-lived file buffers, and freed memory handed back to the OS.
//!
//! Measured at 1M generated events (`stats --json`, glibc 2.x, 2 cores): with glibc's defaults
//! the process stays ~22 bytes per event above the store it holds and peaks ~62 above it; with
//! one arena and a fixed 1 MiB mmap threshold, ~9 above and ~38 above. Two reasons:
//! - every thread that allocates gets an arena of its own, and what a worker frees stays
//!   scattered in its arena (fragmented, so `malloc_trim` cannot give it back);
//! - glibc raises its mmap threshold each time a large block is freed, so after the first
//!   column doubling every later doubling happens on the heap: the old copy is copied, not
//!   remapped, and stays in the heap as a hole until the next trim.

/// Tunes glibc's allocator for a load (call once, first thing in `main`, before any thread
/// starts). Nothing elsewhere. `TRAILSCOPE_HEAP=default` leaves glibc's defaults (to measure the
/// difference); glibc's own `MALLOC_ARENA_MAX` / `MALLOC_MMAP_THRESHOLD_`, when set, win.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var_os("TRAILSCOPE_HEAP").is_some_and(|v| v == "default") {
            return;
        }
        extern "C" {
            fn mallopt(
                param: std::os::raw::c_int,
                value: std::os::raw::c_int,
            ) -> std::os::raw::c_int;
        }
        const M_MMAP_THRESHOLD: std::os::raw::c_int = -3;
        const M_ARENA_MAX: std::os::raw::c_int = -8;
        // SAFETY: mallopt only sets glibc's tuning parameters; it has no preconditions and is
        // called before this process starts other threads.
        unsafe {
            if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
                mallopt(M_ARENA_MAX, 1);
            }
            if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
                mallopt(M_MMAP_THRESHOLD, 1 << 20);
            }
        }
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
