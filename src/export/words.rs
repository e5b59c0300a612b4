//! The plan's conditions and pointers in words, as both exports write
//! them: `type = "ssn"`, `type in tax_ids ["ssn", …]`, `documents has an
//! item where type = "front"`.

use crate::rules::plan::{number_json, Cond, Ptr, Scalar};

/// A condition in words: `type = "ssn"`, `type in tax_ids ["ssn", …]`,
/// `documents has an item where type = "front"`.
pub(crate) fn describe_cond(cond: &Cond) -> String {
    match cond {
        Cond::Equals(p, s) => format!("{} = {}", describe_ptr(p.as_ref()), scalar_text(s)),
        Cond::NotEquals(p, s) => format!("{} != {}", describe_ptr(p.as_ref()), scalar_text(s)),
        Cond::In(p, set) => format!("{} in {}", describe_ptr(p.as_ref()), set.describe()),
        Cond::NotIn(p, set) => format!("{} not in {}", describe_ptr(p.as_ref()), set.describe()),
        Cond::Matches(p, re) => format!("{} matches {}", describe_ptr(p.as_ref()), re.as_str()),
        Cond::Present(p, true) => format!("{} is present", describe_ptr(Some(p))),
        Cond::Present(p, false) => format!("{} is absent", describe_ptr(Some(p))),
        Cond::Contains(p, inner) => format!(
            "{} has an item where {}",
            describe_ptr(Some(p)),
            describe_cond(inner)
        ),
        Cond::All(parts) if parts.is_empty() => "always".to_string(),
        Cond::Any(parts) if parts.is_empty() => "never".to_string(),
        Cond::All(parts) => parts.iter().map(conjunct).collect::<Vec<_>>().join(" and "),
        Cond::Any(parts) => parts
            .iter()
            .map(|c| match c {
                Cond::All(p) | Cond::Any(p) if p.len() > 1 => format!("({})", describe_cond(c)),
                _ => describe_cond(c),
            })
            .collect::<Vec<_>>()
            .join(" or "),
        Cond::Not(inner) => format!("not ({})", describe_cond(inner)),
    }
}

/// A part of an `and`: an `or` in parentheses.
pub(crate) fn conjunct(c: &Cond) -> String {
    match c {
        Cond::Any(p) if p.len() > 1 => format!("({})", describe_cond(c)),
        _ => describe_cond(c),
    }
}

/// A pointer as written, or "the value" for none.
pub(crate) fn describe_ptr(p: Option<&Ptr>) -> String {
    p.map_or_else(|| "the value".to_string(), Ptr::describe)
}

fn scalar_text(s: &Scalar) -> String {
    s.to_json().to_string()
}

/// A number as JSON writes it (whole numbers as integers).
pub(crate) fn number_text(n: f64) -> String {
    number_json(n).to_string()
}
