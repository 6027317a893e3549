//! trustlint: a static analyzer for ERP.net Trusted Application registrations and the
//! configs of the apps that use them.
//!
//! The data flows one way, and each module depends only on those below it:
//!
//! - [`engine`] runs a check: [`discover`] finds the files, [`input`] says what each is,
//!   [`formats`] and [`configs`] parse them into span-keeping [`tree`]s, [`model`] builds
//!   the Trusted Applications and users, [`rules`] check them (each rule declared by its
//!   page in `rules/`, see [`rule`]), [`suppress`] holds back what the project accepted;
//! - the result is a [`report::Report`] of [`finding::Finding`]s, which [`render`] formats
//!   and [`redact`] and [`escape`] keep safe to show; [`fingerprint`] gives each finding
//!   the stable name that baselines and code scanning match it by;
//! - [`audit`] turns a finished report into the audit of an instance (`trustlint audit`);
//! - [`policy`] reads an organisation's own policies (`[[policy]]`), which the `PL` rules
//!   apply on top of ERP.net's;
//! - [`cli`] is the command line; [`choose`] recommends a flow and writes a registration.

pub mod audit;
pub mod catalog;
pub mod choose;
pub mod cli;
pub mod configs;
pub mod coverage;
pub mod date;
pub mod diff;
pub mod discover;
pub mod engine;
pub mod error;
pub mod escape;
pub mod finding;
pub mod fingerprint;
pub mod formats;
pub mod input;
pub mod model;
pub mod paths;
pub mod policy;
pub mod pull;
pub mod redact;
pub mod render;
pub mod report;
pub mod rule;
pub mod rule_pages;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod settings;
pub mod source;
pub mod staged;
pub mod suggest;
pub mod suppress;
pub mod tree;
pub mod work;

// The entry points a caller needs, named where they are used most.
pub use engine::{CheckOptions, check_paths, check_sources, check_staged};
pub use error::Error;
pub use input::InputKind;
pub use paths::{glob_matches, relative_path};
pub use report::{FoundSecret, Report};
