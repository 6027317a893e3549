#![no_main]
//! Fuzz target `script`: see `harness::script`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::script(data));
