//! India PAN (Permanent Account Number): five letters, four digits and a
//! letter, the fourth letter naming the holder's type.
//!
//! # Source
//!
//! Income Tax Department (Government of India), the structure of the PAN
//! issued under section 139A of the Income-tax Act, 1961: ten characters,
//! fields 1–5 letters, 6–9 digits (a sequence 0001 to 9999), 10 a letter;
//! the fourth field is the holder's status: `A` association of persons,
//! `B` body of individuals, `C` company, `F` firm or LLP, `G` government,
//! `H` Hindu undivided family, `J` artificial juridical person, `L` local
//! authority, `P` individual, `T` trust. The fifth is the initial of the
//! holder's surname (a person) or name (others), which cannot be checked
//! without the name. The reference implementation is python-stdnum's
//! `stdnum/in_/pan.py`, which also accepts `K` (krish, a trust krish) and
//! rejects the digits `0000`; so does this format. The last letter is a
//! check character whose algorithm is not published, so it is not checked.
//!
//! # Accepted forms
//!
//! Exactly ten characters, upper case, no spaces or dashes: the form
//! printed on the card and asked for by the Income Tax Department's forms.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.pan` | not five capital letters, four digits and a capital letter |
//! | `format.pan.holder_type` | a fourth letter that is no holder type |
//! | `format.pan.serial` | the four digits are `0000` |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::pan;
//!
//! assert!(pan::check("ABCPE1234F").is_ok());
//! assert_eq!(pan::check("ABCDE1234F").unwrap_err().code, "format.pan.holder_type");
//! assert_eq!(pan::check("ABCPE0000F").unwrap_err().code, "format.pan.serial");
//! assert_eq!(pan::check("abcpe1234f").unwrap_err().code, "format.pan");
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.pan",
    "a PAN is ten characters: five capital letters, four digits and a capital letter (AAAAA9999A)",
);
const HOLDER_TYPE: Reason = Reason::error(
    "format.pan.holder_type",
    "the PAN's fourth letter is not a holder type (A, B, C, F, G, H, J, K, L, P or T)",
);
const SERIAL: Reason = Reason::error(
    "format.pan.serial",
    "the PAN's four digits are 0000, which is never issued",
);

/// The holder types the fourth letter may name.
pub const HOLDER_TYPES: &[u8; 11] = b"ABCFGHJKLPT";

/// Check `value` is a PAN (see the module docs for the rules).
///
/// # Errors
///
/// The first rule the value breaks, in the order shape, holder type,
/// serial; always [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::pan;
///
/// assert!(pan::check("AAACR5055K").is_ok());
/// assert_eq!(pan::check("ABCPE 1234F").unwrap_err().code, "format.pan");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let b: [u8; 10] = value.as_bytes().try_into().map_err(|_| SHAPE)?;
    let [l0, l1, l2, kind, l4, d0, d1, d2, d3, last] = b;
    let letters = [l0, l1, l2, kind, l4, last]
        .iter()
        .all(u8::is_ascii_uppercase);
    let digits = [d0, d1, d2, d3];
    if !letters || !digits.iter().all(u8::is_ascii_digit) {
        return Err(SHAPE);
    }
    if !HOLDER_TYPES.contains(&kind) {
        return Err(HOLDER_TYPE);
    }
    if digits == *b"0000" {
        return Err(SERIAL);
    }
    Ok(())
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^[A-Z]{3}[ABCFGHJKLPT][A-Z][0-9]{4}[A-Z]$")
        .leaving_out("the PAN's serial 0000")
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
    fn every_holder_type() {
        for &t in HOLDER_TYPES {
            let v = format!("ABC{}E1234F", char::from(t));
            assert_eq!(code(&v), None, "{v}");
        }
        for t in "DEIMNOQRSUVWXYZ".chars() {
            let v = format!("ABC{t}E1234F");
            assert_eq!(code(&v), Some("format.pan.holder_type"), "{v}");
        }
    }

    #[test]
    fn serial() {
        assert_eq!(code("ABCPE0000F"), Some("format.pan.serial"));
        assert_eq!(code("ABCPE0001F"), None);
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "ABCPE1234",
            "ABCPE1234FF",
            "abcpe1234f",
            "ABCPe1234F",
            "ABCPE12345",
            "ABCP11234F",
            "ABCPE123AF",
            "ABCPE 1234F",
            "ABCPE-1234-F",
            " ABCPE1234F",
            "ABCPÉ1234F",
            "ABCPE１234F",
        ] {
            assert_eq!(code(v), Some("format.pan"), "{v:?}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for v in ["x", "ABCDE1234F", "ABCPE0000F"] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
