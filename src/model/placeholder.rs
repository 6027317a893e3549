//! Values only the user can fill in: what templates (the docs' tables, the flow chooser's
//! output) leave behind, and what no instance would accept as a real registration.

/// Which placeholder form a value has, if any, in words for a message:
///
/// - a value in angle brackets, or with a part in them (`<an-internal-erp-user>`,
///   `https://<your-app>/callback`);
/// - a `REPLACE` marker (`REPLACE-with-the-system-user-login`, `REPLACE_ME`);
/// - a brace placeholder in a URL's host (`https://{instance}.my.erp.net/id`).
///
/// `example.com`, `example.org` and `localhost` are real hosts the docs' setups use, not
/// placeholders.
pub fn placeholder_form(value: &str) -> Option<&'static str> {
    let v = value.trim();
    // In a sentence (a `Name` that quotes `GET .../Apps(<id>)`) brackets are prose.
    let one_token = !v.contains(char::is_whitespace) || (v.starts_with('<') && v.ends_with('>'));
    if let Some(open) = v.find('<')
        && one_token
        && v[open..].find('>').is_some_and(|close| close > 1)
    {
        return Some("a part in angle brackets");
    }
    if v.starts_with("REPLACE") || v.contains("REPLACE-") || v.contains("REPLACE_") {
        return Some("a REPLACE marker");
    }
    if let Some((_, rest)) = v.split_once("://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.contains('{') && host.contains('}') {
            return Some("a {placeholder} in the host");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_placeholders_and_real_values_are_not() {
        for p in [
            "<an-internal-erp-user>",
            "<base64(sha256(your-client-secret))>",
            "https://<your-app>/callback",
            "REPLACE-with-the-system-user-login",
            "REPLACE_ME",
            "https://{instance}.my.erp.net/id",
        ] {
            assert!(placeholder_form(p).is_some(), "{p}");
        }
        for real in [
            "https://portal.example.com/callback",
            "http://localhost:5000/signin-oidc",
            "https://app.example.org/cb?x={y}",
            "com.example/app",
            "a<b",
            "sync-user",
            "Reports: one record fetched by id (GET .../Apps(<id>))",
        ] {
            assert_eq!(placeholder_form(real), None, "{real}");
        }
    }
}
