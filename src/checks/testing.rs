//! A one-field rule set for the words' unit tests: the field `/v` (label
//! `v`) with the word under test, checked, explained and exported through
//! the crate's own entry points.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;

use super::Explained;
use crate::CheckOptions;
use crate::RuleSet;

/// The rule file around the field: two gates (`request`, `verification`),
/// a set `kinds` and a table `by_country`.
fn text(top: &str, field: &str) -> String {
    format!(
        r#"
id = "test/word"
source = "the test"
{top}
[sets]
kinds = ["x", "y", "z"]

[tables]
by_country = {{ USA = ["ssn", "ein"], MEX = ["rfc"] }}

[[gate]]
name = "request"

[[gate]]
name = "verification"
depends = ["request"]

[[field]]
path = "/v"
{field}
"#
    )
}

/// A compiled one-field rule set.
pub(crate) struct Mini(RuleSet);

impl Mini {
    /// The rule set whose field `/v` also says `field` (TOML lines).
    pub fn field(field: &str) -> Mini {
        Mini(RuleSet::from_toml("word.toml", &text("", field)).unwrap())
    }

    /// The compile error of such a rule set, as text.
    pub fn error(field: &str) -> String {
        match RuleSet::from_toml("word.toml", &text("", field)) {
            Ok(_) => panic!("compiled: {field}"),
            Err(e) => e.to_string(),
        }
    }

    /// `(code, message)` of each finding for the body `{"v": <value>}`.
    pub fn findings(&self, value: &str) -> Vec<(String, String)> {
        self.findings_in(&format!(r#"{{"v": {value}}}"#))
    }

    /// `(code, message)` of each finding for `body`, on 2026-01-01.
    pub fn findings_in(&self, body: &str) -> Vec<(String, String)> {
        let body: Value = serde_json::from_str(body).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let report = self.0.check_json(&body, None, &CheckOptions::new(today));
        report
            .findings
            .iter()
            .map(|f| (f.code.to_string(), f.message.to_string()))
            .collect()
    }

    fn field_rule(&self) -> &crate::rules::plan::FieldRule {
        let (_, node) = self
            .0
            .plan()
            .root
            .members
            .iter()
            .find(|(k, _)| &**k == "v")
            .unwrap();
        node.fields.first().unwrap()
    }

    /// What the field's checks say in `rules explain`.
    pub fn explained(&self) -> Explained {
        let mut e = Explained::default();
        for c in &self.field_rule().checks {
            c.kind.explain(&mut e);
        }
        e
    }

    /// The field's constraints in `rules explain`.
    pub fn constraints(&self) -> Vec<String> {
        self.explained().constraints()
    }

    /// The schema's words for the field's checks (of a later gate).
    pub fn note(&self) -> String {
        let notes: Vec<String> = self
            .field_rule()
            .checks
            .iter()
            .map(|c| c.kind.note())
            .collect();
        notes.join(", ")
    }

    /// The gates of the field's checks, by name.
    pub fn gates(&self) -> Vec<&str> {
        let plan = self.0.plan();
        self.field_rule()
            .checks
            .iter()
            .map(|c| plan.gate_name(c.gate))
            .collect()
    }

    /// The field's property in `rules schema`, and its description.
    pub fn schema(&self) -> (Value, String) {
        let schema = self.0.json_schema(None).unwrap();
        let property = schema["properties"]["v"].clone();
        let description = property["description"].as_str().unwrap_or("").to_string();
        (property, description)
    }
}
