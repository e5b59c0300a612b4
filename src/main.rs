//! The kyc-preflight command-line interface: thin over the library.
//!
//! Exit status: 0 no error finding (for the `--require`d gates, all gates
//! when none is named); 1 error findings; 2 the input could not be checked.

use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use kyc_preflight::formats::Format;
use kyc_preflight::input::{parse_body, Limits};
use kyc_preflight::report::{human, provider};
use kyc_preflight::{Catalog, CheckOptions, Request, RuleSet, Severity};

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
    /// The embedded rule sets.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Check values against one named format: prints `valid`,
    /// `warning: <code>` or `invalid: <code>` per value.
    Format {
        /// email, e164, iso3166-alpha2, iso3166-alpha3, date, uuid, ssn, itin,
        /// ein, rfc, curp, cpf, cnpj, nit, nit-base or data-uri.
        name: String,
        /// The values; one per line on standard input when none are given.
        values: Vec<String>,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// List the embedded rule sets.
    List,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Findings grouped by gate, with file:line:column.
    Human,
    /// One JSON object (the stable report contract).
    Json,
    /// The 4xx body the provider would answer for the request-gate errors;
    /// nothing when the request gate passes.
    Provider,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Embedded rule set id, e.g. kira/create-user (see `rules list`).
    #[arg(
        long,
        conflicts_with = "rules_file",
        required_unless_present = "rules_file"
    )]
    rules: Option<String>,
    /// A rule file of your own, in the same format as rules/.
    #[arg(long, value_name = "PATH")]
    rules_file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Gates that must pass for exit status 0 (repeatable); all gates when none is named.
    #[arg(long = "require", value_name = "GATE")]
    require: Vec<String>,
    /// A request header, NAME:VALUE (repeatable). Header rules run only when at least one is given.
    #[arg(long = "header", value_name = "NAME:VALUE")]
    headers: Vec<String>,
    /// "Today" for date rules (18+, expired documents), YYYY-MM-DD; default: the system's UTC date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// The JSON request body, or - for standard input.
    file: String,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules {
            command: RulesCommand::List,
        } => rules_list(),
        Command::Format { name, values } => format(&name, values),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(io::stderr(), "kyc-preflight: {message}");
            ExitCode::from(2)
        }
    }
}

/// A failure that means "could not check": one line, exit 2.
type Failed = String;

fn check(args: CheckArgs) -> Result<ExitCode, Failed> {
    let owned;
    let rules: &RuleSet = match (&args.rules, &args.rules_file) {
        (_, Some(path)) => {
            owned = RuleSet::load(path).map_err(|e| e.to_string())?;
            &owned
        }
        (Some(id), None) => Catalog::embedded().get(id).map_err(|e| e.to_string())?,
        (None, None) => return Err("give --rules ID or --rules-file PATH".into()),
    };
    for gate in &args.require {
        if !rules.gates().any(|g| g == gate) {
            let known: Vec<&str> = rules.gates().collect();
            return Err(format!(
                "--require {gate}: {} has no such gate (gates: {})",
                rules.id(),
                known.join(", ")
            ));
        }
    }
    let today = match &args.today {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| format!("--today {day}: expected a date as YYYY-MM-DD"))?,
        None => CheckOptions::default().today,
    };
    let headers = args
        .headers
        .iter()
        .map(|h| match h.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                Ok((name.trim().to_ascii_lowercase(), value.trim().to_string()))
            }
            _ => Err(format!("--header {h:?}: expected NAME:VALUE")),
        })
        .collect::<Result<Vec<_>, _>>()?;

    let bytes = read_input(&args.file)?;
    let body = parse_body(&bytes, &Limits::default()).map_err(|e| format!("{}: {e}", args.file))?;
    let text = std::str::from_utf8(&bytes).unwrap_or_default();
    let mut request = Request::new(&body);
    if !headers.is_empty() {
        request = request.with_headers(headers);
    }
    let report = rules.check(&request, &CheckOptions::new(today));

    if let OutputFormat::Provider = args.format {
        let Some(style) = rules.error_body() else {
            return Err(format!(
                "{} names no provider error body (`error_body`)",
                rules.id()
            ));
        };
        if style.is_generic() {
            let _ = writeln!(
                io::stderr(),
                "note: {} documents no error body; this is kyc-preflight's generic one",
                rules.id()
            );
        }
        return match provider::render(&report, style) {
            None => Ok(ExitCode::SUCCESS),
            Some(body) => {
                let json = serde_json::to_string(&body).map_err(|e| e.to_string())?;
                writeln!(io::stdout().lock(), "{json}")
                    .map_err(|e| format!("cannot write: {e}"))?;
                Ok(ExitCode::from(1))
            }
        };
    }
    let mut stdout = io::stdout().lock();
    let written = match args.format {
        OutputFormat::Human => {
            stdout.write_all(human::render(&report, &args.file, Some(text)).as_bytes())
        }
        OutputFormat::Provider => Ok(()),
        OutputFormat::Json => serde_json::to_string(&report)
            .map_err(io::Error::other)
            .and_then(|json| writeln!(stdout, "{json}")),
    };
    written.map_err(|e| format!("cannot write the report: {e}"))?;
    match report.passes(&args.require) {
        Ok(true) => Ok(ExitCode::SUCCESS),
        Ok(false) => Ok(ExitCode::from(1)),
        Err(gate) => Err(format!("--require {gate}: no such gate")),
    }
}

fn read_input(file: &str) -> Result<Vec<u8>, Failed> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{file}: cannot read: {e}"))?;
    Ok(bytes)
}

fn rules_list() -> Result<ExitCode, Failed> {
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

fn format(name: &str, values: Vec<String>) -> Result<ExitCode, Failed> {
    let Some(format) = Format::from_name(name) else {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        return Err(format!(
            "unknown format `{name}` (formats: {})",
            known.join(", ")
        ));
    };
    let values = if values.is_empty() {
        io::stdin()
            .lock()
            .lines()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else {
        values
    };
    let mut out = io::stdout().lock();
    let mut any_invalid = false;
    for value in &values {
        let line = match format.check(value) {
            Ok(()) => "valid".to_string(),
            Err(reason) if reason.severity == Severity::Warning => {
                format!("warning: {}", reason.code)
            }
            Err(reason) => {
                any_invalid = true;
                format!("invalid: {}", reason.code)
            }
        };
        writeln!(out, "{line}").map_err(|e| e.to_string())?;
    }
    Ok(if any_invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
