#![no_main]
//! See fuzz/README.md and testkit/src/fuzz/targets.rs.

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::fuzz_support::targets::check_bytes(data);
});
