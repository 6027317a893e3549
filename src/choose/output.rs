//! How a recommendation is shown: as text for people, as one JSON document for scripts.

use serde_json::{Value, json};

use super::{AttrValue, Recommendation};

/// The `--format json` document.
pub fn document(rec: &Recommendation) -> Value {
    let attributes: serde_json::Map<String, Value> = rec
        .trusted_application
        .iter()
        .map(|a| {
            (
                a.name.to_string(),
                serde_json::to_value(&a.value).unwrap_or(Value::Null),
            )
        })
        .collect();
    json!({
        "flow": rec.flow.as_str(),
        "authority": rec.authority,
        "client_type": rec.client_type.as_str(),
        "pkce": rec.pkce,
        "refresh_tokens": rec.refresh_tokens,
        "app_type": rec.app_type.as_str(),
        "trusted_application": attributes,
        "system_user": rec.system_user,
        "warnings": rec.warnings,
        "reasons": rec.reasons,
    })
}

fn shown(v: &AttrValue) -> String {
    match v {
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Text(s) => s.clone(),
        AttrValue::Placeholder(s) => format!("<{s}>"),
        AttrValue::List(items) => items.join(" "),
    }
}

/// The text report.
pub fn text(rec: &Recommendation) -> String {
    let mut out = format!("Flow: {}\n", rec.flow.as_str());
    out.push_str(&format!("Authority: {}\n", rec.authority));
    out.push_str(&format!("Client type: {}\n", rec.client_type));
    out.push_str(&format!("App type: {}\n", rec.app_type));
    out.push_str(&format!(
        "PKCE: {}\n",
        rec.pkce.unwrap_or("not used (no authorization code)")
    ));
    out.push_str(&format!(
        "Refresh tokens: {}\n",
        if rec.refresh_tokens {
            "available (offline_access)"
        } else {
            "no"
        }
    ));
    out.push_str("\nWhy:\n");
    for r in &rec.reasons {
        out.push_str(&format!("  - {}{}\n", r.text, rules_suffix(&r.rules)));
    }
    out.push_str("\nRegister:\n");
    let width = rec
        .trusted_application
        .iter()
        .map(|a| a.name.len())
        .max()
        .unwrap_or(0);
    for a in &rec.trusted_application {
        out.push_str(&format!("  {:width$}  {}\n", a.name, shown(&a.value)));
    }
    out.push_str("\nMind:\n");
    for w in &rec.warnings {
        out.push_str(&format!("  - {}{}\n", w.text, rules_suffix(&w.rules)));
    }
    out
}

fn rules_suffix(rules: &[crate::rule::Rule]) -> String {
    if rules.is_empty() {
        String::new()
    } else {
        let codes: Vec<&str> = rules.iter().map(|r| r.code()).collect();
        format!(" [{}]", codes.join(", "))
    }
}
