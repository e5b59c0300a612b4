//! The report for a person: findings grouped by the gate they block, each
//! at `file:line:column`, and one closing line of gate verdicts.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{Catalog, CheckOptions, Request};
//! use kyc_preflight::report::human;
//!
//! let text = r#"{"type": "individual", "email": "jane@example.com", "last_name": "Doe"}"#;
//! let body: serde_json::Value = serde_json::from_str(text)?;
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let report = rules.check(&Request::new(&body), &CheckOptions::default());
//! let out = human::render(&report, "user.json", Some(text));
//! // A missing field points at the object it belongs in.
//! assert!(out.contains("user.json:1:1  /first_name  required"));
//! assert!(out.lines().last().unwrap().starts_with("gates: request FAIL"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;

use super::locate::locate_all;
use super::{Location, Report};
use crate::Severity;

/// Render `report` for a terminal. `name` is how the input is called
/// (its path, or `-`); `text` is its JSON text, used to print
/// `line:column` positions (omitted when `None`).
pub fn render(report: &Report, name: &str, text: Option<&str>) -> String {
    let mut out = String::new();
    let variant = report.variant.as_deref().unwrap_or("(none matched)");
    let _ = writeln!(out, "{}  variant {}  {}", report.rule_set, variant, name);
    if !report.headers_checked {
        let _ = writeln!(
            out,
            "headers: not checked (pass --header NAME:VALUE to check them)"
        );
    }

    let pointers: Vec<&str> = report
        .findings
        .iter()
        .map(|f| match f.location {
            Location::Body => f.path.as_str(),
            Location::Header => "",
        })
        .collect();
    let positions = match text {
        Some(text) => locate_all(text, &pointers),
        None => vec![None; pointers.len()],
    };

    for gate in &report.gates.0 {
        let here: Vec<usize> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.gate == gate.name)
            .map(|(i, _)| i)
            .collect();
        if here.is_empty() {
            continue;
        }
        let errors = here
            .iter()
            .filter(|i| {
                report
                    .findings
                    .get(**i)
                    .is_some_and(|f| f.severity == Severity::Error)
            })
            .count();
        let warnings = here.len() - errors;
        let _ = writeln!(
            out,
            "\n{} {}: {}",
            if gate.passed { "ok  " } else { "FAIL" },
            gate.name,
            counts(errors, warnings)
        );
        for i in here {
            let Some(f) = report.findings.get(i) else {
                continue;
            };
            let at = match f.location {
                Location::Header => format!("header {}", f.path),
                Location::Body => match positions.get(i).copied().flatten() {
                    Some(loc) => format!("{}:{}:{}", name, loc.position.line, loc.position.column),
                    None => name.to_string(),
                },
            };
            let tag = match f.severity {
                Severity::Error => "",
                Severity::Warning => "warning ",
            };
            let path = match f.location {
                Location::Body => format!("  {}", f.path),
                Location::Header => String::new(),
            };
            let _ = writeln!(out, "  {at}{path}  {tag}{}", f.code);
            let _ = writeln!(out, "      {}", f.message);
            let _ = writeln!(out, "      rule {}", f.rule);
            if !f.source.is_empty() {
                let _ = writeln!(out, "      source: {}", f.source);
            }
        }
    }
    if report.findings.is_empty() {
        let _ = writeln!(out, "\nno findings");
    }
    let verdicts: Vec<String> = report
        .gates
        .0
        .iter()
        .map(|g| format!("{} {}", g.name, if g.passed { "ok" } else { "FAIL" }))
        .collect();
    let _ = writeln!(out, "\ngates: {}", verdicts.join(" · "));
    out
}

fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
