//! The audit as one JSON document, in the shape of `schemas/audit.schema.json`.

use super::Audit;

pub fn render(audit: &Audit) -> String {
    // The audit holds only strings, numbers and lists: serializing it cannot fail.
    let mut text = serde_json::to_string_pretty(audit).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
