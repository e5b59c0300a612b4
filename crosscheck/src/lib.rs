//! Nothing here: this crate holds kyc-preflight's benchmarks (`benches/`)
//! and its cross-checks against the `jsonschema` crate (`tests/`), so that
//! criterion and jsonschema are not in the main crate's dev tree. Not
//! published. Run them with `cargo bench -p kyc-preflight-crosscheck` and
//! `cargo test -p kyc-preflight-crosscheck`.
