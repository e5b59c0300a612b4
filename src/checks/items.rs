//! `min_items` and `max_items`: an array's length. One word with two
//! bounds: one gate key (`items`), one finding code, one phrase in `rules
//! explain` (`1-3 items`).

use super::{bound_pair, bounds, Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::engine::Kind;
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// The bounds, inclusive, either or both.
#[derive(Debug)]
pub(crate) struct Items {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Word for Items {
    const GATE: &'static str = "items";
    const KEYS: &'static [&'static str] = &["min_items", "max_items"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let (min, max) = bound_pair(cx, &f.min_items, &f.max_items, Self::KEYS);
        (min.is_some() || max.is_some()).then_some(Items { min, max })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        if value.kind() != Kind::Array {
            return;
        }
        let label = &f.label;
        let n = value.len() as u64;
        if let Some(min) = self.min.filter(|min| n < *min) {
            let message = if min == 1 {
                format!("{label} must not be empty")
            } else {
                format!("{label} must have at least {min} items")
            };
            cx.emit(Severity::Error, "items", message, None);
        }
        if let Some(max) = self.max.filter(|max| n > *max) {
            let message = format!("{label} must have at most {}", items(max));
            cx.emit(Severity::Error, "items", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        let text = bounds(
            self.min.map(|n| n.to_string()),
            self.max.map(|n| n.to_string()),
            "",
        )
        .map(|r| {
            let one = r.ends_with(" 1") || r == "1";
            format!("{r} {}", if one { "item" } else { "items" })
        });
        e.constraints.extend(text.map(|t| (Place::Items, t)));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        if let Some(n) = self.min {
            s.keyword("minItems", n.into());
        }
        if let Some(n) = self.max {
            s.keyword("maxItems", n.into());
        }
    }

    fn note(&self) -> String {
        let min = self.min.map(|n| format!("at least {}", items(n)));
        let max = self.max.map(|n| format!("at most {}", items(n)));
        min.into_iter().chain(max).collect::<Vec<_>>().join(", ")
    }
}

/// `1 item`, `2 items`.
fn items(n: u64) -> String {
    if n == 1 {
        "1 item".to_owned()
    } else {
        format!("{n} items")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn an_array_between_its_bounds() {
        let m = Mini::field("min_items = 1\nmax_items = 2");
        assert!(m.findings("[1]").is_empty());
        assert_eq!(
            m.findings("[]"),
            [("items".into(), "v must not be empty".into())]
        );
        assert_eq!(m.findings("[1, 2, 3]")[0].1, "v must have at most 2 items");
        assert!(m.findings(r#""ab""#).is_empty(), "not an array");
        assert_eq!(m.constraints(), ["1-2 items"]);
        assert_eq!(m.note(), "at least 1 item, at most 2 items");
        let (schema, _) = m.schema();
        assert_eq!(
            (schema["minItems"].as_u64(), schema["maxItems"].as_u64()),
            (Some(1), Some(2))
        );
        let two = Mini::field("min_items = 2");
        assert_eq!(two.findings("[0]")[0].1, "v must have at least 2 items");
        assert_eq!(two.constraints(), ["at least 2 items"]);
        let one = Mini::field("max_items = 1");
        assert_eq!(one.constraints(), ["at most 1 item"]);
        assert_eq!(one.note(), "at most 1 item");
        assert_eq!(one.findings("[1, 2]")[0].1, "v must have at most 1 item");
    }

    #[test]
    fn crossed_bounds_are_refused() {
        let e = Mini::error("min_items = 3\nmax_items = 2");
        assert!(e.contains("`min_items` is greater than `max_items`"), "{e}");
    }
}
