//! The bodies of the fuzz targets, one function each, so the fuzzers and
//! the bounded CI tests run exactly the same code.

use std::path::Path;

use kyc_preflight::input::Limits;
use kyc_preflight::CheckOptions;
use serde_json::Value;

use super::generate::{self, Source};
use super::invariants::{self, embedded};

/// `check_bytes`: arbitrary bytes as a request body.
pub fn check_bytes(data: &[u8]) {
    invariants::check_bytes(data);
}

/// `check_json`: a real payload, mutated (see [`generate::json_case`]), checked
/// against its rule set (and sometimes another), with a header set.
pub fn check_json(src: &mut impl Source, root: &Path) {
    let corpus = generate::corpus(root);
    let case = generate::json_case(src, corpus);
    run_json_case(&case);
}

/// Check one generated case: through its JSON text and `parse_body` when
/// that accepts it, else (too deep, not an object) as the value itself.
pub fn run_json_case(case: &generate::JsonCase) {
    let text = if case.pretty {
        serde_json::to_string_pretty(&case.body).unwrap()
    } else {
        serde_json::to_string(&case.body).unwrap()
    };
    if let Ok(path) = std::env::var("KYC_FUZZ_DUMP") {
        // Reproduce a case as a plain body (tests/regression/check_bytes/).
        let _ = std::fs::write(path, &text);
    }
    let depth = invariants::depth(&case.body);
    let parsed = kyc_preflight::input::parse_body(text.as_bytes(), &Default::default());
    let accepted = parsed.is_ok();
    let (body, text) = match parsed {
        Ok(body) => {
            assert!(depth <= 64, "parse_body accepted a body {depth} deep");
            (body, Some(text.as_str()))
        }
        Err(e) => {
            invariants::assert_input_error(text.as_bytes(), &e);
            assert!(
                depth > 64 || !case.body.is_object(),
                "parse_body refused a generated object {depth} deep: {e}"
            );
            // The library checks any value it is handed; `text` is only
            // positions, kept when serde_json reads it back the same.
            let same = serde_json::from_str::<Value>(&text).ok() == Some(case.body.clone());
            (case.body.clone(), same.then_some(text.as_str()))
        }
    };
    // A tiny `max_items` comes with a findings limit as tiny, so that the
    // `limit.findings` error is reached too.
    let limits = Limits {
        max_items: case.max_items,
        max_findings: if case.max_items < 8 {
            case.max_items + 1
        } else {
            Limits::default().max_findings
        },
        ..Limits::default()
    };
    let options = CheckOptions::new(invariants::today()).with_limits(limits);
    for &i in &case.rule_sets {
        let (rules, meta) = &embedded()[i];
        let report =
            invariants::check_request(rules, meta, &body, text, case.headers.as_deref(), &options);
        // The sonic-rs path agrees (a generated value has no repeated key).
        if let Some(text) = text.filter(|_| accepted) {
            let fast = rules
                .check_str(text, case.headers.as_deref(), &options)
                .expect("parse_body accepted it");
            let (a, b) = (format!("{report:?}"), format!("{fast:?}"));
            assert!(
                a == b,
                "{}: serde_json and sonic-rs reports differ:\n{a}\n{b}",
                meta.id
            );
        }
    }
    if let (Some(&i), true) = (case.rule_sets.first(), case.plant) {
        let (rules, meta) = &embedded()[i];
        invariants::check_private(rules, meta, &body, case.rule_sets.len() + depth);
    }
}

/// `rule_file`: arbitrary text as a rule file.
pub fn rule_file(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    invariants::check_rule_text(&text, &[]);
}

/// `rule_file_mutate`: a real rule file, mutated (see [`generate::rule_text`]);
/// a compiled one also checks a payload of its provider.
pub fn rule_file_mutate(src: &mut impl Source, root: &Path) {
    let corpus = generate::corpus(root);
    let (text, id) = generate::rule_text(src, corpus);
    if let Ok(path) = std::env::var("KYC_FUZZ_DUMP") {
        // Reproduce a case as a plain rule file (tests/regression/rule_file/).
        let _ = std::fs::write(path, &text);
    }
    let base: Option<&Value> = id.and_then(|id| {
        let bases: Vec<&Value> = corpus
            .bases
            .iter()
            .filter(|b| b.rule_set == id)
            .map(|b| &b.body)
            .collect();
        src.pick(&bases).copied()
    });
    invariants::check_rule_text(&text, base.as_slice());
}
