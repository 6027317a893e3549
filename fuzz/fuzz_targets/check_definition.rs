#![no_main]
//! Fuzz target `check_definition`: see `harness::check_definition`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::check_definition(data));
