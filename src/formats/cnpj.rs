//! Brazil CNPJ (Cadastro Nacional da Pessoa Jurídica), numeric and alphanumeric.
//!
//! # Source
//!
//! Receita Federal do Brasil, Instrução Normativa RFB nº 2.229, de 15 de
//! outubro de 2024, and Nota Técnica nº 49/2024 COCAD/SUARA/RFB: from July
//! 2026 new CNPJs are alphanumeric. A CNPJ is 14 characters: an 8-character
//! root and a 4-character establishment order, each `[0-9A-Z]`, then two
//! check digits, always numeric. Existing numeric CNPJs keep their numbers
//! and check digits.
//!
//! Check digits (module 11, unchanged for numeric CNPJs): each character's
//! value is its ASCII code minus 48 (`'0'` = 0 … `'9'` = 9, `'A'` = 17 …
//! `'Z'` = 42). The first digit weights the 12 leading characters
//! 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2; the second weights those and the first
//! digit 6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2. For a weighted sum `s` the
//! digit is `(11 − s mod 11) mod 11 mod 10` (a remainder below 2 gives 0).
//! python-stdnum's `stdnum/br/cnpj.py` implements the same.
//!
//! Fourteen equal characters are rejected on their own
//! (`format.cnpj.repeated`): of them only `00000000000000` passes the
//! arithmetic, and the Receita's published validator rejects it too.
//!
//! # Accepted form
//!
//! Exactly 14 characters, upper-case ASCII: `[0-9A-Z]{12}[0-9]{2}`. The
//! punctuated form the Receita prints (`16.727.230/0001-97`,
//! `12.ABC.345/01DE-35`) has its check digits verified the same way; it is
//! a **warning** (`format.cnpj.punctuated`), not an error, as for the CPF:
//! no provider document the project encodes says the characters must be
//! sent alone, but an API may want them so. Lower case and any other
//! punctuation are the wrong shape.
//!
//! # Codes (errors but one)
//!
//! | code | when |
//! | --- | --- |
//! | `format.cnpj` | not `[0-9A-Z]{12}[0-9]{2}`, plain or as `XX.XXX.XXX/XXXX-NN` |
//! | `format.cnpj.punctuated` (warning) | a valid CNPJ written `XX.XXX.XXX/XXXX-NN` |
//! | `format.cnpj.repeated` | fourteen equal characters |
//! | `format.cnpj.check_digit` | either check digit is wrong |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::cnpj;
//!
//! assert!(cnpj::check("11017153000320").is_ok());
//! assert!(cnpj::check("12ABC34501DE35").is_ok()); // alphanumeric, from July 2026
//! assert_eq!(cnpj::check("12ABC34501DE36").unwrap_err().code, "format.cnpj.check_digit");
//! assert_eq!(cnpj::check("12.ABC.345/01DE-35").unwrap_err().code, "format.cnpj.punctuated");
//! assert_eq!(cnpj::check("12.ABC.345/01DE-36").unwrap_err().code, "format.cnpj.check_digit");
//! assert_eq!(cnpj::check_digits("12ABC34501DE"), Some([3, 5]));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.cnpj",
    "a CNPJ is 14 characters: 12 digits or upper-case letters, then 2 check digits, without punctuation",
);
const PUNCTUATED: Reason = Reason::warning(
    "format.cnpj.punctuated",
    "the CNPJ is valid but written with dots, a slash and a dash; send its fourteen characters alone if the API wants them so",
);
const REPEATED: Reason = Reason::error(
    "format.cnpj.repeated",
    "a CNPJ of fourteen equal characters is never issued",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.cnpj.check_digit",
    "the CNPJ's check digits do not match its first twelve characters",
);

const W1: [u32; 12] = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const W2: [u32; 13] = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/// The two check digits of a 12-character CNPJ base (`[0-9A-Z]{12}`, root
/// and order), or `None` when `base` is not one.
///
/// # Examples
///
/// ```
/// assert_eq!(kyc_preflight::formats::cnpj::check_digits("110171530003"), Some([2, 0]));
/// ```
pub fn check_digits(base: &str) -> Option<[u8; 2]> {
    let mut values = [0u8; 12];
    if base.len() != values.len() {
        return None;
    }
    for (slot, b) in values.iter_mut().zip(base.bytes()) {
        *slot = value_of(b)?;
    }
    Some(digits_of(&values))
}

/// ASCII − 48 for `[0-9A-Z]`.
fn value_of(b: u8) -> Option<u8> {
    (b.is_ascii_digit() || b.is_ascii_uppercase()).then(|| b - b'0')
}

fn digits_of(values: &[u8; 12]) -> [u8; 2] {
    let s1: u32 = values.iter().zip(W1).map(|(&v, w)| u32::from(v) * w).sum();
    let d1 = mod11_digit(s1);
    let s2: u32 = values
        .iter()
        .chain(std::iter::once(&d1))
        .zip(W2)
        .map(|(&v, w)| u32::from(v) * w)
        .sum();
    [d1, mod11_digit(s2)]
}

/// `(11 − s mod 11) mod 11 mod 10`.
fn mod11_digit(s: u32) -> u8 {
    // The result is below 10, so the narrowing is lossless.
    ((11 - s % 11) % 11 % 10) as u8
}

/// Check `value` is a Brazilian CNPJ (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, with [`Severity::Error`](crate::Severity::Error);
/// a valid CNPJ in its printed form gets `format.cnpj.punctuated`, a
/// [`Severity::Warning`](crate::Severity::Warning).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::cnpj;
///
/// assert!(cnpj::check("793MU2PRWLKM36").is_ok());
/// assert_eq!(cnpj::check("00000000000000").unwrap_err().code, "format.cnpj.repeated");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    // `XX.XXX.XXX/XXXX-NN`: the same characters, checked the same way, a
    // warning when they pass.
    if let [r0, r1, b'.', r2, r3, r4, b'.', r5, r6, r7, b'/', o0, o1, o2, o3, b'-', d1, d2] =
        value.as_bytes()
    {
        let plain = [
            *r0, *r1, *r2, *r3, *r4, *r5, *r6, *r7, *o0, *o1, *o2, *o3, *d1, *d2,
        ];
        return match std::str::from_utf8(&plain) {
            Ok(compact) => check(compact).and(Err(PUNCTUATED)),
            Err(_) => Err(SHAPE),
        };
    }
    let bytes = value.as_bytes();
    let [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, d1, d2] =
        <[u8; 14]>::try_from(bytes).map_err(|_| SHAPE)?;
    let mut values = [0u8; 12];
    for (slot, b) in values
        .iter_mut()
        .zip([c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11])
    {
        *slot = value_of(b).ok_or(SHAPE)?;
    }
    if !d1.is_ascii_digit() || !d2.is_ascii_digit() {
        return Err(SHAPE);
    }
    if bytes.iter().all(|&b| b == c0) {
        return Err(REPEATED);
    }
    if digits_of(&values) == [d1 - b'0', d2 - b'0'] {
        Ok(())
    } else {
        Err(CHECK_DIGIT)
    }
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern(
        "^(?:[0-9A-Z]{12}[0-9]{2}|[0-9A-Z]{2}\\.[0-9A-Z]{3}\\.[0-9A-Z]{3}/[0-9A-Z]{4}-[0-9]{2})$",
    )
    .leaving_out("the CNPJ's check digits")
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
    fn valid_numeric_and_alphanumeric() {
        for v in [
            "11017153000320",
            "08807432000110",
            "12ABC34501DE35",
            "793MU2PRWLKM36",
            "C0ORA6C5XIQB19",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn letters_are_ascii_minus_48_not_base_36() {
        // CGCS2O15207Z with A = 10 would give 87; the rule gives 51.
        assert_eq!(check_digits("CGCS2O15207Z"), Some([5, 1]));
        assert_eq!(code("CGCS2O15207Z87"), Some("format.cnpj.check_digit"));
    }

    #[test]
    fn check_digit() {
        for v in ["14847283000398", "22610961000160", "BLJT5XCT2AL132"] {
            assert_eq!(code(v), Some("format.cnpj.check_digit"), "{v}");
        }
    }

    #[test]
    fn repeated() {
        for d in 0..=9u8 {
            assert_eq!(
                code(&d.to_string().repeat(14)),
                Some("format.cnpj.repeated")
            );
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "1101715300032",
            "110171530003200",
            "16.727.230.0001-97",
            "16-727-230/0001-97",
            "16.727.230/000197",
            "16.727.230/0001-9A",
            "12.abc.345/01de-35",
            "12ABC34501DEA5",
            "12abc34501de35",
            "12ABC34501DE3Ç",
            "12ABC34501DÉ35",
        ] {
            assert_eq!(code(v), Some("format.cnpj"), "{v:?}");
        }
    }

    /// The Receita's printed form: checked as the fourteen characters,
    /// and only a warning when they pass.
    #[test]
    fn the_punctuated_form_is_checked_and_only_warned() {
        for v in [
            "16.727.230/0001-97",
            "11.017.153/0003-20",
            "12.ABC.345/01DE-35",
        ] {
            let r = check(v).unwrap_err();
            assert_eq!(
                (r.code, r.severity),
                ("format.cnpj.punctuated", Severity::Warning),
                "{v}"
            );
        }
        assert_eq!(code("16.727.230/0001-98"), Some("format.cnpj.check_digit"));
        assert_eq!(code("11.111.111/1111-11"), Some("format.cnpj.repeated"));
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "00000000000000", "14847283000398"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
