//! E-mail addresses, exactly as zod v3's `z.string().email()` accepts them.
//!
//! # Source
//!
//! The Kira API validates request bodies with zod v3, so this format matches
//! zod rather than RFC 5322. zod v3's regex (`packages/zod/src/v3/types.ts`,
//! `emailRegex`, in `colinhacks/zod`) is
//!
//! ```text
//! /^(?!\.)(?!.*\.\.)([A-Z0-9_'+\-\.]*)[A-Z0-9_+-]@([A-Z0-9][A-Z0-9\-]*\.)+[A-Z]{2,}$/i
//! ```
//!
//! The `regex` crate has no look-around, so the two look-aheads are folded
//! into the pattern. "Does not start with `.` and has no `..` anywhere"
//! makes the local part runs of `[A-Za-z0-9_'+\-]` joined by single dots;
//! the domain's labels already start with a letter or digit, so no `..` can
//! occur there. (A JavaScript `.` does not match line terminators, but the
//! rest of the pattern only admits `[A-Za-z0-9_'+\-.@]`, so "no `..`
//! anywhere" is the same condition.) The case-insensitive classes are
//! written out as `A-Za-z`: a JavaScript `/i` class without the `u` flag
//! matches only ASCII letters, whereas Rust's `(?i)` would also match `ſ`
//! (U+017F) and `K` (U+212A, the Kelvin sign). A proptest pins the folded
//! pattern to zod's pattern with the look-aheads checked one by one.
//!
//! In words: the local part is letters, digits and `_ ' + - .`, does not
//! start with `.`, and ends with a letter, digit, `_`, `+` or `-`; the
//! domain is one or more labels that start with a letter or digit and
//! continue with letters, digits and `-`, each followed by `.`, then a
//! top-level domain of two or more letters. No IP literals, quoted local
//! parts or internationalised addresses, no surrounding spaces (zod does
//! not trim unless told to).
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.email` | zod v3 would reject it |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::email;
//!
//! assert!(email::check("jane.doe+kyc@example.com.mx").is_ok());
//! assert_eq!(email::check(".jane@example.com").unwrap_err().code, "format.email");
//! assert!(email::check("jane..doe@example.com").is_err());
//! assert!(email::check("jane@example.c").is_err());
//! assert!(email::check("jane@localhost").is_err());
//! ```

use std::sync::LazyLock;

use regex_automata::dfa::{dense, Automaton as _};
use regex_automata::{Anchored, Input};

use super::{JsonSchema, Reason};

const INVALID: Reason = Reason::error(
    "format.email",
    "not an e-mail address the provider accepts, such as jane.doe@example.com",
);

/// zod v3's `emailRegex` with its two look-aheads folded in: `(?!\.)(?!.*\.\.)`
/// and `[A-Z0-9_'+\-\.]*` together are runs of the other characters, each
/// but the last followed by one dot.
// `build.rs` reads this line (its exact shape) and builds the DFA from it;
// the tests read the constant.
#[cfg_attr(not(test), allow(dead_code))]
const PATTERN: &str = r"^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+\-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$";

/// [`PATTERN`] as an anchored dense DFA (2,392 bytes serialised), built by `build.rs`
/// at compile time for the target's byte order, so that the library only
/// searches DFAs and never builds one.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// The serialised DFA, aligned as `DFA::from_bytes` needs.
static SERIALISED: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/email.dfa")),
};

/// Deserialised once, on first use (a validation of those bytes, no
/// copy). `None` cannot happen for the bytes `build.rs` wrote (a unit test
/// loads them); a value is then rejected, never a panic.
static EMAIL: LazyLock<Option<dense::DFA<&'static [u32]>>> = LazyLock::new(|| {
    dense::DFA::from_bytes(&SERIALISED.bytes)
        .ok()
        .map(|(dfa, _)| dfa)
});

/// Check `value` is an e-mail address zod v3's `email()` accepts.
///
/// # Errors
///
/// `format.email` ([`Severity::Error`](crate::Severity::Error)) when zod v3
/// would reject it.
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::email;
///
/// assert!(email::check("o'brien@example.ie").is_ok());
/// assert!(email::check("jane.@example.com").is_err());
/// ```
pub fn check(value: &str) -> Result<(), Reason> {
    let input = Input::new(value).anchored(Anchored::Yes).earliest(true);
    match EMAIL.as_ref().map(|dfa| dfa.try_search_fwd(&input)) {
        Some(Ok(Some(_))) => Ok(()),
        _ => Err(INVALID),
    }
}

/// zod v3's e-mail regex ([`check`]) without its two
/// look-aheads, so that regex engines without them (RE2, Go) take it: the
/// local part is dot-separated runs, none empty, of letters, digits and
/// `_ ' + -`, ending with a letter, digit, `_`, `+` or `-` (which is "does
/// not start with `.`, has no `..`, ends with one of those"); the domain
/// cannot hold `..` since each label starts with a letter or digit.
const SCHEMA_PATTERN: &str = "^(?:[A-Za-z0-9_'+-]+\\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\\.)+[A-Za-z]{2,}$";

/// The format's part of the exported JSON Schema: `format: email` and
/// [`SCHEMA_PATTERN`].
pub(crate) fn json_schema() -> JsonSchema {
    JsonSchema::pattern(SCHEMA_PATTERN).with_format("email")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn pattern_compiles() {
        assert!(regex::Regex::new(PATTERN).is_ok());
        assert!(EMAIL.is_some());
    }

    /// The DFA `build.rs` serialised is the one [`PATTERN`] builds now.
    #[test]
    fn the_serialised_dfa_is_the_patterns() {
        use regex_automata::dfa::StartKind;
        let dfa = dense::Builder::new()
            .configure(dense::Config::new().start_kind(StartKind::Anchored))
            .build(PATTERN)
            .unwrap();
        let (bytes, pad) = dfa.to_bytes_native_endian();
        assert_eq!(&bytes[pad..], &SERIALISED.bytes);
    }

    /// zod v3's `emailRegex` as written, without its two look-aheads.
    const ZOD: &str =
        r"^[A-Za-z0-9_'+\-.]*[A-Za-z0-9_+\-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$";

    /// zod's pattern through `regex::Regex`, the look-aheads checked one by
    /// one: the oracle the folded DFA must agree with.
    fn by_regex(value: &str) -> bool {
        static RE: LazyLock<regex::Regex> = LazyLock::new(|| regex::Regex::new(ZOD).unwrap());
        // (?!\.) and (?!.*\.\.)
        !value.starts_with('.') && !value.contains("..") && RE.is_match(value)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        #[test]
        fn dfa_agrees_with_the_regex(
            value in proptest::prop_oneof![
                "[a-c.'_+@-]{0,6}@[a-c.-]{0,6}\\.[a-cA-Z0-9ſ]{0,3}",
                // dots where the look-aheads bite: first, doubled, last, by '@'
                "\\.?(?:[a'+]{0,2}\\.{1,2}){0,3}[a_']?@(?:[a-]{0,2}\\.{1,2}){1,2}[a.]{0,3}",
                "[a-zA-Z0-9._'+@ -]{0,16}",
                "\\PC{0,12}",
            ]
        ) {
            proptest::prop_assert_eq!(check(&value).is_ok(), by_regex(&value), "{:?}", value);
        }
    }

    #[test]
    fn accepted() {
        for v in [
            "jane.doe@example.com",
            "JANE.DOE@EXAMPLE.COM",
            "a@b.co",
            "user+tag@sub.example.org",
            "o'brien@example.ie",
            "first_last-1@ex-ample.com.br",
            "-@example.com",
            "a.b.c@example.museum",
            "1@2.io",
            "x@a-.com", // zod allows a label ending in '-'
        ] {
            assert!(check(v).is_ok(), "{v:?}");
        }
    }

    #[test]
    fn rejected() {
        for v in [
            "",
            "plainaddress",
            "@example.com",
            ".jane@example.com",
            "jane.@example.com",
            "jane'@example.com",
            "jane..doe@example.com",
            "jane@example..com",
            "jane@example",
            "jane@example.c",
            "jane@example.c0m",
            "jane@-example.com",
            "jane@.example.com",
            "jane@example.com.",
            "jane@@example.com",
            "jane doe@example.com",
            " jane@example.com",
            "jane@example.com ",
            "jane@example.com\n",
            "\"jane\"@example.com",
            "jane@[127.0.0.1]",
            "jane@exa_mple.com",
            "jöhn@example.com",
            "john@exämple.com",
            "jane@example.ſe",        // U+017F, not an ASCII letter
            "jane@example.\u{212A}r", // Kelvin sign
            "jane!@example.com",
            "ja%ne@example.com",
        ] {
            assert_eq!(check(v).unwrap_err().code, "format.email", "{v:?}");
        }
    }
}
