//! `minimum` and `maximum`: a number's bounds. One word with two bounds:
//! one gate key (`range`), one finding code, one phrase in `rules explain`
//! (`0-100`).

use super::{bound_pair, bounds, Compiling, Explained, JsonValue, Place, Running, Schema, Word};
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

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        // A bound no number can meet fails every value: a mistake in the
        // rule file, refused as crossed bounds are.
        for (key, bound) in Self::KEYS.iter().zip([&f.minimum, &f.maximum]) {
            if let Some(b) = bound.as_ref().filter(|b| b.get_ref().is_nan()) {
                cx.problem(&b.span(), &format!("`{key}` is not a number"), None);
            }
        }
        let (min, max) = bound_pair(cx, &f.minimum, &f.maximum, Self::KEYS);
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

    /// Bounds no number meets are a rule-file problem, not an error on
    /// every value.
    #[test]
    fn crossed_or_nan_bounds_are_refused() {
        let crossed = Mini::error("minimum = 10\nmaximum = 5");
        assert!(
            crossed.contains("`minimum` is greater than `maximum`"),
            "{crossed}"
        );
        let nan = Mini::error("minimum = nan");
        assert!(nan.contains("`minimum` is not a number"), "{nan}");
        assert!(Mini::error("maximum = -nan").contains("`maximum` is not a number"));
        let equal = Mini::field("minimum = 5\nmaximum = 5");
        assert!(equal.findings("5").is_empty());
        assert_eq!(equal.findings("6")[0].1, "v must be at most 5");
    }
}
