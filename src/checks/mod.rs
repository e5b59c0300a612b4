//! The field-check words of the rule language (the keys of `[[field]]`
//! that check a value: `format`, `enum`, `min_length`, …), one file a word.
//!
//! Each file holds its word whole: the compiled form (a struct), how it is
//! compiled from the rule file's [`RawField`], its run (what `check` says,
//! message text included), its words in `rules explain`, its JSON Schema
//! fragment for `rules schema`, and its tests. [`CheckKind`], written by
//! the one registry below, dispatches to them with a `match` (no boxed
//! trait objects: the engine runs a check on every field of every record).
//!
//! The words reach what is not theirs through small contexts: the
//! compiler's ([`Compiling`]: problems, patterns, named sets and tables,
//! the gate), the engine's ([`Running`]: emit a finding, resolve a
//! pointer, today's date, the date and file slots one field's checks
//! share) and the schema exporter's ([`SchemaCx`]: format schemas).
//!
//! Crate-private. A room of the rule language's level
//! (docs/architecture.md): it imports `rules::plan`'s value types and
//! `rules::raw`, `formats`, the engine's payload accessors
//! ([`JsonValue`]), `report::Detail` and `Severity`, never the walk, the
//! compiler's internals or the exports.

use std::ops::Range;
use std::sync::Arc;

use crate::rules::plan::RulePattern;
use chrono::NaiveDate;
use serde_json::{Map, Value};
use toml::Spanned;

use crate::engine::JsonValue;
use crate::formats::Format;
use crate::report::Detail;
use crate::rules::plan::{FieldRule, GateId, LookupTable, Ptr, Types, ValueSet};
use crate::rules::raw::RawField;
use crate::Severity;

mod allowed_by;
mod r#enum;
mod file;
mod file_content;
mod format;
mod items;
mod length;
mod min_age;
mod not_expired;
mod not_in;
mod not_pattern;
mod one_of_required;
mod pattern;
mod range;

pub(crate) use file::AcceptedFile;

/// One field-check word.
pub(crate) trait Word: Sized {
    /// Its key in a field's `gates = { ... }` table (`length` for
    /// `min_length` and `max_length`).
    const GATE: &'static str;
    /// Its checks block the rule set's `verification` gate unless the
    /// rule says otherwise (checks of more than the value's shape: its
    /// content, today's date); otherwise the first gate.
    const LATER: bool = false;
    /// The `[[field]]` keys it is written with; the fuzz generator's list
    /// of rule-file paths names each (a test here holds it to that), and
    /// the problems of giving both (`enum`, `not_in`) or crossed bounds
    /// (`length`, `items`, `range`) name them.
    const KEYS: &'static [&'static str];

    /// The word's check, when the rule writes it; problems go to `cx`.
    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self>;

    /// Check `value` (the value of field rule `f`), reporting through `cx`.
    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    );

    /// What `rules explain` says of it.
    fn explain(&self, e: &mut Explained);

    /// Its JSON Schema, or what of it the schema leaves to `check`.
    fn schema(&self, s: &mut Schema<'_>);

    /// The check in a few words, for a property's description when it
    /// belongs to a later gate than the schema's.
    fn note(&self) -> String;
}

/// What a word's compilation asks of the rule compiler.
pub(crate) trait Compiling {
    /// Record a problem at `span`, with help when there is some.
    fn problem(&mut self, span: &Range<usize>, message: &str, help: Option<String>);
    /// Compile a pattern within the file's regex budget.
    fn regex(&mut self, pattern: &Spanned<String>) -> Option<RulePattern>;
    /// A list of allowed values written in place.
    fn values(&mut self, list: &Spanned<Vec<toml::Value>>) -> Option<Arc<ValueSet>>;
    /// The `[sets]` entry `name`.
    fn set(&mut self, name: &Spanned<String>) -> Option<Arc<ValueSet>>;
    /// The `[tables]` entry `name`.
    fn table(&mut self, name: &Spanned<String>) -> Option<Arc<LookupTable>>;
    /// A pointer to a member (absolute or relative to the field's object);
    /// `what` names the key for the problem of an empty one.
    fn member(&mut self, path: &Spanned<String>, what: &str) -> Option<Ptr>;
    /// The field's declared types, if any.
    fn types(&self) -> Option<Types>;
    /// The gate a check of `key` blocks (see [`Word::LATER`]).
    fn gate(&mut self, key: &str, later: bool) -> GateId;
}

/// What a word's run asks of the engine, for one field's checks.
pub(crate) trait Running<'p, 'v, J> {
    /// Record a finding of the field at the current path.
    fn emit(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        detail: Option<Detail>,
    );
    /// The value at a condition pointer, from the field's object.
    fn resolve(&mut self, at: &'p Ptr) -> Option<&'v J>;
    /// The date `check` runs on.
    fn today(&self) -> NaiveDate;
    /// The date the field's `format = "date"` check read, shared with the
    /// date words that follow it.
    fn date(&mut self) -> &mut Option<NaiveDate>;
    /// The file the field's `file` check accepted, for `file_content`.
    fn file(&mut self) -> &mut Option<AcceptedFile<'p, 'v>>;
}

/// What one field's checks say in `rules explain`.
#[derive(Debug, Default)]
pub(crate) struct Explained {
    /// The format column (`ssn|itin`, `data-uri`).
    pub format: Option<String>,
    /// The allowed values, as JSON, and the named set they come from.
    pub values: Option<(Vec<Value>, Option<String>)>,
    /// Other constraints in words, each with its place: bounds first
    /// (length, number range, items), then the rest in check order.
    pub constraints: Vec<(Place, String)>,
}

/// Where a constraint goes among a field's constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Place {
    Length,
    Range,
    Items,
    Other,
}

impl Explained {
    /// The constraints in their order.
    pub fn constraints(mut self) -> Vec<String> {
        self.constraints.sort_by_key(|(place, _)| *place);
        self.constraints.into_iter().map(|(_, c)| c).collect()
    }
}

/// What a word's schema asks of the schema exporter.
pub(crate) trait SchemaCx {
    /// The schema of one format, or of any of several (`ssn|itin`), and
    /// what of them the schema leaves to `check`.
    fn formats(&mut self, formats: &[Format]) -> (Map<String, Value>, Vec<String>);
    /// The pattern of a base64 data URI of one of `media_types` (any, when
    /// `None`).
    fn data_uri(&self, media_types: Option<&[Box<str>]>) -> String;
    /// The pattern of standard base64.
    fn base64(&self) -> &'static str;
}

/// One check's part of a property's schema.
pub(crate) struct Schema<'a> {
    /// Its keywords.
    pub part: Map<String, Value>,
    /// What of it JSON Schema cannot state, in words.
    pub left_out: &'a mut Vec<String>,
    /// The exporter, for formats.
    pub cx: &'a mut dyn SchemaCx,
}

impl Schema<'_> {
    /// Set keyword `key`.
    pub fn keyword(&mut self, key: &str, value: Value) {
        self.part.insert(key.into(), value);
    }

    /// Add a schema the value must also satisfy (`allOf`).
    pub fn all_of(&mut self, schema: Value) {
        match self.part.get_mut("allOf") {
            Some(Value::Array(list)) => list.push(schema),
            _ => {
                self.part.insert("allOf".into(), Value::Array(vec![schema]));
            }
        }
    }

    /// Say what the schema leaves to `check`.
    pub fn left_out(&mut self, what: String) {
        self.left_out.push(what);
    }
}

/// A pair of bounds in words: `1-140`, `3` (both the same), `at least 1`,
/// `at most 140`, after `what`.
fn bounds(min: Option<String>, max: Option<String>, what: &str) -> Option<String> {
    match (min, max) {
        (Some(a), Some(b)) if a == b => Some(format!("{what}{a}")),
        (Some(a), Some(b)) => Some(format!("{what}{a}-{b}")),
        (Some(a), None) => Some(format!("{what}at least {a}")),
        (None, Some(b)) => Some(format!("{what}at most {b}")),
        (None, None) => None,
    }
}

/// A word's lower and upper bound (`keys`: their names), read from the
/// rule. Bounds that cross, which no value meets, are a problem at the
/// lower one: a mistake in the rule file, not an error on every value.
/// `length`, `items` and `range` read theirs so.
fn bound_pair<T: Copy + PartialOrd>(
    cx: &mut impl Compiling,
    min: &Option<Spanned<T>>,
    max: &Option<Spanned<T>>,
    keys: &[&str],
) -> (Option<T>, Option<T>) {
    if let (Some(lo), Some(hi), [lower, upper]) = (min, max, keys)
        && lo.get_ref() > hi.get_ref()
    {
        let message = format!("`{lower}` is greater than `{upper}`");
        cx.problem(&lo.span(), &message, None);
    }
    (
        min.as_ref().map(|b| *b.get_ref()),
        max.as_ref().map(|b| *b.get_ref()),
    )
}

/// A word's values, written in place (`list`, the first of `keys`) or named
/// from `[sets]` (`named`, the second), with the span they were given at;
/// `None`, and a problem, when both are given. `enum`/`enum_set` and
/// `not_in`/`not_in_set` read theirs so.
fn list_or_set(
    cx: &mut impl Compiling,
    list: &Option<Spanned<Vec<toml::Value>>>,
    named: &Option<Spanned<String>>,
    keys: &[&str],
) -> Option<(Arc<ValueSet>, Range<usize>)> {
    match (list, named) {
        (Some(_), Some(named)) => {
            let [in_place, from_sets] = keys else {
                return None;
            };
            let message = format!("give `{in_place}` or `{from_sets}`, not both");
            cx.problem(&named.span(), &message, None);
            None
        }
        (Some(list), None) => Some((cx.values(list)?, list.span())),
        (None, Some(named)) => Some((cx.set(named)?, named.span())),
        (None, None) => None,
    }
}

/// Is `v` one of the set's values (a string, number or boolean)?
pub(crate) fn set_contains<J: JsonValue>(set: &ValueSet, v: &J) -> bool {
    if let Some(s) = v.as_str() {
        set.contains_str(s)
    } else if let Some(n) = v.as_f64() {
        set.numbers.contains(&n)
    } else if let Some(b) = v.as_bool() {
        set.bools.contains(&b)
    } else {
        false
    }
}

/// One check of a field and the gate its failure blocks.
#[derive(Debug)]
pub(crate) struct Check {
    pub kind: CheckKind,
    pub gate: GateId,
}

/// The registry: one line a word, in the order a field's checks run (and
/// so the order of one field's findings at one path). Writes
/// [`CheckKind`] (a variant a word, wrapping its struct), its dispatch,
/// [`compile`] and [`GATE_KEYS`].
macro_rules! registry {
    ($($variant:ident => $word:ty,)*) => {
        /// A compiled check: one variant a word.
        #[derive(Debug)]
        pub(crate) enum CheckKind {
            $($variant($word),)*
        }

        /// The keys of a field's `gates = { ... }` table: `type`, then
        /// each word's.
        pub(crate) const GATE_KEYS: &[&str] = &["type", $(<$word as Word>::GATE,)*];

        /// Every word's `[[field]]` keys.
        #[cfg(test)]
        pub(crate) const FIELD_KEYS: &[&[&str]] = &[$(<$word as Word>::KEYS,)*];

        /// The checks field `f` writes, in registry order.
        pub(crate) fn compile(f: &RawField, cx: &mut impl Compiling) -> Vec<Check> {
            let mut checks = Vec::new();
            $(
                if let Some(word) = <$word as Word>::compile(f, cx) {
                    let gate = cx.gate(<$word as Word>::GATE, <$word as Word>::LATER);
                    checks.push(Check { kind: CheckKind::$variant(word), gate });
                }
            )*
            checks
        }

        impl CheckKind {
            /// [`Word::run`].
            #[inline]
            pub(crate) fn run<'p, 'v, J: JsonValue>(
                &'p self,
                f: &'p FieldRule,
                value: &'v J,
                cx: &mut impl Running<'p, 'v, J>,
            ) {
                match self {
                    $(CheckKind::$variant(word) => word.run(f, value, cx),)*
                }
            }

            /// [`Word::explain`].
            pub(crate) fn explain(&self, e: &mut Explained) {
                match self {
                    $(CheckKind::$variant(word) => word.explain(e),)*
                }
            }

            /// [`Word::schema`].
            pub(crate) fn schema(&self, s: &mut Schema<'_>) {
                match self {
                    $(CheckKind::$variant(word) => word.schema(s),)*
                }
            }

            /// [`Word::note`].
            pub(crate) fn note(&self) -> String {
                match self {
                    $(CheckKind::$variant(word) => word.note(),)*
                }
            }
        }
    };
}

registry! {
    Format => format::FormatCheck,
    Enum => r#enum::Enum,
    NotIn => not_in::NotIn,
    Length => length::Length,
    Pattern => pattern::Pattern,
    AllowedBy => allowed_by::AllowedBy,
    OneOfRequired => one_of_required::OneOfRequired,
    NotPattern => not_pattern::NotPattern,
    Range => range::Range,
    Items => items::Items,
    File => file::File,
    FileContent => file_content::FileContent,
    MinAge => min_age::MinAge,
    NotExpired => not_expired::NotExpired,
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The fuzz generator mutates rule files at the paths it lists: every
    /// registered word's keys are among them, so a new word is fuzzed too.
    #[test]
    fn the_fuzz_list_names_every_word() {
        let paths = kyc_preflight_testkit::fuzz::generate::TOML_PATHS;
        for keys in FIELD_KEYS {
            for key in *keys {
                let path = format!("field/*/{key}");
                assert!(
                    paths.contains(&path.as_str()),
                    "testkit/src/fuzz/generate.rs TOML_PATHS lacks {path}"
                );
            }
        }
    }

    /// Every word has its own gate key, and `type` is the first.
    #[test]
    fn gate_keys_are_one_a_word() {
        let mut keys = GATE_KEYS.to_vec();
        assert_eq!(keys.first(), Some(&"type"));
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), GATE_KEYS.len());
    }
}
