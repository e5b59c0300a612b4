//! The request's headers against the plan's header rules: presence,
//! format and pattern. (Line breaks in any header value are
//! [`super::limits::line_breaks`].)

use std::borrow::Cow;

use super::json::JsonValue;
use super::walk::Walk;
use crate::report::{Finding, Location};
use crate::rules::plan::API_GATE;
use crate::Severity;

/// Header name/value pairs; names compared case-insensitively.
pub(crate) type Headers<'h> = &'h [(String, String)];

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    pub(super) fn headers(&self, headers: Headers<'_>, out: &mut Vec<Finding<'p>>) {
        for h in &self.plan.headers {
            let (id, source, _) = self.meta(h.rule);
            let gate = h.required.unwrap_or(API_GATE);
            let mut push = |code: Cow<'static, str>, severity: Severity, message: String| {
                out.push(Finding {
                    location: Location::Header,
                    path: h.name.to_string(),
                    gate: Cow::Borrowed(self.gate_name(gate)),
                    severity,
                    code,
                    rule: Cow::Borrowed(id),
                    message: Cow::Owned(message),
                    source: Cow::Borrowed(source),
                    detail: None,
                });
            };
            let value = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&h.name))
                .map(|(_, v)| v.trim());
            let Some(value) = value else {
                if let Some(gate) = h.required {
                    let mut message =
                        format!("the {} header is required {}", h.name, self.phrase(gate));
                    if let Some(hint) = &h.hint {
                        message.push_str(&format!(" ({hint})"));
                    }
                    push("required".into(), Severity::Error, message);
                }
                continue;
            };
            if let Some(format) = h.format
                && let Err(reason) = format.check(value)
            {
                let message = format!(
                    "the {} header must be {}: {}",
                    h.name,
                    format.describe(),
                    reason.detail
                );
                push(reason.code.into(), reason.severity, message);
            }
            if let Some((re, hint)) = &h.pattern
                && !re.is_match(value)
            {
                let message = match hint {
                    Some(hint) => format!("the {} header must be {hint}", h.name),
                    None => format!("the {} header must match {}", h.name, re.as_str()),
                };
                push("pattern".into(), Severity::Error, message);
            }
        }
    }
}
