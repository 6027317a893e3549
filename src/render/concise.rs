//! The `concise` format: one line per finding, as compilers print them, then the summary.

use crate::report::Report;

/// `path:line:col: ID [severity] message` for each finding, then the closing summary.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let source = &report.sources[f.file];
        let at = source.line_col(f.span.start);
        out.push_str(&format!(
            "{}:{}:{}: {} [{}] {}\n",
            source.display,
            at.line,
            at.column,
            f.rule.code(),
            f.severity,
            f.message
        ));
    }
    out.push_str(&super::summary_line(report));
    out.push('\n');
    out
}
