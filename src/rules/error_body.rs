//! The provider error-body shape a rule file names (`error_body`): a word
//! of the rule language. Rendering a report in that shape is the report's
//! business (`report::provider`).

/// A provider's documented error-body shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorBody {
    /// Kira (Kira User Management § Error Responses): `{"error": "Invalid request data",
    /// "details": [{"path", "message", "code"}]}` with zod v3 codes and
    /// messages; `path` is zod's path joined with `.` (`first_name`,
    /// `identifying_information.0.type`), or the header name.
    Kira,
    /// Immersve (Immersve Create Account, 400): `{"statusCode": 400, "statusName": "Bad
    /// Request", "errorCode": "BAD_REQUEST", "errors": [...]}` with zod-style
    /// messages ("Expected string, received number").
    Immersve,
    /// The customers API (customers API Create an individual customer, 400): `{"traceId", "message"}`. The
    /// trace id is deterministic (derived from the findings, so snapshots
    /// are stable); a real API sends a fresh one.
    Customers,
    /// UnDosTres (docs/sources.md): `{"rs": null, "err": {"code": 5000, "text":
    /// "Validation Error", "hints": [...]}}`.
    UnDosTres,
    /// No documented body (Passport, Passport Create Customer, documents the 400 but not
    /// its body): kyc-preflight's own, clearly generic shape
    /// `{"status": 400, "error": "Bad Request", "message", "errors":
    /// [{"field", "code", "message"}]}`.
    Generic,
}

impl ErrorBody {
    /// Every shape, by the name a rule file uses.
    pub const ALL: [(&'static str, ErrorBody); 5] = [
        ("kira", ErrorBody::Kira),
        ("immersve", ErrorBody::Immersve),
        ("customers", ErrorBody::Customers),
        ("undostres", ErrorBody::UnDosTres),
        ("generic", ErrorBody::Generic),
    ];

    /// The shape named `name` in a rule file.
    pub fn from_name(name: &str) -> Option<ErrorBody> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
    }

    /// Is this the generic body of a provider that documents none?
    pub fn is_generic(self) -> bool {
        self == ErrorBody::Generic
    }
}
