//! `kyc-preflight rules explain` and `rules schema`: output formats, exit
//! codes, and the README's example kept equal to the real output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn cmd() -> Command {
    let mut c = Command::cargo_bin("kyc-preflight").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn stdout(args: &[&str]) -> String {
    let out = cmd()
        .args(args)
        .assert()
        .code(0)
        .stderr("")
        .get_output()
        .clone();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn explain_prints_a_markdown_table_with_a_column_per_variant() {
    let md = stdout(&["rules", "explain", "kira/create-user"]);
    assert!(md.starts_with("## `kira/create-user`: Kira POST /v1/users"));
    assert!(md.contains(
        "| Field | Type | Format or values | Sensitive | `individual/usa` | `individual/unknown` | `individual/international` | `business/usa` | `business/unknown` | `business/international` | Source |"
    ));
    // ein: Required for USA businesses, not for international ones, and
    // not a field of individuals.
    let ein = md.lines().find(|l| l.starts_with("| `/ein` |")).unwrap();
    assert!(
        ein.contains("| yes | - | - | - | Required for verification | optional | optional |"),
        "{ein}"
    );
    let additional = md
        .lines()
        .find(|l| l.starts_with("| `/additional_info` |"))
        .unwrap();
    assert!(
        additional
            .contains("| optional | optional | product:act | optional | optional | product:act |"),
        "{additional}"
    );
}

#[test]
fn explain_one_variant() {
    let md = stdout(&[
        "rules",
        "explain",
        "kira/create-user",
        "--variant",
        "business/international",
    ]);
    assert!(md.contains(
        "| Field | Type | Format or values | Sensitive | `business/international` | Source |"
    ));
    assert!(md.contains("| `/business_legal_name` | string |  |  | Required for request |"));
    assert!(!md.contains("`/first_name`"));
}

#[test]
fn explain_as_json_has_exactly_the_contract_keys() {
    let text = stdout(&[
        "rules",
        "explain",
        "passport/create-customer",
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(keys(&v), ["rule_set", "variants"]);
    assert_eq!(v["rule_set"], "passport/create-customer");
    let variants = v["variants"].as_array().unwrap();
    assert_eq!(variants.len(), 1);
    assert_eq!(keys(&variants[0]), ["name", "fields"]);
    assert_eq!(variants[0]["name"], "default");
    let fields = variants[0]["fields"].as_array().unwrap();
    // The six rows of § Request Body, each required for `request`, and the
    // e-mail syntax, a warning of its own (the page gives only a length).
    assert_eq!(fields.len(), 7);
    let (warnings, rows): (Vec<&Value>, Vec<&Value>) = fields.iter().partition(|f| {
        f["source"]
            .as_str()
            .unwrap()
            .starts_with("domain knowledge")
    });
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0]["path"], "/email");
    assert_eq!(warnings[0]["format"], "email");
    assert_eq!(warnings[0]["gate"], "optional");
    assert_eq!(rows.len(), 6);
    for f in fields {
        assert_eq!(
            keys(f),
            [
                "path",
                "type",
                "format",
                "enum",
                "gate",
                "when",
                "sensitive",
                "source"
            ]
        );
    }
    for f in rows {
        assert_eq!(f["gate"], "request");
    }
    let number = fields
        .iter()
        .find(|f| f["path"] == "/identification_number")
        .unwrap();
    assert_eq!(number["format"], "nit-base");
    assert_eq!(number["sensitive"], true);
    assert_eq!(number["enum"], Value::Null);
}

#[test]
fn an_unknown_variant_exits_2_with_one_line_listing_the_known_ones() {
    for sub in ["explain", "schema"] {
        let out = cmd()
            .args([
                "rules",
                sub,
                "kira/create-user",
                "--variant",
                "business/mexico",
            ])
            .assert()
            .code(2)
            .stdout("")
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            stderr,
            "kyc-preflight: rule set `kira/create-user` has no variant `business/mexico` (variants: individual/usa, individual/unknown, individual/international, business/usa, business/unknown, business/international)\n"
        );
    }
    cmd()
        .args([
            "rules",
            "explain",
            "passport/create-customer",
            "--variant",
            "business",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(variants: default)"));
}

#[test]
fn an_unknown_rule_set_exits_2() {
    for sub in ["explain", "schema"] {
        cmd()
            .args(["rules", sub, "kira/create-usr"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "unknown rule set `kira/create-usr`",
            ));
    }
    cmd()
        .args(["rules", "explain", "kira/create-user", "--format", "html"])
        .assert()
        .code(2);
}

#[test]
fn schema_prints_one_draft_2020_12_schema() {
    for id in [
        "kira/create-user",
        "undostres/create-parent-balance",
        "immersve/create-account",
        "customers/create-individual",
        "passport/create-customer",
    ] {
        let schema: Value = serde_json::from_str(&stdout(&["rules", "schema", id])).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["$id"], format!("urn:kyc-preflight:{id}"));
        assert!(jsonschema::meta::is_valid(&schema), "{id}");
    }
    let one: Value = serde_json::from_str(&stdout(&[
        "rules",
        "schema",
        "undostres/create-parent-balance",
        "--variant",
        "business",
    ]))
    .unwrap();
    assert_eq!(
        one["$id"],
        "urn:kyc-preflight:undostres/create-parent-balance:business"
    );
    let validator = jsonschema::validator_for(&one).unwrap();
    let body = common::read_json(&common::repo(
        "tests/fixtures/undostres/create-parent-balance/valid/business.json",
    ));
    assert!(validator.is_valid(&body));
    let mut with_middle_name = body.clone();
    with_middle_name["middle_name"] = "Luis".into();
    assert!(!validator.is_valid(&with_middle_name));
}

/// The README's "What do I need to collect?" shows the real output.
#[test]
fn the_readme_shows_the_real_explain_output() {
    let readme = std::fs::read_to_string(common::repo("README.md")).unwrap();
    let command = "kyc-preflight rules explain undostres/create-parent-balance --variant business";
    let at = readme
        .find(&format!("```sh\n{command}\n```"))
        .expect("the README runs the command");
    let rest = &readme[at..];
    let start = rest.find("```markdown\n").unwrap() + "```markdown\n".len();
    let end = start + rest[start..].find("\n```\n").unwrap() + 1;
    let shown = &rest[start..end];
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    assert_eq!(shown, stdout(&args), "update the README's example");
}

/// A user's own rule file works with every `rules` subcommand as with
/// `check`: explain and schema say the same of it as of the embedded copy,
/// and a directory lists every rule file below it.
#[test]
fn rules_subcommands_take_a_users_rule_file_or_directory() {
    let file = "rules/passport/create-customer.toml";
    for sub in ["explain", "schema"] {
        assert_eq!(
            stdout(&["rules", sub, "--rules-file", file]),
            stdout(&["rules", sub, "passport/create-customer"]),
            "{sub}"
        );
        assert_eq!(
            stdout(&["rules", sub, "kira/create-user", "--rules-file", "rules"]),
            stdout(&["rules", sub, "kira/create-user"]),
            "{sub}"
        );
    }
    assert_eq!(
        stdout(&["rules", "list", "--rules-file", "rules"]),
        stdout(&["rules", "list"])
    );
    let one = stdout(&["rules", "list", "--rules-file", file]);
    assert!(one.starts_with("passport/create-customer\t"), "{one}");
    assert_eq!(one.lines().count(), 1);
}

#[test]
fn a_rules_directory_with_several_sets_needs_an_id() {
    let out = cmd()
        .args(["rules", "explain", "--rules-file", "rules"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(" rule sets: name one of "), "{err}");
    let out = cmd()
        .args(["rules", "schema", "acme/nothing", "--rules-file", "rules"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("has no rule set `acme/nothing`"), "{err}");
}
