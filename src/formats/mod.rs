//! Loaders: text in one of the supported formats to a [`Node`] tree with spans.
//! A loader never panics on user data: anything it cannot read is a [`ParseError`] with the
//! place the parser stopped at.

pub mod json;
mod syntax_help;
pub mod toml;
pub mod yaml;
mod yaml_events;

pub use syntax_help::explain;

use crate::source::Span;
use crate::tree::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
    Toml,
}

impl Format {
    /// The format a file name implies, from its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
            Format::Toml => "TOML",
        }
    }
}

/// Bounds on what a file may cost to read. JSON nesting is limited to 512 levels by its
/// parser and TOML nesting by its own recursion limit; neither is configurable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Larger files are skipped with TA001.
    pub max_file_bytes: u64,
    /// YAML nesting depth.
    pub max_yaml_depth: usize,
    /// YAML nodes, after alias expansion (the bound on "alias bombs").
    pub max_yaml_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 * 1024 * 1024,
            max_yaml_depth: yaml::MAX_DEPTH,
            max_yaml_nodes: yaml::MAX_NODES,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    /// What to do about it, when the mistake is a common one (a tab in YAML indentation, an
    /// unclosed bracket or quote, a missing comma); empty otherwise.
    pub help: String,
}

pub fn parse(format: Format, text: &str) -> Result<Node, ParseError> {
    parse_limited(format, text, &Limits::default())
}

/// A Domain API export (JSON), reading only what `filter` keeps of its records.
pub fn parse_export(text: &str, filter: &json::RecordFilter<'_>) -> Result<Node, ParseError> {
    json::parse_export(text, filter).map_err(|e| explain(Format::Json, text, e))
}

pub fn parse_limited(format: Format, text: &str, limits: &Limits) -> Result<Node, ParseError> {
    match format {
        Format::Yaml => yaml::parse_limited(text, limits),
        Format::Json => json::parse(text),
        Format::Toml => toml::parse(text),
    }
    .map_err(|e| explain(format, text, e))
}
