//! `contains` on an absolute pointer, evaluated once per payload.
//!
//! A condition whose pointer starts at the payload root (`{ path =
//! "/associated_persons", contains = … }`) has the same answer wherever it
//! is asked: the items it scans are the root array's, and the inner
//! condition reads each item (never the object that asked). Asked again
//! for every item of another array (a per-item `when`), it made a check
//! quadratic: 10,000 items took 5 s on a 100 KB body. Its answer is kept
//! for the walk, keyed by the condition's address in the plan, so it is
//! scanned once: every rule stays linear in the payload.

use rustc_hash::FxHashMap;

use crate::rules::plan::Cond;

/// The answers of the absolute `contains` conditions asked so far in one
/// walk. Allocated on first use.
#[derive(Default)]
pub(crate) struct Contains {
    known: FxHashMap<usize, bool>,
}

impl Contains {
    pub(crate) fn get(&self, cond: &Cond) -> Option<bool> {
        self.known.get(&key(cond)).copied()
    }

    pub(crate) fn set(&mut self, cond: &Cond, holds: bool) {
        self.known.insert(key(cond), holds);
    }
}

fn key(cond: &Cond) -> usize {
    std::ptr::from_ref(cond) as usize
}

#[cfg(test)]
thread_local! {
    /// Array items `contains` conditions have looked at, on this thread.
    static ITEMS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count one item a `contains` looks at (tests only: the work a check does).
#[inline]
pub(crate) fn count_item() {
    #[cfg(test)]
    ITEMS.with(|n| n.set(n.get() + 1));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CheckOptions, Request, RuleSet};

    fn items_looked_at(rules: &RuleSet, body: &serde_json::Value) -> u64 {
        ITEMS.with(|n| n.set(0));
        let options =
            CheckOptions::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
        let report = rules.check(&Request::new(body), &options);
        assert!(report.findings.len() <= 2 * 10_000);
        ITEMS.with(std::cell::Cell::get)
    }

    /// The tester's rule: a per-item `when` testing `contains` on a root
    /// array. The items looked at grow with the payload (1x), not with its
    /// square: counted, not timed.
    #[test]
    fn an_absolute_contains_per_item_is_linear() {
        let rules = RuleSet::from_toml(
            "q.toml",
            r#"
            id = "q/quadratic"
            source = "issue 20"
            [[gate]]
            name = "request"
            [[field]]
            path = "/items/*/name"
            required = "request"
            when = { path = "/flags", contains = { path = "on", equals = true } }
            [[field]]
            path = "/items/*/code"
            type = "string"
            when = { not = { path = "/flags", contains = { path = "off", equals = true } } }
            "#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let body = |n: usize| {
            let items: Vec<serde_json::Value> =
                (0..n).map(|_| serde_json::json!({"code": 1})).collect();
            let mut flags: Vec<serde_json::Value> =
                (0..n).map(|_| serde_json::json!({"x": 1})).collect();
            flags.push(serde_json::json!({"on": true}));
            serde_json::json!({"items": items, "flags": flags})
        };
        let small = items_looked_at(&rules, &body(100));
        let large = items_looked_at(&rules, &body(1_000));
        // Each condition scans `flags` (n + 1 items, the last matching)
        // once: 2(n + 1), not 2n(n + 1).
        assert_eq!(small, 2 * 101);
        assert_eq!(large, 2 * 1_001);
        // The answers are kept, not guessed: `flags` holds an `on` item
        // (so `name` is required) and no `off` one (so `code` is checked).
        let report = rules.check(&Request::new(&body(3)), &CheckOptions::default());
        let paths: Vec<(&str, &str)> = report
            .findings
            .iter()
            .map(|f| (f.path.as_str(), &*f.code))
            .collect();
        assert_eq!(
            paths,
            [
                ("/items/0/code", "type"),
                ("/items/0/name", "required"),
                ("/items/1/code", "type"),
                ("/items/1/name", "required"),
                ("/items/2/code", "type"),
                ("/items/2/name", "required"),
            ]
        );
    }
}
