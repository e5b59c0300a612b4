//! `kyc-preflight rules ...`: what the embedded rule sets are and say.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use kyc_preflight::{Catalog, RuleSet};

use crate::Failed;

#[derive(Subcommand)]
pub(crate) enum RulesCommand {
    /// List the embedded rule sets.
    List,
    /// What a rule set asks for: its requirement tables, per variant.
    ///
    /// Every field and collection requirement with its type, format or
    /// values, the gate it is required for (or optional), its condition,
    /// whether it is sensitive, and its source.
    Explain {
        /// Embedded rule set id, e.g. kira/create-user (see `rules list`).
        id: String,
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
        /// Embedded rule set id, e.g. kira/create-user (see `rules list`).
        id: String,
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
        RulesCommand::List => list(),
        RulesCommand::Explain {
            id,
            variant,
            format,
        } => explain(&id, variant.as_deref(), format),
        RulesCommand::Schema { id, variant } => schema(&id, variant.as_deref()),
    }
}

fn list() -> Result<ExitCode, Failed> {
    let catalog = Catalog::embedded();
    let mut out = io::stdout().lock();
    for id in catalog.ids() {
        let rules = catalog.get(id).map_err(|e| e.to_string())?;
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

fn rule_set(id: &str) -> Result<&'static RuleSet, Failed> {
    Catalog::embedded().get(id).map_err(|e| e.to_string())
}

fn explain(id: &str, variant: Option<&str>, format: ExplainFormat) -> Result<ExitCode, Failed> {
    let explanation = rule_set(id)?.explain(variant).map_err(|e| e.to_string())?;
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

fn schema(id: &str, variant: Option<&str>) -> Result<ExitCode, Failed> {
    let schema = rule_set(id)?
        .json_schema(variant)
        .map_err(|e| e.to_string())?;
    let mut json = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    json.push('\n');
    io::stdout()
        .lock()
        .write_all(json.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}
