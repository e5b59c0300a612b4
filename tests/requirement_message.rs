//! `message = "..."` on a `require` or `forbid` entry: the finding's whole
//! message, where the one built from the label, the gate's phrase and the
//! hint would say the wrong thing (a warning that a field is expected,
//! which no document requires; a body that matches two `oneOf` shapes).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight::{Catalog, CheckOptions, Request, RuleSet, Severity};
use serde_json::json;

const RULES: &str = r#"
id = "test/message"
source = "a test"

[[gate]]
name = "request"
phrase = "by the API"

[[field]]
path = "/kind"
type = "string"
require = [{ gate = "request", message = "kind is not sent: it decides which rules apply" }]
severity = "warning"
source = "domain knowledge"

[[field]]
path = "/name"
type = "string"
required = "request"
hint = "a string"

[[field]]
path = "/parent"
forbid = [{ gate = "request", when = { path = "/owner", present = true }, message = "parent with owner matches two shapes" }]

[[field]]
path = "/other"
forbid = [{ gate = "request" }]
"#;

fn messages(rules: &RuleSet, body: &serde_json::Value) -> Vec<(String, String, Severity)> {
    rules
        .check(&Request::new(body), &CheckOptions::default())
        .findings
        .iter()
        .map(|f| (f.path.to_string(), f.message.to_string(), f.severity))
        .collect()
}

#[test]
fn a_requirement_message_replaces_the_built_one_and_the_others_keep_theirs() {
    let rules = RuleSet::from_toml("message.toml", RULES).unwrap();
    let body = json!({"parent": "p", "owner": "u", "other": 1});
    assert_eq!(
        messages(&rules, &body),
        // Present values in document order, then the missing ones.
        [
            (
                "/parent".to_string(),
                "parent with owner matches two shapes".to_string(),
                Severity::Error
            ),
            (
                "/other".to_string(),
                "other must not be sent here: remove it".to_string(),
                Severity::Error
            ),
            (
                "/kind".to_string(),
                "kind is not sent: it decides which rules apply".to_string(),
                Severity::Warning
            ),
            (
                "/name".to_string(),
                "name is required by the API (a string)".to_string(),
                Severity::Error
            ),
        ]
    );
    // The forbid entry's own condition still decides whether it applies.
    let alone = json!({"kind": "k", "name": "n", "parent": "p"});
    assert!(messages(&rules, &alone).is_empty());
}

#[test]
fn an_unknown_key_beside_message_is_still_a_rule_file_error() {
    let bad = RULES.replacen("message = \"kind", "mesage = \"kind", 1);
    let err = RuleSet::from_toml("message.toml", &bad).unwrap_err();
    assert!(err.to_string().contains("mesage"), "{err}");
}

/// UnDosTres, "Create account (Personal or Business)": the account type
/// follows gender. Neither page says gender is required, so its absence is
/// a warning saying what it decides, and no account type's rules run.
#[test]
fn undostres_without_gender_warns_what_it_decides_and_passes() {
    let rules = Catalog::embedded()
        .get("undostres/create-parent-balance")
        .unwrap();
    // A 12-character rfc and a middle_name: right for one account type,
    // wrong for the other, so neither is reported without a gender.
    let body = json!({
        "first_name": "Juan", "middle_name": "Carlos", "last_name": "Pérez",
        "rfc": "CAN120814QW4",
        "composite_balance": {"parent": {"credit_line": 10000000}}
    });
    let report = rules.check(&Request::new(&body), &CheckOptions::default());
    assert_eq!(report.variant.as_deref(), None);
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    let f = &report.findings[0];
    assert_eq!(
        (f.path.as_str(), &*f.code, f.severity),
        ("/gender", "required", Severity::Warning)
    );
    assert!(
        f.message.contains(
            "it decides the account type (1 or 2 a personal account, 3 a business account)"
        ) && f
            .message
            .contains("the documents do not say it is required")
            && !f.message.contains("gender is required"),
        "{}",
        f.message
    );
    assert!(f.source.starts_with("domain knowledge: "), "{}", f.source);
    assert_eq!(report.gate("request"), Some(true));
    assert_eq!(report.gate("verification"), Some(true));
}

/// Immersve, Create Account: the body is a `oneOf` with no
/// `additionalProperties: false`.
#[test]
fn immersve_warns_on_a_custodial_partner_id_and_rejects_a_body_matching_two_shapes() {
    let rules = Catalog::embedded().get("immersve/create-account").unwrap();
    let custodial = json!({"type": "cardholder", "parentAccountId": "a", "partnerAccountId": "b"});
    let report = rules.check(&Request::new(&custodial), &CheckOptions::default());
    assert_eq!(report.variant.as_deref(), Some("cardholder/custodial"));
    assert_eq!(report.gate("request"), Some(true));
    let [f] = &report.findings[..] else {
        panic!("{:?}", report.findings)
    };
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message
            .contains("valid as documented (it matches the custodial shape only)"),
        "{}",
        f.message
    );
    assert!(f.source.starts_with("domain knowledge: "), "{}", f.source);

    let both = json!({"type": "cardholder", "parentAccountId": "a", "partnerAccountId": "b", "ownerUserId": "u"});
    let report = rules.check(&Request::new(&both), &CheckOptions::default());
    assert_eq!(report.variant.as_deref(), Some("cardholder/non-custodial"));
    assert_eq!(report.gate("request"), Some(false));
    let [f] = &report.findings[..] else {
        panic!("{:?}", report.findings)
    };
    assert_eq!(
        (f.path.as_str(), &*f.code, f.severity),
        ("/parentAccountId", "forbidden", Severity::Error)
    );
    assert!(
        f.message.contains("matches both cardholder shapes"),
        "{}",
        f.message
    );
}
