// A run over a large repository makes millions of small allocations (settings, paths,
// spans, texts) on every thread; mimalloc keeps them with less overhead than the system
// allocator (see the README's design notes).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// mimalloc's setter of an option's default (`mi_option_set_default` in `mimalloc.h`):
    /// the value holds unless the environment sets the option (`MIMALLOC_PURGE_DELAY`, ...),
    /// which mimalloc reads when it first asks for it.
    fn mi_option_set_default(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc 3's `mi_option_t`
/// (libmimalloc-sys names only mimalloc 2's options; `Cargo.lock` pins the C sources).
const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
const PURGE_DELAY: std::ffi::c_int = 15;

/// Peak memory counts, not only time: memory is committed as it is used, not an arena at a
/// time, and what is freed goes back to the system at once rather than a second later (a
/// large run frees each batch of texts and trees as it goes).
extern "C" fn tune_allocator() {
    // SAFETY: both options are plain integers in mimalloc's table of options; this runs
    // before any thread is started.
    unsafe {
        mi_option_set_default(ARENA_EAGER_COMMIT, 0);
        mi_option_set_default(PURGE_DELAY, 0);
    }
}

// On Linux the options are set before mimalloc sets itself up (its constructor has
// priority 101; a lower number runs first), so that its first arena is not committed
// eagerly either. Elsewhere they are set at the start of `main`.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array.00100")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;

fn main() -> std::process::ExitCode {
    if !cfg!(target_os = "linux") {
        tune_allocator();
    }
    trustlint::cli::main()
}
