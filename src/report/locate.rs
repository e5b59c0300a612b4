//! Map an RFC 6901 JSON Pointer back to a `line:column` in the original JSON text.
//!
//! Findings carry a JSON Pointer (`/applicant/address/0/city`) because that is
//! how the checks address values in the parsed payload. The human output of the
//! CLI wants `file:line:column`, which an editor or terminal can jump to. The
//! parsed `serde_json::Value` has forgotten where things were, so this module
//! walks the original text once more with a small hand-written byte scanner and
//! reports where the pointed-to value starts.
//!
//! Behaviour:
//!
//! * The position is that of the first character of the value; for an object
//!   member that is the value, not its key.
//! * A pointer that does not resolve (a missing field, an array index past the
//!   end, a path through a string or number) gives the position of the nearest
//!   ancestor that does resolve, with [`Located::exact`] set to `false`: for a
//!   missing field that is the object it should be in.
//! * Object keys are unescaped before they are compared with a pointer segment,
//!   so the key `"a\u002Fb"` is matched by the segment `a~1b`.
//! * When an object has duplicate keys the first one wins, as in the
//!   engine's model of the payload (which checks the first and reports the
//!   repeat as `duplicate_key`), so a position points at the member the
//!   verdict used.
//! * Lines are split on `\n` (so `\r\n` is one line break); columns count
//!   `char`s, not bytes, so `"Gómez"` earlier on the line does not shift the
//!   column; a leading UTF-8 byte order mark is not counted as a column.
//! * Skipping a value never recurses, so a payload nested 100,000 levels deep
//!   cannot overflow the stack; the work per pointer is linear in the text.
//! * Nothing in here panics: text that is not valid JSON, or a malformed
//!   pointer, gives `None`. (The whole text is scanned, so that text the
//!   engine would refuse is never positioned: once per pointer by
//!   [`locate`], once for all of them by [`locate_all`].)
//!
//! ```
//! use kyc_preflight::report::locate::{locate, Position};
//!
//! let text = "{\n  \"name\": \"Gómez\", \"age\": 41,\n  \"address\": {\"city\": \"Lyon\"}\n}\n";
//!
//! // `age` sits after a multi-byte character: the column counts chars.
//! let age = locate(text, "/age");
//! assert_eq!(age.map(|l| l.position), Some(Position { line: 2, column: 27 }));
//! assert_eq!(age.map(|l| l.exact), Some(true));
//!
//! // A missing field points at the object it should be in.
//! let zip = locate(text, "/address/zip");
//! assert_eq!(zip.map(|l| l.position), Some(Position { line: 3, column: 14 }));
//! assert_eq!(zip.map(|l| l.exact), Some(false));
//!
//! // Not a JSON Pointer.
//! assert_eq!(locate(text, "address"), None);
//! ```

/// A 1-based line and column (column counted in Unicode scalar values, i.e. chars, from the start of the line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line number; lines are split on `\n`.
    pub line: usize,
    /// 1-based column, counted in `char`s from the start of the line.
    pub column: usize,
}

/// Where a pointer was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Position of the first character of the value (for an object member: of the value, not of its key) — or of the nearest existing ancestor's value when `exact` is false.
    pub position: Position,
    /// Byte offset of that same character in the text.
    pub offset: usize,
    /// True when the pointer itself resolved; false when `position` is that of the nearest existing ancestor.
    pub exact: bool,
}

/// Locate `pointer` in `text`. Returns None only when `text` is not valid JSON at the places walked, or the pointer is not a valid RFC 6901 pointer (doesn't start with '/' and is not empty).
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<Located> {
    locate_with(text, &LineIndex::new(text, bom_len(text)), pointer)
}

/// Locate many pointers at once (used for a whole report); same results as calling `locate` for each, in the same order.
///
/// One pass over the text whatever the number of pointers: they are merged
/// into a trie of their segments, the walk descends only into the values on
/// some pointer's path (skipping the rest as [`locate`] does), and each value
/// it enters is stamped with a visit number and its parent's. A later
/// duplicate of a key already entered within the same object is skipped,
/// so the first duplicate wins, as in [`locate`]. The work is linear in the text plus the pointers, where
/// calling [`locate`] for each of a report's findings is linear in their
/// product (a 600 KB payload with 40,000 findings: minutes).
#[must_use]
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<Located>> {
    let mut trie = Trie {
        nodes: vec![TrieNode::default()],
    };
    let paths: Vec<Option<Vec<usize>>> = pointers
        .iter()
        .map(|pointer| parse_pointer(pointer).map(|segments| trie.insert(&segments)))
        .collect();
    if paths.iter().all(Option::is_none) {
        return vec![None; pointers.len()];
    }
    let Some(visits) = trie.walk(text) else {
        return vec![None; pointers.len()];
    };
    let found: Vec<Option<(usize, bool)>> = paths
        .iter()
        .map(|path| resolve_visits(path.as_deref()?, &visits))
        .collect();
    let offsets: Vec<usize> = found.iter().flatten().map(|(offset, _)| *offset).collect();
    let (positions, _) = positions_of(text, &offsets);
    let mut positions = positions.into_iter();
    found
        .into_iter()
        .map(|found| {
            let (offset, exact) = found?;
            Some(Located {
                position: positions.next().flatten()?,
                offset,
                exact,
            })
        })
        .collect()
}

/// The position of each of `offsets` (in any order), in one forward sweep
/// over the text: a finding's column is not counted again from the start
/// of its line (20,000 findings after one 16 MB line took 37 s that way).
/// `None` for an offset off a char boundary, past the text or inside a
/// leading byte order mark. Also returns the bytes the sweep read: at most
/// the text's length, whatever the number of offsets.
fn positions_of(text: &str, offsets: &[usize]) -> (Vec<Option<Position>>, usize) {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(usize::MAX));
    let bytes = text.as_bytes();
    let mut out = vec![None; offsets.len()];
    let (mut at, mut line, mut column) = (bom_len(text), 1usize, 1usize);
    let mut read = 0usize;
    let chars = |b: &[u8]| b.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    for i in order {
        let Some(&offset) = offsets.get(i) else {
            continue;
        };
        // Sorted: an offset behind the sweep can only be inside the BOM.
        let Some(part) = bytes.get(at..offset) else {
            continue; // inside the BOM, or past the end
        };
        if !text.is_char_boundary(offset) {
            continue;
        }
        read += part.len();
        match memchr::memrchr(b'\n', part) {
            Some(nl) => {
                line += memchr::memchr_iter(b'\n', part).count();
                column = 1 + chars(part.get(nl + 1..).unwrap_or_default());
            }
            None => column += chars(part),
        }
        at = offset;
        if let Some(slot) = out.get_mut(i) {
            *slot = Some(Position { line, column });
        }
    }
    (out, read)
}

/// The pointers of a [`locate_all`] call, merged: node 0 is the whole
/// document; a node's children are the next segments of the pointers
/// through it.
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    /// Child by object key (every segment, numeric ones included).
    keys: std::collections::HashMap<String, usize>,
    /// Child by array index (the segments that are RFC 6901 indices).
    items: std::collections::HashMap<usize, usize>,
}

/// A value the walk entered: its stamp, its parent's stamp and its offset.
#[derive(Clone, Copy)]
struct Visit {
    id: u64,
    parent: u64,
    offset: usize,
}

/// A container on some pointer's path that the walk is inside.
struct Open {
    object: bool,
    node: usize,
    visit: u64,
    index: usize,
}

impl Trie {
    /// Add a pointer's segments; returns its nodes from the root down.
    fn insert(&mut self, segments: &[String]) -> Vec<usize> {
        let mut path = vec![0];
        let mut here = 0;
        for segment in segments {
            let existing = self
                .nodes
                .get(here)
                .and_then(|n| n.keys.get(segment.as_str()).copied());
            let child = match existing {
                Some(child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    if let Some(node) = self.nodes.get_mut(here) {
                        node.keys.insert(segment.clone(), child);
                        if let Some(i) = array_index(segment) {
                            node.items.insert(i, child);
                        }
                    }
                    child
                }
            };
            path.push(child);
            here = child;
        }
        path
    }

    fn key_child(&self, node: usize, key: &str) -> Option<usize> {
        self.nodes.get(node)?.keys.get(key).copied()
    }

    fn item_child(&self, node: usize, index: usize) -> Option<usize> {
        self.nodes.get(node)?.items.get(&index).copied()
    }

    /// Walk the whole text once; the visit of every node entered, or
    /// `None` when the text is not valid JSON.
    fn walk(&self, text: &str) -> Option<Vec<Option<Visit>>> {
        let mut visits: Vec<Option<Visit>> = vec![None; self.nodes.len()];
        let mut s = Scanner {
            text,
            pos: bom_len(text),
        };
        let mut stack: Vec<Open> = Vec::new();
        let mut key = String::new();
        let mut stamp = 0u64;
        // The trie node of the value about to be read, and its parent's stamp.
        let mut target: Option<(usize, u64)> = Some((0, 0));
        loop {
            s.skip_ws();
            // A repeat of a key already entered in this object: the first
            // one counts, so this one is skipped like any other value.
            if let Some((node, parent)) = target {
                let seen = visits.get(node).copied().flatten();
                if seen.is_some_and(|v| v.parent == parent) {
                    target = None;
                }
            }
            match target {
                // On no pointer's path: skip it whole (iteratively).
                None => s.skip_value()?,
                Some((node, parent)) => {
                    stamp += 1;
                    let id = stamp;
                    if let Some(slot) = visits.get_mut(node) {
                        *slot = Some(Visit {
                            id,
                            parent,
                            offset: s.pos,
                        });
                    }
                    match s.peek()? {
                        b'{' => {
                            s.pos += 1;
                            s.skip_ws();
                            if s.peek() == Some(b'}') {
                                s.pos += 1;
                            } else {
                                s.member_key(Some(&mut key))?;
                                stack.push(Open {
                                    object: true,
                                    node,
                                    visit: id,
                                    index: 0,
                                });
                                target = self.key_child(node, &key).map(|c| (c, id));
                                continue;
                            }
                        }
                        b'[' => {
                            s.pos += 1;
                            s.skip_ws();
                            if s.peek() == Some(b']') {
                                s.pos += 1;
                            } else {
                                stack.push(Open {
                                    object: false,
                                    node,
                                    visit: id,
                                    index: 0,
                                });
                                target = self.item_child(node, 0).map(|c| (c, id));
                                continue;
                            }
                        }
                        _ => s.skip_scalar()?,
                    }
                }
            }
            // A complete value is behind us: go on in its container, or
            // close the containers it ends.
            loop {
                let Some(top) = stack.last_mut() else {
                    s.skip_ws();
                    return (s.pos == text.len()).then_some(visits);
                };
                s.skip_ws();
                match s.next_byte()? {
                    b',' => {
                        s.skip_ws();
                        target = if top.object {
                            s.member_key(Some(&mut key))?;
                            self.key_child(top.node, &key).map(|c| (c, top.visit))
                        } else {
                            top.index += 1;
                            self.item_child(top.node, top.index).map(|c| (c, top.visit))
                        };
                        break;
                    }
                    b'}' if top.object => {
                        stack.pop();
                    }
                    b']' if !top.object => {
                        stack.pop();
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// Follow a pointer's trie nodes through the visits: each must have been
/// entered within the last visit of the one before. The offset of the
/// deepest such value, and whether it is the pointer's own.
fn resolve_visits(path: &[usize], visits: &[Option<Visit>]) -> Option<(usize, bool)> {
    let (root, rest) = path.split_first()?;
    let mut found = (*visits.get(*root)?)?;
    for node in rest {
        match visits.get(*node).copied().flatten() {
            Some(v) if v.parent == found.id => found = v,
            _ => return Some((found.offset, false)),
        }
    }
    Some((found.offset, true))
}

/// The UTF-8 byte order mark, skipped when it starts the text.
const BOM: &str = "\u{FEFF}";

/// Stands in for a lone surrogate in a key (which `serde_json` would reject anyway).
const REPLACEMENT: char = '\u{FFFD}';

fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len()
    } else {
        0
    }
}

fn locate_with(text: &str, lines: &LineIndex, pointer: &str) -> Option<Located> {
    let segments = parse_pointer(pointer)?;
    let (offset, exact) = resolve(text, &segments)?;
    Some(Located {
        position: lines
            .position(text, offset)
            .map(|(line, column)| Position { line, column })?,
        offset,
        exact,
    })
}

use crate::pointer::{array_index, parse as parse_pointer};

use crate::position::LineIndex;

/// Walk `segments` through `text`. Returns the byte offset of the value found
/// (or of the nearest resolving ancestor) and whether the whole pointer resolved.
///
/// This is a single forward pass. When a key matches, the walk descends into
/// its value at once (the first of duplicate keys wins); afterwards it
/// finishes the enclosing containers. Each byte is looked at once, so the
/// pass is linear. The whole document is scanned, so invalid JSON anywhere
/// gives `None`.
fn resolve(text: &str, segments: &[String]) -> Option<(usize, bool)> {
    let mut walk = Walk {
        scanner: Scanner {
            text,
            pos: bom_len(text),
        },
        segments,
        path: Vec::new(),
        key: String::new(),
    };
    let found = walk.descend()?;
    walk.ascend()?;
    // The whole document has been scanned; only whitespace may follow.
    let s = &mut walk.scanner;
    s.skip_ws();
    (s.pos == s.text.len()).then_some(found)
}

/// State of one pointer walk.
struct Walk<'t, 's> {
    scanner: Scanner<'t>,
    segments: &'s [String],
    /// `path[i]` tells whether the container that `segments[i]` selected a
    /// member of is an object (`true`) or an array (`false`). The scanner is
    /// inside each of these containers.
    path: Vec<bool>,
    /// Buffer for the unescaped key being compared.
    key: String,
}

impl Walk<'_, '_> {
    /// Follow the remaining segments from the value at the scanner (at depth
    /// `path.len()`). Leaves the scanner just after the deepest value reached.
    fn descend(&mut self) -> Option<(usize, bool)> {
        let s = &mut self.scanner;
        loop {
            s.skip_ws();
            let start = s.pos;
            let Some(segment) = self.segments.get(self.path.len()) else {
                s.skip_value()?;
                return Some((start, true));
            };
            match s.peek()? {
                b'{' => {
                    s.pos += 1;
                    s.skip_ws();
                    if s.peek() == Some(b'}') {
                        s.pos += 1;
                        return Some((start, false));
                    }
                    loop {
                        s.member_key(Some(&mut self.key))?;
                        if self.key == *segment {
                            self.path.push(true);
                            break;
                        }
                        s.skip_value()?;
                        s.skip_ws();
                        match s.next_byte()? {
                            b',' => s.skip_ws(),
                            b'}' => return Some((start, false)),
                            _ => return None,
                        }
                    }
                }
                b'[' => {
                    let wanted = array_index(segment);
                    s.pos += 1;
                    s.skip_ws();
                    if s.peek() == Some(b']') {
                        s.pos += 1;
                        return Some((start, false));
                    }
                    let mut index = 0usize;
                    loop {
                        if wanted == Some(index) {
                            self.path.push(false);
                            break;
                        }
                        s.skip_value()?;
                        s.skip_ws();
                        match s.next_byte()? {
                            b',' => index += 1,
                            b']' => return Some((start, false)),
                            _ => return None,
                        }
                    }
                }
                _ => {
                    // A string, number or literal cannot hold the next segment.
                    s.skip_scalar()?;
                    return Some((start, false));
                }
            }
        }
    }

    /// Finish the containers on `path`, innermost first (a later duplicate
    /// of a key that was followed is skipped: the first one counts).
    fn ascend(&mut self) -> Option<()> {
        let s = &mut self.scanner;
        while let Some(is_object) = self.path.pop() {
            loop {
                s.skip_ws();
                match s.next_byte()? {
                    b',' => {
                        s.skip_ws();
                        if is_object {
                            s.member_key(None)?;
                        }
                        s.skip_value()?;
                    }
                    b'}' if is_object => break,
                    b']' if !is_object => break,
                    _ => return None,
                }
            }
        }
        Some(())
    }
}

/// A cursor over the JSON text; every method returns `None` on invalid JSON
/// or on running out of text.
struct Scanner<'t> {
    text: &'t str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn expect(&mut self, wanted: u8) -> Option<()> {
        (self.next_byte()? == wanted).then_some(())
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// An object key, the `:` after it and the whitespace before its value.
    /// The scanner must be at the key's opening quote.
    fn member_key(&mut self, out: Option<&mut String>) -> Option<()> {
        self.string(out)?;
        self.skip_ws();
        self.expect(b':')?;
        self.skip_ws();
        Some(())
    }

    /// A string at the scanner; when `out` is given it receives the unescaped
    /// contents (cleared first).
    fn string(&mut self, mut out: Option<&mut String>) -> Option<()> {
        if let Some(out) = out.as_deref_mut() {
            out.clear();
        }
        self.expect(b'"')?;
        // Start of the current run of unescaped text; runs end at ASCII bytes,
        // so they are always on char boundaries.
        let mut run = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(self.text.get(run..self.pos)?);
                    }
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => {
                    if let Some(out) = out.as_deref_mut() {
                        out.push_str(self.text.get(run..self.pos)?);
                    }
                    self.pos += 1;
                    let c = match self.next_byte()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return None,
                    };
                    if let Some(out) = out.as_deref_mut() {
                        out.push(c);
                    }
                    run = self.pos;
                }
                // Control characters must be escaped inside JSON strings.
                0x00..=0x1F => return None,
                _ => self.pos += 1,
            }
        }
    }

    /// The rest of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            let after_first = self.pos;
            if self.next_byte() == Some(b'\\') && self.next_byte() == Some(b'u') {
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return Some(char::from_u32(c).unwrap_or(REPLACEMENT));
                }
            }
            // Lone high surrogate: whatever follows is scanned on its own.
            self.pos = after_first;
            return Some(REPLACEMENT);
        }
        Some(char::from_u32(first).unwrap_or(REPLACEMENT))
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = char::from(self.next_byte()?).to_digit(16)?;
            value = value * 16 + digit;
        }
        Some(value)
    }

    fn skip_digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn skip_number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.next_byte()? {
            b'0' => {}
            b'1'..=b'9' => {
                self.skip_digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            (self.skip_digits() > 0).then_some(())?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            (self.skip_digits() > 0).then_some(())?;
        }
        Some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(word.len())?;
        (self.text.as_bytes().get(self.pos..end)? == word).then(|| self.pos = end)
    }

    /// A string, number, `true`, `false` or `null`.
    fn skip_scalar(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string(None),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.skip_number(),
            _ => None,
        }
    }

    /// Skip one value (after optional whitespace). Iterative: nesting is kept
    /// in a heap stack of expected closing brackets, never on the call stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut closers: Vec<u8> = Vec::new();
        'value: loop {
            self.skip_ws();
            match self.peek()? {
                b'{' => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        closers.push(b'}');
                        self.member_key(None)?;
                        continue 'value;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        closers.push(b']');
                        continue 'value;
                    }
                }
                _ => self.skip_scalar()?,
            }
            // A complete value is behind us: close the containers it ends.
            loop {
                let Some(&closer) = closers.last() else {
                    return Some(());
                };
                self.skip_ws();
                match self.next_byte()? {
                    b',' => {
                        if closer == b'}' {
                            self.skip_ws();
                            self.member_key(None)?;
                        }
                        continue 'value;
                    }
                    b if b == closer => {
                        closers.pop();
                    }
                    _ => return None,
                }
            }
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;
    use crate::engine::doc::{Doc, DocSeed};
    use crate::engine::JsonValue;
    use serde::de::DeserializeSeed;
    use serde_json::Value;

    /// Many findings after one long line: the sweep reads each byte of the
    /// text once, not once per finding, and places each where counting
    /// from the start of its line does (issue 20 item 12: the human report
    /// was O(findings x line length)).
    #[test]
    fn positions_are_one_sweep_over_the_text() {
        let pad = "é".repeat(100_000);
        let mut text = format!("{{\"pad\": \"{pad}\", \"list\": [");
        let n = 20_000;
        for i in 0..n {
            text.push_str(if i == 0 { "1" } else { ", 1" });
        }
        text.push_str("],\n \"x\": {}}");
        let pointers: Vec<String> = (0..n).rev().map(|i| format!("/list/{i}")).collect();
        let mut pointers: Vec<&str> = pointers.iter().map(String::as_str).collect();
        pointers.extend(["/x", "/x/missing", ""]);
        let located = locate_all(&text, &pointers);
        let offsets: Vec<usize> = located.iter().flatten().map(|l| l.offset).collect();
        assert_eq!(offsets.len(), pointers.len());
        let (positions, read) = positions_of(&text, &offsets);
        assert!(
            read <= text.len(),
            "{read} bytes read for a {}-byte text",
            text.len()
        );
        let lines = LineIndex::new(&text, bom_len(&text));
        for (p, o) in positions.iter().zip(&offsets) {
            let old = lines
                .position(&text, *o)
                .map(|(line, column)| Position { line, column });
            assert_eq!(*p, old);
        }
        // `/list/0` (the last pointer of the reversed list): after the
        // 21 characters and 100,000 two-byte ones: column 100,022.
        assert_eq!(located[n - 1].map(|l| l.position), Some(pos(1, 100_022)));
        assert_eq!(located[n].map(|l| l.position), Some(pos(2, 7)));
        // Off a char boundary, past the end, inside a BOM: None.
        let (odd, _) = positions_of("\u{feff}é", &[1, 4, 6, 3]);
        assert_eq!(odd, [None, None, None, Some(pos(1, 1))]);
    }

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    /// Position and exactness, the parts most tests care about.
    fn at(text: &str, pointer: &str) -> (Position, bool) {
        let found = locate(text, pointer).unwrap();
        (found.position, found.exact)
    }

    /// The value `pointer` selects in `doc`, first of duplicate keys
    /// winning, as the engine reads it.
    fn select<'d>(doc: &'d Doc<'d>, pointer: &str) -> Option<&'d Doc<'d>> {
        let mut here = doc;
        for segment in parse_pointer(pointer)? {
            here = match here {
                Doc::Array(_) => here.item(array_index(&segment)?)?,
                _ => here.get(&segment)?,
            };
        }
        Some(here)
    }

    /// Check `locate` against the engine's model (a [`Doc`]): `exact`
    /// agrees with selecting the pointer there, the value parsed at
    /// `offset` is the pointed-to value (or, when not exact, one of its
    /// ancestors), and `offset` agrees with `position`.
    fn check_against_serde(text: &str, pointers: &[&str]) {
        let arena = bumpalo::Bump::new();
        let doc = Doc::parse_measured(text, &arena).unwrap();
        let all = locate_all(text, pointers);
        for (pointer, found) in pointers.iter().zip(all) {
            let found = found.unwrap_or_else(|| panic!("{pointer} not located"));
            assert_eq!(found, locate(text, pointer).unwrap(), "{pointer}");
            let mut values = serde_json::Deserializer::from_str(&text[found.offset..]);
            let at_offset = DocSeed::new(&arena, usize::MAX)
                .deserialize(&mut values)
                .unwrap();
            match select(&doc, pointer) {
                Some(expected) => {
                    assert!(found.exact, "{pointer} should be exact");
                    assert_eq!(&at_offset, expected, "{pointer}");
                }
                None => {
                    assert!(!found.exact, "{pointer} should not be exact");
                    // Some proper prefix of the pointer leads to the value found.
                    let mut prefix = pointer.to_string();
                    let mut matched = false;
                    while let Some(cut) = prefix.rfind('/') {
                        prefix.truncate(cut);
                        if select(&doc, &prefix) == Some(&at_offset) {
                            matched = true;
                            break;
                        }
                    }
                    assert!(matched, "{pointer}: {at_offset:?} is no ancestor");
                }
            }
            // Position and offset describe the same character.
            let before = &text[..found.offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(found.position.line, before.matches('\n').count() + 1);
            let bom = if line_start == 0 && text.starts_with(BOM) {
                1
            } else {
                0
            };
            assert_eq!(
                found.position.column,
                before[line_start..].chars().count() + 1 - bom
            );
        }
    }

    const APPLICANT: &str = r#"{
  "applicant": {
    "name": {"first": "Ana", "last": "Gómez"},
    "emails": ["a@example.com", "b@example.com"],
    "addresses": [
      {"city": "Lyon", "lines": ["1 rue X", null]},
      {"city": "Nice", "zip": 6000, "tags": {}}
    ],
    "verified": true,
    "score": -1.5e+3
  },
  "documents": []
}"#;

    #[test]
    fn whole_document() {
        assert_eq!(at(APPLICANT, ""), (pos(1, 1), true));
        assert_eq!(locate("  \n\t[1]", "").unwrap().offset, 4);
        assert_eq!(at("  \n\t[1]", ""), (pos(2, 2), true));
        assert_eq!(at("42", ""), (pos(1, 1), true));
    }

    #[test]
    fn nested_objects_and_arrays() {
        assert_eq!(at(APPLICANT, "/applicant"), (pos(2, 16), true));
        assert_eq!(at(APPLICANT, "/applicant/name"), (pos(3, 13), true));
        assert_eq!(at(APPLICANT, "/applicant/name/first"), (pos(3, 23), true));
        assert_eq!(at(APPLICANT, "/applicant/name/last"), (pos(3, 38), true));
        assert_eq!(at(APPLICANT, "/applicant/emails/1"), (pos(4, 33), true));
        assert_eq!(
            at(APPLICANT, "/applicant/addresses/0/lines/1"),
            (pos(6, 45), true)
        );
        assert_eq!(
            at(APPLICANT, "/applicant/addresses/1/zip"),
            (pos(7, 31), true)
        );
        assert_eq!(
            at(APPLICANT, "/applicant/addresses/1/tags"),
            (pos(7, 45), true)
        );
        assert_eq!(at(APPLICANT, "/applicant/verified"), (pos(9, 17), true));
        assert_eq!(at(APPLICANT, "/applicant/score"), (pos(10, 14), true));
        assert_eq!(at(APPLICANT, "/documents"), (pos(12, 16), true));
        check_against_serde(
            APPLICANT,
            &[
                "",
                "/applicant",
                "/applicant/name/last",
                "/applicant/emails/0",
                "/applicant/addresses/0/lines/0",
                "/applicant/addresses/1/city",
                "/applicant/score",
                "/documents",
            ],
        );
    }

    #[test]
    fn value_not_key() {
        let text = r#"{"a" :  "x", "b": 1}"#;
        let found = locate(text, "/a").unwrap();
        assert_eq!(found.offset, 8);
        assert_eq!(found.position, pos(1, 9));
        assert_eq!(&text[found.offset..found.offset + 3], r#""x""#);
    }

    #[test]
    fn escaped_keys_are_unescaped() {
        let text = r#"{"a\u002Fb": 1, "m~n": 2, "~1": 3, "q\"\\": 4, "\uD83D\uDE00": 5, "": 6, "t\tab": 7, "é\u00e9": 8}"#;
        assert_eq!(at(text, "/a~1b"), (pos(1, 14), true));
        assert_eq!(at(text, "/m~0n"), (pos(1, 24), true));
        assert_eq!(at(text, "/~01"), (pos(1, 33), true));
        assert_eq!(at(text, "/q\"\\"), (pos(1, 45), true));
        assert_eq!(at(text, "/😀"), (pos(1, 64), true));
        assert_eq!(at(text, "/"), (pos(1, 71), true));
        assert_eq!(at(text, "/t\tab"), (pos(1, 83), true));
        assert_eq!(at(text, "/éé"), (pos(1, 97), true));
        // The escaped form itself is not the key.
        assert_eq!(at(text, "/a\\u002Fb"), (pos(1, 1), false));
        // `~1` is `/`, not a nested segment; `/a/b` looks for key "a".
        assert!(!locate(text, "/a/b").unwrap().exact);
        check_against_serde(
            text,
            &[
                "/a~1b", "/m~0n", "/~01", "/~1", "/q\"\\", "/😀", "/", "/t\tab", "/éé", "/a/b",
            ],
        );
    }

    #[test]
    fn tilde_escapes_in_nested_pointer() {
        let text = r#"{"a/b": {"c~d": [10, 20]}}"#;
        assert_eq!(at(text, "/a~1b/c~0d/1"), (pos(1, 22), true));
        check_against_serde(text, &["/a~1b/c~0d/1", "/a~1b/c~1d", "/a~0b"]);
    }

    #[test]
    fn missing_field_points_at_its_object() {
        assert_eq!(at(APPLICANT, "/applicant/name/middle"), (pos(3, 13), false));
        assert_eq!(
            at(APPLICANT, "/applicant/name/middle/x/y"),
            (pos(3, 13), false)
        );
        assert_eq!(
            at(APPLICANT, "/applicant/addresses/1/tags/k"),
            (pos(7, 45), false)
        );
        assert_eq!(at(APPLICANT, "/nothing"), (pos(1, 1), false));
        assert_eq!(at("{}", "/a"), (pos(1, 1), false));
        check_against_serde(
            APPLICANT,
            &[
                "/applicant/name/middle",
                "/applicant/addresses/1/tags/k",
                "/nothing",
            ],
        );
    }

    #[test]
    fn missing_array_index_points_at_the_array() {
        let array = (pos(4, 15), false);
        assert_eq!(at(APPLICANT, "/applicant/emails/2"), array);
        assert_eq!(at(APPLICANT, "/applicant/emails/-"), array);
        assert_eq!(at(APPLICANT, "/applicant/emails/01"), array);
        assert_eq!(at(APPLICANT, "/applicant/emails/+1"), array);
        assert_eq!(at(APPLICANT, "/applicant/emails/"), array);
        assert_eq!(at(APPLICANT, "/applicant/emails/first"), array);
        assert_eq!(
            at(APPLICANT, "/applicant/emails/99999999999999999999999"),
            array
        );
        assert_eq!(at(APPLICANT, "/documents/0"), (pos(12, 16), false));
        check_against_serde(
            APPLICANT,
            &[
                "/applicant/emails/2",
                "/applicant/emails/-",
                "/applicant/emails/01",
                "/documents/0",
            ],
        );
    }

    #[test]
    fn pointer_through_a_scalar_points_at_the_scalar() {
        assert_eq!(
            at(APPLICANT, "/applicant/name/first/0"),
            (pos(3, 23), false)
        );
        assert_eq!(at(APPLICANT, "/applicant/verified/x"), (pos(9, 17), false));
        assert_eq!(
            at(APPLICANT, "/applicant/addresses/0/lines/1/x"),
            (pos(6, 45), false)
        );
        assert_eq!(at(APPLICANT, "/applicant/score/0"), (pos(10, 14), false));
        assert_eq!(at("\"s\"", "/0"), (pos(1, 1), false));
        check_against_serde(
            APPLICANT,
            &[
                "/applicant/name/first/0",
                "/applicant/verified/x",
                "/applicant/score/0",
            ],
        );
    }

    #[test]
    fn numeric_keys_in_objects() {
        let text = r#"{"0": "zero", "01": "one"}"#;
        assert_eq!(at(text, "/0"), (pos(1, 7), true));
        assert_eq!(at(text, "/01"), (pos(1, 21), true));
    }

    #[test]
    fn bom_is_skipped_and_not_a_column() {
        let text = "\u{FEFF}{\"a\": 1,\n\"b\": 2}";
        let found = locate(text, "/a").unwrap();
        assert_eq!(found.position, pos(1, 7));
        assert_eq!(found.offset, 3 + 6);
        assert_eq!(at(text, ""), (pos(1, 1), true));
        assert_eq!(locate(text, "").unwrap().offset, 3);
        assert_eq!(at(text, "/b"), (pos(2, 6), true));
        check_against_serde(text.trim_start_matches(BOM), &["/a", "/b"]);
    }

    #[test]
    fn crlf_is_one_line_break() {
        let text = "{\r\n  \"a\": 1,\r\n\r\n  \"b\": [\r\n    true\r\n  ]\r\n}\r\n";
        assert_eq!(at(text, "/a"), (pos(2, 8), true));
        assert_eq!(at(text, "/b"), (pos(4, 8), true));
        assert_eq!(at(text, "/b/0"), (pos(5, 5), true));
        check_against_serde(text, &["/a", "/b", "/b/0", "/c"]);
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        let text = "{\"name\": \"Gómez 😀\", \"ß\": \"x\", \"id\": 7}";
        let found = locate(text, "/id").unwrap();
        // Bytes: ó is 2, 😀 is 4, ß is 2: 1 + 3 + 1 = 5 more bytes than chars.
        assert_eq!(found.position, pos(1, 37));
        assert_eq!(found.offset, 36 + 5);
        assert_eq!(at(text, "/ß"), (pos(1, 26), true));
        check_against_serde(text, &["/name", "/ß", "/id"]);
    }

    #[test]
    fn duplicate_keys_first_wins() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        assert_eq!(locate(text, "/a").unwrap().offset, 6);
        // The first `a` has `x`, the last does not: the first one counts.
        let text = r#"{"a": {"x": 1}, "a": {"y": 2}}"#;
        assert_eq!(at(text, "/a/x"), (pos(1, 13), true));
        assert_eq!(at(text, "/a/y"), (pos(1, 7), false));
        // The other way round.
        let text = r#"{"a": {"y": 2}, "a": {"x": 1}}"#;
        assert_eq!(at(text, "/a/x"), (pos(1, 7), false));
        // Duplicates at several depths, inside arrays.
        let text = r#"{"l": [{"k": {"k": 1, "k": 2}, "k": {"k": 3, "z": 0, "k": 4}}], "l2": 0}"#;
        assert_eq!(locate(text, "/l/0/k/k").unwrap().offset, 19);
        // A duplicate of an outer key after an exact inner match.
        let text = r#"{"a": [{"b": 1}], "c": 0, "a": [{"d": 2}]}"#;
        assert_eq!(at(text, "/a/0/b"), (pos(1, 14), true));
        assert_eq!(at(text, "/a/0/d"), (pos(1, 8), false));
        check_against_serde(text, &["/a", "/a/0", "/a/0/b", "/a/0/d", "/a/1"]);
        check_against_serde(
            r#"{"x": {"y": {"z": 1}}, "x": 5, "x": {"y": [0, {"z": 2}], "y": {"w": 0}}}"#,
            &["/x", "/x/y", "/x/y/z", "/x/y/w", "/x/y/1/z"],
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        const DEPTH: usize = 100_000;
        // Arrays: skipping `deep` to reach `after`.
        let mut text = String::from("{\"deep\": ");
        text.push_str(&"[".repeat(DEPTH));
        text.push_str(&"]".repeat(DEPTH));
        text.push_str(", \"after\": 1}");
        let found = locate(&text, "/after").unwrap();
        assert!(found.exact);
        assert_eq!(found.offset, text.len() - 2);
        assert_eq!(found.position, pos(1, text.len() - 1));
        // A pointer as deep as the nesting: `/deep/0/0/…/0` to the innermost `[]`.
        let pointer = format!("/deep{}", "/0".repeat(DEPTH - 1));
        let found = locate(&text, &pointer).unwrap();
        assert!(found.exact);
        assert_eq!(found.offset, 9 + DEPTH - 1);
        // One level deeper does not exist: the innermost array.
        let found = locate(&text, &format!("{pointer}/0")).unwrap();
        assert!(!found.exact);
        assert_eq!(found.offset, 9 + DEPTH - 1);

        // Objects, with duplicate keys at every level (the first one
        // counts: the nesting is in the first).
        let mut text = String::new();
        for _ in 0..DEPTH {
            text.push_str("{\"a\": ");
        }
        text.push_str("null");
        for _ in 0..DEPTH {
            text.push_str(", \"a\": 0}");
        }
        let found = locate(&text, &"/a".repeat(DEPTH)).unwrap();
        assert!(found.exact);
        assert_eq!(&text[found.offset..found.offset + 4], "null");
        let found = locate(&text, &"/a".repeat(DEPTH + 1)).unwrap();
        assert!(!found.exact);
        assert_eq!(&text[found.offset..found.offset + 4], "null");
        assert!(locate(&text, "/b").is_some());
        // Truncated deep text is invalid, not a crash.
        assert_eq!(locate(&text[..text.len() - 1], "/b"), None);
        // locate_all walks it the same way.
        let deep = "/a".repeat(DEPTH);
        let deeper = "/a".repeat(DEPTH + 1);
        assert_eq!(
            locate_all(&text, &[&deep, &deeper, "/b"]),
            vec![
                locate(&text, &deep),
                locate(&text, &deeper),
                locate(&text, "/b")
            ]
        );
    }

    #[test]
    fn invalid_pointer_is_none() {
        assert_eq!(locate(APPLICANT, "applicant"), None);
        assert_eq!(locate(APPLICANT, "/applicant~2"), None);
        assert_eq!(locate(APPLICANT, "/applicant~"), None);
        assert_eq!(locate(APPLICANT, "#/applicant"), None);
    }

    #[test]
    fn invalid_json_is_none() {
        for text in [
            "",
            "   ",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":}",
            "{\"a\" 1}",
            "{a: 1}",
            "{\"a\": 1,}",
            "[1,]",
            "[1 2]",
            "[01]",
            "[-]",
            "[1.]",
            "[1e]",
            "[tru]",
            "[nul",
            "\"abc",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "\"a\u{1}b\"",
            "{\"a\": [}",
            "[}",
            "{]",
            "}",
            "01",
            "1 2",
            "[1] x",
            "{}}",
            "{\"a\": 1} {}",
        ] {
            assert_eq!(locate(text, ""), None, "{text:?}");
            assert_eq!(locate(text, "/a"), None, "{text:?}");
            assert_eq!(locate(text, "/0"), None, "{text:?}");
        }
        // Invalid key escape while comparing keys.
        assert_eq!(locate(r#"{"\q": 1}"#, "/q"), None);
    }

    #[test]
    fn truncated_text_never_panics() {
        let pointers = [
            "",
            "/applicant/addresses/1/zip",
            "/applicant/name/middle",
            "/documents/0",
            "/applicant/emails/-",
        ];
        let texts = [
            APPLICANT,
            "\u{FEFF}{\"ñ\": \"\\uD83D\\uDE00\", \"k\\\"\": [1.5e-3, {\"a\": null}]}",
        ];
        for text in texts {
            for (cut, _) in text.char_indices() {
                let prefix = &text[..cut];
                let all = locate_all(prefix, &pointers);
                for (pointer, found) in pointers.iter().zip(all) {
                    assert_eq!(found, locate(prefix, pointer));
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        // A small deterministic generator over JSON-ish characters.
        let alphabet: Vec<char> = "{}[]\":,\\u0aD8eE.-+ \n\r\tfalsetrnul é😀\u{FEFF}"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..5_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 24) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            for pointer in ["", "/a", "/0", "/a/0", "/"] {
                if let Some(found) = locate(&text, pointer) {
                    assert!(text.is_char_boundary(found.offset));
                }
            }
        }
    }

    #[test]
    fn lone_surrogates_do_not_panic() {
        let text = r#"{"\uD800": 1, "\uDC00x": 2, "\uD800\u0041": 3, "k": 4}"#;
        assert_eq!(at(text, "/k"), (pos(1, 53), true));
        assert_eq!(at(text, "/\u{FFFD}A"), (pos(1, 45), true));
    }

    #[test]
    fn locate_all_matches_locate() {
        let pointers = [
            "",
            "/applicant/name/first",
            "bad",
            "/applicant/addresses/0/city",
            "/applicant/missing",
            "/applicant/emails/7",
        ];
        let all = locate_all(APPLICANT, &pointers);
        assert_eq!(all.len(), pointers.len());
        for (pointer, found) in pointers.iter().zip(&all) {
            assert_eq!(*found, locate(APPLICANT, pointer), "{pointer}");
        }
        assert_eq!(all[2], None);
        assert!(locate_all(APPLICANT, &[]).is_empty());
    }

    /// Every member pointer of `v`, and pointers that miss: a missing key,
    /// an index past the end, `-`, a leading zero, through a scalar.
    fn probe_pointers(v: &Value, prefix: &str, out: &mut Vec<String>) {
        out.push(prefix.to_string());
        out.push(format!("{prefix}/missing"));
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let p = format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1"));
                    probe_pointers(child, &p, out);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    probe_pointers(child, &format!("{prefix}/{i}"), out);
                }
                out.push(format!("{prefix}/{}", items.len()));
                out.push(format!("{prefix}/-"));
                out.push(format!("{prefix}/00"));
            }
            _ => out.push(format!("{prefix}/0")),
        }
    }

    #[test]
    fn locate_all_is_locate_for_every_pointer_and_every_prefix_of_the_text() {
        let texts = [
            APPLICANT,
            r#"{"a": {"x": 1}, "a": {"y": 2}}"#,
            r#"{"l": [{"k": {"k": 1, "k": 2}, "k": {"k": 3, "z": 0, "k": 4}}], "l2": 0}"#,
            r#"{"a": [{"b": 1}], "c": 0, "a": [{"d": 2}]}"#,
            r#"{"x": {"y": {"z": 1}}, "x": 5, "x": {"y": [0, {"z": 2}], "y": {"w": 0}}}"#,
            r#"{"a\u002Fb": [1, {"0": [true]}], "m~n": {"00": null}, "": {"": ""}, "é": "\u00e9"}"#,
            "\u{FEFF} [ [] , {} , [ [ 1 ] ] , \"s\" ] ",
        ];
        for text in texts {
            let doc: Value = serde_json::from_str(text.trim_start_matches('\u{FEFF}')).unwrap();
            let mut pointers = vec!["bad".to_string(), "/a~2".to_string()];
            probe_pointers(&doc, "", &mut pointers);
            let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
            let mut cut = text.len();
            loop {
                let prefix = &text[..cut];
                let all = locate_all(prefix, &refs);
                for (pointer, found) in refs.iter().zip(&all) {
                    assert_eq!(*found, locate(prefix, pointer), "{pointer} in {prefix:?}");
                }
                if cut == 0 {
                    break;
                }
                cut -= 1;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
            }
        }
    }

    #[test]
    fn locate_all_is_one_pass() {
        // 40,000 pointers over a 1 MB text: one pass, not 40,000.
        let items: Vec<String> = (0..20_000)
            .map(|i| format!("{{\"type\": \"passport\", \"n\": {i}}}"))
            .collect();
        let text = format!("{{\"list\": [{}], \"end\": true}}", items.join(", "));
        let pointers: Vec<String> = (0..20_000)
            .flat_map(|i| [format!("/list/{i}/number"), format!("/list/{i}/type")])
            .collect();
        let refs: Vec<&str> = pointers.iter().map(String::as_str).collect();
        let all = locate_all(&text, &refs);
        assert!(all.iter().all(Option::is_some));
        assert_eq!(
            all.iter().filter(|l| l.is_some_and(|l| l.exact)).count(),
            20_000
        );
        let last = all[39_999].unwrap();
        assert_eq!(&text[last.offset..last.offset + 10], "\"passport\"");
        assert_eq!(Some(all[39_998].unwrap().offset), text.rfind("{\"type\""));
    }
}
