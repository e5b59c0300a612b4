//! The walk itself: the plan's nodes over the payload's values, each
//! object's members matched to the plan's in one pass (its slots), and each
//! field's presence, type and checks.

use std::borrow::Cow;

use chrono::NaiveDate;

use super::collections::CollState;
use super::conditions::{resolve, Ctx, Memo, Seg, Slot};
use super::json::{JsonValue, Kind};
use super::order::{Extra, OrderKey, MISSING};
use super::{json_type_name, type_matches, FieldCx};
use crate::report::{Detail, Finding, GateVerdict};
use crate::rules::plan::*;
use crate::Severity;

/// One step of the walk's path: its segment, and where it leads.
#[derive(Clone, Copy)]
pub(super) struct Frame<'p, 'v, J> {
    pub(super) seg: Seg<'p>,
    /// Position of the segment's value in its container (document order),
    /// [`MISSING`] when it is missing: the finding order key.
    pub(super) ordinal: u32,
    /// The value the segment leads to, if present.
    pub(super) value: Option<&'v J>,
}

/// One walk of a plan over a payload: the path to the value being
/// checked, the findings made so far and their order keys, and the slots,
/// memo and collection states conditions read.
pub(super) struct Walk<'p, 'v, J> {
    pub(super) plan: &'p RulePlan,
    pub(super) root: &'v J,
    pub(super) variant: Option<usize>,
    pub(super) today: NaiveDate,
    pub(super) stack: Vec<Frame<'p, 'v, J>>,
    pub(super) found: Vec<Finding<'p>>,
    /// `found[i]`'s place in the report.
    pub(super) keys: Vec<OrderKey>,
    /// The order keys of `found`, one after another (one allocation for
    /// all of them, not one a finding).
    pub(super) orders: Vec<u32>,
    /// The members of the objects being walked, matched to plan members;
    /// each `node` call uses the top `members.len()` entries.
    pub(super) slots: Vec<Slot<'v, J>>,
    pub(super) memo: Memo<'p, 'v, J>,
    /// The root object once its members are matched (slots from 0).
    pub(super) root_ctx: Ctx<'v, J>,
    /// Collection rules being evaluated over the items of the arrays
    /// being walked, a stack like `slots`.
    pub(super) colls: Vec<CollState>,
    /// Where the report's gate verdicts go (empty, or kept from an earlier
    /// report: [`Buffers::reclaim`]).
    pub(super) gates: Vec<GateVerdict<'p>>,
    /// Emptied path strings of earlier reports, for the findings' paths.
    pub(super) paths: Vec<String>,
    /// Findings kept at most ([`crate::input::Limits::max_findings`]).
    pub(super) max_findings: usize,
    /// Some finding was not kept: the report gets a `limit.findings` error.
    pub(super) truncated: bool,
    /// Members whose node has nothing below it are checked by
    /// [`Walk::leaf`], not [`Walk::node`]. Off only in the tests that hold
    /// the two to the same reports.
    pub(super) leaves_inline: bool,
}

/// The vectors a walk grows (its path, order keys, slots and collection
/// states) and, once the caller is done with a report
/// ([`Buffers::reclaim`]), the report's own vectors and its findings'
/// path strings: kept from one walk to the next by [`crate::Scratch`] so
/// that a batch does not allocate and free them for every record. Empty
/// between walks (the path strings too); only their capacity is kept.
pub(crate) struct Buffers<'p, 'v, J> {
    stack: Vec<Frame<'p, 'v, J>>,
    keys: Vec<OrderKey>,
    orders: Vec<u32>,
    slots: Vec<Slot<'v, J>>,
    colls: Vec<CollState>,
    found: Vec<Finding<'p>>,
    gates: Vec<GateVerdict<'p>>,
    paths: Vec<String>,
}

/// The most findings a reclaimed report's vector may hold room for to be
/// kept (200 bytes a finding): a report of every limit's findings does
/// not keep its memory for every record after it.
const KEPT_FINDINGS: usize = 1024;
/// The most path strings kept, and the largest kept (in bytes).
const KEPT_PATHS: usize = 256;
const KEPT_PATH_BYTES: usize = 1024;

impl<'p, 'v, J> Buffers<'p, 'v, J> {
    /// Fresh vectors, deep and wide enough for every rule set's payloads
    /// without growing.
    pub(crate) fn new() -> Self {
        Buffers {
            stack: Vec::with_capacity(16),
            slots: Vec::with_capacity(128),
            colls: Vec::with_capacity(16),
            ..Self::empty()
        }
    }

    /// No vectors yet: nothing allocated.
    pub(crate) fn empty() -> Self {
        Buffers {
            stack: Vec::new(),
            keys: Vec::new(),
            orders: Vec::new(),
            slots: Vec::new(),
            colls: Vec::new(),
            found: Vec::new(),
            gates: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// The same vectors, emptied, for a walk of other lifetimes (the next
    /// payload's, `K` being `J` with another lifetime). Their allocations
    /// are kept: a vector collected from its own emptied `into_iter`, into
    /// a type of the same layout, reuses its buffer (std's in-place
    /// collection; a test holds it to that). Of another layout, the
    /// vectors come back new.
    pub(crate) fn recycle<'q, 'w, K>(self) -> Buffers<'q, 'w, K> {
        Buffers {
            stack: reuse(self.stack),
            keys: reuse(self.keys),
            orders: reuse(self.orders),
            slots: reuse(self.slots),
            colls: reuse(self.colls),
            found: reuse(self.found),
            gates: reuse(self.gates),
            paths: self.paths,
        }
    }

    /// Keep a report's findings vector and gates vector, and its findings'
    /// path strings (emptied), for the next walk; the rest of each finding
    /// is dropped. Within [`KEPT_FINDINGS`] and [`KEPT_PATHS`].
    pub(crate) fn reclaim(&mut self, mut findings: Vec<Finding<'_>>, gates: Vec<GateVerdict<'_>>) {
        for f in findings.drain(..) {
            if self.paths.len() < KEPT_PATHS && f.path.capacity() <= KEPT_PATH_BYTES {
                let mut path = f.path;
                path.clear();
                self.paths.push(path);
            }
        }
        if findings.capacity() <= KEPT_FINDINGS && findings.capacity() > self.found.capacity() {
            self.found = reuse(findings);
        }
        if gates.capacity() > self.gates.capacity() {
            self.gates = reuse(gates);
        }
    }
}

#[cfg(test)]
impl<J> Buffers<'_, '_, J> {
    /// Path strings kept for the next walk.
    pub(crate) fn kept_paths(&self) -> usize {
        self.paths.len()
    }

    /// Findings the kept findings vector has room for.
    pub(crate) fn kept_findings(&self) -> usize {
        self.found.capacity()
    }
}

/// `v`'s allocation as an empty vector of `U` (`T` with other lifetimes).
fn reuse<T, U>(mut v: Vec<T>) -> Vec<U> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    pub(super) fn new(
        plan: &'p RulePlan,
        root: &'v J,
        variant: Option<usize>,
        today: NaiveDate,
        max_items: usize,
    ) -> Self {
        Self::with_buffers(plan, root, variant, today, max_items, Buffers::new())
    }

    /// [`Walk::new`], growing `buffers` (empty) rather than new vectors.
    pub(super) fn with_buffers(
        plan: &'p RulePlan,
        root: &'v J,
        variant: Option<usize>,
        today: NaiveDate,
        max_items: usize,
        buffers: Buffers<'p, 'v, J>,
    ) -> Self {
        let Buffers {
            stack,
            keys,
            orders,
            slots,
            colls,
            found,
            gates,
            paths,
        } = buffers;
        Walk {
            plan,
            root,
            variant,
            today,
            stack,
            found,
            keys,
            orders,
            slots,
            memo: Memo::new(max_items),
            root_ctx: Ctx::plain(root),
            colls,
            gates,
            paths,
            max_findings: usize::MAX,
            truncated: false,
            leaves_inline: true,
        }
    }

    /// The walk's vectors, for the next walk ([`Buffers::recycle`]).
    pub(super) fn into_buffers(self) -> Buffers<'p, 'v, J> {
        Buffers {
            stack: self.stack,
            keys: self.keys,
            orders: self.orders,
            slots: self.slots,
            colls: self.colls,
            found: self.found,
            gates: self.gates,
            paths: self.paths,
        }
    }

    pub(super) fn gate_name(&self, gate: GateId) -> &'p str {
        self.plan.gate_name(gate)
    }

    pub(super) fn phrase(&self, gate: GateId) -> &'p str {
        self.plan.gate_phrase(gate)
    }

    pub(super) fn meta(&self, rule: usize) -> (&'p str, &'p str, Severity) {
        self.plan
            .rules
            .get(rule)
            .map_or(("", "", Severity::Error), |m| {
                (&*m.id, &*m.source, m.severity)
            })
    }

    /// An object names a member the rules check more than once. RFC 8259
    /// §4 leaves which one counts to the parser (JavaScript's `JSON.parse`
    /// keeps the last; kyc-preflight checks the first), so the request
    /// cannot be vouched for: an error at the first gate.
    fn duplicate_key(&mut self, key: &'p str) {
        let message = format!(
            "{key} appears more than once in this object; parsers disagree on which one counts: send it once"
        );
        let more = Extra {
            rule: Some(Cow::Owned(format!("{}#duplicate-key", self.plan.id))),
            source: Some("RFC 8259 §4 (the names within an object SHOULD be unique)".into()),
            detail: None,
        };
        self.emit_whole(
            usize::MAX,
            API_GATE,
            Severity::Error,
            "duplicate_key".into(),
            message,
            &[Seg::Key(key)],
            more,
        );
    }

    /// An array longer than the engine looks at: the items after
    /// [`crate::input::Limits::max_items`] go unchecked, so no gate can be
    /// vouched for.
    fn too_many_items(&mut self, len: usize) {
        let max = self.memo.max_items;
        let message = format!(
            "this array has {len} items; kyc-preflight checks at most {max} (--max-items), so the rest went unchecked"
        );
        let more = Extra {
            rule: Some(Cow::Owned(format!("{}#limit-items", self.plan.id))),
            source: Some("kyc-preflight's input limits (Limits::max_items)".into()),
            detail: None,
        };
        self.emit_whole(
            usize::MAX,
            API_GATE,
            Severity::Error,
            "limit.items".into(),
            message,
            &[],
            more,
        );
    }

    /// Check the value at `node` (`value` is `None` when it is missing);
    /// `ctx` is the object relative condition paths start from, or, with
    /// `own_ctx`, the value itself when it is an object (the root, array
    /// items). `array` is set for an array item: the array's node and
    /// where its collection states begin, so that the collection rules
    /// read the item's members from its slots.
    pub(super) fn node(
        &mut self,
        node: &'p Node,
        value: Option<&'v J>,
        ctx: Option<Ctx<'v, J>>,
        own_ctx: bool,
        array: Option<(&'p Node, usize)>,
    ) {
        if self.truncated {
            return; // past the findings limit: the rest goes unchecked
        }
        // Match an object's members to the plan's first, so that the
        // conditions of the rules below read them from the slots.
        let mut base = self.slots.len();
        let kind = value.map(|v| v.kind());
        let mut me = None;
        if let (Some(value), Some(Kind::Object)) = (value, kind) {
            if std::ptr::eq(node, &self.plan.root) && self.root_ctx.node == node.id {
                base = 0; // matched by `match_root`
            } else {
                self.match_members(node, value, base);
            }
            me = Some(Ctx {
                value,
                node: node.id,
                base,
            });
            if std::ptr::eq(node, &self.plan.root)
                && let Some(me) = me
            {
                self.root_ctx = me;
            }
        }
        let ctx = if own_ctx { me.or(ctx) } else { ctx };
        if let (Some((array, colls)), Some(item)) = (array, value) {
            let item = me.unwrap_or_else(|| Ctx::plain(item));
            self.collection_item(array, colls, item);
        }
        match &node.dispatch {
            None => {
                for field in &node.fields {
                    self.field(node, field, value.zip(kind), ctx);
                }
            }
            Some(dispatch) => {
                let on = resolve(&dispatch.on, ctx, &mut self.env()).and_then(|v| v.as_str());
                for &i in dispatch.select(on) {
                    if let Some(field) = node.fields.get(i as usize) {
                        self.field(node, field, value.zip(kind), ctx);
                    }
                }
            }
        }
        let colls = self.colls.len();
        for c in &node.collections {
            let state = if self.applies(c.variants, c.when.as_ref(), ctx) {
                match c.kind {
                    CollectionKind::Some(_) => CollState::Some(false),
                    CollectionKind::Each { .. } => CollState::Each,
                    CollectionKind::Sum { .. } => CollState::Sum(0.0),
                }
            } else {
                CollState::Off
            };
            self.colls.push(state);
        }
        let Some(value) = value else {
            self.collections_done(node, colls);
            return;
        };
        match kind {
            Some(Kind::Object) => {
                for (i, (key, child)) in node.members.iter().enumerate() {
                    let slot = self.slots.get(base + i).copied().flatten();
                    if slot.is_none() && !child.checks_absent {
                        continue; // nothing to say about a missing member
                    }
                    let member = slot.map(|(m, _)| m);
                    self.stack.push(Frame {
                        seg: Seg::Key(key),
                        ordinal: slot.map_or(MISSING, |(_, o)| o),
                        value: member,
                    });
                    if self.leaves_inline && is_leaf(child) {
                        self.leaf(child, member, me);
                    } else {
                        self.node(child, member, me, false, None);
                    }
                    self.stack.pop();
                }
                self.slots.truncate(base);
            }
            Some(Kind::Array) => {
                let len = value.len();
                let max = self.memo.max_items;
                if len > max && (node.items.is_some() || !node.collections.is_empty()) {
                    self.too_many_items(len);
                }
                let hook = (!node.collections.is_empty()).then_some((node, colls));
                if node.items.is_some() || hook.is_some() {
                    for i in 0..len.min(max) {
                        let item = value.item(i);
                        self.stack.push(Frame {
                            seg: Seg::Index(i),
                            ordinal: u32::try_from(i).unwrap_or(u32::MAX),
                            value: item,
                        });
                        match (&node.items, item, hook) {
                            // An object item is its own rules' context
                            // (`node` makes it so); else the array's is.
                            (Some(items), _, _) => self.node(items, item, ctx, true, hook),
                            (None, Some(item), Some((array, colls))) => {
                                self.collection_item(array, colls, Ctx::plain(item));
                            }
                            (None, _, _) => {}
                        }
                        self.stack.pop();
                    }
                }
            }
            _ => {}
        }
        self.collections_done(node, colls);
    }

    /// [`Walk::node`] for a member whose node has no members, items,
    /// collection rules or dispatch (most of a payload's: its scalars):
    /// its fields, with its parent's context, and nothing else, since the
    /// rest of `node` does nothing for such a node whatever the value.
    /// About 40 instructions less a member than the general walk.
    fn leaf(&mut self, node: &'p Node, value: Option<&'v J>, ctx: Option<Ctx<'v, J>>) {
        if self.truncated {
            return;
        }
        let value = value.map(|v| (v, v.kind()));
        for field in &node.fields {
            self.field(node, field, value, ctx);
        }
    }

    /// Match the root object's members (slots from 0), when it is one.
    pub(super) fn match_root(&mut self) {
        if self.slots.is_empty() && self.root.kind() == Kind::Object {
            let root = self.root;
            self.match_members(&self.plan.root, root, 0);
            self.root_ctx = Ctx {
                value: root,
                node: self.plan.root.id,
                base: 0,
            };
        }
    }

    /// One pass over an object's members, each matched to the plan's by
    /// `node`'s index into slots `base..base + node.members.len()`.
    fn match_members(&mut self, node: &'p Node, value: &'v J, base: usize) {
        self.slots.resize(base + node.members.len(), None);
        let slots = &mut self.slots;
        // Plan members named twice, as a bit set over the plan's members
        // (one word a 64 members; allocated only when there is one).
        let mut duplicates: Vec<u64> = Vec::new();
        let mut ordinal = 0u32;
        value.for_each_member(|key, member| {
            if let Some(i) = node.member_index(key) {
                match slots.get_mut(base + i) {
                    Some(slot @ None) => *slot = Some((member, ordinal)),
                    Some(Some(_)) => {
                        if duplicates.is_empty() {
                            duplicates.resize(node.members.len().div_ceil(64), 0);
                        }
                        if let Some(word) = duplicates.get_mut(i / 64) {
                            *word |= 1u64 << (i % 64);
                        }
                    }
                    None => {}
                }
            }
            ordinal = ordinal.saturating_add(1);
        });
        if !duplicates.is_empty() {
            for (i, (key, _)) in node.members.iter().enumerate() {
                let word = duplicates.get(i / 64).copied().unwrap_or(0);
                if word & (1u64 << (i % 64)) != 0 {
                    self.duplicate_key(key);
                }
            }
        }
    }

    /// Check field rule `f` of `node` on `value` (`None`: missing).
    #[inline(always)]
    fn field(
        &mut self,
        node: &'p Node,
        f: &'p FieldRule,
        value: Option<(&'v J, Kind)>,
        ctx: Option<Ctx<'v, J>>,
    ) {
        // An absent optional field, or one of another variant: nothing to
        // check, decided here, in the caller, not after a call (most of
        // the fields a walk visits). `field_checked` tests the variant
        // again, with the field's condition.
        if (value.is_some() || !f.requires.is_empty()) && applies(f.variants, self.variant) {
            self.field_checked(node, f, value, ctx);
        }
    }

    fn field_checked(
        &mut self,
        node: &'p Node,
        f: &'p FieldRule,
        value: Option<(&'v J, Kind)>,
        ctx: Option<Ctx<'v, J>>,
    ) {
        if !self.applies(f.variants, f.when.as_ref(), ctx) {
            return;
        }
        let Some((value, kind)) = value else {
            // Missing: report the lowest gate that requires it.
            let requirement = f
                .requires
                .iter()
                .filter(|r| self.applies(r.variants, r.when.as_ref(), ctx))
                .min_by_key(|r| r.gate);
            if let Some(requirement) = requirement {
                let gate = requirement.gate;
                let message = match &requirement.message {
                    Some(text) => Cow::Borrowed(&**text),
                    None => Cow::Owned(required_message(
                        &f.label,
                        self.phrase(gate),
                        &self.required_children(node),
                        f.hint.as_deref(),
                    )),
                };
                self.emit_whole(
                    f.rule,
                    gate,
                    Severity::Error,
                    "required".into(),
                    message,
                    &[],
                    Extra::cited(requirement.source.as_deref()),
                );
            }
            return;
        };
        if let Some(forbid) = f
            .forbids
            .iter()
            .filter(|r| self.applies(r.variants, r.when.as_ref(), ctx))
            .min_by_key(|r| r.gate)
        {
            let gate = forbid.gate;
            let message: Cow<'p, str> = match (&forbid.message, &f.hint) {
                (Some(text), _) => Cow::Borrowed(text),
                (None, Some(hint)) => {
                    format!("{} must not be sent here ({hint}): remove it", f.label).into()
                }
                (None, None) => format!("{} must not be sent here: remove it", f.label).into(),
            };
            self.emit_whole(
                f.rule,
                gate,
                Severity::Error,
                "forbidden".into(),
                message,
                &[],
                Extra::cited(forbid.source.as_deref()),
            );
        }
        if let Some((types, gate)) = f.types
            && !type_matches(value, kind, types)
        {
            let message = format!(
                "{} must be {}, not {}{}",
                f.label,
                types.describe(),
                value.describe(),
                f.hint
                    .as_ref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default()
            );
            self.emit_whole(
                f.rule,
                gate,
                Severity::Error,
                "type".into(),
                message,
                &[],
                Extra::detailed(Detail::Type {
                    expected: types.names(),
                    received: json_type_name(value),
                }),
            );
            return;
        }
        if f.checks.is_empty() {
            return;
        }
        let mut cx = FieldCx {
            walk: self,
            rule: f.rule,
            gate: API_GATE,
            ctx,
            date: None,
            file: None,
        };
        for check in &f.checks {
            cx.gate = check.gate;
            check.kind.run(f, value, &mut cx);
        }
    }

    /// Names of the members of `node` that are unconditionally required in
    /// this variant (listed in the message when their parent is missing).
    fn required_children(&self, node: &'p Node) -> Vec<&'p str> {
        node.members
            .iter()
            .filter(|(_, child)| {
                child.fields.iter().any(|f| {
                    applies(f.variants, self.variant)
                        && f.when.is_none()
                        && f.requires
                            .iter()
                            .any(|r| applies(r.variants, self.variant) && r.when.is_none())
                })
            })
            .map(|(k, _)| &**k)
            .collect()
    }
}

/// A node [`Walk::leaf`] checks: nothing below it and no dispatch.
fn is_leaf(node: &Node) -> bool {
    node.members.is_empty()
        && node.items.is_none()
        && node.collections.is_empty()
        && node.dispatch.is_none()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use crate::engine::testing::{check_value, check_value_plain, plans};
    use crate::rules::plan::{Node, RulePlan};

    use kyc_preflight_testkit::corpus;

    /// Recycled buffers keep their allocations for a walk of other
    /// lifetimes (what `Scratch` is for), and come back empty.
    #[test]
    fn recycled_buffers_keep_their_memory() {
        let name = String::from("name");
        let doc = crate::engine::doc::Doc::Null;
        let mut buffers: super::Buffers<'_, '_, crate::engine::doc::Doc<'_>> =
            super::Buffers::new();
        buffers.orders.extend([1, 2, 3]);
        buffers.slots.push(Some((&doc, 7)));
        buffers.stack.push(super::Frame {
            seg: super::Seg::Key(&name),
            ordinal: 0,
            value: None,
        });
        let (stack, orders, slots) = (
            buffers.stack.as_ptr() as usize,
            buffers.orders.as_ptr() as usize,
            buffers.slots.as_ptr() as usize,
        );
        let recycled: super::Buffers<'static, 'static, crate::engine::doc::Doc<'static>> =
            buffers.recycle();
        assert!(recycled.stack.is_empty() && recycled.orders.is_empty());
        assert!(recycled.slots.is_empty() && recycled.keys.is_empty());
        assert_eq!(recycled.stack.as_ptr() as usize, stack);
        assert_eq!(recycled.orders.as_ptr() as usize, orders);
        assert_eq!(recycled.slots.as_ptr() as usize, slots);
        assert!(recycled.slots.capacity() >= 128);
    }

    /// `body`'s report with leaves checked by `Walk::leaf` and by the
    /// general `Walk::node`, the same.
    fn same_with_leaves_inline(plan: &RulePlan, body: &serde_json::Value) -> usize {
        let today = corpus::REF_DATE;
        let fast = check_value(plan, body, None, today, 10_000, usize::MAX);
        let plain = check_value_plain(plan, body, today);
        assert_eq!(
            serde_json::to_value(&fast).unwrap(),
            serde_json::to_value(&plain).unwrap(),
            "{body}"
        );
        fast.findings.len()
    }

    /// `body` with its `at`-th top-level member (and the `at`-th member
    /// of each object in its arrays, one level down) made `with`: values
    /// of every JSON type where the rules expect another.
    fn retyped(body: &serde_json::Value, at: usize, with: &serde_json::Value) -> serde_json::Value {
        let mut body = body.clone();
        if let serde_json::Value::Object(members) = &mut body {
            let len = members.len().max(1);
            for (i, (_, member)) in members.iter_mut().enumerate() {
                if let serde_json::Value::Array(items) = member {
                    for item in items.iter_mut() {
                        if let serde_json::Value::Object(inner) = item {
                            let n = inner.len().max(1);
                            if let Some((_, v)) = inner.iter_mut().nth(at % n) {
                                *v = with.clone();
                            }
                        }
                    }
                } else if i == at % len {
                    *member = with.clone();
                }
            }
        }
        body
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Kira corpus bodies, with and without defects, and with members
        /// of the wrong JSON type (objects and arrays where scalars go):
        /// the same report whether leaves are walked by `Walk::leaf` or
        /// by `Walk::node`.
        #[test]
        fn leaves_inline_report_as_the_plain_walk(
            seed in proptest::prelude::any::<u64>(),
            share in 0.0f64..1.0,
            at in 0usize..64,
        ) {
            let (plan, _) = plans("kira/create-user");
            let mut generator = corpus::Generator::new(seed).with_defect_share(share);
            for _ in 0..3 {
                let (body, _) = generator.mixed();
                same_with_leaves_inline(&plan, &body);
                for with in [
                    serde_json::json!({"a": 1, "type": "ssn"}),
                    serde_json::json!([1, "x"]),
                    serde_json::json!(null),
                    serde_json::json!(12.5),
                ] {
                    same_with_leaves_inline(&plan, &retyped(&body, at, &with));
                }
            }
        }
    }

    /// Every rule set's fixtures, valid and invalid: the same report
    /// whether leaves are walked by `Walk::leaf` or by `Walk::node`.
    #[test]
    fn leaves_inline_report_as_the_plain_walk_every_rule_set() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut findings = 0;
        for id in crate::Catalog::embedded().ids() {
            let (plan, _) = plans(id);
            for kind in ["valid", "invalid"] {
                let Ok(entries) = std::fs::read_dir(root.join(id).join(kind)) else {
                    continue;
                };
                for entry in entries {
                    let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                    let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
                        continue; // a fixture that is not JSON at all
                    };
                    let body = value.get("body").cloned().unwrap_or(value);
                    findings += same_with_leaves_inline(&plan, &body);
                }
            }
        }
        assert!(findings > 100, "{findings} findings");
    }

    /// The ~15 per-`type` rules of an identifying information entry's
    /// `number` are selected by the entry's `type`, not each tested.
    #[test]
    fn per_type_number_rules_are_dispatched_on_type() {
        let (plan, unbound) = plans("kira/create-user");
        fn number(plan: &RulePlan) -> Option<&Node> {
            let (_, list) = plan
                .root
                .members
                .iter()
                .find(|(k, _)| &**k == "identifying_information")?;
            let (_, number) = list
                .items
                .as_ref()?
                .members
                .iter()
                .find(|(k, _)| &**k == "number")?;
            Some(number)
        }
        assert!(number(&unbound).unwrap().dispatch.is_none());
        let node = number(&plan).unwrap();
        let dispatch = node.dispatch.as_ref().unwrap();
        assert_eq!(dispatch.on.segments, vec![Box::<str>::from("type")]);
        let labels = |ids: &[u32]| -> Vec<&str> {
            ids.iter()
                .map(|i| &*node.fields[*i as usize].label)
                .collect()
        };
        let ssn = labels(dispatch.select(Some("ssn")));
        assert!(ssn.contains(&"identifying_information[].number (ssn)"));
        assert!(!ssn.iter().any(|l| l.ends_with("(itin)")));
        // The rule for every entry is visited whatever the type.
        let rest = labels(dispatch.select(None));
        assert!(rest.contains(&"identifying_information[].number"));
        assert!(rest.iter().all(|l| ssn.contains(l)));
        assert_eq!(labels(dispatch.select(Some("no-such-type"))), rest);
        assert!(ssn.len() + 10 < node.fields.len());
    }
}
