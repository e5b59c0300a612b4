//! The compiled rule set: what the engine walks.
//!
//! Built once by [`super::compile`]; regexes, enum sets, pointers and gate
//! dependencies are all resolved here, never per payload.

use std::sync::Arc;

use regex::Regex;

use crate::formats::Format;

/// Index of a gate in [`RulePlan::gates`].
pub(crate) type GateId = u8;

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
        Some(v) if v < 64 => mask & (1u64 << v) != 0,
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
}

/// A scalar a condition compares with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    String(Box<str>),
    Number(f64),
    Bool(bool),
}

/// A set of allowed scalars, with the order the document lists them in.
#[derive(Debug, Default)]
pub(crate) struct ValueSet {
    /// Sorted, for binary search.
    pub strings: Vec<Box<str>>,
    pub numbers: Vec<f64>,
    pub bools: Vec<bool>,
    /// As written, for messages.
    pub listed: Vec<Scalar>,
    /// `listed` as plain text (strings unquoted), shared with every
    /// finding's [`crate::report::Detail::Enum`] instead of copied.
    pub plain: Arc<[String]>,
    /// The named set this came from, if any (`naics`).
    pub name: Option<Box<str>>,
}

/// A compiled condition.
#[derive(Debug)]
pub(crate) enum Cond {
    Equals(Option<Ptr>, Scalar),
    NotEquals(Option<Ptr>, Scalar),
    In(Option<Ptr>, Arc<ValueSet>),
    NotIn(Option<Ptr>, Arc<ValueSet>),
    Present(Ptr, bool),
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
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// What a check is, with its compiled data.
#[derive(Debug)]
pub(crate) enum CheckKind {
    /// Passes when any of the formats does (one, or `format = "ssn|itin"`).
    Format(Box<[Format]>),
    Enum(Arc<ValueSet>),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Regex, Option<Box<str>>),
    Minimum(f64),
    Maximum(f64),
    MinItems(u64),
    MaxItems(u64),
    /// Data URI syntax, media type and decoded size.
    File {
        media_types: Vec<Box<str>>,
        max_bytes: Option<u64>,
    },
    /// The file's magic bytes match its declared media type.
    FileContent,
    MinAge(u32),
    NotExpired,
}

/// One check of a field and the gate its failure blocks.
#[derive(Debug)]
pub(crate) struct Check {
    pub kind: CheckKind,
    pub gate: GateId,
}

/// When a field is required (or must not be sent).
#[derive(Debug)]
pub(crate) struct Requirement {
    pub gate: GateId,
    pub variants: VariantMask,
    pub when: Option<Cond>,
    pub source: Option<Box<str>>,
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
    pub pattern: Option<(Regex, Option<Box<str>>)>,
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
    /// `members`' keys to their index in `members`: the engine matches a
    /// payload object's keys against it in one pass over the payload's
    /// members (see [`Node::index_members`]). FxHash: the table is the
    /// rule file's and never grows, so a payload's keys cost at most one
    /// probe sequence of a fixed table each, whatever they hash to.
    pub by_key: rustc_hash::FxHashMap<Box<str>, usize>,
}

impl Node {
    /// Build [`Node::by_key`] here and below; called once the tree is built.
    pub fn index_members(&mut self) {
        self.by_key = self
            .members
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (k.clone(), i))
            .collect();
        for (_, child) in &mut self.members {
            child.index_members();
        }
        if let Some(items) = &mut self.items {
            items.index_members();
        }
    }

    /// Index in `members` of the member named `key`.
    pub fn member_index(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
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
    pub error_body: Option<crate::report::provider::ErrorBody>,
    pub title: Option<Box<str>>,
    pub provider: Option<Box<str>>,
    pub endpoint: Option<Box<str>>,
    pub source: Option<Box<str>>,
    pub gates: Vec<Gate>,
    pub variants: Vec<Variant>,
    pub root: Node,
    pub headers: Vec<HeaderRule>,
    pub rules: Vec<RuleMeta>,
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
