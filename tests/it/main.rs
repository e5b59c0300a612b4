//! kyc-preflight's integration tests, in one binary (one link instead of
//! one a file): a module per area, each with its own documentation.
//! `common` holds the helpers they share; the corpus and fuzz generators
//! are in the `kyc-preflight-testkit` crate.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

mod alpaca;
mod architecture;
mod batch;
mod cli;
mod cli_rules_export;
mod corpus;
mod e164_plan;
mod entry_points;
mod explain_tables;
mod fixtures;
mod formats_props;
mod formats_vectors;
mod formats_vectors_tax_ids;
mod fuzz_bounded;
mod hostile;
mod kira_contradictions;
mod kira_documents;
mod kira_examples;
mod privacy;
mod properties;
mod provider_bodies;
mod regression;
mod requirement_message;
mod rule_files;
mod rule_words;
mod severity;
