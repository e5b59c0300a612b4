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
//! break (DESIGN.md, "severity"), and there are exactly four:
//!
//! | code | why only a warning |
//! | --- | --- |
//! | `format.rfc.check_digit` | about 1.5% of the RFCs the SAT issued fail their own check digit or homoclave pattern |
//! | `format.rfc.generic` | the SAT's generic RFCs are accepted, but are not the taxpayer's own |
//! | `format.curp.gender_x` | RENAPO issues sex `X` CURPs, outside its published rule |
//! | `format.e164.not_in_numbering_plan` | libphonenumber's metadata lags new number ranges |
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
    /// registries are known to issue such values (see DESIGN.md "severity").
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

/// Every named format, as used in rule files (`format = "e164"`) and by
/// `kyc-preflight format NAME`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// E-mail address, as zod v3's `email()` accepts it ([`email`]).
    Email,
    /// ITU-T E.164 phone number, `+` and up to 15 digits ([`e164`]).
    E164,
    /// ISO 3166-1 alpha-2 country code, officially assigned, upper case ([`iso3166`]).
    Iso3166Alpha2,
    /// ISO 3166-1 alpha-3 country code, officially assigned, upper case ([`iso3166`]).
    Iso3166Alpha3,
    /// Calendar date `YYYY-MM-DD` (ISO 8601 / RFC 3339 full-date) ([`date`]).
    Date,
    /// UUID in the hyphenated 8-4-4-4-12 form ([`uuid`]).
    Uuid,
    /// RFC 2397 data URI with base64 content ([`data_uri`]).
    DataUri,
    /// USA Social Security Number ([`ssn`]).
    Ssn,
    /// USA Individual Taxpayer Identification Number ([`itin`]).
    Itin,
    /// USA Employer Identification Number ([`ein`]).
    Ein,
    /// Mexico RFC (Registro Federal de Contribuyentes) ([`rfc`]).
    Rfc,
    /// Mexico CURP (Clave Única de Registro de Población) ([`curp`]).
    Curp,
    /// Brazil CPF ([`cpf`]).
    Cpf,
    /// Brazil CNPJ, numeric and the alphanumeric form from July 2026 ([`cnpj`]).
    Cnpj,
    /// Colombia NIT: 9-digit base and its DIAN check digit ([`nit`]).
    Nit,
    /// Colombia NIT base alone: 9 digits, no check digit ([`nit`]).
    NitBase,
    /// Colombia NIT of a natural person: the cédula number (1 to 10
    /// digits) and its DIAN check digit ([`nit::check_natural`]).
    NitNatural,
    /// Colombia NUIP, a person's cédula number: 1 to 10 digits, no check
    /// digit ([`nuip`]).
    Nuip,
    /// RFC 3339 timestamp `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` ([`date_time`]).
    DateTime,
    /// IPv4 address, dotted quad without leading zeros ([`ip::check_ipv4`]).
    Ipv4,
    /// IPv6 address in an RFC 4291 text form, no zone id ([`ip::check_ipv6`]).
    Ipv6,
    /// Absolute RFC 3986 URI, with a scheme ([`uri::check_uri`]).
    Uri,
    /// `http` or `https` URI with a non-empty host ([`uri::check_url`]).
    Url,
    /// United Kingdom National Insurance number, HMRC's prefix rules and
    /// suffix A–D ([`nino`]).
    Nino,
    /// India PAN: five letters, four digits and a letter, the fourth the
    /// holder type ([`pan`]).
    Pan,
    /// Chile RUT: a 7- or 8-digit body and its modulo-11 check digit ([`rut`]).
    Rut,
    /// Argentina CUIT/CUIL: type, number and modulo-11 check digit ([`cuit`]).
    Cuit,
}

impl Format {
    /// Every format, in the order `kyc-preflight format --help` lists them.
    pub const ALL: [Format; 27] = [
        Format::Email,
        Format::E164,
        Format::Iso3166Alpha2,
        Format::Iso3166Alpha3,
        Format::Date,
        Format::Uuid,
        Format::DataUri,
        Format::Ssn,
        Format::Itin,
        Format::Ein,
        Format::Rfc,
        Format::Curp,
        Format::Cpf,
        Format::Cnpj,
        Format::Nit,
        Format::NitBase,
        Format::NitNatural,
        Format::Nuip,
        Format::DateTime,
        Format::Ipv4,
        Format::Ipv6,
        Format::Uri,
        Format::Url,
        Format::Nino,
        Format::Pan,
        Format::Rut,
        Format::Cuit,
    ];

    /// The name used in rule files and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Email => "email",
            Format::E164 => "e164",
            Format::Iso3166Alpha2 => "iso3166-alpha2",
            Format::Iso3166Alpha3 => "iso3166-alpha3",
            Format::Date => "date",
            Format::Uuid => "uuid",
            Format::DataUri => "data-uri",
            Format::Ssn => "ssn",
            Format::Itin => "itin",
            Format::Ein => "ein",
            Format::Rfc => "rfc",
            Format::Curp => "curp",
            Format::Cpf => "cpf",
            Format::Cnpj => "cnpj",
            Format::Nit => "nit",
            Format::NitBase => "nit-base",
            Format::NitNatural => "nit-natural",
            Format::Nuip => "nuip",
            Format::DateTime => "date-time",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::Url => "url",
            Format::Nino => "nino",
            Format::Pan => "pan",
            Format::Rut => "rut",
            Format::Cuit => "cuit",
        }
    }

    /// The format with this name, if any.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What a valid value looks like, for messages (never a real person's value).
    pub const fn describe(self) -> &'static str {
        match self {
            Format::Email => "an e-mail address such as jane.doe@example.com",
            Format::E164 => "an E.164 phone number such as +12025551234",
            Format::Iso3166Alpha2 => "an ISO 3166-1 alpha-2 country code such as US or MX",
            Format::Iso3166Alpha3 => "an ISO 3166-1 alpha-3 country code such as USA or MEX",
            Format::Date => "a date in YYYY-MM-DD format",
            Format::Uuid => "a UUID such as 550e8400-e29b-41d4-a716-446655440000",
            Format::DataUri => "a base64 data URI such as data:image/jpeg;base64,...",
            Format::Ssn => "a USA SSN (AAA-GG-SSSS)",
            Format::Itin => "a USA ITIN (9XX-XX-XXXX)",
            Format::Ein => "a USA EIN (XX-XXXXXXX)",
            Format::Rfc => "a Mexican RFC (12 characters for companies, 13 for people)",
            Format::Curp => "a Mexican CURP (18 characters)",
            Format::Cpf => "a Brazilian CPF (11 digits)",
            Format::Cnpj => "a Brazilian CNPJ (14 characters)",
            Format::Nit => "a Colombian NIT (9-digit base and its check digit)",
            Format::NitBase => "a Colombian NIT base (9 digits, without the check digit)",
            Format::NitNatural => {
                "a Colombian person's NIT (the cédula number and its check digit)"
            }
            Format::Nuip => "a Colombian NUIP (the cédula number, at most 10 digits)",
            Format::DateTime => "an RFC 3339 date-time such as 2026-01-15T09:30:00Z",
            Format::Ipv4 => "an IPv4 address such as 192.0.2.1",
            Format::Ipv6 => "an IPv6 address such as 2001:db8::1",
            Format::Uri => {
                "an absolute URI such as https://example.com/path or urn:isbn:0451450523"
            }
            Format::Url => "an http or https URL such as https://example.com/path",
            Format::Nino => "a UK National Insurance number (AB123456C or AB 12 34 56 C)",
            Format::Pan => "an Indian PAN (AAAAA9999A, the fourth letter the holder type)",
            Format::Rut => "a Chilean RUT (12.345.678-5, 12345678-5 or 123456785)",
            Format::Cuit => "an Argentine CUIT (20-12345678-6 or 11 digits)",
        }
    }

    /// Check `value` against this format.
    ///
    /// # Errors
    ///
    /// The [`Reason`] the value fails, with its stable code and severity.
    pub fn check(self, value: &str) -> Result<(), Reason> {
        match self {
            Format::Email => email::check(value),
            Format::E164 => e164::check(value),
            Format::Iso3166Alpha2 => iso3166::check_alpha2(value),
            Format::Iso3166Alpha3 => iso3166::check_alpha3(value),
            Format::Date => date::check(value),
            Format::Uuid => uuid::check(value),
            Format::DataUri => data_uri::check(value),
            Format::Ssn => ssn::check(value),
            Format::Itin => itin::check(value),
            Format::Ein => ein::check(value),
            Format::Rfc => rfc::check(value),
            Format::Curp => curp::check(value),
            Format::Cpf => cpf::check(value),
            Format::Cnpj => cnpj::check(value),
            Format::Nit => nit::check(value),
            Format::NitBase => nit::check_base(value),
            Format::NitNatural => nit::check_natural(value),
            Format::Nuip => nuip::check(value),
            Format::DateTime => date_time::check(value),
            Format::Ipv4 => ip::check_ipv4(value),
            Format::Ipv6 => ip::check_ipv6(value),
            Format::Uri => uri::check_uri(value),
            Format::Url => uri::check_url(value),
            Format::Nino => nino::check(value),
            Format::Pan => pan::check(value),
            Format::Rut => rut::check(value),
            Format::Cuit => cuit::check(value),
        }
    }

    /// The verdict on `value`, as `kyc-preflight format NAME VALUE` prints
    /// it: `valid`, `warning: <code>` or `invalid: <code>` (its `Display`).
    /// A warning is a [`Reason`] of [`Severity::Warning`]; any other reason
    /// makes the value invalid.
    ///
    /// # Examples
    ///
    /// ```
    /// use kyc_preflight::formats::{Format, Verdict};
    ///
    /// assert_eq!(Format::Ssn.verdict("123-45-6789"), Verdict::Valid);
    /// assert_eq!(Format::Ssn.verdict("666-45-6789").to_string(), "invalid: format.ssn.area");
    /// assert_eq!(Format::Curp.verdict("GOMA850101XJCRRN00").to_string(), "warning: format.curp.gender_x");
    /// ```
    pub fn verdict(self, value: &str) -> Verdict {
        match self.check(value) {
            Ok(()) => Verdict::Valid,
            Err(reason) if reason.severity == Severity::Warning => Verdict::Warning(reason.code),
            Err(reason) => Verdict::Invalid(reason.code),
        }
    }
}

/// What [`Format::verdict`] says of one value. `Display` writes the line
/// `kyc-preflight format` prints: `valid`, `warning: <code>` or
/// `invalid: <code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The value has the format.
    Valid,
    /// The value has the format but breaks a rule real registries are known
    /// to break (a [`Severity::Warning`] reason); its stable code.
    Warning(&'static str),
    /// The value does not have the format; the stable code of the first
    /// rule it breaks.
    Invalid(&'static str),
}

impl Verdict {
    /// True for [`Verdict::Invalid`] (what makes `kyc-preflight format` exit 1).
    pub fn is_invalid(self) -> bool {
        matches!(self, Verdict::Invalid(_))
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Valid => f.write_str("valid"),
            Verdict::Warning(code) => write!(f, "warning: {code}"),
            Verdict::Invalid(code) => write!(f, "invalid: {code}"),
        }
    }
}
