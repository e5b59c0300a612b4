//! The rule language: rule files (TOML) and their compiled form (the
//! plan), alone. Nothing here knows of payloads, reports or exports: the
//! modules import nothing from `engine`, `input`, `report`, `explain` or
//! `schema` (docs/architecture.md). The public face of a compiled plan is
//! [`crate::RuleSet`] (src/ruleset.rs).
//!
//! A rule file describes one provider endpoint. See the README section
//! "Writing a rule set" for the words it uses; [`RuleSet::from_toml`](crate::RuleSet::from_toml)
//! compiles one and reports every mistake with its `line:column`.
//!
//! # Examples
//!
//! ```
//! use kyc_preflight::{CheckOptions, Request, RuleSet};
//!
//! let rules = RuleSet::from_toml("mini.toml", r#"
//!     id = "example/mini"
//!     source = "an example"
//!
//!     [[gate]]
//!     name = "request"
//!
//!     [[field]]
//!     path = "/email"
//!     type = "string"
//!     format = "email"
//!     required = "request"
//! "#)?;
//! let body = serde_json::json!({"email": "not an e-mail"});
//! let report = rules.check(&Request::new(&body), &CheckOptions::default());
//! assert_eq!(report.findings[0].code, "format.email");
//! assert_eq!(report.findings[0].path, "/email");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod compile;
mod error;
mod error_body;
pub(crate) mod limits;
pub(crate) mod plan;
pub(crate) mod raw;
#[cfg(test)]
mod reference;

pub(crate) use error::did_you_mean;
pub use error::{RuleFileError, RuleProblem};
pub use error_body::ErrorBody;
pub use limits::RuleLimits;
