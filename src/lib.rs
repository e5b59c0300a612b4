//! kyc-preflight checks KYC/KYB onboarding payloads offline, before they are
//! sent to a fintech's API, against declarative rule sets that encode each
//! provider's documentation. One pass reports every missing or invalid
//! field, with a JSON Pointer, a stable code, the gate it blocks (the
//! request itself, automatic verification, or a product) and the source of
//! the rule.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{Catalog, CheckOptions, Request};
//! use chrono::NaiveDate;
//!
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let body: serde_json::Value = serde_json::from_str(r#"{
//!     "type": "individual",
//!     "email": "john.doe@example.com",
//!     "first_name": "John",
//!     "last_name": "Doe",
//!     "phone": "2025551234"
//! }"#)?;
//! let options = CheckOptions::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
//! let report = rules.check(&Request::new(&body), &options);
//!
//! assert_eq!(report.gate("request"), Some(false)); // the phone is not E.164
//! let phone = report.findings.iter().find(|f| f.path == "/phone").unwrap();
//! assert_eq!(phone.code, "format.e164");
//! assert_eq!(phone.gate, "request");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! A rule set can also be compiled from your own file with
//! [`RuleSet::from_toml`] or [`RuleSet::load`]. What a rule set asks for,
//! before there is a payload, comes from the same rules: [`RuleSet::explain`]
//! (the requirement tables, [`explain`]) and [`RuleSet::json_schema`] (a
//! JSON Schema of the request gate, [`schema`]).

pub mod catalog;
mod checks;
pub(crate) mod engine;
pub mod explain;
mod export;
pub mod formats;
pub mod input;
mod pointer;
mod position;
pub mod report;
pub mod rules;
mod ruleset;
pub mod schema;

pub use catalog::Catalog;
pub use report::{Finding, Location, Report};
pub use rules::{RuleFileError, RuleProblem};
pub use ruleset::{RuleInfo, RuleSet, Scratch};

use chrono::NaiveDate;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The gate the finding blocks fails.
    Error,
    /// Worth a look; the gate still passes.
    Warning,
}

/// What to check: a JSON body and, optionally, the HTTP headers sent with it.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The request body.
    pub body: &'a serde_json::Value,
    /// `(name, value)` pairs; `None` when the body is checked alone, in
    /// which case header rules do not run (and the report says so).
    pub headers: Option<Vec<(String, String)>>,
}

impl<'a> Request<'a> {
    /// A body checked alone.
    pub fn new(body: &'a serde_json::Value) -> Self {
        Self {
            body,
            headers: None,
        }
    }

    /// The same body, with headers.
    pub fn with_headers<I, N, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (N, V)>,
        N: Into<String>,
        V: Into<String>,
    {
        self.headers = Some(
            headers
                .into_iter()
                .map(|(n, v)| (n.into(), v.into()))
                .collect(),
        );
        self
    }
}

/// Options of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions {
    /// "Today", for rules that depend on the date (18+ from a birth date,
    /// expired documents). Defaults to the system clock's UTC date; pin it
    /// in tests and batch runs.
    pub today: NaiveDate,
    /// Input limits: bytes and nesting depth when a body is parsed
    /// ([`RuleSet::check_bytes`]), and the number of items of one array the
    /// engine considers (beyond it, a `limit.items` error at the first gate
    /// says the rest went unchecked).
    pub limits: input::Limits,
}

impl CheckOptions {
    /// Options with `today` pinned and the default limits.
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            limits: input::Limits::default(),
        }
    }

    /// The same options with other limits.
    pub fn with_limits(mut self, limits: input::Limits) -> Self {
        self.limits = limits;
        self
    }
}

impl Default for CheckOptions {
    fn default() -> Self {
        Self::new(chrono::Utc::now().date_naive())
    }
}

/// Why a check could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No embedded rule set has this id.
    #[error("unknown rule set `{id}`{} (known: {known})", catalog::did_you_mean(.id))]
    UnknownRuleSet {
        /// The id asked for.
        id: String,
        /// The embedded ids, comma-separated.
        known: String,
    },
    /// A variant name the rule set does not declare (`rules explain` and
    /// `rules schema` with `--variant`).
    #[error("rule set `{rule_set}` has no variant `{variant}` (variants: {known})")]
    UnknownVariant {
        /// The rule set's id.
        rule_set: String,
        /// The variant asked for.
        variant: String,
        /// The rule set's variants, comma-separated (`default` for a rule
        /// set that declares none).
        known: String,
    },
    /// A rule file that does not compile.
    #[error("{0}")]
    RuleFile(#[from] RuleFileError),
    /// A body that cannot be checked (not JSON, too deep, …).
    #[error("{0}")]
    Input(#[from] input::InputError),
    /// A rule file over [`rules::RuleLimits::max_bytes`]; no more than the
    /// limit plus one byte was read.
    #[error("{path}: the rule file is over the {max}-byte limit (--max-rules-bytes)")]
    RuleFileTooLarge {
        /// The path.
        path: String,
        /// The limit.
        max: usize,
    },
    /// A file that could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The reason.
        #[source]
        source: std::io::Error,
    },
}
