#![no_main]
//! Fuzz target `env`: see `harness::env`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::env(data));
