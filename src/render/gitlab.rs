//! GitLab Code Quality: a JSON array of issues, which merge requests show as a widget.

use serde_json::json;

use crate::finding::Severity;
use crate::fingerprint::{fingerprint, fingerprint_of_text};
use crate::report::Report;

/// The Code Quality report: one issue per finding and, when something was not checked, one
/// informational issue on the configuration (or the root) that says what.
pub fn render(report: &Report) -> String {
    let mut issues: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let source = &report.sources[f.file];
            let start = source.line_col(f.span.start);
            let end = source.end_line_col(f.span);
            json!({
                "description": format!("{} {}: {}", f.rule.code(), f.rule.name(), f.message),
                "check_name": f.rule.code(),
                "fingerprint": fingerprint(report, f),
                "severity": match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "location": {
                    "path": source.display,
                    "lines": { "begin": start.line, "end": end.line },
                },
            })
        })
        .collect();
    let (policies, lines): (Vec<String>, Vec<String>) = report
        .not_checked
        .lines()
        .into_iter()
        .partition(|l| crate::coverage::NotChecked::is_policy_line(l));
    let path = report
        .sources
        .iter()
        .find(|s| s.display.ends_with("trustlint.toml"))
        .map_or(".".to_string(), |s| s.display.clone());
    // One info entry for what was not checked, one for the policies applied (so that a
    // merge request that deletes a policy shows it), each at the configuration file.
    for (parts, check_name, lead) in [
        (
            &lines,
            "trustlint-not-checked",
            "trustlint did not check everything:",
        ),
        (
            &policies,
            "trustlint-policies",
            "trustlint applied organisation policies.",
        ),
    ] {
        if parts.is_empty() {
            continue;
        }
        let description = parts.join(" ");
        issues.push(json!({
            "description": format!("{lead} {description}"),
            "check_name": check_name,
            "fingerprint": fingerprint_of_text(&description),
            "severity": "info",
            "location": { "path": path, "lines": { "begin": 1, "end": 1 } },
        }));
    }
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}
