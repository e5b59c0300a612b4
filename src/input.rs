//! Reading a request body: size and nesting limits, then JSON, refusing
//! anything that cannot be checked with one clear, positioned error.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::input::{parse_body, InputError, Limits};
//!
//! let body = parse_body(br#"{"type": "individual"}"#, &Limits::default())?;
//! assert_eq!(body["type"], "individual");
//!
//! let err = parse_body(b"[1, 2]", &Limits::default()).unwrap_err();
//! assert!(matches!(err, InputError::NotAnObject { .. }));
//! assert_eq!(err.to_string(), "the body must be a JSON object, not an array");
//! # Ok::<(), InputError>(())
//! ```

use serde_json::Value;

/// Limits on what [`parse_body`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes. Default 64 MiB: room for several 10 MB
    /// documents as base64.
    pub max_bytes: usize,
    /// Deepest nesting of objects and arrays. Default 64 (a KYC payload
    /// nests about 6 deep); at most 128, serde_json's own limit.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 64,
        }
    }
}

/// Why a body cannot be checked. Positions are 1-based; columns count bytes
/// as serde_json does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// Nothing, or only white space.
    #[error("the input is empty")]
    Empty,
    /// Over [`Limits::max_bytes`].
    #[error("the input is {size} bytes, over the {max}-byte limit")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Not UTF-8 (RFC 8259 §8.1: JSON text exchanged between systems is UTF-8).
    #[error("line {line}, column {column}: not valid UTF-8 (JSON text must be UTF-8)")]
    NotUtf8 {
        /// Line of the first bad byte.
        line: usize,
        /// Column of the first bad byte.
        column: usize,
    },
    /// Starts with a byte order mark, which JSON text must not (RFC 8259 §8.1).
    #[error("line 1, column 1: the input starts with a UTF-8 byte order mark; remove it (RFC 8259 §8.1)")]
    ByteOrderMark,
    /// Nested deeper than [`Limits::max_depth`].
    #[error("line {line}, column {column}: nested deeper than {max} levels")]
    TooDeep {
        /// Where the limit was passed.
        line: usize,
        /// Where the limit was passed.
        column: usize,
        /// The limit.
        max: usize,
    },
    /// Not JSON: a syntax error, truncated text, or text after the value.
    #[error("line {line}, column {column}: not valid JSON: {message}")]
    Syntax {
        /// Where.
        line: usize,
        /// Where.
        column: usize,
        /// What serde_json says, without its position.
        message: String,
    },
    /// Valid JSON, but not an object.
    #[error("the body must be a JSON object, not {found}")]
    NotAnObject {
        /// `an array`, `null`, `a string`, …
        found: &'static str,
    },
}

impl InputError {
    /// The 1-based line and column the error is at, when it has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            InputError::NotUtf8 { line, column }
            | InputError::TooDeep { line, column, .. }
            | InputError::Syntax { line, column, .. } => Some((*line, *column)),
            InputError::ByteOrderMark => Some((1, 1)),
            _ => None,
        }
    }
}

/// Parse a request body: within `limits`, UTF-8 without BOM, exactly one
/// JSON value, and that value an object.
///
/// # Errors
///
/// The first [`InputError`] that applies, in the order: size, emptiness,
/// BOM, UTF-8, nesting depth, JSON syntax, top-level type.
pub fn parse_body(bytes: &[u8], limits: &Limits) -> Result<Value, InputError> {
    if bytes.len() > limits.max_bytes {
        return Err(InputError::TooLarge {
            size: bytes.len(),
            max: limits.max_bytes,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(InputError::Empty);
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(InputError::ByteOrderMark);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(bytes, e.valid_up_to());
        InputError::NotUtf8 { line, column }
    })?;
    check_depth(bytes, limits.max_depth.min(128))?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(at) => full.get(..at).unwrap_or(&full).to_string(),
            None => full,
        };
        InputError::Syntax {
            line: e.line(),
            column: e.column(),
            message,
        }
    })?;
    match value {
        Value::Object(_) => Ok(value),
        Value::Array(_) => Err(InputError::NotAnObject { found: "an array" }),
        Value::Null => Err(InputError::NotAnObject { found: "null" }),
        Value::Bool(_) => Err(InputError::NotAnObject { found: "a boolean" }),
        Value::Number(_) => Err(InputError::NotAnObject { found: "a number" }),
        Value::String(_) => Err(InputError::NotAnObject { found: "a string" }),
    }
}

/// One linear pass, outside strings, counting `[`/`{` depth: a payload
/// nested 100,000 deep is refused here, before any parser recurses.
fn check_depth(bytes: &[u8], max: usize) -> Result<(), InputError> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (at, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    let (line, column) = line_column(bytes, at);
                    return Err(InputError::TooDeep { line, column, max });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// 1-based line and byte column of `offset`.
fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = match before.iter().rposition(|b| *b == b'\n') {
        Some(nl) => offset - nl,
        None => offset + 1,
    };
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(input: &[u8]) -> InputError {
        parse_body(input, &Limits::default()).unwrap_err()
    }

    #[test]
    fn refusals_name_the_problem_and_where() {
        assert_eq!(err(b""), InputError::Empty);
        assert_eq!(err(b" \n\t"), InputError::Empty);
        assert_eq!(err(b"\xEF\xBB\xBF{}"), InputError::ByteOrderMark);
        assert_eq!(
            err(b"{\"a\": \"\xff\"}"),
            InputError::NotUtf8 { line: 1, column: 8 }
        );
        assert!(matches!(
            err(b"{\"a\": 1,}"),
            InputError::Syntax { line: 1, .. }
        ));
        assert!(
            matches!(err(b"{\"a\": 1"), InputError::Syntax { message, .. } if message.contains("EOF"))
        );
        assert!(
            matches!(err(b"{} x"), InputError::Syntax { message, .. } if message.contains("trailing"))
        );
        assert!(matches!(
            err(b"not json"),
            InputError::Syntax { line: 1, .. }
        ));
        assert_eq!(err(b"[]"), InputError::NotAnObject { found: "an array" });
        assert_eq!(err(b"null"), InputError::NotAnObject { found: "null" });
        assert_eq!(err(b"\"x\""), InputError::NotAnObject { found: "a string" });
        assert_eq!(err(b"12"), InputError::NotAnObject { found: "a number" });
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(
            err(deep.as_bytes()),
            InputError::TooDeep {
                line: 1,
                column: 65,
                max: 64
            }
        );
        let in_string = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(parse_body(in_string.as_bytes(), &Limits::default()).is_ok());
    }

    #[test]
    fn size_limit() {
        let limits = Limits {
            max_bytes: 10,
            max_depth: 64,
        };
        assert_eq!(
            parse_body(b"{\"a\": \"0123456789\"}", &limits).unwrap_err(),
            InputError::TooLarge { size: 19, max: 10 }
        );
    }
}
