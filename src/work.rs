//! A count of the work done in the places where an input could make trustlint slow: the
//! characters counted for columns, the cells of an edit distance, the bytes compared to find
//! a value in its file, the entries of a redirect URI list. Tests run an input at two sizes
//! and check that the work grows like the input, not like its square, without timing
//! anything. Counting is one relaxed atomic addition per call, not per unit.

use std::sync::atomic::{AtomicU64, Ordering};

static WORK: AtomicU64 = AtomicU64::new(0);

/// Records `units` of work.
pub fn add(units: usize) {
    WORK.fetch_add(units as u64, Ordering::Relaxed);
}

/// The work recorded since the process started (all threads).
pub fn total() -> u64 {
    WORK.load(Ordering::Relaxed)
}
