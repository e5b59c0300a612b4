//! Round trip against the documents: the tables of each seed, transcribed
//! here by hand as literal data (each cites its section), must agree with
//! what `rules explain` reads out of the rule files, row by row and column
//! by column, with the resolutions of docs/sources.md. A rule edited away from
//! its document makes a row fail.
//!
//! A table's `Required` column is read the way docs/design.md "Which gate a rule
//! blocks" reads it: `Yes` is the `request` gate; `No*` with "*Required for
//! KYC" is `verification`, with a narrower star note as that note says (USA
//! businesses only, Mexico businesses, tax IDs, government IDs, ACT); `No`
//! is not required by the API (it may still be required for verification by
//! the automatic-verification tables). In the "Required Fields for
//! Automatic Verification" tables, `Required` is required for `request` or
//! `verification`, without a condition, and `-` is not.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight::explain::{
    EntryKind, Explanation, FieldExplanation, FORBIDDEN, OPTIONAL, WARNING_ONLY,
};
use kyc_preflight::Catalog;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers

fn explain(id: &str) -> Explanation {
    Catalog::embedded().get(id).unwrap().explain(None).unwrap()
}

/// Collects every disagreement, so one run lists them all.
struct Table<'e> {
    e: &'e Explanation,
    failures: Vec<String>,
    /// (row, column) cells compared.
    cells: usize,
}

/// What a table says of a field in one variant.
#[derive(Debug, Clone, PartialEq)]
enum Want {
    /// Required for this gate, unconditionally.
    Gate(&'static str),
    /// Required for this gate under exactly this condition.
    GateWhen(&'static str, String),
    /// Required for this gate when `<path> in <set> [values]`, with exactly
    /// these values.
    GateWhenIn(&'static str, &'static str, Vec<String>),
    /// Not required by the API (no `request` requirement); any other gate.
    NotRequest,
    /// Nothing requires it.
    Optional,
    /// Must not be sent.
    Forbidden,
}

impl<'e> Table<'e> {
    fn new(e: &'e Explanation) -> Self {
        Table {
            e,
            failures: Vec::new(),
            cells: 0,
        }
    }

    fn entries(&self, variant: &str, kind: EntryKind, path: &str) -> Vec<&'e FieldExplanation> {
        let v = self
            .e
            .variants
            .iter()
            .find(|v| v.name == variant)
            .unwrap_or_else(|| panic!("{}: no variant {variant}", self.e.rule_set));
        v.fields
            .iter()
            .filter(|f| f.kind == kind && f.path == path)
            .collect()
    }

    fn fail(&mut self, cite: &str, variant: &str, text: String) {
        self.failures.push(format!("{cite} [{variant}]: {text}"));
    }

    /// The field's requirement in `variant` is what the table says.
    fn gate(&mut self, cite: &str, variant: &str, path: &str, want: &Want) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        if entries.is_empty() {
            self.fail(cite, variant, format!("{path} is not in the explanation"));
            return;
        }
        let found: Vec<(String, Option<String>)> = entries
            .iter()
            .map(|f| (f.gate.clone(), f.when.clone()))
            .collect();
        let ok = match want {
            Want::Gate(g) => found.iter().any(|(gate, when)| gate == g && when.is_none()),
            Want::GateWhen(g, w) => found
                .iter()
                .any(|(gate, when)| gate == g && when.as_deref() == Some(w.as_str())),
            Want::GateWhenIn(g, on, values) => found.iter().any(|(gate, when)| {
                gate == g
                    && when.as_deref().is_some_and(|w| {
                        w.starts_with(&format!("{on} in ")) && listed(w).as_ref() == Some(values)
                    })
            }),
            Want::NotRequest => found.iter().all(|(gate, _)| gate != "request"),
            Want::Optional => found.iter().all(|(gate, _)| gate == OPTIONAL),
            Want::Forbidden => found
                .iter()
                .any(|(gate, when)| gate == FORBIDDEN && when.is_none()),
        };
        if !ok {
            self.fail(
                cite,
                variant,
                format!("{path}: want {want:?}, explain says {found:?}"),
            );
        }
    }

    /// Some entry of the field has this JSON type.
    fn ty(&mut self, cite: &str, variant: &str, path: &str, ty: &str) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        if !entries.iter().any(|f| f.ty.as_deref() == Some(ty)) {
            let got: Vec<_> = entries.iter().map(|f| f.ty.clone()).collect();
            self.fail(
                cite,
                variant,
                format!("{path}: type {ty}, explain says {got:?}"),
            );
        }
    }

    /// An unconditional entry of the field has this format.
    fn format(&mut self, cite: &str, variant: &str, path: &str, format: &str) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        if !entries
            .iter()
            .any(|f| f.format.as_deref() == Some(format) && f.value_when.is_none())
        {
            let got: Vec<_> = entries.iter().map(|f| f.format.clone()).collect();
            self.fail(
                cite,
                variant,
                format!("{path}: format {format}, explain says {got:?}"),
            );
        }
    }

    /// An entry of the field allows exactly these values, in this order
    /// (`None`: no entry lists values, the field is a free string).
    fn values(&mut self, cite: &str, variant: &str, path: &str, values: Option<&[&str]>) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        let got: Vec<Option<Vec<Value>>> = entries.iter().map(|f| f.enumeration.clone()).collect();
        let ok = match values {
            Some(values) => {
                let want: Vec<Value> = values.iter().map(|v| Value::from(*v)).collect();
                got.iter().any(|g| g.as_ref() == Some(&want))
            }
            None => got.iter().all(Option::is_none),
        };
        if !ok {
            self.fail(
                cite,
                variant,
                format!("{path}: values {values:?}, explain says {got:?}"),
            );
        }
    }

    /// An entry of the field allows at least these values.
    fn values_include(&mut self, cite: &str, variant: &str, path: &str, values: &[&str]) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        let ok = entries.iter().any(|f| {
            f.enumeration
                .as_ref()
                .is_some_and(|e| values.iter().all(|v| e.contains(&Value::from(*v))))
        });
        if !ok {
            self.fail(cite, variant, format!("{path}: values include {values:?}"));
        }
    }

    /// An entry of the field states this constraint.
    fn constraint(&mut self, cite: &str, variant: &str, path: &str, constraint: &str) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Field, path);
        if !entries
            .iter()
            .any(|f| f.constraints.iter().any(|c| c == constraint))
        {
            let got: Vec<_> = entries.iter().map(|f| f.constraints.clone()).collect();
            self.fail(
                cite,
                variant,
                format!("{path}: constraint {constraint:?}, explain says {got:?}"),
            );
        }
    }

    /// The pattern the field's entry states (`pattern RE (hint)`), compiled.
    fn pattern(&self, variant: &str, path: &str) -> Option<regex::Regex> {
        let text = self
            .entries(variant, EntryKind::Field, path)
            .iter()
            .flat_map(|f| f.constraints.iter())
            .find_map(|c| c.strip_prefix("pattern "))?
            .to_string();
        // The pattern may hold " (" itself: the first prefix that compiles.

        text.match_indices(" (")
            .map(|(at, _)| &text[..at])
            .chain([text.as_str()])
            .find_map(|p| regex::Regex::new(p).ok())
    }

    /// A collection requirement of the array at `path`, for `gate`, whose
    /// condition satisfies `matches`; `present` says whether the table wants
    /// one.
    #[allow(clippy::too_many_arguments)]
    fn collection(
        &mut self,
        cite: &str,
        variant: &str,
        path: &str,
        gate: &str,
        present: bool,
        what: &str,
        matches: impl Fn(&str) -> bool,
    ) {
        self.cells += 1;
        let entries = self.entries(variant, EntryKind::Collection, path);
        let found = entries
            .iter()
            .any(|f| f.gate == gate && f.when.as_deref().is_some_and(&matches));
        if found != present {
            let got: Vec<_> = entries
                .iter()
                .map(|f| (f.gate.clone(), f.when.clone()))
                .collect();
            self.fail(
                cite,
                variant,
                format!(
                    "{path}: {} a {gate} collection requirement {what}; explain has {got:?}",
                    if present { "want" } else { "want no" }
                ),
            );
        }
    }

    fn finish(self, min_cells: usize) -> Result<(), String> {
        if !self.failures.is_empty() {
            return Err(format!(
                "{}: {} of {} cells disagree with the document:\n{}",
                self.e.rule_set,
                self.failures.len(),
                self.cells,
                self.failures.join("\n")
            ));
        }
        assert!(
            self.cells >= min_cells,
            "{}: only {} cells compared",
            self.e.rule_set,
            self.cells
        );
        Ok(())
    }
}

/// The values in the first `[...]` of a condition: `type in tax_ids ["ssn",
/// "itin"]` → `["ssn", "itin"]`.
fn listed(when: &str) -> Option<Vec<String>> {
    let start = when.find('[')?;
    let end = start + when[start..].find(']')?;
    serde_json::from_str(&when[start..=end]).ok()
}

// ---------------------------------------------------------------------------
// Kira (Kira User Management)

const KIRA: &str = "kira/create-user";
const INDIVIDUAL: [&str; 2] = ["individual/usa", "individual/international"];
const BUSINESS: [&str; 2] = ["business/usa", "business/international"];

/// § Required Fields for Automatic Verification > Individual Users:
/// Field, USA Residents, International.
const KIRA_INDIVIDUAL_VERIFICATION: [(&str, &str, &str); 25] = [
    ("first_name", "Required", "Required"),
    ("last_name", "Required", "Required"),
    ("birth_date", "Required", "Required"),
    ("email", "Required", "Required"),
    ("phone", "Required", "Required"),
    ("address_street", "Required", "Required"),
    ("address_city", "Required", "Required"),
    ("address_state", "Required", "Required"),
    ("address_zip_code", "Required", "Required"),
    ("address_country", "Required", "Required"),
    ("document_type", "Required", "Required"),
    ("document_number", "Required", "Required"),
    ("document_country", "Required", "Required"),
    ("nationality", "Required", "Required"),
    ("gender", "Required", "Required"),
    ("ssn (via identifying_information)", "Required", "-"),
    ("tax_id (via identifying_information)", "-", "Required"),
    ("source_of_funds", "Required", "Required"),
    ("account_purpose", "Required", "Required"),
    ("employment_status", "Required", "Required"),
    ("occupation", "Required", "Required"),
    ("pep_status", "Required", "Required"),
    ("expected_monthly_payments", "-", "Required"),
    (
        "identifying_information with file_proof_of_address document",
        "Required",
        "Required",
    ),
    (
        "identifying_information with Government ID + front document",
        "Required",
        "Required",
    ),
];

/// § Required Fields for Automatic Verification > Business Users:
/// Field, USA Businesses, International.
const KIRA_BUSINESS_VERIFICATION: [(&str, &str, &str); 32] = [
    ("company_name", "Required", "Required"),
    ("doing_business_as", "Required", "Required"),
    ("business_type", "Required", "Required"),
    ("business_industry", "Required", "Required"),
    ("formation_date", "Required", "Required"),
    ("formation_state", "Required", "Required"),
    ("email", "Required", "Required"),
    ("phone", "Required", "Required"),
    ("address_street", "Required", "Required"),
    ("address_city", "Required", "Required"),
    ("address_state", "Required", "Required"),
    ("address_zip_code", "Required", "Required"),
    ("address_country", "Required", "Required"),
    ("document_type", "Required", "Required"),
    ("document_number", "Required", "Required"),
    ("document_country", "Required", "Required"),
    ("ein", "Required", "-"),
    ("tax_id (via identifying_information)", "-", "Required"),
    ("representative_first_name", "Required", "Required"),
    ("representative_last_name", "Required", "Required"),
    ("representative_title", "Required", "Required"),
    ("representative_birth_date", "Required", "Required"),
    ("representative_ssn", "Required", "-"),
    ("business_description", "Required", "Required"),
    ("business_website", "Required", "Required"),
    ("source_of_funds", "Required", "Required"),
    ("account_purpose", "Required", "Required"),
    ("pep_status", "Required", "Required"),
    ("expected_monthly_payments", "-", "Required"),
    (
        "identifying_information with file_proof_of_address",
        "Required",
        "Required",
    ),
    (
        "identifying_information with file_business_formation",
        "Required",
        "Required",
    ),
    (
        "associated_persons with Government ID + front document",
        "Required",
        "Required",
    ),
];

/// § Identifying Information > Identification Types: Type, Category,
/// Documents Required.
const KIRA_IDENTIFICATION_TYPES: [(&str, &str, &str); 19] = [
    ("passport", "Government ID", "Yes (front)"),
    ("national_id", "Government ID", "Yes (front, back)"),
    ("drivers_license", "Government ID", "Yes (front, back)"),
    (
        "state_or_provincial_id",
        "Government ID",
        "Yes (front, back)",
    ),
    (
        "permanent_residency_id",
        "Government ID",
        "Yes (front, back)",
    ),
    ("visa", "Government ID", "Yes (front)"),
    ("military_id", "Government ID", "Yes (front, back)"),
    ("matriculate_id", "Government ID", "Yes (front, back)"),
    ("ssn", "Tax ID", "No"),
    ("itin", "Tax ID", "No"),
    ("tax_id", "Tax ID", "No"),
    ("curp", "Tax ID", "No"),
    ("rfc", "Tax ID", "No"),
    ("cpf", "Tax ID", "No"),
    ("tin", "Tax ID", "No"),
    ("nuip", "Tax ID", "No"),
    ("proof_of_address", "Document", "Yes (file)"),
    ("source_of_wealth", "Document", "Yes (file)"),
    ("business_formation", "Document", "Yes (file)"),
];

/// § Identifying Information (Business Documents) > Business Identification
/// Types: Type, Category.
const KIRA_BUSINESS_IDENTIFICATION_TYPES: [(&str, &str); 4] = [
    ("business_formation", "Document"),
    ("proof_of_address", "Document"),
    ("ein", "Tax ID"),
    ("nit", "Tax ID"),
];

/// A field-description table: Field, Type, Required, Description.
type Rows = &'static [(&'static str, &'static str, &'static str, &'static str)];

/// § Individual User > Field Descriptions > Basic Information.
const KIRA_INDIVIDUAL_BASIC: Rows = &[
    ("type", "string", "Yes", "Must be \"individual\""),
    ("email", "string", "Yes", "Valid email address"),
    ("first_name", "string", "Yes", "User's first name"),
    ("last_name", "string", "Yes", "User's last name"),
    ("middle_name", "string", "No", "User's middle name"),
    (
        "phone",
        "string",
        "No*",
        "Phone number in E.164 format (e.g., +1234567890). *Required for KYC",
    ),
    (
        "birth_date",
        "string",
        "No*",
        "Date of birth in YYYY-MM-DD format. User must be 18+ years old. *Required for KYC",
    ),
    (
        "nationality",
        "string",
        "No",
        "3-letter ISO country code (e.g., \"USA\", \"MEX\")",
    ),
    (
        "gender",
        "string",
        "No",
        "Gender: \"male\", \"female\", or \"other\"",
    ),
    (
        "external_id",
        "string",
        "No",
        "Your internal reference ID for this user",
    ),
];

/// § Individual User > Address Fields.
const KIRA_INDIVIDUAL_ADDRESS: Rows = &[
    (
        "address_street",
        "string",
        "No*",
        "Street address. *Required for KYC",
    ),
    (
        "address_street_2",
        "string",
        "No",
        "Apartment, suite, unit, etc.",
    ),
    ("address_city", "string", "No*", "City. *Required for KYC"),
    (
        "address_state",
        "string",
        "No*",
        "State or province code. *Required for KYC",
    ),
    (
        "address_zip_code",
        "string",
        "No*",
        "ZIP or postal code. *Required for KYC",
    ),
    (
        "address_country",
        "string",
        "No*",
        "3-letter ISO country code. *Required for KYC",
    ),
];

/// § Identifying Information.
const KIRA_IDENTIFYING_INFORMATION: Rows = &[(
    "identifying_information",
    "array",
    "No*",
    "Array of identification objects. *Required for KYC",
)];

/// § Identifying Information > Identifying Information Object.
const KIRA_IDENTIFYING_INFORMATION_OBJECT: Rows = &[
    (
        "type",
        "string",
        "Yes",
        "Type of identification (see table below)",
    ),
    (
        "issuing_country",
        "string",
        "Yes",
        "3-letter ISO country code",
    ),
    (
        "number",
        "string",
        "No*",
        "ID number. *Required for tax IDs",
    ),
    (
        "expiration",
        "string",
        "No",
        "Expiration date in YYYY-MM-DD format",
    ),
    ("description", "string", "No", "Additional description"),
    (
        "documents",
        "array",
        "No*",
        "Array of document files. *Required for government IDs",
    ),
];

/// § Identifying Information > Document Object.
const KIRA_DOCUMENT_OBJECT: Rows = &[
    ("type", "string", "Yes", "Document type (see values below)"),
    ("file", "string", "Yes", "Base64 data URI only."),
    ("description", "string", "No", "Document description"),
];

/// § Document Type Values (Individual).
const KIRA_DOCUMENT_TYPES_INDIVIDUAL: [&str; 5] = [
    "front",
    "back",
    "selfie",
    "file_proof_of_address",
    "file_source_of_wealth",
];

/// § Document Type Values (Business).
const KIRA_DOCUMENT_TYPES_BUSINESS: [&str; 3] = [
    "file_proof_of_address",
    "file_business_formation",
    "file_source_of_wealth",
];

/// "Supported file formats: JPEG, PNG, PDF (max 10MB)", read as media types
/// and 10 MiB of decoded bytes (the rule's note).
const KIRA_FILE: &str =
    "a base64 data URI of image/jpeg, image/png, application/pdf, at most 10 MiB (10,485,760 bytes) decoded (a warning above 10 MB (10,000,000 bytes))";

/// § Individual User > Compliance Fields.
const KIRA_INDIVIDUAL_COMPLIANCE: Rows = &[
    ("pep_status", "boolean", "No*", "Is the user a Politically Exposed Person? *Required for KYC"),
    ("source_of_funds", "string", "No*", "Origin of funds (see values below). *Required for KYC"),
    ("account_purpose", "string", "No*", "Purpose of the account (see values below). *Required for KYC"),
    ("expected_monthly_payments", "string", "No", "Expected monthly volume (see values below)"),
    ("employment_status", "string", "No*", "Employment status (see values below). *Required for KYC and ACT virtual accounts"),
    ("current_employer", "string", "No", "Name of current employer. Applicable when employment_status is employed"),
    ("income_source", "string", "No", "Source of income. Applicable when employment_status is self_employed, retired, or unemployed"),
    ("occupation", "string", "No*", "User's occupation. *Required for KYC"),
    ("immigration_status", "string", "No*", "U.S. residency status for non-U.S. citizens. *Required for ACT virtual accounts (international individuals)"),
    ("additional_info", "object", "No*", "Additional information for ACT virtual accounts. *Required for ACT (international individuals and international businesses)"),
];

/// § Compliance Fields > Source of Funds Values (Individual KYC).
const KIRA_SOURCE_OF_FUNDS: [&str; 4] = [
    "salary",
    "self_employment_income",
    "investment_proceeds",
    "savings_inheritance_gift",
];
/// § Compliance Fields > Account Purpose Values (Individual KYC).
const KIRA_ACCOUNT_PURPOSE: [&str; 5] = [
    "receive_payments",
    "manage_professional_income",
    "make_payments",
    "manage_personal_funds",
    "investment_trading",
];
/// § Compliance Fields > Expected Monthly Payments Values.
const KIRA_EXPECTED_MONTHLY_PAYMENTS: [&str; 4] =
    ["0_4999", "5000_9999", "10000_49999", "50000_plus"];
/// § Compliance Fields > Employment Status Values.
const KIRA_EMPLOYMENT_STATUS: [&str; 5] = [
    "employed",
    "self_employed",
    "unemployed",
    "retired",
    "student",
];
/// § Compliance Fields > Immigration Status Values (ACT).
const KIRA_IMMIGRATION_STATUS: [&str; 3] = [
    "Permanent U.S. Resident",
    "Non-Permanent U.S. Resident",
    "Non-Resident of U.S.",
];

/// § Additional Info Fields (ACT) > Required for eligibility, then
/// > Optional (default to No if not provided, validated at ACT submission).
const KIRA_ADDITIONAL_INFO: Rows = &[
    (
        "has_us_bank_account",
        "Yes / No",
        "Yes",
        "Does the applicant have a U.S. bank account?",
    ),
    (
        "has_denied_bank_account",
        "Yes / No",
        "Yes",
        "Has the applicant been denied opening a U.S. bank account?",
    ),
    (
        "denied_bank_account_explain",
        "string",
        "When Yes",
        "Explanation required when has_denied_bank_account is Yes",
    ),
    (
        "past_owner_interaction",
        "Yes / No",
        "No",
        "Prior adverse interactions (tax audits, regulatory sanctions, etc.)?",
    ),
    (
        "past_owner_interaction_explain",
        "string",
        "When Yes",
        "Explanation required when past_owner_interaction is Yes",
    ),
    (
        "any_politically_exposed_person",
        "Yes / No",
        "No",
        "Is the applicant or any associated person a PEP?",
    ),
    (
        "any_politically_exposed_person_explain",
        "string",
        "When Yes",
        "Explanation required when any_politically_exposed_person is Yes",
    ),
    (
        "past_business_interaction",
        "Yes / No",
        "No",
        "Has the business had prior adverse interactions? (international businesses only)",
    ),
    (
        "past_business_interaction_explain",
        "string",
        "When Yes",
        "Explanation required when past_business_interaction is Yes",
    ),
];

/// § Individual User > Other Fields, and § Business User > Other Fields.
const KIRA_OTHER: Rows = &[
    ("metadata", "object", "No", "Custom key-value pairs"),
    (
        "documents",
        "array",
        "No",
        "Legacy document array (use identifying_information.documents instead)",
    ),
];

/// § Business User > Field Descriptions > Basic Information.
const KIRA_BUSINESS_BASIC: Rows = &[
    ("type", "string", "Yes", "Must be \"business\""),
    (
        "business_legal_name",
        "string",
        "Yes",
        "Legal registered business name",
    ),
    ("email", "string", "Yes", "Business contact email"),
    (
        "business_trade_name",
        "string",
        "No",
        "Trade name if different from legal name",
    ),
    ("doing_business_as", "string", "No", "DBA name"),
    (
        "business_type",
        "string",
        "No*",
        "Business entity type. *Required for KYC",
    ),
    (
        "business_description",
        "string",
        "No",
        "Description of business activities",
    ),
    (
        "business_industry",
        "array",
        "No",
        "Array of NAICS subsector codes (see values below)",
    ),
    ("business_website", "string", "No", "Business website URL"),
    ("phone", "string", "No", "Business phone number"),
    ("external_id", "string", "No", "Your internal reference ID"),
];

/// § Business User > Business Type Values.
const KIRA_BUSINESS_TYPES: [&str; 9] = [
    "limited_liability_company",
    "corporation",
    "general_partnership",
    "limited_liability_partnership",
    "sole_proprietor",
    "non_profit",
    "trust",
    "government_organization",
    "publicly_traded_company",
];

/// § Business Industry Values (NAICS Subsector Codes): Sector, Values.
const KIRA_NAICS: [(&str, &[&str]); 20] = [
    (
        "Agriculture, Forestry, Fishing and Hunting",
        &[
            "crop_production",
            "animal_production",
            "forestry_logging",
            "fishing_hunting_trapping",
            "support_activities_agriculture_forestry",
        ],
    ),
    (
        "Mining, Quarrying, and Oil and Gas Extraction",
        &[
            "oil_gas_extraction",
            "mining_except_oil_gas",
            "support_activities_mining",
        ],
    ),
    ("Utilities", &["utilities"]),
    (
        "Construction",
        &[
            "construction_of_buildings",
            "heavy_civil_engineering_construction",
            "specialty_trade_contractors",
        ],
    ),
    (
        "Manufacturing",
        &[
            "food_manufacturing",
            "beverage_tobacco_product_manufacturing",
            "textile_mills",
            "textile_product_mills",
            "apparel_manufacturing",
            "leather_allied_product_manufacturing",
            "wood_product_manufacturing",
            "paper_manufacturing",
            "printing_related_support_activities",
            "petroleum_coal_products_manufacturing",
            "chemical_manufacturing",
            "plastics_rubber_products_manufacturing",
            "nonmetallic_mineral_product_manufacturing",
            "primary_metal_manufacturing",
            "fabricated_metal_product_manufacturing",
            "machinery_manufacturing",
            "computer_electronic_product_manufacturing",
            "electrical_equipment_appliance_component_manufacturing",
            "transportation_equipment_manufacturing",
            "furniture_related_product_manufacturing",
            "miscellaneous_manufacturing",
        ],
    ),
    (
        "Wholesale Trade",
        &[
            "merchant_wholesalers_durable_goods",
            "merchant_wholesalers_nondurable_goods",
            "wholesale_electronic_markets_agents_brokers",
        ],
    ),
    (
        "Retail Trade",
        &[
            "motor_vehicle_parts_dealers",
            "furniture_home_furnishings_stores",
            "electronics_appliance_stores",
            "building_material_garden_equipment_supplies_dealers",
            "food_beverage_stores",
            "health_personal_care_stores",
            "gasoline_stations",
            "clothing_accessories_stores",
            "sporting_goods_hobby_book_music_stores",
            "general_merchandise_stores",
            "miscellaneous_store_retailers",
            "nonstore_retailers",
        ],
    ),
    (
        "Transportation and Warehousing",
        &[
            "air_transportation",
            "rail_transportation",
            "water_transportation",
            "truck_transportation",
            "transit_ground_passenger_transportation",
            "pipeline_transportation",
            "scenic_sightseeing_transportation",
            "support_activities_transportation",
            "postal_service",
            "couriers_messengers",
            "warehousing_storage",
        ],
    ),
    (
        "Information",
        &[
            "publishing_industries",
            "motion_picture_sound_recording_industries",
            "broadcasting",
            "internet_publishing_broadcasting",
            "telecommunications",
            "data_processing_hosting_related_services",
            "other_information_services",
        ],
    ),
    (
        "Finance and Insurance",
        &[
            "monetary_authorities_central_bank",
            "credit_intermediation_related_activities",
            "securities_commodity_contracts_financial_investments",
            "insurance_carriers_related_activities",
            "funds_trusts_other_financial_vehicles",
        ],
    ),
    (
        "Real Estate and Rental and Leasing",
        &[
            "real_estate",
            "rental_leasing_services",
            "lessors_nonfinancial_intangible_assets",
        ],
    ),
    (
        "Professional, Scientific, and Technical Services",
        &["professional_scientific_technical"],
    ),
    (
        "Management of Companies and Enterprises",
        &["management_of_companies"],
    ),
    (
        "Administrative and Support and Waste Management",
        &[
            "administrative_support_services",
            "waste_management_remediation_services",
        ],
    ),
    ("Educational Services", &["educational_services"]),
    (
        "Health Care and Social Assistance",
        &[
            "ambulatory_health_care_services",
            "hospitals",
            "nursing_residential_care_facilities",
            "social_assistance",
        ],
    ),
    (
        "Arts, Entertainment, and Recreation",
        &[
            "performing_arts_spectator_sports",
            "museums_historical_sites",
            "amusement_gambling_recreation_industries",
        ],
    ),
    (
        "Accommodation and Food Services",
        &["accommodation", "food_services_drinking_places"],
    ),
    (
        "Other Services",
        &[
            "repair_maintenance",
            "personal_laundry_services",
            "religious_grantmaking_civic_professional_organizations",
            "private_households",
        ],
    ),
    ("Public Administration", &["public_administration"]),
];

/// § Business User > Formation Information.
const KIRA_FORMATION: Rows = &[
    (
        "formation_date",
        "string",
        "No*",
        "Date of incorporation in YYYY-MM-DD format. *Required for KYC",
    ),
    (
        "formation_state",
        "string",
        "No*",
        "State/region where business was formed. *Required for KYC",
    ),
    (
        "formation_country",
        "string",
        "No",
        "3-letter ISO country code where business was incorporated (e.g., \"USA\", \"MEX\")",
    ),
];

/// § Business User > Address Fields.
const KIRA_BUSINESS_ADDRESS: Rows = &[
    (
        "address_street",
        "string",
        "No*",
        "Registered business address. *Required for KYC",
    ),
    ("address_street_2", "string", "No", "Suite, floor, etc."),
    ("address_city", "string", "No*", "City. *Required for KYC"),
    (
        "address_state",
        "string",
        "No*",
        "State or province. *Required for KYC",
    ),
    (
        "address_zip_code",
        "string",
        "No*",
        "ZIP or postal code. *Required for KYC",
    ),
    (
        "address_country",
        "string",
        "No*",
        "3-letter ISO country code. *Required for KYC",
    ),
];

/// § Business User > Tax Identifiers.
const KIRA_TAX_IDENTIFIERS: Rows = &[
    (
        "ein",
        "string",
        "No*",
        "USA Employer Identification Number. *Required for USA businesses",
    ),
    (
        "rfc",
        "string",
        "No*",
        "Mexico RFC. *Required for Mexico businesses",
    ),
    (
        "cnpj",
        "string",
        "No*",
        "Brazil CNPJ. *Required for Brazil businesses",
    ),
];

/// § Business User > Legal Representative.
const KIRA_LEGAL_REPRESENTATIVE: Rows = &[
    (
        "representative_first_name",
        "string",
        "No*",
        "Representative's first name. *Required for KYC",
    ),
    (
        "representative_last_name",
        "string",
        "No*",
        "Representative's last name. *Required for KYC",
    ),
    (
        "representative_title",
        "string",
        "No*",
        "Representative's title (CEO, Director, etc.). *Required for KYC",
    ),
    (
        "representative_birth_date",
        "string",
        "No*",
        "Representative's DOB in YYYY-MM-DD format. *Required for KYC",
    ),
    (
        "representative_ssn",
        "string",
        "No*",
        "Representative's SSN (USA only). *Required for USA KYC",
    ),
];

/// § Associated Persons (UBOs and Signers).
const KIRA_ASSOCIATED_PERSONS: Rows = &[(
    "associated_persons",
    "array",
    "No*",
    "Array of associated person objects. *Required for KYC",
)];

/// § Associated Persons > Associated Person Object.
const KIRA_ASSOCIATED_PERSON_OBJECT: Rows = &[
    ("first_name", "string", "Yes", "Person's first name"),
    ("last_name", "string", "Yes", "Person's last name"),
    ("middle_name", "string", "No", "Person's middle name"),
    ("email", "string", "No", "Person's email"),
    (
        "birth_date",
        "string",
        "No*",
        "Date of birth in YYYY-MM-DD. *Required for KYC",
    ),
    ("nationality", "string", "No", "3-letter country code"),
    ("title", "string", "No", "Position/title in the company"),
    (
        "has_ownership",
        "boolean",
        "No",
        "Does this person have ownership?",
    ),
    (
        "ownership_percentage",
        "number",
        "No",
        "Percentage owned (0-100)",
    ),
    (
        "has_control",
        "boolean",
        "No",
        "Does this person have control?",
    ),
    (
        "is_signer",
        "boolean",
        "No",
        "Is this person an authorized signer?",
    ),
    ("ssn", "string", "No", "SSN (USA persons only)"),
    ("address_street", "string", "No", "Street address"),
    ("address_city", "string", "No", "City"),
    ("address_state", "string", "No", "State/province"),
    ("address_zip_code", "string", "No", "ZIP/postal code"),
    ("address_country", "string", "No", "3-letter country code"),
    (
        "identifying_information",
        "array",
        "No*",
        "Government IDs. *Required for KYC",
    ),
];

/// § Identifying Information (Business Documents).
const KIRA_BUSINESS_IDENTIFYING_INFORMATION: Rows = &[(
    "identifying_information",
    "array",
    "No",
    "Business formation documents and tax IDs",
)];

/// § Business User > Compliance Fields.
const KIRA_BUSINESS_COMPLIANCE: Rows = &[
    (
        "pep_status",
        "boolean",
        "No*",
        "Any associated person is a PEP? *Required for KYC",
    ),
    (
        "source_of_funds",
        "string",
        "No*",
        "Origin of business funds. *Required for KYC",
    ),
    (
        "account_purpose",
        "string",
        "No*",
        "Purpose of the account. *Required for KYC",
    ),
    (
        "expected_monthly_payments",
        "string",
        "No",
        "Expected monthly volume",
    ),
    (
        "has_material_intermediary_ownership",
        "boolean",
        "No",
        "Is there intermediary ownership?",
    ),
];

/// Words of a description that name a format, and the format.
const KIRA_FORMAT_WORDS: [(&str, &str); 9] = [
    ("E.164", "e164"),
    ("YYYY-MM-DD", "date"),
    ("3-letter", "iso3166-alpha3"),
    ("Valid email", "email"),
    ("Base64 data URI", "data-uri"),
    ("Employer Identification Number", "ein"),
    ("Mexico RFC", "rfc"),
    ("Brazil CNPJ", "cnpj"),
    ("SSN", "ssn"),
];

/// Which kind of Kira table a row is from.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A field-description table: `Yes` is the API's own requirement.
    Fields,
    /// The ACT additional info table: `Yes` / `When Yes` are requirements
    /// for ACT eligibility, `No` is optional.
    Act,
}

struct Sets {
    government_id: Vec<String>,
    front_and_back: Vec<String>,
    tax_ids: Vec<String>,
    document_entries: Vec<String>,
}

fn kira_sets() -> Sets {
    let of = |category: &str| -> Vec<String> {
        KIRA_IDENTIFICATION_TYPES
            .iter()
            .filter(|(_, c, _)| *c == category)
            .map(|(t, _, _)| t.to_string())
            .chain(
                KIRA_BUSINESS_IDENTIFICATION_TYPES
                    .iter()
                    .filter(|(t, c)| {
                        *c == category && !KIRA_IDENTIFICATION_TYPES.iter().any(|(u, _, _)| u == t)
                    })
                    .map(|(t, _)| t.to_string()),
            )
            .collect()
    };
    Sets {
        government_id: of("Government ID"),
        front_and_back: KIRA_IDENTIFICATION_TYPES
            .iter()
            .filter(|(_, _, d)| *d == "Yes (front, back)")
            .map(|(t, _, _)| t.to_string())
            .collect(),
        tax_ids: of("Tax ID"),
        // source_of_wealth's file is "Required for usa-virtual-accounts
        // eligibility" only: it is not among those verification needs.
        document_entries: KIRA_IDENTIFICATION_TYPES
            .iter()
            .filter(|(t, _, d)| *d == "Yes (file)" && *t != "source_of_wealth")
            .map(|(t, _, _)| t.to_string())
            .collect(),
    }
}

/// What a row's Required column (and its star note) says for `variant`.
fn kira_want(
    field: &str,
    required: &str,
    description: &str,
    variant: &str,
    kind: Kind,
    sets: &Sets,
) -> Want {
    let usa = variant.ends_with("/usa");
    match (required, kind) {
        ("Yes", Kind::Fields) => Want::Gate("request"),
        ("Yes", Kind::Act) => Want::Gate("product:act"),
        ("No", Kind::Fields) => Want::NotRequest,
        ("No", Kind::Act) => Want::Optional,
        ("When Yes", _) => Want::GateWhen(
            "product:act",
            format!("{} = \"Yes\"", when_yes(description)),
        ),
        ("No*", _) => {
            let note = &description[description.find('*').unwrap()..];
            match note {
                "*Required for KYC" | "*Required for KYC and ACT virtual accounts" => {
                    Want::Gate("verification")
                }
                "*Required for USA businesses" | "*Required for USA KYC" if usa => {
                    Want::Gate("verification")
                }
                "*Required for USA businesses" | "*Required for USA KYC" => Want::Optional,
                "*Required for Mexico businesses" => {
                    Want::GateWhen("verification", "/address_country = \"MEX\"".into())
                }
                "*Required for Brazil businesses" => {
                    Want::GateWhen("verification", "/address_country = \"BRA\"".into())
                }
                "*Required for tax IDs" => {
                    Want::GateWhenIn("verification", "type", sets.tax_ids.clone())
                }
                "*Required for government IDs" => {
                    Want::GateWhenIn("verification", "type", sets.government_id.clone())
                }
                "*Required for ACT virtual accounts (international individuals)"
                | "*Required for ACT (international individuals and international businesses)" => {
                    if usa {
                        Want::Optional
                    } else {
                        Want::Gate("product:act")
                    }
                }
                other => panic!("{field}: a star note this test does not read: {other}"),
            }
        }
        (other, _) => panic!("{field}: a Required mark this test does not read: {other}"),
    }
}

/// "Explanation required when has_denied_bank_account is Yes" →
/// `has_denied_bank_account`.
fn when_yes(description: &str) -> &str {
    description
        .split("required when ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix(" is Yes"))
        .unwrap_or_else(|| panic!("not a When Yes description: {description}"))
}

/// Compare one field-description table, whose fields sit under `prefix`,
/// in `variants`.
fn kira_rows(
    t: &mut Table<'_>,
    cite: &str,
    rows: Rows,
    prefix: &str,
    variants: &[&str],
    kind: Kind,
    sets: &Sets,
) {
    // "(international businesses only)", and the explanation that goes
    // with such a field.
    let business_only: Vec<&str> = rows
        .iter()
        .filter(|(_, _, _, d)| d.ends_with("(international businesses only)"))
        .map(|(f, _, _, _)| *f)
        .collect();
    for (field, ty, required, description) in rows {
        let path = format!("{prefix}{field}");
        let cite = format!("{cite} ({field})");
        let restricted = business_only.contains(field)
            || (*required == "When Yes" && business_only.contains(&when_yes(description)));
        let only: &[&str] = if restricted {
            &["business/international"]
        } else {
            variants
        };
        for variant in variants {
            if !only.contains(variant) {
                t.cells += 1;
                if !t.entries(variant, EntryKind::Field, &path).is_empty() {
                    t.fail(&cite, variant, format!("{path} is for {only:?} only"));
                }
                continue;
            }
            let want = kira_want(field, required, description, variant, kind, sets);
            t.gate(&cite, variant, &path, &want);
            match *ty {
                "Yes / No" => {
                    t.ty(&cite, variant, &path, "string");
                    t.values(&cite, variant, &path, Some(&["Yes", "No"]));
                }
                ty => t.ty(&cite, variant, &path, ty),
            }
            for (words, format) in KIRA_FORMAT_WORDS {
                if description.contains(words) {
                    t.format(&cite, variant, &path, format);
                }
            }
            if description.contains("must be 18+") {
                t.constraint(&cite, variant, &path, "at least 18 years old");
            }
            if description.contains("(0-100)") {
                t.constraint(&cite, variant, &path, "0-100");
            }
            if let Some(rest) = description.strip_prefix("Must be \"") {
                let value = rest.trim_end_matches('"');
                t.values_include(&cite, variant, &path, &[value]);
            }
        }
    }
}

#[test]
fn kira_automatic_verification_tables() {
    if let Err(e) = kira_automatic_verification_tables_in(&explain(KIRA)) {
        panic!("{e}");
    }
}

fn kira_automatic_verification_tables_in(e: &Explanation) -> Result<(), String> {
    let sets = kira_sets();
    let mut t = Table::new(e);
    let gov = sets.government_id.clone();
    let is_gov_some =
        move |w: &str| w.starts_with("some item: type in ") && listed(w).as_ref() == Some(&gov);
    let gov = sets.government_id.clone();
    let is_gov_front = move |w: &str| {
        w.starts_with("each item where type in ")
            && w.ends_with(": documents has an item where type = \"front\"")
            && listed(w).as_ref() == Some(&gov)
    };
    let verification_or_request = |t: &Table<'_>, v: &str, path: &str| -> bool {
        t.entries(v, EntryKind::Field, path)
            .iter()
            .any(|f| (f.gate == "request" || f.gate == "verification") && f.when.is_none())
    };

    for (variants, rows, table) in [
        (
            INDIVIDUAL,
            &KIRA_INDIVIDUAL_VERIFICATION[..],
            "§ Required Fields for Automatic Verification > Individual Users",
        ),
        (
            BUSINESS,
            &KIRA_BUSINESS_VERIFICATION[..],
            "§ Required Fields for Automatic Verification > Business Users",
        ),
    ] {
        let business = variants[0].starts_with("business");
        for (field, usa, international) in rows {
            let cite = format!("{table} ({field})");
            for (variant, cell) in [(variants[0], *usa), (variants[1], *international)] {
                let required = match cell {
                    "Required" => true,
                    "-" => false,
                    other => panic!("{cite}: cell {other}"),
                };
                match *field {
                    // An identifying_information entry's type, number and
                    // issuing_country (docs/sources.md Kira): for individuals the
                    // government ID entry, for businesses a numbered entry.
                    "document_type" | "document_number" | "document_country" => {
                        assert!(required, "{cite}: the table requires it everywhere");
                        t.gate(
                            &cite,
                            variant,
                            "/identifying_information",
                            &Want::Gate("verification"),
                        );
                        match (*field, business) {
                            ("document_type", _) => t.gate(
                                &cite,
                                variant,
                                "/identifying_information/*/type",
                                &Want::Gate("request"),
                            ),
                            ("document_country", _) => t.gate(
                                &cite,
                                variant,
                                "/identifying_information/*/issuing_country",
                                &Want::Gate("request"),
                            ),
                            ("document_number", false) => t.gate(
                                &cite,
                                variant,
                                "/identifying_information/*/number",
                                &Want::GateWhenIn(
                                    "verification",
                                    "type",
                                    sets.government_id.clone(),
                                ),
                            ),
                            _ => {}
                        }
                        if business {
                            t.collection(
                                &cite,
                                variant,
                                "/identifying_information",
                                "verification",
                                true,
                                "for a numbered entry",
                                |w| w == "some item: number is present",
                            );
                        } else {
                            t.collection(
                                &cite,
                                variant,
                                "/identifying_information",
                                "verification",
                                true,
                                "for a government ID entry",
                                &is_gov_some,
                            );
                        }
                    }
                    "ssn (via identifying_information)"
                    | "tax_id (via identifying_information)" => {
                        let ty = field.split(' ').next().unwrap();
                        let want = format!("some item: type = \"{ty}\"");
                        t.collection(
                            &cite,
                            variant,
                            "/identifying_information",
                            "verification",
                            required,
                            &format!("for an entry of type {ty}"),
                            |w| w == want,
                        );
                        if required {
                            // With its number: a tax ID's number is required.
                            assert!(sets.tax_ids.iter().any(|x| x == ty));
                            t.gate(
                                &cite,
                                variant,
                                "/identifying_information/*/number",
                                &Want::GateWhenIn("verification", "type", sets.tax_ids.clone()),
                            );
                        }
                    }
                    "identifying_information with file_proof_of_address document"
                    | "identifying_information with file_proof_of_address"
                    | "identifying_information with file_business_formation" => {
                        assert!(required);
                        let doc = field
                            .rsplit("with ")
                            .next()
                            .unwrap()
                            .trim_end_matches(" document");
                        let want =
                            format!("some item: documents has an item where type = \"{doc}\"");
                        t.collection(
                            &cite,
                            variant,
                            "/identifying_information",
                            "verification",
                            true,
                            &format!("for an entry with a {doc} document"),
                            |w| w == want,
                        );
                    }
                    "identifying_information with Government ID + front document"
                    | "associated_persons with Government ID + front document" => {
                        assert!(required);
                        let array = if field.starts_with("associated_persons") {
                            t.gate(
                                &cite,
                                variant,
                                "/associated_persons",
                                &Want::Gate("verification"),
                            );
                            t.gate(
                                &cite,
                                variant,
                                "/associated_persons/*/identifying_information",
                                &Want::Gate("verification"),
                            );
                            "/associated_persons/*/identifying_information"
                        } else {
                            "/identifying_information"
                        };
                        t.collection(
                            &cite,
                            variant,
                            array,
                            "verification",
                            true,
                            "for a government ID",
                            &is_gov_some,
                        );
                        t.collection(
                            &cite,
                            variant,
                            array,
                            "verification",
                            true,
                            "for its front",
                            &is_gov_front,
                        );
                    }
                    plain => {
                        // The business table's company_name is
                        // business_legal_name (docs/sources.md Kira).
                        let name = if plain == "company_name" {
                            "business_legal_name"
                        } else {
                            plain
                        };
                        let path = format!("/{name}");
                        t.cells += 1;
                        if t.entries(variant, EntryKind::Field, &path).is_empty() {
                            t.fail(&cite, variant, format!("{path} is not in the explanation"));
                        } else if verification_or_request(&t, variant, &path) != required {
                            let got: Vec<_> = t
                                .entries(variant, EntryKind::Field, &path)
                                .iter()
                                .map(|f| (f.gate.clone(), f.when.clone()))
                                .collect();
                            t.fail(
                                &cite,
                                variant,
                                format!("{path}: the table says {cell}, explain says {got:?}"),
                            );
                        }
                    }
                }
            }
        }
    }
    // company_name itself is not a field (docs/sources.md Kira).
    for v in BUSINESS {
        assert!(t.entries(v, EntryKind::Field, "/company_name").is_empty());
    }
    t.finish(147)
}

#[test]
fn kira_identification_types() {
    if let Err(e) = kira_identification_types_in(&explain(KIRA)) {
        panic!("{e}");
    }
}

fn kira_identification_types_in(e: &Explanation) -> Result<(), String> {
    let sets = kira_sets();
    let mut t = Table::new(e);
    let individual: Vec<&str> = KIRA_IDENTIFICATION_TYPES
        .iter()
        .map(|(ty, _, _)| *ty)
        .collect();
    let all: Vec<&str> = KIRA_IDENTIFICATION_TYPES
        .iter()
        .map(|(ty, _, _)| *ty)
        .chain(
            KIRA_BUSINESS_IDENTIFICATION_TYPES
                .iter()
                .map(|(ty, _)| *ty)
                .filter(|ty| !KIRA_IDENTIFICATION_TYPES.iter().any(|(u, _, _)| u == ty)),
        )
        .collect();
    let cite = "§ Identification Types; § Business Identification Types";
    for v in INDIVIDUAL.iter().chain(&BUSINESS) {
        // An individual takes the Identification Types list; a business
        // both lists (the rule's note: its international table needs a
        // tax_id entry, which only the individual list names).
        let types = if v.starts_with("business/") {
            &all
        } else {
            &individual
        };
        t.values(cite, v, "/identifying_information/*/type", Some(types));
        // Documents Required "Yes (front)" and "Yes (front, back)".
        let gov = sets.government_id.clone();
        t.collection(
            cite,
            v,
            "/identifying_information",
            "verification",
            true,
            "front for each government ID",
            |w| {
                w.starts_with("each item where type in ")
                    && w.ends_with("documents has an item where type = \"front\"")
                    && listed(w).as_ref() == Some(&gov)
            },
        );
        let back = sets.front_and_back.clone();
        t.collection(
            cite,
            v,
            "/identifying_information",
            "verification",
            true,
            "back for front-and-back IDs",
            |w| {
                w.starts_with("each item where type in ")
                    && w.ends_with("documents has an item where type = \"back\"")
                    && listed(w).as_ref() == Some(&back)
            },
        );
        // Category Document, "Yes (file)": such an entry carries documents,
        // for verification; source_of_wealth's for usa-virtual-accounts.
        t.gate(
            cite,
            v,
            "/identifying_information/*/documents",
            &Want::GateWhenIn("verification", "type", sets.document_entries.clone()),
        );
        t.gate(
            cite,
            v,
            "/identifying_information/*/documents",
            &Want::GateWhen(
                "product:usa-virtual-accounts",
                "type = \"source_of_wealth\"".to_string(),
            ),
        );
        // source_of_wealth: "Required for usa-virtual-accounts eligibility".
        t.collection(
            cite,
            v,
            "/identifying_information",
            "product:usa-virtual-accounts",
            true,
            "a source_of_wealth entry",
            |w| w.contains("type = \"source_of_wealth\""),
        );
    }
    for v in BUSINESS {
        // A person: the Identification Types list, as for individuals.
        t.values(
            "§ Associated Persons; § Identification Types",
            v,
            "/associated_persons/*/identifying_information/*/type",
            Some(&individual),
        );
        let back = sets.front_and_back.clone();
        t.collection(
            cite,
            v,
            "/associated_persons/*/identifying_information",
            "verification",
            true,
            "back for front-and-back IDs",
            |w| listed(w).as_ref() == Some(&back) && w.ends_with("type = \"back\""),
        );
    }
    t.finish(28)
}

#[test]
fn kira_individual_field_tables() {
    if let Err(e) = kira_individual_field_tables_in(&explain(KIRA)) {
        panic!("{e}");
    }
}

fn kira_individual_field_tables_in(e: &Explanation) -> Result<(), String> {
    let sets = kira_sets();
    let mut t = Table::new(e);
    let id_object = "/identifying_information/*/";
    let doc_object = "/identifying_information/*/documents/*/";
    for (cite, rows, prefix, kind) in [
        (
            "§ Individual User > Basic Information",
            KIRA_INDIVIDUAL_BASIC,
            "/",
            Kind::Fields,
        ),
        (
            "§ Individual User > Address Fields",
            KIRA_INDIVIDUAL_ADDRESS,
            "/",
            Kind::Fields,
        ),
        (
            "§ Identifying Information",
            KIRA_IDENTIFYING_INFORMATION,
            "/",
            Kind::Fields,
        ),
        (
            "§ Identifying Information Object",
            KIRA_IDENTIFYING_INFORMATION_OBJECT,
            id_object,
            Kind::Fields,
        ),
        (
            "§ Document Object",
            KIRA_DOCUMENT_OBJECT,
            doc_object,
            Kind::Fields,
        ),
        (
            "§ Individual User > Compliance Fields",
            KIRA_INDIVIDUAL_COMPLIANCE,
            "/",
            Kind::Fields,
        ),
        (
            "§ Individual User > Other Fields",
            KIRA_OTHER,
            "/",
            Kind::Fields,
        ),
    ] {
        kira_rows(&mut t, cite, rows, prefix, &INDIVIDUAL, kind, &sets);
    }
    kira_rows(
        &mut t,
        "§ Additional Info Fields (ACT)",
        KIRA_ADDITIONAL_INFO,
        "/additional_info/",
        &["individual/international"],
        Kind::Act,
        &sets,
    );
    for v in INDIVIDUAL {
        let cite = "§ Individual User > values";
        t.values(cite, v, "/gender", Some(&["male", "female", "other"]));
        t.values(cite, v, "/source_of_funds", Some(&KIRA_SOURCE_OF_FUNDS));
        t.values(cite, v, "/account_purpose", Some(&KIRA_ACCOUNT_PURPOSE));
        t.values(
            cite,
            v,
            "/expected_monthly_payments",
            Some(&KIRA_EXPECTED_MONTHLY_PAYMENTS),
        );
        t.values(cite, v, "/employment_status", Some(&KIRA_EMPLOYMENT_STATUS));
        t.values(
            cite,
            v,
            "/immigration_status",
            Some(&KIRA_IMMIGRATION_STATUS),
        );
        t.values(
            cite,
            v,
            "/identifying_information/*/documents/*/type",
            Some(&KIRA_DOCUMENT_TYPES_INDIVIDUAL),
        );
        t.constraint(
            "§ Document Object (Supported file formats)",
            v,
            "/identifying_information/*/documents/*/file",
            KIRA_FILE,
        );
        // "sensitive": the document numbers, birth date and files.
        for path in [
            "/birth_date",
            "/identifying_information/*/number",
            "/identifying_information/*/documents/*/file",
        ] {
            t.cells += 1;
            if !t
                .entries(v, EntryKind::Field, path)
                .iter()
                .all(|f| f.sensitive)
            {
                t.fail(
                    "docs/design.md privacy",
                    v,
                    format!("{path} is not sensitive"),
                );
            }
        }
    }
    t.finish(214)
}

#[test]
fn kira_business_field_tables() {
    if let Err(e) = kira_business_field_tables_in(&explain(KIRA)) {
        panic!("{e}");
    }
}

fn kira_business_field_tables_in(e: &Explanation) -> Result<(), String> {
    let sets = kira_sets();
    let mut t = Table::new(e);
    let person = "/associated_persons/*/";
    for (cite, rows, prefix) in [
        (
            "§ Business User > Basic Information",
            KIRA_BUSINESS_BASIC,
            "/",
        ),
        (
            "§ Business User > Formation Information",
            KIRA_FORMATION,
            "/",
        ),
        (
            "§ Business User > Address Fields",
            KIRA_BUSINESS_ADDRESS,
            "/",
        ),
        (
            "§ Business User > Tax Identifiers",
            KIRA_TAX_IDENTIFIERS,
            "/",
        ),
        (
            "§ Business User > Legal Representative",
            KIRA_LEGAL_REPRESENTATIVE,
            "/",
        ),
        (
            "§ Associated Persons (UBOs and Signers)",
            KIRA_ASSOCIATED_PERSONS,
            "/",
        ),
        (
            "§ Associated Person Object",
            KIRA_ASSOCIATED_PERSON_OBJECT,
            person,
        ),
        (
            "§ Identifying Information Object (of an associated person)",
            KIRA_IDENTIFYING_INFORMATION_OBJECT,
            "/associated_persons/*/identifying_information/*/",
        ),
        (
            "§ Document Object (of an associated person)",
            KIRA_DOCUMENT_OBJECT,
            "/associated_persons/*/identifying_information/*/documents/*/",
        ),
        (
            "§ Identifying Information (Business Documents)",
            KIRA_BUSINESS_IDENTIFYING_INFORMATION,
            "/",
        ),
        (
            "§ Identifying Information Object",
            KIRA_IDENTIFYING_INFORMATION_OBJECT,
            "/identifying_information/*/",
        ),
        (
            "§ Document Object",
            KIRA_DOCUMENT_OBJECT,
            "/identifying_information/*/documents/*/",
        ),
        (
            "§ Business User > Compliance Fields",
            KIRA_BUSINESS_COMPLIANCE,
            "/",
        ),
        ("§ Business User > Other Fields", KIRA_OTHER, "/"),
    ] {
        kira_rows(&mut t, cite, rows, prefix, &BUSINESS, Kind::Fields, &sets);
    }
    kira_rows(
        &mut t,
        "§ Additional Info Fields (ACT)",
        KIRA_ADDITIONAL_INFO,
        "/additional_info/",
        &["business/international"],
        Kind::Act,
        &sets,
    );
    let naics: Vec<&str> = KIRA_NAICS
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .collect();
    for v in BUSINESS {
        let cite = "§ Business User > values";
        t.values(cite, v, "/business_type", Some(&KIRA_BUSINESS_TYPES));
        t.values(
            "§ Business Industry Values (NAICS Subsector Codes)",
            v,
            "/business_industry/*",
            Some(&naics),
        );
        t.values(
            cite,
            v,
            "/expected_monthly_payments",
            Some(&KIRA_EXPECTED_MONTHLY_PAYMENTS),
        );
        // Business values are not documented: free strings (docs/sources.md Kira).
        t.values(cite, v, "/source_of_funds", None);
        t.values(cite, v, "/account_purpose", None);
        t.values(
            "§ Document Type Values (Business)",
            v,
            "/identifying_information/*/documents/*/type",
            Some(&KIRA_DOCUMENT_TYPES_BUSINESS),
        );
        // A person's ID documents take the individual values.
        t.values(
            "§ Document Type Values (Individual)",
            v,
            "/associated_persons/*/identifying_information/*/documents/*/type",
            Some(&KIRA_DOCUMENT_TYPES_INDIVIDUAL),
        );
        t.constraint(
            "§ Document Object (Supported file formats)",
            v,
            "/identifying_information/*/documents/*/file",
            KIRA_FILE,
        );
        // § Associated Persons > Note: each associated person must include
        // identifying_information with at least one government ID
        // containing a documents array with a front image.
        let gov = sets.government_id.clone();
        t.collection(
            "§ Associated Persons (Note)",
            v,
            "/associated_persons/*/identifying_information",
            "verification",
            true,
            "a government ID",
            |w| w.starts_with("some item: type in ") && listed(w).as_ref() == Some(&gov),
        );
    }
    t.finish(373)
}

// ---------------------------------------------------------------------------
// UnDosTres (UnDosTres API docs, Create parent balance, POST /user/v1/account/create)

#[test]
fn undostres_composite_balance_tables() {
    if let Err(e) =
        undostres_composite_balance_tables_in(&explain("undostres/create-parent-balance"))
    {
        panic!("{e}");
    }
}

fn undostres_composite_balance_tables_in(e: &Explanation) -> Result<(), String> {
    let mut t = Table::new(e);
    // § The schema for composite_balance.parent JSON, two tables: Key,
    // Type, Max length, Required, Description, Example value.
    let tables: [(&str, &str, &str, &str, &str, &str, &str); 2] = [
        (
            "/composite_balance/",
            "parent",
            "object",
            "N/A",
            "true",
            "Information about the composite balance parent to be created",
            "See below for schema",
        ),
        (
            "/composite_balance/parent/",
            "credit_line",
            "int",
            "N/A",
            "true",
            "The composite balance parent’s credit line in Mexican cents",
            "10000000",
        ),
    ];
    for v in ["personal", "business"] {
        // The object holding `parent` carries it: required as well.
        t.gate(
            "§ Create parent balance",
            v,
            "/composite_balance",
            &Want::Gate("request"),
        );
        t.ty("§ Create parent balance", v, "/composite_balance", "object");
        for (prefix, key, ty, max_length, required, _, _) in tables {
            let cite = format!("§ The schema for composite_balance.parent JSON ({key})");
            let path = format!("{prefix}{key}");
            assert_eq!(required, "true");
            t.gate(&cite, v, &path, &Want::Gate("request"));
            t.ty(&cite, v, &path, if ty == "int" { "integer" } else { ty });
            // Max length N/A: no length bound.
            assert_eq!(max_length, "N/A");
            t.cells += 1;
            if t.entries(v, EntryKind::Field, &path)
                .iter()
                .any(|f| !f.constraints.is_empty())
            {
                t.fail(&cite, v, format!("{path}: the table gives no bound"));
            }
        }
    }
    // UnDosTres API docs, "Create account (Personal or Business)" (the page
    // of the same endpoint for the personal fields): the account type
    // follows gender; rfc is 13 characters for a personal account, 12 for a
    // business; a business must not send middle_name or second_last_name;
    // curp is personal only. Neither page says gender is required: it is
    // only expected, as a warning (the rule file's reading).
    let cite = "UnDosTres API docs, Create account (Personal or Business)";
    for v in ["personal", "business"] {
        t.gate(cite, v, "/gender", &Want::Optional);
        t.constraint(cite, v, "/gender", WARNING_ONLY);
        t.constraint(cite, v, "/gender", "expected");
        // Neither page gives the e-mail syntax: a warning.
        t.format(cite, v, "/email", "email");
        t.gate(cite, v, "/email", &Want::Optional);
        t.constraint(cite, v, "/email", WARNING_ONLY);
        t.cells += 1;
        let gender = t.entries(v, EntryKind::Field, "/gender");
        if !gender
            .iter()
            .any(|f| f.enumeration == Some(vec![1.into(), 2.into(), 3.into()]))
        {
            t.fail(cite, v, "/gender: one of 1, 2, 3".into());
        }
    }
    t.constraint(cite, "personal", "/rfc", "length 13");
    t.constraint(cite, "business", "/rfc", "length 12");
    for field in ["/middle_name", "/second_last_name"] {
        t.gate(cite, "personal", field, &Want::Optional);
        t.gate(cite, "business", field, &Want::Forbidden);
    }
    t.gate(cite, "personal", "/curp", &Want::Optional);
    t.format(cite, "personal", "/curp", "curp");
    t.cells += 1;
    if !t.entries("business", EntryKind::Field, "/curp").is_empty() {
        t.fail(cite, "business", "curp does not apply to a business".into());
    }
    t.finish(39)
}

// ---------------------------------------------------------------------------
// Immersve (Immersve API reference, Create Account, POST /api/accounts)

#[test]
fn immersve_one_of_shapes() {
    if let Err(e) = immersve_one_of_shapes_in(&explain("immersve/create-account")) {
        panic!("{e}");
    }
}

fn immersve_one_of_shapes_in(e: &Explanation) -> Result<(), String> {
    let mut t = Table::new(e);
    // § Create Account > Request > Body, "oneOf": each shape's field
    // descriptions as the seed lists them, with the key names and required
    // marks the copy lost restored from the Immersve API reference and its
    // custodial integration guide (
    // non-custodial name optional, partnerAccountId and ownerUserId
    // required; custodial parentAccountId, the partner account it "must be
    // made child of"; partner parentAccountId and ownerUserId optional,
    // "If provided").
    type Shape = (
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    );
    let shapes: [Shape; 3] = [
        (
            "Create non-custodial cardholder account",
            "cardholder/non-custodial",
            &[
                ("type", "Possible values: [cardholder] The type of the account", "required"),
                ("name", "Account name", "optional"),
                ("partnerAccountId", "The id of the partner account that this cardholder must be linked to", "required"),
                ("ownerUserId", "This user will be set as the owner of the created account", "required"),
            ],
        ),
        (
            "Create custodial cardholder account",
            "cardholder/custodial",
            &[
                ("type", "Possible values: [cardholder] The type of the account", "required"),
                ("name", "Account name", "optional"),
                ("parentAccountId", "The id of the partner account that this cardholder must be made child of", "required"),
            ],
        ),
        (
            "Create partner account",
            "partner",
            &[
                ("type", "Possible values: [partner] The type of the account", "required"),
                ("name", "Account name", "optional"),
                ("parentAccountId", "Parent account. If provided, this account will be set as the parent of the created account", "optional"),
                ("ownerUserId", "Owner user id. If provided, this user will be set as the owner of the created account", "optional"),
            ],
        ),
    ];
    for (shape, variant, fields) in shapes {
        for (key, description, required) in fields {
            let cite = format!("§ Create Account > Request > Body > {shape} ({key})");
            let path = format!("/{key}");
            let want = if *required == "required" {
                Want::Gate("request")
            } else {
                Want::Optional
            };
            t.gate(&cite, variant, &path, &want);
            t.ty(&cite, variant, &path, "string");
            if let Some(rest) = description.strip_prefix("Possible values: [") {
                let value = rest.split(']').next().unwrap();
                t.values_include(&cite, variant, &path, &[value]);
            }
        }
    }
    // "oneOf": a body matching both cardholder shapes (partnerAccountId,
    // ownerUserId and parentAccountId) is rejected, so each cardholder shape
    // must not send the other's id then. A custodial cardholder naming a
    // partnerAccountId without an ownerUserId matches the custodial shape
    // only: a warning, never an error (no additionalProperties: false).
    let cite = "§ Create Account > Request > Body (oneOf, cardholder shapes)";
    t.gate(
        cite,
        "cardholder/custodial",
        "/partnerAccountId",
        &Want::GateWhen(FORBIDDEN, "/ownerUserId is present".into()),
    );
    t.constraint(
        cite,
        "cardholder/custodial",
        "/partnerAccountId",
        WARNING_ONLY,
    );
    t.gate(
        cite,
        "cardholder/non-custodial",
        "/parentAccountId",
        &Want::Forbidden,
    );
    // Nothing else is forbidden: a property a shape does not list is not
    // checked in it.
    for (variant, path) in [
        ("cardholder/custodial", "/ownerUserId"),
        ("partner", "/partnerAccountId"),
    ] {
        t.cells += 1;
        if !t.entries(variant, EntryKind::Field, path).is_empty() {
            t.fail(cite, variant, format!("{path}: the shape does not list it"));
        }
    }
    t.finish(30)
}

// ---------------------------------------------------------------------------
// Customers API (customers API reference, Create an individual customer,
// POST /customers/individual)

/// § Request > Body: every "Possible values" country list of the seed
/// (nationality, taxCountry, issuingCountry, country: the same list, four
/// times).
const CUSTOMERS_COUNTRIES: [&str; 249] = [
    "AF", "AX", "AL", "DZ", "AS", "AD", "AO", "AI", "AQ", "AG", "AR", "AM", "AW", "AU", "AT", "AZ",
    "BS", "BH", "BD", "BB", "BY", "BE", "BZ", "BJ", "BM", "BT", "BO", "BQ", "BA", "BW", "BV", "BR",
    "IO", "BN", "BG", "BF", "BI", "KH", "CM", "CA", "CV", "KY", "CF", "TD", "CL", "CN", "CX", "CC",
    "CO", "KM", "CG", "CD", "CK", "CR", "CI", "HR", "CU", "CW", "CY", "CZ", "DK", "DJ", "DM", "DO",
    "EC", "EG", "SV", "GQ", "ER", "EE", "ET", "FK", "FO", "FJ", "FI", "FR", "GF", "PF", "TF", "GA",
    "GM", "GE", "DE", "GH", "GI", "GR", "GL", "GD", "GP", "GU", "GT", "GG", "GN", "GW", "GY", "HT",
    "HM", "VA", "HN", "HK", "HU", "IS", "IN", "ID", "IR", "IQ", "IE", "IM", "IL", "IT", "JM", "JP",
    "JE", "JO", "KZ", "KE", "KI", "KR", "KP", "KW", "KG", "LA", "LV", "LB", "LS", "LR", "LY", "LI",
    "LT", "LU", "MO", "MK", "MG", "MW", "MY", "MV", "ML", "MT", "MH", "MQ", "MR", "MU", "YT", "MX",
    "FM", "MD", "MC", "MN", "ME", "MS", "MA", "MZ", "MM", "NA", "NR", "NP", "NL", "NC", "NZ", "NI",
    "NE", "NG", "NU", "NF", "MP", "NO", "OM", "PK", "PW", "PS", "PA", "PG", "PY", "PE", "PH", "PN",
    "PL", "PT", "PR", "QA", "RE", "RO", "RU", "RW", "BL", "SH", "KN", "LC", "MF", "PM", "VC", "WS",
    "SM", "ST", "SA", "SN", "RS", "SC", "SL", "SG", "SX", "SK", "SI", "SB", "SO", "ZA", "GS", "SS",
    "ES", "LK", "SD", "SR", "SJ", "SZ", "SE", "CH", "SY", "TW", "TJ", "TZ", "TH", "TL", "TG", "TK",
    "TO", "TT", "TN", "TR", "TM", "TC", "TV", "UG", "UA", "AE", "GB", "US", "UM", "UY", "UZ", "VU",
    "VE", "VN", "VG", "VI", "WF", "EH", "YE", "ZM", "ZW",
];

/// § Request > Body > basicData: the occupation "Possible values".
const CUSTOMERS_OCCUPATIONS: [&str; 28] = [
    "11", "13", "15", "17", "19", "21", "23", "25", "27", "29", "31", "33", "35", "37", "39", "41",
    "43", "45", "47", "49", "51", "53", "55", "SELFEMP", "OTHERXX", "STUDENT", "RETIRED",
    "UNEMPLO",
];

#[test]
fn customers_request_body() {
    if let Err(e) = customers_request_body_in(&explain("customers/create-individual")) {
        panic!("{e}");
    }
}

fn customers_request_body_in(e: &Explanation) -> Result<(), String> {
    let mut t = Table::new(e);
    let v = "default";
    // § Request > Body, in the seed's order: its description (or "object
    // required"), with the key names the copy lost assumed (the rule file
    // and docs/sources.md say which).
    let cite = "§ Request > Body";
    // "basicData / object / required" and the three others.
    for object in [
        "/basicData",
        "/taxInformation",
        "/identification",
        "/mainAddress",
    ] {
        t.gate(cite, v, object, &Want::Gate("request"));
        t.ty(cite, v, object, "object");
    }
    // "Email address (must be valid email format)"
    t.gate(cite, v, "/email", &Want::Optional);
    t.format(cite, v, "/email", "email");
    // "Phone number (digits, spaces, hyphens, plus signs, parentheses only)"
    t.gate(cite, v, "/phone", &Want::Optional);
    t.constraint(cite, v, "/phone", WARNING_ONLY);
    let phone = t.pattern(v, "/phone").expect("/phone has a pattern");
    t.cells += 1;
    if !(phone.is_match("+1 (555) 123-4567")
        && !phone.is_match("555.123.4567")
        && !phone.is_match("call me"))
    {
        t.fail(
            cite,
            v,
            "/phone: digits, spaces, hyphens, plus signs, parentheses only".into(),
        );
    }
    // "Possible values: <= 4 characters"; "Must be 1-4 digits. Will be
    // formatted as E.164 standard (e.g., "+1")."
    t.gate(cite, v, "/phoneCountryCode", &Want::Optional);
    t.constraint(cite, v, "/phoneCountryCode", "length at most 4");
    let code = t
        .pattern(v, "/phoneCountryCode")
        .expect("/phoneCountryCode has a pattern");
    t.cells += 1;
    let digits =
        code.is_match("1") && code.is_match("1234") && !code.is_match("+1") && !code.is_match("");
    if !digits {
        t.fail(cite, v, "/phoneCountryCode: 1-4 digits".into());
    }
    // basicData: "Possible values: [M, F, O]"; "Mandatory: ... If left
    // blank, this will default to O (Other)": optional, blank accepted (the
    // rule's note).
    t.values(cite, v, "/basicData/gender", Some(&["M", "F", "O"]));
    t.gate(cite, v, "/basicData/gender", &Want::Optional);
    t.cells += 1;
    if !t
        .entries(v, EntryKind::Field, "/basicData/gender")
        .iter()
        .all(|f| f.when.as_deref() == Some("gender != \"\""))
    {
        t.fail(cite, v, "/basicData/gender: blank defaults to O".into());
    }
    // The four country lists, and the occupations.
    for path in [
        "/basicData/nationality",
        "/taxInformation/taxCountry",
        "/identification/issuingCountry",
        "/mainAddress/country",
    ] {
        t.values(cite, v, path, Some(&CUSTOMERS_COUNTRIES));
    }
    t.values(
        cite,
        v,
        "/basicData/occupation",
        Some(&CUSTOMERS_OCCUPATIONS),
    );
    // taxInformation: "Tax number (alphanumeric, hyphens, underscores only)",
    // "Possible values: [NATIONAL_INSURANCE_NUMBER, TAX_CODE]".
    // identification: "Identification code (alphanumeric, hyphens,
    // underscores only)". mainAddress: "ZIP code (alphanumeric, spaces,
    // hyphens, underscores only)".
    t.values(
        cite,
        v,
        "/taxInformation/taxNumberType",
        Some(&["NATIONAL_INSURANCE_NUMBER", "TAX_CODE"]),
    );
    for (path, space) in [
        ("/taxInformation/taxNumber", false),
        ("/identification/idCode", false),
        ("/mainAddress/zipCode", true),
    ] {
        t.gate(cite, v, path, &Want::Optional);
        // The page says which characters, not how many: empty is a warning.
        t.constraint(cite, v, path, WARNING_ONLY);
        let re = t
            .pattern(v, path)
            .unwrap_or_else(|| panic!("{path} has a pattern"));
        t.cells += 1;
        let ok = re.is_match("AB-12_c9")
            && !re.is_match("AB.12")
            && !re.is_match("AB/12")
            && re.is_match("SW1A 1AA") == space;
        if !ok {
            t.fail(
                cite,
                v,
                format!(
                    "{path}: alphanumeric, hyphens, underscores{}",
                    if space { ", spaces" } else { "" }
                ),
            );
        }
    }
    // "Use true for politically exposed person or false for otherwise";
    // "Explanation of PEP status if TRUE".
    t.ty(cite, v, "/isPep", "boolean");
    t.gate(cite, v, "/isPep", &Want::Optional);
    t.ty(cite, v, "/pepExplanation", "string");
    t.gate(
        cite,
        v,
        "/pepExplanation",
        &Want::GateWhen("request", "/isPep = true".into()),
    );
    t.finish(38)
}

// ---------------------------------------------------------------------------
// Passport (Passport PaaS docs, Create Customer, POST /v1/paas/entities/customers)

#[test]
fn passport_request_body() {
    if let Err(e) = passport_request_body_in(&explain("passport/create-customer")) {
        panic!("{e}");
    }
}

fn passport_request_body_in(e: &Explanation) -> Result<(), String> {
    let mut t = Table::new(e);
    // § Request Body: Parameter, Type, Constraints, Required, Description.
    let rows: [(&str, &str, &str, &str, &str); 6] = [
        (
            "type",
            "String",
            "ENUM: BUSINESS",
            "Yes",
            "The customer type.",
        ),
        (
            "business_name",
            "String",
            "1-140",
            "Yes",
            "The business name if the customer is a company.",
        ),
        (
            "email",
            "String",
            "1-35",
            "Yes",
            "The email address associated with the customer.",
        ),
        (
            "mobile_phone_number",
            "String",
            "E.164 format, max 15 digits",
            "Yes",
            "The contact phone number for the customer. (+573402977997)",
        ),
        (
            "identification_type",
            "String",
            "ENUM: NIT",
            "Yes",
            "The type of identification",
        ),
        (
            "identification_number",
            "String",
            "9",
            "Yes",
            "The customer unique identification number, without check digit.",
        ),
    ];
    let v = "default";
    for (parameter, ty, constraints, required, _) in rows {
        let cite = format!("§ Request Body ({parameter})");
        let path = format!("/{parameter}");
        assert_eq!(required, "Yes");
        t.gate(&cite, v, &path, &Want::Gate("request"));
        t.ty(&cite, v, &path, &ty.to_lowercase());
        if let Some(value) = constraints.strip_prefix("ENUM: ") {
            t.values(&cite, v, &path, Some(&[value]));
        } else if let Some((min, max)) = constraints.split_once('-') {
            t.constraint(&cite, v, &path, &format!("length {min}-{max}"));
        } else if constraints.starts_with("E.164") {
            t.format(&cite, v, &path, "e164");
        } else if constraints == "9" {
            // Nine digits, "without check digit" (DIAN NIT: the base).
            t.format(&cite, v, &path, "nit-base");
        } else {
            panic!("{cite}: constraint {constraints}");
        }
    }
    t.cells += 1;
    if !t
        .entries(v, EntryKind::Field, "/identification_number")
        .iter()
        .all(|f| f.sensitive)
    {
        t.fail(
            "privacy (docs/design.md)",
            v,
            "a NIT is a tax id: sensitive".into(),
        );
    }
    // "The email address associated with the customer": a length, no
    // syntax, so the e-mail format is a warning.
    t.format("§ Request Body (email)", v, "/email", "email");
    t.constraint("§ Request Body (email)", v, "/email", WARNING_ONLY);
    t.finish(21)
}

#[test]
fn every_rule_set_is_pinned_here() {
    // Sorted, as the catalog lists them.
    let pinned = [
        // Pinned against its page's tables in tests/alpaca.rs.
        "alpaca/create-account",
        "customers/create-individual",
        "immersve/create-account",
        KIRA,
        "passport/create-customer",
        "undostres/create-parent-balance",
    ];
    let ids: Vec<&str> = Catalog::embedded().ids().collect();
    assert_eq!(
        ids, pinned,
        "a new rule set needs its document's tables here"
    );
}

/// Rules edited away from their documents, each caught by its table: the
/// embedded rule text with one edit, compiled at run time.
#[test]
fn a_rule_edited_away_from_its_document_fails_its_table() {
    type Check = fn(&Explanation) -> Result<(), String>;
    let cases: [(&str, &str, &str, Check); 17] = [
        // doing_business_as no longer required for verification.
        (KIRA, "path = \"/doing_business_as\"\nvariants = [\"business\"]\ntype = \"string\"\nrequired = \"verification\"\n", "path = \"/doing_business_as\"\nvariants = [\"business\"]\ntype = \"string\"\n", kira_automatic_verification_tables_in),
        // The USA individual's entry becomes an itin.
        (KIRA, "some = { path = \"type\", equals = \"ssn\" }", "some = { path = \"type\", equals = \"itin\" }", kira_automatic_verification_tables_in),
        // ein required for international businesses too.
        (KIRA, "require = [{ gate = \"verification\", variants = [\"business/usa\"] }]\nsensitive = true\nhint = \"XX-XXXXXXX\"", "require = [{ gate = \"verification\", variants = [\"business\"] }]\nsensitive = true\nhint = \"XX-XXXXXXX\"", kira_automatic_verification_tables_in),
        // expected_monthly_payments no longer required for international users.
        (KIRA, "require = [{ gate = \"verification\", variants = [\"*/international\"] }]\nsource = \"§ Compliance Fields (Expected", "source = \"§ Compliance Fields (Expected", kira_automatic_verification_tables_in),
        // visa is no longer a government ID.
        (KIRA, "\"permanent_residency_id\", \"visa\", \"military_id\", \"matriculate_id\",\n]\n# \"Documents", "\"permanent_residency_id\", \"military_id\", \"matriculate_id\",\n]\n# \"Documents", kira_identification_types_in),
        // A military ID no longer needs its back.
        (KIRA, "\"permanent_residency_id\", \"military_id\", \"matriculate_id\",\n]\n# Category \"Tax ID\"", "\"permanent_residency_id\", \"matriculate_id\",\n]\n# Category \"Tax ID\"", kira_identification_types_in),
        // business_legal_name demoted from the API's requirement.
        (KIRA, "path = \"/business_legal_name\"\nvariants = [\"business\"]\ntype = \"string\"\nrequired = \"request\"", "path = \"/business_legal_name\"\nvariants = [\"business\"]\ntype = \"string\"\nrequired = \"verification\"", kira_business_field_tables_in),
        // A gender value the document does not list.
        (KIRA, "enum = [\"male\", \"female\", \"other\"]", "enum = [\"male\", \"female\", \"other\", \"unknown\"]", kira_individual_field_tables_in),
        // The tax IDs lose nuip: its number is no longer required.
        (KIRA, "tax_ids = [\"ssn\", \"itin\", \"tax_id\", \"curp\", \"rfc\", \"cpf\", \"tin\", \"nuip\", \"ein\", \"nit\"]", "tax_ids = [\"ssn\", \"itin\", \"tax_id\", \"curp\", \"rfc\", \"cpf\", \"tin\", \"ein\", \"nit\"]", kira_individual_field_tables_in),
        ("passport/create-customer", "max_length = 140", "max_length = 141", passport_request_body_in),
        ("customers/create-individual", "\"SELFEMP\", \"OTHERXX\", \"STUDENT\", \"RETIRED\", \"UNEMPLO\",", "\"SELFEMP\", \"OTHERXX\", \"STUDENT\", \"UNEMPLO\",", customers_request_body_in),
        ("customers/create-individual", "require = [{ gate = \"request\", when = { path = \"/isPep\", equals = true } }]", "", customers_request_body_in),
        ("undostres/create-parent-balance", "path = \"/composite_balance/parent/credit_line\"\ntype = \"integer\"", "path = \"/composite_balance/parent/credit_line\"\ntype = \"number\"", undostres_composite_balance_tables_in),
        ("immersve/create-account", "require = [{ gate = \"request\", variants = [\"cardholder/non-custodial\"] }]\nhint = \"the id of the user", "hint = \"the id of the user", immersve_one_of_shapes_in),
        // gender made an error: no page says it is required.
        ("undostres/create-parent-balance", "severity = \"warning\"\nsource = \"domain knowledge: gender decides", "source = \"domain knowledge: gender decides", undostres_composite_balance_tables_in),
        // A custodial cardholder with a partnerAccountId (and no owner) made an error: the oneOf accepts it.
        ("immersve/create-account", "severity = \"warning\"\nsource = \"domain knowledge: the document describes", "source = \"domain knowledge: the document describes", immersve_one_of_shapes_in),
        // The e-mail syntax made an error: the page gives only a length.
        ("passport/create-customer", "severity = \"warning\"\nhint = \"e.g. pagos@", "hint = \"e.g. pagos@", passport_request_body_in),
    ];
    for (id, from, to, check) in cases {
        let text = Catalog::embedded().text(id).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{id}: the edit site {from:?} is not unique"
        );
        let rules = kyc_preflight::RuleSet::from_toml(id, &text.replacen(from, to, 1)).unwrap();
        let explanation = rules.explain(None).unwrap();
        assert!(
            check(&explanation).is_err(),
            "{id}: editing {from:?} into {to:?} is not caught by its table"
        );
    }
}
