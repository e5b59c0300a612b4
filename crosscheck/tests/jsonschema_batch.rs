//! `jsonschema_batch`, the peer of `kyc-preflight batch` in the end-to-end
//! benchmark: one report per non-empty line, in order, each listing every
//! error with its instance and schema paths; unparsable lines get one error;
//! the summary on stderr; exit 1 unless every record is valid.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::process::Command;

use serde_json::{json, Value};

#[test]
fn one_report_per_record_with_every_error() {
    let dir = std::env::temp_dir().join(format!("jsonschema_batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("schema.json");
    std::fs::write(
        &schema,
        json!({
            "type": "object",
            "required": ["email"],
            "properties": {"email": {"type": "string", "format": "email"},
                           "age": {"type": "integer"}}
        })
        .to_string(),
    )
    .unwrap();
    let input = dir.join("in.jsonl");
    std::fs::write(
        &input,
        concat!(
            "{\"email\": \"ana@example.com\"}\n",
            "{\"email\": \"not an address\", \"age\": \"x\"}\r\n",
            "\n",
            "{}\n",
            "not json",
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jsonschema_batch"))
        .arg(&schema)
        .arg(&input)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "4 records, 1 valid\n"
    );
    let reports: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports.len(), 4, "the empty line is skipped");
    let paths = |r: &Value| -> Vec<(String, String)> {
        let mut p: Vec<(String, String)> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert!(!e["message"].as_str().unwrap().is_empty());
                (
                    e["path"].as_str().unwrap().to_string(),
                    e["schema_path"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(reports[0], json!({"valid": true, "errors": []}));
    assert_eq!(reports[1]["valid"], false);
    assert_eq!(
        paths(&reports[1]),
        [
            ("/age".to_string(), "/properties/age/type".to_string()),
            ("/email".to_string(), "/properties/email/format".to_string()),
        ]
    );
    assert_eq!(
        paths(&reports[2]),
        [(String::new(), "/required".to_string())]
    );
    assert_eq!(reports[3]["valid"], false);
    assert_eq!(reports[3]["errors"].as_array().unwrap().len(), 1);
    assert_eq!(reports[3]["errors"][0]["path"], "");
}

#[test]
fn usage_and_unreadable_files_exit_2() {
    let none = Command::new(env!("CARGO_BIN_EXE_jsonschema_batch"))
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(none.stdout.is_empty());
    let missing = Command::new(env!("CARGO_BIN_EXE_jsonschema_batch"))
        .args(["/no/such/schema.json", "/no/such/file.jsonl"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}
