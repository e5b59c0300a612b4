//! The rooms of docs/architecture.md, held to what it says:
//!
//! - `src/rules/` is the rule language alone: it imports nothing from
//!   `engine`, `input`, `report`, `explain`, `schema` or the `RuleSet` room;
//! - `src/checks/` (the field-check words) imports of the engine only the
//!   payload accessors (`JsonValue`, `Kind`), of the report only `Detail`,
//!   of the rule language only the plan's values, the raw model and
//!   `did_you_mean`, and nothing of `input`, the exports or `RuleSet`;
//! - `explain` and `schema` read the plan through the one view of
//!   `src/export/`, not each other (`schema.rs` names nothing of
//!   `crate::explain`), and `src/export/` imports only the plan's values;
//! - every file `src/checks/<word>.rs` has its line in the registry, and no
//!   file outside `src/checks/` matches on a `CheckKind` (the registry owns
//!   the dispatch);
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

/// `text` without its comment lines: doc links may name another room,
/// code may not.
fn code_of(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

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
            let code = code_of(&text);
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

/// Every `crate::…` path a file's code names (`use` lines and inline paths).
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = code.get(i..).unwrap_or("");
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        out.push(rest[..end].trim_end_matches(':').to_string());
    }
    out
}

#[test]
fn the_check_words_import_only_what_their_room_may() {
    let files = rust_files("src/checks");
    assert!(files.len() >= 14, "{} files", files.len());
    let allowed = [
        "crate::engine::JsonValue",
        "crate::engine::Kind",
        "crate::report::Detail",
        "crate::rules::plan",
        "crate::rules::raw",
        "crate::rules::did_you_mean",
        "crate::formats",
        "crate::Severity",
    ];
    let mut seen = 0;
    for (stem, text) in files {
        for path in crate_paths(&code_of(&text)) {
            seen += 1;
            let ok = allowed.iter().any(|a| path.starts_with(a))
                // The one-field rule set of the words' unit tests goes
                // through the public entry points.
                || (stem == "testing" && ["crate::CheckOptions", "crate::RuleSet"].contains(&path.as_str()));
            assert!(
                ok,
                "src/checks/{stem}.rs uses {path}: a check word imports the plan's values, the raw model, formats, the payload accessors and report::Detail only"
            );
        }
    }
    assert!(seen > 40, "{seen} crate paths read: the reading is broken");
    assert_eq!(
        crate_paths("use crate::engine::doc::Doc;\nlet x = crate::input::MAX_DEPTH;"),
        ["crate::engine::doc::Doc", "crate::input::MAX_DEPTH"]
    );
}

#[test]
fn every_check_word_file_has_its_registry_line() {
    let files = rust_files("src/checks");
    let registry = files
        .iter()
        .find(|(stem, _)| stem == "mod")
        .map(|(_, text)| text.as_str())
        .unwrap();
    let block = registry
        .split("registry! {")
        .nth(1)
        .and_then(|b| b.split('}').next())
        .expect("the registry's invocation");
    // `Variant => module::Struct,`: the modules, without `r#`.
    let mut listed: Vec<String> = block
        .lines()
        .filter_map(|l| l.split("=>").nth(1))
        .filter_map(|word| word.trim().split("::").next())
        .map(|m| m.trim_start_matches("r#").to_string())
        .collect();
    listed.sort();
    let mut words: Vec<String> = files
        .iter()
        .map(|(stem, _)| stem.clone())
        .filter(|s| s != "mod" && s != "testing")
        .collect();
    words.sort();
    assert_eq!(listed, words, "src/checks/ files and the registry's lines");
}

#[test]
fn only_the_registry_dispatches_on_check_words() {
    for dir in [
        "src",
        "src/engine",
        "src/rules",
        "src/report",
        "src/formats",
    ] {
        for (stem, text) in rust_files(dir) {
            assert!(
                !code_of(&text).contains("CheckKind::"),
                "{dir}/{stem}.rs matches on a CheckKind: dispatch on check words is the registry's (src/checks/mod.rs)"
            );
        }
    }
}

#[test]
fn the_exports_share_one_view_and_not_each_other() {
    let src = rust_files("src");
    let code = |name: &str| {
        src.iter()
            .find(|(stem, _)| stem == name)
            .map(|(_, text)| code_of(text))
            .unwrap()
    };
    for (file, other) in [("schema", "crate::explain"), ("explain", "crate::schema")] {
        assert!(
            !code(file).contains(other),
            "src/{file}.rs uses {other}: the exports share src/export/, not each other's helpers"
        );
        assert!(
            code(file).contains("crate::export::"),
            "src/{file}.rs reads no View"
        );
    }
    let files = rust_files("src/export");
    assert!(!files.is_empty());
    for (stem, text) in files {
        for path in crate_paths(&code_of(&text)) {
            assert!(
                path.starts_with("crate::rules::plan") || path == "crate::Error",
                "src/export/{stem}.rs uses {path}: the export view reads the plan only"
            );
        }
    }
}
