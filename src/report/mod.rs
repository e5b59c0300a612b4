//! The result of a check: a [`Report`] of [`Finding`]s and gate verdicts,
//! and its renderers.
//!
//! The JSON shape is a stable contract (docs/design.md, "The report"):
//!
//! ```json
//! {"rule_set": "kira/create-user", "variant": "individual/usa",
//!  "gates": {"request": true, "verification": false},
//!  "findings": [{"in": "body", "path": "/phone", "gate": "verification",
//!                "severity": "error", "code": "required",
//!                "rule": "kira/create-user#phone", "message": "..."}]}
//! ```
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{Catalog, CheckOptions, Request};
//!
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let body = serde_json::json!({"type": "individual", "email": "jane.doe@example.com"});
//! let report = rules.check(&Request::new(&body), &CheckOptions::default());
//! // first_name and last_name are required by the API itself.
//! assert_eq!(report.gate("request"), Some(false));
//! let json = serde_json::to_string(&report)?;
//! // No address_country: USA or international is not decided yet.
//! assert!(json.starts_with(r#"{"rule_set":"kira/create-user","variant":"individual/unknown""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::Severity;

pub mod human;
pub mod json;
pub mod locate;
pub mod provider;

/// Where a finding is: in the JSON body or in an HTTP header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// The request body; `path` is a JSON Pointer.
    Body,
    /// An HTTP header; `path` is its lower-case name.
    Header,
}

/// One problem with a request.
///
/// The text a finding shares with its rule set (gate, rule id, source, a
/// message the compiler could write in full) is borrowed from the rule set
/// for `'r`, so a finding costs one allocation or two, not six;
/// [`Finding::into_owned`] makes one that outlives it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding<'r> {
    /// Body or header.
    #[serde(rename = "in")]
    pub location: Location,
    /// RFC 6901 JSON Pointer into the body (for a missing field, where it
    /// should be), or the header's lower-case name.
    pub path: String,
    /// The first gate this finding blocks (it blocks every gate that
    /// depends on that one too).
    pub gate: Cow<'r, str>,
    /// `error` fails the gate; `warning` does not.
    pub severity: Severity,
    /// Stable dotted code: `required`, `type`, `enum`, `format.e164`, …
    pub code: Cow<'r, str>,
    /// The rule that raised it: `kira/create-user#phone`.
    pub rule: Cow<'r, str>,
    /// What is wrong and what to do, for a person. Never contains the value
    /// of a sensitive field.
    pub message: Cow<'r, str>,
    /// Where the rule comes from (seed section, provider page or standard).
    /// Not part of the JSON report; `rules explain` lists it per rule.
    #[serde(skip)]
    pub source: Cow<'r, str>,
    /// What was expected, for renderers that speak a provider's error
    /// vocabulary (zod's "Expected string, received number"). Not part of
    /// the JSON report; never holds a sensitive value.
    #[serde(skip)]
    pub detail: Option<Detail>,
}

impl Finding<'_> {
    /// The same finding, owning all its text.
    pub fn into_owned(self) -> Finding<'static> {
        Finding {
            location: self.location,
            path: self.path,
            gate: Cow::Owned(self.gate.into_owned()),
            severity: self.severity,
            code: Cow::Owned(self.code.into_owned()),
            rule: Cow::Owned(self.rule.into_owned()),
            message: Cow::Owned(self.message.into_owned()),
            source: Cow::Owned(self.source.into_owned()),
            detail: self.detail,
        }
    }
}

/// The specifics of a `type`, `enum`, `length` or `range` finding.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Detail {
    /// `type`: the JSON types allowed (`string`, `integer`, …) and the one received.
    Type {
        /// Allowed JSON type names.
        expected: Vec<&'static str>,
        /// The JSON type received (`number` for a fraction where an integer was expected).
        received: &'static str,
    },
    /// `enum`: the allowed values, as written, and the value received when
    /// it is a string of a non-sensitive field.
    Enum {
        /// Allowed values (strings as they are, numbers and booleans as
        /// JSON), shared with the compiled rule set.
        options: std::sync::Arc<[String]>,
        /// The received string, if it may be shown.
        received: Option<String>,
    },
    /// `length`: the bound, in characters.
    MinLength(u64),
    /// `length`: the bound, in characters.
    MaxLength(u64),
    /// `range`: the bound.
    Minimum(f64),
    /// `range`: the bound.
    Maximum(f64),
}

/// A gate and whether the request passes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateVerdict<'r> {
    /// `request`, `verification`, `product:act`, …
    pub name: Cow<'r, str>,
    /// True when no error finding blocks it or any gate it depends on.
    pub passed: bool,
}

/// Gate verdicts in the rule set's order; serialized as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gates<'r>(pub Vec<GateVerdict<'r>>);

impl Serialize for Gates<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for g in &self.0 {
            map.serialize_entry(&g.name, &g.passed)?;
        }
        map.end()
    }
}

/// Everything one check found.
///
/// A report borrows text from the [`crate::RuleSet`] that made it, for
/// `'r` (see [`Finding`]); [`Report::into_owned`] makes one that outlives
/// the rule set, to keep or send on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report<'r> {
    /// The rule set's id, e.g. `kira/create-user`.
    pub rule_set: Cow<'r, str>,
    /// The variant the payload selected (`individual/usa`), or null when it
    /// matched none (for instance when `type` is missing).
    pub variant: Option<Cow<'r, str>>,
    /// Every gate of the rule set, in order, with its verdict.
    pub gates: Gates<'r>,
    /// Every finding, in a stable order: header findings first, then body
    /// findings in the payload's document order, then rule order.
    pub findings: Vec<Finding<'r>>,
    /// False when the request carried no headers, so header rules were not
    /// run. Not part of the JSON report.
    #[serde(skip)]
    pub headers_checked: bool,
}

impl Report<'_> {
    /// The same report, owning all its text: to keep it after the rule set
    /// that made it is gone, or to send it where `'r` cannot follow.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{CheckOptions, Report, Request, RuleSet};
    ///
    /// let body = serde_json::json!({});
    /// let report: Report<'static> = {
    ///     let rules = RuleSet::from_toml("mini.toml", r#"
    ///         id = "example/mini"
    ///         source = "an example"
    ///         [[gate]]
    ///         name = "request"
    ///         [[field]]
    ///         path = "/email"
    ///         required = "request"
    ///         source = "the example's field list"
    ///     "#)?;
    ///     let borrowed = rules.check(&Request::new(&body), &CheckOptions::default());
    ///     borrowed.into_owned()
    /// }; // the rule set is dropped here; the report lives on
    /// assert_eq!(report.findings[0].rule, "example/mini#email");
    /// assert_eq!(report.findings[0].source, "the example's field list");
    /// assert_eq!(report.gate("request"), Some(false));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_owned(self) -> Report<'static> {
        Report {
            rule_set: Cow::Owned(self.rule_set.into_owned()),
            variant: self.variant.map(|v| Cow::Owned(v.into_owned())),
            gates: Gates(
                self.gates
                    .0
                    .into_iter()
                    .map(|g| GateVerdict {
                        name: Cow::Owned(g.name.into_owned()),
                        passed: g.passed,
                    })
                    .collect(),
            ),
            findings: self.findings.into_iter().map(Finding::into_owned).collect(),
            headers_checked: self.headers_checked,
        }
    }

    /// The verdict of gate `name`, or `None` if the rule set has no such gate.
    pub fn gate(&self, name: &str) -> Option<bool> {
        self.gates
            .0
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.passed)
    }

    /// Do all the named gates pass (all gates when `required` is empty)?
    ///
    /// # Errors
    ///
    /// The first name that is not a gate of this rule set.
    pub fn passes<'a>(&self, required: &'a [String]) -> Result<bool, &'a str> {
        if required.is_empty() {
            return Ok(self.gates.0.iter().all(|g| g.passed));
        }
        let mut all = true;
        for name in required {
            match self.gate(name) {
                Some(passed) => all &= passed,
                None => return Err(name),
            }
        }
        Ok(all)
    }

    /// The error findings (warnings left out).
    pub fn errors(&self) -> impl Iterator<Item = &Finding<'_>> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }
}
