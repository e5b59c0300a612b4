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

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::checks::{self, set_contains};
use crate::report::{Detail, Finding, GateVerdict, Gates, Location, Report};
use crate::rules::plan::*;
use crate::Severity;

mod absolute;
pub(crate) mod doc;
pub(crate) mod json;
mod limits;

pub(crate) use json::{JsonValue, Kind};

/// One step of the path from the root to the value being checked.
#[derive(Clone, Copy)]
enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Frame<'p, 'v, J> {
    seg: Seg<'p>,
    /// Position of the segment's value in its container (document order),
    /// `u32::MAX` when it is missing: the finding order key.
    ordinal: u32,
    /// The value the segment leads to, if present.
    value: Option<&'v J>,
}

/// An object conditions start from: its value and, when its members were
/// matched to a plan node's, that node's id and where its slots begin.
pub(crate) struct Ctx<'v, J> {
    value: &'v J,
    /// [`Node::id`], or [`NO_NODE`] when no slots were filled for it.
    node: u32,
    base: usize,
}

// Not derived: that would ask `J: Copy`.
impl<J> Clone for Ctx<'_, J> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<J> Copy for Ctx<'_, J> {}

/// A [`Ctx::node`] that matches no [`crate::rules::plan::Bound`].
const NO_NODE: u32 = u32::MAX;

impl<'v, J> Ctx<'v, J> {
    fn plain(value: &'v J) -> Self {
        Ctx {
            value,
            node: NO_NODE,
            base: 0,
        }
    }
}

/// A member the walk matched: its value and position in its object.
type Slot<'v, J> = Option<(&'v J, u32)>;

/// What condition pointers are resolved against.
pub(crate) struct Env<'a, 'p, 'v, J> {
    /// The payload root, with its slots once the walk has matched them.
    root: Ctx<'v, J>,
    slots: &'a [Slot<'v, J>],
    memo: &'a mut Memo<'p, 'v, J>,
}

/// Where a finding goes in the report: kept beside the findings, not in
/// them, so that sorting moves these few bytes and each finding moves once.
struct OrderKey {
    /// The finding's path as ordinals, `Walk::orders[order.0..order.1]`.
    order: (u32, u32),
    /// The same key packed into one integer (see [`pack_order`]), when it
    /// fits; sorting compares these instead of slices.
    packed: Option<u128>,
    rule: usize,
    /// The finding's index in `Walk::found`; after sorting, the index of
    /// the finding that goes here.
    index: usize,
}

/// Reorder `items` so that `items[t]` is the item that was at
/// `keys[t].index`, in place, with at most one swap a position. The
/// indices must be a permutation of `0..items.len()`; they are used up
/// (overwritten) on the way.
fn gather<T>(items: &mut [T], keys: &mut [OrderKey]) {
    let at = |keys: &[OrderKey], i: usize| keys.get(i).map_or(i, |k| k.index);
    for t in 0..keys.len() {
        // The item meant for `t` may have been swapped away by an earlier
        // position: follow where it went.
        let mut from = at(keys, t);
        while from < t {
            from = at(keys, from);
        }
        if let Some(k) = keys.get_mut(t) {
            k.index = from;
        }
        if from != t && from < items.len() {
            items.swap(t, from);
        }
    }
}

/// A finding's order key (its path's ordinals: a member's position in its
/// object, an item's index, `u32::MAX` for a missing member) packed into
/// one integer that orders as the slice does: 16 bits a segment, the first
/// segment highest, each ordinal stored plus one so that a shorter key (a
/// parent) sorts before its extensions, and a missing member as `0xFFFF`,
/// after every present one. `None` past 8 segments or ordinal 65,533.
fn pack_order(order: &[u32]) -> Option<u128> {
    const LANES: usize = 8;
    if order.len() > LANES {
        return None;
    }
    let mut key = 0u128;
    for (lane, &ordinal) in order.iter().enumerate() {
        let v = match ordinal {
            u32::MAX => 0xFFFF,
            o if o < 0xFFFE => o + 1,
            _ => return None,
        };
        key |= u128::from(v) << (16 * (LANES - 1 - lane));
    }
    Some(key)
}

/// What a finding carries beyond its rule's defaults, given when it is
/// made: another rule id (the engine's own findings), another source (a
/// requirement citing its own), renderer detail.
#[derive(Default)]
struct Extra<'p> {
    rule: Option<Cow<'p, str>>,
    source: Option<Cow<'p, str>>,
    detail: Option<Detail>,
}

impl<'p> Extra<'p> {
    /// The requirement's own source, when it cites one.
    fn cited(source: Option<&'p str>) -> Self {
        Extra {
            source: source.map(Cow::Borrowed),
            ..Extra::default()
        }
    }

    /// Renderer detail.
    fn detailed(detail: Detail) -> Self {
        Extra {
            detail: Some(detail),
            ..Extra::default()
        }
    }
}

/// Header name/value pairs; names compared case-insensitively.
pub(crate) type Headers<'h> = &'h [(String, String)];

pub(crate) struct Walk<'p, 'v, J> {
    plan: &'p RulePlan,
    root: &'v J,
    variant: Option<usize>,
    today: NaiveDate,
    stack: Vec<Frame<'p, 'v, J>>,
    found: Vec<Finding<'p>>,
    /// `found[i]`'s place in the report.
    keys: Vec<OrderKey>,
    /// The order keys of `found`, one after another (one allocation for
    /// all of them, not one a finding).
    orders: Vec<u32>,
    /// The members of the objects being walked, matched to plan members;
    /// each `node` call uses the top `members.len()` entries.
    slots: Vec<Slot<'v, J>>,
    memo: Memo<'p, 'v, J>,
    /// The root object once its members are matched (slots from 0).
    root_ctx: Ctx<'v, J>,
    /// Collection rules being evaluated over the items of the arrays
    /// being walked, a stack like `slots`.
    colls: Vec<CollState>,
    /// Findings kept at most ([`crate::input::Limits::max_findings`]).
    max_findings: usize,
    /// Some finding was not kept: the report gets a `limit.findings` error.
    truncated: bool,
}

/// Where a collection rule stands while its array's items are walked.
#[derive(Clone, Copy)]
enum CollState {
    /// Does not apply to this payload.
    Off,
    /// `some`: has an item satisfied the condition yet?
    Some(bool),
    /// `each`: findings are made item by item.
    Each,
    /// `sum` so far.
    Sum(f64),
}

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
    let mut found = walk.found;
    let mut keys = walk.keys;
    let orders = walk.orders;
    // Document order: the keys are sorted, then the findings moved to
    // match; ties keep the order the rules are declared in, then emission
    // order (the index).
    if keys.iter().all(|k| k.packed.is_some()) {
        keys.sort_unstable_by_key(|k| (k.packed, k.rule, k.index));
    } else {
        let key = |k: &OrderKey| {
            let (start, end) = k.order;
            orders.get(start as usize..end as usize).unwrap_or_default()
        };
        keys.sort_by(|a, b| key(a).cmp(key(b)).then(a.rule.cmp(&b.rule)));
    }
    gather(&mut found, &mut keys);
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
    fn new(
        plan: &'p RulePlan,
        root: &'v J,
        variant: Option<usize>,
        today: NaiveDate,
        max_items: usize,
    ) -> Self {
        Walk {
            plan,
            root,
            variant,
            today,
            // Deep enough and wide enough for every rule set's payloads
            // without growing.
            stack: Vec::with_capacity(16),
            found: Vec::new(),
            keys: Vec::new(),
            orders: Vec::new(),
            slots: Vec::with_capacity(128),
            memo: Memo::new(max_items),
            root_ctx: Ctx::plain(root),
            colls: Vec::with_capacity(16),
            max_findings: usize::MAX,
            truncated: false,
        }
    }

    fn gate_name(&self, gate: GateId) -> &'p str {
        self.plan.gate_name(gate)
    }

    fn phrase(&self, gate: GateId) -> &'p str {
        self.plan.gate_phrase(gate)
    }

    fn meta(&self, rule: usize) -> (&'p str, &'p str, Severity) {
        self.plan
            .rules
            .get(rule)
            .map_or(("", "", Severity::Error), |m| {
                (&*m.id, &*m.source, m.severity)
            })
    }

    /// Record a finding at the current path, or at `extra` below it, with
    /// its rule's id and source.
    fn emit(
        &mut self,
        rule: usize,
        gate: GateId,
        severity: Severity,
        code: Cow<'p, str>,
        message: impl Into<Cow<'p, str>>,
        extra: &[Seg<'p>],
    ) {
        self.emit_whole(rule, gate, severity, code, message, extra, Extra::default());
    }

    /// [`Walk::emit`], with what the finding carries beyond its rule's
    /// defaults (`more`): the finding is built whole, never patched after.
    #[allow(clippy::too_many_arguments)]
    fn emit_whole(
        &mut self,
        rule: usize,
        gate: GateId,
        severity: Severity,
        code: Cow<'p, str>,
        message: impl Into<Cow<'p, str>>,
        extra: &[Seg<'p>],
        more: Extra<'p>,
    ) {
        // Past the findings limit, nothing more is kept (one
        // `limit.findings` error says so at the end).
        if self.found.len() >= self.max_findings {
            self.truncated = true;
            return;
        }
        // Sized once: a path grown segment by segment reallocates.
        let len: usize = self
            .stack
            .iter()
            .map(|f| f.seg)
            .chain(extra.iter().copied())
            .map(|seg| match seg {
                Seg::Key(k) => 1 + k.len(),
                Seg::Index(_) => 1 + 20,
            })
            .sum();
        let mut path = String::with_capacity(len);
        let start = self.orders.len();
        if start == 0 {
            // Room for a few findings and their keys at once, on the first.
            self.orders.reserve(64);
            self.found.reserve(16);
            self.keys.reserve(16);
        }
        for frame in &self.stack {
            push_segment(&mut path, frame.seg);
            self.orders.push(frame.ordinal);
        }
        // Segments below the current value: present ones keep their
        // document order; a missing one sorts after its present siblings.
        let mut here: Option<&'v J> = match self.stack.last() {
            Some(f) => f.value,
            None => Some(self.root),
        };
        for seg in extra {
            push_segment(&mut path, *seg);
            let ordinal = match (here, seg) {
                (Some(v), Seg::Key(k)) => v.key_ordinal(k),
                (Some(v), Seg::Index(i)) => (*i < v.len()).then_some(*i),
                (None, _) => None,
            };
            self.orders
                .push(ordinal.map_or(u32::MAX, |o| u32::try_from(o).unwrap_or(u32::MAX)));
            here = here.and_then(|v| lookup(v, *seg));
        }
        let (id, source, ceiling) = self.meta(rule);
        // A rule marked `severity = "warning"` only ever warns.
        let severity = severity.max(ceiling);
        let span = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let packed = self.orders.get(start..).and_then(pack_order);
        self.keys.push(OrderKey {
            order: (span(start), span(self.orders.len())),
            packed,
            rule,
            index: self.found.len(),
        });
        self.found.push(Finding {
            location: Location::Body,
            path,
            gate: Cow::Borrowed(self.gate_name(gate)),
            severity,
            code,
            rule: more.rule.unwrap_or(Cow::Borrowed(id)),
            message: message.into(),
            source: more.source.unwrap_or(Cow::Borrowed(source)),
            detail: more.detail,
        });
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

    /// More findings than [`crate::input::Limits::max_findings`]: the
    /// walk stopped keeping them, so what it did not keep went unchecked
    /// as far as the report can tell. One error at the first gate, at the
    /// root, past the limit.
    fn too_many_findings(&mut self, max: usize) {
        self.stack.clear();
        self.max_findings = usize::MAX;
        let more = Extra {
            rule: Some(Cow::Owned(format!("{}#limit-findings", self.plan.id))),
            source: Some(Cow::Borrowed(limits::FINDINGS_SOURCE)),
            detail: None,
        };
        self.emit_whole(
            usize::MAX,
            API_GATE,
            Severity::Error,
            "limit.findings".into(),
            limits::findings_message(max),
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
    fn node(
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
            if std::ptr::eq(node, &self.plan.root) {
                if let Some(me) = me {
                    self.root_ctx = me;
                }
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
                        ordinal: slot.map_or(u32::MAX, |(_, o)| o),
                        value: member,
                    });
                    self.node(child, member, me, false, None);
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

    /// Match the root object's members (slots from 0), when it is one.
    fn match_root(&mut self) {
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

    fn applies(
        &mut self,
        mask: VariantMask,
        when: Option<&'p Cond>,
        ctx: Option<Ctx<'v, J>>,
    ) -> bool {
        applies(mask, self.variant) && when.is_none_or(|c| eval(c, ctx, &mut self.env()))
    }

    fn env(&mut self) -> Env<'_, 'p, 'v, J> {
        Env {
            root: self.root_ctx,
            slots: &self.slots,
            memo: &mut self.memo,
        }
    }

    fn field(
        &mut self,
        node: &'p Node,
        f: &'p FieldRule,
        value: Option<(&'v J, Kind)>,
        ctx: Option<Ctx<'v, J>>,
    ) {
        if value.is_none() && f.requires.is_empty() {
            return; // an absent optional field: nothing to check
        }
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
        if let Some((types, gate)) = f.types {
            if !type_matches(value, kind, types) {
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

    /// One item of an array with collection rules (`array`'s, states
    /// from `colls`); the item's frame is on the stack.
    fn collection_item(&mut self, array: &'p Node, colls: usize, item: Ctx<'v, J>) {
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
    fn collections_done(&mut self, node: &'p Node, colls: usize) {
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

    fn headers(&self, headers: Headers<'_>, out: &mut Vec<Finding<'p>>) {
        for h in &self.plan.headers {
            let (id, source, _) = self.meta(h.rule);
            let gate = h.required.unwrap_or(0);
            let mut push = |code: Cow<'static, str>, severity: Severity, message: String| {
                out.push(Finding {
                    location: Location::Header,
                    path: h.name.to_string(),
                    gate: Cow::Borrowed(self.gate_name(gate)),
                    severity,
                    code,
                    rule: Cow::Borrowed(id),
                    message: Cow::Owned(message),
                    source: Cow::Borrowed(source),
                    detail: None,
                });
            };
            let value = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&h.name))
                .map(|(_, v)| v.trim());
            let Some(value) = value else {
                if let Some(gate) = h.required {
                    let mut message =
                        format!("the {} header is required {}", h.name, self.phrase(gate));
                    if let Some(hint) = &h.hint {
                        message.push_str(&format!(" ({hint})"));
                    }
                    push("required".into(), Severity::Error, message);
                }
                continue;
            };
            if let Some(format) = h.format {
                if let Err(reason) = format.check(value) {
                    let message = format!(
                        "the {} header must be {}: {}",
                        h.name,
                        format.describe(),
                        reason.detail
                    );
                    push(reason.code.into(), reason.severity, message);
                }
            }
            if let Some((re, hint)) = &h.pattern {
                if !re.is_match(value) {
                    let message = match hint {
                        Some(hint) => format!("the {} header must be {hint}", h.name),
                        None => format!("the {} header must match {}", h.name, re.as_str()),
                    };
                    push("pattern".into(), Severity::Error, message);
                }
            }
        }
    }
}

/// The engine as one field's check words see it ([`checks::Running`]):
/// findings of the field's rule, at the current path, each blocking the
/// gate of the check being run; pointers resolved from the field's
/// object; the slots the field's checks share.
struct FieldCx<'w, 'p, 'v, J> {
    walk: &'w mut Walk<'p, 'v, J>,
    rule: usize,
    gate: GateId,
    ctx: Option<Ctx<'v, J>>,
    date: Option<NaiveDate>,
    file: Option<checks::AcceptedFile<'p, 'v>>,
}

impl<'p, 'v, J: JsonValue> checks::Running<'p, 'v, J> for FieldCx<'_, 'p, 'v, J> {
    fn emit(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        detail: Option<Detail>,
    ) {
        let more = Extra {
            detail,
            ..Extra::default()
        };
        self.walk.emit_whole(
            self.rule,
            self.gate,
            severity,
            Cow::Borrowed(code),
            message,
            &[],
            more,
        );
    }

    fn resolve(&mut self, at: &'p Ptr) -> Option<&'v J> {
        resolve(at, self.ctx, &mut self.walk.env())
    }

    fn today(&self) -> NaiveDate {
        self.walk.today
    }

    fn date(&mut self) -> &mut Option<NaiveDate> {
        &mut self.date
    }

    fn file(&mut self) -> &mut Option<checks::AcceptedFile<'p, 'v>> {
        &mut self.file
    }
}

fn push_segment(path: &mut String, seg: Seg<'_>) {
    match seg {
        Seg::Key(k) => crate::pointer::push_token(path, k),
        Seg::Index(i) => {
            path.push('/');
            path.push_str(itoa::Buffer::new().format(i));
        }
    }
}

fn lookup<'v, J: JsonValue>(container: &'v J, seg: Seg<'_>) -> Option<&'v J> {
    match seg {
        Seg::Key(k) => container.get(k),
        Seg::Index(i) => container.item(i),
    }
}

/// Resolve a condition pointer: absolute from the root, relative from
/// `ctx`. A bound first segment ([`crate::rules::plan::Bound`]) is read
/// from the slots the walk filled for that object.
fn resolve<'p, 'v, J: JsonValue>(
    ptr: &'p Ptr,
    ctx: Option<Ctx<'v, J>>,
    env: &mut Env<'_, 'p, 'v, J>,
) -> Option<&'v J> {
    let start = if ptr.absolute { env.root } else { ctx? };
    let mut segments = ptr.segments.iter();
    let mut here = Some(start.value);
    if let Some(bound) = ptr.bound {
        if bound.node == start.node {
            segments.next();
            here = env
                .slots
                .get(start.base + bound.member as usize)
                .copied()
                .flatten()
                .map(|(v, _)| v);
        }
    }
    for seg in segments {
        let v = here?;
        here = match v.kind() {
            Kind::Array => seg.parse::<usize>().ok().and_then(|i| v.item(i)),
            _ => env.memo.get(v, seg),
        };
    }
    here
}

/// Member lookups made by conditions, remembered for one walk. Many rules
/// ask the same object for the same member (`type` of an identifying
/// information entry, `/address_country`); a small direct-mapped table
/// keyed by the object's address and the key answers repeats without
/// scanning the object again. Allocated on first use.
pub(crate) struct Memo<'p, 'v, J> {
    slots: [Option<MemoEntry<'p, 'v, J>>; MEMO_SIZE],
    /// Items of one array conditions look at ([`crate::input::Limits::max_items`]).
    max_items: usize,
    /// `contains` conditions on absolute pointers, evaluated once a walk
    /// (see [`absolute::Contains`]).
    contains: absolute::Contains,
}

/// Entries of a [`Memo`]: the lookups left to it are those into objects
/// the walk did not match (array items inside `contains`, collection
/// items), a handful per payload.
const MEMO_SIZE: usize = 16;

/// 2^64 / φ: Fibonacci hashing's multiplier (Knuth, TAOCP vol. 3, §6.4).
const FIB_HASH: u64 = 0x9E37_79B9_7F4A_7C15;

type MemoEntry<'p, 'v, J> = (usize, &'p str, Option<&'v J>);

impl<'p, 'v, J: JsonValue> Memo<'p, 'v, J> {
    pub(crate) fn new(max_items: usize) -> Self {
        Memo {
            slots: [None; MEMO_SIZE],
            max_items,
            contains: absolute::Contains::default(),
        }
    }

    /// Keys are the plan's own strings, so an entry is identified by the
    /// object's address and the key's: no hashing or comparing of text.
    fn get(&mut self, object: &'v J, key: &'p str) -> Option<&'v J> {
        let a = std::ptr::from_ref(object) as usize;
        let k = key.as_ptr() as usize;
        // Hashed in u64 whatever the pointer width (a 64-bit constant does
        // not fit a 32-bit usize); on 64-bit targets the same values.
        let h = ((a as u64) ^ (k as u64).rotate_left(17)).wrapping_mul(FIB_HASH);
        let i = (h >> 60) as usize % MEMO_SIZE;
        if let Some(Some((sa, sk, found))) = self.slots.get(i) {
            if *sa == a && std::ptr::eq(*sk, key) {
                return *found;
            }
        }
        let found = object.get(key);
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Some((a, key, found));
        }
        found
    }
}

fn resolve_opt<'p, 'v, J: JsonValue>(
    ptr: &'p Option<Ptr>,
    ctx: Option<Ctx<'v, J>>,
    env: &mut Env<'_, 'p, 'v, J>,
) -> Option<&'v J> {
    match ptr {
        Some(p) => resolve(p, ctx, env),
        None => ctx.map(|c| c.value),
    }
}

fn scalar_eq<J: JsonValue>(v: &J, s: &Scalar) -> bool {
    match s {
        Scalar::String(want) => v.as_str() == Some(want),
        Scalar::Number(want) => v.as_f64() == Some(*want),
        Scalar::Bool(want) => v.as_bool() == Some(*want),
    }
}

/// Evaluate a condition. A missing value equals nothing, is in no set, and
/// is "not equal" to everything.
pub(crate) fn eval<'p, 'v, J: JsonValue>(
    cond: &'p Cond,
    ctx: Option<Ctx<'v, J>>,
    env: &mut Env<'_, 'p, 'v, J>,
) -> bool {
    match cond {
        Cond::Equals(p, s) => resolve_opt(p, ctx, env).is_some_and(|v| scalar_eq(v, s)),
        Cond::NotEquals(p, s) => !resolve_opt(p, ctx, env).is_some_and(|v| scalar_eq(v, s)),
        Cond::In(p, set) => resolve_opt(p, ctx, env).is_some_and(|v| set_contains(set, v)),
        Cond::NotIn(p, set) => !resolve_opt(p, ctx, env).is_some_and(|v| set_contains(set, v)),
        Cond::Present(p, want) => resolve(p, ctx, env).is_some() == *want,
        Cond::Matches(p, re) => {
            resolve_opt(p, ctx, env).is_some_and(|v| v.as_str().is_some_and(|s| re.is_match(s)))
        }
        Cond::Contains(p, inner) => {
            if let Some(known) = p.absolute.then(|| env.memo.contains.get(cond)).flatten() {
                return known;
            }
            let holds = resolve(p, ctx, env).is_some_and(|arr| {
                arr.kind() == Kind::Array
                    && (0..arr.len().min(env.memo.max_items)).any(|i| {
                        absolute::count_item();
                        arr.item(i)
                            .is_some_and(|item| eval(inner, Some(Ctx::plain(item)), env))
                    })
            });
            if p.absolute {
                env.memo.contains.set(cond, holds);
            }
            holds
        }
        Cond::All(parts) => parts.iter().all(|c| eval(c, ctx, env)),
        Cond::Any(parts) => parts.iter().any(|c| eval(c, ctx, env)),
        Cond::Not(inner) => !eval(inner, ctx, env),
    }
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    //! The walk reads bound condition pointers from the slots it filled
    //! ([`crate::rules::plan::Bound`]); here every rule set's walk is
    //! pinned to the same walk with every pointer searching its object.

    use super::*;

    use kyc_preflight_testkit::corpus;

    /// [`check`] of a `serde_json::Value`, read into the one model.
    fn check_value<'p>(
        plan: &'p RulePlan,
        body: &serde_json::Value,
        headers: Option<Headers<'_>>,
        today: NaiveDate,
        max_items: usize,
        max_findings: usize,
    ) -> Report<'p> {
        let arena = bumpalo::Bump::new();
        let doc = doc::Doc::from_value(body, &arena, usize::MAX).unwrap();
        check(plan, &doc, headers, today, max_items, max_findings)
    }

    /// An ordinal as findings' keys hold them: small ones (most), ones
    /// near the packing's limit, and `u32::MAX` (a missing member).
    fn ordinal() -> impl proptest::strategy::Strategy<Value = u32> {
        use proptest::prelude::*;
        prop_oneof![0u32..4, 0xFFFCu32..0x10001, Just(u32::MAX), any::<u32>()]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// Packed order keys order as the ordinal slices they pack, and
        /// pack whenever they fit.
        #[test]
        fn packed_order_keys_order_as_slices(
            a in proptest::collection::vec(ordinal(), 0..10),
            b in proptest::collection::vec(ordinal(), 0..10),
        ) {
            let fits = |k: &[u32]| k.len() <= 8 && k.iter().all(|&o| o < 0xFFFE || o == u32::MAX);
            proptest::prop_assert_eq!(pack_order(&a).is_some(), fits(&a));
            if let (Some(x), Some(y)) = (pack_order(&a), pack_order(&b)) {
                proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b), "{:?} {:?}", a, b);
            }
            // A key and its own prefixes, which random pairs rarely are.
            for cut in 0..a.len() {
                if let (Some(x), Some(y)) = (pack_order(&a[..cut]), pack_order(&a)) {
                    proptest::prop_assert!(x < y);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// `gather` puts every item where the sequence says, as a copy
        /// into a new vector would.
        #[test]
        fn gather_applies_the_permutation(
            sequence in proptest::prelude::Strategy::prop_flat_map(0usize..40, |n| {
                proptest::prelude::Strategy::prop_shuffle(proptest::prelude::Just(
                    (0..n).collect::<Vec<usize>>(),
                ))
            }),
        ) {
            let items: Vec<String> = (0..sequence.len()).map(|i| format!("item {i}")).collect();
            let want: Vec<String> = sequence.iter().map(|&i| items[i].clone()).collect();
            let mut got = items;
            let mut keys: Vec<OrderKey> = sequence
                .iter()
                .map(|&index| OrderKey { order: (0, 0), packed: None, rule: 0, index })
                .collect();
            gather(&mut got, &mut keys);
            proptest::prop_assert_eq!(got, want, "{:?}", sequence);
        }
    }

    fn plans(id: &str) -> (RulePlan, RulePlan) {
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

    /// Every body, and each body with one member removed, nulled, or
    /// made an array, at the top and in the objects of its arrays
    /// (`identifying_information` entries, associated persons):
    /// conditions meet present, missing and wrong values.
    fn variations(body: &serde_json::Value) -> Vec<serde_json::Value> {
        fn edits(v: &serde_json::Value, depth: usize, out: &mut Vec<serde_json::Value>) {
            match v {
                serde_json::Value::Object(object) => {
                    for (key, member) in object {
                        for replacement in [
                            None,
                            Some(serde_json::Value::Null),
                            Some(serde_json::json!([])),
                        ] {
                            let mut changed = object.clone();
                            match replacement {
                                None => {
                                    changed.remove(key);
                                }
                                Some(r) => {
                                    changed.insert(key.clone(), r);
                                }
                            }
                            out.push(serde_json::Value::Object(changed));
                        }
                        if depth < 3 {
                            let mut inner = Vec::new();
                            edits(member, depth + 1, &mut inner);
                            for edited in inner {
                                let mut changed = object.clone();
                                changed.insert(key.clone(), edited);
                                out.push(serde_json::Value::Object(changed));
                            }
                        }
                    }
                }
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut inner = Vec::new();
                        edits(item, depth + 1, &mut inner);
                        for edited in inner {
                            let mut changed = items.clone();
                            changed[i] = edited;
                            out.push(serde_json::Value::Array(changed));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut out = vec![body.clone()];
        edits(body, 0, &mut out);
        out
    }

    fn same(id: &str, bodies: &[serde_json::Value]) {
        let (bound, unbound) = plans(id);
        let today = corpus::REF_DATE;
        for body in bodies {
            for variation in variations(body) {
                let a = check_value(&bound, &variation, None, today, 10_000, usize::MAX);
                let b = check_value(&unbound, &variation, None, today, 10_000, usize::MAX);
                assert_eq!(
                    serde_json::to_value(&a).unwrap(),
                    serde_json::to_value(&b).unwrap(),
                    "{id}: {variation}"
                );
            }
        }
    }

    #[test]
    fn bound_pointers_read_what_searching_finds_kira_corpus() {
        let mut generator = corpus::Generator::new(7);
        let bodies: Vec<serde_json::Value> = (0..20).map(|_| generator.mixed().0).collect();
        same("kira/create-user", &bodies);
    }

    /// Findings whose order keys do not pack (a member past ordinal
    /// 65,533) are sorted by their ordinal slices, into the same order:
    /// unknown members in front of every real one move their ordinals, not
    /// their order.
    #[test]
    fn unpacked_order_keys_sort_as_packed_ones() {
        let (plan, _) = plans("kira/create-user");
        let mut generator = corpus::Generator::new(11).with_defect_share(1.0);
        let mut sorted = 0;
        for _ in 0..10 {
            let (body, _) = generator.mixed();
            let serde_json::Value::Object(members) = &body else {
                panic!("an object")
            };
            let mut padded = serde_json::Map::new();
            for i in 0..70_000 {
                padded.insert(format!("x{i}"), serde_json::Value::Null);
            }
            padded.extend(members.clone());
            let padded = serde_json::Value::Object(padded);
            let a = check_value(&plan, &body, None, corpus::REF_DATE, 10_000, usize::MAX);
            let b = check_value(&plan, &padded, None, corpus::REF_DATE, 10_000, usize::MAX);
            assert_eq!(
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap()
            );
            sorted += a.findings.len();
        }
        assert!(sorted > 20, "{sorted} findings");
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

    #[test]
    fn bound_pointers_read_what_searching_finds_every_rule_set() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        for id in crate::Catalog::embedded().ids() {
            let dir = root.join(id).join("valid");
            let mut bodies = Vec::new();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                // A fixture is the body itself, or holds it under `body`.
                bodies.push(value.get("body").cloned().unwrap_or(value));
            }
            assert!(!bodies.is_empty(), "{id}: no valid fixtures");
            same(id, &bodies);
        }
    }
}
