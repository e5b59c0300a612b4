//! kyc-preflight: offline pre-flight checks of KYC/KYB onboarding payloads.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod formats;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The gate the finding blocks fails.
    Error,
    /// Worth a look; the gate still passes.
    Warning,
}
