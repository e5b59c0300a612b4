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
//!
//! Everything the report prints that came from outside (values quoted in
//! messages, the input's name, and the rule file's keys, labels and
//! sources) goes through [`terminal_safe`]: a control character or a bidi
//! override is printed as its `\u` escape, so a crafted value cannot move
//! the cursor, clear the screen or fake a verdict line.

use std::borrow::Cow;
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
    let name = terminal_safe(name);
    let name = &*name;
    let _ = writeln!(
        out,
        "{}  variant {}  {}",
        terminal_safe(&report.rule_set),
        terminal_safe(variant),
        name
    );
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
            terminal_safe(&gate.name),
            counts(errors, warnings)
        );
        for i in here {
            let Some(f) = report.findings.get(i) else {
                continue;
            };
            let at = match f.location {
                Location::Header => format!("header {}", terminal_safe(&f.path)),
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
                Location::Body => format!("  {}", terminal_safe(&f.path)),
                Location::Header => String::new(),
            };
            let _ = writeln!(out, "  {at}{path}  {tag}{}", terminal_safe(&f.code));
            let _ = writeln!(out, "      {}", terminal_safe(&f.message));
            let _ = writeln!(out, "      rule {}", terminal_safe(&f.rule));
            if !f.source.is_empty() {
                let _ = writeln!(out, "      source: {}", terminal_safe(&f.source));
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
        .map(|g| {
            let verdict = if g.passed { "ok" } else { "FAIL" };
            format!("{} {verdict}", terminal_safe(&g.name))
        })
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

/// Whether a terminal may act on `c` rather than print it: the C0
/// controls (line breaks and tabs included), DEL, the C1 controls, and the
/// Unicode bidirectional formatting characters (embeddings, overrides,
/// isolates and marks: Unicode Standard Annex #9), which can reorder what
/// a line shows (the "Trojan Source" attack, CVE-2021-42574).
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character [`is_unsafe_char`] names written as its
/// JSON-style escape, `\u001b` (four lower-case hex digits; all of them are
/// in the Basic Multilingual Plane), and everything else as it is.
/// Borrowed when there is nothing to escape.
///
/// # Examples
///
/// ```
/// use kyc_preflight::report::human::terminal_safe;
///
/// assert_eq!(terminal_safe("M\u{1b}[2J"), "M\\u001b[2J");
/// assert_eq!(terminal_safe("a\u{202E}b\n"), "a\\u202eb\\u000a");
/// assert_eq!(terminal_safe("Gómez ^\\d{3}$"), "Gómez ^\\d{3}$");
/// ```
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(is_unsafe_char) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 16);
    out.push_str(text.get(..first).unwrap_or_default());
    for c in text.get(first..).unwrap_or_default().chars() {
        if is_unsafe_char(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_unsafe_character_is_escaped() {
        for c in (0u32..0x20)
            .chain(0x7F..0xA0)
            .chain([0x61C, 0x200E, 0x200F])
            .chain(0x202A..0x202F)
            .chain(0x2066..0x206A)
        {
            let c = char::from_u32(c).unwrap();
            let text = format!("x{c}y");
            let escaped = terminal_safe(&text);
            assert_eq!(escaped, format!("x\\u{:04x}y", u32::from(c)));
            assert!(!escaped.chars().any(is_unsafe_char));
        }
        for text in [
            "plain",
            "Gómez",
            "日本",
            "^\\d{3}$",
            "\u{1F600}",
            "\u{200D}",
        ] {
            assert!(matches!(terminal_safe(text), Cow::Borrowed(t) if t == text));
        }
    }
}
