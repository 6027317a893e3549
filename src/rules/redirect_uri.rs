//! Redirect URIs: the login (`ImpersonateLoginUrl`) and logout (`ImpersonateLogoutUrl`)
//! allow-lists. The instance matches them exactly, so every entry is checked as written.

use url::{Host, Url};

use super::finding;
use crate::finding::{Finding, Rule, Severity};
use crate::model::{AppType, ClientType, Environment, Spanned, TrustedApp, UriList};

/// The size of the `Impersonate_Login_Url` and `Impersonate_Logout_Url` columns.
pub const MAX_LIST_LEN: usize = 500;

/// Schemes that must never receive an authorization response: IdentityServer's forbidden
/// list plus `vbscript:`.
const DANGEROUS_SCHEMES: &[&str] = &[
    "javascript",
    "vbscript",
    "data",
    "file",
    "blob",
    "about",
    "mailto",
    "ftp",
    "ssh",
    "tel",
    "view-source",
    "ws",
    "wss",
];

/// Query parameters that make a redirect URI an open redirector.
const OPEN_REDIRECT_PARAMS: &[&str] = &[
    "returnurl",
    "return_url",
    "returnto",
    "return_to",
    "redirect",
    "redirect_uri",
    "redirecturi",
    "redirect_url",
    "redirecturl",
    "next",
    "url",
    "goto",
    "continue",
    "target",
    "dest",
    "destination",
    "forward",
];

pub fn check(app: &TrustedApp, out: &mut Vec<Finding>) {
    redirect_uri_missing(app, out);
    for (name, list) in [
        ("ImpersonateLoginUrl", &app.impersonate_login_url),
        ("ImpersonateLogoutUrl", &app.impersonate_logout_url),
    ] {
        let Some(list) = list else { continue };
        redirect_uri_list_too_long(app, name, list, out);
        redirect_uri_near_duplicate(app, list, out);
        for entry in &list.entries {
            check_entry(app, entry, out);
        }
    }
}

fn redirect_uri_missing(app: &TrustedApp, out: &mut Vec<Finding>) {
    if !app.interactive() || app.login_urls().iter().any(|u| !u.value.trim().is_empty()) {
        return;
    }
    let flag = app.sign_in_flag();
    let span = app
        .impersonate_login_url
        .as_ref()
        .map(|l| l.span)
        .or(flag.map(|f| f.span))
        .unwrap_or(app.anchor());
    out.push(
        finding(
            Rule::RedirectUriMissing,
            app,
            span,
            "users can sign in through this app, but ImpersonateLoginUrl lists no redirect URI",
        )
        .label("sign-in enabled here")
        .help("add the exact callback URL the app sends as redirect_uri to ImpersonateLoginUrl"),
    );
}

fn redirect_uri_list_too_long(
    app: &TrustedApp,
    name: &str,
    list: &UriList,
    out: &mut Vec<Finding>,
) {
    if list.stored_len <= MAX_LIST_LEN {
        return;
    }
    out.push(
        finding(
            Rule::RedirectUriListTooLong,
            app,
            list.span,
            format!(
                "{name} joined with commas is {} characters; the instance stores at most {MAX_LIST_LEN}",
                list.stored_len
            ),
        )
        .label("does not fit the column")
        .help("remove URIs the app no longer uses, or register separate Trusted Applications per environment"),
    );
}

/// Lower-cased and without a trailing slash: what a reader would take for "the same URI".
fn loose_form(uri: &str) -> String {
    uri.trim().trim_end_matches('/').to_ascii_lowercase()
}

fn redirect_uri_near_duplicate(app: &TrustedApp, list: &UriList, out: &mut Vec<Finding>) {
    let entries: Vec<&Spanned<String>> = list
        .entries
        .iter()
        .filter(|e| !e.value.trim().is_empty())
        .collect();
    // The first entry of each loose form, looked up once per entry: a list of 25,000
    // entries is not compared pair by pair.
    let mut first: std::collections::HashMap<String, &Spanned<String>> =
        std::collections::HashMap::new();
    crate::work::add(entries.len());
    for later in &entries {
        let earlier = match first.entry(loose_form(&later.value)) {
            std::collections::hash_map::Entry::Occupied(e) => *e.get(),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(later);
                continue;
            }
        };
        let message = if earlier.value == later.value {
            "this redirect URI is listed twice"
        } else {
            "this redirect URI differs from another entry only in case or a trailing slash"
        };
        out.push(
            finding(Rule::RedirectUriNearDuplicate, app, later.span, message)
                .label("near-duplicate")
                .related(app.origin.file, earlier.span, "this entry")
                .help("keep only the exact URI the app sends: matching is exact, so the other entry never matches and only hides typos"),
        );
    }
}

fn check_entry(app: &TrustedApp, entry: &Spanned<String>, out: &mut Vec<Finding>) {
    let raw = entry.value.as_str();
    let malformed = |message: &str, help: &str| {
        finding(Rule::RedirectUriMalformed, app, entry.span, message)
            .label("malformed redirect URI")
            .help(help)
    };
    if raw.trim().is_empty() {
        out.push(malformed(
            "empty redirect URI entry (a stray comma or an empty item)",
            "remove the empty entry and any doubled or trailing comma",
        ));
        return;
    }
    if raw.chars().any(char::is_whitespace) {
        out.push(malformed(
            "redirect URI contains whitespace, so it can never match exactly",
            "remove the spaces: entries are compared character by character",
        ));
        return;
    }
    if raw.contains('*') {
        out.push(
            finding(Rule::RedirectUriWildcard, app, entry.span, "redirect URI contains a wildcard `*`")
                .label("wildcard")
                .help("register every exact redirect URI the app uses; ERP.net matches exactly and wildcards let attackers receive codes"),
        );
        return;
    }
    let url = match parse_absolute(raw) {
        Ok(url) => url,
        Err(reason) => {
            out.push(malformed(
                &format!("redirect URI is not an absolute URI: {reason}"),
                "write the full URI with scheme and host, e.g. https://app.example.com/signin-oidc",
            ));
            return;
        }
    };
    let scheme = url.scheme();
    if DANGEROUS_SCHEMES.contains(&scheme) {
        out.push(
            finding(
                Rule::RedirectUriDangerousScheme,
                app,
                entry.span,
                format!("redirect URI uses the `{scheme}:` scheme, which can run code or leak the authorization response"),
            )
            .label("dangerous scheme")
            .help("use an https:// callback, a loopback http://127.0.0.1 URI or a reverse-domain private scheme"),
        );
        return;
    }
    if raw.contains('#') {
        out.push(malformed(
            "redirect URI has a fragment (`#...`), which OAuth forbids",
            "remove the fragment; use the state parameter to carry app state",
        ));
        return;
    }
    if !url.username().is_empty() || url.password().is_some() {
        out.push(malformed(
            "redirect URI carries user information (`user@` or `user:password@`)",
            "remove the user information from the URI",
        ));
        return;
    }
    match scheme {
        "http" | "https" => {
            let loopback = url.host().is_some_and(|h| is_loopback(&h));
            if scheme == "http" && !loopback {
                redirect_uri_not_https(app, entry, &url, out);
            }
            if loopback {
                redirect_uri_loopback_name(app, entry, &url, out);
            }
        }
        _ => redirect_uri_private_scheme(app, entry, scheme, out),
    }
    redirect_uri_open_redirect(app, entry, &url, out);
}

/// Parses an entry that must be absolute. `localhost:5000/cb` parses as scheme `localhost`;
/// that is a missing scheme, not a private one.
fn parse_absolute(raw: &str) -> Result<Url, String> {
    if let Some((before, after)) = raw.split_once(':') {
        // `host:port/...`: a port where the scheme's path would start.
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let rest = &after[digits..];
        if digits > 0 && (rest.is_empty() || rest.starts_with('/')) && !before.is_empty() {
            return Err("it has no scheme (it reads as host:port)".into());
        }
    }
    if raw.eq_ignore_ascii_case("urn:ietf:wg:oauth:2.0:oob")
        || raw
            .to_ascii_lowercase()
            .starts_with("urn:ietf:wg:oauth:2.0:oob:")
    {
        return Err("it is the retired out-of-band value, not a redirect URI".into());
    }
    match Url::parse(raw) {
        Ok(url) => Ok(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => Err("it has no scheme".into()),
        Err(e) => Err(e.to_string()),
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

fn redirect_uri_not_https(
    app: &TrustedApp,
    entry: &Spanned<String>,
    url: &Url,
    out: &mut Vec<Finding>,
) {
    let host = url.host_str().unwrap_or_default();
    let mut f = finding(
        Rule::RedirectUriNotHttps,
        app,
        entry.span,
        format!("redirect URI uses plain http:// to `{host}`, which is not a loopback address"),
    )
    .label("authorization codes would travel unencrypted")
    .help("use https://; plain http is acceptable only for loopback (127.0.0.1, [::1]) during development");
    if app.environment() == Environment::Development {
        f = f.severity(Severity::Warning);
    }
    out.push(f);
}

fn redirect_uri_loopback_name(
    app: &TrustedApp,
    entry: &Spanned<String>,
    url: &Url,
    out: &mut Vec<Finding>,
) {
    let named = matches!(url.host(), Some(Host::Domain(_)));
    // Without an AppType (an export carries none), a Confidential client is known not to
    // be a native app (RFC 8252 §8.4); a Public one may be.
    let not_desktop = match app.app_type() {
        Some(t) => t != AppType::Desktop,
        None => app.client_type() == ClientType::Confidential,
    };
    let deployed_non_desktop = app.environment() != Environment::Development && not_desktop;
    let (message, help) = if deployed_non_desktop {
        (
            match app.environment() {
                Environment::Staging => {
                    "loopback redirect URI in a Staging registration of an app that is not a desktop app"
                }
                _ => {
                    "loopback redirect URI in a Production registration of an app that is not a desktop app"
                }
            },
            "move development URIs to a registration with Environment: Development; only native desktop apps receive codes on loopback",
        )
    } else if named {
        (
            "loopback redirect URI uses the name `localhost` (RFC 8252 §8.3: not recommended)",
            "use the loopback IP literal, e.g. http://127.0.0.1:{port}/callback or http://[::1]:{port}/callback",
        )
    } else {
        return;
    };
    out.push(
        finding(Rule::RedirectUriLoopbackName, app, entry.span, message)
            .label("loopback redirect")
            .help(help),
    );
}

fn redirect_uri_private_scheme(
    app: &TrustedApp,
    entry: &Spanned<String>,
    scheme: &str,
    out: &mut Vec<Finding>,
) {
    let (message, help) = if !scheme.contains('.') {
        (
            format!("private-use scheme `{scheme}:` is not in reverse-domain form (RFC 8252 §7.1)"),
            "use a scheme based on a domain you control, e.g. com.example.app:/oauth2redirect",
        )
    } else if app.app_type().is_some_and(|t| !t.is_native()) {
        (
            format!(
                "private-use scheme `{scheme}:` on an app that is not a native (desktop or mobile) app"
            ),
            "web apps and services receive redirects on https:// URLs; private schemes are for native apps",
        )
    } else {
        return;
    };
    out.push(
        finding(Rule::RedirectUriPrivateScheme, app, entry.span, message)
            .label("private-use scheme")
            .help(help),
    );
}

fn redirect_uri_open_redirect(
    app: &TrustedApp,
    entry: &Spanned<String>,
    url: &Url,
    out: &mut Vec<Finding>,
) {
    let param = url
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .find(|k| OPEN_REDIRECT_PARAMS.contains(&k.to_ascii_lowercase().as_str()));
    let Some(param) = param else { return };
    out.push(
        finding(
            Rule::RedirectUriOpenRedirect,
            app,
            entry.span,
            format!("redirect URI carries a `{param}` query parameter, the shape of an open redirector"),
        )
        .label("possible open redirect")
        .help("register a fixed callback without a target parameter; carry the return path in state and validate it"),
    );
}
