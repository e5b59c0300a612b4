//! What a rule set asks for, read from the rules themselves: the
//! requirement tables behind `kyc-preflight rules explain`.
//!
//! An integrator's first question comes before any payload: "what must I
//! collect from a Mexican business to be verified?". Since the rules are
//! data, [`RuleSet::explain`] answers it from the same plan `check` runs, so
//! the answer cannot drift from the checks.
//!
//! # Shape
//!
//! An [`Explanation`] has one [`VariantExplanation`] per variant of the rule
//! set (`individual/usa`, `business/international`, …), in selection order.
//! A rule set without variants has a single one named [`DEFAULT_VARIANT`]
//! (`"default"`). Each variant lists every field and collection requirement
//! that applies to it, as [`FieldExplanation`]s. Serialized (the
//! `--format json` output), the keys are exactly:
//!
//! ```json
//! {"rule_set": "kira/create-user",
//!  "variants": [{"name": "individual/usa",
//!                "fields": [{"path": "/phone", "type": "string", "format": "e164", "enum": null,
//!                            "gate": "verification", "when": null, "sensitive": false,
//!                            "source": "Kira User Management § Individual User > ..."}]}]}
//! ```
//!
//! - `path`: the rule's JSON Pointer, `*` standing for every array item.
//! - `type`, `format`, `enum`: the value's JSON type(s) (`string|integer`:
//!   in the order string, number, integer, boolean, object, array, null),
//!   named format(s) (`ssn|itin`; a document file is `data-uri`) and allowed
//!   values, or `null`.
//! - `gate`: the gate the field is required for (`request`, `verification`,
//!   `product:act`, …); [`OPTIONAL`] when nothing requires it; [`FORBIDDEN`]
//!   when it must not be sent. A field required for two gates under two
//!   conditions has one entry for each.
//! - `when`: the condition the entry depends on, in words
//!   (`type in tax_ids ["ssn", "itin", …]`); a relative path is a sibling in
//!   the same object, one starting with `/` is from the payload root. For a
//!   collection requirement it says what the array's items must satisfy
//!   (`some item: type = "ssn"`).
//! - `sensitive`: reports never print the value.
//! - `source`: the document section, provider page or standard the rule
//!   (or this requirement of it) comes from.
//!
//! Headers are not listed: they are not collected from the user
//! (`RuleSet::rules` lists their rules).
//!
//! [`Explanation::to_markdown`] renders the same data as the provider's own
//! tables: one row per field, a column per variant.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::Catalog;
//!
//! let rules = Catalog::embedded().get("kira/create-user")?;
//! let explanation = rules.explain(Some("business/international"))?;
//! let business = &explanation.variants[0];
//! assert_eq!(business.name, "business/international");
//!
//! // The table's company_name is business_legal_name, which the API requires.
//! let name = business.fields.iter().find(|f| f.path == "/business_legal_name").unwrap();
//! assert_eq!((name.gate.as_str(), name.when.as_deref()), ("request", None));
//!
//! // A Mexican business sends an rfc for verification.
//! let rfc = business.fields.iter().find(|f| f.path == "/rfc").unwrap();
//! assert_eq!(rfc.gate, "verification");
//! assert_eq!(rfc.when.as_deref(), Some("/address_country = \"MEX\""));
//! assert!(rfc.sensitive);
//!
//! let table = explanation.to_markdown();
//! assert!(table.contains("| `/business_legal_name` | string |"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write as _;

use serde::Serialize;

use crate::checks::Explained;
use crate::export::{conjunct, describe_cond, describe_ptr, number_text, View};
use crate::rules::plan::{
    applies, CollectionKind, CollectionRule, FieldRule, GateId, RuleKind, RulePlan,
    MAX_LISTED_VALUES,
};
use crate::{Error, RuleSet};

pub use crate::export::DEFAULT_VARIANT;

/// The `gate` of an entry nothing requires.
pub const OPTIONAL: &str = "optional";

/// The `gate` of an entry that must not be sent.
pub const FORBIDDEN: &str = "forbidden";

/// The first constraint of an entry whose rule is `severity = "warning"`:
/// its findings are warnings, so its `gate` is [`OPTIONAL`].
pub const WARNING_ONLY: &str = "warning only (never fails a gate)";

/// Everything a rule set asks for, per variant (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The rule set's id, e.g. `kira/create-user`.
    pub rule_set: String,
    /// One entry per variant, in selection order (one, when a variant was
    /// asked for).
    pub variants: Vec<VariantExplanation>,
    /// The rule set's title (for the markdown heading; not serialized).
    #[serde(skip)]
    pub title: Option<String>,
    /// The primary source document (not serialized).
    #[serde(skip)]
    pub document: Option<String>,
    /// The gates, in order, with what each means (not serialized).
    #[serde(skip)]
    pub gates: Vec<GateExplanation>,
}

/// A gate of the rule set and what passing it means.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GateExplanation {
    /// `request`, `verification`, `product:act`, …
    pub name: String,
    /// What passing it means, from the rule file.
    pub description: Option<String>,
}

/// What one variant asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct VariantExplanation {
    /// The variant's name (`individual/usa`), or [`DEFAULT_VARIANT`].
    pub name: String,
    /// Every field and collection requirement that applies, in rule-file
    /// order (a collection right after the fields of its array).
    pub fields: Vec<FieldExplanation>,
    /// What selects this variant, from the rule file (not serialized).
    #[serde(skip)]
    pub description: Option<String>,
}

/// Whether an entry is about one value or about the items of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryKind {
    /// A `[[field]]` rule: one JSON value.
    Field,
    /// A `[[collection]]` rule: what the items of an array must satisfy.
    Collection,
}

/// One requirement of one field (or collection) in one variant.
///
/// The serialized keys are exactly `path`, `type`, `format`, `enum`,
/// `gate`, `when`, `sensitive` and `source`; the other members are for the
/// markdown renderer and for library users, and are not serialized.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FieldExplanation {
    /// JSON Pointer of the value (`*` for every array item); for a
    /// collection, of the array.
    pub path: String,
    /// JSON type(s), `|`-separated in the order string, number, integer,
    /// boolean, object, array, null (`string|integer`); `null` when the rule
    /// does not say, and for a collection.
    #[serde(rename = "type")]
    pub ty: Option<String>,
    /// Named format(s), `|`-separated when any may match (`ssn|itin`);
    /// `data-uri` for a document file.
    pub format: Option<String>,
    /// The allowed values, in the document's order.
    #[serde(rename = "enum")]
    pub enumeration: Option<Vec<serde_json::Value>>,
    /// The gate the value is required for, [`OPTIONAL`], or [`FORBIDDEN`].
    pub gate: String,
    /// The condition this entry depends on, in words; for a collection,
    /// what the items must satisfy.
    pub when: Option<String>,
    /// Reports never print the value.
    pub sensitive: bool,
    /// Where the rule (or this requirement of it) comes from.
    pub source: String,
    /// A field or a collection (not serialized).
    #[serde(skip)]
    pub kind: EntryKind,
    /// The rule's id, e.g. `kira/create-user#phone` (not serialized).
    #[serde(skip)]
    pub rule: String,
    /// The condition under which the value checks (type, format, enum,
    /// constraints) apply: the rule's own `when` (not serialized).
    #[serde(skip)]
    pub value_when: Option<String>,
    /// The named set the values come from, e.g. `naics` (not serialized).
    #[serde(skip)]
    pub enum_set: Option<String>,
    /// The value's other constraints in words: `length 1-140`,
    /// `pattern ^[0-9]{10}$`, `0-100`, `at least 1 item`, the file's media
    /// types and size, `at least 18 years old`, `not expired` (not
    /// serialized).
    #[serde(skip)]
    pub constraints: Vec<String>,
}

impl RuleSet {
    /// What the rule set asks for, per variant: every field and collection
    /// requirement, with its gate, condition, sensitivity and source. See
    /// [`crate::explain`] for the shape.
    ///
    /// `variant` picks one variant by its exact name; `None` gives all of
    /// them. A rule set without variants has one, [`DEFAULT_VARIANT`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownVariant`] when `variant` names no variant of this
    /// rule set (the error lists the known ones).
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{explain::DEFAULT_VARIANT, Catalog, Error};
    ///
    /// let rules = Catalog::embedded().get("customers/create-individual")?;
    /// let all = rules.explain(None)?;
    /// assert_eq!(all.variants.len(), 1);
    /// assert_eq!(all.variants[0].name, DEFAULT_VARIANT);
    /// assert!(matches!(rules.explain(Some("business")), Err(Error::UnknownVariant { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, variant: Option<&str>) -> Result<Explanation, Error> {
        let plan = self.plan();
        let view = View::new(plan);
        let selected = view.select(variant)?;
        let rank = rule_ranks(plan);
        let variants = selected
            .iter()
            .map(|v| {
                let mut entries: Vec<(usize, FieldExplanation)> = Vec::new();
                for at in view.fields(v.index) {
                    for e in field_entries(plan, at.rule, v.index) {
                        entries.push((rank_of(&rank, at.rule.rule), e));
                    }
                }
                for at in view.collections(v.index) {
                    if let Some(e) = collection_entry(plan, at.rule) {
                        entries.push((rank_of(&rank, at.rule.rule), e));
                    }
                }
                entries.sort_by_key(|(r, _)| *r);
                VariantExplanation {
                    name: v.name.to_string(),
                    fields: entries.into_iter().map(|(_, e)| e).collect(),
                    description: v.description.map(str::to_string),
                }
            })
            .collect();
        Ok(Explanation {
            rule_set: plan.id.to_string(),
            variants,
            title: plan.title.as_deref().map(str::to_string),
            document: plan.source.as_deref().map(str::to_string),
            gates: plan
                .gates
                .iter()
                .map(|g| GateExplanation {
                    name: g.name.to_string(),
                    description: g.description.as_deref().map(str::to_string),
                })
                .collect(),
        })
    }
}

/// Where each rule goes in a listing: fields in file order, each collection
/// right after the last field at or below its array.
fn rule_ranks(plan: &RulePlan) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    for (i, meta) in plan.rules.iter().enumerate() {
        match meta.kind {
            RuleKind::Field => order.push(i),
            RuleKind::Collection => {
                let below = format!("{}/", meta.path);
                let at = order.iter().rposition(|&j| {
                    plan.rules
                        .get(j)
                        .is_some_and(|m| m.path == meta.path || m.path.starts_with(&below))
                });
                match at {
                    Some(at) => order.insert(at + 1, i),
                    None => order.push(i),
                }
            }
            RuleKind::Header => {}
        }
    }
    let mut rank = vec![usize::MAX; plan.rules.len()];
    for (position, rule) in order.into_iter().enumerate() {
        if let Some(slot) = rank.get_mut(rule) {
            *slot = position;
        }
    }
    rank
}

fn rank_of(rank: &[usize], rule: usize) -> usize {
    rank.get(rule).copied().unwrap_or(usize::MAX)
}

fn gate_name(plan: &RulePlan, gate: GateId) -> String {
    plan.gate_name(gate).to_string()
}

/// The entries of one field rule in one variant.
fn field_entries(plan: &RulePlan, f: &FieldRule, variant: Option<usize>) -> Vec<FieldExplanation> {
    let Some(meta) = plan.rules.get(f.rule) else {
        return Vec::new();
    };
    let value_when = f.when.as_ref().map(describe_cond);
    let mut explained = Explained::default();
    for check in &f.checks {
        check.kind.explain(&mut explained);
    }
    let format = explained.format.take();
    let (enumeration, enum_set) = match explained.values.take() {
        Some((values, set)) => (Some(values), set),
        None => (None, None),
    };
    let template = FieldExplanation {
        path: meta.path.to_string(),
        ty: f.types.map(|(t, _)| t.names().join("|")),
        format,
        enumeration,
        gate: OPTIONAL.to_string(),
        when: value_when.clone(),
        sensitive: f.sensitive,
        source: meta.source.to_string(),
        kind: EntryKind::Field,
        rule: meta.id.to_string(),
        value_when: value_when.clone(),
        enum_set,
        constraints: explained.constraints(),
    };
    if meta.severity == crate::Severity::Warning {
        // A warning never fails a gate: the field is optional, and what
        // the rule checks reads as a warning.
        let mut constraints = template.constraints.clone();
        if f.requires.iter().any(|r| applies(r.variants, variant)) {
            constraints.insert(0, "expected".to_string());
        }
        constraints.insert(0, WARNING_ONLY.to_string());
        return vec![FieldExplanation {
            constraints,
            ..template
        }];
    }
    let mut out = Vec::new();
    let lists = [(&f.requires, None), (&f.forbids, Some(FORBIDDEN))];
    for (requirements, fixed) in lists {
        for r in requirements.iter().filter(|r| applies(r.variants, variant)) {
            let when = match (&f.when, &r.when) {
                (Some(a), Some(b)) => Some(format!("{} and {}", conjunct(a), conjunct(b))),
                (Some(a), None) | (None, Some(a)) => Some(describe_cond(a)),
                (None, None) => None,
            };
            out.push(FieldExplanation {
                gate: fixed.map_or_else(|| gate_name(plan, r.gate), str::to_string),
                when,
                source: r
                    .source
                    .as_deref()
                    .map_or_else(|| meta.source.to_string(), str::to_string),
                ..template.clone()
            });
        }
    }
    if out.is_empty() {
        out.push(template);
    }
    out
}

/// The entry of one collection rule.
fn collection_entry(plan: &RulePlan, c: &CollectionRule) -> Option<FieldExplanation> {
    let meta = plan.rules.get(c.rule)?;
    let what = match &c.kind {
        CollectionKind::Some(cond) => format!("some item: {}", describe_cond(cond)),
        CollectionKind::Each {
            only_if: Some(only_if),
            then,
            ..
        } => format!(
            "each item where {}: {}",
            describe_cond(only_if),
            describe_cond(then)
        ),
        CollectionKind::Each {
            only_if: None,
            then,
            ..
        } => format!("each item: {}", describe_cond(then)),
        CollectionKind::Sum { path, max } => format!(
            "the items' {} add up to at most {}",
            describe_ptr(Some(path)),
            number_text(*max)
        ),
    };
    let when = match &c.when {
        Some(cond) => format!("when {}, {what}", describe_cond(cond)),
        None => what,
    };
    let warns = meta.severity == crate::Severity::Warning;
    Some(FieldExplanation {
        path: meta.path.to_string(),
        ty: None,
        format: None,
        enumeration: None,
        gate: if warns {
            OPTIONAL.to_string()
        } else {
            gate_name(plan, c.gate)
        },
        when: Some(when),
        sensitive: false,
        source: meta.source.to_string(),
        kind: EntryKind::Collection,
        rule: meta.id.to_string(),
        value_when: None,
        enum_set: None,
        constraints: if warns {
            vec![WARNING_ONLY.to_string()]
        } else {
            Vec::new()
        },
    })
}

// ---------------------------------------------------------------------------
// Markdown

impl Explanation {
    /// The explanation as a markdown document that reads like the
    /// provider's own tables: a heading, the gates and variants, then one
    /// table with one row per field (or collection requirement) and a
    /// column per variant.
    ///
    /// A variant's cell says what the field is in that variant:
    /// `Required for request`, `Required for verification` (any gate not
    /// named `product:*` reads `Required for <gate>`), the gate's name for a
    /// product gate (`product:act`), `Must not be sent`, `optional`, or `-`
    /// when the field does not exist in that variant. A condition follows as
    /// `when …`. The `Format or values` column lists formats, allowed values
    /// (a set of more than 12 by its name and size; `--format json` lists
    /// them all) and other constraints, with the variants they hold in when
    /// not all. A source starting with the rule set's document is shortened
    /// to its `§ Section`.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::Catalog;
    ///
    /// let rules = Catalog::embedded().get("passport/create-customer")?;
    /// let table = rules.explain(None)?.to_markdown();
    /// assert!(table.contains(
    ///     "| `/business_name` | string | length 1-140 |  | Required for request |"
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = write!(out, "## `{}`", self.rule_set);
        if let Some(title) = &self.title {
            let _ = write!(out, ": {}", inline(title));
        }
        out.push_str("\n\n");
        if let Some(doc) = &self.document {
            let _ = writeln!(
                out,
                "Document: `{}`; a source `§ Section` is a section of it.\n",
                inline(doc)
            );
        }
        for g in &self.gates {
            let _ = write!(out, "- Gate `{}`", g.name);
            if let Some(d) = &g.description {
                let _ = write!(out, ": {}", inline(d));
            }
            out.push('\n');
        }
        for v in &self.variants {
            let _ = write!(out, "- Variant `{}`", v.name);
            if let Some(d) = &v.description {
                let _ = write!(out, ": {}", inline(d));
            }
            out.push('\n');
        }
        out.push('\n');

        let rows = self.rows();
        out.push_str("| Field | Type | Format or values | Sensitive |");
        for v in &self.variants {
            let _ = write!(out, " `{}` |", v.name);
        }
        out.push_str(" Source |\n|");
        for _ in 0..self.variants.len() + 5 {
            out.push_str(" --- |");
        }
        out.push('\n');
        for row in rows {
            let _ = write!(
                out,
                "| {} | {} | {} | {} |",
                row.field,
                cell(&row.ty),
                cell(&row.values),
                if row.sensitive { "yes" } else { "" }
            );
            for c in &row.cells {
                let _ = write!(out, " {} |", cell(c));
            }
            let _ = writeln!(out, " {} |", cell(&row.sources.join("; ")));
        }
        out
    }

    /// The table's rows: entries of the same field path (or the same
    /// collection rule) across variants, in listing order.
    fn rows(&self) -> Vec<Row> {
        // (key, entries per variant)
        let mut keys: Vec<(String, Vec<Vec<&FieldExplanation>>)> = Vec::new();
        let n = self.variants.len();
        for (vi, v) in self.variants.iter().enumerate() {
            let mut last: Option<usize> = None;
            for e in &v.fields {
                let key = match e.kind {
                    EntryKind::Field => format!("f {}", e.path),
                    EntryKind::Collection => format!("c {}", e.rule),
                };
                let at = match keys.iter().position(|(k, _)| *k == key) {
                    Some(at) => at,
                    None => {
                        // A row first met in a later variant goes after the
                        // row before it in that variant.
                        let at = last.map_or(keys.len(), |l| l + 1);
                        keys.insert(at, (key, vec![Vec::new(); n]));
                        at
                    }
                };
                if let Some(slot) = keys.get_mut(at).and_then(|(_, per)| per.get_mut(vi)) {
                    slot.push(e);
                }
                last = Some(at);
            }
        }
        let variant_names: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
        keys.into_iter()
            .filter_map(|(_, per)| self.row(&per, &variant_names))
            .collect()
    }

    fn row(&self, per: &[Vec<&FieldExplanation>], names: &[&str]) -> Option<Row> {
        let first = per.iter().flatten().next()?;
        let field = match first.kind {
            EntryKind::Field => format!("`{}`", inline(&first.path)),
            EntryKind::Collection => format!(
                "`{}`: {}",
                inline(&first.path),
                inline(first.when.as_deref().unwrap_or(""))
            ),
        };
        let present: Vec<usize> = (0..per.len())
            .filter(|i| per.get(*i).is_some_and(|e| !e.is_empty()))
            .collect();
        // Value descriptions, each with the variants it holds in.
        let qualify = |texts: Vec<(String, usize)>| -> String {
            let mut seen: Vec<(String, Vec<usize>)> = Vec::new();
            for (text, vi) in texts {
                if text.is_empty() {
                    continue;
                }
                match seen.iter_mut().find(|(t, _)| *t == text) {
                    Some((_, vs)) => {
                        if !vs.contains(&vi) {
                            vs.push(vi)
                        }
                    }
                    None => seen.push((text, vec![vi])),
                }
            }
            seen.into_iter()
                .map(|(text, vs)| {
                    if vs.len() == present.len() || names.len() == 1 {
                        text
                    } else {
                        let which: Vec<&str> =
                            vs.iter().filter_map(|i| names.get(*i).copied()).collect();
                        format!("{text} ({})", which.join(", "))
                    }
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut types = Vec::new();
        let mut values = Vec::new();
        let mut seen_rules: Vec<(usize, &str)> = Vec::new();
        for (vi, entries) in per.iter().enumerate() {
            for e in entries {
                // One rule's entries share their value description.
                if seen_rules.contains(&(vi, e.rule.as_str())) {
                    continue;
                }
                seen_rules.push((vi, &e.rule));
                if let Some(t) = &e.ty
                    && !types.contains(t)
                {
                    types.push(t.clone());
                }
                values.push((value_text(e), vi));
            }
        }
        let cells = per
            .iter()
            .map(|entries| {
                if entries.is_empty() {
                    return "-".to_string();
                }
                let mut texts: Vec<String> = Vec::new();
                for e in entries.iter().filter(|e| e.gate != OPTIONAL) {
                    let text = requirement_text(e);
                    if !texts.contains(&text) {
                        texts.push(text);
                    }
                }
                if texts.is_empty() {
                    OPTIONAL.to_string()
                } else {
                    texts.join("; ")
                }
            })
            .collect();
        let mut sources: Vec<String> = Vec::new();
        for e in per.iter().flatten() {
            let s = self.short_source(&e.source);
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        Some(Row {
            field,
            ty: types.join(", "),
            values: qualify(values),
            sensitive: per.iter().flatten().any(|e| e.sensitive),
            cells,
            sources,
        })
    }

    fn short_source(&self, source: &str) -> String {
        match &self.document {
            Some(doc) => match source.strip_prefix(doc.as_str()) {
                Some(rest) if rest.starts_with(' ') => rest.trim_start().to_string(),
                _ => source.to_string(),
            },
            None => source.to_string(),
        }
    }
}

struct Row {
    field: String,
    ty: String,
    values: String,
    sensitive: bool,
    cells: Vec<String>,
    sources: Vec<String>,
}

/// "Required for verification when type in tax_ids [...]".
fn requirement_text(e: &FieldExplanation) -> String {
    let head = if e.gate == FORBIDDEN {
        "Must not be sent".to_string()
    } else if e.gate.starts_with("product:") {
        e.gate.clone()
    } else {
        format!("Required for {}", e.gate)
    };
    match (&e.when, e.kind) {
        (Some(when), EntryKind::Field) => format!("{head} when {when}"),
        _ => head,
    }
}

/// Format, values and constraints of an entry, in words.
fn value_text(e: &FieldExplanation) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(format) = &e.format
        && format != "data-uri"
    {
        parts.push(format.clone());
    }
    if let Some(values) = &e.enumeration {
        match &e.enum_set {
            Some(name) if values.len() > MAX_LISTED_VALUES => {
                parts.push(format!("one of the {} `{name}` values", values.len()))
            }
            _ => {
                let listed: Vec<String> = values
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => format!("`{s}`"),
                        other => format!("`{other}`"),
                    })
                    .collect();
                parts.push(format!("one of {}", listed.join(", ")));
            }
        }
    }
    parts.extend(e.constraints.iter().cloned());
    let text = parts.join(", ");
    match (&e.value_when, text.is_empty()) {
        (Some(when), false) => format!("{text} when {when}"),
        _ => text,
    }
}

/// Text for inside a table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|")
}

fn inline(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn mini() -> RuleSet {
        RuleSet::from_toml(
            "mini.toml",
            r#"
            id = "example/mini"
            source = "doc.txt"

            [[gate]]
            name = "request"
            [[gate]]
            name = "verification"
            depends = ["request"]

            [[variant]]
            name = "a"
            when = { path = "/kind", equals = "a" }
            [[variant]]
            name = "b"

            [[field]]
            path = "/kind"
            type = "string"
            enum = ["a", "b"]
            required = "request"
            source = "§ Kind"

            [[field]]
            path = "/items"
            type = "array"
            min_items = 1
            max_items = 3
            require = [{ gate = "verification", variants = ["a"] }]

            [[field]]
            path = "/items/*/n"
            type = "integer|string"
            minimum = 0
            maximum = 100
            sensitive = true
            forbid = [{ gate = "request", variants = ["b"], when = { any = [{ path = "m", present = true }, { path = "/kind", not_in = ["x", "y"] }] } }]

            [[collection]]
            id = "has-seven"
            path = "/items"
            gate = "verification"
            some = { path = "n", equals = 7 }
            message = "an item with n = 7"
            "#,
        )
        .unwrap()
    }

    #[test]
    fn entries_per_variant() {
        let e = mini().explain(None).unwrap();
        assert_eq!(e.variants.len(), 2);
        let a = &e.variants[0];
        let paths: Vec<(&str, &str)> = a
            .fields
            .iter()
            .map(|f| (f.path.as_str(), f.gate.as_str()))
            .collect();
        assert_eq!(
            paths,
            [
                ("/kind", "request"),
                ("/items", "verification"),
                ("/items/*/n", "optional"),
                ("/items", "verification"),
            ]
        );
        let items = &a.fields[1];
        assert_eq!(items.constraints, ["1-3 items"]);
        assert_eq!(items.source, "doc.txt");
        assert_eq!(a.fields[0].source, "doc.txt § Kind");
        assert_eq!(a.fields[2].constraints, ["0-100"]);
        assert_eq!(a.fields[2].ty.as_deref(), Some("string|integer"));
        assert_eq!(a.fields[3].when.as_deref(), Some("some item: n = 7"));
        assert_eq!(a.fields[3].kind, EntryKind::Collection);

        let b = &e.variants[1];
        let n = b.fields.iter().find(|f| f.path == "/items/*/n").unwrap();
        assert_eq!(n.gate, FORBIDDEN);
        assert_eq!(
            n.when.as_deref(),
            Some("m is present or /kind not in [\"x\", \"y\"]")
        );
        assert_eq!(
            b.fields.iter().find(|f| f.path == "/items").unwrap().gate,
            OPTIONAL
        );
    }

    #[test]
    fn json_keys_are_exactly_the_contract() {
        let e = mini().explain(Some("a")).unwrap();
        let v = serde_json::to_value(&e).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(keys, ["rule_set", "variants"]);
        let variant = &v["variants"][0];
        let keys: Vec<&str> = variant
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys, ["name", "fields"]);
        for field in variant["fields"].as_array().unwrap() {
            let keys: Vec<&str> = field
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            assert_eq!(
                keys,
                [
                    "path",
                    "type",
                    "format",
                    "enum",
                    "gate",
                    "when",
                    "sensitive",
                    "source"
                ]
            );
        }
        assert_eq!(variant["fields"][0]["enum"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn unknown_variant_lists_the_known_ones() {
        let err = mini().explain(Some("c")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "rule set `example/mini` has no variant `c` (variants: a, b)"
        );
    }

    #[test]
    fn markdown_has_a_column_per_variant() {
        let md = mini().explain(None).unwrap().to_markdown();
        assert!(md.contains("| Field | Type | Format or values | Sensitive | `a` | `b` | Source |"));
        assert!(md.contains(
            "| `/items` | array | 1-3 items |  | Required for verification | optional | doc.txt |"
        ));
        assert!(md.contains("| `/items/*/n` | string\\|integer | 0-100 | yes | optional | Must not be sent when m is present or /kind not in [\"x\", \"y\"] | doc.txt |"));
        assert!(md.contains("| `/items`: some item: n = 7 |  |  |  | Required for verification | Required for verification | doc.txt |"));
    }
}
