//! `severity = "warning"` on a field or collection rule: each of its
//! findings is a warning, so it never fails a gate, while the same check
//! in an error rule does. The word that lets a rule file say "domain
//! knowledge, not the document" (docs/design.md, "Which gate a rule blocks").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use kyc_preflight::{CheckOptions, Request, RuleSet, Severity};
use serde_json::json;

const RULES: &str = r#"
id = "test/severity"
source = "a test"

[[gate]]
name = "request"

[[gate]]
name = "verification"
depends = ["request"]

[[field]]
path = "/rfc"
type = "string"
required = "verification"

[[field]]
id = "rfc/length"
path = "/rfc"
type = "string"
min_length = 12
max_length = 12
severity = "warning"
source = "domain knowledge"

[[field]]
id = "birth_date/age"
path = "/birth_date"
min_age = 18
severity = "warning"
source = "domain knowledge"

[[field]]
path = "/people"
type = "array"

[[collection]]
id = "people-signer"
path = "/people"
gate = "verification"
some = { path = "is_signer", equals = true }
severity = "warning"
message = "no associated person is a signer"
source = "domain knowledge"
"#;

fn options() -> CheckOptions {
    CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
}

#[test]
fn a_warning_rule_reports_warnings_and_passes_every_gate() {
    let rules = RuleSet::from_toml("severity.toml", RULES).unwrap();
    let body = json!({"rfc": "ABC", "birth_date": "2015-01-01", "people": [{"is_signer": false}]});
    let report = rules.check(&Request::new(&body), &options());
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.path.as_str(), &*f.code, f.severity, &*f.rule))
        .collect();
    assert_eq!(
        got,
        [
            (
                "/rfc",
                "length",
                Severity::Warning,
                "test/severity#rfc/length"
            ),
            (
                "/birth_date",
                "age",
                Severity::Warning,
                "test/severity#birth_date/age"
            ),
            (
                "/people",
                "contains",
                Severity::Warning,
                "test/severity#people-signer"
            ),
        ]
    );
    assert_eq!(report.gate("request"), Some(true));
    assert_eq!(report.gate("verification"), Some(true));
}

#[test]
fn the_same_rules_as_errors_fail_their_gates() {
    let errors = RULES.replace("severity = \"warning\"\n", "");
    let rules = RuleSet::from_toml("severity.toml", &errors).unwrap();
    let body = json!({"rfc": "ABC", "birth_date": "2015-01-01", "people": [{"is_signer": false}]});
    let report = rules.check(&Request::new(&body), &options());
    assert_eq!(report.findings.len(), 3);
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Error));
    assert_eq!(report.gate("request"), Some(false), "length blocks request");
    assert_eq!(report.gate("verification"), Some(false));
}

#[test]
fn an_unknown_severity_is_a_rule_file_error_with_a_suggestion() {
    let bad = RULES.replacen("severity = \"warning\"", "severity = \"warn\"", 1);
    let err = RuleSet::from_toml("severity.toml", &bad).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("unknown severity `warn`"), "{text}");
    assert!(text.contains("warning"), "{text}");
}

#[test]
fn explain_and_schema_read_a_warning_rule_as_optional() {
    let rules = RuleSet::from_toml("severity.toml", RULES).unwrap();
    let explained = rules.explain(None).unwrap();
    let entries = &explained.variants[0].fields;
    let length = entries
        .iter()
        .find(|e| e.rule == "test/severity#rfc/length")
        .unwrap();
    assert_eq!(length.gate, "optional");
    assert_eq!(length.constraints[0], kyc_preflight::explain::WARNING_ONLY);
    let schema = rules.json_schema(None).unwrap();
    let rfc = &schema["properties"]["rfc"];
    assert!(rfc.get("minLength").is_none(), "{rfc}");
    assert!(
        rfc["description"]
            .as_str()
            .unwrap()
            .contains("Warning only"),
        "{rfc}"
    );
}
