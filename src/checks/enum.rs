//! `enum = [...]` or `enum_set = "name"`: the value is one of a list.

use std::sync::Arc;

use super::{list_or_set, set_contains, Compiling, Explained, JsonValue, Running, Schema, Word};
use crate::engine::Kind;
use crate::report::Detail;
use crate::rules::plan::{FieldRule, Types, ValueSet, MAX_LISTED_VALUES};
use crate::rules::raw::RawField;
use crate::Severity;

/// The values allowed.
#[derive(Debug)]
pub(crate) struct Enum(pub Arc<ValueSet>);

impl Word for Enum {
    const GATE: &'static str = "enum";
    const KEYS: &'static [&'static str] = &["enum", "enum_set"];

    fn compile(f: &RawField, cx: &mut impl Compiling) -> Option<Self> {
        let (set, span) = list_or_set(cx, &f.enumeration, &f.enum_set, Self::KEYS)?;
        if let Some(t) = cx.types()
            && let Some(msg) = type_mismatch(&set, t)
        {
            cx.problem(&span, &msg, None);
        }
        Some(Enum(set))
    }

    fn run<'p, 'v, J: JsonValue>(
        &'p self,
        f: &'p FieldRule,
        value: &'v J,
        cx: &mut impl Running<'p, 'v, J>,
    ) {
        let set = &self.0;
        if set_contains(set, value) {
            return;
        }
        let message = enum_message(&f.label, set, value, f.sensitive);
        let detail = Detail::Enum {
            options: Arc::clone(&set.plain),
            received: value.as_str().filter(|_| !f.sensitive).map(str::to_string),
        };
        cx.emit(Severity::Error, "enum", message, Some(detail));
    }

    fn explain(&self, e: &mut Explained) {
        let set = &self.0;
        e.values = Some((
            set.listed.iter().map(|s| s.to_json()).collect(),
            set.name.as_deref().map(str::to_string),
        ));
    }

    fn schema(&self, s: &mut Schema<'_>) {
        s.keyword("enum", self.0.to_json());
    }

    fn note(&self) -> String {
        let set = &self.0;
        if set.listed.len() <= MAX_LISTED_VALUES {
            let values: Vec<String> = set.listed.iter().map(|s| s.to_json().to_string()).collect();
            return format!("one of {}", values.join(", "));
        }
        match &set.name {
            Some(name) => format!("one of the {} {name} values", set.listed.len()),
            None => format!("one of {} values", set.listed.len()),
        }
    }
}

/// "enum of the wrong type": values the field's type can never hold.
fn type_mismatch(set: &ValueSet, types: Types) -> Option<String> {
    let t = types.0;
    let bad = (!set.strings.is_empty() && t & Types::STRING == 0)
        || (!set.numbers.is_empty() && t & (Types::NUMBER | Types::INTEGER) == 0)
        || (!set.bools.is_empty() && t & Types::BOOLEAN == 0);
    bad.then(|| {
        format!(
            "the allowed values do not match the field's type ({}): check the quotes",
            types.describe()
        )
    })
}

/// "gender must be one of "male", "female" or "other" (got "M")".
/// Enum sets longer than this get no "did you mean".
const MAX_SUGGESTION_CANDIDATES: usize = 64;

pub(super) fn enum_message<J: JsonValue>(
    label: &str,
    set: &ValueSet,
    v: &J,
    sensitive: bool,
) -> String {
    let mut message = String::with_capacity(label.len() + set.must_be.len() + 48);
    message.push_str(label);
    message.push_str(&set.must_be);
    if !sensitive {
        if let Some(s) = v.as_str() {
            if s.chars().count() <= 64 {
                message.push_str(" (got \"");
                message.push_str(s);
                message.push_str("\")");
            }
            // A suggestion only among a short list of words: for a long
            // list of codes (NAICS) "did you mean" is noise, and costly.
            let closest = (set.strings.len() <= MAX_SUGGESTION_CANDIDATES && s.len() <= 64)
                .then(|| closest(&s.to_lowercase(), &set.lower, &set.strings))
                .flatten();
            if let Some(c) = closest {
                message.push_str("; did you mean \"");
                message.push_str(c);
                message.push_str("\"?");
            }
        } else if v.kind() != Kind::String {
            message.push_str(" (got ");
            message.push_str(v.describe());
            message.push(')');
        }
    }
    message
}

/// Jaro-Winkler similarity a suggestion must reach.
const SUGGESTION_THRESHOLD: f64 = 0.85;

/// The candidate most like `received` (already lower-case) by Jaro-Winkler,
/// if one reaches [`SUGGESTION_THRESHOLD`]; `lower[i]` is `candidates[i]`
/// in lower case. Ties go to the last, as `Iterator::max_by` breaks them.
///
/// The same answer as scoring every candidate, for less: a candidate whose
/// score cannot reach the threshold is skipped unscored. Jaro's matches are
/// pairs of equal characters, so there are at most as many as the two
/// strings' multisets of characters share (`m`); with no transpositions
/// Jaro is at most `(m/|a| + m/|b| + 1) / 3`, and Winkler's prefix bonus
/// (strsim: only above 0.7, at most 4 × 0.1 of the rest) lifts a Jaro score
/// `j` to at most `0.6 j + 0.4`, which reaches 0.85 only from `j ≥ 0.75`.
/// Non-ASCII strings, and a `received` too long for the byte counts, are
/// always scored. ASCII pairs are scored over their bytes, which gives the
/// same score as over characters without decoding them.
fn closest<'c>(received: &str, lower: &[Box<str>], candidates: &'c [Box<str>]) -> Option<&'c str> {
    const MIN_JARO: f64 = 0.75 - 1e-9;
    let ascii =
        received.is_ascii() && !received.is_empty() && received.len() <= usize::from(u8::MAX);
    let mut counts = [0u8; 128];
    if ascii {
        for b in received.bytes() {
            if let Some(n) = counts.get_mut(usize::from(b)) {
                *n = n.saturating_add(1); // at most 255 bytes: never saturates
            }
        }
    }
    let mut best: Option<(f64, &'c str)> = None;
    for (lower, candidate) in lower.iter().zip(candidates) {
        if ascii && lower.is_ascii() && !lower.is_empty() {
            let mut left = counts;
            let mut shared = 0usize;
            for b in lower.bytes() {
                if let Some(n) = left.get_mut(usize::from(b))
                    && *n > 0
                {
                    *n -= 1;
                    shared += 1;
                }
            }
            let m = shared as f64;
            let bound = (m / received.len() as f64 + m / lower.len() as f64 + 1.0) / 3.0;
            if shared == 0 || bound < MIN_JARO {
                continue;
            }
        }
        let score = if ascii && lower.is_ascii() {
            // The same score over bytes: for ASCII, bytes are characters.
            strsim::generic_jaro_winkler(&AsciiBytes(received), &AsciiBytes(lower))
        } else {
            strsim::jaro_winkler(received, lower)
        };
        if score >= SUGGESTION_THRESHOLD && best.is_none_or(|(top, _)| score >= top) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// An ASCII string's bytes, for strsim's generic (per-element) scores,
/// which then skip decoding characters and counting them twice.
struct AsciiBytes<'s>(&'s str);

impl<'s> IntoIterator for &AsciiBytes<'s> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'s, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.as_bytes().iter().copied()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::super::testing::Mini;
    use super::*;

    /// Scoring every candidate, as the suggestion did before it skipped
    /// the ones that cannot reach the threshold.
    fn closest_by_scoring_all<'c>(
        received: &str,
        lower: &[Box<str>],
        candidates: &'c [Box<str>],
    ) -> Option<&'c str> {
        lower
            .iter()
            .zip(candidates)
            .map(|(l, c)| (strsim::jaro_winkler(received, l), &**c))
            .filter(|(score, _)| *score >= SUGGESTION_THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, c)| c)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Skipping candidates never changes the suggestion: random words
        /// from a small alphabet (so that near misses are common), with
        /// edits of the candidates themselves, and non-ASCII.
        #[test]
        fn suggestion_skips_only_what_cannot_win(
            words in proptest::collection::vec("[a-eé_]{0,12}", 1..12),
            received in "[a-eé_]{0,12}",
            pick in 0usize..12,
            cut in 0usize..12,
        ) {
            let lower: Vec<Box<str>> = words.iter().map(|w| w.as_str().into()).collect();
            let candidates: Vec<Box<str>> = words.iter().map(|w| w.to_uppercase().into()).collect();
            let mut near = words.get(pick % words.len()).cloned().unwrap_or_default();
            near.truncate(near.char_indices().nth(cut).map_or(near.len(), |(i, _)| i));
            near.push('a');
            for r in [received.as_str(), near.as_str()] {
                proptest::prop_assert_eq!(
                    closest(r, &lower, &candidates),
                    closest_by_scoring_all(r, &lower, &candidates),
                    "{:?} among {:?}", r, words
                );
            }
        }
    }

    #[test]
    fn suggestion_for_a_real_enum() {
        let words = [
            "sole_proprietorship",
            "llc",
            "corporation",
            "partnership",
            "non_profit",
        ];
        let lower: Vec<Box<str>> = words.iter().map(|w| (*w).into()).collect();
        assert_eq!(closest("corporaton", &lower, &lower), Some("corporation"));
        assert_eq!(closest("partnershp", &lower, &lower), Some("partnership"));
        assert_eq!(closest("xyz", &lower, &lower), None);
        assert_eq!(closest("", &lower, &lower), None);
        let long = "llc".repeat(100); // longer than the byte counts hold: scored
        assert_eq!(
            closest(&long, &lower, &lower),
            closest_by_scoring_all(&long, &lower, &lower)
        );
    }

    #[test]
    fn a_value_not_listed_gets_the_list_and_a_suggestion() {
        let m = Mini::field(r#"enum = ["male", "female"]"#);
        assert!(m.findings(r#""female""#).is_empty());
        let found = m.findings(r#""femal""#);
        assert_eq!(
            found,
            [(
                "enum".to_string(),
                r#"v must be one of "male" or "female" (got "femal"); did you mean "female"?"#
                    .to_string()
            )]
        );
        assert_eq!(
            m.findings("3")[0].1,
            r#"v must be one of "male" or "female" (got a number)"#
        );
        let (schema, _) = m.schema();
        assert_eq!(schema["enum"], serde_json::json!(["male", "female"]));
        assert_eq!(m.note(), r#"one of "male", "female""#);
        assert_eq!(
            m.explained().values,
            Some((vec!["male".into(), "female".into()], None))
        );
    }

    #[test]
    fn a_sensitive_value_is_never_quoted() {
        let m = Mini::field("enum_set = \"kinds\"\nsensitive = true");
        let found = m.findings(r#""secret""#);
        assert_eq!(found[0].1, r#"v must be one of "x", "y" or "z""#);
    }

    #[test]
    fn compile_problems() {
        assert!(Mini::error("enum = [1]\ntype = \"string\"").contains("check the quotes"));
        assert!(Mini::error("enum = [\"a\"]\nenum_set = \"kinds\"").contains("not both"));
        assert!(Mini::error("enum_set = \"kind\"").contains("unknown set `kind`"));
        // The same problems for a named set, and the keys named.
        assert!(
            Mini::error("enum_set = \"kinds\"\ntype = \"integer\"").contains("check the quotes")
        );
        assert!(Mini::error("enum = [\"a\"]\nenum_set = \"kinds\"")
            .contains("give `enum` or `enum_set`, not both"));
    }
}
