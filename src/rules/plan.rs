//! The compiled rule set: what the engine walks.
//!
//! Built once by [`super::compile`]; regexes, enum sets, pointers and gate
//! dependencies are all resolved here, never per payload (a regex is kept
//! as its text and compiled once, on its first match: [`RulePattern`]).

use std::fmt;
use std::sync::{Arc, OnceLock};

use regex::{Regex, RegexBuilder};

use crate::checks::Check;
use crate::formats::Format;

/// Index of a gate in [`RulePlan::gates`].
pub(crate) type GateId = u8;

/// The first gate: the API accepting the request at all. Input errors,
/// duplicate keys and over-long arrays fail it, since nothing can be
/// vouched for after them.
pub(crate) const API_GATE: GateId = 0;

/// Most gates a rule set declares: a gate's dependencies and a report's
/// failed gates are `u64` bit sets, one bit a gate.
pub(crate) const MAX_GATES: usize = 64;

/// Most variants a rule set declares: a rule's variants are a `u64` bit
/// set, and [`ALL_VARIANTS`] (every bit) is kept apart from the mask of
/// every declared variant, so one bit stays unused.
pub(crate) const MAX_VARIANTS: usize = 63;

/// An enum with more values than this is named (`country (249 values)`)
/// rather than listed, in `explain` tables and in the JSON Schema (which
/// then points at a shared `$defs` entry instead of an inline `enum`).
pub(crate) const MAX_LISTED_VALUES: usize = 12;

/// A set of variants as a bit mask; [`ALL_VARIANTS`] means "every variant,
/// and also a payload that matches no variant".
pub(crate) type VariantMask = u64;

/// Applies everywhere, even when no variant matched.
pub(crate) const ALL_VARIANTS: VariantMask = u64::MAX;

/// Does a rule with `mask` apply to a payload of `variant`?
pub(crate) fn applies(mask: VariantMask, variant: Option<usize>) -> bool {
    if mask == ALL_VARIANTS {
        return true;
    }
    match variant {
        Some(v) if v < MAX_VARIANTS => mask & (1u64 << v) != 0,
        _ => false,
    }
}

/// A gate, with the gates it depends on resolved.
#[derive(Debug)]
pub(crate) struct Gate {
    pub name: Box<str>,
    pub phrase: Box<str>,
    pub description: Option<Box<str>>,
    /// Bit `g` is set when a failure of gate `g` fails this gate
    /// (this gate itself and everything it depends on, transitively).
    pub failed_by: u64,
}

/// A variant and the condition that selects it (first match wins).
#[derive(Debug)]
pub(crate) struct Variant {
    pub name: Box<str>,
    pub when: Option<Cond>,
    pub description: Option<Box<str>>,
}

/// A JSON Pointer of the rule language: absolute (`/a/b`, from the payload
/// root) or relative (`a/b`, from the object that holds the rule's value).
/// In rule paths, `*` stands for every item of an array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ptr {
    pub absolute: bool,
    pub segments: Vec<Box<str>>,
    /// The first segment as a member of the object the pointer starts
    /// from, when the compiler knows that object's node: the engine then
    /// reads the member from the slots it filled while matching the
    /// object's members, instead of searching the object again. Set by
    /// [`Node::bind`]; `None` means "search".
    pub bound: Option<Bound>,
}

impl Ptr {
    /// As written in the rule file: `/address_country`, `type`.
    pub fn describe(&self) -> String {
        let joined = self
            .segments
            .iter()
            .map(|s| crate::pointer::escape(s))
            .collect::<Vec<_>>()
            .join("/");
        if self.absolute {
            format!("/{joined}")
        } else {
            joined
        }
    }
}

/// A pointer's first segment as member `member` of the object at node
/// `node` (a [`Node::id`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bound {
    pub node: u32,
    pub member: u32,
}

/// A scalar a condition compares with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    String(Box<str>),
    Number(f64),
    Bool(bool),
}

impl Scalar {
    /// As JSON: whole numbers as integers.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Scalar::String(v) => serde_json::Value::String(v.to_string()),
            Scalar::Bool(b) => serde_json::Value::Bool(*b),
            Scalar::Number(n) => number_json(*n),
        }
    }
}

/// A set of allowed scalars, with the order the document lists them in.
#[derive(Debug, Default)]
pub(crate) struct ValueSet {
    /// Sorted and without duplicates.
    pub strings: Vec<Box<str>>,
    /// `strings` by hash, for a set longer than [`ValueSet::SCANNED`].
    pub table: MemberTable,
    pub numbers: Vec<f64>,
    pub bools: Vec<bool>,
    /// As written, for messages.
    pub listed: Vec<Scalar>,
    /// `listed` as plain text (strings unquoted), shared with every
    /// finding's enum detail (in the report) instead of copied.
    pub plain: Arc<[String]>,
    /// The named set this came from, if any (`naics`).
    pub name: Option<Box<str>>,
    /// `strings` in lower case, for "did you mean" suggestions.
    pub lower: Vec<Box<str>>,
    /// The start of an enum finding's message after the field's label:
    /// ` must be one of "a", "b" or "c"`, or for a long list ` must be one
    /// of the 1,057 naics values the document lists`.
    pub must_be: Box<str>,
}

impl ValueSet {
    /// Sets this long or shorter are scanned, not hashed.
    pub const SCANNED: usize = 4;

    /// The values as a JSON array, in the document's order.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.listed.iter().map(Scalar::to_json).collect())
    }

    /// In words: `["tin", "nuip"]`, `government_id ["passport", …]`, or
    /// for a named set longer than [`MAX_LISTED_VALUES`] `naics (93
    /// values)`.
    pub fn describe(&self) -> String {
        let listed = || {
            let values: Vec<String> = self
                .listed
                .iter()
                .map(|s| s.to_json().to_string())
                .collect();
            format!("[{}]", values.join(", "))
        };
        match &self.name {
            Some(name) if self.listed.len() > MAX_LISTED_VALUES => {
                format!("{name} ({} values)", self.listed.len())
            }
            Some(name) => format!("{name} {}", listed()),
            None => listed(),
        }
    }

    /// Index `strings` by hash ([`ValueSet::table`]), once they are final.
    pub fn index(&mut self) {
        self.table = if self.strings.len() > Self::SCANNED {
            MemberTable::new(self.strings.iter().map(|s| &**s))
        } else {
            MemberTable::default()
        };
    }

    /// Is `s` one of the strings? A short set is scanned (lengths first,
    /// so most candidates cost one compare); a longer one (countries,
    /// NAICS) is looked up in its hash table.
    pub fn contains_str(&self, s: &str) -> bool {
        if self.strings.len() <= Self::SCANNED {
            self.strings
                .iter()
                .any(|x| same_bytes(x.as_bytes(), s.as_bytes()))
        } else if self.table.is_empty() {
            // Too many strings for a table (over 65,534): search.
            self.strings.binary_search_by(|x| (**x).cmp(s)).is_ok()
        } else {
            self.table
                .get(s, |i| self.strings.get(i).map(|x| &**x))
                .is_some()
        }
    }
}

/// `[tables]` entry: for each key (the value of another member), the values
/// allowed.
#[derive(Debug)]
pub(crate) struct LookupTable {
    pub name: Box<str>,
    pub rows: Vec<(Box<str>, Arc<ValueSet>)>,
}

impl LookupTable {
    /// The table's own key equal to `key` and the values it allows, if the
    /// table lists it (a message names the rule file's key, never text of
    /// the payload's).
    pub fn allowed(&self, key: &str) -> Option<(&str, &ValueSet)> {
        self.rows
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(k, set)| (&**k, &**set))
    }
}

/// A rule file's pattern (`pattern`, `not_pattern`, `matches`, a header's
/// `pattern`), in the regex crate's syntax: measured within the file's
/// budget when a file given as input compiles (`super::limits::RegexBudget`;
/// the embedded files are held to it by a test), and compiled for matching
/// on its first match, so a check pays only for the patterns its payload
/// reaches.
pub(crate) struct RulePattern {
    source: Box<str>,
    regex: OnceLock<Option<Regex>>,
}

impl RulePattern {
    /// The pattern as the rule file gives it.
    pub(crate) fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches somewhere in `s` (`Regex::is_match`).
    ///
    /// Never fails: the pattern parsed and its automaton was built when
    /// the file compiled, and it is compiled here with no size limit, so
    /// the regex crate has nothing left to refuse; were it to refuse, the
    /// pattern would match nothing.
    pub(crate) fn is_match(&self, s: &str) -> bool {
        self.regex
            .get_or_init(|| {
                RegexBuilder::new(&self.source)
                    .size_limit(usize::MAX)
                    .build()
                    .ok()
            })
            .as_ref()
            .is_some_and(|re| re.is_match(s))
    }

    /// A pattern compiled with its file.
    pub(super) fn compiled(re: Regex) -> Self {
        RulePattern {
            source: re.as_str().into(),
            regex: OnceLock::from(Some(re)),
        }
    }

    /// A pattern measured (its automaton built within the budget), to be
    /// compiled on its first match.
    pub(super) fn measured(pattern: &str) -> Self {
        RulePattern {
            source: pattern.into(),
            regex: OnceLock::new(),
        }
    }

    /// Whether the regex is compiled yet.
    #[cfg(test)]
    pub(super) fn is_compiled(&self) -> bool {
        self.regex.get().is_some_and(Option::is_some)
    }
}

impl fmt::Debug for RulePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RulePattern").field(&self.source).finish()
    }
}

/// A compiled condition.
#[derive(Debug)]
pub(crate) enum Cond {
    Equals(Option<Ptr>, Scalar),
    NotEquals(Option<Ptr>, Scalar),
    In(Option<Ptr>, Arc<ValueSet>),
    NotIn(Option<Ptr>, Arc<ValueSet>),
    Present(Ptr, bool),
    /// The value is a string the regex matches.
    Matches(Option<Ptr>, RulePattern),
    Contains(Ptr, Box<Cond>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

/// JSON types a field may have, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Types(pub u8);

impl Types {
    pub const STRING: u8 = 1;
    pub const NUMBER: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const BOOLEAN: u8 = 8;
    pub const OBJECT: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const NULL: u8 = 64;

    pub const NAMES: [(&'static str, u8); 7] = [
        ("string", Self::STRING),
        ("number", Self::NUMBER),
        ("integer", Self::INTEGER),
        ("boolean", Self::BOOLEAN),
        ("object", Self::OBJECT),
        ("array", Self::ARRAY),
        ("null", Self::NULL),
    ];

    /// The type names, in order: `["integer", "string"]`.
    pub fn names(self) -> Vec<&'static str> {
        Self::NAMES
            .iter()
            .filter(|(_, bit)| self.0 & bit != 0)
            .map(|(name, _)| *name)
            .collect()
    }

    /// "a string or an integer".
    pub fn describe(self) -> String {
        let names: Vec<&str> = Self::NAMES
            .iter()
            .filter(|(_, bit)| self.0 & bit != 0)
            .map(|(name, _)| article(name))
            .collect();
        join_or(&names)
    }
}

fn article(name: &str) -> &'static str {
    match name {
        "string" => "a string",
        "number" => "a number",
        "integer" => "an integer",
        "boolean" => "a boolean",
        "object" => "an object",
        "array" => "an array",
        _ => "null",
    }
}

/// "a, b or c".
pub(crate) fn join_or(items: &[&str]) -> String {
    let mut out = String::new();
    push_list(&mut out, items, "or");
    out
}

/// Append "a, b `conjunction` c" to `out`.
fn push_list(out: &mut String, items: &[&str], conjunction: &str) {
    for (i, item) in items.iter().enumerate() {
        if i + 1 == items.len() && i > 0 {
            out.push(' ');
            out.push_str(conjunction);
            out.push(' ');
        } else if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item);
    }
}

/// When a field is required (or must not be sent).
#[derive(Debug)]
pub(crate) struct Requirement {
    pub gate: GateId,
    pub variants: VariantMask,
    pub when: Option<Cond>,
    pub source: Option<Box<str>>,
    /// The whole message: the rule file's own (`message = "..."`), or the
    /// `required` message when it is the same on every payload (the field's
    /// node has no members, so no children to list), written by
    /// [`Node::write_required_messages`]. A `forbid` entry's finding uses
    /// only the rule file's own.
    pub message: Option<Box<str>>,
}

/// The message of a `required` finding: "`label` is required `phrase`",
/// then ", with `children`" (the members required with it) and
/// " (`hint`)".
pub(crate) fn required_message(
    label: &str,
    phrase: &str,
    children: &[&str],
    hint: Option<&str>,
) -> String {
    let hint_len = hint.map_or(0, str::len);
    let mut message = String::with_capacity(label.len() + phrase.len() + hint_len + 16);
    message.push_str(label);
    message.push_str(" is required ");
    message.push_str(phrase);
    if !children.is_empty() {
        message.push_str(", with ");
        push_list(&mut message, children, "and");
    }
    if let Some(hint) = hint {
        message.push_str(" (");
        message.push_str(hint);
        message.push(')');
    }
    message
}

/// Everything a rule file says about one JSON value.
#[derive(Debug)]
pub(crate) struct FieldRule {
    pub rule: usize,
    pub variants: VariantMask,
    pub when: Option<Cond>,
    pub label: Box<str>,
    pub hint: Option<Box<str>>,
    pub sensitive: bool,
    pub types: Option<(Types, GateId)>,
    pub checks: Vec<Check>,
    pub requires: Vec<Requirement>,
    pub forbids: Vec<Requirement>,
}

/// What a collection rule asks of an array.
#[derive(Debug)]
pub(crate) enum CollectionKind {
    /// At least one item satisfies the condition.
    Some(Cond),
    /// Every item satisfying `only_if` satisfies `then`; `at` is where the
    /// finding points inside the item (the path `then` tests, if simple).
    Each {
        only_if: Option<Cond>,
        then: Cond,
        at: Option<Ptr>,
    },
    /// The numbers at `path` in every item add up to at most `max`.
    Sum { path: Ptr, max: f64 },
}

/// A requirement on the items of an array.
#[derive(Debug)]
pub(crate) struct CollectionRule {
    pub rule: usize,
    pub variants: VariantMask,
    pub when: Option<Cond>,
    pub gate: GateId,
    pub kind: CollectionKind,
    pub code: Box<str>,
    pub message: Box<str>,
}

/// A header rule.
#[derive(Debug)]
pub(crate) struct HeaderRule {
    pub rule: usize,
    /// Lower case.
    pub name: Box<str>,
    pub required: Option<GateId>,
    pub format: Option<Format>,
    pub pattern: Option<(RulePattern, Option<Box<str>>)>,
    pub hint: Option<Box<str>>,
}

/// The rules that apply at one place of the payload, and below it.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// Object members, in the order the rule file first names them.
    pub members: Vec<(Box<str>, Node)>,
    /// Every array item (`*`).
    pub items: Option<Box<Node>>,
    pub fields: Vec<FieldRule>,
    pub collections: Vec<CollectionRule>,
    /// `members`' keys to their index in `members`, for building the
    /// tree and binding pointers; kept up to date by [`Node::child_mut`].
    /// The walk uses [`Node::table`].
    pub by_key: rustc_hash::FxHashMap<Box<str>, usize>,
    /// The payload-time index of `members`' keys, built from `members`
    /// by [`Node::bind`] (see [`MemberTable`]).
    pub table: MemberTable,
    /// Pre-order number, unique in the plan (see [`Node::bind`]).
    pub id: u32,
    /// Has rules that say something when the value is missing (a field
    /// with a requirement, a collection rule); the engine skips a missing
    /// member whose node has none. Set by [`Node::bind`].
    pub checks_absent: bool,
    /// The fields grouped by the string one member of their context
    /// object holds, when several fields apply only for given values of
    /// it (the per-`type` variants of an identifying information
    /// entry's `number`). Set by [`Node::bind`].
    pub dispatch: Option<Dispatch>,
}

/// The fields of a node selected by one string: `fields[i]` applies only
/// when the member `on` points to holds one of the strings `arms` lists
/// `i` under (its `when` implies as much, and is still evaluated); fields
/// no arm lists apply whatever the member holds.
///
/// Each list of [`Dispatch::arms`] and [`Dispatch::rest`] holds indices
/// into [`Node::fields`] in their original order, so the walk visits the
/// same fields in the same order as without the dispatch, less those
/// whose condition cannot hold.
#[derive(Debug)]
pub(crate) struct Dispatch {
    /// The member tested, a one-segment pointer from the node's context.
    pub on: Ptr,
    /// A string of the member, and the fields to visit when it holds it
    /// (with every field of `rest`), sorted by string.
    pub arms: Vec<(Box<str>, Vec<u32>)>,
    /// The fields to visit when the member holds no string of `arms`.
    pub rest: Vec<u32>,
}

impl Dispatch {
    /// The indices into [`Node::fields`] to visit when the member holds
    /// `value`.
    pub fn select(&self, value: Option<&str>) -> &[u32] {
        value
            .and_then(|v| {
                self.arms
                    .binary_search_by(|(s, _)| (**s).cmp(v))
                    .ok()
                    .and_then(|i| self.arms.get(i))
            })
            .map_or(&self.rest, |(_, fields)| fields)
    }

    /// Fewer fields than this under one member: not worth a dispatch.
    const MIN_FIELDS: usize = 4;

    /// The dispatch for `fields`, if enough of them are selected by one
    /// bound member.
    fn plan(fields: &[FieldRule]) -> Option<Dispatch> {
        // The values each field's `when` implies for each bound member.
        let implied: Vec<Option<(Ptr, Vec<Box<str>>)>> = fields
            .iter()
            .map(|f| f.when.as_ref().and_then(implied_strings))
            .collect();
        // The member most fields are selected by.
        let mut best: Option<(&Ptr, usize)> = None;
        for (p, _) in implied.iter().flatten() {
            let n = implied
                .iter()
                .flatten()
                .filter(|(q, _)| q.bound == p.bound)
                .count();
            if best.is_none_or(|(_, m)| n > m) {
                best = Some((p, n));
            }
        }
        let (on, n) = best?;
        if n < Self::MIN_FIELDS {
            return None;
        }
        let on = on.clone();
        let mut rest = Vec::new();
        let mut arms: Vec<(Box<str>, Vec<u32>)> = Vec::new();
        for (i, imp) in implied.iter().enumerate() {
            let i = u32::try_from(i).ok()?;
            match imp {
                Some((p, strings)) if p.bound == on.bound => {
                    for s in strings {
                        match arms.iter_mut().find(|(a, _)| a == s) {
                            Some((_, list)) => list.push(i),
                            None => arms.push((s.clone(), vec![i])),
                        }
                    }
                }
                _ => rest.push(i),
            }
        }
        for (_, list) in &mut arms {
            list.extend_from_slice(&rest);
            list.sort_unstable();
        }
        arms.sort_by(|a, b| a.0.cmp(&b.0));
        Some(Dispatch { on, arms, rest })
    }
}

/// The strings a condition implies a bound one-segment pointer holds,
/// when it implies a finite set: `type = "ssn"`, `type in [...]`, and
/// conjunctions and disjunctions of those. A missing member or one that
/// is not a string satisfies none of them.
fn implied_strings(c: &Cond) -> Option<(Ptr, Vec<Box<str>>)> {
    let one = |p: &Option<Ptr>| {
        p.as_ref()
            .filter(|p| p.bound.is_some() && p.segments.len() == 1)
            .cloned()
    };
    match c {
        Cond::Equals(p, Scalar::String(s)) => one(p).map(|p| (p, vec![s.clone()])),
        Cond::In(p, set) if set.numbers.is_empty() && set.bools.is_empty() => {
            one(p).map(|p| (p, set.strings.clone()))
        }
        // Any conjunct narrows the whole.
        Cond::All(parts) => parts.iter().find_map(implied_strings),
        // Every disjunct must narrow the same member.
        Cond::Any(parts) => {
            let mut all: Option<(Ptr, Vec<Box<str>>)> = None;
            for part in parts {
                let (p, strings) = implied_strings(part)?;
                match &mut all {
                    None => all = Some((p, strings)),
                    Some((q, acc)) if q.bound == p.bound => acc.extend(strings),
                    Some(_) => return None,
                }
            }
            all
        }
        _ => None,
    }
}

/// An open-addressing table from a list of names to their index in it:
/// a node's member names ([`Node::members`], for matching a payload
/// object's keys) or the strings of a [`ValueSet`]. A hash of the key's
/// length and first and last eight bytes, then linear probing in a table
/// at most a quarter full, so that a key costs one probe and one
/// comparison in the common case, a key the list lacks usually none. The
/// table never changes once the rule set is compiled.
#[derive(Debug, Default)]
pub(crate) struct MemberTable {
    /// Indices into the list, [`MemberTable::EMPTY`] for a free slot; a
    /// power of two long (or empty for an empty list).
    slots: Box<[u16]>,
}

impl MemberTable {
    const EMPTY: u16 = u16::MAX;

    /// The table for `keys` (at most `u16::MAX - 1` of them: more get no
    /// table, and every lookup then misses — no rule set comes close).
    pub fn new<'a>(keys: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let n = keys.len();
        if n == 0 || n >= usize::from(Self::EMPTY) {
            return MemberTable::default();
        }
        let mut slots = vec![Self::EMPTY; (n * 4).next_power_of_two()].into_boxed_slice();
        let mask = slots.len() - 1;
        for (m, key) in keys.enumerate() {
            let mut i = Self::hash(key.as_bytes()) & mask;
            while slots.get(i).is_some_and(|s| *s != Self::EMPTY) {
                i = (i + 1) & mask;
            }
            if let (Some(slot), Ok(m)) = (slots.get_mut(i), u16::try_from(m)) {
                *slot = m;
            }
        }
        MemberTable { slots }
    }

    /// Length and the first and last eight bytes, mixed by one multiply.
    fn hash(key: &[u8]) -> usize {
        fn word(bytes: &[u8]) -> u64 {
            match bytes.first_chunk::<8>() {
                Some(w) => u64::from_le_bytes(*w),
                None => bytes
                    .iter()
                    .rev()
                    .fold(0u64, |acc, b| acc << 8 | u64::from(*b)),
            }
        }
        let head = word(key);
        let tail = key.last_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w));
        let h = (head ^ tail.rotate_left(31) ^ (key.len() as u64) << 56)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (h >> 32) as usize
    }

    /// No table: an empty list, or one too long for `u16` indices.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Index of `key` in the list the table was built from, which `name`
    /// reads back (`None` past its end).
    pub fn get<'k>(&self, key: &str, name: impl Fn(usize) -> Option<&'k str>) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = Self::hash(key.as_bytes()) & mask;
        loop {
            let m = usize::from(*self.slots.get(i)?);
            let found = name(m)?; // EMPTY is past every index
            if same_bytes(found.as_bytes(), key.as_bytes()) {
                return Some(m);
            }
            i = (i + 1) & mask;
        }
    }
}

/// `a == b`, without a call to `memcmp` for the short strings rule files
/// name (member keys, enum values): 4 to 16 bytes are compared as their
/// first and last words, which overlap (together they cover every byte),
/// shorter and longer as slices. A payload's keys are compared about 110
/// times a Kira body; `memcmp` cost about 15 instructions a call with its
/// set-up, this about 6. The proptest holds it to `==`.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if let (Some(ah), Some(at), Some(bh), Some(bt)) = (
        a.first_chunk::<8>(),
        a.last_chunk::<8>(),
        b.first_chunk::<8>(),
        b.last_chunk::<8>(),
    ) && a.len() <= 16
    {
        return u64::from_ne_bytes(*ah) == u64::from_ne_bytes(*bh)
            && u64::from_ne_bytes(*at) == u64::from_ne_bytes(*bt);
    }
    if let (Some(ah), Some(at), Some(bh), Some(bt)) = (
        a.first_chunk::<4>(),
        a.last_chunk::<4>(),
        b.first_chunk::<4>(),
        b.last_chunk::<4>(),
    ) && a.len() < 8
    {
        return u32::from_ne_bytes(*ah) == u32::from_ne_bytes(*bh)
            && u32::from_ne_bytes(*at) == u32::from_ne_bytes(*bt);
    }
    a == b
}

/// Which object a node's field and collection conditions start from.
enum CtxNode<'a> {
    /// The object holding the node's value: the parent node's object.
    Parent(u32, &'a rustc_hash::FxHashMap<Box<str>, usize>),
    /// The node's own value (the root, and array items that are objects).
    Own,
}

impl Node {
    /// Number the nodes and bind condition pointers to members (see
    /// [`Ptr::bound`]); called once on the root when the tree is built.
    ///
    /// Relative pointers in a node's field and collection conditions start
    /// from the object holding the node's value (the engine's `ctx`): the
    /// parent node's object, or, for the root and for array items, the
    /// value itself. Pointers evaluated against other objects (inside
    /// `contains`, a collection's per-item conditions) are bound only when
    /// absolute.
    pub fn bind(&mut self) {
        let mut next = 0;
        self.number(&mut next);
        let root = self.by_key.clone();
        self.bind_below(CtxNode::Own, &root);
        self.plan_dispatch();
    }

    /// Write [`Requirement::message`] for the fields of this node and
    /// those below it whose node has no members; `phrase` gives a gate's
    /// phrase ("for automatic verification").
    pub fn write_required_messages(&mut self, phrase: &dyn Fn(GateId) -> Box<str>) {
        if self.members.is_empty() {
            for f in &mut self.fields {
                // A message the rule file wrote itself is kept.
                for r in f.requires.iter_mut().filter(|r| r.message.is_none()) {
                    let text = required_message(&f.label, &phrase(r.gate), &[], f.hint.as_deref());
                    r.message = Some(text.into());
                }
            }
        }
        for (_, member) in &mut self.members {
            member.write_required_messages(phrase);
        }
        if let Some(items) = &mut self.items {
            items.write_required_messages(phrase);
        }
    }

    /// Bind a condition evaluated against the payload root (a variant's
    /// `when`), as [`Node::bind`] binds those of the root's fields; called
    /// on the root after [`Node::bind`].
    pub fn bind_root_cond(&self, cond: &mut Cond) {
        Binder {
            ctx: Some((self.id, &self.by_key)),
            root: &self.by_key,
        }
        .cond(cond);
    }

    /// [`Node::dispatch`] for this node and those below it.
    fn plan_dispatch(&mut self) {
        self.dispatch = Dispatch::plan(&self.fields);
        for (_, child) in &mut self.members {
            child.plan_dispatch();
        }
        if let Some(items) = &mut self.items {
            items.plan_dispatch();
        }
    }

    /// Forget every binding: conditions then search their objects. For
    /// tests that pin the bound walk to the searching one.
    #[cfg(test)]
    pub fn unbind(&mut self) {
        for f in &mut self.fields {
            f.when.as_mut().map(unbind_cond);
            for r in f.requires.iter_mut().chain(f.forbids.iter_mut()) {
                r.when.as_mut().map(unbind_cond);
            }
        }
        for c in &mut self.collections {
            c.when.as_mut().map(unbind_cond);
            match &mut c.kind {
                CollectionKind::Some(cond) => unbind_cond(cond),
                CollectionKind::Each { only_if, then, .. } => {
                    only_if.as_mut().map(unbind_cond);
                    unbind_cond(then);
                }
                CollectionKind::Sum { path, .. } => path.bound = None,
            }
        }
        self.dispatch = None;
        for (_, child) in &mut self.members {
            child.unbind();
        }
        if let Some(items) = &mut self.items {
            items.unbind();
        }
    }

    /// Pre-order numbers ([`Node::id`]).
    fn number(&mut self, next: &mut u32) {
        self.table = MemberTable::new(self.members.iter().map(|(k, _)| &**k));
        self.id = *next;
        *next = next.saturating_add(1);
        self.checks_absent =
            !self.collections.is_empty() || self.fields.iter().any(|f| !f.requires.is_empty());
        for (_, child) in &mut self.members {
            child.number(next);
        }
        if let Some(items) = &mut self.items {
            items.number(next);
        }
    }

    fn bind_below(&mut self, ctx: CtxNode<'_>, root: &rustc_hash::FxHashMap<Box<str>, usize>) {
        let own = self.by_key.clone();
        let ctx = match ctx {
            CtxNode::Parent(id, index) => Some((id, index)),
            CtxNode::Own => Some((self.id, &own)),
        };
        let binder = Binder { ctx, root };
        for f in &mut self.fields {
            binder.cond_opt(f.when.as_mut());
            for r in f.requires.iter_mut().chain(f.forbids.iter_mut()) {
                binder.cond_opt(r.when.as_mut());
            }
        }
        // A collection's per-item conditions start from each item, whose
        // members the engine matches to the items node's.
        let items_index = self.items.as_ref().map(|i| (i.id, i.by_key.clone()));
        let items_only = Binder {
            ctx: items_index.as_ref().map(|(id, index)| (*id, index)),
            root,
        };
        for c in &mut self.collections {
            binder.cond_opt(c.when.as_mut());
            match &mut c.kind {
                CollectionKind::Some(cond) => items_only.cond(cond),
                CollectionKind::Each { only_if, then, .. } => {
                    items_only.cond_opt(only_if.as_mut());
                    items_only.cond(then);
                }
                CollectionKind::Sum { path, .. } => items_only.ptr(path),
            }
        }
        let id = self.id;
        for (_, child) in &mut self.members {
            child.bind_below(CtxNode::Parent(id, &own), root);
        }
        if let Some(items) = &mut self.items {
            items.bind_below(CtxNode::Own, root);
        }
    }

    /// Index in `members` of the member named `key`.
    pub fn member_index(&self, key: &str) -> Option<usize> {
        self.table
            .get(key, |m| self.members.get(m).map(|(k, _)| &**k))
    }

    /// The child node for `segment` (`*` for array items), made on first use.
    pub fn child_mut(&mut self, segment: &str) -> Option<&mut Node> {
        if segment == "*" {
            return Some(self.items.get_or_insert_with(Box::default));
        }
        // `by_key` is kept up to date while the tree is built, so adding N
        // members is linear, not quadratic.
        let index = match self.by_key.get(segment) {
            Some(i) => *i,
            None => {
                self.members.push((segment.into(), Node::default()));
                let i = self.members.len() - 1;
                self.by_key.insert(segment.into(), i);
                i
            }
        };
        self.members.get_mut(index).map(|(_, node)| node)
    }
}

/// Forget the bindings of a condition's pointers (see [`Node::unbind`]).
#[cfg(test)]
pub(crate) fn unbind_cond(c: &mut Cond) {
    match c {
        Cond::Equals(p, _)
        | Cond::NotEquals(p, _)
        | Cond::In(p, _)
        | Cond::NotIn(p, _)
        | Cond::Matches(p, _) => {
            if let Some(p) = p {
                p.bound = None;
            }
        }
        Cond::Present(p, _) => p.bound = None,
        Cond::Contains(p, inner) => {
            p.bound = None;
            unbind_cond(inner);
        }
        Cond::All(parts) | Cond::Any(parts) => parts.iter_mut().for_each(unbind_cond),
        Cond::Not(inner) => unbind_cond(inner),
    }
}

/// Binds the pointers of conditions evaluated against one known object
/// (`ctx`: its node's id and member index) or the payload root.
struct Binder<'a> {
    ctx: Option<(u32, &'a rustc_hash::FxHashMap<Box<str>, usize>)>,
    root: &'a rustc_hash::FxHashMap<Box<str>, usize>,
}

impl Binder<'_> {
    fn ptr(&self, p: &mut Ptr) {
        let (node, index) = match (p.absolute, self.ctx) {
            (true, _) => (0, self.root),
            (false, Some((node, index))) => (node, index),
            (false, None) => return,
        };
        p.bound = p
            .segments
            .first()
            .and_then(|s| index.get(s))
            .and_then(|m| u32::try_from(*m).ok())
            .map(|member| Bound { node, member });
    }

    fn ptr_opt(&self, p: Option<&mut Ptr>) {
        if let Some(p) = p {
            self.ptr(p);
        }
    }

    fn cond_opt(&self, c: Option<&mut Cond>) {
        if let Some(c) = c {
            self.cond(c);
        }
    }

    fn cond(&self, c: &mut Cond) {
        match c {
            Cond::Equals(p, _)
            | Cond::NotEquals(p, _)
            | Cond::In(p, _)
            | Cond::NotIn(p, _)
            | Cond::Matches(p, _) => self.ptr_opt(p.as_mut()),
            Cond::Present(p, _) => self.ptr(p),
            Cond::Contains(p, inner) => {
                self.ptr(p);
                // `inner` is evaluated against each item of the array.
                Binder {
                    ctx: None,
                    root: self.root,
                }
                .cond(inner);
            }
            Cond::All(parts) | Cond::Any(parts) => parts.iter_mut().for_each(|c| self.cond(c)),
            Cond::Not(inner) => self.cond(inner),
        }
    }
}

/// What kind of rule an entry of [`RuleMeta`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleKind {
    Field,
    Collection,
    Header,
}

/// Identity and provenance of one rule, for reports and `rules explain`.
#[derive(Debug)]
pub(crate) struct RuleMeta {
    /// `kira/create-user#phone`.
    pub id: Box<str>,
    pub kind: RuleKind,
    /// As written in the rule file.
    pub path: Box<str>,
    pub source: Box<str>,
    pub note: Option<Box<str>>,
    /// The value is sensitive: never printed.
    pub sensitive: bool,
    /// `Warning` for a rule the file marks `severity = "warning"`: each of
    /// its findings is a warning, whatever the check would say alone.
    pub severity: crate::Severity,
}

/// How the payload's variant is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VariantSelect {
    /// The first variant whose `when` holds.
    First,
    /// Of the variants whose `when` holds (all of them when none does), the
    /// one with the fewest error findings: JSON Schema's `oneOf`, reported
    /// against the closest shape.
    Closest,
}

/// A compiled rule set.
#[derive(Debug)]
pub(crate) struct RulePlan {
    pub id: Box<str>,
    pub select: VariantSelect,
    pub error_body: Option<super::ErrorBody>,
    pub title: Option<Box<str>>,
    pub provider: Option<Box<str>>,
    pub endpoint: Option<Box<str>>,
    pub source: Option<Box<str>>,
    pub gates: Vec<Gate>,
    pub variants: Vec<Variant>,
    pub root: Node,
    pub headers: Vec<HeaderRule>,
    pub rules: Vec<RuleMeta>,
    /// What compiled but is likely not what the author meant.
    pub warnings: Vec<super::RuleProblem>,
}

impl RulePlan {
    /// The name of gate `gate` (`request` for an index the plan lacks,
    /// which the compiler never makes).
    pub fn gate_name(&self, gate: GateId) -> &str {
        self.gates
            .get(usize::from(gate))
            .map_or("request", |g| &*g.name)
    }

    /// "for automatic verification", … for messages.
    pub fn gate_phrase(&self, gate: GateId) -> &str {
        self.gates.get(usize::from(gate)).map_or("", |g| &*g.phrase)
    }
}

/// A number as JSON: whole numbers (within ±2^53) as integers.
pub(crate) fn number_json(n: f64) -> serde_json::Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if n.fract() == 0.0 && n.abs() <= EXACT {
        // Whole and within ±2^53: the conversion is exact.
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        /// [`same_bytes`] answers as `==` on slices: every length from 0
        /// to 40 (each side of the 4-, 8- and 16-byte cases), equal ones,
        /// and ones that differ in one byte anywhere, or in length only.
        #[test]
        fn same_bytes_is_slice_equality(
            a in proptest::collection::vec(0u8..4, 0..40),
            flip in proptest::prelude::any::<proptest::sample::Index>(),
            to in 0u8..4,
            longer in proptest::prelude::any::<bool>(),
        ) {
            let mut b = a.clone();
            if !b.is_empty() {
                let i = flip.index(b.len());
                b[i] = to;
            }
            if longer {
                b.push(to);
            }
            proptest::prop_assert_eq!(same_bytes(&a, &b), a == b);
            proptest::prop_assert!(same_bytes(&a, &a.clone()));
        }
    }

    fn set_of(strings: impl IntoIterator<Item = String>) -> ValueSet {
        let mut set = ValueSet {
            strings: strings.into_iter().map(Into::into).collect(),
            ..ValueSet::default()
        };
        set.strings.sort();
        set.strings.dedup();
        set.index();
        set
    }

    /// Scanned, hashed or (past `u16` indices) searched, a set holds its
    /// strings and nothing else: not their prefixes, extensions or case
    /// variants.
    #[test]
    fn value_sets_hold_exactly_their_strings() {
        for n in [0, 1, 4, 5, 16, 17, 1_057, 70_000] {
            let set = set_of((0..n).map(|i| format!("value_{i}")));
            assert_eq!(
                set.table.is_empty(),
                n <= ValueSet::SCANNED || n > 65_534,
                "{n}"
            );
            for i in (0..n).step_by(97).chain(n.checked_sub(1)) {
                assert!(set.contains_str(&format!("value_{i}")), "{n}: value_{i}");
            }
            for other in ["", "value_", "Value_0", "value_0 ", "value_00", "x"] {
                assert!(!set.contains_str(other), "{n}: {other:?}");
            }
            assert!(!set.contains_str(&format!("value_{n}")));
        }
        let iso = set_of(["USA", "MEX", "BRA", "COL", "GBR", "CAN"].map(String::from));
        assert!(iso.contains_str("COL") && !iso.contains_str("col") && !iso.contains_str("CO"));
    }

    #[test]
    fn numbers_are_integers_when_whole() {
        assert_eq!(number_json(3.0), serde_json::json!(3));
        assert_eq!(number_json(2.5), serde_json::json!(2.5));
        assert_eq!(number_json(f64::NAN), serde_json::Value::Null);
    }

    #[test]
    fn required_message_lists_children_and_hint() {
        let phrase = "for automatic verification";
        assert_eq!(
            required_message("phone", phrase, &[], None),
            "phone is required for automatic verification"
        );
        assert_eq!(
            required_message(
                "composite_balance",
                "to create the account",
                &["parent"],
                None
            ),
            "composite_balance is required to create the account, with parent"
        );
        assert_eq!(
            required_message("additional_info", phrase, &["a", "b"], Some("see § X")),
            "additional_info is required for automatic verification, with a and b (see § X)"
        );
        assert_eq!(
            required_message("x", phrase, &["a", "b", "c"], None),
            "x is required for automatic verification, with a, b and c"
        );
    }

    #[test]
    fn member_table_finds_every_member_and_nothing_else() {
        let mut names: Vec<String> = [
            "",
            "a",
            "type",
            "file",
            "phone",
            "email",
            "number",
            "address_zip_code",
            "address_country",
            "address_count",
            "representative_first_name",
            "representative_last_name",
            "identifying_information",
            "has_ownership",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        names.extend((0..150).map(|i| format!("member_{i}")));
        let mut node = Node::default();
        for name in &names {
            node.child_mut(name);
        }
        node.bind();
        for (i, name) in names.iter().enumerate() {
            assert_eq!(node.member_index(name), Some(i), "{name}");
        }
        for other in [
            "typ",
            "types",
            "Type",
            "address_countr",
            "member_150",
            "member_1 ",
            "é",
        ] {
            assert_eq!(node.member_index(other), None, "{other}");
        }
        assert_eq!(Node::default().member_index("type"), None);
    }
}
