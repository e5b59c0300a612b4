//! Kira documents: "Supported file formats: JPEG, PNG, PDF (max 10MB)"
//! (Kira User Management § Document Object). "10MB" reads two ways, so the
//! rule set is safe both ways: over 10 MiB (10,485,760 decoded bytes) is an
//! error; between 10,000,000 and 10,485,760 bytes, over the decimal reading
//! only, a warning that names both. The files are built in memory so the
//! repository stays small.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use base64::Engine as _;
use kyc_preflight::{Catalog, CheckOptions, Request};
use serde_json::Value;

const MAX: usize = 10 * 1024 * 1024;

/// A JPEG-looking file of exactly `size` decoded bytes, as a data URI.
fn jpeg_of(size: usize) -> String {
    let mut bytes = vec![0u8; size];
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    format!(
        "data:image/jpeg;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    )
}

fn report_with_front(file: String) -> kyc_preflight::Report<'static> {
    let mut body = common::read_json(&common::repo(
        "tests/fixtures/kira/create-user/valid/individual-usa.json",
    ));
    let front = &mut body["identifying_information"][1]["documents"][0];
    assert_eq!(front["type"], "front");
    front["file"] = Value::String(file);
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    rules
        .check(&Request::new(&body), &CheckOptions::new(common::today()))
        .into_owned()
}

fn check_with_front(file: String) -> Vec<(String, String, String)> {
    common::errors(&report_with_front(file))
}

/// "max 10MB": 10,000,000 bytes on the decimal reading, 10,485,760 on the
/// binary one. Between them, a warning that names both; at 10,000,000 and
/// below, nothing.
#[test]
fn between_the_two_readings_of_10mb_is_a_warning_naming_both() {
    for size in [10_000_001, MAX] {
        let report = report_with_front(jpeg_of(size));
        let got: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.path.as_str(), &*f.code, &*f.gate, f.severity))
            .collect();
        assert_eq!(
            got,
            [(
                "/identifying_information/1/documents/0/file",
                "file.size_ambiguous",
                "request",
                kyc_preflight::Severity::Warning
            )],
            "{size}"
        );
        let message = &report.findings[0].message;
        assert!(message.contains("10 MiB (10,485,760 bytes)"), "{message}");
        assert!(message.contains("10 MB (10,000,000 bytes)"), "{message}");
        assert_eq!(report.gate("request"), Some(true));
    }
    assert!(report_with_front(jpeg_of(10_000_000)).findings.is_empty());
}

#[test]
fn ten_mib_is_accepted_and_one_byte_more_is_a_request_error() {
    assert_eq!(check_with_front(jpeg_of(MAX)), []);
    assert_eq!(
        check_with_front(jpeg_of(MAX + 1)),
        [(
            "/identifying_information/1/documents/0/file".to_string(),
            "file.too_large".to_string(),
            "request".to_string()
        )]
    );
}

/// A 16 MB document is found over the limit without decoding it.
#[test]
fn a_16_mb_document_is_over_the_limit() {
    let errors = check_with_front(jpeg_of(16 * 1024 * 1024));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].1, "file.too_large");
}

/// Declared media types compare case-insensitively (RFC 2045 §5.1).
#[test]
fn media_type_case_does_not_matter() {
    let file = jpeg_of(64).replacen("image/jpeg", "IMAGE/JPEG", 1);
    assert_eq!(check_with_front(file), []);
}
