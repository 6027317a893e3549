#![no_main]
//! Fuzz target `settings`: see `harness::settings`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::settings(data));
