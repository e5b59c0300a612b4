//! Test and benchmark support for kyc-preflight, shared by the integration
//! tests (`tests/it`), the library's unit tests, the benchmarks
//! (`crosscheck/`) and the fuzz targets (`fuzz/`), instead of each
//! including the same files by path. Not published.
//!
//! - [`corpus`]: the seeded generator of Kira payloads, valid and with
//!   labelled defects (its `gen_corpus` binary writes JSON Lines corpora).
//! - [`fuzz`]: the fuzz targets' structure-aware generators and the
//!   invariants every check must meet.

pub mod corpus;
pub mod fuzz;
