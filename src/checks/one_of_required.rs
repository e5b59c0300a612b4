//! `one_of_required = ["a", "b"]`: the value, an object, has at least one
//! of these members.

use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::engine::Kind;
use crate::rules::plan::{join_or, FieldRule};
use crate::rules::raw::RawField;
use crate::Severity;

/// The members, and the message's list of them (`a, b or c`), written
/// once, at compile time.
#[derive(Debug)]
pub(crate) struct OneOfRequired {
    pub names: Box<[Box<str>]>,
    pub list: Box<str>,
}

impl Word for OneOfRequired {
    const GATE: &'static str = "one_of_required";
    const KEYS: &'static [&'static str] = &["one_of_required"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let names = f.one_of_required.as_ref()?;
        let list = names.get_ref();
        if list.len() < 2 {
            cx.problem(
                &names.span(),
                "`one_of_required` names two members or more (for one, use `required` on it)",
                None,
            );
        }
        let refs: Vec<&str> = list.iter().map(String::as_str).collect();
        Some(OneOfRequired {
            names: list.iter().map(|n| n.as_str().into()).collect(),
            list: join_or(&refs).into(),
        })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        if value.kind() == Kind::Object && self.names.iter().all(|n| value.get(n).is_none()) {
            let message = format!("{} needs at least one of {}", f.label, self.list);
            cx.emit(Severity::Error, "one_of_required", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        e.constraints
            .push((Place::Other, format!("at least one of {}", self.list)));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        let any: Vec<serde_json::Value> = self
            .names
            .iter()
            .map(|n| serde_json::json!({ "required": [&**n] }))
            .collect();
        s.all_of(serde_json::json!({ "anyOf": any }));
    }

    fn note(&self) -> String {
        format!("at least one of {}", self.list)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn an_object_with_one_of_the_members() {
        let m = Mini::field(r#"one_of_required = ["a", "b", "c"]"#);
        assert!(m.findings(r#"{"b": 1}"#).is_empty());
        assert!(m.findings("[]").is_empty(), "not an object");
        assert_eq!(
            m.findings(r#"{"d": 1}"#),
            [(
                "one_of_required".into(),
                "v needs at least one of a, b or c".into()
            )]
        );
        assert_eq!(m.constraints(), ["at least one of a, b or c"]);
        assert_eq!(m.note(), "at least one of a, b or c");
        assert_eq!(
            m.schema().0["allOf"][0]["anyOf"][1],
            serde_json::json!({ "required": ["b"] })
        );
        assert!(Mini::error(r#"one_of_required = ["a"]"#).contains("two members or more"));
    }
}
