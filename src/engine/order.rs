//! Finding order: each finding is built whole where it is made
//! ([`Walk::emit_whole`], never patched after), its place in the report
//! kept beside it as an [`OrderKey`], and the findings put in document
//! order once the walk is done ([`in_document_order`]). Past
//! [`crate::input::Limits::max_findings`] nothing more is kept, and one
//! `limit.findings` error says so.

use std::borrow::Cow;

use super::conditions::{lookup, push_segment, Seg};
use super::json::JsonValue;
use super::limits;
use super::walk::Walk;
use crate::report::{Detail, Finding, Location};
use crate::rules::plan::{GateId, API_GATE};
use crate::Severity;

/// The order key ordinal of a missing member: it sorts after every
/// present one.
pub(super) const MISSING: u32 = u32::MAX;

/// Where a finding goes in the report: kept beside the findings, not in
/// them, so that sorting moves these few bytes and each finding moves once.
pub(super) struct OrderKey {
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
/// object, an item's index, [`MISSING`] for a missing member) packed into
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
            MISSING => 0xFFFF,
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
pub(super) struct Extra<'p> {
    pub(super) rule: Option<Cow<'p, str>>,
    pub(super) source: Option<Cow<'p, str>>,
    pub(super) detail: Option<Detail>,
}

impl<'p> Extra<'p> {
    /// The requirement's own source, when it cites one.
    pub(super) fn cited(source: Option<&'p str>) -> Self {
        Extra {
            source: source.map(Cow::Borrowed),
            ..Extra::default()
        }
    }

    /// Renderer detail.
    pub(super) fn detailed(detail: Detail) -> Self {
        Extra {
            detail: Some(detail),
            ..Extra::default()
        }
    }
}

/// `found` in document order: the keys are sorted, then the findings moved
/// to match; ties keep the order the rules are declared in, then emission
/// order (the index). `orders` holds the keys' ordinal slices.
pub(super) fn in_document_order<'p>(
    mut found: Vec<Finding<'p>>,
    keys: &mut [OrderKey],
    orders: &[u32],
) -> Vec<Finding<'p>> {
    if keys.iter().all(|k| k.packed.is_some()) {
        keys.sort_unstable_by_key(|k| (k.packed, k.rule, k.index));
    } else {
        let key = |k: &OrderKey| {
            let (start, end) = k.order;
            orders.get(start as usize..end as usize).unwrap_or_default()
        };
        keys.sort_by(|a, b| key(a).cmp(key(b)).then(a.rule.cmp(&b.rule)));
    }
    gather(&mut found, keys);
    found
}

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    /// Record a finding at the current path, or at `extra` below it, with
    /// its rule's id and source.
    pub(super) fn emit(
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
    pub(super) fn emit_whole(
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
        let mut path = match self.paths.pop() {
            Some(mut kept) => {
                kept.reserve(len);
                kept
            }
            None => String::with_capacity(len),
        };
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
                .push(ordinal.map_or(MISSING, |o| u32::try_from(o).unwrap_or(u32::MAX)));
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

    /// More findings than [`crate::input::Limits::max_findings`]: the
    /// walk stopped keeping them, so what it did not keep went unchecked
    /// as far as the report can tell. One error at the first gate, at the
    /// root, past the limit.
    pub(super) fn too_many_findings(&mut self, max: usize) {
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
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::engine::testing::{check_value, plans};

    use kyc_preflight_testkit::corpus;

    /// An ordinal as findings' keys hold them: small ones (most), ones
    /// near the packing's limit, and [`MISSING`] (a missing member).
    fn ordinal() -> impl proptest::strategy::Strategy<Value = u32> {
        use proptest::prelude::*;
        prop_oneof![0u32..4, 0xFFFCu32..0x10001, Just(MISSING), any::<u32>()]
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
            let fits = |k: &[u32]| k.len() <= 8 && k.iter().all(|&o| o < 0xFFFE || o == MISSING);
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
}
