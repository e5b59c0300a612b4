//! Mexico RFC (Registro Federal de Contribuyentes), SAT.
//!
//! # Source
//!
//! SAT, "Instructivo para la formación de la clave del Registro Federal de
//! Contribuyentes" (published through an IFAI transparency request:
//! <http://www.sisi.org.mx/jspsi/documentos/2005/seguimiento/06101/0610100162005_065.doc>),
//! as implemented by python-stdnum (`stdnum/mx/rfc.py`):
//!
//! - persona moral (company): 12 characters, `[A-Z&Ñ]{3}` from the name,
//!   `YYMMDD` of incorporation, a 3-character homoclave;
//! - persona física (person): 13 characters, `[A-Z&Ñ]{4}` from the name,
//!   `YYMMDD` of birth, a 3-character homoclave.
//!
//! Length is counted in characters: `Ñ` is two bytes in UTF-8.
//!
//! `YYMMDD` must be a real date. The century is not written; it is read as
//! 20YY, which gives the same answer as 19YY for every two-digit year except
//! `00` (2000 was a leap year, 1900 was not), so `000229` is accepted.
//!
//! The first four letters of a persona física must not form one of the
//! SAT's "palabras inconvenientes" (Anexo IV of the instructivo; the SAT
//! replaces the last letter with `X` instead). The list is the 41 words of
//! python-stdnum's `_name_blacklist`, [`FORBIDDEN_WORDS`].
//!
//! The homoclave is two characters derived from the name and a check
//! digit: pad the first 11 (moral) or 12 (física) characters on the left
//! with spaces to 12, map each through
//! `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ` (values 0–38), sum value ×
//! (13 − position), and take `(11 − sum mod 11) mod 11`, 10 written `A`. The
//! homoclave follows the pattern `[1-9A-V][1-9A-Z][0-9A]`.
//!
//! # Severity
//!
//! About 1.5% of the RFCs the SAT has issued fail their own check digit
//! (python-stdnum disables the check by default for that reason; the
//! project's vectors list SAT-registered examples as `registry_valid`). A
//! wrong check digit cannot be told apart from one of those, so a check
//! digit or homoclave-pattern failure is a **warning**. The SAT's generic
//! RFCs ([`GENERIC_RFCS`]: `XAXX010101000` for the general public,
//! `XEXX010101000` for foreign residents) are accepted by the SAT but are not
//! the person's own RFC: a **warning** too. Everything else is an error.
//!
//! # Accepted form
//!
//! Upper case, no separators (`GODE561231GR8`, not `GODE-561231-GR8`).
//!
//! # Codes
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `format.rfc` | error | not 12/13 characters of the shape above |
//! | `format.rfc.forbidden_word` | error | persona física starting with a palabra inconveniente |
//! | `format.rfc.date` | error | `YYMMDD` is not a real date |
//! | `format.rfc.generic` | warning | one of the SAT's generic RFCs |
//! | `format.rfc.check_digit` | warning | homoclave pattern or check digit fails |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::rfc;
//! use kyc_preflight::Severity;
//!
//! assert!(rfc::check("GODE561231GR8").is_ok()); // persona física
//! assert!(rfc::check("MUÑ110218LJ6").is_ok()); // persona moral, 12 characters
//! assert_eq!(rfc::check("GODE561231GR9").unwrap_err().severity, Severity::Warning);
//! assert_eq!(rfc::check("GODE561331GR8").unwrap_err().code, "format.rfc.date");
//! assert_eq!(rfc::check("XAXX010101000").unwrap_err().code, "format.rfc.generic");
//! assert_eq!(rfc::check_digit("GODE561231GR"), Some('8'));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.rfc",
    "an RFC is 12 characters for a company or 13 for a person: 3 or 4 letters, YYMMDD, a 3-character homoclave, upper case without separators",
);
const FORBIDDEN: Reason = Reason::error(
    "format.rfc.forbidden_word",
    "the RFC's first four letters form a word the SAT never uses (palabra inconveniente)",
);
const DATE: Reason = Reason::error(
    "format.rfc.date",
    "the RFC's YYMMDD part is not a real date",
);
const GENERIC: Reason = Reason::warning(
    "format.rfc.generic",
    "this is one of the SAT's generic RFCs (general public or foreign residents), not the taxpayer's own",
);
const CHECK_DIGIT: Reason = Reason::warning(
    "format.rfc.check_digit",
    "the RFC's check digit does not match; the SAT has issued some such RFCs, so confirm it with the taxpayer",
);
const HOMOCLAVE: Reason = Reason::warning(
    "format.rfc.check_digit",
    "the RFC's homoclave does not follow the SAT pattern; the SAT has issued some such RFCs, so confirm it with the taxpayer",
);

/// The SAT's generic RFCs: `XAXX010101000` (público en general) and
/// `XEXX010101000` (residentes en el extranjero).
pub const GENERIC_RFCS: [&str; 2] = ["XAXX010101000", "XEXX010101000"];

/// The SAT's "palabras inconvenientes": a persona física's RFC never starts
/// with one (python-stdnum `stdnum/mx/rfc.py`, `_name_blacklist`).
pub const FORBIDDEN_WORDS: [&str; 41] = [
    "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COJA", "COJE", "COJI",
    "COJO", "CULO", "FETO", "GUEY", "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KOGE", "KOJO",
    "KULO", "MAME", "MAMO", "MEAR", "MEAS", "MEON", "MION", "MOCO", "MULA", "PEDA", "PEDO", "PENE",
    "PUTA", "PUTO", "QULO", "RATA", "RUIN",
];

/// Value of a character in the check-digit alphabet
/// `0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ`.
fn value_of(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(u32::from(c) - u32::from('0')),
        'A'..='N' => Some(u32::from(c) - u32::from('A') + 10),
        '&' => Some(24),
        'O'..='Z' => Some(u32::from(c) - u32::from('O') + 25),
        ' ' => Some(37),
        'Ñ' => Some(38),
        _ => None,
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_uppercase() || c == '&' || c == 'Ñ'
}

/// The check digit (`'0'`–`'9'` or `'A'`) of an RFC without it: the first
/// 11 characters of a persona moral or the first 12 of a persona física.
/// `None` for another length or a character outside the RFC alphabet.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::rfc;
///
/// assert_eq!(rfc::check_digit("MUÑ110218LJ"), Some('6'));
/// assert_eq!(rfc::check_digit("GIAI6703203N"), Some('6'));
/// ```
pub fn check_digit(without_check_digit: &str) -> Option<char> {
    let count = without_check_digit.chars().count();
    check_digit_of(without_check_digit.chars(), count)
}

/// [`check_digit`] over `count` (11 or 12) characters.
fn check_digit_of(chars: impl Iterator<Item = char>, count: usize) -> Option<char> {
    if count != 11 && count != 12 {
        return None;
    }
    // Left-pad with spaces to 12 (a persona física has no padding), then
    // weight 13, 12, ..., 2.
    let padded = std::iter::repeat_n(' ', 12 - count).chain(chars);
    let mut sum = 0u32;
    for (c, weight) in padded.zip((2..=13u32).rev()) {
        sum += value_of(c)? * weight;
    }
    let d = (11 - sum % 11) % 11;
    if d == 10 {
        Some('A')
    } else {
        char::from_digit(d, 10)
    }
}

/// Check `value` is a Mexican RFC (see the module docs for the rules and
/// their severities).
///
/// # Errors
///
/// The first error the value has; only when it has none, a warning
/// (`format.rfc.generic` or `format.rfc.check_digit`).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::rfc;
///
/// assert!(rfc::check("MAB9307148T4").is_ok());
/// assert_eq!(rfc::check("BUEY800101AB2").unwrap_err().code, "format.rfc.forbidden_word");
/// assert_eq!(rfc::check("GODE-561231-GR8").unwrap_err().code, "format.rfc");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    // Collect at most 13 characters; a longer value is the wrong shape.
    let mut chars = ['\0'; 13];
    let mut n = 0usize;
    for c in value.chars() {
        *chars.get_mut(n).ok_or(SHAPE)? = c;
        n += 1;
    }
    let name_len = match n {
        12 => 3,
        13 => 4,
        _ => return Err(SHAPE),
    };
    let rfc = chars.get(..n).ok_or(SHAPE)?;
    let (name, rest) = rfc.split_at_checked(name_len).ok_or(SHAPE)?;
    let (date, homoclave) = rest.split_at_checked(6).ok_or(SHAPE)?;
    if !name.iter().all(|&c| is_name_char(c))
        || !date.iter().all(char::is_ascii_digit)
        || !homoclave
            .iter()
            .all(|&c| c.is_ascii_digit() || c.is_ascii_uppercase())
    {
        return Err(SHAPE);
    }

    if GENERIC_RFCS.contains(&value) {
        return Err(GENERIC);
    }
    if name_len == 4 && is_forbidden(name) {
        return Err(FORBIDDEN);
    }
    if !is_date(date) {
        return Err(DATE);
    }
    if let [h0, h1, h2] = *homoclave {
        let pattern = matches!(h0, '1'..='9' | 'A'..='V')
            && matches!(h1, '1'..='9' | 'A'..='Z')
            && matches!(h2, '0'..='9' | 'A');
        if !pattern {
            return Err(HOMOCLAVE);
        }
    }
    let (last, body) = rfc.split_last().ok_or(SHAPE)?;
    if check_digit_of(body.iter().copied(), body.len()) == Some(*last) {
        Ok(())
    } else {
        Err(CHECK_DIGIT)
    }
}

fn is_forbidden(name: &[char]) -> bool {
    // The words are ASCII: a name with `Ñ` is never one.
    let mut word = [0u8; 4];
    for (slot, &c) in word.iter_mut().zip(name) {
        match u8::try_from(c) {
            Ok(b) => *slot = b,
            Err(_) => return false,
        }
    }
    // Sorted (a unit test checks it).
    FORBIDDEN_WORDS
        .binary_search_by(|w| w.as_bytes().cmp(&word[..]))
        .is_ok()
}

/// `YYMMDD` (ASCII digits) is a real date, read as 20YY.
fn is_date(date: &[char]) -> bool {
    let mut v = [0u32; 6];
    for (slot, c) in v.iter_mut().zip(date) {
        match c.to_digit(10) {
            Some(x) => *slot = x,
            None => return false,
        }
    }
    let [y0, y1, m0, m1, d0, d1] = v;
    // y0 * 10 + y1 < 100, so the year fits an i32.
    let year = 2000 + (y0 * 10 + y1) as i32;
    chrono::NaiveDate::from_ymd_opt(year, m0 * 10 + m1, d0 * 10 + d1).is_some()
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^[A-Z&Ñ]{3,4}[0-9]{6}[0-9A-Z]{3}$")
        .leaving_out("the RFC's date and palabras inconvenientes")
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
    fn forbidden_words_are_sorted_and_unique() {
        assert!(FORBIDDEN_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn valid() {
        for v in [
            "GODE561231GR8",
            "MAB9307148T4",
            "&JE040614N51",
            "AA&0607148I0",
            "B&D9605298Y3",
            "MUÑ110218LJ6",
            "MCS830224156",
            "JINA4912084Z8",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn length_is_counted_in_characters() {
        // 12 characters but 13 bytes: a persona moral, not a persona física.
        assert_eq!("MUÑ110218LJ6".len(), 13);
        assert_eq!(code("MUÑ110218LJ6"), None);
        // 13 characters, 14 bytes.
        assert_eq!(code("MUÑO110218LJ6").map(|c| c != "format.rfc"), Some(true));
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "COMG600703",
            "GODE561231GR",
            "GODE561231GR80",
            "GODE-561231-GR8",
            "G0DE561231GR8",
            "gode561231GR8",
            "GODE5612a1GR8",
            "GODE561231gr8",
            "GODE561231GÑ8",
            "GODÉ561231GR8",
            "GODE561231GR8\n",
        ] {
            assert_eq!(code(v), Some("format.rfc"), "{v:?}");
        }
    }

    #[test]
    fn forbidden_words_only_for_persona_fisica() {
        for w in FORBIDDEN_WORDS {
            let base = format!("{w}800101AB");
            let v = format!("{base}{}", check_digit(&base).unwrap());
            assert_eq!(code(&v), Some("format.rfc.forbidden_word"), "{v}");
        }
        // A company whose three letters start a forbidden word is fine.
        let base = "BUE800101AB";
        let v = format!("{base}{}", check_digit(base).unwrap());
        assert_eq!(code(&v), None);
    }

    #[test]
    fn date() {
        assert_eq!(code("AEAJ561232E81"), Some("format.rfc.date"));
        assert_eq!(code("GIAI0102293N1"), Some("format.rfc.date"));
        assert_eq!(code("GURK990230IZ3"), Some("format.rfc.date"));
        assert_eq!(code("GODE561331GR8"), Some("format.rfc.date"));
        // 29 February 2000 was real.
        let base = "GODE000229GR";
        let v = format!("{base}{}", check_digit(base).unwrap());
        assert_eq!(code(&v), None);
    }

    #[test]
    fn generic_rfcs_are_a_warning() {
        for v in GENERIC_RFCS {
            let r = check(v).unwrap_err();
            assert_eq!(
                (r.code, r.severity),
                ("format.rfc.generic", Severity::Warning)
            );
        }
    }

    #[test]
    fn check_digit_and_homoclave_are_warnings() {
        for v in [
            "GODE561231GR9",
            "GIAI6703203NA",
            "MCS830224157",
            "AAC0903183F6",
            "GODE5612310R1",
            "GODE561231W18",
        ] {
            let r = check(v).unwrap_err();
            assert_eq!(
                (r.code, r.severity),
                ("format.rfc.check_digit", Severity::Warning),
                "{v}"
            );
        }
    }

    #[test]
    fn errors_win_over_warnings() {
        // Bad date and bad check digit: the error is reported.
        assert_eq!(code("GODE561331GR9"), Some("format.rfc.date"));
        // Forbidden word and bad homoclave: the error is reported.
        assert_eq!(code("BUEY8001010R1"), Some("format.rfc.forbidden_word"));
    }

    #[test]
    fn check_digit_values() {
        assert_eq!(check_digit("GODE561231GR"), Some('8'));
        assert_eq!(check_digit("MAB9307148T"), Some('4'));
        assert_eq!(check_digit("&JE040614N5"), Some('1'));
        assert_eq!(check_digit("XAXX01010100"), Some('4'));
        assert_eq!(check_digit("GODE561231"), None);
        assert_eq!(check_digit("GODE561231GR8"), None);
        assert_eq!(check_digit("GODE561231G#"), None);
    }
}
