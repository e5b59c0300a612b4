//! `kyc-preflight batch`: one JSON report per JSON Lines record, in input
//! order, with bounded memory.
//!
//! Three stages run at once: a reader cuts the input into chunks of lines
//! (each line capped at `--max-bytes`, read past without being held), a pool
//! of `--jobs` workers checks whole chunks, and a writer prints the chunks'
//! reports in input order. A chunk may only be read once a token is free,
//! and the writer frees a chunk's token once it is printed, so at most
//! `TOKENS_PER_JOB × jobs` chunks are alive however long the input is and
//! however slow one record is: memory does not grow with the file.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;

use kyc_preflight::input::InputError;
use kyc_preflight::{CheckOptions, RuleSet, Severity};

use crate::check::{load_rules, parse_today, LimitArgs};
use crate::Failed;

/// Lines per chunk: large enough that handing chunks around costs nothing
/// next to checking them, small enough to balance the workers.
const CHUNK_LINES: usize = 512;
/// A chunk also ends after this many bytes, so big documents make small chunks.
const CHUNK_BYTES: usize = 4 * 1024 * 1024;
/// Chunks alive (being read, checked or written) per worker.
const TOKENS_PER_JOB: usize = 4;

#[derive(clap::Args)]
pub(crate) struct BatchArgs {
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
    /// Worker threads; default: every core.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    jobs: Option<u16>,
    /// Gates every record must pass for exit status 0 (repeatable); all gates when none is named.
    #[arg(long = "require", value_name = "GATE")]
    require: Vec<String>,
    /// "Today" for date rules, YYYY-MM-DD; default: the system's UTC date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    no_progress: bool,
    #[command(flatten)]
    limits: LimitArgs,
    /// JSON Lines: one request body per line; - for standard input.
    file: String,
}

/// One line as read: its bytes, or its size when over the limit.
enum Line {
    Text(Vec<u8>),
    TooLarge(usize),
}

struct Chunk {
    seq: u64,
    lines: Vec<Line>,
}

/// What the summary counts.
#[derive(Default)]
struct Tally {
    records: u64,
    accepted: u64,
    verification_ready: u64,
    failing: u64,
    errors_by_code: HashMap<String, u64>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.records += other.records;
        self.accepted += other.accepted;
        self.verification_ready += other.verification_ready;
        self.failing += other.failing;
        for (code, n) in other.errors_by_code {
            *self.errors_by_code.entry(code).or_default() += n;
        }
    }
}

struct Checked {
    seq: u64,
    out: Vec<u8>,
    tally: Tally,
}

pub(crate) fn run(args: BatchArgs) -> Result<ExitCode, Failed> {
    let rules = load_rules(
        args.rules.as_deref(),
        args.rules_file.as_deref(),
        &args.require,
        &args.limits.rule_limits(),
    )?;
    let limits = args.limits.limits();
    let options = CheckOptions::new(parse_today(args.today.as_deref())?).with_limits(limits);
    let jobs = match args.jobs {
        Some(n) => usize::from(n),
        None => thread::available_parallelism().map_or(1, usize::from),
    };
    let (input, size): (Box<dyn Read + Send>, Option<u64>) = if args.file == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| format!("{}: cannot read: {e}", args.file))?;
        let size = file.metadata().ok().map(|m| m.len());
        (Box::new(file), size)
    };
    let progress = progress_bar(size, args.no_progress);

    let tokens = jobs * TOKENS_PER_JOB;
    let (token_tx, token_rx) = sync_channel::<()>(tokens);
    for _ in 0..tokens {
        token_tx
            .send(())
            .map_err(|_| "internal error: token channel closed".to_string())?;
    }
    let (chunk_tx, chunk_rx) = sync_channel::<Chunk>(tokens);
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let (done_tx, done_rx) = sync_channel::<Checked>(tokens);
    let rules: &RuleSet = &rules;
    let require = &args.require;
    let file_name = args.file.as_str();

    let (read_result, write_result) = thread::scope(|scope| {
        let reader = {
            let progress = progress.clone();
            scope
                .spawn(move || read_chunks(input, limits.max_bytes, &token_rx, &chunk_tx, progress))
        };
        for _ in 0..jobs {
            let chunk_rx = Arc::clone(&chunk_rx);
            let done_tx = done_tx.clone();
            let options = &options;
            scope.spawn(move || check_chunks(rules, options, require, &chunk_rx, &done_tx));
        }
        drop(done_tx);
        drop(chunk_rx);
        let written = write_in_order(done_rx, &token_tx, progress.as_ref());
        // If writing failed, stop the reader: it waits on tokens.
        drop(token_tx);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err("internal error: the reader stopped".to_string()));
        (read, written)
    });
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let tally = write_result?;
    read_result.map_err(|e| format!("{file_name}: {e}"))?;
    print_summary(&tally, rules)?;
    Ok(if tally.failing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn progress_bar(size: Option<u64>, disabled: bool) -> Option<indicatif::ProgressBar> {
    if disabled || !io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(len) => indicatif::ProgressBar::new(len).with_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        ),
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        ),
    };
    Some(bar)
}

/// Cut the input into chunks; stop when the input ends, fails, or the
/// writer is gone (no more tokens).
fn read_chunks(
    input: Box<dyn Read + Send>,
    max_bytes: usize,
    tokens: &Receiver<()>,
    chunks: &SyncSender<Chunk>,
    progress: Option<indicatif::ProgressBar>,
) -> Result<(), String> {
    let mut input = BufReader::with_capacity(256 * 1024, input);
    let mut seq = 0u64;
    loop {
        if tokens.recv().is_err() {
            return Ok(()); // the writer stopped; it reports why
        }
        let mut lines = Vec::with_capacity(CHUNK_LINES);
        let mut bytes = 0usize;
        let mut ended = false;
        while lines.len() < CHUNK_LINES && bytes < CHUNK_BYTES {
            match read_line(&mut input, max_bytes).map_err(|e| format!("cannot read: {e}"))? {
                None => {
                    ended = true;
                    break;
                }
                Some((line, consumed)) => {
                    bytes += consumed;
                    if let Some(bar) = &progress {
                        bar.inc(consumed as u64);
                    }
                    lines.push(line);
                }
            }
        }
        if !lines.is_empty() && chunks.send(Chunk { seq, lines }).is_err() {
            return Ok(());
        }
        seq += 1;
        if ended {
            return Ok(());
        }
    }
}

/// One line without its `\n` (and `\r`), holding at most `max` bytes of it
/// (and a `\r`: a record of `max` bytes fits with LF and CRLF alike);
/// `None` at the end of the input. Also returns the bytes consumed.
fn read_line(input: &mut impl BufRead, max: usize) -> io::Result<Option<(Line, usize)>> {
    let mut line = Vec::new();
    let mut size = 0usize;
    let mut consumed = 0usize;
    // The line's last byte so far (a `\r` is dropped at its end).
    let mut last = 0u8;
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            if consumed == 0 {
                return Ok(None);
            }
            break;
        }
        let (part, newline) = match memchr::memchr(b'\n', buf) {
            Some(at) => (buf.get(..at).unwrap_or(buf), true),
            None => (buf, false),
        };
        size += part.len();
        if let Some(&b) = part.last() {
            last = b;
        }
        // One byte more than `max` is held: it may be the `\r` of a CRLF,
        // which is not part of the record.
        if size <= max.saturating_add(1) {
            line.extend_from_slice(part);
        } else if !line.is_empty() {
            line = Vec::new(); // over the limit: stop holding it
        }
        let used = part.len() + usize::from(newline);
        input.consume(used);
        consumed += used;
        if newline {
            break;
        }
    }
    if last == b'\r' {
        if size <= max.saturating_add(1) {
            line.pop();
        }
        size -= 1;
    }
    Ok(Some((
        if size > max {
            Line::TooLarge(size)
        } else {
            Line::Text(line)
        },
        consumed,
    )))
}

fn check_chunks(
    rules: &RuleSet,
    options: &CheckOptions,
    require: &[String],
    chunks: &Mutex<Receiver<Chunk>>,
    done: &SyncSender<Checked>,
) {
    loop {
        let next = match chunks.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(chunk) = next else { return };
        let mut out = Vec::with_capacity(chunk.lines.len() * 1024);
        let mut tally = Tally::default();
        for line in &chunk.lines {
            let report = match line {
                Line::Text(text) => rules
                    .check_bytes(text, None, options)
                    .unwrap_or_else(|e| rules.input_report(&e)),
                Line::TooLarge(size) => rules.input_report(&InputError::TooLarge {
                    size: *size,
                    max: options.limits.max_bytes,
                }),
            };
            tally.records += 1;
            if report.gates.0.first().is_some_and(|g| g.passed) {
                tally.accepted += 1;
            }
            if report.gate("verification") == Some(true) {
                tally.verification_ready += 1;
            }
            if report.passes(require) != Ok(true) {
                tally.failing += 1;
            }
            for f in report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
            {
                // A code is counted without a copy once it has been seen.
                match tally.errors_by_code.get_mut(&*f.code) {
                    Some(n) => *n += 1,
                    None => {
                        tally.errors_by_code.insert(f.code.to_string(), 1);
                    }
                }
            }
            if serde_json::to_writer(&mut out, &report).is_err() {
                // Serializing a report cannot fail (strings and booleans);
                // should it, the record still gets its line.
                out.extend_from_slice(b"{}");
            }
            out.push(b'\n');
        }
        if done
            .send(Checked {
                seq: chunk.seq,
                out,
                tally,
            })
            .is_err()
        {
            return;
        }
    }
}

/// Print chunks in input order as they arrive; free a token per chunk.
fn write_in_order(
    done: Receiver<Checked>,
    tokens: &SyncSender<()>,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<Tally, Failed> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut waiting: BTreeMap<u64, Checked> = BTreeMap::new();
    let mut next = 0u64;
    let mut tally = Tally::default();
    for checked in done {
        waiting.insert(checked.seq, checked);
        while let Some(chunk) = waiting.remove(&next) {
            let written = match progress {
                Some(bar) => bar.suspend(|| out.write_all(&chunk.out)),
                None => out.write_all(&chunk.out),
            };
            written.map_err(|e| format!("cannot write the reports: {e}"))?;
            tally.add(chunk.tally);
            next += 1;
            // A full token channel only means the reader has finished.
            let _ = tokens.try_send(());
        }
    }
    out.flush()
        .map_err(|e| format!("cannot write the reports: {e}"))?;
    Ok(tally)
}

fn print_summary(tally: &Tally, rules: &RuleSet) -> Result<(), Failed> {
    let mut err = io::stderr().lock();
    let mut line = format!(
        "{} records: {} accepted (request gate)",
        tally.records, tally.accepted
    );
    if rules.gates().any(|g| g == "verification") {
        line.push_str(&format!(
            ", {} verification-ready",
            tally.verification_ready
        ));
    }
    line.push_str(&format!(", {} failing the required gates", tally.failing));
    let mut codes: Vec<(&String, &u64)> = tally.errors_by_code.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut text = line + "\n";
    if !codes.is_empty() {
        let listed: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        text.push_str(&format!("errors by code: {}\n", listed.join(", ")));
    }
    err.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write the summary: {e}"))
}
