//! A broken rule file is reported whole: every problem, each at its
//! file:line:column, with a suggestion where one is obvious; never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kyc_preflight::{Catalog, RuleSet};

const BROKEN: &str = r#"id = "test/broken"
source = "a test"
colour = "blue"

[[gate]]
name = "request"

[[gate]]
name = "verification"
depends = ["reqest"]

[[variant]]
name = "individual"
when = { path = "/type", equals = "individual" }

[[field]]
path = "/phone"
format = "iso3166-alpha-3"
required = "verfication"

[[field]]
path = "/gender"
type = "string"
enum = [1, 2]

[[field]]
path = "no-slash"

[[field]]
path = "/x"
pattern = "(unclosed"

[[field]]
path = "/y"
fromat = "email"

[[field]]
path = "/z"
variants = ["individul"]
"#;

#[test]
fn every_problem_is_reported_with_its_position() {
    let err = RuleSet::from_toml("broken.toml", BROKEN).unwrap_err();
    let lines: Vec<String> = err.to_string().lines().map(String::from).collect();
    let expect = [
        ("broken.toml:3:1: unknown key `colour`", None),
        (
            "broken.toml:10:12: gate `verification` depends on `reqest`",
            Some("did you mean `request`?"),
        ),
        (
            "broken.toml:18:10: unknown format `iso3166-alpha-3`",
            Some("did you mean `iso3166-alpha3`?"),
        ),
        (
            "broken.toml:19:12: unknown gate `verfication`",
            Some("did you mean `verification`?"),
        ),
        (
            "broken.toml:24:8: the allowed values do not match the field's type",
            None,
        ),
        ("broken.toml:27:8: `path` must be a JSON Pointer", None),
        ("broken.toml:31:11: invalid regex", None),
        (
            "broken.toml:35:1: unknown field `fromat`",
            Some("did you mean `format`?"),
        ),
        (
            "broken.toml:39:13: `individul` matches no declared variant",
            Some("did you mean `individual`?"),
        ),
    ];
    assert_eq!(err.problems.len(), expect.len(), "{err}");
    let text = err.to_string();
    for (start, help) in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(start)),
            "missing `{start}` in:\n{text}"
        );
        if let Some(help) = help {
            assert!(text.contains(help), "missing `{help}` in:\n{text}");
        }
    }
}

#[test]
fn toml_syntax_errors_are_positioned() {
    let err = RuleSet::from_toml("bad.toml", "[[gate]]\nname = \"request\n").unwrap_err();
    assert_eq!(err.problems[0].line, 2, "{err}");
    assert!(err.to_string().starts_with("bad.toml:2:"), "{err}");
}

#[test]
fn a_rule_needs_a_source() {
    let err = RuleSet::from_toml(
        "x.toml",
        "[[gate]]\nname = \"request\"\n[[field]]\npath = \"/a\"\n",
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("every rule records its source"),
        "{err}"
    );
}

/// Every `rules/**/*.toml` is embedded (build.rs discovers them), with
/// its path as its id, and nothing else is.
#[test]
fn every_rule_file_is_embedded() {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                out.push(rel.to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let embedded: Vec<String> = Catalog::embedded().ids().map(String::from).collect();
    assert_eq!(embedded, files);
    for id in &files {
        let text = std::fs::read_to_string(root.join(format!("{id}.toml"))).unwrap();
        assert_eq!(Catalog::embedded().text(id), Some(text.as_str()), "{id}");
    }
}

#[test]
fn every_embedded_rule_set_compiles() {
    for id in Catalog::embedded().ids() {
        let rules = Catalog::embedded()
            .get(id)
            .unwrap_or_else(|e| panic!("{id}:\n{e}"));
        assert_eq!(rules.id(), id);
        assert!(rules.source().is_some());
        assert_eq!(rules.gates().next(), Some("request"));
    }
}

/// Every rule says where it comes from.
#[test]
fn every_embedded_rule_has_a_source() {
    for id in Catalog::embedded().ids() {
        let rules = Catalog::embedded().get(id).unwrap();
        assert!(
            rules.provider().is_some() && rules.endpoint().is_some(),
            "{id}"
        );
        for rule in rules.rules() {
            assert!(rule.source.len() > 10, "{}: no real source", rule.id);
            assert!(rule.id.starts_with(&format!("{id}#")), "{}", rule.id);
        }
        for (gate, description) in rules.gate_descriptions() {
            assert!(description.is_some(), "{id}: gate {gate} undescribed");
        }
    }
}

/// A file-content, age or expiry check in a rule set without a
/// `verification` gate moves silently to the first gate: the compiler says
/// so (a warning: the file compiles), at the rule, and an explicit `gates`
/// choice or a `verification` gate silences it. No embedded rule set has
/// one.
#[test]
fn a_later_check_without_a_verification_gate_is_a_warning() {
    let text = r#"
id = "acme/people"
source = "a test"

[[gate]]
name = "request"

[[field]]
path = "/birth_date"
type = "string"
format = "date"
min_age = 18
"#;
    let rules = RuleSet::from_toml("people.toml", text).unwrap();
    let warnings = rules.warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!((warnings[0].line, warnings[0].column), (8, 1));
    assert!(warnings[0]
        .message
        .contains("`age` check blocks the first gate"));
    let chosen = text.replace(
        "min_age = 18",
        "min_age = 18\ngates = { age = \"request\" }",
    );
    assert!(RuleSet::from_toml("people.toml", &chosen)
        .unwrap()
        .warnings()
        .is_empty());
    let with_gate = text.replace(
        "name = \"request\"",
        "name = \"request\"\n\n[[gate]]\nname = \"verification\"",
    );
    assert!(RuleSet::from_toml("people.toml", &with_gate)
        .unwrap()
        .warnings()
        .is_empty());
    for id in Catalog::embedded().ids() {
        assert!(
            Catalog::embedded().get(id).unwrap().warnings().is_empty(),
            "{id}"
        );
    }
}

/// `*` is every item of an array: over a value the rules declare an object,
/// the rule could never match, so it is refused where it is written.
#[test]
fn a_star_over_an_object_is_refused_at_its_path() {
    let text = r#"
id = "acme/address"
source = "a test"

[[gate]]
name = "request"

[[field]]
path = "/residential_address"
type = "object"

[[field]]
path = "/residential_address/*"
type = "string"
"#;
    let err = RuleSet::from_toml("address.toml", text).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(err.problems[0].line, 13); // the `path` of the `*` rule
    assert!(err.problems[0]
        .message
        .contains("the rules declare `/residential_address` without `array`"));
    // Declared an array (or not declared at all), `*` is fine.
    for ty in ["array", "array|object"] {
        let ok = text.replace("type = \"object\"", &format!("type = \"{ty}\""));
        assert!(RuleSet::from_toml("address.toml", &ok).is_ok(), "{ty}");
    }
    let undeclared = text.replace("type = \"object\"\n", "");
    assert!(RuleSet::from_toml("address.toml", &undeclared).is_ok());
}
