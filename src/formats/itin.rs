//! USA Individual Taxpayer Identification Number (ITIN): `9XX-GG-XXXX`.
//!
//! # Source
//!
//! IRS, "Individual Taxpayer Identification Number (ITIN)" and Publication
//! 1915, "Understanding Your IRS Individual Taxpayer Identification
//! Number": an ITIN is a nine-digit number that always begins with `9` and
//! whose fourth and fifth digits (the group) are in the ranges `50`–`65`,
//! `70`–`88`, `90`–`92` or `94`–`99`. The IRS added `50`–`65` in 2011;
//! python-stdnum 2.2 still rejects them, so the project's test vectors mark
//! those groups `official_valid` and this module follows the IRS. There is
//! no check digit.
//!
//! # Accepted forms
//!
//! As for [`ssn`]: nine ASCII digits, or `9XX-XX-XXXX` with both
//! dashes in their standard positions.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.itin` | not nine digits in either accepted form |
//! | `format.itin.area` | does not start with `9` |
//! | `format.itin.group` | fourth and fifth digits outside 50–65, 70–88, 90–92, 94–99 |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::itin;
//!
//! assert!(itin::check("912-70-3456").is_ok());
//! assert!(itin::check("932508264").is_ok()); // group 50: valid per the IRS
//! assert_eq!(itin::check("812-70-3456").unwrap_err().code, "format.itin.area");
//! assert_eq!(itin::check("912-93-4567").unwrap_err().code, "format.itin.group");
//! ```

use super::{ssn, JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.itin",
    "an ITIN is nine digits, written 9XX-XX-XXXX or without dashes",
);
const AREA: Reason = Reason::error("format.itin.area", "an ITIN always starts with 9");
const GROUP: Reason = Reason::error(
    "format.itin.group",
    "the ITIN's fourth and fifth digits are not in 50-65, 70-88, 90-92 or 94-99",
);

/// Check `value` is a USA ITIN (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, always with [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::itin;
///
/// assert!(itin::check("900-99-6518").is_ok());
/// assert_eq!(itin::check("900-66-6518").unwrap_err().code, "format.itin.group");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let (area, group, _serial) = ssn::split_3_2_4(value).ok_or(SHAPE)?;
    if area < 900 {
        return Err(AREA);
    }
    if matches!(group, 50..=65 | 70..=88 | 90..=92 | 94..=99) {
        Ok(())
    } else {
        Err(GROUP)
    }
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^9(?:[0-9]{8}|[0-9]{2}-[0-9]{2}-[0-9]{4})$")
        .leaving_out("the ITIN's group ranges")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    fn code(v: &str) -> Option<&'static str> {
        check(v).err().map(|r| r.code)
    }

    #[test]
    fn every_group_boundary() {
        for g in 0..=99u32 {
            let v = format!("912{g:02}3456");
            let ok = matches!(g, 50..=65 | 70..=88 | 90..=92 | 94..=99);
            assert_eq!(code(&v).is_none(), ok, "group {g}");
            if !ok {
                assert_eq!(code(&v), Some("format.itin.group"));
            }
        }
    }

    #[test]
    fn dashed_form_is_the_same_number() {
        assert_eq!(check("912-70-3456"), check("912703456"));
        assert_eq!(check("912-93-4567"), check("912934567"));
    }

    #[test]
    fn area() {
        assert_eq!(code("812703456"), Some("format.itin.area"));
        assert_eq!(code("012-70-3456"), Some("format.itin.area"));
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "91270345",
            "9127034567",
            "912 70 3456",
            "9127-03456",
            "91a703456",
        ] {
            assert_eq!(code(v), Some("format.itin"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "812703456", "912003456"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
