//! Shared by the fuzz targets: the testkit's fuzz bodies (the same ones
//! `tests/it/fuzz_bounded.rs` runs) and a byte source over libFuzzer's
//! input through `arbitrary::Unstructured`.
#![allow(dead_code)]

pub use kyc_preflight_testkit::fuzz as fuzz_support;

use arbitrary::Unstructured;

pub use fuzz_support::generate::Source;

/// The repository root (this crate is `fuzz/` in it).
pub fn root() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// libFuzzer's input as a [`Source`].
pub struct Input<'a>(pub Unstructured<'a>);

impl Source for Input<'_> {
    fn byte(&mut self) -> u8 {
        self.0.arbitrary::<u8>().unwrap_or(0)
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        self.0.int_in_range(0..=n - 1).unwrap_or(0)
    }
}
