//! JUnit XML, which most CI systems show as a test report.

use crate::finding::Finding;
use crate::report::Report;

/// One test suite per file checked, one failing test case per finding, and a passing case
/// for each file without findings; what was not checked goes in a last, empty suite's
/// output.
pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"trustlint\" tests=\"{}\" failures=\"{}\">\n",
        report.findings.len().max(report.sources.len()),
        report.findings.len()
    ));
    for (file, source) in report.sources.iter().enumerate() {
        let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.file == file).collect();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n",
            xml_escape(&source.display),
            findings.len().max(1),
            findings.len()
        ));
        if findings.is_empty() {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"trustlint\"/>\n",
                xml_escape(&source.display)
            ));
        }
        for f in findings {
            let at = source.line_col(f.span.start);
            out.push_str(&format!(
                "    <testcase name=\"{}:{}:{} {}\" classname=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                xml_escape(&source.display),
                at.line,
                at.column,
                f.rule.code(),
                f.rule.name(),
                xml_escape(&f.message),
                f.severity,
                xml_escape(&super::message_with_help(f, "\nFix: ")),
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    let (policies, lines): (Vec<String>, Vec<String>) = report
        .not_checked
        .lines()
        .into_iter()
        .partition(|l| crate::coverage::NotChecked::is_policy_line(l));
    if !policies.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"trustlint: policies applied\" tests=\"0\" failures=\"0\">\n    <system-out>{}</system-out>\n  </testsuite>\n",
            xml_escape(&policies.join("\n"))
        ));
    }
    if !lines.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"trustlint: not checked\" tests=\"0\" failures=\"0\">\n    <system-out>{}</system-out>\n  </testsuite>\n",
            xml_escape(&lines.join("\n"))
        ));
    }
    out.push_str("</testsuites>\n");
    out
}

/// Text as XML attribute values and element content can hold it: the five markup
/// characters as entities, and what XML cannot carry at all replaced.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters, nor U+FFFE and U+FFFF, at all
            // (its `Char` production); they become U+FFFD.
            c if !xml_char(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 can carry a character: `#x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]`.
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xa | 0xd | 0x20..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff)
}
