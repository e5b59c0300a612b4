//! The rooms of docs/architecture.md, held to what it says:
//!
//! - `src/rules/` is the rule language alone: it imports nothing from
//!   `engine`, `input`, `report`, `explain`, `schema` or the `RuleSet` room;
//! - every format file `src/formats/<name>.rs` is the module of a row of
//!   the `formats!` table (`Format::module`), so a new format cannot be
//!   left out of rule files, the CLI's `format` command and its help, and
//!   the JSON Schema.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;
use kyc_preflight::formats::Format;

fn rust_files(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(common::repo(dir))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_rule_language_imports_no_other_room() {
    let files = rust_files("src/rules");
    assert!(files.len() >= 5, "{} files", files.len());
    for (stem, text) in files {
        for room in [
            "crate::engine",
            "crate::input",
            "crate::report",
            "crate::explain",
            "crate::schema",
            "crate::ruleset",
            "crate::RuleSet",
            "crate::Request",
            "crate::CheckOptions",
        ] {
            // Doc links (`//!`, `///`) may name another room; code may not.
            let code: String = text
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            assert!(
                !code.contains(room),
                "src/rules/{stem}.rs uses {room}: the rule language stands alone"
            );
        }
    }
}

#[test]
fn every_format_file_is_a_row_of_the_formats_table() {
    let modules: Vec<&str> = Format::ALL.iter().map(|f| f.module()).collect();
    let files = rust_files("src/formats");
    let stems: Vec<&str> = files
        .iter()
        .map(|(stem, _)| stem.as_str())
        .filter(|stem| *stem != "mod")
        .collect();
    assert!(stems.len() > 10, "{stems:?}");
    for stem in &stems {
        assert!(
            modules.contains(stem),
            "src/formats/{stem}.rs has no row in the formats! table of src/formats/mod.rs (the rows' modules: {modules:?})"
        );
    }
    for module in &modules {
        assert!(
            stems.contains(module),
            "a formats! row names the module {module}, which is no file src/formats/{module}.rs"
        );
    }
}
