//! Conditions (`when`, `only_if`, variant selection, collection rules):
//! pointers resolved from the slots the walk filled when the compiler
//! bound them, by searching the object otherwise, with a small memo of the
//! searches; and the path segments both conditions and findings use.

use super::absolute;
use super::json::{JsonValue, Kind};
use super::walk::Walk;
use crate::checks::set_contains;
use crate::rules::plan::{applies, Cond, Ptr, Scalar, VariantMask};

/// One step of the path from the root to the value being checked.
#[derive(Clone, Copy)]
pub(super) enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

/// An object conditions start from: its value and, when its members were
/// matched to a plan node's, that node's id and where its slots begin.
pub(super) struct Ctx<'v, J> {
    pub(super) value: &'v J,
    /// [`crate::rules::plan::Node::id`], or [`NO_NODE`] when no slots were filled for it.
    pub(super) node: u32,
    pub(super) base: usize,
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
    pub(super) fn plain(value: &'v J) -> Self {
        Ctx {
            value,
            node: NO_NODE,
            base: 0,
        }
    }
}

/// A member the walk matched: its value and position in its object.
pub(super) type Slot<'v, J> = Option<(&'v J, u32)>;

/// What condition pointers are resolved against.
pub(super) struct Env<'a, 'p, 'v, J> {
    /// The payload root, with its slots once the walk has matched them.
    root: Ctx<'v, J>,
    slots: &'a [Slot<'v, J>],
    memo: &'a mut Memo<'p, 'v, J>,
}

pub(super) fn push_segment(path: &mut String, seg: Seg<'_>) {
    match seg {
        Seg::Key(k) => crate::pointer::push_token(path, k),
        Seg::Index(i) => {
            path.push('/');
            path.push_str(itoa::Buffer::new().format(i));
        }
    }
}

pub(super) fn lookup<'v, J: JsonValue>(container: &'v J, seg: Seg<'_>) -> Option<&'v J> {
    match seg {
        Seg::Key(k) => container.get(k),
        Seg::Index(i) => container.item(i),
    }
}

/// Resolve a condition pointer: absolute from the root, relative from
/// `ctx`. A bound first segment ([`crate::rules::plan::Bound`]) is read
/// from the slots the walk filled for that object.
pub(super) fn resolve<'p, 'v, J: JsonValue>(
    ptr: &'p Ptr,
    ctx: Option<Ctx<'v, J>>,
    env: &mut Env<'_, 'p, 'v, J>,
) -> Option<&'v J> {
    let start = if ptr.absolute { env.root } else { ctx? };
    let mut segments = ptr.segments.iter();
    let mut here = Some(start.value);
    if let Some(bound) = ptr.bound
        && bound.node == start.node
    {
        segments.next();
        here = env
            .slots
            .get(start.base + bound.member as usize)
            .copied()
            .flatten()
            .map(|(v, _)| v);
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
pub(super) struct Memo<'p, 'v, J> {
    pub(super) slots: [Option<MemoEntry<'p, 'v, J>>; MEMO_SIZE],
    /// Items of one array conditions look at ([`crate::input::Limits::max_items`]).
    pub(super) max_items: usize,
    /// `contains` conditions on absolute pointers, evaluated once a walk
    /// (see [`absolute::Contains`]).
    pub(super) contains: absolute::Contains,
}

/// Entries of a [`Memo`]: the lookups left to it are those into objects
/// the walk did not match (array items inside `contains`, collection
/// items), a handful per payload.
const MEMO_SIZE: usize = 16;

/// 2^64 / φ: Fibonacci hashing's multiplier (Knuth, TAOCP vol. 3, §6.4).
const FIB_HASH: u64 = 0x9E37_79B9_7F4A_7C15;

type MemoEntry<'p, 'v, J> = (usize, &'p str, Option<&'v J>);

impl<'p, 'v, J: JsonValue> Memo<'p, 'v, J> {
    pub(super) fn new(max_items: usize) -> Self {
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
        if let Some(Some((sa, sk, found))) = self.slots.get(i)
            && *sa == a
            && std::ptr::eq(*sk, key)
        {
            return *found;
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
pub(super) fn eval<'p, 'v, J: JsonValue>(
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

impl<'p, 'v, J: JsonValue> Walk<'p, 'v, J> {
    pub(super) fn applies(
        &mut self,
        mask: VariantMask,
        when: Option<&'p Cond>,
        ctx: Option<Ctx<'v, J>>,
    ) -> bool {
        applies(mask, self.variant) && when.is_none_or(|c| eval(c, ctx, &mut self.env()))
    }

    pub(super) fn env(&mut self) -> Env<'_, 'p, 'v, J> {
        Env {
            root: self.root_ctx,
            slots: &self.slots,
            memo: &mut self.memo,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    //! The walk reads bound condition pointers from the slots it filled
    //! ([`crate::rules::plan::Bound`]); here every rule set's walk is
    //! pinned to the same walk with every pointer searching its object,
    //! and the memo's answers to the object's own.

    use super::*;
    use crate::engine::doc::Doc;
    use crate::engine::testing::{check_value, plans};

    use kyc_preflight_testkit::corpus;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        /// The memo answers every lookup as the object itself does, in any
        /// order of asking: repeats, keys of the same text at two
        /// addresses (two entries), and more pairs than its 16 entries, so
        /// that entries collide and are replaced.
        #[test]
        fn memo_answers_as_the_object_does(
            asks in proptest::collection::vec((0usize..8, 0usize..6), 0..300),
        ) {
            let values: Vec<serde_json::Value> = (0..8)
                .map(|i| match i % 3 {
                    0 => serde_json::json!({ "type": "ssn", "a": i, "b": [i] }),
                    1 => serde_json::json!({ "b": null, "type": i }),
                    _ => serde_json::json!({}),
                })
                .collect();
            let arena = bumpalo::Bump::new();
            let docs: Vec<Doc<'_>> = values
                .iter()
                .map(|v| Doc::from_value(v, &arena, usize::MAX).unwrap())
                .collect();
            // The plan's keys: "type" twice, at two addresses.
            let keys: Vec<Box<str>> = ["type", "a", "b", "c", "type", ""]
                .iter()
                .map(|k| Box::from(*k))
                .collect();
            let mut memo = Memo::new(10);
            for (o, k) in asks {
                let (object, key) = (&docs[o], &*keys[k]);
                let got = memo.get(object, key).map(std::ptr::from_ref);
                let want = object.get(key).map(std::ptr::from_ref);
                proptest::prop_assert_eq!(got, want, "object {} key {:?}", o, key);
            }
        }
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
