//! ITU-T E.164 phone numbers: `+`, country code and subscriber number, at most 15 digits.
//!
//! # Source
//!
//! ITU-T Recommendation E.164, "The international public telecommunication
//! numbering plan": at most 15 digits, the country code first, and a
//! country code never starts with `0`. Written for machines that is
//! `^\+[1-9]\d{1,14}$` (ASCII digits), the syntax this module checks first.
//!
//! Whether the digits are a number that can exist in the country's
//! numbering plan comes from Google's libphonenumber metadata (v9.0.42).
//! The [`rlibphonenumber`] crate (2.2) was chosen on evidence: on 4,089
//! numbers it agreed with Google libphonenumber on all 4,089, while the
//! `phonenumber` crate (0.3.10) disagreed on 1.6% of them (for example
//! `+37080012345`, a Lithuanian toll-free number it rejects) and took about
//! 1.5 ms a number on a mixed set. Its metadata and message types are used
//! here, and its verdicts are the reference: the `numbering_plan` module applies
//! libphonenumber's parse, validity and E.164 formatting rules to the one
//! shape that reaches it (`+` and ASCII digits), with patterns compiled for
//! ASCII digits, which costs a small part of the crate's start-up; a test
//! compares the two number by number (`tests/it/e164_plan.rs`). The
//! metadata is indexed by calling code once, lazily, on the first number
//! checked past the syntax; a region's metadata is decoded, and each of its
//! patterns compiled, the first time a number needs it. Neither check
//! allocates on the happy path.
//!
//! A number is in the numbering plan when libphonenumber would parse it,
//! say it is valid, and format it back in E.164 to exactly the same string
//! (so `+4402071838750`, a UK number with its trunk `0` kept, is not).
//!
//! # Severity
//!
//! Syntax is an error. Not being in the numbering plan is a **warning**:
//! libphonenumber's metadata lags new number ranges, and a provider that
//! checks E.164 syntax accepts the number (docs/design.md, "severity").
//!
//! # Codes
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `format.e164` | error | not `^\+[1-9]\d{1,14}$` |
//! | `format.e164.not_in_numbering_plan` | warning | syntax is fine; libphonenumber does not know the number |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::e164;
//! use kyc_preflight::Severity;
//!
//! assert!(e164::check("+12025550173").is_ok());
//! assert_eq!(e164::check("+1 202 555 0173").unwrap_err().code, "format.e164");
//! let r = e164::check("+10235551234").unwrap_err(); // area code 023 does not exist
//! assert_eq!((r.code, r.severity), ("format.e164.not_in_numbering_plan", Severity::Warning));
//! ```

mod numbering_plan;

use super::{JsonSchema, Reason};

const SYNTAX: Reason = Reason::error(
    "format.e164",
    "an E.164 number is + and 2 to 15 digits, the first not 0, without spaces or punctuation",
);
const NOT_IN_PLAN: Reason = Reason::warning(
    "format.e164.not_in_numbering_plan",
    "the number is valid E.164 but not a number in its country's numbering plan (per libphonenumber); check it",
);

/// `^\+[1-9]\d{1,14}$` with ASCII digits.
pub fn is_e164_syntax(value: &str) -> bool {
    match value.as_bytes() {
        [b'+', first, rest @ ..] => {
            (b'1'..=b'9').contains(first)
                && (1..=14).contains(&rest.len())
                && rest.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

/// Check `value` is an E.164 number, and one libphonenumber knows.
///
/// # Errors
///
/// `format.e164` (error) for the wrong syntax;
/// `format.e164.not_in_numbering_plan` (warning) for a number outside its
/// country's numbering plan.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::e164;
///
/// assert!(e164::check("+441212345678").is_ok());
/// assert_eq!(e164::check("0052155").unwrap_err().code, "format.e164");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    if !is_e164_syntax(value) {
        return Err(SYNTAX);
    }
    match value.as_bytes().get(1..) {
        Some(digits) if numbering_plan::is_valid(digits) => Ok(()),
        _ => Err(NOT_IN_PLAN),
    }
}

/// The format's part of the exported JSON Schema: its written shape, `+` and 2
/// to 15 digits.
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^\\+[1-9][0-9]{1,14}$")
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
    fn syntax() {
        for v in [
            "",
            "+",
            "+1",
            "+0123456789",
            "12025550173",
            "0012025550173",
            "+1-202-555-0173",
            "+1 2025550173",
            "+1202555017312345",
            "+١٢٣٤٥٦٧٨٩",
            "+12025550173\n",
            " +12025550173",
        ] {
            assert_eq!(code(v), Some("format.e164"), "{v:?}");
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
        assert!(is_e164_syntax("+12"));
        assert!(is_e164_syntax("+123456789012345"));
        assert!(!is_e164_syntax("+1234567890123456"));
    }

    #[test]
    fn valid_numbers() {
        for v in [
            "+12025550173",
            "+442071838750",
            "+5511987654321",
            "+80012345678",
            "+37080012345",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn outside_the_numbering_plan_is_a_warning() {
        for v in [
            "+10235551234",   // NANP area code starting 0
            "+1415555267",    // too short
            "+2801234567",    // unassigned country code
            "+9991234567",    // unassigned country code
            "+4402071838750", // trunk 0 kept after the country code
            "+86101234567",
            "+420931234567896",
        ] {
            let r = check(v).unwrap_err();
            assert_eq!(
                (r.code, r.severity),
                ("format.e164.not_in_numbering_plan", Severity::Warning),
                "{v}"
            );
        }
    }
}
