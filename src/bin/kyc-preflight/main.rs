//! The kyc-preflight command-line interface: thin over the library.
//!
//! Exit status: 0 no error finding (for the `--require`d gates, all gates
//! when none is named); 1 error findings; 2 the input could not be checked.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use kyc_preflight::formats::Format;
use kyc_preflight::report::human::terminal_safe;

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
        /// The format's name (listed from the formats table).
        #[arg(help = format_names())]
        name: String,
        /// The values; one per line on standard input when none are given.
        values: Vec<String>,
        /// Longest line read from standard input, in bytes (default 64 MiB,
        /// room for a 10 MB document as a data URI).
        #[arg(long, value_name = "BYTES")]
        max_bytes: Option<usize>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return bad_arguments(&e),
    };
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Rules { command } => rules::run(command),
        Command::Format {
            name,
            values,
            max_bytes,
        } => format::run(&name, values, max_bytes),
    };
    match result {
        Ok(code) => code,
        Err(message) => fail(&message),
    }
}

/// Every format's name, in the formats table's order (`Format::ALL`):
/// "email, e164, ... rut or cuit", for `format --help`.
fn format_names() -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

/// Exit 2 with one line on stderr (docs/design.md: "with one clear line"): a
/// line break or control character in the message (a file name, an
/// argument) is printed escaped, so it cannot break the line or drive the
/// terminal.
fn fail(message: &str) -> ExitCode {
    let line = terminal_safe(message);
    let _ = writeln!(io::stderr(), "kyc-preflight: {line}");
    ExitCode::from(2)
}

/// clap's error as one line: its message, the suggestion clap found
/// ("did you mean '--rules'?") and where to read more, instead of its
/// several lines of usage. `--help` and `--version` print as clap prints
/// them, and exit 0.
fn bad_arguments(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let path = command_path();
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let mut command = Cli::command();
        for word in path.iter().skip(1) {
            match command.find_subcommand(word) {
                Some(sub) => command = sub.clone(),
                None => break,
            }
        }
        let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
        return fail(&format!(
            "{} needs a subcommand ({}); see {} --help",
            path.join(" "),
            names.join(", "),
            path.join(" ")
        ));
    }
    let rendered = e.render().to_string();
    // The first paragraph is the message; an indented line under a header
    // ending in ':' is one item of a list (missing arguments, values).
    let mut message = String::new();
    for line in rendered.lines().take_while(|l| !l.trim().is_empty()) {
        let line = line.trim();
        let line = line.strip_prefix("error: ").unwrap_or(line);
        if let Some(list) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            message.push_str(&format!(" ({list})"));
        } else if message.is_empty() {
            message.push_str(line);
        } else if message.ends_with(':') {
            message.push(' ');
            message.push_str(line);
        } else {
            message.push_str(", ");
            message.push_str(line);
        }
    }
    if message.is_empty() {
        message.push_str("bad arguments");
    }
    if let Some(stripped) = message.strip_suffix(" found") {
        message.truncate(stripped.len());
    }
    let suggested = [
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
        ContextKind::SuggestedValue,
    ]
    .into_iter()
    .find_map(|kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => v.first().cloned(),
        _ => None,
    });
    if let Some(s) = suggested {
        message.push_str(&format!(" (did you mean '{s}'?)"));
    }
    message.push_str(&format!("; see {} --help", path.join(" ")));
    fail(&message)
}

/// `kyc-preflight check`, `kyc-preflight rules explain`, …: the
/// subcommands named on the command line, as far as they are known.
fn command_path() -> Vec<String> {
    let mut command = Cli::command();
    let mut path = vec![command.get_name().to_string()];
    for arg in std::env::args_os().skip(1) {
        let Some(sub) = arg.to_str().and_then(|a| command.find_subcommand(a)) else {
            break;
        };
        path.push(sub.get_name().to_string());
        command = sub.clone();
    }
    path
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
        let line = format!(
            "kyc-preflight: warning: {file}:{}:{}: {}{help}",
            w.line, w.column, w.message
        );
        let _ = writeln!(err, "{}", terminal_safe(&line));
    }
}

/// A failure that means "could not check": one line, exit 2.
pub(crate) type Failed = String;
