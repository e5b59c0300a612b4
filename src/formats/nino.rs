//! United Kingdom National Insurance number (NINO): a two-letter prefix,
//! six digits and a suffix letter A–D.
//!
//! # Source
//!
//! HM Revenue & Customs, National Insurance Manual, NIM39110 "National
//! Insurance Numbers (NINOs): Format and Security: What a NINO looks
//! like": a NINO is two letters, six numbers and a final letter, which is
//! always A, B, C or D, written like `QQ 12 34 56 A`. All prefixes are
//! valid except:
//!
//! - D, F, I, Q, U and V are used as neither the first nor the second
//!   letter;
//! - O is not used as the second letter;
//! - BG, GB, KN, NK, NT, TN and ZZ are not used.
//!
//! The number carries no check digit. The manual also lists administrative
//! reference numbers that look like NINOs (`OO`, `CR`, `FY`, `MW`, `NC`,
//! `PP`, …, some of them already excluded by the letter rules); that list
//! is open ("include"), so the others are not rejected: a wrong rejection
//! would be a false error. python-stdnum has no NINO module; the vectors
//! are built from the rules above (see `tests/it/formats_vectors.rs`).
//!
//! # Accepted forms
//!
//! Upper case only, either compact (`AB123456C`) or spaced as HMRC prints
//! it (`AB 12 34 56 C`, single spaces in those four places). The suffix is
//! required: a space in its place (HMRC's "not known" in some electronic
//! submissions) is rejected.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.nino` | not two letters, six digits and a letter in an accepted form |
//! | `format.nino.prefix` | a prefix the rules above exclude |
//! | `format.nino.suffix` | a final letter other than A, B, C or D |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::nino;
//!
//! assert!(nino::check("AB123456C").is_ok());
//! assert!(nino::check("AB 12 34 56 C").is_ok());
//! assert_eq!(nino::check("QQ123456C").unwrap_err().code, "format.nino.prefix");
//! assert_eq!(nino::check("AB123456E").unwrap_err().code, "format.nino.suffix");
//! assert_eq!(nino::check("ab123456c").unwrap_err().code, "format.nino");
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.nino",
    "a National Insurance number is two capital letters, six digits and a letter, without spaces or with a single space after the letters and after each pair of digits",
);
const PREFIX: Reason = Reason::error(
    "format.nino.prefix",
    "HMRC never uses this National Insurance number prefix (no D, F, I, Q, U or V, no O second, not BG, GB, KN, NK, NT, TN or ZZ)",
);
const SUFFIX: Reason = Reason::error(
    "format.nino.suffix",
    "a National Insurance number ends in A, B, C or D",
);

/// Prefixes NIM39110 says are not used, beyond the letter rules.
const UNUSED_PREFIXES: [&[u8; 2]; 7] = [b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"];

/// The nine characters of a NINO written compact or spaced.
fn compact(value: &str) -> Option<[u8; 9]> {
    let b = value.as_bytes();
    let chars: [u8; 9] = match b.len() {
        9 => b.try_into().ok()?,
        13 => {
            let [p0, p1, s0, d0, d1, s1, d2, d3, s2, d4, d5, s3, x] = b.try_into().ok()?;
            if [s0, s1, s2, s3] != [b' '; 4] {
                return None;
            }
            [p0, p1, d0, d1, d2, d3, d4, d5, x]
        }
        _ => return None,
    };
    let [p0, p1, d0, d1, d2, d3, d4, d5, x] = chars;
    let letters = [p0, p1, x].iter().all(u8::is_ascii_uppercase);
    let digits = [d0, d1, d2, d3, d4, d5].iter().all(u8::is_ascii_digit);
    (letters && digits).then_some(chars)
}

/// Check `value` is a NINO (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, in the order shape, prefix, suffix;
/// always [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::nino;
///
/// assert!(nino::check("JY 98 76 54 D").is_ok());
/// assert_eq!(nino::check("AO123456A").unwrap_err().code, "format.nino.prefix");
/// assert_eq!(nino::check("AB 123456 C").unwrap_err().code, "format.nino");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let [p0, p1, _, _, _, _, _, _, suffix] = compact(value).ok_or(SHAPE)?;
    let never = |c: u8| matches!(c, b'D' | b'F' | b'I' | b'Q' | b'U' | b'V');
    if never(p0) || never(p1) || p1 == b'O' || UNUSED_PREFIXES.contains(&&[p0, p1]) {
        return Err(PREFIX);
    }
    if !matches!(suffix, b'A'..=b'D') {
        return Err(SUFFIX);
    }
    Ok(())
}

/// The format's part of the exported JSON Schema: its written shapes, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^[A-Z]{2}(?:[0-9]{6}| [0-9]{2} [0-9]{2} [0-9]{2} )[A-Z]$")
        .leaving_out("the National Insurance number's HMRC prefix and suffix rules")
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
        for v in [
            "AB123456C",
            "AB 12 34 56 C",
            "JY000000A",
            "OA123456B",
            "ZY999999D",
            "CE123456A",
            "NA123456A",
            "TA123456A",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn prefix() {
        for first in ["D", "F", "I", "Q", "U", "V"] {
            assert_eq!(
                code(&format!("{first}A123456A")),
                Some("format.nino.prefix")
            );
            assert_eq!(
                code(&format!("A{first}123456A")),
                Some("format.nino.prefix")
            );
        }
        assert_eq!(code("AO123456A"), Some("format.nino.prefix"));
        for p in ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"] {
            assert_eq!(
                code(&format!("{p}123456A")),
                Some("format.nino.prefix"),
                "{p}"
            );
            assert_eq!(
                code(&format!("{p} 12 34 56 A")),
                Some("format.nino.prefix"),
                "{p}"
            );
        }
    }

    #[test]
    fn suffix() {
        for v in ["AB123456E", "AB123456Z", "AB 12 34 56 M"] {
            assert_eq!(code(v), Some("format.nino.suffix"), "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "AB12345C",
            "AB1234567C",
            "AB123456",
            "AB123456 ",
            "ab123456c",
            "Ab123456C",
            "AB123456c",
            "A1123456C",
            "AB12345CC",
            "AB-12-34-56-C",
            "AB  12 34 56 C",
            "AB 12 34 56C",
            "AB 123456 C",
            " AB123456C",
            "ÅB123456C",
            "AB１23456C",
        ] {
            assert_eq!(code(v), Some("format.nino"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "QQ123456C", "AB123456E"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
