//! What the engine's tests share: a check of a `serde_json::Value`, and a
//! rule set compiled twice, once with its condition pointers bound to the
//! walk's slots and once with every pointer searching its object.

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::{check, check_walking, doc, Buffers, Headers};
use crate::report::Report;
use crate::rules::plan::RulePlan;

/// [`check`] of a `serde_json::Value`, read into the one model.
pub(super) fn check_value<'p>(
    plan: &'p RulePlan,
    body: &serde_json::Value,
    headers: Option<Headers<'_>>,
    today: NaiveDate,
    max_items: usize,
    max_findings: usize,
) -> Report<'p> {
    let arena = bumpalo::Bump::new();
    let doc = doc::Doc::from_value(body, &arena, usize::MAX).unwrap();
    let mut buffers = Buffers::new();
    check(
        plan,
        &doc,
        headers,
        today,
        max_items,
        max_findings,
        &mut buffers,
    )
}

/// [`check_value`] with leaves walked by the general `Walk::node`, as
/// before `Walk::leaf` (no headers, no limits).
pub(super) fn check_value_plain<'p>(
    plan: &'p RulePlan,
    body: &serde_json::Value,
    today: NaiveDate,
) -> Report<'p> {
    let arena = bumpalo::Bump::new();
    let doc = doc::Doc::from_value(body, &arena, usize::MAX).unwrap();
    check_walking(
        plan,
        &doc,
        None,
        today,
        10_000,
        usize::MAX,
        false,
        Buffers::new(),
    )
    .0
}

/// Rule set `id` compiled twice: as the engine runs it, and with every
/// condition pointer unbound (searching its object).
pub(super) fn plans(id: &str) -> (RulePlan, RulePlan) {
    let text = crate::Catalog::embedded().text(id).unwrap();
    let bound = crate::rules::compile::compile(id, None, text).unwrap();
    let mut unbound = crate::rules::compile::compile(id, None, text).unwrap();
    unbound.root.unbind();
    for v in &mut unbound.variants {
        if let Some(when) = &mut v.when {
            crate::rules::plan::unbind_cond(when);
        }
    }
    (bound, unbound)
}
