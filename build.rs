//! Two things the library includes from `$OUT_DIR`:
//!
//! - `embedded.rs`: every rule file under `rules/`, the list
//!   `src/catalog.rs` includes, so a new rule set is one file in `rules/`
//!   (plus its fixtures) and no catalog line. Ids are the paths under
//!   `rules/` without `.toml`, sorted.
//! - `email.dfa`: the e-mail format's pattern (`PATTERN` in
//!   `src/formats/email.rs`) as an anchored dense DFA, serialised for the
//!   target's byte order, which `src/formats/email.rs` deserialises. The
//!   DFA is built here so that the library needs only regex-automata's
//!   `dfa-search`: with `dfa-build` in the library, `regex` determinises
//!   every small pattern the process compiles (BENCHMARKS.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    rules()?;
    email_dfa()
}

/// `$OUT_DIR/email.dfa` from the `PATTERN` constant of `src/formats/email.rs`.
fn email_dfa() -> io::Result<()> {
    use regex_automata::dfa::{dense, StartKind};
    let source = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
        .join("src")
        .join("formats")
        .join("email.rs");
    println!("cargo:rerun-if-changed={}", source.display());
    let text = fs::read_to_string(&source)?;
    let pattern = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("const PATTERN: &str = r\"")?
                .strip_suffix("\";")
        })
        .ok_or_else(|| {
            io::Error::other("src/formats/email.rs: no `const PATTERN: &str = r\"…\";` line")
        })?;
    let dfa = dense::Builder::new()
        .configure(dense::Config::new().start_kind(StartKind::Anchored))
        .build(pattern)
        .map_err(|e| io::Error::other(format!("the e-mail pattern: {e}")))?;
    let (bytes, pad) = if env::var("CARGO_CFG_TARGET_ENDIAN").as_deref() == Ok("big") {
        dfa.to_bytes_big_endian()
    } else {
        dfa.to_bytes_little_endian()
    };
    let out = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("email.dfa");
    fs::write(out, bytes.get(pad..).unwrap_or_default())
}

/// `$OUT_DIR/embedded.rs`: every rule file under `rules/`.
fn rules() -> io::Result<()> {
    let root = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default()).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files)?;
    files.sort();
    let mut out = String::from("[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&root).unwrap_or(file);
        let id: Vec<String> = rel
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let id = id.join("/");
        let _ = writeln!(
            out,
            "    Embedded {{ id: {id:?}, path: {path:?}, text: include_str!({abs:?}) }},",
            path = format!("rules/{id}.toml"),
            abs = file.display().to_string(),
        );
    }
    out.push(']');
    let dest = PathBuf::from(env::var_os("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    fs::write(dest, out)
}

/// Every `*.toml` below `dir`, and the directories (for rerun-if-changed).
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    Ok(())
}
