//! Redirect URIs: the login (`ImpersonateLoginUrl`) and logout (`ImpersonateLogoutUrl`)
//! allow-lists. The instance matches them exactly, so every entry is checked as written.

use std::borrow::Cow;

use url::{Host, Url};

use super::{Checker, finding};
use crate::finding::{Rule, Severity};
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

/// Both allow-lists of an app, by attribute name, when written.
fn lists(app: &TrustedApp) -> impl Iterator<Item = (&'static str, &UriList)> {
    [
        ("ImpersonateLoginUrl", &app.impersonate_login_url),
        ("ImpersonateLogoutUrl", &app.impersonate_logout_url),
    ]
    .into_iter()
    .filter_map(|(name, list)| list.as_ref().map(|l| (name, l)))
}

/// Every entry of both lists, each with what is wrong with its form, if anything. Each
/// app's entries are judged once for the eight rules that read them (parsing URLs was most
/// of the rules' time), and kept in the run's [`Context`](super::Context).
fn entries<'a>(
    cx: &Checker<'a>,
    app: &'a TrustedApp,
) -> Vec<(&'a Spanned<String>, Cow<'a, Entry>)> {
    let ctx = cx.ctx;
    let raw = lists(app).flat_map(|(_, list)| list.entries.iter());
    match ctx.app_index(app) {
        Some(i) => raw
            .zip(ctx.redirect_entries[i].get_or_init(|| judge(app)))
            .map(|(e, entry)| (e, Cow::Borrowed(entry)))
            .collect(),
        // Every app a rule is given is one of the run's; one from elsewhere is judged here.
        None => raw
            .zip(judge(app))
            .map(|(e, entry)| (e, Cow::Owned(entry)))
            .collect(),
    }
}

/// What each entry of both lists is, in their order.
fn judge(app: &TrustedApp) -> Vec<Entry> {
    lists(app)
        .flat_map(|(_, list)| list.entries.iter().map(|e| Entry::of(&e.value)))
        .collect()
}

/// What an entry is, checked in this order; the first problem found is the one reported,
/// so an entry is reported once for its form.
#[derive(Clone)]
pub(crate) enum Entry {
    /// A template's value (`https://<your-app>/callback`), which TA107 reports and no
    /// other rule reads.
    Placeholder,
    /// TA203, with the message and the fix.
    Malformed(String, &'static str),
    /// TA202.
    Wildcard,
    /// TA209, with the scheme.
    DangerousScheme(String),
    /// A well-formed absolute URI, which the scheme rules look at.
    Absolute(Url),
}

impl Entry {
    fn of(raw: &str) -> Entry {
        if crate::model::placeholder_form(raw).is_some() {
            return Entry::Placeholder;
        }
        if raw.trim().is_empty() {
            return Entry::Malformed(
                "empty redirect URI entry (a stray comma or an empty item)".into(),
                "remove the empty entry and any doubled or trailing comma",
            );
        }
        if raw.chars().any(char::is_whitespace) {
            return Entry::Malformed(
                "redirect URI contains whitespace, so it can never match exactly".into(),
                "remove the spaces: entries are compared character by character",
            );
        }
        if raw.contains('*') {
            return Entry::Wildcard;
        }
        let url = match parse_absolute(raw) {
            Ok(url) => url,
            Err(reason) => {
                return Entry::Malformed(
                    format!("redirect URI is not an absolute URI: {reason}"),
                    "write the full URI with scheme and host, e.g. https://app.example.com/signin-oidc",
                );
            }
        };
        if DANGEROUS_SCHEMES.contains(&url.scheme()) {
            return Entry::DangerousScheme(url.scheme().to_string());
        }
        if raw.contains('#') {
            return Entry::Malformed(
                "redirect URI has a fragment (`#...`), which OAuth forbids".into(),
                "remove the fragment; use the state parameter to carry app state",
            );
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Entry::Malformed(
                "redirect URI carries user information (`user@` or `user:password@`)".into(),
                "remove the user information from the URI",
            );
        }
        Entry::Absolute(url)
    }
}

/// Whether an entry is one of the post-logout URIs, which receive no code.
fn is_logout_entry(app: &TrustedApp, entry: &Spanned<String>) -> bool {
    app.logout_urls().iter().any(|e| std::ptr::eq(e, entry))
}

/// The well-formed absolute entries of both lists.
fn absolute<'a>(cx: &Checker<'a>, app: &'a TrustedApp) -> Vec<(&'a Spanned<String>, Url)> {
    entries(cx, app)
        .into_iter()
        .filter_map(|(e, entry)| match entry {
            Cow::Borrowed(Entry::Absolute(url)) => Some((e, url.clone())),
            Cow::Owned(Entry::Absolute(url)) => Some((e, url)),
            _ => None,
        })
        .collect()
}

fn is_web(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
}

fn on_loopback(url: &Url) -> bool {
    crate::model::is_loopback(url)
}

pub(crate) fn redirect_uri_malformed<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, kind) in entries(cx, app) {
        if let Entry::Malformed(message, help) = &*kind {
            cx.report(
                finding(Rule::TA203, app, entry.span, message)
                    .label("malformed redirect URI")
                    .help(*help),
            );
        }
    }
}

pub(crate) fn redirect_uri_wildcard<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, kind) in entries(cx, app) {
        if let Entry::Wildcard = &*kind {
            cx.report(
                finding(Rule::TA202, app, entry.span, "redirect URI contains a wildcard `*`")
                    .label("wildcard")
                    .help("register every exact redirect URI the app uses; ERP.net matches exactly and wildcards let attackers receive codes"),
            );
        }
    }
}

pub(crate) fn redirect_uri_dangerous_scheme<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, kind) in entries(cx, app) {
        if let Entry::DangerousScheme(scheme) = &*kind {
            cx.report(
                finding(
                    Rule::TA209,
                    app,
                    entry.span,
                    format!("redirect URI uses the `{scheme}:` scheme, which can run code or leak the authorization response"),
                )
                .label("dangerous scheme")
                .help("use an https:// callback, a loopback http://127.0.0.1 URI or a reverse-domain private scheme"),
            );
        }
    }
}

pub(crate) fn redirect_uri_list_too_long(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (name, list) in lists(app) {
        if list.stored_len <= MAX_LIST_LEN {
            continue;
        }
        cx.report(
            finding(
                Rule::TA207,
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
}

pub(crate) fn redirect_uri_missing(cx: &mut Checker<'_>, app: &TrustedApp) {
    if !app.interactive() || app.login_urls().iter().any(|u| !u.value.trim().is_empty()) {
        return;
    }
    // ERP.net's service-app table turns an impersonation flag on with no login URL: no
    // one can sign in, and a declared Service with the flag is TA403.
    if app.kind().is_some_and(|k| k.app_type == AppType::Service) {
        return;
    }
    let flag = app.sign_in_flag();
    let span = app
        .impersonate_login_url
        .as_ref()
        .map(|l| l.span)
        .or(flag.map(|f| f.span))
        .unwrap_or(app.anchor());
    cx.report(
        finding(
            Rule::TA204,
            app,
            span,
            "users can sign in through this app, but ImpersonateLoginUrl lists no redirect URI",
        )
        .label("sign-in enabled here")
        .help("add the exact callback URL the app sends as redirect_uri to ImpersonateLoginUrl"),
    );
}

/// Lower-cased and without a trailing slash: what a reader would take for "the same URI".
fn loose_form(uri: &str) -> String {
    uri.trim().trim_end_matches('/').to_ascii_lowercase()
}

pub(crate) fn redirect_uri_near_duplicate(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (_, list) in lists(app) {
        near_duplicates(cx, app, list);
    }
}

fn near_duplicates(cx: &mut Checker<'_>, app: &TrustedApp, list: &UriList) {
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
        cx.report(
            finding(Rule::TA208, app, later.span, message)
                .label("near-duplicate")
                .related(app.origin.file, earlier.span, "this entry")
                .help("keep only the exact URI the app sends: matching is exact, so the other entry never matches and only hides typos"),
        );
    }
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

pub(crate) fn redirect_uri_not_https<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, url) in absolute(cx, app) {
        // Private-network hosts are TA211, a warning.
        let private = url.host().is_some_and(|h| private_network(&h).is_some());
        if url.scheme() == "http" && !on_loopback(&url) && !private {
            not_https(cx, app, entry, &url);
        }
    }
}

fn not_https(cx: &mut Checker<'_>, app: &TrustedApp, entry: &Spanned<String>, url: &Url) {
    let host = url.host_str().unwrap_or_default();
    let mut f = finding(
        Rule::TA201,
        app,
        entry.span,
        format!("redirect URI uses plain http:// to `{host}`, which is not a loopback address"),
    )
    .label(if is_logout_entry(app, entry) {
        "the signed-out user would be sent back unencrypted"
    } else {
        "authorization codes would travel unencrypted"
    })
    .help("use https://; plain http is acceptable only for loopback (127.0.0.1, [::1]) during development");
    if app.environment() == Environment::Development {
        f = f.severity(Severity::Warning);
    }
    cx.report(f);
}

pub(crate) fn redirect_uri_loopback_name<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, url) in absolute(cx, app) {
        if is_web(&url) && on_loopback(&url) {
            loopback_name(cx, app, entry, &url);
        }
    }
}

fn loopback_name(cx: &mut Checker<'_>, app: &TrustedApp, entry: &Spanned<String>, url: &Url) {
    let named = matches!(url.host(), Some(Host::Domain(_)));
    // The declared or inferred type; with neither, a Confidential client is known not to
    // be a native app (RFC 8252 §8.4), and a Public one may be.
    let kind = app.kind();
    let not_desktop = match &kind {
        Some(k) => k.app_type != AppType::Desktop,
        None => app.client_type() == ClientType::Confidential,
    };
    let deployed_non_desktop = app.environment() != Environment::Development && not_desktop;
    let (message, help) = if deployed_non_desktop {
        let what = kind.map_or_else(
            || "a Confidential client, which is not a desktop app".to_string(),
            |k| k.describe(),
        );
        let environment = match app.environment() {
            Environment::Staging => "Staging",
            _ => "Production",
        };
        (
            format!("loopback redirect URI in a {environment} registration of {what}"),
            "move development URIs to a registration with Environment: Development; only native desktop apps receive codes on loopback",
        )
    } else if named {
        (
            "loopback redirect URI uses the name `localhost` (RFC 8252 §8.3: not recommended)"
                .to_string(),
            "use the loopback IP literal, e.g. http://127.0.0.1:{port}/callback or http://[::1]:{port}/callback",
        )
    } else {
        return;
    };
    cx.report(
        finding(Rule::TA205, app, entry.span, message)
            .label("loopback redirect")
            .help(help),
    );
}

pub(crate) fn redirect_uri_private_scheme<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, url) in absolute(cx, app) {
        if !is_web(&url) {
            private_scheme(cx, app, entry, url.scheme());
        }
    }
}

fn private_scheme(cx: &mut Checker<'_>, app: &TrustedApp, entry: &Spanned<String>, scheme: &str) {
    let (message, help) = if !scheme.contains('.') {
        (
            format!(
                "private-use scheme `{scheme}:` is not in the reverse-domain form RFC 8252 §7.1 asks for (ERP.net's own mobile example, `myapp://auth/callback`, is not either)"
            ),
            "use a scheme based on a domain you control, e.g. com.example.app:/oauth2redirect",
        )
    } else if let Some(kind) = app.kind().filter(|k| !k.app_type.is_native()) {
        (
            format!(
                "private-use scheme `{scheme}:` on {}, which is not a native (desktop or mobile) app",
                kind.describe()
            ),
            "web apps and services receive redirects on https:// URLs; private schemes are for native apps",
        )
    } else {
        return;
    };
    cx.report(
        finding(Rule::TA206, app, entry.span, message)
            .label("private-use scheme")
            .help(help),
    );
}

pub(crate) fn redirect_uri_open_redirect<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, url) in absolute(cx, app) {
        open_redirect(cx, app, entry, &url);
    }
}

fn open_redirect(cx: &mut Checker<'_>, app: &TrustedApp, entry: &Spanned<String>, url: &Url) {
    let param = url
        .query_pairs()
        .map(|(k, _)| k.into_owned())
        .find(|k| OPEN_REDIRECT_PARAMS.contains(&k.to_ascii_lowercase().as_str()));
    let Some(param) = param else { return };
    cx.report(
        finding(
            Rule::TA210,
            app,
            entry.span,
            format!("redirect URI carries a `{param}` query parameter, the shape of an open redirector"),
        )
        .label("possible open redirect")
        .help("register a fixed callback without a target parameter; carry the return path in state and validate it"),
    );
}

/// TA212: a comma-separated list with spaces after its commas. The entries themselves were
/// read without the spaces, so the other rules check the URIs the app means.
pub(crate) fn redirect_uri_list_spaces(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (name, list) in lists(app) {
        for space in &list.spaces_after_commas {
            cx.report(
                finding(
                    Rule::TA212,
                    app,
                    *space,
                    format!(
                        "{name} separates its URIs with a comma and a space; ERP.net documents the list as comma-separated and does not say whether the space is trimmed"
                    ),
                )
                .label("space after the comma")
                .help("remove the spaces after the commas (or write the URIs as a list): an untrimmed space makes the URI after it never match"),
            );
        }
    }
}

/// TA211: plain http to a private-network or link-local address. TA201 leaves these
/// hosts to this rule.
pub(crate) fn redirect_uri_http_private_network<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    for (entry, url) in absolute(cx, app) {
        if url.scheme() != "http" || on_loopback(&url) {
            continue;
        }
        let Some(network) = url.host().and_then(|h| private_network(&h)) else {
            continue;
        };
        cx.report(
            finding(
                Rule::TA211,
                app,
                entry.span,
                format!(
                    "redirect URI uses plain http:// to `{}`, {network}: ERP.net's samples allow this for local apps, its security best practices do not",
                    url.host_str().unwrap_or_default()
                ),
            )
            .label(if is_logout_entry(app, entry) {
                "sign-out returns unencrypted on the local network"
            } else {
                "codes unencrypted on the local network"
            })
            .help("use https:// (a certificate for the internal name), or a loopback address if the app runs on the user's machine"),
        );
    }
}

/// The kind of private address a host is, if it is one: RFC 1918 and RFC 4193 ranges and
/// link-local addresses. Names are not resolved.
fn private_network(host: &Host<&str>) -> Option<&'static str> {
    match host {
        Host::Ipv4(ip) if ip.is_private() => Some("a private-network address (RFC 1918)"),
        Host::Ipv4(ip) if ip.is_link_local() => Some("a link-local address"),
        Host::Ipv6(ip) if (ip.segments()[0] & 0xfe00) == 0xfc00 => {
            Some("a unique local address (RFC 4193)")
        }
        Host::Ipv6(ip) if (ip.segments()[0] & 0xffc0) == 0xfe80 => Some("a link-local address"),
        _ => None,
    }
}
