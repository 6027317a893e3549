#![no_main]
//! Fuzz target `yaml`: see `harness::yaml`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::yaml(data));
