#![no_main]
//! Fuzz target `check_config`: see `harness::check_config`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::check_config(data));
