//! The rule language: rule files (TOML) and their compiled form.
//!
//! A rule file describes one provider endpoint. See the README section
//! "Writing a rule set" for the words it uses; [`RuleSet::from_toml`]
//! compiles one and reports every mistake with its `line:column`.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{CheckOptions, Request, RuleSet};
//!
//! let rules = RuleSet::from_toml("mini.toml", r#"
//!     id = "example/mini"
//!     source = "an example"
//!
//!     [[gate]]
//!     name = "request"
//!
//!     [[field]]
//!     path = "/email"
//!     type = "string"
//!     format = "email"
//!     required = "request"
//! "#)?;
//! let body = serde_json::json!({"email": "not an e-mail"});
//! let report = rules.check(&Request::new(&body), &CheckOptions::default());
//! assert_eq!(report.findings[0].code, "format.email");
//! assert_eq!(report.findings[0].path, "/email");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::sync::Arc;

use crate::engine::{self, JsonValue};
use crate::report::Report;
use crate::{CheckOptions, Request};

pub(crate) mod compile;
mod error;
pub(crate) mod plan;
mod raw;
#[cfg(test)]
mod reference;

pub use error::{RuleFileError, RuleProblem};

/// A compiled rule set: cheap to clone, `Send + Sync`, check as many
/// payloads with it as you like, from as many threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    plan: Arc<plan::RulePlan>,
}

impl RuleSet {
    /// Compile a rule file's text. `origin` names it in error messages
    /// (usually its path). The rule set's id is the file's `id` key, or
    /// the file name without extension.
    ///
    /// # Errors
    ///
    /// [`RuleFileError`] with every problem found, each at its `line:column`.
    pub fn from_toml(origin: &str, text: &str) -> Result<RuleSet, RuleFileError> {
        Self::compile(origin, None, text)
    }

    pub(crate) fn compile(
        origin: &str,
        expected_id: Option<&str>,
        text: &str,
    ) -> Result<RuleSet, RuleFileError> {
        compile::compile(origin, expected_id, text).map(|plan| RuleSet {
            plan: Arc::new(plan),
        })
    }

    /// Read and compile the rule file at `path` (the only file the library
    /// ever reads, and only when asked).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the file cannot be read,
    /// [`crate::Error::RuleFile`] when it is not a valid rule file.
    pub fn load(path: &std::path::Path) -> Result<RuleSet, crate::Error> {
        let text = std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(Self::from_toml(&path.display().to_string(), &text)?)
    }

    /// The rule set's id, e.g. `kira/create-user`.
    pub fn id(&self) -> &str {
        &self.plan.id
    }

    /// A one-line title, e.g. `Kira POST /v1/users (create a user)`.
    pub fn title(&self) -> Option<&str> {
        self.plan.title.as_deref()
    }

    /// The primary source document.
    pub fn source(&self) -> Option<&str> {
        self.plan.source.as_deref()
    }

    /// The gates, in order.
    pub fn gates(&self) -> impl Iterator<Item = &str> {
        self.plan.gates.iter().map(|g| &*g.name)
    }

    /// The variants, in selection order.
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        self.plan.variants.iter().map(|v| &*v.name)
    }

    /// Check a request: every finding, and a verdict for every gate.
    pub fn check(&self, request: &Request<'_>, options: &CheckOptions) -> Report<'_> {
        self.check_json(request.body, request.headers.as_deref(), options)
    }

    /// Check any parsed JSON value the engine can walk (see
    /// [`crate::engine::JsonValue`]); `headers` as `(name, value)` pairs, or
    /// `None` when the body is checked alone.
    pub fn check_json<J: JsonValue>(
        &self,
        body: &J,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Report<'_> {
        engine::check(
            &self.plan,
            body,
            headers,
            options.today,
            options.limits.max_items,
        )
    }

    /// Parse and check a request body in one call: the hot path for
    /// services and batch runs. The body is parsed into an arena
    /// [`crate::engine::doc::Doc`] (see [`crate::input::parse_body_in`])
    /// within `options.limits`, checked, and the arena freed; the report
    /// owns or borrows from `self` only. Headers as in
    /// [`RuleSet::check_json`].
    ///
    /// # Errors
    ///
    /// [`crate::input::InputError`] when the body cannot be checked (not
    /// JSON, too large, too deep, not an object, …).
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{Catalog, CheckOptions};
    ///
    /// let rules = Catalog::embedded().get("passport/create-customer")?;
    /// let report = rules.check_bytes(br#"{"email": "ana@example.com"}"#, None, &CheckOptions::default())?;
    /// assert!(!report.gate("request").unwrap_or(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_bytes(
        &self,
        body: &[u8],
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Result<Report<'_>, crate::input::InputError> {
        let arena = bumpalo::Bump::with_capacity(arena_capacity(body.len()));
        Ok(
            match crate::input::parse_for_check(body, &options.limits, &arena)? {
                crate::input::Parsed::Fast(value) => self.check_json(&value, headers, options),
                crate::input::Parsed::Nested(value) => self.check_json(&value, headers, options),
            },
        )
    }

    /// The report for a body that could not be checked at all (a batch
    /// line that is not JSON, say): one `input` error at the first gate,
    /// which fails every gate, and no variant. The message is the error's,
    /// which never quotes the input.
    pub fn input_report(&self, error: &crate::input::InputError) -> Report<'_> {
        use crate::report::{Finding, GateVerdict, Gates, Location};
        Report {
            rule_set: Cow::Borrowed(&*self.plan.id),
            variant: None,
            gates: Gates(
                self.plan
                    .gates
                    .iter()
                    .map(|g| GateVerdict {
                        name: Cow::Borrowed(&*g.name),
                        passed: g.failed_by & 1 == 0,
                    })
                    .collect(),
            ),
            findings: vec![Finding {
                location: Location::Body,
                path: String::new(),
                gate: Cow::Borrowed(self.plan.gate_name(0)),
                severity: crate::Severity::Error,
                code: "input".into(),
                rule: Cow::Owned(format!("{}#input", self.plan.id)),
                message: Cow::Owned(error.to_string()),
                source: Cow::Borrowed("RFC 8259 (JSON); kyc-preflight's input limits"),
                detail: None,
            }],
            headers_checked: false,
        }
    }

    /// [`RuleSet::check_bytes`] for text already in a `&str`.
    ///
    /// # Errors
    ///
    /// As [`RuleSet::check_bytes`].
    pub fn check_str(
        &self,
        body: &str,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Result<Report<'_>, crate::input::InputError> {
        self.check_bytes(body.as_bytes(), headers, options)
    }

    /// The shape of the provider's 400 body, for `check --format provider`.
    pub fn error_body(&self) -> Option<crate::report::provider::ErrorBody> {
        self.plan.error_body
    }

    /// The provider, e.g. `Kira`.
    pub fn provider(&self) -> Option<&str> {
        self.plan.provider.as_deref()
    }

    /// The endpoint, e.g. `POST /v1/users`.
    pub fn endpoint(&self) -> Option<&str> {
        self.plan.endpoint.as_deref()
    }

    /// What each gate means, in gate order: `(name, description)`.
    pub fn gate_descriptions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.plan
            .gates
            .iter()
            .map(|g| (&*g.name, g.description.as_deref()))
    }

    /// What each variant means, in selection order: `(name, description)`.
    pub fn variant_descriptions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.plan
            .variants
            .iter()
            .map(|v| (&*v.name, v.description.as_deref()))
    }

    /// What compiled but is likely not what the author meant, each at its
    /// `line:column`: a file-content, age or expiry check in a rule set
    /// with no `verification` gate (such checks then block the first gate).
    /// Empty for every embedded rule set; the CLI prints them on stderr.
    pub fn warnings(&self) -> &[RuleProblem] {
        &self.plan.warnings
    }

    /// Every rule, in file order, with where it comes from.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.plan.rules.iter().map(|m| RuleInfo {
            id: &m.id,
            kind: match m.kind {
                plan::RuleKind::Field => "field",
                plan::RuleKind::Collection => "collection",
                plan::RuleKind::Header => "header",
            },
            path: &m.path,
            source: &m.source,
            note: m.note.as_deref(),
            sensitive: m.sensitive,
            severity: m.severity,
        })
    }
}

/// The first chunk of the arena [`RuleSet::check_bytes`] parses a body of
/// `len` bytes into: twice its size, up to 64 KiB. A 3 KB payload's values
/// fit in it and one more chunk; the arena grows as a body needs (strings
/// without escapes are not copied into it, so an 8 MB document is not).
fn arena_capacity(len: usize) -> usize {
    len.saturating_mul(2).clamp(1024, 64 * 1024)
}

/// One rule of a rule set, as [`RuleSet::rules`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo<'a> {
    /// `kira/create-user#phone`: the `rule` of the findings it raises.
    pub id: &'a str,
    /// `field`, `collection` or `header`.
    pub kind: &'a str,
    /// The JSON Pointer (`*` for every array item) or header name it is about.
    pub path: &'a str,
    /// Where it comes from: a seed section, a provider page or a standard.
    pub source: &'a str,
    /// How the rule file reads the document, where it needed reading.
    pub note: Option<&'a str>,
    /// The value is sensitive (an identifier, a birth date, a file, a
    /// credential): reports never print it.
    pub sensitive: bool,
    /// [`Severity::Warning`](crate::Severity::Warning) for a rule marked
    /// `severity = "warning"`: every finding it raises is a warning, which
    /// fails no gate. [`Severity::Error`](crate::Severity::Error) otherwise
    /// (its findings are errors, or warnings where a format says so).
    pub severity: crate::Severity,
}

impl RuleSet {
    /// The compiled plan, for the exports that read the rules rather than
    /// run them ([`crate::explain`], [`crate::schema`]).
    pub(crate) fn plan(&self) -> &plan::RulePlan {
        &self.plan
    }
}
