//! What the user types for the target (instance, ApplicationUri, redirect URIs, System User)
//! is checked as `trustlint check` would check the written definition: the candidate goes
//! into the recommendation, the definition is written in memory and the rules run over it.
//! A finding on the candidate's own line refuses it with the rule's message, so the wizard
//! and `check` cannot disagree.

use super::{Answers, Target, decide, template::definition_yaml};
use crate::engine::{CheckOptions, check_sources};
use crate::finding::Severity;
use crate::formats::Format;
use crate::input::InputKind;
use crate::source::SourceFile;

/// The part of the target a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Instance,
    AppUri,
    RedirectUri,
    SystemUser,
}

impl Field {
    /// The attribute the value is written as.
    fn attribute(self) -> &'static str {
        match self {
            Field::Instance => "Instance",
            Field::AppUri => "ApplicationUri",
            Field::RedirectUri => "ImpersonateLoginUrl",
            Field::SystemUser => "SystemUser",
        }
    }
}

/// An instance name is one DNS label: `acme` in https://acme.my.erp.net.
pub fn instance_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    let ok = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    if ok {
        Ok(name.to_ascii_lowercase())
    } else {
        Err("an instance name has letters, digits and inner hyphens only: acme for https://acme.my.erp.net".into())
    }
}

/// A value written into the definition as it is: one line of printable characters without
/// spaces, at most 256 of them.
pub fn one_word(value: &str) -> Result<String, String> {
    let value = value.trim();
    let ok = !value.is_empty()
        && value.chars().count() <= 256
        && !value
            .chars()
            .any(|c| c.is_whitespace() || crate::escape::is_unsafe_char(c));
    if !ok {
        return Err("one line with no spaces or control characters, at most 256 characters".into());
    }
    // A registration is public: a token or a password in it would be published with it.
    if crate::secrets::mask_shaped(value) != value || crate::redact::url_carries_credential(value) {
        return Err(
            "this holds a credential (a token, a key or a password); a registration carries none"
                .into(),
        );
    }
    Ok(value.to_string())
}

/// `value` for `field`, given the answers and the rest of the target: the cleaned value, or
/// why it cannot be registered (the rule's message and its code).
pub fn candidate(
    answers: &Answers,
    target: &Target,
    field: Field,
    value: &str,
) -> Result<String, String> {
    let value = match field {
        Field::Instance => instance_name(value)?,
        _ => one_word(value)?,
    };
    if let Some(form) = crate::model::placeholder_form(&value) {
        return Err(format!("this is still a template value ({form})"));
    }
    let mut target = target.clone();
    match field {
        Field::Instance => target.instance = Some(value.clone()),
        Field::AppUri => target.app_uri = Some(value.clone()),
        Field::RedirectUri => target.redirect_uris.push(value.clone()),
        Field::SystemUser => target.system_user = Some(value.clone()),
    }
    let Ok(rec) = decide(answers, &target) else {
        return Ok(value);
    };
    let yaml = definition_yaml(&rec);
    match finding_on(&yaml, field, &value) {
        Some(why) => Err(why),
        None => Ok(value),
    }
}

/// The first error or warning the rules raise on the line that carries `value` as `field`.
fn finding_on(yaml: &str, field: Field, value: &str) -> Option<String> {
    let lines = value_lines(yaml, field.attribute(), value);
    if lines.is_empty() {
        return None;
    }
    let name = "chosen.trusted-app.yaml";
    let report = check_sources(
        vec![(
            SourceFile::in_memory(name, yaml),
            InputKind::Definition(Format::Yaml),
        )],
        &CheckOptions::default(),
    );
    report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .find(|f| lines.iter().any(|r| r.contains(&f.span.start)))
        .map(|f| {
            let mut why = format!("{} [{}]", f.message, f.rule.code());
            if !f.help.is_empty() {
                why.push_str(": ");
                why.push_str(&f.help);
            }
            why
        })
}

/// The byte ranges of the lines where `attribute` holds `value` (the System User's Login
/// under `Users:` too).
fn value_lines(yaml: &str, attribute: &str, value: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in yaml.split_inclusive('\n') {
        let key = line.trim_start().trim_start_matches("- ");
        // The writer quotes values as JSON strings: `a"b` is written `"a\"b"`.
        let written = serde_json::to_string(value).unwrap_or_default();
        let holds = (key.starts_with(&format!("{attribute}: "))
            || (attribute == "SystemUser" && key.starts_with("Login: ")))
            && line.contains(&written);
        if holds {
            out.push(at..at + line.len());
        }
        at += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choose::Platform;

    fn ui(platform: Platform) -> Answers {
        Answers {
            interactive_ui: Some(true),
            unattended: Some(false),
            platform: Some(platform),
            external_users: Some(false),
            sso_only: Some(false),
            ..Default::default()
        }
        .normalized()
    }

    #[test]
    fn redirect_uris_are_judged_by_the_rules_for_the_platform() {
        let t = Target::default();
        let spa = ui(Platform::Browser);
        assert!(candidate(&spa, &t, Field::RedirectUri, "https://sales.acme.test/cb").is_ok());
        let http = candidate(&spa, &t, Field::RedirectUri, "http://sales.acme.test/cb");
        assert!(http.unwrap_err().contains("TA201"));
        let wild = candidate(&spa, &t, Field::RedirectUri, "https://*.acme.test/cb");
        assert!(wild.is_err());
        let desktop = ui(Platform::Desktop);
        assert!(candidate(&desktop, &t, Field::RedirectUri, "http://127.0.0.1:7890/cb").is_ok());
        let not_loopback = candidate(&desktop, &t, Field::RedirectUri, "http://localhost:7890/cb");
        assert!(not_loopback.unwrap_err().contains("TA205"));
        let mobile = ui(Platform::Mobile);
        assert!(
            candidate(
                &mobile,
                &t,
                Field::RedirectUri,
                "com.acme.field:/oauth2redirect"
            )
            .is_ok()
        );
        assert!(candidate(&mobile, &t, Field::RedirectUri, "myapp://callback").is_err());
    }

    #[test]
    fn instance_names_are_one_label_and_placeholders_are_refused() {
        let spa = ui(Platform::Browser);
        let t = Target::default();
        assert_eq!(
            candidate(&spa, &t, Field::Instance, " Acme ").unwrap(),
            "acme"
        );
        assert!(candidate(&spa, &t, Field::Instance, "acme.my.erp.net").is_err());
        assert!(candidate(&spa, &t, Field::AppUri, "<your-app>").is_err());
        assert!(candidate(&spa, &t, Field::AppUri, "com.acme/sales dashboard").is_err());
    }
}
