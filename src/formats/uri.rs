//! URIs: any absolute URI (`uri`, JSON Schema's `uri`) and web addresses
//! (`url`, an `http` or `https` URI with a host).
//!
//! # Source
//!
//! - `uri` ([`check_uri`]): RFC 3986, "Uniform Resource Identifier (URI):
//!   Generic Syntax", section 3, the `URI` rule: `scheme ":" hier-part
//!   [ "?" query ] [ "#" fragment ]`. A scheme is required; a relative
//!   reference (`/path`, `//host/path`, `example.com`) is not a URI. Only
//!   the characters RFC 3986 allows, percent-encodings of two hex digits,
//!   no spaces, no non-ASCII characters (those are RFC 3987 IRIs, JSON
//!   Schema's `iri`). The parser is the `fluent-uri` crate's, which follows
//!   RFC 3986's ABNF strictly (including IPv6 and IPvFuture hosts and
//!   numeric ports).
//! - `url` ([`check_url`]): a `uri` whose scheme is `http` or `https`
//!   (RFC 9110, "HTTP Semantics", sections 4.2.1 and 4.2.2; schemes compare
//!   case-insensitively, RFC 3986 section 3.1) with an authority whose host
//!   is not empty: RFC 9110 section 4.2.1 says a recipient must reject an
//!   `http` URI with an empty host as invalid. Userinfo, a port, a path, a
//!   query and a fragment are allowed, as the grammar allows them.
//!
//! What is *not* checked: whether a host name resolves or is a public
//! domain (this library is offline), and scheme-specific syntax of schemes
//! other than `http`/`https`.
//!
//! # Codes (all errors)
//!
//! | code | when |
//! | --- | --- |
//! | `format.uri` | not an RFC 3986 URI |
//! | `format.uri.relative` | a relative reference: valid RFC 3986 syntax, but no scheme |
//! | `format.url` | not an RFC 3986 URI |
//! | `format.url.scheme` | a URI whose scheme is not `http` or `https` |
//! | `format.url.host` | an `http(s)` URI without a host |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::uri;
//!
//! assert!(uri::check_uri("urn:isbn:0451450523").is_ok());
//! assert!(uri::check_uri("https://example.com/a?b=c#d").is_ok());
//! assert_eq!(uri::check_uri("example.com/a").unwrap_err().code, "format.uri.relative");
//! assert_eq!(uri::check_uri("https://example.com/a b").unwrap_err().code, "format.uri");
//! assert!(uri::check_url("https://example.com").is_ok());
//! assert_eq!(uri::check_url("ftp://example.com").unwrap_err().code, "format.url.scheme");
//! assert_eq!(uri::check_url("http:///path").unwrap_err().code, "format.url.host");
//! ```

use fluent_uri::{Uri, UriRef};

use super::{JsonSchema, Reason};

const URI: Reason = Reason::error(
    "format.uri",
    "a URI is a scheme, a colon and the rest in RFC 3986 syntax, such as https://example.com/path",
);
const RELATIVE: Reason = Reason::error(
    "format.uri.relative",
    "a URI here is absolute: it starts with a scheme such as https:",
);
const URL: Reason = Reason::error(
    "format.url",
    "a URL is an http or https address in RFC 3986 syntax, such as https://example.com/path",
);
const URL_SCHEME: Reason = Reason::error(
    "format.url.scheme",
    "a URL here starts with http:// or https://",
);
const URL_HOST: Reason = Reason::error(
    "format.url.host",
    "the URL has no host after http:// or https://",
);

/// Check `value` is an absolute RFC 3986 URI.
///
/// # Errors
///
/// `format.uri.relative` for a valid relative reference, `format.uri` for
/// anything else that is not a URI; both
/// [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::uri;
///
/// assert!(uri::check_uri("mailto:jane.doe@example.com").is_ok());
/// assert_eq!(uri::check_uri("https://example.com/%zz").unwrap_err().code, "format.uri");
/// ```
pub fn check_uri(value: &str) -> Result<(), Reason> {
    match Uri::parse(value) {
        Ok(_) => Ok(()),
        Err(_) if UriRef::parse(value).is_ok() => Err(RELATIVE),
        Err(_) => Err(URI),
    }
}

/// Check `value` is an `http` or `https` URI with a non-empty host.
///
/// # Errors
///
/// `format.url` when the value is not a URI, `format.url.scheme` for
/// another scheme, `format.url.host` for an empty or missing host; all
/// [`Severity::Error`](crate::Severity::Error).
///
/// # Examples
///
/// ```
/// use kyc_preflight::formats::uri;
///
/// assert!(uri::check_url("HTTPS://user@[2001:db8::1]:8443/p?q#f").is_ok());
/// assert_eq!(uri::check_url("https://").unwrap_err().code, "format.url.host");
/// assert_eq!(uri::check_url("www.example.com").unwrap_err().code, "format.url");
/// ```
pub fn check_url(value: &str) -> Result<(), Reason> {
    let uri = Uri::parse(value).map_err(|_| URL)?;
    let scheme = uri.scheme().as_str();
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(URL_SCHEME);
    }
    match uri.authority() {
        Some(authority) if !authority.host().is_empty() => Ok(()),
        _ => Err(URL_HOST),
    }
}

/// One character RFC 3986 allows in a URI (unreserved, reserved and `%`):
/// the `uri` and `url` patterns check the scheme and the alphabet only.
const URI_CHARS: &str = "[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]";

/// The `uri` format's part of the exported JSON Schema: `format: uri` and a
/// scheme followed by [`URI_CHARS`], leaving the rest to [`check_uri`].
pub(crate) fn json_schema_uri() -> JsonSchema {
    JsonSchema::pattern(format!("^[A-Za-z][A-Za-z0-9+.-]*:{URI_CHARS}*$"))
        .with_format("uri")
        .leaving_out("the URI's component grammar (RFC 3986 section 3)")
}

/// The `url` format's part of the exported JSON Schema: `format: uri` and
/// `http://` or `https://` followed by [`URI_CHARS`], leaving the rest to
/// [`check_url`].
pub(crate) fn json_schema_url() -> JsonSchema {
    JsonSchema::pattern(format!("^[Hh][Tt][Tt][Pp][Ss]?://{URI_CHARS}+$"))
        .with_format("uri")
        .leaving_out("the URL's component grammar (RFC 3986 section 3) and its non-empty host")
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::Severity;

    fn uri(v: &str) -> Option<&'static str> {
        check_uri(v).err().map(|r| r.code)
    }

    fn url(v: &str) -> Option<&'static str> {
        check_url(v).err().map(|r| r.code)
    }

    #[test]
    fn uri_valid() {
        // RFC 3986 section 1.1.2's examples, and edges of the grammar.
        for v in [
            "ftp://ftp.is.co.za/rfc/rfc1808.txt",
            "http://www.ietf.org/rfc/rfc2396.txt",
            "ldap://[2001:db8::7]/c=GB?objectClass?one",
            "mailto:John.Doe@example.com",
            "news:comp.infosystems.www.servers.unix",
            "tel:+1-816-555-1212",
            "telnet://192.0.2.16:80/",
            "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
            "a:",
            "HTTPS://EXAMPLE.COM",
            "https://example.com/%E2%82%AC?q=1&r=%20#frag",
            "https://user:pass@example.com:8080/",
            "http://[v7.a:b]/",
            "file:///etc/hosts",
            "data:text/plain;base64,aGk=",
        ] {
            assert_eq!(uri(v), None, "{v}");
        }
    }

    #[test]
    fn uri_invalid() {
        for v in [
            ":",
            "1http://example.com",
            "ht tp://example.com",
            "https://example.com/a b",
            "https://example.com/%zz",
            "https://example.com/%4",
            "https://exa mple.com",
            "https://example.com/€",
            "https://[::1/",
            "https://example.com:80a/",
            "https://example.com/<>",
            " https://example.com",
            "https://example.com\n",
            "https://example.com/#a#b",
        ] {
            assert_eq!(uri(v), Some("format.uri"), "{v:?}");
        }
        // The empty string is a relative reference too (RFC 3986 section 4.2).
        for v in [
            "",
            "example.com",
            "/path",
            "//example.com/x",
            "?q",
            "#f",
            "a/b:c",
        ] {
            assert_eq!(uri(v), Some("format.uri.relative"), "{v:?}");
        }
    }

    #[test]
    fn url_forms() {
        for v in [
            "http://example.com",
            "https://example.com/",
            "HTTP://example.com",
            "hTTpS://example.com:443/a/b?c=d#e",
            "https://192.0.2.1/",
            "https://[2001:db8::1]/",
            "https://user@example.com",
            "https://xn--bcher-kva.example/",
        ] {
            assert_eq!(url(v), None, "{v}");
        }
        for v in [
            "ftp://example.com",
            "mailto:a@example.com",
            "httpx://example.com",
            "http+unix://x",
            "ws://example.com",
        ] {
            assert_eq!(url(v), Some("format.url.scheme"), "{v}");
        }
        for v in [
            "http:",
            "http:example.com",
            "https://",
            "http:///a",
            "https://:443/",
            "https://user@/",
        ] {
            assert_eq!(url(v), Some("format.url.host"), "{v}");
        }
        for v in [
            "",
            "example.com",
            "//example.com",
            "https://exa mple.com",
            "https://bücher.example/",
        ] {
            assert_eq!(url(v), Some("format.url"), "{v}");
        }
    }

    #[test]
    fn every_reason_is_an_error() {
        for r in [
            check_uri("x y"),
            check_uri("x"),
            check_url("x y"),
            check_url("ftp://x"),
            check_url("https://"),
        ] {
            assert_eq!(r.unwrap_err().severity, Severity::Error);
        }
    }

    #[test]
    fn the_uri_patterns_accept_what_check_accepts() {
        let uri = regex::Regex::new(&json_schema_uri().pattern.unwrap()).unwrap();
        let url = regex::Regex::new(&json_schema_url().pattern.unwrap()).unwrap();
        let alphabet = ['a', '1', ':', '/', '%', '[', ']', '@', '?', '#', ' ', 'é'];
        let mut strings = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = strings
                .iter()
                .filter(|s| s.chars().count() == strings.last().map_or(0, |l| l.chars().count()))
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            strings.extend(longer);
        }
        let (mut uris, mut urls) = (0, 0);
        for s in &strings {
            for v in [s.clone(), format!("http://{s}")] {
                if crate::formats::uri::check_uri(&v).is_ok() {
                    assert!(uri.is_match(&v), "uri {v:?}");
                    uris += 1;
                }
                if crate::formats::uri::check_url(&v).is_ok() {
                    assert!(url.is_match(&v), "url {v:?}");
                    urls += 1;
                }
            }
        }
        assert_eq!(strings.len(), 1 + 12 + 144 + 1728 + 20736);
        assert!(uris > 2000 && urls > 500, "{uris} uris, {urls} urls");
    }
}
