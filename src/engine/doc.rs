//! The one payload model: a parsed JSON document in an arena, the only
//! value the engine walks.
//!
//! A serde deserializer hands each value to [`DocSeed`], which builds a
//! [`Doc`] in a [`bumpalo::Bump`]: sonic-rs's (SIMD) on the one pass
//! [`crate::RuleSet::check_bytes`] makes over a usual body, serde_json's
//! for a deeper body and on the exact path that names an input error, and
//! a `serde_json::Value`'s own for [`crate::RuleSet::check`]. Whichever
//! deserializer feeds it, every member of every object is kept in document
//! order, duplicates included, and lookups take the first: one duplicate
//! rule for every entry point and depth. Strings without escapes are
//! borrowed from the input, arrays and objects are slices in the arena, so
//! reading a value is one `match` on a small enum. (Reading a
//! `sonic_rs::Value`, whose accessors find their document's header on
//! every call, was about a fifth of the cost of checking a Kira payload.)

use std::fmt;

use bumpalo::Bump;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::json::{JsonValue, Kind};

/// One JSON value; containers and escaped strings live in the arena `'a`,
/// other strings in the input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Doc<'a> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits `i64` (negative ones, as serde hands them).
    I64(i64),
    /// A non-negative integer that fits `u64`.
    U64(u64),
    /// Any other number, as the nearest `f64`.
    F64(f64),
    /// A string, unescaped.
    Str(&'a str),
    /// An array's items, in order.
    Array(&'a [Doc<'a>]),
    /// An object's members, in document order, duplicates kept.
    Object(&'a [(&'a str, Doc<'a>)]),
}

impl<'a> Doc<'a> {
    /// The same model for a `serde_json::Value`, at most `max_depth`
    /// containers deep (`None` past it). Strings are borrowed from
    /// `value`. A `Value` has already dropped all but the last of
    /// duplicate keys, so the `Doc` cannot show them.
    pub(crate) fn from_value(
        value: &'a serde_json::Value,
        arena: &'a Bump,
        max_depth: usize,
    ) -> Option<Doc<'a>> {
        DocSeed::new(arena, max_depth).deserialize(value).ok()
    }

    /// Parse `text` into `arena` with serde_json, without its recursion
    /// limit (128 levels, which refuses a body exactly 128 deep): for text
    /// whose depth has been measured and bounded already (`input`'s linear
    /// scan). Strings without escapes are borrowed from `text`.
    ///
    /// # Errors
    ///
    /// serde_json's error for text that is not one JSON value.
    pub(crate) fn parse_measured(
        text: &'a str,
        arena: &'a Bump,
    ) -> Result<Doc<'a>, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        de.disable_recursion_limit();
        let doc = DocSeed::new(arena, usize::MAX).deserialize(&mut de)?;
        de.end()?;
        Ok(doc)
    }

    /// Parse `bytes` into `arena` with sonic-rs if they are one JSON value
    /// nested at most `max_depth` deep (`{}` is 1 deep, a scalar 0); `None`
    /// otherwise, for any reason: the caller's exact path says which.
    /// Whatever this accepts is valid UTF-8 (sonic-rs's `from_slice`
    /// validates it), and the recursion stops at `max_depth`.
    pub(crate) fn parse_within(
        bytes: &'a [u8],
        arena: &'a Bump,
        max_depth: usize,
    ) -> Option<Doc<'a>> {
        Self::parse_sonic(sonic_rs::Deserializer::from_slice(bytes), arena, max_depth)
    }

    /// [`Doc::parse_within`] for text already known to be UTF-8 (a
    /// `&str`), which sonic-rs then does not validate again.
    pub(crate) fn parse_text_within(
        text: &'a str,
        arena: &'a Bump,
        max_depth: usize,
    ) -> Option<Doc<'a>> {
        Self::parse_sonic(sonic_rs::Deserializer::from_str(text), arena, max_depth)
    }

    fn parse_sonic(
        mut de: sonic_rs::Deserializer<sonic_rs::Read<'a>>,
        arena: &'a Bump,
        max_depth: usize,
    ) -> Option<Doc<'a>> {
        let doc = DocSeed::new(arena, max_depth).deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(doc)
    }
}

/// Builds a [`Doc`] in an arena from any serde deserializer, refusing
/// containers nested deeper than it was told.
#[derive(Clone, Copy)]
pub(crate) struct DocSeed<'a> {
    arena: &'a Bump,
    /// Containers that may still be opened, this one included.
    depth_left: usize,
}

impl<'a> DocSeed<'a> {
    /// A seed for values in `arena`, at most `max_depth` containers deep.
    pub(crate) fn new(arena: &'a Bump, max_depth: usize) -> Self {
        DocSeed {
            arena,
            depth_left: max_depth,
        }
    }

    /// The seed for the values inside a container, or the error for one
    /// nested too deep.
    fn inside<E: serde::de::Error>(self) -> Result<Self, E> {
        match self.depth_left.checked_sub(1) {
            Some(depth_left) => Ok(DocSeed { depth_left, ..self }),
            None => Err(E::custom("nested too deep")),
        }
    }
}

impl<'de: 'a, 'a> DeserializeSeed<'de> for DocSeed<'a> {
    type Value = Doc<'a>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Doc<'a>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for DocSeed<'a> {
    type Value = Doc<'a>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Doc<'a>, E> {
        Ok(Doc::Null)
    }
    fn visit_none<E>(self) -> Result<Doc<'a>, E> {
        Ok(Doc::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Doc<'a>, E> {
        Ok(Doc::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Doc<'a>, E> {
        Ok(Doc::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Doc<'a>, E> {
        Ok(Doc::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Doc<'a>, E> {
        Ok(Doc::F64(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Doc<'a>, E> {
        Ok(Doc::Str(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Doc<'a>, E> {
        Ok(Doc::Str(self.arena.alloc_str(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc<'a>, A::Error> {
        let inner = self.inside()?;
        let mut items =
            bumpalo::collections::Vec::with_capacity_in(seq.size_hint().unwrap_or(4), self.arena);
        while let Some(item) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Doc::Array(items.into_bump_slice()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc<'a>, A::Error> {
        let inner = self.inside()?;
        let mut members =
            bumpalo::collections::Vec::with_capacity_in(map.size_hint().unwrap_or(8), self.arena);
        while let Some(key) = map.next_key_seed(KeySeed(self.arena))? {
            let value = map.next_value_seed(inner)?;
            members.push((key, value));
        }
        Ok(Doc::Object(members.into_bump_slice()))
    }
}

/// An object key: borrowed, or unescaped into the arena.
struct KeySeed<'a>(&'a Bump);

impl<'de: 'a, 'a> DeserializeSeed<'de> for KeySeed<'a> {
    type Value = &'a str;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<&'a str, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de: 'a, 'a> Visitor<'de> for KeySeed<'a> {
    type Value = &'a str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<&'a str, E> {
        Ok(v)
    }
    fn visit_str<E>(self, v: &str) -> Result<&'a str, E> {
        Ok(self.0.alloc_str(v))
    }
}

impl JsonValue for Doc<'_> {
    fn kind(&self) -> Kind {
        match self {
            Doc::Null => Kind::Null,
            Doc::Bool(_) => Kind::Bool,
            Doc::I64(_) | Doc::U64(_) | Doc::F64(_) => Kind::Number,
            Doc::Str(_) => Kind::String,
            Doc::Array(_) => Kind::Array,
            Doc::Object(_) => Kind::Object,
        }
    }
    fn as_str(&self) -> Option<&str> {
        match self {
            Doc::Str(s) => Some(s),
            _ => None,
        }
    }
    fn as_bool(&self) -> Option<bool> {
        match self {
            Doc::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn as_f64(&self) -> Option<f64> {
        match *self {
            Doc::I64(n) => Some(n as f64),
            Doc::U64(n) => Some(n as f64),
            Doc::F64(n) => Some(n),
            _ => None,
        }
    }
    fn is_integer(&self) -> bool {
        match *self {
            Doc::I64(_) | Doc::U64(_) => true,
            Doc::F64(f) => f.is_finite() && f.fract() == 0.0,
            _ => false,
        }
    }
    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Doc::Object(members) => members.iter().find(|(k, _)| *k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn item(&self, index: usize) -> Option<&Self> {
        match self {
            Doc::Array(items) => items.get(index),
            _ => None,
        }
    }
    fn len(&self) -> usize {
        match self {
            Doc::Array(items) => items.len(),
            Doc::Object(members) => members.len(),
            _ => 0,
        }
    }
    fn key_ordinal(&self, key: &str) -> Option<usize> {
        match self {
            Doc::Object(members) => members.iter().position(|(k, _)| *k == key),
            _ => None,
        }
    }
    fn for_each_member<'b, F: FnMut(&'b str, &'b Self)>(&'b self, mut f: F) {
        if let Doc::Object(members) = self {
            for (k, v) in members.iter() {
                f(k, v);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The same value, as serde_json reads it (duplicate keys aside:
    /// serde_json keeps the last, a `Doc` every one).
    fn same(doc: &Doc<'_>, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (doc, value) {
            (Doc::Null, Value::Null) => true,
            (Doc::Bool(a), Value::Bool(b)) => a == b,
            (Doc::I64(_) | Doc::U64(_) | Doc::F64(_), Value::Number(n)) => {
                doc.as_f64() == n.as_f64()
                    && doc.is_integer()
                        == (n.is_i64()
                            || n.is_u64()
                            || n.as_f64().is_some_and(|f| f.fract() == 0.0))
            }
            (Doc::Str(a), Value::String(b)) => a == b,
            (Doc::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
            }
            (Doc::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|((k, x), (l, y))| k == l && same(x, y))
            }
            _ => false,
        }
    }

    fn json() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
            "[\"\\\\/\n\t\u{1}é😀a-z]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-z\"é\\\\]{0,6}", inner), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        /// Both parsers (serde_json for `parse`, sonic-rs for
        /// `parse_within`) read any JSON text as serde_json does.
        #[test]
        fn reads_what_serde_json_reads(value in json(), pretty in any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let arena = Bump::new();
            let doc = Doc::parse_measured(&text, &arena).unwrap();
            prop_assert!(same(&doc, &value), "{text}");
            let fast = Doc::parse_within(text.as_bytes(), &arena, usize::MAX).unwrap();
            prop_assert!(same(&fast, &value), "{text}");
        }
    }

    #[test]
    fn escapes_are_unescaped_into_the_arena() {
        let arena = Bump::new();
        let text = r#"{"a\"b": "line\nbreak \u00e9 \ud83d\ude00", "plain": "x"}"#;
        for doc in [
            Doc::parse_measured(text, &arena).unwrap(),
            Doc::parse_within(text.as_bytes(), &arena, 8).unwrap(),
        ] {
            let Doc::Object(members) = doc else {
                panic!("{doc:?}")
            };
            assert_eq!(members[0], ("a\"b", Doc::Str("line\nbreak é 😀")));
            // Without escapes, borrowed from the text itself.
            let Doc::Str(plain) = members[1].1 else {
                panic!()
            };
            assert!(text.as_bytes().as_ptr_range().contains(&plain.as_ptr()));
        }
    }

    #[test]
    fn duplicate_keys_are_all_kept_in_order() {
        let arena = Bump::new();
        let doc = Doc::parse_measured(r#"{"a": 1, "b": 2, "a": 3}"#, &arena).unwrap();
        assert_eq!(
            doc,
            Doc::Object(&[("a", Doc::U64(1)), ("b", Doc::U64(2)), ("a", Doc::U64(3))])
        );
        assert_eq!(
            doc.get("a"),
            Some(&Doc::U64(1)),
            "the first, as the engine checks"
        );
        assert_eq!(doc.key_ordinal("b"), Some(1));
    }

    #[test]
    fn numbers_keep_their_kind() {
        let arena = Bump::new();
        let doc = Doc::parse_measured(
            r#"[-3, 18446744073709551615, 2.5, 1e2, 1e400000000000]"#,
            &arena,
        );
        assert!(doc.is_err(), "out of range, as serde_json says");
        let doc = Doc::parse_measured(
            r#"[-3, 18446744073709551615, 2.5, 1e2, 18446744073709551616]"#,
            &arena,
        )
        .unwrap();
        let Doc::Array(items) = doc else { panic!() };
        assert_eq!(items[0], Doc::I64(-3));
        assert_eq!(items[1], Doc::U64(u64::MAX));
        assert_eq!(items[2], Doc::F64(2.5));
        assert!(items[3].is_integer() && items[3].as_f64() == Some(100.0));
        assert_eq!(items[4].kind(), Kind::Number);
        assert!(!items[2].is_integer());
    }

    #[test]
    fn parse_within_stops_at_the_depth_it_is_given() {
        let arena = Bump::new();
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(Doc::parse_within(b"1", &arena, 0).is_some());
        assert!(Doc::parse_within(b"{}", &arena, 0).is_none());
        assert!(Doc::parse_within(nest(16).as_bytes(), &arena, 16).is_some());
        assert!(Doc::parse_within(nest(17).as_bytes(), &arena, 16).is_none());
        assert!(Doc::parse_within(br#"{"a": [{"b": 1}]}"#, &arena, 3).is_some());
        assert!(Doc::parse_within(br#"{"a": [{"b": {}}]}"#, &arena, 3).is_none());
    }

    #[test]
    fn parse_within_refuses_what_is_not_one_json_text() {
        let arena = Bump::new();
        for bad in [
            &b""[..],
            b"   ",
            b"{\"a\": 1} x",
            b"{\"a\": 1,}",
            b"[01]",
            b"[NaN]",
            b"{\"a\": \"\xFF\"}",
            b"{\"a\": \"\xED\xA0\x80\"}",
            b"\xEF\xBB\xBF{}",
            b"{\"a\": \"raw\ncontrol\"}",
            b"{\"a\": \"\\x\"}",
            b"{\"a\": \"\\ud800\"}",
            b"{\"a\": \"\\udc00x\"}",
            b"{\"a\": 1e400}",
            b"{\"a\": -}",
            b"{\"a\": tru}",
            b"{a: 1}",
        ] {
            assert!(
                Doc::parse_within(bad, &arena, 16).is_none(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
            assert!(serde_json::from_slice::<serde_json::Value>(bad).is_err());
        }
    }
}
