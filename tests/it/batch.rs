//! `kyc-preflight batch` and the library's hot path (`check_bytes`): one
//! report per line in input order, input errors per line, the summary, exit
//! codes, the same bytes for any `--jobs`, and the same reports as `check`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::common;

use kyc_preflight_testkit::corpus;

use assert_cmd::Command;
use kyc_preflight::input::{InputError, Limits};
use kyc_preflight::report::json;
use kyc_preflight::{Catalog, CheckOptions, Request};
use serde_json::Value;

fn batch(args: &[&str], stdin: Vec<u8>) -> std::process::Output {
    Command::cargo_bin("kyc-preflight")
        .unwrap()
        .arg("batch")
        .args(["--rules", "kira/create-user", "--today", "2026-01-01"])
        .args(args)
        .arg("-")
        .write_stdin(stdin)
        .output()
        .unwrap()
}

fn corpus_lines(n: usize) -> Vec<String> {
    let mut generator = corpus::Generator::new(9);
    (0..n)
        .map(|_| serde_json::to_string(&generator.mixed().0).unwrap())
        .collect()
}

fn options() -> CheckOptions {
    CheckOptions::new(common::today())
}

#[test]
fn one_report_per_line_in_order_equal_to_check() {
    let lines = corpus_lines(1_200);
    let input = lines.join("\n") + "\n";
    let out = batch(&["--jobs", "2"], input.into_bytes());
    assert_eq!(out.status.code(), Some(1), "the mixed corpus has defects");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let reports: Vec<&str> = stdout.lines().collect();
    assert_eq!(reports.len(), lines.len());
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    for (line, printed) in lines.iter().zip(&reports) {
        let body: Value = serde_json::from_str(line).unwrap();
        let expected =
            serde_json::to_string(&rules.check(&Request::new(&body), &options())).unwrap();
        assert_eq!(*printed, expected);
    }
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(summary.starts_with("1200 records: "), "summary: {summary}");
    assert!(summary.contains("verification-ready"), "{summary}");
    assert!(summary.contains("errors by code: "), "{summary}");
}

#[test]
fn jobs_do_not_change_the_output() {
    // Chunks are 512 lines: 1,700 lines make four chunks, finished out of order.
    let input = (corpus_lines(1_700).join("\n") + "\n").into_bytes();
    let one = batch(&["--jobs", "1"], input.clone());
    let three = batch(&["--jobs", "3"], input);
    assert_eq!(one.stdout, three.stdout);
    assert_eq!(one.stderr, three.stderr);
    assert_eq!(one.status.code(), three.status.code());
}

#[test]
fn a_bad_line_gets_an_input_report_and_the_run_goes_on() {
    let good = corpus::Generator::new(1).valid();
    let good = serde_json::to_string(&good).unwrap();
    let input = format!("{good}\nnot json\n\n[1]\n{{\"a\": \"\\\\\"\n{good}\r\n");
    let out = batch(&[], input.into_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let reports: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 6);
    for i in [0, 5] {
        assert_eq!(
            reports[i]["findings"],
            serde_json::json!([]),
            "line {}",
            i + 1
        );
    }
    for (i, message) in [
        (1, "line 1, column 2: not valid JSON: expected ident"),
        (2, "the input is empty"),
        (3, "the body must be a JSON object, not an array"),
        (
            4,
            "line 1, column 10: not valid JSON: EOF while parsing an object",
        ),
    ] {
        let r = &reports[i];
        assert_eq!(r["variant"], Value::Null);
        assert!(r["gates"].as_object().unwrap().values().all(|g| g == false));
        let findings = r["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0]["code"], "input");
        assert_eq!(findings[0]["gate"], "request");
        assert_eq!(findings[0]["path"], "");
        assert_eq!(findings[0]["message"], message, "line {}", i + 1);
    }
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(
        summary
            .starts_with("6 records: 2 accepted (request gate), 2 verification-ready, 4 failing"),
        "{summary}"
    );
    assert!(summary.contains("input 4"), "{summary}");
}

#[test]
fn exit_0_when_every_record_passes_the_required_gates() {
    let mut generator = corpus::Generator::new(3);
    let input: String = (0..50)
        .map(|_| serde_json::to_string(&generator.valid()).unwrap() + "\n")
        .collect();
    let out = batch(&[], input.clone().into_bytes());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = batch(&["--require", "request"], input.into_bytes());
    assert_eq!(out.status.code(), Some(0));
    // An empty input: no records, nothing fails.
    let out = batch(&[], Vec::new());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_over_long_line_is_refused_without_being_held() {
    let good = serde_json::to_string(&corpus::Generator::new(1).valid()).unwrap();
    let input = format!("{good}\n{good}\n");
    let out = batch(&["--max-bytes", "1000"], input.into_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in stdout.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        assert_eq!(r["findings"][0]["code"], "input");
        let message = r["findings"][0]["message"].as_str().unwrap();
        assert_eq!(
            message,
            format!(
                "the input is {} bytes, over the 1000-byte limit",
                good.len()
            )
        );
    }
}

/// Lines longer than a read block (256 KB) and a last line without its
/// end are read whole, in order, each checked as `check` checks it.
#[test]
fn long_lines_across_read_blocks_are_read_whole() {
    let mut generator = corpus::Generator::new(3);
    let big = serde_json::to_string(&generator.bigdoc_sized(700 * 1024)).unwrap();
    assert!(big.len() > 600 * 1024, "{} bytes", big.len());
    let lines = [
        serde_json::to_string(&generator.valid()).unwrap(),
        big.clone(),
        serde_json::to_string(&generator.mixed().0).unwrap(),
        big,
        serde_json::to_string(&generator.valid()).unwrap(),
    ];
    // CRLF line ends, and none after the last line.
    let input = lines.join("\r\n");
    let out = batch(&["--jobs", "1"], input.into_bytes());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let printed: Vec<&str> = stdout.lines().collect();
    assert_eq!(printed.len(), lines.len());
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    for (line, printed) in lines.iter().zip(printed) {
        let report = rules.check_str(line, None, &options()).unwrap();
        assert_eq!(printed, serde_json::to_string(&report).unwrap());
    }
}

/// `--fields code,path,gate`: each finding keeps those keys, in report
/// order; the rest of the report is as without it.
#[test]
fn fields_keep_only_the_named_finding_keys() {
    let lines = corpus_lines(50);
    let input = lines.join("\n") + "\n";
    let full = batch(&["--jobs", "1"], input.clone().into_bytes());
    let lean = batch(
        &["--jobs", "1", "--fields", "code,path,gate"],
        input.into_bytes(),
    );
    assert_eq!(lean.status.code(), full.status.code());
    assert_eq!(lean.stderr, full.stderr, "the same summary");
    let full = String::from_utf8(full.stdout).unwrap();
    let lean = String::from_utf8(lean.stdout).unwrap();
    assert_eq!(lean.lines().count(), lines.len());
    let mut findings = 0;
    for (full, lean) in full.lines().zip(lean.lines()) {
        let mut expected: Value = serde_json::from_str(full).unwrap();
        for f in expected["findings"].as_array_mut().unwrap() {
            let f = f.as_object_mut().unwrap();
            f.retain(|k, _| ["path", "gate", "code"].contains(&k.as_str()));
            findings += 1;
        }
        assert_eq!(lean, serde_json::to_string(&expected).unwrap());
        assert!(lean.len() <= full.len());
    }
    assert!(findings > 50, "{findings} findings");
}

/// `--summary`: no report on stdout; the summary and the exit status are
/// those of the same run without it.
#[test]
fn summary_writes_only_the_summary() {
    let input = corpus_lines(50).join("\n") + "\n";
    let full = batch(&["--jobs", "2"], input.clone().into_bytes());
    let summary = batch(&["--jobs", "2", "--summary"], input.into_bytes());
    assert!(summary.stdout.is_empty());
    assert!(!full.stdout.is_empty());
    assert_eq!(summary.stderr, full.stderr, "the same summary");
    assert_eq!(summary.status.code(), full.status.code());
    let err = String::from_utf8(summary.stderr).unwrap();
    assert!(err.starts_with("50 records: "), "{err}");
    assert!(err.contains("errors by code: "), "{err}");
}

#[test]
fn summary_and_fields_do_not_go_together() {
    let out = batch(&["--summary", "--fields", "code"], b"{}\n".to_vec());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unknown_field_is_refused() {
    let out = batch(&["--fields", "code,source"], b"{}\n".to_vec());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            r#"no finding key "source" (keys: in, path, gate, severity, code, rule, message)"#
        ),
        "{err}"
    );
}

#[test]
fn unreadable_input_and_bad_arguments_exit_2() {
    Command::cargo_bin("kyc-preflight")
        .unwrap()
        .args([
            "batch",
            "--rules",
            "kira/create-user",
            "/no/such/file.jsonl",
        ])
        .assert()
        .code(2)
        .stdout("");
    Command::cargo_bin("kyc-preflight")
        .unwrap()
        .args([
            "batch",
            "--rules",
            "kira/create-user",
            "--require",
            "nope",
            "-",
        ])
        .assert()
        .code(2);
    Command::cargo_bin("kyc-preflight")
        .unwrap()
        .args(["batch", "--rules", "kira/create-user", "--jobs", "0", "-"])
        .assert()
        .code(2);
}

/// `check_bytes` (sonic-rs) and `check` (serde_json) give the same report
/// for every fixture body of every rule set.
#[test]
fn the_fast_path_agrees_with_check_on_every_fixture() {
    let catalog = Catalog::embedded();
    let mut compared = 0;
    for id in catalog.ids() {
        let rules = catalog.get(id).unwrap();
        let dir = common::repo(&format!("tests/fixtures/{id}"));
        for kind in ["valid", "invalid"] {
            let Ok(entries) = std::fs::read_dir(dir.join(kind)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                let fixture = common::read_json(&path);
                let body = match kind {
                    "valid" => fixture,
                    _ => {
                        let base = fixture["base"].as_str().unwrap();
                        let mut body = common::read_json(&dir.join("valid").join(base));
                        let patch: json_patch::Patch =
                            serde_json::from_value(fixture["patch"].clone()).unwrap();
                        json_patch::patch(&mut body, &patch).unwrap();
                        body
                    }
                };
                let text = serde_json::to_string(&body).unwrap();
                let slow = rules.check(&Request::new(&body), &options());
                let fast = rules.check_str(&text, None, &options()).unwrap();
                assert_eq!(fast, slow, "{}", path.display());
                // The report writer `batch` and `check --format json` use
                // writes what serde_json writes (until serde's is retired).
                let mut written = Vec::new();
                json::write_report(&mut written, &fast);
                assert_eq!(
                    String::from_utf8(written).unwrap(),
                    serde_json::to_string(&fast).unwrap(),
                    "{}",
                    path.display()
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 500, "only {compared} fixtures compared");
}

#[test]
fn duplicate_keys_are_a_request_error() {
    let rules = Catalog::embedded().get("passport/create-customer").unwrap();
    let report = rules
        .check_str(
            r#"{"email": "a@example.com", "email": "b@example.com"}"#,
            None,
            &options(),
        )
        .unwrap();
    let dup: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "duplicate_key")
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].path, "/email");
    assert_eq!(dup[0].gate, "request");
    assert_eq!(dup[0].rule, "passport/create-customer#duplicate-key");
    assert_eq!(report.gate("request"), Some(false));
}

#[test]
fn arrays_past_max_items_are_an_error_and_go_unchecked() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let mut body = common::read_json(&common::repo("examples/kira/individual-usa.json"));
    let entry = body["identifying_information"][0].clone();
    let items = body["identifying_information"].as_array_mut().unwrap();
    for _ in 0..20 {
        items.push(entry.clone());
    }
    let n = items.len();
    let limits = Limits {
        max_items: 5,
        ..Limits::default()
    };
    let report = rules.check(&Request::new(&body), &options().with_limits(limits));
    let limit: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "limit.items")
        .collect();
    assert_eq!(limit.len(), 1);
    assert_eq!(limit[0].path, "/identifying_information");
    assert_eq!(limit[0].gate, "request");
    assert!(limit[0].message.contains(&format!("has {n} items")));
    // No finding points past the limit.
    assert!(report
        .findings
        .iter()
        .all(|f| !f.path.starts_with("/identifying_information/")
            || f.path[25..]
                .split('/')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
                < 5));
    // The default limit leaves the payload alone.
    let report = rules.check(&Request::new(&body), &options());
    assert!(report.findings.iter().all(|f| f.code != "limit.items"));
}

#[test]
fn check_bytes_refuses_what_parse_body_refuses() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(
        rules.check_bytes(deep.as_bytes(), None, &options()),
        Err(InputError::TooDeep { max: 64, .. })
    ));
    assert!(matches!(
        rules.check_bytes(b"\xEF\xBB\xBF{}", None, &options()),
        Err(InputError::ByteOrderMark)
    ));
    assert!(matches!(
        rules.check_bytes(b"null", None, &options()),
        Err(InputError::NotAnObject { found: "null" })
    ));
}

/// `check_bytes` parses in one pass and runs the prechecks only when that
/// pass fails; whatever it refuses, it refuses with `parse_body`'s error
/// (the same kind, position and message), under any limits.
#[test]
fn check_bytes_errors_are_parse_body_errors() {
    use kyc_preflight::input::parse_body;
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let nest = |n: usize| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    let bodies: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b" \n\t ".to_vec(),
        b"\xEF\xBB\xBF{}".to_vec(),
        b"{\"a\": \"\xFF\"}".to_vec(),
        b"{\"a\": \"\xED\xA0\x80\"}".to_vec(),
        b"{\"a\": \"\\ud800\"}".to_vec(),
        b"{\"a\": \"raw\ncontrol\"}".to_vec(),
        b"{\"a\": 1,}".to_vec(),
        b"{\"a\": 1} {}".to_vec(),
        b"{\"a\": [01]}".to_vec(),
        b"{\"a\": 1e400}".to_vec(),
        b"{\n  \"a\": tru\n}".to_vec(),
        b"[1, 2]".to_vec(),
        b"\"text\"".to_vec(),
        b"12".to_vec(),
        nest(3).into_bytes(),
        nest(16).into_bytes(),
        nest(17).into_bytes(),
        nest(65).into_bytes(),
        format!("{}x", nest(20)).into_bytes(),
        format!("{{\"a\": \"{}\"}}", "b".repeat(100)).into_bytes(),
    ];
    let limits = [
        Limits::default(),
        Limits {
            max_depth: 2,
            ..Limits::default()
        },
        Limits {
            max_bytes: 40,
            ..Limits::default()
        },
    ];
    for limits in limits {
        let options = options().with_limits(limits);
        for body in &bodies {
            let expected = parse_body(body, &limits).err();
            let got = rules.check_bytes(body, None, &options).err();
            assert_eq!(
                got,
                expected,
                "{:?} {limits:?}",
                String::from_utf8_lossy(body)
            );
        }
    }
}

/// A compiled rule set is shared across threads without locks.
#[test]
fn rule_sets_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<kyc_preflight::RuleSet>();
    assert_send_sync::<kyc_preflight::Catalog>();
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let text = std::fs::read_to_string(common::repo("examples/kira/individual-usa.json")).unwrap();
    let reports: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| rules.check_str(&text, None, &options()).unwrap()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(reports.windows(2).all(|w| w[0] == w[1]));
}

/// A chunk that is UTF-8 is handed to the workers as text, which the
/// parser then does not validate again; one bad line makes its chunk
/// bytes, each line validated as it is parsed. Either way each line's
/// report is `check_bytes`'s: lines that are not UTF-8, or start with a
/// byte order mark, among good ones, and a chunk of good lines after them.
#[test]
fn lines_that_are_not_utf8_are_refused_beside_text_lines() {
    let rules = Catalog::embedded().get("kira/create-user").unwrap();
    let good = corpus_lines(3);
    let mut lines: Vec<Vec<u8>> = vec![
        good[0].clone().into_bytes(),
        b"{\"type\": \"\xff\"}".to_vec(),
        b"\xEF\xBB\xBF{\"type\": \"individual\"}".to_vec(),
        "{\"first_name\": \"Zoë\"}".as_bytes().to_vec(),
        good[1].clone().into_bytes(),
    ];
    // Past one chunk (512 lines): later chunks are text again.
    lines.extend(std::iter::repeat_n(good[2].clone().into_bytes(), 600));
    let input = lines.join(&b'\n');
    let out = batch(&["--jobs", "1"], input);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got.len(), lines.len());
    for (line, report) in lines.iter().zip(got) {
        let expected = match rules.check_bytes(line, None, &options()) {
            Ok(r) => json::to_string(&r),
            Err(e) => json::to_string(&rules.input_report(&e)),
        };
        assert_eq!(report, expected, "{}", String::from_utf8_lossy(line));
    }
}
