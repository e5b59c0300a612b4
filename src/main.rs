//! The kyc-preflight command-line interface.
fn main() {}
