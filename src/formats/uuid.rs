//! UUIDs in the hyphenated 8-4-4-4-12 form, any version, either case.
//!
//! # Source
//!
//! RFC 9562, "Universally Unique IDentifiers (UUIDs)", section 4: the
//! string form is 32 hexadecimal digits in groups of 8, 4, 4, 4 and 12
//! separated by `-`; upper and lower case are both accepted on input.
//!
//! The check matches zod v3's `z.string().uuid()` (`uuidRegex` in
//! `packages/zod/src/v3/types.ts`, `colinhacks/zod`):
//! `/^[0-9a-fA-F]{8}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{4}\b-[0-9a-fA-F]{12}$/i`.
//! Its `\b` always holds between a hex digit and `-`, so any version and
//! variant nibble is accepted, including the nil and max UUIDs. No braces,
//! no `urn:uuid:` prefix, no 32-digit unhyphenated form.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.uuid` | not 8-4-4-4-12 hexadecimal digits |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::uuid;
//!
//! assert!(uuid::check("550e8400-e29b-41d4-a716-446655440000").is_ok());
//! assert!(uuid::check("550E8400-E29B-71D4-A716-446655440000").is_ok()); // v7, upper case
//! assert_eq!(uuid::check("550e8400e29b41d4a716446655440000").unwrap_err().code, "format.uuid");
//! ```

use super::{JsonSchema, Reason};

const INVALID: Reason = Reason::error(
    "format.uuid",
    "a UUID is 32 hexadecimal digits grouped 8-4-4-4-12 with hyphens",
);

/// Check `value` is a hyphenated UUID.
///
/// # Errors
///
/// `format.uuid` ([`Severity::Error`](crate::Severity::Error)) otherwise.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::uuid;
///
/// assert!(uuid::check("00000000-0000-0000-0000-000000000000").is_ok());
/// assert!(uuid::check("{550e8400-e29b-41d4-a716-446655440000}").is_err());
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let bytes = value.as_bytes();
    if bytes.len() != 36 {
        return Err(INVALID);
    }
    let ok = bytes.iter().enumerate().all(|(i, b)| match i {
        8 | 13 | 18 | 23 => *b == b'-',
        _ => b.is_ascii_hexdigit(),
    });
    if ok {
        Ok(())
    } else {
        Err(INVALID)
    }
}

/// The format's part of the exported JSON Schema: `format: uuid` and the
/// hyphenated form, in either case.
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern(
        "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
    )
    .with_format("uuid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted() {
        for v in [
            "550e8400-e29b-41d4-a716-446655440000",
            "550E8400-E29B-41D4-A716-446655440000",
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "01890a5d-ac96-774b-bcce-b302099a8057",
            "123e4567-e89b-02d3-0456-426614174000",
        ] {
            assert!(check(v).is_ok(), "{v}");
        }
    }

    #[test]
    fn rejected() {
        for v in [
            "",
            "550e8400e29b41d4a716446655440000",
            "550e8400-e29b-41d4-a716-44665544000",
            "550e8400-e29b-41d4-a716-4466554400000",
            "550e8400-e29b-41d4-a716_446655440000",
            "550e8400-e29b41d4-a716-446655440000-",
            "g50e8400-e29b-41d4-a716-446655440000",
            "{550e8400-e29b-41d4-a716-446655440000}",
            "urn:uuid:550e8400-e29b-41d4-a716-446655440000",
            " 550e8400-e29b-41d4-a716-44665544000",
            "550e8400-e29b-41d4-a716-44665544000é",
        ] {
            assert!(check(v).is_err(), "{v:?}");
        }
    }
}
