//! Writes a recommendation as a `*.trusted-app.yaml` definition, with a comment on every
//! attribute and marked placeholders for what only the user knows.

use super::{AttrValue, Recommendation, SECRET_HASH_PLACEHOLDER, SYSTEM_USER_PLACEHOLDER};

/// A YAML string scalar, double-quoted (JSON string syntax is valid YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn value(v: &AttrValue) -> String {
    match v {
        AttrValue::Bool(b) => b.to_string(),
        AttrValue::Text(s) | AttrValue::Placeholder(s) => quoted(s),
        AttrValue::List(items) => format!(
            "[{}]",
            items
                .iter()
                .map(|i| quoted(i))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The definition text.
pub fn definition_yaml(rec: &Recommendation) -> String {
    let mut out = String::new();
    out.push_str("# Trusted Application definition written by `trustlint choose`.\n");
    out.push_str(&format!(
        "# Flow: {}. Authority: {}.\n",
        rec.flow.as_str(),
        rec.authority
    ));
    if !rec.placeholders().is_empty() {
        out.push_str(
            "# Fill in every REPLACE-... and <...> value as its comment says; `trustlint check`\n# reports each until it is filled (TA107).\n",
        );
    }
    out.push_str("TrustedApplications:\n");
    for (i, a) in rec.trusted_application.iter().enumerate() {
        out.push_str(&format!("    # {}\n", a.comment));
        let lead = if i == 0 { "  - " } else { "    " };
        out.push_str(&format!("{lead}{}: {}\n", a.name, value(&a.value)));
    }
    if let Some(user) = &rec.system_user {
        out.push_str(
            "\n# The System User as it is in the instance, so that trustlint can check it is a\n",
        );
        out.push_str("# dedicated, active, non-administrator user (TA502, TA503, TA506).\n");
        out.push_str("Users:\n");
        out.push_str(&format!(
            "    # the same Login as SystemUser above\n  - Login: {}\n",
            quoted(user)
        ));
        out.push_str(
            "    # InternalUser, or ApplicationUserNoLogin for a user that only applications use\n",
        );
        out.push_str("    UserType: \"ApplicationUserNoLogin\"\n");
        out.push_str("    IsAdmin: false\n");
        out.push_str("    Active: true\n");
    }
    out
}

/// The placeholders of a definition, each with the replacement its comment asks for: a
/// test helper and the documentation of what to fill in.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        SECRET_HASH_PLACEHOLDER,
        "Base64(SHA-256(secret)), e.g. from `printf %s \"$SECRET\" | sha256sum | xxd -r -p | base64`",
    ),
    (SYSTEM_USER_PLACEHOLDER, "the Login of the System User"),
];
