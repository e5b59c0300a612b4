//! Limits on what compiling a rule file may cost: its size, and the total
//! size of its compiled patterns.
//!
//! A rule file is input too (`--rules-file`), and a small one can be
//! costly: 200 fields of 12 KB, each with the pattern `\w{200}` (Unicode
//! word characters, each under the regex crate's own per-pattern limit),
//! took 2.3 GB and 32 s to compile. [`RegexBudget`] gives the whole file
//! one budget: each pattern's Thompson NFA (the automaton the regex crate
//! builds first, whose size its own `size_limit` bounds) is measured
//! before the pattern is compiled, by a build that stops as soon as it
//! passes what is left of the budget, so an over-budget file costs at most
//! the budget to refuse.
//!
//! A pattern that fits is a [`RulePattern`]: measured (so known to be a
//! valid regex of known size) when the file compiles, and compiled for
//! matching the first time a value is matched. A one-file check uses few of
//! a rule set's patterns (none of the three header patterns of
//! `kira/create-user` in a body check: 1.7 M of its 15.6 M instructions).
//!
//! The rule sets compiled into the binary are not input, and are not
//! measured when they compile (0.6 M instructions and 70 page faults of a
//! one-file check); a test compiles each as a user's file, within the
//! default budget, to the same plan.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::rules::RuleLimits;
//! use kyc_preflight::RuleSet;
//!
//! let mut text = String::from("id = \"x/y\"\nsource = \"s\"\n[[gate]]\nname = \"request\"\n");
//! for i in 0..50 {
//!     text.push_str(&format!("[[field]]\npath = \"/f{i}\"\npattern = '\\w{{200}}'\n"));
//! }
//! let err = RuleSet::from_toml_within("big.toml", &text, &RuleLimits::default()).unwrap_err();
//! assert!(err.to_string().contains("over the rule file's budget"));
//! ```

use std::ops::Range;

use regex::{Regex, RegexBuilder};
use regex_automata::nfa::thompson;

use super::error::Problems;
use super::plan::RulePattern;

/// Limits on a rule file ([`crate::RuleSet::load_within`],
/// [`crate::RuleSet::from_toml_within`]; the CLI's `--max-rules-bytes` and
/// `--max-rules-regex-bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleLimits {
    /// Largest rule file read, in bytes. Default 1 MiB (the largest
    /// embedded rule file is 64 KB); [`crate::RuleSet::load_within`] never
    /// reads more than this plus one byte, so `/dev/zero` is refused at
    /// once.
    pub max_bytes: usize,
    /// Total size, in bytes, of the file's compiled patterns (their
    /// Thompson NFAs, as the regex crate's `size_limit` counts them).
    /// Default 4 MiB: the embedded rule sets use 13 KB at most, one
    /// `\w{200}` (Unicode word characters) 3.4 MB. Past it, the file is
    /// refused and the costliest patterns named.
    pub max_regex_bytes: usize,
}

impl Default for RuleLimits {
    fn default() -> Self {
        Self {
            max_bytes: 1024 * 1024,
            max_regex_bytes: 4 * 1024 * 1024,
        }
    }
}

impl RuleLimits {
    /// Limits with the given file size and pattern budget, in bytes.
    pub fn new(max_bytes: usize, max_regex_bytes: usize) -> Self {
        Self {
            max_bytes,
            max_regex_bytes,
        }
    }
}

/// Patterns whose measured automaton is over this are compiled with the
/// file, as the regex crate's own limit (10 MiB) could refuse them; under
/// it, the regex crate cannot refuse a pattern whose automaton was built.
const EAGER_OVER: usize = 1024 * 1024;

/// The patterns of one rule file, compiled within one budget.
pub(crate) struct RegexBudget {
    /// One measuring compiler for the whole file: its UTF-8 tables (400 KB
    /// zeroed the first time a pattern has a Unicode class) are built once,
    /// not once a pattern.
    compiler: thompson::Compiler,
    /// Off for the embedded rule sets, which are not input: their patterns
    /// are measured by the tests instead (`catalog::tests`), and a check
    /// does not pay for it.
    measure: bool,
    max: usize,
    used: usize,
    /// Each compiled pattern's span and measured size.
    costs: Vec<(Range<usize>, usize)>,
    /// The span of the pattern that did not fit, once one has not.
    over: Option<Range<usize>>,
}

/// The costliest patterns a refusal names.
const NAMED: usize = 3;

impl RegexBudget {
    pub(crate) fn new(max: usize) -> Self {
        Self {
            compiler: thompson::Compiler::new(),
            measure: true,
            max,
            used: 0,
            costs: Vec::new(),
            over: None,
        }
    }

    /// A budget that measures nothing: for the rule sets compiled into the
    /// binary, whose patterns the tests hold to the default budget.
    pub(crate) fn unmeasured() -> Self {
        Self {
            measure: false,
            ..Self::new(usize::MAX)
        }
    }

    /// Measure `pattern` (at `span`) and keep it if what is left of the
    /// budget holds it; `None` once the budget is spent (the file is
    /// refused, by [`RegexBudget::finish`]) or when the pattern is not a
    /// valid regex (a problem recorded here).
    pub(crate) fn compile(
        &mut self,
        pattern: &str,
        span: &Range<usize>,
        p: &mut Problems<'_>,
    ) -> Option<RulePattern> {
        if self.over.is_some() {
            return None; // refused already: compile nothing more
        }
        if !self.measure {
            return Some(RulePattern::measured(pattern));
        }
        let left = self.max.saturating_sub(self.used);
        let measured = self
            .compiler
            .configure(thompson::Config::new().nfa_size_limit(Some(left)))
            .build(pattern);
        let size = match measured {
            Ok(nfa) => nfa.memory_usage(),
            Err(_) => {
                // Over what is left, or not a regex: the regex crate says which.
                match RegexBuilder::new(pattern).size_limit(left).build() {
                    Ok(re) => return self.fits(RulePattern::compiled(re), 0, span),
                    Err(regex::Error::CompiledTooBig(_)) => {
                        self.over = Some(span.clone());
                        return None;
                    }
                    Err(e) => {
                        p.at(span, format!("invalid regex: {e}"), None);
                        return None;
                    }
                }
            }
        };
        if size > left {
            self.over = Some(span.clone());
            return None;
        }
        if size <= EAGER_OVER {
            return self.fits(RulePattern::measured(pattern), size, span);
        }
        match Regex::new(pattern) {
            Ok(re) => self.fits(RulePattern::compiled(re), size, span),
            Err(e) => {
                p.at(span, format!("invalid regex: {e}"), None);
                None
            }
        }
    }

    fn fits(&mut self, re: RulePattern, size: usize, span: &Range<usize>) -> Option<RulePattern> {
        self.used += size;
        self.costs.push((span.clone(), size));
        Some(re)
    }

    /// Bytes of compiled patterns so far.
    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.used
    }

    /// When the budget ran out: one problem at the pattern that did not
    /// fit, and one at each of the costliest that did.
    pub(crate) fn finish(self, p: &mut Problems<'_>) {
        let Some(over) = self.over else { return };
        let mut costs = self.costs;
        costs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.start.cmp(&b.0.start)));
        p.at(
            &over,
            format!(
                "this pattern takes the compiled patterns over the rule file's budget of {} bytes (RuleLimits::max_regex_bytes, --max-rules-regex-bytes); {} bytes were used by the {} before it",
                self.max,
                self.used,
                costs.len()
            ),
            Some("use narrower patterns (an ASCII class such as [A-Za-z0-9_] instead of \\w, smaller repetition counts)".to_string()),
        );
        for (span, size) in costs.into_iter().take(NAMED).filter(|(_, s)| *s > 0) {
            p.at(
                &span,
                format!("one of the costliest patterns: {size} bytes compiled"),
                None,
            );
        }
    }
}

/// The text of the file at `path`, reading at most `max` bytes plus one.
pub(crate) fn read_limited(path: &std::path::Path, max: usize) -> Result<String, crate::Error> {
    use std::io::Read;
    let io = |source| crate::Error::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    file.take(limit).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > max {
        return Err(crate::Error::RuleFileTooLarge {
            path: path.display().to_string(),
            max,
        });
    }
    String::from_utf8(bytes)
        .map_err(|e| io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn measure(patterns: &[&str], max: usize) -> (RegexBudget, usize) {
        let text = "";
        let mut p = Problems::new(text);
        let mut budget = RegexBudget::new(max);
        let mut compiled = 0;
        for pat in patterns {
            compiled += usize::from(budget.compile(pat, &(0..0), &mut p).is_some());
        }
        (budget, compiled)
    }

    #[test]
    fn embedded_patterns_fit_the_default_budget_many_times() {
        let max = RuleLimits::default().max_regex_bytes;
        for id in crate::Catalog::embedded().ids() {
            let text = crate::Catalog::embedded().text(id).unwrap_or_default();
            let value: toml::Value = toml::from_str(text).unwrap();
            let mut patterns = Vec::new();
            for kind in ["field", "header"] {
                for entry in value
                    .get(kind)
                    .and_then(|v| v.as_array())
                    .into_iter()
                    .flatten()
                {
                    if let Some(p) = entry.get("pattern").and_then(|p| p.as_str()) {
                        patterns.push(p.to_string());
                    }
                }
            }
            let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let (budget, compiled) = measure(&refs, max);
            assert_eq!(compiled, refs.len(), "{id}");
            assert!(budget.used() * 10 < max, "{id}: {} bytes", budget.used());
        }
    }

    /// A pattern that fits is compiled on first match, and matches as the
    /// regex crate's own; one near the regex crate's limit is compiled with
    /// the file.
    #[test]
    fn patterns_compile_on_first_match_and_match_as_the_regex_crate() {
        let mut p = Problems::new("");
        let mut budget = RegexBudget::new(RuleLimits::default().max_regex_bytes);
        let cases: [(&str, &[&str]); 3] = [
            (
                r"^Bearer\s+\S+$",
                &["Bearer abc", "Bearer\u{a0}abc", "Bearer ", "bearer x"],
            ),
            (
                r"^[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}$",
                &["AB-12", " AB", "", "é"],
            ),
            (
                r"(?i)^application/json\s*(;.*)?$",
                &["Application/JSON; charset=utf-8", "text/json"],
            ),
        ];
        for (pattern, values) in cases {
            let lazy = budget.compile(pattern, &(0..0), &mut p).unwrap();
            assert!(!lazy.is_compiled(), "{pattern}: not compiled yet");
            assert_eq!(lazy.as_str(), pattern);
            let reference = Regex::new(pattern).unwrap();
            for v in values {
                assert_eq!(
                    lazy.is_match(v),
                    reference.is_match(v),
                    "{pattern} on {v:?}"
                );
            }
            assert!(lazy.is_compiled());
        }
        let big = budget.compile(r"\w{200}", &(0..0), &mut p).unwrap();
        assert!(big.is_compiled(), "compiled with the file");
        assert!(big.is_match(&"é".repeat(200)));
        assert!(p.is_empty());
    }

    #[test]
    fn an_expensive_file_is_refused_at_the_budget() {
        // The tester's file: 200 × `\w{200}`, each under the regex crate's
        // own 10 MB limit.
        let patterns = vec![r"\w{200}"; 200];
        let (budget, compiled) = measure(&patterns, RuleLimits::default().max_regex_bytes);
        assert!(compiled < 200, "{compiled}");
        assert!(budget.over.is_some());
        assert!(budget.used() <= RuleLimits::default().max_regex_bytes);
        // What one `\w{200}` costs, against the budget.
        let (one, _) = measure(&[r"\w{200}"], usize::MAX);
        assert!(one.used() > 100_000, "{}", one.used());
    }
}
