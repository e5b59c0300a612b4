//! `kyc-preflight rules ...`: what the embedded rule sets are and say.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Subcommand;

use kyc_preflight::Catalog;

use crate::Failed;

#[derive(Subcommand)]
pub(crate) enum RulesCommand {
    /// List the embedded rule sets.
    List,
}

pub(crate) fn run(command: RulesCommand) -> Result<ExitCode, Failed> {
    match command {
        RulesCommand::List => list(),
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
