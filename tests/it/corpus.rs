//! The benchmark corpus generator (`testkit/src/corpus.rs`) pinned
//! against the `kira/create-user` rules: its valid payloads pass every
//! gate, each labelled defect produces its finding, and a seed determines
//! the output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight_testkit::corpus;

use std::collections::BTreeMap;

use corpus::{DefectKind, Generator};
use kyc_preflight::{Catalog, CheckOptions, Report, Request, RuleSet, Severity};
use serde_json::Value;

const PAYLOADS: usize = 300;

fn rules() -> &'static RuleSet {
    Catalog::embedded().get("kira/create-user").unwrap()
}

fn check(body: &Value) -> Report<'static> {
    let report = rules().check(&Request::new(body), &CheckOptions::new(common::today()));
    common::assert_pointers_resolve(&report, body);
    report
}

fn describe(report: &Report) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "\n    {:?} {} {} {} ({})",
                f.severity, f.path, f.code, f.gate, f.rule
            )
        })
        .collect()
}

#[test]
fn the_corpus_day_is_the_fixtures_day() {
    assert_eq!(corpus::REF_DATE, common::today());
}

#[test]
fn valid_payloads_pass_every_gate_without_a_finding() {
    let mut generator = Generator::new(1);
    let mut failures = Vec::new();
    for i in 0..PAYLOADS {
        let body = generator.valid();
        let report = check(&body);
        let gates: Vec<&str> = rules().gates().collect();
        let failed: Vec<&str> = gates
            .iter()
            .copied()
            .filter(|g| report.gate(g) != Some(true))
            .collect();
        if !report.findings.is_empty() || !failed.is_empty() {
            failures.push(format!(
                "payload {i} ({} {}), failed gates {failed:?}:{}",
                body["type"],
                body["address_country"],
                describe(&report)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {PAYLOADS} valid payloads have findings:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_labelled_defect_is_reported_where_and_how_the_label_says() {
    let mut generator = Generator::new(2);
    let mut failures = Vec::new();
    let mut kinds: BTreeMap<DefectKind, usize> = BTreeMap::new();
    let mut defective = 0;
    for i in 0..PAYLOADS {
        let (body, defects) = generator.mixed();
        let report = check(&body);
        if defects.is_empty() {
            if report.errors().next().is_some() {
                failures.push(format!(
                    "payload {i} has no defect but errors:{}",
                    describe(&report)
                ));
            }
            continue;
        }
        defective += 1;
        assert!(defects.len() <= 5, "payload {i}: {} defects", defects.len());
        for d in &defects {
            *kinds.entry(d.kind).or_default() += 1;
            assert!(
                !d.expect.is_empty(),
                "payload {i}: {} expects nothing",
                d.label
            );
            for e in &d.expect {
                let found = report.findings.iter().any(|f| {
                    f.severity == Severity::Error
                        && f.path == e.pointer
                        && f.code == e.code
                        && f.gate == e.gate
                        && e.rule.is_none_or(|r| f.rule == r)
                });
                if !found {
                    failures.push(format!(
                        "payload {i}: {} at {} expects {} {} {:?}; labels {:?}; got:{}",
                        d.label,
                        d.pointer,
                        e.code,
                        e.gate,
                        e.rule,
                        defects.iter().map(|d| &d.label).collect::<Vec<_>>(),
                        describe(&report)
                    ));
                }
            }
        }
        // No two defects change the same value (entries removed from one
        // array share its pointer, but break different rules).
        let mut touched: Vec<(&str, Option<&str>)> = defects
            .iter()
            .map(|d| (d.pointer.as_str(), d.expect[0].rule))
            .collect();
        touched.sort_unstable();
        let before = touched.len();
        touched.dedup();
        assert_eq!(
            before,
            touched.len(),
            "payload {i}: two defects, one value: {:?}",
            defects
                .iter()
                .map(|d| (&d.label, &d.pointer))
                .collect::<Vec<_>>()
        );
    }
    assert!(
        failures.is_empty(),
        "{} labels not reported:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // About half the payloads carry defects, and every kind occurs.
    assert!(
        (PAYLOADS * 2 / 5..=PAYLOADS * 3 / 5).contains(&defective),
        "{defective} of {PAYLOADS} payloads have defects"
    );
    for (kind, _) in DefectKind::ALL {
        assert!(
            kinds.contains_key(&kind),
            "no {} defect in {kinds:?}",
            kind.name()
        );
    }
}

fn lines(seed: u64, n: usize) -> Vec<String> {
    let mut generator = Generator::new(seed);
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(serde_json::to_string(&generator.valid()).unwrap());
        let (body, defects) = generator.mixed();
        let labels: Vec<Value> = defects.iter().map(|d| d.to_json()).collect();
        out.push(serde_json::to_string(&body).unwrap());
        out.push(serde_json::to_string(&labels).unwrap());
    }
    out.push(serde_json::to_string(&generator.bigdoc_sized(4_000)).unwrap());
    out
}

#[test]
fn a_seed_determines_the_output() {
    let a = lines(42, 40);
    assert_eq!(a, lines(42, 40), "same seed, different output");
    let b = lines(43, 40);
    assert_ne!(a.first(), b.first(), "different seeds, same first payload");
    let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    // Only empty label lists may coincide.
    assert!(same < a.len() / 3, "{same} of {} lines equal", a.len());
}

#[test]
fn payloads_are_about_3_kb_and_spread_like_the_python_corpus() {
    let mut generator = Generator::new(3);
    let mut sizes = Vec::new();
    let mut businesses = 0;
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for _ in 0..PAYLOADS {
        let body = generator.valid();
        sizes.push(serde_json::to_string(&body).unwrap().len());
        businesses += usize::from(body["type"] == "business");
        *countries
            .entry(body["address_country"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let mean = sizes.iter().sum::<usize>() / sizes.len();
    assert!((2_600..=3_400).contains(&mean), "mean size {mean} B");
    assert!(*sizes.iter().min().unwrap() > 1_200, "{sizes:?}");
    assert!(*sizes.iter().max().unwrap() < 12_000, "{sizes:?}");
    let share = businesses as f64 / PAYLOADS as f64;
    assert!((0.27..=0.43).contains(&share), "business share {share}");
    for (country, weight) in corpus::COUNTRIES {
        let got = countries.get(country).copied().unwrap_or(0) as f64 / PAYLOADS as f64;
        let want = f64::from(weight) / 100.0;
        assert!(
            (got - want).abs() < 0.08,
            "{country}: {got:.2} of payloads, weight {want:.2}"
        );
    }
}

#[test]
fn big_document_payloads_pass_every_gate() {
    let mut generator = Generator::new(4);
    for variant in 0..4 {
        let body = generator.bigdoc_sized(300_000);
        let text = serde_json::to_string(&body).unwrap();
        assert!(
            (290_000..330_000).contains(&text.len()),
            "variant {variant}: {} B",
            text.len()
        );
        let report = check(&body);
        assert!(
            report.findings.is_empty(),
            "variant {variant}:{}",
            describe(&report)
        );
    }
}

#[test]
fn a_full_size_big_document_is_about_8_mb_and_passes() {
    let body = Generator::new(5).bigdoc();
    let text = serde_json::to_string(&body).unwrap();
    let size = text.len();
    assert!(
        (7_700_000..8_300_000).contains(&size),
        "{size} B, expected about {} B",
        corpus::BIGDOC_BASE64_BYTES
    );
    let report = check(&body);
    assert!(report.findings.is_empty(), "{}", describe(&report));
}
