//! Named value checks ("formats"): one small module per format, each a pure
//! function `fn check(&str) -> Result<(), Reason>`.
//!
//! Formats know nothing of rule sets or rendering. A failed check returns a
//! [`Reason`]: a stable dotted `code` (never renamed once released), a
//! [`Severity`] and a static, human `detail` that never contains the value
//! checked, so a caller can print it next to a sensitive field.
//!
//! Each module cites the source of its rules, lists its codes and says
//! which written forms it accepts. A check returns the first error the value
//! has; a warning only when it has no error.
//!
//! # Severity
//!
//! Breaking an official rule is an [`Severity::Error`]. A
//! [`Severity::Warning`] is kept for rules real registries are known to
//! break, or for a written form no document rules out (docs/design.md,
//! "The principle: no false errors"). They are:
//!
//! | code | why only a warning |
//! | --- | --- |
//! | `format.rfc.check_digit` | about 1.5% of the RFCs the SAT issued fail their own check digit or homoclave pattern |
//! | `format.rfc.generic` | the SAT's generic RFCs are accepted, but are not the taxpayer's own |
//! | `format.curp.gender_x` | RENAPO issues sex `X` CURPs, outside its published rule |
//! | `format.e164.not_in_numbering_plan` | libphonenumber's metadata lags new number ranges |
//! | `format.cpf.punctuated` | a valid CPF in the Receita's printed form `NNN.NNN.NNN-NN`, which no document rules out |
//! | `format.cnpj.punctuated` | a valid CNPJ in the Receita's printed form `XX.XXX.XXX/XXXX-NN`, which no document rules out |
//! | `format.nit.punctuated` | a valid NIT in DIAN's printed form `NNN.NNN.NNN-D`, which no document rules out |
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::formats::Format;
//!
//! let ssn = Format::from_name("ssn").unwrap();
//! assert!(ssn.check("123-45-6789").is_ok());
//! let reason = ssn.check("666-45-6789").unwrap_err();
//! assert_eq!(reason.code, "format.ssn.area");
//! ```

use std::borrow::Cow;

use crate::Severity;

pub mod cnpj;
pub mod cpf;
pub mod cuit;
pub mod curp;
pub mod data_uri;
pub mod date;
pub mod date_time;
pub mod e164;
pub mod ein;
pub mod email;
pub mod ip;
pub mod iso3166;
pub mod itin;
pub mod nino;
pub mod nit;
pub mod nuip;
pub mod pan;
pub mod rfc;
pub mod rut;
pub mod ssn;
pub mod uri;
pub mod uuid;

/// Why a value failed a format check.
///
/// `code` is stable (`format.<name>` when the value does not have the
/// format's shape at all, `format.<name>.<rule>` for a specific rule such as
/// `format.rfc.check_digit`). `detail` is a short sentence for a person; it
/// never contains the value that was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    /// Stable dotted code, e.g. `format.ssn.area`.
    pub code: &'static str,
    /// `Error` when the value breaks the official rule; `Warning` when real
    /// registries are known to issue such values (see docs/design.md).
    pub severity: Severity,
    /// What is wrong, for a person, without the value.
    pub detail: &'static str,
}

impl Reason {
    /// An error reason.
    pub const fn error(code: &'static str, detail: &'static str) -> Self {
        Self {
            code,
            severity: Severity::Error,
            detail,
        }
    }

    /// A warning reason.
    pub const fn warning(code: &'static str, detail: &'static str) -> Self {
        Self {
            code,
            severity: Severity::Warning,
            detail,
        }
    }
}

macro_rules! formats {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $name:literal, $module:ident::{$check:ident, $schema:ident},
            $describe:literal;
    )*) => {
        /// Every named format, as used in rule files (`format = "e164"`) and by
        /// `kyc-preflight format NAME`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Format {
            $($(#[$doc])* $variant,)*
        }

        impl Format {
            /// Every format, in the order `kyc-preflight format --help` lists them.
            pub const ALL: [Format; [$($name),*].len()] = [$(Format::$variant),*];

            /// The name used in rule files and on the command line.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Format::$variant => $name,)*
                }
            }

            /// What a valid value looks like, for messages (never a real person's value).
            pub const fn describe(self) -> &'static str {
                match self {
                    $(Format::$variant => $describe,)*
                }
            }

            /// Check `value` against this format.
            ///
            /// # Errors
            ///
            /// The [`Reason`] the value fails, with its stable code and severity.
            pub fn check(self, value: &str) -> Result<(), Reason> {
                match self {
                    $(Format::$variant => $module::$check(value),)*
                }
            }

            /// The module of this crate's `formats` that holds the format's
            /// check and its JSON Schema part: `ssn` for [`Format::Ssn`],
            /// `nit` for the three NIT formats.
            pub const fn module(self) -> &'static str {
                match self {
                    $(Format::$variant => stringify!($module),)*
                }
            }

            /// The format's part of the exported JSON Schema.
            pub(crate) fn json_schema(self) -> JsonSchema {
                match self {
                    $(Format::$variant => $module::$schema(),)*
                }
            }
        }
    };
}

// One row a format: its variant, its name, its module's check and JSON
// Schema functions, and what a valid value looks like. `Format::ALL`, the
// CLI's list of formats and `kyc-preflight format NAME` follow this order.
formats! {
    /// E-mail address, as zod v3's `email()` accepts it ([`email`]).
    Email = "email", email::{check, json_schema},
        "an e-mail address such as jane.doe@example.com";
    /// ITU-T E.164 phone number, `+` and up to 15 digits ([`e164`]).
    E164 = "e164", e164::{check, json_schema},
        "an E.164 phone number such as +12025551234";
    /// ISO 3166-1 alpha-2 country code, officially assigned, upper case ([`iso3166`]).
    Iso3166Alpha2 = "iso3166-alpha2", iso3166::{check_alpha2, json_schema_alpha2},
        "an ISO 3166-1 alpha-2 country code such as US or MX";
    /// ISO 3166-1 alpha-3 country code, officially assigned, upper case ([`iso3166`]).
    Iso3166Alpha3 = "iso3166-alpha3", iso3166::{check_alpha3, json_schema_alpha3},
        "an ISO 3166-1 alpha-3 country code such as USA or MEX";
    /// Calendar date `YYYY-MM-DD` (ISO 8601 / RFC 3339 full-date) ([`date`]).
    Date = "date", date::{check, json_schema},
        "a date in YYYY-MM-DD format";
    /// UUID in the hyphenated 8-4-4-4-12 form ([`uuid`]).
    Uuid = "uuid", uuid::{check, json_schema},
        "a UUID such as 550e8400-e29b-41d4-a716-446655440000";
    /// RFC 2397 data URI with base64 content ([`data_uri`]).
    DataUri = "data-uri", data_uri::{check, json_schema},
        "a base64 data URI such as data:image/jpeg;base64,...";
    /// USA Social Security Number ([`ssn`]).
    Ssn = "ssn", ssn::{check, json_schema},
        "a USA SSN (AAA-GG-SSSS)";
    /// USA Individual Taxpayer Identification Number ([`itin`]).
    Itin = "itin", itin::{check, json_schema},
        "a USA ITIN (9XX-XX-XXXX)";
    /// USA Employer Identification Number ([`ein`]).
    Ein = "ein", ein::{check, json_schema},
        "a USA EIN (XX-XXXXXXX)";
    /// Mexico RFC (Registro Federal de Contribuyentes) ([`rfc`]).
    Rfc = "rfc", rfc::{check, json_schema},
        "a Mexican RFC (12 characters for companies, 13 for people)";
    /// Mexico CURP (Clave Única de Registro de Población) ([`curp`]).
    Curp = "curp", curp::{check, json_schema},
        "a Mexican CURP (18 characters)";
    /// Brazil CPF ([`cpf`]).
    Cpf = "cpf", cpf::{check, json_schema},
        "a Brazilian CPF (11 digits)";
    /// Brazil CNPJ, numeric and the alphanumeric form from July 2026 ([`cnpj`]).
    Cnpj = "cnpj", cnpj::{check, json_schema},
        "a Brazilian CNPJ (14 characters)";
    /// Colombia NIT: 9-digit base and its DIAN check digit ([`nit`]).
    Nit = "nit", nit::{check, json_schema},
        "a Colombian NIT (9-digit base and its check digit)";
    /// Colombia NIT base alone: 9 digits, no check digit ([`nit`]).
    NitBase = "nit-base", nit::{check_base, json_schema_base},
        "a Colombian NIT base (9 digits, without the check digit)";
    /// Colombia NIT of a natural person: the cédula number (1 to 10
    /// digits) and its DIAN check digit ([`nit::check_natural`]).
    NitNatural = "nit-natural", nit::{check_natural, json_schema_natural},
        "a Colombian person's NIT (the cédula number and its check digit)";
    /// Colombia NUIP, a person's cédula number: 1 to 10 digits, no check
    /// digit ([`nuip`]).
    Nuip = "nuip", nuip::{check, json_schema},
        "a Colombian NUIP (the cédula number, at most 10 digits)";
    /// RFC 3339 timestamp `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` ([`date_time`]).
    DateTime = "date-time", date_time::{check, json_schema},
        "an RFC 3339 date-time such as 2026-01-15T09:30:00Z";
    /// IPv4 address, dotted quad without leading zeros ([`ip::check_ipv4`]).
    Ipv4 = "ipv4", ip::{check_ipv4, json_schema_ipv4},
        "an IPv4 address such as 192.0.2.1";
    /// IPv6 address in an RFC 4291 text form, no zone id ([`ip::check_ipv6`]).
    Ipv6 = "ipv6", ip::{check_ipv6, json_schema_ipv6},
        "an IPv6 address such as 2001:db8::1";
    /// Absolute RFC 3986 URI, with a scheme ([`uri::check_uri`]).
    Uri = "uri", uri::{check_uri, json_schema_uri},
        "an absolute URI such as https://example.com/path or urn:isbn:0451450523";
    /// `http` or `https` URI with a non-empty host ([`uri::check_url`]).
    Url = "url", uri::{check_url, json_schema_url},
        "an http or https URL such as https://example.com/path";
    /// United Kingdom National Insurance number, HMRC's prefix rules and
    /// suffix A–D ([`nino`]).
    Nino = "nino", nino::{check, json_schema},
        "a UK National Insurance number (AB123456C or AB 12 34 56 C)";
    /// India PAN: five letters, four digits and a letter, the fourth the
    /// holder type ([`pan`]).
    Pan = "pan", pan::{check, json_schema},
        "an Indian PAN (AAAAA9999A, the fourth letter the holder type)";
    /// Chile RUT: a 7- or 8-digit body and its modulo-11 check digit ([`rut`]).
    Rut = "rut", rut::{check, json_schema},
        "a Chilean RUT (12.345.678-5, 12345678-5 or 123456785)";
    /// Argentina CUIT/CUIL: type, number and modulo-11 check digit ([`cuit`]).
    Cuit = "cuit", cuit::{check, json_schema},
        "an Argentine CUIT (20-12345678-6 or 11 digits)";
}

/// A format's part of the exported JSON Schema (`kyc-preflight rules
/// schema`): what a validator can check of a value, and what it leaves to
/// [`Format::check`].
pub(crate) struct JsonSchema {
    /// JSON Schema's own `format` keyword, given only where its meaning is
    /// the format's (email, date, uuid, ...), and always beside a `pattern`
    /// that asserts it (many validators treat `format` as an annotation).
    pub(crate) format: Option<&'static str>,
    /// The written shape, as a regular expression (`pattern`).
    pub(crate) pattern: Option<Cow<'static, str>>,
    /// The `$defs` entry of a list of codes the value must be one of (`$ref`).
    pub(crate) codes: Option<Codes>,
    /// What of the format only `check` can tell, for the property's
    /// description ("the SSN's area, group and serial rules").
    pub(crate) left_out: Option<&'static str>,
}

/// A `$defs` entry of codes ([`JsonSchema::codes`]): its key, its
/// description and the codes.
pub(crate) struct Codes {
    pub(crate) key: &'static str,
    pub(crate) description: &'static str,
    pub(crate) values: &'static [&'static str],
}

impl JsonSchema {
    /// A `pattern` and nothing else.
    pub(crate) fn pattern(pattern: impl Into<Cow<'static, str>>) -> Self {
        JsonSchema {
            format: None,
            pattern: Some(pattern.into()),
            codes: None,
            left_out: None,
        }
    }

    /// One of a list of codes, and nothing else.
    pub(crate) fn codes(codes: Codes) -> Self {
        JsonSchema {
            format: None,
            pattern: None,
            codes: Some(codes),
            left_out: None,
        }
    }

    /// With JSON Schema's `format` keyword `keyword` too.
    pub(crate) fn with_format(self, keyword: &'static str) -> Self {
        JsonSchema {
            format: Some(keyword),
            ..self
        }
    }

    /// Leaving `what` to `check`.
    pub(crate) fn leaving_out(self, what: &'static str) -> Self {
        JsonSchema {
            left_out: Some(what),
            ..self
        }
    }
}

impl Format {
    /// The format with this name, if any.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Check `value` and sum the result up as `kyc-preflight format` does:
    /// [`Verdict::Valid`], a [`Verdict::Warning`] (the value passes; see
    /// "Severity" above) or [`Verdict::Invalid`], with the reason.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::formats::{Format, Verdict};
    ///
    /// let e164 = Format::from_name("e164").unwrap();
    /// assert_eq!(e164.verdict("+12025551234"), Verdict::Valid);
    /// assert_eq!(e164.verdict("2025551234").to_string(), "invalid: format.e164");
    /// ```
    pub fn verdict(self, value: &str) -> Verdict {
        match self.check(value) {
            Ok(()) => Verdict::Valid,
            Err(reason) if reason.severity == Severity::Warning => Verdict::Warning(reason),
            Err(reason) => Verdict::Invalid(reason),
        }
    }
}

/// One value's verdict against a format ([`Format::verdict`]).
///
/// `Display` is the line `kyc-preflight format` prints for it: `valid`,
/// `warning: <code>` or `invalid: <code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The value has the format.
    Valid,
    /// The value passes, but breaks a rule real registries are known to
    /// break (a [`Severity::Warning`] reason).
    Warning(Reason),
    /// The value does not have the format (a [`Severity::Error`] reason).
    Invalid(Reason),
}

impl Verdict {
    /// The reason, unless the value is valid.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Verdict::Valid => None,
            Verdict::Warning(reason) | Verdict::Invalid(reason) => Some(reason),
        }
    }

    /// `valid`, `warning` or `invalid`.
    pub const fn name(&self) -> &'static str {
        match self {
            Verdict::Valid => "valid",
            Verdict::Warning(_) => "warning",
            Verdict::Invalid(_) => "invalid",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.reason() {
            None => f.write_str(self.name()),
            Some(reason) => write!(f, "{}: {}", self.name(), reason.code),
        }
    }
}
