//! Renderers: a [`Report`] to text. They format findings and decide nothing.
//!
//! Each output format has its own file with a `render(report) -> String` function. To add a
//! format, add a variant to [`OutputFormat`], its file, and its arm in [`render()`]. What
//! more than one format needs is here: the closing summary of the text formats and a
//! finding's message with its help. Fingerprints are not a rendering matter; they are in
//! [`crate::fingerprint`].

mod concise;
pub mod files;
pub(crate) mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
pub(crate) mod sarif;

pub use human::{HumanOptions, render_human, render_human_to};

use crate::finding::Finding;
use crate::report::Report;

/// The formats of `--format`. The doc comment of each variant is its help text.
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

impl OutputFormat {
    /// Whether the format shows each finding's fingerprint, which needs the finding's place
    /// in its document ([`crate::fingerprint`]).
    pub fn shows_fingerprints(self) -> bool {
        match self {
            OutputFormat::Json
            | OutputFormat::JsonLines
            | OutputFormat::Sarif
            | OutputFormat::Gitlab => true,
            OutputFormat::Human
            | OutputFormat::Concise
            | OutputFormat::Github
            | OutputFormat::Junit => false,
        }
    }
}

/// A report in the given format. Only the human format takes options (colour, width).
pub fn render(report: &Report, format: OutputFormat, human: &HumanOptions) -> String {
    match format {
        OutputFormat::Human => render_human(report, human),
        OutputFormat::Concise => concise::render(report),
        OutputFormat::Json => json::render(report),
        OutputFormat::Sarif => sarif::render(report),
        OutputFormat::Github => github::render(report),
        OutputFormat::Gitlab => gitlab::render(report),
        OutputFormat::Junit => junit::render(report),
        OutputFormat::JsonLines => json_lines::render(report),
    }
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

/// A finding's message, the app it is about, then how to fix it after `before_fix` (which
/// ends in `Fix: `): the text of the formats that carry all three in one field (GitHub,
/// JUnit and SARIF).
fn message_with_help(f: &Finding, before_fix: &str) -> String {
    let mut m = f.message.clone();
    if let Some(app) = &f.app {
        m.push_str(&format!(" (app `{app}`)"));
    }
    if !f.help.is_empty() {
        m.push_str(before_fix);
        m.push_str(&f.help);
    }
    m
}

/// `--statistics`: the number of findings per rule, most frequent first, at the severity
/// they were reported at (the configuration's, where it changes a rule's level).
pub fn statistics(report: &Report) -> String {
    use crate::finding::{Rule, Severity};
    let mut counts: Vec<(Rule, Severity, usize)> = Vec::new();
    for f in &report.findings {
        match counts
            .iter_mut()
            .find(|(r, s, _)| *r == f.rule && *s == f.severity)
        {
            Some((_, _, n)) => *n += 1,
            None => counts.push((f.rule, f.severity, 1)),
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut out = String::new();
    for (rule, severity, n) in counts {
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
