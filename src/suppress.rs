//! Suppressions and baselines. An inline comment, `# trustlint: ignore[TA201] reason` (or
//! `//` in JS/TS), holds back the named rules' findings on its own line and the next; an
//! `[[ignore]]` entry in `trustlint.toml` does the same for a path and a place in the
//! document, until an optional date. A baseline holds back the findings it recorded. Every
//! held-back finding is counted; a suppression without a reason, one that suppresses
//! nothing, and an expired one are findings themselves.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::finding::{Finding, Rule};
use crate::settings::Loaded;
use crate::source::{SourceFile, Span};

/// One inline suppression comment.
#[derive(Debug, Clone)]
pub struct Inline {
    pub file: usize,
    /// The 1-based line of the comment.
    pub line: usize,
    /// The rules it names (unknown names are kept for the message).
    pub rules: Vec<Result<Rule, String>>,
    pub reason: Option<String>,
    /// The span of the whole comment.
    pub span: Span,
}

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:#|//)\s*trustlint:\s*ignore\[([^\]]*)\]([^\r\n]*)")
            .expect("a valid pattern")
    })
}

/// The suppression comments of a file.
pub fn scan(file: usize, source: &SourceFile) -> Vec<Inline> {
    let mut out = Vec::new();
    if !source.text.contains("trustlint:") {
        return out;
    }
    for caps in pattern().captures_iter(&source.text) {
        let (Some(all), Some(list), Some(rest)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let rules = list
            .as_str()
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| Rule::lookup(r).ok_or_else(|| r.to_string()))
            .collect();
        let reason = rest.as_str().trim().trim_start_matches(['-', ':']).trim();
        out.push(Inline {
            file,
            line: source.line_col(all.start()).line,
            rules,
            // A reason says something: at least three letters or digits (`.` or an
            // invisible character is no reason).
            reason: (reason.chars().filter(|c| c.is_alphanumeric()).count() >= 3)
                .then(|| reason.to_string()),
            span: Span::new(all.start(), all.end()),
        });
    }
    out
}

/// A recorded finding: what a baseline stores. No value, only its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub rule: String,
    pub path: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<BaselineEntry>,
}

impl Baseline {
    pub fn of(report: &crate::report::Report) -> Baseline {
        let mut findings: Vec<BaselineEntry> = report
            .findings
            .iter()
            .filter(|f| f.rule != Rule::TA001 && f.rule != Rule::TL004)
            .map(|f| BaselineEntry {
                rule: f.rule.code().to_string(),
                path: report.sources[f.file].display.clone(),
                fingerprint: crate::fingerprint::fingerprint(report, f),
            })
            .collect();
        findings.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        findings.dedup();
        Baseline {
            version: crate::fingerprint::FINGERPRINT_VERSION,
            findings,
        }
    }

    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    pub fn from_json(text: &str) -> Result<Baseline, crate::error::Error> {
        use crate::error::Error;
        let b: Baseline = serde_json::from_str(text).map_err(Error::BaselineNotRead)?;
        if b.version == 0 || b.version > crate::fingerprint::FINGERPRINT_VERSION {
            return Err(Error::BaselineVersion {
                version: b.version,
                newest: crate::fingerprint::FINGERPRINT_VERSION,
            });
        }
        Ok(b)
    }

    /// What to tell the user about this baseline, if anything: a version 1 baseline still
    /// applies, but its fingerprints hash the values of findings about secrets.
    pub fn notice(&self) -> Option<String> {
        (self.version < crate::fingerprint::FINGERPRINT_VERSION).then(|| {
            format!(
                "this baseline has version {} fingerprints, which hash the values of findings about secrets (a weak secret can be recovered from them offline); it still applies, but regenerate it with `trustlint check --write-baseline FILE`, commit the new file and purge the old one from history if it held real secrets",
                self.version
            )
        })
    }
}

/// Applies inline suppressions, `[[ignore]]` entries and the baseline to a
/// report's findings, and adds the findings about the suppressions themselves.
pub fn apply(
    report: &mut crate::report::Report,
    settings: &Loaded,
    settings_file: Option<usize>,
    today: Date,
    baseline: Option<&Baseline>,
    require_reasons: bool,
) {
    // The findings have their levels already: a rule that is off produced none.
    let findings = std::mem::take(&mut report.findings);

    let inline: Vec<Inline> = report
        .sources
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != settings_file)
        .flat_map(|(i, s)| scan(i, s))
        .collect();
    let mut used_inline = vec![false; inline.len()];
    let mut used_ignore = vec![false; settings.ignores.len()];
    let mut meta = Vec::new();
    let mut kept = Vec::new();
    let baseline_version = baseline.map_or(crate::fingerprint::FINGERPRINT_VERSION, |b| b.version);
    let baseline: HashSet<&str> = baseline
        .map(|b| b.findings.iter().map(|e| e.fingerprint.as_str()).collect())
        .unwrap_or_default();

    for f in findings {
        // A shared policy's finding is held back by the command line's baseline only, not
        // by the repository's comments or `[[ignore]]` entries.
        let locked = f.policy.as_ref().is_some_and(|p| p.locked);
        let line = report.sources[f.file].line_col(f.span.start).line;
        let by_comment = inline.iter().position(|s| {
            !locked
                && s.file == f.file
                && (s.line == line || s.line + 1 == line)
                && s.rules.iter().any(|r| r.as_ref() == Ok(&f.rule))
        });
        if let Some(i) = by_comment {
            used_inline[i] = true;
            // Without a reason it holds only when reasons are not required; either way it
            // is reported (TL001), and it is not "unused".
            if inline[i].reason.is_some() || !require_reasons {
                report
                    .suppressions_applied
                    .push(crate::coverage::Suppression {
                        rule: f.rule,
                        by: "inline comment",
                        reason: inline[i].reason.clone(),
                    });
                report.suppressed.push(f);
                continue;
            }
        }
        let path = &report.sources[f.file];
        // The place in the document, found only for an entry that names one.
        let pointer = std::cell::OnceCell::new();
        let relative = crate::paths::relative_path(&settings.root, &path.path)
            .unwrap_or_else(|| path.display.clone());
        let by_entry = settings.ignores.iter().position(|ig| {
            !locked
                && ig.rule == Some(f.rule)
                && crate::paths::glob_matches(&ig.entry.path, &relative)
                && ig.entry.pointer.as_deref().is_none_or(|p| {
                    let pointer = pointer.get_or_init(|| report.paths_of(f.file, f.span).1);
                    pointer == p || pointer.starts_with(&format!("{p}/"))
                })
        });
        if let Some(i) = by_entry {
            used_ignore[i] = true;
            let expired = settings.ignores[i].until.is_some_and(|u| u < today);
            if !expired {
                report
                    .suppressions_applied
                    .push(crate::coverage::Suppression {
                        rule: f.rule,
                        by: "[[ignore]] entry",
                        reason: Some(settings.ignores[i].entry.reason.clone())
                            .filter(|r| !r.trim().is_empty()),
                    });
                report.suppressed.push(f);
                continue;
            }
        }
        if !baseline.is_empty()
            && baseline.contains(
                crate::fingerprint::fingerprint_of_version(report, &f, baseline_version).as_str(),
            )
        {
            report
                .suppressions_applied
                .push(crate::coverage::Suppression {
                    rule: f.rule,
                    by: "baseline",
                    reason: None,
                });
            report.suppressed.push(f);
            continue;
        }
        kept.push(f);
    }

    for (s, used) in inline.iter().zip(&used_inline) {
        if s.reason.is_none() {
            meta.push(
                Finding::new(Rule::TL001, s.file, s.span, "this suppression gives no reason")
                    .label("no reason")
                    .help("say why the finding is accepted after the rule list: `# trustlint: ignore[TA201] local test server only`"),
            );
        }
        if !used {
            let unknown: Vec<&str> = s
                .rules
                .iter()
                .filter_map(|r| r.as_ref().err().map(String::as_str))
                .collect();
            let message = if unknown.is_empty() {
                "this suppression suppresses nothing on its line or the next".to_string()
            } else {
                format!(
                    "this suppression names no rule trustlint has: {}",
                    unknown.join(", ")
                )
            };
            meta.push(
                Finding::new(Rule::TL002, s.file, s.span, message)
                    .label("unused")
                    .help("remove it, or move it onto the line of the finding (or the line above)"),
            );
        }
    }
    if let Some(file) = settings_file {
        for (ig, used) in settings.ignores.iter().zip(&used_ignore) {
            if let Some(until) = ig.until.filter(|u| *u < today) {
                meta.push(
                    Finding::new(
                        Rule::TL003,
                        file,
                        ig.span,
                        format!("this ignore entry for {} expired on {until}; its findings are reported again", ig.entry.rule),
                    )
                    .label("expired")
                    .help("fix the findings, or extend `until` if the exception still holds, with its reason"),
                );
            } else if !used {
                meta.push(
                    Finding::new(
                        Rule::TL002,
                        file,
                        ig.span,
                        format!(
                            "this ignore entry for {} on `{}` suppresses nothing",
                            ig.entry.rule, ig.entry.path
                        ),
                    )
                    .label("unused")
                    .help("remove it, or correct its path, rule or pointer"),
                );
            }
        }
    }
    // The findings about suppressions follow the same rule levels.
    let selection = settings.selection();
    kept.extend(meta.into_iter().filter_map(|f| f.selected(&selection)));
    report.findings = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_name_rules_and_a_reason() {
        let src = SourceFile::in_memory(
            "a.yaml",
            "ImpersonateLoginUrl: http://a.example/cb # trustlint: ignore[TA201, redirect-uri-open-redirect] local proxy\n# trustlint: ignore[TA999]\nx: 1\n",
        );
        let found = scan(0, &src);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 1);
        assert_eq!(found[0].rules, vec![Ok(Rule::TA201), Ok(Rule::TA210)]);
        assert_eq!(found[0].reason.as_deref(), Some("local proxy"));
        assert_eq!(found[1].rules, vec![Err("TA999".to_string())]);
        assert_eq!(found[1].reason, None);
    }
}
