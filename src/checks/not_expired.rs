//! `not_expired = true`: the (expiry) date is not before the day `check`
//! runs on.

use super::min_age::read_date;
use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// An expiry date.
#[derive(Debug)]
pub(crate) struct NotExpired;

impl Word for NotExpired {
    const GATE: &'static str = "expiry";
    const LATER: bool = true;
    const KEYS: &'static [&'static str] = &["not_expired"];

    fn compile(f: &RawField, _cx: &mut impl Compiling) -> Option<Self> {
        f.not_expired
            .as_ref()
            .filter(|flag| *flag.get_ref())
            .map(|_| NotExpired)
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(expires) = read_date(cx.date(), value) else {
            return;
        };
        let today = cx.today();
        if expires < today {
            let message = format!(
                "{}: the document expired before {today}; send a current one",
                f.label
            );
            cx.emit(Severity::Error, "expired", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        e.constraints
            .push((Place::Other, "not expired".to_string()));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.left_out("not expired, on today's date".into());
    }

    fn note(&self) -> String {
        "not expired".to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    /// `check` runs on 2026-01-01 in these tests.
    #[test]
    fn valid_through_the_day() {
        let m = Mini::field("format = \"date\"\nnot_expired = true");
        assert_eq!(m.gates(), ["request", "verification"]);
        assert!(m.findings(r#""2026-01-01""#).is_empty());
        assert_eq!(
            m.findings(r#""2025-12-31""#),
            [(
                "expired".into(),
                "v: the document expired before 2026-01-01; send a current one".into()
            )]
        );
        assert_eq!(m.constraints(), ["not expired"]);
        assert_eq!(m.note(), "format date, not expired");
        assert!(Mini::field("not_expired = false").gates().is_empty());
        let at_request = Mini::field("not_expired = true\ngates = { expiry = \"request\" }");
        assert!(at_request
            .schema()
            .1
            .contains("not expired, on today's date"));
    }
}
