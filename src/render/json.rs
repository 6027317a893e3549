//! The `json` format: one document with every finding and the counts of the run. The
//! `json-lines` format shows its findings the same way.

use serde_json::{Value, json};

use crate::finding::{Finding, Severity};
use crate::fingerprint::fingerprint;
use crate::report::Report;

/// The `--format json` document. Its shape is a public interface: `version` changes when it
/// breaks.
pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| finding_value(report, f))
        .collect();
    let doc = json!({
        "version": 1,
        "findings": findings,
        "summary": summary(report),
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The counts of a run.
pub fn summary(report: &Report) -> Value {
    json!({
        "files": report.sources.len(),
        "apps": report.apps.len(),
        "errors": report.count(Severity::Error),
        "warnings": report.count(Severity::Warning),
        "infos": report.count(Severity::Info),
        "suppressed": report.suppressed.len(),
        "not_checked": report.not_checked.value(),
    })
}

/// One finding as the `json` and `json-lines` formats show it.
pub fn finding_value(report: &Report, f: &Finding) -> Value {
    let source = &report.sources[f.file];
    let start = source.line_col(f.span.start);
    let end = source.end_line_col(f.span);
    json!({
        "rule": f.rule.code(),
        "name": f.rule.name(),
        "severity": f.severity.as_str(),
        "path": source.display,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "app": f.app,
        "message": f.message,
        "help": f.help,
        "fingerprint": fingerprint(report, f),
    })
}
