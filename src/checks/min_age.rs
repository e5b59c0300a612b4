//! `min_age = 18`: the date (of birth) is at least that many years before
//! the day `check` runs on.

use chrono::{Months, NaiveDate};

use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// The age in years.
#[derive(Debug)]
pub(crate) struct MinAge(pub u32);

impl Word for MinAge {
    const GATE: &'static str = "age";
    const LATER: bool = true;
    const KEYS: &'static [&'static str] = &["min_age"];

    // `min_age` and `not_expired` read the value as a date; without
    // `format = "date"` in the same rule (a warning rule beside the one
    // that checks the format), a value that is no date says nothing.
    fn compile(f: &RawField, _cx: &mut impl Compiling) -> Option<Self> {
        f.min_age.as_ref().map(|age| MinAge(*age.get_ref()))
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(born) = read_date(cx.date(), value) else {
            return;
        };
        let years = self.0;
        let today = cx.today();
        let adult = born
            .checked_add_months(Months::new(years.saturating_mul(12)))
            .is_some_and(|d| d <= today);
        if !adult {
            let message = format!(
                "{}: the person must be at least {years} years old on {today}",
                f.label
            );
            cx.emit(Severity::Error, "age", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        e.constraints
            .push((Place::Other, format!("at least {} years old", self.0)));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.left_out(format!(
            "an age of at least {} years, from today's date",
            self.0
        ));
    }

    fn note(&self) -> String {
        format!("an age of at least {}", self.0)
    }
}

/// The date a value holds: the one its `format = "date"` check read
/// (`slot`), or, in a rule without that format (a `severity = "warning"`
/// age rule beside the rule that checks the format), the value read as
/// `YYYY-MM-DD`. `None` for a value that is no date: its format is another
/// rule's finding.
pub(super) fn read_date<J: JsonValue>(
    slot: &mut Option<NaiveDate>,
    value: &J,
) -> Option<NaiveDate> {
    if slot.is_none() {
        *slot = value
            .as_str()
            .and_then(|s| crate::formats::date::parse(s).ok());
    }
    *slot
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    /// `check` runs on 2026-01-01 in these tests.
    #[test]
    fn old_enough_on_the_day() {
        let m = Mini::field("min_age = 18");
        assert_eq!(m.gates(), ["verification"]);
        assert!(m.findings(r#""2008-01-01""#).is_empty());
        assert_eq!(
            m.findings(r#""2008-01-02""#),
            [(
                "age".into(),
                "v: the person must be at least 18 years old on 2026-01-01".into()
            )]
        );
        assert!(m.findings(r#""not a date""#).is_empty());
        assert_eq!(m.constraints(), ["at least 18 years old"]);
        assert_eq!(m.note(), "an age of at least 18");
        assert!(m
            .schema()
            .1
            .contains("for the verification gate: an age of at least 18"));
    }
}
