//! USA Employer Identification Number (EIN): `XX-XXXXXXX` and its prefix.
//!
//! # Source
//!
//! IRS, "How EINs are assigned and valid EIN prefixes"
//! (<https://www.irs.gov/businesses/small-businesses-self-employed/how-eins-are-assigned-and-valid-ein-prefixes>):
//! an EIN is nine digits whose first two (the prefix) name the IRS campus or
//! channel that assigned it. The prefixes the IRS lists are 01–06, 10–16,
//! 20–27, 30–39, 40–48, 50–68, 71–77, 80–88, 90–95 and 98–99; so `00`, `07`,
//! `08`, `09`, `17`, `18`, `19`, `28`, `29`, `49`, `69`, `70`, `78`, `79`,
//! `89`, `96` and `97` are never assigned. There is no check digit.
//!
//! # Accepted forms
//!
//! Nine ASCII digits, or the written form `XX-XXXXXXX` (one dash after the
//! prefix). No spaces, no dash elsewhere (`911-14-4442` is rejected: that is
//! an SSN's layout).
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.ein` | not nine digits in either accepted form |
//! | `format.ein.prefix` | a prefix the IRS does not assign |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::ein;
//!
//! assert!(ein::check("91-1144442").is_ok());
//! assert!(ein::check("911144442").is_ok());
//! assert_eq!(ein::check("07-1144442").unwrap_err().code, "format.ein.prefix");
//! assert_eq!(ein::check("911-14-4442").unwrap_err().code, "format.ein");
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.ein",
    "an EIN is nine digits, written XX-XXXXXXX or without the dash",
);
const PREFIX: Reason = Reason::error(
    "format.ein.prefix",
    "the EIN's first two digits are not a prefix the IRS assigns",
);

/// Prefixes the IRS never assigns.
pub const UNASSIGNED_PREFIXES: [u8; 17] = [
    0, 7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97,
];

/// Check `value` is a USA EIN (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, always with [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::ein;
///
/// assert!(ein::check("04-2103594").is_ok());
/// assert_eq!(ein::check("04-21035").unwrap_err().code, "format.ein");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let bytes = value.as_bytes();
    let dashed = match bytes.len() {
        9 => false,
        10 => true,
        _ => return Err(SHAPE),
    };
    let mut prefix = 0u8;
    let mut n = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        if dashed && i == 2 {
            if b != b'-' {
                return Err(SHAPE);
            }
            continue;
        }
        if !b.is_ascii_digit() {
            return Err(SHAPE);
        }
        if n < 2 {
            prefix = prefix * 10 + (b - b'0');
        }
        n += 1;
    }
    if UNASSIGNED_PREFIXES.contains(&prefix) {
        Err(PREFIX)
    } else {
        Ok(())
    }
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{9}|[0-9]{2}-[0-9]{7})$").leaving_out("the EIN's IRS prefixes")
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
    fn every_prefix() {
        // The IRS's list of valid prefixes, independent of UNASSIGNED_PREFIXES.
        let assigned = |p: u8| {
            matches!(
                p,
                1..=6 | 10..=16 | 20..=27 | 30..=39 | 40..=48 | 50..=68 | 71..=77 | 80..=88
                    | 90..=95 | 98..=99
            )
        };
        for p in 0..=99u8 {
            let v = format!("{p:02}-1234567");
            assert_eq!(code(&v).is_none(), assigned(p), "prefix {p}");
            assert_eq!(check(&v), check(&v.replace('-', "")));
            if !assigned(p) {
                assert_eq!(code(&v), Some("format.ein.prefix"));
            }
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "91114444",
            "9111444420",
            "911-14-4442",
            "9-11144442",
            "911144442-",
            "91 1144442",
            "9111444A2",
            "91-11444420",
        ] {
            assert_eq!(code(v), Some("format.ein"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "07-1144442"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
