//! Walks a payload (and its headers) against a compiled rule set and
//! collects every finding; never stops at the first.
//!
//! The walk follows the plan, and matches each object's members to the
//! plan's in one pass over the object (its "slots"). Conditions read the
//! members they test from those slots when the compiler bound their
//! pointers to them (`Bound`, in the rule plan), and search the object
//! otherwise; collection rules are evaluated item by item while each item
//! is walked, so they read its slots too. Paths are kept as a stack of
//! borrowed segments and turned into a JSON Pointer string only when a
//! finding is made.
//!
//! Its files: the walk (`walk.rs`), conditions (`conditions.rs`),
//! collection rules (`collections.rs`), headers (`headers.rs`) and finding
//! order (`order.rs`); here, [`check`], which runs them, [`input_report`],
//! and `Walk::run_check` (what each check of a field says).

use std::borrow::Cow;

use chrono::{Months, NaiveDate};

use crate::formats::{data_uri, Format};
use crate::report::{Detail, Finding, GateVerdict, Gates, Location, Report};
use crate::rules::plan::*;
use crate::Severity;

mod absolute;
mod collections;
mod conditions;
pub(crate) mod doc;
mod headers;
pub(crate) mod json;
mod limits;
mod order;
#[cfg(test)]
mod testing;
mod walk;

use conditions::{eval, resolve, set_contains, Ctx};
pub(crate) use headers::Headers;
pub(crate) use json::{JsonValue, Kind};
use order::Extra;
use walk::Walk;

/// Run `plan` over `body` (and `headers`, when given).
pub(crate) fn check<'p, J: JsonValue>(
    plan: &'p RulePlan,
    body: &J,
    headers: Option<Headers<'_>>,
    today: NaiveDate,
    max_items: usize,
    max_findings: usize,
) -> Report<'p> {
    // The root's members are matched once, before the variant is chosen,
    // so that variant conditions read them from the slots too.
    let mut walk = Walk::new(plan, body, None, today, max_items);
    walk.max_findings = max_findings;
    walk.match_root();
    let mut matches = |v: &'p Variant| match &v.when {
        Some(cond) => {
            let root = walk.root_ctx;
            eval(cond, Some(root), &mut walk.env())
        }
        None => true,
    };
    let variant = match plan.select {
        VariantSelect::First => plan.variants.iter().position(&mut matches),
        VariantSelect::Closest => {
            let mut candidates: Vec<usize> = (0..plan.variants.len())
                .filter(|i| plan.variants.get(*i).is_some_and(&mut matches))
                .collect();
            if candidates.is_empty() {
                candidates = (0..plan.variants.len()).collect();
            }
            if let [only] = candidates[..] {
                Some(only) // no trial walk for a single candidate
            } else {
                // Fewest errors wins; ties go to the first declared.
                candidates.into_iter().min_by_key(|v| {
                    let mut trial = Walk::new(plan, body, Some(*v), today, max_items);
                    trial.max_findings = max_findings;
                    trial.node(&plan.root, Some(body), Some(Ctx::plain(body)), true, None);
                    trial
                        .found
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count()
                })
            }
        }
    };
    walk.variant = variant;
    let mut header_findings = Vec::new();
    if let Some(headers) = headers {
        walk.headers(headers, &mut header_findings);
        limits::line_breaks(plan, headers, &mut header_findings);
    }
    if header_findings.len() > max_findings {
        header_findings.truncate(max_findings);
        walk.truncated = true;
    }
    walk.max_findings = max_findings - header_findings.len();
    walk.node(&plan.root, Some(body), Some(Ctx::plain(body)), true, None);
    if walk.truncated {
        walk.too_many_findings(max_findings);
    }
    let mut found = order::in_document_order(walk.found, walk.keys, &walk.orders);
    let findings: Vec<Finding<'p>> = if header_findings.is_empty() {
        found
    } else {
        header_findings.append(&mut found);
        header_findings
    };
    let mut failed = 0u64;
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(g) = plan.gates.iter().position(|g| *g.name == f.gate) {
            failed |= 1u64 << g;
        }
    }
    let gates = plan
        .gates
        .iter()
        .map(|g| GateVerdict {
            name: Cow::Borrowed(&*g.name),
            passed: g.failed_by & failed == 0,
        })
        .collect();
    Report {
        rule_set: Cow::Borrowed(&*plan.id),
        variant: variant
            .and_then(|v| plan.variants.get(v))
            .map(|v| Cow::Borrowed(&*v.name)),
        gates: Gates(gates),
        findings,
        headers_checked: headers.is_some(),
    }
}

/// The report of a body that could not be checked at all: one `input`
/// error at the API gate with `message` (which never quotes the input),
/// failing that gate and every gate that depends on it; no variant.
pub(crate) fn input_report(plan: &RulePlan, message: String) -> Report<'_> {
    let gates = plan
        .gates
        .iter()
        .map(|g| GateVerdict {
            name: Cow::Borrowed(&*g.name),
            passed: g.failed_by & (1u64 << API_GATE) == 0,
        })
        .collect();
    Report {
        rule_set: Cow::Borrowed(&*plan.id),
        variant: None,
        gates: Gates(gates),
        findings: vec![Finding {
            location: Location::Body,
            path: String::new(),
            gate: Cow::Borrowed(plan.gate_name(API_GATE)),
            severity: Severity::Error,
            code: "input".into(),
            rule: Cow::Owned(format!("{}#input", plan.id)),
            message: Cow::Owned(message),
            source: Cow::Borrowed("RFC 8259 (JSON); kyc-preflight's input limits"),
            detail: None,
        }],
        headers_checked: false,
    }
}

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    fn run_check(
        &mut self,
        f: &'p FieldRule,
        check: &'p Check,
        value: &'v J,
        ctx: Option<Ctx<'v, J>>,
        date: &mut Option<NaiveDate>,
        // The file a `file` check accepted, and the listed media type an
        // alias it was declared as stands for.
        uri: &mut Option<(data_uri::DataUri<'v>, Option<&'p str>)>,
    ) {
        let label = &f.label;
        let gate = check.gate;
        match &check.kind {
            CheckKind::Format(formats) => {
                let Some(s) = value.as_str() else { return };
                // Of several formats (`ssn|itin`), any may pass; when none
                // does, report the one the value was meant to be: a specific
                // rule's failure (`format.ssn.area`) over a shape failure
                // (`format.itin`), else the first listed.
                let mut best: Option<crate::formats::Reason> = None;
                for format in formats.iter() {
                    match format.check(s) {
                        Ok(()) => {
                            if *format == Format::Date {
                                *date = crate::formats::date::parse(s).ok();
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
                    let mut message = String::with_capacity(label.len() + 160);
                    message.push_str(label);
                    if reason.severity == Severity::Error {
                        message.push_str(" must be ");
                        match &formats[..] {
                            [one] => message.push_str(one.describe()),
                            several => {
                                let names: Vec<&str> =
                                    several.iter().map(|f| f.describe()).collect();
                                message.push_str(&crate::rules::plan::join_or(&names));
                            }
                        }
                    }
                    message.push_str(": ");
                    message.push_str(reason.detail);
                    self.emit(
                        f.rule,
                        gate,
                        reason.severity,
                        reason.code.into(),
                        message,
                        &[],
                    );
                }
            }
            CheckKind::Enum(set) => {
                if set_contains(set, value) {
                    return;
                }
                let message = enum_message(label, set, value, f.sensitive);
                self.emit_whole(
                    f.rule,
                    gate,
                    Severity::Error,
                    "enum".into(),
                    message,
                    &[],
                    Extra::detailed(Detail::Enum {
                        options: std::sync::Arc::clone(&set.plain),
                        received: value.as_str().filter(|_| !f.sensitive).map(str::to_string),
                    }),
                );
            }
            CheckKind::MinLength(min) => {
                if let Some(s) = value.as_str() {
                    let n = s.chars().count() as u64;
                    if n < *min {
                        let message = if *min == 1 {
                            format!("{label} must not be empty")
                        } else {
                            format!("{label} must be at least {min} characters long (it has {n})")
                        };
                        self.emit_whole(
                            f.rule,
                            gate,
                            Severity::Error,
                            "length".into(),
                            message,
                            &[],
                            Extra::detailed(Detail::MinLength(*min)),
                        );
                    }
                }
            }
            CheckKind::MaxLength(max) => {
                if let Some(s) = value.as_str() {
                    let n = s.chars().count() as u64;
                    if n > *max {
                        let message =
                            format!("{label} must be at most {max} characters long (it has {n})");
                        self.emit_whole(
                            f.rule,
                            gate,
                            Severity::Error,
                            "length".into(),
                            message,
                            &[],
                            Extra::detailed(Detail::MaxLength(*max)),
                        );
                    }
                }
            }
            CheckKind::AllowedBy(at, table) => {
                let Some(key) = resolve(at, ctx, &mut self.env()).and_then(|v| v.as_str()) else {
                    return;
                };
                let Some((key, allowed)) = table.allowed(key) else {
                    return;
                };
                if !set_contains(allowed, value) {
                    let quoted: Vec<String> =
                        allowed.plain.iter().map(|v| format!("\"{v}\"")).collect();
                    let other = at.segments.last().map_or("", |s| &**s);
                    let message = format!(
                        "{label} is not one allowed with {other} \"{key}\": {}",
                        crate::rules::plan::join_or(
                            &quoted.iter().map(String::as_str).collect::<Vec<_>>()
                        )
                    );
                    self.emit(
                        f.rule,
                        gate,
                        Severity::Error,
                        "allowed_by".into(),
                        message,
                        &[],
                    );
                }
            }
            CheckKind::OneOfRequired(names, list) => {
                if value.kind() == Kind::Object && names.iter().all(|n| value.get(n).is_none()) {
                    let message = format!("{label} needs at least one of {list}");
                    self.emit(
                        f.rule,
                        gate,
                        Severity::Error,
                        "one_of_required".into(),
                        message,
                        &[],
                    );
                }
            }
            CheckKind::NotIn(set) => {
                if set_contains(set, value) {
                    let mut message = format!("{label} must not be ");
                    match &set.plain[..] {
                        [one] => message.push_str(&format!("\"{one}\"")),
                        many => {
                            let quoted: Vec<String> =
                                many.iter().map(|v| format!("\"{v}\"")).collect();
                            message.push_str("any of ");
                            message.push_str(&quoted.join(", "));
                        }
                    }
                    self.emit(f.rule, gate, Severity::Error, "not_in".into(), message, &[]);
                }
            }
            CheckKind::Pattern(re, hint) | CheckKind::NotPattern(re, hint) => {
                // `pattern` must match, `not_pattern` must not.
                let must_match = matches!(check.kind, CheckKind::Pattern(..));
                let Some(s) = value.as_str() else { return };
                if re.is_match(s) != must_match {
                    let (not, code) = if must_match {
                        ("", "pattern")
                    } else {
                        ("not ", "not_pattern")
                    };
                    let message = match hint {
                        Some(h) => format!("{label} must {not}be {h}"),
                        None => format!("{label} must {not}match the pattern {}", re.as_str()),
                    };
                    self.emit(f.rule, gate, Severity::Error, code.into(), message, &[]);
                }
            }
            CheckKind::Minimum(min) => {
                if let Some(n) = value.as_f64() {
                    if n < *min {
                        let message = format!("{label} must be at least {min}");
                        self.emit_whole(
                            f.rule,
                            gate,
                            Severity::Error,
                            "range".into(),
                            message,
                            &[],
                            Extra::detailed(Detail::Minimum(*min)),
                        );
                    }
                }
            }
            CheckKind::Maximum(max) => {
                if let Some(n) = value.as_f64() {
                    if n > *max {
                        let message = format!("{label} must be at most {max}");
                        self.emit_whole(
                            f.rule,
                            gate,
                            Severity::Error,
                            "range".into(),
                            message,
                            &[],
                            Extra::detailed(Detail::Maximum(*max)),
                        );
                    }
                }
            }
            CheckKind::MinItems(min) => {
                if value.kind() == Kind::Array && (value.len() as u64) < *min {
                    let message = if *min == 1 {
                        format!("{label} must not be empty")
                    } else {
                        format!("{label} must have at least {min} items")
                    };
                    self.emit(f.rule, gate, Severity::Error, "items".into(), message, &[]);
                }
            }
            CheckKind::MaxItems(max) => {
                if value.kind() == Kind::Array && (value.len() as u64) > *max {
                    let message = format!("{label} must have at most {max} items");
                    self.emit(f.rule, gate, Severity::Error, "items".into(), message, &[]);
                }
            }
            CheckKind::File {
                media_types,
                max_bytes,
                warn_bytes,
                aliases,
                media_type_at,
            } => {
                let Some(s) = value.as_str() else { return };
                let parsed = match media_type_at {
                    None => data_uri::parse(s),
                    Some(at) => {
                        // A missing media type is its own member's finding.
                        let declared = resolve(at, ctx, &mut self.env())
                            .and_then(|v| v.as_str())
                            .unwrap_or("");
                        data_uri::from_base64(declared, s)
                    }
                };
                match parsed {
                    Err(reason) => {
                        let what = if media_type_at.is_some() {
                            "standard base64"
                        } else {
                            Format::DataUri.describe()
                        };
                        let message = format!("{label} must be {what}: {}", reason.detail);
                        self.emit(
                            f.rule,
                            gate,
                            reason.severity,
                            reason.code.into(),
                            message,
                            &[],
                        );
                    }
                    Ok(parsed) => {
                        // Media types compare case-insensitively (RFC 2045 §5.1);
                        // the plan's are lower case already.
                        let declared = parsed.media_type;
                        let alias = aliases
                            .iter()
                            .find(|(a, _)| a.eq_ignore_ascii_case(declared))
                            .map(|(_, t)| &**t);
                        let listed = alias.unwrap_or(declared);
                        if declared.is_empty() {
                            // No media type to compare (plain base64 whose
                            // media type member is missing): size only.
                        } else if !media_types.iter().any(|t| t.eq_ignore_ascii_case(listed)) {
                            let allowed: Vec<&str> = media_types.iter().map(|t| &**t).collect();
                            let message = format!(
                                "{label} is declared as a media type that is not accepted: send {}",
                                crate::rules::plan::join_or(&allowed)
                            );
                            self.emit(
                                f.rule,
                                gate,
                                Severity::Error,
                                "file.media_type".into(),
                                message,
                                &[],
                            );
                        } else {
                            *uri = Some((parsed, alias));
                        }
                        let size = parsed.decoded_len() as u64;
                        if let Some(max) = max_bytes.filter(|max| size > *max) {
                            let message = format!(
                                "{label} decodes to {size} bytes, over the {} limit",
                                crate::rules::plan::bytes_text(max)
                            );
                            self.emit(
                                f.rule,
                                gate,
                                Severity::Error,
                                "file.too_large".into(),
                                message,
                                &[],
                            );
                        } else if let Some(warn) = warn_bytes.filter(|warn| size > *warn) {
                            let within = max_bytes.map_or_else(String::new, |max| {
                                format!(
                                    "within the {} limit but ",
                                    crate::rules::plan::bytes_text(max)
                                )
                            });
                            let message = format!(
                                "{label} decodes to {size} bytes: {within}over {}, which the document's limit may also mean; send a smaller file to be safe",
                                crate::rules::plan::bytes_text(warn)
                            );
                            self.emit(
                                f.rule,
                                gate,
                                Severity::Warning,
                                "file.size_ambiguous".into(),
                                message,
                                &[],
                            );
                        }
                    }
                }
            }
            CheckKind::FileContent => {
                let Some((parsed, alias)) = uri.take() else {
                    return;
                };
                let declared = alias.unwrap_or(parsed.media_type);
                let sniffed = parsed.sniff();
                if !sniffed
                    .media_type()
                    .is_some_and(|t| t.eq_ignore_ascii_case(declared))
                {
                    let what = match sniffed.media_type() {
                        Some(t) => format!("the bytes are {t}"),
                        None => "the bytes are not a JPEG, PNG or PDF file".to_string(),
                    };
                    let message = format!(
                        "{label} is declared as {declared} but {what}: encode the file itself, with its own media type"
                    );
                    self.emit(
                        f.rule,
                        gate,
                        Severity::Error,
                        "file.content_mismatch".into(),
                        message,
                        &[],
                    );
                }
            }
            CheckKind::MinAge(years) => {
                let Some(born) = read_date(date, value) else {
                    return;
                };
                let adult = born
                    .checked_add_months(Months::new(years.saturating_mul(12)))
                    .is_some_and(|d| d <= self.today);
                if !adult {
                    let message = format!(
                        "{label}: the person must be at least {years} years old on {}",
                        self.today
                    );
                    self.emit(f.rule, gate, Severity::Error, "age".into(), message, &[]);
                }
            }
            CheckKind::NotExpired => {
                let Some(expires) = read_date(date, value) else {
                    return;
                };
                if expires < self.today {
                    let message = format!(
                        "{label}: the document expired before {}; send a current one",
                        self.today
                    );
                    self.emit(
                        f.rule,
                        gate,
                        Severity::Error,
                        "expired".into(),
                        message,
                        &[],
                    );
                }
            }
        }
    }
}

/// The date a value holds: the one its `format = "date"` check read, or,
/// in a rule without that format (a `severity = "warning"` age rule beside
/// the rule that checks the format), the value read as `YYYY-MM-DD`. `None`
/// for a value that is no date: its format is another rule's finding.
fn read_date<J: JsonValue>(date: &mut Option<NaiveDate>, value: &J) -> Option<NaiveDate> {
    if date.is_none() {
        *date = value
            .as_str()
            .and_then(|s| crate::formats::date::parse(s).ok());
    }
    *date
}

fn type_matches<J: JsonValue>(v: &J, kind: Kind, types: Types) -> bool {
    let t = types.0;
    match kind {
        Kind::String => t & Types::STRING != 0,
        Kind::Number => t & Types::NUMBER != 0 || (t & Types::INTEGER != 0 && v.is_integer()),
        Kind::Bool => t & Types::BOOLEAN != 0,
        Kind::Object => t & Types::OBJECT != 0,
        Kind::Array => t & Types::ARRAY != 0,
        Kind::Null => t & Types::NULL != 0,
    }
}

fn describe_kind<J: JsonValue>(v: &J) -> &'static str {
    match v.kind() {
        Kind::Number if !v.is_integer() => "a fractional number",
        Kind::Number => "a number",
        other => other.describe(),
    }
}

/// The JSON type name of a value, as zod and JSON Schema say it.
fn json_type_name<J: JsonValue>(v: &J) -> &'static str {
    match v.kind() {
        Kind::Null => "null",
        Kind::Bool => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

/// "gender must be one of "male", "female" or "other" (got "M")".
/// Enum sets longer than this get no "did you mean".
const MAX_SUGGESTION_CANDIDATES: usize = 64;

fn enum_message<J: JsonValue>(label: &str, set: &ValueSet, v: &J, sensitive: bool) -> String {
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
            message.push_str(describe_kind(v));
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
                if let Some(n) = left.get_mut(usize::from(b)) {
                    if *n > 0 {
                        *n -= 1;
                        shared += 1;
                    }
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
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
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
}
