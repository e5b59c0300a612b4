//! Benchmarks (filled in with the engine).
fn main() {}
