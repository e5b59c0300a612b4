//! Python bindings of kyc-preflight: the extension module
//! `kyc_preflight._kyc_preflight`, re-exported by the `kyc_preflight`
//! package (`python/kyc_preflight/__init__.py`).
//!
//! A thin layer over the library's public API: rule sets come from
//! [`Catalog::embedded`] or [`RuleSet::from_toml`], bodies are checked by
//! [`RuleSet::check_bytes`] and [`RuleSet::check_str`] (in `check_many`,
//! [`RuleSet::check_bytes_in`] and [`RuleSet::check_str_in`] with a
//! scratch a thread: the same reports)
//! or [`RuleSet::check`] (a dict turned into a `serde_json::Value`, no
//! JSON text in between), reports are
//! serialized by serde as `kyc-preflight check --format json` prints them,
//! and an uncheckable body in `check_many` gets [`RuleSet::input_report`],
//! as a `batch` line does. No check logic lives here.
//!
//! Every check runs with the GIL released (`Python::detach`), and nothing
//! here panics: every failure is a Python exception.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use chrono::NaiveDate;
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{
    PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple,
};

use kyc_preflight::formats::Format;
use kyc_preflight::input::{InputError as LibInputError, Limits};
use kyc_preflight::{Catalog, CheckOptions, Finding, Location, Report, Request, Scratch, Severity};

create_exception!(
    kyc_preflight,
    InputError,
    PyValueError,
    "A body that cannot be checked: not JSON, not UTF-8, empty, too large, \
nested too deep, or not a JSON object.\n\n\
Attributes: `line` and `column` (1-based, columns in bytes as serde_json \
counts them), or None when the error has no position (a dict nested too \
deep, an empty body, a top level that is not an object)."
);
create_exception!(
    kyc_preflight,
    RuleFileError,
    PyValueError,
    "A rule file that does not compile. str() lists every problem as \
`file:line:column: message`; `file` is the name it was given and \
`problems` a list of RuleProblem (line, column, message, help)."
);

/// Items of `check_many` one worker takes at a time.
const CHUNK: usize = 64;

// ---------------------------------------------------------------- errors

fn input_error(py: Python<'_>, error: &LibInputError) -> PyErr {
    let err = InputError::new_err(error.to_string());
    let (line, column) = match error.position() {
        Some((line, column)) => (Some(line), Some(column)),
        None => (None, None),
    };
    let value = err.value(py);
    if value.setattr("line", line).is_err() || value.setattr("column", column).is_err() {
        return PyValueError::new_err(error.to_string());
    }
    err
}

/// An `InputError` without a position (a dict that cannot be checked).
fn input_error_at_none(py: Python<'_>, message: String) -> PyErr {
    let err = InputError::new_err(message.clone());
    let value = err.value(py);
    let none: Option<usize> = None;
    if value.setattr("line", none).is_err() || value.setattr("column", none).is_err() {
        return PyValueError::new_err(message);
    }
    err
}

fn rule_file_error(py: Python<'_>, error: &kyc_preflight::RuleFileError) -> PyErr {
    let err = RuleFileError::new_err(error.to_string());
    let problems: Vec<RuleProblem> = error
        .problems
        .iter()
        .map(|p| RuleProblem {
            line: p.line,
            column: p.column,
            message: p.message.clone(),
            help: p.help.clone(),
        })
        .collect();
    let value = err.value(py);
    if value.setattr("file", error.file.as_str()).is_err()
        || value.setattr("problems", problems).is_err()
    {
        return PyValueError::new_err(error.to_string());
    }
    err
}

// ---------------------------------------------------------------- arguments

/// `today`: None (the system's UTC date), a `datetime.date` or "YYYY-MM-DD".
fn options(today: Option<&Bound<'_, PyAny>>) -> PyResult<CheckOptions> {
    let Some(today) = today.filter(|t| !t.is_none()) else {
        return Ok(CheckOptions::default());
    };
    let day = if let Ok(text) = today.cast::<PyString>() {
        let text = text.to_cow()?;
        NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|_| {
            PyValueError::new_err(format!("today {text:?}: expected a date as YYYY-MM-DD"))
        })?
    } else {
        today.extract::<NaiveDate>().map_err(|_| {
            PyTypeError::new_err(format!(
                "today: expected a datetime.date or a YYYY-MM-DD string, not {}",
                type_name(today)
            ))
        })?
    };
    Ok(CheckOptions::new(day))
}

/// `headers`: None, a mapping of name to value, or an iterable of
/// `(name, value)` pairs.
fn headers(headers: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<(String, String)>>> {
    let Some(headers) = headers.filter(|h| !h.is_none()) else {
        return Ok(None);
    };
    let pairs = if let Ok(map) = headers.cast::<PyDict>() {
        map.items().into_any()
    } else {
        headers.clone()
    };
    let mut out = Vec::new();
    for pair in pairs.try_iter()? {
        let (name, value): (String, String) = pair?.extract().map_err(|_| {
            PyTypeError::new_err("headers: expected a dict of str to str or (name, value) pairs")
        })?;
        out.push((name, value));
    }
    Ok(Some(out))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "an unknown type".to_string())
}

/// A body as `check` takes it.
enum Body {
    Bytes(PyBackedBytes),
    Str(PyBackedStr),
    Value(serde_json::Value),
}

fn body(py: Python<'_>, obj: &Bound<'_, PyAny>, limits: &Limits, dicts: bool) -> PyResult<Body> {
    if obj.is_instance_of::<PyBytes>() || obj.is_instance_of::<PyByteArray>() {
        return Ok(Body::Bytes(obj.extract()?));
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Body::Str(obj.extract()?));
    }
    if dicts && obj.is_instance_of::<PyDict>() {
        return Ok(Body::Value(to_value(py, obj, 1, limits.max_depth)?));
    }
    Err(PyTypeError::new_err(format!(
        "body: expected {}, not {}",
        if dicts {
            "bytes, str or dict"
        } else {
            "bytes or str"
        },
        type_name(obj)
    )))
}

/// A Python value as JSON, walked directly (no JSON text in between):
/// dict (str keys, in insertion order), list and tuple, str, int, float,
/// bool and None. `depth` is the nesting of containers, the top-level
/// dict being 1, as the byte parser counts it.
fn to_value(
    py: Python<'_>,
    obj: &Bound<'_, PyAny>,
    depth: usize,
    max_depth: usize,
) -> PyResult<serde_json::Value> {
    use serde_json::Value;
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Past 64 bits, a number as serde_json reads such a literal: f64.
        let f: f64 = obj.extract()?;
        return finite(py, f);
    }
    if obj.is_instance_of::<PyFloat>() {
        return finite(py, obj.extract()?);
    }
    let container = obj.is_instance_of::<PyDict>()
        || obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>();
    if container && depth > max_depth.min(128) {
        return Err(input_error_at_none(
            py,
            format!(
                "the body is nested deeper than {} levels",
                max_depth.min(128)
            ),
        ));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::with_capacity(dict.len());
        for (key, value) in dict.iter() {
            let key = key.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!(
                    "body: a dict key must be a str to be JSON, not {}",
                    type_name(&key)
                ))
            })?;
            map.insert(
                key.to_cow()?.into_owned(),
                to_value(py, &value, depth + 1, max_depth)?,
            );
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = obj.cast::<PyList>() {
        let mut items = Vec::with_capacity(list.len());
        for item in list.iter() {
            items.push(to_value(py, &item, depth + 1, max_depth)?);
        }
        return Ok(Value::Array(items));
    }
    if let Ok(tuple) = obj.cast::<PyTuple>() {
        let mut items = Vec::with_capacity(tuple.len());
        for item in tuple.iter() {
            items.push(to_value(py, &item, depth + 1, max_depth)?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "body: {} is not a JSON value (dict, list, tuple, str, int, float, bool or None)",
        type_name(obj)
    )))
}

fn finite(py: Python<'_>, f: f64) -> PyResult<serde_json::Value> {
    serde_json::Number::from_f64(f)
        .map(serde_json::Value::Number)
        .ok_or_else(|| {
            input_error_at_none(
                py,
                format!("the body holds {f}, which JSON cannot represent"),
            )
        })
}

// ---------------------------------------------------------------- classes

/// Where a rule set came from, so that it can be pickled (to Spark
/// executors, to multiprocessing workers) and compiled again there.
#[derive(Clone)]
enum Origin {
    Embedded(String),
    Toml { origin: String, text: String },
}

/// A compiled rule set: compile once, check many. Immutable and safe to
/// share between threads; picklable (an embedded rule set by its id, any
/// other by its TOML text).
///
/// Get one with `kyc_preflight.rule_set(id)`, `RuleSet.from_file(path)` or
/// `RuleSet.from_toml(text)`.
#[pyclass(frozen, module = "kyc_preflight")]
struct RuleSet {
    rules: kyc_preflight::RuleSet,
    origin: Origin,
}

#[pymethods]
impl RuleSet {
    /// Compile the rule file at `path` (a str or os.PathLike).
    ///
    /// Raises OSError when the file cannot be read, RuleFileError (with
    /// every problem at its line and column) when it does not compile.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| PyOSError::new_err(format!("cannot read {}: {e}", path.display())))?;
        Self::from_toml(py, text, Some(path.display().to_string()))
    }

    /// Compile a rule file's text. `origin` names it in error messages
    /// (default `<string>`); the rule set's id is the file's `id` key.
    ///
    /// Raises RuleFileError, with every problem at its line and column.
    #[staticmethod]
    #[pyo3(signature = (text, origin=None))]
    fn from_toml(py: Python<'_>, text: String, origin: Option<String>) -> PyResult<Self> {
        let origin = origin.unwrap_or_else(|| "<string>".to_string());
        let rules = kyc_preflight::RuleSet::from_toml(&origin, &text)
            .map_err(|e| rule_file_error(py, &e))?;
        Ok(Self {
            rules,
            origin: Origin::Toml { origin, text },
        })
    }

    /// The rule set's id, e.g. "kira/create-user".
    #[getter]
    fn id(&self) -> &str {
        self.rules.id()
    }

    /// A one-line title, e.g. "Kira POST /v1/users (create a user)", or None.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.rules.title()
    }

    /// The gates, in order: ["request", "verification", "product:act", ...].
    #[getter]
    fn gates(&self) -> Vec<&str> {
        self.rules.gates().collect()
    }

    /// The variants, in selection order (empty when the rule set has none).
    #[getter]
    fn variants(&self) -> Vec<&str> {
        self.rules.variants().collect()
    }

    /// Check one request body; returns a Report.
    ///
    /// body: bytes or str (JSON text, parsed in Rust: the fast path), or a
    /// dict (walked directly, no JSON text in between; its values must be
    /// dict, list, tuple, str, int, float, bool or None).
    /// headers: None (header rules do not run, and the report says so), a
    /// dict of name to value, or (name, value) pairs; names match
    /// case-insensitively.
    /// today: "today" for date rules (18+, expired documents), a
    /// datetime.date or "YYYY-MM-DD"; default the system's UTC date.
    ///
    /// Raises InputError (a ValueError, with .line and .column) when the
    /// body cannot be checked, TypeError for a body or argument of the
    /// wrong type. The GIL is released while the body is checked.
    #[pyo3(signature = (body, headers=None, today=None))]
    fn check(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: Option<&Bound<'_, PyAny>>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyReport> {
        let options = options(today)?;
        let headers = self::headers(headers)?;
        let body = self::body(py, body, &options.limits, true)?;
        let rules = &self.rules;
        let checked = py.detach(|| {
            let headers = headers.as_deref();
            match &body {
                Body::Bytes(b) => rules
                    .check_bytes(b, headers, &options)
                    .map(Report::into_owned),
                Body::Str(s) => rules
                    .check_str(s, headers, &options)
                    .map(Report::into_owned),
                Body::Value(v) => {
                    let mut request = Request::new(v);
                    request.headers = headers.map(<[_]>::to_vec);
                    Ok(rules.check(&request, &options).into_owned())
                }
            }
        });
        match checked {
            Ok(report) => Ok(PyReport { report }),
            Err(e) => Err(input_error(py, &e)),
        }
    }

    /// Check many bodies (an iterable of bytes or str, one JSON body
    /// each); returns a list of Report in input order.
    ///
    /// Exactly what `kyc-preflight batch` prints for the same bodies, one
    /// per line: a body that cannot be checked (not JSON, empty, not an
    /// object, ...) gets a report with one `input` error at the first gate
    /// instead of raising. The GIL is released while checking, on `jobs`
    /// threads (default: every core). today as in check().
    ///
    /// Raises TypeError for an item that is not bytes or str, ValueError
    /// for jobs < 1.
    #[pyo3(signature = (bodies, today=None, jobs=None))]
    fn check_many(
        &self,
        py: Python<'_>,
        bodies: &Bound<'_, PyAny>,
        today: Option<&Bound<'_, PyAny>>,
        jobs: Option<usize>,
    ) -> PyResult<Py<PyList>> {
        let options = options(today)?;
        if jobs == Some(0) {
            return Err(PyValueError::new_err("jobs: must be at least 1"));
        }
        let mut items = Vec::new();
        for item in bodies.try_iter()? {
            items.push(body(py, &item?, &options.limits, false)?);
        }
        let rules = &self.rules;
        let reports = py.detach(|| check_all(rules, &items, &options, jobs));
        drop(items);
        PyList::new(py, reports.into_iter().map(|report| PyReport { report })).map(Bound::unbind)
    }

    /// For kyc_preflight.spark: check_many over bytes, str or None items,
    /// the reports laid out as columns for Arrow arrays (None gives a row
    /// with valid False and no gates or findings):
    /// (valid, rule_set, variant, gate_offsets, gate_name, gate_passed,
    /// finding_offsets, location, path, gate, severity, code, rule,
    /// message), each a list; offsets have one item more than rows.
    #[pyo3(signature = (bodies, today=None, jobs=None))]
    fn _check_columns<'py>(
        &self,
        py: Python<'py>,
        bodies: &Bound<'py, PyAny>,
        today: Option<&Bound<'py, PyAny>>,
        jobs: Option<usize>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let options = options(today)?;
        if jobs == Some(0) {
            return Err(PyValueError::new_err("jobs: must be at least 1"));
        }
        let mut valid = Vec::new();
        let mut items = Vec::new();
        for item in bodies.try_iter()? {
            let item = item?;
            valid.push(!item.is_none());
            if !item.is_none() {
                items.push(body(py, &item, &options.limits, false)?);
            }
        }
        let rules = &self.rules;
        let reports = py.detach(|| check_all(rules, &items, &options, jobs));
        drop(items);
        let mut cols = Columns::default();
        let mut reports = reports.iter();
        for &present in &valid {
            match present.then(|| reports.next()).flatten() {
                Some(report) => cols.push(report),
                None => cols.push_null(),
            }
        }
        cols.into_tuple(py, valid)
    }

    /// (kind, id or text, origin): what pickling stores, for
    /// kyc_preflight's copyreg reducer.
    fn _state(&self) -> (&'static str, String, Option<String>) {
        match &self.origin {
            Origin::Embedded(id) => ("embedded", id.clone(), None),
            Origin::Toml { origin, text } => ("toml", text.clone(), Some(origin.clone())),
        }
    }

    fn __repr__(&self) -> String {
        format!("RuleSet({:?})", self.rules.id())
    }
}

/// Check `items` on `jobs` threads (default every core), in chunks of
/// [`CHUNK`] taken in turn; reports in input order.
fn check_all(
    rules: &kyc_preflight::RuleSet,
    items: &[Body],
    options: &CheckOptions,
    jobs: Option<usize>,
) -> Vec<Report<'static>> {
    // One scratch a thread: the parse arena and the walk's vectors are
    // reused from body to body (the reports are `check_bytes`'s).
    let check_one = |body: &Body, scratch: &mut Scratch| {
        let checked = match body {
            Body::Bytes(b) => rules.check_bytes_in(b, None, options, scratch),
            Body::Str(s) => rules.check_str_in(s, None, options, scratch),
            Body::Value(v) => Ok(rules.check(&Request::new(v), options)),
        };
        checked
            .unwrap_or_else(|e| rules.input_report(&e))
            .into_owned()
    };
    let chunks = items.len().div_ceil(CHUNK);
    let jobs = jobs
        .unwrap_or_else(|| thread::available_parallelism().map_or(1, usize::from))
        .min(chunks);
    if jobs <= 1 {
        let mut scratch = Scratch::new();
        return items.iter().map(|b| check_one(b, &mut scratch)).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, Vec<Report<'static>>)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    let mut scratch = Scratch::new();
                    loop {
                        let at = next.fetch_add(1, Ordering::Relaxed);
                        let start = at.saturating_mul(CHUNK);
                        let Some(chunk) = items
                            .get(start..items.len().min(start.saturating_add(CHUNK)))
                            .filter(|c| !c.is_empty())
                        else {
                            return mine;
                        };
                        let reports = chunk.iter().map(|b| check_one(b, &mut scratch));
                        mine.push((at, reports.collect()));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    done.sort_unstable_by_key(|(at, _)| *at);
    done.into_iter().flat_map(|(_, reports)| reports).collect()
}

/// Reports as columns, for `RuleSet._check_columns`.
#[derive(Default)]
struct Columns<'a> {
    rule_set: Vec<&'a str>,
    variant: Vec<Option<&'a str>>,
    gate_offsets: Vec<usize>,
    gate_name: Vec<&'a str>,
    gate_passed: Vec<bool>,
    finding_offsets: Vec<usize>,
    location: Vec<&'static str>,
    path: Vec<&'a str>,
    gate: Vec<&'a str>,
    severity: Vec<&'static str>,
    code: Vec<&'a str>,
    rule: Vec<&'a str>,
    message: Vec<&'a str>,
}

impl<'a> Columns<'a> {
    fn push(&mut self, report: &'a Report<'static>) {
        self.start_row();
        self.rule_set.push(&report.rule_set);
        self.variant.push(report.variant.as_deref());
        for g in &report.gates.0 {
            self.gate_name.push(&g.name);
            self.gate_passed.push(g.passed);
        }
        for f in &report.findings {
            self.location.push(location(f.location));
            self.path.push(&f.path);
            self.gate.push(&f.gate);
            self.severity.push(severity(f.severity));
            self.code.push(&f.code);
            self.rule.push(&f.rule);
            self.message.push(&f.message);
        }
    }

    fn push_null(&mut self) {
        self.start_row();
        self.rule_set.push("");
        self.variant.push(None);
    }

    fn start_row(&mut self) {
        self.gate_offsets.push(self.gate_name.len());
        self.finding_offsets.push(self.code.len());
    }

    fn into_tuple<'py>(
        mut self,
        py: Python<'py>,
        valid: Vec<bool>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.start_row();
        let items: Vec<Bound<'py, PyList>> = vec![
            PyList::new(py, valid)?,
            PyList::new(py, self.rule_set)?,
            PyList::new(py, self.variant)?,
            PyList::new(py, self.gate_offsets)?,
            PyList::new(py, self.gate_name)?,
            PyList::new(py, self.gate_passed)?,
            PyList::new(py, self.finding_offsets)?,
            PyList::new(py, self.location)?,
            PyList::new(py, self.path)?,
            PyList::new(py, self.gate)?,
            PyList::new(py, self.severity)?,
            PyList::new(py, self.code)?,
            PyList::new(py, self.rule)?,
            PyList::new(py, self.message)?,
        ];
        PyTuple::new(py, items)
    }
}

/// One problem of a rule file: 1-based `line` and `column` (in
/// characters), `message`, and `help` (a suggestion) or None.
#[pyclass(frozen, get_all, module = "kyc_preflight")]
struct RuleProblem {
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
}

#[pymethods]
impl RuleProblem {
    fn __repr__(&self) -> String {
        format!(
            "RuleProblem(line={}, column={}, message={:?}, help={:?})",
            self.line, self.column, self.message, self.help
        )
    }
}

fn location(l: Location) -> &'static str {
    match l {
        Location::Body => "body",
        Location::Header => "header",
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Everything one check found: `rule_set`, `variant`, `gates` and
/// `findings`. `to_dict()` and `to_json()` are exactly the report
/// `kyc-preflight check --format json` prints.
#[pyclass(frozen, name = "Report", module = "kyc_preflight")]
struct PyReport {
    report: Report<'static>,
}

#[pymethods]
impl PyReport {
    /// The rule set's id, e.g. "kira/create-user".
    #[getter]
    fn rule_set(&self) -> &str {
        &self.report.rule_set
    }

    /// The variant the body selected ("individual/usa"), or None when it
    /// matched none (for instance when `type` is missing).
    #[getter]
    fn variant(&self) -> Option<&str> {
        self.report.variant.as_deref()
    }

    /// Every gate of the rule set, in order, with its verdict:
    /// {"request": True, "verification": False, ...}.
    #[getter]
    fn gates<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let gates = PyDict::new(py);
        for g in &self.report.gates.0 {
            gates.set_item(&*g.name, g.passed)?;
        }
        Ok(gates)
    }

    /// Every finding, in a stable order: header findings first, then body
    /// findings in the body's document order, then rule order.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.report
            .findings
            .iter()
            .map(|f| PyFinding { finding: f.clone() })
            .collect()
    }

    /// Does the body pass `gate` ("request", "verification",
    /// "product:<code>")? With no gate: does it pass every gate?
    /// Warnings never fail a gate. Raises ValueError for a gate the rule
    /// set does not have.
    #[pyo3(signature = (gate=None))]
    fn passed(&self, gate: Option<String>) -> PyResult<bool> {
        let required: Vec<String> = gate.into_iter().collect();
        self.report.passes(&required).map_err(|name| {
            let known: Vec<&str> = self.report.gates.0.iter().map(|g| &*g.name).collect();
            PyValueError::new_err(format!(
                "{}: no gate {name:?} (gates: {})",
                self.report.rule_set,
                known.join(", ")
            ))
        })
    }

    /// The report as `kyc-preflight check --format json` prints it, as a
    /// dict: {"rule_set", "variant", "gates": {name: bool},
    /// "findings": [{"in", "path", "gate", "severity", "code", "rule",
    /// "message"}]}.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        out.set_item("rule_set", &*self.report.rule_set)?;
        out.set_item("variant", self.report.variant.as_deref())?;
        out.set_item("gates", self.gates(py)?)?;
        let findings = PyList::empty(py);
        for f in &self.report.findings {
            findings.append(finding_dict(py, f)?)?;
        }
        out.set_item("findings", findings)?;
        Ok(out)
    }

    /// The report as `kyc-preflight check --format json` prints it (one
    /// line of JSON, without the newline).
    fn to_json(&self) -> String {
        kyc_preflight::report::json::to_string(&self.report)
    }

    fn __repr__(&self) -> String {
        let gates: Vec<String> = self
            .report
            .gates
            .0
            .iter()
            .map(|g| format!("{} {}", g.name, if g.passed { "ok" } else { "FAIL" }))
            .collect();
        format!(
            "<Report {} variant={} {} finding(s): {}>",
            self.report.rule_set,
            self.report.variant.as_deref().unwrap_or("none"),
            self.report.findings.len(),
            gates.join(", ")
        )
    }
}

fn finding_dict<'py>(py: Python<'py>, f: &Finding<'_>) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("in", location(f.location))?;
    d.set_item("path", &f.path)?;
    d.set_item("gate", &*f.gate)?;
    d.set_item("severity", severity(f.severity))?;
    d.set_item("code", &*f.code)?;
    d.set_item("rule", &*f.rule)?;
    d.set_item("message", &*f.message)?;
    Ok(d)
}

/// One problem with a request: `location` ("body" or "header"), `path`
/// (a JSON Pointer into the body, or the header's lower-case name),
/// `gate` (the first gate it blocks), `severity` ("error" or "warning"),
/// `code` (stable: "required", "format.e164", ...), `rule`, `message`
/// (never the value of a sensitive field) and `source` (the document the
/// rule comes from).
#[pyclass(frozen, name = "Finding", module = "kyc_preflight")]
struct PyFinding {
    finding: Finding<'static>,
}

#[pymethods]
impl PyFinding {
    /// "body" or "header" (the report's JSON calls it "in").
    #[getter]
    fn location(&self) -> &'static str {
        location(self.finding.location)
    }
    /// RFC 6901 JSON Pointer into the body (for a missing field, where it
    /// should be), or the header's lower-case name.
    #[getter]
    fn path(&self) -> &str {
        &self.finding.path
    }
    /// The first gate this finding blocks.
    #[getter]
    fn gate(&self) -> &str {
        &self.finding.gate
    }
    /// "error" (fails the gate) or "warning" (does not).
    #[getter]
    fn severity(&self) -> &'static str {
        severity(self.finding.severity)
    }
    /// Stable dotted code: "required", "type", "format.ssn.area", ...
    #[getter]
    fn code(&self) -> &str {
        &self.finding.code
    }
    /// The rule that raised it: "kira/create-user#phone".
    #[getter]
    fn rule(&self) -> &str {
        &self.finding.rule
    }
    /// What is wrong and what to do, for a person.
    #[getter]
    fn message(&self) -> &str {
        &self.finding.message
    }
    /// Where the rule comes from (a document section, a provider page or a
    /// standard). Not part of the JSON report.
    #[getter]
    fn source(&self) -> &str {
        &self.finding.source
    }
    /// The finding as the JSON report has it: {"in", "path", "gate",
    /// "severity", "code", "rule", "message"}.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        finding_dict(py, &self.finding)
    }
    fn __repr__(&self) -> String {
        format!(
            "<Finding {} {} {} {} at {:?}>",
            self.finding.gate,
            severity(self.finding.severity),
            self.finding.code,
            location(self.finding.location),
            self.finding.path
        )
    }
}

// ---------------------------------------------------------------- functions

/// The ids of the embedded rule sets: ["customers/create-individual",
/// "immersve/create-account", "kira/create-user", ...].
#[pyfunction]
fn rule_sets() -> Vec<&'static str> {
    Catalog::embedded().ids().collect()
}

/// The embedded rule set `id` (see rule_sets()), compiled once per
/// process. Raises ValueError for an unknown id.
#[pyfunction]
fn rule_set(id: &str) -> PyResult<RuleSet> {
    let rules = Catalog::embedded()
        .get(id)
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(RuleSet {
        rules: rules.clone(),
        origin: Origin::Embedded(id.to_string()),
    })
}

/// The names of the identifier formats format_check() knows: "email",
/// "e164", "ssn", "rfc", "curp", ...
#[pyfunction]
fn formats() -> Vec<&'static str> {
    Format::ALL.iter().map(|f| f.name()).collect()
}

/// Check one value against a named format, as `kyc-preflight format NAME
/// VALUE` does: returns "valid", "warning: <code>" or "invalid: <code>".
/// Raises ValueError for an unknown format name (see formats()).
#[pyfunction]
fn format_check(name: &str, value: &str) -> PyResult<String> {
    let format = Format::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown format `{name}` (formats: {})",
            formats().join(", ")
        ))
    })?;
    Ok(format.verdict(value).to_string())
}

/// The compiled module; `kyc_preflight` re-exports everything in it.
#[pymodule]
fn _kyc_preflight(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<RuleSet>()?;
    m.add_class::<PyReport>()?;
    m.add_class::<PyFinding>()?;
    m.add_class::<RuleProblem>()?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("RuleFileError", py.get_type::<RuleFileError>())?;
    m.add_function(wrap_pyfunction!(rule_sets, m)?)?;
    m.add_function(wrap_pyfunction!(rule_set, m)?)?;
    m.add_function(wrap_pyfunction!(formats, m)?)?;
    m.add_function(wrap_pyfunction!(format_check, m)?)?;
    Ok(())
}
