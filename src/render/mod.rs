//! Renderers: a [`Report`] to text. They format findings and decide nothing.

mod ci;
mod concise;
mod human;
mod json;
mod sarif;

pub use human::{HumanOptions, render_human};

use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::report::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Graphical report with source snippets.
    Human,
    /// One `path:line:col: ID [severity] message` line per finding.
    Concise,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands, which annotate the pull request.
    Github,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// JUnit XML.
    Junit,
    /// One JSON object per finding, per line.
    JsonLines,
}

pub fn render(report: &Report, format: OutputFormat, human: &HumanOptions) -> String {
    match format {
        OutputFormat::Human => render_human(report, human),
        OutputFormat::Concise => concise::render(report),
        OutputFormat::Json => json::render(report),
        OutputFormat::Sarif => sarif::render(report),
        OutputFormat::Github => ci::github(report),
        OutputFormat::Gitlab => ci::gitlab(report),
        OutputFormat::Junit => ci::junit(report),
        OutputFormat::JsonLines => ci::json_lines(report),
    }
}

/// The version of the fingerprint scheme. Version 2: findings about secrets no longer hash
/// the value (an unsalted hash of a weak secret is recovered offline with a word list).
/// Baselines and SARIF carry it; a version 1 baseline is still matched by recomputing.
pub const FINGERPRINT_VERSION: u32 = 2;

/// A fingerprint that survives unrelated lines moving, reformatting and reordering: the
/// rule, the file, the place in the document (a path that names list items by their
/// ApplicationUri or Login rather than their position) and, unless the finding is about a
/// secret, a hash of the offending value. The value itself is never part of the output.
pub fn fingerprint(report: &Report, finding: &Finding) -> String {
    fingerprint_of_version(report, finding, FINGERPRINT_VERSION)
}

/// The fingerprint of a finding as a given version of the scheme computes it (1 or 2).
pub fn fingerprint_of_version(report: &Report, finding: &Finding, version: u32) -> String {
    let source = &report.sources[finding.file];
    let pointer = report.paths_of(finding.file, finding.span).0;
    let mut h = Sha256::new();
    for part in [
        finding.rule.code().as_bytes(),
        source.display.as_bytes(),
        pointer.as_bytes(),
    ] {
        h.update(part);
        h.update([0]);
    }
    if version < 2 || !about_secret(report, finding) {
        // Quotes are formatting, not value: `read` and `"read"` are the same scope.
        let value = source
            .slice(finding.span)
            .trim()
            .trim_matches(['"', '\'', '`']);
        h.update(Sha256::digest(value.as_bytes()));
    }
    hex(&h.finalize()[..16])
}

/// Whether a finding is about a secret: its rule reports secrets, or it points at a value
/// that output masks.
pub fn about_secret(report: &Report, finding: &Finding) -> bool {
    use crate::finding::Rule;
    matches!(
        finding.rule,
        Rule::CF101
            | Rule::CF102
            | Rule::CF103
            | Rule::CF104
            | Rule::CF105
            | Rule::CF209
            | Rule::TA301
            | Rule::TA303
    ) || crate::redact::overlaps(&report.redactions, finding.file, finding.span)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub use crate::coverage::plural;

/// The closing summary of the text formats: the counts, then what was not checked.
pub(crate) fn summary_line(report: &Report) -> String {
    let mut out = counts_line(report);
    for line in report.not_checked.lines() {
        out.push('\n');
        out.push_str(&line);
    }
    out
}

/// The counts of a run in one line.
fn counts_line(report: &Report) -> String {
    use crate::finding::Severity;
    let files = report.sources.len();
    if report.findings.is_empty() {
        let suppressed = match report.suppressed.len() {
            0 => String::new(),
            n => format!(" {} suppressed.", plural(n, "finding")),
        };
        return format!(
            "No problems found in {} ({}).{suppressed}",
            plural(files, "file"),
            plural(report.apps.len(), "app")
        );
    }
    let mut parts = vec![
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
    ];
    let infos = report.count(Severity::Info);
    if infos > 0 {
        parts.push(plural(infos, "info"));
    }
    let mut line = format!("Found {} in {}.", parts.join(", "), plural(files, "file"));
    if !report.suppressed.is_empty() {
        line.push_str(&format!(
            " {} suppressed.",
            plural(report.suppressed.len(), "finding")
        ));
    }
    line
}

/// `--statistics`: the number of findings per rule, most frequent first.
pub fn statistics(report: &Report) -> String {
    let mut counts: Vec<(crate::finding::Rule, usize)> = Vec::new();
    for f in &report.findings {
        match counts.iter_mut().find(|(r, _)| *r == f.rule) {
            Some((_, n)) => *n += 1,
            None => counts.push((f.rule, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    for (rule, n) in counts {
        let severity = rule.default_severity();
        out.push_str(&format!(
            "{n:>5}  {}  {:<34} [{severity}]\n",
            rule.code(),
            rule.name()
        ));
    }
    if !report.suppressed.is_empty() {
        out.push_str(&format!("{:>5}  suppressed\n", report.suppressed.len()));
    }
    out
}
