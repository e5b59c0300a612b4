//! Line and column of a byte offset in a text, the one place positions
//! are counted. Lines are 1-based and split on `\n` (so `\r\n` is one
//! break). Two column units, each where its reader expects it:
//!
//! - bytes, as serde_json counts them: input errors ([`byte_line_column`]);
//! - characters (Unicode scalar values), as an editor counts them: rule
//!   file problems ([`Positions`], one pass over increasing offsets) and
//!   the human report's `line:column` ([`LineIndex`], any offset, a byte
//!   order mark not counted).

/// 1-based line and byte column of `offset` in `bytes`.
pub(crate) fn byte_line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = match before.iter().rposition(|b| *b == b'\n') {
        Some(nl) => offset - nl,
        None => offset + 1,
    };
    (line, column)
}

/// 1-based line and column (in characters) of increasing byte offsets in a
/// text, in one pass.
pub(crate) struct Positions<'t> {
    chars: std::iter::Peekable<std::str::CharIndices<'t>>,
    line: usize,
    column: usize,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Self {
            chars: text.char_indices().peekable(),
            line: 1,
            column: 1,
        }
    }

    /// The position of byte `offset` (not before the last one asked for).
    pub(crate) fn advance_to(&mut self, offset: usize) -> (usize, usize) {
        while let Some(&(at, ch)) = self.chars.peek() {
            if at >= offset {
                break;
            }
            if ch == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
            self.chars.next();
        }
        (self.line, self.column)
    }
}

/// Byte offsets of line starts, to turn any byte offset into a 1-based
/// line and character column.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `text`, whose first line starts at byte `first` (past a
    /// byte order mark, which is not a column).
    pub(crate) fn new(text: &str, first: usize) -> Self {
        let mut starts = vec![first];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { starts }
    }

    /// Line and character column of byte `offset`; `None` off a character
    /// boundary or before the first line.
    pub(crate) fn position(&self, text: &str, offset: usize) -> Option<(usize, usize)> {
        // Number of lines starting at or before `offset`: the 1-based line.
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let column = text.get(start..offset)?.chars().count() + 1;
        Some((line, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_counts_agree_where_they_should() {
        let text = "ab\nGó\r\nz";
        for (offset, bytes, chars) in [
            (0, (1, 1), (1, 1)),
            (4, (2, 2), (2, 2)),
            (6, (2, 4), (2, 3)),
            (8, (3, 1), (3, 1)),
        ] {
            assert_eq!(byte_line_column(text.as_bytes(), offset), bytes, "{offset}");
            assert_eq!(Positions::new(text).advance_to(offset), chars, "{offset}");
            assert_eq!(
                LineIndex::new(text, 0).position(text, offset),
                Some(chars),
                "{offset}"
            );
        }
        assert_eq!(LineIndex::new(text, 0).position(text, 5), None, "inside ó");
    }
}
