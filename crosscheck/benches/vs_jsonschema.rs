//! Side by side, one thread, on the same generated Kira corpus: kyc-preflight
//! (parse + check, through `RuleSet::check_str`, the one public way in for
//! text; the arena model it checks is private) against jsonschema-rs
//! `iter_errors` with the JSON Schema of the Kira request rules the issue's
//! figures were measured with (`crosscheck/benches/data/kira-user.schema.json`,
//! formats on), and against parsing alone (serde_json to `Value`, sonic-rs
//! to `Value`).
//!
//! `cargo bench -p kyc-preflight-crosscheck --bench vs_jsonschema` (see BENCHMARKS.md). Throughput is in
//! payloads ("elements"); each iteration goes over the whole corpus.
//!
//! With `KYC_BENCH_SHARED_CORPUS=DIR`, the first 2,000 lines of
//! `DIR/corpus-mixed.jsonl` and `DIR/corpus-valid.jsonl` (written by
//! the reference generator the jsonschema figures were measured
//! on, which is not part of this repository) are benchmarked too, as `shared-mixed` and
//! `shared-valid`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kyc_preflight::{Catalog, CheckOptions};

use kyc_preflight_testkit::corpus;

/// Payloads per corpus: enough to mix countries, shapes and defects.
const PAYLOADS: usize = 2_000;

fn lines(kind: &str) -> Vec<String> {
    let mut generator = corpus::Generator::new(42);
    (0..PAYLOADS)
        .map(|_| {
            let value = match kind {
                "valid" => generator.valid(),
                _ => generator.mixed().0,
            };
            serde_json::to_string(&value).unwrap()
        })
        .collect()
}

fn schema() -> jsonschema::Validator {
    let text = include_str!("data/kira-user.schema.json");
    let schema: serde_json::Value = serde_json::from_str(text).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let validator = schema();
    let mut corpora: Vec<(String, Vec<String>)> = ["mixed", "valid"]
        .into_iter()
        .map(|kind| (format!("corpus-{kind}"), lines(kind)))
        .collect();
    if let Ok(dir) = std::env::var("KYC_BENCH_SHARED_CORPUS") {
        for kind in ["mixed", "valid"] {
            let path = std::path::Path::new(&dir).join(format!("corpus-{kind}.jsonl"));
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let lines = text.lines().take(PAYLOADS).map(str::to_string).collect();
            corpora.push((format!("shared-{kind}"), lines));
        }
    }
    for (name, corpus) in corpora {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(corpus.len() as u64));
        group.bench_function("kyc-preflight/parse+check", |b| {
            b.iter(|| {
                for line in &corpus {
                    black_box(rules.check_str(black_box(line), None, &options).unwrap());
                }
            })
        });
        group.bench_function("jsonschema/parse+iter_errors", |b| {
            b.iter(|| {
                for line in &corpus {
                    let value: serde_json::Value = serde_json::from_str(black_box(line)).unwrap();
                    black_box(validator.iter_errors(&value).count());
                }
            })
        });
        group.bench_function("parse/serde_json", |b| {
            b.iter(|| {
                for line in &corpus {
                    black_box(serde_json::from_str::<serde_json::Value>(black_box(line)).unwrap());
                }
            })
        });
        group.bench_function("parse/sonic-rs", |b| {
            b.iter(|| {
                for line in &corpus {
                    black_box(sonic_rs::from_str::<sonic_rs::Value>(black_box(line)).unwrap());
                }
            })
        });
        group.finish();
    }

    // One payload carrying an ~8 MB base64 document.
    let big = serde_json::to_string(&corpus::Generator::new(7).bigdoc()).unwrap();
    let mut group = c.benchmark_group("bigdoc");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function("kyc-preflight/parse+check", |b| {
        b.iter(|| black_box(rules.check_str(black_box(&big), None, &options).unwrap()))
    });
    group.bench_function("jsonschema/parse+iter_errors", |b| {
        b.iter(|| {
            let value: serde_json::Value = serde_json::from_str(black_box(&big)).unwrap();
            black_box(validator.iter_errors(&value).count())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
