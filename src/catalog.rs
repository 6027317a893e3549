//! The rule catalog: each rule's public face, read from the `rules/*.toml` files embedded
//! at build time.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::rule::Rule;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));
}

/// One `rules/<ID>.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    pub id: String,
    pub name: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The family the rule belongs to (identity, redirect-uri, client, app-type, service, scope, tokens).
    pub family: String,
    /// One sentence: what the rule finds.
    pub summary: String,
    /// Why it matters.
    pub why: String,
    /// How to fix it.
    pub fix: String,
    #[serde(default)]
    pub references: Vec<Reference>,
    #[serde(default)]
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// `bad` or `good`.
    pub kind: String,
    /// `yaml`, `json` or `toml`; the file name the example is checked under follows it.
    #[serde(default = "default_format")]
    pub format: String,
    #[serde(default)]
    pub description: String,
    /// A single definition file.
    #[serde(default)]
    pub code: String,
    /// Several files (a definition and app configs), checked together as a folder.
    #[serde(default)]
    pub files: Vec<ExampleFile>,
}

/// One file of a multi-file example.
#[derive(Debug, Clone, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExampleFile {
    /// Where the file sits, relative to the example's folder (`web/.env.production`).
    pub path: String,
    pub code: String,
}

fn default_format() -> String {
    "yaml".into()
}

impl RuleDoc {
    /// The rule the page declares. The build script generated [`Rule`] from these same
    /// pages, so every embedded page has one.
    pub fn rule(&self) -> Option<Rule> {
        Rule::lookup(&self.id)
    }

    /// The primary documentation of the rule on the web: its first reference (the ERP.net
    /// page or standard the rule rests on). SARIF's `helpUri` points there.
    pub fn help_uri(&self) -> Option<&str> {
        self.references.first().map(|r| r.url.as_str())
    }
}

/// Every rule file embedded in the binary, as (file name, text).
pub fn files() -> &'static [(&'static str, &'static str)] {
    embedded::RULE_FILES
}

/// The parsed catalog, in code order. The files are part of the binary, and a test parses
/// every one of them, so a broken file cannot ship.
pub fn catalog() -> &'static [RuleDoc] {
    static CATALOG: OnceLock<Vec<RuleDoc>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let mut docs: Vec<RuleDoc> = files()
            .iter()
            .filter_map(|(_, text)| toml::from_str(text).ok())
            .collect();
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        docs
    })
}

pub fn doc(rule: Rule) -> Option<&'static RuleDoc> {
    catalog().iter().find(|d| d.id == rule.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_page_and_the_page_agrees_with_the_generated_rule() {
        for rule in Rule::ALL {
            let doc = doc(*rule).unwrap_or_else(|| panic!("{rule} has no page"));
            assert_eq!(doc.name, rule.name());
            assert_eq!(doc.severity, rule.default_severity().as_str());
            assert_eq!(doc.family, rule.family().name());
            assert_eq!(doc.summary, rule.summary());
        }
        assert_eq!(catalog().len(), Rule::ALL.len());
    }

    #[test]
    fn every_rule_file_parses() {
        for (name, text) in files() {
            if let Err(e) = toml::from_str::<RuleDoc>(text) {
                panic!("rules/{name} does not parse: {e}");
            }
        }
    }
}
