//! The rule file as written: serde structs of the TOML, unchecked.
//!
//! Every struct denies unknown keys, and the values that later checks may
//! reject carry their [`Spanned`] position, so the compiler can point at the
//! exact `line:column` of a mistake. Nothing here has meaning yet: see
//! [`super::compile`] for the checks and [`super::plan`] for the result.

use serde::Deserialize;
use toml::Spanned;

/// `[[gate]]`: an outcome the integrator cares about.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawGate {
    pub name: Spanned<String>,
    #[serde(default)]
    pub depends: Vec<Spanned<String>>,
    /// How a requirement for this gate reads: "for automatic verification".
    pub phrase: Option<String>,
    pub description: Option<String>,
}

/// `[[variant]]`: a branch of the rule set chosen by the payload itself.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawVariant {
    pub name: Spanned<String>,
    pub when: Option<Spanned<RawCond>>,
    pub description: Option<String>,
}

/// A condition on the payload, as data.
///
/// Exactly one operator: `equals`, `not_equals`, `in`/`in_set`,
/// `not_in`/`not_in_set`, `present`, `matches`, `contains` (each needs
/// `path`), or
/// `all`, `any`, `not` (which do not).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCond {
    pub path: Option<Spanned<String>>,
    pub equals: Option<Spanned<toml::Value>>,
    pub not_equals: Option<Spanned<toml::Value>>,
    #[serde(rename = "in")]
    pub in_: Option<Spanned<Vec<toml::Value>>>,
    pub in_set: Option<Spanned<String>>,
    pub not_in: Option<Spanned<Vec<toml::Value>>>,
    pub not_in_set: Option<Spanned<String>>,
    pub present: Option<Spanned<bool>>,
    /// The value is a string the regex matches (anywhere, unless anchored).
    pub matches: Option<Spanned<String>>,
    pub contains: Option<Box<Spanned<RawCond>>>,
    pub all: Option<Vec<Spanned<RawCond>>>,
    pub any: Option<Vec<Spanned<RawCond>>>,
    pub not: Option<Box<Spanned<RawCond>>>,
}

/// One entry of `require = [...]` (or `forbid = [...]`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawRequirement {
    pub gate: Spanned<String>,
    pub variants: Option<Vec<Spanned<String>>>,
    pub when: Option<Spanned<RawCond>>,
    /// Overrides the rule's source for this requirement.
    pub source: Option<String>,
    /// The whole message of the finding, instead of the one built from the
    /// label, the gate's phrase and the hint ("`label` is required
    /// `phrase` (`hint`)", "`label` must not be sent here: remove it").
    pub message: Option<String>,
}

/// `file = { ... }`: a document carried as a base64 data URI.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFile {
    pub media_types: Spanned<Vec<String>>,
    pub max_bytes: Option<Spanned<u64>>,
    /// A decoded size above this, yet within `max_bytes`, is a warning: for
    /// a limit the document states ambiguously ("10MB": 10,000,000 bytes
    /// or 10 MiB).
    pub warn_bytes: Option<Spanned<u64>>,
    /// Other names of listed media types (`{ "image/jpg" = "image/jpeg" }`).
    pub media_type_aliases: Option<Spanned<toml::Table>>,
    /// The file is plain base64, its media type in the member at this
    /// pointer (relative to the object holding the file, like a condition's
    /// `path`), instead of a data URI.
    pub media_type_path: Option<Spanned<String>>,
}

/// `[[field]]`: what one JSON value must be.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    pub id: Option<Spanned<String>>,
    pub path: Spanned<String>,
    pub variants: Option<Vec<Spanned<String>>>,
    pub when: Option<Spanned<RawCond>>,
    #[serde(rename = "type")]
    pub ty: Option<Spanned<String>>,
    pub format: Option<Spanned<String>>,
    #[serde(rename = "enum")]
    pub enumeration: Option<Spanned<Vec<toml::Value>>>,
    pub enum_set: Option<Spanned<String>>,
    /// Values the field must not have (`["CAF", "EGY"]`), or a named set.
    pub not_in: Option<Spanned<Vec<toml::Value>>>,
    pub not_in_set: Option<Spanned<String>>,
    pub min_length: Option<Spanned<u64>>,
    pub max_length: Option<Spanned<u64>>,
    pub pattern: Option<Spanned<String>>,
    /// How the pattern reads to a person: "digits only".
    pub pattern_hint: Option<String>,
    /// A regex the value must not match ("not a PO Box").
    pub not_pattern: Option<Spanned<String>>,
    /// What a match means, for a person: "a PO Box".
    pub not_pattern_hint: Option<String>,
    pub minimum: Option<Spanned<f64>>,
    pub maximum: Option<Spanned<f64>>,
    pub min_items: Option<Spanned<u64>>,
    pub max_items: Option<Spanned<u64>>,
    pub file: Option<Spanned<RawFile>>,
    pub min_age: Option<Spanned<u32>>,
    pub not_expired: Option<Spanned<bool>>,
    /// The value (an object) has at least one of these members.
    pub one_of_required: Option<Spanned<Vec<String>>>,
    /// The value must be one the `[tables]` entry allows for the value at
    /// `path` (the identification types allowed per country).
    pub allowed_by: Option<Spanned<RawAllowedBy>>,
    /// Shorthand: required for this gate wherever the field applies.
    pub required: Option<Spanned<String>>,
    #[serde(default)]
    pub require: Vec<RawRequirement>,
    #[serde(default)]
    pub forbid: Vec<RawRequirement>,
    /// Per check kind, the gate a failure blocks (`{ enum = "verification" }`).
    pub gates: Option<Spanned<toml::Table>>,
    #[serde(default)]
    pub sensitive: bool,
    /// `"error"` (the default) or `"warning"`: every finding of this rule
    /// has that severity, so a warning rule never fails a gate.
    pub severity: Option<Spanned<String>>,
    pub label: Option<String>,
    pub hint: Option<String>,
    pub source: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// `[[collection]]`: a requirement on the items of an array.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCollection {
    pub id: Spanned<String>,
    pub path: Spanned<String>,
    pub variants: Option<Vec<Spanned<String>>>,
    pub when: Option<Spanned<RawCond>>,
    pub gate: Spanned<String>,
    /// At least one item satisfies this condition.
    pub some: Option<Spanned<RawCond>>,
    /// Every item satisfying `each_if` (all items when absent)...
    pub each_if: Option<Spanned<RawCond>>,
    /// ...satisfies this condition.
    pub each: Option<Spanned<RawCond>>,
    /// The numbers at `sum.path` of all items add up to at most `sum.max`.
    pub sum: Option<Spanned<RawSum>>,
    pub code: Option<Spanned<String>>,
    pub message: Spanned<String>,
    /// `"error"` (the default) or `"warning"`, as on `[[field]]`.
    pub severity: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub note: Option<String>,
}

/// `allowed_by = { path = "issuing_country", table = "id_types" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAllowedBy {
    pub path: Spanned<String>,
    pub table: Spanned<String>,
}

/// `sum = { path = "...", max = 100 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSum {
    pub path: Spanned<String>,
    pub max: f64,
}

/// `[[header]]`: an HTTP request header.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawHeader {
    pub name: Spanned<String>,
    pub required: Option<Spanned<String>>,
    pub format: Option<Spanned<String>>,
    pub pattern: Option<Spanned<String>>,
    pub pattern_hint: Option<String>,
    #[serde(default)]
    pub case_insensitive: bool,
    #[serde(default)]
    pub sensitive: bool,
    pub hint: Option<String>,
    pub source: Option<Spanned<String>>,
}
