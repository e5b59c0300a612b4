//! The command-line contract: subcommands, flags, output formats, exit codes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("kyc-preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn check(args: &[&str]) -> assert_cmd::assert::Assert {
    cmd()
        .arg("check")
        .args(["--rules", "kira/create-user", "--today", "2026-01-01"])
        .args(args)
        .assert()
}

#[test]
fn the_readme_command_reports_and_exits_1() {
    check(&["examples/kira/individual-usa.json"])
        .code(1)
        .stdout(predicate::str::contains("FAIL product:usa-virtual-accounts: 1 error"))
        .stdout(predicate::str::contains("examples/kira/individual-usa.json:18:30  /identifying_information  contains"))
        .stdout(predicate::str::contains(
            "source: Kira API docs, User Management: Create a User (POST /v1/users) § Identification Types",
        ))
        .stdout(predicate::str::ends_with(
            "gates: request ok · verification ok · product:usa-virtual-accounts FAIL · product:act ok\n",
        ));
}

#[test]
fn require_names_the_gates_that_decide_the_exit_status() {
    check(&[
        "--require",
        "verification",
        "examples/kira/individual-usa.json",
    ])
    .code(0);
    check(&[
        "--require",
        "request",
        "--require",
        "verification",
        "examples/kira/individual-usa.json",
    ])
    .code(0);
    check(&[
        "--require",
        "product:usa-virtual-accounts",
        "examples/kira/individual-usa.json",
    ])
    .code(1);
    check(&["--require", "nope", "examples/kira/individual-usa.json"])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no such gate"));
}

#[test]
fn warnings_never_change_the_exit_status() {
    // The Mexico individual's phone is only a warning at the request gate.
    check(&[
        "--require",
        "request",
        "examples/kira/individual-mexico.json",
    ])
    .code(0);
}

#[test]
fn json_output_is_one_object_with_the_contract_keys() {
    let out = check(&["--format", "json", "examples/kira/business-usa.json"])
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["rule_set", "variant", "gates", "findings"]);
    let f = &v["findings"][0];
    let keys: Vec<&str> = f.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["in", "path", "gate", "severity", "code", "rule", "message"]
    );
    assert_eq!(f["path"], "/representative_ssn");
    assert!(!text.contains("987-65-4321"));
}

#[test]
fn two_runs_print_the_same_bytes() {
    for format in ["human", "json"] {
        let a = check(&["--format", format, "examples/kira/business-mexico.json"])
            .get_output()
            .stdout
            .clone();
        let b = check(&["--format", format, "examples/kira/business-mexico.json"])
            .get_output()
            .stdout
            .clone();
        assert_eq!(a, b);
    }
}

#[test]
fn standard_input_and_headers() {
    let body = std::fs::read(common::repo("examples/kira/individual-usa.json")).unwrap();
    cmd()
        .args([
            "check",
            "--rules",
            "kira/create-user",
            "--today",
            "2026-01-01",
            "--require",
            "verification",
        ])
        .args([
            "--header",
            "Authorization: Bearer t",
            "--header",
            "x-api-key: k",
        ])
        .args([
            "--header",
            "content-type: application/json",
            "--header",
            "idempotency-key: not-a-uuid",
        ])
        .arg("-")
        .write_stdin(body)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "header idempotency-key  format.uuid",
        ));
}

#[test]
fn a_body_checked_alone_says_headers_were_not_checked() {
    check(&["examples/kira/individual-usa.json"])
        .stdout(predicate::str::contains("headers: not checked"));
}

#[test]
fn unusable_input_exits_2_with_one_line() {
    let dir = std::env::temp_dir().join(format!("kyc-preflight-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"type\": \"individual\",}").unwrap();
    let assert = check(&[bad.to_str().unwrap()]).code(2).stdout("");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("bad.json: line 1, column 23: not valid JSON"),
        "{stderr}"
    );
    check(&["does/not/exist.json"])
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("cannot read"));
    cmd()
        .args([
            "check",
            "--rules",
            "kira/create-usr",
            "examples/kira/individual-usa.json",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule set `kira/create-usr`",
        ));
    check(&["--today", "01/01/2026", "examples/kira/individual-usa.json"]).code(2);
    check(&["--header", "no-colon", "examples/kira/individual-usa.json"]).code(2);
}

#[test]
fn rules_list_names_every_embedded_rule_set() {
    let out = cmd()
        .args(["rules", "list"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let listed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    let ids: Vec<String> = kyc_preflight::Catalog::embedded()
        .ids()
        .map(String::from)
        .collect();
    assert_eq!(listed, ids);
    assert!(listed.iter().any(|id| id == "kira/create-user"));
}

#[test]
fn a_rule_file_of_ones_own() {
    let dir = std::env::temp_dir().join(format!("kyc-preflight-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("mine.toml");
    std::fs::write(&rules, "id = \"me/mine\"\nsource = \"test\"\n[[gate]]\nname = \"request\"\n[[field]]\npath = \"/email\"\nformat = \"email\"\nrequired = \"request\"\n").unwrap();
    cmd()
        .args([
            "check",
            "--rules-file",
            rules.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ])
        .write_stdin("{}")
        .assert()
        .code(1)
        .stdout(predicate::str::contains(r#""rule":"me/mine#email""#));
    std::fs::write(
        &rules,
        "[[gate]]\nname = \"request\"\n[[field]]\npath = \"/email\"\nfromat = \"email\"\n",
    )
    .unwrap();
    cmd()
        .args(["check", "--rules-file", rules.to_str().unwrap(), "-"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("mine.toml:5:1"))
        .stderr(predicate::str::contains("did you mean `format`?"));
}

#[test]
fn format_answers_one_line_per_value() {
    cmd()
        .args(["format", "ssn", "123-45-6789", "666-45-6789"])
        .assert()
        .code(1)
        .stdout("valid\ninvalid: format.ssn.area\n");
    cmd()
        .args(["format", "e164"])
        .write_stdin("+12025551234\n")
        .assert()
        .code(0)
        .stdout("valid\n");
    cmd()
        .args(["format", "nope", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format"));
}

/// Hostile or broken input: exit 2, one line on stderr naming the problem
/// (and where), nothing on stdout, never a panic.
#[test]
fn hostile_input_is_refused_with_one_clear_line() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "the input is empty"),
        (
            "not json",
            b"hello".to_vec(),
            "line 1, column 1: not valid JSON",
        ),
        (
            "truncated",
            b"{\"type\": \"indiv".to_vec(),
            "EOF while parsing",
        ),
        ("trailing garbage", b"{} {}".to_vec(), "trailing characters"),
        (
            "invalid UTF-8",
            b"{\"first_name\": \"\xc3\x28\"}".to_vec(),
            "line 1, column 17: not valid UTF-8",
        ),
        ("BOM", b"\xEF\xBB\xBF{}".to_vec(), "byte order mark"),
        (
            "array",
            b"[{}]".to_vec(),
            "the body must be a JSON object, not an array",
        ),
        ("null", b"null".to_vec(), "not null"),
        ("string", b"\"x\"".to_vec(), "not a string"),
        ("number", b"1".to_vec(), "not a number"),
        (
            "deep",
            deep.into_bytes(),
            "line 1, column 65: nested deeper than 64 levels",
        ),
    ];
    for (name, input, expect) in cases {
        let assert = cmd()
            .args(["check", "--rules", "kira/create-user", "-"])
            .write_stdin(input)
            .assert()
            .code(2)
            .stdout("");
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(expect), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}
