//! Chile RUT / RUN (Rol Único Tributario, Rol Único Nacional): a 7- or
//! 8-digit body and its modulo-11 check digit, `K` standing for 10.
//!
//! # Source
//!
//! Servicio de Impuestos Internos (SII), the "dígito verificador" of the
//! RUT ("módulo 11"): multiply the body's digits from the right by 2, 3,
//! 4, 5, 6, 7, 2, 3, …, sum, and take `11 − (sum mod 11)`; 11 is written
//! `0` and 10 is written `K`. The reference implementation is
//! python-stdnum's `stdnum/cl/rut.py` (which writes the same computation
//! with weights 9, 8, 7, 6, 5, 4 and a table `0123456789K`), and its
//! lengths: a body of 7 or 8 digits.
//!
//! # Accepted forms
//!
//! The usual written forms, so that a correct RUT is never refused for
//! how it is written:
//!
//! - compact, body and check digit: `123456785`;
//! - a dash before the check digit: `12345678-5`;
//! - the body grouped by dots in threes from the right, and the dash:
//!   `12.345.678-5`, `1.234.567-4`.
//!
//! The check digit `K` in either case (`12.345.670-k` is common). Nothing
//! else: no spaces, no `CL` prefix, no dots without the dash, no other
//! grouping.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.rut` | not a 7- or 8-digit body and a check digit in an accepted form |
//! | `format.rut.check_digit` | the check digit does not match the body |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::rut;
//!
//! assert!(rut::check("12.345.678-5").is_ok());
//! assert!(rut::check("12345678-5").is_ok());
//! assert!(rut::check("123456785").is_ok());
//! assert_eq!(rut::check("12.345.678-6").unwrap_err().code, "format.rut.check_digit");
//! assert_eq!(rut::check("12 345 678-5").unwrap_err().code, "format.rut");
//! assert_eq!(rut::check_digit("12345678"), Some('5'));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.rut",
    "a RUT is a 7- or 8-digit number and its check digit (0-9 or K), written 12.345.678-5, 12345678-5 or 123456785",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.rut.check_digit",
    "the RUT's check digit does not match its number",
);

/// The SII check digit (`'0'`–`'9'` or `'K'`) of a body of ASCII digits, or
/// `None` when `body` is empty or has anything else.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::rut;
///
/// assert_eq!(rut::check_digit("76086428"), Some('5'));
/// assert_eq!(rut::check_digit("12.345"), None);
/// ```
pub fn check_digit(body: &str) -> Option<char> {
    if body.is_empty() {
        return None;
    }
    let mut sum = 0u64;
    for (b, w) in body.bytes().rev().zip([2u64, 3, 4, 5, 6, 7].iter().cycle()) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u64::from(b - b'0') * w;
    }
    // 11 - (sum mod 11) is 1..=11; 11 is written 0 and 10 is K.
    match 11 - sum % 11 {
        11 => Some('0'),
        10 => Some('K'),
        d => char::from_digit(u32::try_from(d).ok()?, 10),
    }
}

/// The body (digits only) and check digit of a RUT in an accepted form.
fn split(value: &str) -> Option<(String, char)> {
    let (body, dv) = match value.rsplit_once('-') {
        Some((body, dv)) => (body, dv),
        None => {
            let n = value.len().checked_sub(1)?;
            (value.get(..n)?, value.get(n..)?)
        }
    };
    let dv = match dv.as_bytes() {
        [d] if d.is_ascii_digit() => char::from(*d),
        [b'K' | b'k'] => 'K',
        _ => return None,
    };
    let dashed = value.len() > body.len() + 1;
    let digits = if body.contains('.') {
        // Dots only with the dash, in threes from the right.
        if !dashed {
            return None;
        }
        super::nuip::digits(body)?
    } else {
        body.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| body.to_string())?
    };
    matches!(digits.len(), 7 | 8).then_some((digits, dv))
}

/// Check `value` is a RUT with its SII check digit (see the module docs
/// for the accepted forms).
///
/// # Errors
///
/// `format.rut` for the wrong shape, `format.rut.check_digit` for a wrong
/// check digit; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::rut;
///
/// assert!(rut::check("1.234.567-4").is_ok());
/// assert_eq!(rut::check("12.345.6785").unwrap_err().code, "format.rut");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let (body, dv) = split(value).ok_or(SHAPE)?;
    if check_digit(&body) == Some(dv) {
        Ok(())
    } else {
        Err(CHECK_DIGIT)
    }
}

/// The format's part of the exported JSON Schema: its written shapes, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{7,8}-?|[0-9]{1,2}\\.[0-9]{3}\\.[0-9]{3}-)[0-9Kk]$")
        .leaving_out("the RUT's check digit")
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
        // 12345678: 8*2 + 7*3 + 6*4 + 5*5 + 4*6 + 3*7 + 2*2 + 1*3 = 138;
        // 138 mod 11 = 6; 11 - 6 = 5.
        assert_eq!(check_digit("12345678"), Some('5'));
        // python-stdnum's doctests.
        assert_eq!(check_digit("76086428"), Some('5'));
        assert_eq!(check_digit("12531909"), Some('2'));
        // 1234567: 7*2 + 6*3 + 5*4 + 4*5 + 3*6 + 2*7 + 1*2 = 106; 106 mod 11
        // = 7; 11 - 7 = 4.
        assert_eq!(check_digit("1234567"), Some('4'));
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("1234a67"), None);
    }

    #[test]
    fn forms() {
        for v in [
            "12.345.678-5",
            "12345678-5",
            "123456785",
            "1.234.567-4",
            "1234567-4",
            "12345674",
            "76.086.428-5",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
        // A body whose check digit is K, in both cases; and one with 0.
        let body = (1_000_000u32..)
            .map(|n| n.to_string())
            .find(|b| check_digit(b) == Some('K'))
            .unwrap();
        assert_eq!(code(&format!("{body}-K")), None);
        assert_eq!(code(&format!("{body}k")), None);
        assert_eq!(code(&format!("{body}-0")), Some("format.rut.check_digit"));
        let zero = (1_000_000u32..)
            .map(|n| n.to_string())
            .find(|b| check_digit(b) == Some('0'))
            .unwrap();
        assert_eq!(code(&format!("{zero}-0")), None);
        assert_eq!(code(&format!("{zero}-K")), Some("format.rut.check_digit"));
    }

    #[test]
    fn wrong_check_digit() {
        for v in ["12.345.678-6", "12345678-K", "123456780", "1.234.567-5"] {
            assert_eq!(code(v), Some("format.rut.check_digit"), "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "-",
            "5",
            "-5",
            "12345678-",
            "12345678-55",
            "123456-0",
            "123456789-5",
            "12.345.6785",
            "12.3456.78-5",
            "12345.678-5",
            "12 345 678-5",
            "CL12345678-5",
            "12345678-X",
            "1234567a-5",
            "12.345.678--5",
            "12.345.678-Ｋ",
            "１2345678-5",
        ] {
            assert_eq!(code(v), Some("format.rut"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "12345678-6"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
