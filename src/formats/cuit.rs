//! Argentina CUIT / CUIL (Clave Única de Identificación Tributaria /
//! Laboral): a 2-digit type, an 8-digit number and a modulo-11 check digit.
//!
//! # Source
//!
//! AFIP (now ARCA), the CUIT's structure and "dígito verificador": the
//! type `20`, `23`, `24` or `27` for a person (the number is the DNI),
//! `30`, `33` or `34` for a company, and `50`, `51` or `55` for the CUITs
//! AFIP assigns to foreign countries and entities; then the 8-digit
//! number; then a check digit: weight the first ten digits 5, 4, 3, 2, 7,
//! 6, 5, 4, 3, 2, sum, and take `r = sum mod 11`; the check digit is `0`
//! for `r = 0`, `9` for `r = 1` (where AFIP assigns another type instead;
//! the reference accepts 9) and `11 − r` otherwise. The reference implementation is python-stdnum's
//! `stdnum/ar/cuit.py`, whose list of types and check-digit table
//! (`012345678990`) this follows exactly.
//!
//! # Accepted forms
//!
//! Eleven ASCII digits (`20123456786`) or the usual written form with both
//! dashes (`20-12345678-6`). No spaces, dots, or other dash positions.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.cuit` | not 11 digits in either accepted form |
//! | `format.cuit.prefix` | a type other than those above |
//! | `format.cuit.check_digit` | the check digit does not match |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::cuit;
//!
//! assert!(cuit::check("20-12345678-6").is_ok());
//! assert!(cuit::check("20123456786").is_ok());
//! assert_eq!(cuit::check("21-12345678-6").unwrap_err().code, "format.cuit.prefix");
//! assert_eq!(cuit::check("20-12345678-7").unwrap_err().code, "format.cuit.check_digit");
//! assert_eq!(cuit::check_digit("2012345678"), Some(6));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.cuit",
    "a CUIT is 11 digits, written 20-12345678-6 or without dashes",
);
const PREFIX: Reason = Reason::error(
    "format.cuit.prefix",
    "the CUIT's first two digits are not a type AFIP assigns (20, 23, 24, 27, 30, 33, 34, 50, 51 or 55)",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.cuit.check_digit",
    "the CUIT's check digit does not match its other digits",
);

/// The types (first two digits) AFIP assigns.
pub const TYPES: [&str; 10] = ["20", "23", "24", "27", "30", "33", "34", "50", "51", "55"];

const WEIGHTS: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

/// The check digit of the first ten digits of a CUIT, or `None` unless
/// `first10` is exactly ten ASCII digits.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::cuit;
///
/// assert_eq!(cuit::check_digit("2012345678"), Some(6));
/// assert_eq!(cuit::check_digit("201234567"), None);
/// ```
pub fn check_digit(first10: &str) -> Option<u8> {
    if first10.len() != 10 {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in first10.bytes().zip(WEIGHTS) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    // r < 11, so the narrowing is lossless.
    Some(match sum % 11 {
        0 => 0,
        1 => 9,
        r => (11 - r) as u8,
    })
}

/// The eleven digits of a CUIT written compact or with both dashes.
fn digits(value: &str) -> Option<String> {
    let b = value.as_bytes();
    let compact = match b.len() {
        11 => value.to_string(),
        13 if b.get(2) == Some(&b'-') && b.get(11) == Some(&b'-') => {
            format!(
                "{}{}{}",
                value.get(..2)?,
                value.get(3..11)?,
                value.get(12..)?
            )
        }
        _ => return None,
    };
    compact
        .bytes()
        .all(|c| c.is_ascii_digit())
        .then_some(compact)
}

/// Check `value` is a CUIT (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, in the order shape, type, check digit;
/// always [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::cuit;
///
/// assert!(cuit::check("30-50001091-2").is_ok());
/// assert_eq!(cuit::check("20.12345678.6").unwrap_err().code, "format.cuit");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let d = digits(value).ok_or(SHAPE)?;
    let (first10, dv) = (d.get(..10).ok_or(SHAPE)?, d.get(10..).ok_or(SHAPE)?);
    if !TYPES.iter().any(|t| d.starts_with(t)) {
        return Err(PREFIX);
    }
    match check_digit(first10) {
        Some(c) if dv.as_bytes() == [b'0' + c] => Ok(()),
        _ => Err(CHECK_DIGIT),
    }
}

/// The format's part of the exported JSON Schema: its written shapes, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:20|23|24|27|30|33|34|50|51|55)(?:[0-9]{9}|-[0-9]{8}-[0-9])$")
        .leaving_out("the CUIT's check digit")
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
    fn check_digits() {
        // 2012345678: 2*5 + 0*4 + 1*3 + 2*2 + 3*7 + 4*6 + 5*5 + 6*4 + 7*3 + 8*2
        // = 148; 148 mod 11 = 5; 11 - 5 = 6.
        assert_eq!(check_digit("2012345678"), Some(6));
        // python-stdnum's doctests.
        assert_eq!(check_digit("2026756539"), Some(3));
        assert_eq!(check_digit("3050001091"), Some(2));
        assert_eq!(check_digit("201234567a"), None);
        // Remainder 0 gives 0 and remainder 1 gives 9.
        let by_remainder = |r: u32| {
            (0u64..)
                .map(|n| format!("20{:08}", n))
                .find(|s| {
                    s.bytes()
                        .zip(WEIGHTS)
                        .map(|(b, w)| u32::from(b - b'0') * w)
                        .sum::<u32>()
                        % 11
                        == r
                })
                .unwrap()
        };
        assert_eq!(check_digit(&by_remainder(0)), Some(0));
        assert_eq!(check_digit(&by_remainder(1)), Some(9));
        assert_eq!(check_digit(&by_remainder(2)), Some(9));
    }

    #[test]
    fn forms_and_types() {
        for t in TYPES {
            let first10 = format!("{t}12345678");
            let dv = check_digit(&first10).unwrap();
            assert_eq!(code(&format!("{first10}{dv}")), None, "{t}");
            assert_eq!(code(&format!("{t}-12345678-{dv}")), None, "{t}");
        }
        for t in [
            "00", "10", "21", "22", "25", "26", "28", "31", "40", "52", "99",
        ] {
            let first10 = format!("{t}12345678");
            let dv = check_digit(&first10).unwrap();
            assert_eq!(
                code(&format!("{first10}{dv}")),
                Some("format.cuit.prefix"),
                "{t}"
            );
        }
    }

    #[test]
    fn wrong_check_digit() {
        for v in ["20-12345678-7", "20123456780", "30-50001091-3"] {
            assert_eq!(code(v), Some("format.cuit.check_digit"), "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "2012345678",
            "201234567861",
            "20-12345678",
            "20-1234567-86",
            "2-012345678-6",
            "20 12345678 6",
            "20.12345678.6",
            "20-12345678-6 ",
            "2012345678a",
            "20-12345678-Ｋ",
            "２0123456786",
        ] {
            assert_eq!(code(v), Some("format.cuit"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "21123456786", "20123456787"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
