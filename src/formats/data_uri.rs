//! STUB: to be implemented by the formats work. Interface used by the engine's `file` rule.
use super::Reason;

/// A file kind recognised from its leading magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// PDF (`%PDF-`).
    Pdf,
    /// None of the kinds above.
    Other,
}

impl Sniffed {
    /// The media type this kind is declared as (`image/jpeg`, `image/png`, `application/pdf`).
    pub const fn media_type(self) -> Option<&'static str> {
        match self {
            Sniffed::Jpeg => Some("image/jpeg"),
            Sniffed::Png => Some("image/png"),
            Sniffed::Pdf => Some("application/pdf"),
            Sniffed::Other => None,
        }
    }
}

/// A syntactically valid base64 data URI, borrowed from the checked string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataUri<'a> {
    /// The declared media type, lower-cased comparison is the caller's; as written.
    pub media_type: &'a str,
    /// The base64 payload after `;base64,`.
    pub payload: &'a str,
}

impl DataUri<'_> {
    /// Size in bytes of the decoded content.
    pub fn decoded_len(&self) -> usize { 0 }
    /// The kind the first decoded bytes show.
    pub fn sniff(&self) -> Sniffed { Sniffed::Other }
}

/// Parse `value` as an RFC 2397 data URI with base64 content.
///
/// # Errors
/// The reason the value is not one.
pub fn parse(value: &str) -> Result<DataUri<'_>, Reason> {
    Ok(DataUri { media_type: "", payload: value })
}

/// Check `value` is a base64 data URI.
///
/// # Errors
/// The reason the value is not one.
pub fn check(value: &str) -> Result<(), Reason> {
    parse(value).map(|_| ())
}
