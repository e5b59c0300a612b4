//! `pattern = '^…$'` (and `pattern_hint`): a string the regex matches.

use crate::rules::plan::RulePattern;

use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// The regex, and what a match means in words (`pattern_hint`).
#[derive(Debug)]
pub(crate) struct Pattern {
    pub re: RulePattern,
    pub hint: Option<Box<str>>,
}

impl Word for Pattern {
    const GATE: &'static str = "pattern";
    const KEYS: &'static [&'static str] = &["pattern", "pattern_hint"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let re = cx.regex(f.pattern.as_ref()?)?;
        Some(Pattern {
            re,
            hint: f.pattern_hint.clone().map(Into::into),
        })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(s) = value.as_str() else { return };
        if !self.re.is_match(s) {
            let message = mismatch(&f.label, "", &self.re, self.hint.as_deref());
            cx.emit(Severity::Error, "pattern", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        let re = self.re.as_str();
        let text = match &self.hint {
            Some(hint) => format!("pattern {re} ({hint})"),
            None => format!("pattern {re}"),
        };
        e.constraints.push((Place::Other, text));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.keyword("pattern", self.re.as_str().into());
    }

    fn note(&self) -> String {
        format!("pattern {}", self.re.as_str())
    }
}

/// The message of a `pattern` finding (`not` empty) or a `not_pattern`
/// one (`not` = `"not "`): the hint when the rule gives one, else the
/// regex.
pub(super) fn mismatch(label: &str, not: &str, re: &RulePattern, hint: Option<&str>) -> String {
    match hint {
        Some(h) => format!("{label} must {not}be {h}"),
        None => format!("{label} must {not}match the pattern {}", re.as_str()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn a_string_the_regex_matches() {
        let m = Mini::field("pattern = '^[0-9]{3}$'");
        assert!(m.findings(r#""123""#).is_empty());
        assert!(m.findings("1234").is_empty(), "not a string");
        assert_eq!(
            m.findings(r#""12a""#),
            [(
                "pattern".into(),
                "v must match the pattern ^[0-9]{3}$".into()
            )]
        );
        assert_eq!(m.constraints(), ["pattern ^[0-9]{3}$"]);
        assert_eq!(m.note(), "pattern ^[0-9]{3}$");
        assert_eq!(m.schema().0["pattern"], "^[0-9]{3}$");
        let hinted = Mini::field("pattern = '^[0-9]{3}$'\npattern_hint = \"three digits\"");
        assert_eq!(hinted.findings(r#""1""#)[0].1, "v must be three digits");
        assert_eq!(hinted.constraints(), ["pattern ^[0-9]{3}$ (three digits)"]);
        assert!(Mini::error("pattern = '('").contains("invalid regex"));
    }
}
