//! USA Social Security Number (SSN): `AAA-GG-SSSS`, area, group and serial.
//!
//! # Source
//!
//! Social Security Administration, "Social Security Number Randomization"
//! (<https://www.ssa.gov/employer/randomization.html>): since 25 June 2011
//! numbers are assigned at random, so no check digit or high-group table
//! applies any more, but the SSA still never assigns
//!
//! - area (first three digits) `000`, `666` or `900`–`999`;
//! - group (middle two digits) `00`;
//! - serial (last four digits) `0000`.
//!
//! A few numbers were printed in advertising and are known to be misused:
//! `078-05-1120` (the Woolworth wallet insert, voided by the SSA; see
//! C. Puckett, "The Story of the Social Security Number", *Social Security
//! Bulletin* 69(2), 2009), `219-09-9999` (an SSA pamphlet) and
//! `457-55-5462`. The list is python-stdnum's (`stdnum/us/ssn.py`,
//! `_ssn_blacklist`).
//!
//! # Accepted forms
//!
//! Nine ASCII digits (`536904399`) or the usual written form with both
//! dashes in their standard positions (`536-90-4399`). Nothing else: no
//! spaces, no single dash, no dash elsewhere (`5369-04399`).
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.ssn` | not nine digits in either accepted form |
//! | `format.ssn.area` | area `000`, `666` or `900`–`999` |
//! | `format.ssn.group` | group `00` |
//! | `format.ssn.serial` | serial `0000` |
//! | `format.ssn.publicized` | one of the advertised numbers above |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::ssn;
//!
//! assert!(ssn::check("536-90-4399").is_ok());
//! assert!(ssn::check("536904399").is_ok());
//! assert_eq!(ssn::check("666-90-4399").unwrap_err().code, "format.ssn.area");
//! assert_eq!(ssn::check("5369-04399").unwrap_err().code, "format.ssn");
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.ssn",
    "an SSN is nine digits, written AAA-GG-SSSS or without dashes",
);
const AREA: Reason = Reason::error(
    "format.ssn.area",
    "the SSN's first three digits (area) are 000, 666 or 900-999, which the SSA never assigns",
);
const GROUP: Reason = Reason::error(
    "format.ssn.group",
    "the SSN's middle two digits (group) are 00, which the SSA never assigns",
);
const SERIAL: Reason = Reason::error(
    "format.ssn.serial",
    "the SSN's last four digits (serial) are 0000, which the SSA never assigns",
);
const PUBLICIZED: Reason = Reason::error(
    "format.ssn.publicized",
    "this SSN was printed in advertising and is not a person's own number",
);

/// Numbers published in advertising (python-stdnum `_ssn_blacklist`).
const PUBLICIZED_NUMBERS: [(u16, u8, u16); 3] = [(78, 5, 1120), (219, 9, 9999), (457, 55, 5462)];

/// Check `value` is a USA SSN (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, always with [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::ssn;
///
/// assert!(ssn::check("123-45-6789").is_ok());
/// assert_eq!(ssn::check("123-00-6789").unwrap_err().code, "format.ssn.group");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let (area, group, serial) = split_3_2_4(value).ok_or(SHAPE)?;
    if area == 0 || area == 666 || area >= 900 {
        return Err(AREA);
    }
    if group == 0 {
        return Err(GROUP);
    }
    if serial == 0 {
        return Err(SERIAL);
    }
    if PUBLICIZED_NUMBERS.contains(&(area, group, serial)) {
        return Err(PUBLICIZED);
    }
    Ok(())
}

/// Split a nine-digit number written `DDDDDDDDD` or `DDD-DD-DDDD` into its
/// three parts (area, group, serial). Shared with [`super::itin`].
pub(crate) fn split_3_2_4(value: &str) -> Option<(u16, u8, u16)> {
    let mut digits = [0u8; 9];
    let mut n = 0usize;
    match value.len() {
        9 => {
            for b in value.bytes() {
                *digits.get_mut(n)? = digit(b)?;
                n += 1;
            }
        }
        11 => {
            for (i, b) in value.bytes().enumerate() {
                if i == 3 || i == 6 {
                    if b != b'-' {
                        return None;
                    }
                } else {
                    *digits.get_mut(n)? = digit(b)?;
                    n += 1;
                }
            }
        }
        _ => return None,
    }
    let [a0, a1, a2, g0, g1, s0, s1, s2, s3] = digits;
    let area = u16::from(a0) * 100 + u16::from(a1) * 10 + u16::from(a2);
    let group = g0 * 10 + g1;
    let serial = u16::from(s0) * 1000 + u16::from(s1) * 100 + u16::from(s2) * 10 + u16::from(s3);
    Some((area, group, serial))
}

fn digit(b: u8) -> Option<u8> {
    b.is_ascii_digit().then(|| b - b'0')
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{9}|[0-9]{3}-[0-9]{2}-[0-9]{4})$")
        .leaving_out("the SSN's area, group and serial rules")
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
    fn accepts_compact_and_dashed() {
        assert_eq!(code("536904399"), None);
        assert_eq!(code("536-90-4399"), None);
        assert_eq!(code("899-99-9999"), None);
        assert_eq!(code("001-01-0001"), None);
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "53690439",
            "5369043990",
            "536 90 4399",
            "5369-04399",
            "536-904399",
            "53690-4399",
            "536-90-439a",
            "536_90_4399",
            "５３６904399",
            "536-90-43999",
        ] {
            assert_eq!(code(v), Some("format.ssn"), "{v:?}");
        }
    }

    #[test]
    fn area() {
        for v in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "999999999",
            "987-65-4320",
        ] {
            assert_eq!(code(v), Some("format.ssn.area"), "{v:?}");
        }
    }

    #[test]
    fn group_and_serial() {
        assert_eq!(code("123-00-4567"), Some("format.ssn.group"));
        assert_eq!(code("123-45-0000"), Some("format.ssn.serial"));
    }

    #[test]
    fn publicized() {
        for v in ["078-05-1120", "078051120", "219-09-9999", "457-55-5462"] {
            assert_eq!(code(v), Some("format.ssn.publicized"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in [
            "x",
            "000-12-3456",
            "123-00-4567",
            "123-45-0000",
            "078-05-1120",
        ] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
