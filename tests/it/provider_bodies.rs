//! `check --format provider`: the 4xx body each provider would answer, in
//! its documented shape, pinned per rule set.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

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

/// Kira User Management § Error Responses: Missing Idempotency Key, Invalid Idempotency
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

fn fixture(id: &str, name: &str) -> Value {
    common::read_json(&common::repo(&format!(
        "tests/fixtures/{id}/valid/{name}.json"
    )))
}

/// Immersve API reference, Create Account § Responses > 400:
/// `{"statusCode": 400, "statusName": "Bad Request", "errorCode":
/// "BAD_REQUEST", "errors": ["Expected string, received number"]}`.
#[test]
fn immersve_answers_with_its_documented_400() {
    let mut body = fixture("immersve/create-account", "non-custodial");
    body["partnerAccountId"] = json!(42);
    let headers = [
        ("x-api-key", "k"),
        ("x-api-secret", "s"),
        ("content-type", "application/json"),
    ];
    assert_eq!(
        body_for("immersve/create-account", &body, Some(&headers)).unwrap(),
        json!({"statusCode": 400, "statusName": "Bad Request", "errorCode": "BAD_REQUEST",
               "errors": ["Expected string, received number"]})
    );
    assert_eq!(
        body_for(
            "immersve/create-account",
            &fixture("immersve/create-account", "partner"),
            Some(&headers)
        ),
        None
    );
}

/// customers API reference, Create an individual customer § Responses >
/// 400: `{"traceId": "...", "message": "..."}`; the trace id is
/// deterministic, so the same request always gives the same body.
#[test]
fn customers_api_answers_with_trace_id_and_message() {
    let mut body = fixture("customers/create-individual", "individual");
    body["basicData"]["gender"] = json!("X");
    let a = body_for("customers/create-individual", &body, None).unwrap();
    let b = body_for("customers/create-individual", &body, None).unwrap();
    assert_eq!(a, b);
    let keys: Vec<&str> = a.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["traceId", "message"]);
    assert_eq!(a["traceId"].as_str().unwrap().len(), 32);
    let message = a["message"].as_str().unwrap();
    assert!(
        message.starts_with("Invalid request payload. basicData.gender: "),
        "{message}"
    );
}

/// UnDosTres API docs, Create account (Personal or Business): errors come
/// back in `err`, shaped as a sibling endpoint shows: `{"rs": null, "err":
/// {"code": 5000, "text": "Validation Error", "hints": [...]}}`.
#[test]
fn undostres_answers_in_err() {
    let mut body = fixture("undostres/create-parent-balance", "personal");
    body["composite_balance"]["parent"]["credit_line"] = json!("10000000");
    let answer = body_for("undostres/create-parent-balance", &body, None).unwrap();
    assert_eq!(answer["rs"], Value::Null);
    assert_eq!(answer["err"]["code"], 5000);
    assert_eq!(answer["err"]["text"], "Validation Error");
    let hints = answer["err"]["hints"].as_array().unwrap();
    assert_eq!(hints.len(), 1);
    assert!(
        hints[0]
            .as_str()
            .unwrap()
            .starts_with("composite_balance.parent.credit_line: "),
        "{hints:?}"
    );
}

/// Passport PaaS docs, Create Customer § Common Errors and Handling
/// documents the 400 but not its body: a generic one.
#[test]
fn passport_gets_the_generic_body() {
    let rules = Catalog::embedded().get("passport/create-customer").unwrap();
    assert!(rules.error_body().unwrap().is_generic());
    let mut body = fixture("passport/create-customer", "business");
    body["identification_type"] = json!("CC");
    let headers = [
        ("authorization", "Bearer t"),
        ("content-type", "application/json"),
    ];
    assert_eq!(
        body_for("passport/create-customer", &body, Some(&headers)).unwrap(),
        json!({"status": 400, "error": "Bad Request",
               "message": "Invalid Data: Required fields are missing or contain incorrect values.",
               "errors": [{"field": "identification_type", "code": "enum",
                           "message": "identification_type must be one of \"NIT\" (got \"CC\")"}]})
    );
}

/// Every embedded rule set names its provider's error body.
#[test]
fn every_rule_set_has_an_error_body() {
    for id in Catalog::embedded().ids() {
        assert!(
            Catalog::embedded().get(id).unwrap().error_body().is_some(),
            "{id}"
        );
    }
}
