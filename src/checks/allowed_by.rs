//! `allowed_by = { path = "…", table = "…" }`: the value is one the
//! `[tables]` entry allows for the value of another member.

use std::sync::Arc;

use super::{set_contains, Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::{join_or, FieldRule, LookupTable, Ptr};
use crate::rules::raw::RawField;
use crate::Severity;

/// The member whose value is the table's key, and the table. A key the
/// table does not list allows anything.
#[derive(Debug)]
pub(crate) struct AllowedBy {
    pub at: Ptr,
    pub table: Arc<LookupTable>,
}

impl Word for AllowedBy {
    const GATE: &'static str = "allowed_by";
    const KEYS: &'static [&'static str] = &["allowed_by"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let raw = f.allowed_by.as_ref()?.get_ref();
        let table = cx.table(&raw.table);
        let at = cx.member(&raw.path, "`allowed_by.path` names a member");
        Some(AllowedBy {
            at: at?,
            table: table?,
        })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(key) = cx.resolve(&self.at).and_then(|v| v.as_str()) else {
            return;
        };
        let Some((key, allowed)) = self.table.allowed(key) else {
            return;
        };
        if set_contains(allowed, value) {
            return;
        }
        let quoted: Vec<String> = allowed.plain.iter().map(|v| format!("\"{v}\"")).collect();
        let quoted: Vec<&str> = quoted.iter().map(String::as_str).collect();
        let other = self.at.segments.last().map_or("", |s| &**s);
        let message = format!(
            "{} is not one allowed with {other} \"{key}\": {}",
            f.label,
            join_or(&quoted)
        );
        cx.emit(Severity::Error, "allowed_by", message, None);
    }

    fn explain(&self, e: &mut Explained) {
        let text = format!(
            "one the table {} allows for {}",
            self.table.name,
            self.at.describe()
        );
        e.constraints.push((Place::Other, text));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.left_out(format!(
            "the values table {} allows with {}",
            self.table.name,
            self.at.describe()
        ));
    }

    fn note(&self) -> String {
        format!(
            "a value table {} allows with {}",
            self.table.name,
            self.at.describe()
        )
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn the_table_row_of_the_other_member() {
        let m = Mini::field(r#"allowed_by = { path = "country", table = "by_country" }"#);
        assert!(m
            .findings_in(r#"{"v": "ssn", "country": "USA"}"#)
            .is_empty());
        assert!(
            m.findings_in(r#"{"v": "ssn", "country": "CAN"}"#)
                .is_empty(),
            "not listed"
        );
        assert!(m.findings_in(r#"{"v": "ssn"}"#).is_empty(), "no key");
        assert_eq!(
            m.findings_in(r#"{"v": "ssn", "country": "MEX"}"#),
            [(
                "allowed_by".into(),
                r#"v is not one allowed with country "MEX": "rfc""#.into()
            )]
        );
        assert_eq!(
            m.constraints(),
            ["one the table by_country allows for country"]
        );
        assert_eq!(m.note(), "a value table by_country allows with country");
        assert!(m
            .schema()
            .1
            .contains("the values table by_country allows with country"));
    }

    #[test]
    fn compile_problems() {
        let err = Mini::error(r#"allowed_by = { path = "country", table = "by_countr" }"#);
        assert!(err.contains("unknown table `by_countr`"), "{err}");
        assert!(err.contains("did you mean `by_country`?"), "{err}");
        let err = Mini::error(r#"allowed_by = { path = "", table = "by_country" }"#);
        assert!(err.contains("`allowed_by.path` names a member"), "{err}");
    }
}
