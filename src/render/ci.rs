//! Formats for CI systems: GitHub workflow commands, GitLab Code Quality, JUnit XML and
//! JSON lines.

use serde_json::json;

use crate::finding::{Finding, Severity};
use crate::report::Report;

/// Escapes a workflow-command property or message (GitHub's rules: `%`, CR and LF always;
/// `:` and `,` in properties).
fn gh_escape(text: &str, property: bool) -> String {
    let mut out = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// `::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message`, then a
/// notice (a warning when no registration was checked) for what was not checked.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for line in report.not_checked.lines() {
        let command = if line.starts_with("Warning") {
            "warning"
        } else {
            "notice"
        };
        out.push_str(&format!(
            "::{command} title={}::{}\n",
            gh_escape("trustlint: not checked", true),
            gh_escape(&line, false)
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
            gh_escape(&source.display, true),
            start.line,
            start.column,
            end.line,
            end.column,
            gh_escape(&title, true),
            gh_escape(&message_with_help(f), false),
        ));
    }
    out
}

fn message_with_help(f: &Finding) -> String {
    let mut m = f.message.clone();
    if let Some(app) = &f.app {
        m.push_str(&format!(" (app `{app}`)"));
    }
    if !f.help.is_empty() {
        m.push_str(&format!("\nFix: {}", f.help));
    }
    m
}

/// GitLab Code Quality report: a JSON array of issues.
pub fn gitlab(report: &Report) -> String {
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
                "fingerprint": super::fingerprint(report, f),
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
    // What was not checked, as one informational issue on the configuration (or the root).
    let lines = report.not_checked.lines();
    if !lines.is_empty() {
        let path = report
            .sources
            .iter()
            .find(|s| s.display.ends_with("trustlint.toml"))
            .map_or(".".to_string(), |s| s.display.clone());
        let description = lines.join(" ");
        use sha2::Digest;
        let fingerprint: String = sha2::Sha256::digest(description.as_bytes())[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        issues.push(json!({
            "description": format!("trustlint did not check everything: {description}"),
            "check_name": "trustlint-not-checked",
            "fingerprint": fingerprint,
            "severity": "info",
            "location": { "path": path, "lines": { "begin": 1, "end": 1 } },
        }));
    }
    let mut text = serde_json::to_string_pretty(&issues).unwrap_or_default();
    text.push('\n');
    text
}

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

/// JUnit XML: one test suite per file checked, one failing test case per finding, and a
/// passing case for each file without findings.
pub fn junit(report: &Report) -> String {
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
                xml_escape(&message_with_help(f)),
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    let lines = report.not_checked.lines();
    if !lines.is_empty() {
        out.push_str(&format!(
            "  <testsuite name=\"trustlint: not checked\" tests=\"0\" failures=\"0\">\n    <system-out>{}</system-out>\n  </testsuite>\n",
            xml_escape(&lines.join("\n"))
        ));
    }
    out.push_str("</testsuites>\n");
    out
}

/// One JSON object per line, the same fields as the `json` format's findings; when
/// something was not checked, a last line `{"not_checked": {...}}`.
pub fn json_lines(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&super::json::finding_value(report, f).to_string());
        out.push('\n');
    }
    if !report.not_checked.is_empty() {
        out.push_str(&json!({ "not_checked": report.not_checked.value() }).to_string());
        out.push('\n');
    }
    out
}
