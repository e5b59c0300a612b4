//! The exported JSON Schema (`rules schema`) against every fixture, with the
//! `jsonschema` crate as the arbiter:
//!
//! - every exported schema (each rule set, whole and per variant) is a
//!   valid draft 2020-12 schema;
//! - every valid fixture validates, against the whole schema and against
//!   the schema of the variant `check` selects for it;
//! - every invalid fixture whose findings include a request-gate `type`,
//!   `enum` or `required` finding in the body fails both;
//! - the other way round, every fixture body (valid or invalid) whose request
//!   gate `check` passes validates: the schema never rejects what the API
//!   is documented to accept.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// The repository's files (this crate is `crosscheck/` in it).
mod common {
    use std::path::{Path, PathBuf};

    pub fn repo(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
    }

    pub fn read_json(path: &Path) -> serde_json::Value {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }
}

use std::path::{Path, PathBuf};

use kyc_preflight::{Catalog, CheckOptions, Request, RuleSet};
use serde_json::Value;

/// The request-gate codes JSON Schema states exactly: a missing field, a
/// value of the wrong JSON type, a value outside the allowed list.
const SCHEMA_CODES: [&str; 3] = ["required", "type", "enum"];

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| x == "json"));
    out.sort();
    out
}

fn dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// `(rule set id, fixture directory)` for every endpoint with fixtures.
fn endpoints() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for provider in dirs(&common::repo("tests/fixtures")) {
        for endpoint in dirs(&provider) {
            let id = format!(
                "{}/{}",
                provider.file_name().unwrap().to_str().unwrap(),
                endpoint.file_name().unwrap().to_str().unwrap()
            );
            out.push((id, endpoint));
        }
    }
    out
}

struct Fixture {
    name: String,
    /// From `valid/`.
    valid: bool,
    body: Value,
    /// The fixture's expected findings (none for a valid one).
    findings: Vec<Value>,
}

fn fixtures(dir: &Path) -> Vec<Fixture> {
    let mut out = Vec::new();
    for path in json_files(&dir.join("valid")) {
        out.push(Fixture {
            name: path.display().to_string(),
            valid: true,
            body: common::read_json(&path),
            findings: Vec::new(),
        });
    }
    for path in json_files(&dir.join("invalid")) {
        let spec = common::read_json(&path);
        let mut body = common::read_json(&dir.join("valid").join(spec["base"].as_str().unwrap()));
        let patch: json_patch::Patch = serde_json::from_value(spec["patch"].clone()).unwrap();
        json_patch::patch(&mut body, &patch).unwrap();
        out.push(Fixture {
            name: path.display().to_string(),
            valid: false,
            body,
            findings: spec["findings"].as_array().cloned().unwrap_or_default(),
        });
    }
    out
}

struct Schemas {
    whole: jsonschema::Validator,
    /// Per variant name (a rule set without variants has none here).
    variants: Vec<(String, jsonschema::Validator)>,
}

fn schemas(rules: &RuleSet) -> Schemas {
    let compile = |schema: &Value| {
        assert!(
            jsonschema::meta::is_valid(schema),
            "{}: not a valid draft 2020-12 schema",
            rules.id()
        );
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::validator_for(schema)
            .unwrap_or_else(|e| panic!("{}: the schema does not compile: {e}", rules.id()))
    };
    Schemas {
        whole: compile(&rules.json_schema(None).unwrap()),
        variants: rules
            .variants()
            .map(|v| (v.to_string(), compile(&rules.json_schema(Some(v)).unwrap())))
            .collect(),
    }
}

fn schema_reason(findings: &[Value]) -> Option<&Value> {
    findings.iter().find(|f| {
        f["gate"] == "request"
            && f.get("in").is_none_or(|i| i == "body")
            && f.get("severity").is_none_or(|s| s == "error")
            && SCHEMA_CODES.contains(&f["code"].as_str().unwrap_or(""))
    })
}

#[test]
fn every_fixture_agrees_with_the_exported_schema() {
    let mut failures = Vec::new();
    let (mut valid, mut rejected, mut accepted) = (0, 0, 0);
    for (id, dir) in endpoints() {
        let rules = Catalog::embedded().get(&id).unwrap();
        let schemas = schemas(rules);
        for fx in fixtures(&dir) {
            let report = rules.check(&Request::new(&fx.body), &CheckOptions::new(common::today()));
            let variant_schema = report.variant.as_deref().and_then(|name| {
                schemas
                    .variants
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, s)| s)
            });
            let whole = schemas.whole.is_valid(&fx.body);
            let own = variant_schema.map(|s| s.is_valid(&fx.body));
            if fx.valid {
                valid += 1;
                if !whole || own == Some(false) {
                    failures.push(format!("{}: a valid fixture fails the schema", fx.name));
                }
            }
            if let Some(reason) = schema_reason(&fx.findings) {
                rejected += 1;
                if whole {
                    failures.push(format!(
                        "{}: check fails the request gate ({reason}) but the schema accepts it",
                        fx.name
                    ));
                }
                if own == Some(true) {
                    failures.push(format!(
                        "{}: check fails the request gate ({reason}) but the schema of variant {:?} accepts it",
                        fx.name, report.variant
                    ));
                }
            }
            if report.gate("request") == Some(true) {
                accepted += 1;
                if !whole {
                    let errors: Vec<String> = schemas
                        .whole
                        .iter_errors(&fx.body)
                        .map(|e| format!("{} at {}", e, e.instance_path()))
                        .collect();
                    failures.push(format!(
                        "{}: check passes the request gate but the schema rejects it: {}",
                        fx.name,
                        errors.join("; ")
                    ));
                }
                if own == Some(false) {
                    failures.push(format!(
                        "{}: check passes the request gate but the schema of variant {:?} rejects it",
                        fx.name, report.variant
                    ));
                }
            }
        }
    }
    assert!(valid >= 13, "only {valid} valid fixtures found");
    assert!(
        rejected >= 100,
        "only {rejected} schema-rejected fixtures found"
    );
    assert!(
        accepted >= 200,
        "only {accepted} request-passing fixtures found"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements ({valid} valid, {rejected} type/enum/required, {accepted} request-passing):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A payload of one variant fails the schema of another where `check`
/// would select differently: the variant's selecting condition is part of
/// its schema.
#[test]
fn a_variant_schema_asserts_the_condition_that_selects_it() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let body = common::read_json(&common::repo(
        "tests/fixtures/kira/create-user/valid/business-usa.json",
    ));
    let valid_in = |variant: &str| {
        jsonschema::validator_for(&rules.json_schema(Some(variant)).unwrap())
            .unwrap()
            .is_valid(&body)
    };
    assert!(valid_in("business/usa"));
    assert!(!valid_in("business/international"));
    assert!(!valid_in("individual/usa"));
}

#[test]
fn an_unknown_variant_is_a_typed_error() {
    let rules = Catalog::embedded().get("immersve/create-account").unwrap();
    let err = rules.json_schema(Some("custodial")).unwrap_err();
    assert!(matches!(err, kyc_preflight::Error::UnknownVariant { .. }));
    assert_eq!(
        err.to_string(),
        "rule set `immersve/create-account` has no variant `custodial` (variants: cardholder/non-custodial, cardholder/custodial, partner)"
    );
    // A rule set without variants has one, `default`.
    let passport = Catalog::embedded().get("passport/create-customer").unwrap();
    assert_eq!(
        passport.json_schema(Some("default")).unwrap(),
        passport.json_schema(None).unwrap()
    );
}

/// The description says what JSON Schema cannot express and that `check`
/// does.
#[test]
fn the_description_names_what_only_check_can_do() {
    for id in Catalog::embedded().ids() {
        let schema = Catalog::embedded()
            .get(id)
            .unwrap()
            .json_schema(None)
            .unwrap();
        let d = schema["description"].as_str().unwrap();
        for words in [
            "check digits",
            "magic bytes",
            "age computed from today's date",
            &format!("kyc-preflight check --rules {id}"),
        ] {
            assert!(d.contains(words), "{id}: the description lacks {words:?}");
        }
    }
    let kira = Catalog::embedded()
        .get("kira/create-user")
        .unwrap()
        .json_schema(None)
        .unwrap();
    let d = kira["description"].as_str().unwrap();
    assert!(d.contains(
        "/identifying_information/*/documents/*/file: the file's decoded size (at most 10 MiB (10,485,760 bytes))"
    ));
}

/// Every value a format accepts (valid, or only a warning) matches the
/// schema the export writes for that format, over the project's identifier
/// vectors and samples of the other formats: a pattern of an identifier's
/// shape never rejects a value `check` accepts.
#[test]
fn a_format_schema_accepts_every_value_the_format_accepts() {
    use kyc_preflight::formats::Format;
    let mut values: Vec<String> = ["vectors-identifiers.jsonl", "vectors-tax-ids.jsonl"]
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(common::repo(&format!("tests/data/{f}")))
                .unwrap()
                .lines()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .map(|l| {
            serde_json::from_str::<Value>(&l).unwrap()["value"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    values.extend(
        [
            "jane.doe+kyc@example.com.mx",
            "o'brien@example.ie",
            "a-@b.co",
            "x@a-.com",
            "_@x.yz",
            "2024-02-29",
            "0000-02-29",
            "9999-12-31",
            "550e8400-e29b-41d4-a716-446655440000",
            "550E8400-E29B-71D4-A716-446655440000",
            "00000000-0000-0000-0000-000000000000",
            "data:image/png;base64,iVBORw0KGgo=",
            "DATA:Image/PNG;name=a.png;BASE64,iVBORw0KGgo=",
            "data:application/pdf;base64,JVBERi0xLjQK",
            "data:text/plain;charset=utf-8;base64,aGk=",
        ]
        .map(String::from),
    );
    let mut checked = 0;
    for format in Format::ALL {
        let rules = RuleSet::from_toml(
            "one.toml",
            &format!(
                "id = \"example/one\"\nsource = \"test\"\n[[gate]]\nname = \"request\"\n[[field]]\npath = \"/v\"\ntype = \"string\"\nformat = \"{}\"\n",
                format.name()
            ),
        )
        .unwrap();
        let schema = jsonschema::validator_for(&rules.json_schema(None).unwrap()).unwrap();
        for v in &values {
            let accepted = match format.check(v) {
                Ok(()) => true,
                Err(r) => r.severity == kyc_preflight::Severity::Warning,
            };
            if accepted {
                checked += 1;
                assert!(
                    schema.is_valid(&serde_json::json!({ "v": v })),
                    "{}: the schema rejects {v:?}, which the format accepts",
                    format.name()
                );
            }
        }
    }
    assert!(checked > 400, "only {checked} accepted values");
}
