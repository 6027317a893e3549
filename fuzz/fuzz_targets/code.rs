#![no_main]
//! Fuzz target `code`: see `harness::code`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::code(data));
