// A run over a large repository makes millions of small allocations (settings, paths,
// spans, texts) on every thread; mimalloc keeps them with less overhead than the system
// allocator (see the README's design notes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's own setter of an option (`mi_option_set` in `mimalloc.h`).
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc 3's `mi_option_t`.
const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
const PURGE_DELAY: std::ffi::c_int = 15;

fn main() -> std::process::ExitCode {
    // Peak memory counts, not only time: memory is committed as it is used, not an arena
    // at a time, and what is freed goes back to the system at once rather than a second
    // later (a large run frees each batch of texts and trees as it goes).
    // SAFETY: both options are plain integers mimalloc reads when it next needs them;
    // setting them before any thread is started races with nothing.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 0);
    }
    trustlint::cli::main()
}
