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
    // No template leaves a value this long; a 10 MB `Name` is not searched four times over.
    const LONGEST: usize = 2048;
    if value.len() > LONGEST {
        return None;
    }
    let v = value.trim();
    // In a sentence (a `Name` that quotes `GET .../Apps(<id>)`) brackets are prose; an
    // arrow (`SAP<->ERP`) is no placeholder either: the brackets must hold a word.
    let one_token = !v.contains(char::is_whitespace) || (v.starts_with('<') && v.ends_with('>'));
    if one_token
        && let Some(open) = v.find('<')
        && let Some(close) = v[open..].find('>')
        && v[open + 1..open + close]
            .chars()
            .filter(char::is_ascii_alphabetic)
            .count()
            >= 2
    {
        return Some("a part in angle brackets");
    }
    // `REPLACE-with-...`, `REPLACE_ME`, `REPLACE ME`, `REPLACE`; not `REPLACEMENTS`.
    let marker = v.match_indices("REPLACE").any(|(at, _)| {
        v[at + "REPLACE".len()..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '-' | '_' | ' ' | ':'))
    });
    if marker {
        return Some("a REPLACE marker");
    }
    if let Some((_, rest)) = v.split_once("://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if host.contains('{') && host.contains('}') {
            return Some("a {placeholder} in the host");
        }
        // `https://__APP_HOST__/signin-oidc`: a release pipeline's token.
        if host.starts_with("__")
            && host
                .trim_end_matches(|c: char| c == ':' || c.is_ascii_digit())
                .ends_with("__")
        {
            return Some("a __TOKEN__ in the host");
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
            "https://__APP_HOST__/signin-oidc",
            "REPLACE",
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
            "SAP<->ERP",
            "REPLACEMENT PARTS PORTAL",
            "REPLACEMENTPARTS",
        ] {
            assert_eq!(placeholder_form(real), None, "{real}");
        }
    }
}
