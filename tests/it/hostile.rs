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
    let known: Vec<&str> = Catalog::embedded().ids().collect();
    let unknown = format!(
        "kyc-preflight: unknown rule set `kira/create-usr` (did you mean `kira/create-user`?) (known: {})",
        known.join(", ")
    );
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
            &unknown,
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

// 2. A findings limit: memory and output proportional to the input.

/// The tester's body, smaller: associated persons of empty entries, every
/// one a finding or several.
fn finding_dense(persons: usize, entries: usize) -> serde_json::Value {
    let person =
        serde_json::json!({"identifying_information": vec![serde_json::json!({}); entries]});
    serde_json::json!({
        "type": "business",
        "business_name": "x",
        "associated_persons": vec![person; persons],
    })
}

#[test]
fn findings_stop_at_the_limit_with_one_limit_error_at_the_first_gate() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let body = finding_dense(200, 100);
    let unbounded = kyc_preflight::input::Limits {
        max_findings: usize::MAX,
        ..Default::default()
    };
    let all = rules.check(
        &Request::new(&body),
        &CheckOptions::new(today()).with_limits(unbounded),
    );
    assert!(all.findings.len() > 20_000, "{}", all.findings.len());
    for max in [1usize, 10, 5_000] {
        let limits = kyc_preflight::input::Limits {
            max_findings: max,
            ..Default::default()
        };
        let report = rules.check(
            &Request::new(&body),
            &CheckOptions::new(today()).with_limits(limits),
        );
        // `max` findings kept (the first the walk made, which then sort
        // in document order), plus the limit's own error first, at the
        // root and the first gate.
        assert_eq!(report.findings.len(), max + 1);
        let limit = &report.findings[0];
        assert_eq!(
            (&*limit.code, limit.path.as_str(), &*limit.gate),
            ("limit.findings", "", "request")
        );
        assert_eq!(limit.rule, "kira/create-user#limit-findings");
        assert!(limit
            .message
            .contains(&format!("stopped at {max} findings")));
        assert_eq!(report.gate("request"), Some(false));
        let every: std::collections::HashSet<(&str, &str)> = all
            .findings
            .iter()
            .map(|f| (f.path.as_str(), &*f.code))
            .collect();
        for f in &report.findings[1..] {
            assert!(every.contains(&(f.path.as_str(), &*f.code)), "{f:?}");
        }
    }
    // The default: a few thousand, which the tester's shape passes.
    let report = rules.check(&Request::new(&body), &CheckOptions::new(today()));
    assert_eq!(report.findings.len(), 5_001);
    // Under the limit: no limit error.
    let small = finding_dense(2, 2);
    let report = rules.check(&Request::new(&small), &CheckOptions::new(today()));
    assert!(report.findings.iter().all(|f| f.code != "limit.findings"));
}

/// Output stays proportional to the input: counted in bytes, for every
/// format, as the payload grows 1x, 10x, 100x past the limit.
#[test]
fn output_bytes_are_bounded_whatever_the_rules_produce() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let mut sizes = Vec::new();
    for persons in [20usize, 200, 2_000] {
        let body = finding_dense(persons, 100);
        let text = serde_json::to_string(&body).unwrap();
        let report = rules
            .check_str(&text, None, &CheckOptions::new(today()))
            .unwrap();
        let json = serde_json::to_string(&report).unwrap().len();
        let human = human::render(&report, "dense.json", Some(&text)).len();
        let provider =
            kyc_preflight::report::provider::render(&report, rules.error_body().unwrap())
                .map(|b| serde_json::to_string(&b).unwrap().len())
                .unwrap_or(0);
        sizes.push((text.len(), report.findings.len(), json, human, provider));
    }
    // 5,001 findings at most: about 2 MB of JSON, whatever the input.
    for (_, findings, json, human, provider) in &sizes[1..] {
        assert_eq!(*findings, 5_001);
        assert!(
            *json < 2_000_000 && *human < 4_000_000 && *provider < 1_000_000,
            "{sizes:?}"
        );
    }
    assert_eq!(sizes[1].2, sizes[2].2, "{sizes:?}");
}

#[test]
fn max_findings_is_a_flag() {
    let body = serde_json::to_string(&finding_dense(20, 20)).unwrap();
    let out = cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
        ])
        .args(["--format", "json", "--max-findings", "3", "-"])
        .write_stdin(body.clone())
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 4);
    assert_eq!(report["findings"][0]["code"], "limit.findings");
    let out = cmd()
        .args([
            "batch",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
        ])
        .args(["--max-findings", "3", "-"])
        .write_stdin(body + "\n")
        .assert()
        .code(1);
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["findings"].as_array().unwrap().len(), 4);
    cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--max-findings",
            "0",
            "-",
        ])
        .assert()
        .code(2);
}

// 9. A header value never holds CR or LF.

#[test]
fn header_values_with_a_line_break_are_a_request_error_never_echoed() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let body = serde_json::json!({});
    let token = "SECRETt0k3n";
    let headers = vec![
        ("authorization".to_string(), format!("Bearer\r\n{token}")),
        (
            "x-api-key".to_string(),
            "k\nX-Forwarded-For: 10.0.0.1".to_string(),
        ),
        ("content-type".to_string(), "application/json".to_string()),
    ];
    let report = rules.check_json(&body, Some(&headers), &CheckOptions::new(today()));
    let broken: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "header.line_break")
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(broken, ["authorization", "x-api-key"]);
    for f in report
        .findings
        .iter()
        .filter(|f| f.code == "header.line_break")
    {
        assert_eq!(f.gate, "request");
        assert_eq!(f.location, kyc_preflight::Location::Header);
        assert!(f.message.contains("RFC 9110 §5.5"), "{}", f.message);
    }
    let json = serde_json::to_string(&report).unwrap();
    let text = human::render(&report, "-", None);
    for out in [&json, &text] {
        assert!(!out.contains(token) && !out.contains("10.0.0.1"), "{out}");
    }
    // Without a line break: no such finding.
    let fine = vec![("authorization".to_string(), format!("Bearer {token}"))];
    let report = rules.check_json(&body, Some(&fine), &CheckOptions::new(today()));
    assert!(report
        .findings
        .iter()
        .all(|f| f.code != "header.line_break"));
}

// Also measured by the tester, kept as tests.

#[test]
fn odd_strings_are_refused_or_checked_never_a_panic() {
    let run = |body: &str| {
        cmd()
            .args([
                "check",
                "--rules",
                "kira/create-user",
                "--today",
                "2026-01-01",
                "-",
            ])
            .write_stdin(body.to_string())
            .assert()
    };
    // A lone surrogate is not JSON text serde_json reads: one line, exit 2.
    let assert = run(r#"{"first_name": "\ud800"}"#).code(2).stdout("");
    let stderr = stderr_of(&assert);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("line 1, column"), "{stderr}");
    // NUL and fullwidth digits are values like any other: checked, and
    // printed escaped.
    let out = run(r#"{"type": "individual", "gender": "\u0000", "ssn": "１２３-45-6789"}"#).code(1);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(raw_control(&stdout), None);
    assert!(stdout.contains(r#"(got "\u0000")"#), "{stdout}");
    assert!(
        !stdout.contains("１２３"),
        "a sensitive value printed: {stdout}"
    );
}

#[test]
fn write_failures_are_one_line_and_never_a_panic() {
    // /dev/full: every write fails.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("kyc-preflight"))
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
        ])
        .arg("examples/kira/individual-usa.json")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    // A closed pipe under batch: the writer stops, no worker is left
    // waiting (the process ends), no panic.
    let body = serde_json::to_string(&finding_dense(20, 20)).unwrap() + "\n";
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kyc-preflight"))
        .args([
            "batch",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
            "--jobs",
            "4",
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader of the output goes away
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        for _ in 0..200 {
            if stdin.write_all(body.as_bytes()).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(0), "{stderr}");
}

#[test]
fn batch_output_is_the_same_for_every_number_of_jobs() {
    let mut input = String::new();
    for i in 0..40 {
        let line = match i % 4 {
            0 => serde_json::to_string(&finding_dense(3, i)).unwrap(),
            1 => "not json".to_string(),
            2 => r#"{"type": "individual", "gender": "\u001b[2J"}"#.to_string(),
            _ => String::new(),
        };
        input.push_str(&line);
        input.push('\n');
    }
    let run = |jobs: &str| {
        cmd()
            .args([
                "batch",
                "--rules",
                "kira/create-user",
                "--today",
                "2026-01-01",
                "--jobs",
                jobs,
            ])
            .args(["--max-findings", "50", "-"])
            .write_stdin(input.clone())
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    assert_eq!(one.iter().filter(|b| **b == b'\n').count(), 40);
    assert!(
        !one.iter().any(|b| *b < 0x20 && *b != b'\n'),
        "a raw control byte"
    );
    for jobs in ["2", "7", "64", "1024"] {
        assert_eq!(run(jobs), one, "--jobs {jobs}");
    }
}
