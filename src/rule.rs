//! What a rule is: its code, name, default severity, family and summary, all generated
//! from its page, `rules/<code>.toml`, by the build script; and the levels a configuration
//! gives rules, which decide whether a rule runs and how serious its findings are.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;

include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// How serious a finding is. Ordered, so `--fail-on` can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Rule {
    /// Finds a rule by its code (`TA201`, any case) or its name (`redirect-uri-not-https`).
    pub fn lookup(text: &str) -> Option<Rule> {
        let text = text.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(text) || r.name() == text)
    }
}

/// A rule is written as its code wherever it is serialized.
impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A rule's level in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// Which rules run and at what severity: the one place rule levels are applied. A rule that
/// is off is not run, and a finding of it raised while loading is dropped; a rule given a
/// level reports at that severity whatever its default or its own choice.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The configured level of each rule that has one, the last setting winning.
    levels: Vec<(Rule, Level)>,
}

impl Selection {
    /// Every rule on, at the severity each finding is raised with.
    pub fn all() -> Selection {
        Selection::default()
    }

    /// The selection a configuration's `[rules]` levels make, in the order they were read.
    pub fn with_levels(levels: &[(Rule, Level)]) -> Selection {
        Selection {
            levels: levels.to_vec(),
        }
    }

    /// The level the configuration gives a rule, if it gives one.
    pub fn level(&self, rule: Rule) -> Option<Level> {
        self.levels
            .iter()
            .rev()
            .find(|(r, _)| *r == rule)
            .map(|(_, l)| *l)
    }

    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.level(rule) != Some(Level::Off)
    }

    /// The severity a finding raised at `raised` has under this configuration: `None` when
    /// its rule is off, the configured level's severity when there is one.
    pub fn severity_for(&self, rule: Rule, raised: Severity) -> Option<Severity> {
        match self.level(rule) {
            Some(level) => level.severity(),
            None => Some(raised),
        }
    }
}
