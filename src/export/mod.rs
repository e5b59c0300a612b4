//! One view of the rule plan for both exports, `rules explain`
//! ([`crate::explain`]) and `rules schema` ([`crate::schema`]): the
//! variants an export is asked for ([`View::select`]), and per variant the
//! field and collection rules that hold in it, each with the path of its
//! node, in rule-file order ([`View::fields`], [`View::collections`]);
//! and the conditions of those rules in words ([`describe_cond`]). Each
//! export derives its own rows from these (a requirement table's entries,
//! a schema's properties), and the check words' own parts through the
//! registry (`crate::checks`).
//!
//! Crate-private; imports `rules::plan` only (docs/architecture.md).

use std::rc::Rc;

use crate::rules::plan::{applies, CollectionRule, FieldRule, Node, RulePlan};
use crate::Error;

mod words;

pub(crate) use words::{conjunct, describe_cond, describe_ptr, number_text};

/// The name of the single variant of a rule set that declares none.
pub const DEFAULT_VARIANT: &str = "default";

/// The plan as the exports read it (cheap to clone).
#[derive(Clone)]
pub(crate) struct View<'p> {
    pub plan: &'p RulePlan,
    fields: Rc<[Located<'p, FieldRule>]>,
    collections: Rc<[Located<'p, CollectionRule>]>,
}

impl<'p> View<'p> {
    /// The view of `plan`.
    pub fn new(plan: &'p RulePlan) -> Self {
        View {
            plan,
            fields: located_fields(plan).into(),
            collections: located_collections(plan).into(),
        }
    }

    /// The variants `variant` names (all when `None`).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownVariant`] when the plan has no variant `variant`.
    pub fn select(&self, variant: Option<&str>) -> Result<Vec<Selected<'p>>, Error> {
        select(self.plan, variant)
    }

    /// The field rules that hold in `variant` (an index of the plan's
    /// variants; `None`: a payload of no variant), in rule-file order.
    pub fn fields(&self, variant: Option<usize>) -> impl Iterator<Item = &Located<'p, FieldRule>> {
        self.fields
            .iter()
            .filter(move |at| applies(at.rule.variants, variant))
    }

    /// The collection rules that hold in `variant`, in rule-file order.
    pub fn collections(
        &self,
        variant: Option<usize>,
    ) -> impl Iterator<Item = &Located<'p, CollectionRule>> {
        self.collections
            .iter()
            .filter(move |at| applies(at.rule.variants, variant))
    }
}

/// A variant chosen for an export: its name and its index in the plan
/// (`None` for the single variant of a rule set that declares none).
pub(crate) struct Selected<'p> {
    pub name: &'p str,
    pub index: Option<usize>,
    pub description: Option<&'p str>,
}

/// The variants `variant` names (all when `None`).
fn select<'p>(plan: &'p RulePlan, variant: Option<&str>) -> Result<Vec<Selected<'p>>, Error> {
    let all: Vec<Selected<'p>> = if plan.variants.is_empty() {
        vec![Selected {
            name: DEFAULT_VARIANT,
            index: None,
            description: Some(
                "The rule set declares no variants: its rules hold for every payload.",
            ),
        }]
    } else {
        plan.variants
            .iter()
            .enumerate()
            .map(|(i, v)| Selected {
                name: &v.name,
                index: Some(i),
                description: v.description.as_deref(),
            })
            .collect()
    };
    let Some(wanted) = variant else {
        return Ok(all);
    };
    let known = all.iter().map(|v| v.name).collect::<Vec<_>>().join(", ");
    match all.into_iter().find(|v| v.name == wanted) {
        Some(v) => Ok(vec![v]),
        None => Err(Error::UnknownVariant {
            rule_set: plan.id.to_string(),
            variant: wanted.to_string(),
            known,
        }),
    }
}

/// A rule and the path of the node it sits at (`*` for array items).
pub(crate) struct Located<'p, R> {
    pub segments: Vec<&'p str>,
    pub rule: &'p R,
}

/// Every field rule of the plan, in rule-file order.
fn located_fields(plan: &RulePlan) -> Vec<Located<'_, FieldRule>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    visit(&plan.root, &mut path, &mut |segments, node| {
        for f in &node.fields {
            out.push(Located {
                segments: segments.to_vec(),
                rule: f,
            });
        }
    });
    out.sort_by_key(|l| l.rule.rule);
    out
}

/// Every collection rule of the plan, in rule-file order.
fn located_collections(plan: &RulePlan) -> Vec<Located<'_, CollectionRule>> {
    let mut out = Vec::new();
    let mut path = Vec::new();
    visit(&plan.root, &mut path, &mut |segments, node| {
        for c in &node.collections {
            out.push(Located {
                segments: segments.to_vec(),
                rule: c,
            });
        }
    });
    out.sort_by_key(|l| l.rule.rule);
    out
}

fn visit<'p>(node: &'p Node, path: &mut Vec<&'p str>, f: &mut dyn FnMut(&[&'p str], &'p Node)) {
    f(path, node);
    for (key, child) in &node.members {
        path.push(key);
        visit(child, path, f);
        path.pop();
    }
    if let Some(items) = &node.items {
        path.push("*");
        visit(items, path, f);
        path.pop();
    }
}
