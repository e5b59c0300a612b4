//! `not_pattern = '…'` (and `not_pattern_hint`): a string the regex does
//! not match.

use crate::rules::plan::RulePattern;

use super::pattern::mismatch;
use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// The regex, and what a match means in words (`not_pattern_hint`).
#[derive(Debug)]
pub(crate) struct NotPattern {
    pub re: RulePattern,
    pub hint: Option<Box<str>>,
}

impl Word for NotPattern {
    const GATE: &'static str = "not_pattern";
    const KEYS: &'static [&'static str] = &["not_pattern", "not_pattern_hint"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let re = cx.regex(f.not_pattern.as_ref()?)?;
        Some(NotPattern {
            re,
            hint: f.not_pattern_hint.clone().map(Into::into),
        })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(s) = value.as_str() else { return };
        if self.re.is_match(s) {
            let message = mismatch(&f.label, "not ", &self.re, self.hint.as_deref());
            cx.emit(Severity::Error, "not_pattern", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        let re = self.re.as_str();
        let text = match &self.hint {
            Some(hint) => format!("not matching {re} (not {hint})"),
            None => format!("not matching {re}"),
        };
        e.constraints.push((Place::Other, text));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.all_of(serde_json::json!({ "not": { "type": "string", "pattern": self.re.as_str() } }));
    }

    fn note(&self) -> String {
        format!("not matching {}", self.re.as_str())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn a_string_the_regex_does_not_match() {
        let m = Mini::field("not_pattern = '^0+$'\nnot_pattern_hint = \"all zeros\"");
        assert!(m.findings(r#""120""#).is_empty());
        assert!(m.findings("0").is_empty(), "not a string");
        assert_eq!(
            m.findings(r#""000""#),
            [("not_pattern".into(), "v must not be all zeros".into())]
        );
        assert_eq!(m.constraints(), ["not matching ^0+$ (not all zeros)"]);
        assert_eq!(m.note(), "not matching ^0+$");
        assert_eq!(
            m.schema().0["allOf"][0],
            serde_json::json!({ "not": { "type": "string", "pattern": "^0+$" } })
        );
        let bare = Mini::field("not_pattern = '^0+$'");
        assert_eq!(
            bare.findings(r#""0""#)[0].1,
            "v must not match the pattern ^0+$"
        );
    }
}
