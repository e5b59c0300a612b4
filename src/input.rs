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

use bumpalo::Bump;
use serde_json::Value;

use crate::engine::doc::Doc;
use crate::engine::{JsonValue, Kind};

/// Limits on what [`parse_body`] accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input, in bytes. Default 64 MiB: room for several 10 MB
    /// documents as base64.
    pub max_bytes: usize,
    /// Deepest nesting of objects and arrays. Default 64 (a KYC payload
    /// nests about 6 deep); at most [`MAX_DEPTH`] (128): a larger value
    /// counts as 128. A body exactly this deep is accepted; one level more
    /// is [`InputError::TooDeep`], which names the limit.
    pub max_depth: usize,
    /// Most items of one array the engine looks at. Default 10,000 (a
    /// payload lists a handful of IDs, documents and associated persons);
    /// a longer array gets a `limit.items` error at the first gate, since
    /// the items after the limit go unchecked. Bounds a check's time on a
    /// hostile payload: rules that look into items cost at most this many
    /// visits per array.
    pub max_items: usize,
    /// Most findings one report keeps. Default 5,000 (a real payload has
    /// a few dozen at most); past it the engine stops collecting them and
    /// the report gets one `limit.findings` error at the first gate, since
    /// the rest went unchecked. Bounds a report's memory and output
    /// whatever the rules produce: 2,000 associated persons of 1,000 empty
    /// entries each (6 MB) made 1.46 GB of JSON without it.
    pub max_findings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 64 * 1024 * 1024,
            max_depth: 64,
            max_items: 10_000,
            max_findings: 5_000,
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
    /// A `serde_json::Value` given to [`crate::RuleSet::check`] nested
    /// deeper than [`Limits::max_depth`] (a value has no text, so no
    /// position; [`crate::RuleSet::check_bytes`] refuses the same body as
    /// [`InputError::TooDeep`]).
    #[error("the value is nested deeper than {max} levels")]
    ValueTooDeep {
        /// The limit.
        max: usize,
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
/// The `serde_json::Value` it returns keeps the last of duplicate keys and
/// forgets the others, so checking it ([`crate::RuleSet::check`]) cannot
/// see a repeated member. To check bytes, call
/// [`crate::RuleSet::check_bytes`], which refuses what this refuses, with
/// the same errors, and reports a repeated checked member
/// (`duplicate_key`).
///
/// # Errors
///
/// The first [`InputError`] that applies, in the order: size, emptiness,
/// BOM, UTF-8, nesting depth, JSON syntax, top-level type.
pub fn parse_body(bytes: &[u8], limits: &Limits) -> Result<Value, InputError> {
    let (text, _) = precheck(bytes, limits)?;
    parse_serde(text, bytes)
}

/// Deepest nesting [`parse_doc_in`] parses in one pass with sonic-rs.
/// sonic-rs recurses once per nesting level, and an unoptimised (debug)
/// build spends about 50 KB of stack a level there (a body 40 deep would
/// overflow a 2 MB thread stack; release builds use under 1 KB a level),
/// so deeper bodies are parsed by serde_json into the same [`Doc`], by the
/// same visitor: one model, one duplicate rule, whichever parser read it.
/// A KYC payload nests about 6 deep, so the slower path costs nothing in
/// practice.
const FAST_PARSE_MAX_DEPTH: usize = 16;

/// One pass for the usual body: a JSON object within the size limit and
/// no deeper than [`FAST_PARSE_MAX_DEPTH`] passes every precheck (it is
/// not empty, has no BOM, is UTF-8 and shallow), so they need not run.
/// `None` for anything else, which the exact path (prechecks, then
/// serde_json) then names the error of, or parses.
fn parse_usual<'a>(body: Body<'a>, limits: &Limits, arena: &'a Bump) -> Option<Doc<'a>> {
    if body.bytes().len() > limits.max_bytes {
        return None;
    }
    let max_depth = FAST_PARSE_MAX_DEPTH.min(limits.max_depth);
    match body {
        Body::Bytes(bytes) => Doc::parse_within(bytes, arena, max_depth),
        Body::Text(text) => Doc::parse_text_within(text, arena, max_depth),
    }
    .filter(|doc| matches!(doc, Doc::Object(_)))
}

/// A body to parse: bytes as received, or text already known to be UTF-8
/// (which the one-pass parser then does not validate again). Either
/// parses to the same `Doc`, or is refused with the same error.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Body<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
}

impl<'a> Body<'a> {
    pub(crate) fn bytes(self) -> &'a [u8] {
        match self {
            Body::Bytes(bytes) => bytes,
            Body::Text(text) => text.as_bytes(),
        }
    }
}

/// [`parse_body`] into an arena [`Doc`], the one model the engine walks
/// (strings without escapes stay in `bytes`): what
/// [`crate::RuleSet::check_bytes`] checks. The same limits and errors as
/// [`parse_body`]; unlike it, duplicate keys are all kept, in document
/// order (the engine checks the first and reports the repeat).
///
/// A body within the limits and at most [`FAST_PARSE_MAX_DEPTH`] deep is
/// parsed in one pass, by sonic-rs; any other goes through the prechecks
/// and serde_json, which name its error or parse it into the same `Doc`.
pub(crate) fn parse_doc_in<'a>(
    body: Body<'a>,
    limits: &Limits,
    arena: &'a Bump,
) -> Result<Doc<'a>, InputError> {
    if let Some(doc) = parse_usual(body, limits, arena) {
        return Ok(doc);
    }
    let bytes = body.bytes();
    let (text, _) = precheck(bytes, limits)?;
    parse_doc(text, bytes, arena)
}

/// Only after [`precheck`], which bounds the depth (serde_json's own
/// limit is off here: it refuses 128 levels, which [`Limits`] allows).
fn parse_doc<'a>(text: &'a str, bytes: &[u8], arena: &'a Bump) -> Result<Doc<'a>, InputError> {
    Doc::parse_measured(text, arena)
        .map_err(|e| syntax_error(&e, bytes))
        .and_then(an_object)
}

/// `doc` when it is an object, else the error naming what it is.
fn an_object(doc: Doc<'_>) -> Result<Doc<'_>, InputError> {
    match doc.kind() {
        Kind::Object => Ok(doc),
        other => Err(InputError::NotAnObject {
            found: other.describe(),
        }),
    }
}

/// [`an_object`] for a `serde_json::Value`.
pub(crate) fn value_an_object(value: &Value) -> Result<(), InputError> {
    let found = match value {
        Value::Object(_) => return Ok(()),
        Value::Null => Kind::Null,
        Value::Bool(_) => Kind::Bool,
        Value::Number(_) => Kind::Number,
        Value::String(_) => Kind::String,
        Value::Array(_) => Kind::Array,
    };
    Err(InputError::NotAnObject {
        found: found.describe(),
    })
}

/// Size, emptiness, BOM, UTF-8 and depth, before any parser runs.
fn precheck<'b>(bytes: &'b [u8], limits: &Limits) -> Result<(&'b str, usize), InputError> {
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
    let depth = check_depth(bytes, limits.max_depth.min(MAX_DEPTH))?;
    Ok((text, depth))
}

/// serde_json, only after [`precheck`], which bounds the depth at
/// [`MAX_DEPTH`] (serde_json's own recursion limit is off here: it
/// refuses a body exactly 128 deep).
fn parse_serde(text: &str, bytes: &[u8]) -> Result<Value, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    de.disable_recursion_limit();
    let value: Value = serde::Deserialize::deserialize(&mut de)
        .and_then(|value: Value| de.end().map(|()| value))
        .map_err(|e| syntax_error(&e, bytes))?;
    value_an_object(&value)?;
    Ok(value)
}

/// The deepest nesting [`Limits::max_depth`] may allow: a larger setting
/// counts as this. (The parsers recurse once per level.)
pub const MAX_DEPTH: usize = 128;

/// serde_json's syntax error, without the position it appends (given
/// apart, and corrected by [`syntax_position`]).
fn syntax_error(e: &serde_json::Error, bytes: &[u8]) -> InputError {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(at) => full.get(..at).unwrap_or(&full).to_string(),
        None => full,
    };
    let (line, column) = syntax_position(bytes, e.line(), e.column());
    InputError::Syntax {
        line,
        column,
        message,
    }
}

/// One linear pass, outside strings, counting `[`/`{` depth: a payload
/// nested 100,000 deep is refused here, before any parser recurses.
///
/// Strings (nearly all of a KYC payload's bytes, base64 documents above
/// all) are skipped with `memchr2`, so the pass runs at memory speed.
fn check_depth(bytes: &[u8], max: usize) -> Result<usize, InputError> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut at = 0usize;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                // Jump to the closing quote, stepping over escapes.
                let mut from = at + 1;
                at = loop {
                    match bytes
                        .get(from..)
                        .and_then(|rest| memchr::memchr2(b'"', b'\\', rest))
                    {
                        None => return Ok(deepest), // unterminated: the parser says so
                        Some(i) if bytes.get(from + i) == Some(&b'\\') => from += i + 2,
                        Some(i) => break from + i,
                    }
                };
            }
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > max {
                    let (line, column) = line_column(bytes, at);
                    return Err(InputError::TooDeep { line, column, max });
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    Ok(deepest)
}

/// serde_json reports an error at a line break (a raw one inside a string,
/// or the last one before the end of the input) as column 0 of the next
/// line. Point at the line break itself instead: the column after the last
/// byte of the line it ends, so positions stay 1-based.
fn syntax_position(bytes: &[u8], line: usize, column: usize) -> (usize, usize) {
    if column > 0 || line <= 1 {
        return (line.max(1), column.max(1));
    }
    let newline = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map(|(at, _)| at);
    match newline {
        Some(at) => line_column(bytes, at),
        None => (line, 1),
    }
}

use crate::position::byte_line_column as line_column;

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
        // A raw line break in a string, and the end of the input after a
        // line break: at the line break, never column 0.
        assert_eq!(
            err(b"{\"a\": \"x\ny\"}"),
            InputError::Syntax {
                line: 1,
                column: 9,
                message: "control character (\\u0000-\\u001F) found while parsing a string"
                    .to_string()
            }
        );
        assert!(matches!(
            err(b"{\"a\": 1\n"),
            InputError::Syntax {
                line: 1,
                column: 8,
                ..
            }
        ));
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
        // Escaped quotes and backslashes do not end a string early.
        let escaped = format!("{{\"a\": \"\\\\\\\"{}\"}}", "[".repeat(1000));
        assert!(parse_body(escaped.as_bytes(), &Limits::default()).is_ok());
        let deep_after = format!(
            "{{\"a\": \"\\\\\", \"b\": {}1{}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(matches!(
            parse_body(deep_after.as_bytes(), &Limits::default()),
            Err(InputError::TooDeep { .. })
        ));
    }

    #[test]
    fn both_parsers_refuse_alike_and_keep_every_duplicate() {
        let limits = Limits::default();
        let deep = |n: usize| {
            format!(
                "{{\"a\": {}{{\"k\": 1, \"k\": 2}}{}}}",
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        for text in [
            b"{\"a\": [1, {\"b\": \"c\"}]}".to_vec(),
            b"".to_vec(),
            b"[1]".to_vec(),
            b"{\"a\": 1} x".to_vec(),
            b"{\"a\": ".to_vec(),
            b"\xEF\xBB\xBF{}".to_vec(),
            b"{\"a\": \"\xFF\"}".to_vec(),
            deep(3).into_bytes(),
            deep(40).into_bytes(),
            deep(70).into_bytes(),
        ] {
            let arena = Bump::new();
            let slow = parse_body(&text, &limits).map(|_| ());
            let doc = parse_doc_in(Body::Bytes(&text), &limits, &arena);
            assert_eq!(
                slow,
                doc.map(|_| ()),
                "{:?}",
                String::from_utf8_lossy(&text)
            );
            // Text known to be UTF-8 (one pass, not validated again):
            // the same verdict, the same error.
            if let Ok(text) = std::str::from_utf8(&text) {
                let doc = parse_doc_in(Body::Text(text), &limits, &arena);
                assert_eq!(slow, doc.map(|_| ()), "{text:?}");
            }
        }
        // Shallow (sonic-rs) and deep (serde_json): the same duplicates kept.
        for n in [3, 40] {
            let text = deep(n);
            let arena = Bump::new();
            let mut here = parse_doc_in(Body::Text(&text), &limits, &arena).unwrap();
            here = *here.get("a").unwrap();
            for _ in 0..n {
                here = *here.item(0).unwrap();
            }
            assert_eq!(
                here,
                Doc::Object(&[("k", Doc::U64(1)), ("k", Doc::U64(2))]),
                "{n} deep"
            );
        }
    }

    /// `max_depth` 128 is allowed, so a body exactly 128 deep is accepted
    /// by every parser (serde_json alone refuses it); 129 is refused by
    /// the depth limit, named.
    #[test]
    fn a_body_exactly_max_depth_deep_is_accepted() {
        let nested = |levels: usize| {
            format!(
                "{}{}",
                "{\"a\": ".repeat(levels - 1) + "{",
                "}".repeat(levels)
            )
        };
        // sonic-rs spends ~50 KB of stack a level in a debug build.
        std::thread::Builder::new()
            .stack_size(64 << 20)
            .spawn(move || {
                for max in [1usize, 2, 64, 127, 128] {
                    let limits = Limits {
                        max_depth: max,
                        ..Limits::default()
                    };
                    let at = nested(max);
                    assert!(serde_json::from_str::<Value>(&at).is_ok() || max == 128);
                    assert!(parse_body(at.as_bytes(), &limits).is_ok(), "{max}");
                    let arena = Bump::new();
                    assert!(
                        parse_doc_in(Body::Bytes(at.as_bytes()), &limits, &arena).is_ok(),
                        "{max}"
                    );
                    let over = nested(max + 1);
                    let refused = InputError::TooDeep {
                        line: 1,
                        column: 6 * max + 1,
                        max,
                    };
                    assert_eq!(parse_body(over.as_bytes(), &limits), Err(refused.clone()));
                    assert_eq!(
                        parse_doc_in(Body::Bytes(over.as_bytes()), &limits, &arena).map(|_| ()),
                        Err(refused)
                    );
                }
                // A limit over 128 counts as 128.
                let limits = Limits {
                    max_depth: 1000,
                    ..Limits::default()
                };
                assert!(parse_body(nested(128).as_bytes(), &limits).is_ok());
                assert!(matches!(
                    parse_body(nested(129).as_bytes(), &limits),
                    Err(InputError::TooDeep { max: 128, .. })
                ));
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn size_limit() {
        let limits = Limits {
            max_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            parse_body(b"{\"a\": \"0123456789\"}", &limits).unwrap_err(),
            InputError::TooLarge { size: 19, max: 10 }
        );
    }
}
