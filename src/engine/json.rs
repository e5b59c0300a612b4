//! The few things the engine asks of a parsed JSON value.
//!
//! The engine is written against this trait rather than one parser's type,
//! so a caller can check a `serde_json::Value` today and a faster parser's
//! value later without a second engine.

use sonic_rs::JsonContainerTrait;

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
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
    pub const fn describe(self) -> &'static str {
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
pub trait JsonValue {
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
    /// No items or members (or not a container).
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Position of member `key` among the object's members, in document order.
    fn key_ordinal(&self, key: &str) -> Option<usize>;
    /// Call `f` with every member of an object, in document order; nothing
    /// for other values. With duplicate keys, every occurrence is passed
    /// (the engine checks the first and reports the duplicate).
    fn for_each_member<'a, F: FnMut(&'a str, &'a Self)>(&'a self, f: F);
}

impl JsonValue for serde_json::Value {
    fn kind(&self) -> Kind {
        match self {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(_) => Kind::Number,
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Array(_) => Kind::Array,
            serde_json::Value::Object(_) => Kind::Object,
        }
    }
    fn as_str(&self) -> Option<&str> {
        serde_json::Value::as_str(self)
    }
    fn as_bool(&self) -> Option<bool> {
        serde_json::Value::as_bool(self)
    }
    fn as_f64(&self) -> Option<f64> {
        serde_json::Value::as_f64(self)
    }
    fn is_integer(&self) -> bool {
        match self {
            serde_json::Value::Number(n) => {
                n.is_i64()
                    || n.is_u64()
                    || n.as_f64()
                        .is_some_and(|f| f.is_finite() && f.fract() == 0.0)
            }
            _ => false,
        }
    }
    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            serde_json::Value::Object(map) => map.get(key),
            _ => None,
        }
    }
    fn item(&self, index: usize) -> Option<&Self> {
        match self {
            serde_json::Value::Array(items) => items.get(index),
            _ => None,
        }
    }
    fn len(&self) -> usize {
        match self {
            serde_json::Value::Array(items) => items.len(),
            serde_json::Value::Object(map) => map.len(),
            _ => 0,
        }
    }
    fn key_ordinal(&self, key: &str) -> Option<usize> {
        match self {
            serde_json::Value::Object(map) => map.keys().position(|k| k == key),
            _ => None,
        }
    }
    fn for_each_member<'a, F: FnMut(&'a str, &'a Self)>(&'a self, mut f: F) {
        if let serde_json::Value::Object(map) = self {
            for (k, v) in map {
                f(k, v);
            }
        }
    }
}

impl JsonValue for sonic_rs::Value {
    // `JsonContainerTrait` gives `as_object`/`as_array`.
    fn kind(&self) -> Kind {
        use sonic_rs::{JsonType, JsonValueTrait};
        match self.get_type() {
            JsonType::Null => Kind::Null,
            JsonType::Boolean => Kind::Bool,
            JsonType::Number => Kind::Number,
            JsonType::String => Kind::String,
            JsonType::Array => Kind::Array,
            JsonType::Object => Kind::Object,
        }
    }
    fn as_str(&self) -> Option<&str> {
        sonic_rs::JsonValueTrait::as_str(self)
    }
    fn as_bool(&self) -> Option<bool> {
        sonic_rs::JsonValueTrait::as_bool(self)
    }
    fn as_f64(&self) -> Option<f64> {
        sonic_rs::JsonValueTrait::as_f64(self)
    }
    fn is_integer(&self) -> bool {
        use sonic_rs::JsonValueTrait;
        self.is_i64()
            || self.is_u64()
            || JsonValueTrait::as_f64(self).is_some_and(|f| f.is_finite() && f.fract() == 0.0)
    }
    fn get(&self, key: &str) -> Option<&Self> {
        // The first of duplicate keys, as the engine's walk keeps (it
        // reports the duplicate); a linear scan, which for the short
        // objects of a payload beats hashing.
        self.as_object()?.get(&key)
    }
    fn item(&self, index: usize) -> Option<&Self> {
        self.as_array().and_then(|items| items.get(index))
    }
    fn len(&self) -> usize {
        if let Some(items) = self.as_array() {
            items.len()
        } else if let Some(object) = self.as_object() {
            object.len()
        } else {
            0
        }
    }
    fn key_ordinal(&self, key: &str) -> Option<usize> {
        let object = self.as_object()?;
        object.iter().position(|(k, _)| k == key)
    }
    fn for_each_member<'a, F: FnMut(&'a str, &'a Self)>(&'a self, mut f: F) {
        if let Some(object) = self.as_object() {
            for (k, v) in object.iter() {
                f(k, v);
            }
        }
    }
}
