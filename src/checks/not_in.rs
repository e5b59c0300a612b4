//! `not_in = [...]` or `not_in_set = "name"`: the value is none of a list.

use std::sync::Arc;

use super::{
    list_or_set, set_contains, Compiling, Explained, JsonValue, Place, Running, Schema, Word,
};
use crate::rules::plan::{FieldRule, ValueSet};
use crate::rules::raw::RawField;
use crate::Severity;

/// The values excluded.
#[derive(Debug)]
pub(crate) struct NotIn(pub Arc<ValueSet>);

impl Word for NotIn {
    const GATE: &'static str = "not_in";
    const KEYS: &'static [&'static str] = &["not_in", "not_in_set"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        list_or_set(cx, &f.not_in, &f.not_in_set, Self::KEYS).map(|(set, _)| NotIn(set))
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let set = &self.0;
        if !set_contains(set, value) {
            return;
        }
        let mut message = format!("{} must not be ", f.label);
        if f.sensitive {
            // The value matched a listed one, so listing them would print
            // it: a sensitive field's finding names neither.
            message.push_str(if set.plain.len() == 1 {
                "the value this rule refuses"
            } else {
                "any of the values this rule refuses"
            });
            message.push_str(" (not shown: the field is sensitive)");
            cx.emit(Severity::Error, "not_in", message, None);
            return;
        }
        match &set.plain[..] {
            [one] => message.push_str(&format!("\"{one}\"")),
            many => {
                let quoted: Vec<String> = many.iter().map(|v| format!("\"{v}\"")).collect();
                message.push_str("any of ");
                message.push_str(&quoted.join(", "));
            }
        }
        cx.emit(Severity::Error, "not_in", message, None);
    }

    fn explain(&self, e: &mut Explained) {
        e.constraints
            .push((Place::Other, format!("not {}", self.0.describe())));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.all_of(serde_json::json!({ "not": { "enum": self.0.to_json() } }));
    }

    fn note(&self) -> String {
        format!("none of {} values", self.0.listed.len())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn a_listed_value_is_refused() {
        let m = Mini::field(r#"not_in = ["000000000"]"#);
        assert!(m.findings(r#""123456789""#).is_empty());
        assert_eq!(
            m.findings(r#""000000000""#)[0].1,
            r#"v must not be "000000000""#
        );
        let m = Mini::field(r#"not_in_set = "kinds""#);
        assert_eq!(
            m.findings(r#""y""#),
            [(
                "not_in".into(),
                r#"v must not be any of "x", "y", "z""#.into()
            )]
        );
        assert_eq!(m.constraints(), [r#"not kinds ["x", "y", "z"]"#]);
        assert_eq!(m.note(), "none of 3 values");
        let (schema, _) = m.schema();
        assert_eq!(
            schema["allOf"][0],
            serde_json::json!({ "not": { "enum": ["x", "y", "z"] } })
        );
    }

    /// The refused values are never listed for a sensitive field: the
    /// value matched one of them, so the list would print it.
    #[test]
    fn a_sensitive_field_never_lists_the_refused_values() {
        let m = Mini::field("not_in = [\"078-05-1120\"]\nsensitive = true");
        let found = m.findings(r#""078-05-1120""#);
        assert_eq!(
            found,
            [(
                "not_in".into(),
                "v must not be the value this rule refuses (not shown: the field is sensitive)"
                    .into()
            )]
        );
        let m = Mini::field("not_in_set = \"kinds\"\nsensitive = true");
        let found = m.findings(r#""y""#);
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("\"y\""), "{}", found[0].1);
    }

    #[test]
    fn one_of_the_two_keys() {
        assert!(Mini::error("not_in = [\"a\"]\nnot_in_set = \"kinds\"").contains("not both"));
        assert!(Mini::error("not_in = [\"a\"]\nnot_in_set = \"kinds\"")
            .contains("give `not_in` or `not_in_set`, not both"));
    }
}
