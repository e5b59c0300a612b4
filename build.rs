//! Embeds every rule file under `rules/`: writes `$OUT_DIR/embedded.rs`, the
//! list `src/catalog.rs` includes, so a new rule set is one file in
//! `rules/` (plus its fixtures) and no catalog line. Ids are the paths
//! under `rules/` without `.toml`, sorted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
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
