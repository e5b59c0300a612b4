//! Colombia NUIP (Número Único de Identificación Personal): the number of a
//! person's cédula de ciudadanía or tarjeta de identidad, which is also the
//! base of that person's NIT.
//!
//! # Source
//!
//! Registraduría Nacional del Estado Civil: the NUIP is the number the
//! Registraduría gives a person for life; it has at most 10 digits (the
//! 10-digit numbers issued since 2003 begin with 1; older cédulas have fewer
//! digits) and carries no check digit. DIAN: a natural person's NIT is that
//! number followed by its check digit (see [`super::nit`]). The number is
//! often printed grouped by dots (`79.456.123`), which is accepted.
//!
//! # Codes (errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.nuip` | not 1 to 10 ASCII digits (optionally dot-grouped in threes) |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::nuip;
//!
//! assert!(nuip::check("1032456789").is_ok());
//! assert!(nuip::check("79.456.123").is_ok());
//! assert_eq!(nuip::check("79456123-2").unwrap_err().code, "format.nuip");
//! ```

use super::{JsonSchema, Reason};

const SHAPE: Reason = Reason::error(
    "format.nuip",
    "a NUIP (cédula number) is at most 10 digits, without a check digit",
);

/// The digits of a number written plain (`79456123`) or grouped by dots in
/// threes from the right (`79.456.123`), or `None` for any other shape.
pub(crate) fn digits(value: &str) -> Option<String> {
    let groups: Vec<&str> = value.split('.').collect();
    let plain = groups.len() == 1;
    let mut out = String::with_capacity(value.len());
    for (i, g) in groups.iter().enumerate() {
        let ok = !g.is_empty()
            && g.bytes().all(|b| b.is_ascii_digit())
            && (plain || if i == 0 { g.len() <= 3 } else { g.len() == 3 });
        if !ok {
            return None;
        }
        out.push_str(g);
    }
    Some(out)
}

/// Check `value` is a NUIP: 1 to 10 digits, plain or dot-grouped.
///
/// # Errors
///
/// `format.nuip` ([`Severity::Error`](crate::Severity::Error)) for any
/// other shape.
pub fn check(value: &str) -> Result<(), Reason> {
    match digits(value) {
        Some(d) if (1..=10).contains(&d.len()) => Ok(()),
        _ => Err(SHAPE),
    }
}

/// The format's part of the exported JSON Schema: its written shapes, leaving
/// the rest to [`check`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern("^(?:[0-9]{1,10}|[0-9]{1,3}(?:\\.[0-9]{3}){1,3})$")
        .leaving_out("the NUIP's 10-digit limit when grouped by dots")
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        for v in [
            "1",
            "79456123",
            "1032456789",
            "79.456.123",
            "1.032.456.789",
            "123.456",
        ] {
            assert!(check(v).is_ok(), "{v}");
        }
        for v in [
            "",
            "10324567890",
            "79456123-2",
            "7945612a",
            "79.45.6123",
            ".123",
            "123.",
            "1 234",
            "1..234",
            "1234.567",
        ] {
            assert_eq!(check(v).unwrap_err().code, "format.nuip", "{v:?}");
        }
    }
}
