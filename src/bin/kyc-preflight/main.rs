//! The kyc-preflight command-line interface: thin over the library.
//!
//! Exit status: 0 no error finding (for the `--require`d gates, all gates
//! when none is named); 1 error findings; 2 the input could not be checked.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod batch;
mod check;
mod format;
mod rules;

use check::CheckArgs;
use rules::RulesCommand;

#[derive(Parser)]
#[command(
    name = "kyc-preflight",
    version,
    about = "Check KYC/KYB onboarding payloads against providers' documented rules, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check one JSON request body (a file, or - for standard input).
    Check(CheckArgs),
    /// Check every line of a JSON Lines file: one JSON report per line, in
    /// order, on stdout; a summary on stderr. Exit 0 when every record
    /// passes the required gates, 1 otherwise, 2 when the input cannot be read.
    Batch(batch::BatchArgs),
    /// The embedded rule sets, or your own (--rules-file): list, explain, schema.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Check values against one named format: prints `valid`,
    /// `warning: <code>` or `invalid: <code>` per value.
    Format {
        /// email, e164, iso3166-alpha2, iso3166-alpha3, date, uuid, ssn, itin,
        /// ein, rfc, curp, cpf, cnpj, nit, nit-base, nit-natural, nuip,
        /// data-uri, date-time, ipv4, ipv6, uri, url, nino, pan, rut or
        /// cuit.
        name: String,
        /// The values; one per line on standard input when none are given.
        values: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Rules { command } => rules::run(command),
        Command::Format { name, values } => format::run(&name, values),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(io::stderr(), "kyc-preflight: {message}");
            ExitCode::from(2)
        }
    }
}

/// Print a user's rule file's warnings on stderr, one line each
/// (`kyc-preflight: warning: FILE:LINE:COL: message (help)`); they change
/// no exit status.
pub(crate) fn warn_rule_file(file: &str, rules: &kyc_preflight::RuleSet) {
    let mut err = io::stderr().lock();
    for w in rules.warnings() {
        let help = w
            .help
            .as_deref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let _ = writeln!(
            err,
            "kyc-preflight: warning: {file}:{}:{}: {}{help}",
            w.line, w.column, w.message
        );
    }
}

/// A failure that means "could not check": one line, exit 2.
pub(crate) type Failed = String;
