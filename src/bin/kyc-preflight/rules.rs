//! `kyc-preflight rules ...`: what the embedded rule sets, or a user's own
//! rule files (`--rules-file PATH`, a file or a directory of them), are and
//! say.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use kyc_preflight::{Catalog, RuleSet};

use crate::Failed;

#[derive(Subcommand)]
pub(crate) enum RulesCommand {
    /// List the embedded rule sets, or the rule files at --rules-file.
    List {
        /// A rule file of your own, or a directory of them (every `*.toml`
        /// below it), instead of the embedded rule sets.
        #[arg(long, value_name = "PATH")]
        rules_file: Option<PathBuf>,
    },
    /// What a rule set asks for: its requirement tables, per variant.
    ///
    /// Every field and collection requirement with its type, format or
    /// values, the gate it is required for (or optional), its condition,
    /// whether it is sensitive, and its source.
    Explain {
        /// Rule set id, e.g. kira/create-user (see `rules list`); with
        /// --rules-file, optional when the path holds one rule set.
        id: Option<String>,
        /// A rule file of your own, or a directory of them.
        #[arg(long, value_name = "PATH")]
        rules_file: Option<PathBuf>,
        /// One variant, e.g. business/international (`default` for a rule
        /// set without variants); all of them when not given.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: ExplainFormat,
    },
    /// A JSON Schema (draft 2020-12) of what the request gate requires.
    ///
    /// Its description says what JSON Schema cannot express (check digits,
    /// a file's magic bytes, an age from today's date) and `check` does.
    Schema {
        /// Rule set id, e.g. kira/create-user (see `rules list`); with
        /// --rules-file, optional when the path holds one rule set.
        id: Option<String>,
        /// A rule file of your own, or a directory of them.
        #[arg(long, value_name = "PATH")]
        rules_file: Option<PathBuf>,
        /// The schema of one variant, e.g. business/international; one
        /// schema for every variant when not given.
        #[arg(long, value_name = "NAME")]
        variant: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ExplainFormat {
    /// One table with a row per field and a column per variant.
    Markdown,
    /// `{"rule_set", "variants": [{"name", "fields": [...]}]}`.
    Json,
}

pub(crate) fn run(command: RulesCommand) -> Result<ExitCode, Failed> {
    match command {
        RulesCommand::List { rules_file } => list(rules_file.as_deref()),
        RulesCommand::Explain {
            id,
            rules_file,
            variant,
            format,
        } => explain(
            &rule_set(id.as_deref(), rules_file.as_deref())?,
            variant.as_deref(),
            format,
        ),
        RulesCommand::Schema {
            id,
            rules_file,
            variant,
        } => schema(
            &rule_set(id.as_deref(), rules_file.as_deref())?,
            variant.as_deref(),
        ),
    }
}

/// The rule sets at `path`: the one rule file, or every `*.toml` below a
/// directory, in path order. Any that does not compile fails the command
/// with its problems.
fn load(path: &Path) -> Result<Vec<RuleSet>, Failed> {
    let mut files = Vec::new();
    if path.is_dir() {
        walk(path, &mut files).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        files.sort();
        if files.is_empty() {
            return Err(format!("{} holds no *.toml rule file", path.display()));
        }
    } else {
        files.push(path.to_path_buf());
    }
    files
        .iter()
        .map(|f| {
            let rules = RuleSet::load(f).map_err(|e| e.to_string())?;
            crate::warn_rule_file(&f.display().to_string(), &rules);
            Ok(rules)
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The rule set `id` (embedded, or among those at `rules_file`), or the
/// only one at `rules_file`.
fn rule_set(id: Option<&str>, rules_file: Option<&Path>) -> Result<RuleSet, Failed> {
    let Some(path) = rules_file else {
        let id = id.ok_or("give a rule set id or --rules-file PATH")?;
        return Catalog::embedded()
            .get(id)
            .cloned()
            .map_err(|e| e.to_string());
    };
    let mut loaded = load(path)?;
    let ids = || {
        loaded
            .iter()
            .map(RuleSet::id)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match id {
        Some(id) => match loaded.iter().position(|r| r.id() == id) {
            Some(i) => Ok(loaded.swap_remove(i)),
            None => Err(format!(
                "{} has no rule set `{id}` (it has: {})",
                path.display(),
                ids()
            )),
        },
        None if loaded.len() == 1 => Ok(loaded.swap_remove(0)),
        None => Err(format!(
            "{} holds {} rule sets: name one of {}",
            path.display(),
            loaded.len(),
            ids()
        )),
    }
}

fn list(rules_file: Option<&Path>) -> Result<ExitCode, Failed> {
    let sets: Vec<RuleSet> = match rules_file {
        Some(path) => load(path)?,
        None => {
            let catalog = Catalog::embedded();
            catalog
                .ids()
                .map(|id| catalog.get(id).cloned().map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?
        }
    };
    let mut out = io::stdout().lock();
    for rules in &sets {
        let id = rules.id();
        let line = format!(
            "{}\t{}\tgates: {}\tvariants: {}",
            id,
            rules.title().unwrap_or(""),
            rules.gates().collect::<Vec<_>>().join(", "),
            rules.variants().collect::<Vec<_>>().join(", ")
        );
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(
    rules: &RuleSet,
    variant: Option<&str>,
    format: ExplainFormat,
) -> Result<ExitCode, Failed> {
    let explanation = rules.explain(variant).map_err(|e| e.to_string())?;
    let text = match format {
        ExplainFormat::Markdown => explanation.to_markdown(),
        ExplainFormat::Json => {
            let mut json = serde_json::to_string_pretty(&explanation).map_err(|e| e.to_string())?;
            json.push('\n');
            json
        }
    };
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn schema(rules: &RuleSet, variant: Option<&str>) -> Result<ExitCode, Failed> {
    let schema = rules.json_schema(variant).map_err(|e| e.to_string())?;
    let mut json = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    json.push('\n');
    io::stdout()
        .lock()
        .write_all(json.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
