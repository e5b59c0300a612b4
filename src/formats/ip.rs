//! IP addresses in text: IPv4 dotted quads and IPv6 addresses (JSON
//! Schema's `ipv4` and `ipv6`).
//!
//! # Source
//!
//! - `ipv4` ([`check_ipv4`]): RFC 791 addresses in the dotted-decimal form
//!   of RFC 2673 section 3.2 (`dotted-quad`, four decimal octets 0–255),
//!   the form JSON Schema's `ipv4` names. Exactly what
//!   [`std::net::Ipv4Addr`]'s `FromStr` accepts: four octets, no leading
//!   zeros (`01.2.3.4` is rejected, since some readers take it as octal),
//!   no shorter forms (`127.1`), no hex.
//! - `ipv6` ([`check_ipv6`]): the three text forms of RFC 4291 section 2.2
//!   (eight groups of 1–4 hex digits, `::` for one run of zero groups, and
//!   the last 32 bits as a dotted quad, `::ffff:192.0.2.1`), the grammar
//!   RFC 3986 section 3.2.2 writes as `IPv6address`. Exactly what
//!   [`std::net::Ipv6Addr`]'s `FromStr` accepts. Hex digits in either case.
//!
//! No surrounding spaces, no brackets (`[::1]` is a URI's host, not an
//! address), no port, no prefix length (`/64`).
//!
//! Zone identifiers (RFC 6874, `fe80::1%eth0`) are **not** accepted: they
//! are local to one host, and JSON Schema's `ipv6` (RFC 4291) has none.
//! They get their own code, since the fix is to drop them.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.ipv4` | not a dotted quad as above |
//! | `format.ipv6` | not an RFC 4291 text form |
//! | `format.ipv6.zone_id` | an IPv6 address followed by `%` and a zone id |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::ip;
//!
//! assert!(ip::check_ipv4("192.0.2.1").is_ok());
//! assert_eq!(ip::check_ipv4("192.0.2.01").unwrap_err().code, "format.ipv4");
//! assert!(ip::check_ipv6("2001:db8::1").is_ok());
//! assert!(ip::check_ipv6("::ffff:192.0.2.1").is_ok());
//! assert_eq!(ip::check_ipv6("fe80::1%eth0").unwrap_err().code, "format.ipv6.zone_id");
//! ```

use std::net::{Ipv4Addr, Ipv6Addr};

use super::{JsonSchema, Reason};

const IPV4: Reason = Reason::error(
    "format.ipv4",
    "an IPv4 address is four numbers 0-255 separated by dots, without leading zeros",
);
const IPV6: Reason = Reason::error(
    "format.ipv6",
    "an IPv6 address is eight groups of up to four hex digits separated by colons, with :: for one run of zero groups (RFC 4291)",
);
const ZONE_ID: Reason = Reason::error(
    "format.ipv6.zone_id",
    "an IPv6 address here has no zone id: drop the % and what follows it",
);

/// Check `value` is an IPv4 address in dotted-quad form.
///
/// # Errors
///
/// `format.ipv4`, [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::ip;
///
/// assert!(ip::check_ipv4("255.255.255.255").is_ok());
/// assert!(ip::check_ipv4("256.0.0.1").is_err());
/// assert!(ip::check_ipv4("127.1").is_err());
/// ```
pub fn check_ipv4(value: &str) -> Result<(), Reason> {
    value.parse::<Ipv4Addr>().map(|_| ()).map_err(|_| IPV4)
}

/// Check `value` is an IPv6 address in an RFC 4291 text form, without a
/// zone id.
///
/// # Errors
///
/// `format.ipv6.zone_id` for a valid address followed by `%` and a
/// non-empty zone id, `format.ipv6` for anything else; both
/// [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::ip;
///
/// assert!(ip::check_ipv6("::").is_ok());
/// assert!(ip::check_ipv6("2001:DB8:0:0:8:800:200C:417A").is_ok());
/// assert_eq!(ip::check_ipv6("[::1]").unwrap_err().code, "format.ipv6");
/// assert_eq!(ip::check_ipv6("1::2::3").unwrap_err().code, "format.ipv6");
/// ```
pub fn check_ipv6(value: &str) -> Result<(), Reason> {
    if value.parse::<Ipv6Addr>().is_ok() {
        return Ok(());
    }
    match value.split_once('%') {
        Some((addr, zone)) if !zone.is_empty() && addr.parse::<Ipv6Addr>().is_ok() => Err(ZONE_ID),
        _ => Err(IPV6),
    }
}

/// A dotted-quad IPv4 address, octets 0-255 without leading zeros, without
/// anchors: what [`std::net::Ipv4Addr`] parses (a unit test compares them).
const IPV4_PATTERN: &str = "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

/// RFC 3986 section 3.2.2's `IPv6address`, alternative by alternative (the
/// text forms of RFC 4291 section 2.2): what [`std::net::Ipv6Addr`] parses
/// (a unit test compares them).
fn ipv6_pattern() -> String {
    const H16: &str = "[0-9A-Fa-f]{1,4}";
    let ls32 = format!("(?:{H16}:{H16}|{IPV4_PATTERN})");
    // Up to `n` groups before `::`: `[ *(n-1)( h16 ":" ) h16 ]`.
    let head = |n: usize| match n {
        0 => String::new(),
        1 => format!("(?:{H16})?"),
        n => format!("(?:(?:{H16}:){{0,{}}}{H16})?", n - 1),
    };
    let alternatives = [
        format!("(?:{H16}:){{6}}{ls32}"),
        format!("::(?:{H16}:){{5}}{ls32}"),
        format!("{}::(?:{H16}:){{4}}{ls32}", head(1)),
        format!("{}::(?:{H16}:){{3}}{ls32}", head(2)),
        format!("{}::(?:{H16}:){{2}}{ls32}", head(3)),
        format!("{}::{H16}:{ls32}", head(4)),
        format!("{}::{ls32}", head(5)),
        format!("{}::{H16}", head(6)),
        format!("{}::", head(7)),
    ];
    format!("^(?:{})$", alternatives.join("|"))
}

/// The IPv4 format's part of the exported JSON Schema: `format: ipv4` and
/// the anchored [`IPV4_PATTERN`].
pub(crate) fn json_schema_ipv4() -> JsonSchema {
    JsonSchema::pattern(format!("^{IPV4_PATTERN}$")).with_format("ipv4")
}

/// The IPv6 format's part of the exported JSON Schema: `format: ipv6` and
/// [`ipv6_pattern`].
pub(crate) fn json_schema_ipv6() -> JsonSchema {
    JsonSchema::pattern(ipv6_pattern()).with_format("ipv6")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    fn v4(v: &str) -> Option<&'static str> {
        check_ipv4(v).err().map(|r| r.code)
    }

    fn v6(v: &str) -> Option<&'static str> {
        check_ipv6(v).err().map(|r| r.code)
    }

    #[test]
    fn ipv4() {
        for v in ["0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.10"] {
            assert_eq!(v4(v), None, "{v}");
        }
        for v in [
            "",
            "256.0.0.1",
            "192.0.2",
            "192.0.2.1.5",
            "127.1",
            "01.2.3.4",
            "1.2.3.04",
            "0x7f.0.0.1",
            " 192.0.2.1",
            "192.0.2.1 ",
            "192.0.2.1/24",
            "192.0.2.1:80",
            "192.0.2.-1",
            "+1.2.3.4",
            "1..2.3",
            "١.2.3.4",
            "::1",
        ] {
            assert_eq!(v4(v), Some("format.ipv4"), "{v:?}");
        }
    }

    #[test]
    fn ipv6() {
        // RFC 4291 section 2.2's own examples, and the edges of `::`.
        for v in [
            "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789",
            "2001:DB8:0:0:8:800:200C:417A",
            "2001:DB8::8:800:200C:417A",
            "FF01::101",
            "::1",
            "::",
            "0:0:0:0:0:0:13.1.68.3",
            "0:0:0:0:0:FFFF:129.144.52.38",
            "::13.1.68.3",
            "::FFFF:129.144.52.38",
            "fe80::1",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "0001:0002:0003:0004:0005:0006:0007:0008",
        ] {
            assert_eq!(v6(v), None, "{v}");
        }
        for v in [
            "",
            ":",
            ":::",
            "1::2::3",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7",
            "12345::",
            "g::1",
            "[::1]",
            "::1/128",
            " ::1",
            "::ffff:192.0.2.01",
            "::ffff:192.0.2",
            "::1%",
            "1.2.3.4",
        ] {
            assert_eq!(v6(v), Some("format.ipv6"), "{v:?}");
        }
        for v in ["fe80::1%eth0", "fe80::1%25", "::1%1", "fe80::1%eth0%1"] {
            assert_eq!(v6(v), Some("format.ipv6.zone_id"), "{v}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for r in [check_ipv4("x"), check_ipv6("x"), check_ipv6("::1%lo")] {
            assert_eq!(r.unwrap_err().severity, Severity::Error);
        }
    }

    #[test]
    fn the_ipv4_pattern_is_what_std_parses() {
        let re = regex::Regex::new(&json_schema_ipv4().pattern.unwrap()).unwrap();
        let octets = [
            "0", "00", "01", "1", "9", "10", "99", "099", "100", "199", "200", "249", "250", "255",
            "256", "300", "999", "1000", "", "a", "-1", "+1",
        ];
        let mut n = 0;
        for a in octets {
            for b in ["0", "255", "01"] {
                for c in octets {
                    for d in ["1", "256", "00"] {
                        let s = format!("{a}.{b}.{c}.{d}");
                        assert_eq!(
                            re.is_match(&s),
                            s.parse::<std::net::Ipv4Addr>().is_ok(),
                            "{s}"
                        );
                        n += 1;
                    }
                }
            }
        }
        for s in ["1.2.3", "1.2.3.4.5", "1.2.3.4 ", "1..3.4", "127.1"] {
            assert!(
                !re.is_match(s) && s.parse::<std::net::Ipv4Addr>().is_err(),
                "{s}"
            );
        }
        assert_eq!(n, 22 * 3 * 22 * 3);
    }

    #[test]
    fn the_ipv6_pattern_is_what_std_parses() {
        let re = regex::Regex::new(&ipv6_pattern()).unwrap();
        let groups = ["0", "fFfF", "db8", "12345", "g"];
        let mut n = 0;
        let mut valid = 0;
        for head in 0..=9usize {
            for sep in ["::", ":", ""] {
                for tail in 0..=9usize {
                    for v4 in ["", "192.0.2.1", "192.0.2.01"] {
                        for spelling in 0..groups.len() {
                            let group = |i: usize| {
                                // One odd spelling at a time, at position `spelling`.
                                if i == spelling {
                                    groups[spelling]
                                } else {
                                    groups[i % 3]
                                }
                            };
                            let h: Vec<&str> = (0..head).map(group).collect();
                            let mut t: Vec<&str> = (0..tail).map(|i| group(i + head)).collect();
                            if !v4.is_empty() {
                                t.push(v4);
                            }
                            let s = format!("{}{sep}{}", h.join(":"), t.join(":"));
                            let std = s.parse::<std::net::Ipv6Addr>().is_ok();
                            assert_eq!(re.is_match(&s), std, "{s}");
                            n += 1;
                            valid += usize::from(std);
                        }
                    }
                }
            }
        }
        assert_eq!(n, 10 * 3 * 10 * 3 * 5);
        assert!(valid > 250, "{valid} valid of {n}");
    }
}
