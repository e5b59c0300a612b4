//! The file's magic bytes match its declared media type: every `file`
//! rule's second check, with a gate of its own (`gates = { file_content =
//! "…" }`, `verification` by default).

use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::rules::plan::FieldRule;
use crate::rules::raw::RawField;
use crate::Severity;

/// Reads the file the field's `file` check accepted.
#[derive(Debug)]
pub(crate) struct FileContent;

impl Word for FileContent {
    const GATE: &'static str = "file_content";
    const LATER: bool = true;
    // Written as part of `file`, which the `file` word lists.
    const KEYS: &'static [&'static str] = &[];

    fn compile(f: &RawField, _cx: &mut impl Compiling) -> Option<Self> {
        f.file.as_ref().map(|_| FileContent)
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        _value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(accepted) = cx.file().take() else {
            return;
        };
        let declared = accepted.alias.unwrap_or(accepted.uri.media_type);
        let sniffed = accepted.uri.sniff();
        if sniffed
            .media_type()
            .is_some_and(|t| t.eq_ignore_ascii_case(declared))
        {
            return;
        }
        let what = match sniffed.media_type() {
            Some(t) => format!("the bytes are {t}"),
            None => "the bytes are not a JPEG, PNG or PDF file".to_string(),
        };
        let message = format!(
            "{} is declared as {declared} but {what}: encode the file itself, with its own media type",
            f.label
        );
        cx.emit(Severity::Error, "file.content_mismatch", message, None);
    }

    fn explain(&self, e: &mut Explained) {
        e.constraints.push((
            Place::Other,
            "the file's bytes match its declared media type".to_string(),
        ));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.left_out("the file's bytes matching its declared media type".into());
    }

    fn note(&self) -> String {
        "the file's bytes matching its declared media type".to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;

    #[test]
    fn the_bytes_match_the_declared_type() {
        let m = Mini::field(r#"file = { media_types = ["image/png", "application/pdf"] }"#);
        assert_eq!(m.gates(), ["request", "verification"]);
        // PDF bytes declared as a PNG.
        let found = m.findings(r#""data:image/png;base64,JVBERi0xLjQK""#);
        assert_eq!(
            found,
            [(
                "file.content_mismatch".into(),
                "v is declared as image/png but the bytes are application/pdf: encode the file itself, with its own media type".into()
            )]
        );
        assert!(m
            .findings(r#""data:application/pdf;base64,JVBERi0xLjQK""#)
            .is_empty());
        assert_eq!(
            m.constraints()[1],
            "the file's bytes match its declared media type"
        );
        let at_request = Mini::field(
            "file = { media_types = [\"image/png\"] }\ngates = { file_content = \"request\" }",
        );
        assert!(at_request
            .schema()
            .1
            .contains("the file's bytes matching its declared media type"));
    }
}
