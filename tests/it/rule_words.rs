//! The rule-language words real providers need (issue 21), each pinned on
//! a small rule file: what `check` reports, and what `explain` and the JSON
//! Schema export say of it.
//!
//! - `matches` in a condition: "required when first_name has any
//!   non-Latin-1 character" (Alpaca's `local_*_name` fields);
//! - `not_in` / `not_in_set` and `not_pattern` on a field: "unavailable to
//!   users in CAF, EGY, KWT, TUN", "not a PO Box".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::NaiveDate;
use kyc_preflight::{CheckOptions, Request, RuleSet};
use serde_json::{json, Value};

/// The rule file (shared with crosscheck/tests/schema_parts.rs, which has
/// jsonschema check the JSON Schema export of the same words).
const RULES: &str = include_str!("../data/rule-words.toml");

fn codes(body: Value) -> Vec<(String, String)> {
    let rules = RuleSet::from_toml("words.toml", RULES).unwrap();
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let report = rules.check(&Request::new(&body), &options);
    report
        .findings
        .iter()
        .map(|f| (f.path.clone(), f.code.to_string()))
        .collect()
}

#[test]
fn matches_makes_a_requirement_conditional_on_a_regex() {
    assert_eq!(codes(json!({"first_name": "Jürgen"})), [], "ü is Latin-1");
    assert_eq!(
        codes(json!({"first_name": "Łukasz"})),
        [("/local_first_name".to_string(), "required".to_string())]
    );
    assert_eq!(
        codes(json!({"first_name": "李", "local_first_name": "李"})),
        []
    );
    // Not a string: the condition does not hold.
    assert_eq!(codes(json!({"first_name": 7})).len(), 1, "type only");
}

#[test]
fn not_in_and_not_pattern_exclude_values() {
    let got = codes(json!({
        "country_of_tax_residence": "EGY",
        "country": "PRK",
        "street_address": "P.O. Box 42"
    }));
    assert_eq!(
        got,
        [
            (
                "/country_of_tax_residence".to_string(),
                "not_in".to_string()
            ),
            ("/country".to_string(), "not_in".to_string()),
            ("/street_address".to_string(), "not_pattern".to_string()),
        ]
    );
    assert_eq!(
        codes(
            json!({"country_of_tax_residence": "USA", "country": "MEX", "street_address": "20 Box Hill Rd"})
        ),
        []
    );
    let rules = RuleSet::from_toml("words.toml", RULES).unwrap();
    let body = json!({"street_address": "PO BOX 1", "country": "PRK"});
    let report = rules.check(&Request::new(&body), &CheckOptions::default());
    let messages: Vec<&str> = report.findings.iter().map(|f| &*f.message).collect();
    assert!(
        messages.contains(&"country must not be \"PRK\""),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"street_address must not be a PO Box"),
        "{messages:?}"
    );
}

#[test]
fn explain_and_schema_state_the_words() {
    let rules = RuleSet::from_toml("words.toml", RULES).unwrap();
    let e = rules.explain(None).unwrap();
    let entry = |path: &str| {
        e.variants[0]
            .fields
            .iter()
            .find(|f| f.path == path)
            .unwrap()
            .clone()
    };
    let local = entry("/local_first_name");
    assert_eq!(local.gate, "request");
    assert_eq!(
        local.when.as_deref(),
        Some("/first_name matches [^\\x00-\\xFF]")
    );
    assert!(entry("/street_address").constraints[0].contains("(not a PO Box)"));
    assert!(entry("/country_of_tax_residence").constraints[0].starts_with("not sanctioned"));

    // The JSON Schema export of the words: crosscheck/tests/schema_parts.rs.
}

#[test]
fn a_bad_regex_in_a_word_is_a_positioned_rule_file_error() {
    for (word, bad) in [
        ("matches = '[^\\x00-\\xFF]'", "matches = '(unclosed'"),
        (
            "not_pattern = '(?i)\\bp\\.?\\s*o\\.?\\s*box\\b'",
            "not_pattern = '(unclosed'",
        ),
    ] {
        let text = RULES.replace(word, bad);
        assert_ne!(text, RULES, "{word}");
        let err = RuleSet::from_toml("words.toml", &text).unwrap_err();
        assert_eq!(err.problems.len(), 1, "{err}");
        assert!(err.to_string().contains("regex"), "{err}");
    }
}

/// `one_of_required`: "at least one of" several members, reported once at
/// the object with every name (Alpaca's trusted contact: an e-mail, a
/// phone or a street address).
#[test]
fn one_of_required_is_one_finding_at_the_parent_naming_each_member() {
    let text = include_str!("../data/rule-one-of.toml");
    let rules = RuleSet::from_toml("one-of.toml", text).unwrap();
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let body = json!({"trusted_contact": {"given_name": "Ana"}});
    let report = rules.check(&Request::new(&body), &options);
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (&*f.path, &*f.code, &*f.message))
        .collect();
    assert_eq!(
        got,
        [(
            "/trusted_contact",
            "one_of_required",
            "trusted_contact needs at least one of email_address, phone_number or street_address"
        )]
    );
    for member in ["email_address", "phone_number", "street_address"] {
        let body = json!({"trusted_contact": {member: "x"}});
        assert!(
            rules
                .check(&Request::new(&body), &options)
                .findings
                .is_empty(),
            "{member}"
        );
    }
    let e = rules.explain(None).unwrap();
    assert_eq!(
        e.variants[0].fields[0].constraints,
        ["at least one of email_address, phone_number or street_address"]
    );
    // The JSON Schema export (an anyOf of required): checked by jsonschema
    // in crosscheck/tests/schema_parts.rs.
    let one = text.replace(
        r#"["email_address", "phone_number", "street_address"]"#,
        r#"["email_address"]"#,
    );
    assert!(RuleSet::from_toml("one-of.toml", &one).is_err());
}

/// A document as plain base64 with its media type in a sibling member
/// (Alpaca's `content` + `mime_type`), and a media type alias (`image/jpg`,
/// which providers' own samples send, for `image/jpeg`): the same media
/// type, size and content checks as a data URI.
#[test]
fn plain_base64_with_a_sibling_media_type_and_aliases() {
    let text = r#"
id = "test/documents"
source = "a test"

[[gate]]
name = "request"

[[gate]]
name = "verification"
depends = ["request"]

[[field]]
path = "/documents/*/content"
type = "string"
file = { media_types = ["image/jpeg", "image/png", "application/pdf"], max_bytes = 1000, media_type_path = "mime_type", media_type_aliases = { "image/jpg" = "image/jpeg" } }

[[field]]
id = "uri"
path = "/front"
type = "string"
file = { media_types = ["image/jpeg"], media_type_aliases = { "image/jpg" = "image/jpeg" } }
"#;
    let rules = RuleSet::from_toml("documents.toml", text).unwrap();
    let png = "iVBORw0KGgoAAAANSUhEUg==";
    let jpeg = "/9j/4AAQSkZJRgABAQ==";
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let run = |body: Value| -> Vec<(String, String, String)> {
        rules
            .check(&Request::new(&body), &options)
            .findings
            .iter()
            .map(|f| (f.path.clone(), f.code.to_string(), f.gate.to_string()))
            .collect()
    };
    let doc = |content: &str, mime: Option<&str>| {
        let mut d = json!({"content": content});
        if let Some(m) = mime {
            d["mime_type"] = json!(m);
        }
        json!({"documents": [d]})
    };
    assert_eq!(run(doc(png, Some("image/png"))), []);
    assert_eq!(run(doc(jpeg, Some("image/jpg"))), [], "an alias");
    let at = "/documents/0/content".to_string();
    assert_eq!(
        run(doc(png, Some("image/gif"))),
        [(
            at.clone(),
            "file.media_type".to_string(),
            "request".to_string()
        )]
    );
    assert_eq!(
        run(doc(jpeg, Some("image/png"))),
        [(
            at.clone(),
            "file.content_mismatch".to_string(),
            "verification".to_string()
        )]
    );
    assert_eq!(
        run(doc("data:image/png;base64,iVBO", Some("image/png"))),
        [(at.clone(), "file.base64".to_string(), "request".to_string())]
    );
    assert_eq!(
        run(doc(png, None)),
        [],
        "no media type: its own rule's finding"
    );
    let big = "A".repeat(2000);
    assert_eq!(run(doc(&big, Some("image/png")))[0].1, "file.too_large");
    assert_eq!(
        run(json!({"front": format!("data:image/jpg;base64,{jpeg}")})),
        []
    );
    let e = rules.explain(None).unwrap();
    let content = e.variants[0]
        .fields
        .iter()
        .find(|f| f.path == "/documents/*/content")
        .unwrap();
    assert!(
        content.constraints[0].starts_with(
            "plain base64 of image/jpeg, image/png, application/pdf, its media type in mime_type"
        ),
        "{:?}",
        content.constraints
    );
    let bad = text.replace(
        "\"image/jpg\" = \"image/jpeg\" } }\n\n[[field]]\nid",
        "\"image/jpg\" = \"image/gif\" } }\n\n[[field]]\nid",
    );
    assert_ne!(bad, text);
    assert!(RuleSet::from_toml("documents.toml", &bad).is_err());
}

/// `[tables]` and `allowed_by`: a value allowed only in combination with
/// another (the identification types a country issues).
#[test]
fn allowed_by_looks_the_value_up_per_the_other_members_value() {
    let text = r#"
id = "test/tables"
source = "a test"

[[gate]]
name = "request"

[tables]
id_types = { USA = ["ssn", "itin", "passport"], MEX = ["curp", "rfc", "passport"] }

[[field]]
path = "/ids/*/type"
type = "string"
allowed_by = { path = "issuing_country", table = "id_types" }
"#;
    let rules = RuleSet::from_toml("tables.toml", text).unwrap();
    let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let body = json!({"ids": [
        {"type": "ssn", "issuing_country": "USA"},
        {"type": "ssn", "issuing_country": "MEX"},
        {"type": "nuip", "issuing_country": "COL"},
        {"type": "curp"}
    ]});
    let report = rules.check(&Request::new(&body), &options);
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (&*f.path, &*f.code, &*f.message))
        .collect();
    assert_eq!(
        got,
        [(
            "/ids/1/type",
            "allowed_by",
            "ids[].type is not one allowed with issuing_country \"MEX\": \"curp\", \"rfc\" or \"passport\""
        )]
    );
    let e = rules.explain(None).unwrap();
    assert_eq!(
        e.variants[0].fields[0].constraints,
        ["one the table id_types allows for issuing_country"]
    );
    let bad = text.replace("table = \"id_types\"", "table = \"id_type\"");
    let err = RuleSet::from_toml("tables.toml", &bad).unwrap_err();
    assert!(err.to_string().contains("unknown table `id_type`"), "{err}");
    assert!(err.to_string().contains("id_types"), "{err}");
}
