//! Hostile input, round two (issue 20): bounded output, terminal-safe
//! text, bounded readers, linear rules. Each test pins one promise; the
//! fuzz invariants (`tests/support/fuzz/invariants.rs`) check the same
//! promises on every generated input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use kyc_preflight::report::human;
use kyc_preflight::{Catalog, CheckOptions, Request};

fn cmd() -> Command {
    let mut c = Command::cargo_bin("kyc-preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stderr.clone()).unwrap()
}

/// A character a terminal may act on: what no human output may contain
/// raw, besides the line breaks the report itself writes.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| c != '\n' && human::is_unsafe_char(c))
}

// 1. Terminal injection.

/// The tester's payload: a `gender` that clears the screen and prints a
/// fake green verdict, plus BEL, BS, NUL, CR, C1 and a bidi override.
const INJECTION: &str =
    "\u{1b}[2J\u{1b}[H\u{1b}[32mgates: request ok\u{7}\u{8}\u{0}\r\u{9b}\u{202e}";

#[test]
fn human_output_escapes_control_characters_in_values() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let body = serde_json::json!({
        "type": "individual",
        "first_name": "Ana",
        "last_name": "Diaz",
        "email": "ana@example.com",
        "gender": INJECTION,
    });
    let text = serde_json::to_string(&body).unwrap();
    let report = rules.check(&Request::new(&body), &CheckOptions::new(today()));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains(INJECTION)),
        "the finding quotes the value (it is not sensitive)"
    );
    let out = human::render(&report, "evil\u{1b}]0;title\u{7}.json", Some(&text));
    assert_eq!(raw_control(&out), None, "{out:?}");
    assert!(
        out.contains(
            r"\u001b[2J\u001b[H\u001b[32mgates: request ok\u0007\u0008\u0000\u000d\u009b\u202e"
        ),
        "{out}"
    );
    assert!(out.contains(r"evil\u001b]0;title\u0007.json"), "{out}");
    // The one verdict line is the report's own, last.
    assert_eq!(out.lines().filter(|l| l.starts_with("gates: ")).count(), 1);
}

#[test]
fn the_cli_prints_no_raw_control_character() {
    let body = format!(
        r#"{{"type": "individual", "first_name": "Ana", "last_name": "Diaz", "gender": {}}}"#,
        serde_json::to_string(INJECTION).unwrap()
    );
    let out = cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
            "-",
        ])
        .write_stdin(body)
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(raw_control(&stdout), None, "{stdout:?}");
    assert!(stdout.contains(r"\u001b[2J"), "{stdout}");
    // A file name with a line break and an escape: still one stderr line.
    let assert = cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "no\n\u{1b}[31msuch.json",
        ])
        .assert()
        .code(2)
        .stdout("");
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert_eq!(raw_control(&stderr), None, "{stderr:?}");
    assert!(stderr.contains(r"no\u000a\u001b[31msuch.json"), "{stderr}");
}

// 7. One line on stderr for exit 2.

#[test]
fn bad_arguments_are_one_line_with_a_suggestion() {
    let cases: [(&[&str], &str); 8] = [
        (
            &["check", "--rule", "kira/create-user", "x.json"],
            "kyc-preflight: unexpected argument '--rule' (did you mean '--rules'?); see kyc-preflight check --help",
        ),
        (
            &["chek"],
            "kyc-preflight: unrecognized subcommand 'chek' (did you mean 'check'?); see kyc-preflight --help",
        ),
        (
            &["check"],
            "kyc-preflight: the following required arguments were not provided: --rules <RULES>, <FILE>; see kyc-preflight check --help",
        ),
        (
            &["check", "--rules", "kira/create-user", "--format", "jsn", "x.json"],
            "kyc-preflight: invalid value 'jsn' for '--format <FORMAT>' (possible values: human, json, provider) (did you mean 'json'?); see kyc-preflight check --help",
        ),
        (
            &["batch", "--rules", "kira/create-user", "--jobs", "0", "x"],
            "kyc-preflight: invalid value '0' for '--jobs <N>': 0 is not in 1..=1024; see kyc-preflight batch --help",
        ),
        (
            &[],
            "kyc-preflight: kyc-preflight needs a subcommand (check, batch, rules, format); see kyc-preflight --help",
        ),
        (
            &["rules", "explian", "kira/create-user"],
            "kyc-preflight: unrecognized subcommand 'explian' (did you mean 'explain'?); see kyc-preflight rules --help",
        ),
        (
            &["check", "--rules", "kira/create-usr", "examples/kira/individual-usa.json"],
            "kyc-preflight: unknown rule set `kira/create-usr` (did you mean `kira/create-user`?) (known: kira/create-user, undostres/create-parent-balance, immersve/create-account, customers/create-individual, passport/create-customer)",
        ),
    ];
    for (args, line) in cases {
        let assert = cmd().args(args).assert().code(2).stdout("");
        assert_eq!(stderr_of(&assert), format!("{line}\n"), "{args:?}");
    }
    // An id nothing like an embedded one gets no suggestion.
    let assert = cmd().args(["rules", "explain", "zzz"]).assert().code(2);
    assert!(!stderr_of(&assert).contains("did you mean"));
    // Help and version are not errors.
    cmd().args(["check", "--help"]).assert().code(0);
    cmd().arg("--version").assert().code(0);
}

// 6. The depth limit is inclusive.

#[test]
fn a_body_exactly_max_depth_deep_is_accepted_by_the_cli() {
    let nested = |levels: usize| {
        format!(
            "{}{}",
            "{\"a\": ".repeat(levels - 1) + "{",
            "}".repeat(levels)
        )
    };
    cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--max-depth",
            "128",
            "--format",
            "json",
            "-",
        ])
        .write_stdin(nested(128))
        .assert()
        .code(1)
        .stdout(predicates::str::starts_with(
            r#"{"rule_set":"kira/create-user""#,
        ));
    let assert = cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--max-depth",
            "128",
            "-",
        ])
        .write_stdin(nested(129))
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(
        stderr_of(&assert),
        "kyc-preflight: -: line 1, column 769: nested deeper than 128 levels\n"
    );
}
