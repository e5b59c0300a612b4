//! One payload, one verdict: for arbitrary bodies, duplicate keys and deep
//! nesting included, every way in gives byte-identical reports:
//! `RuleSet::check_bytes`, `RuleSet::check_str`, `RuleSet::check_bytes_in`
//! and `RuleSet::check_str_in` with a `Scratch` kept from body to body,
//! the CLI's `check --format json` and `batch`, and `RuleSet::check` on a
//! `serde_json::Value` where a `Value` can hold the body (no repeated key:
//! serde_json keeps only the last of those). A body no entry point accepts
//! is refused by each, with the same error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use assert_cmd::Command;
use kyc_preflight::{Catalog, CheckOptions, Request, Scratch};
use proptest::prelude::*;
use serde_json::Value;

/// JSON as text is written: an object's members in order, a key as many
/// times as it is given.
#[derive(Debug, Clone)]
enum Json {
    Leaf(Value),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn from_value(v: &Value) -> Json {
        match v {
            Value::Array(items) => Json::Array(items.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Json::from_value(v)))
                    .collect(),
            ),
            leaf => Json::Leaf(leaf.clone()),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Leaf(v) => out.push_str(&serde_json::to_string(v).unwrap()),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&serde_json::to_string(k).unwrap());
                    out.push_str(": ");
                    v.write(out);
                }
                out.push('}');
            }
        }
    }

    /// How many objects it holds, itself included.
    fn objects(&self) -> usize {
        match self {
            Json::Leaf(_) => 0,
            Json::Array(items) => items.iter().map(Json::objects).sum(),
            Json::Object(members) => 1 + members.iter().map(|(_, v)| v.objects()).sum::<usize>(),
        }
    }

    /// The members of object `n`, depth first (the root is 0).
    fn object(&mut self, n: &mut usize) -> Option<&mut Vec<(String, Json)>> {
        match self {
            Json::Leaf(_) => None,
            Json::Array(items) => items.iter_mut().find_map(|item| item.object(n)),
            Json::Object(members) => {
                if *n == 0 {
                    return Some(members);
                }
                *n -= 1;
                members.iter_mut().find_map(|(_, v)| v.object(n))
            }
        }
    }
}

/// Every valid fixture body of every rule set: `(rule set, body)`.
fn bases() -> Vec<(String, Value)> {
    let root = common::repo("tests/fixtures");
    let mut out = Vec::new();
    for id in Catalog::embedded().ids() {
        let Ok(dir) = std::fs::read_dir(root.join(id).join("valid")) else {
            continue;
        };
        let mut files: Vec<_> = dir.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let value = common::read_json(&file);
            // A fixture is the body itself, or holds it under `body`.
            out.push((id.to_string(), value.get("body").cloned().unwrap_or(value)));
        }
    }
    out
}

/// A value a repeated member may take: the same, another valid-looking
/// one, an invalid one, or another type.
fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::from("not-an-email")),
        Just(Value::from("ana@example.com")),
        Just(Value::from("")),
        Just(Value::from("+12025550173")),
        Just(Value::from("1990-01-01")),
        Just(Value::from("individual")),
        Just(Value::from("business")),
        Just(Value::from("US")),
        Just(Value::Null),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
        any::<i32>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        "[a-z0-9@.+ -]{0,12}".prop_map(Value::from),
    ]
}

/// One edit of a body's text.
#[derive(Debug, Clone)]
enum Edit {
    /// Repeat member `member` of object `object` (indices taken modulo),
    /// at `at` among the members, with `value`, or with its own value.
    Duplicate {
        object: prop::sample::Index,
        member: prop::sample::Index,
        at: prop::sample::Index,
        value: Option<Value>,
    },
    /// Add a member nested `depth` arrays deep to object `object`.
    Deep {
        object: prop::sample::Index,
        depth: usize,
    },
    /// Replace member `member` of object `object` with `value`.
    Set {
        object: prop::sample::Index,
        member: prop::sample::Index,
        value: Value,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), prop::option::of(replacement()))
            .prop_map(|(object, member, at, value)| Edit::Duplicate { object, member, at, value }),
        2 => (any::<prop::sample::Index>(), prop_oneof![0usize..16, 16usize..64, 64usize..70])
            .prop_map(|(object, depth)| Edit::Deep { object, depth }),
        2 => (any::<prop::sample::Index>(), any::<prop::sample::Index>(), replacement())
            .prop_map(|(object, member, value)| Edit::Set { object, member, value }),
    ]
}

fn apply(body: &mut Json, edit: &Edit) {
    let count = body.objects();
    let (Edit::Duplicate { object, .. } | Edit::Deep { object, .. } | Edit::Set { object, .. }) =
        edit;
    let Some(members) = body.object(&mut object.index(count)) else {
        return;
    };
    match edit {
        Edit::Duplicate {
            member, at, value, ..
        } => {
            if members.is_empty() {
                return;
            }
            let (key, own) = members[member.index(members.len())].clone();
            let value = value.as_ref().map_or(own, Json::from_value);
            let at = at.index(members.len() + 1);
            members.insert(at, (key, value));
        }
        Edit::Deep { depth, .. } => {
            let mut deep = Json::Leaf(Value::from(1));
            for _ in 0..*depth {
                deep = Json::Array(vec![deep]);
            }
            members.push(("zz_unchecked_deep".to_string(), deep));
        }
        Edit::Set { member, value, .. } => {
            if members.is_empty() {
                return;
            }
            let i = member.index(members.len());
            members[i].1 = Json::from_value(value);
        }
    }
}

fn has_duplicates(j: &Json) -> bool {
    match j {
        Json::Leaf(_) => false,
        Json::Array(items) => items.iter().any(has_duplicates),
        Json::Object(members) => {
            let mut keys = std::collections::HashSet::new();
            members.iter().any(|(k, _)| !keys.insert(k.as_str()))
                || members.iter().any(|(_, v)| has_duplicates(v))
        }
    }
}

fn cli(args: &[&str], stdin: &str) -> std::process::Output {
    Command::cargo_bin("kyc-preflight")
        .unwrap()
        .args(args)
        .args(["--today", "2026-01-01", "-"])
        .write_stdin(stdin.as_bytes().to_vec())
        .output()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn every_entry_point_gives_the_same_report(
        base in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..5),
    ) {
        let bases = bases();
        let (id, body) = &bases[base.index(bases.len())];
        let mut json = Json::from_value(body);
        for e in &edits {
            apply(&mut json, e);
        }
        let mut text = String::new();
        json.write(&mut text);

        let rules = Catalog::embedded().get(id).unwrap();
        let options = CheckOptions::new(common::today());
        let bytes = rules.check_bytes(text.as_bytes(), None, &options);
        let str_ = rules.check_str(&text, None, &options);
        let as_json = |r: &kyc_preflight::Report| serde_json::to_string(r).unwrap();
        match (&bytes, &str_) {
            (Ok(a), Ok(b)) => prop_assert_eq!(as_json(a), as_json(b)),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            _ => prop_assert!(false, "check_bytes and check_str disagree on {text}"),
        }
        let expected = match &bytes {
            Ok(report) => as_json(report),
            Err(e) => as_json(&rules.input_report(e)),
        };

        // The library on a `serde_json::Value`, which can hold the body
        // only when no key repeats.
        if let (Ok(_), false) = (&bytes, has_duplicates(&json)) {
            let value: Value = serde_json::from_str(&text).unwrap();
            let report = rules.check(&Request::new(&value), &options);
            prop_assert_eq!(as_json(&report), expected.clone(), "check(&Value) on {}", text);
        }

        // The CLI: `check --format json` prints the report (exit 0 or 1),
        // or refuses the body (exit 2); `batch` prints the same report,
        // or the input report of the same error.
        let out = cli(&["check", "--rules", id, "--format", "json"], &text);
        match &bytes {
            Ok(_) => {
                prop_assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out);
                prop_assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{expected}\n"));
            }
            Err(e) => {
                prop_assert_eq!(out.status.code(), Some(2));
                let stderr = String::from_utf8(out.stderr).unwrap();
                prop_assert!(stderr.contains(&e.to_string()), "{}", stderr);
            }
        }
        let out = cli(&["batch", "--rules", id], &format!("{text}\n"));
        prop_assert_eq!(String::from_utf8(out.stdout).unwrap(), format!("{expected}\n"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// One `Scratch` for a run of bodies, as a batch worker keeps it:
    /// each report is the one a fresh `check_bytes` gives, whatever came
    /// before it (a body that is refused half-way through its parse, one
    /// nested past the one-pass parser, one of several megabytes, reports
    /// given back with `Scratch::reclaim` and reports kept).
    #[test]
    fn a_scratch_kept_from_body_to_body_changes_no_report(
        run in prop::collection::vec(
            (any::<prop::sample::Index>(), prop::collection::vec(edit(), 0..4), 0u8..8),
            1..8,
        ),
    ) {
        let bases = bases();
        let options = CheckOptions::new(common::today());
        let mut scratch = Scratch::new();
        for (base, edits, odd) in &run {
            let (id, body) = &bases[base.index(bases.len())];
            let mut json = Json::from_value(body);
            for e in edits {
                apply(&mut json, e);
            }
            let mut text = String::new();
            json.write(&mut text);
            let rest = &text[1..]; // after the opening brace
            let bytes = match odd {
                0 => text.as_bytes()[..text.len() / 2].to_vec(),
                1 => format!("{{\"deep\": {}1{}, {rest}", "[".repeat(40), "]".repeat(40)).into_bytes(),
                2 => format!("{{\"pad\": \"{}\", {rest}", "a\\n".repeat(1 << 20)).into_bytes(),
                _ => text.clone().into_bytes(),
            };
            let rules = Catalog::embedded().get(id).unwrap();
            let fresh = rules.check_bytes(&bytes, None, &options);
            let kept = rules.check_bytes_in(&bytes, None, &options, &mut scratch);
            prop_assert_eq!(&kept, &fresh, "{}", String::from_utf8_lossy(&bytes[..bytes.len().min(200)]));
            // The same text as a `&str` (not validated again), through the
            // same scratch.
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let as_text = rules.check_str_in(text, None, &options, &mut scratch);
                prop_assert_eq!(&as_text, &fresh, "check_str_in");
            }
            // Every other report is given back, as `batch` gives them all.
            if let (Ok(report), true) = (kept, odd % 2 == 1) {
                scratch.reclaim(report);
            }
        }
    }
}

/// The cases the issue names: a repeated checked member fails the request
/// gate through every entry point, whether or not an unrelated member nests
/// past the one-pass parser's depth, and however many members come before.
#[test]
fn a_repeated_email_fails_the_request_gate_everywhere() {
    let rules = Catalog::embedded().get("passport/create-customer").unwrap();
    let options = CheckOptions::new(common::today());
    let deep = format!("{}1{}", "[".repeat(17), "]".repeat(17));
    let padding: String = (0..70).map(|i| format!("\"x{i}\": 0, ")).collect();
    for text in [
        r#"{"email": "not-an-email", "email": "ana@example.com"}"#.to_string(),
        format!(r#"{{"email": "not-an-email", "email": "ana@example.com", "deep": {deep}}}"#),
        format!(r#"{{{padding}"email": "not-an-email", "email": "ana@example.com"}}"#),
        format!(r#"{{"deep": {deep}, {padding}"email": "ana@example.com", "email": "x"}}"#),
    ] {
        let report = rules.check_str(&text, None, &options).unwrap();
        assert_eq!(report.gate("request"), Some(false), "{text}");
        let dups: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.code == "duplicate_key")
            .collect();
        assert_eq!(dups.len(), 1, "{text}");
        assert_eq!(dups[0].path, "/email");
        let out = cli(
            &[
                "check",
                "--rules",
                "passport/create-customer",
                "--format",
                "json",
            ],
            &text,
        );
        assert_eq!(out.status.code(), Some(1));
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, serde_json::to_value(&report).unwrap());
        let out = cli(&["batch", "--rules", "passport/create-customer"], &text);
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, serde_json::to_value(&report).unwrap());
    }
}

/// A member repeated in an object deeper than the one-pass parser goes (16
/// levels) is seen as at the top: the deep path parses into the same model.
#[test]
fn duplicates_below_sixteen_levels_are_seen() {
    let options = CheckOptions::new(common::today());
    for depth in [1usize, 15, 16, 17, 40, 63] {
        let path = "/a".repeat(depth);
        let rules = one_string_at(&path);
        let text = format!(
            "{}{{\"v\": \"x\", \"v\": \"y\"}}{}",
            "{\"a\": ".repeat(depth),
            "}".repeat(depth)
        );
        let report = rules.check_str(&text, None, &options).unwrap();
        let codes: Vec<&str> = report.findings.iter().map(|f| &*f.code).collect();
        assert_eq!(codes, ["duplicate_key"], "{depth} deep");
        assert_eq!(report.findings[0].path, format!("{path}/v"));
    }
}

/// A rule set requiring one string, at `path/v`.
fn one_string_at(path: &str) -> kyc_preflight::RuleSet {
    kyc_preflight::RuleSet::from_toml(
        "deep.toml",
        &format!(
            "id = \"test/deep\"\nsource = \"a test\"\n[[gate]]\nname = \"request\"\n\
             [[field]]\npath = \"{path}/v\"\ntype = \"string\"\nrequired = \"request\"\n"
        ),
    )
    .unwrap()
}
