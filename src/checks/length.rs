//! `min_length` and `max_length`: a string's length in characters. One
//! word with two bounds: one gate key (`length`), one finding code, one
//! phrase in `rules explain` (`length 1-140`).

use super::{bound_pair, bounds, Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::report::Detail;
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// The bounds, in characters (Unicode scalar values), either or both.
#[derive(Debug)]
pub(crate) struct Length {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Word for Length {
    const GATE: &'static str = "length";
    const KEYS: &'static [&'static str] = &["min_length", "max_length"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let (min, max) = bound_pair(cx, &f.min_length, &f.max_length, Self::KEYS);
        (min.is_some() || max.is_some()).then_some(Length { min, max })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(s) = value.as_str() else { return };
        let label = &f.label;
        let n = s.chars().count() as u64;
        if let Some(min) = self.min.filter(|min| n < *min) {
            let message = if min == 1 {
                format!("{label} must not be empty")
            } else {
                format!("{label} must be at least {min} characters long (it has {n})")
            };
            cx.emit(
                Severity::Error,
                "length",
                message,
                Some(Detail::MinLength(min)),
            );
        }
        if let Some(max) = self.max.filter(|max| n > *max) {
            let message = format!("{label} must be at most {max} characters long (it has {n})");
            cx.emit(
                Severity::Error,
                "length",
                message,
                Some(Detail::MaxLength(max)),
            );
        }
    }

    fn explain(&self, e: &mut Explained) {
        let text = bounds(
            self.min.map(|n| n.to_string()),
            self.max.map(|n| n.to_string()),
            "length ",
        );
        e.constraints.extend(text.map(|t| (Place::Length, t)));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        if let Some(n) = self.min {
            s.keyword("minLength", n.into());
        }
        if let Some(n) = self.max {
            s.keyword("maxLength", n.into());
        }
    }

    fn note(&self) -> String {
        let min = self.min.map(|n| format!("length at least {n}"));
        let max = self.max.map(|n| format!("length at most {n}"));
        min.into_iter().chain(max).collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn crossed_bounds_are_refused() {
        let e = Mini::error("min_length = 3\nmax_length = 2");
        assert!(
            e.contains("`min_length` is greater than `max_length`"),
            "{e}"
        );
    }

    #[test]
    fn characters_are_counted_not_bytes() {
        let m = Mini::field("min_length = 2\nmax_length = 3");
        assert!(m.findings(r#""éé""#).is_empty());
        assert_eq!(
            m.findings(r#""é""#)[0].1,
            "v must be at least 2 characters long (it has 1)"
        );
        assert_eq!(
            m.findings(r#""abcd""#),
            [(
                "length".into(),
                "v must be at most 3 characters long (it has 4)".into()
            )]
        );
        assert!(m.findings("12345").is_empty(), "not a string");
        assert_eq!(m.constraints(), ["length 2-3"]);
        assert_eq!(m.note(), "length at least 2, length at most 3");
        let (schema, _) = m.schema();
        assert_eq!(
            (schema["minLength"].as_u64(), schema["maxLength"].as_u64()),
            (Some(2), Some(3))
        );
    }

    #[test]
    fn one_bound_reads_alone() {
        let m = Mini::field("min_length = 1");
        assert_eq!(m.findings(r#""""#)[0].1, "v must not be empty");
        assert_eq!(m.constraints(), ["length at least 1"]);
        assert_eq!(
            Mini::field("max_length = 9").constraints(),
            ["length at most 9"]
        );
        assert_eq!(
            Mini::field("min_length = 4\nmax_length = 4").constraints(),
            ["length 4"]
        );
        assert!(Mini::error("min_length = 5\nmax_length = 4").contains("greater than"));
    }
}
