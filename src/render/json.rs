//! The `json` format: one document with every finding and the counts of the run. The
//! `json-lines` format shows its findings the same way.

use serde_json::{Value, json};

use crate::finding::{Finding, Severity};
use crate::fingerprint::fingerprint;
use crate::report::Report;

/// The `--format json` document. Its shape is a public interface: `version` changes when it
/// breaks.
pub fn render(report: &Report) -> String {
    // Serialized as `json!({"version", "findings", "summary"})` would be, but each finding
    // is built only when it is written: a run with tens of thousands of findings does not
    // hold them all as JSON values at once.
    struct Findings<'r>(&'r Report);
    impl serde::Serialize for Findings<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = serializer.serialize_seq(Some(self.0.findings.len()))?;
            for f in &self.0.findings {
                seq.serialize_element(&finding_value(self.0, f))?;
            }
            seq.end()
        }
    }
    struct Doc<'r>(&'r Report);
    impl serde::Serialize for Doc<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(Some(3))?;
            map.serialize_entry("version", &1)?;
            map.serialize_entry("findings", &Findings(self.0))?;
            map.serialize_entry("summary", &summary(self.0))?;
            map.end()
        }
    }
    let mut text = serde_json::to_string_pretty(&Doc(report)).unwrap_or_default();
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
        "policies": report.not_checked.policies_value(),
    })
}

/// One finding as the `json` and `json-lines` formats show it.
pub fn finding_value(report: &Report, f: &Finding) -> Value {
    let source = &report.sources[f.file];
    let start = source.line_col(f.span.start);
    let end = source.end_line_col(f.span);
    let mut value = json!({
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
    });
    // Only PL findings name a policy; other findings keep their shape.
    if let Some(p) = &f.policy {
        value["policy"] = json!({
            "name": p.name,
            "requirement": p.requirement,
            "file": p.origin,
        });
    }
    value
}
