#![no_main]
//! Fuzz target `json`: see `harness::json`.

use libfuzzer_sys::fuzz_target;

#[path = "harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| harness::json(data));
