//! Calendar dates `YYYY-MM-DD` (RFC 3339 `full-date`).
//!
//! # Source
//!
//! RFC 3339, "Date and Time on the Internet: Timestamps", section 5.6:
//! `full-date = date-fullyear "-" date-month "-" date-mday`, with
//! `date-fullyear = 4DIGIT`, `date-month = 2DIGIT` (01–12) and
//! `date-mday = 2DIGIT` (01–28, 29, 30 or 31 by month and year, leap years
//! per the Gregorian calendar, section 5.7). The same set of strings that zod
//! v3's `z.string().date()` accepts. The calendar is chrono's
//! ([`chrono::NaiveDate`]).
//!
//! Exactly ten ASCII characters: no time, no offset, no spaces, no
//! `YYYYMMDD`, no other separators.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.date` | not the `YYYY-MM-DD` shape |
//! | `format.date.invalid` | the shape is right but the day does not exist (`2023-02-30`) |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::date;
//!
//! assert!(date::check("2024-02-29").is_ok());
//! assert_eq!(date::check("2023-02-29").unwrap_err().code, "format.date.invalid");
//! assert_eq!(date::check("2023/02/28").unwrap_err().code, "format.date");
//! let d = date::parse("1990-01-15").unwrap();
//! assert_eq!(d, chrono::NaiveDate::from_ymd_opt(1990, 1, 15).unwrap());
//! ```

use chrono::NaiveDate;

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error("format.date", "a date is written YYYY-MM-DD");
const INVALID: Reason = Reason::error(
    "format.date.invalid",
    "the date is written YYYY-MM-DD but that day does not exist",
);

/// Parse a `YYYY-MM-DD` date.
///
/// # Errors
///
/// `format.date` for the wrong shape, `format.date.invalid` for a day that
/// does not exist; both [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::date;
///
/// let d = date::parse("2026-01-01").unwrap();
/// assert_eq!(d.to_string(), "2026-01-01");
/// assert!(date::parse("2026-13-01").is_err());
/// ```
pub fn parse(value: &str) -> Result<NaiveDate, Reason> {
    let bytes: [u8; 10] = value.as_bytes().try_into().map_err(|_| SHAPE)?;
    let [y0, y1, y2, y3, dash1, m0, m1, dash2, d0, d1] = bytes;
    if dash1 != b'-' || dash2 != b'-' {
        return Err(SHAPE);
    }
    let mut n = [0u32; 8];
    for (slot, b) in n.iter_mut().zip([y0, y1, y2, y3, m0, m1, d0, d1]) {
        if !b.is_ascii_digit() {
            return Err(SHAPE);
        }
        *slot = u32::from(b - b'0');
    }
    let [a, b, c, d, e, f, g, h] = n;
    // At most 9999, so the year fits an i32.
    let year = (a * 1000 + b * 100 + c * 10 + d) as i32;
    NaiveDate::from_ymd_opt(year, e * 10 + f, g * 10 + h).ok_or(INVALID)
}

/// Check `value` is a real `YYYY-MM-DD` date.
///
/// # Errors
///
/// As [`parse`].
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::date;
///
/// assert!(date::check("1975-08-22").is_ok());
/// assert_eq!(date::check("1975-8-22").unwrap_err().code, "format.date");
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    parse(value).map(|_| ())
}

/// A day `YYYY-MM-DD` of the proleptic Gregorian calendar, years 0000 to
/// 9999, without anchors: the body of this format's pattern and of the
/// `date-time` format's.
pub(crate) const DAY_PATTERN: &str = "(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)";

/// The format's part of the exported JSON Schema: `format: date` and a
/// pattern of exactly what [`check`] accepts (a unit test compares them), so
/// that the calendar holds even where a validator treats `format` as an
/// annotation.
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern(["^", DAY_PATTERN, "$"].concat()).with_format("date")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn code(v: &str) -> Option<&'static str> {
        check(v).err().map(|r| r.code)
    }

    #[test]
    fn valid() {
        for v in [
            "2024-02-29",
            "2000-02-29",
            "1999-12-31",
            "0001-01-01",
            "9999-12-31",
            "0000-02-29",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
        assert_eq!(
            parse("2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
    }

    #[test]
    fn not_a_real_day() {
        for v in [
            "2023-02-29",
            "1900-02-29",
            "2023-02-30",
            "2023-04-31",
            "2023-13-01",
            "2023-00-10",
            "2023-01-00",
            "2023-01-32",
        ] {
            assert_eq!(code(v), Some("format.date.invalid"), "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "2023-1-01",
            "20230101",
            "2023/01/01",
            "2023-01-01T00:00:00Z",
            "2023-01-01 ",
            " 2023-01-01",
            "+2023-01-01",
            "-2023-01-01",
            "12023-01-01",
            "２023-01-01",
            "2023-01-0a",
            "2023—01-01",
        ] {
            assert_eq!(code(v), Some("format.date"), "{v:?}");
        }
    }

    #[test]
    fn the_date_pattern_is_the_date_format() {
        let re = regex::Regex::new(&json_schema().pattern.unwrap()).unwrap();
        let years = [
            0, 1, 3, 4, 100, 200, 300, 400, 1600, 1700, 1896, 1900, 1904, 1999, 2000, 2023, 2024,
            2100, 2400, 9996, 9999,
        ];
        for year in years {
            for mmdd in 0..10_000 {
                let s = format!("{year:04}-{:02}-{:02}", mmdd / 100, mmdd % 100);
                assert_eq!(
                    re.is_match(&s),
                    crate::formats::date::check(&s).is_ok(),
                    "{s}"
                );
            }
        }
        for s in [
            "2024-2-29",
            "2024-02-29 ",
            "20240229",
            "2024/02/29",
            "+2024-02-29",
        ] {
            assert!(!re.is_match(s), "{s}");
        }
    }
}
