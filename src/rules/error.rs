//! Errors in a rule file: their own type, never a payload finding.

use std::fmt;
use std::ops::Range;

/// One mistake in a rule file, at a 1-based `line:column` (columns count
/// characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleProblem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// A suggestion, where one is obvious ("did you mean `iso3166-alpha3`?").
    pub help: Option<String>,
}

/// A rule file that cannot be used, with every problem found in it.
///
/// `Display` prints one problem per line as `file:line:column: message`,
/// followed by `  help: ...` where there is a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RuleFileError {
    /// The file's name as the caller gave it (`rules/kira/create-user.toml`).
    pub file: String,
    /// Every problem, in file order.
    pub problems: Vec<RuleProblem>,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for p in &self.problems {
            if !first {
                writeln!(f)?;
            }
            first = false;
            write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, p.message)?;
            if let Some(help) = &p.help {
                write!(f, "\n  help: {help}")?;
            }
        }
        if self.problems.is_empty() {
            write!(f, "{}: invalid rule file", self.file)?;
        }
        Ok(())
    }
}

/// Collects problems while a rule file is compiled.
///
/// Positions are computed once, in [`Problems::into_error`], in one pass
/// over the text for all problems: computing each from the start of the
/// text made a file with many problems (20,000 duplicated rules in 4 MB)
/// take minutes.
pub(crate) struct Problems<'t> {
    text: &'t str,
    /// Byte offset, message, help.
    list: Vec<(usize, String, Option<String>)>,
    /// The same, for what compiles but is likely not what the author meant.
    warnings: Vec<(usize, String, Option<String>)>,
}

impl<'t> Problems<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            list: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Record a warning at the start of `span`: the file compiles.
    pub fn warn(&mut self, span: &Range<usize>, message: impl Into<String>, help: Option<String>) {
        self.warnings.push((span.start, message.into(), help));
    }

    /// The warnings, positioned, in file order.
    pub fn take_warnings(&mut self) -> Vec<RuleProblem> {
        let mut list = std::mem::take(&mut self.warnings);
        list.sort_by_key(|(offset, _, _)| *offset);
        let mut positions = Positions::new(self.text);
        list.into_iter()
            .map(|(offset, message, help)| {
                let (line, column) = positions.advance_to(offset);
                RuleProblem {
                    line,
                    column,
                    message,
                    help,
                }
            })
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Record a problem at the start of `span`.
    pub fn at(&mut self, span: &Range<usize>, message: impl Into<String>, help: Option<String>) {
        self.list.push((span.start, message.into(), help));
    }

    pub fn into_error(mut self, file: &str) -> RuleFileError {
        // Stable: problems at the same offset keep the order they were found in.
        self.list.sort_by_key(|(offset, _, _)| *offset);
        let mut positions = Positions::new(self.text);
        RuleFileError {
            file: file.to_string(),
            problems: self
                .list
                .into_iter()
                .map(|(offset, message, help)| {
                    let (line, column) = positions.advance_to(offset);
                    RuleProblem {
                        line,
                        column,
                        message,
                        help,
                    }
                })
                .collect(),
        }
    }
}

/// 1-based line and column (in characters) of increasing byte offsets in a
/// text, in one pass.
struct Positions<'t> {
    chars: std::iter::Peekable<std::str::CharIndices<'t>>,
    line: usize,
    column: usize,
}

impl<'t> Positions<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            chars: text.char_indices().peekable(),
            line: 1,
            column: 1,
        }
    }

    /// The position of byte `offset` (not before the last one asked for).
    fn advance_to(&mut self, offset: usize) -> (usize, usize) {
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

/// 1-based line and column (in characters) of byte `offset` in `text`.
#[cfg(test)]
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Positions::new(text).advance_to(offset)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    // No name of the rule language is this long: no typo of one either
    // (and comparing a generated 14-million-character word with every
    // candidate took seconds).
    if word.len() > 256 {
        return None;
    }
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_one_pass_match_each_from_the_start() {
        let text = "a = 1\nb = \"é\"\n\n  [[x]]\n";
        let offsets = [0, 3, 6, 10, 13, 14, 15, 17, 200];
        let mut p = Problems::new(text);
        for (i, o) in offsets.iter().enumerate().rev() {
            p.at(&(*o..*o), format!("p{i}"), None);
        }
        let e = p.into_error("f.toml");
        let got: Vec<(usize, usize)> = e.problems.iter().map(|p| (p.line, p.column)).collect();
        let expected: Vec<(usize, usize)> = offsets.iter().map(|o| line_column(text, *o)).collect();
        assert_eq!(got, expected);
        assert_eq!(expected[..4], [(1, 1), (1, 4), (2, 1), (2, 5)]);
        // `é` (two bytes) is one column: the closing quote after it is column 7.
        assert_eq!(line_column(text, 13), (2, 7));
        assert_eq!(line_column(text, 200), (5, 1));
    }

    #[test]
    fn no_suggestion_for_a_huge_word() {
        assert_eq!(
            did_you_mean("reqest", ["request", "verification"]),
            Some("did you mean `request`?".to_string())
        );
        assert_eq!(did_you_mean(&"request".repeat(100), ["request"]), None);
    }

    #[test]
    fn many_problems_in_a_large_file_are_fast() {
        let text = "x = 1\n".repeat(200_000);
        let mut p = Problems::new(&text);
        for i in 0..50_000 {
            p.at(&(i * 24..i * 24), "dup", None);
        }
        let e = p.into_error("big.toml");
        assert_eq!(e.problems.len(), 50_000);
        assert_eq!(
            (e.problems[49_999].line, e.problems[49_999].column),
            (199_997, 1)
        );
    }
}
