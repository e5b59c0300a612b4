//! `format = "ssn"`, or `format = "ssn|itin"` for any of several: a named
//! format of `crate::formats`.

use super::{Compiling, Explained, JsonValue, Running, Schema, Word};
use crate::formats::{Format, Reason};
use crate::rules::did_you_mean;
use crate::rules::plan::{join_or, FieldRule};
use crate::rules::raw::RawField;
use crate::Severity;

/// Passes when any of the formats does.
#[derive(Debug)]
pub(crate) struct FormatCheck(pub Box<[Format]>);

impl Word for FormatCheck {
    const GATE: &'static str = "format";
    const KEYS: &'static [&'static str] = &["format"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let name = f.format.as_ref()?;
        let mut found = Vec::new();
        for part in name.get_ref().split('|').map(str::trim) {
            match Format::from_name(part) {
                Some(format) => found.push(format),
                None => cx.problem(
                    &name.span(),
                    &format!("unknown format `{part}`"),
                    did_you_mean(part, Format::ALL.iter().map(|f| f.name())),
                ),
            }
        }
        (!found.is_empty()).then(|| FormatCheck(found.into_boxed_slice()))
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(s) = value.as_str() else { return };
        // Of several formats (`ssn|itin`), any may pass; when none does,
        // report the one the value was meant to be: a specific rule's
        // failure (`format.ssn.area`) over a shape failure (`format.itin`),
        // else the first listed.
        let mut best: Option<Reason> = None;
        for format in self.0.iter() {
            match format.check(s) {
                Ok(()) => {
                    if *format == Format::Date {
                        *cx.date() = crate::formats::date::parse(s).ok();
                    }
                    return;
                }
                Err(reason) => {
                    let specific = reason.code.matches('.').count() > 1;
                    let replace = match &best {
                        None => true,
                        Some(b) => specific && b.code.matches('.').count() <= 1,
                    };
                    if replace {
                        best = Some(reason);
                    }
                }
            }
        }
        if let Some(reason) = best {
            let label = &f.label;
            let mut message = String::with_capacity(label.len() + 160);
            message.push_str(label);
            if reason.severity == Severity::Error {
                message.push_str(" must be ");
                match &self.0[..] {
                    [one] => message.push_str(one.describe()),
                    several => {
                        let names: Vec<&str> = several.iter().map(|f| f.describe()).collect();
                        message.push_str(&join_or(&names));
                    }
                }
            }
            message.push_str(": ");
            message.push_str(reason.detail);
            cx.emit(reason.severity, reason.code, message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        let names: Vec<&str> = self.0.iter().map(|f| f.name()).collect();
        e.format = Some(names.join("|"));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        let (schema, notes) = s.cx.formats(&self.0);
        s.part = schema;
        s.left_out.extend(notes);
    }

    fn note(&self) -> String {
        let names: Vec<&str> = self.0.iter().map(|f| f.name()).collect();
        format!("format {}", names.join(" or "))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn any_of_several_passes_and_the_specific_failure_is_reported() {
        let m = Mini::field(r#"format = "ssn|itin""#);
        assert!(m.findings(r#""123-45-6789""#).is_empty());
        assert!(m.findings(r#""912-70-1234""#).is_empty());
        let found = m.findings(r#""000-12-3456""#);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "format.ssn.area");
        assert!(found[0].1.starts_with("v must be "), "{}", found[0].1);
        // Not a string: another word's (`type`) finding.
        assert!(m.findings("7").is_empty());
        assert_eq!(m.explained().format.as_deref(), Some("ssn|itin"));
        assert_eq!(m.note(), "format ssn or itin");
    }

    #[test]
    fn an_unknown_format_is_a_problem_with_a_suggestion() {
        let err = Mini::error(r#"format = "emial""#);
        assert!(err.contains("unknown format `emial`"), "{err}");
        assert!(err.contains("did you mean `email`?"), "{err}");
    }

    #[test]
    fn its_schema_is_the_formats() {
        let m = Mini::field(r#"format = "email""#);
        let (schema, left_out) = m.schema();
        assert_eq!(schema["format"], "email");
        assert!(schema["pattern"].is_string());
        assert!(left_out.is_empty());
    }
}
