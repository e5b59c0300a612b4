//! Fixture-driven tests: `tests/fixtures/<provider>/<endpoint>/{valid,invalid}/*.json`,
//! discovered automatically. The rule set id is `<provider>/<endpoint>`.
//!
//! - `valid/*.json` is a request body that passes every gate with no finding.
//! - `invalid/*.json` is `{"description", "source", "base", "patch", "headers"?,
//!   "today"?, "findings", "gates"?}`: the body is `valid/<base>` with the RFC 6902
//!   `patch` applied, and `findings` lists exactly the findings it must produce
//!   (`path`, `code`, `gate`, and `severity`/`in` when not `error`/`body`), in
//!   report order. Every fixture names the documented rule it pins in `source`;
//!   `"variant"`, when given, is the variant the payload must select.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use kyc_preflight::{Catalog, CheckOptions, Request};
use serde_json::Value;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| x == "json"));
    out.sort();
    out
}

fn endpoints() -> Vec<(String, std::path::PathBuf)> {
    let root = common::repo("tests/fixtures");
    let mut out = Vec::new();
    for provider in files_dirs(&root) {
        for endpoint in files_dirs(&provider) {
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

fn files_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn describe(findings: &[Value]) -> String {
    findings.iter().map(|f| format!("\n      {f}")).collect()
}

#[test]
fn every_fixture_produces_exactly_its_findings() {
    let mut failures = Vec::new();
    let mut counted = 0;
    for (id, dir) in endpoints() {
        let rules = Catalog::embedded()
            .get(&id)
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        for path in files(&dir.join("valid")) {
            counted += 1;
            let body = common::read_json(&path);
            let report = rules.check(&Request::new(&body), &CheckOptions::new(common::today()));
            common::assert_pointers_resolve(&report, &body);
            if !report.findings.is_empty() {
                let got: Vec<Value> = report
                    .findings
                    .iter()
                    .map(|f| serde_json::to_value(f).unwrap())
                    .collect();
                failures.push(format!(
                    "{}: a valid fixture has findings:{}",
                    path.display(),
                    describe(&got)
                ));
            }
        }
        for path in files(&dir.join("invalid")) {
            counted += 1;
            let spec = common::read_json(&path);
            let name = path.display().to_string();
            assert!(
                spec["description"].is_string(),
                "{name}: needs a description"
            );
            assert!(
                spec["source"].is_string(),
                "{name}: needs the source of the rule it pins"
            );
            let base = spec["base"]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: needs a base"));
            let mut body = common::read_json(&dir.join("valid").join(base));
            let patch: json_patch::Patch = serde_json::from_value(spec["patch"].clone())
                .unwrap_or_else(|e| panic!("{name}: bad patch: {e}"));
            json_patch::patch(&mut body, &patch)
                .unwrap_or_else(|e| panic!("{name}: patch does not apply: {e}"));
            let today = spec["today"]
                .as_str()
                .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
                .unwrap_or_else(common::today);
            let mut request = Request::new(&body);
            if let Some(headers) = spec["headers"].as_object() {
                request = request.with_headers(
                    headers
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string())),
                );
            }
            let report = rules.check(&request, &CheckOptions::new(today));
            common::assert_pointers_resolve(&report, &body);
            let got: Vec<Value> = report
                .findings
                .iter()
                .map(|f| {
                    let mut v = serde_json::json!({"path": f.path, "code": f.code, "gate": f.gate});
                    if f.severity != kyc_preflight::Severity::Error {
                        v["severity"] = serde_json::to_value(f.severity).unwrap();
                    }
                    if f.location != kyc_preflight::Location::Body {
                        v["in"] = serde_json::to_value(f.location).unwrap();
                    }
                    v
                })
                .collect();
            let want = spec["findings"].as_array().cloned().unwrap_or_default();
            if got != want {
                failures.push(format!(
                    "{name} ({}):\n    want:{}\n    got:{}",
                    spec["description"].as_str().unwrap_or(""),
                    describe(&want),
                    describe(&got)
                ));
            }
            if let Some(variant) = spec.get("variant")
                && report.variant.as_deref() != variant.as_str()
            {
                failures.push(format!(
                    "{name}: variant {:?}, want {variant}",
                    report.variant
                ));
            }
            if let Some(gates) = spec["gates"].as_object() {
                let actual: BTreeMap<&str, bool> = report
                    .gates
                    .0
                    .iter()
                    .map(|g| (&*g.name, g.passed))
                    .collect();
                for (gate, want) in gates {
                    if actual.get(gate.as_str()).copied() != want.as_bool() {
                        failures.push(format!("{name}: gate {gate} should be {want}"));
                    }
                }
            }
        }
    }
    assert!(counted > 0, "no fixture found");
    assert!(
        failures.is_empty(),
        "{} of {counted} fixtures failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
