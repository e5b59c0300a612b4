//! Brazil CPF (Cadastro de Pessoas Físicas): eleven digits, two mod-11 check digits.
//!
//! # Source
//!
//! Receita Federal do Brasil, CPF number rules, as implemented by
//! python-stdnum (`stdnum/br/cpf.py`): the first nine digits are the base;
//! the tenth is `s mod 11` mapped to a digit, where `s` is the base weighted
//! 10, 9, …, 2; the eleventh likewise over the base and the tenth digit,
//! weighted 11, 10, …, 2. A remainder `r` gives the digit `0` when `r < 2`,
//! else `11 − r`.
//!
//! Eleven equal digits (`111.111.111-11`) pass that arithmetic but the
//! Receita never issues them; the project's vectors mark them
//! `official_valid: false` (python-stdnum accepts them), so they are an
//! error here.
//!
//! # Accepted form
//!
//! Eleven ASCII digits. The punctuated form the Receita prints
//! (`390.533.447-05`) has its check digits verified the same way; it is
//! a **warning** (`format.cpf.punctuated`), not an error: no provider
//! document the project encodes says the digits must be sent alone, but an
//! API may want them so. Any other punctuation is the wrong shape.
//!
//! # Codes (errors but one)
//!
//! | code | when |
//! | --- | --- |
//! | `format.cpf` | not eleven ASCII digits, plain or as `NNN.NNN.NNN-NN` |
//! | `format.cpf.punctuated` (warning) | a valid CPF written `NNN.NNN.NNN-NN` |
//! | `format.cpf.repeated` | eleven equal digits |
//! | `format.cpf.check_digit` | either check digit is wrong |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::cpf;
//!
//! assert!(cpf::check("39053344705").is_ok());
//! assert_eq!(cpf::check("39053344706").unwrap_err().code, "format.cpf.check_digit");
//! assert_eq!(cpf::check("11111111111").unwrap_err().code, "format.cpf.repeated");
//! assert_eq!(cpf::check("390.533.447-05").unwrap_err().code, "format.cpf.punctuated");
//! assert_eq!(cpf::check("390.533.447-06").unwrap_err().code, "format.cpf.check_digit");
//! assert_eq!(cpf::check("390533.447-05").unwrap_err().code, "format.cpf");
//! assert_eq!(cpf::check_digits("390533447"), Some([0, 5]));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error("format.cpf", "a CPF is eleven digits, without dots or dash");
const PUNCTUATED: Reason = Reason::warning(
    "format.cpf.punctuated",
    "the CPF is valid but written with dots and a dash; send its eleven digits alone if the API wants them so",
);
const REPEATED: Reason = Reason::error(
    "format.cpf.repeated",
    "a CPF of eleven equal digits is never issued",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.cpf.check_digit",
    "the CPF's check digits do not match its first nine digits",
);

/// The two check digits of a nine-digit CPF base, or `None` when `base` is
/// not nine ASCII digits.
///
/// # Examples
///
/// ```
/// assert_eq!(kyc_preflight::formats::cpf::check_digits("232042083"), Some([5, 4]));
/// ```
pub fn check_digits(base: &str) -> Option<[u8; 2]> {
    let mut digits = [0u8; 9];
    if base.len() != digits.len() {
        return None;
    }
    for (slot, b) in digits.iter_mut().zip(base.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        *slot = b - b'0';
    }
    Some(digits_of(&digits))
}

fn digits_of(base: &[u8; 9]) -> [u8; 2] {
    let mut s1 = 0u32;
    let mut s2 = 0u32;
    for (i, &d) in (0u32..).zip(base.iter()) {
        s1 += u32::from(d) * (10 - i);
        s2 += u32::from(d) * (11 - i);
    }
    let d1 = mod11_digit(s1);
    s2 += u32::from(d1) * 2;
    [d1, mod11_digit(s2)]
}

/// `r < 2 → 0`, else `11 − r`, for `r = s mod 11`.
fn mod11_digit(s: u32) -> u8 {
    let r = s % 11;
    // r < 11, so the narrowing is lossless.
    if r < 2 {
        0
    } else {
        (11 - r) as u8
    }
}

/// Check `value` is a Brazilian CPF (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, always with [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::cpf;
///
/// assert!(cpf::check("23204208354").is_ok());
/// assert_eq!(cpf::check("2320420835").unwrap_err().code, "format.cpf");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    // `NNN.NNN.NNN-NN`: the same digits, checked the same way, a warning
    // when they pass.
    if let [x0, x1, x2, b'.', y0, y1, y2, b'.', z0, z1, z2, b'-', d1, d2] = value.as_bytes() {
        let plain = [*x0, *x1, *x2, *y0, *y1, *y2, *z0, *z1, *z2, *d1, *d2];
        return match std::str::from_utf8(&plain) {
            Ok(digits) => check(digits).and(Err(PUNCTUATED)),
            Err(_) => Err(SHAPE),
        };
    }
    let mut digits = [0u8; 11];
    if value.len() != digits.len() {
        return Err(SHAPE);
    }
    for (slot, b) in digits.iter_mut().zip(value.bytes()) {
        if !b.is_ascii_digit() {
            return Err(SHAPE);
        }
        *slot = b - b'0';
    }
    let [b0, b1, b2, b3, b4, b5, b6, b7, b8, d1, d2] = digits;
    if digits.iter().all(|&d| d == b0) {
        return Err(REPEATED);
    }
    if digits_of(&[b0, b1, b2, b3, b4, b5, b6, b7, b8]) == [d1, d2] {
        Ok(())
    } else {
        Err(CHECK_DIGIT)
    }
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{11}|[0-9]{3}\\.[0-9]{3}\\.[0-9]{3}-[0-9]{2})$")
        .leaving_out("the CPF's check digits")
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
    fn valid() {
        for v in ["39053344705", "23204208354", "52947667360", "94841862030"] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn check_digit() {
        for v in ["39053344706", "39053344715", "22304208354", "01530228770"] {
            assert_eq!(code(v), Some("format.cpf.check_digit"), "{v}");
        }
    }

    #[test]
    fn repeated_pass_the_arithmetic_but_are_rejected() {
        for d in 0..=9u8 {
            let v = d.to_string().repeat(11);
            assert_eq!(
                check_digits(&v[..9]),
                Some([d, d]),
                "the arithmetic accepts {v}"
            );
            assert_eq!(code(&v), Some("format.cpf.repeated"));
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "3905334470",
            "390533447050",
            "390533.447-05",
            "390.533.44705",
            "390.533.447-0",
            "3905334470S",
            "３9053344705",
        ] {
            assert_eq!(code(v), Some("format.cpf"), "{v:?}");
        }
    }

    #[test]
    fn the_punctuated_form_is_checked_and_only_warned() {
        let r = check("390.533.447-05").unwrap_err();
        assert_eq!(
            (r.code, r.severity),
            ("format.cpf.punctuated", Severity::Warning)
        );
        assert_eq!(code("390.533.447-06"), Some("format.cpf.check_digit"));
        assert_eq!(code("111.111.111-11"), Some("format.cpf.repeated"));
    }

    #[test]
    fn check_digits_rejects_bad_bases() {
        assert_eq!(check_digits("39053344"), None);
        assert_eq!(check_digits("39053344a"), None);
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "11111111111", "39053344706"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
