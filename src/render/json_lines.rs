//! JSON Lines: one JSON object per line, for tools that read a stream rather than a
//! document.

use serde_json::json;

use crate::report::Report;

/// One object per finding, with the same fields as the `json` format's findings; when
/// something was not checked or policies applied, a last line
/// `{"not_checked": {...}, "policies": [...]}`.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&super::json::finding_value(report, f).to_string());
        out.push('\n');
    }
    if !report.not_checked.is_empty() {
        out.push_str(
            &json!({
                "not_checked": report.not_checked.value(),
                "policies": report.not_checked.policies_value(),
            })
            .to_string(),
        );
        out.push('\n');
    }
    out
}
