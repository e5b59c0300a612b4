//! Collection rules (`some`, `each`, `sum` over an array's items),
//! evaluated item by item while the walk visits each item, so that they read
//! the item's slots.

use std::borrow::Cow;

use super::conditions::{eval, resolve, Ctx, Seg};
use super::json::JsonValue;
use super::walk::Walk;
use crate::rules::plan::{CollectionKind, Node};
use crate::Severity;

/// Where a collection rule stands while its array's items are walked.
#[derive(Clone, Copy)]
pub(super) enum CollState {
    /// Does not apply to this payload.
    Off,
    /// `some`: has an item satisfied the condition yet?
    Some(bool),
    /// `each`: findings are made item by item.
    Each,
    /// `sum` so far.
    Sum(f64),
}

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    /// One item of an array with collection rules (`array`'s, states
    /// from `colls`); the item's frame is on the stack.
    pub(super) fn collection_item(&mut self, array: &'p Node, colls: usize, item: Ctx<'v, J>) {
        for (k, c) in array.collections.iter().enumerate() {
            let Some(state) = self.colls.get(colls + k).copied() else {
                continue;
            };
            let next = match (state, &c.kind) {
                (CollState::Some(false), CollectionKind::Some(cond)) => {
                    CollState::Some(eval(cond, Some(item), &mut self.env()))
                }
                (CollState::Each, CollectionKind::Each { only_if, then, at }) => {
                    let mut env = self.env();
                    let selected = only_if
                        .as_ref()
                        .is_none_or(|c| eval(c, Some(item), &mut env));
                    if selected && !eval(then, Some(item), &mut env) {
                        let extra: Vec<Seg<'p>> = at
                            .iter()
                            .flat_map(|at| at.segments.iter().map(|s| Seg::Key(s)))
                            .collect();
                        self.emit(
                            c.rule,
                            c.gate,
                            Severity::Error,
                            Cow::Borrowed(&*c.code),
                            &*c.message,
                            &extra,
                        );
                    }
                    state
                }
                (CollState::Sum(total), CollectionKind::Sum { path, .. }) => {
                    let n = resolve(path, Some(item), &mut self.env()).and_then(|v| v.as_f64());
                    CollState::Sum(total + n.unwrap_or(0.0))
                }
                _ => state,
            };
            if let Some(slot) = self.colls.get_mut(colls + k) {
                *slot = next;
            }
        }
    }

    /// The collection rules of `node` once its items are walked: `some`
    /// and `sum` findings, at the array.
    pub(super) fn collections_done(&mut self, node: &'p Node, colls: usize) {
        for (k, c) in node.collections.iter().enumerate() {
            let state = self.colls.get(colls + k).copied();
            let message = match (state, &c.kind) {
                (Some(CollState::Some(false)), _) => Cow::Borrowed(&*c.message),
                (Some(CollState::Sum(total)), CollectionKind::Sum { max, .. }) if total > *max => {
                    Cow::Owned(format!("{} (they add up to {total})", c.message))
                }
                _ => continue,
            };
            self.emit(
                c.rule,
                c.gate,
                Severity::Error,
                Cow::Borrowed(&*c.code),
                message,
                &[],
            );
        }
        self.colls.truncate(colls);
    }
}
