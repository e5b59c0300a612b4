//! Colombia NIT (Número de Identificación Tributaria): base and DIAN check digit.
//!
//! # Source
//!
//! DIAN, Orden Administrativa 4 de 1989 (the "dígito de verificación"), as
//! implemented by python-stdnum (`stdnum/co/nit.py`): number the base's
//! digits from the right and weight them 3, 7, 13, 17, 19, 23, 29, 37, 41, 43,
//! 47, 53, 59, 67, 71; for `r = Σ mod 11` the check digit is `r` when
//! `r < 2`, else `11 − r`.
//!
//! Two formats share the algorithm:
//!
//! - [`check`] (`nit`): a company NIT with its check digit, a 9-digit base
//!   and 1 check digit. Accepted forms: ten ASCII digits (`8001972684`) or
//!   the base, a dash and the check digit (`800197268-4`). The form DIAN
//!   prints, the base dot-grouped (`800.197.268-4`), has its check digit
//!   verified the same way and is a **warning** (`format.nit.punctuated`),
//!   as for the CPF and the CNPJ: no provider document the project encodes
//!   rules it out, but an API may want the digits alone. Bases of other
//!   lengths are rejected.
//! - [`check_natural`] (`nit-natural`): a natural person's NIT, the cédula
//!   number (1 to 10 digits, the NUIP) and its check digit, as digits or
//!   with a dash before the check digit; a company NIT passes too.
//! - [`check_base`] (`nit-base`): the 9-digit base alone, as APIs that
//!   compute the check digit themselves want it. A 10-digit value whose last
//!   digit *is* the check digit of the first nine (or the dashed form with
//!   the right check digit) gets its own code, since the fix is to drop it.
//!
//! # Codes (errors but one)
//!
//! | code | when |
//! | --- | --- |
//! | `format.nit` | not 9 digits + check digit in an accepted form |
//! | `format.nit.punctuated` (warning) | a valid NIT written `NNN.NNN.NNN-D` |
//! | `format.nit.check_digit` | the check digit does not match the base |
//! | `format.nit-natural` | not a cédula number + check digit in an accepted form |
//! | `format.nit-natural.check_digit` | the check digit does not match the base |
//! | `format.nit-base` | not exactly nine ASCII digits |
//! | `format.nit-base.includes_check_digit` | a base followed by its own check digit |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::nit;
//!
//! assert!(nit::check("8001972684").is_ok());
//! assert!(nit::check("800197268-4").is_ok());
//! assert_eq!(nit::check("8001972685").unwrap_err().code, "format.nit.check_digit");
//! assert!(nit::check_base("800197268").is_ok());
//! assert_eq!(
//!     nit::check_base("8001972684").unwrap_err().code,
//!     "format.nit-base.includes_check_digit"
//! );
//! assert_eq!(nit::check_digit("800197268"), Some(4));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.nit",
    "a NIT here is the 9-digit base and its check digit, as 10 digits or with a dash before the check digit",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.nit.check_digit",
    "the NIT's check digit does not match its base",
);
const PUNCTUATED: Reason = Reason::warning(
    "format.nit.punctuated",
    "the NIT is valid but written with dots; send the base and check digit without them if the API wants them so",
);
const BASE_SHAPE: Reason = Reason::error(
    "format.nit-base",
    "a NIT base is exactly nine digits, without the check digit",
);
const BASE_WITH_CHECK_DIGIT: Reason = Reason::error(
    "format.nit-base.includes_check_digit",
    "send the 9-digit base without its check digit",
);

/// DIAN weights, applied from the rightmost base digit.
const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];

/// The DIAN check digit of a NIT base of 1 to 15 ASCII digits (the lengths
/// the weight table covers), or `None` for anything else.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::nit;
///
/// assert_eq!(nit::check_digit("213123432"), Some(1));
/// assert_eq!(nit::check_digit("21312343a"), None);
/// ```
pub fn check_digit(base: &str) -> Option<u8> {
    if base.is_empty() || base.len() > WEIGHTS.len() {
        return None;
    }
    let mut sum = 0u32;
    for (b, w) in base.bytes().rev().zip(WEIGHTS) {
        if !b.is_ascii_digit() {
            return None;
        }
        sum += u32::from(b - b'0') * w;
    }
    let r = sum % 11;
    // r < 11, so the narrowing is lossless.
    Some(if r < 2 { r as u8 } else { (11 - r) as u8 })
}

/// Split a NIT written `BBBBBBBBBD` or `BBBBBBBBB-D` into its base and its
/// check digit, if it has that shape.
fn split(value: &str) -> Option<(&str, u8)> {
    let base = value.get(..9)?;
    let rest = value.get(9..)?;
    let dv = match rest.as_bytes() {
        [d] | [b'-', d] => *d,
        _ => return None,
    };
    if !dv.is_ascii_digit() || !base.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((base, dv - b'0'))
}

/// Check `value` is a 9-digit NIT base with its DIAN check digit.
///
/// # Errors
///
/// `format.nit` for the wrong shape, `format.nit.check_digit` for a wrong
/// check digit; both [`Severity::Error`](crate::Severity::Error). A valid
/// NIT in DIAN's printed form gets `format.nit.punctuated`, a
/// [`Severity::Warning`](crate::Severity::Warning).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::nit;
///
/// assert!(nit::check("2131234321").is_ok());
/// assert_eq!(nit::check("213.123.432-1").unwrap_err().code, "format.nit.punctuated");
/// assert_eq!(nit::check("213.123.432-2").unwrap_err().code, "format.nit.check_digit");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    // `NNN.NNN.NNN-D`: the same digits, checked the same way, a warning
    // when they pass.
    if let [a0, a1, a2, b'.', b0, b1, b2, b'.', c0, c1, c2, b'-', d] = value.as_bytes() {
        let plain = [*a0, *a1, *a2, *b0, *b1, *b2, *c0, *c1, *c2, *d];
        return match std::str::from_utf8(&plain) {
            Ok(compact) => check(compact).and(Err(PUNCTUATED)),
            Err(_) => Err(SHAPE),
        };
    }
    let (base, dv) = split(value).ok_or(SHAPE)?;
    if check_digit(base) == Some(dv) {
        Ok(())
    } else {
        Err(CHECK_DIGIT)
    }
}

/// Check `value` is a 9-digit NIT base without its check digit.
///
/// # Errors
///
/// `format.nit-base.includes_check_digit` when the value is a base followed
/// by its own check digit, `format.nit-base` for anything else that is not
/// nine digits; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::nit;
///
/// assert!(nit::check_base("900141702").is_ok());
/// assert_eq!(nit::check_base("9001234567").unwrap_err().code, "format.nit-base");
/// ```
pub fn check_base(value: &str) -> Result<(), Reason> {
    if value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    match split(value) {
        Some((base, dv)) if check_digit(base) == Some(dv) => Err(BASE_WITH_CHECK_DIGIT),
        _ => Err(BASE_SHAPE),
    }
}

const NATURAL_SHAPE: Reason = Reason::error(
    "format.nit-natural",
    "a person's NIT is the cédula number (at most 10 digits) and its check digit, with or without a dash before it",
);
const NATURAL_CHECK_DIGIT: Reason = Reason::error(
    "format.nit-natural.check_digit",
    "the NIT's check digit does not match its base",
);

/// Check `value` is a natural person's NIT: the cédula number (the NUIP,
/// 1 to 10 digits, plain or dot-grouped, see [`super::nuip`]) followed by
/// its DIAN check digit, written `794561232` or `79456123-2`
/// (`79.456.123-2`). A company NIT (a 9-digit base) has the same shape and
/// passes too.
///
/// # Errors
///
/// `format.nit-natural` for another shape, `format.nit-natural.check_digit`
/// for a wrong check digit; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::nit;
///
/// assert!(nit::check_natural("79456123-2").is_ok());
/// assert!(nit::check_natural("794561232").is_ok());
/// assert!(nit::check_natural("800197268-4").is_ok());
/// assert_eq!(
///     nit::check_natural("79456123-3").unwrap_err().code,
///     "format.nit-natural.check_digit"
/// );
/// ```
pub fn check_natural(value: &str) -> Result<(), Reason> {
    let (base, dv) = match value.rsplit_once('-') {
        Some((base, dv)) => (base, dv),
        None => (
            value.get(..value.len().saturating_sub(1)).unwrap_or(""),
            value.get(value.len().saturating_sub(1)..).unwrap_or(""),
        ),
    };
    let dv = match dv.as_bytes() {
        [d] if d.is_ascii_digit() => d - b'0',
        _ => return Err(NATURAL_SHAPE),
    };
    let base = super::nuip::digits(base)
        .filter(|d| (1..=10).contains(&d.len()))
        .ok_or(NATURAL_SHAPE)?;
    if check_digit(&base) == Some(dv) {
        Ok(())
    } else {
        Err(NATURAL_CHECK_DIGIT)
    }
}

/// The `nit` format's part of the exported JSON Schema: its written shapes,
/// leaving the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{10}|[0-9]{9}-[0-9]|[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9])$")
        .leaving_out("the NIT's DIAN check digit")
}

/// The `nit-base` format's part of the exported JSON Schema: nine digits.
pub(crate) fn json_schema_base() -> JsonSchema {
    JsonSchema::pattern("^[0-9]{9}$")
}

/// The `nit-natural` format's part of the exported JSON Schema: its written
/// shapes, leaving the rest to [`check_natural`].
pub(crate) fn json_schema_natural() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{1,3}(?:\\.[0-9]{3}){1,3}|[0-9]{1,10})-?[0-9]$")
        .leaving_out("the NIT's DIAN check digit")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    fn code(r: Result<(), Reason>) -> Option<&'static str> {
        r.err().map(|r| r.code)
    }

    #[test]
    fn check_digit_known_values() {
        // python-stdnum test list and its module doctest.
        for (base, dv) in [
            ("213123432", 1),
            ("800242106", 2),
            ("890000381", 0),
            ("860002134", 8),
            ("830005997", 1),
            ("900343302", 6),
        ] {
            assert_eq!(check_digit(base), Some(dv), "{base}");
        }
    }

    #[test]
    fn check_digit_lengths() {
        assert_eq!(check_digit(""), None);
        assert!(check_digit("1").is_some());
        assert!(check_digit("123456789012345").is_some());
        assert_eq!(check_digit("1234567890123456"), None);
        assert_eq!(check_digit("12345678-"), None);
    }

    #[test]
    fn nit_forms() {
        assert_eq!(code(check("2131234321")), None);
        assert_eq!(code(check("213123432-1")), None);
        assert_eq!(code(check("2131234325")), Some("format.nit.check_digit"));
        assert_eq!(code(check("213123432-5")), Some("format.nit.check_digit"));
        for v in [
            "",
            "213123432",
            "21312343210",
            "213.123.4321",
            "21.3123.432-1",
            "213.123.432.1",
            "213123432 1",
            "213123432--1",
            "21312343a1",
            "213123432-a",
            "11185342480",
            "152525250",
            "2131234ñ1",
        ] {
            assert_eq!(code(check(v)), Some("format.nit"), "{v:?}");
        }
    }

    /// DIAN's printed form: checked as the ten digits, and only a warning
    /// when they pass.
    #[test]
    fn the_punctuated_form_is_checked_and_only_warned() {
        for v in ["213.123.432-1", "800.197.268-4"] {
            let r = check(v).unwrap_err();
            assert_eq!(
                (r.code, r.severity),
                ("format.nit.punctuated", Severity::Warning),
                "{v}"
            );
        }
        assert_eq!(code(check("213.123.432-5")), Some("format.nit.check_digit"));
        assert_eq!(code(check("213.123.43a-1")), Some("format.nit"));
    }

    #[test]
    fn base() {
        assert_eq!(code(check_base("800250119")), None);
        assert_eq!(
            code(check_base("8002501191")),
            Some("format.nit-base.includes_check_digit")
        );
        assert_eq!(
            code(check_base("800250119-1")),
            Some("format.nit-base.includes_check_digit")
        );
        // 10 digits whose last is not the check digit: just the wrong shape.
        assert_eq!(code(check_base("9001234567")), Some("format.nit-base"));
        for v in ["", " 900123456", "90012345", "90012345a", "900.123.456"] {
            assert_eq!(code(check_base(v)), Some("format.nit-base"), "{v:?}");
        }
    }

    #[test]
    fn natural_forms() {
        // 79456123: Σ of 3,2,1,6,5,4,9,7 weighted 3,7,13,17,19,23,29,37 is
        // 9+14+13+102+95+92+261+259 = 845; 845 mod 11 = 9; 11 - 9 = 2.
        assert_eq!(check_digit("79456123"), Some(2));
        for v in [
            "79456123-2",
            "794561232",
            "79.456.123-2",
            "2131234321",
            "213123432-1",
        ] {
            assert_eq!(code(check_natural(v)), None, "{v}");
        }
        for v in ["79456123-3", "794561233", "213123432-5"] {
            assert_eq!(
                code(check_natural(v)),
                Some("format.nit-natural.check_digit"),
                "{v}"
            );
        }
        for v in [
            "",
            "-",
            "2",
            "-2",
            "79456123-",
            "79456123-22",
            "7945612a-2",
            "123456789012",
            "79 456 123-2",
        ] {
            assert_eq!(code(check_natural(v)), Some("format.nit-natural"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for r in [
            check("x"),
            check("2131234325"),
            check_base("x"),
            check_base("8002501191"),
        ] {
            assert_eq!(r.unwrap_err().severity, Severity::Error);
        }
    }
}
