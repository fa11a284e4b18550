//! Shared by the benches and the profiling examples: the allocator of the dossier binary with
//! the settings `src/main.rs` gives it, so that a stage's figure is its speed inside a run.
//! Invariant: call first thing in `main`, before any other thread exists.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Small OS pages, a 10 s purge delay and no transparent huge pages, as in `src/main.rs` (whose
/// comments give the reasons). The entity figure moved by at most 2% between these settings and
/// mimalloc's defaults in alternating runs, but a figure must be the binary's.
pub fn allocator_like_the_binary() {
    // SAFETY: called before any other thread exists (mi_option_set is not thread-safe). Option
    // numbers from mimalloc.h: 6 = allow_large_os_pages, 15 = purge_delay.
    unsafe {
        libmimalloc_sys::mi_option_set(6, 0);
        libmimalloc_sys::mi_option_set(15, 10_000);
    }
    // SAFETY: prctl with integer arguments only; it changes no memory the program sees.
    #[cfg(target_os = "linux")]
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
