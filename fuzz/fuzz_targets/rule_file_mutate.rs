#![no_main]
//! See fuzz/README.md and testkit/src/fuzz/targets.rs.

mod common;

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = common::Input(Unstructured::new(data));
    common::fuzz_support::targets::rule_file_mutate(&mut input, common::root());
});
