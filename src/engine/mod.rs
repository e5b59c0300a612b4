//! Walks a payload (and its headers) against a compiled rule set and
//! collects every finding; never stops at the first.
//!
//! The walk follows the plan, and matches each object's members to the
//! plan's in one pass over the object (its "slots"). Conditions read the
//! members they test from those slots when the compiler bound their
//! pointers to them (`Bound`, in the rule plan), and search the object
//! otherwise; collection rules are evaluated item by item while each item
//! is walked, so they read its slots too. Paths are kept as a stack of
//! borrowed segments and turned into a JSON Pointer string only when a
//! finding is made.
//!
//! Its files: the walk (`walk.rs`), conditions (`conditions.rs`),
//! collection rules (`collections.rs`), headers (`headers.rs`) and finding
//! order (`order.rs`); here, [`check`], which runs them, [`input_report`],
//! and `FieldCx`, the engine as the check words (`crate::checks`) see it.

use std::borrow::Cow;

use chrono::NaiveDate;

use crate::checks;
use crate::report::{Detail, Finding, GateVerdict, Gates, Location, Report};
use crate::rules::plan::*;
use crate::Severity;

mod absolute;
mod collections;
mod conditions;
pub(crate) mod doc;
mod headers;
pub(crate) mod json;
mod limits;
mod order;
#[cfg(test)]
mod testing;
mod walk;

use conditions::{eval, resolve, Ctx};
pub(crate) use headers::Headers;
pub(crate) use json::{JsonValue, Kind};
use order::Extra;
pub(crate) use walk::Buffers;
use walk::Walk;

/// Run `plan` over `body` (and `headers`, when given), growing `buffers`
/// (the walk's vectors: new, or kept from the last check on this thread
/// by [`crate::Scratch`]) rather than new ones, and leaving them there for
/// the next.
#[allow(clippy::too_many_arguments)]
pub(crate) fn check<'p, 'v, 'a>(
    plan: &'p RulePlan,
    body: &'v doc::Doc<'a>,
    headers: Option<Headers<'_>>,
    today: NaiveDate,
    max_items: usize,
    max_findings: usize,
    buffers: &mut Buffers<'static, 'static, doc::Doc<'static>>,
) -> Report<'p> {
    let mine = std::mem::replace(buffers, Buffers::empty()).recycle();
    let (report, used) = check_walking(
        plan,
        body,
        headers,
        today,
        max_items,
        max_findings,
        true,
        mine,
    );
    *buffers = used.recycle();
    report
}

/// [`check`], with leaves checked by `Walk::leaf` or, without
/// `leaves_inline`, by the general `Walk::node` (the tests' plain walk).
#[allow(clippy::too_many_arguments)]
fn check_walking<'p, 'v, J: JsonValue>(
    plan: &'p RulePlan,
    body: &'v J,
    headers: Option<Headers<'_>>,
    today: NaiveDate,
    max_items: usize,
    max_findings: usize,
    leaves_inline: bool,
    buffers: Buffers<'p, 'v, J>,
) -> (Report<'p>, Buffers<'p, 'v, J>) {
    // The root's members are matched once, before the variant is chosen,
    // so that variant conditions read them from the slots too.
    let mut walk = Walk::with_buffers(plan, body, None, today, max_items, buffers);
    walk.max_findings = max_findings;
    walk.leaves_inline = leaves_inline;
    walk.match_root();
    let mut matches = |v: &'p Variant| match &v.when {
        Some(cond) => {
            let root = walk.root_ctx;
            eval(cond, Some(root), &mut walk.env())
        }
        None => true,
    };
    let variant = match plan.select {
        VariantSelect::First => plan.variants.iter().position(&mut matches),
        VariantSelect::Closest => {
            let mut candidates: Vec<usize> = (0..plan.variants.len())
                .filter(|i| plan.variants.get(*i).is_some_and(&mut matches))
                .collect();
            if candidates.is_empty() {
                candidates = (0..plan.variants.len()).collect();
            }
            if let [only] = candidates[..] {
                Some(only) // no trial walk for a single candidate
            } else {
                // Fewest errors wins; ties go to the first declared.
                candidates.into_iter().min_by_key(|v| {
                    let mut trial = Walk::new(plan, body, Some(*v), today, max_items);
                    trial.max_findings = max_findings;
                    trial.leaves_inline = leaves_inline;
                    trial.node(&plan.root, Some(body), Some(Ctx::plain(body)), true, None);
                    trial
                        .found
                        .iter()
                        .filter(|f| f.severity == Severity::Error)
                        .count()
                })
            }
        }
    };
    walk.variant = variant;
    let mut header_findings = Vec::new();
    if let Some(headers) = headers {
        walk.headers(headers, &mut header_findings);
        limits::line_breaks(plan, headers, &mut header_findings);
    }
    if header_findings.len() > max_findings {
        header_findings.truncate(max_findings);
        walk.truncated = true;
    }
    walk.max_findings = max_findings - header_findings.len();
    walk.node(&plan.root, Some(body), Some(Ctx::plain(body)), true, None);
    if walk.truncated {
        walk.too_many_findings(max_findings);
    }
    let found = std::mem::take(&mut walk.found);
    let mut found = order::in_document_order(found, &mut walk.keys, &walk.orders);
    let findings: Vec<Finding<'p>> = if header_findings.is_empty() {
        found
    } else {
        header_findings.append(&mut found);
        header_findings
    };
    let mut failed = 0u64;
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(g) = plan.gates.iter().position(|g| *g.name == f.gate) {
            failed |= 1u64 << g;
        }
    }
    let mut gates = std::mem::take(&mut walk.gates);
    gates.extend(plan.gates.iter().map(|g| GateVerdict {
        name: Cow::Borrowed(&*g.name),
        passed: g.failed_by & failed == 0,
    }));
    let report = Report {
        rule_set: Cow::Borrowed(&*plan.id),
        variant: variant
            .and_then(|v| plan.variants.get(v))
            .map(|v| Cow::Borrowed(&*v.name)),
        gates: Gates(gates),
        findings,
        headers_checked: headers.is_some(),
    };
    (report, walk.into_buffers())
}

/// The report of a body that could not be checked at all: one `input`
/// error at the API gate with `message` (which never quotes the input),
/// failing that gate and every gate that depends on it; no variant.
pub(crate) fn input_report(plan: &RulePlan, message: String) -> Report<'_> {
    let gates = plan
        .gates
        .iter()
        .map(|g| GateVerdict {
            name: Cow::Borrowed(&*g.name),
            passed: g.failed_by & (1u64 << API_GATE) == 0,
        })
        .collect();
    Report {
        rule_set: Cow::Borrowed(&*plan.id),
        variant: None,
        gates: Gates(gates),
        findings: vec![Finding {
            location: Location::Body,
            path: String::new(),
            gate: Cow::Borrowed(plan.gate_name(API_GATE)),
            severity: Severity::Error,
            code: "input".into(),
            rule: Cow::Owned(format!("{}#input", plan.id)),
            message: Cow::Owned(message),
            source: Cow::Borrowed("RFC 8259 (JSON); kyc-preflight's input limits"),
            detail: None,
        }],
        headers_checked: false,
    }
}

fn type_matches<J: JsonValue>(v: &J, kind: Kind, types: Types) -> bool {
    let t = types.0;
    match kind {
        Kind::String => t & Types::STRING != 0,
        Kind::Number => t & Types::NUMBER != 0 || (t & Types::INTEGER != 0 && v.is_integer()),
        Kind::Bool => t & Types::BOOLEAN != 0,
        Kind::Object => t & Types::OBJECT != 0,
        Kind::Array => t & Types::ARRAY != 0,
        Kind::Null => t & Types::NULL != 0,
    }
}

/// The JSON type name of a value, as zod and JSON Schema say it.
fn json_type_name<J: JsonValue>(v: &J) -> &'static str {
    match v.kind() {
        Kind::Null => "null",
        Kind::Bool => "boolean",
        Kind::Number => "number",
        Kind::String => "string",
        Kind::Array => "array",
        Kind::Object => "object",
    }
}

/// The engine as one field's check words see it ([`checks::Running`]):
/// findings of the field's rule, at the current path, each blocking the
/// gate of the check being run; pointers resolved from the field's
/// object; the slots the field's checks share.
struct FieldCx<'w, 'p, 'v, J> {
    walk: &'w mut Walk<'p, 'v, J>,
    rule: usize,
    gate: GateId,
    ctx: Option<Ctx<'v, J>>,
    date: Option<NaiveDate>,
    file: Option<checks::AcceptedFile<'p, 'v>>,
}

impl<'p, 'v, J: JsonValue> checks::Running<'p, 'v, J> for FieldCx<'_, 'p, 'v, J> {
    fn emit(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        detail: Option<Detail>,
    ) {
        let more = Extra {
            detail,
            ..Extra::default()
        };
        self.walk.emit_whole(
            self.rule,
            self.gate,
            severity,
            Cow::Borrowed(code),
            message,
            &[],
            more,
        );
    }

    fn resolve(&mut self, at: &'p Ptr) -> Option<&'v J> {
        resolve(at, self.ctx, &mut self.walk.env())
    }

    fn today(&self) -> NaiveDate {
        self.walk.today
    }

    fn date(&mut self) -> &mut Option<NaiveDate> {
        &mut self.date
    }

    fn file(&mut self) -> &mut Option<checks::AcceptedFile<'p, 'v>> {
        &mut self.file
    }
}
