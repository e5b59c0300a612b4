//! `kyc-preflight format NAME [VALUE...]`: one identifier format at a time.
//!
//! Values come from the command line or, when none are given, one a line
//! from standard input, each answered as soon as it is read: memory holds
//! one line (at most `--max-bytes`), whatever the length of the input.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use kyc_preflight::formats::{Format, Verdict};
use kyc_preflight::input::Limits;

use crate::Failed;

pub(crate) fn run(
    name: &str,
    values: Vec<String>,
    max_bytes: Option<usize>,
) -> Result<ExitCode, Failed> {
    let Some(format) = Format::from_name(name) else {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        return Err(format!(
            "unknown format `{name}` (formats: {})",
            known.join(", ")
        ));
    };
    let mut out = io::stdout().lock();
    let mut any_invalid = false;
    let mut answer = |value: &str| -> Result<(), Failed> {
        let verdict = format.verdict(value);
        any_invalid |= matches!(verdict, Verdict::Invalid(_));
        writeln!(out, "{verdict}").map_err(|e| format!("cannot write: {e}"))
    };
    if values.is_empty() {
        let max = max_bytes.unwrap_or(Limits::default().max_bytes);
        let mut input = io::stdin().lock();
        let mut line = Vec::new();
        let mut number = 0usize;
        loop {
            number += 1;
            match read_line(&mut input, max, &mut line)
                .map_err(|e| format!("cannot read standard input: {e}"))?
            {
                Read::End => break,
                Read::TooLong => {
                    return Err(format!(
                        "standard input, line {number}: over the {max}-byte limit (--max-bytes)"
                    ))
                }
                Read::Line => {}
            }
            let value = std::str::from_utf8(&line).map_err(|e| {
                format!(
                    "standard input, line {number}, byte {}: not valid UTF-8",
                    e.valid_up_to() + 1
                )
            })?;
            answer(value)?;
        }
        if number == 1 {
            return Err(format!(
                "no value to check: give them as arguments (kyc-preflight format {name} VALUE...) or one per line on standard input, which was empty"
            ));
        }
    } else {
        for value in &values {
            answer(value)?;
        }
    }
    Ok(if any_invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

enum Read {
    Line,
    TooLong,
    End,
}

/// The next line of `input` into `line`, without its `\n` (or `\r\n`),
/// holding at most `max` bytes of it: a longer line is `TooLong` as soon as
/// it passes the limit, without reading on.
fn read_line(input: &mut impl BufRead, max: usize, line: &mut Vec<u8>) -> io::Result<Read> {
    line.clear();
    let mut any = false;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (part, newline) = match memchr::memchr(b'\n', buf) {
            Some(at) => (buf.get(..at).unwrap_or(buf), true),
            None => (buf, false),
        };
        // The line ending is not part of the value: `max` bytes and `\r`
        // still fit.
        let cr = usize::from(newline && part.last() == Some(&b'\r'));
        if line.len() + part.len() - cr > max {
            return Ok(Read::TooLong);
        }
        line.extend_from_slice(part);
        let used = part.len() + usize::from(newline);
        input.consume(used);
        if newline {
            break;
        }
    }
    if !any {
        return Ok(Read::End);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Read::Line)
}
