//! Properties over whole rule sets:
//! - deleting any field of a passing payload either changes nothing at that
//!   pointer, or yields exactly one `required` error there (plus, for an
//!   array, the findings of the collection rules about that array: a missing
//!   array still says what it must contain), and never fails a gate declared
//!   before the required gate;
//! - arbitrary JSON, and payloads with arbitrary subtrees swapped in, never
//!   panic, and every finding's pointer resolves (or its parent does);
//! - two runs give the same bytes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight::{Catalog, CheckOptions, Report, Request};
use proptest::prelude::*;
use serde_json::Value;

fn valid_bases() -> Vec<(String, String, Value)> {
    let root = common::repo("tests/fixtures");
    let mut out = Vec::new();
    for provider in std::fs::read_dir(&root).unwrap().filter_map(|e| e.ok()) {
        for endpoint in std::fs::read_dir(provider.path())
            .unwrap()
            .filter_map(|e| e.ok())
        {
            let id = format!(
                "{}/{}",
                provider.file_name().to_str().unwrap(),
                endpoint.file_name().to_str().unwrap()
            );
            let Ok(valid) = std::fs::read_dir(endpoint.path().join("valid")) else {
                continue;
            };
            for file in valid.filter_map(|e| e.ok()) {
                let body = common::read_json(&file.path());
                out.push((
                    id.clone(),
                    file.file_name().to_string_lossy().into_owned(),
                    body,
                ));
            }
        }
    }
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// Every member pointer of `value`, depth first.
fn member_pointers(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                member_pointers(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                member_pointers(v, &format!("{prefix}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn remove(body: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    body.pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .shift_remove(&key);
}

fn check(id: &str, body: &Value) -> Report<'static> {
    let rules = Catalog::embedded().get(id).unwrap();
    rules.check(&Request::new(body), &CheckOptions::new(common::today()))
}

#[test]
fn deleting_a_required_field_yields_exactly_one_required_finding_there() {
    let mut required_seen = 0;
    for (id, name, base) in valid_bases() {
        let rules = Catalog::embedded().get(&id).unwrap();
        let gate_names: Vec<String> = rules.gates().map(String::from).collect();
        let before = check(&id, &base);
        assert!(
            before.findings.is_empty(),
            "{id} {name}: the base must pass"
        );
        let mut pointers = Vec::new();
        member_pointers(&base, "", &mut pointers);
        for pointer in pointers {
            let mut body = base.clone();
            remove(&mut body, &pointer);
            let after = check(&id, &body);
            common::assert_pointers_resolve(&after, &body);
            let here: Vec<_> = after
                .findings
                .iter()
                .filter(|f| f.path == pointer)
                .collect();
            if here.is_empty() {
                continue;
            }
            let required: Vec<_> = here.iter().filter(|f| f.code == "required").collect();
            assert_eq!(required.len(), 1, "{id} {name} without {pointer}: {here:?}");
            for other in here.iter().filter(|f| f.code != "required") {
                assert!(
                    ["contains", "sum"].contains(&&*other.code),
                    "{id} {name} without {pointer}: unexpected {other:?}"
                );
            }
            let f = required[0];
            required_seen += 1;
            // Gates before the required one (which it cannot depend on:
            // gates depend only on gates declared before them) still pass.
            let required_gate = gate_names.iter().position(|g| *g == f.gate).unwrap();
            for (i, g) in after.gates.0.iter().enumerate() {
                if i < required_gate {
                    assert!(
                        g.passed,
                        "{id} {name} without {pointer}: gate {} below {} failed",
                        g.name, f.gate
                    );
                }
            }
        }
    }
    assert!(
        required_seen > 100,
        "only {required_seen} required fields found: the property is not exercised"
    );
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "individual",
            "business",
            "USA",
            "MEX",
            "BRA",
            "COL",
            "ssn",
            "tax_id",
            "passport",
            "front",
            "Yes",
            "No",
            "data:image/jpeg;base64,/9j/4AAQ",
            "+12025551234",
            "1990-01-15",
            "123-45-6789",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop::sample::select(vec![
                        "type",
                        "address_country",
                        "identifying_information",
                        "documents",
                        "number",
                        "issuing_country",
                        "file",
                        "associated_persons",
                        "additional_info",
                        "phone",
                        "birth_date",
                        "ownership_percentage",
                        "has_denied_bank_account",
                        "x",
                    ]),
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(
                kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(body in arb_json()) {
        for id in Catalog::embedded().ids() {
            let report = check(id, &body);
            common::assert_pointers_resolve(&report, &body);
        }
    }

    #[test]
    fn swapping_any_subtree_never_panics(index in any::<prop::sample::Index>(), replacement in arb_json()) {
        for (id, _, base) in valid_bases() {
            let mut pointers = Vec::new();
            member_pointers(&base, "", &mut pointers);
            let pointer = index.get(&pointers);
            let mut body = base.clone();
            *body.pointer_mut(pointer).unwrap() = replacement.clone();
            let report = check(&id, &body);
            common::assert_pointers_resolve(&report, &body);
        }
    }

    #[test]
    fn two_runs_print_the_same_bytes(body in arb_json()) {
        for id in Catalog::embedded().ids() {
            let a = serde_json::to_string(&check(id, &body)).unwrap();
            let b = serde_json::to_string(&check(id, &body)).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}
