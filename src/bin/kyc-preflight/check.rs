//! `kyc-preflight check`: one request body, one report.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::ValueEnum;

use kyc_preflight::input::Limits;
use kyc_preflight::report::{human, provider};
use kyc_preflight::rules::RuleLimits;
use kyc_preflight::{Catalog, CheckOptions, RuleSet};

use crate::Failed;

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum OutputFormat {
    /// Findings grouped by gate, with file:line:column.
    Human,
    /// One JSON object (the stable report contract).
    Json,
    /// The 4xx body the provider would answer for the request-gate errors;
    /// nothing when the request gate passes.
    Provider,
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
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
    #[command(flatten)]
    limits: LimitArgs,
    /// The JSON request body, or - for standard input.
    file: String,
}

/// Input limits (see the README's "Security and privacy").
#[derive(clap::Args, Clone, Copy)]
pub(crate) struct LimitArgs {
    /// Largest body accepted, in bytes (default 64 MiB).
    #[arg(long, value_name = "BYTES")]
    max_bytes: Option<usize>,
    /// Deepest nesting of objects and arrays accepted (default 64, at most 128).
    #[arg(long, value_name = "LEVELS", value_parser = clap::value_parser!(u16).range(1..=128))]
    max_depth: Option<u16>,
    /// Most items of one array checked; a longer array is a `limit.items` error (default 10000).
    #[arg(long, value_name = "ITEMS")]
    max_items: Option<usize>,
    /// Most findings a report keeps; past it, one `limit.findings` error (default 5000).
    #[arg(long, value_name = "FINDINGS", value_parser = clap::value_parser!(u64).range(1..))]
    max_findings: Option<u64>,
    /// Largest --rules-file read, in bytes (default 1 MiB).
    #[arg(long, value_name = "BYTES")]
    max_rules_bytes: Option<usize>,
    /// Total compiled size of a --rules-file's patterns, in bytes (default 4 MiB).
    #[arg(long, value_name = "BYTES")]
    max_rules_regex_bytes: Option<usize>,
}

impl LimitArgs {
    pub(crate) fn limits(self) -> Limits {
        let default = Limits::default();
        Limits {
            max_bytes: self.max_bytes.unwrap_or(default.max_bytes),
            max_depth: self.max_depth.map_or(default.max_depth, usize::from),
            max_items: self.max_items.unwrap_or(default.max_items),
            max_findings: self.max_findings.map_or(default.max_findings, |n| {
                usize::try_from(n).unwrap_or(usize::MAX)
            }),
        }
    }

    pub(crate) fn rule_limits(self) -> RuleLimits {
        let default = RuleLimits::default();
        RuleLimits::new(
            self.max_rules_bytes.unwrap_or(default.max_bytes),
            self.max_rules_regex_bytes
                .unwrap_or(default.max_regex_bytes),
        )
    }
}

/// An embedded rule set or one loaded from a file.
pub(crate) enum LoadedRules {
    Embedded(&'static RuleSet),
    Owned(Box<RuleSet>),
}

impl std::ops::Deref for LoadedRules {
    type Target = RuleSet;
    fn deref(&self) -> &RuleSet {
        match self {
            LoadedRules::Embedded(r) => r,
            LoadedRules::Owned(r) => r,
        }
    }
}

/// `--rules ID` or `--rules-file PATH`, with the `--require`d gates checked.
pub(crate) fn load_rules(
    id: Option<&str>,
    file: Option<&std::path::Path>,
    require: &[String],
    limits: &RuleLimits,
) -> Result<LoadedRules, Failed> {
    let rules = match (id, file) {
        (_, Some(path)) => {
            let rules = RuleSet::load_within(path, limits).map_err(|e| one_line(&e))?;
            crate::warn_rule_file(&path.display().to_string(), &rules);
            LoadedRules::Owned(Box::new(rules))
        }
        (Some(id), None) => {
            LoadedRules::Embedded(Catalog::embedded().get(id).map_err(|e| e.to_string())?)
        }
        (None, None) => return Err("give --rules ID or --rules-file PATH".into()),
    };
    for gate in require {
        if !rules.gates().any(|g| g == gate) {
            let known: Vec<&str> = rules.gates().collect();
            return Err(format!(
                "--require {gate}: {} has no such gate (gates: {})",
                rules.id(),
                known.join(", ")
            ));
        }
    }
    Ok(rules)
}

/// An error as one line: a broken rule file's problems (one a line in
/// its `Display`) joined by `; `.
pub(crate) fn one_line(e: &kyc_preflight::Error) -> String {
    match e {
        kyc_preflight::Error::RuleFile(file) => file
            .problems
            .iter()
            .map(|p| {
                let help = p
                    .help
                    .as_ref()
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                format!("{}:{}:{}: {}{help}", file.file, p.line, p.column, p.message)
            })
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// `--today YYYY-MM-DD`, or the system's UTC date.
pub(crate) fn parse_today(day: Option<&str>) -> Result<NaiveDate, Failed> {
    match day {
        // Exactly as the `date` format reads a payload's dates (chrono's
        // `%Y-%m-%d` takes `2026-1-1`).
        Some(day) => kyc_preflight::formats::date::parse(day)
            .map_err(|reason| format!("--today {day}: {}", reason.detail)),
        None => Ok(CheckOptions::default().today),
    }
}

pub(crate) fn run(args: CheckArgs) -> Result<ExitCode, Failed> {
    let rules = load_rules(
        args.rules.as_deref(),
        args.rules_file.as_deref(),
        &args.require,
        &args.limits.rule_limits(),
    )?;
    let today = parse_today(args.today.as_deref())?;
    let limits = args.limits.limits();
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

    let bytes = read_input(&args.file, limits.max_bytes)?;
    // The bytes themselves, as `batch` checks them: every duplicate key
    // is seen (a `serde_json::Value` would keep only the last).
    let headers = (!headers.is_empty()).then_some(headers);
    let report = rules
        .check_bytes(
            &bytes,
            headers.as_deref(),
            &CheckOptions::new(today).with_limits(limits),
        )
        .map_err(|e| format!("{}: {e}", args.file))?;
    let text = std::str::from_utf8(&bytes).unwrap_or_default();

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
        OutputFormat::Json => {
            let mut json = Vec::with_capacity(4096);
            kyc_preflight::report::json::write_report(&mut json, &report);
            json.push(b'\n');
            stdout.write_all(&json)
        }
    };
    written.map_err(|e| format!("cannot write the report: {e}"))?;
    match report.passes(&args.require) {
        Ok(true) => Ok(ExitCode::SUCCESS),
        Ok(false) => Ok(ExitCode::from(1)),
        Err(gate) => Err(format!("--require {gate}: no such gate")),
    }
}

/// Read the body, never holding more than `max` bytes (plus one, to know
/// it is too large).
fn read_input(file: &str, max: usize) -> Result<Vec<u8>, Failed> {
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let read = if file == "-" {
        io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{file}: cannot read: {e}"))?;
    if bytes.len() > max {
        return Err(format!("{file}: the input is over the {max}-byte limit"));
    }
    Ok(bytes)
}
