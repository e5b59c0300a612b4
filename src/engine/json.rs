//! The few things the engine asks of a parsed JSON value.
//!
//! The engine is written against this trait rather than one parser's type,
//! so a caller can check a `serde_json::Value` today and a faster parser's
//! value later without a second engine.

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
}
