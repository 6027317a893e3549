//! SARIF 2.1.0, as GitHub code scanning and other viewers read it.

use serde_json::{Value, json};

use crate::catalog;
use crate::finding::{Finding, Rule, Severity};
use crate::fingerprint::{FINGERPRINT_VERSION, fingerprint};
use crate::report::Report;
use crate::source::{SourceFile, Span};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn region(source: &SourceFile, span: Span) -> Value {
    let start = source.line_col(span.start);
    let end = source.end_line_col(span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column.max(if end.line == start.line { start.column } else { 1 }),
    })
}

fn location(report: &Report, file: usize, span: Span) -> Value {
    let source = &report.sources[file];
    // Files below the working directory are relative to %SRCROOT%; others are absolute.
    let artifact = if source.display.starts_with('/') {
        json!({ "uri": format!("file://{}", percent_encode_path(&source.display)) })
    } else {
        json!({ "uri": percent_encode_path(&source.display), "uriBaseId": "%SRCROOT%" })
    };
    json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": region(source, span),
        }
    })
}

/// Escapes what a URI reference cannot hold literally (spaces, `%`, `#`, `?`, non-ASCII).
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn result(report: &Report, f: &Finding) -> Value {
    let rule_index = Rule::ALL.iter().position(|r| *r == f.rule).unwrap_or(0);
    let text = super::message_with_help(f, ". Fix: ");
    let related: Vec<Value> = f
        .related
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = location(report, l.file, l.span);
            loc["id"] = json!(i + 1);
            loc["message"] = json!({ "text": l.text });
            loc
        })
        .collect();
    let mut r = json!({
        "ruleId": f.rule.code(),
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": text },
        "locations": [location(report, f.file, f.span)],
        "partialFingerprints": {
            format!("trustlint/v{FINGERPRINT_VERSION}"): fingerprint(report, f)
        },
    });
    if !related.is_empty() {
        r["relatedLocations"] = json!(related);
    }
    if let Some(p) = &f.policy {
        r["properties"] = json!({
            "policy": { "name": p.name, "requirement": p.requirement, "file": p.origin }
        });
    }
    r
}

/// The SARIF log: one run that lists every rule (a result names its rule by its index in
/// that list), one result per finding, and what was not checked as notifications of the
/// invocation.
/// The tool: its name, version and rules, and `informationUri` when the package names a
/// home page (`homepage` in Cargo.toml). No address is made up while the project has none.
fn driver(rules: Vec<Value>) -> Value {
    let mut driver = json!({
        "name": "trustlint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let home = env!("CARGO_PKG_HOMEPAGE");
    if home.starts_with("https://") {
        driver["informationUri"] = json!(home);
    }
    driver
}

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            let doc = catalog::doc(*rule);
            let summary = doc.map_or("", |d| d.summary.as_str());
            let mut r = json!({
                "id": rule.code(),
                "name": rule.name(),
                "shortDescription": { "text": summary },
                "defaultConfiguration": { "level": level(rule.default_severity()) },
            });
            if let Some(d) = doc {
                r["fullDescription"] = json!({ "text": d.why.trim() });
                r["help"] = json!({ "text": d.fix.trim() });
                if let Some(uri) = d.help_uri() {
                    r["helpUri"] = json!(uri);
                }
                r["properties"] = json!({ "tags": [rule.family().name()] });
            }
            r
        })
        .collect();
    let results: Vec<Value> = report.findings.iter().map(|f| result(report, f)).collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": driver(rules),
            },
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "The directory trustlint was run from." } } },
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": true,
                "toolExecutionNotifications": report.not_checked.lines().iter().map(|line| json!({
                    "level": if line.starts_with("Warning") { "warning" } else { "note" },
                    "message": { "text": line },
                })).collect::<Vec<_>>(),
                "properties": {
                    "notChecked": report.not_checked.value(),
                    "policies": report.not_checked.policies_value(),
                },
            }],
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
