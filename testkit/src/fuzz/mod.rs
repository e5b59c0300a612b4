//! Code shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`) and the
//! bounded CI run of the same bodies (`tests/it/fuzz_bounded.rs`,
//! `tests/it/regression.rs`). It lives in this testkit crate, not in the
//! library, so it adds no public API to kyc-preflight.
//!
//! - [`invariants`]: what must hold for every check of every input (no
//!   panic, deterministic, gates consistent with findings, pointers that
//!   resolve, renderers that agree, no sensitive value printed).
//! - [`generate`]: the structure-aware generators (payload mutations biased
//!   toward the rule sets' keys and values, rule-file mutations), driven by
//!   a byte [`generate::Source`]: libFuzzer's input in `fuzz/`, proptest's bytes
//!   in `tests/it/fuzz_bounded.rs`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod generate;
pub mod invariants;
pub mod targets;

/// Run `f` on a thread with a 64 MB stack, passing its panic on.
///
/// The bounded tests run the fuzz bodies in debug builds, where sonic-rs
/// takes about 50 KB of stack per nesting level. `RuleSet::check_bytes`
/// hands it only bodies nested at most 16 deep and fits a 2 MB thread
/// (`tests/it/regression.rs`, `check_bytes_of_a_64_deep_body_fits_a_2mb_thread`);
/// the large stack is a margin for the rest of a debug build's recursion
/// over deep generated bodies. The fuzzers (release builds, 8 MB main
/// thread) need no such help.
pub fn on_big_stack<F: FnOnce() + Send>(f: F) {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn_scoped(scope, f)
            .unwrap();
        if let Err(panic) = handle.join() {
            std::panic::resume_unwind(panic);
        }
    });
}
