//! The engine's own findings about what it would not, or could not, vouch
//! for: more findings than [`crate::input::Limits::max_findings`], and
//! header values with a line break.

use std::borrow::Cow;

use crate::report::{Finding, Location};
use crate::rules::plan::{RulePlan, API_GATE};
use crate::Severity;

/// Where the `limit.findings` error's rule comes from.
pub(crate) const FINDINGS_SOURCE: &str = "kyc-preflight's limits (Limits::max_findings)";

/// The `limit.findings` message.
pub(crate) fn findings_message(max: usize) -> String {
    format!(
        "kyc-preflight stopped at {max} findings (--max-findings), so the rest of the request went unchecked"
    )
}

/// A header value holding CR or LF: RFC 9110 §5.5 allows neither in a
/// field value (a server or proxy may take what follows for another
/// header), so the request cannot be vouched for: an error at the first
/// gate, for every header given, ruled or not. The message names the
/// header, never its value (a credential, often).
pub(crate) fn line_breaks<'p>(
    plan: &'p RulePlan,
    headers: &[(String, String)],
    out: &mut Vec<Finding<'p>>,
) {
    let mut found = Vec::new();
    for (name, value) in headers {
        if !value.bytes().any(|b| b == b'\r' || b == b'\n') {
            continue;
        }
        let name = name.to_ascii_lowercase();
        found.push(Finding {
            location: Location::Header,
            message: Cow::Owned(format!(
                "the {name} header's value contains a line break (CR or LF), which no header value may hold (RFC 9110 §5.5): remove it"
            )),
            path: name,
            gate: Cow::Borrowed(plan.gate_name(API_GATE)),
            severity: Severity::Error,
            code: Cow::Borrowed("header.line_break"),
            rule: Cow::Owned(format!("{}#header-line-break", plan.id)),
            source: Cow::Borrowed("RFC 9110 §5.5 (field values contain no CR or LF)"),
            detail: None,
        });
    }
    // First: the header rules' findings may rest on the broken value.
    if !found.is_empty() {
        found.append(out);
        *out = found;
    }
}
