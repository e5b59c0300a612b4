//! The exported JSON Schema's own parts, checked by jsonschema: format
//! patterns, hoisted conditions, types of later gates. (Moved out of the
//! library's unit tests so that jsonschema is not a dev-dependency of the
//! main crate.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight::formats::Format;
use kyc_preflight::Severity;
use serde_json::{json, Value};

/// A value the engine accepts for a format, the schema's pattern for it
/// accepts: for every format, a rule set with one field of that format,
/// its exported schema checked by jsonschema against sample values.
#[test]
fn every_pattern_accepts_what_its_format_accepts() {
    let samples = [
        "jane.doe+kyc@example.com.mx",
        "a'b@x.io",
        "a-@b.co",
        "x@a-.com",
        ".a@b.co",
        "a..b@c.de",
        "a.@b.cd",
        "'@b.cd",
        "+12025550173",
        "+10235551234",
        "+1 202",
        "MEX",
        "mex",
        "XKX",
        "MX",
        "2024-02-29",
        "2023-02-29",
        "2023/02/28",
        "550e8400-e29b-41d4-a716-446655440000",
        "550E8400-E29B-71D4-A716-446655440000",
        "550e8400e29b41d4a716446655440000",
        "data:image/png;base64,iVBORw0KGgo=",
        "DATA:image/png;name=x;BASE64,iVBORw0KGgo=",
        "data:image/png,abc",
        "data:image/png;base64,abc",
        "536-90-4399",
        "536904399",
        "666-90-4399",
        "5369-04399",
        "912-70-3456",
        "912703456",
        "812-70-3456",
        "91-1144442",
        "911144442",
        "07-1144442",
        "MAB9307148T4",
        "GODE561231GR8",
        "XAXX010101000",
        "GODE-561231-GR8",
        "ÑAB9307148T4",
        "HEGR891009HMNRRD09",
        "HEGR891009XMNRRD09",
        "39053344705",
        "390.533.447-05",
        "11017153000320",
        "12ABC34501DE35",
        "8001972684",
        "800197268-4",
        "800197268",
        "2026-01-15T09:30:00Z",
        "2026-01-15t09:30:00.123456789+05:30",
        "1998-12-31T15:59:60.123-08:00",
        "2026-01-15 09:30:00Z",
        "192.0.2.1",
        "255.255.255.255",
        "01.2.3.4",
        "2001:db8::1",
        "::",
        "::ffff:192.0.2.1",
        "1:2:3:4:5:6:7::",
        "fe80::1%eth0",
        "urn:isbn:0451450523",
        "a:",
        "HTTPS://user:pw@[2001:db8::1]:8443/p/%20?q=a&b=[c]#f",
        "http://[v7.a:b]/",
        "mailto:jane.doe@example.com",
        "https://example.com/a b",
        "example.com",
        "https://",
        "AB123456C",
        "AB 12 34 56 C",
        "QQ123456C",
        "ABCPE1234F",
        "ABCPE0000F",
        "12.345.678-5",
        "12345678-5",
        "123456785",
        "1.234.567-4",
        "1234567-4",
        "20-12345678-6",
        "20123456786",
    ];
    for format in Format::ALL {
        let rules = kyc_preflight::RuleSet::from_toml(
            "one.toml",
            &format!(
                "id = \"test/one\"\nsource = \"a test\"\n[[gate]]\nname = \"request\"\n\
                 [[field]]\npath = \"/v\"\ntype = \"string\"\nformat = \"{}\"\n",
                format.name()
            ),
        )
        .unwrap();
        let schema = rules.json_schema(None).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for s in samples {
            let accepted = match format.check(s) {
                Ok(()) => true,
                Err(r) => r.severity == Severity::Warning,
            };
            if accepted {
                assert!(
                    validator.is_valid(&json!({ "v": s })),
                    "{}: the schema rejects {s:?}, which check accepts",
                    format.name()
                );
            }
        }
    }
}

fn valid(schema: &Value, body: &Value) -> bool {
    jsonschema::validator_for(schema).unwrap().is_valid(body)
}

#[test]
fn conditions_read_from_the_root_are_hoisted_and_mixed_ones_left_out() {
    let rules = kyc_preflight::RuleSet::from_toml(
        "mini.toml",
        r#"
        id = "example/mini"
        source = "doc.txt"
        [[gate]]
        name = "request"

        [[field]]
        path = "/a/*/b"
        type = "string"
        require = [{ gate = "request", when = { path = "/flag", equals = true } }]

        [[field]]
        path = "/a/*/c"
        type = "string"
        require = [{ gate = "request", when = { all = [{ path = "/flag", equals = true }, { path = "b", equals = "x" }] } }]

        [[collection]]
        id = "one-b"
        path = "/a"
        gate = "request"
        some = { path = "b", equals = "y" }
        message = "an item with b = y"

        [[collection]]
        id = "total"
        path = "/a"
        gate = "request"
        sum = { path = "n", max = 10 }
        message = "n adds up to at most 10"
        "#,
    )
    .unwrap();
    let schema = rules.json_schema(None).unwrap();
    // /flag true: every item needs b.
    assert!(!valid(
        &schema,
        &json!({"flag": true, "a": [{"b": "y"}, {}]})
    ));
    assert!(valid(
        &schema,
        &json!({"flag": true, "a": [{"b": "y"}, {"b": "z"}]})
    ));
    assert!(valid(&schema, &json!({"a": [{"b": "y"}, {}]})));
    // The collection: some item has b = y, and /a is then required.
    assert!(!valid(&schema, &json!({"a": [{"b": "z"}]})));
    assert!(!valid(&schema, &json!({})));
    // The mixed condition and the sum are left out, and said so.
    let description = schema["description"].as_str().unwrap();
    assert!(description.contains("/a/*/c: a rule that holds when /flag = true and b = \"x\""));
    assert!(description.contains("/a: n adds up to at most 10"));
    assert!(valid(
        &schema,
        &json!({"flag": true, "a": [{"b": "y", "n": 11}]})
    ));
}

#[test]
fn a_type_of_a_later_gate_guards_the_request_checks() {
    let rules = kyc_preflight::RuleSet::from_toml(
        "mini.toml",
        r#"
        id = "example/mini"
        source = "doc.txt"
        [[gate]]
        name = "request"
        [[gate]]
        name = "verification"

        [[field]]
        path = "/x"
        type = "string"
        enum = ["a"]
        gates = { type = "verification" }
        "#,
    )
    .unwrap();
    let schema = rules.json_schema(None).unwrap();
    assert!(valid(&schema, &json!({"x": 1})));
    assert!(valid(&schema, &json!({"x": "a"})));
    assert!(!valid(&schema, &json!({"x": "b"})));
}

/// A variant's schema (`rules schema ID --variant NAME` prints the same)
/// accepts its valid fixture and refuses a member the variant forbids.
#[test]
fn a_variant_schema_refuses_what_the_variant_forbids() {
    let rules = kyc_preflight::Catalog::embedded()
        .get("undostres/create-parent-balance")
        .unwrap();
    let one = rules.json_schema(Some("business")).unwrap();
    assert_eq!(
        one["$id"],
        "urn:kyc-preflight:undostres/create-parent-balance:business"
    );
    let validator = jsonschema::validator_for(&one).unwrap();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/undostres/create-parent-balance/valid/business.json"
    );
    let body: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(validator.is_valid(&body));
    let mut with_middle_name = body.clone();
    with_middle_name["middle_name"] = "Luis".into();
    assert!(!validator.is_valid(&with_middle_name));
}

/// The JSON Schema export of the words `matches`, `not_in_set` and
/// `not_pattern` (tests/it/rule_words.rs pins what check and explain say).
#[test]
fn the_schema_states_the_rule_words() {
    let rules = kyc_preflight::RuleSet::from_toml(
        "words.toml",
        include_str!("../../tests/data/rule-words.toml"),
    )
    .unwrap();
    let schema = rules.json_schema(None).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (body, valid) in [
        (json!({"first_name": "Łukasz"}), false),
        (
            json!({"first_name": "Łukasz", "local_first_name": "Ł"}),
            true,
        ),
        (json!({"first_name": "Jürgen"}), true),
        (json!({"country_of_tax_residence": "TUN"}), false),
        (json!({"country_of_tax_residence": "CHL"}), true),
        (json!({"street_address": "po box 9"}), false),
        (json!({"street_address": "9 Main St"}), true),
    ] {
        assert_eq!(validator.is_valid(&body), valid, "{body}");
    }
}

/// `one_of_required` in the JSON Schema: an `anyOf` of `required`.
#[test]
fn the_schema_states_one_of_required() {
    let text = include_str!("../../tests/data/rule-one-of.toml");
    let rules = kyc_preflight::RuleSet::from_toml("one-of.toml", text).unwrap();
    let schema = rules.json_schema(None).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&json!({"trusted_contact": {}})));
    assert!(validator.is_valid(&json!({"trusted_contact": {"phone_number": "+15555550100"}})));
}
