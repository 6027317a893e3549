#![no_main]
//! Fuzz target `toml`: see `harness::toml`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::toml(data));
