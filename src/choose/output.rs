//! How a recommendation is shown: as text for people, as one JSON document for scripts.

use serde_json::{Value, json};

use super::{AttrValue, Flow, Recommendation, Target};

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

/// A list item wrapped to `width` between words only (never inside a rule code, a path
/// or a URL), its later lines under its text.
fn item(text: &str, width: usize, lead: &str) -> String {
    let rest = " ".repeat(lead.chars().count());
    let options = textwrap::Options::new(width.max(40))
        .initial_indent(lead)
        .subsequent_indent(&rest)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .word_separator(textwrap::WordSeparator::AsciiSpace);
    let mut out = textwrap::fill(text, options);
    out.push('\n');
    out
}

/// The text report, its notes wrapped to `width` columns.
pub fn text(rec: &Recommendation, width: usize) -> String {
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
        out.push_str(&item(
            &format!("{}{}", r.text, rules_suffix(&r.rules)),
            width,
            "  - ",
        ));
    }
    out.push_str("\nRegister:\n");
    let names = rec
        .trusted_application
        .iter()
        .map(|a| a.name.len())
        .max()
        .unwrap_or(0);
    for a in &rec.trusted_application {
        out.push_str(&format!("  {:names$}  {}\n", a.name, shown(&a.value)));
    }
    out.push_str("\nMind:\n");
    for w in &rec.warnings {
        out.push_str(&item(
            &format!("{}{}", w.text, rules_suffix(&w.rules)),
            width,
            "  - ",
        ));
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

/// What to do after the definition is written: fill in what is left, check it, register
/// it where it belongs.
pub fn next_steps(
    rec: &Recommendation,
    target: &Target,
    path: &std::path::Path,
    width: usize,
) -> String {
    let file = crate::escape::clean_path(&path.display().to_string());
    let mut steps = Vec::new();
    let left = rec.placeholders();
    if !left.is_empty() {
        let values = left
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ");
        steps.push(if left.len() == 1 {
            format!("Fill in {values} in {file} as the comment above it says.")
        } else {
            format!("Fill in {values} in {file} as the comments above them say.")
        });
    }
    // Quoted for the shell when the name needs it, so the line can be copied as it is.
    let arg = if file
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._-/+:@".contains(c))
    {
        file.clone()
    } else {
        format!("'{}'", file.replace('\'', "'\\''"))
    };
    steps.push(format!("Check it: trustlint check {arg}"));
    steps.push(if rec.flow == Flow::Sso {
        "Register it: clients of the global identity provider (https://id.erp.net/id) are registered by ERP.net support, https://support.erp.net/.".to_string()
    } else {
        let root = match &target.instance {
            Some(name) => format!("https://{name}.my.erp.net"),
            None => "https://<instance>.my.erp.net".to_string(),
        };
        format!(
            "Register it: an administrator opens the Instance Manager of {root}, Security > Trusted Applications, and enters these values{}.",
            if rec.trusted_application.iter().any(|a| a.name == "ApplicationSecretHash") {
                " (the client secret itself goes to the app's vault, never into the registration)"
            } else {
                ""
            }
        )
    });
    let mut out = String::from("\nNext:\n");
    for (n, step) in steps.iter().enumerate() {
        out.push_str(&item(step, width, &format!("  {}. ", n + 1)));
    }
    out
}
