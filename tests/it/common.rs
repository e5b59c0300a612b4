//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use kyc_preflight::{Location, Report};
use serde_json::Value;

/// The fixed "today" of every fixture (the bench corpus uses the same day).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(path, code, gate)` of every error finding.
pub fn errors(report: &Report) -> Vec<(String, String, String)> {
    report
        .errors()
        .map(|f| (f.path.clone(), f.code.to_string(), f.gate.to_string()))
        .collect()
}

/// Every body finding's pointer resolves in `body`, or its parent does (a
/// missing field points where it should be).
pub fn assert_pointers_resolve(report: &Report, body: &Value) {
    for f in &report.findings {
        if f.location != Location::Body {
            continue;
        }
        assert!(
            f.path.is_empty() || f.path.starts_with('/'),
            "not a JSON Pointer: {}",
            f.path
        );
        if body.pointer(&f.path).is_some() {
            continue;
        }
        let parent = match f.path.rfind('/') {
            Some(at) => &f.path[..at],
            None => "",
        };
        assert!(
            body.pointer(parent).is_some(),
            "finding {} at {}: neither it nor its parent resolves",
            f.code,
            f.path
        );
    }
}
