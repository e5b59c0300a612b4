//! The 4xx body each provider would answer for a request's `request`-gate
//! errors, in the provider's documented shape: for contract tests and local
//! mocks that fail the way the provider does.
//!
//! A rule set names its provider's shape with the top-level key
//! `error_body` (see [`ErrorBody`]). Only error findings of the first gate
//! (`request`) appear: the others are not the API's 400. Messages never
//! contain the value of a sensitive field.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{Catalog, CheckOptions, Request};
//! use kyc_preflight::report::provider;
//!
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let body = serde_json::json!({"type": "individual", "email": "jane.doe@example.com", "last_name": "Doe"});
//! let report = rules.check(&Request::new(&body), &CheckOptions::default());
//! let answer = provider::render(&report, rules.error_body().unwrap()).unwrap();
//! assert_eq!(answer["error"], "Invalid request data");
//! assert_eq!(answer["details"][0], serde_json::json!(
//!     {"path": "first_name", "message": "Required", "code": "invalid_type"}));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::{json, Value};

use super::{Detail, Finding, Location, Report};
use crate::Severity;

/// The shape a rule file names with `error_body`: a rules-level choice
/// (see [`crate::rules::ErrorBody`]), rendered here.
pub use crate::rules::ErrorBody;

/// The body the provider would answer, or `None` when the request gate
/// passes (the provider would accept the call).
pub fn render(report: &Report, style: ErrorBody) -> Option<Value> {
    let first = report.gates.0.first()?;
    if first.passed {
        return None;
    }
    let errors: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.gate == first.name)
        .collect();
    Some(match style {
        ErrorBody::Kira => json!({
            "error": "Invalid request data",
            "details": errors.iter().map(|f| {
                let (code, message) = zod(f);
                json!({"path": dotted(f), "message": message, "code": code})
            }).collect::<Vec<_>>(),
        }),
        ErrorBody::Immersve => json!({
            "statusCode": 400,
            "statusName": "Bad Request",
            "errorCode": "BAD_REQUEST",
            "errors": errors.iter().map(|f| zod(f).1).collect::<Vec<_>>(),
        }),
        ErrorBody::Customers => {
            let parts: Vec<String> = errors
                .iter()
                .map(|f| format!("{}: {}", dotted(f), f.message))
                .collect();
            json!({
                "traceId": trace_id(report),
                "message": format!("Invalid request payload. {}", parts.join("; ")),
            })
        }
        ErrorBody::UnDosTres => json!({
            "rs": null,
            "err": {
                "code": 5000,
                "text": "Validation Error",
                "hints": errors.iter().map(|f| format!("{}: {}", dotted(f), f.message)).collect::<Vec<_>>(),
            },
        }),
        ErrorBody::Generic => json!({
            "status": 400,
            "error": "Bad Request",
            "message": "Invalid Data: Required fields are missing or contain incorrect values.",
            "errors": errors.iter().map(|f| json!({
                "field": dotted(f), "code": f.code, "message": f.message,
            })).collect::<Vec<_>>(),
        }),
    })
}

/// zod's path, joined with `.`; a header's name.
fn dotted(f: &Finding) -> String {
    match f.location {
        Location::Header => f.path.clone(),
        Location::Body => f
            .path
            .split('/')
            .skip(1)
            .map(|s| crate::pointer::unescape(s).unwrap_or_else(|| s.to_string()))
            .collect::<Vec<_>>()
            .join("."),
    }
}

/// zod v3's issue code and message for a finding.
fn zod(f: &Finding) -> (&'static str, String) {
    let code = &*f.code;
    match (code, &f.detail) {
        ("required", _) => ("invalid_type", "Required".to_string()),
        ("type", Some(Detail::Type { expected, received })) => {
            let want = expected.first().copied().unwrap_or("string");
            let got = if want == "integer" && *received == "number" {
                "float"
            } else {
                received
            };
            ("invalid_type", format!("Expected {want}, received {got}"))
        }
        ("enum", Some(Detail::Enum { options, received })) => {
            let listed: Vec<String> = options.iter().map(|o| format!("'{o}'")).collect();
            let mut message = format!("Invalid enum value. Expected {}", listed.join(" | "));
            if let Some(r) = received {
                message.push_str(&format!(", received '{r}'"));
            }
            ("invalid_enum_value", message)
        }
        ("length", Some(Detail::MinLength(n))) => (
            "too_small",
            format!("String must contain at least {n} character(s)"),
        ),
        ("length", Some(Detail::MaxLength(n))) => (
            "too_big",
            format!("String must contain at most {n} character(s)"),
        ),
        ("range", Some(Detail::Minimum(n))) => (
            "too_small",
            format!("Number must be greater than or equal to {n}"),
        ),
        ("range", Some(Detail::Maximum(n))) => (
            "too_big",
            format!("Number must be less than or equal to {n}"),
        ),
        ("forbidden", _) => {
            let key = f.path.rsplit('/').next().unwrap_or_default();
            (
                "unrecognized_keys",
                format!("Unrecognized key(s) in object: '{key}'"),
            )
        }
        ("format.email", _) => ("invalid_string", "Invalid email".to_string()),
        ("format.uuid", _) => ("invalid_string", "Invalid uuid".to_string()),
        (c, _) if c.starts_with("format.date") => ("invalid_string", "Invalid date".to_string()),
        (c, _) if c.starts_with("format.") || c.starts_with("file.") || c == "pattern" => {
            ("invalid_string", "Invalid".to_string())
        }
        _ => ("custom", f.message.to_string()),
    }
}

/// 32 hex digits derived from the findings (FNV-1a, 128-bit), so the same
/// report always gets the same id.
fn trace_id(report: &Report) -> String {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    let mut hash = OFFSET;
    for f in &report.findings {
        for part in [f.path.as_str(), &f.code, &f.gate, &f.rule] {
            for byte in part.bytes().chain(std::iter::once(0)) {
                hash ^= u128::from(byte);
                hash = hash.wrapping_mul(PRIME);
            }
        }
    }
    format!("{hash:032x}")
}
