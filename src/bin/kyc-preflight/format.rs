//! `kyc-preflight format NAME [VALUE...]`: one identifier format at a time.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use kyc_preflight::formats::Format;

use crate::Failed;

pub(crate) fn run(name: &str, values: Vec<String>) -> Result<ExitCode, Failed> {
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
        let verdict = format.verdict(value);
        any_invalid |= verdict.is_invalid();
        writeln!(out, "{verdict}").map_err(|e| e.to_string())?;
    }
    Ok(if any_invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
