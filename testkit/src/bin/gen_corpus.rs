//! Writes a deterministic JSON Lines corpus of Kira `POST /v1/users`
//! payloads, for benchmarks and tests (the generator is
//! `kyc_preflight_testkit::corpus`; its documentation says what the
//! payloads and defects are). It builds with the testkit's few
//! dependencies, none of the benchmarks'.
//!
//! ```sh
//! cargo run --release -p kyc-preflight-testkit --bin gen_corpus -- --seed 42 --count 20000 \
//!     --kind mixed --labels /tmp/corpus-mixed.labels.jsonl /tmp/corpus-mixed.jsonl
//! ```
//!
//! Options:
//!
//! - `--kind valid|mixed|bigdoc` (required): payloads that pass every gate;
//!   about half valid and half with 1 to 5 labelled defects; valid payloads
//!   carrying one ~8 MB base64 document.
//! - `--seed N` (default 20260101): the same seed and options give the same
//!   bytes.
//! - `--count N`: payloads to write (default 20000; 6 for `bigdoc`).
//! - `--labels PATH` (`mixed` only): one line per payload,
//!   `{"line": n, "defects": [{"kind", "label", "pointer", "expect": [{"pointer", "code", "gate", "rule"?}]}]}`,
//!   `n` counting from 1.
//! - `--defect-share F` (`mixed` only, default 0.5): share of payloads with
//!   defects.
//! - `--bigdoc-mb F` (`bigdoc` only, default 8): base64 size of the big
//!   document, in MB (10^6 bytes).
//! - `OUT`: the output file, or `-` (the default) for stdout.
//!
//! Check the corpus with `today` = 2026-01-01 (`--today 2026-01-01`): birth
//! dates and expirations are relative to that day. A summary (lines, size,
//! time, defect counts) goes to stderr. Write corpora outside the
//! repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kyc_preflight_testkit::corpus;

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use serde_json::json;

const USAGE: &str = "usage: gen_corpus --kind valid|mixed|bigdoc [--seed N] [--count N] \
[--labels PATH] [--defect-share F] [--bigdoc-mb F] [OUT|-]";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Valid,
    Mixed,
    Bigdoc,
}

struct Args {
    kind: Kind,
    seed: u64,
    count: Option<usize>,
    labels: Option<String>,
    defect_share: f64,
    bigdoc_mb: f64,
    out: String,
}

fn parse_args() -> Result<Args, String> {
    let mut kind = None;
    let mut seed = 20_260_101;
    let mut count = None;
    let mut labels = None;
    let mut defect_share = corpus::DEFECT_SHARE;
    let mut bigdoc_mb = corpus::BIGDOC_BASE64_BYTES as f64 / 1e6;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            "--kind" => {
                kind = Some(match value("--kind")?.as_str() {
                    "valid" => Kind::Valid,
                    "mixed" => Kind::Mixed,
                    "bigdoc" => Kind::Bigdoc,
                    other => return Err(format!("unknown --kind {other}")),
                });
            }
            "--seed" => seed = number(&value("--seed")?, "--seed")?,
            "--count" => count = Some(number(&value("--count")?, "--count")?),
            "--labels" => labels = Some(value("--labels")?),
            "--defect-share" => {
                defect_share = number(&value("--defect-share")?, "--defect-share")?;
                if !(0.0..=1.0).contains(&defect_share) {
                    return Err("--defect-share is between 0 and 1".to_string());
                }
            }
            "--bigdoc-mb" => bigdoc_mb = number(&value("--bigdoc-mb")?, "--bigdoc-mb")?,
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            path => {
                if out.replace(path.to_string()).is_some() {
                    return Err("more than one OUT".to_string());
                }
            }
        }
    }
    let kind = kind.ok_or("--kind is required")?;
    if labels.is_some() && kind != Kind::Mixed {
        return Err("--labels is for --kind mixed".to_string());
    }
    Ok(Args {
        kind,
        seed,
        count,
        labels,
        defect_share,
        bigdoc_mb,
        out: out.unwrap_or_else(|| "-".to_string()),
    })
}

fn number<T: std::str::FromStr>(text: &str, name: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{name}: not a valid number: {text}"))
}

fn create(path: &str) -> std::io::Result<Box<dyn Write>> {
    Ok(if path == "-" {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        Box::new(BufWriter::new(std::fs::File::create(path)?))
    })
}

fn run(args: &Args) -> std::io::Result<()> {
    let started = Instant::now();
    let count = args.count.unwrap_or(match args.kind {
        Kind::Bigdoc => 6,
        _ => 20_000,
    });
    let mut generator = corpus::Generator::new(args.seed).with_defect_share(args.defect_share);
    let mut out = create(&args.out)?;
    let mut labels = match &args.labels {
        Some(path) => Some(create(path)?),
        None => None,
    };
    let (mut bytes, mut businesses, mut defective) = (0usize, 0usize, 0usize);
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for line in 1..=count {
        let (body, defects) = match args.kind {
            Kind::Valid => (generator.valid(), Vec::new()),
            Kind::Mixed => generator.mixed(),
            Kind::Bigdoc => (
                generator.bigdoc_sized((args.bigdoc_mb * 1e6) as usize),
                Vec::new(),
            ),
        };
        let text = serde_json::to_string(&body)?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\n")?;
        bytes += text.len() + 1;
        businesses += usize::from(body.get("type").is_some_and(|t| t == "business"));
        defective += usize::from(!defects.is_empty());
        for d in &defects {
            *kinds.entry(d.kind.name()).or_default() += 1;
        }
        if let Some(labels) = &mut labels {
            let defects: Vec<_> = defects.iter().map(corpus::Defect::to_json).collect();
            serde_json::to_writer(&mut *labels, &json!({"line": line, "defects": defects}))?;
            labels.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if let Some(labels) = &mut labels {
        labels.flush()?;
    }
    let elapsed = started.elapsed();
    let mut summary = format!(
        "{}: {count} lines, {:.1} MB, avg {} B/line, {businesses} business / {} individual",
        args.out,
        bytes as f64 / 1e6,
        bytes / count.max(1),
        count - businesses,
    );
    if args.kind == Kind::Mixed {
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}={n}")).collect();
        summary.push_str(&format!(
            ", {defective} with defects; defects: {}",
            kinds.join(", ")
        ));
    }
    eprintln!("{summary}; {:.2} s", elapsed.as_secs_f64());
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("gen_corpus: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
