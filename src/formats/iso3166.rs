//! STUB
use super::Reason;
/// STUB.
pub fn check_alpha2(_value: &str) -> Result<(), Reason> { Ok(()) }
/// STUB.
pub fn check_alpha3(_value: &str) -> Result<(), Reason> { Ok(()) }
