//! The README's rule-language reference ("Writing a rule set") names every
//! key the compiler accepts: each raw entry's serde field list, read with
//! a capturing deserializer, against its row of the README's table, and the
//! compiler's own lists (top-level keys, check kinds, types, formats, error
//! bodies) against theirs. A key added to the language without a line in
//! the reference fails here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde::de::{self, Deserialize, Visitor};

use super::compile::{CHECK_KINDS, TOP_KEYS};
use super::plan::Types;
use super::raw::*;
use super::ErrorBody;
use crate::formats::Format;

const README: &str = include_str!("../../README.md");

/// A deserializer that only records the field names `deserialize_struct`
/// is called with (serde's derive passes the renamed names).
struct Capture<'a>(&'a mut Vec<&'static str>);

impl<'de> de::Deserializer<'de> for Capture<'_> {
    type Error = de::value::Error;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.extend_from_slice(fields);
        Err(de::Error::custom("fields captured"))
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

fn fields<T: for<'de> Deserialize<'de>>() -> Vec<&'static str> {
    let mut out = Vec::new();
    let _ = T::deserialize(Capture(&mut out));
    assert!(!out.is_empty(), "{}", std::any::type_name::<T>());
    out
}

/// The README table row whose first cell is `entry`.
fn row(entry: &str) -> &'static str {
    let head = format!("| {entry} |");
    README
        .lines()
        .find(|l| l.starts_with(&head))
        .unwrap_or_else(|| panic!("README has no reference row `{head}`"))
}

/// `key` is named in `row`: `` `key` ``, `` `key = …` ``, `` `[key]` `` or
/// `` `[[key]]` ``.
fn names(row: &str, key: &str) -> bool {
    [
        format!("`{key}`"),
        format!("`{key} "),
        format!("`[{key}]`"),
        format!("`[[{key}]]`"),
    ]
    .iter()
    .any(|form| row.contains(form.as_str()))
}

fn assert_row_names(entry: &str, keys: &[&str]) {
    let text = row(entry);
    let missing: Vec<&&str> = keys.iter().filter(|k| !names(text, k)).collect();
    assert!(
        missing.is_empty(),
        "README row {entry} does not name {missing:?}"
    );
}

#[test]
fn every_entry_row_names_every_key_the_compiler_accepts() {
    assert_row_names("top level", &TOP_KEYS);
    assert_row_names("`[[gate]]`", &fields::<RawGate>());
    assert_row_names("`[[variant]]`", &fields::<RawVariant>());
    assert_row_names("`[[field]]`", &fields::<RawField>());
    assert_row_names("`require`/`forbid` entry", &fields::<RawRequirement>());
    assert_row_names("`file`", &fields::<RawFile>());
    assert_row_names("`[[collection]]`", &fields::<RawCollection>());
    assert_row_names("`sum`", &fields::<RawSum>());
    assert_row_names("`allowed_by`", &fields::<RawAllowedBy>());
    assert_row_names("`[[header]]`", &fields::<RawHeader>());
    assert_row_names("condition", &fields::<RawCond>());
}

#[test]
fn the_value_lists_are_the_compilers() {
    assert_row_names("`gates`", CHECK_KINDS);
    let types: Vec<&str> = Types::NAMES.iter().map(|(n, _)| *n).collect();
    assert_row_names("`[[field]]`", &types);
    let formats: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    assert_row_names("format names", &formats);
    let bodies: Vec<&str> = ErrorBody::ALL.iter().map(|(n, _)| *n).collect();
    assert_row_names("`error_body`", &bodies);
}

#[test]
fn a_key_the_reference_lacks_is_found() {
    assert!(!names(row("`[[gate]]`"), "colour"));
    assert!(names(row("`[[field]]`"), "required"));
}
