//! Inputs the fuzzers (`fuzz/`) found crashes, hangs or broken invariants
//! with, each run through the same target body and invariants as the fuzz
//! target it belongs to (`testkit/src/fuzz/`). See
//! `tests/regression/README.md` for what each input was.
//!
//! `tests/regression/<target>/<file>`, by target:
//! - `check_bytes`: a request body (any bytes);
//! - `rule_file`: a rule file (any text);
//! - `check_json`, `rule_file_mutate`: libFuzzer inputs of the
//!   structure-aware targets (byte programs for the generators; kept only
//!   while the generators are unchanged: prefer adding the generated body
//!   or rule file to `check_bytes` or `rule_file`, which `KYC_FUZZ_DUMP=path`
//!   writes out when the target runs the input).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight_testkit::fuzz as fuzz_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fuzz_support::generate::ByteSource;
use fuzz_support::{on_big_stack, targets};
use kyc_preflight::report::human;
use kyc_preflight::{Catalog, CheckOptions, Request, RuleSet};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn inputs(target: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("tests/regression").join(target))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_file());
    out.sort();
    out
}

#[test]
fn every_regression_input_passes_its_target() {
    let mut ran = 0;
    for target in ["check_bytes", "check_json", "rule_file", "rule_file_mutate"] {
        for path in inputs(target) {
            let data = std::fs::read(&path).unwrap();
            eprintln!("{target}: {}", path.display());
            on_big_stack(|| match target {
                "check_bytes" => targets::check_bytes(&data),
                "rule_file" => targets::rule_file(&data),
                "check_json" => targets::check_json(&mut ByteSource::new(&data), root()),
                _ => targets::rule_file_mutate(&mut ByteSource::new(&data), root()),
            });
            ran += 1;
        }
    }
    assert!(ran >= 3, "only {ran} regression inputs found");
}

/// A rule path of 25,000 segments overflowed the stack when the compiled
/// rule tree was dropped (`tests/regression/rule_file/deep-rule-path.toml`);
/// it is now refused with a positioned problem.
#[test]
fn a_rule_path_deeper_than_any_payload_is_refused() {
    let text =
        std::fs::read_to_string(root().join("tests/regression/rule_file/deep-rule-path.toml"))
            .unwrap();
    let err = RuleSet::from_toml("deep.toml", &text).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!((err.problems[0].line, err.problems[0].column), (8, 8));
    assert!(err.problems[0].message.contains("at most 128"), "{err}");
}

/// `human::render` located each finding with a scan of the whole text:
/// 40,000 findings in a 600 KB payload took 25 s in release (minutes in
/// a debug build). One pass now.
#[test]
fn the_human_report_of_many_findings_is_not_quadratic() {
    let items: Vec<serde_json::Value> = (0..16_000)
        .map(|_| serde_json::json!({"type": "passport"}))
        .collect();
    let body = serde_json::json!({
        "type": "individual", "email": "a@example.com", "first_name": "A",
        "last_name": "B", "identifying_information": items,
    });
    let text = serde_json::to_string_pretty(&body).unwrap();
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    // Past the default findings limit (5,000) on purpose.
    let limits = kyc_preflight::input::Limits {
        max_findings: usize::MAX,
        ..Default::default()
    };
    let report = rules.check(
        &Request::new(&body),
        &CheckOptions::new(fuzz_support::invariants::today()).with_limits(limits),
    );
    assert!(report.findings.len() > 30_000);
    let start = Instant::now();
    let out = human::render(&report, "big.json", Some(&text));
    let took = start.elapsed();
    assert!(out.contains("big.json:"));
    assert!(
        took < Duration::from_secs(30),
        "human::render took {took:?}"
    );
}

/// Every problem of a rule file was positioned by scanning the text from
/// its start: a 3 MB generated file with tens of thousands of duplicated
/// rules took minutes to be refused. One pass now.
#[test]
fn a_rule_file_with_many_problems_is_refused_quickly() {
    let mut text =
        String::from("id = \"fuzz/dups\"\nsource = \"s\"\n[[gate]]\nname = \"request\"\n");
    for _ in 0..20_000 {
        text.push_str("[[field]]\npath = \"/a\"\ntype = \"string\"\n");
    }
    let start = Instant::now();
    let err = RuleSet::from_toml("dups.toml", &text).unwrap_err();
    let took = start.elapsed();
    assert_eq!(err.problems.len(), 19_999);
    assert_eq!(err.problems[19_998].line, 4 + 3 * 19_999 + 2);
    assert!(took < Duration::from_secs(30), "refusing took {took:?}");
}

/// In debug builds sonic-rs's document builder takes about 50 KB of stack
/// per nesting level, so a body nested 40 deep (the default
/// `Limits::max_depth` is 64) overflowed a 2 MB stack (the default of
/// `std::thread::spawn`, of test threads and of tokio's workers) in
/// `check_bytes`. Found by `tests/it/fuzz_bounded.rs`. Fixed: `check_bytes`
/// hands sonic-rs only bodies nested at most 16 deep and parses deeper ones
/// with serde_json, into the same model (128 levels fit in 2 MB).
#[test]
fn check_bytes_of_a_64_deep_body_fits_a_2mb_thread() {
    let text = format!("{}1{}", "{\"a\":".repeat(63), "}".repeat(63));
    let checked = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let rules = Catalog::embedded().get("kira/create-user").unwrap();
            rules
                .check_bytes(text.as_bytes(), None, &CheckOptions::default())
                .is_ok()
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(checked);
}
