//! The rooms of docs/architecture.md, held to what it says:
//!
//! - `src/rules/` is the rule language alone: it imports nothing from
//!   `engine`, `input`, `report`, `explain`, `schema` or the `RuleSet` room;
//! - every format file `src/formats/<name>.rs` is a registered format (a
//!   `Format` whose name starts with the file's), so a new format cannot be left out of rule
//!   files, the CLI's `format` command and the JSON Schema.
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
fn every_format_file_is_a_registered_format() {
    let names: Vec<String> = Format::ALL
        .iter()
        .map(|f| f.name().replace('-', "_"))
        .collect();
    let files = rust_files("src/formats");
    assert!(files.len() > 10);
    for (stem, _) in files.iter().filter(|(s, _)| s != "mod") {
        assert!(
            // `iso3166.rs` holds iso3166-alpha2 and -alpha3, `ip.rs` ipv4
            // and ipv6: a file is named after its formats' common start.
            names.iter().any(|n| n.starts_with(stem.as_str())),
            "src/formats/{stem}.rs is no Format (Format::ALL: {names:?})"
        );
    }
}
