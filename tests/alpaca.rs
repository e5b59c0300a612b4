//! `alpaca/create-account` against its document, the Alpaca Broker API
//! reference page "Accounts" (POST /v1/accounts).
//!
//! The page's request tables and enums are transcribed here by hand, as
//! literal data (each cites its section), and must agree with what
//! `rules explain` reads out of the rule file, row by row: a rule edited
//! away from the page makes a row fail. A table's Requirement column is
//! read the way docs/design.md "Which gate a rule blocks" reads it:
//! "Required" is the `request` gate, "Required if ..." the `request` gate
//! under that condition, "Optional" no `request` requirement.
//!
//! Then the readings docs/sources.md lists for the page's contradictions,
//! each pinned by a check of a payload built here: the KYCaaS document size
//! limit (10MB, ambiguous), the page's sample request, the error body.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use kyc_preflight::explain::{EntryKind, Explanation, FieldExplanation, OPTIONAL, WARNING_ONLY};
use kyc_preflight::{Catalog, CheckOptions, Request, RuleSet, Severity};
use serde_json::{json, Value};

const ID: &str = "alpaca/create-account";

fn rules() -> &'static RuleSet {
    Catalog::embedded().get(ID).unwrap()
}

fn explain() -> Explanation {
    rules().explain(None).unwrap()
}

/// What a Requirement cell says.
#[derive(Debug, Clone, Copy)]
enum Req {
    /// "Required".
    Required,
    /// "Required if ...": the request gate under exactly this condition, as
    /// `rules explain` words it.
    RequiredIf(&'static str),
    /// "Optional": the API does not require it.
    Optional,
}

/// A row: the attribute's JSON Pointer, its JSON type as the page's Type
/// column reads, and its Requirement.
type Row = (&'static str, &'static str, Req);

/// Every disagreement, so one run lists them all.
struct Check {
    e: Explanation,
    failures: Vec<String>,
    cells: usize,
}

fn entries<'e>(e: &'e Explanation, kind: EntryKind, path: &str) -> Vec<&'e FieldExplanation> {
    assert_eq!(e.variants.len(), 1, "{ID} has no variants");
    e.variants[0]
        .fields
        .iter()
        .filter(|f| f.kind == kind && f.path == path)
        .collect()
}

fn fail(failures: &mut Vec<String>, cite: &str, text: String) {
    failures.push(format!("{cite}: {text}"));
}

impl Check {
    fn new() -> Self {
        Check {
            e: explain(),
            failures: Vec::new(),
            cells: 0,
        }
    }

    fn row(&mut self, cite: &str, (path, ty, req): Row) {
        let entries = entries(&self.e, EntryKind::Field, path);
        self.cells += 2;
        if entries.is_empty() {
            fail(
                &mut self.failures,
                cite,
                format!("{path} is not in the explanation"),
            );
            return;
        }
        if !entries.iter().any(|f| f.ty.as_deref() == Some(ty)) {
            let got: Vec<_> = entries.iter().map(|f| f.ty.clone()).collect();
            fail(
                &mut self.failures,
                cite,
                format!("{path}: type {ty}, explain says {got:?}"),
            );
        }
        let request: Vec<Option<&str>> = entries
            .iter()
            .filter(|f| f.gate == "request")
            .map(|f| f.when.as_deref())
            .collect();
        let ok = match req {
            Req::Required => request.contains(&None),
            Req::RequiredIf(cond) => request.contains(&Some(cond)),
            Req::Optional => request.is_empty(),
        };
        if !ok {
            fail(
                &mut self.failures,
                cite,
                format!("{path}: want {req:?}, explain's request entries are {request:?}"),
            );
        }
    }

    fn rows(&mut self, cite: &str, rows: &[Row]) {
        for row in rows {
            self.row(cite, *row);
        }
    }

    /// An entry of the field allows exactly these values, in the page's order.
    fn values(&mut self, cite: &str, path: &str, values: &[&str]) {
        self.cells += 1;
        let want: Vec<Value> = values.iter().map(|v| Value::from(*v)).collect();
        let entries = entries(&self.e, EntryKind::Field, path);
        if !entries
            .iter()
            .any(|f| f.enumeration.as_ref() == Some(&want))
        {
            let got: Vec<_> = entries.iter().map(|f| f.enumeration.clone()).collect();
            fail(
                &mut self.failures,
                cite,
                format!("{path}: values {values:?}, explain says {got:?}"),
            );
        }
    }

    /// An unconditional entry of the field has this named format, as an
    /// error (`warning = false`) or a warning.
    fn format(&mut self, cite: &str, path: &str, format: &str, warning: bool) {
        self.cells += 1;
        let entries = entries(&self.e, EntryKind::Field, path);
        let found = entries.iter().any(|f| {
            f.format.as_deref() == Some(format)
                && f.value_when.is_none()
                && f.constraints.iter().any(|c| c == WARNING_ONLY) == warning
        });
        if !found {
            let got: Vec<_> = entries
                .iter()
                .map(|f| (f.format.clone(), f.constraints.clone()))
                .collect();
            fail(
                &mut self.failures,
                cite,
                format!("{path}: format {format} (warning: {warning}), explain says {got:?}"),
            );
        }
    }

    /// A collection requirement of the array at `path` for `gate` whose
    /// condition is exactly `when`.
    fn collection(&mut self, cite: &str, path: &str, gate: &str, when: &str) {
        self.cells += 1;
        let entries = entries(&self.e, EntryKind::Collection, path);
        if !entries
            .iter()
            .any(|f| f.gate == gate && f.when.as_deref() == Some(when))
        {
            let got: Vec<_> = entries
                .iter()
                .map(|f| (f.gate.clone(), f.when.clone()))
                .collect();
            fail(
                &mut self.failures,
                cite,
                format!("{path}: want a {gate} collection `{when}`; explain has {got:?}"),
            );
        }
    }

    fn finish(self, min_cells: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cells disagree with the page:\n{}",
            self.failures.len(),
            self.cells,
            self.failures.join("\n")
        );
        assert!(
            self.cells >= min_cells,
            "only {} cells compared",
            self.cells
        );
    }
}

// ---------------------------------------------------------------------------
// The request tables (§ Creating an Account > Request > Parameters)

/// § Creating an Account > Parameters (the top-level table).
const PARAMETERS: [Row; 6] = [
    ("/enabled_assets", "array", Req::Optional),
    ("/contact", "object", Req::Required),
    ("/identity", "object", Req::Required),
    ("/disclosures", "object", Req::Required),
    ("/documents", "array", Req::Optional),
    ("/trusted_contact", "object", Req::Optional),
];

/// § Creating an Account > Contact.
const CONTACT: [Row; 7] = [
    ("/contact/email_address", "string", Req::Required),
    ("/contact/phone_number", "string", Req::Required),
    ("/contact/street_address", "array", Req::Required),
    ("/contact/unit", "string", Req::Optional),
    ("/contact/city", "string", Req::Required),
    (
        "/contact/state",
        "string",
        Req::RequiredIf("/identity/country_of_tax_residence = \"USA\""),
    ),
    ("/contact/postal_code", "string", Req::Optional),
];

/// § Creating an Account > Identity. `date` is a string of format date;
/// ENUM.FundingSource is read as the model table's array of it
/// (docs/sources.md); the visa rows also take null, as the page's account
/// samples show them.
const IDENTITY: [Row; 21] = [
    ("/identity/given_name", "string", Req::Required),
    ("/identity/middle_name", "string", Req::Optional),
    ("/identity/family_name", "string", Req::Required),
    ("/identity/date_of_birth", "string", Req::Required),
    (
        "/identity/tax_id",
        "string",
        Req::RequiredIf("tax_id_type is present"),
    ),
    (
        "/identity/tax_id_type",
        "string",
        Req::RequiredIf("tax_id is present"),
    ),
    ("/identity/country_of_citizenship", "string", Req::Optional),
    ("/identity/country_of_birth", "string", Req::Optional),
    (
        "/identity/country_of_tax_residence",
        "string",
        Req::Required,
    ),
    ("/identity/visa_type", "string|null", Req::Optional),
    (
        "/identity/visa_expiration_date",
        "string|null",
        Req::RequiredIf("visa_type in visa_types (14 values)"),
    ),
    (
        "/identity/date_of_departure_from_usa",
        "string|null",
        Req::RequiredIf("visa_type in [\"B1\", \"B2\"]"),
    ),
    (
        "/identity/permanent_resident",
        "boolean|null",
        Req::Optional,
    ),
    ("/identity/funding_source", "array", Req::Required),
    (
        "/identity/annual_income_min",
        "string|number",
        Req::Optional,
    ),
    (
        "/identity/annual_income_max",
        "string|number",
        Req::Optional,
    ),
    (
        "/identity/liquid_net_worth_min",
        "string|number",
        Req::Optional,
    ),
    (
        "/identity/liquid_net_worth_max",
        "string|number",
        Req::Optional,
    ),
    (
        "/identity/total_net_worth_min",
        "string|number",
        Req::Optional,
    ),
    (
        "/identity/total_net_worth_max",
        "string|number",
        Req::Optional,
    ),
    ("/identity/extra", "object", Req::Optional),
];

/// § Creating an Account > Disclosures.
const DISCLOSURES: [Row; 9] = [
    ("/disclosures/is_control_person", "boolean", Req::Required),
    (
        "/disclosures/is_affiliated_exchange_or_finra",
        "boolean",
        Req::Required,
    ),
    (
        "/disclosures/is_politically_exposed",
        "boolean",
        Req::Required,
    ),
    (
        "/disclosures/immediate_family_exposed",
        "boolean",
        Req::Required,
    ),
    ("/disclosures/context", "array", Req::Optional),
    ("/disclosures/employment_status", "string", Req::Optional),
    ("/disclosures/employer_name", "string", Req::Optional),
    ("/disclosures/employer_address", "string", Req::Optional),
    ("/disclosures/employment_position", "string", Req::Optional),
];

const FIRM: &str = "context_type in [\"AFFILIATE_FIRM\", \"CONTROLLED_FIRM\"]";
const FAMILY: &str = "context_type = \"IMMEDIATE_FAMILY_EXPOSED\"";

/// § Creating an Account > DisclosureContext. company_street_address is
/// "string" in the table and an array in the sample: both (docs/sources.md).
const DISCLOSURE_CONTEXT: [Row; 9] = [
    (
        "/disclosures/context/*/context_type",
        "string",
        Req::Required,
    ),
    (
        "/disclosures/context/*/company_name",
        "string",
        Req::RequiredIf(FIRM),
    ),
    (
        "/disclosures/context/*/company_street_address",
        "string|array",
        Req::RequiredIf(FIRM),
    ),
    (
        "/disclosures/context/*/company_city",
        "string",
        Req::RequiredIf(FIRM),
    ),
    (
        "/disclosures/context/*/company_state",
        "string",
        Req::RequiredIf("company_country = \"USA\""),
    ),
    (
        "/disclosures/context/*/company_country",
        "string",
        Req::RequiredIf(FIRM),
    ),
    (
        "/disclosures/context/*/company_compliance_email",
        "string",
        Req::RequiredIf(FIRM),
    ),
    (
        "/disclosures/context/*/given_name",
        "string",
        Req::RequiredIf(FAMILY),
    ),
    (
        "/disclosures/context/*/family_name",
        "string",
        Req::RequiredIf(FAMILY),
    ),
];

/// § Creating an Account > Agreements.
const AGREEMENTS: [Row; 4] = [
    ("/agreements/*/agreement", "string", Req::Required),
    ("/agreements/*/signed_at", "string", Req::Required),
    ("/agreements/*/ip_address", "string", Req::Required),
    ("/agreements/*/revision", "string", Req::Optional),
];

/// The W-8 BEN may come as JSON in content_data instead (docs/sources.md).
const UPLOAD: &str = "not (document_type = \"w8ben\" and content_data is present)";

/// § Creating an Account > Documents > DocumentUpload.
const DOCUMENT_UPLOAD: [Row; 4] = [
    ("/documents/*/document_type", "string", Req::Required),
    ("/documents/*/document_sub_type", "string", Req::Optional),
    ("/documents/*/content", "string", Req::RequiredIf(UPLOAD)),
    ("/documents/*/mime_type", "string", Req::RequiredIf(UPLOAD)),
];

/// § Creating an Account > Trusted Contact: the names, then "only one of
/// the following is required" (read as at least one, `one_of_required` on
/// the object: see `explain_agrees_with_the_formats_and_conditions`).
const TRUSTED_CONTACT: [Row; 9] = [
    ("/trusted_contact/given_name", "string", Req::Required),
    ("/trusted_contact/family_name", "string", Req::Required),
    ("/trusted_contact/email_address", "string", Req::Optional),
    ("/trusted_contact/phone_number", "string", Req::Optional),
    (
        "/trusted_contact/street_address",
        "string|array",
        Req::Optional,
    ),
    ("/trusted_contact/city", "string", Req::Optional),
    ("/trusted_contact/state", "string", Req::Optional),
    ("/trusted_contact/postal_code", "string", Req::Optional),
    ("/trusted_contact/country", "string", Req::Optional),
];

/// § International Accounts > W-8 BEN > Parameters (`string (decimal)`
/// percent_rate_withholding also takes the sample's number).
const W8BEN: [Row; 24] = [
    ("additional_conditions", "string", Req::Optional),
    ("capacity_acting", "string", Req::Optional),
    ("country_citizen", "string", Req::Required),
    ("date", "string", Req::Required),
    ("date_of_birth", "string", Req::Required),
    ("foreign_tax_id", "string", Req::Optional),
    (
        "ftin_not_required",
        "boolean",
        Req::RequiredIf(
            "(foreign_tax_id is absent or foreign_tax_id = \"\") and (tax_id_ssn is absent or tax_id_ssn = \"\")",
        ),
    ),
    ("full_name", "string", Req::Required),
    ("income_type", "string", Req::Optional),
    ("ip_address", "string", Req::Required),
    ("mailing_address_city_state", "string", Req::Optional),
    ("mailing_address_country", "string", Req::Optional),
    ("mailing_address_street", "string", Req::Optional),
    ("paragraph_number", "string", Req::Optional),
    ("percent_rate_withholding", "string|number", Req::Optional),
    ("permanent_address_city_state", "string", Req::Required),
    ("permanent_address_country", "string", Req::Required),
    ("permanent_address_street", "string", Req::Required),
    ("reference_number", "string", Req::Optional),
    ("residency", "string", Req::Optional),
    ("revision", "string", Req::Required),
    ("signer_full_name", "string", Req::Required),
    ("tax_id_ssn", "string", Req::Optional),
    ("timestamp", "string", Req::Required),
];

#[test]
fn explain_agrees_with_the_request_tables() {
    let mut c = Check::new();
    c.rows("§ Creating an Account > Parameters", &PARAMETERS);
    c.rows("§ Creating an Account > Contact", &CONTACT);
    c.rows("§ Creating an Account > Identity", &IDENTITY);
    c.rows("§ Creating an Account > Disclosures", &DISCLOSURES);
    c.rows(
        "§ Creating an Account > DisclosureContext",
        &DISCLOSURE_CONTEXT,
    );
    c.rows("§ Creating an Account > Agreements", &AGREEMENTS);
    c.rows("§ Creating an Account > DocumentUpload", &DOCUMENT_UPLOAD);
    c.rows("§ Creating an Account > Trusted Contact", &TRUSTED_CONTACT);
    for (name, ty, req) in W8BEN {
        let path: &'static str = format!("/documents/*/content_data/{name}").leak();
        c.row(
            "§ International Accounts > W-8 BEN > Parameters",
            (path, ty, req),
        );
    }
    // Every attribute of the request tables is in the explanation: none left out.
    let listed = PARAMETERS.len()
        + CONTACT.len()
        + IDENTITY.len()
        + DISCLOSURES.len()
        + DISCLOSURE_CONTEXT.len()
        + AGREEMENTS.len()
        + DOCUMENT_UPLOAD.len()
        + TRUSTED_CONTACT.len()
        + W8BEN.len();
    assert_eq!(listed, 93, "the page's request tables have 93 rows");
    c.finish(2 * listed);
}

#[test]
fn explain_agrees_with_the_enums() {
    let mut c = Check::new();
    c.values(
        "§ Enums > Asset Class",
        "/enabled_assets/*",
        &["us_equity", "crypto"],
    );
    c.values(
        "§ Enums > Account Type",
        "/account_type",
        &["trading", "custodial", "donor_advised"],
    );
    c.values(
        "§ Enums > Tax ID Type",
        "/identity/tax_id_type",
        &[
            "USA_SSN",
            "ARG_AR_CUIT",
            "AUS_TFN",
            "AUS_ABN",
            "BOL_NIT",
            "BRA_CPF",
            "CHL_RUT",
            "COL_NIT",
            "CRI_NITE",
            "DEU_TAX_ID",
            "DOM_RNC",
            "ECU_RUC",
            "FRA_SPI",
            "GBR_UTR",
            "GBR_NINO",
            "GTM_NIT",
            "HND_RTN",
            "HUN_TIN",
            "IDN_KTP",
            "IND_PAN",
            "ISR_TAX_ID",
            "ITA_TAX_ID",
            "JPN_TAX_ID",
            "MEX_RFC",
            "NIC_RUC",
            "NLD_TIN",
            "PAN_RUC",
            "PER_RUC",
            "PRY_RUC",
            "SGP_NRIC",
            "SGP_FIN",
            "SGP_ASGD",
            "SGP_ITR",
            "SLV_NIT",
            "SWE_TAX_ID",
            "URY_RUT",
            "VEN_RIF",
            "NOT_SPECIFIED",
        ],
    );
    c.values(
        "§ Enums > Funding Source",
        "/identity/funding_source/*",
        &[
            "employment_income",
            "investments",
            "inheritance",
            "business_income",
            "savings",
            "family",
        ],
    );
    c.values(
        "§ Enums > Employment Status",
        "/disclosures/employment_status",
        &["unemployed", "employed", "student", "retired"],
    );
    c.values(
        "§ Enums > Context Type",
        "/disclosures/context/*/context_type",
        &[
            "CONTROLLED_FIRM",
            "AFFILIATE_FIRM",
            "IMMEDIATE_FAMILY_EXPOSED",
        ],
    );
    c.values(
        "§ Enums > Agreements",
        "/agreements/*/agreement",
        &[
            "margin_agreement",
            "account_agreement",
            "customer_agreement",
            "crypto_agreement",
        ],
    );
    c.values(
        "§ Enums > Document Type",
        "/documents/*/document_type",
        &[
            "identity_verification",
            "address_verification",
            "date_of_birth_verification",
            "tax_id_verification",
            "account_approval_letter",
            "w8ben",
            "w9",
        ],
    );
    c.finish(8);
}

/// § Enums > Visa Type is a pattern (an enum would refuse the null the
/// page's account samples show): it takes exactly the page's values.
#[test]
fn visa_type_takes_exactly_the_pages_values() {
    const VISA_TYPES: [&str; 14] = [
        "B1", "B2", "DACA", "E1", "E2", "E3", "F1", "G4", "H1B", "J1", "L1", "OTHER", "O1", "TN1",
    ];
    let base = common::read_json(&common::repo(
        "tests/fixtures/alpaca/create-account/valid/individual-usa.json",
    ));
    let check = |visa: Value| {
        let mut body = base.clone();
        body["identity"]["visa_type"] = visa;
        body["identity"]["visa_expiration_date"] = json!("2027-06-30");
        body["identity"]["date_of_departure_from_usa"] = json!("2027-06-01");
        let report = rules().check(&Request::new(&body), &CheckOptions::new(common::today()));
        common::errors(&report)
    };
    for visa in VISA_TYPES {
        assert_eq!(check(json!(visa)), vec![], "{visa}");
    }
    assert_eq!(check(Value::Null), vec![], "null is not set");
    for visa in ["H-1B", "b1", "H2A", "GREEN_CARD", ""] {
        let errors = check(json!(visa));
        assert_eq!(
            errors,
            vec![(
                "/identity/visa_type".to_string(),
                "pattern".to_string(),
                "request".to_string()
            )],
            "{visa}"
        );
    }
}

#[test]
fn explain_agrees_with_the_formats_and_conditions() {
    let mut c = Check::new();
    // Documented formats are errors at the request gate.
    c.format(
        "§ Identity (date_of_birth: date)",
        "/identity/date_of_birth",
        "date",
        false,
    );
    c.format(
        "§ W-8 BEN > Parameters (date: Format YYYY-MM-DD)",
        "/documents/*/content_data/date",
        "date",
        false,
    );
    c.format(
        "§ Agreements ([].signed_at: string (timestamp)); § The Account Model (Timestamp (RFC3339))",
        "/agreements/*/signed_at",
        "date-time",
        false,
    );
    c.format(
        "§ W-8 BEN > Parameters (timestamp: string (timestamp))",
        "/documents/*/content_data/timestamp",
        "date-time",
        false,
    );
    // The page gives ip_address no format: a warning.
    c.format(
        "§ Agreements ([].ip_address: string)",
        "/agreements/*/ip_address",
        "ipv4|ipv6",
        true,
    );
    // "should include the country code", "3 letter country code acceptable":
    // warnings.
    c.format(
        "§ Contact (phone_number: should include the country code)",
        "/contact/phone_number",
        "e164",
        true,
    );
    for path in [
        "/identity/country_of_citizenship",
        "/identity/country_of_birth",
        "/identity/country_of_tax_residence",
    ] {
        c.format(
            "§ Identity (3 letter country code acceptable)",
            path,
            "iso3166-alpha3",
            true,
        );
    }
    // The page's conditional requirements that block approval, not the request.
    c.collection(
        "§ DisclosureContext; § Enums > Context Type (CONTROLLED_FIRM)",
        "/disclosures/context",
        "verification",
        "when /disclosures/context is present and /disclosures/is_control_person = true, some item: context_type = \"CONTROLLED_FIRM\"",
    );
    c.collection(
        "§ DisclosureContext; § Enums > Context Type (AFFILIATE_FIRM)",
        "/disclosures/context",
        "verification",
        "when /disclosures/context is present and /disclosures/is_affiliated_exchange_or_finra = true, some item: context_type = \"AFFILIATE_FIRM\"",
    );
    c.collection(
        "§ DisclosureContext; § Enums > Context Type (IMMEDIATE_FAMILY_EXPOSED)",
        "/disclosures/context",
        "verification",
        "when /disclosures/context is present and /disclosures/immediate_family_exposed = true, some item: context_type = \"IMMEDIATE_FAMILY_EXPOSED\"",
    );
    c.collection(
        "§ Updating an Account > Enabled Assets (the crypto agreement)",
        "/agreements",
        "product:crypto",
        "when /agreements is present, some item: agreement = \"crypto_agreement\"",
    );
    c.collection(
        "§ Enabled Assets (defaults to us_equity)",
        "/enabled_assets",
        "product:crypto",
        "when /enabled_assets is present, some item: the value = \"crypto\"",
    );
    // "a W-8 BEN form should be submitted": a warning, so no gate.
    c.collection(
        "§ International Accounts > W-8 BEN",
        "/documents",
        OPTIONAL,
        "when /documents is present and /identity/country_of_tax_residence is present and /identity/country_of_tax_residence != \"USA\", some item: document_type = \"w8ben\"",
    );
    // "only one of the following is required": at least one, at the object.
    c.cells += 1;
    let one_of = "at least one of email_address, phone_number or street_address";
    if !entries(&c.e, EntryKind::Field, "/trusted_contact")
        .iter()
        .any(|f| f.constraints.iter().any(|x| x == one_of))
    {
        fail(
            &mut c.failures,
            "§ Trusted Contact (only one of the following is required)",
            format!("/trusted_contact: want the constraint {one_of:?}"),
        );
    }
    c.finish(16);
    // The agreements: not in the Parameters table, required to open the account.
    let e = explain();
    let agreements: Vec<_> = e.variants[0]
        .fields
        .iter()
        .filter(|f| f.kind == EntryKind::Field && f.path == "/agreements")
        .map(|f| (f.gate.as_str(), f.when.as_deref()))
        .collect();
    assert_eq!(agreements, vec![("verification", None)]);
    // A U.S. citizen's taxpayer identification number (§ Uploading CIP information).
    assert!(e.variants[0]
        .fields
        .iter()
        .any(|f| f.path == "/identity/tax_id"
            && f.gate == "verification"
            && f.when.as_deref() == Some("country_of_citizenship = \"USA\"")));
}

/// Tax ids, birth dates and document content are sensitive (design.md
/// "Stable contracts"); nothing else of the page is.
#[test]
fn the_sensitive_fields_are_the_pages_secrets() {
    let mut sensitive: Vec<&str> = rules()
        .rules()
        .filter(|r| r.sensitive)
        .map(|r| r.path)
        .collect();
    sensitive.sort_unstable();
    sensitive.dedup();
    assert_eq!(
        sensitive,
        vec![
            "/documents/*/content",
            "/documents/*/content_data/date_of_birth",
            "/documents/*/content_data/foreign_tax_id",
            "/documents/*/content_data/tax_id_ssn",
            "/identity/date_of_birth",
            "/identity/tax_id",
        ]
    );
}

// ---------------------------------------------------------------------------
// Readings of the page (docs/sources.md, Alpaca)

fn valid_usa() -> Value {
    common::read_json(&common::repo(
        "tests/fixtures/alpaca/create-account/valid/individual-usa.json",
    ))
}

/// (path, code, gate, severity) of every finding.
fn findings(body: &Value) -> Vec<(String, String, String, Severity)> {
    let report = rules().check(&Request::new(body), &CheckOptions::new(common::today()));
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.path.to_string(),
                f.code.to_string(),
                f.gate.to_string(),
                f.severity,
            )
        })
        .collect()
}

fn with_content(len: usize) -> Value {
    let mut body = valid_usa();
    // A JPEG's first bytes, then padding-free base64 up to `len` characters.
    let mut content = String::from("/9j/4AAQ");
    content.extend(std::iter::repeat_n('A', len - content.len()));
    assert_eq!(content.len() % 4, 0);
    body["documents"][0]["content"] = Value::String(content);
    body
}

/// "Each encoded content size is limited to 10MB if you use Alpaca for
/// KYCaaS": the encoded string's length, for the verification gate (Alpaca's
/// own KYC), not the request. 10MB read both ways: over 10 MiB an error,
/// between 10,000,000 and 10,485,760 characters a warning.
#[test]
fn the_document_size_limit_is_kycaas_and_ambiguous() {
    const PATH: &str = "/documents/0/content";
    assert_eq!(findings(&with_content(10_000_000)), vec![]);
    assert_eq!(
        findings(&with_content(10_000_004)),
        vec![(
            PATH.into(),
            "length".into(),
            "verification".into(),
            Severity::Warning
        )]
    );
    assert_eq!(
        findings(&with_content(10_485_760)),
        vec![(
            PATH.into(),
            "length".into(),
            "verification".into(),
            Severity::Warning
        )]
    );
    let over = with_content(10_485_764);
    assert_eq!(
        findings(&over),
        vec![
            (
                PATH.into(),
                "length".into(),
                "verification".into(),
                Severity::Error
            ),
            (
                PATH.into(),
                "length".into(),
                "verification".into(),
                Severity::Warning
            ),
        ]
    );
    let report = rules().check(&Request::new(&over), &CheckOptions::new(common::today()));
    assert_eq!(report.gate("request"), Some(true));
    assert_eq!(report.gate("verification"), Some(false));
}

/// The page's sample request, as printed: the API takes it (its sample
/// response is a 200), its phone number is only warned about, and its SSN's
/// area 666 is one the SSA never issues, so it cannot verify a person.
#[test]
fn the_pages_sample_request_passes_the_request_gate_only() {
    let spec = common::read_json(&common::repo(
        "tests/fixtures/alpaca/create-account/invalid/page-sample-request.json",
    ));
    let sample = &spec["patch"][0]["value"];
    assert_eq!(sample["contact"]["phone_number"], "555-666-7788");
    assert_eq!(sample["identity"]["tax_id"], "666-55-4321");
    let report = rules().check(&Request::new(sample), &CheckOptions::new(common::today()));
    assert_eq!(report.gate("request"), Some(true));
    assert_eq!(report.gate("verification"), Some(false));
    let errors = common::errors(&report);
    assert_eq!(
        errors,
        vec![(
            "/identity/tax_id".to_string(),
            "format.ssn.area".to_string(),
            "verification".to_string()
        )]
    );
    // The message names the field and the rule, never the number.
    for f in &report.findings {
        assert!(!f.message.contains("666-55-4321"), "{}", f.message);
    }
    // With a number the SSA issues, the sample is ready for approval and
    // crypto trading; the phone number stays a warning.
    let mut fixed = sample.clone();
    fixed["identity"]["tax_id"] = json!("536-90-4399");
    assert_eq!(
        findings(&fixed),
        vec![(
            "/contact/phone_number".into(),
            "format.e164".into(),
            "request".into(),
            Severity::Warning
        )]
    );
}

/// The page documents its error codes (400, 409, 422, 500) with a sentence
/// each and no body: `--format provider` answers a generic body.
#[test]
fn the_error_body_is_generic() {
    assert_eq!(
        rules().error_body(),
        Some(kyc_preflight::report::provider::ErrorBody::Generic)
    );
}

/// No warning rule of the rule set ever fails a gate: a payload that breaks
/// only warning rules passes every gate.
#[test]
fn warnings_never_fail_a_gate() {
    let mut body = valid_usa();
    body["contact"]["phone_number"] = json!("415-555-2671");
    body["contact"]["email_address"] = json!("john.doe");
    body["contact"]["country"] = json!("United States");
    body["identity"]["country_of_birth"] = json!("usa");
    body["agreements"][0]["ip_address"] = json!("localhost");
    body["documents"][0]["mime_type"] = json!("jpeg");
    body["disclosures"]
        .as_object_mut()
        .unwrap()
        .remove("employer_name");
    body.as_object_mut().unwrap().remove("trusted_contact");
    let report = rules().check(&Request::new(&body), &CheckOptions::new(common::today()));
    assert_eq!(report.findings.len(), 8, "{:#?}", report.findings);
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Warning));
    assert!(report.gates.0.iter().all(|g| g.passed));
}
