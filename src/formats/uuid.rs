//! STUB: to be implemented.
use super::Reason;

/// STUB.
pub fn check(_value: &str) -> Result<(), Reason> {
    Ok(())
}
