//! `file = { media_types = [...], max_bytes = …, … }`: a document file,
//! as a base64 data URI (or plain base64 whose media type another member
//! holds), of a listed media type, within a decoded size.

use std::fmt::Write as _;

use super::{Compiling, Explained, JsonValue, Place, Running, Schema, Word};
use crate::formats::data_uri::{self, DataUri};
use crate::formats::Format;
use crate::rules::plan::{join_or, FieldRule, Ptr};
use crate::rules::raw::RawField;
use crate::Severity;

/// Data URI syntax, media type and decoded size.
#[derive(Debug)]
pub(crate) struct File {
    /// Lower case.
    pub media_types: Vec<Box<str>>,
    pub max_bytes: Option<u64>,
    /// Above this (and within `max_bytes`): a warning, `file.size_ambiguous`.
    pub warn_bytes: Option<u64>,
    /// (alias, listed media type), lower case.
    pub aliases: Vec<(Box<str>, Box<str>)>,
    /// Plain base64, its media type at this pointer; `None`: a data URI.
    pub media_type_at: Option<Ptr>,
}

/// The file a field's `file` check accepted, for its `file_content`
/// check: the parsed value, and the listed media type the alias it was
/// declared as stands for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AcceptedFile<'p, 'v> {
    pub uri: DataUri<'v>,
    pub alias: Option<&'p str>,
}

/// A size limit in words, wherever one is named (a finding, `rules
/// explain`, the schema's description), in the unit that states it
/// exactly: `10 MiB (10,485,760 bytes)`, `10 MB (10,000,000 bytes)`,
/// `1,234-byte`.
pub(crate) fn size_text(n: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    const MB: u64 = 1_000_000;
    let grouped = grouped(n);
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB ({grouped} bytes)", n / MIB)
    } else if n >= MB && n.is_multiple_of(MB) {
        format!("{} MB ({grouped} bytes)", n / MB)
    } else {
        format!("{grouped}-byte")
    }
}

/// `10485760` as `10,485,760`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Word for File {
    const GATE: &'static str = "file";
    const KEYS: &'static [&'static str] = &["file"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let file = f.file.as_ref()?.get_ref();
        let types_ok = file.media_types.get_ref().iter().all(|t| {
            t.split_once('/')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.contains('/'))
        });
        if file.media_types.get_ref().is_empty() || !types_ok {
            cx.problem(
                &file.media_types.span(),
                "`media_types` lists media types such as \"image/jpeg\"",
                None,
            );
        }
        let max_bytes = file.max_bytes.as_ref().map(|m| *m.get_ref());
        let warn_bytes = file.warn_bytes.as_ref().map(|m| *m.get_ref());
        if let (Some(warn), Some(at)) = (warn_bytes, &file.warn_bytes)
            && max_bytes.is_none_or(|max| warn >= max)
        {
            cx.problem(
                &at.span(),
                "`warn_bytes` is a size below `max_bytes`, which it needs",
                None,
            );
        }
        let media_types: Vec<Box<str>> = file
            .media_types
            .get_ref()
            .iter()
            .map(|t| t.to_ascii_lowercase().into())
            .collect();
        let mut aliases = Vec::new();
        if let Some(table) = &file.media_type_aliases {
            for (alias, target) in table.get_ref() {
                match target.as_str().map(str::to_ascii_lowercase) {
                    Some(t) if media_types.iter().any(|m| **m == *t) => {
                        aliases.push((alias.to_ascii_lowercase().into(), t.into()))
                    }
                    _ => cx.problem(
                        &table.span(),
                        &format!("media type alias `{alias}` must name one of `media_types`"),
                        None,
                    ),
                }
            }
        }
        let media_type_at = file
            .media_type_path
            .as_ref()
            .and_then(|path| cx.member(path, "`media_type_path` names a member"));
        Some(File {
            media_types,
            max_bytes,
            warn_bytes,
            aliases,
            media_type_at,
        })
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let Some(s) = value.as_str() else { return };
        let label = &f.label;
        let parsed = match &self.media_type_at {
            None => data_uri::parse(s),
            Some(at) => {
                // A missing media type is its own member's finding.
                let declared = cx.resolve(at).and_then(|v| v.as_str()).unwrap_or("");
                data_uri::from_base64(declared, s)
            }
        };
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(reason) => {
                let what = if self.media_type_at.is_some() {
                    "standard base64"
                } else {
                    Format::DataUri.describe()
                };
                let message = format!("{label} must be {what}: {}", reason.detail);
                cx.emit(reason.severity, reason.code, message, None);
                return;
            }
        };
        // Media types compare case-insensitively (RFC 2045 §5.1); the
        // plan's are lower case already.
        let declared = parsed.media_type;
        let alias = self
            .aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(declared))
            .map(|(_, t)| &**t);
        let listed = alias.unwrap_or(declared);
        if declared.is_empty() {
            // No media type to compare (plain base64 whose media type
            // member is missing): size only.
        } else if !self
            .media_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(listed))
        {
            let allowed: Vec<&str> = self.media_types.iter().map(|t| &**t).collect();
            let message = format!(
                "{label} is declared as a media type that is not accepted: send {}",
                join_or(&allowed)
            );
            cx.emit(Severity::Error, "file.media_type", message, None);
        } else {
            *cx.file() = Some(AcceptedFile { uri: parsed, alias });
        }
        let size = parsed.decoded_len() as u64;
        if let Some(max) = self.max_bytes.filter(|max| size > *max) {
            let message = format!(
                "{label} decodes to {size} bytes, over the {} limit",
                size_text(max)
            );
            cx.emit(Severity::Error, "file.too_large", message, None);
        } else if let Some(warn) = self.warn_bytes.filter(|warn| size > *warn) {
            let within = self.max_bytes.map_or_else(String::new, |max| {
                format!("within the {} limit but ", size_text(max))
            });
            let message = format!(
                "{label} decodes to {size} bytes: {within}over {}, which the document's limit may also mean; send a smaller file to be safe",
                size_text(warn)
            );
            cx.emit(Severity::Warning, "file.size_ambiguous", message, None);
        }
    }

    fn explain(&self, e: &mut Explained) {
        e.format = Some("data-uri".to_string());
        let types: Vec<&str> = self.media_types.iter().map(|t| &**t).collect();
        let mut text = match &self.media_type_at {
            None => format!("a base64 data URI of {}", types.join(", ")),
            Some(at) => format!(
                "plain base64 of {}, its media type in {}",
                types.join(", "),
                at.describe()
            ),
        };
        if !self.aliases.is_empty() {
            let names: Vec<String> = self
                .aliases
                .iter()
                .map(|(a, t)| format!("{a} for {t}"))
                .collect();
            let _ = write!(text, " (also {})", names.join(", "));
        }
        if let Some(max) = self.max_bytes {
            let _ = write!(text, ", at most {} decoded", size_text(max));
        }
        if let Some(warn) = self.warn_bytes {
            let _ = write!(text, " (a warning above {})", size_text(warn));
        }
        e.constraints.push((Place::Other, text));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        if self.media_type_at.is_some() {
            let base64 = s.cx.base64();
            s.keyword("pattern", base64.into());
            s.left_out("the file's media type, read from another member".into());
        } else {
            let pattern = s.cx.data_uri(Some(self.media_types.as_slice()));
            s.keyword("pattern", pattern.into());
        }
        if let Some(max) = self.max_bytes {
            s.left_out(format!(
                "the file's decoded size (at most {})",
                size_text(max)
            ));
        }
    }

    fn note(&self) -> String {
        "the file's data URI, media type and size".to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;
    use super::size_text;

    #[test]
    fn sizes_in_the_unit_that_states_them_exactly() {
        assert_eq!(size_text(10_485_760), "10 MiB (10,485,760 bytes)");
        assert_eq!(size_text(10_000_000), "10 MB (10,000,000 bytes)");
        assert_eq!(size_text(1_234), "1,234-byte");
        assert_eq!(size_text(0), "0-byte");
    }

    const PNG: &str = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==";

    /// The one size text is the limit's in the finding, `rules explain`
    /// and the schema alike.
    #[test]
    fn one_limit_text_in_run_explain_and_schema() {
        let m = Mini::field(
            r#"file = { media_types = ["image/png"], max_bytes = 1048576, warn_bytes = 8 }"#,
        );
        let limit = "1 MiB (1,048,576 bytes)";
        let found = m.findings(&format!("\"{PNG}\""));
        assert_eq!(found[0].0, "file.size_ambiguous");
        assert!(found[0]
            .1
            .contains(&format!("within the {limit} limit but over 8-byte")));
        let constraints = m.constraints();
        assert!(
            constraints[0].contains(&format!("at most {limit} decoded")),
            "{constraints:?}"
        );
        assert!(m
            .schema()
            .1
            .contains(&format!("decoded size (at most {limit})")));
        let small = Mini::field(r#"file = { media_types = ["image/png"], max_bytes = 4 }"#);
        let found = small.findings(&format!("\"{PNG}\""));
        assert_eq!(found[0].0, "file.too_large");
        assert!(
            found[0].1.ends_with("over the 4-byte limit"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn media_types_and_aliases() {
        let m = Mini::field(
            r#"file = { media_types = ["image/jpeg", "image/png"], media_type_aliases = { "image/jpg" = "image/jpeg" } }"#,
        );
        assert!(m
            .findings(&format!("\"{PNG}\""))
            .iter()
            .all(|(c, _)| c != "file.media_type"));
        let pdf = "\"data:application/pdf;base64,JVBERi0=\"";
        assert_eq!(
            m.findings(pdf)[0],
            (
                "file.media_type".into(),
                "v is declared as a media type that is not accepted: send image/jpeg or image/png"
                    .into()
            )
        );
        assert_eq!(
            m.findings(r#""not a uri""#)[0].0.split('.').next(),
            Some("format")
        );
        assert_eq!(m.explained().format.as_deref(), Some("data-uri"));
        assert!(m.constraints()[0].contains("(also image/jpg for image/jpeg)"));
        assert!(m.schema().0["pattern"]
            .as_str()
            .unwrap()
            .contains("[Pp][Nn][Gg]"));
        assert_eq!(m.note(), "the file's data URI, media type and size, the file's bytes matching its declared media type");
    }

    #[test]
    fn compile_problems() {
        assert!(Mini::error(r#"file = { media_types = ["jpeg"] }"#).contains("such as"));
        assert!(
            Mini::error(r#"file = { media_types = ["image/png"], warn_bytes = 9 }"#)
                .contains("`warn_bytes` is a size below `max_bytes`")
        );
        assert!(Mini::error(
            r#"file = { media_types = ["image/png"], media_type_aliases = { "a/b" = "image/gif" } }"#
        )
        .contains("must name one of `media_types`"));
    }
}
