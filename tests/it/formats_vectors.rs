//! Every line of `tests/data/vectors-identifiers.jsonl` (the identifier
//! vectors; docs/sources.md, "Identifier test vectors", says where they come
//! from and what their keys mean) is a test case.
//!
//! The verdict is `official_valid` where present, else `valid`. A valid
//! verdict must give `Ok`; an invalid one an error, except where the
//! project's severity rule turns it into a warning or the format's
//! documented choice of accepted forms differs from the strict references.
//! Those exceptions are listed in [`Expect`], counted, and the counts are
//! pinned at the end, so a new vector needing one is noticed, not absorbed.
//! All disagreements are collected and reported together.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use kyc_preflight::formats::{e164, nit, rfc, Format, Reason};
use kyc_preflight::Severity;
use serde_json::Value;

const VECTORS: &str = include_str!("../data/vectors-identifiers.jsonl");

/// What a line must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Ok,
    /// Any error.
    Error,
    /// A warning with exactly this code.
    Warning(&'static str),
    /// A dashed SSN/ITIN/EIN the references rejected only for its dashes:
    /// the format accepts that written form, so the result must be the same
    /// as for the compact number, and not the shape code.
    SameAsCompact,
}

fn format_of(kind: &str) -> Format {
    match kind {
        "alpha2" => Format::Iso3166Alpha2,
        "alpha3" => Format::Iso3166Alpha3,
        "nit_base" => Format::NitBase,
        other => Format::from_name(other).unwrap_or_else(|| panic!("unknown kind {other}")),
    }
}

/// `AAA-GG-SSSS` for SSN/ITIN, `XX-XXXXXXX` for EIN, with digits elsewhere.
fn dashed_in_standard_positions(kind: &str, value: &str) -> Option<String> {
    let dashes: &[usize] = match kind {
        "ssn" | "itin" => &[3, 6],
        "ein" => &[2],
        _ => return None,
    };
    let b = value.as_bytes();
    let ok = b.len() == 9 + dashes.len()
        && b.iter().enumerate().all(|(i, c)| {
            if dashes.contains(&i) {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    ok.then(|| value.replace('-', ""))
}

fn outcome(r: &Result<(), Reason>) -> String {
    match r {
        Ok(()) => "ok".into(),
        Err(r) => format!("{:?} {}", r.severity, r.code),
    }
}

#[test]
fn identifier_vectors() {
    let mut failures = String::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut lines = 0usize;

    for (n, line) in VECTORS.lines().enumerate() {
        let line_no = n + 1;
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {line_no}: {e}"));
        lines += 1;
        let kind = v["kind"].as_str().unwrap();
        let value = v["value"].as_str().unwrap();
        let why = v["why"].as_str().unwrap_or_default();
        let valid = v["valid"].as_bool().unwrap();
        let official = v.get("official_valid").and_then(Value::as_bool);
        let registry = v.get("registry_valid").and_then(Value::as_bool) == Some(true);
        let verdict = official.unwrap_or(valid);
        if official.is_some() {
            *counts.entry("official_valid overrides valid").or_default() += 1;
        }
        let format = format_of(kind);
        let got = format.check(value);

        // The expected outcome, exceptions first, each counted.
        let expect = if verdict {
            Expect::Ok
        } else if registry {
            *counts.entry("registry_valid: warning").or_default() += 1;
            Expect::Warning(match kind {
                "rfc" => "format.rfc.check_digit",
                "curp" => "format.curp.gender_x",
                other => panic!("line {line_no}: no warning code for registry_valid {other}"),
            })
        } else if kind == "rfc" && rfc::GENERIC_RFCS.contains(&value) {
            *counts.entry("rfc generic: warning").or_default() += 1;
            Expect::Warning("format.rfc.generic")
        } else if kind == "rfc"
            && (why.contains("[reference: InvalidChecksum]")
                || (why.contains("homoclave") && why.contains("[reference: InvalidComponent]")))
        {
            // docs/sources.md: an RFC whose only fault is its check digit or
            // homoclave pattern is a warning, whatever `valid` says.
            *counts
                .entry("rfc check digit/homoclave: warning")
                .or_default() += 1;
            Expect::Warning("format.rfc.check_digit")
        } else if kind == "e164" && e164::is_e164_syntax(value) {
            // docs/design.md severity: valid E.164 syntax, not in libphonenumber's plan.
            *counts
                .entry("e164 outside numbering plan: warning")
                .or_default() += 1;
            Expect::Warning("format.e164.not_in_numbering_plan")
        } else if kind == "cpf"
            && why.contains("not canonical format")
            && value.len() == 14
            && value.get(3..4) == Some(".")
            && value.get(7..8) == Some(".")
            && value.get(11..12) == Some("-")
            && Format::Cpf.check(&value.replace(['.', '-'], "")).is_ok()
        {
            // The Receita's printed form of a valid CPF: checked, and only
            // a warning (no document rules it out).
            *counts.entry("punctuated cpf: warning").or_default() += 1;
            Expect::Warning("format.cpf.punctuated")
        } else if kind == "cnpj"
            && why.contains("not canonical format")
            && value.len() == 18
            && Format::Cnpj
                .check(&value.replace(['.', '/', '-'], ""))
                .is_ok()
        {
            // The Receita's printed form of a valid CNPJ: checked, and only
            // a warning (no document rules it out).
            *counts.entry("punctuated cnpj: warning").or_default() += 1;
            Expect::Warning("format.cnpj.punctuated")
        } else if kind == "nit"
            && why.contains("not canonical format")
            && value.len() == 13
            && value.contains('.')
            && Format::Nit.check(&value.replace(['.', '-'], "")).is_ok()
        {
            // DIAN's printed form of a valid NIT: checked, and only a warning.
            *counts.entry("punctuated nit: warning").or_default() += 1;
            Expect::Warning("format.nit.punctuated")
        } else if dashed_in_standard_positions(kind, value).is_some()
            && why.contains("not canonical format")
        {
            *counts.entry("dashed ssn/itin/ein accepted").or_default() += 1;
            Expect::SameAsCompact
        } else {
            Expect::Error
        };

        let pass = match expect {
            Expect::Ok => got.is_ok(),
            Expect::Error => matches!(got, Err(r) if r.severity == Severity::Error),
            Expect::Warning(code) => {
                matches!(got, Err(r) if r.severity == Severity::Warning && r.code == code)
            }
            Expect::SameAsCompact => {
                let compact = dashed_in_standard_positions(kind, value).unwrap();
                let shape = format!("format.{}", format.name());
                got == format.check(&compact) && got.err().map(|r| r.code) != Some(shape.as_str())
            }
        };
        if !pass {
            writeln!(
                failures,
                "line {line_no}: {kind} {value:?}: expected {expect:?}, got {} ({why})",
                outcome(&got)
            )
            .unwrap();
        }

        // Warnings only where the severity rule allows them.
        if let Err(r) = got {
            if r.severity == Severity::Warning
                && !matches!(
                    r.code,
                    "format.rfc.check_digit"
                        | "format.rfc.generic"
                        | "format.curp.gender_x"
                        | "format.e164.not_in_numbering_plan"
                        | "format.cpf.punctuated"
                        | "format.cnpj.punctuated"
                        | "format.nit.punctuated"
                )
            {
                writeln!(
                    failures,
                    "line {line_no}: unexpected warning code {}",
                    r.code
                )
                .unwrap();
            }
            // A detail never repeats the value (identifiers of 5+ characters).
            if value.chars().count() >= 5 && r.detail.contains(value) {
                writeln!(failures, "line {line_no}: detail contains the value").unwrap();
            }
        }

        // NIT check digits given by the vectors.
        if let Some(dv) = v.get("dv").and_then(Value::as_str) {
            let base = v.get("base").and_then(Value::as_str).unwrap_or(value);
            let want: u8 = dv.parse().unwrap();
            if nit::check_digit(base) != Some(want) {
                writeln!(
                    failures,
                    "line {line_no}: nit::check_digit({base:?}) = {:?}, vectors say {want}",
                    nit::check_digit(base)
                )
                .unwrap();
            }
        }
    }

    assert!(
        failures.is_empty(),
        "vectors disagreeing with the formats:\n{failures}"
    );
    assert_eq!(lines, 760, "vector count");

    // The exceptions, pinned: a changed count means a vector was added or
    // changed that needs a look, not a silent pass.
    let expected: BTreeMap<&str, usize> = [
        ("official_valid overrides valid", 8),
        ("registry_valid: warning", 5),
        ("rfc generic: warning", 2),
        ("rfc check digit/homoclave: warning", 8),
        ("e164 outside numbering plan: warning", 24),
        ("dashed ssn/itin/ein accepted", 1),
        ("punctuated cpf: warning", 1),
        ("punctuated cnpj: warning", 1),
        ("punctuated nit: warning", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected, "exception counts");
}

/// The dashed written forms the formats document are the same numbers as
/// the compact ones for every compact SSN/ITIN/EIN vector.
#[test]
fn dashed_forms_match_compact_forms() {
    let mut failures = String::new();
    for line in VECTORS.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let kind = v["kind"].as_str().unwrap();
        let value = v["value"].as_str().unwrap();
        let dashed = match kind {
            "ssn" | "itin" if value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{}-{}-{}", &value[..3], &value[3..5], &value[5..])
            }
            "ein" if value.len() == 9 && value.bytes().all(|b| b.is_ascii_digit()) => {
                format!("{}-{}", &value[..2], &value[2..])
            }
            _ => continue,
        };
        let format = format_of(kind);
        if format.check(&dashed) != format.check(value) {
            writeln!(failures, "{kind} {value}: dashed {dashed} differs").unwrap();
        }
    }
    assert!(failures.is_empty(), "{failures}");
}
