//! Timestamps `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (RFC 3339 `date-time`,
//! JSON Schema's `date-time`).
//!
//! # Source
//!
//! RFC 3339, "Date and Time on the Internet: Timestamps", section 5.6:
//!
//! ```text
//! date-time    = full-date "T" full-time
//! full-time    = partial-time time-offset
//! partial-time = time-hour ":" time-minute ":" time-second [time-secfrac]
//! time-secfrac = "." 1*DIGIT
//! time-offset  = "Z" / time-numoffset
//! time-numoffset = ("+" / "-") time-hour ":" time-minute
//! ```
//!
//! with `time-hour` 00–23, `time-minute` 00–59, `time-second` 00–58, 59 or
//! 60 (a leap second), and `full-date` a real day as in [`super::date`].
//! The section's note allows `t` and `z` in lower case, and both are
//! accepted. The calendar and the offset arithmetic are chrono's
//! ([`chrono::NaiveDate`], [`chrono::FixedOffset`]).
//!
//! # Leap seconds
//!
//! Second `60` is accepted when the instant, moved to UTC by its offset, is
//! at `23:59:60`, the last second of a UTC day where RFC 3339 section 5.7
//! and ITU-R TF.460 place leap seconds; any other minute is
//! `format.date-time.leap_second`. This is the rule of the JSON Schema test
//! suite for `date-time` (`1998-12-31T15:59:60.123-08:00` is valid,
//! `1998-12-31T23:58:60Z` is not). Which days actually had a leap second is
//! not checked: RFC 3339 notes they cannot be predicted far ahead, and a
//! table would turn a future one into a false error.
//!
//! # Accepted forms
//!
//! Exactly the RFC's grammar: no space instead of `T`, no missing seconds,
//! no `+HHMM` or `+HH` offsets, no `-00:00`-style omissions of the offset
//! (`-00:00` itself is valid: the RFC's "unknown local offset"), no
//! fraction without digits, ASCII digits only. The fraction may have any
//! number of digits.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.date-time` | not the RFC 3339 `date-time` shape |
//! | `format.date-time.date` | the day does not exist (`2023-02-29T…`) |
//! | `format.date-time.time` | hour over 23, minute over 59 or second over 60 |
//! | `format.date-time.offset` | offset hour over 23 or offset minute over 59 |
//! | `format.date-time.leap_second` | second 60 anywhere but 23:59 UTC |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::date_time;
//!
//! assert!(date_time::check("2026-01-15T09:30:00Z").is_ok());
//! assert!(date_time::check("2026-01-15t09:30:00.123456+05:30").is_ok());
//! assert!(date_time::check("1998-12-31T23:59:60Z").is_ok());
//! assert_eq!(
//!     date_time::check("2026-01-15 09:30:00Z").unwrap_err().code,
//!     "format.date-time"
//! );
//! assert_eq!(
//!     date_time::check("2023-02-29T00:00:00Z").unwrap_err().code,
//!     "format.date-time.date"
//! );
//! ```

use chrono::{FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.date-time",
    "a date-time is written YYYY-MM-DDTHH:MM:SS, an optional fraction, and Z or an offset ±HH:MM (RFC 3339)",
);
const DATE: Reason = Reason::error(
    "format.date-time.date",
    "the date-time's day does not exist",
);
const TIME: Reason = Reason::error(
    "format.date-time.time",
    "the date-time's hour is over 23, its minute over 59 or its second over 60",
);
const OFFSET: Reason = Reason::error(
    "format.date-time.offset",
    "the date-time's offset hour is over 23 or its offset minute over 59",
);
const LEAP_SECOND: Reason = Reason::error(
    "format.date-time.leap_second",
    "second 60 (a leap second) is only valid at 23:59 UTC",
);

/// Two ASCII digits as a number.
fn two(b: &[u8]) -> Option<u32> {
    match b {
        [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => None,
    }
}

/// The parts of an RFC 3339 date-time, in the shape of the grammar only.
struct Parts<'a> {
    date: &'a str,
    hour: u32,
    minute: u32,
    second: u32,
    /// `None` for `Z`; else the sign (+1/−1), hours and minutes.
    offset: Option<(i32, u32, u32)>,
}

fn split(value: &str) -> Option<Parts<'_>> {
    let b = value.as_bytes();
    let date = value.get(..10)?;
    let head = b.get(10..19)?;
    let [t, h0, h1, c1, m0, m1, c2, s0, s1] = *head else {
        return None;
    };
    if !matches!(t, b'T' | b't') || c1 != b':' || c2 != b':' {
        return None;
    }
    let hour = two(&[h0, h1])?;
    let minute = two(&[m0, m1])?;
    let second = two(&[s0, s1])?;
    let mut rest = b.get(19..)?;
    if let [b'.', tail @ ..] = rest {
        let digits = tail.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        rest = tail.get(digits..)?;
    }
    let offset = match rest {
        [b'Z' | b'z'] => None,
        [sign @ (b'+' | b'-'), oh0, oh1, b':', om0, om1] => Some((
            if *sign == b'+' { 1 } else { -1 },
            two(&[*oh0, *oh1])?,
            two(&[*om0, *om1])?,
        )),
        _ => return None,
    };
    Some(Parts {
        date,
        hour,
        minute,
        second,
        offset,
    })
}

/// Check `value` is an RFC 3339 `date-time` that exists (see the module
/// docs for the rules and the leap-second choice).
///
/// # Errors
///
/// The first rule the value breaks, in the order shape, date, time,
/// offset, leap second; always [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::date_time;
///
/// assert!(date_time::check("2026-06-30T23:59:59-00:00").is_ok());
/// assert_eq!(
///     date_time::check("2026-06-30T24:00:00Z").unwrap_err().code,
///     "format.date-time.time"
/// );
/// assert_eq!(
///     date_time::check("2026-06-30T12:00:60Z").unwrap_err().code,
///     "format.date-time.leap_second"
/// );
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let p = split(value).ok_or(SHAPE)?;
    let day: NaiveDate =
        super::date::parse(p.date).map_err(
            |r| {
                if r.code == "format.date" {
                    SHAPE
                } else {
                    DATE
                }
            },
        )?;
    if p.second > 60 {
        return Err(TIME);
    }
    let time = NaiveTime::from_hms_opt(p.hour, p.minute, p.second.min(59)).ok_or(TIME)?;
    let offset_seconds = match p.offset {
        None => 0,
        Some((sign, h, m)) => {
            if h > 23 || m > 59 {
                return Err(OFFSET);
            }
            // At most 23 * 3600 + 59 * 60, well inside an i32.
            sign * (h * 3600 + m * 60) as i32
        }
    };
    let offset = FixedOffset::east_opt(offset_seconds).ok_or(OFFSET)?;
    if p.second == 60 {
        // Local time minus the offset is UTC; years 0000-9999 and an offset
        // under a day never leave chrono's range.
        let utc = NaiveDateTime::new(day, time).checked_sub_offset(offset);
        match utc {
            Some(utc) if utc.hour() == 23 && utc.minute() == 59 => {}
            _ => return Err(LEAP_SECOND),
        }
    }
    Ok(())
}

/// The format's part of the exported JSON Schema: `format: date-time` and
/// a pattern: the `date` format's day, `T` or `t`, hours 00-23, minutes
/// 00-59, seconds 00-60, an optional fraction, and `Z`, `z` or an offset of
/// hours 00-23 and minutes 00-59. Second 60 matches at any minute: the
/// leap-second rule (23:59 UTC only) is left to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern(["^", super::date::DAY_PATTERN, "[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"].concat())
        .with_format("date-time")
        .leaving_out("the date-time's leap-second rule (second 60 only at 23:59 UTC)")
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
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "1990-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "1937-01-01T12:00:27.87+00:20",
            "2026-01-15t09:30:00z",
            "2026-01-15T09:30:00.000000001Z",
            "2024-02-29T00:00:00+23:59",
            "0000-01-01T00:00:00-00:00",
            "9999-12-31T23:59:59+14:00",
            "2026-03-01T05:29:60+05:30",
            "2026-07-01T00:59:60+01:00",
        ] {
            assert_eq!(code(v), None, "{v}");
        }
    }

    #[test]
    fn shape() {
        for v in [
            "",
            "2026-01-15",
            "2026-01-15T09:30Z",
            "2026-01-15 09:30:00Z",
            "2026-01-15_09:30:00Z",
            "2026-01-15T09:30:00",
            "2026-01-15T09:30:00.Z",
            "2026-01-15T09:30:00+0530",
            "2026-01-15T09:30:00+05",
            "2026-01-15T09:30:00+05:30:00",
            "2026-01-15T9:30:00Z",
            "2026-01-15T09:30:00 Z",
            "2026-01-15T09:30:00ZZ",
            "2026-1-15T09:30:00Z",
            "+2026-01-15T09:30:00Z",
            "2026-01-15T09:30:00,5Z",
            "2026-01-15T09:30:00UTC",
            "2026-01-15T09:30:0０Z",
            "2026-01-15T09:30:00.5é",
            "２026-01-15T09:30:00Z",
        ] {
            assert_eq!(code(v), Some("format.date-time"), "{v:?}");
        }
    }

    #[test]
    fn date_time_offset_rules() {
        assert_eq!(code("2023-02-29T00:00:00Z"), Some("format.date-time.date"));
        assert_eq!(code("2023-04-31T00:00:00Z"), Some("format.date-time.date"));
        assert_eq!(code("2023-13-01T00:00:00Z"), Some("format.date-time.date"));
        for v in [
            "2026-01-15T24:00:00Z",
            "2026-01-15T23:60:00Z",
            "2026-01-15T23:59:61Z",
            "2026-01-15T99:00:00Z",
        ] {
            assert_eq!(code(v), Some("format.date-time.time"), "{v}");
        }
        for v in ["2026-01-15T09:30:00+24:00", "2026-01-15T09:30:00-05:60"] {
            assert_eq!(code(v), Some("format.date-time.offset"), "{v}");
        }
    }

    #[test]
    fn leap_second_only_at_2359_utc() {
        for v in [
            "1998-12-31T23:58:60Z",
            "1998-12-31T22:59:60Z",
            "1998-12-31T23:59:60+01:00",
            "1998-12-31T23:59:60-00:01",
            "1998-12-31T15:59:60-08:30",
        ] {
            assert_eq!(code(v), Some("format.date-time.leap_second"), "{v}");
        }
        // Before the year 0000 in UTC: still 23:59 UTC on the day before.
        assert_eq!(code("0000-01-01T00:59:60+01:00"), None);
    }

    #[test]
    fn every_reason_is_an_error_without_the_value() {
        for v in [
            "x",
            "2023-02-29T00:00:00Z",
            "2026-01-15T24:00:00Z",
            "2026-01-15T09:30:00+24:00",
            "1998-12-31T23:58:60Z",
        ] {
            let r = check(v).unwrap_err();
            assert_eq!(r.severity, Severity::Error);
            assert!(!r.detail.contains(v));
        }
    }

    #[test]
    fn the_date_time_pattern_is_the_date_time_format() {
        let re = regex::Regex::new(&json_schema().pattern.unwrap()).unwrap();
        let mut agree = 0;
        for date in [
            "2024-02-29",
            "2023-02-29",
            "0000-01-01",
            "9999-12-31",
            "2024-2-29",
        ] {
            for t in ["T", "t", " ", ""] {
                for time in [
                    "00:00:00", "23:59:59", "23:59:60", "12:00:60", "24:00:00", "23:60:00",
                    "23:59:61", "9:00:00", "12:00",
                ] {
                    for frac in ["", ".5", ".123456789012", ".", ",5"] {
                        for offset in [
                            "Z", "z", "+00:00", "-00:00", "+23:59", "-08:00", "+01:00", "+24:00",
                            "-05:60", "+0530", "", "UTC",
                        ] {
                            let s = format!("{date}{t}{time}{frac}{offset}");
                            let got = crate::formats::date_time::check(&s);
                            let leap =
                                got.err().map(|r| r.code) == Some("format.date-time.leap_second");
                            assert_eq!(re.is_match(&s), got.is_ok() || leap, "{s}");
                            agree += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(agree, 5 * 4 * 9 * 5 * 12);
    }
}
