//! A [`Report`] written as JSON straight into a byte buffer: the same bytes
//! as `serde_json::to_vec(&report)` (the `check --format json` contract,
//! docs/design.md, "The report"), without serde's per-call machinery.
//!
//! `batch` writes one of these a line; a report is about 2.4 KB and 7
//! findings on a typical corpus, and writing it through serde cost about as
//! much as the check. Here every key is a constant, every string goes
//! through sonic-rs's SIMD escaper, and nothing is allocated but the output
//! buffer's growth.
//!
//! Strings are escaped as serde_json escapes them (RFC 8259 §7): `"` and
//! `\` with a backslash; `\b`, `\t`, `\n`, `\f`, `\r` by name; every other
//! byte below 0x20 as `\u00XX` with lower-case hex; everything else
//! (`/`, DEL, non-ASCII) as it is.
//!
//! [`write_report_fields`] writes a leaner report that keeps only some keys
//! of each finding (`batch --fields`).
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{Catalog, CheckOptions};
//! use kyc_preflight::report::json::write_report;
//!
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let report = rules.check_bytes(br#"{"type": "individual"}"#, None, &CheckOptions::default())?;
//! let mut out = Vec::new();
//! write_report(&mut out, &report);
//! assert_eq!(out, serde_json::to_vec(&report)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use sonic_rs::format::{CompactFormatter, Formatter as _};

use super::{Finding, Location, Report};
use crate::Severity;

/// The keys of a finding in the JSON report, in the order they are written.
///
/// `batch --fields` names a subset of them; [`FieldSet`] holds it.
pub const FINDING_KEYS: [&str; 7] = ["in", "path", "gate", "severity", "code", "rule", "message"];

/// A subset of [`FINDING_KEYS`], as a bit set (bit `i` for key `i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSet(u8);

impl FieldSet {
    /// Every key: what [`write_report`] writes.
    pub const ALL: FieldSet = FieldSet(0b111_1111);

    /// The set of the comma-separated keys in `list` (`code,path,gate`).
    /// Keys are written in report order whatever the order of the list.
    ///
    /// # Errors
    ///
    /// The first name that is not one of [`FINDING_KEYS`] (an empty list
    /// names `""`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::report::json::FieldSet;
    ///
    /// assert!(FieldSet::parse("code,path,gate").is_ok());
    /// assert_eq!(FieldSet::parse("code,colour"), Err("colour".to_string()));
    /// ```
    pub fn parse(list: &str) -> Result<FieldSet, String> {
        let mut bits = 0u8;
        for name in list.split(',') {
            let name = name.trim();
            match FINDING_KEYS.iter().position(|k| *k == name) {
                Some(i) => bits |= 1 << i,
                None => return Err(name.to_string()),
            }
        }
        Ok(FieldSet(bits))
    }

    fn has(self, i: u8) -> bool {
        self.0 & (1 << i) != 0
    }
}

/// Append `report` to `out` as one JSON object, exactly the bytes
/// `serde_json::to_vec(report)` gives (no newline).
pub fn write_report(out: &mut Vec<u8>, report: &Report<'_>) {
    write_report_fields(out, report, FieldSet::ALL);
}

/// `report` as one JSON object in a `String`: the bytes of
/// [`write_report`], which are `serde_json::to_string(report)`'s. For the
/// bindings, which hand the text on.
///
/// ```
/// use kyc_preflight::{Catalog, CheckOptions};
/// let rules = Catalog::embedded().get("kira/create-user")?;
/// let report = rules.check_bytes(b"{}", None, &CheckOptions::default())?;
/// let text = kyc_preflight::report::json::to_string(&report);
/// assert_eq!(text, serde_json::to_string(&report)?);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_string(report: &Report<'_>) -> String {
    let mut out = Vec::with_capacity(256 + 256 * report.findings.len());
    write_report(&mut out, report);
    // Every byte written is ASCII or a whole `&str`, so this is UTF-8; the
    // fallback only keeps the function total.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// [`write_report`] keeping only the keys of `fields` in each finding
/// (`rule_set`, `variant`, `gates` and `findings` are always written).
/// With [`FieldSet::ALL`] it is [`write_report`].
pub fn write_report_fields(out: &mut Vec<u8>, report: &Report<'_>, fields: FieldSet) {
    out.extend_from_slice(b"{\"rule_set\":");
    write_str(out, &report.rule_set);
    out.extend_from_slice(b",\"variant\":");
    match &report.variant {
        Some(v) => write_str(out, v),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"gates\":{");
    for (i, g) in report.gates.0.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, &g.name);
        out.extend_from_slice(if g.passed { b":true" } else { b":false" });
    }
    out.extend_from_slice(b"},\"findings\":[");
    for (i, f) in report.findings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_finding(out, f, fields);
    }
    out.extend_from_slice(b"]}");
}

fn write_finding(out: &mut Vec<u8>, f: &Finding<'_>, fields: FieldSet) {
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &[u8]| {
        if !first {
            out.push(b',');
        }
        first = false;
        out.push(b'"');
        out.extend_from_slice(name);
        out.extend_from_slice(b"\":");
    };
    if fields.has(0) {
        key(out, b"in");
        out.extend_from_slice(match f.location {
            Location::Body => b"\"body\"",
            Location::Header => b"\"header\"",
        });
    }
    if fields.has(1) {
        key(out, b"path");
        write_str(out, &f.path);
    }
    if fields.has(2) {
        key(out, b"gate");
        write_str(out, &f.gate);
    }
    if fields.has(3) {
        key(out, b"severity");
        out.extend_from_slice(match f.severity {
            Severity::Error => b"\"error\"",
            Severity::Warning => b"\"warning\"",
        });
    }
    if fields.has(4) {
        key(out, b"code");
        write_str(out, &f.code);
    }
    if fields.has(5) {
        key(out, b"rule");
        write_str(out, &f.rule);
    }
    if fields.has(6) {
        key(out, b"message");
        write_str(out, &f.message);
    }
    out.push(b'}');
}

/// Append `s` as a JSON string, escaped as serde_json escapes it.
///
/// The escaping is sonic-rs's (its SIMD `format_string`, 32 bytes a step),
/// which writes serde_json's bytes: the tests below hold the two equal for
/// every byte below 0x80 and, by property, for any report text. On the
/// reference corpus it takes 2.5 instructions a byte of output against 5.6
/// for the eight-byte scan it replaced.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    // Writing into a `Vec` cannot fail.
    let _ = CompactFormatter.write_string_fast(out, s, true);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use std::borrow::Cow;

    use proptest::prelude::*;

    use super::*;
    use crate::report::{GateVerdict, Gates};

    fn text() -> impl Strategy<Value = String> {
        // Every escape class: controls, quote, backslash, slash, DEL,
        // non-ASCII of 2, 3 and 4 bytes.
        prop_oneof![
            "[a-z/._#:-]{0,12}",
            proptest::collection::vec(
                prop_oneof![
                    Just('"'),
                    Just('\\'),
                    Just('/'),
                    Just('\u{7f}'),
                    Just('é'),
                    Just('€'),
                    Just('😀'),
                    (0u8..0x20).prop_map(char::from),
                    proptest::char::any(),
                ],
                0..12
            )
            .prop_map(|cs| cs.into_iter().collect()),
        ]
    }

    fn finding() -> impl Strategy<Value = Finding<'static>> {
        (
            any::<bool>(),
            text(),
            text(),
            any::<bool>(),
            text(),
            text(),
            text(),
        )
            .prop_map(|(header, path, gate, error, code, rule, message)| Finding {
                location: if header {
                    Location::Header
                } else {
                    Location::Body
                },
                path,
                gate: Cow::Owned(gate),
                severity: if error {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                code: Cow::Owned(code),
                rule: Cow::Owned(rule),
                message: Cow::Owned(message),
                source: Cow::Borrowed("not written"),
                detail: None,
            })
    }

    fn report() -> impl Strategy<Value = Report<'static>> {
        (
            text(),
            proptest::option::of(text()),
            proptest::collection::vec((text(), any::<bool>()), 0..4),
            proptest::collection::vec(finding(), 0..5),
        )
            .prop_map(|(rule_set, variant, gates, findings)| Report {
                rule_set: Cow::Owned(rule_set),
                variant: variant.map(Cow::Owned),
                gates: Gates(
                    gates
                        .into_iter()
                        .map(|(name, passed)| GateVerdict {
                            name: Cow::Owned(name),
                            passed,
                        })
                        .collect(),
                ),
                findings,
                headers_checked: false,
            })
    }

    proptest! {
        /// The writer and serde_json give the same bytes, for any text in
        /// any field (until the serde path is retired, this holds them equal).
        #[test]
        fn same_bytes_as_serde(report in report()) {
            let mut out = Vec::new();
            write_report(&mut out, &report);
            prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&report).unwrap()
            );
        }

        /// A field set writes serde's report with the other keys of each
        /// finding removed, the kept ones in report order.
        #[test]
        fn fields_keep_only_their_keys(mut report in report(), bits in 1u8..0x80) {
            // Through a `Value` repeated gate names would collapse.
            report.gates.0.sort_by(|a, b| a.name.cmp(&b.name));
            report.gates.0.dedup_by(|a, b| a.name == b.name);
            let fields = FieldSet(bits);
            let mut out = Vec::new();
            write_report_fields(&mut out, &report, fields);
            let mut expected = serde_json::to_value(&report).unwrap();
            for f in expected["findings"].as_array_mut().unwrap() {
                let f = f.as_object_mut().unwrap();
                for (i, k) in FINDING_KEYS.iter().enumerate() {
                    if bits & (1 << i) == 0 {
                        f.shift_remove(*k);
                    }
                }
            }
            prop_assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&expected).unwrap()
            );
        }
    }

    #[test]
    fn every_control_byte_is_escaped_as_serde_does() {
        for b in 0u8..=0x7f {
            let s = char::from(b).to_string();
            let mut out = Vec::new();
            write_str(&mut out, &s);
            assert_eq!(out, serde_json::to_vec(&s).unwrap(), "byte {b:#x}");
        }
    }

    /// Every ASCII character and some wide ones, at every offset of a
    /// string longer than two SIMD steps: serde_json's bytes.
    #[test]
    fn every_character_at_every_offset_is_escaped_as_serde_does() {
        let wide = [
            '\u{e9}',
            '\u{20ac}',
            '\u{1f600}',
            '\u{2028}',
            '\u{7f}',
            '\u{80}',
        ];
        for c in (0u8..0x80).map(char::from).chain(wide) {
            for at in 0..70 {
                let mut s: String = "a".repeat(70);
                s.insert(at, c);
                let mut out = Vec::new();
                write_str(&mut out, &s);
                assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{c:?} at {at}");
            }
        }
    }

    #[test]
    fn field_names_parse_in_any_order() {
        assert_eq!(
            FieldSet::parse("gate,code,path"),
            FieldSet::parse("path,gate,code")
        );
        assert_eq!(FieldSet::parse(&FINDING_KEYS.join(",")), Ok(FieldSet::ALL));
        assert_eq!(FieldSet::parse(""), Err(String::new()));
        assert_eq!(FieldSet::parse("code,"), Err(String::new()));
        assert_eq!(FieldSet::parse("source"), Err("source".to_string()));
    }
}
