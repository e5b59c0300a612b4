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
    // Bytes, not chars: `~` and `/` are ASCII, and a byte loop is far
    // cheaper than a multi-char pattern search on every finding.
    if !token.bytes().any(|b| b == b'~' || b == b'/') {
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
