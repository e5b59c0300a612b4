//! The fuzz targets (`fuzz/`), bounded for CI: the same target bodies and
//! invariants (`testkit/src/fuzz/`) over
//! - the seed inputs the fuzzers start from: every fixture file and Kira
//!   example as a body (`check_bytes`), every rule file (`rule_file`), and
//!   `fuzz/seeds/*` (the structure-aware targets);
//! - a bounded number of proptest cases per target: byte-level edits of
//!   fixture texts (`check_bytes`), random bytes as the generators' input
//!   (`check_json`, `rule_file_mutate`) and edits of rule file texts
//!   (`rule_file`).
//!
//! The inputs that once failed are in `tests/it/regression.rs`. Open-ended
//! fuzzing is `fuzz/run.sh TARGET SECONDS` (see `fuzz/README.md`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight_testkit::fuzz as fuzz_support;

use std::path::{Path, PathBuf};

use fuzz_support::generate::ByteSource;
use fuzz_support::{on_big_stack, targets};
use proptest::prelude::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` (recursively) whose name ends with `ext` (any when empty).
fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn check_bytes_seeds() {
    // The payloads, and one in four of the invalid fixtures' files (JSON
    // patches, not payloads: every one of them costs time and adds little).
    let fixtures = files(&root().join("tests/fixtures"), ".json");
    let (valid, invalid): (Vec<PathBuf>, Vec<PathBuf>) = fixtures
        .into_iter()
        .partition(|p| p.to_string_lossy().contains("/valid/"));
    let mut seeds = valid;
    seeds.extend(files(&root().join("examples/kira"), ".json"));
    seeds.extend(invalid.into_iter().step_by(4));
    assert!(seeds.len() > 100, "{} seeds", seeds.len());
    on_big_stack(|| {
        for path in seeds {
            targets::check_bytes(&std::fs::read(&path).unwrap());
        }
    });
}

#[test]
fn rule_file_seeds() {
    let seeds = files(&root().join("rules"), ".toml");
    assert_eq!(
        seeds.len(),
        kyc_preflight::Catalog::embedded().ids().count()
    );
    on_big_stack(|| {
        for path in &seeds {
            targets::rule_file(&std::fs::read(path).unwrap());
            // `RuleSet::load` is the same compiler behind a file read.
            let loaded = kyc_preflight::RuleSet::load(path).unwrap();
            let id = path
                .strip_prefix(root().join("rules"))
                .unwrap()
                .with_extension("");
            assert_eq!(loaded.id(), id.to_string_lossy());
        }
    });
    let missing = kyc_preflight::RuleSet::load(&root().join("rules/no/such.toml"));
    assert!(matches!(missing, Err(kyc_preflight::Error::Io { .. })));
}

#[test]
fn structure_aware_seeds() {
    on_big_stack(|| {
        for path in files(&root().join("fuzz/seeds/check_json"), "") {
            targets::check_json(&mut ByteSource::new(&std::fs::read(&path).unwrap()), root());
        }
        for path in files(&root().join("fuzz/seeds/rule_file_mutate"), "") {
            let data = std::fs::read(&path).unwrap();
            targets::rule_file_mutate(&mut ByteSource::new(&data), root());
        }
    });
}

/// A fixture's text with byte-level edits: the kind of input `check_bytes`
/// sees from libFuzzer's mutations.
fn edited(texts: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::sample::select(texts),
        prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 0..4),
    )
        .prop_map(|(mut text, edits)| {
            for (at, op, byte) in edits {
                let i = at.index(text.len() + 1);
                match op {
                    0 => text.insert(i, byte),
                    1 if i < text.len() => {
                        text.remove(i);
                    }
                    2 if i < text.len() => text[i] = byte,
                    _ => {
                        // A JSON-significant byte.
                        let b = b"{}[],:\"\\0-e. \n"[usize::from(byte) % 14];
                        text.insert(i, b);
                    }
                }
            }
            text
        })
}

fn valid_texts() -> Vec<Vec<u8>> {
    files(&root().join("tests/fixtures"), ".json")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("/valid/"))
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn rule_texts() -> Vec<Vec<u8>> {
    files(&root().join("rules"), ".toml")
        .into_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect()
}

proptest! {
    // The structure-aware target reaches the deepest rule logic: most cases.
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn check_json_generated(data in prop::collection::vec(any::<u8>(), 0..256)) {
        on_big_stack(|| targets::check_json(&mut ByteSource::bounded(&data), root()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn check_bytes_edited_fixtures(data in edited(valid_texts())) {
        on_big_stack(|| targets::check_bytes(&data));
    }


    #[test]
    fn rule_file_edited(data in edited(rule_texts())) {
        on_big_stack(|| targets::rule_file(&data));
    }

    #[test]
    fn rule_file_generated(data in prop::collection::vec(any::<u8>(), 0..64)) {
        on_big_stack(|| targets::rule_file_mutate(&mut ByteSource::bounded(&data), root()));
    }
}
