//! STUB
use super::Reason;
/// STUB.
pub fn check(_value: &str) -> Result<(), Reason> { Ok(()) }
/// STUB.
pub fn check_base(_value: &str) -> Result<(), Reason> { Ok(()) }
