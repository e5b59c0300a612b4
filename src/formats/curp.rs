//! Mexico CURP (Clave Única de Registro de Población), RENAPO.
//!
//! # Source
//!
//! RENAPO (Secretaría de Gobernación), "Instructivo Normativo para la
//! Asignación de la Clave Única de Registro de Población", as implemented by
//! python-stdnum (`stdnum/mx/curp.py`). A CURP is 18 characters,
//! `^[A-Z]{4}\d{6}[HM][A-Z]{2}[A-Z]{3}[0-9A-Z]\d$`:
//!
//! | positions | content |
//! | --- | --- |
//! | 1 | first letter of the first surname |
//! | 2 | first *internal vowel* of the first surname, `X` if none |
//! | 3–4 | first letters of the second surname (`X` if none) and of the given name |
//! | 5–10 | date of birth `YYMMDD` |
//! | 11 | sex: `H` or `M` |
//! | 12–13 | state of birth: one of 32 states or `NE` (born abroad), [`STATES`] |
//! | 14–16 | first *internal consonants* of the surnames and given name, `X` if none |
//! | 17 | differentiator: a digit for births up to 1999, a letter from 2000 |
//! | 18 | check digit |
//!
//! `Ñ` and other characters outside `A`–`Z` are written `X`, so a CURP is
//! pure ASCII. When the first four letters form one of RENAPO's
//! inconvenient words the second letter is replaced by `X`, so those words
//! never appear ([`FORBIDDEN_WORDS`], the 81 words of python-stdnum's
//! `_name_blacklist`).
//!
//! The date's century comes from position 17 (digit → 19YY, letter →
//! 20YY) and the date must be real. The check digit is
//! `(10 − Σ value × (18 − i) mod 10) mod 10` over the first 17 characters,
//! with values `0`–`9` = 0–9, `A`–`N` = 10–23, `&`/`Ñ` = 24, `O`–`Z` = 25–36.
//!
//! # Severity
//!
//! Positions 2 and 14–16 are RENAPO's own rules (python-stdnum does not
//! check them; the project's vectors mark them `official_valid`): an error.
//! RENAPO has issued CURPs with sex `X` (non-binary) since 2023, which the
//! instructivo's pattern does not allow; the vectors mark them
//! `registry_valid`, so such a CURP, otherwise valid, is a **warning**.
//!
//! # Codes
//!
//! | code | severity | when |
//! | --- | --- | --- |
//! | `format.curp` | error | not the 18-character shape above (upper case; sex `H`, `M` or `X`) |
//! | `format.curp.vowel` | error | position 2 is not a vowel or `X` |
//! | `format.curp.consonants` | error | positions 14–16 are not consonants (or `X`) |
//! | `format.curp.forbidden_word` | error | the first four letters form an inconvenient word |
//! | `format.curp.date` | error | `YYMMDD` (century from position 17) is not a real date |
//! | `format.curp.state` | error | positions 12–13 are not one of the 33 codes |
//! | `format.curp.check_digit` | error | the check digit does not match |
//! | `format.curp.gender_x` | warning | sex `X`, issued by RENAPO but outside the published rule |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::curp;
//! use kyc_preflight::Severity;
//!
//! assert!(curp::check("HEGR891009HMNRRD09").is_ok());
//! assert_eq!(curp::check("HEGR891009HMNRRD08").unwrap_err().code, "format.curp.check_digit");
//! assert_eq!(curp::check("GOMA850101XJCRRN00").unwrap_err().severity, Severity::Warning);
//! assert_eq!(curp::check_digit("HEGR891009HMNRRD0"), Some(9));
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.curp",
    "a CURP is 18 upper-case characters: 4 letters, YYMMDD, H or M, 5 letters, a letter or digit, a digit",
);
const VOWEL: Reason = Reason::error(
    "format.curp.vowel",
    "the CURP's second character must be the first internal vowel of the first surname, or X",
);
const CONSONANTS: Reason = Reason::error(
    "format.curp.consonants",
    "the CURP's characters 14 to 16 must be internal consonants of the names, or X",
);
const FORBIDDEN: Reason = Reason::error(
    "format.curp.forbidden_word",
    "the CURP's first four letters form a word RENAPO never uses",
);
const DATE: Reason = Reason::error(
    "format.curp.date",
    "the CURP's date of birth (characters 5 to 10) is not a real date",
);
const STATE: Reason = Reason::error(
    "format.curp.state",
    "the CURP's characters 12 and 13 are not a Mexican state code or NE",
);
const CHECK_DIGIT: Reason = Reason::error(
    "format.curp.check_digit",
    "the CURP's check digit does not match its first 17 characters",
);
const GENDER_X: Reason = Reason::warning(
    "format.curp.gender_x",
    "the CURP has sex X (non-binary): RENAPO issues these, but the published CURP rule allows only H or M",
);

/// The 33 state codes of positions 12–13: the 32 federal entities and `NE`
/// (nacido en el extranjero, born abroad).
pub const STATES: [&str; 33] = [
    "AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC", "MN",
    "MS", "NE", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS", "VZ", "YN",
    "ZS",
];

/// RENAPO's inconvenient words: a CURP never starts with one
/// (python-stdnum `stdnum/mx/curp.py`, `_name_blacklist`).
pub const FORBIDDEN_WORDS: [&str; 81] = [
    "BACA", "BAKA", "BUEI", "BUEY", "CACA", "CACO", "CAGA", "CAGO", "CAKA", "CAKO", "COGE", "COGI",
    "COJA", "COJE", "COJI", "COJO", "COLA", "CULO", "FALO", "FETO", "GETA", "GUEI", "GUEY", "JETA",
    "JOTO", "KACA", "KACO", "KAGA", "KAGO", "KAKA", "KAKO", "KOGE", "KOGI", "KOJA", "KOJE", "KOJI",
    "KOJO", "KOLA", "KULO", "LILO", "LOCA", "LOCO", "LOKA", "LOKO", "MAME", "MAMO", "MEAR", "MEAS",
    "MEON", "MIAR", "MION", "MOCO", "MOKO", "MULA", "MULO", "NACA", "NACO", "PEDA", "PEDO", "PENE",
    "PIPI", "PITO", "POPO", "PUTA", "PUTO", "QULO", "RATA", "ROBA", "ROBE", "ROBO", "RUIN", "SENO",
    "TETA", "VACA", "VAGA", "VAGO", "VAKA", "VUEI", "VUEY", "WUEI", "WUEY",
];

/// Check-digit value of an ASCII CURP character (`&` = 24 shifts `O`–`Z`).
fn value_of(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'A'..=b'N' => Some(u32::from(b - b'A') + 10),
        b'&' => Some(24),
        b'O'..=b'Z' => Some(u32::from(b - b'O') + 25),
        _ => None,
    }
}

/// The check digit of the first 17 characters of a CURP, or `None` when
/// `first17` is not 17 characters of `[0-9A-Z&]`.
///
/// # Examples
///
/// ```
/// assert_eq!(kyc_preflight::formats::curp::check_digit("BOXW310820HNERXN0"), Some(9));
/// ```
pub fn check_digit(first17: &str) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (b, weight) in first17.bytes().zip((2..=18u32).rev()) {
        sum += value_of(b)? * weight;
    }
    // The result is below 10, so the narrowing is lossless.
    Some(((10 - sum % 10) % 10) as u8)
}

/// `word` is in `list`, which is sorted (a unit test checks it).
fn is_listed(list: &[&str], word: &[u8]) -> bool {
    list.binary_search_by(|w| w.as_bytes().cmp(word)).is_ok()
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'A' | b'E' | b'I' | b'O' | b'U')
}

/// Check `value` is a Mexican CURP (see the module docs for the rules and
/// their severities).
///
/// # Errors
///
/// The first error the value has; only when it has none,
/// `format.curp.gender_x` (a warning) for sex `X`.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::curp;
///
/// assert_eq!(curp::check("GOMA850101HXXRRN09").unwrap_err().code, "format.curp.state");
/// assert_eq!(curp::check("goma850101hdfrrn00").unwrap_err().code, "format.curp");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let bytes: [u8; 18] = value.as_bytes().try_into().map_err(|_| SHAPE)?;
    let [l1, l2, l3, l4, y0, y1, m0, m1, d0, d1, sex, s0, s1, c1, c2, c3, diff, dv] = bytes;
    let letters = [l1, l2, l3, l4, s0, s1, c1, c2, c3];
    let digits = [y0, y1, m0, m1, d0, d1, dv];
    if !letters.iter().all(u8::is_ascii_uppercase)
        || !digits.iter().all(u8::is_ascii_digit)
        || !matches!(sex, b'H' | b'M' | b'X')
        || !(diff.is_ascii_digit() || diff.is_ascii_uppercase())
    {
        return Err(SHAPE);
    }

    if !(is_vowel(l2) || l2 == b'X') {
        return Err(VOWEL);
    }
    if [c1, c2, c3].iter().any(|&c| is_vowel(c)) {
        return Err(CONSONANTS);
    }
    if is_listed(&FORBIDDEN_WORDS, &[l1, l2, l3, l4]) {
        return Err(FORBIDDEN);
    }
    let two = |a: u8, b: u8| u32::from(a - b'0') * 10 + u32::from(b - b'0');
    let century = if diff.is_ascii_digit() { 1900 } else { 2000 };
    // two() < 100, so the year fits an i32.
    let year = century + two(y0, y1) as i32;
    if chrono::NaiveDate::from_ymd_opt(year, two(m0, m1), two(d0, d1)).is_none() {
        return Err(DATE);
    }
    if !is_listed(&STATES, &[s0, s1]) {
        return Err(STATE);
    }
    let first17 = value.get(..17).ok_or(SHAPE)?;
    if check_digit(first17) != Some(dv - b'0') {
        return Err(CHECK_DIGIT);
    }
    if sex == b'X' {
        return Err(GENDER_X);
    }
    Ok(())
}

/// The format's part of the exported JSON Schema: its written shape, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^[A-Z]{4}[0-9]{6}[HMX][A-Z]{5}[0-9A-Z][0-9]$")
        .leaving_out("the CURP's vowel, consonant, date, state and check digit rules")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    fn code(v: &str) -> Option<&'static str> {
        check(v).err().map(|r| r.code)
    }

    /// `first17` with its check digit appended.
    fn with_dv(first17: &str) -> String {
        format!("{first17}{}", check_digit(first17).unwrap())
    }

    #[test]
    fn lists_are_sorted_and_unique() {
        assert!(STATES.windows(2).all(|w| w[0] < w[1]));
        assert!(FORBIDDEN_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(is_listed(&STATES, b"NE") && !is_listed(&STATES, b"MX"));
    }

    #[test]
    fn valid() {
        for v in [
            "BOXW310820HNERXN09",
            "HEGR891009HMNRRD09",
            "MARR890512HMNRMN09",
            "PEGL890909MJCRMS08",
            "TOMA880125HMNRRNO2",
            "FOJG061216HYNTWPA6",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "HEGR891009HMNRRD0",
            "HEGR891009HMNRRD090",
            "hegr891009hmnrrd09",
            "HEGR891009FMNRRD09",
            "HEGR8910O9HMNRRD09",
            "HEGR891009HMNRRD0A",
            "HEGR891009HMNRRD-9",
            "HEGR891009HMNRRÑ09",
            "ÑEGR891009HMNRRD09",
        ] {
            assert_eq!(code(v), Some("format.curp"), "{v:?}");
        }
    }

    #[test]
    fn vowel_and_consonants() {
        assert_eq!(
            code(&with_dv("GBMA850101HDFRRN0")),
            Some("format.curp.vowel")
        );
        assert_eq!(code(&with_dv("GXMA850101HDFRRN0")), None);
        assert_eq!(
            code(&with_dv("GOMA850101HDFARN0")),
            Some("format.curp.consonants")
        );
        assert_eq!(
            code(&with_dv("GOMA850101HDFRUN0")),
            Some("format.curp.consonants")
        );
        assert_eq!(
            code(&with_dv("GOMA850101HDFRRE0")),
            Some("format.curp.consonants")
        );
        assert_eq!(code(&with_dv("GOMA850101HDFXXX0")), None);
    }

    #[test]
    fn forbidden_words() {
        for w in FORBIDDEN_WORDS {
            let v = with_dv(&format!("{w}850101HDFRRN0"));
            let c = code(&v);
            // A word whose second letter is a consonant fails the vowel rule first.
            assert!(
                c == Some("format.curp.forbidden_word") || c == Some("format.curp.vowel"),
                "{v}: {c:?}"
            );
        }
        assert_eq!(
            code("NACO850101HDFRRN04"),
            Some("format.curp.forbidden_word")
        );
    }

    #[test]
    fn date_uses_position_17_for_the_century() {
        // 29 February: 2000 was a leap year, 1900 was not.
        assert_eq!(code(&with_dv("GOMA000229HDFRRNA")), None);
        assert_eq!(
            code(&with_dv("GOMA000229HDFRRN0")),
            Some("format.curp.date")
        );
        for bad in ["850431", "991301", "770000", "990229"] {
            assert_eq!(
                code(&with_dv(&format!("GOMA{bad}HDFRRN0"))),
                Some("format.curp.date")
            );
        }
    }

    #[test]
    fn states() {
        for s in STATES {
            assert_eq!(code(&with_dv(&format!("GOMA850101H{s}RRN0"))), None, "{s}");
        }
        for s in ["XX", "EX", "ZZ", "MX"] {
            assert_eq!(
                code(&with_dv(&format!("GOMA850101H{s}RRN0"))),
                Some("format.curp.state")
            );
        }
    }

    #[test]
    fn check_digit_mismatch() {
        for v in [
            "JUZH710126MSRQTL57",
            "MIDK040227MDFLRDH3",
            "HEGR891009HMNRRD08",
        ] {
            assert_eq!(code(v), Some("format.curp.check_digit"), "{v}");
        }
    }

    #[test]
    fn gender_x_is_a_warning_only_when_nothing_else_is_wrong() {
        let r = check("GOMA850101XJCRRN00").unwrap_err();
        assert_eq!(
            (r.code, r.severity),
            ("format.curp.gender_x", Severity::Warning)
        );
        assert_eq!(code("GOMA850101XJCRRN01"), Some("format.curp.check_digit"));
    }

    #[test]
    fn every_other_reason_is_an_error() {
        for v in [
            "x",
            "GBMA850101HDFRRN08",
            "NACO850101HDFRRN04",
            "HEGR891009HMNRRD08",
        ] {
            assert_eq!(check(v).unwrap_err().severity, Severity::Error);
        }
    }
}
