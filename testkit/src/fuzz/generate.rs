//! Structure-aware generators, driven by a byte [`Source`].
//!
//! - [`json_case`]: start from a real payload (a valid fixture, an invalid
//!   fixture's patched body, a Kira example, or `{}`) and apply up to a
//!   dozen mutations: delete, replace (wrong types, huge and fractional
//!   numbers, long and odd Unicode strings, near-valid identifiers, dates
//!   around the 18-year and expiry boundaries, data URIs with random or
//!   magic-byte payloads, oversized ones rarely), set a value at any rule
//!   path of the rule set (making the objects and arrays on the way), insert
//!   keys the rule files use, resize arrays, copy subtrees between
//!   payloads, reorder members, wrap, unwrap, nest deep (past the 64 and
//!   128 limits), plant canaries in sensitive fields. Headers come from
//!   fixed sets, the fixtures, or are generated.
//! - [`rule_text`]: start from a real rule file and mutate it as data (TOML
//!   → JSON value → the same mutations with the rule files' own keys and
//!   values → TOML) and as text (lines deleted, duplicated, swapped, lines
//!   of the rule language inserted, tokens replaced, truncation), including
//!   deep rule paths, many gates and variants, NaN and infinite bounds and
//!   odd regexes.
//!
//! Everything here is deterministic in the bytes of the source.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde_json::{Map, Number, Value};

use super::invariants::{canary, header_sets, Headers};

/// A stream of bytes that decides every choice; zeros once exhausted.
pub trait Source {
    /// The next byte, or 0.
    fn byte(&mut self) -> u8;
    /// No bytes left.
    fn is_empty(&self) -> bool;
    /// May the generators make huge values (a 1,000,000-character string,
    /// a 20,000-item array, a 16 MB data URI)? Yes for the fuzzers; not in
    /// the bounded CI run, where a debug build takes seconds on each.
    fn huge(&self) -> bool {
        true
    }

    /// A number in `0..n` (0 when `n` is 0 or 1).
    fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let mut value: u64 = 0;
        let mut span: u64 = 1;
        let mut rounds = 0;
        while span < n as u64 && rounds < 4 {
            value = (value << 8) | u64::from(self.byte());
            span = span.saturating_mul(256);
            rounds += 1;
        }
        (value % n as u64) as usize
    }

    /// True one time in `n`.
    fn one_in(&mut self, n: u8) -> bool {
        self.byte().is_multiple_of(n.max(1))
    }

    /// An item of `items` (`None` when empty).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        items.get(self.below(items.len()))
    }

    /// `n` raw bytes.
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.byte()).collect()
    }
}

/// A [`Source`] over a byte slice.
pub struct ByteSource<'a> {
    data: &'a [u8],
    pos: usize,
    huge: bool,
}

impl<'a> ByteSource<'a> {
    /// As the fuzzers read their input (huge values allowed).
    pub fn new(data: &'a [u8]) -> Self {
        Self {
            data,
            pos: 0,
            huge: true,
        }
    }

    /// For a time-boxed run: no huge values.
    pub fn bounded(data: &'a [u8]) -> Self {
        Self {
            huge: false,
            ..Self::new(data)
        }
    }
}

impl Source for ByteSource<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }
    fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }
    fn huge(&self) -> bool {
        self.huge
    }
}

/// A payload to start from.
pub struct Base {
    /// The rule set it is for.
    pub rule_set: String,
    /// Where it comes from.
    pub name: String,
    pub body: Value,
}

/// Keys, values and paths the mutations draw from.
#[derive(Default)]
pub struct Dict {
    pub keys: Vec<String>,
    pub strings: Vec<String>,
    pub numbers: Vec<Value>,
    /// Paths (`*` = an array item) where values matter.
    pub paths: Vec<Vec<String>>,
}

/// Everything the generators use, read once from the repository.
pub struct Corpus {
    pub bases: Vec<Base>,
    /// Per embedded rule set id: a dictionary whose paths are its rules'.
    pub payload_dicts: Vec<(String, Dict)>,
    /// Sensitive field paths per rule set id.
    pub sensitive: Vec<(String, Vec<Vec<String>>)>,
    pub header_sets: Vec<Vec<(String, String)>>,
    pub header_names: Vec<String>,
    pub header_values: Vec<String>,
    /// `(id, text)` of every embedded rule file, plus a minimal one.
    pub rule_texts: Vec<(String, String)>,
    pub toml_dict: Dict,
}

/// The corpus of the repository at `root` (read once per process).
pub fn corpus(root: &Path) -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus::load(root))
}

fn sorted_files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| x == ext));
    out.sort();
    out
}

fn sorted_dirs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    out.retain(|p| p.is_dir());
    out.sort();
    out
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Apply an RFC 6902 patch (the ops the fixtures use: add, remove,
/// replace, move); `None` when an op does not apply.
pub fn apply_patch(body: &mut Value, patch: &Value) -> Option<()> {
    for op in patch.as_array()? {
        let path = op.get("path")?.as_str()?;
        match op.get("op")?.as_str()? {
            "add" => add(body, path, op.get("value")?.clone())?,
            "remove" => {
                take(body, path)?;
            }
            "replace" => *body.pointer_mut(path)? = op.get("value")?.clone(),
            "move" => {
                let v = take(body, op.get("from")?.as_str()?)?;
                add(body, path, v)?;
            }
            _ => return None,
        }
    }
    Some(())
}

fn split_pointer(path: &str) -> Option<(&str, String)> {
    let (parent, last) = path.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

fn add(body: &mut Value, path: &str, value: Value) -> Option<()> {
    let (parent, key) = split_pointer(path)?;
    match body.pointer_mut(parent)? {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(items) => {
            let at = if key == "-" {
                items.len()
            } else {
                key.parse().ok()?
            };
            if at > items.len() {
                return None;
            }
            items.insert(at, value);
        }
        _ => return None,
    }
    Some(())
}

fn take(body: &mut Value, path: &str) -> Option<Value> {
    let (parent, key) = split_pointer(path)?;
    match body.pointer_mut(parent)? {
        Value::Object(map) => map.shift_remove(&key),
        Value::Array(items) => {
            let at: usize = key.parse().ok()?;
            (at < items.len()).then(|| items.remove(at))
        }
        _ => None,
    }
}

/// Collect object keys and string and number values of `v`.
fn harvest(
    v: &Value,
    keys: &mut BTreeSet<String>,
    strings: &mut BTreeSet<String>,
    numbers: &mut Vec<Value>,
) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    keys.insert(k.clone());
                    stack.push(v);
                }
            }
            Value::Array(items) => stack.extend(items.iter()),
            Value::String(s) if s.len() <= 256 => {
                strings.insert(s.clone());
            }
            Value::Number(_) if numbers.len() < 512 && !numbers.contains(v) => {
                numbers.push(v.clone())
            }
            _ => {}
        }
    }
}

fn rule_path_segments(path: &str) -> Vec<String> {
    super::invariants::tokens(path).unwrap_or_default()
}

impl Corpus {
    pub fn load(root: &Path) -> Corpus {
        let mut bases = Vec::new();
        let mut header_sets_found: Vec<Vec<(String, String)>> = Vec::new();
        let fixtures = root.join("tests/fixtures");
        for provider in sorted_dirs(&fixtures) {
            for endpoint in sorted_dirs(&provider) {
                let id = format!(
                    "{}/{}",
                    provider.file_name().unwrap().to_string_lossy(),
                    endpoint.file_name().unwrap().to_string_lossy()
                );
                for file in sorted_files(&endpoint.join("valid"), "json") {
                    if let Some(body) = read_json(&file) {
                        bases.push(Base {
                            rule_set: id.clone(),
                            name: file.display().to_string(),
                            body,
                        });
                    }
                }
                for file in sorted_files(&endpoint.join("invalid"), "json") {
                    let Some(fixture) = read_json(&file) else {
                        continue;
                    };
                    if let Some(h) = fixture.get("headers").and_then(Value::as_object) {
                        header_sets_found.push(
                            h.iter()
                                .map(|(k, v)| {
                                    (k.clone(), v.as_str().unwrap_or_default().to_string())
                                })
                                .collect(),
                        );
                    }
                    let Some(base) = fixture.get("base").and_then(Value::as_str) else {
                        continue;
                    };
                    let Some(mut body) = read_json(&endpoint.join("valid").join(base)) else {
                        continue;
                    };
                    if let Some(patch) = fixture.get("patch") {
                        if apply_patch(&mut body, patch).is_none() {
                            continue;
                        }
                    }
                    bases.push(Base {
                        rule_set: id.clone(),
                        name: file.display().to_string(),
                        body,
                    });
                }
            }
        }
        for file in sorted_files(&root.join("examples/kira"), "json") {
            if let Some(body) = read_json(&file) {
                bases.push(Base {
                    rule_set: "kira/create-user".to_string(),
                    name: file.display().to_string(),
                    body,
                });
            }
        }

        // Dictionaries: fixture keys and values, rule files' paths and values.
        let mut keys = BTreeSet::new();
        let mut strings = BTreeSet::new();
        let mut numbers = special_numbers();
        for b in &bases {
            harvest(&b.body, &mut keys, &mut strings, &mut numbers);
        }
        let mut toml_keys = BTreeSet::new();
        let mut toml_strings = BTreeSet::new();
        let mut toml_numbers = Vec::new();
        let mut rule_texts = Vec::new();
        let mut payload_dicts = Vec::new();
        let mut sensitive = Vec::new();
        let mut header_names: BTreeSet<String> = BTreeSet::new();
        for id in kyc_preflight::Catalog::embedded().ids() {
            let text = kyc_preflight::Catalog::embedded()
                .text(id)
                .unwrap_or_default();
            rule_texts.push((id.to_string(), text.to_string()));
            if let Ok(table) = toml::from_str::<toml::Table>(text) {
                if let Ok(v) = serde_json::to_value(&table) {
                    harvest(&v, &mut toml_keys, &mut toml_strings, &mut toml_numbers);
                }
            }
            let rules = kyc_preflight::Catalog::embedded().get(id).unwrap();
            let mut paths = Vec::new();
            let mut secret = Vec::new();
            for r in rules.rules() {
                if r.kind == "header" {
                    header_names.insert(r.path.to_string());
                    continue;
                }
                let segments = rule_path_segments(r.path);
                for s in &segments {
                    if s != "*" {
                        keys.insert(s.clone());
                    }
                }
                if r.sensitive {
                    secret.push(segments.clone());
                }
                paths.push(segments);
            }
            sensitive.push((id.to_string(), secret));
            payload_dicts.push((id.to_string(), paths));
        }
        // Rule-file strings are payload values too (enum values, sets).
        for s in &toml_strings {
            if s.len() <= 64 && !s.contains(' ') {
                strings.insert(s.clone());
            }
        }
        strings.extend(IDENTIFIERS.iter().map(|s| s.to_string()));
        let keys: Vec<String> = keys.into_iter().collect();
        let strings: Vec<String> = strings.into_iter().collect();
        let payload_dicts = payload_dicts
            .into_iter()
            .map(|(id, paths)| {
                (
                    id,
                    Dict {
                        keys: keys.clone(),
                        strings: strings.clone(),
                        numbers: numbers.clone(),
                        paths,
                    },
                )
            })
            .collect();

        rule_texts.push(("mini".to_string(), MINI_RULES.to_string()));
        toml_strings.extend(TOML_STRINGS.iter().map(|s| s.to_string()));
        for f in kyc_preflight::formats::Format::ALL {
            toml_strings.insert(f.name().to_string());
        }
        toml_numbers.extend(special_numbers());
        let toml_dict = Dict {
            keys: toml_keys.into_iter().collect(),
            strings: toml_strings.into_iter().collect(),
            numbers: toml_numbers,
            paths: TOML_PATHS
                .iter()
                .map(|p| p.split('/').map(String::from).collect())
                .collect(),
        };

        let mut header_values: BTreeSet<String> = BTreeSet::new();
        for set in header_sets()
            .into_iter()
            .flatten()
            .chain(header_sets_found.clone())
        {
            for (n, v) in set {
                header_names.insert(n.to_ascii_lowercase());
                header_values.insert(v);
            }
        }
        Corpus {
            bases,
            payload_dicts,
            sensitive,
            header_sets: header_sets_found,
            header_names: header_names.into_iter().collect(),
            header_values: header_values.into_iter().collect(),
            rule_texts,
            toml_dict,
        }
    }

    fn dict(&self, id: &str) -> &Dict {
        self.payload_dicts
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, d)| d)
            .unwrap_or(&self.payload_dicts[0].1)
    }

    fn sensitive(&self, id: &str) -> &[Vec<String>] {
        self.sensitive
            .iter()
            .find(|(i, _)| i == id)
            .map_or(&[], |(_, s)| s.as_slice())
    }
}

/// Identifiers, valid and near-valid, for the format checks.
const IDENTIFIERS: &[&str] = &[
    "123-45-6789",
    "123456789",
    "666-45-6789",
    "000-12-3456",
    "123-00-4567",
    "123-45-0000",
    "900-70-1234",
    "912-70-1234",
    "912-93-1234",
    "12-3456789",
    "07-1234567",
    "00-1234567",
    "GARM880520MDFRRL09",
    "GOMA850101HDFRRN09",
    "GOMA850101XDFRRN09",
    "BUEN850101HDFRRN09",
    "XAXX010101000",
    "XEXX010101000",
    "EKU9003173C9",
    "ABC680524P76",
    "GOMA8501011A1",
    "529.982.247-25",
    "52998224725",
    "11111111111",
    "11.222.333/0001-81",
    "11222333000181",
    "12ABC34501DE35",
    "900123456-7",
    "9001234567",
    "900123456",
    "+12025551234",
    "2025551234",
    "+5215512345678",
    "+525512345678",
    "+573001234567",
    "+999123",
    "+",
    "+1",
    "jane.doe@example.com",
    "a@b",
    "@",
    "a@b.c",
    "user+tag@sub.example.co",
    "550e8400-e29b-41d4-a716-446655440000",
    "550E8400-E29B-41D4-A716-446655440000",
    "550e8400e29b41d4a716446655440000",
    "US",
    "USA",
    "MX",
    "MEX",
    "BR",
    "BRA",
    "CO",
    "COL",
    "XK",
    "XKX",
    "ZZ",
    "ZZZ",
    "usa",
    "Usa",
    "individual",
    "business",
    "Yes",
    "No",
    "2008-01-01",
    "2008-01-02",
    "2007-12-31",
    "2008-02-29",
    "2026-01-01",
    "2025-12-31",
    "2026-01-02",
    "1900-01-01",
    "0000-01-01",
    "9999-12-31",
    "2008-1-1",
    "2008/01/01",
    "20080101",
    "2008-01-01T00:00:00Z",
    "2023-02-29",
    "2024-02-29",
    "2024-13-01",
    "2024-00-10",
    "2024-04-31",
];

/// A rule file small enough to mutate into every corner.
const MINI_RULES: &str = r#"id = "example/mini"
source = "an example"
error_body = "generic"
variant_select = "closest"

[[gate]]
name = "request"

[[gate]]
name = "verification"
depends = ["request"]

[[variant]]
name = "a"
when = { path = "/type", equals = "a" }

[[variant]]
name = "b"
when = { not = { path = "/type", in = ["a", 1, true] } }

[sets]
kinds = ["x", "y"]

[[field]]
path = "/email"
type = "string"
format = "email"
required = "request"
sensitive = true

[[field]]
path = "/items/*/kind"
enum_set = "kinds"
require = [{ gate = "verification", variants = ["a"], when = { path = "n", present = true } }]

[[field]]
path = "/items/*/n"
type = "integer|string"
minimum = 0
maximum = 100
min_length = 1
max_length = 3
pattern = '^\d+$'

[[field]]
path = "/doc"
file = { media_types = ["image/png", "application/pdf"], max_bytes = 1024 }
gates = { file_content = "verification" }

[[field]]
path = "/born"
format = "date"
min_age = 18
not_expired = true
gates = { age = "verification" }

[[collection]]
id = "kinds"
path = "/items"
gate = "verification"
some = { path = "kind", equals = "x" }
message = "an x item is needed"

[[collection]]
id = "each-n"
path = "/items"
gate = "request"
each_if = { path = "kind", equals = "y" }
each = { path = "n", present = true }
message = "a y item needs n"

[[collection]]
id = "sum"
path = "/items"
gate = "verification"
sum = { path = "n", max = 100 }
message = "n adds up to at most 100"

[[header]]
name = "x-api-key"
required = "request"
pattern = '^k'
case_insensitive = true
sensitive = true
"#;

/// Values of the rule language beyond those the rule files use.
const TOML_STRINGS: &[&str] = &[
    "request",
    "verification",
    "product:x",
    "closest",
    "first",
    "generic",
    "kira",
    "immersve",
    "customers",
    "undostres",
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "integer|string",
    "string|null",
    "ssn|itin",
    "date|uuid",
    "/",
    "/*",
    "/*/*",
    "",
    "*",
    "a/*",
    "/a~2",
    "/a~1b/~0c",
    "#",
    "§ Section",
    "(",
    "[",
    "a{1000}{1000}",
    "(a*)*$",
    "\\p{L}+",
    "^$",
    "(?i)^bearer",
    "\\",
    "image/jpeg",
    "image/png",
    "application/pdf",
    "a/b/c",
    "IMAGE/JPEG",
    "/type",
    "type",
    "documents",
    "individual/*",
    "*/usa",
    "x/y",
];

/// Where a value matters in a rule file (`*` = an item). Every key of a
/// field-check word is here (the library's check registry holds it to
/// that, in a test of `src/checks/mod.rs`).
pub const TOML_PATHS: &[&str] = &[
    "gate/*/name",
    "gate/*/depends",
    "gate/*/depends/*",
    "variant/*/name",
    "variant/*/when",
    "variant/*/when/path",
    "variant/*/when/all",
    "variant/*/when/not",
    "field/*/path",
    "field/*/type",
    "field/*/format",
    "field/*/enum",
    "field/*/enum_set",
    "field/*/required",
    "field/*/require",
    "field/*/require/*/when",
    "field/*/forbid",
    "field/*/when",
    "field/*/variants",
    "field/*/gates",
    "field/*/gates/enum",
    "field/*/file",
    "field/*/file/max_bytes",
    "field/*/file/media_types",
    "field/*/minimum",
    "field/*/maximum",
    "field/*/min_length",
    "field/*/max_length",
    "field/*/pattern",
    "field/*/pattern_hint",
    "field/*/not_pattern",
    "field/*/not_pattern_hint",
    "field/*/not_in",
    "field/*/not_in_set",
    "field/*/one_of_required",
    "field/*/allowed_by",
    "field/*/allowed_by/path",
    "field/*/allowed_by/table",
    "field/*/min_items",
    "field/*/max_items",
    "field/*/min_age",
    "field/*/not_expired",
    "field/*/sensitive",
    "collection/*/path",
    "collection/*/some",
    "collection/*/each",
    "collection/*/each_if",
    "collection/*/sum",
    "collection/*/sum/max",
    "collection/*/gate",
    "collection/*/code",
    "header/*/name",
    "header/*/pattern",
    "header/*/format",
    "header/*/required",
    "sets",
    "sets/x",
    "id",
    "error_body",
    "variant_select",
    "source",
];

fn special_numbers() -> Vec<Value> {
    let mut out: Vec<Value> = vec![
        Value::from(0),
        Value::from(-1),
        Value::from(1),
        Value::from(17),
        Value::from(18),
        Value::from(25),
        Value::from(50),
        Value::from(63),
        Value::from(64),
        Value::from(65),
        Value::from(99),
        Value::from(100),
        Value::from(101),
        Value::from(255),
        Value::from(256),
        Value::from(10_485_760),
        Value::from(10_485_761),
        Value::from(i64::MAX),
        Value::from(i64::MIN),
        Value::from(u64::MAX),
        Value::from(9_007_199_254_740_993u64),
    ];
    for f in [
        -0.0,
        0.1,
        0.5,
        1.5,
        17.999_999,
        18.000_001,
        49.99,
        50.0,
        99.999,
        100.0,
        100.000_01,
        1e15,
        1e300,
        -1e300,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        2.5e-10,
    ] {
        out.extend(Number::from_f64(f).map(Value::Number));
    }
    out
}

/// Characters that trip string handling: NUL, controls (terminal escape
/// sequences, BEL, BS, CR, C1), zero-width,
/// byte-order mark, case mappings that change length, combining marks,
/// astral planes, bidi overrides, pointer and JSON escapes, non-ASCII
/// digits.
const ODD: &[&str] = &[
    "é",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "\u{200b}",
    "\u{feff}",
    "İ",
    "ß",
    "ﬃ",
    "\u{10ffff}",
    "😀",
    "\u{301}",
    "\u{202e}",
    "\u{2066}",
    "\u{1b}[2J\u{1b}[32m",
    "\u{7}\u{8}\r",
    "\u{9b}",
    "\r\n",
    "\t",
    "\\",
    "\"",
    "/",
    "~",
    "~1",
    "~0",
    "Ⅻ",
    "０",
    "٣",
    " ",
    "%",
    "+",
    "-",
    ".",
    ",",
    ";",
    ":",
    "=",
    "0",
    "9",
    "a",
    "Z",
];

/// A location in a value: keys and indices.
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

fn get_mut<'v>(v: &'v mut Value, loc: &[Seg]) -> Option<&'v mut Value> {
    let mut here = v;
    for seg in loc {
        here = match (here, seg) {
            (Value::Object(map), Seg::Key(k)) => map.get_mut(k.as_str())?,
            (Value::Array(items), Seg::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(here)
}

fn get<'v>(v: &'v Value, loc: &[Seg]) -> Option<&'v Value> {
    let mut here = v;
    for seg in loc {
        here = match (here, seg) {
            (Value::Object(map), Seg::Key(k)) => map.get(k.as_str())?,
            (Value::Array(items), Seg::Index(i)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(here)
}

/// Locations in `v` (breadth first, at most 4096), filtered by `want`.
fn locations(v: &Value, want: impl Fn(&Value) -> bool) -> Vec<Vec<Seg>> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(Vec::new(), v)]);
    let mut visited = 0;
    while let Some((loc, v)) = queue.pop_front() {
        visited += 1;
        if visited > 4096 {
            break;
        }
        if want(v) {
            out.push(loc.clone());
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let mut l = loc.clone();
                    l.push(Seg::Key(k.clone()));
                    queue.push_back((l, child));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut l = loc.clone();
                    l.push(Seg::Index(i));
                    queue.push_back((l, child));
                }
            }
            _ => {}
        }
    }
    out
}

fn pick_location(
    src: &mut impl Source,
    v: &Value,
    want: impl Fn(&Value) -> bool,
) -> Option<Vec<Seg>> {
    let locs = locations(v, want);
    src.pick(&locs).cloned()
}

/// The generator's knobs for one kind of tree (payload or rule file).
pub struct Gen<'c> {
    pub corpus: &'c Corpus,
    pub dict: &'c Dict,
    pub sensitive: &'c [Vec<String>],
    /// Making values for a rule file: no nulls (TOML has none).
    pub toml: bool,
    /// Canaries planted so far.
    pub canaries: usize,
}

impl Gen<'_> {
    /// Apply one mutation to `body`.
    pub fn mutate(&mut self, src: &mut impl Source, body: &mut Value) {
        match src.below(14) {
            0 => {
                // Delete a member or an item.
                if let Some(loc) = pick_location(src, body, |_| true) {
                    if let Some((last, parent)) = loc.split_last() {
                        match (get_mut(body, parent), last) {
                            (Some(Value::Object(map)), Seg::Key(k)) => {
                                map.shift_remove(k.as_str());
                            }
                            (Some(Value::Array(items)), Seg::Index(i)) if *i < items.len() => {
                                items.remove(*i);
                            }
                            _ => {}
                        }
                    }
                }
            }
            1 => {
                if let Some(loc) = pick_location(src, body, |_| true) {
                    let v = self.value(src, 0);
                    if let Some(slot) = get_mut(body, &loc) {
                        *slot = v;
                    }
                }
            }
            2 | 3 => {
                // A value at one of the rule paths.
                if let Some(path) = src.pick(&self.dict.paths).cloned() {
                    let v = self.value(src, 0);
                    self.set_path(src, body, &path, v);
                }
            }
            4 => {
                if let Some(loc) = pick_location(src, body, Value::is_object) {
                    let key = self.key(src);
                    let v = self.value(src, 0);
                    if let Some(Value::Object(map)) = get_mut(body, &loc) {
                        map.insert(key, v);
                    }
                }
            }
            5 | 6 => {
                if let Some(loc) = pick_location(src, body, Value::is_string) {
                    let s = get(body, &loc)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    let s = self.mutate_string(src, s);
                    if let Some(slot) = get_mut(body, &loc) {
                        *slot = Value::String(s);
                    }
                }
            }
            7 => {
                if let Some(loc) = pick_location(src, body, |_| true) {
                    if let Some(slot) = get_mut(body, &loc) {
                        let v = std::mem::take(slot);
                        *slot = self.swap_type(src, v);
                    }
                }
            }
            8 => {
                if let Some(loc) = pick_location(src, body, Value::is_array) {
                    let n = *src
                        .pick(&[0usize, 1, 2, 3, 4, 5, 10, 11, 25, 64, 100, 257, 1000])
                        .unwrap_or(&0);
                    let n = if src.huge() && src.one_in(128) {
                        20_000
                    } else {
                        n
                    };
                    let filler = self.value(src, 0);
                    if let Some(Value::Array(items)) = get_mut(body, &loc) {
                        let pattern: Vec<Value> = if items.is_empty() {
                            vec![filler]
                        } else {
                            items.clone()
                        };
                        // Resizing an array of resized arrays multiplies:
                        // 20,000 x 20,000 items made a body of GBs in the
                        // generator itself (a libFuzzer timeout before the
                        // check ran). Keep the array under ~32 MB of JSON.
                        let each = serde_json::to_string(&pattern)
                            .map_or(1, |t| t.len() / pattern.len().max(1))
                            .max(1);
                        let n = n.min((32 << 20) / each);
                        items.clear();
                        for i in 0..n {
                            items.push(pattern[i % pattern.len()].clone());
                        }
                    }
                }
            }
            9 => {
                // Copy a subtree of another payload.
                let other = src.pick(&self.corpus.bases).map(|b| &b.body);
                if let (Some(other), Some(loc)) = (other, pick_location(src, body, |_| true)) {
                    let from = pick_location(src, other, |_| true).unwrap_or_default();
                    let v = get(other, &from).cloned().unwrap_or(Value::Null);
                    if let Some(slot) = get_mut(body, &loc) {
                        *slot = v;
                    }
                }
            }
            10 => {
                if let Some(loc) = pick_location(src, body, Value::is_object) {
                    let how = src.below(4);
                    let pick = src.byte() as usize;
                    if let Some(Value::Object(map)) = get_mut(body, &loc) {
                        let mut entries: Vec<(String, Value)> =
                            std::mem::take(map).into_iter().collect();
                        match how {
                            0 => entries.reverse(),
                            1 if !entries.is_empty() => {
                                let e = entries.remove(pick % entries.len());
                                entries.insert(0, e);
                            }
                            2 if !entries.is_empty() => {
                                let e = entries.remove(pick % entries.len());
                                entries.push(e);
                            }
                            _ => entries.sort_by(|a, b| a.0.cmp(&b.0)),
                        }
                        *map = entries.into_iter().collect();
                    }
                }
            }
            11 => {
                // A canary in a sensitive field (kept, or around the value).
                if let Some(path) = src.pick(self.sensitive).cloned() {
                    let c = canary(self.canaries);
                    self.canaries += 1;
                    let base = self.string(src);
                    let v = match src.below(3) {
                        0 => c,
                        1 => format!("{base}{c}"),
                        _ => format!("{c}{base}"),
                    };
                    self.set_path(src, body, &path, Value::String(v));
                }
            }
            12 => {
                if let Some(loc) = pick_location(src, body, |_| true) {
                    let depth = *src
                        .pick(&[
                            1usize, 2, 3, 5, 8, 30, 62, 63, 64, 65, 66, 126, 127, 128, 129, 200,
                        ])
                        .unwrap_or(&1);
                    let leaf = self.value(src, 3);
                    let arrays = src.below(3);
                    let key = self.key(src);
                    let mut v = leaf;
                    for i in 0..depth {
                        let array = match arrays {
                            0 => true,
                            1 => false,
                            _ => i % 2 == 0,
                        };
                        v = if array && !self.toml {
                            Value::Array(vec![v])
                        } else {
                            let mut m = Map::new();
                            m.insert(key.clone(), v);
                            Value::Object(m)
                        };
                    }
                    if let Some(slot) = get_mut(body, &loc) {
                        *slot = v;
                    }
                }
            }
            _ => {
                // Wrap or unwrap, or rename a member.
                if let Some(loc) = pick_location(src, body, |_| true) {
                    let how = src.below(3);
                    let key = self.key(src);
                    if let Some(slot) = get_mut(body, &loc) {
                        let v = std::mem::take(slot);
                        *slot = match (how, v) {
                            (0, v) => Value::Array(vec![v]),
                            (1, v) => {
                                let mut m = Map::new();
                                m.insert(key, v);
                                Value::Object(m)
                            }
                            (_, Value::Array(items)) => {
                                items.into_iter().next().unwrap_or(Value::Null)
                            }
                            (_, Value::Object(map)) => {
                                let mut map = map;
                                let first = map.keys().next().cloned();
                                if let Some(k) = first {
                                    if let Some(v) = map.shift_remove(&k) {
                                        map.insert(key, v);
                                        map.insert(k, Value::Bool(true));
                                    }
                                }
                                Value::Object(map)
                            }
                            (_, v) => v,
                        };
                    }
                }
            }
        }
    }

    /// Put `v` at `path` (`*` = an existing item or a new one), making
    /// objects and arrays on the way, sometimes over what is there.
    fn set_path(&mut self, src: &mut impl Source, body: &mut Value, path: &[String], v: Value) {
        let mut here = body;
        for seg in path {
            let force = src.one_in(8);
            if seg == "*" {
                if !here.is_array() && (force || here.is_null() || !here.is_object()) {
                    *here = Value::Array(Vec::new());
                }
                let Value::Array(items) = here else { return };
                let i = src.below(items.len() + 1);
                if i == items.len() {
                    items.push(Value::Object(Map::new()));
                }
                here = &mut items[i];
            } else {
                if !here.is_object() && (force || !here.is_array()) {
                    *here = Value::Object(Map::new());
                }
                let Value::Object(map) = here else { return };
                here = map.entry(seg.clone()).or_insert(Value::Object(Map::new()));
            }
        }
        *here = v;
    }

    fn key(&mut self, src: &mut impl Source) -> String {
        match src.below(8) {
            0 => {
                let s = src.pick(ODD).copied().unwrap_or("");
                format!(
                    "{}{s}",
                    src.pick(&self.dict.keys).cloned().unwrap_or_default()
                )
            }
            1 => String::new(),
            2 => canary(src.below(10_000)),
            _ => src.pick(&self.dict.keys).cloned().unwrap_or_default(),
        }
    }

    fn string(&mut self, src: &mut impl Source) -> String {
        match src.below(10) {
            0 => {
                let n = src.below(24);
                String::from_utf8_lossy(&src.bytes(n)).into_owned()
            }
            1 => {
                let n = src.below(6);
                (0..n)
                    .map(|_| src.pick(ODD).copied().unwrap_or(""))
                    .collect()
            }
            2 => {
                let unit = src
                    .pick(&["A", "é", "0", "ab", "\u{10ffff}", "İ", " ", "1-"])
                    .copied()
                    .unwrap_or("A");
                let n = *src
                    .pick(&[2usize, 17, 63, 64, 65, 100, 255, 256, 1000, 4096, 65_536])
                    .unwrap_or(&2);
                let n = if src.huge() && src.one_in(255) {
                    1_000_000
                } else {
                    n
                };
                unit.repeat(n)
            }
            3 => self.data_uri(src),
            4 => self.date(src),
            5 => {
                let s = src.pick(&self.dict.strings).cloned().unwrap_or_default();
                self.mutate_string(src, s)
            }
            _ => src.pick(&self.dict.strings).cloned().unwrap_or_default(),
        }
    }

    fn date(&mut self, src: &mut impl Source) -> String {
        let y = src
            .pick(&[
                "0000", "0001", "1899", "1900", "1969", "2000", "2007", "2008", "2009", "2024",
                "2025", "2026", "2027", "9999", "10000", "+2008", "-001",
            ])
            .copied()
            .unwrap_or("2008");
        let m = src
            .pick(&["00", "01", "02", "06", "12", "13", "1", "99"])
            .copied()
            .unwrap_or("01");
        let d = src
            .pick(&["00", "01", "02", "28", "29", "30", "31", "32", "1"])
            .copied()
            .unwrap_or("01");
        let tail = src
            .pick(&["", "", "", "T00:00:00Z", " ", "Z", "\n"])
            .copied()
            .unwrap_or("");
        format!("{y}-{m}-{d}{tail}")
    }

    fn data_uri(&mut self, src: &mut impl Source) -> String {
        let media = src
            .pick(&[
                "image/jpeg",
                "image/png",
                "application/pdf",
                "IMAGE/JPEG",
                "Image/Png",
                "image/jpg",
                "text/plain",
                "",
                "image/jpeg;name=a.jpg",
                "image/png;charset=utf-8",
                "image/",
                "/png",
                "a/b/c",
                "image/jpeg;base64;x",
            ])
            .copied()
            .unwrap_or("image/jpeg");
        let magic: &[u8] = match src.below(5) {
            0 => b"\xff\xd8\xff\xe0",
            1 => b"\x89PNG\r\n\x1a\n",
            2 => b"%PDF-1.7\n",
            3 => b"GIF89a",
            _ => b"",
        };
        let size = if src.huge() && src.one_in(255) {
            *src.pick(&[
                10 * 1024 * 1024 - 1,
                10 * 1024 * 1024,
                10 * 1024 * 1024 + 1,
                16_000_000,
            ])
            .unwrap_or(&0)
        } else {
            src.below(80)
        };
        let mut bytes = magic.to_vec();
        if size > 100 {
            bytes.resize(size, 0);
        } else {
            bytes.extend(src.bytes(size));
        }
        let mut payload = base64(&bytes);
        match src.below(10) {
            0 => payload = payload.trim_end_matches('=').to_string(),
            1 => payload.push('='),
            2 => payload.insert(
                payload.len() / 2,
                src.pick(&[" ", "\n", "%", "-", "_", "*", "é"])
                    .copied()
                    .unwrap_or(" ")
                    .chars()
                    .next()
                    .unwrap_or(' '),
            ),
            3 => payload = payload.replace('+', "-").replace('/', "_"),
            _ => {}
        }
        let sep = src
            .pick(&[
                ";base64,",
                ";base64,",
                ";base64,",
                ",",
                ";BASE64,",
                ";base64",
                ";charset=utf-8;base64,",
            ])
            .copied()
            .unwrap_or(",");
        let scheme = if src.one_in(16) { "DATA:" } else { "data:" };
        format!("{scheme}{media}{sep}{payload}")
    }

    fn mutate_string(&mut self, src: &mut impl Source, s: String) -> String {
        let chars: Vec<char> = s.chars().collect();
        let at = src.below(chars.len() + 1);
        match src.below(13) {
            0 => chars[..at].iter().collect(),
            1 => format!("{s}{}", src.pick(ODD).copied().unwrap_or("")),
            2 => {
                let mut c = chars.clone();
                let odd: Vec<char> = src.pick(ODD).copied().unwrap_or("").chars().collect();
                for (k, ch) in odd.into_iter().enumerate() {
                    c.insert(at + k, ch);
                }
                c.into_iter().collect()
            }
            3 => s.to_uppercase(),
            4 => s.to_lowercase(),
            5 => {
                let digits: Vec<usize> = chars
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                let mut c = chars.clone();
                if let Some(&i) = src.pick(&digits) {
                    c[i] = char::from(b'0' + (src.byte() % 10));
                }
                c.into_iter().collect()
            }
            6 => {
                let mut c = chars.clone();
                if at + 1 < c.len() {
                    c.swap(at, at + 1);
                }
                c.into_iter().collect()
            }
            7 => s.repeat(2 + src.below(3)),
            8 => format!(
                "{}{s}{}",
                src.pick(&[" ", "\t", "\n", "\u{a0}", ""])
                    .copied()
                    .unwrap_or(""),
                src.pick(&[" ", "\t", "\n", "\u{a0}", ""])
                    .copied()
                    .unwrap_or("")
            ),
            9 => {
                let mut c = chars.clone();
                if at < c.len() {
                    c.remove(at);
                }
                c.into_iter().collect()
            }
            10 => format!("{s}{}", canary(src.below(10_000))),
            11 => src.pick(&self.dict.strings).cloned().unwrap_or_default(),
            _ => {
                let mut c = chars.clone();
                if let Some(ch) = c.get_mut(at) {
                    let up = src.byte().is_multiple_of(2);
                    let code = if up {
                        u32::from(*ch) + 1
                    } else {
                        u32::from(*ch).saturating_sub(1)
                    };
                    *ch = char::from_u32(code).unwrap_or('?');
                }
                c.into_iter().collect()
            }
        }
    }

    fn number(&mut self, src: &mut impl Source) -> Value {
        match src.below(4) {
            0 => {
                let raw = src.bytes(8);
                let f = f64::from_le_bytes(raw.try_into().unwrap_or([0; 8]));
                Number::from_f64(f).map_or(Value::from(0), Value::Number)
            }
            1 => Value::from(i64::from(src.byte()) - 128),
            _ => src
                .pick(&self.dict.numbers)
                .cloned()
                .unwrap_or(Value::from(0)),
        }
    }

    /// A value of any kind, biased toward the dictionary.
    pub fn value(&mut self, src: &mut impl Source, depth: usize) -> Value {
        let kinds = if depth >= 3 { 11 } else { 14 };
        match src.below(kinds) {
            0 if !self.toml => Value::Null,
            0 | 1 => Value::Bool(src.byte().is_multiple_of(2)),
            2 | 3 => self.number(src),
            4..=9 => Value::String(self.string(src)),
            10 => Value::Object(Map::new()),
            11 => {
                let n = src.below(4);
                Value::Array((0..n).map(|_| self.value(src, depth + 1)).collect())
            }
            12 => {
                let n = src.below(4);
                let mut m = Map::new();
                for _ in 0..n {
                    let k = self.key(src);
                    let v = self.value(src, depth + 1);
                    m.insert(k, v);
                }
                Value::Object(m)
            }
            _ => {
                let other = src.pick(&self.corpus.bases).map(|b| &b.body);
                other
                    .and_then(|o| {
                        let from = pick_location(src, o, |_| true)?;
                        get(o, &from).cloned()
                    })
                    .unwrap_or(Value::Null)
            }
        }
    }

    fn swap_type(&mut self, src: &mut impl Source, v: Value) -> Value {
        match v {
            Value::Number(n) => match src.below(3) {
                0 => Value::String(n.to_string()),
                1 => Value::Bool(n.as_f64().is_some_and(|f| f != 0.0)),
                _ => n
                    .as_f64()
                    .and_then(|f| Number::from_f64(f + 0.5))
                    .map_or(Value::Null, Value::Number),
            },
            Value::String(s) => match src.below(3) {
                0 => s
                    .trim()
                    .parse::<i64>()
                    .map(Value::from)
                    .or_else(|_| {
                        s.trim()
                            .parse::<f64>()
                            .map(|f| Number::from_f64(f).map_or(Value::Null, Value::Number))
                    })
                    .unwrap_or(Value::from(s.len())),
                1 => Value::Array(vec![Value::String(s)]),
                _ => Value::Bool(s.eq_ignore_ascii_case("yes") || s == "true"),
            },
            Value::Bool(b) => {
                if src.one_in(2) {
                    Value::String(b.to_string())
                } else {
                    Value::from(u8::from(b))
                }
            }
            Value::Null => Value::String(String::new()),
            Value::Array(items) => {
                let mut m = Map::new();
                for (i, v) in items.into_iter().enumerate() {
                    m.insert(i.to_string(), v);
                }
                Value::Object(m)
            }
            Value::Object(map) => {
                if src.one_in(2) {
                    Value::Array(map.into_iter().map(|(_, v)| v).collect())
                } else {
                    Value::String(Value::Object(map).to_string())
                }
            }
        }
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (k, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One `check_json` case.
#[derive(Debug)]
pub struct JsonCase {
    /// Indices into [`super::invariants::embedded`].
    pub rule_sets: Vec<usize>,
    pub base: String,
    pub body: Value,
    pub headers: Headers,
    pub pretty: bool,
    /// `Limits::max_items` for the check.
    pub max_items: usize,
    /// Also check it with canaries planted in every sensitive value.
    pub plant: bool,
}

/// Build a `check_json` case from `src`.
pub fn json_case(src: &mut impl Source, corpus: &Corpus) -> JsonCase {
    let ids: Vec<&str> = kyc_preflight::Catalog::embedded().ids().collect();
    let choice = src.below(corpus.bases.len() + 1);
    let (rule_set, base, mut body) = match corpus.bases.get(choice) {
        Some(b) => (b.rule_set.clone(), b.name.clone(), b.body.clone()),
        None => {
            let id = src.pick(&ids).copied().unwrap_or("kira/create-user");
            (id.to_string(), "{}".to_string(), Value::Object(Map::new()))
        }
    };
    let mut rule_sets = vec![ids.iter().position(|i| *i == rule_set).unwrap_or(0)];
    if src.one_in(6) {
        let other = src.below(ids.len());
        if !rule_sets.contains(&other) {
            rule_sets.push(other);
        }
    }
    let mut gen = Gen {
        corpus,
        dict: corpus.dict(&rule_set),
        sensitive: corpus.sensitive(&rule_set),
        toml: false,
        canaries: 0,
    };
    let ops = src.below(13);
    for _ in 0..ops {
        if src.is_empty() {
            break;
        }
        gen.mutate(src, &mut body);
    }
    let headers = match src.below(6) {
        0..=2 => header_sets()[src.below(4)].clone(),
        3 => src.pick(&corpus.header_sets).cloned(),
        _ => {
            let n = src.below(6);
            Some(
                (0..n)
                    .map(|_| {
                        let mut name = src.pick(&corpus.header_names).cloned().unwrap_or_default();
                        if src.one_in(4) {
                            name = name.to_uppercase();
                        }
                        let value = src.pick(&corpus.header_values).cloned().unwrap_or_default();
                        let value = gen.mutate_string(src, value);
                        (name, value)
                    })
                    .collect(),
            )
        }
    };
    let pretty = src.one_in(2);
    let max_items = if src.one_in(8) {
        src.below(6)
    } else {
        kyc_preflight::input::Limits::default().max_items
    };
    let plant = src.one_in(4);
    JsonCase {
        rule_sets,
        base,
        body,
        headers,
        pretty,
        max_items,
        plant,
    }
}

/// Build a rule file text from `src`: a real one, mutated as data and as text.
pub fn rule_text(src: &mut impl Source, corpus: &Corpus) -> (String, Option<String>) {
    let (id, text) = src.pick(&corpus.rule_texts).cloned().unwrap_or_default();
    let mut text = text;
    let steps = 1 + src.below(4);
    for _ in 0..steps {
        if src.is_empty() {
            break;
        }
        if src.one_in(2) {
            text = mutate_as_data(src, corpus, &text).unwrap_or(text);
        } else {
            text = mutate_as_text(src, corpus, text);
        }
    }
    let id = (id != "mini").then_some(id);
    (text, id)
}

fn mutate_as_data(src: &mut impl Source, corpus: &Corpus, text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let mut v = serde_json::to_value(&table).ok()?;
    let mut gen = Gen {
        corpus,
        dict: &corpus.toml_dict,
        sensitive: &[],
        toml: true,
        canaries: 0,
    };
    match src.below(8) {
        0 => {
            // Deep rule path.
            let n = *src
                .pick(&[2usize, 63, 64, 65, 127, 128, 129, 1000, 100_000])
                .unwrap_or(&2);
            let seg = src.pick(&["a", "*"]).copied().unwrap_or("a");
            let path = format!("/{seg}").repeat(n);
            let mut f = Map::new();
            f.insert("path".into(), Value::String(path));
            f.insert("type".into(), Value::from("string"));
            f.insert("source".into(), Value::from("x"));
            push_table(&mut v, "field", f);
        }
        1 => {
            // Many gates or variants.
            let n = *src.pick(&[62usize, 63, 64, 65, 70]).unwrap_or(&64);
            let key = if src.one_in(2) { "gate" } else { "variant" };
            for i in 0..n {
                let mut t = Map::new();
                t.insert("name".into(), Value::from(format!("g{i}")));
                if key == "gate" && i > 0 {
                    t.insert(
                        "depends".into(),
                        Value::Array(vec![Value::from(format!("g{}", i - 1))]),
                    );
                }
                push_table(&mut v, key, t);
            }
        }
        _ => {
            let ops = 1 + src.below(4);
            for _ in 0..ops {
                gen.mutate(src, &mut v);
            }
        }
    }
    strip_nulls(&mut v);
    if !v.is_object() {
        return None;
    }
    toml::to_string(&v).ok()
}

fn push_table(v: &mut Value, key: &str, t: Map<String, Value>) {
    if let Value::Object(root) = v {
        let entry = root
            .entry(key.to_string())
            .or_insert(Value::Array(Vec::new()));
        if let Value::Array(items) = entry {
            items.push(Value::Object(t));
        }
    }
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => {
            items.retain(|v| !v.is_null());
            items.iter_mut().for_each(strip_nulls);
        }
        _ => {}
    }
}

/// Lines of the rule language, to insert anywhere.
const TOML_LINES: &[&str] = &[
    "[[gate]]\nname = \"extra\"\ndepends = [\"request\"]",
    "[[field]]\npath = \"/a\"\nsource = \"s\"",
    "[[field]]\npath = \"/*\"",
    "[[collection]]\nid = \"c\"\npath = \"/a\"\ngate = \"request\"\nsome = { path = \"x\", present = true }\nmessage = \"m\"",
    "[[header]]\nname = \"x-h\"\nrequired = \"request\"\nformat = \"uuid\"",
    "[[variant]]\nname = \"v/w\"\nwhen = { path = \"/t\", present = false }",
    "when = { not = { not = { path = \"a\", present = true } } }",
    "when = { all = [] }",
    "when = { any = [] }",
    "when = { path = \"\", equals = 1 }",
    "when = { path = \"/a\", contains = { path = \"\", in = [1, \"a\", true] } }",
    "required = \"request\"",
    "required = \"verification\"",
    "require = [{ gate = \"verification\", when = { path = \"/x\", equals = \"y\" } }]",
    "forbid = [{ gate = \"request\" }]",
    "minimum = nan",
    "maximum = inf",
    "minimum = -inf",
    "maximum = -0.0",
    "min_length = 18446744073709551615",
    "min_age = 4294967295",
    "min_age = 0",
    "max_bytes = 0",
    "file = { media_types = [\"image/png\"], max_bytes = 0 }",
    "pattern = '('",
    "pattern = '(a+)+$'",
    "pattern = 'a{1000}{1000}'",
    "format = \"ssn|itin\"",
    "format = \"date\"",
    "not_expired = true",
    "type = \"integer|string\"",
    "type = \"null\"",
    "enum = []",
    "enum = [1, \"1\", true, 1.5]",
    "variant_select = \"closest\"",
    "error_body = \"generic\"",
    "sensitive = true",
    "gates = { enum = \"verification\", age = \"request\" }",
    "variants = [\"*\"]",
    "variants = [\"individual/*\"]",
    "each = { path = \"n\", equals = 1 }",
    "sum = { path = \"n\", max = -1 }",
    "[sets]\nx = []",
    "x.y.z = 1",
    "\"quoted key\" = 1",
];

fn mutate_as_text(src: &mut impl Source, corpus: &Corpus, text: String) -> String {
    let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
    let n = lines.len().max(1);
    let i = src.below(n);
    match src.below(8) {
        0 => {
            if i < lines.len() {
                lines.remove(i);
            }
        }
        1 => {
            if let Some(l) = lines.get(i).cloned() {
                lines.insert(i, l);
            }
        }
        2 => {
            let j = src.below(n);
            if i < lines.len() && j < lines.len() {
                lines.swap(i, j);
            }
        }
        3 | 4 => {
            let l = src.pick(TOML_LINES).copied().unwrap_or("").to_string();
            lines.insert(i.min(lines.len()), l);
        }
        5 => {
            // Replace a quoted string or a number on the line.
            let with = if src.one_in(2) {
                format!(
                    "{:?}",
                    src.pick(&corpus.toml_dict.strings)
                        .cloned()
                        .unwrap_or_default()
                )
            } else {
                src.pick(&[
                    "0",
                    "-1",
                    "1e400",
                    "nan",
                    "inf",
                    "18446744073709551616",
                    "1.5",
                    "true",
                    "[]",
                    "{}",
                ])
                .copied()
                .unwrap_or("0")
                .to_string()
            };
            if let Some(l) = lines.get_mut(i) {
                if let Some((k, _)) = l.split_once(" = ") {
                    *l = format!("{k} = {with}");
                }
            }
        }
        6 => {
            let cut = src.below(text.len() + 1);
            let mut cut = cut;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text[..cut].to_string();
        }
        _ => {
            let k = src.below(16);
            let junk = String::from_utf8_lossy(&src.bytes(k)).into_owned();
            if let Some(l) = lines.get_mut(i) {
                let mut at = src.below(l.len() + 1);
                while !l.is_char_boundary(at) {
                    at -= 1;
                }
                l.insert_str(at, &junk);
            }
        }
    }
    lines.join("\n")
}
