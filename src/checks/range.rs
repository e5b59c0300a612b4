//! `minimum` and `maximum`: a number's bounds. One word with two bounds:
//! one gate key (`range`), one finding code, one phrase in `rules explain`
//! (`0-100`).

use super::{bounds, Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::report::Detail;
use crate::rules::plan::{number_json, FieldRule};
use crate::rules::raw::RawField;
use crate::Severity;

/// The bounds, inclusive, either or both.
#[derive(Debug)]
pub(crate) struct Range {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

impl Word for Range {
    const GATE: &'static str = "range";
    const KEYS: &'static [&'static str] = &["minimum", "maximum"];

    fn compile(f: &RawField, _cx: &mut impl Compiling) -> Option<Self> {
        let min = f.minimum.as_ref().map(|n| *n.get_ref());
        let max = f.maximum.as_ref().map(|n| *n.get_ref());
        (min.is_some() || max.is_some()).then_some(Range { min, max })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(n) = value.as_f64() else { return };
        let label = &f.label;
        if let Some(min) = self.min.filter(|min| n < *min) {
            let message = format!("{label} must be at least {min}");
            cx.emit(
                Severity::Error,
                "range",
                message,
                Some(Detail::Minimum(min)),
            );
        }
        if let Some(max) = self.max.filter(|max| n > *max) {
            let message = format!("{label} must be at most {max}");
            cx.emit(
                Severity::Error,
                "range",
                message,
                Some(Detail::Maximum(max)),
            );
        }
    }

    fn explain(&self, e: &mut Explained) {
        let text = bounds(self.min.map(number_text), self.max.map(number_text), "");
        e.constraints.extend(text.map(|t| (Place::Range, t)));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        if let Some(n) = self.min {
            s.keyword("minimum", number_json(n));
        }
        if let Some(n) = self.max {
            s.keyword("maximum", number_json(n));
        }
    }

    fn note(&self) -> String {
        let min = self.min.map(|n| format!("at least {}", number_json(n)));
        let max = self.max.map(|n| format!("at most {}", number_json(n)));
        min.into_iter().chain(max).collect::<Vec<_>>().join(", ")
    }
}

fn number_text(n: f64) -> String {
    number_json(n).to_string()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn bounds_are_inclusive() {
        let m = Mini::field("minimum = 0\nmaximum = 2.5");
        assert!(m.findings("0").is_empty() && m.findings("2.5").is_empty());
        assert_eq!(
            m.findings("-1"),
            [("range".into(), "v must be at least 0".into())]
        );
        assert_eq!(m.findings("3")[0].1, "v must be at most 2.5");
        assert!(m.findings(r#""3""#).is_empty(), "not a number");
        assert_eq!(m.constraints(), ["0-2.5"]);
        assert_eq!(m.note(), "at least 0, at most 2.5");
        let (schema, _) = m.schema();
        assert_eq!(schema["minimum"], 0);
        assert_eq!(schema["maximum"], 2.5);
        assert_eq!(Mini::field("minimum = 18").constraints(), ["at least 18"]);
    }

    /// Bounds that cross: both findings, the lower bound's first.
    #[test]
    fn crossed_bounds_report_both() {
        let m = Mini::field("minimum = 10\nmaximum = 5");
        let codes: Vec<String> = m.findings("7").into_iter().map(|(_, m)| m).collect();
        assert_eq!(codes, ["v must be at least 10", "v must be at most 5"]);
    }
}
