//! Every line of `tests/data/vectors-tax-ids.jsonl` is a test case for the
//! tax identifiers `pan`, `rut`, `cuit` and `nino`.
//!
//! # Where the vectors come from
//!
//! python-stdnum 2.2 (`stdnum.in_.pan`, `stdnum.cl.rut`, `stdnum.ar.cuit`)
//! is the oracle: each line's `reference` is what its `validate` said
//! (`valid`, or the exception: `InvalidLength`, `InvalidFormat`,
//! `InvalidComponent`, `InvalidChecksum`) and `valid` is `reference ==
//! "valid"`. python-stdnum has no module for the UK National Insurance
//! number, so the `nino` lines are judged by HMRC's NIM39110 rules written
//! as one regular expression in the script, independently of
//! `src/formats/nino.rs`.
//!
//! A line with `"accepted_form": false` is a number the reference accepts
//! only because it strips separators or upper-cases first (a lower-case
//! PAN, a RUT with a `CL` prefix or spaces, a CUIT with spaces or one
//! dash): the format's documented choice of written forms rejects those,
//! so they must fail with the shape code, and their count is pinned.
//!
//! # Recipe
//!
//! ```text
//! python3 -m venv /tmp/venv-stdnum
//! /tmp/venv-stdnum/bin/pip install python-stdnum==2.2
//! /tmp/venv-stdnum/bin/python gen.py > tests/data/vectors-tax-ids.jsonl
//! ```
//!
//! with this `gen.py` (seeded, so it writes the same 274 lines):
//!
//! ```text
//! """Write tests/data/vectors-tax-ids.jsonl (python-stdnum 2.2 as the oracle)."""
//! import json, random, re, sys
//! from stdnum import exceptions as E
//! from stdnum.ar import cuit
//! from stdnum.cl import rut
//! from stdnum.in_ import pan
//!
//! rng = random.Random(21)
//! out = []
//! UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
//!
//! def oracle(module, value):
//!     try:
//!         module.validate(value)
//!         return "valid"
//!     except E.ValidationError as e:
//!         return type(e).__name__
//!
//! def add(kind, value, why, reference, accepted_form=True):
//!     line = {"kind": kind, "value": value, "valid": reference == "valid",
//!             "why": f"{why} [reference: {reference}]", "reference": reference}
//!     if not accepted_form:
//!         line["accepted_form"] = False
//!     out.append(line)
//!
//! def std(kind, module, value, why, accepted_form=True):
//!     add(kind, value, why, oracle(module, value), accepted_form)
//!
//! # ---- PAN (stdnum.in_.pan)
//! def a_pan(kind=None, serial=None):
//!     return ("".join(rng.choice(UP) for _ in range(3)) + (kind or rng.choice("ABCFGHJKLPT"))
//!             + rng.choice(UP) + (serial or f"{rng.randrange(1, 10000):04}") + rng.choice(UP))
//! for t in "ABCFGHJKLPT":
//!     for _ in range(2):
//!         std("pan", pan, a_pan(t), f"holder type {t}")
//! for t in "DEIMNOQRSUVWXYZ":
//!     std("pan", pan, a_pan(t), f"fourth letter {t} is no holder type")
//! for _ in range(3):
//!     std("pan", pan, a_pan(serial="0000"), "serial 0000")
//! for _ in range(3):
//!     v = a_pan()
//!     std("pan", pan, v[:9], "9 characters")
//!     std("pan", pan, v + rng.choice(UP), "11 characters")
//!     std("pan", pan, v[:6] + rng.choice(UP) + v[7:], "a letter among the digits")
//!     std("pan", pan, v[:2] + str(rng.randrange(10)) + v[3:], "a digit among the letters")
//!     std("pan", pan, v[:9] + str(rng.randrange(10)), "a digit last")
//!     std("pan", pan, v.lower(), "lower case (the reference upper-cases)", accepted_form=False)
//!     std("pan", pan, v[:5] + " " + v[5:], "a space (the reference strips it)", accepted_form=False)
//!
//! # ---- RUT (stdnum.cl.rut)
//! def dotted(body):
//!     return f"{int(body):,}".replace(",", ".")
//! for n in range(40):
//!     body = str(rng.randrange(1_000_000, 30_000_000))
//!     dv = rut.calc_check_digit(body)
//!     form = n % 3
//!     v = body + dv if form == 0 else f"{body}-{dv}" if form == 1 else f"{dotted(body)}-{dv}"
//!     std("rut", rut, v, f"{len(body)}-digit body, check digit {dv}")
//! ks = [b for b in map(str, range(7_000_000, 30_000_000, 7919)) if rut.calc_check_digit(b) == "K"][:4]
//! for b in ks:
//!     std("rut", rut, f"{dotted(b)}-K", "check digit K")
//!     std("rut", rut, f"{b}-k", "check digit k in lower case")
//!     std("rut", rut, f"{b}-0", "K written 0")
//! for n in range(12):
//!     body = str(rng.randrange(1_000_000, 30_000_000))
//!     dv = rut.calc_check_digit(body)
//!     wrong = rng.choice([c for c in "0123456789K" if c != dv])
//!     std("rut", rut, f"{dotted(body)}-{wrong}" if n % 2 else body + wrong, "wrong check digit")
//! for _ in range(3):
//!     body = str(rng.randrange(100_000, 1_000_000))
//!     std("rut", rut, f"{body}-{rut.calc_check_digit(body)}", "6-digit body")
//!     body = str(rng.randrange(100_000_000, 1_000_000_000))
//!     std("rut", rut, f"{body}-{rut.calc_check_digit(body)}", "9-digit body")
//!     body = str(rng.randrange(10_000_000, 30_000_000))
//!     dv = rut.calc_check_digit(body)
//!     std("rut", rut, f"{body[:3]}A{body[4:]}-{dv}", "a letter in the body")
//!     std("rut", rut, f"{body}-X", "check digit X")
//!     std("rut", rut, f"CL{body}{dv}", "CL prefix (the reference strips it)", accepted_form=False)
//!     std("rut", rut, f"{body[:2]} {body[2:5]} {body[5:]}-{dv}", "spaces (the reference strips them)", accepted_form=False)
//!     std("rut", rut, f"{dotted(body)}{dv}", "dots without the dash (the reference strips them)", accepted_form=False)
//!
//! # ---- CUIT (stdnum.ar.cuit)
//! for t in cuit._cuit_tpes:
//!     for n in range(3):
//!         first10 = t + f"{rng.randrange(10**8):08}"
//!         v = first10 + cuit.calc_check_digit(first10)
//!         std("cuit", cuit, v if n % 2 else cuit.format(v), f"type {t}")
//! for t in ["00", "10", "21", "25", "29", "35", "40", "52", "60", "99"]:
//!     first10 = t + f"{rng.randrange(10**8):08}"
//!     std("cuit", cuit, cuit.format(first10 + cuit.calc_check_digit(first10)), f"type {t} is not assigned")
//! r1 = next(f for f in (f"20{n:08}" for n in range(10**8))
//!           if sum(w * int(d) for w, d in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), f)) % 11 == 1)
//! std("cuit", cuit, r1 + "9", "remainder 1: check digit 9")
//! for n in range(10):
//!     first10 = rng.choice(["20", "27", "30"]) + f"{rng.randrange(10**8):08}"
//!     dv = cuit.calc_check_digit(first10)
//!     v = first10 + rng.choice([c for c in "0123456789" if c != dv])
//!     std("cuit", cuit, v if n % 2 else cuit.format(v), "wrong check digit")
//! for _ in range(3):
//!     first10 = "20" + f"{rng.randrange(10**8):08}"
//!     v = first10 + cuit.calc_check_digit(first10)
//!     std("cuit", cuit, v[:10], "10 digits")
//!     std("cuit", cuit, v + "1", "12 digits")
//!     std("cuit", cuit, v[:5] + "A" + v[6:], "a letter")
//!     std("cuit", cuit, f"{v[:2]} {v[2:10]} {v[10]}", "spaces (the reference strips them)", accepted_form=False)
//!     std("cuit", cuit, f"{v[:10]}-{v[10]}", "one dash (the reference strips it)", accepted_form=False)
//!
//! # ---- NINO: python-stdnum has none; HMRC NIM39110 written as a regex here.
//! NIM39110 = re.compile(r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")
//! def nino(value, why, accepted_form=True):
//!     compact = value.replace(" ", "") if re.fullmatch(r"\S\S \S\S \S\S \S\S \S", value) else value
//!     if not re.fullmatch(r"[A-Z]{2}[0-9]{6}[A-Z]", compact):
//!         ref = "InvalidFormat"
//!     elif not NIM39110.match(compact[:2] + "000000A"):
//!         ref = "InvalidComponent"
//!     elif not NIM39110.match(compact):
//!         ref = "InvalidComponent"
//!     else:
//!         ref = "valid"
//!     add("nino", value, why, ref, accepted_form)
//! GOOD1 = "ABCEGHJKLMNOPRSTWXYZ"
//! GOOD2 = "ABCEGHJKLMNPRSTWXYZ"
//! for n in range(30):
//!     p = rng.choice(GOOD1) + rng.choice(GOOD2)
//!     if p in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
//!         continue
//!     d = f"{rng.randrange(10**6):06}"
//!     s = "ABCD"[n % 4]
//!     nino(f"{p}{d}{s}" if n % 2 else f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", f"prefix {p}, suffix {s}")
//! for c in "DFIQUV":
//!     nino(f"{c}A{rng.randrange(10**6):06}A", f"first letter {c}")
//!     nino(f"A{c}{rng.randrange(10**6):06}B", f"second letter {c}")
//! nino(f"AO{rng.randrange(10**6):06}C", "second letter O")
//! for p in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
//!     nino(f"{p}{rng.randrange(10**6):06}D", f"prefix {p} is not used")
//! for s in "EFMPZ":
//!     nino(f"AB{rng.randrange(10**6):06}{s}", f"suffix {s}")
//! for v, why in [("AB12345C", "5 digits"), ("AB1234567C", "7 digits"), ("AB123456", "no suffix"),
//!                ("A1123456C", "a digit in the prefix"), ("ab123456c", "lower case"),
//!                ("AB-12-34-56-C", "dashes"), ("AB 123456 C", "other spacing")]:
//!     nino(v, why)
//!
//! for line in out:
//!     print(json.dumps(line, ensure_ascii=False))
//! print(len(out), "vectors", file=sys.stderr)
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use kyc_preflight::formats::{cuit, rut, Format, Reason};
use kyc_preflight::Severity;
use serde_json::Value;

const VECTORS: &str = include_str!("../data/vectors-tax-ids.jsonl");

/// The code a value the reference rejects must get, from the reference's
/// exception and, where one exception covers two rules, the value itself.
fn expected_code(kind: &str, value: &str, reference: &str) -> &'static str {
    match (kind, reference) {
        ("pan", "InvalidLength" | "InvalidFormat") => "format.pan",
        ("pan", "InvalidComponent") if value.get(5..9) == Some("0000") => "format.pan.serial",
        ("pan", "InvalidComponent") => "format.pan.holder_type",
        ("rut", "InvalidLength" | "InvalidFormat") => "format.rut",
        // A last character that is no check digit at all (`X`) is the
        // wrong shape here; the reference calls it a wrong checksum.
        ("rut", "InvalidChecksum")
            if !value.ends_with(|c: char| c.is_ascii_digit() || c == 'K' || c == 'k') =>
        {
            "format.rut"
        }
        ("rut", "InvalidChecksum") => "format.rut.check_digit",
        ("cuit", "InvalidLength" | "InvalidFormat") => "format.cuit",
        ("cuit", "InvalidComponent") => "format.cuit.prefix",
        ("cuit", "InvalidChecksum") => "format.cuit.check_digit",
        ("nino", "InvalidFormat") => "format.nino",
        ("nino", "InvalidComponent") if !value.ends_with(['A', 'B', 'C', 'D']) => {
            "format.nino.suffix"
        }
        ("nino", "InvalidComponent") => "format.nino.prefix",
        other => panic!("no expected code for {other:?}"),
    }
}

fn outcome(r: &Result<(), Reason>) -> String {
    match r {
        Ok(()) => "ok".into(),
        Err(r) => format!("{:?} {}", r.severity, r.code),
    }
}

#[test]
fn tax_id_vectors() {
    let mut failures = String::new();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (n, line) in VECTORS.lines().enumerate() {
        let line_no = n + 1;
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("line {line_no}: {e}"));
        let kind = v["kind"].as_str().unwrap();
        let value = v["value"].as_str().unwrap();
        let why = v["why"].as_str().unwrap();
        let valid = v["valid"].as_bool().unwrap();
        let reference = v["reference"].as_str().unwrap();
        assert_eq!(valid, reference == "valid", "line {line_no}");
        let accepted_form = v.get("accepted_form").and_then(Value::as_bool) != Some(false);
        let format = Format::from_name(kind).unwrap_or_else(|| panic!("unknown kind {kind}"));
        let got = format.check(value);

        let want: Option<&str> = if !accepted_form {
            *counts
                .entry(format!("{kind}: written form not accepted"))
                .or_default() += 1;
            Some(match kind {
                "pan" => "format.pan",
                "rut" => "format.rut",
                "cuit" => "format.cuit",
                other => panic!("line {line_no}: accepted_form on {other}"),
            })
        } else if valid {
            *counts.entry(format!("{kind}: valid")).or_default() += 1;
            None
        } else {
            *counts.entry(format!("{kind}: invalid")).or_default() += 1;
            Some(expected_code(kind, value, reference))
        };
        let pass = match want {
            None => got.is_ok(),
            Some(code) => matches!(got, Err(r) if r.code == code && r.severity == Severity::Error),
        };
        if !pass {
            writeln!(
                failures,
                "line {line_no}: {kind} {value:?}: expected {}, got {} ({why})",
                want.unwrap_or("ok"),
                outcome(&got)
            )
            .unwrap();
        }
        if let Err(r) = got
            && r.detail.contains(value)
        {
            writeln!(failures, "line {line_no}: detail contains the value").unwrap();
        }
    }
    assert!(
        failures.is_empty(),
        "vectors disagreeing with the formats:\n{failures}"
    );

    // Valid and invalid values of every kind, and the form exceptions,
    // pinned: a changed count means the vectors changed and need a look.
    let expected: BTreeMap<String, usize> = [
        ("cuit: invalid", 29),
        ("cuit: valid", 31),
        ("cuit: written form not accepted", 6),
        ("nino: invalid", 32),
        ("nino: valid", 30),
        ("pan: invalid", 33),
        ("pan: valid", 22),
        ("pan: written form not accepted", 6),
        ("rut: invalid", 28),
        ("rut: valid", 48),
        ("rut: written form not accepted", 9),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(counts, expected, "vector counts");
}

/// The check-digit functions agree with every valid RUT and CUIT vector
/// written in its compact form.
#[test]
fn check_digit_functions_match_the_vectors() {
    let mut checked = 0;
    for line in VECTORS.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if !v["valid"].as_bool().unwrap() || v.get("accepted_form").is_some() {
            continue;
        }
        let value = v["value"].as_str().unwrap();
        if !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let (body, dv) = value.split_at(value.len() - 1);
        match v["kind"].as_str().unwrap() {
            "rut" => {
                assert_eq!(
                    rut::check_digit(body),
                    dv.to_uppercase().chars().next(),
                    "{value}"
                );
                checked += 1;
            }
            "cuit" => {
                assert_eq!(
                    cuit::check_digit(body).map(|d| d.to_string()).as_deref(),
                    Some(dv),
                    "{value}"
                );
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 20, "{checked}");
}
