//! `check --format provider`: the 4xx body each provider would answer, in
//! its documented shape, pinned per rule set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use kyc_preflight::report::provider::{self, ErrorBody};
use kyc_preflight::{Catalog, CheckOptions, Request};
use serde_json::{json, Value};

fn body_for(id: &str, body: &Value, headers: Option<&[(&str, &str)]>) -> Option<Value> {
    let rules = Catalog::embedded().get(id).unwrap();
    let mut request = Request::new(body);
    if let Some(h) = headers {
        request = request.with_headers(h.iter().map(|(k, v)| (*k, *v)));
    }
    let report = rules.check(&request, &CheckOptions::new(common::today()));
    provider::render(&report, rules.error_body().unwrap())
}

/// seeds/001 § Error Responses: Missing Idempotency Key, Invalid Idempotency
/// Key Format, Validation Error (first_name Required).
#[test]
fn kira_answers_like_the_documented_error_responses() {
    let mut body = common::read_json(&common::repo(
        "tests/fixtures/kira/create-user/valid/individual-usa.json",
    ));
    let headers = [
        ("authorization", "Bearer t"),
        ("x-api-key", "k"),
        ("content-type", "application/json"),
    ];
    assert_eq!(
        body_for("kira/create-user", &body, Some(&headers)).unwrap(),
        json!({"error": "Invalid request data",
               "details": [{"path": "idempotency-key", "message": "Required", "code": "invalid_type"}]})
    );
    let mut bad_key = headers.to_vec();
    bad_key.push(("idempotency-key", "12345"));
    assert_eq!(
        body_for("kira/create-user", &body, Some(&bad_key)).unwrap(),
        json!({"error": "Invalid request data",
               "details": [{"path": "idempotency-key", "message": "Invalid uuid", "code": "invalid_string"}]})
    );
    body.as_object_mut().unwrap().shift_remove("first_name");
    body["pep_status"] = json!("no");
    body["gender"] = json!("M");
    body["identifying_information"][0]["issuing_country"] = json!(1);
    assert_eq!(
        body_for("kira/create-user", &body, None).unwrap(),
        json!({"error": "Invalid request data", "details": [
            {"path": "gender", "message": "Invalid enum value. Expected 'male' | 'female' | 'other', received 'M'", "code": "invalid_enum_value"},
            {"path": "identifying_information.0.issuing_country", "message": "Expected string, received number", "code": "invalid_type"},
            {"path": "pep_status", "message": "Expected boolean, received string", "code": "invalid_type"},
            {"path": "first_name", "message": "Required", "code": "invalid_type"},
        ]})
    );
}

/// A payload that passes the request gate gets no body; verification and
/// product findings are not the API's 400.
#[test]
fn a_request_the_provider_accepts_has_no_body() {
    for name in [
        "individual-usa",
        "individual-mexico",
        "business-usa",
        "business-mexico",
    ] {
        let body = common::read_json(&common::repo(&format!("examples/kira/{name}.json")));
        assert_eq!(body_for("kira/create-user", &body, None), None, "{name}");
    }
}

/// Sensitive values never reach a provider body, even where zod would echo them.
#[test]
fn provider_bodies_never_echo_sensitive_values() {
    let mut body = common::read_json(&common::repo(
        "tests/fixtures/kira/create-user/valid/individual-usa.json",
    ));
    body["birth_date"] = json!("15/01/1990");
    body["identifying_information"][0]["number"] = json!(123456789);
    for (_, style) in ErrorBody::ALL {
        let rules = Catalog::embedded().get("kira/create-user").unwrap();
        let report = rules.check(&Request::new(&body), &CheckOptions::new(common::today()));
        let text = provider::render(&report, style).unwrap().to_string();
        assert!(
            !text.contains("15/01/1990") && !text.contains("123456789"),
            "{style:?}: {text}"
        );
    }
}
