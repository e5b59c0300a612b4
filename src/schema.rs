//! A JSON Schema (draft 2020-12) of what a rule set's request gate
//! requires, generated from the rules: `kyc-preflight rules schema`.
//!
//! For users in other languages and for form builders. The schema is a
//! first pass, not the whole check: it holds the rules of the first gate
//! (`request`, "the API accepts the call", in every shipped rule set) and
//! only those JSON Schema can state. Its `description` says what it cannot
//! express and that `kyc-preflight check` does; each property's
//! `description` names what later gates (`verification`, `product:*`) ask of
//! it.
//!
//! # What is in it
//!
//! - `required` for every field the request gate requires, `type`, `enum`,
//!   `minLength`/`maxLength`, `pattern` (copied from the rule file),
//!   `minimum`/`maximum`, `minItems`/`maxItems`, and `not: {required}` for a
//!   field that must not be sent.
//! - Formats: `format` is used only where JSON Schema's meaning is the
//!   rule's, `email`, `date`, `date-time`, `ipv4`, `ipv6`, `uri` (for `uri`
//!   and `url`) and `uuid`, always next to a `pattern` that
//!   asserts the same (a validator treats `format` as an annotation unless
//!   told otherwise). ISO 3166-1 codes are an `enum` of the 249 assigned
//!   codes (`$defs/iso3166-alpha2`, `$defs/iso3166-alpha3`); E.164 numbers
//!   and identifiers (`ssn`, `itin`, `ein`, `rfc`, `curp`, `cpf`, `cnpj`,
//!   `nit`, `nit-base`, `nit-natural`, `nuip`, `nino`, `pan`, `rut`,
//!   `cuit`) are a `pattern` of their written shape, which every
//!   value `check` accepts matches; check digits, ranges and registry rules
//!   are left to `check`. A document file is a `pattern` of a base64 data
//!   URI of one of its media types.
//! - Conditions (`when`): `if`/`then` at the object the condition is read
//!   from, or at the root for a condition on absolute paths. A condition
//!   mixing a path from the root with one relative to a nested object
//!   cannot be placed anywhere: it is left out (the schema then accepts
//!   more, never less) and the description says so.
//! - Variants: without `--variant`, each variant's schema is in `$defs`
//!   under its name (`/` written `.`), chosen as `check` chooses:
//!   `if`/`then`/`else` in declaration order for `variant_select = "first"`
//!   (the last `else` is `$defs/no-variant`, the rules that hold when no
//!   variant matches), `anyOf` of the matching variants for `"closest"`
//!   (JSON Schema's `oneOf`, read as "some shape fits"). With `--variant`,
//!   that variant's schema is the root, and the condition that selects it
//!   is asserted too.
//!
//! The schema never rejects a body whose request gate `check` passes
//! (the tests validate every fixture both ways); it may accept a body
//! `check` rejects for a reason listed in its description. That holds
//! with `format` as an annotation, the draft's default: a validator told to
//! assert `format: email` applies RFC 5321, which refuses a few addresses
//! zod (and so `check`, and the pattern next to it) accepts, such as a
//! domain label ending in `-`. For `variant_select = "closest"` with
//! several gates, `check` picks the shape with the fewest errors of any
//! gate; the schema accepts a body that fits any shape's request gate.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::Catalog;
//! use serde_json::json;
//!
//! let rules = Catalog::embedded().get("passport/create-customer")?;
//! let schema = rules.json_schema(None)?;
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! assert_eq!(schema["properties"]["business_name"]["maxLength"], 140);
//! assert_eq!(schema["properties"]["identification_number"]["pattern"], "^[0-9]{9}$");
//! assert!(schema["required"].as_array().unwrap().contains(&json!("email")));
//! assert!(schema["description"].as_str().unwrap().contains("check digits"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use crate::checks::{Schema, SchemaCx};
use crate::export::{describe_cond, Located, Selected, View};
use crate::formats::data_uri::schema_pattern as data_uri_pattern;
use crate::formats::{Codes, Format};
use crate::rules::plan::{
    applies, CollectionKind, CollectionRule, Cond, FieldRule, GateId, Ptr, RulePlan, Types,
    ValueSet, VariantSelect,
};
use crate::{Error, RuleSet};

/// The `$schema` of every exported schema.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The gate the schema is about: the first one.
const REQUEST: GateId = 0;

/// The `$defs` key of the rules that hold when no variant matches.
const NO_VARIANT: &str = "no-variant";

impl RuleSet {
    /// A JSON Schema (draft 2020-12) of what the request gate requires (see
    /// [`crate::schema`] for what it holds and what it cannot express).
    ///
    /// `variant` gives the schema of one variant, by its exact name; `None`
    /// gives one schema for every variant. A rule set without variants has
    /// one, [`crate::explain::DEFAULT_VARIANT`].
    ///
    /// # Errors
    ///
    /// [`Error::UnknownVariant`] when `variant` names no variant of this
    /// rule set.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::Catalog;
    ///
    /// let rules = Catalog::embedded().get("kira/create-user")?;
    /// let schema = rules.json_schema(Some("business/international"))?;
    /// let required = schema["required"].as_array().unwrap();
    /// assert!(required.contains(&"business_legal_name".into()));
    /// // doing_business_as is required for verification, not by the API.
    /// assert!(!required.contains(&"doing_business_as".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn json_schema(&self, variant: Option<&str>) -> Result<Value, Error> {
        let plan = self.plan();
        let mut b = Builder::new(plan);
        let selected = b.view.select(variant)?;
        let mut root = Map::new();
        root.insert("$schema".into(), DRAFT_2020_12.into());
        let mut id = format!("urn:kyc-preflight:{}", plan.id);
        let mut title = match &plan.title {
            Some(t) => format!("{}: {t}", plan.id),
            None => plan.id.to_string(),
        };
        let one = match (variant, selected.as_slice()) {
            (Some(_), [v]) if v.index.is_some() => Some(v),
            _ => None,
        };
        let body = if let Some(v) = one {
            let _ = std::fmt::Write::write_fmt(&mut id, format_args!(":{}", v.name));
            let _ = std::fmt::Write::write_fmt(&mut title, format_args!(" (variant {})", v.name));
            let mut body = b.shape(v.index).into_map();
            if let Some(selects) = b.selection(v) {
                push_all_of(&mut body, selects);
            }
            body
        } else if plan.variants.is_empty() {
            b.shape(None).into_map()
        } else {
            b.all_variants(&selected)
        };
        root.insert("$id".into(), id.into());
        root.insert("title".into(), title.into());
        root.insert("description".into(), b.description(one).into());
        root.insert("type".into(), "object".into());
        for (k, v) in body {
            if k != "description" {
                root.insert(k, v);
            }
        }
        if !b.defs.is_empty() {
            let mut defs = match root.remove("$defs") {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            defs.extend(std::mem::take(&mut b.defs));
            root.insert("$defs".into(), Value::Object(defs));
        }
        Ok(Value::Object(root))
    }
}

/// The schema of one value, built from the rules at its node.
#[derive(Default)]
struct Shape {
    keywords: Map<String, Value>,
    all_of: Vec<Value>,
    /// Members, in the order rules first name them.
    order: Vec<String>,
    properties: HashMap<String, Shape>,
    items: Option<Box<Shape>>,
    required: Vec<String>,
    notes: Vec<String>,
}

impl Shape {
    fn at(&mut self, segments: &[&str]) -> &mut Shape {
        let Some((first, rest)) = segments.split_first() else {
            return self;
        };
        let child = if *first == "*" {
            &mut **self.items.get_or_insert_with(Box::default)
        } else {
            if !self.properties.contains_key(*first) {
                self.order.push((*first).to_string());
            }
            self.properties.entry((*first).to_string()).or_default()
        };
        child.at(rest)
    }

    /// Add every keyword of `schema`; one already present with another
    /// value goes into `allOf`, so both hold.
    fn merge(&mut self, schema: Map<String, Value>) {
        merge_into(&mut self.keywords, &mut self.all_of, schema);
    }

    fn note(&mut self, text: String) {
        if !text.is_empty() && !self.notes.contains(&text) {
            self.notes.push(text);
        }
    }

    fn require(&mut self, key: &str) {
        if !self.required.iter().any(|k| k == key) {
            self.required.push(key.to_string());
        }
    }

    fn into_map(self) -> Map<String, Value> {
        let mut m = Map::new();
        if !self.notes.is_empty() {
            m.insert("description".into(), self.notes.join(" ").into());
        }
        for (k, v) in self.keywords {
            m.insert(k, v);
        }
        if !self.order.is_empty() {
            let mut children = self.properties;
            let props: Map<String, Value> = self
                .order
                .into_iter()
                .filter_map(|k| {
                    let s = children.remove(&k)?;
                    Some((k, Value::Object(s.into_map())))
                })
                .collect();
            m.insert("properties".into(), Value::Object(props));
        }
        if !self.required.is_empty() {
            m.insert("required".into(), self.required.into());
        }
        if let Some(items) = self.items {
            m.insert("items".into(), Value::Object(items.into_map()));
        }
        if !self.all_of.is_empty() {
            push_all_of_many(&mut m, self.all_of);
        }
        m
    }
}

fn merge_into(
    keywords: &mut Map<String, Value>,
    all_of: &mut Vec<Value>,
    schema: Map<String, Value>,
) {
    for (k, v) in schema {
        match keywords.get(&k) {
            None => {
                keywords.insert(k, v);
            }
            Some(existing) if *existing == v => {}
            Some(_) => {
                let mut part = Map::new();
                part.insert(k, v);
                all_of.push(Value::Object(part));
            }
        }
    }
}

fn push_all_of(m: &mut Map<String, Value>, part: Value) {
    push_all_of_many(m, vec![part]);
}

fn push_all_of_many(m: &mut Map<String, Value>, parts: Vec<Value>) {
    match m.get_mut("allOf") {
        Some(Value::Array(list)) => list.extend(parts),
        _ => {
            m.insert("allOf".into(), Value::Array(parts));
        }
    }
}

struct Builder<'p> {
    plan: &'p RulePlan,
    view: View<'p>,
    /// Shared definitions (country code lists), added to the root.
    defs: Map<String, Value>,
    /// Request-gate rules this schema leaves out, as `path: what`.
    unexpressed: Vec<String>,
}

impl SchemaCx for Builder<'_> {
    fn formats(&mut self, formats: &[Format]) -> (Map<String, Value>, Vec<String>) {
        Builder::formats(self, formats)
    }

    fn data_uri(&self, media_types: Option<&[Box<str>]>) -> String {
        data_uri_pattern(media_types)
    }

    fn base64(&self) -> &'static str {
        BASE64
    }
}

/// Where a condition's paths may start: relative ones from the object it is
/// placed at, absolute ones only when that object is the root.
#[derive(Clone, Copy)]
struct Scope {
    relative: bool,
    absolute: bool,
    /// The object the condition is placed at is known to be an object (so
    /// `type: object` is not asserted for its first path segment).
    object: bool,
}

impl<'p> Builder<'p> {
    fn new(plan: &'p RulePlan) -> Self {
        Builder {
            plan,
            view: View::new(plan),
            defs: Map::new(),
            unexpressed: Vec::new(),
        }
    }

    /// The rule is marked `severity = "warning"`.
    fn warns_only(&self, rule: usize) -> bool {
        self.plan
            .rules
            .get(rule)
            .is_some_and(|m| m.severity == crate::Severity::Warning)
    }

    fn gate_name(&self, gate: GateId) -> &'p str {
        self.plan.gate_name(gate)
    }

    fn gate_phrase(&self, gate: GateId) -> &'p str {
        self.plan.gate_phrase(gate)
    }

    fn leave_out(&mut self, path: &str, what: &str) {
        let text = format!("{path}: {what}");
        if !self.unexpressed.contains(&text) {
            self.unexpressed.push(text);
        }
    }

    /// The schema of the payload in variant `v` (`None`: no variant).
    fn shape(&mut self, v: Option<usize>) -> Shape {
        let mut root = Shape::default();
        let view = self.view.clone();
        for at in view.fields(v) {
            self.field(&mut root, at, v);
        }
        for at in view.collections(v) {
            self.collection(&mut root, at);
        }
        root
    }

    fn field(&mut self, root: &mut Shape, at: &Located<'p, FieldRule>, v: Option<usize>) {
        let f = at.rule;
        let segs = at.segments.as_slice();
        let Some((last, parent)) = segs.split_last() else {
            return;
        };
        let is_item = *last == "*";
        let path = self
            .plan
            .rules
            .get(f.rule)
            .map_or_else(String::new, |m| m.path.to_string());
        if self.warns_only(f.rule) {
            // A warning never fails a gate, so it constrains nothing here.
            root.at(segs).note(format!(
                "Warning only ({}): check reports it, it never fails a gate.",
                f.checks
                    .iter()
                    .map(|c| c.kind.note())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            return;
        }
        // Conditions are read from the object holding the value; for an
        // array item, from the item itself.
        let ctx: &[&str] = if is_item { segs } else { parent };

        let (value, left_out) = self.value_schema(f);
        let notes = self.field_notes(f, v, &left_out);
        {
            let here = root.at(segs);
            for n in notes {
                here.note(n);
            }
        }
        for what in &left_out {
            self.leave_out(&path, what);
        }
        if !value.is_empty() {
            match &f.when {
                None => root.at(segs).merge(value),
                Some(cond) => {
                    let then = if is_item {
                        Value::Object(value)
                    } else {
                        properties(last, Value::Object(value))
                    };
                    self.conditional(root, ctx, !is_item, &[cond], then, &path);
                }
            }
        }
        if is_item {
            return; // an array item is never missing
        }
        for (requirements, forbid) in [(&f.requires, false), (&f.forbids, true)] {
            for r in requirements
                .iter()
                .filter(|r| r.gate == REQUEST && applies(r.variants, v))
            {
                let conds: Vec<&Cond> = f.when.iter().chain(r.when.iter()).collect();
                let then = if forbid {
                    json!({ "not": { "required": [last] } })
                } else {
                    json!({ "required": [last] })
                };
                if forbid {
                    let words: Vec<String> = conds.iter().map(|c| describe_cond(c)).collect();
                    root.at(segs).note(if words.is_empty() {
                        "Must not be sent.".to_string()
                    } else {
                        format!("Must not be sent when {}.", words.join(" and "))
                    });
                }
                if conds.is_empty() {
                    let parent_shape = root.at(parent);
                    if forbid {
                        parent_shape.all_of.push(then);
                    } else {
                        parent_shape.require(last);
                    }
                } else {
                    self.conditional(root, parent, true, &conds, then, &path);
                }
            }
        }
    }

    /// `if` the conditions hold at `ctx` `then` the schema: placed at
    /// `ctx`, or at the root with `then` wrapped down to `ctx`, or (when
    /// neither can read the condition) left out and said so.
    fn conditional(
        &mut self,
        root: &mut Shape,
        ctx: &[&str],
        ctx_is_object: bool,
        conds: &[&Cond],
        then: Value,
        path: &str,
    ) {
        let at_root = ctx.is_empty();
        let here = Scope {
            relative: true,
            absolute: at_root,
            object: ctx_is_object || at_root,
        };
        if let Some(cond) = all_of(conds, here) {
            root.at(ctx)
                .all_of
                .push(json!({ "if": cond, "then": then }));
            return;
        }
        let from_root = Scope {
            relative: false,
            absolute: true,
            object: true,
        };
        if let Some(cond) = all_of(conds, from_root) {
            let mut wrapped = then;
            for seg in ctx.iter().rev() {
                wrapped = if *seg == "*" {
                    json!({ "items": wrapped })
                } else {
                    properties(seg, wrapped)
                };
            }
            root.all_of.push(json!({ "if": cond, "then": wrapped }));
            return;
        }
        let words: Vec<String> = conds.iter().map(|c| describe_cond(c)).collect();
        let what = format!(
            "a rule that holds when {} (it mixes paths from the root with paths relative to a nested object)",
            words.join(" and ")
        );
        root.at(ctx).note(format!("Not in this schema: {what}."));
        self.leave_out(path, &what);
    }

    /// The request-gate checks of a field's value, and the request-gate
    /// checks JSON Schema cannot state (in words).
    fn value_schema(&mut self, f: &FieldRule) -> (Map<String, Value>, Vec<String>) {
        let mut checks = Map::new();
        let mut all_of: Vec<Value> = Vec::new();
        let mut left_out = Vec::new();
        for check in f.checks.iter().filter(|c| c.gate == REQUEST) {
            let mut schema = Schema {
                part: Map::new(),
                left_out: &mut left_out,
                cx: self,
            };
            check.kind.schema(&mut schema);
            let part = schema.part;
            merge_into(&mut checks, &mut all_of, part);
        }
        if !all_of.is_empty() {
            push_all_of_many(&mut checks, all_of);
        }
        let schema = match f.types {
            Some((types, gate)) if gate == REQUEST => {
                let mut m = Map::new();
                m.insert("type".into(), types_value(types));
                let mut rest = Vec::new();
                merge_into(&mut m, &mut rest, checks);
                if !rest.is_empty() {
                    push_all_of_many(&mut m, rest);
                }
                m
            }
            // The type belongs to a later gate, and `check` runs no other
            // check of a value of the wrong type: so neither does this.
            Some((types, _)) if !checks.is_empty() => {
                let mut m = Map::new();
                m.insert("if".into(), json!({ "type": types_value(types) }));
                m.insert("then".into(), Value::Object(checks));
                m
            }
            _ => checks,
        };
        let when = f.when.as_ref().map(describe_cond);
        let left_out = left_out
            .into_iter()
            .map(|w| match &when {
                Some(c) => format!("{w} (when {c})"),
                None => w,
            })
            .collect();
        (schema, left_out)
    }

    /// One format, or any of several (`ssn|itin`).
    fn formats(&mut self, formats: &[Format]) -> (Map<String, Value>, Vec<String>) {
        let mut notes = Vec::new();
        let mut parts: Vec<Map<String, Value>> = Vec::new();
        for f in formats {
            let (schema, note) = self.format(*f);
            parts.push(schema);
            notes.extend(note.map(str::to_string));
        }
        match parts.len() {
            1 => (parts.pop().unwrap_or_default(), notes),
            _ => {
                let mut m = Map::new();
                m.insert(
                    "anyOf".into(),
                    Value::Array(parts.into_iter().map(Value::Object).collect()),
                );
                (m, notes)
            }
        }
    }

    /// The schema of one format, and what of it the schema leaves out: the
    /// format's own part ([`Format::json_schema`]).
    fn format(&mut self, format: Format) -> (Map<String, Value>, Option<&'static str>) {
        let part = format.json_schema();
        let mut m = Map::new();
        if let Some(keyword) = part.format {
            m.insert("format".into(), keyword.into());
        }
        if let Some(pattern) = part.pattern {
            m.insert("pattern".into(), pattern.into());
        }
        if let Some(codes) = &part.codes {
            self.codes(codes);
            m.insert("$ref".into(), format!("#/$defs/{}", codes.key).into());
        }
        (m, part.left_out)
    }

    /// A format's list of codes, in `$defs` once.
    fn codes(&mut self, codes: &Codes) {
        if !self.defs.contains_key(codes.key) {
            self.defs.insert(
                codes.key.to_string(),
                json!({
                    "description": codes.description,
                    "enum": codes.values,
                }),
            );
        }
    }

    /// What a property's description says: its hint, what later gates ask
    /// of it, and what of the request gate the schema leaves out.
    fn field_notes(&self, f: &FieldRule, v: Option<usize>, left_out: &[String]) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(hint) = &f.hint {
            notes.push(format!("{}.", hint.trim_end_matches('.')));
        }
        let when = f.when.as_ref().map(describe_cond);
        for (requirements, forbid) in [(&f.requires, false), (&f.forbids, true)] {
            for r in requirements
                .iter()
                .filter(|r| r.gate != REQUEST && applies(r.variants, v))
            {
                let conds: Vec<String> = f
                    .when
                    .iter()
                    .chain(r.when.iter())
                    .map(describe_cond)
                    .collect();
                let head = if forbid {
                    format!("Must not be sent, for the {} gate", self.gate_name(r.gate))
                } else {
                    format!("Required {}", self.gate_phrase(r.gate))
                };
                notes.push(if conds.is_empty() {
                    format!("{head}.")
                } else {
                    format!("{head} when {}.", conds.join(" and "))
                });
            }
        }
        let mut later: Vec<(GateId, Vec<String>)> = Vec::new();
        let mut add = |gate: GateId, text: String| match later.iter_mut().find(|(g, _)| *g == gate)
        {
            Some((_, list)) => list.push(text),
            None => later.push((gate, vec![text])),
        };
        if let Some((types, gate)) = f.types
            && gate != REQUEST
        {
            add(gate, format!("type {}", types.names().join(" or ")));
        }
        for check in f.checks.iter().filter(|c| c.gate != REQUEST) {
            add(check.gate, check.kind.note());
        }
        for (gate, list) in later {
            let prefix = match &when {
                Some(c) => format!("When {c}, kyc-preflight"),
                None => "kyc-preflight".to_string(),
            };
            notes.push(format!(
                "{prefix} checks for the {} gate: {}.",
                self.gate_name(gate),
                list.join(", ")
            ));
        }
        if !left_out.is_empty() {
            notes.push(format!(
                "Not in this schema, checked by kyc-preflight for the {} gate: {}.",
                self.gate_name(REQUEST),
                left_out.join(", ")
            ));
        }
        notes
    }

    fn collection(&mut self, root: &mut Shape, at: &Located<'p, CollectionRule>) {
        let c = at.rule;
        let segs = at.segments.as_slice();
        let Some((last, parent)) = segs.split_last() else {
            return;
        };
        let path = self
            .plan
            .rules
            .get(c.rule)
            .map_or_else(String::new, |m| m.path.to_string());
        if self.warns_only(c.rule) {
            root.at(segs).note(format!(
                "Warning only: {}.",
                c.message.trim_end_matches('.')
            ));
            return;
        }
        if c.gate != REQUEST {
            let gate = self.gate_name(c.gate);
            root.at(segs).note(format!(
                "For the {gate} gate: {}.",
                c.message.trim_end_matches('.')
            ));
            return;
        }
        let is_item = *last == "*";
        let items = Scope {
            relative: true,
            absolute: false,
            object: false,
        };
        let (value, required) = match &c.kind {
            CollectionKind::Some(cond) => match cond_schema(cond, items) {
                Some(s) => (json!({ "type": "array", "contains": s }), !is_item),
                None => return self.collection_left_out(root, segs, &path, c),
            },
            CollectionKind::Each { only_if, then, .. } => {
                let then = cond_schema(then, items);
                let only_if = only_if.as_ref().map(|o| cond_schema(o, items));
                match (only_if, then) {
                    (None, Some(t)) => (json!({ "allOf": [{ "items": t }] }), false),
                    (Some(Some(i)), Some(t)) => (
                        json!({ "allOf": [{ "items": { "if": i, "then": t } }] }),
                        false,
                    ),
                    _ => return self.collection_left_out(root, segs, &path, c),
                }
            }
            CollectionKind::Sum { .. } => return self.collection_left_out(root, segs, &path, c),
        };
        let Value::Object(value) = value else { return };
        match &c.when {
            None => {
                root.at(segs).merge(value);
                if required {
                    root.at(parent).require(last);
                }
            }
            Some(cond) => {
                let then = if is_item {
                    Value::Object(value)
                } else {
                    let mut then = properties(last, Value::Object(value));
                    if required && let Some(m) = then.as_object_mut() {
                        m.insert("required".into(), json!([last]));
                    }
                    then
                };
                let ctx = if is_item { segs } else { parent };
                self.conditional(root, ctx, !is_item, &[cond], then, &path);
            }
        }
    }

    fn collection_left_out(
        &mut self,
        root: &mut Shape,
        segs: &[&str],
        path: &str,
        c: &CollectionRule,
    ) {
        let what = c.message.trim_end_matches('.').to_string();
        root.at(segs).note(format!(
            "Not in this schema, checked by kyc-preflight: {what}."
        ));
        self.leave_out(path, &what);
    }

    /// Every variant, chosen as `check` chooses.
    fn all_variants(&mut self, selected: &[Selected<'p>]) -> Map<String, Value> {
        let mut defs = Map::new();
        let mut refs: Vec<(Value, Option<Value>)> = Vec::new();
        for v in selected {
            let key = def_key(v.name, &defs);
            let mut schema = Map::new();
            schema.insert("title".into(), format!("variant {}", v.name).into());
            let mut body = self.shape(v.index).into_map();
            let mut notes: Vec<String> = v.description.iter().map(|d| d.to_string()).collect();
            if let Some(Value::String(d)) = body.remove("description") {
                notes.push(d);
            }
            if !notes.is_empty() {
                schema.insert("description".into(), notes.join(" ").into());
            }
            schema.extend(body);
            defs.insert(key.clone(), Value::Object(schema));
            let when = self
                .plan
                .variants
                .get(v.index.unwrap_or(usize::MAX))
                .map(|pv| match &pv.when {
                    Some(c) => cond_schema(c, ROOT),
                    None => Some(Value::Bool(true)),
                })
                .unwrap_or(None);
            refs.push((json!({ "$ref": format!("#/$defs/{key}") }), when));
        }
        let mut out = Map::new();
        let whens: Option<Vec<Value>> = refs.iter().map(|(_, w)| w.clone()).collect();
        match self.plan.select {
            VariantSelect::First => {
                let mut none = Map::new();
                none.insert("title".into(), "no variant".into());
                none.insert(
                    "description".into(),
                    "A payload no variant's condition selects: only the rules for every variant hold."
                        .into(),
                );
                none.extend(self.shape(None).into_map());
                defs.insert(NO_VARIANT.into(), Value::Object(none));
                let none_ref = json!({ "$ref": format!("#/$defs/{NO_VARIANT}") });
                match whens {
                    Some(whens) => {
                        let mut chain = none_ref;
                        for ((r, _), w) in refs.iter().zip(whens).rev() {
                            chain = json!({ "if": w, "then": r, "else": chain });
                        }
                        if let Value::Object(m) = chain {
                            out.extend(m);
                        }
                    }
                    None => {
                        let mut any: Vec<Value> = refs.into_iter().map(|(r, _)| r).collect();
                        any.push(none_ref);
                        out.insert("anyOf".into(), Value::Array(any));
                    }
                }
            }
            VariantSelect::Closest => match whens {
                Some(whens) => {
                    let mut any: Vec<Value> = refs
                        .iter()
                        .zip(&whens)
                        .map(|((r, _), w)| json!({ "allOf": [w, r] }))
                        .collect();
                    let all_refs: Vec<Value> = refs.into_iter().map(|(r, _)| r).collect();
                    let mut distinct: Vec<Value> = Vec::new();
                    for w in whens {
                        if !distinct.contains(&w) {
                            distinct.push(w);
                        }
                    }
                    any.push(json!({ "allOf": [
                        { "not": { "anyOf": distinct } },
                        { "anyOf": all_refs },
                    ] }));
                    out.insert("anyOf".into(), Value::Array(any));
                }
                None => {
                    out.insert(
                        "anyOf".into(),
                        Value::Array(refs.into_iter().map(|(r, _)| r).collect()),
                    );
                }
            },
        }
        out.insert("$defs".into(), Value::Object(defs));
        out
    }

    /// The condition under which `check` selects variant `v`, if JSON
    /// Schema can state it.
    fn selection(&self, v: &Selected<'p>) -> Option<Value> {
        let index = v.index?;
        let when_of = |i: usize| -> Option<Value> {
            match &self.plan.variants.get(i)?.when {
                Some(c) => cond_schema(c, ROOT),
                None => Some(Value::Bool(true)),
            }
        };
        let this = when_of(index)?;
        match self.plan.select {
            VariantSelect::First => {
                let mut parts = vec![this];
                for earlier in 0..index {
                    parts.push(json!({ "not": when_of(earlier)? }));
                }
                Some(json!({ "allOf": parts }))
            }
            VariantSelect::Closest => {
                let all: Option<Vec<Value>> = (0..self.plan.variants.len()).map(when_of).collect();
                Some(json!({ "anyOf": [this, { "not": { "anyOf": all? } }] }))
            }
        }
    }

    /// The root description: what this is, and what it cannot express.
    fn description(&self, one: Option<&Selected<'p>>) -> String {
        let plan = self.plan;
        let request = self.gate_name(REQUEST);
        let mut text = format!("What {} requires for its `{request}` gate", plan.id);
        if let Some(d) = plan.gates.first().and_then(|g| g.description.as_deref()) {
            text.push_str(&format!(" ({})", d.trim_end_matches('.')));
        }
        if let Some(v) = one {
            text.push_str(&format!(", variant `{}`", v.name));
            if let Some(d) = v.description {
                text.push_str(&format!(" ({})", d.trim_end_matches('.')));
            }
        }
        text.push_str(
            ", as a JSON Schema (draft 2020-12) generated from the rule file by kyc-preflight. ",
        );
        let later: Vec<&str> = plan.gates.iter().skip(1).map(|g| &*g.name).collect();
        if !later.is_empty() {
            text.push_str(&format!(
                "It holds the {request} gate only: a property's description says what the later gates ({}) ask of it. ",
                later.join(", ")
            ));
        }
        text.push_str(&format!(
            "JSON Schema cannot express, and `kyc-preflight check --rules {}` checks: identifier check digits and registry rules (a pattern here gives an identifier's written shape only), a file's magic bytes against its declared media type and its decoded size, an age computed from today's date, a document's expiry, totals across array items, and conditions that mix paths from the root with paths inside nested objects. `format` appears only where JSON Schema's meaning is the rule's (email, date, uuid), next to a pattern that asserts it.",
            plan.id
        ));
        if !self.unexpressed.is_empty() {
            text.push_str(&format!(
                " Left out of this schema for the {request} gate: {}.",
                self.unexpressed.join("; ")
            ));
        }
        text
    }
}

/// A condition on the payload root.
const ROOT: Scope = Scope {
    relative: true,
    absolute: true,
    object: true,
};

/// The conjunction of `conds`, or `None` when one cannot be stated here.
fn all_of(conds: &[&Cond], scope: Scope) -> Option<Value> {
    let mut parts: Vec<Value> = conds
        .iter()
        .map(|c| cond_schema(c, scope))
        .collect::<Option<_>>()?;
    Some(match parts.len() {
        0 => Value::Bool(true),
        1 => parts.pop().unwrap_or(Value::Bool(true)),
        _ => json!({ "allOf": parts }),
    })
}

/// A condition as a schema that holds exactly when `check`'s evaluation
/// does, or `None` when it cannot be stated in `scope`.
fn cond_schema(cond: &Cond, scope: Scope) -> Option<Value> {
    match cond {
        Cond::Equals(p, s) => at_pointer(p.as_ref(), json!({ "const": s.to_json() }), scope),
        Cond::NotEquals(p, s) => Some(json!({
            "not": at_pointer(p.as_ref(), json!({ "const": s.to_json() }), scope)?
        })),
        Cond::In(p, set) => at_pointer(p.as_ref(), json!({ "enum": enum_values(set) }), scope),
        Cond::NotIn(p, set) => Some(json!({
            "not": at_pointer(p.as_ref(), json!({ "enum": enum_values(set) }), scope)?
        })),
        Cond::Matches(p, re) => at_pointer(
            p.as_ref(),
            json!({ "type": "string", "pattern": re.as_str() }),
            scope,
        ),
        Cond::Present(p, true) => at_pointer(Some(p), Value::Bool(true), scope),
        Cond::Present(p, false) => Some(json!({
            "not": at_pointer(Some(p), Value::Bool(true), scope)?
        })),
        Cond::Contains(p, inner) => {
            let item = Scope {
                relative: true,
                absolute: false,
                object: false,
            };
            let inner = cond_schema(inner, item)?;
            at_pointer(
                Some(p),
                json!({ "type": "array", "contains": inner }),
                scope,
            )
        }
        Cond::All(parts) => {
            let mut list: Vec<Value> = parts
                .iter()
                .map(|c| cond_schema(c, scope))
                .collect::<Option<_>>()?;
            Some(match list.len() {
                0 => Value::Bool(true),
                1 => list.pop().unwrap_or(Value::Bool(true)),
                _ => json!({ "allOf": list }),
            })
        }
        Cond::Any(parts) => {
            let mut list: Vec<Value> = parts
                .iter()
                .map(|c| cond_schema(c, scope))
                .collect::<Option<_>>()?;
            Some(match list.len() {
                0 => Value::Bool(false),
                1 => list.pop().unwrap_or(Value::Bool(false)),
                _ => json!({ "anyOf": list }),
            })
        }
        Cond::Not(inner) => Some(json!({ "not": cond_schema(inner, scope)? })),
    }
}

/// `leaf` holds at the value `p` points to, which is present (`None`: the
/// value itself). Each object on the way is asserted to be one, since
/// `check` finds nothing below a value that is not an object.
fn at_pointer(p: Option<&Ptr>, leaf: Value, scope: Scope) -> Option<Value> {
    let Some(p) = p else {
        return scope.relative.then_some(leaf);
    };
    if (p.absolute && !scope.absolute) || (!p.absolute && !scope.relative) {
        return None;
    }
    // A numeric segment indexes an array in `check`: not stated here.
    if p.segments.iter().any(|s| s.parse::<usize>().is_ok()) {
        return None;
    }
    let mut schema = leaf;
    for (i, seg) in p.segments.iter().enumerate().rev() {
        let mut m = Map::new();
        if i > 0 || !scope.object {
            m.insert("type".into(), "object".into());
        }
        let mut props = Map::new();
        props.insert(seg.to_string(), schema);
        m.insert("properties".into(), Value::Object(props));
        m.insert("required".into(), json!([seg.to_string()]));
        schema = Value::Object(m);
    }
    Some(schema)
}

/// `{"properties": {key: schema}}`.
fn properties(key: &str, schema: Value) -> Value {
    let mut props = Map::new();
    props.insert(key.to_string(), schema);
    let mut m = Map::new();
    m.insert("properties".into(), Value::Object(props));
    Value::Object(m)
}

fn enum_values(set: &ValueSet) -> Value {
    set.to_json()
}

fn types_value(types: Types) -> Value {
    let names = types.names();
    match names.as_slice() {
        [one] => Value::from(*one),
        _ => Value::from(names),
    }
}

/// Standard base64 with correct padding (RFC 4648 §4), not empty: what
/// [`crate::formats::data_uri::from_base64`] accepts.
const BASE64: &str =
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)$";

/// The `$defs` key of a variant: its name with `/` written `.` and any
/// other character outside `[A-Za-z0-9_.-]` written `_`, unique.
fn def_key(name: &str, taken: &Map<String, Value>) -> String {
    let base: String = name
        .chars()
        .map(|c| match c {
            '/' => '.',
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.' => c,
            _ => '_',
        })
        .collect();
    let mut key = base.clone();
    let mut n = 2;
    while taken.contains_key(&key) || key == NO_VARIANT || key.starts_with("iso3166-") {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}
