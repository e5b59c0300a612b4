//! Check every line of a JSONL file of Kira payloads, a few times over, in
//! functions a profiler can single out: `profile_parse_and_check`
//! (`RuleSet::check_str`: the parse into the engine's arena model and the
//! check) and `profile_parse_only` (sonic-rs's parse to its own `Value`,
//! for scale). Prints µs per payload for each. The check alone is the
//! engine's `check` function inside the first.
//!
//! ```sh
//! cargo run --release -p kyc-preflight-testkit --bin gen_corpus -- --kind mixed --seed 42 --count 300 /tmp/m300.jsonl
//! cargo build --release --example profile_check
//! # instructions per payload, steady state (the warm-up is not collected):
//! # Collected / 300
//! REPS=1 valgrind --tool=callgrind --toggle-collect='*profile_parse_and_check*' \
//!   target/release/examples/profile_check /tmp/m300.jsonl
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kyc_preflight::{Catalog, CheckOptions, RuleSet};
use sonic_rs::JsonValueTrait;

#[inline(never)]
fn profile_parse_and_check(rules: &RuleSet, lines: &[&str], o: &CheckOptions) -> usize {
    lines
        .iter()
        .map(|l| {
            rules
                .check_str(l, None, o)
                .expect("a JSON object")
                .findings
                .len()
        })
        .sum()
}

#[inline(never)]
fn profile_parse_only(lines: &[&str]) -> usize {
    lines
        .iter()
        .map(|l| {
            usize::from(
                sonic_rs::from_str::<sonic_rs::Value>(l)
                    .expect("JSON")
                    .is_object(),
            )
        })
        .sum()
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: profile_check FILE.jsonl");
    let text = std::fs::read_to_string(path).expect("readable file");
    let lines: Vec<&str> = text.lines().collect();
    let rules = Catalog::embedded()
        .get("kira/create-user")
        .expect("embedded");
    let o = CheckOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"));
    // Warm up outside the profiled functions: regexes and libphonenumber's
    // metadata are built on first use, and are start-up, not steady state.
    for l in &lines {
        rules.check_str(l, None, &o).expect("a JSON object");
    }
    let reps: usize = std::env::var("REPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let per = (reps * lines.len()).max(1) as f64;
    let mut findings = 0;
    let t = std::time::Instant::now();
    for _ in 0..reps {
        findings += profile_parse_and_check(rules, &lines, &o);
    }
    let full = t.elapsed().as_secs_f64() * 1e6 / per;
    let t = std::time::Instant::now();
    for _ in 0..reps {
        findings += profile_parse_only(&lines);
    }
    let parse = t.elapsed().as_secs_f64() * 1e6 / per;
    println!(
        "µs per payload: parse+check {full:.2}, sonic-rs parse {parse:.2} ({findings} findings and objects)"
    );
}
