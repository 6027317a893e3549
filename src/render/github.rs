//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line per
//! finding, which the runner turns into annotations on the pull request.

use crate::finding::Severity;
use crate::report::Report;

/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`, then a
/// notice (a warning when no registration was checked) for what was not checked.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for line in report.not_checked.lines() {
        let command = if line.starts_with("Warning") {
            "warning"
        } else {
            "notice"
        };
        let title = if crate::coverage::NotChecked::is_policy_line(&line) {
            "trustlint: policies applied"
        } else {
            "trustlint: not checked"
        };
        out.push_str(&format!(
            "::{command} title={}::{}\n",
            escape(title, true),
            escape(&line, false)
        ));
    }
    for f in &report.findings {
        let source = &report.sources[f.file];
        let start = source.line_col(f.span.start);
        let end = source.end_line_col(f.span);
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let title = format!("{} {}", f.rule.code(), f.rule.name());
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape(&source.display, true),
            start.line,
            start.column,
            end.line,
            end.column,
            escape(&title, true),
            escape(&super::message_with_help(f, "\nFix: "), false),
        ));
    }
    out
}

/// Escapes a workflow-command property or message (GitHub's rules: `%`, CR and LF always;
/// `:` and `,` in properties), so that a path or message cannot end the command early or
/// start another.
pub(crate) fn escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}
