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

// 3. Bounded readers; 11. `format` with nothing to read.

#[test]
fn a_rule_file_over_the_size_limit_is_refused_without_reading_on() {
    // /dev/zero never ends: refused once past the limit.
    let assert = cmd()
        .args([
            "check",
            "--rules-file",
            "/dev/zero",
            "examples/kira/individual-usa.json",
        ])
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(
        stderr_of(&assert),
        "kyc-preflight: /dev/zero: the rule file is over the 1048576-byte limit (--max-rules-bytes)\n"
    );
    let dir = tempdir("rules-size");
    let path = dir.join("mine.toml");
    let text = "id = \"me/mine\"\nsource = \"test\"\n[[gate]]\nname = \"request\"\n";
    std::fs::write(&path, text).unwrap();
    for (max, code) in [(text.len(), 0), (text.len() - 1, 2)] {
        cmd()
            .args([
                "batch",
                "--rules-file",
                path.to_str().unwrap(),
                "--max-rules-bytes",
            ])
            .arg(max.to_string())
            .arg("-")
            .write_stdin("{}\n")
            .assert()
            .code(code);
    }
    // The library: the same limit, a typed error.
    let limits = kyc_preflight::rules::RuleLimits::new(text.len() - 1, 1 << 20);
    assert!(matches!(
        kyc_preflight::RuleSet::load_within(&path, &limits),
        Err(kyc_preflight::Error::RuleFileTooLarge { max, .. }) if max == text.len() - 1
    ));
    assert!(kyc_preflight::RuleSet::load(&path).is_ok());
}

#[test]
fn format_streams_standard_input_with_a_line_limit() {
    // /dev/zero is one endless line: refused at the limit, not collected.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kyc-preflight"))
        .args(["format", "ssn"])
        .stdin(zero)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "kyc-preflight: standard input, line 1: over the 67108864-byte limit (--max-bytes)\n"
    );
    // Values before an over-long line are answered; the line ending is not
    // part of the value (11 bytes with LF or CRLF).
    cmd()
        .args(["format", "ssn", "--max-bytes", "11"])
        .write_stdin("123-45-6789\r\n666-45-6789\n123-45-67890\n")
        .assert()
        .code(2)
        .stdout("valid\ninvalid: format.ssn.area\n")
        .stderr("kyc-preflight: standard input, line 3: over the 11-byte limit (--max-bytes)\n");
    // No value at all: said, exit 2 (it printed nothing and exited 0).
    let assert = cmd()
        .args(["format", "ssn"])
        .write_stdin("")
        .assert()
        .code(2)
        .stdout("");
    assert_eq!(
        stderr_of(&assert),
        "kyc-preflight: no value to check: give them as arguments (kyc-preflight format ssn VALUE...) or one per line on standard input, which was empty\n"
    );
}

// 4. A rule file's patterns share one compile budget.

#[test]
fn a_rule_file_of_costly_patterns_is_refused_naming_them() {
    let mut text =
        String::from("id = \"me/costly\"\nsource = \"test\"\n[[gate]]\nname = \"request\"\n");
    for i in 0..200 {
        text.push_str(&format!(
            "[[field]]\npath = \"/f{i}\"\npattern = '\\w{{200}}'\n"
        ));
    }
    assert!(text.len() < 12 * 1024);
    let err = kyc_preflight::RuleSet::from_toml("costly.toml", &text).unwrap_err();
    // The pattern that did not fit (the second: one `\w{200}` is 3.4 MB),
    // and the costliest that did, each at its `line:column`.
    let at = |p: &kyc_preflight::RuleProblem| (p.line, p.column);
    assert_eq!(err.problems.len(), 2, "{err}");
    assert_eq!(at(&err.problems[0]), (7, 11));
    assert!(
        err.problems[0]
            .message
            .starts_with("one of the costliest patterns: "),
        "{err}"
    );
    assert_eq!(at(&err.problems[1]), (10, 11));
    assert!(
        err.problems[1]
            .message
            .contains("over the rule file's budget of 4194304 bytes"),
        "{err}"
    );
    // The budget is the file's: two such patterns fit in 8 MiB.
    let two: String = text.lines().take(4 + 6).map(|l| format!("{l}\n")).collect();
    let roomy = kyc_preflight::rules::RuleLimits::new(1 << 20, 8 << 20);
    assert!(kyc_preflight::RuleSet::from_toml_within("two.toml", &two, &roomy).is_ok());
    assert!(kyc_preflight::RuleSet::from_toml("two.toml", &two).is_err());
    // The CLI: one line, the budget's flag named.
    let dir = tempdir("rules-regex");
    let path = dir.join("costly.toml");
    std::fs::write(&path, &text).unwrap();
    let assert = cmd()
        .args(["check", "--rules-file", path.to_str().unwrap(), "-"])
        .write_stdin("{}")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("costly.toml:10:11: this pattern takes"),
        "{stderr}"
    );
    assert!(stderr.contains("--max-rules-regex-bytes"), "{stderr}");
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kyc-preflight-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// 8. The line ending is not part of a batch record.

#[test]
fn a_record_of_exactly_max_bytes_fits_with_lf_and_crlf() {
    let out = cmd()
        .args([
            "batch",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
        ])
        .args(["--max-bytes", "7", "--jobs", "1", "-"])
        .write_stdin("{\"a\":1}\n{\"a\":1}\r\n{\"a\":12}\r\n{\"a\":1}\r")
        .assert()
        .code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let inputs: Vec<bool> = stdout
        .lines()
        .map(|l| l.contains(r#""code":"input""#))
        .collect();
    assert_eq!(inputs, [false, false, true, false], "{stdout}");
    assert!(stdout.contains("the input is 8 bytes, over the 7-byte limit"));
}

// 10. `--today` is read as the `date` format reads.

#[test]
fn today_is_parsed_exactly_as_the_date_format() {
    let run = |day: &str| {
        cmd()
            .args(["check", "--rules", "kira/create-user", "--today", day])
            .args(["--format", "json", "examples/kira/individual-usa.json"])
            .assert()
    };
    for day in ["2026-01-01", "2024-02-29", "0001-01-01", "9999-12-31"] {
        run(day).code(1);
        cmd().args(["format", "date", day]).assert().code(0);
    }
    for day in [
        "2026-1-1",
        "2026-13-01",
        "2025-02-29",
        "+2026-01-01",
        " 2026-01-01",
        "20260101",
        "２０２６-01-01",
    ] {
        let assert = run(day).code(2).stdout("");
        let stderr = stderr_of(&assert);
        assert!(
            stderr.starts_with(&format!("kyc-preflight: --today {day}: ")),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1);
        cmd().args(["format", "date", day]).assert().code(1);
    }
}
