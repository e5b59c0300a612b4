//! [`RuleSet`]: a compiled rule file, and every way to check a payload
//! against it. It joins the rooms: the rule language (`rules`) compiles the
//! plan, `input` parses the body, `engine` walks it and builds the
//! [`Report`]; the exports (`explain`, `schema`) read the same plan.

use std::sync::Arc;

use crate::engine::{self, doc::Doc};
use crate::input::Body;
use crate::report::Report;
use crate::rules::{compile, plan, RuleFileError, RuleLimits, RuleProblem};
use crate::{CheckOptions, Request};

/// A compiled rule set: cheap to clone, `Send + Sync`, check as many
/// payloads with it as you like, from as many threads.
#[derive(Debug, Clone)]
pub struct RuleSet {
    plan: Arc<plan::RulePlan>,
}

impl RuleSet {
    /// Compile a rule file's text. `origin` names it in error messages
    /// (usually its path). The rule set's id is the file's `id` key, or
    /// the file name without extension.
    ///
    /// # Errors
    ///
    /// [`RuleFileError`] with every problem found, each at its `line:column`.
    pub fn from_toml(origin: &str, text: &str) -> Result<RuleSet, RuleFileError> {
        Self::compile(origin, None, text)
    }

    pub(crate) fn compile(
        origin: &str,
        expected_id: Option<&str>,
        text: &str,
    ) -> Result<RuleSet, RuleFileError> {
        compile::compile(origin, expected_id, text).map(|plan| RuleSet {
            plan: Arc::new(plan),
        })
    }

    /// An embedded rule file (`crate::Catalog`), compiled without
    /// measuring its patterns (see `rules::limits::RegexBudget`).
    pub(crate) fn compile_embedded(
        id: &str,
        path: &str,
        text: &str,
    ) -> Result<RuleSet, RuleFileError> {
        compile::compile_embedded(id, path, text).map(|plan| RuleSet {
            plan: Arc::new(plan),
        })
    }

    /// Read and compile the rule file at `path` (the only file the library
    /// ever reads, and only when asked).
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] when the file cannot be read,
    /// [`crate::Error::RuleFile`] when it is not a valid rule file.
    pub fn load(path: &std::path::Path) -> Result<RuleSet, crate::Error> {
        Self::load_within(path, &RuleLimits::default())
    }

    /// [`RuleSet::load`] within `limits`: never more than
    /// `limits.max_bytes` plus one byte is read (a FIFO or `/dev/zero` is
    /// refused as soon as it passes the limit), and the patterns compile
    /// within `limits.max_regex_bytes` (see [`RuleSet::from_toml_within`]).
    ///
    /// # Errors
    ///
    /// As [`RuleSet::load`], and [`crate::Error::RuleFileTooLarge`] for a
    /// file over `limits.max_bytes`.
    pub fn load_within(
        path: &std::path::Path,
        limits: &RuleLimits,
    ) -> Result<RuleSet, crate::Error> {
        let text = crate::rules::limits::read_limited(path, limits.max_bytes)?;
        Ok(Self::from_toml_within(
            &path.display().to_string(),
            &text,
            limits,
        )?)
    }

    /// [`RuleSet::from_toml`] within `limits.max_regex_bytes`: the
    /// patterns of the whole file (`pattern` of fields and headers) share
    /// one budget of compiled size; past it, the file is refused with a
    /// problem at the pattern that did not fit and at the costliest ones.
    /// (`limits.max_bytes` is for readers; the text is already read.)
    ///
    /// # Errors
    ///
    /// As [`RuleSet::from_toml`].
    pub fn from_toml_within(
        origin: &str,
        text: &str,
        limits: &RuleLimits,
    ) -> Result<RuleSet, RuleFileError> {
        compile::compile_within(origin, None, text, limits).map(|plan| RuleSet {
            plan: Arc::new(plan),
        })
    }

    /// The rule set's id, e.g. `kira/create-user`.
    pub fn id(&self) -> &str {
        &self.plan.id
    }

    /// A one-line title, e.g. `Kira POST /v1/users (create a user)`.
    pub fn title(&self) -> Option<&str> {
        self.plan.title.as_deref()
    }

    /// The primary source document.
    pub fn source(&self) -> Option<&str> {
        self.plan.source.as_deref()
    }

    /// The gates, in order.
    pub fn gates(&self) -> impl Iterator<Item = &str> {
        self.plan.gates.iter().map(|g| &*g.name)
    }

    /// The gates whose failure fails `gate`, in gate order: `gate` itself
    /// and every gate it depends on, transitively (docs/design.md's gate table:
    /// `verification` depends on `request`, a product gate on
    /// `verification`). Empty when the rule set has no gate of that name.
    ///
    /// A finding blocks its `gate` and every gate that depends on it, so the
    /// findings that fail `gate` are the error findings whose `gate` is one
    /// of these.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::Catalog;
    ///
    /// let rules = Catalog::embedded().get("kira/create-user")?;
    /// let deps: Vec<&str> = rules.depends_on("verification").collect();
    /// assert_eq!(deps, ["request", "verification"]);
    /// assert_eq!(rules.depends_on("no-such-gate").count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn depends_on<'s>(&'s self, gate: &str) -> impl Iterator<Item = &'s str> + use<'s> {
        let failed_by = self
            .plan
            .gates
            .iter()
            .find(|g| &*g.name == gate)
            .map_or(0, |g| g.failed_by);
        self.plan
            .gates
            .iter()
            .enumerate()
            .filter(move |(i, _)| *i < plan::MAX_GATES && failed_by & (1u64 << i) != 0)
            .map(|(_, g)| &*g.name)
    }

    /// The variants, in selection order.
    pub fn variants(&self) -> impl Iterator<Item = &str> {
        self.plan.variants.iter().map(|v| &*v.name)
    }

    /// Check a request: every finding, and a verdict for every gate.
    ///
    /// The body is read into the same model [`RuleSet::check_bytes`]
    /// parses into, so the same body gives the same report, with one thing
    /// it cannot see: a `serde_json::Value` has already dropped all but the
    /// last of duplicate keys (serde_json keeps the last), where
    /// `check_bytes` checks the first and reports the repeat
    /// (`duplicate_key`). Check bytes you received with `check_bytes`.
    /// A body that is not an object, or is nested deeper than
    /// `options.limits.max_depth`, gets the [`RuleSet::input_report`] of
    /// the error `check_bytes` would refuse it with.
    pub fn check(&self, request: &Request<'_>, options: &CheckOptions) -> Report<'_> {
        self.check_json(request.body, request.headers.as_deref(), options)
    }

    /// [`RuleSet::check`] for a body and headers given apart: `headers` as
    /// `(name, value)` pairs, or `None` when the body is checked alone.
    pub fn check_json(
        &self,
        body: &serde_json::Value,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Report<'_> {
        if let Err(e) = crate::input::value_an_object(body) {
            return self.input_report(&e);
        }
        let arena = bumpalo::Bump::new();
        let max = options.limits.max_depth.min(crate::input::MAX_DEPTH);
        match Doc::from_value(body, &arena, max) {
            Some(doc) => self.check_doc(&doc, headers, options, &mut engine::Buffers::new()),
            None => self.input_report(&crate::input::InputError::ValueTooDeep { max }),
        }
    }

    /// Walk `body`, with the walk's vectors in `buffers` (new, or a
    /// [`Scratch`]'s).
    fn check_doc(
        &self,
        body: &Doc<'_>,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
        buffers: &mut engine::Buffers<'static, 'static, Doc<'static>>,
    ) -> Report<'_> {
        engine::check(
            &self.plan,
            body,
            headers,
            options.today,
            options.limits.max_items,
            options.limits.max_findings,
            buffers,
        )
    }

    /// Parse and check a request body in one call: the hot path for
    /// services and batch runs, and what the CLI's `check` and `batch`
    /// call. The body is parsed into an arena within `options.limits`,
    /// checked, and the arena freed; the report owns or borrows from
    /// `self` only. Every member of every object is kept, so a checked
    /// member named twice is a `duplicate_key` error (the first is the one
    /// checked) at any depth. Headers as in [`RuleSet::check_json`].
    ///
    /// # Errors
    ///
    /// [`crate::input::InputError`] when the body cannot be checked (not
    /// JSON, too large, too deep, not an object, …): the same error
    /// [`crate::input::parse_body`] gives.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{Catalog, CheckOptions};
    ///
    /// let rules = Catalog::embedded().get("passport/create-customer")?;
    /// let report = rules.check_bytes(br#"{"email": "ana@example.com"}"#, None, &CheckOptions::default())?;
    /// assert!(!report.gate("request").unwrap_or(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_bytes(
        &self,
        body: &[u8],
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Result<Report<'_>, crate::input::InputError> {
        self.check_body(Body::Bytes(body), headers, options)
    }

    fn check_body(
        &self,
        body: Body<'_>,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Result<Report<'_>, crate::input::InputError> {
        let arena = bumpalo::Bump::with_capacity(arena_capacity(body.bytes().len()));
        let doc = crate::input::parse_doc_in(body, &options.limits, &arena)?;
        Ok(self.check_doc(&doc, headers, options, &mut engine::Buffers::new()))
    }

    /// [`RuleSet::check_bytes`] with memory kept from the last check made
    /// with `scratch`: for a thread that checks one body after another (a
    /// batch worker, `check_many`). The report is the one `check_bytes`
    /// gives for the same bytes; only where the body is parsed to, and the
    /// walk's working vectors, are reused rather than allocated and freed
    /// for each body. The report borrows `self`, not `scratch`.
    ///
    /// # Errors
    ///
    /// As [`RuleSet::check_bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{Catalog, CheckOptions, Scratch};
    ///
    /// let rules = Catalog::embedded().get("passport/create-customer")?;
    /// let options = CheckOptions::default();
    /// let mut scratch = Scratch::new();
    /// for body in [&br#"{"email": "ana@example.com"}"#[..], b"{}"] {
    ///     let report = rules.check_bytes_in(body, None, &options, &mut scratch)?;
    ///     assert_eq!(report, rules.check_bytes(body, None, &options)?);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check_bytes_in(
        &self,
        body: &[u8],
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
        scratch: &mut Scratch,
    ) -> Result<Report<'_>, crate::input::InputError> {
        self.check_body_in(Body::Bytes(body), headers, options, scratch)
    }

    /// [`RuleSet::check_bytes_in`] for text already in a `&str`, as
    /// [`RuleSet::check_str`] is [`RuleSet::check_bytes`] for it.
    ///
    /// # Errors
    ///
    /// As [`RuleSet::check_bytes`].
    pub fn check_str_in(
        &self,
        body: &str,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
        scratch: &mut Scratch,
    ) -> Result<Report<'_>, crate::input::InputError> {
        self.check_body_in(Body::Text(body), headers, options, scratch)
    }

    fn check_body_in(
        &self,
        body: Body<'_>,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
        scratch: &mut Scratch,
    ) -> Result<Report<'_>, crate::input::InputError> {
        let Scratch { arena, walk } = scratch;
        prepare(arena, body.bytes().len());
        let doc = crate::input::parse_doc_in(body, &options.limits, arena)?;
        Ok(self.check_doc(&doc, headers, options, walk))
    }

    /// The report for a body that could not be checked at all (a batch
    /// line that is not JSON, say): one `input` error at the first gate,
    /// which fails every gate, and no variant. The message is the error's,
    /// which never quotes the input.
    pub fn input_report(&self, error: &crate::input::InputError) -> Report<'_> {
        engine::input_report(&self.plan, error.to_string())
    }

    /// [`RuleSet::check_bytes`] for text already in a `&str`: the same
    /// report or error, without validating the text as UTF-8 again.
    ///
    /// # Errors
    ///
    /// As [`RuleSet::check_bytes`].
    pub fn check_str(
        &self,
        body: &str,
        headers: Option<&[(String, String)]>,
        options: &CheckOptions,
    ) -> Result<Report<'_>, crate::input::InputError> {
        self.check_body(Body::Text(body), headers, options)
    }

    /// The shape of the provider's 400 body, for `check --format provider`.
    pub fn error_body(&self) -> Option<crate::report::provider::ErrorBody> {
        self.plan.error_body
    }

    /// The provider, e.g. `Kira`.
    pub fn provider(&self) -> Option<&str> {
        self.plan.provider.as_deref()
    }

    /// The endpoint, e.g. `POST /v1/users`.
    pub fn endpoint(&self) -> Option<&str> {
        self.plan.endpoint.as_deref()
    }

    /// What each gate means, in gate order: `(name, description)`.
    pub fn gate_descriptions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.plan
            .gates
            .iter()
            .map(|g| (&*g.name, g.description.as_deref()))
    }

    /// What each variant means, in selection order: `(name, description)`.
    pub fn variant_descriptions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.plan
            .variants
            .iter()
            .map(|v| (&*v.name, v.description.as_deref()))
    }

    /// What compiled but is likely not what the author meant, each at its
    /// `line:column`: a file-content, age or expiry check in a rule set
    /// with no `verification` gate (such checks then block the first gate).
    /// Empty for every embedded rule set; the CLI prints them on stderr.
    pub fn warnings(&self) -> &[RuleProblem] {
        &self.plan.warnings
    }

    /// Every rule, in file order, with where it comes from.
    pub fn rules(&self) -> impl Iterator<Item = RuleInfo<'_>> {
        self.plan.rules.iter().map(|m| RuleInfo {
            id: &m.id,
            kind: match m.kind {
                plan::RuleKind::Field => "field",
                plan::RuleKind::Collection => "collection",
                plan::RuleKind::Header => "header",
            },
            path: &m.path,
            source: &m.source,
            note: m.note.as_deref(),
            sensitive: m.sensitive,
            severity: m.severity,
        })
    }
}

/// The first chunk of the arena [`RuleSet::check_bytes`] parses a body of
/// `len` bytes into: twice its size, up to 64 KiB. A 3 KB payload's values
/// fit in it and one more chunk; the arena grows as a body needs (strings
/// without escapes are not copied into it, so an 8 MB document is not).
fn arena_capacity(len: usize) -> usize {
    len.saturating_mul(2).clamp(1024, 64 * 1024)
}

/// Memory kept from one check to the next on one thread, for
/// [`RuleSet::check_bytes_in`]: the arena a body is parsed into (emptied
/// before each body, its largest block kept, up to
/// [`Scratch::RETAINED_ARENA`] bytes), the walk's working vectors (empty
/// between checks) and what [`Scratch::reclaim`] is given back of
/// earlier reports. Between checks nothing of a payload can be reached
/// through it; as with memory a check frees, the arena's and the kept
/// strings' bytes are reused, not wiped, so a payload's unescaped text
/// stays in the process's memory until a later body overwrites it. `Send`,
/// not `Sync`: one a thread.
pub struct Scratch {
    arena: bumpalo::Bump,
    walk: engine::Buffers<'static, 'static, Doc<'static>>,
}

impl Scratch {
    /// The most arena a `Scratch` keeps between checks, in bytes: after a
    /// body that needed more, the next check starts a new arena.
    pub const RETAINED_ARENA: usize = 1 << 20;

    /// A scratch with nothing allocated yet.
    pub fn new() -> Self {
        Scratch {
            arena: bumpalo::Bump::new(),
            walk: engine::Buffers::empty(),
        }
    }

    /// Give a report's memory to the next check made with this scratch,
    /// once you are done with the report (written it out, counted it): its
    /// findings and gates vectors, and its findings' path strings, emptied.
    /// Optional; a report dropped instead frees them. Nothing of the
    /// report's text is kept, and no later report changes: a kept path
    /// string is cleared before it is written again. At most 1,024
    /// findings' room and 256 path strings of up to 1 KiB are kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::{Catalog, CheckOptions, Scratch};
    ///
    /// let rules = Catalog::embedded().get("kira/create-user")?;
    /// let options = CheckOptions::default();
    /// let mut scratch = Scratch::new();
    /// for body in [&br#"{"type": "individual"}"#[..], b"{}"] {
    ///     let report = rules.check_bytes_in(body, None, &options, &mut scratch)?;
    ///     println!("{}", kyc_preflight::report::json::to_string(&report));
    ///     scratch.reclaim(report);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reclaim(&mut self, report: Report<'_>) {
        self.walk.reclaim(report.findings, report.gates.0);
    }
}

impl Default for Scratch {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch")
            .field("arena_bytes", &self.arena.allocated_bytes())
            .finish_non_exhaustive()
    }
}

/// Empty `arena` for a body of `len` bytes: a first arena as
/// [`RuleSet::check_bytes`] makes one, and past
/// [`Scratch::RETAINED_ARENA`] a new one, so that one large body does not
/// keep its memory for every small one after it.
fn prepare(arena: &mut bumpalo::Bump, len: usize) {
    let held = arena.allocated_bytes();
    if held == 0 || held > Scratch::RETAINED_ARENA {
        *arena = bumpalo::Bump::with_capacity(arena_capacity(len));
    } else {
        arena.reset();
    }
}

/// One rule of a rule set, as [`RuleSet::rules`] lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo<'a> {
    /// `kira/create-user#phone`: the `rule` of the findings it raises.
    pub id: &'a str,
    /// `field`, `collection` or `header`.
    pub kind: &'a str,
    /// The JSON Pointer (`*` for every array item) or header name it is about.
    pub path: &'a str,
    /// Where it comes from: a seed section, a provider page or a standard.
    pub source: &'a str,
    /// How the rule file reads the document, where it needed reading.
    pub note: Option<&'a str>,
    /// The value is sensitive (an identifier, a birth date, a file, a
    /// credential): reports never print it.
    pub sensitive: bool,
    /// [`Severity::Warning`](crate::Severity::Warning) for a rule marked
    /// `severity = "warning"`: every finding it raises is a warning, which
    /// fails no gate. [`Severity::Error`](crate::Severity::Error) otherwise
    /// (its findings are errors, or warnings where a format says so).
    pub severity: crate::Severity,
}

impl RuleSet {
    /// The compiled plan, for the exports that read the rules rather than
    /// run them ([`crate::explain`], [`crate::schema`]).
    pub(crate) fn plan(&self) -> &plan::RulePlan {
        &self.plan
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Catalog;

    /// A body that needs a large arena does not leave it to the bodies
    /// after it: the next check starts a new one.
    #[test]
    fn a_scratch_keeps_at_most_its_retained_arena() {
        let rules = Catalog::embedded().get("kira/create-user").unwrap();
        let options = CheckOptions::default();
        let mut scratch = Scratch::new();
        let large = format!("{{\"pad\": \"{}\"}}", "a\\n".repeat(1 << 20));
        let small = br#"{"type": "individual"}"#;
        rules
            .check_bytes_in(large.as_bytes(), None, &options, &mut scratch)
            .unwrap();
        assert!(scratch.arena.allocated_bytes() > Scratch::RETAINED_ARENA);
        rules
            .check_bytes_in(small, None, &options, &mut scratch)
            .unwrap();
        assert!(scratch.arena.allocated_bytes() <= arena_capacity(small.len()) * 4);
        // A small body after a small one reuses the arena it has.
        let before = scratch.arena.allocated_bytes();
        rules
            .check_bytes_in(small, None, &options, &mut scratch)
            .unwrap();
        assert_eq!(scratch.arena.allocated_bytes(), before);
    }

    /// A report given back leaves its vectors and emptied path strings,
    /// within the bounds, and the next report is the one a fresh check
    /// gives.
    #[test]
    fn a_reclaimed_report_leaves_its_memory_within_bounds() {
        let rules = Catalog::embedded().get("kira/create-user").unwrap();
        let options = CheckOptions::default();
        let mut scratch = Scratch::new();
        let report = rules
            .check_bytes_in(b"{}", None, &options, &mut scratch)
            .unwrap();
        let findings = report.findings.len();
        assert!(findings > 3, "{findings}");
        scratch.reclaim(report);
        assert_eq!(scratch.walk.kept_paths(), findings);
        let again = rules
            .check_bytes_in(br#"{"type": "business"}"#, None, &options, &mut scratch)
            .unwrap();
        assert_eq!(
            again,
            rules
                .check_bytes(br#"{"type": "business"}"#, None, &options)
                .unwrap()
        );
        // Room for more findings than the bound is not kept.
        let mut huge = again.clone();
        huge.findings.reserve(5000);
        scratch.reclaim(huge);
        assert!(scratch.walk.kept_findings() <= 1024);
        assert!(scratch.walk.kept_paths() <= 256);
    }
}
