//! Privacy by default: plant a distinct, invalid value in every sensitive
//! field (and header) of every rule set, in every valid fixture, and assert
//! that no output (JSON report, human report, provider body) contains any of
//! them, while the planted values do produce findings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight::report::{human, provider};
use kyc_preflight::{Catalog, CheckOptions, Request};
use serde_json::Value;

/// Every concrete pointer matching a rule path (`*` = every existing item)
/// whose parent exists.
fn expand(body: &Value, path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let mut next = Vec::new();
        for prefix in &out {
            let Some(here) = body.pointer(prefix) else {
                continue;
            };
            if *seg == "*" {
                for n in 0..here.as_array().map_or(0, Vec::len) {
                    next.push(format!("{prefix}/{n}"));
                }
            } else if (last || here.get(seg).is_some()) && here.is_object() {
                next.push(format!("{prefix}/{seg}"));
            }
        }
        out = next;
    }
    out
}

fn set(body: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match body.pointer_mut(parent).unwrap() {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => {}
    }
}

#[test]
fn no_output_contains_a_sensitive_value() {
    let root = common::repo("tests/fixtures");
    let mut planted_total = 0;
    for id in Catalog::embedded().ids() {
        let rules = Catalog::embedded().get(id).unwrap();
        let valid = root.join(id).join("valid");
        for file in std::fs::read_dir(&valid).unwrap().filter_map(|e| e.ok()) {
            let mut body = common::read_json(&file.path());
            let mut secrets = Vec::new();
            let mut headers = Vec::new();
            for rule in rules.rules().filter(|r| r.sensitive) {
                if rule.kind == "header" {
                    let secret = format!("Zq{}Secret!9", secrets.len());
                    headers.push((rule.path.to_string(), secret.clone()));
                    secrets.push(secret);
                    continue;
                }
                for pointer in expand(&body, rule.path) {
                    // Invalid for every format, distinct, and long enough to
                    // never appear by chance.
                    let secret = format!("Zq{}-Secret!9", secrets.len());
                    set(&mut body, &pointer, Value::String(secret.clone()));
                    secrets.push(secret);
                }
            }
            planted_total += secrets.len();
            let request = Request::new(&body).with_headers(headers.clone());
            let report = rules.check(&request, &CheckOptions::new(common::today()));
            assert!(
                !report.findings.is_empty(),
                "{id} {}: planted values raise findings",
                file.path().display()
            );
            let text = serde_json::to_string_pretty(&body).unwrap();
            let mut outputs = vec![
                serde_json::to_string(&report).unwrap(),
                human::render(&report, "payload.json", Some(&text)),
            ];
            if let Some(style) = rules.error_body()
                && let Some(answer) = provider::render(&report, style)
            {
                outputs.push(answer.to_string());
            }
            for output in &outputs {
                for secret in &secrets {
                    assert!(
                        !output.contains(secret.as_str()),
                        "{id}: output contains planted value {secret}:\n{output}"
                    );
                }
            }
        }
    }
    assert!(planted_total > 50, "only {planted_total} values planted");
}
