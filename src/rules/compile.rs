//! Rule file → [`RulePlan`]: every check of the rule language, every problem
//! collected with its `line:column`.
//!
//! The TOML is parsed once into a spanned tree (`toml::de::DeTable`), and
//! each top-level entry (`[[field]]`, `[[collection]]`, …) is deserialized on
//! its own, so one broken entry does not hide the problems of the others.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue, ValueDeserializer};
use toml::Spanned;

use super::error::{did_you_mean, Problems, RuleFileError};
use super::limits::{RegexBudget, RuleLimits};
use super::plan::*;
use super::raw::*;
use super::ErrorBody;
use crate::formats::Format;

/// Top-level keys of a rule file.
pub(crate) const TOP_KEYS: [&str; 14] = [
    "id",
    "error_body",
    "variant_select",
    "title",
    "provider",
    "endpoint",
    "source",
    "sets",
    "tables",
    "gate",
    "variant",
    "field",
    "collection",
    "header",
];

/// Keys of a field's `gates = { ... }` table: `type`, then each check
/// word's (`crate::checks`).
pub(crate) const CHECK_KINDS: &[&str] = crate::checks::GATE_KEYS;

/// Compile rule-file `text`. `origin` names the file in errors;
/// `expected_id`, when given, is the id the file must have (the embedded
/// catalog derives it from the path).
pub(crate) fn compile(
    origin: &str,
    expected_id: Option<&str>,
    text: &str,
) -> Result<RulePlan, RuleFileError> {
    compile_within(origin, expected_id, text, &RuleLimits::default())
}

/// [`compile`] for a rule file compiled into the binary: its patterns are
/// not measured against a budget (it is not input; `catalog::tests` holds
/// every embedded file to the default budget as a user's file would be).
pub(crate) fn compile_embedded(
    id: &str,
    path: &str,
    text: &str,
) -> Result<RulePlan, RuleFileError> {
    compile_with(path, Some(id), text, RegexBudget::unmeasured())
}

/// [`compile`] within `limits` (its patterns' budget; the file's size is
/// the reader's to bound).
pub(crate) fn compile_within(
    origin: &str,
    expected_id: Option<&str>,
    text: &str,
    limits: &RuleLimits,
) -> Result<RulePlan, RuleFileError> {
    compile_with(
        origin,
        expected_id,
        text,
        RegexBudget::new(limits.max_regex_bytes),
    )
}

fn compile_with(
    origin: &str,
    expected_id: Option<&str>,
    text: &str,
    mut regexes: RegexBudget,
) -> Result<RulePlan, RuleFileError> {
    let mut p = Problems::new(text);
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            p.at(&span, format!("TOML syntax: {}", e.message().trim()), None);
        }
        return Err(p.into_error(origin));
    }
    let whole = root.span();
    let mut doc = Doc::default();
    for (key, value) in root.into_inner() {
        let key_span = key.span();
        let name: &str = key.get_ref();
        match name {
            "id" => doc.id = de::<Spanned<String>>(value, &mut p),
            "variant_select" => doc.select = de::<Spanned<String>>(value, &mut p),
            "error_body" => doc.error_body = de::<Spanned<String>>(value, &mut p),
            "title" => doc.title = de(value, &mut p),
            "provider" => doc.provider = de(value, &mut p),
            "endpoint" => doc.endpoint = de(value, &mut p),
            "source" => doc.source = de(value, &mut p),
            "sets" => doc.sets = de(value, &mut p),
            "tables" => doc.tables = de(value, &mut p),
            "gate" => doc.gates = de_each(value, &mut p),
            "variant" => doc.variants = de_each(value, &mut p),
            "field" => doc.fields = de_each(value, &mut p),
            "collection" => doc.collections = de_each(value, &mut p),
            "header" => doc.headers = de_each(value, &mut p),
            other => p.at(
                &key_span,
                format!("unknown key `{other}`"),
                did_you_mean(other, TOP_KEYS),
            ),
        }
    }
    let plan = Compiler {
        p: &mut p,
        regexes: &mut regexes,
    }
    .plan(doc, expected_id, origin, &whole);
    regexes.finish(&mut p);
    match plan {
        Some(mut plan) if p.is_empty() => {
            plan.warnings = p.take_warnings();
            Ok(plan)
        }
        _ => Err(p.into_error(origin)),
    }
}

#[derive(Default)]
struct Doc {
    id: Option<Spanned<String>>,
    select: Option<Spanned<String>>,
    error_body: Option<Spanned<String>>,
    title: Option<String>,
    provider: Option<String>,
    endpoint: Option<String>,
    source: Option<String>,
    sets: Option<Spanned<toml::Table>>,
    tables: Option<Spanned<toml::Table>>,
    gates: Vec<Spanned<RawGate>>,
    variants: Vec<Spanned<RawVariant>>,
    fields: Vec<Spanned<RawField>>,
    collections: Vec<Spanned<RawCollection>>,
    headers: Vec<Spanned<RawHeader>>,
}

/// Deserialize one value, recording a problem (with a suggestion for an
/// unknown key) when it does not fit.
fn de<T: DeserializeOwned>(value: Spanned<DeValue<'_>>, p: &mut Problems<'_>) -> Option<T> {
    let span = value.span();
    match T::deserialize(ValueDeserializer::from(value)) {
        Ok(t) => Some(t),
        Err(e) => {
            let at = e.span().unwrap_or(span);
            let message = e.message().trim().to_string();
            let help = unknown_field_help(&message);
            p.at(&at, message, help);
            None
        }
    }
}

/// Deserialize every item of an array of tables, each on its own.
fn de_each<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    p: &mut Problems<'_>,
) -> Vec<Spanned<T>> {
    let span = value.span();
    match value.into_inner() {
        DeValue::Array(items) => items
            .into_iter()
            .filter_map(|item| {
                let span = item.span();
                de::<T>(item, p).map(|t| Spanned::new(span, t))
            })
            .collect(),
        _ => {
            p.at(&span, "expected an array of tables (`[[...]]`)", None);
            Vec::new()
        }
    }
}

/// serde says "unknown field `fromat`, expected one of `id`, `path`, ...":
/// suggest the closest expected one.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (word, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    did_you_mean(word, expected)
}

struct Compiler<'a, 't> {
    p: &'a mut Problems<'t>,
    /// Every pattern compiles through it: one budget for the file.
    regexes: &'a mut RegexBudget,
}

/// What the field and collection compilers need to know about the rule set.
struct Scope {
    id: String,
    source: Option<String>,
    gates: Vec<Gate>,
    variants: Vec<Variant>,
    sets: Vec<(String, Arc<ValueSet>)>,
    /// `[tables]`: name → (key → allowed values).
    tables: Vec<(String, Arc<LookupTable>)>,
}

impl Scope {
    fn gate_named(&self, name: &str) -> Option<GateId> {
        self.gates
            .iter()
            .position(|g| &*g.name == name)
            .and_then(|i| GateId::try_from(i).ok())
    }
}

impl Compiler<'_, '_> {
    fn plan(
        &mut self,
        doc: Doc,
        expected_id: Option<&str>,
        origin: &str,
        whole: &Range<usize>,
    ) -> Option<RulePlan> {
        let id = match (&doc.id, expected_id) {
            (Some(id), Some(expected)) if id.get_ref() != expected => {
                self.p.at(
                    &id.span(),
                    format!(
                        "this file declares id `{}` but its path gives `{expected}`",
                        id.get_ref()
                    ),
                    Some(format!("set `id = \"{expected}\"` or move the file")),
                );
                expected.to_string()
            }
            (Some(id), _) => id.get_ref().clone(),
            (None, Some(expected)) => expected.to_string(),
            (None, None) => {
                let stem = std::path::Path::new(origin)
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("rules");
                stem.to_string()
            }
        };
        if doc.gates.is_empty() {
            self.p.at(
                whole,
                "a rule set declares at least one `[[gate]]` (the first is usually `request`)",
                None,
            );
        }
        let gates = self.gates(&doc.gates);
        let sets = self.sets(doc.sets.as_ref());
        let tables = self.tables(doc.tables.as_ref());
        let mut scope = Scope {
            id,
            source: doc.source.clone(),
            gates,
            variants: Vec::new(),
            sets,
            tables,
        };
        scope.variants = self.variants(&doc.variants, &scope);

        let mut rules = Vec::new();
        let mut ids = HashSet::new();
        let mut root = Node::default();
        for field in &doc.fields {
            self.field(field, &scope, &mut root, &mut rules, &mut ids);
        }
        for coll in &doc.collections {
            self.collection(coll, &scope, &mut root, &mut rules, &mut ids);
        }
        self.stars_over_arrays(&doc.fields, &root);
        root.bind();
        root.write_required_messages(&|gate| {
            scope
                .gates
                .get(usize::from(gate))
                .map_or_else(Box::default, |g| g.phrase.clone())
        });
        for v in &mut scope.variants {
            if let Some(when) = &mut v.when {
                root.bind_root_cond(when);
            }
        }
        let mut headers = Vec::new();
        for header in &doc.headers {
            if let Some(h) = self.header(header, &scope, &mut rules, &mut ids) {
                headers.push(h);
            }
        }
        let select = match doc
            .select
            .as_ref()
            .map(|s| (s.get_ref().as_str(), s.span()))
        {
            None | Some(("first", _)) => VariantSelect::First,
            Some(("closest", _)) => VariantSelect::Closest,
            Some((other, span)) => {
                self.p.at(
                    &span,
                    format!("`variant_select` is \"first\" or \"closest\", not `{other}`"),
                    did_you_mean(other, ["first", "closest"]),
                );
                VariantSelect::First
            }
        };
        let error_body = doc.error_body.as_ref().and_then(|name| {
            let found = ErrorBody::from_name(name.get_ref());
            if found.is_none() {
                self.p.at(
                    &name.span(),
                    format!("unknown error body `{}`", name.get_ref()),
                    did_you_mean(name.get_ref(), ErrorBody::ALL.iter().map(|(n, _)| *n)),
                );
            }
            found
        });
        Some(RulePlan {
            id: scope.id.into(),
            select,
            error_body,
            title: doc.title.map(Into::into),
            provider: doc.provider.map(Into::into),
            endpoint: doc.endpoint.map(Into::into),
            source: doc.source.map(Into::into),
            gates: scope.gates,
            variants: scope.variants,
            root,
            headers,
            rules,
            warnings: Vec::new(),
        })
    }

    fn gates(&mut self, raw: &[Spanned<RawGate>]) -> Vec<Gate> {
        let mut gates: Vec<Gate> = Vec::new();
        for g in raw {
            let g = g.get_ref();
            let name = g.name.get_ref();
            if gates.iter().any(|x| &*x.name == name.as_str()) {
                self.p.at(
                    &g.name.span(),
                    format!("gate `{name}` is declared twice"),
                    None,
                );
                continue;
            }
            if gates.len() >= MAX_GATES {
                self.p
                    .at(&g.name.span(), "a rule set has at most 64 gates", None);
                continue;
            }
            if !valid_gate_name(name) {
                self.p.at(
                    &g.name.span(),
                    format!(
                        "gate name `{name}` must be lower case letters, digits, `-`, `_` or `:`"
                    ),
                    None,
                );
            }
            let mut failed_by = 1u64 << gates.len();
            for dep in &g.depends {
                match gates.iter().find(|x| &*x.name == dep.get_ref().as_str()) {
                    Some(d) => failed_by |= d.failed_by,
                    None => self.p.at(
                        &dep.span(),
                        format!(
                            "gate `{}` depends on `{}`, which is not declared before it",
                            name,
                            dep.get_ref()
                        ),
                        did_you_mean(dep.get_ref(), gates.iter().map(|x| &*x.name)),
                    ),
                }
            }
            let phrase = g.phrase.clone().unwrap_or_else(|| default_phrase(name));
            gates.push(Gate {
                name: name.as_str().into(),
                phrase: phrase.into(),
                description: g.description.clone().map(Into::into),
                failed_by,
            });
        }
        gates
    }

    fn sets(&mut self, raw: Option<&Spanned<toml::Table>>) -> Vec<(String, Arc<ValueSet>)> {
        let Some(raw) = raw else { return Vec::new() };
        let span = raw.span();
        let mut sets = Vec::new();
        for (name, value) in raw.get_ref() {
            match value {
                toml::Value::Array(items) => match value_set(items, Some(name)) {
                    Ok(set) => sets.push((name.clone(), Arc::new(set))),
                    Err(msg) => self.p.at(&span, format!("set `{name}`: {msg}"), None),
                },
                _ => self.p.at(
                    &span,
                    format!("set `{name}` must be an array of values"),
                    None,
                ),
            }
        }
        sets
    }

    /// `[tables]`: each `name = { KEY = [values], ... }`.
    fn tables(&mut self, raw: Option<&Spanned<toml::Table>>) -> Vec<(String, Arc<LookupTable>)> {
        let Some(raw) = raw else { return Vec::new() };
        let span = raw.span();
        let mut tables = Vec::new();
        for (name, value) in raw.get_ref() {
            let Some(rows) = value.as_table() else {
                self.p.at(
                    &span,
                    format!("table `{name}` must map keys to arrays of values"),
                    None,
                );
                continue;
            };
            let mut table = LookupTable {
                name: name.as_str().into(),
                rows: Vec::new(),
            };
            for (key, allowed) in rows {
                match allowed.as_array().map(|items| value_set(items, None)) {
                    Some(Ok(set)) => table.rows.push((key.as_str().into(), Arc::new(set))),
                    Some(Err(msg)) => {
                        self.p
                            .at(&span, format!("table `{name}`, `{key}`: {msg}"), None)
                    }
                    None => self.p.at(
                        &span,
                        format!("table `{name}`, `{key}` must be an array of values"),
                        None,
                    ),
                }
            }
            tables.push((name.clone(), Arc::new(table)));
        }
        tables
    }

    fn variants(&mut self, raw: &[Spanned<RawVariant>], scope: &Scope) -> Vec<Variant> {
        let mut variants: Vec<Variant> = Vec::new();
        for v in raw {
            let v = v.get_ref();
            let name = v.name.get_ref();
            if variants.iter().any(|x| &*x.name == name.as_str()) {
                self.p.at(
                    &v.name.span(),
                    format!("variant `{name}` is declared twice"),
                    None,
                );
                continue;
            }
            if variants.len() >= MAX_VARIANTS {
                self.p
                    .at(&v.name.span(), "a rule set has at most 63 variants", None);
                continue;
            }
            if name.is_empty() || name.split('/').any(|s| s.is_empty() || s == "*") {
                self.p.at(
                    &v.name.span(),
                    format!("variant name `{name}` must be words separated by `/`, without `*`"),
                    None,
                );
            }
            let when = v.when.as_ref().and_then(|c| self.cond(c, scope));
            variants.push(Variant {
                name: name.as_str().into(),
                when,
                description: v.description.clone().map(Into::into),
            });
        }
        variants
    }

    /// `["individual/*", "*/usa", "business"]` → a mask; `None` → every variant.
    fn variant_mask(&mut self, raw: Option<&Vec<Spanned<String>>>, scope: &Scope) -> VariantMask {
        let Some(selectors) = raw else {
            return ALL_VARIANTS;
        };
        let mut mask = 0u64;
        for sel in selectors {
            let s = sel.get_ref();
            if s == "*" {
                return ALL_VARIANTS;
            }
            let mut matched = false;
            for (i, v) in scope.variants.iter().enumerate() {
                if selector_matches(s, &v.name) {
                    mask |= 1u64 << i;
                    matched = true;
                }
            }
            if !matched {
                self.p.at(
                    &sel.span(),
                    format!("`{s}` matches no declared variant"),
                    did_you_mean(s, scope.variants.iter().map(|v| &*v.name)),
                );
            }
        }
        mask
    }

    fn gate(&mut self, name: &Spanned<String>, scope: &Scope) -> Option<GateId> {
        let found = scope.gate_named(name.get_ref());
        if found.is_none() {
            self.p.at(
                &name.span(),
                format!("unknown gate `{}`", name.get_ref()),
                did_you_mean(name.get_ref(), scope.gates.iter().map(|g| &*g.name)),
            );
        }
        found
    }

    fn source(
        &mut self,
        raw: Option<&Spanned<String>>,
        scope: &Scope,
        at: &Range<usize>,
    ) -> Box<str> {
        match (raw, &scope.source) {
            (Some(s), doc) => qualify(s.get_ref(), doc.as_deref()),
            (None, Some(doc)) => doc.as_str().into(),
            (None, None) => {
                self.p.at(
                    at,
                    "every rule records its source: add `source = \"...\"` (a seed section, a provider page or a standard)",
                    None,
                );
                "".into()
            }
        }
    }

    /// A `*` segment stands for every item of an array; under a value the
    /// rules declare a type without `array` (an object), the rule can never
    /// match: an error at its path, rather than a rule that silently checks
    /// nothing.
    fn stars_over_arrays(&mut self, fields: &[Spanned<RawField>], root: &Node) {
        for raw in fields {
            let f = raw.get_ref();
            let Ok(segments) = parse_rule_pointer(f.path.get_ref()) else {
                continue; // already reported
            };
            let mut node = root;
            for (i, seg) in segments.iter().enumerate() {
                let next = if seg == "*" {
                    let declared = node
                        .fields
                        .iter()
                        .filter_map(|r| r.types.map(|(t, _)| t.0))
                        .fold(None, |acc: Option<u8>, t| Some(acc.unwrap_or(0) | t));
                    if declared.is_some_and(|t| t & Types::ARRAY == 0) {
                        let parent =
                            format!("/{}", segments.get(..i).unwrap_or_default().join("/"));
                        self.p.at(
                            &f.path.span(),
                            format!(
                                "`*` stands for every item of an array, but the rules declare `{parent}` without `array`: this rule can never match"
                            ),
                            Some("name each member of an object in its own rule".to_string()),
                        );
                        break;
                    }
                    node.items.as_deref()
                } else {
                    node.by_key
                        .get(seg.as_str())
                        .and_then(|&k| node.members.get(k))
                        .map(|(_, n)| n)
                };
                match next {
                    Some(n) => node = n,
                    None => break,
                }
            }
        }
    }

    /// `severity = "error" | "warning"` of a field or collection rule.
    fn severity(&mut self, raw: Option<&Spanned<String>>) -> crate::Severity {
        match raw.map(|s| s.get_ref().as_str()) {
            None | Some("error") => crate::Severity::Error,
            Some("warning") => crate::Severity::Warning,
            Some(other) => {
                if let Some(at) = raw {
                    self.p.at(
                        &at.span(),
                        format!("unknown severity `{other}`: `error` or `warning`"),
                        did_you_mean(other, ["error", "warning"]),
                    );
                }
                crate::Severity::Error
            }
        }
    }

    fn set_named(&mut self, name: &Spanned<String>, scope: &Scope) -> Option<Arc<ValueSet>> {
        let found = scope
            .sets
            .iter()
            .find(|(n, _)| n == name.get_ref())
            .map(|(_, s)| Arc::clone(s));
        if found.is_none() {
            self.p.at(
                &name.span(),
                format!("unknown set `{}`", name.get_ref()),
                did_you_mean(name.get_ref(), scope.sets.iter().map(|(n, _)| n.as_str())),
            );
        }
        found
    }

    fn cond(&mut self, raw: &Spanned<RawCond>, scope: &Scope) -> Option<Cond> {
        let span = raw.span();
        let c = raw.get_ref();
        let mut ops: Vec<&str> = Vec::new();
        let mut built: Option<Cond> = None;
        let path = match &c.path {
            Some(path) => match parse_cond_pointer(path.get_ref()) {
                Ok(ptr) => ptr,
                Err(msg) => {
                    self.p.at(&path.span(), msg, None);
                    return None;
                }
            },
            None => None,
        };
        if let Some(v) = &c.equals {
            ops.push("equals");
            built = scalar(v, self.p).map(|s| Cond::Equals(path.clone(), s));
        }
        if let Some(v) = &c.not_equals {
            ops.push("not_equals");
            built = scalar(v, self.p).map(|s| Cond::NotEquals(path.clone(), s));
        }
        if let Some(v) = &c.in_ {
            ops.push("in");
            match value_set(v.get_ref(), None) {
                Ok(set) => built = Some(Cond::In(path.clone(), Arc::new(set))),
                Err(msg) => self.p.at(&v.span(), msg, None),
            }
        }
        if let Some(name) = &c.in_set {
            ops.push("in_set");
            built = self
                .set_named(name, scope)
                .map(|s| Cond::In(path.clone(), s));
        }
        if let Some(v) = &c.not_in {
            ops.push("not_in");
            match value_set(v.get_ref(), None) {
                Ok(set) => built = Some(Cond::NotIn(path.clone(), Arc::new(set))),
                Err(msg) => self.p.at(&v.span(), msg, None),
            }
        }
        if let Some(name) = &c.not_in_set {
            ops.push("not_in_set");
            built = self
                .set_named(name, scope)
                .map(|s| Cond::NotIn(path.clone(), s));
        }
        if let Some(re) = &c.matches {
            ops.push("matches");
            if let Some(re) = self.regexes.compile(re.get_ref(), &re.span(), self.p) {
                built = Some(Cond::Matches(path.clone(), re));
            }
        }
        if let Some(present) = &c.present {
            ops.push("present");
            match &path {
                Some(ptr) => built = Some(Cond::Present(ptr.clone(), *present.get_ref())),
                None => self.p.at(&span, "`present` needs a `path`", None),
            }
        }
        if let Some(inner) = &c.contains {
            ops.push("contains");
            let inner = self.cond(inner, scope);
            match (&path, inner) {
                (Some(ptr), Some(inner)) => {
                    built = Some(Cond::Contains(ptr.clone(), Box::new(inner)))
                }
                (None, _) => self
                    .p
                    .at(&span, "`contains` needs a `path` (the array)", None),
                _ => {}
            }
        }
        if let Some(all) = &c.all {
            ops.push("all");
            let parts: Vec<Cond> = all.iter().filter_map(|c| self.cond(c, scope)).collect();
            built = Some(Cond::All(parts));
        }
        if let Some(any) = &c.any {
            ops.push("any");
            let parts: Vec<Cond> = any.iter().filter_map(|c| self.cond(c, scope)).collect();
            built = Some(Cond::Any(parts));
        }
        if let Some(not) = &c.not {
            ops.push("not");
            built = self.cond(not, scope).map(|c| Cond::Not(Box::new(c)));
        }
        if ops.len() != 1 {
            self.p.at(
                &span,
                if ops.is_empty() {
                    "a condition needs one operator: equals, not_equals, in, in_set, not_in, not_in_set, present, contains, all, any or not".to_string()
                } else {
                    format!("a condition has exactly one operator, this one has {}", ops.join(", "))
                },
                None,
            );
            return None;
        }
        if path.is_some() && matches!(ops.first(), Some(&"all" | &"any" | &"not")) {
            self.p
                .at(&span, "`all`, `any` and `not` take no `path`", None);
        }
        built
    }

    fn field(
        &mut self,
        raw: &Spanned<RawField>,
        scope: &Scope,
        root: &mut Node,
        rules: &mut Vec<RuleMeta>,
        ids: &mut HashSet<String>,
    ) {
        let span = raw.span();
        let f = raw.get_ref();
        let segments = match parse_rule_pointer(f.path.get_ref()) {
            Ok(segments) => segments,
            Err(msg) => {
                self.p.at(&f.path.span(), msg, None);
                return;
            }
        };
        let local =
            f.id.as_ref()
                .map(|i| i.get_ref().clone())
                .unwrap_or_else(|| f.path.get_ref().trim_start_matches('/').to_string());
        let Some(rule) = self.rule_id(
            &local,
            f.id.as_ref().map_or(f.path.span(), |i| i.span()),
            scope,
            ids,
        ) else {
            return;
        };
        let source = self.source(f.source.as_ref(), scope, &span);
        let variants = self.variant_mask(f.variants.as_ref(), scope);
        let when = f.when.as_ref().and_then(|c| self.cond(c, scope));

        if let Some(table) = &f.gates {
            for key in table.get_ref().keys() {
                if !CHECK_KINDS.contains(&key.as_str()) {
                    self.p.at(
                        &table.span(),
                        format!("unknown check kind `{key}` in `gates`"),
                        did_you_mean(key, CHECK_KINDS.iter().copied()),
                    );
                }
            }
        }

        let types = match &f.ty {
            Some(ty) => match parse_types(ty.get_ref()) {
                Ok(t) => Some((t, self.gate_for(f, scope, &span, "type", false))),
                Err(bad) => {
                    self.p.at(
                        &ty.span(),
                        format!("unknown type `{bad}`"),
                        did_you_mean(&bad, Types::NAMES.iter().map(|(n, _)| *n)),
                    );
                    None
                }
            },
            None => None,
        };
        let checks = crate::checks::compile(
            f,
            &mut FieldCompiler {
                c: self,
                scope,
                f,
                span: &span,
                types: types.map(|(t, _)| t),
            },
        );
        let mut requires = Vec::new();
        if let Some(gate) = &f.required
            && let Some(gate) = self.gate(gate, scope)
        {
            requires.push(Requirement {
                gate,
                variants: ALL_VARIANTS,
                when: None,
                source: None,
                message: None,
            });
        }
        for r in &f.require {
            if let Some(req) = self.requirement(r, scope) {
                requires.push(req);
            }
        }
        let forbids = f
            .forbid
            .iter()
            .filter_map(|r| self.requirement(r, scope))
            .collect();

        let label = f.label.clone().unwrap_or_else(|| default_label(&segments));
        let mut node = root;
        for seg in &segments {
            match node.child_mut(seg) {
                Some(child) => node = child,
                None => return,
            }
        }
        node.fields.push(FieldRule {
            rule: rules.len(),
            variants,
            when,
            label: label.into(),
            hint: f.hint.clone().map(Into::into),
            sensitive: f.sensitive,
            types,
            checks,
            requires,
            forbids,
        });
        rules.push(RuleMeta {
            id: rule.into(),
            kind: RuleKind::Field,
            path: f.path.get_ref().as_str().into(),
            source,
            note: f.note.clone().map(Into::into),
            sensitive: f.sensitive,
            severity: self.severity(f.severity.as_ref()),
        });
    }

    /// The gate a check of kind `key` (a key of `gates = { ... }`) of
    /// field `f` blocks: the one `gates` names, else the first gate, or
    /// for a check of more than the value's shape (`later`: its content,
    /// today's date) the `verification` gate.
    fn gate_for(
        &mut self,
        f: &RawField,
        scope: &Scope,
        span: &Range<usize>,
        kind: &str,
        later: bool,
    ) -> GateId {
        let verification = scope.gate_named("verification");
        let default = if later {
            verification.unwrap_or(API_GATE)
        } else {
            API_GATE
        };
        let chosen = f.gates.as_ref().and_then(|t| t.get_ref().get(kind));
        if later && chosen.is_none() && verification.is_none() {
            self.p.warn(
                span,
                format!(
                    "this rule's `{kind}` check blocks the first gate: the rule set has no gate named `verification`, where such checks go by default"
                ),
                Some(format!(
                    "add a `verification` gate, or say which gate with `gates = {{ {kind} = \"...\" }}`"
                )),
            );
        }
        let Some(table) = &f.gates else {
            return default;
        };
        match chosen {
            Some(toml::Value::String(name)) => scope.gate_named(name).unwrap_or_else(|| {
                self.p.at(
                    &table.span(),
                    format!("unknown gate `{name}` for `{kind}` checks"),
                    did_you_mean(name, scope.gates.iter().map(|g| &*g.name)),
                );
                default
            }),
            Some(_) => {
                self.p.at(
                    &table.span(),
                    format!("`gates.{kind}` must be a gate name"),
                    None,
                );
                default
            }
            None => default,
        }
    }

    fn requirement(&mut self, r: &RawRequirement, scope: &Scope) -> Option<Requirement> {
        let gate = self.gate(&r.gate, scope)?;
        let variants = self.variant_mask(r.variants.as_ref(), scope);
        let when = match &r.when {
            Some(c) => Some(self.cond(c, scope)?),
            None => None,
        };
        let source = r
            .source
            .as_deref()
            .map(|s| qualify(s, scope.source.as_deref()));
        Some(Requirement {
            gate,
            variants,
            when,
            source,
            message: r.message.as_deref().map(Into::into),
        })
    }

    fn rule_id(
        &mut self,
        local: &str,
        span: Range<usize>,
        scope: &Scope,
        ids: &mut HashSet<String>,
    ) -> Option<String> {
        let id = format!("{}#{}", scope.id, local);
        if !ids.insert(id.clone()) {
            self.p.at(
                &span,
                format!("rule id `{id}` is used twice"),
                Some("give one of them its own `id = \"...\"`".to_string()),
            );
            return None;
        }
        Some(id)
    }

    fn collection(
        &mut self,
        raw: &Spanned<RawCollection>,
        scope: &Scope,
        root: &mut Node,
        rules: &mut Vec<RuleMeta>,
        ids: &mut HashSet<String>,
    ) {
        let span = raw.span();
        let c = raw.get_ref();
        let segments = match parse_rule_pointer(c.path.get_ref()) {
            Ok(s) => s,
            Err(msg) => {
                self.p.at(&c.path.span(), msg, None);
                return;
            }
        };
        let Some(rule) = self.rule_id(c.id.get_ref(), c.id.span(), scope, ids) else {
            return;
        };
        let source = self.source(c.source.as_ref(), scope, &span);
        let variants = self.variant_mask(c.variants.as_ref(), scope);
        let when = c.when.as_ref().and_then(|w| self.cond(w, scope));
        let gate = self.gate(&c.gate, scope);
        let given = [c.some.is_some(), c.each.is_some(), c.sum.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if given != 1 {
            self.p.at(
                &span,
                "a collection rule has exactly one of `some`, `each` or `sum`",
                None,
            );
            return;
        }
        if c.each_if.is_some() && c.each.is_none() {
            self.p.at(&span, "`each_if` goes with `each`", None);
        }
        let kind = if let Some(some) = &c.some {
            self.cond(some, scope).map(CollectionKind::Some)
        } else if let Some(each) = &c.each {
            let only_if = match &c.each_if {
                Some(i) => self.cond(i, scope),
                None => None,
            };
            self.cond(each, scope).map(|then| {
                let at = cond_location(&then);
                CollectionKind::Each { only_if, then, at }
            })
        } else if let Some(sum) = &c.sum {
            match parse_cond_pointer(sum.get_ref().path.get_ref()) {
                Ok(Some(path)) if !path.absolute => Some(CollectionKind::Sum {
                    path,
                    max: sum.get_ref().max,
                }),
                _ => {
                    self.p.at(
                        &sum.get_ref().path.span(),
                        "`sum.path` is a path relative to each item",
                        None,
                    );
                    None
                }
            }
        } else {
            None
        };
        let (Some(kind), Some(gate)) = (kind, gate) else {
            return;
        };
        let code = match (&c.code, &kind) {
            (Some(code), _) => code.get_ref().clone(),
            (None, CollectionKind::Some(_)) => "contains".to_string(),
            (None, CollectionKind::Each { then, .. }) => match then {
                Cond::Present(_, true) => "required".to_string(),
                _ => "contains".to_string(),
            },
            (None, CollectionKind::Sum { .. }) => "sum".to_string(),
        };
        let mut node = root;
        for seg in &segments {
            match node.child_mut(seg) {
                Some(child) => node = child,
                None => return,
            }
        }
        node.collections.push(CollectionRule {
            rule: rules.len(),
            variants,
            when,
            gate,
            kind,
            code: code.into(),
            message: c.message.get_ref().as_str().into(),
        });
        rules.push(RuleMeta {
            id: rule.into(),
            kind: RuleKind::Collection,
            path: c.path.get_ref().as_str().into(),
            source,
            note: c.note.clone().map(Into::into),
            sensitive: false,
            severity: self.severity(c.severity.as_ref()),
        });
    }

    fn header(
        &mut self,
        raw: &Spanned<RawHeader>,
        scope: &Scope,
        rules: &mut Vec<RuleMeta>,
        ids: &mut HashSet<String>,
    ) -> Option<HeaderRule> {
        let span = raw.span();
        let h = raw.get_ref();
        let name = h.name.get_ref().to_ascii_lowercase();
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.p.at(
                &h.name.span(),
                format!("`{name}` is not an HTTP header name"),
                None,
            );
        }
        let rule = self.rule_id(&format!("header:{name}"), h.name.span(), scope, ids)?;
        let source = self.source(h.source.as_ref(), scope, &span);
        let required = match &h.required {
            Some(g) => Some(self.gate(g, scope)?),
            None => None,
        };
        let format = match &h.format {
            Some(f) => {
                let found = Format::from_name(f.get_ref());
                if found.is_none() {
                    self.p.at(
                        &f.span(),
                        format!("unknown format `{}`", f.get_ref()),
                        did_you_mean(f.get_ref(), Format::ALL.iter().map(|f| f.name())),
                    );
                }
                found
            }
            None => None,
        };
        let pattern = match &h.pattern {
            Some(pat) => {
                let text = if h.case_insensitive {
                    format!("(?i){}", pat.get_ref())
                } else {
                    pat.get_ref().clone()
                };
                self.regexes
                    .compile(&text, &pat.span(), self.p)
                    .map(|re| (re, h.pattern_hint.clone().map(Into::into)))
            }
            None => None,
        };
        let index = rules.len();
        rules.push(RuleMeta {
            id: rule.into(),
            kind: RuleKind::Header,
            path: name.as_str().into(),
            source,
            note: None,
            sensitive: h.sensitive,
            severity: crate::Severity::Error,
        });
        Some(HeaderRule {
            rule: index,
            name: name.into(),
            required,
            format,
            pattern,
            hint: h.hint.clone().map(Into::into),
        })
    }
}

/// The compiler as one field's check words see it.
struct FieldCompiler<'c, 'a, 't> {
    c: &'c mut Compiler<'a, 't>,
    scope: &'c Scope,
    f: &'c RawField,
    span: &'c Range<usize>,
    types: Option<Types>,
}

impl crate::checks::Compiling for FieldCompiler<'_, '_, '_> {
    fn problem(&mut self, span: &Range<usize>, message: &str, help: Option<String>) {
        self.c.p.at(span, message, help);
    }

    fn regex(&mut self, pattern: &Spanned<String>) -> Option<RulePattern> {
        self.c
            .regexes
            .compile(pattern.get_ref(), &pattern.span(), self.c.p)
    }

    fn values(&mut self, list: &Spanned<Vec<toml::Value>>) -> Option<Arc<ValueSet>> {
        match value_set(list.get_ref(), None) {
            Ok(set) => Some(Arc::new(set)),
            Err(msg) => {
                self.c.p.at(&list.span(), msg, None);
                None
            }
        }
    }

    fn set(&mut self, name: &Spanned<String>) -> Option<Arc<ValueSet>> {
        self.c.set_named(name, self.scope)
    }

    fn table(&mut self, name: &Spanned<String>) -> Option<Arc<LookupTable>> {
        let tables = &self.scope.tables;
        let found = tables
            .iter()
            .find(|(n, _)| n == name.get_ref())
            .map(|(_, t)| Arc::clone(t));
        if found.is_none() {
            self.c.p.at(
                &name.span(),
                format!("unknown table `{}`", name.get_ref()),
                did_you_mean(name.get_ref(), tables.iter().map(|(n, _)| n.as_str())),
            );
        }
        found
    }

    fn member(&mut self, path: &Spanned<String>, what: &str) -> Option<Ptr> {
        match parse_cond_pointer(path.get_ref()) {
            Ok(Some(ptr)) => Some(ptr),
            Ok(None) => {
                self.c.p.at(&path.span(), what, None);
                None
            }
            Err(msg) => {
                self.c.p.at(&path.span(), msg, None);
                None
            }
        }
    }

    fn types(&self) -> Option<Types> {
        self.types
    }

    fn gate(&mut self, key: &str, later: bool) -> GateId {
        self.c.gate_for(self.f, self.scope, self.span, key, later)
    }
}

/// A source `§ Section` names a section of the file's document: prefix it.
fn qualify(source: &str, document: Option<&str>) -> Box<str> {
    match document {
        Some(doc) if source.starts_with('§') => format!("{doc} {source}").into(),
        _ => source.into(),
    }
}

fn valid_gate_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b':')
        })
}

fn default_phrase(gate: &str) -> String {
    match gate {
        "request" => "by the API (the request is rejected without it)".to_string(),
        "verification" => "for automatic verification".to_string(),
        other => match other.strip_prefix("product:") {
            Some(product) => format!("for {product} eligibility"),
            None => format!("for the {other} gate"),
        },
    }
}

/// Does selector `sel` (`individual/*`, `*/usa`, `business`) name `variant`?
fn selector_matches(sel: &str, variant: &str) -> bool {
    let mut sel_parts = sel.split('/');
    let mut var_parts = variant.split('/');
    loop {
        match (sel_parts.next(), var_parts.next()) {
            (None, _) => return true, // a prefix selects everything below it
            (Some(_), None) => return false,
            (Some(s), Some(v)) => {
                if s != "*" && s != v {
                    return false;
                }
            }
        }
    }
}

fn parse_types(spec: &str) -> Result<Types, String> {
    let mut bits = 0u8;
    for part in spec.split('|').map(str::trim) {
        match Types::NAMES.iter().find(|(n, _)| *n == part) {
            Some((_, bit)) => bits |= bit,
            None => return Err(part.to_string()),
        }
    }
    Ok(Types(bits))
}

/// Unescape one RFC 6901 reference token, or say why it is not one.
fn unescape(token: &str) -> Result<String, String> {
    crate::pointer::unescape(token).ok_or_else(|| {
        format!("`~` must be followed by 0 or 1 in JSON Pointer token `{token}` (RFC 6901)")
    })
}

/// A rule's `path`: an absolute JSON Pointer, `*` for every array item.
fn parse_rule_pointer(path: &str) -> Result<Vec<String>, String> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(format!(
            "`path` must be a JSON Pointer from the payload root, starting with `/` (got `{path}`)"
        ));
    };
    let segments = rest.split('/').count();
    if segments > MAX_PATH_SEGMENTS {
        return Err(format!(
            "`path` has {segments} segments; a payload nests at most {MAX_PATH_SEGMENTS} levels deep, so a rule path has at most {MAX_PATH_SEGMENTS}"
        ));
    }
    rest.split('/').map(unescape).collect()
}

/// Most segments of a rule path. A payload nests at most 128 levels deep
/// (`input::Limits::max_depth` is capped there), so a deeper path can match
/// nothing; and the compiled tree of rules is as deep as the deepest path
/// and is walked, and dropped, recursively: a path of 100,000 segments
/// would overflow the stack.
const MAX_PATH_SEGMENTS: usize = 128;

/// A condition's `path`: absolute (`/type`), relative (`type`,
/// `documents`), or empty for the value itself.
fn parse_cond_pointer(path: &str) -> Result<Option<Ptr>, String> {
    if path.is_empty() {
        return Ok(None);
    }
    let (absolute, rest) = match path.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, path),
    };
    let segments = rest
        .split('/')
        .map(|s| {
            if s == "*" {
                Err(
                    "`*` is for rule paths; a condition uses `contains` to look into arrays"
                        .to_string(),
                )
            } else {
                unescape(s).map(Into::into)
            }
        })
        .collect::<Result<Vec<Box<str>>, String>>()?;
    Ok(Some(Ptr {
        absolute,
        segments,
        bound: None,
    }))
}

/// Where an `each` finding points inside the item: the path its condition
/// tests, when there is a single one.
fn cond_location(cond: &Cond) -> Option<Ptr> {
    match cond {
        Cond::Equals(p, _)
        | Cond::NotEquals(p, _)
        | Cond::In(p, _)
        | Cond::NotIn(p, _)
        | Cond::Matches(p, _) => p.clone(),
        Cond::Present(p, _) | Cond::Contains(p, _) => Some(p.clone()),
        Cond::All(parts) | Cond::Any(parts) => {
            let mut locations = parts.iter().map(cond_location);
            let first = locations.next()??;
            locations
                .all(|l| l.as_ref() == Some(&first))
                .then_some(first)
        }
        Cond::Not(_) => None,
    }
    .filter(|p| !p.absolute)
}

fn scalar(v: &Spanned<toml::Value>, p: &mut Problems<'_>) -> Option<Scalar> {
    match to_scalar(v.get_ref()) {
        Some(s) => Some(s),
        None => {
            p.at(
                &v.span(),
                "a condition compares with a string, number or boolean",
                None,
            );
            None
        }
    }
}

fn to_scalar(v: &toml::Value) -> Option<Scalar> {
    match v {
        toml::Value::String(s) => Some(Scalar::String(s.as_str().into())),
        toml::Value::Integer(i) => Some(Scalar::Number(*i as f64)),
        toml::Value::Float(f) => Some(Scalar::Number(*f)),
        toml::Value::Boolean(b) => Some(Scalar::Bool(*b)),
        _ => None,
    }
}

/// An allowed value as plain text: a string unquoted, a number or
/// boolean as JSON writes it.
fn plain_text(s: &Scalar) -> String {
    match s {
        Scalar::String(v) => v.to_string(),
        Scalar::Number(n) => format!("{n}"),
        Scalar::Bool(b) => format!("{b}"),
    }
}

fn value_set(items: &[toml::Value], name: Option<&str>) -> Result<ValueSet, String> {
    let mut set = ValueSet {
        name: name.map(Into::into),
        ..ValueSet::default()
    };
    for item in items {
        let s = to_scalar(item).ok_or_else(|| {
            "a list of allowed values holds strings, numbers or booleans".to_string()
        })?;
        match &s {
            Scalar::String(v) => set.strings.push(v.clone()),
            Scalar::Number(n) => set.numbers.push(*n),
            Scalar::Bool(b) => set.bools.push(*b),
        }
        set.listed.push(s);
    }
    set.strings.sort();
    set.strings.dedup();
    set.index();
    set.plain = set.listed.iter().map(plain_text).collect();
    if set.listed.is_empty() {
        return Err("a list of allowed values cannot be empty".to_string());
    }
    set.lower = set
        .strings
        .iter()
        .map(|s| s.to_lowercase().into())
        .collect();
    set.must_be = if set.listed.len() <= 12 {
        let listed: Vec<String> = set
            .listed
            .iter()
            .map(|s| match s {
                Scalar::String(v) => format!("\"{v}\""),
                other => plain_text(other),
            })
            .collect();
        let refs: Vec<&str> = listed.iter().map(String::as_str).collect();
        format!(" must be one of {}", super::plan::join_or(&refs)).into()
    } else {
        let name = set.name.as_deref().unwrap_or("allowed");
        format!(
            " must be one of the {} {name} values the document lists",
            set.listed.len()
        )
        .into()
    };
    Ok(set)
}

/// `identifying_information[].documents[].file` for
/// `/identifying_information/*/documents/*/file`.
fn default_label(segments: &[String]) -> String {
    let mut label = String::new();
    for seg in segments {
        if seg == "*" {
            label.push_str("[]");
        } else {
            if !label.is_empty() {
                label.push('.');
            }
            label.push_str(seg);
        }
    }
    if label.is_empty() {
        "the body".to_string()
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        assert!(selector_matches("individual/*", "individual/usa"));
        assert!(selector_matches("*/usa", "business/usa"));
        assert!(selector_matches("business", "business/international"));
        assert!(!selector_matches("business", "individual/usa"));
        assert!(!selector_matches("individual/usa/x", "individual/usa"));
    }

    #[test]
    fn pointers() {
        assert_eq!(
            parse_rule_pointer("/a/*/b~1c").unwrap(),
            vec!["a", "*", "b/c"]
        );
        assert!(parse_rule_pointer("a").is_err());
        assert_eq!(parse_rule_pointer(&"/*".repeat(128)).unwrap().len(), 128);
        assert!(parse_rule_pointer(&"/a".repeat(129)).is_err());
        assert!(parse_rule_pointer(&"/a".repeat(100_000)).is_err());
        assert!(parse_rule_pointer("/a~2").is_err());
        let rel = parse_cond_pointer("documents").unwrap().unwrap();
        assert!(!rel.absolute);
        assert!(parse_cond_pointer("").unwrap().is_none());
        assert!(parse_cond_pointer("a/*").is_err());
    }

    #[test]
    fn labels() {
        let segs: Vec<String> = ["identifying_information", "*", "number"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(default_label(&segs), "identifying_information[].number");
    }
}
