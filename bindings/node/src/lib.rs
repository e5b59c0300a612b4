//! The native half of the `kyc-preflight` npm package: a thin napi-rs layer
//! over the library's public API. `index.js` (hand-written) wraps it into the
//! package's JavaScript API; nothing here is meant to be called directly.
//!
//! Every check goes through [`kyc_preflight::RuleSet::check_bytes`] (in
//! `checkMany`, `check_bytes_in` with one scratch for the call, as
//! `kyc-preflight batch` does: the same reports), and a report crosses to
//! JavaScript as the exact text of `report::json::to_string(&report)` (what
//! `check --format json` and `batch` print) plus each finding's `source`,
//! which that JSON leaves out.
//! Errors cross as data (an input error, a rule file's problems) or as a
//! JavaScript `Error`; every entry point catches panics, so none crosses the
//! boundary.

use std::panic::{catch_unwind, AssertUnwindSafe};

use chrono::NaiveDate;
use napi::bindgen_prelude::{AsyncTask, Buffer, Either};
use napi::{Env, Error, Result, Status, Task};
use napi_derive::napi;

use kyc_preflight::input::{InputError, Limits};
use kyc_preflight::{Catalog, CheckOptions, Report, RuleFileError, RuleSet};

/// Run `f`, turning a panic into a JavaScript error.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(Error::new(
            Status::GenericFailure,
            "kyc-preflight: internal error (a panic in the native addon)",
        ))
    })
}

fn invalid_arg(message: String) -> Error {
    Error::new(Status::InvalidArg, message)
}

/// Options of a check, as `index.js` resolves them.
#[napi(object)]
pub struct NativeOptions {
    /// Header `(name, value)` pairs flattened: `[name0, value0, name1, …]`;
    /// absent when the body is checked alone (header rules do not run).
    pub headers: Option<Vec<String>>,
    /// `YYYY-MM-DD`; absent for the system clock's UTC date.
    pub today: Option<String>,
    /// [`Limits::max_bytes`].
    pub max_bytes: Option<u32>,
    /// [`Limits::max_depth`], 1 to 128.
    pub max_depth: Option<u32>,
    /// [`Limits::max_items`].
    pub max_items: Option<u32>,
}

/// [`NativeOptions`] resolved.
struct Resolved {
    headers: Option<Vec<(String, String)>>,
    options: CheckOptions,
}

fn resolve(options: Option<NativeOptions>) -> Result<Resolved> {
    let Some(o) = options else {
        return Ok(Resolved {
            headers: None,
            options: CheckOptions::default(),
        });
    };
    let today = match o.today.as_deref() {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .map_err(|_| invalid_arg(format!("today {day:?}: expected a date as YYYY-MM-DD")))?,
        None => CheckOptions::default().today,
    };
    let default = Limits::default();
    let max_depth = o.max_depth.map_or(default.max_depth, |d| d as usize);
    if !(1..=128).contains(&max_depth) {
        return Err(invalid_arg(format!(
            "limits.maxDepth {max_depth}: expected 1 to 128"
        )));
    }
    let limits = Limits {
        max_bytes: o.max_bytes.map_or(default.max_bytes, |b| b as usize),
        max_depth,
        max_items: o.max_items.map_or(default.max_items, |i| i as usize),
        // The findings limit and any later one: the library's defaults.
        ..default
    };
    let headers = o.headers.map(|flat| {
        let mut pairs = Vec::with_capacity(flat.len() / 2);
        let mut it = flat.into_iter();
        while let (Some(name), Some(value)) = (it.next(), it.next()) {
            pairs.push((name, value));
        }
        pairs
    });
    Ok(Resolved {
        headers,
        options: CheckOptions::new(today).with_limits(limits),
    })
}

/// A body that could not be checked ([`InputError`]), as data.
#[napi(object)]
pub struct NativeInputError {
    /// `empty`, `too_large`, `not_utf8`, `byte_order_mark`, `too_deep`,
    /// `syntax`, `not_an_object` (or `input` for a kind added later).
    pub kind: String,
    /// The library's message (never quotes the input).
    pub message: String,
    /// 1-based line, when the error has a position.
    pub line: Option<u32>,
    /// 1-based column (bytes, as serde_json counts), when the error has a position.
    pub column: Option<u32>,
}

impl From<&InputError> for NativeInputError {
    fn from(e: &InputError) -> Self {
        let kind = match e {
            InputError::Empty => "empty",
            InputError::TooLarge { .. } => "too_large",
            InputError::NotUtf8 { .. } => "not_utf8",
            InputError::ByteOrderMark => "byte_order_mark",
            InputError::TooDeep { .. } => "too_deep",
            InputError::Syntax { .. } => "syntax",
            InputError::NotAnObject { .. } => "not_an_object",
            _ => "input",
        };
        let position = e.position();
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        NativeInputError {
            kind: kind.to_string(),
            message: e.to_string(),
            line: position.map(|(line, _)| to_u32(line)),
            column: position.map(|(_, column)| to_u32(column)),
        }
    }
}

/// A checked body: the report's JSON and each finding's source, or why it
/// could not be checked.
#[napi(object)]
pub struct NativeOutcome {
    /// `report::json::to_string(&report)`: exactly `check --format json`.
    pub json: Option<String>,
    /// `findings[i].source`, in the same order.
    pub sources: Option<Vec<String>>,
    /// Set instead of `json` when the body cannot be checked.
    pub error: Option<NativeInputError>,
}

fn outcome(report: &Report<'_>) -> Result<NativeOutcome> {
    let json = kyc_preflight::report::json::to_string(report);
    Ok(NativeOutcome {
        json: Some(json),
        sources: Some(
            report
                .findings
                .iter()
                .map(|f| f.source.to_string())
                .collect(),
        ),
        error: None,
    })
}

/// One problem of a rule file ([`kyc_preflight::RuleProblem`]).
#[napi(object)]
pub struct NativeRuleProblem {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// A suggestion, where one is obvious.
    pub help: Option<String>,
}

/// A rule file that does not compile ([`RuleFileError`]), as data.
#[napi(object)]
pub struct NativeRuleFileError {
    /// The file's name as given.
    pub file: String,
    /// The library's message: one `file:line:column: message` per problem.
    pub message: String,
    /// Every problem, in file order.
    pub problems: Vec<NativeRuleProblem>,
}

impl From<&RuleFileError> for NativeRuleFileError {
    fn from(e: &RuleFileError) -> Self {
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        NativeRuleFileError {
            file: e.file.clone(),
            message: e.to_string(),
            problems: e
                .problems
                .iter()
                .map(|p| NativeRuleProblem {
                    line: to_u32(p.line),
                    column: to_u32(p.column),
                    message: p.message.clone(),
                    help: p.help.clone(),
                })
                .collect(),
        }
    }
}

/// A compiled rule set ([`RuleSet`]): cheap to clone, shared by every
/// check and by the tasks of `checkMany`.
#[napi]
pub struct NativeRuleSet {
    rules: RuleSet,
}

#[napi]
impl NativeRuleSet {
    /// An embedded rule set by id; throws the library's "unknown rule set"
    /// message (with the known ids) when there is none.
    #[napi(factory, catch_unwind)]
    pub fn embedded(id: String) -> Result<Self> {
        guarded(|| {
            Catalog::embedded()
                .get(&id)
                .map(|rules| NativeRuleSet {
                    rules: rules.clone(),
                })
                .map_err(|e| invalid_arg(e.to_string()))
        })
    }

    /// Compile a rule file's text ([`RuleSet::from_toml`]); `origin` names
    /// it in messages.
    #[napi(catch_unwind)]
    pub fn from_toml(
        origin: String,
        text: String,
    ) -> Result<Either<NativeRuleSet, NativeRuleFileError>> {
        guarded(|| {
            Ok(match RuleSet::from_toml(&origin, &text) {
                Ok(rules) => Either::A(NativeRuleSet { rules }),
                Err(e) => Either::B(NativeRuleFileError::from(&e)),
            })
        })
    }

    /// Read and compile a rule file ([`RuleSet::load`]); a file that cannot
    /// be read throws the library's "cannot read" message.
    #[napi(catch_unwind)]
    pub fn from_file(path: String) -> Result<Either<NativeRuleSet, NativeRuleFileError>> {
        guarded(|| match RuleSet::load(std::path::Path::new(&path)) {
            Ok(rules) => Ok(Either::A(NativeRuleSet { rules })),
            Err(kyc_preflight::Error::RuleFile(e)) => Ok(Either::B(NativeRuleFileError::from(&e))),
            Err(e) => Err(Error::new(Status::GenericFailure, e.to_string())),
        })
    }

    /// The rule set's id, e.g. `kira/create-user`.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.rules.id().to_string()
    }

    /// A one-line title.
    #[napi(getter)]
    pub fn title(&self) -> Option<String> {
        self.rules.title().map(str::to_string)
    }

    /// The primary source document.
    #[napi(getter)]
    pub fn source(&self) -> Option<String> {
        self.rules.source().map(str::to_string)
    }

    /// The provider, e.g. `Kira`.
    #[napi(getter)]
    pub fn provider(&self) -> Option<String> {
        self.rules.provider().map(str::to_string)
    }

    /// The endpoint, e.g. `POST /v1/users`.
    #[napi(getter)]
    pub fn endpoint(&self) -> Option<String> {
        self.rules.endpoint().map(str::to_string)
    }

    /// The gates, in order.
    #[napi(getter)]
    pub fn gates(&self) -> Vec<String> {
        self.rules.gates().map(str::to_string).collect()
    }

    /// The variants, in selection order.
    #[napi(getter)]
    pub fn variants(&self) -> Vec<String> {
        self.rules.variants().map(str::to_string).collect()
    }

    /// [`RuleSet::depends_on`]: the gates whose failure fails `gate`.
    #[napi(catch_unwind)]
    pub fn depends_on(&self, gate: String) -> Vec<String> {
        self.rules.depends_on(&gate).map(str::to_string).collect()
    }

    /// Check one body (JSON text as a string or bytes): the report, or the
    /// input error that kept it from being checked.
    #[napi(catch_unwind)]
    pub fn check(
        &self,
        body: Either<String, Buffer>,
        options: Option<NativeOptions>,
    ) -> Result<NativeOutcome> {
        guarded(|| {
            let resolved = resolve(options)?;
            let bytes: &[u8] = match &body {
                Either::A(text) => text.as_bytes(),
                Either::B(buffer) => buffer,
            };
            match self
                .rules
                .check_bytes(bytes, resolved.headers.as_deref(), &resolved.options)
            {
                Ok(report) => outcome(&report),
                Err(e) => Ok(NativeOutcome {
                    json: None,
                    sources: None,
                    error: Some(NativeInputError::from(&e)),
                }),
            }
        })
    }

    /// Check many bodies on the libuv thread pool, as `batch` checks its
    /// lines: a body that cannot be checked gets the input report
    /// ([`RuleSet::input_report`]) rather than an error. Headers, if given,
    /// apply to every body.
    #[napi(catch_unwind, ts_return_type = "Promise<NativeOutcome[]>")]
    pub fn check_many(
        &self,
        bodies: Vec<Either<String, Buffer>>,
        options: Option<NativeOptions>,
    ) -> Result<AsyncTask<CheckMany>> {
        guarded(|| {
            let resolved = resolve(options)?;
            let bodies = bodies
                .into_iter()
                .map(|b| match b {
                    Either::A(text) => text.into_bytes(),
                    Either::B(buffer) => buffer.to_vec(),
                })
                .collect();
            Ok(AsyncTask::new(CheckMany {
                rules: self.rules.clone(),
                bodies,
                resolved,
            }))
        })
    }
}

/// The work of one `checkMany` call, done off the main thread.
pub struct CheckMany {
    rules: RuleSet,
    bodies: Vec<Vec<u8>>,
    resolved: Resolved,
}

/// One report of `checkMany`: its JSON and each finding's source.
pub struct Checked {
    json: String,
    sources: Vec<String>,
}

impl Task for CheckMany {
    type Output = Vec<Checked>;
    type JsValue = Vec<NativeOutcome>;

    fn compute(&mut self) -> Result<Self::Output> {
        guarded(|| {
            let headers = self.resolved.headers.as_deref();
            let options = &self.resolved.options;
            // The parse arena and the walk's vectors, reused from body to
            // body (the reports are `check_bytes`'s).
            let mut scratch = kyc_preflight::Scratch::new();
            self.bodies
                .iter()
                .map(|body| {
                    let report = self
                        .rules
                        .check_bytes_in(body, headers, options, &mut scratch)
                        .unwrap_or_else(|e| self.rules.input_report(&e));
                    let json = kyc_preflight::report::json::to_string(&report);
                    let sources = report
                        .findings
                        .iter()
                        .map(|f| f.source.to_string())
                        .collect();
                    scratch.reclaim(report);
                    Ok(Checked { json, sources })
                })
                .collect()
        })
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(output
            .into_iter()
            .map(|c| NativeOutcome {
                json: Some(c.json),
                sources: Some(c.sources),
                error: None,
            })
            .collect())
    }
}

/// The ids of the embedded rule sets, in the catalog's order.
#[napi(catch_unwind)]
pub fn rule_set_ids() -> Vec<String> {
    Catalog::embedded().ids().map(str::to_string).collect()
}

/// A value's verdict against a named format ([`kyc_preflight::formats::Format::verdict`]).
#[napi(object)]
pub struct NativeVerdict {
    /// `valid`, `warning` or `invalid`.
    pub verdict: String,
    /// The stable code, unless valid.
    pub code: Option<String>,
    /// What is wrong, for a person (never the value), unless valid.
    pub detail: Option<String>,
    /// The line `kyc-preflight format` prints: `valid`, `warning: <code>`, `invalid: <code>`.
    pub line: String,
}

/// Check `value` against the format `name` (`email`, `e164`, …); throws
/// the CLI's "unknown format" message for another name.
#[napi(catch_unwind)]
pub fn format_check(name: String, value: String) -> Result<NativeVerdict> {
    use kyc_preflight::formats::Format;
    guarded(|| {
        let Some(format) = Format::from_name(&name) else {
            let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            return Err(invalid_arg(format!(
                "unknown format `{name}` (formats: {})",
                known.join(", ")
            )));
        };
        let verdict = format.verdict(&value);
        Ok(NativeVerdict {
            verdict: verdict.name().to_string(),
            code: verdict.reason().map(|r| r.code.to_string()),
            detail: verdict.reason().map(|r| r.detail.to_string()),
            line: verdict.to_string(),
        })
    })
}

/// The names of the formats, in the CLI's order.
#[napi(catch_unwind)]
pub fn format_names() -> Vec<String> {
    kyc_preflight::formats::Format::ALL
        .iter()
        .map(|f| f.name().to_string())
        .collect()
}
