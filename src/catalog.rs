//! The rule sets compiled into the binary.

use std::sync::OnceLock;

use crate::rules::RuleFileError;
use crate::Error;
use crate::RuleSet;

/// An embedded rule file: its id, its path in the repository, its text.
struct Embedded {
    id: &'static str,
    path: &'static str,
    text: &'static str,
}

/// Every rule file under `rules/`, sorted by id: written by `build.rs`, so
/// adding a rule set needs no line here (`tests/it/rule_files.rs` checks that
/// every file is embedded).
const EMBEDDED: &[Embedded] = &include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The rule sets that ship inside kyc-preflight, by id.
///
/// Each is compiled on first use and kept; [`Catalog::get`] hands out a
/// shared reference.
pub struct Catalog {
    compiled: [OnceLock<Result<RuleSet, RuleFileError>>; EMBEDDED.len()],
}

impl Catalog {
    /// The embedded catalog.
    pub fn embedded() -> &'static Catalog {
        static CATALOG: Catalog = Catalog {
            compiled: [const { OnceLock::new() }; EMBEDDED.len()],
        };
        &CATALOG
    }

    /// Every embedded rule set id, in order.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> + use<> {
        EMBEDDED.iter().map(|e| e.id)
    }

    /// The rule set `id`, compiled.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRuleSet`] for an id that is not embedded (with the
    /// closest one as a suggestion); [`Error::RuleFile`] if an embedded
    /// file does not compile (a bug the test suite guards against).
    pub fn get(&self, id: &str) -> Result<&RuleSet, Error> {
        let found = EMBEDDED
            .iter()
            .zip(self.compiled.iter())
            .find(|(e, _)| e.id == id);
        let Some((entry, cell)) = found else {
            return Err(Error::UnknownRuleSet {
                id: id.to_string(),
                known: EMBEDDED.iter().map(|e| e.id).collect::<Vec<_>>().join(", "),
            });
        };
        cell.get_or_init(|| RuleSet::compile_embedded(entry.id, entry.path, entry.text))
            .as_ref()
            .map_err(|e| Error::RuleFile(e.clone()))
    }

    /// The text of the embedded rule file `id`, as shipped.
    pub fn text(&self, id: &str) -> Option<&'static str> {
        EMBEDDED.iter().find(|e| e.id == id).map(|e| e.text)
    }
}

/// ` (did you mean `kira/create-user`?)` for an id one typo away from an
/// embedded one (Jaro-Winkler 0.8 or more, the rule files' own threshold),
/// else nothing.
pub(crate) fn did_you_mean(id: &str) -> String {
    if id.len() > 256 {
        return String::new(); // no embedded id is this long, nor a typo of one
    }
    EMBEDDED
        .iter()
        .map(|e| (strsim::jaro_winkler(id, e.id), e.id))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The catalog compiles its files without measuring their patterns;
    /// compiled as a user's file is (`RuleSet::from_toml`: every pattern
    /// measured within the default budget, and a valid regex), each is
    /// accepted, and to the same plan.
    #[test]
    fn embedded_files_pass_the_budget_a_users_file_is_held_to() {
        for e in EMBEDDED {
            let measured = RuleSet::from_toml(e.path, e.text);
            assert!(measured.is_ok(), "{}: {:?}", e.id, measured.err());
            let embedded = Catalog::embedded().get(e.id).unwrap();
            assert_eq!(
                format!("{:?}", measured.unwrap().plan()),
                format!("{:?}", embedded.plan()),
                "{}",
                e.id
            );
        }
    }
}
