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
pub(crate) struct Problems<'t> {
    text: &'t str,
    list: Vec<(usize, RuleProblem)>,
}

impl<'t> Problems<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            list: Vec::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Record a problem at the start of `span`.
    pub fn at(&mut self, span: &Range<usize>, message: impl Into<String>, help: Option<String>) {
        let (line, column) = line_column(self.text, span.start);
        self.list.push((
            span.start,
            RuleProblem {
                line,
                column,
                message: message.into(),
                help,
            },
        ));
    }

    pub fn into_error(mut self, file: &str) -> RuleFileError {
        self.list.sort_by_key(|(offset, _)| *offset);
        RuleFileError {
            file: file.to_string(),
            problems: self.list.into_iter().map(|(_, p)| p).collect(),
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for (at, ch) in text.char_indices() {
        if at >= offset {
            break;
        }
        if ch == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}
