//! ISO 3166-1 country codes, alpha-2 (`MX`) and alpha-3 (`MEX`).
//!
//! # Source
//!
//! ISO 3166-1:2020, "Codes for the representation of names of countries and
//! their subdivisions — Part 1: Country codes": 249 officially assigned
//! codes in each of alpha-2 and alpha-3, upper-case ASCII letters. The code
//! lists and names come from the [`rust_iso3166`] crate (0.2, data from
//! Debian's iso-codes 4.20.1, 2026-01-01), which has exactly 249 codes in
//! each list; the project's test vectors (from pycountry 26.2.16) agree with
//! it on every code, so no correction is applied here (a unit test pins
//! both counts).
//!
//! Only officially assigned codes are accepted. User-assigned and reserved
//! codes are not: `XK`/`XKX` (Kosovo, user-assigned), `UK` and `EU`
//! (exceptionally reserved), and deleted codes such as `AN`, `CS`, `YU`.
//! Comparison is case-sensitive (`mx` is not `MX`).
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.iso3166-alpha2` | not two upper-case ASCII letters |
//! | `format.iso3166-alpha2.unassigned` | two letters, but not an assigned code |
//! | `format.iso3166-alpha3` | not three upper-case ASCII letters |
//! | `format.iso3166-alpha3.unassigned` | three letters, but not an assigned code |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::iso3166;
//!
//! assert!(iso3166::check_alpha2("MX").is_ok());
//! assert!(iso3166::check_alpha3("MEX").is_ok());
//! assert_eq!(iso3166::check_alpha2("UK").unwrap_err().code, "format.iso3166-alpha2.unassigned");
//! assert_eq!(iso3166::check_alpha3("mex").unwrap_err().code, "format.iso3166-alpha3");
//! assert_eq!(iso3166::alpha3_to_alpha2("COL"), Some("CO"));
//! assert_eq!(iso3166::name_alpha3("TUR"), Some("Türkiye"));
//! ```

use super::{Codes, JsonSchema, Reason};

const ALPHA2_SHAPE: Reason = Reason::error(
    "format.iso3166-alpha2",
    "an ISO 3166-1 alpha-2 country code is two upper-case letters, such as US or MX",
);
const ALPHA2_UNASSIGNED: Reason = Reason::error(
    "format.iso3166-alpha2.unassigned",
    "not an officially assigned ISO 3166-1 alpha-2 country code",
);
const ALPHA3_SHAPE: Reason = Reason::error(
    "format.iso3166-alpha3",
    "an ISO 3166-1 alpha-3 country code is three upper-case letters, such as USA or MEX",
);
const ALPHA3_UNASSIGNED: Reason = Reason::error(
    "format.iso3166-alpha3.unassigned",
    "not an officially assigned ISO 3166-1 alpha-3 country code",
);

fn upper_ascii(value: &str, len: usize) -> bool {
    value.len() == len && value.bytes().all(|b| b.is_ascii_uppercase())
}

/// The assigned codes of one length as a bit set over every upper-case
/// code of that length (26² or 26³ bits), built once from
/// [`rust_iso3166`]'s lists: a lookup is an index and a bit test, where
/// the crate's map hashes the code with SipHash on every call. Each list
/// sets exactly its own codes, so both answer alike (a unit test pins it).
struct Assigned(Vec<u64>);

impl Assigned {
    fn new(codes: &[&str], len: u32) -> Self {
        let mut bits = vec![0u64; 26usize.pow(len).div_ceil(64)];
        for code in codes {
            if let Some(i) = Self::index(code)
                && let Some(word) = bits.get_mut(i / 64)
            {
                *word |= 1 << (i % 64);
            }
        }
        Assigned(bits)
    }

    /// The code's number in base 26, when it is upper-case ASCII.
    fn index(code: &str) -> Option<usize> {
        code.bytes().try_fold(0usize, |n, b| {
            b.is_ascii_uppercase()
                .then(|| n * 26 + usize::from(b - b'A'))
        })
    }

    fn contains(&self, code: &str) -> bool {
        Self::index(code)
            .and_then(|i| self.0.get(i / 64).map(|word| word >> (i % 64) & 1 == 1))
            .unwrap_or(false)
    }
}

static ALPHA2: std::sync::LazyLock<Assigned> =
    std::sync::LazyLock::new(|| Assigned::new(rust_iso3166::ALL_ALPHA2, 2));
static ALPHA3: std::sync::LazyLock<Assigned> =
    std::sync::LazyLock::new(|| Assigned::new(rust_iso3166::ALL_ALPHA3, 3));

/// Check `value` is an officially assigned ISO 3166-1 alpha-2 code.
///
/// # Errors
///
/// `format.iso3166-alpha2` for the wrong shape,
/// `format.iso3166-alpha2.unassigned` for a well-formed code ISO has not
/// assigned; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::iso3166;
///
/// assert!(iso3166::check_alpha2("BR").is_ok());
/// assert_eq!(iso3166::check_alpha2("XK").unwrap_err().code, "format.iso3166-alpha2.unassigned");
/// ```
pub fn check_alpha2(value: &str) -> Result<(), Reason> {
    if !upper_ascii(value, 2) {
        return Err(ALPHA2_SHAPE);
    }
    if ALPHA2.contains(value) {
        Ok(())
    } else {
        Err(ALPHA2_UNASSIGNED)
    }
}

/// Check `value` is an officially assigned ISO 3166-1 alpha-3 code.
///
/// # Errors
///
/// `format.iso3166-alpha3` for the wrong shape,
/// `format.iso3166-alpha3.unassigned` for a well-formed code ISO has not
/// assigned; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::iso3166;
///
/// assert!(iso3166::check_alpha3("BRA").is_ok());
/// assert_eq!(iso3166::check_alpha3("XKX").unwrap_err().code, "format.iso3166-alpha3.unassigned");
/// ```
pub fn check_alpha3(value: &str) -> Result<(), Reason> {
    if !upper_ascii(value, 3) {
        return Err(ALPHA3_SHAPE);
    }
    if ALPHA3.contains(value) {
        Ok(())
    } else {
        Err(ALPHA3_UNASSIGNED)
    }
}

/// The alpha-2 code of an assigned alpha-3 code (case-sensitive).
///
/// # Examples
///
/// ```
/// assert_eq!(kyc_preflight::formats::iso3166::alpha3_to_alpha2("USA"), Some("US"));
/// assert_eq!(kyc_preflight::formats::iso3166::alpha3_to_alpha2("usa"), None);
/// ```
pub fn alpha3_to_alpha2(alpha3: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(alpha3).map(|c| c.alpha2)
}

/// The current official English short name of an assigned alpha-3 code, as
/// `rust_iso3166` gives it (for example `Türkiye`, `Netherlands (Kingdom of
/// the)`).
///
/// # Examples
///
/// ```
/// assert_eq!(kyc_preflight::formats::iso3166::name_alpha3("MEX"), Some("Mexico"));
/// ```
pub fn name_alpha3(alpha3: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(alpha3).map(|c| c.name)
}

/// Every officially assigned alpha-2 code (the 249 [`check_alpha2`]
/// accepts), in the order of `rust_iso3166`'s list, for exports that list
/// them (a JSON Schema `enum`).
///
/// # Examples
///
/// ```
/// let codes = kyc_preflight::formats::iso3166::alpha2_codes();
/// assert_eq!(codes.len(), 249);
/// assert!(codes.contains(&"MX") && !codes.contains(&"XK"));
/// ```
pub fn alpha2_codes() -> &'static [&'static str] {
    rust_iso3166::ALL_ALPHA2
}

/// Every officially assigned alpha-3 code (the 249 [`check_alpha3`]
/// accepts), in the order of `rust_iso3166`'s list.
///
/// # Examples
///
/// ```
/// let codes = kyc_preflight::formats::iso3166::alpha3_codes();
/// assert_eq!(codes.len(), 249);
/// assert!(codes.contains(&"MEX") && !codes.contains(&"XKX"));
/// ```
pub fn alpha3_codes() -> &'static [&'static str] {
    rust_iso3166::ALL_ALPHA3
}

/// The alpha2 format's part of the exported JSON Schema: one of the
/// officially assigned codes, listed once in `$defs/iso3166-alpha2`.
pub(crate) fn json_schema_alpha2() -> JsonSchema {
    JsonSchema::codes(Codes {
        key: "iso3166-alpha2",
        description: "An officially assigned ISO 3166-1 alpha2 code.",
        values: alpha2_codes(),
    })
}

/// The alpha3 format's part of the exported JSON Schema: one of the
/// officially assigned codes, listed once in `$defs/iso3166-alpha3`.
pub(crate) fn json_schema_alpha3() -> JsonSchema {
    JsonSchema::codes(Codes {
        key: "iso3166-alpha3",
        description: "An officially assigned ISO 3166-1 alpha3 code.",
        values: alpha3_codes(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    #[test]
    fn exactly_249_assigned_codes_in_each_list() {
        assert_eq!(rust_iso3166::ALL.len(), 249);
        let mut a2: Vec<_> = rust_iso3166::ALL.iter().map(|c| c.alpha2).collect();
        let mut a3: Vec<_> = rust_iso3166::ALL.iter().map(|c| c.alpha3).collect();
        a2.sort_unstable();
        a2.dedup();
        a3.sort_unstable();
        a3.dedup();
        assert_eq!((a2.len(), a3.len()), (249, 249));
        for c in rust_iso3166::ALL {
            assert!(check_alpha2(c.alpha2).is_ok(), "{}", c.alpha2);
            assert!(check_alpha3(c.alpha3).is_ok(), "{}", c.alpha3);
            assert_eq!(alpha3_to_alpha2(c.alpha3), Some(c.alpha2));
        }
        // The listed codes are exactly the accepted ones.
        assert_eq!(alpha2_codes().len(), 249);
        assert_eq!(alpha3_codes().len(), 249);
        assert!(alpha2_codes().iter().all(|c| check_alpha2(c).is_ok()));
        assert!(alpha3_codes().iter().all(|c| check_alpha3(c).is_ok()));
    }

    /// The bit sets answer as the crate's maps do, for every upper-case
    /// code of both lengths.
    #[test]
    fn bit_sets_agree_with_the_crate_on_every_code() {
        let letters = || (b'A'..=b'Z').map(char::from);
        for a in letters() {
            for b in letters() {
                let code: String = [a, b].iter().collect();
                assert_eq!(
                    check_alpha2(&code).is_ok(),
                    rust_iso3166::from_alpha2(&code).is_some(),
                    "{code}"
                );
                for c in letters() {
                    let code: String = [a, b, c].iter().collect();
                    assert_eq!(
                        check_alpha3(&code).is_ok(),
                        rust_iso3166::from_alpha3(&code).is_some(),
                        "{code}"
                    );
                }
            }
        }
    }

    #[test]
    fn unassigned() {
        for v in ["XK", "UK", "EU", "AN", "CS", "YU", "AC", "ZZ", "AA"] {
            assert_eq!(
                check_alpha2(v).unwrap_err().code,
                "format.iso3166-alpha2.unassigned",
                "{v}"
            );
        }
        for v in ["XKX", "ANT", "SCG", "YUG", "ZZZ", "EUR"] {
            assert_eq!(
                check_alpha3(v).unwrap_err().code,
                "format.iso3166-alpha3.unassigned",
                "{v}"
            );
        }
    }

    #[test]
    fn shape_is_case_sensitive() {
        for v in ["", "mx", "Mx", "M", "MEX", "M1", "ÑA", "M "] {
            assert_eq!(
                check_alpha2(v).unwrap_err().code,
                "format.iso3166-alpha2",
                "{v:?}"
            );
        }
        for v in ["", "mex", "MeX", "MX", "MEXI", "ME1", "MÉX"] {
            assert_eq!(
                check_alpha3(v).unwrap_err().code,
                "format.iso3166-alpha3",
                "{v:?}"
            );
        }
    }

    #[test]
    fn names_are_current() {
        assert_eq!(name_alpha3("TUR"), Some("Türkiye"));
        assert_eq!(name_alpha3("CZE"), Some("Czechia"));
        assert_eq!(name_alpha3("SWZ"), Some("Eswatini"));
        assert_eq!(name_alpha3("MKD"), Some("North Macedonia"));
        assert_eq!(name_alpha3("XKX"), None);
    }

    #[test]
    fn every_reason_is_an_error() {
        for r in [
            check_alpha2("x"),
            check_alpha2("UK"),
            check_alpha3("x"),
            check_alpha3("XKX"),
        ] {
            assert_eq!(r.unwrap_err().severity, Severity::Error);
        }
    }
}
