//! RFC 6901 JSON Pointers, the one place their tokens are escaped and
//! unescaped: `~` is written `~0` and `/` is written `~1` in a token; a
//! pointer is empty (the whole document) or `/`-separated tokens.
//!
//! Used by the rule compiler (rule and condition paths), the engine (a
//! finding's `path`), the renderers (`locate`, the provider bodies) and
//! `explain`.

use std::borrow::Cow;

/// Append `/` and `token` escaped (`~` → `~0`, `/` → `~1`) to `out`.
pub(crate) fn push_token(out: &mut String, token: &str) {
    out.push('/');
    if !needs_escape(token.as_bytes()) {
        out.push_str(token);
        return;
    }
    for ch in token.chars() {
        match ch {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// `~` (0x7E) or `/` (0x2F) in `token`, eight bytes at a time: a byte
/// loop cost about 3 instructions a byte of every segment of every
/// finding's path. Tokens of 8 bytes or more are read as words, the last
/// one overlapping the one before it; shorter ones byte by byte. The
/// proptest holds it to the byte loop.
fn needs_escape(token: &[u8]) -> bool {
    /// Has `word` a byte equal to each byte of `splat` (a byte repeated)?
    /// The classic "has a zero byte" test on `word ^ splat`: exact, no
    /// false positives (Hacker's Delight, 6-1).
    fn has(word: u64, splat: u64) -> bool {
        const LOW: u64 = 0x7F7F_7F7F_7F7F_7F7F;
        let x = word ^ splat;
        !((x & LOW).wrapping_add(LOW) | x | LOW) != 0
    }
    const TILDE: u64 = 0x7E7E_7E7E_7E7E_7E7E;
    const SLASH: u64 = 0x2F2F_2F2F_2F2F_2F2F;
    let word = |w: &[u8; 8]| u64::from_le_bytes(*w);
    let Some(last) = token.last_chunk::<8>() else {
        return token.iter().any(|&b| b == b'~' || b == b'/');
    };
    let mut chunks = token.chunks_exact(8);
    let found = chunks
        .by_ref()
        .filter_map(|c| c.first_chunk::<8>())
        .any(|w| has(word(w), TILDE) || has(word(w), SLASH));
    found || has(word(last), TILDE) || has(word(last), SLASH)
}

/// `token` escaped, borrowed when nothing needs escaping.
pub(crate) fn escape(token: &str) -> Cow<'_, str> {
    if token.bytes().any(|b| b == b'~' || b == b'/') {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

/// Unescape one reference token: `~0` is `~` and `~1` is `/`; any other
/// `~` makes it invalid (`None`). Decoding left to right gives `~01` →
/// `~1`, as RFC 6901 requires.
pub(crate) fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Split a pointer into unescaped tokens; `None` when it is not one
/// (neither empty nor starting with `/`, or a bad `~` escape).
pub(crate) fn parse(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .map(unescape)
        .collect()
}

/// An array index per RFC 6901: `0` or digits without a leading zero.
/// `-` (one past the end) and anything else never select an element.
pub(crate) fn array_index(token: &str) -> Option<usize> {
    match token.as_bytes() {
        [b'0'] => Some(0),
        [b'1'..=b'9', rest @ ..] if rest.iter().all(u8::is_ascii_digit) => token.parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        /// The word-at-a-time test answers as the byte loop it replaced:
        /// every length to 40, `~` and `/` anywhere, and their neighbours
        /// (`}`, `\x7F`, `.`, `0`, bytes with the high bit set) that a
        /// wrong mask would take for them.
        #[test]
        fn needs_escape_is_the_byte_loop(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![b'~', b'/', b'}', 0x7F, b'.', b'0', 0xFE, 0xAF, 0x2E, 0x00]),
                    proptest::prelude::any::<u8>(),
                ],
                0..40,
            ),
        ) {
            proptest::prop_assert_eq!(
                needs_escape(&bytes),
                bytes.iter().any(|&b| b == b'~' || b == b'/'),
                "{:?}", bytes
            );
        }
    }

    #[test]
    fn tokens_round_trip() {
        for token in ["", "a", "a/b", "m~n", "~1", "~0/~", "é/😀"] {
            let mut out = String::new();
            push_token(&mut out, token);
            assert_eq!(out, format!("/{}", escape(token)));
            assert_eq!(parse(&out).unwrap(), vec![token.to_string()]);
        }
        assert_eq!(unescape("~01").as_deref(), Some("~1"));
        assert_eq!(unescape("~2"), None);
        assert_eq!(unescape("a~"), None);
        assert_eq!(parse("a"), None);
        assert_eq!(parse(""), Some(vec![]));
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("10"), Some(10));
        for bad in ["01", "-", "+1", "", "1a"] {
            assert_eq!(array_index(bad), None, "{bad}");
        }
    }
}
