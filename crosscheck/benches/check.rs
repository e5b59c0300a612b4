//! Check time per example payload: the check alone (parsed once outside the
//! loop), and parse + check from the JSON text.
//!
//! `cargo bench -p kyc-preflight-crosscheck --bench check`
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kyc_preflight::{Catalog, CheckOptions, Request};

const EXAMPLES: [&str; 4] = [
    "individual-usa",
    "individual-mexico",
    "business-usa",
    "business-mexico",
];

fn bench(c: &mut Criterion) {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let mut group = c.benchmark_group("kira/create-user");
    for name in EXAMPLES {
        let path = format!(
            "{}/../examples/kira/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let body: serde_json::Value = serde_json::from_str(&text).unwrap();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("check/{name}"), |b| {
            b.iter(|| rules.check(black_box(&Request::new(&body)), &options))
        });
        group.bench_function(format!("parse+check/{name}"), |b| {
            b.iter(|| {
                let body: serde_json::Value = serde_json::from_str(black_box(&text)).unwrap();
                rules.check(&Request::new(&body), &options)
            })
        });
        group.bench_function(format!("parse/{name}"), |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
