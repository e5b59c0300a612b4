//! The peer of `kyc-preflight batch` in the end-to-end benchmark
//! (BENCHMARKS.md): jsonschema-rs doing the same job. It reads JSON Lines,
//! validates each line against a JSON Schema with every error
//! (`iter_errors`, formats on) and writes one JSON report per line:
//! `{"valid": bool, "errors": [{"path", "schema_path", "message"}]}`.
//! Empty lines are skipped; the summary goes to standard error.
//!
//! Usage: `jsonschema_batch SCHEMA.json FILE.jsonl`, for example with
//! `crosscheck/benches/data/kira-user.schema.json`. Exit status 0 when every
//! record is valid, 1 when one is not, 2 when it cannot run.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::process::ExitCode;

use serde_json::{json, Value};

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("jsonschema_batch: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<bool, String> {
    let mut args = std::env::args().skip(1);
    let (Some(schema_path), Some(path)) = (args.next(), args.next()) else {
        return Err("usage: jsonschema_batch SCHEMA.json FILE.jsonl".into());
    };
    let schema: Value = std::fs::read(&schema_path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        .map_err(|e| format!("cannot read {schema_path}: {e}"))?;
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|e| format!("{schema_path}: {e}"))?;
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let input = BufReader::with_capacity(1 << 20, file);
    let mut out = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let (mut records, mut valid) = (0u64, 0u64);
    let failed = |e: std::io::Error| e.to_string();
    for line in input.split(b'\n') {
        let line = line.map_err(failed)?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if line.is_empty() {
            continue;
        }
        records += 1;
        let report = match serde_json::from_slice::<Value>(line) {
            Ok(v) => {
                let errors: Vec<Value> = validator
                    .iter_errors(&v)
                    .map(|e| {
                        json!({"path": e.instance_path().to_string(),
                               "schema_path": e.schema_path().to_string(),
                               "message": e.to_string()})
                    })
                    .collect();
                valid += u64::from(errors.is_empty());
                json!({"valid": errors.is_empty(), "errors": errors})
            }
            Err(e) => json!({"valid": false, "errors": [{"path": "", "message": e.to_string()}]}),
        };
        serde_json::to_writer(&mut out, &report).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(failed)?;
    }
    out.flush().map_err(failed)?;
    eprintln!("{records} records, {valid} valid");
    Ok(valid == records)
}
