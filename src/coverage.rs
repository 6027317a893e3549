//! What a run did not check, and why: a pull request can switch the gate off by changing
//! the configuration, adding ignore files or suppressions, so every run says, in every
//! format, which files it left out, which rules the configuration changed and which
//! findings were suppressed.

use serde_json::{Value, json};

/// How the lines that close the human and concise formats start (the counts, then what
/// was not checked): anything else in concise output is a finding.
pub const SUMMARY_PREFIXES: &[&str] = &[
    "Found ",
    "No problems found",
    "Not checked: ",
    "Rules changed by the configuration: ",
    "Suppressed: ",
    "Policies applied: ",
    "Warning: the configuration excluded",
];

/// What was not checked. Paths are display paths (escaped).
#[derive(Debug, Default, Clone)]
pub struct NotChecked {
    /// Files that `include`/`exclude` in trustlint.toml left out: how many, and the names
    /// of those named like definitions or configs.
    pub excluded_by_config: usize,
    pub excluded_named: Vec<String>,
    /// Untracked definitions and configs that git's ignore rules leave out.
    pub ignored_named: Vec<String>,
    /// Links and special files named like definitions or configs, which are not read.
    pub special_named: Vec<String>,
    /// Other things not checked, each with why: submodules, files under node_modules, a
    /// walk that git did not list.
    pub notes: Vec<String>,
    /// Rules the configuration turned off or gave another level: (code, level).
    pub rules: Vec<(String, String)>,
    /// Suppressions that held back findings: (rule code, by what, reason, how many).
    pub suppressions: Vec<(String, String, Option<String>, usize)>,
    /// The configuration excluded every definition the run found.
    pub every_definition_excluded: bool,
    /// The organisation policies the run applied: (name, the file it came from), so that
    /// a pull request that deletes one shows it.
    pub policies: Vec<(String, String)>,
}

/// How a finding was suppressed, as the suppressing step records it.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub rule: crate::finding::Rule,
    /// `inline comment`, `[[ignore]] entry` or `baseline`.
    pub by: &'static str,
    pub reason: Option<String>,
}

impl NotChecked {
    pub fn is_empty(&self) -> bool {
        self.excluded_by_config == 0
            && self.ignored_named.is_empty()
            && self.special_named.is_empty()
            && self.notes.is_empty()
            && self.rules.is_empty()
            && self.suppressions.is_empty()
            && self.policies.is_empty()
    }

    /// Groups the suppressions by rule, source and reason.
    pub fn add_suppressions(&mut self, applied: &[Suppression]) {
        for s in applied {
            let code = s.rule.code().to_string();
            let shown = s
                .reason
                .as_deref()
                .map(|r| crate::escape::clean_text(&crate::secrets::mask_shaped(r)));
            match self
                .suppressions
                .iter_mut()
                .find(|(r, by, reason, _)| *r == code && *by == s.by && *reason == shown)
            {
                Some(entry) => entry.3 += 1,
                None => self.suppressions.push((
                    code,
                    s.by.to_string(),
                    // A reason is text from a file: masked and escaped like a message.
                    s.reason
                        .as_deref()
                        .map(|r| crate::escape::clean_text(&crate::secrets::mask_shaped(r))),
                    1,
                )),
            }
        }
        self.suppressions.sort();
    }

    /// The lines the text formats print after their summary (none when all was checked).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let names = |list: &[String]| {
            const SHOWN: usize = 10;
            let mut shown: Vec<String> = list.iter().take(SHOWN).cloned().collect();
            if list.len() > SHOWN {
                shown.push(format!("and {} more", list.len() - SHOWN));
            }
            shown.join(", ")
        };
        let mut files = Vec::new();
        if self.excluded_by_config > 0 {
            let mut part = format!(
                "{} excluded by the configuration",
                plural(self.excluded_by_config, "file")
            );
            if !self.excluded_named.is_empty() {
                part.push_str(&format!(" ({})", names(&self.excluded_named)));
            }
            files.push(part);
        }
        if !self.ignored_named.is_empty() {
            files.push(format!(
                "{} ignored by git's ignore rules ({})",
                plural(self.ignored_named.len(), "definition or config"),
                names(&self.ignored_named)
            ));
        }
        if !self.special_named.is_empty() {
            files.push(format!(
                "{} that {} links or special files ({})",
                plural(self.special_named.len(), "file"),
                if self.special_named.len() == 1 {
                    "is"
                } else {
                    "are"
                },
                names(&self.special_named)
            ));
        }
        files.extend(self.notes.iter().cloned());
        if !files.is_empty() {
            out.push(format!("Not checked: {}.", files.join("; ")));
        }
        if self.every_definition_excluded {
            out.push(
                "Warning: the configuration excluded every definition; no registration was checked."
                    .to_string(),
            );
        }
        if !self.rules.is_empty() {
            let rules: Vec<String> = self
                .rules
                .iter()
                .map(|(code, level)| format!("{code} {level}"))
                .collect();
            out.push(format!(
                "Rules changed by the configuration: {}.",
                rules.join(", ")
            ));
        }
        if !self.suppressions.is_empty() {
            let list: Vec<String> = self
                .suppressions
                .iter()
                .map(|(code, by, reason, n)| match (by.as_str(), reason) {
                    ("baseline", _) => format!("{n} {code} by the baseline"),
                    (_, Some(r)) => format!("{n} {code} by {by} (\"{r}\")"),
                    (_, None) => format!("{n} {code} by {by} (no reason given)"),
                })
                .collect();
            out.push(format!("Suppressed: {}.", list.join("; ")));
        }
        if !self.policies.is_empty() {
            let list: Vec<String> = self
                .policies
                .iter()
                .map(|(name, origin)| format!("{name} ({origin})"))
                .collect();
            out.push(format!("Policies applied: {}.", list.join(", ")));
        }
        out
    }

    /// The same as JSON, for the `json` summary and SARIF.
    pub fn value(&self) -> Value {
        json!({
            "excluded_by_config": self.excluded_by_config,
            "excluded_by_config_named": self.excluded_named,
            "ignored_by_git": self.ignored_named,
            "links_and_special_files": self.special_named,
            "other": self.notes,
            "every_definition_excluded": self.every_definition_excluded,
            "rules_changed": self.rules.iter().map(|(code, level)| json!({"rule": code, "level": level})).collect::<Vec<_>>(),
            "suppressions": self.suppressions.iter().map(|(code, by, reason, n)| json!({"rule": code, "by": by, "reason": reason, "count": n})).collect::<Vec<_>>(),
        })
    }

    /// The policies the run applied, as JSON (`[{"name", "file"}]`): a summary of their own
    /// beside what was not checked.
    pub fn policies_value(&self) -> Value {
        json!(
            self.policies
                .iter()
                .map(|(name, origin)| json!({"name": name, "file": origin}))
                .collect::<Vec<_>>()
        )
    }

    /// Whether a summary line is the one that lists the policies applied (not something
    /// left unchecked).
    pub fn is_policy_line(line: &str) -> bool {
        line.starts_with("Policies applied: ")
    }
}

/// "1 error", "2 warnings": counted nouns for summaries.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
