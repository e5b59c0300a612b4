//! What must hold for every input, checked after every check the fuzz
//! targets (and their bounded CI run) make. A violation panics with a
//! message naming the rule set and the invariant; libFuzzer reports it as a
//! crash, the tests as a failure.
//!
//! For a request checked against a rule set:
//!
//! - the check does not panic, and two runs give the same report
//!   (compared through `Debug`, so every field, `source` and `detail`
//!   included);
//! - the report names the rule set, lists its gates in order and a variant
//!   it declares;
//! - every finding names a rule of the set, of its kind (header rules make
//!   header findings), a declared gate and a non-empty message; a warning
//!   has one of the four warning codes (src/formats/mod.rs "Severity");
//!   header findings only when headers were given, and before body
//!   findings;
//! - a body finding's `path` is an RFC 6901 pointer that matches its rule's
//!   path (`*` an array index; a collection's finding may point below the
//!   array); for the embedded sets it resolves in the body, or its parent
//!   does, and findings come in document order, then rule order;
//! - gates: a gate with an error finding fails; the first gate fails
//!   exactly when it has an error finding; with the dependencies read from
//!   the rule file, a gate fails exactly when a gate it depends on
//!   (transitively, itself included) has an error finding; warnings never
//!   fail a gate; `Report::passes` and `Report::gate` agree;
//! - renderers: the JSON report parses back to the same counts and holds
//!   no raw control byte; the human report holds no raw control character
//!   or bidi override (but its own line breaks), ends with the gate line
//!   and (embedded sets) prints every finding once; `locate` finds every body finding in the text, exactly
//!   when its pointer resolves, at the first byte of that very value; the
//!   provider body is present exactly when the first gate fails, and lists
//!   each of its error findings;
//! - privacy: with a canary planted in every sensitive value and sensitive
//!   header, no output contains a canary;
//! - one model: `check_bytes` of the bytes and `check` of their value give
//!   the same report; with a repeated key, `check_bytes` gives the report of
//!   the first-wins body (the engine's reading, which `locate` follows too)
//!   plus one `duplicate_key` error at the first gate per checked member
//!   named twice, and nothing else differs.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use chrono::NaiveDate;
use kyc_preflight::input::{parse_body, InputError, Limits};
use kyc_preflight::report::provider::ErrorBody;
use kyc_preflight::report::{human, locate, provider};
use kyc_preflight::{Catalog, CheckOptions, Location, Report, Request, RuleSet, Severity};
use serde_json::Value;

/// The fixed "today" of every fuzz check (the fixtures' day).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// The only codes a warning may have (src/formats/mod.rs, "Severity").
const WARNING_CODES: [&str; 8] = [
    "format.rfc.check_digit",
    "format.rfc.generic",
    "format.curp.gender_x",
    "format.e164.not_in_numbering_plan",
    "file.size_ambiguous",
    "format.cpf.punctuated",
    "format.cnpj.punctuated",
    "format.nit.punctuated",
];

/// A header set: `None` (body checked alone) or `(name, value)` pairs.
pub type Headers = Option<Vec<(String, String)>>;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

/// The header sets every body is checked with: none, empty, a good set
/// for every provider, and a set of odd ones (case, spaces, duplicates,
/// empty and non-ASCII names and values).
pub fn header_sets() -> Vec<Headers> {
    vec![
        None,
        Some(Vec::new()),
        Some(pairs(&[
            ("authorization", "Bearer t0k3n"),
            ("x-api-key", "pk_test_4f1c2a9e"),
            ("x-api-secret", "sk_test_8b7d6e5f"),
            ("content-type", "application/json"),
            ("idempotency-key", "550e8400-e29b-41d4-a716-446655440001"),
        ])),
        Some(pairs(&[
            ("AUTHORIZATION", "bearer"),
            ("Content-Type", " text/plain ; charset=utf-8 "),
            ("idempotency-key", "550E8400-E29B-41D4-A716-44665544000"),
            ("x-api-key", ""),
            ("X-Api-Key", "dup"),
            ("ünïcode", "\u{feff}v\u{0}"),
            // RFC 9110 §5.5: never a line break in a value.
            ("authorization", "Bearer\r\nt0k3n"),
            ("X-Forwarded-For", "10.0.0.1\nx-api-key: k"),
            ("", ""),
        ])),
    ]
}

/// What the invariants know about a rule set, read from its public API and
/// (for gate dependencies) from its rule file text.
pub struct Meta {
    pub id: String,
    gates: Vec<String>,
    variants: Vec<String>,
    /// For gate `g`, the gates whose error findings fail it (itself and
    /// its dependencies, transitively); `None` when the text was not read.
    closure: Option<Vec<Vec<usize>>>,
    /// Rule id → (index in `rules()`, kind, path segments as written).
    rules: HashMap<String, (usize, String, Vec<String>)>,
    /// Path segments of the sensitive field rules.
    sensitive_paths: Vec<Vec<String>>,
    /// Lower-case names of the sensitive header rules.
    sensitive_headers: Vec<String>,
    /// Ids of the rules marked `severity = "warning"`.
    warning_rules: HashSet<String>,
    error_body: Option<ErrorBody>,
    /// An embedded rule set: pointers resolve (or their parent does),
    /// document order is checked, the human report prints one `rule` line
    /// per finding.
    pub strict: bool,
    /// Canaries that appear in the rule file's text (printing those is no leak).
    text_canaries: HashSet<String>,
}

/// RFC 6901 reference tokens of `pointer` (`None` when it is not one).
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .map(|t| {
            let mut out = String::new();
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    }
                } else {
                    out.push(c);
                }
            }
            Some(out)
        })
        .collect()
}

/// An array index as serde_json's `pointer` reads one.
fn index(token: &str) -> Option<usize> {
    if token.starts_with('+') || (token.starts_with('0') && token.len() > 1) {
        return None;
    }
    token.parse().ok()
}

impl Meta {
    /// Meta of a compiled rule set; `text` is its rule file.
    pub fn new(rules: &RuleSet, text: Option<&str>, strict: bool) -> Meta {
        let gates: Vec<String> = rules.gates().map(String::from).collect();
        let closure = text.and_then(|t| gate_closure(t, &gates));
        let mut map = HashMap::new();
        let mut sensitive_paths = Vec::new();
        let mut sensitive_headers = Vec::new();
        let mut warning_rules = HashSet::new();
        for (i, r) in rules.rules().enumerate() {
            if r.severity == Severity::Warning {
                warning_rules.insert(r.id.to_string());
            }
            let segments = if r.kind == "header" {
                vec![r.path.to_string()]
            } else {
                tokens(r.path).unwrap_or_else(|| {
                    panic!("{}: rule {} has path {:?}", rules.id(), r.id, r.path)
                })
            };
            if r.sensitive {
                if r.kind == "header" {
                    sensitive_headers.push(r.path.to_string());
                } else {
                    sensitive_paths.push(segments.clone());
                }
            }
            let previous = map.insert(r.id.to_string(), (i, r.kind.to_string(), segments));
            assert!(previous.is_none(), "{}: rule id {} twice", rules.id(), r.id);
        }
        Meta {
            id: rules.id().to_string(),
            gates,
            variants: rules.variants().map(String::from).collect(),
            closure,
            rules: map,
            sensitive_paths,
            sensitive_headers,
            warning_rules,
            error_body: rules.error_body(),
            strict,
            text_canaries: {
                let mut set = HashSet::new();
                if let Some(t) = text {
                    canaries_in(t, &mut set);
                }
                set
            },
        }
    }
}

/// Gate dependencies as the rule file declares them, closed transitively.
fn gate_closure(text: &str, gates: &[String]) -> Option<Vec<Vec<usize>>> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let raw = table.get("gate")?.as_array()?;
    let mut closure: Vec<Vec<usize>> = Vec::new();
    for (i, g) in raw.iter().enumerate() {
        let name = g.get("name")?.as_str()?;
        if gates.get(i).map(String::as_str) != Some(name) {
            return None;
        }
        let mut set = vec![i];
        for dep in g
            .get("depends")
            .and_then(|d| d.as_array())
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let d = gates
                .iter()
                .position(|x| Some(x.as_str()) == dep.as_str())?;
            set.extend(closure.get(d)?.iter().copied());
        }
        set.sort_unstable();
        set.dedup();
        closure.push(set);
    }
    (closure.len() == gates.len()).then_some(closure)
}

/// The embedded rule sets, compiled, with their meta (built once).
pub fn embedded() -> &'static [(&'static RuleSet, Meta)] {
    static SETS: OnceLock<Vec<(&'static RuleSet, Meta)>> = OnceLock::new();
    SETS.get_or_init(|| {
        Catalog::embedded()
            .ids()
            .map(|id| {
                let rules = Catalog::embedded().get(id).unwrap();
                let meta = Meta::new(rules, Catalog::embedded().text(id), true);
                assert!(meta.closure.is_some(), "{id}: gate dependencies unread");
                (rules, meta)
            })
            .collect()
    })
}

/// The `check_bytes` target: any bytes. Refused input must be refused with
/// a sound error; an accepted body is checked against every embedded rule
/// set with every header set, and with canaries planted.
pub fn check_bytes(data: &[u8]) {
    let limits = Limits::default();
    let parsed = parse_body(data, &limits);
    let body = match parsed {
        Ok(body) => body,
        Err(e) => {
            assert_input_error(data, &e);
            for (rules, meta) in embedded() {
                let options = CheckOptions::new(today());
                assert_eq!(
                    rules.check_bytes(data, None, &options).err(),
                    Some(e.clone())
                );
                // The report of a refused body: one `input` error at the
                // first gate, failing it and every gate that depends on it.
                let report = rules.input_report(&e);
                assert_eq!(report.findings.len(), 1);
                assert_eq!(&*report.findings[0].code, "input");
                assert_eq!(report.findings[0].message, e.to_string());
                if let Some(closure) = &meta.closure {
                    for (g, verdict) in report.gates.0.iter().enumerate() {
                        assert_eq!(verdict.passed, !closure[g].contains(&0), "{}", meta.id);
                    }
                }
                assert_eq!(report.gates.0.first().map(|g| g.passed), Some(false));
            }
            return;
        }
    };
    assert!(body.is_object(), "parse_body accepted a non-object");
    let text = std::str::from_utf8(data).expect("parse_body accepted non-UTF-8");
    assert_eq!(
        serde_json::from_str::<Value>(text).ok().as_ref(),
        Some(&body),
        "parse_body and serde_json disagree"
    );
    assert!(
        depth(&body) <= 64,
        "parse_body accepted a body deeper than 64"
    );
    // The body as the engine reads the bytes: the first of duplicate keys.
    let first = first_wins(text).expect("JSON serde_json reads");
    let duplicates = has_duplicate_keys(text) == Some(true);
    if !duplicates {
        assert_eq!(first, body, "without duplicates, first and last win alike");
    }
    for (rules, meta) in embedded() {
        // Positions (the costly part: one scan of the text per finding)
        // once per rule set; the header sets only change header findings.
        let options = CheckOptions::new(today());
        for (i, headers) in header_sets().iter().enumerate() {
            let text = (i == 0).then_some(text);
            let report = check_request(rules, meta, &first, text, headers.as_deref(), &options);
            let bytes = rules
                .check_bytes(data, headers.as_deref(), &options)
                .expect("parse_body accepted it above");
            let (a, b) = (format!("{report:?}"), format!("{bytes:?}"));
            if !duplicates {
                // One model: the bytes and their `Value` give one report.
                assert!(
                    a == b,
                    "{}: check and check_bytes differ:\n{a}\n{b}",
                    meta.id
                );
                continue;
            }
            // With a repeated key, `check_bytes` sees what `check` of the
            // first-wins body sees, plus a `duplicate_key` error for each
            // checked member named twice; nothing else differs.
            let others: Vec<String> = bytes
                .findings
                .iter()
                .filter(|f| f.code != "duplicate_key")
                .map(|f| format!("{f:?}"))
                .collect();
            let seen: Vec<String> = report.findings.iter().map(|f| format!("{f:?}")).collect();
            assert!(
                others == seen,
                "{}: duplicates change more than duplicate_key:\n{a}\n{b}",
                meta.id
            );
            for f in bytes.findings.iter().filter(|f| f.code == "duplicate_key") {
                let (parent, key) = f.path.rsplit_once('/').expect("a member pointer");
                let key = key.replace("~1", "/").replace("~0", "~");
                assert!(
                    first
                        .pointer(parent)
                        .and_then(Value::as_object)
                        .is_some_and(|o| o.contains_key(&key)),
                    "{}: duplicate_key at {} names no member",
                    meta.id,
                    f.path
                );
                assert_eq!(
                    f.gate, meta.gates[0],
                    "{}: duplicate_key at the first gate",
                    meta.id
                );
            }
            for (g, v) in bytes.gates.0.iter().enumerate() {
                if v.passed {
                    assert!(
                        report.gates.0[g].passed,
                        "{}: a duplicate passed a gate",
                        meta.id
                    );
                }
            }
        }
        check_private(rules, meta, &first, data.len());
    }
}

/// `text` parsed as the engine reads it: the first of duplicate keys kept
/// (in its place), the later ones dropped. `None` when it is not JSON.
pub fn first_wins(text: &str) -> Option<Value> {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    struct First(Value);
    struct V;
    impl<'de> Deserialize<'de> for First {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V)
        }
    }
    impl<'de> Visitor<'de> for V {
        type Value = First;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, v: bool) -> Result<First, E> {
            Ok(First(Value::Bool(v)))
        }
        fn visit_i64<E>(self, v: i64) -> Result<First, E> {
            Ok(First(Value::from(v)))
        }
        fn visit_u64<E>(self, v: u64) -> Result<First, E> {
            Ok(First(Value::from(v)))
        }
        fn visit_f64<E>(self, v: f64) -> Result<First, E> {
            Ok(First(Value::from(v)))
        }
        fn visit_str<E>(self, v: &str) -> Result<First, E> {
            Ok(First(Value::String(v.to_string())))
        }
        fn visit_unit<E>(self) -> Result<First, E> {
            Ok(First(Value::Null))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<First, A::Error> {
            let mut items = Vec::new();
            while let Some(First(v)) = seq.next_element()? {
                items.push(v);
            }
            Ok(First(Value::Array(items)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<First, A::Error> {
            let mut members = serde_json::Map::new();
            while let Some(k) = map.next_key::<String>()? {
                let First(v) = map.next_value()?;
                members.entry(k).or_insert(v);
            }
            Ok(First(Value::Object(members)))
        }
    }
    serde_json::from_str::<First>(text).ok().map(|f| f.0)
}

/// Nesting depth as `parse_body` counts it: a scalar is 0, `{}` is 1.
pub fn depth(v: &Value) -> usize {
    // Iterative: the generator may build deep values.
    let mut max = 0;
    let mut stack = vec![(v, 0usize)];
    while let Some((v, d)) = stack.pop() {
        match v {
            Value::Array(items) => {
                max = max.max(d + 1);
                stack.extend(items.iter().map(|i| (i, d + 1)));
            }
            Value::Object(map) => {
                max = max.max(d + 1);
                stack.extend(map.values().map(|i| (i, d + 1)));
            }
            _ => max = max.max(d),
        }
    }
    max
}

/// A refusal: positioned within the text, 1-based, and consistent with
/// what serde_json says of the same bytes.
pub fn assert_input_error(data: &[u8], e: &InputError) {
    let message = e.to_string();
    assert!(!message.is_empty());
    if let Some((line, column)) = e.position() {
        let lines = data.iter().filter(|b| **b == b'\n').count() + 1;
        assert!(
            line >= 1 && line <= lines,
            "{e:?}: line {line} outside 1..={lines}"
        );
        assert!(column >= 1, "{e:?}: column {column} is not 1-based");
    }
    let parsed = std::str::from_utf8(data)
        .ok()
        .filter(|t| !t.starts_with('\u{feff}'))
        .map(serde_json::from_str::<Value>);
    match e {
        InputError::Syntax { .. } => assert!(
            matches!(parsed, Some(Err(_))),
            "{e:?} for JSON serde_json reads"
        ),
        InputError::NotAnObject { .. } => assert!(
            matches!(&parsed, Some(Ok(v)) if !v.is_object()),
            "{e:?} but serde_json reads {parsed:?}"
        ),
        InputError::TooDeep { max, .. } => {
            if let Some(Ok(v)) = &parsed {
                assert!(depth(v) > *max, "{e:?} for a value {} deep", depth(v));
            }
        }
        InputError::NotUtf8 { .. } => assert!(std::str::from_utf8(data).is_err()),
        _ => {}
    }
}

/// Check `body` (with `headers`) against `rules` and assert every invariant.
/// `text`, when given, is the JSON text `body` was parsed from, used for
/// `line:column` positions.
pub fn check_request<'r>(
    rules: &'r RuleSet,
    meta: &Meta,
    body: &Value,
    text: Option<&str>,
    headers: Option<&[(String, String)]>,
    options: &CheckOptions,
) -> Report<'r> {
    let mut request = Request::new(body);
    request.headers = headers.map(<[_]>::to_vec);
    let report = rules.check(&request, options);
    let again = rules.check_json(body, headers, options);
    let (a, b) = (format!("{report:?}"), format!("{again:?}"));
    assert!(a == b, "{}: two checks differ:\n{a}\n{b}", meta.id);
    // What `check_bytes` would refuse, `check` refuses alike: the input
    // report of the same error (a value has no text, so a too-deep one
    // has its own, unpositioned, error).
    let max = options.limits.max_depth;
    let refusal = match body {
        Value::Object(_) if depth(body) > max => Some(InputError::ValueTooDeep { max }),
        Value::Object(_) => None,
        Value::Array(_) => Some(InputError::NotAnObject { found: "an array" }),
        Value::String(_) => Some(InputError::NotAnObject { found: "a string" }),
        Value::Number(_) => Some(InputError::NotAnObject { found: "a number" }),
        Value::Bool(_) => Some(InputError::NotAnObject { found: "a boolean" }),
        Value::Null => Some(InputError::NotAnObject { found: "null" }),
    };
    if let Some(e) = refusal {
        let expected = format!("{:?}", rules.input_report(&e));
        assert!(
            a == expected,
            "{}: not refused as check_bytes would:\n{a}",
            meta.id
        );
        return report;
    }
    assert_report(meta, body, headers, options, &report);
    let outputs = render_all(rules, meta, &report, body, text);
    assert_no_leak(meta, body, headers, &outputs);
    report
}

fn assert_report(
    meta: &Meta,
    body: &Value,
    headers: Option<&[(String, String)]>,
    options: &CheckOptions,
    r: &Report,
) {
    let id = &meta.id;
    assert_eq!(&r.rule_set, id);
    let names: Vec<&str> = r.gates.0.iter().map(|g| &*g.name).collect();
    assert_eq!(names, meta.gates, "{id}: gates");
    if let Some(v) = &r.variant {
        assert!(
            meta.variants.iter().any(|m| m == v),
            "{id}: variant {v} not declared"
        );
    }
    assert_eq!(
        r.headers_checked,
        headers.is_some(),
        "{id}: headers_checked"
    );

    let mut seen_body = false;
    let mut last_order: Option<(Vec<u32>, usize)> = None;
    let duplicate_rule = format!("{id}#duplicate-key");
    let limit_rule = format!("{id}#limit-items");
    let findings_rule = format!("{id}#limit-findings");
    let line_break_rule = format!("{id}#header-line-break");
    // Bounded output: the findings limit, plus its own error.
    assert!(
        r.findings.len() <= options.limits.max_findings + 1,
        "{id}: {} findings over the limit of {}",
        r.findings.len(),
        options.limits.max_findings
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule == findings_rule)
            .count(),
        usize::from(r.findings.len() > options.limits.max_findings),
        "{id}: limit.findings exactly when the limit was passed"
    );
    let synthetic = (usize::MAX, "synthetic".to_string(), Vec::new());
    for f in &r.findings {
        let what = format!("{id}: finding {} {} at {:?}", f.rule, f.code, f.path);
        let (rule_index, kind, segments) = if f.rule == findings_rule || f.rule == line_break_rule {
            // The engine's own: past `Limits::max_findings` (at the root),
            // a header value with CR or LF (never quoting it). Errors of
            // the first gate.
            let code = if f.rule == findings_rule {
                assert_eq!(
                    (f.location, f.path.as_str()),
                    (Location::Body, ""),
                    "{what}"
                );
                "limit.findings"
            } else {
                assert_eq!(f.location, Location::Header, "{what}");
                let value = headers
                    .unwrap_or_default()
                    .iter()
                    .find(|(n, v)| n.to_ascii_lowercase() == f.path && v.contains(['\r', '\n']));
                assert!(value.is_some(), "{what}: no such header value");
                "header.line_break"
            };
            assert_eq!(&*f.code, code, "{what}");
            assert_eq!(
                Some(&*f.gate),
                meta.gates.first().map(String::as_str),
                "{what}"
            );
            assert_eq!(f.severity, Severity::Error, "{what}");
            &synthetic
        } else if f.rule == duplicate_rule || f.rule == limit_rule {
            // The engine's own findings: a key named twice, an array over
            // `Limits::max_items`. Errors of the first gate, in the body.
            let code = if f.rule == duplicate_rule {
                "duplicate_key"
            } else {
                "limit.items"
            };
            assert_eq!(&*f.code, code, "{what}");
            assert_eq!(
                Some(&*f.gate),
                meta.gates.first().map(String::as_str),
                "{what}"
            );
            assert_eq!(f.severity, Severity::Error, "{what}");
            assert_eq!(f.location, Location::Body, "{what}");
            if code == "limit.items" {
                let items = body
                    .pointer(&f.path)
                    .and_then(Value::as_array)
                    .map(Vec::len);
                assert!(
                    items.is_some_and(|n| n > options.limits.max_items) || !meta.strict,
                    "{what}: {items:?} items, limit {}",
                    options.limits.max_items
                );
            }
            &synthetic
        } else {
            meta.rules
                .get(&*f.rule)
                .unwrap_or_else(|| panic!("{what}: unknown rule"))
        };
        assert!(
            meta.gates.iter().any(|g| *g == f.gate),
            "{what}: gate {}",
            f.gate
        );
        assert!(!f.code.is_empty(), "{what}: empty code");
        assert!(!f.message.is_empty(), "{what}: empty message");
        // A warning comes from a format that warns, or from a rule marked
        // `severity = "warning"`, whose every finding is one.
        if meta.warning_rules.contains(&*f.rule) {
            assert_eq!(f.severity, Severity::Warning, "{what}: a warning rule");
        } else if f.severity == Severity::Warning {
            assert!(WARNING_CODES.contains(&&*f.code), "{what}: a warning");
        }
        match f.location {
            Location::Header => {
                assert!(headers.is_some(), "{what}: header finding without headers");
                assert!(!seen_body, "{what}: header finding after a body finding");
                if kind != "synthetic" {
                    assert_eq!(kind, "header", "{what}: header finding of a {kind} rule");
                    assert_eq!(
                        segments.first(),
                        Some(&f.path),
                        "{what}: not its rule's header"
                    );
                }
            }
            Location::Body => {
                seen_body = true;
                assert_ne!(kind, "header", "{what}: body finding of a header rule");
                let toks = tokens(&f.path).unwrap_or_else(|| panic!("{what}: not a JSON Pointer"));
                let matches = |n: usize| {
                    segments.iter().zip(&toks).take(n).all(|(s, t)| {
                        if s == "*" {
                            index(t).is_some()
                        } else {
                            s == t
                        }
                    })
                };
                if kind == "synthetic" {
                    // Checked above.
                } else if kind == "field" {
                    assert!(
                        toks.len() == segments.len() && matches(toks.len()),
                        "{what}: not the rule's path {segments:?}"
                    );
                } else {
                    assert!(
                        toks.len() >= segments.len() && matches(segments.len()),
                        "{what}: not at or below the rule's path {segments:?}"
                    );
                }
                if meta.strict {
                    let resolves = body.pointer(&f.path).is_some();
                    let parent = f.path.rfind('/').map_or("", |at| &f.path[..at]);
                    assert!(
                        resolves || body.pointer(parent).is_some(),
                        "{what}: neither the pointer nor its parent resolves"
                    );
                    let key = (order_key(body, &toks), *rule_index);
                    if let Some(last) = &last_order {
                        assert!(
                            *last <= key,
                            "{what}: out of order (after {last:?}, this is {key:?})"
                        );
                    }
                    last_order = Some(key);
                }
            }
        }
    }

    // Gates.
    let failing: HashSet<usize> = r
        .errors()
        .filter_map(|f| meta.gates.iter().position(|g| *g == f.gate))
        .collect();
    for (i, g) in r.gates.0.iter().enumerate() {
        if failing.contains(&i) {
            assert!(
                !g.passed,
                "{id}: gate {} passes with an error of its own",
                g.name
            );
        }
        if let Some(closure) = &meta.closure {
            let expected = !closure[i].iter().any(|d| failing.contains(d));
            assert_eq!(
                g.passed, expected,
                "{id}: gate {} (depends on {:?}, failing {failing:?})",
                g.name, closure[i]
            );
        }
        assert_eq!(r.gate(&g.name), Some(g.passed));
    }
    let first = r.gates.0.first().expect("a rule set has a gate");
    assert_eq!(first.passed, !failing.contains(&0), "{id}: first gate");
    if failing.is_empty() {
        assert!(
            r.gates.0.iter().all(|g| g.passed),
            "{id}: a gate fails without errors"
        );
    }
    let all = r.gates.0.iter().all(|g| g.passed);
    assert_eq!(r.passes(&[]), Ok(all));
    assert_eq!(r.gate("no such gate \u{1}"), None);
    let unknown = ["no such gate \u{1}".to_string()];
    assert!(r.passes(&unknown).is_err());
}

/// The engine's sort key of a body finding: per segment, the member's
/// position in its object (or the item's index), `u32::MAX` when missing.
fn order_key(body: &Value, toks: &[String]) -> Vec<u32> {
    let mut here = Some(body);
    let mut key = Vec::with_capacity(toks.len());
    for t in toks {
        let (ordinal, next) = match here {
            Some(Value::Object(map)) => (map.keys().position(|k| k == t), map.get(t.as_str())),
            Some(Value::Array(items)) => match index(t).filter(|i| *i < items.len()) {
                Some(i) => (Some(i), items.get(i)),
                None => (None, None),
            },
            _ => (None, None),
        };
        key.push(ordinal.map_or(u32::MAX, |o| u32::try_from(o).unwrap_or(u32::MAX)));
        here = next;
    }
    key
}

/// Every rendering of `report`, each checked against it.
fn render_all(
    rules: &RuleSet,
    meta: &Meta,
    report: &Report,
    body: &Value,
    text: Option<&str>,
) -> Vec<String> {
    let id = &meta.id;
    let mut outputs = Vec::new();

    let json = serde_json::to_string(report).unwrap();
    // One line, and no raw C0 control byte (serde_json escapes them).
    assert!(
        !json.bytes().any(|b| b < 0x20),
        "{id}: a raw control byte in the JSON report"
    );
    let back: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(back["rule_set"], Value::from(id.as_str()));
    assert_eq!(
        back["findings"].as_array().map(Vec::len),
        Some(report.findings.len()),
        "{id}: JSON findings"
    );
    assert_eq!(
        back["gates"].as_object().map(|m| m.len()),
        Some(report.gates.0.len()),
        "{id}: JSON gates"
    );
    for (f, j) in report
        .findings
        .iter()
        .zip(back["findings"].as_array().unwrap())
    {
        assert_eq!(j["path"], Value::from(f.path.as_str()));
        assert_eq!(j["code"], Value::from(&*f.code));
        assert_eq!(j["gate"], Value::from(&*f.gate));
    }
    outputs.push(json);

    let texts = if text.is_some() {
        vec![text, None]
    } else {
        vec![None]
    };
    for t in texts {
        let out = human::render(report, "payload.json", t);
        // Terminal-safe: no control character (but the report's own line
        // breaks) and no bidi override, whatever the payload holds.
        if let Some(c) = out.chars().find(|&c| c != '\n' && human::is_unsafe_char(c)) {
            panic!("{id}: the human report prints {c:?} raw:\n{out:?}");
        }
        let last = out.lines().last().unwrap_or_default();
        assert!(
            last.starts_with("gates: "),
            "{id}: human report ends with {last:?}"
        );
        for g in &report.gates.0 {
            let verdict = format!("{} {}", g.name, if g.passed { "ok" } else { "FAIL" });
            assert!(
                last.contains(&verdict),
                "{id}: {verdict} missing from {last:?}"
            );
        }
        if report.findings.is_empty() {
            assert!(out.contains("\nno findings\n"), "{id}: `no findings`");
        } else if meta.strict {
            assert!(!out.contains("\nno findings\n"), "{id}: `no findings`");
        }
        if meta.strict {
            assert_eq!(
                out.matches("\n      rule ").count(),
                report.findings.len(),
                "{id}: the human report prints each finding once:\n{out}"
            );
        }
        outputs.push(out);
    }

    if let Some(text) = text {
        let body_findings: Vec<&kyc_preflight::Finding> = report
            .findings
            .iter()
            .filter(|f| f.location == Location::Body)
            .collect();
        let pointers: Vec<&str> = body_findings.iter().map(|f| f.path.as_str()).collect();
        let located = locate::locate_all(text, &pointers);
        assert_eq!(located.len(), pointers.len());
        // locate_all (one pass for all) agrees with locate (one pointer),
        // on a few of the pointers and on pointers below and beside them.
        // (Each `locate` scans the whole text: only on texts up to 256 KB.)
        let mut probes: Vec<String> = Vec::new();
        let probed = if text.len() <= 256 * 1024 { 4 } else { 0 };
        for p in pointers.iter().take(probed) {
            probes.push(p.to_string());
            probes.push(format!("{p}/0"));
            probes.push(format!("{p}/x"));
            if let Some(cut) = p.rfind('/') {
                probes.push(p[..cut].to_string());
            }
        }
        let probe_refs: Vec<&str> = probes.iter().map(String::as_str).collect();
        for (p, l) in probe_refs.iter().zip(locate::locate_all(text, &probe_refs)) {
            assert_eq!(
                l,
                locate::locate(text, p),
                "{id}: locate_all and locate differ on {p}"
            );
        }
        for (n, (f, l)) in body_findings.iter().zip(&located).enumerate() {
            let l = l.unwrap_or_else(|| panic!("{id}: {} not located in the text", f.path));
            let target = body.pointer(&f.path);
            assert_eq!(l.exact, target.is_some(), "{id}: {} exact", f.path);
            let rest = text
                .get(l.offset..)
                .unwrap_or_else(|| panic!("{id}: {} offset off a char boundary", f.path));
            assert!(
                rest.starts_with(['{', '[', '"', 't', 'f', 'n', '-'])
                    || rest.starts_with(|c: char| c.is_ascii_digit()),
                "{id}: {} located at {:?}",
                f.path,
                rest.chars().take(10).collect::<String>()
            );
            assert!(l.position.line >= 1 && l.position.column >= 1);
            // (Parsing the value there: for the first few findings.)
            if let Some(target) = target.filter(|_| n < 16) {
                let found = serde_json::Deserializer::from_str(rest)
                    .into_iter::<Value>()
                    .next();
                if let Some(Ok(found)) = found {
                    assert_eq!(&found, target, "{id}: {} located at another value", f.path);
                }
            }
        }
    }

    if let Some(style) = rules.error_body() {
        let first = report.gates.0.first().unwrap();
        let answer = provider::render(report, style);
        assert_eq!(answer.is_none(), first.passed, "{id}: provider body");
        if let Some(answer) = answer {
            let count = report.errors().filter(|f| f.gate == first.name).count();
            assert!(
                count > 0,
                "{id}: first gate fails without an error of its own"
            );
            let listed = match style {
                ErrorBody::Kira => answer["details"].as_array().map(Vec::len),
                ErrorBody::Immersve | ErrorBody::Generic => {
                    answer["errors"].as_array().map(Vec::len)
                }
                ErrorBody::UnDosTres => answer["err"]["hints"].as_array().map(Vec::len),
                _ => Some(count),
            };
            assert_eq!(listed, Some(count), "{id}: provider body lists {answer}");
            outputs.push(answer.to_string());
        }
    }
    assert_eq!(meta.error_body, rules.error_body());
    outputs
}

/// Canary tokens: `Zq` four digits `x`.
pub fn canary(n: usize) -> String {
    format!("Zq{:04}x", n % 10_000)
}

fn canaries_in(s: &str, out: &mut HashSet<String>) {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(at) = s.get(i..).and_then(|r| r.find("Zq")) {
        let start = i + at;
        let end = start + 7;
        if let Some(window) = b.get(start..end) {
            if window[2..6].iter().all(u8::is_ascii_digit) && window[6] == b'x' {
                out.insert(s[start..end].to_string());
            }
        }
        i = start + 2;
    }
}

/// Every value at `segments` (`*` every item) that exists in `body`.
fn expand<'v>(body: &'v Value, segments: &[String]) -> Vec<&'v Value> {
    let mut here = vec![body];
    for seg in segments {
        let mut next = Vec::new();
        for v in here {
            match v {
                Value::Array(items) if seg == "*" => next.extend(items.iter()),
                Value::Object(map) if seg != "*" => next.extend(map.get(seg.as_str())),
                _ => {}
            }
        }
        here = next;
    }
    here
}

fn strings_in<'v>(v: &'v Value, out: &mut Vec<&'v str>, keys: &mut Vec<&'v str>) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) => out.push(s),
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(map) => {
                keys.extend(map.keys().map(String::as_str));
                stack.extend(map.values());
            }
            _ => {}
        }
    }
}

/// No output contains a canary that appears only in sensitive values (and
/// sensitive headers): not in a key, a non-sensitive value or the rule file.
fn assert_no_leak(
    meta: &Meta,
    body: &Value,
    headers: Option<&[(String, String)]>,
    outputs: &[String],
) {
    let mut sensitive = HashSet::new();
    let mut open = HashSet::new();
    let mut all_strings = Vec::new();
    let mut keys = Vec::new();
    strings_in(body, &mut all_strings, &mut keys);
    let mut secret_strings = Vec::new();
    for segments in &meta.sensitive_paths {
        for v in expand(body, segments) {
            let mut k = Vec::new();
            strings_in(v, &mut secret_strings, &mut k);
        }
    }
    for s in &secret_strings {
        canaries_in(s, &mut sensitive);
    }
    for (name, value) in headers.unwrap_or_default() {
        if meta
            .sensitive_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
        {
            canaries_in(value, &mut sensitive);
        }
    }
    if sensitive.is_empty() {
        return;
    }
    // Canaries anywhere else may be printed.
    let secret_set: HashSet<*const str> = secret_strings.iter().map(|s| *s as *const str).collect();
    for s in all_strings {
        if !secret_set.contains(&(s as *const str)) {
            canaries_in(s, &mut open);
        }
    }
    for k in keys {
        canaries_in(k, &mut open);
    }
    open.extend(meta.text_canaries.iter().cloned());
    for (name, value) in headers.unwrap_or_default() {
        if !meta
            .sensitive_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name))
        {
            canaries_in(value, &mut open);
        }
        canaries_in(name, &mut open);
    }
    for out in outputs {
        let mut printed = HashSet::new();
        canaries_in(out, &mut printed);
        for token in printed {
            assert!(
                !sensitive.contains(&token) || open.contains(&token),
                "{}: sensitive value with {token} printed:\n{out}",
                meta.id
            );
        }
    }
}

/// Plant a canary in every sensitive string value (replacing it, or before
/// or after it, by `mode`) and every sensitive header, check with all
/// renderers, and assert that none prints one.
pub fn check_private(rules: &RuleSet, meta: &Meta, body: &Value, mode: usize) -> usize {
    let mut planted = body.clone();
    let mut n = 0usize;
    for segments in &meta.sensitive_paths {
        plant(&mut planted, segments, mode, &mut n);
    }
    let headers: Vec<(String, String)> = meta
        .sensitive_headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.clone(), format!("Bearer {}", canary(9000 + i))))
        .collect();
    let options = CheckOptions::new(today());
    check_request(rules, meta, &planted, None, Some(&headers), &options);
    n
}

fn plant(v: &mut Value, segments: &[String], mode: usize, n: &mut usize) {
    let Some((seg, rest)) = segments.split_first() else {
        if let Value::String(s) = v {
            let c = canary(*n);
            *n += 1;
            *s = match mode % 3 {
                0 => c,
                1 => format!("{s}{c}"),
                _ => format!("{c}{s}"),
            };
        }
        return;
    };
    match v {
        Value::Array(items) if seg == "*" => {
            for item in items {
                plant(item, rest, mode, n);
            }
        }
        Value::Object(map) if seg != "*" => {
            if let Some(child) = map.get_mut(seg.as_str()) {
                plant(child, rest, mode, n);
            }
        }
        _ => {}
    }
}

/// The `rule_file` targets: any text. A refused file has problems, each at
/// a real `line:column`; a compiled one checks probe payloads soundly.
pub fn check_rule_text(text: &str, extra_bodies: &[&Value]) {
    match RuleSet::from_toml("fuzz.toml", text) {
        Err(e) => {
            assert!(
                !e.problems.is_empty(),
                "a refused rule file lists no problem"
            );
            let lines = text.split('\n').count();
            for p in &e.problems {
                assert!(p.line >= 1 && p.line <= lines, "{p:?}: outside 1..={lines}");
                assert!(p.column >= 1, "{p:?}: column is not 1-based");
                assert!(!p.message.is_empty());
            }
            assert!(!e.to_string().is_empty());
        }
        Ok(rules) => {
            assert!(
                rules.gates().next().is_some(),
                "a compiled rule set without gates"
            );
            let _ = (
                rules.title(),
                rules.source(),
                rules.provider(),
                rules.endpoint(),
            );
            let _ = rules.gate_descriptions().count() + rules.variant_descriptions().count();
            let meta = Meta::new(&rules, Some(text), false);
            let mut bodies = probe_bodies(&rules);
            bodies.extend(extra_bodies.iter().map(|b| (*b).clone()));
            let headers = header_sets();
            let options = CheckOptions::new(today());
            for (i, body) in bodies.iter().enumerate() {
                let text = serde_json::to_string_pretty(body).unwrap();
                let h = headers[i % headers.len()].as_deref();
                check_request(&rules, &meta, body, Some(&text), h, &options);
                let fast = rules.check_str(&text, h, &options);
                if let Ok(fast) = fast {
                    let report = rules.check_json(body, h, &options);
                    assert_eq!(format!("{fast:?}"), format!("{report:?}"));
                }
            }
            if let Some(body) = bodies.last() {
                check_private(&rules, &meta, body, text.len());
            }
        }
    }
}

/// `{}`, and payloads with a value at every field rule's path (`*` one
/// item): strings, numbers, and a data URI.
pub fn probe_bodies(rules: &RuleSet) -> Vec<Value> {
    let mut out = vec![Value::Object(Default::default())];
    let leaves = [
        Value::from("x"),
        Value::from(1),
        Value::from("data:image/png;base64,iVBORw0KGgo="),
    ];
    for leaf in leaves {
        let mut body = Value::Object(Default::default());
        for r in rules.rules().filter(|r| r.kind != "header") {
            if let Some(segments) = tokens(r.path) {
                let leaf = if r.kind == "collection" {
                    Value::Array(vec![Value::Object(Default::default())])
                } else {
                    leaf.clone()
                };
                set_path(&mut body, &segments, leaf);
            }
        }
        out.push(body);
    }
    out
}

/// Put `leaf` at `segments` (`*` = item 0), making objects and arrays on
/// the way; gives up where a scalar is in the way.
pub fn set_path(body: &mut Value, segments: &[String], leaf: Value) {
    let Some((seg, rest)) = segments.split_first() else {
        *body = leaf;
        return;
    };
    if seg == "*" {
        if let Value::Null = body {
            *body = Value::Array(Vec::new());
        }
        if let Value::Array(items) = body {
            if items.is_empty() {
                items.push(Value::Null);
            }
            set_path(&mut items[0], rest, leaf);
        }
    } else {
        if let Value::Null = body {
            *body = Value::Object(Default::default());
        }
        if let Value::Object(map) = body {
            let child = map.entry(seg.clone()).or_insert(Value::Null);
            set_path(child, rest, leaf);
        }
    }
}

/// Does the JSON `text` have an object that names a key twice (after
/// unescaping)? `None` when it is not JSON.
pub fn has_duplicate_keys(text: &str) -> Option<bool> {
    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    struct Dup(bool);
    struct V;
    impl<'de> Deserialize<'de> for Dup {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(V)
        }
    }
    impl<'de> Visitor<'de> for V {
        type Value = Dup;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_str<E>(self, _: &str) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_unit<E>(self) -> Result<Dup, E> {
            Ok(Dup(false))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Dup, A::Error> {
            let mut dup = false;
            while let Some(Dup(d)) = seq.next_element()? {
                dup |= d;
            }
            Ok(Dup(dup))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dup, A::Error> {
            let mut keys = HashSet::new();
            let mut dup = false;
            while let Some(k) = map.next_key::<String>()? {
                dup |= !keys.insert(k);
                let Dup(d) = map.next_value()?;
                dup |= d;
            }
            Ok(Dup(dup))
        }
    }
    serde_json::from_str::<Dup>(text).ok().map(|d| d.0)
}
