//! Each contradiction inside the Kira document, resolved as docs/sources.md
//! says, pinned here so that a rule edited away from the resolution fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight::{Catalog, CheckOptions, Report, Request};
use serde_json::{json, Value};

fn base(name: &str) -> Value {
    common::read_json(&common::repo(&format!(
        "tests/fixtures/kira/create-user/valid/{name}.json"
    )))
}

fn check(body: &Value) -> Report<'static> {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    rules.check(&Request::new(body), &CheckOptions::new(common::today()))
}

/// The business table says `company_name`; the field list and every
/// example say `business_legal_name`, which is what the API takes.
#[test]
fn company_name_is_business_legal_name() {
    let mut body = base("business-usa");
    let name = body
        .as_object_mut()
        .unwrap()
        .shift_remove("business_legal_name")
        .unwrap();
    body["company_name"] = name;
    let report = check(&body);
    assert_eq!(
        common::errors(&report),
        [(
            "/business_legal_name".into(),
            "required".into(),
            "request".into()
        )]
    );
}

/// document_type/number/country are an identifying_information entry's
/// type/number/issuing_country; a business with only number-less entries
/// lacks them even with a top-level ein.
#[test]
fn business_document_number_is_a_numbered_entry_not_the_top_level_ein() {
    let mut body = base("business-usa");
    let entries = body["identifying_information"].as_array_mut().unwrap();
    entries.retain(|e| e.get("number").is_none());
    assert!(body.get("ein").is_some());
    let report = check(&body);
    let rules: Vec<&str> = report.errors().map(|f| &*f.rule).collect();
    assert_eq!(rules, ["kira/create-user#business-document-number"]);
}

/// ein, rfc and cnpj are "*Required for ..." fields: they block verification,
/// not the request.
#[test]
fn starred_tax_identifiers_block_verification_only() {
    let mut usa = base("business-usa");
    usa.as_object_mut().unwrap().shift_remove("ein");
    assert_eq!(
        common::errors(&check(&usa)),
        [("/ein".into(), "required".into(), "verification".into())]
    );
    let mut mex = base("business-international");
    mex.as_object_mut().unwrap().shift_remove("rfc");
    assert_eq!(
        common::errors(&check(&mex)),
        [("/rfc".into(), "required".into(), "verification".into())]
    );
}

/// source_of_funds/account_purpose values are listed for Individual KYC only:
/// business values are free strings, and an individual's unlisted value blocks
/// verification, not the request.
#[test]
fn source_of_funds_values_bind_individuals_only() {
    let mut business = base("business-usa");
    business["source_of_funds"] = json!("royalties_from_patents");
    business["account_purpose"] = json!("treasury");
    assert!(check(&business).findings.is_empty());
    let mut person = base("individual-usa");
    person["source_of_funds"] = json!("royalties_from_patents");
    assert_eq!(
        common::errors(&check(&person)),
        [(
            "/source_of_funds".into(),
            "enum".into(),
            "verification".into()
        )]
    );
}

/// "tax_id (via identifying_information)" is required for international
/// users even though the Mexico examples send curp/rfc entries instead.
#[test]
fn curp_and_rfc_entries_do_not_replace_tax_id() {
    let mut body = base("individual-international");
    let entries = body["identifying_information"].as_array_mut().unwrap();
    entries.retain(|e| e["type"] != "tax_id");
    let report = check(&body);
    let rules: Vec<&str> = report.errors().map(|f| &*f.rule).collect();
    assert_eq!(rules, ["kira/create-user#tax-id-entry"]);
}

/// Per-type document requirements of government IDs (front, back) block
/// verification, not the request.
#[test]
fn missing_back_of_an_id_blocks_verification() {
    let mut body = base("individual-usa");
    let docs = body["identifying_information"][1]["documents"]
        .as_array_mut()
        .unwrap();
    docs.retain(|d| d["type"] != "back");
    assert_eq!(
        common::errors(&check(&body)),
        [(
            "/identifying_information/1/documents".into(),
            "contains".into(),
            "verification".into()
        )]
    );
}
