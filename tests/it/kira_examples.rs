//! The four example requests of the Kira document (Kira User Management), made real in
//! `examples/kira/`, give the gates docs/sources.md predicts, with exactly these
//! findings (pointer, code, gate, severity).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight::{Catalog, CheckOptions, Report, Request, Severity};

fn check(name: &str) -> (Report<'static>, serde_json::Value) {
    let body = common::read_json(&common::repo(&format!("examples/kira/{name}.json")));
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let report = rules.check(&Request::new(&body), &CheckOptions::new(common::today()));
    common::assert_pointers_resolve(&report, &body);
    (report, body)
}

fn findings<'a>(report: &'a Report<'_>) -> Vec<(&'a str, &'a str, &'a str, &'a str)> {
    report
        .findings
        .iter()
        .map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            (f.path.as_str(), &*f.code, &*f.gate, severity)
        })
        .collect()
}

fn gates<'a>(report: &'a Report<'_>) -> Vec<(&'a str, bool)> {
    report
        .gates
        .0
        .iter()
        .map(|g| (&*g.name, g.passed))
        .collect()
}

fn rule_of<'r>(report: &'r Report, path: &str, code: &str) -> Vec<&'r str> {
    report
        .findings
        .iter()
        .filter(|f| f.path == path && f.code == code)
        .map(|f| &*f.rule)
        .collect()
}

/// docs/sources.md: "The USA individual example carries no source_of_wealth
/// entry, so it is not eligible for usa-virtual-accounts." Otherwise complete.
#[test]
fn individual_usa_is_verified_but_not_usa_virtual_accounts_eligible() {
    let (report, _) = check("individual-usa");
    assert_eq!(report.variant.as_deref(), Some("individual/usa"));
    assert_eq!(
        gates(&report),
        [
            ("request", true),
            ("verification", true),
            ("product:usa-virtual-accounts", false),
            ("product:act", true)
        ]
    );
    assert_eq!(
        findings(&report),
        [(
            "/identifying_information",
            "contains",
            "product:usa-virtual-accounts",
            "error"
        )]
    );
    assert_eq!(
        rule_of(&report, "/identifying_information", "contains"),
        ["kira/create-user#source-of-wealth"]
    );
}

/// docs/sources.md: the Mexico individual sends curp/rfc entries and no tax_id,
/// and no expected_monthly_payments: read literally, no automatic
/// verification; the report says exactly what is missing. The seed's CURP
/// fails its RENAPO check digit; its RFC's homoclave `XXX` is a warning; its
/// phone `+52 1 …` uses the mobile prefix Mexico retired in 2019.
#[test]
fn individual_mexico_lacks_tax_id_and_expected_monthly_payments() {
    let (report, _) = check("individual-mexico");
    assert_eq!(report.variant.as_deref(), Some("individual/international"));
    assert_eq!(
        gates(&report),
        [
            ("request", true),
            ("verification", false),
            ("product:usa-virtual-accounts", false),
            ("product:act", false)
        ]
    );
    assert_eq!(
        findings(&report),
        [
            (
                "/phone",
                "format.e164.not_in_numbering_plan",
                "request",
                "warning"
            ),
            (
                "/identifying_information",
                "contains",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "product:usa-virtual-accounts",
                "error"
            ),
            (
                "/identifying_information/0/number",
                "format.curp.check_digit",
                "verification",
                "error"
            ),
            (
                "/identifying_information/1/number",
                "format.rfc.check_digit",
                "verification",
                "warning"
            ),
            (
                "/expected_monthly_payments",
                "required",
                "verification",
                "error"
            ),
            ("/additional_info", "required", "product:act", "error"),
            ("/immigration_status", "required", "product:act", "error"),
        ]
    );
    assert_eq!(
        rule_of(&report, "/identifying_information", "contains"),
        [
            "kira/create-user#tax-id-entry",
            "kira/create-user#source-of-wealth"
        ]
    );
}

/// docs/sources.md: a business whose entries are all number-less documents lacks
/// the numbered entry even with a top-level ein. The seed's representative
/// SSN 987-65-4321 (area 9xx) is never issued; the example also carries no
/// file_proof_of_address.
#[test]
fn business_usa_has_invalid_ssns_and_misses_documents() {
    let (report, _) = check("business-usa");
    assert_eq!(report.variant.as_deref(), Some("business/usa"));
    assert_eq!(
        gates(&report),
        [
            ("request", true),
            ("verification", false),
            ("product:usa-virtual-accounts", false),
            ("product:act", false)
        ]
    );
    assert_eq!(
        findings(&report),
        [
            (
                "/representative_ssn",
                "format.ssn.area",
                "verification",
                "error"
            ),
            (
                "/associated_persons/0/ssn",
                "format.ssn.area",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "product:usa-virtual-accounts",
                "error"
            ),
        ]
    );
    assert_eq!(
        rule_of(&report, "/identifying_information", "contains"),
        [
            "kira/create-user#proof-of-address",
            "kira/create-user#business-document-number",
            "kira/create-user#source-of-wealth"
        ]
    );
}

/// docs/sources.md: the Mexico business sends a top-level rfc and no tax_id, and
/// only number-less entries.
#[test]
fn business_mexico_lacks_tax_id_and_numbered_entry() {
    let (report, _) = check("business-mexico");
    assert_eq!(report.variant.as_deref(), Some("business/international"));
    assert_eq!(
        gates(&report),
        [
            ("request", true),
            ("verification", false),
            ("product:usa-virtual-accounts", false),
            ("product:act", false)
        ]
    );
    assert_eq!(
        findings(&report),
        [
            (
                "/phone",
                "format.e164.not_in_numbering_plan",
                "verification",
                "warning"
            ),
            ("/rfc", "format.rfc.check_digit", "verification", "warning"),
            (
                "/identifying_information",
                "contains",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "verification",
                "error"
            ),
            (
                "/identifying_information",
                "contains",
                "product:usa-virtual-accounts",
                "error"
            ),
            ("/additional_info", "required", "product:act", "error"),
        ]
    );
    assert_eq!(
        rule_of(&report, "/identifying_information", "contains"),
        [
            "kira/create-user#tax-id-entry",
            "kira/create-user#business-document-number",
            "kira/create-user#source-of-wealth"
        ]
    );
}

/// The typical-mistakes example: each mistake at its pointer, at its gate.
#[test]
fn typical_mistakes_are_all_reported_at_once() {
    let (report, _) = check("individual-usa-mistakes");
    assert_eq!(
        findings(&report),
        [
            ("/phone", "format.e164", "request", "error"),
            ("/birth_date", "format.date", "request", "error"),
            ("/nationality", "format.iso3166-alpha3", "request", "error"),
            ("/gender", "enum", "request", "error"),
            (
                "/identifying_information",
                "contains",
                "product:usa-virtual-accounts",
                "error"
            ),
            (
                "/identifying_information/0/number",
                "format.ssn.area",
                "verification",
                "error"
            ),
            (
                "/identifying_information/1/documents",
                "contains",
                "verification",
                "error"
            ),
        ]
    );
    // A request failure fails every gate.
    assert!(report.gates.0.iter().all(|g| !g.passed));
}

/// No message echoes the value of a sensitive field the examples carry.
#[test]
fn messages_never_echo_identifiers() {
    for name in [
        "individual-usa",
        "individual-mexico",
        "business-usa",
        "business-mexico",
        "individual-usa-mistakes",
    ] {
        let (report, _) = check(name);
        let json = serde_json::to_string(&report).unwrap();
        for secret in [
            "987-65-4321",
            "000-12-3456",
            "GARM880520MDFRRL09",
            "GARM880520XXX",
            "TAV150601XXX",
            "1990-01-15",
            "/9j/",
        ] {
            assert!(!json.contains(secret), "{name}: report contains {secret}");
        }
    }
}

/// With the seed's own headers, the header rules pass; with none given,
/// header rules do not run and the report says so.
#[test]
fn seed_headers_pass_and_missing_headers_are_not_guessed() {
    let body = common::read_json(&common::repo("examples/kira/individual-usa.json"));
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let options = CheckOptions::new(common::today());
    let alone = rules.check(&Request::new(&body), &options);
    assert!(!alone.headers_checked);
    let with = rules.check(
        &Request::new(&body).with_headers([
            ("Authorization", "Bearer YOUR_ACCESS_TOKEN"),
            ("x-api-key", "YOUR_API_KEY"),
            ("Content-Type", "application/json"),
            ("idempotency-key", "550e8400-e29b-41d4-a716-446655440001"),
        ]),
        &options,
    );
    assert!(with.headers_checked);
    assert_eq!(alone.findings, with.findings);
    let missing = rules.check(
        &Request::new(&body).with_headers([("x-api-key", "k")]),
        &options,
    );
    let header_errors: Vec<_> = missing
        .findings
        .iter()
        .filter(|f| f.location == kyc_preflight::Location::Header)
        .map(|f| (f.path.as_str(), &*f.code, &*f.gate))
        .collect();
    assert_eq!(
        header_errors,
        [
            ("authorization", "required", "request"),
            ("content-type", "required", "request"),
            ("idempotency-key", "required", "request")
        ]
    );
}
