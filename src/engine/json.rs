//! The few things the engine asks of a parsed JSON value.
//!
//! Crate-private: [`super::doc::Doc`] is its one implementation, so the
//! engine walks one model whichever way a body came in.

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// "a string", "an object", … for messages.
    pub(crate) const fn describe(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Array => "an array",
            Kind::Object => "an object",
        }
    }
}

/// A parsed JSON value the engine can walk.
pub(crate) trait JsonValue {
    /// Its JSON type.
    fn kind(&self) -> Kind;
    /// The string, if it is one.
    fn as_str(&self) -> Option<&str>;
    /// The boolean, if it is one.
    fn as_bool(&self) -> Option<bool>;
    /// The number as `f64`, if it is one.
    fn as_f64(&self) -> Option<f64>;
    /// Is it a number with no fractional part (JSON Schema's "integer")?
    fn is_integer(&self) -> bool;
    /// The member `key`, if this is an object that has it.
    fn get(&self, key: &str) -> Option<&Self>;
    /// Item `index`, if this is an array that long.
    fn item(&self, index: usize) -> Option<&Self>;
    /// Number of items (array) or members (object); 0 otherwise.
    fn len(&self) -> usize;
    /// Position of member `key` among the object's members, in document order.
    fn key_ordinal(&self, key: &str) -> Option<usize>;
    /// Call `f` with every member of an object, in document order; nothing
    /// for other values. With duplicate keys, every occurrence is passed
    /// (the engine checks the first and reports the duplicate).
    fn for_each_member<'a, F: FnMut(&'a str, &'a Self)>(&'a self, f: F);

    /// Its type in words, for messages: "a string", "a fractional
    /// number", …
    fn describe(&self) -> &'static str {
        match self.kind() {
            Kind::Number if !self.is_integer() => "a fractional number",
            other => other.describe(),
        }
    }
}
