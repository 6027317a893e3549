//! Configs against their registration: the values an app sends to ERP.net must match what
//! its Trusted Application allows, or the instance rejects the request at run time.

use url::Url;

use super::Checker;
use crate::configs::{AppConfig, Role, Setting, is_erpnet_url, section};
use crate::finding::{Finding, Rule};
use crate::model::{ClientType, Environment, Spanned, TrustedApp};
use crate::rules::scope::{KNOWN_SCOPES, PROTOCOL_SCOPES, is_domain_api, is_sec};
use crate::suggest::edit_distance;

/// Query parameters that carry a credential.
const CREDENTIAL_PARAMS: &[&str] = &[
    "access_token",
    "id_token",
    "refresh_token",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "x-api-key",
    "apitoken",
    "api_token",
    "auth_token",
    "client_secret",
];

/// Whether a config is about ERP.net: it is linked to a Trusted Application, or one of its
/// authorities is an erp.net host. The rules other than CF208 look at no other config.
fn erp_related(cx: &Checker<'_>, config: &AppConfig) -> bool {
    cx.app_of(config).is_some() || config.points_at_erpnet()
}

pub(crate) fn client_id_unregistered(cx: &mut Checker<'_>, config: &AppConfig) {
    if erp_related(cx, config) {
        check_client_id(cx, config);
    }
}

pub(crate) fn implicit_flow(cx: &mut Checker<'_>, config: &AppConfig) {
    if erp_related(cx, config) {
        check_implicit_flow(config, cx.app_of(config), cx);
    }
}

pub(crate) fn authority_invalid(cx: &mut Checker<'_>, config: &AppConfig) {
    if erp_related(cx, config) {
        check_authority(config, cx.app_of(config), cx);
    }
}

pub(crate) fn token_in_url(cx: &mut Checker<'_>, config: &AppConfig) {
    let erp_related = erp_related(cx, config);
    check_token_in_url(config, cx.app_of(config), erp_related, cx);
}

pub(crate) fn redirect_uri_unregistered(cx: &mut Checker<'_>, config: &AppConfig) {
    if let Some(app) = cx.app_of(config) {
        check_registered_uris(config, app, Role::RedirectUri, cx);
    }
}

pub(crate) fn post_logout_uri_unregistered(cx: &mut Checker<'_>, config: &AppConfig) {
    if let Some(app) = cx.app_of(config) {
        check_registered_uris(config, app, Role::PostLogoutRedirectUri, cx);
    }
}

pub(crate) fn scope_not_granted(cx: &mut Checker<'_>, config: &AppConfig) {
    if let Some(app) = cx.app_of(config) {
        check_scopes(config, app, cx);
    }
}

pub(crate) fn pkce_disabled(cx: &mut Checker<'_>, config: &AppConfig) {
    if let Some(app) = cx.app_of(config) {
        check_pkce(config, app, cx);
    }
}

pub(crate) fn disabled_app_in_use(cx: &mut Checker<'_>, config: &AppConfig) {
    if let Some(app) = cx.app_of(config) {
        check_app_enabled(config, app, cx);
    }
}

fn finding(
    rule: Rule,
    config: &AppConfig,
    setting: &Setting,
    app: Option<&TrustedApp>,
    message: String,
) -> Finding {
    Finding::new(rule, config.file, setting.span, message).app(app.and_then(TrustedApp::uri))
}

/// A string value worth comparing: not empty and not a reference to the environment.
fn literal(setting: &Setting) -> Option<&str> {
    let v = setting.as_str()?.trim();
    (!v.is_empty()
        && !v.contains("${")
        && !v.starts_with('$')
        && !v.starts_with('%')
        && !v.contains("{{")
        && !v.contains('<')
        && !crate::secrets::detectors().is_allowlisted(v))
    .then_some(v)
}

fn check_client_id(cx: &mut Checker<'_>, config: &AppConfig) {
    if config.linked_explicitly {
        client_id_of_linked_app(cx, config);
        return;
    }
    if config.app.is_some() || cx.apps.is_empty() {
        return;
    }
    // Only the client ids of sections that talk to ERP.net: a settings file may configure
    // other identity providers too.
    let erp_sections: Vec<std::borrow::Cow<str>> = config
        .settings
        .iter()
        .filter(|s| s.points_at_erpnet())
        .map(|s| section(&s.path))
        .collect();
    for setting in config.with_role(Role::ClientId) {
        if !erp_sections.contains(&section(&setting.path)) {
            continue;
        }
        let Some(client_id) = literal(setting) else {
            continue;
        };
        if crate::redact::looks_like_secret(client_id) {
            cx.report(secret_shaped_client_id(config, setting, None, client_id));
            continue;
        }
        let closest = cx
            .apps
            .iter()
            .filter_map(TrustedApp::uri)
            .filter_map(|u| Some((edit_distance(u, client_id)?, u)))
            .min_by_key(|(d, _)| *d)
            .map(|(_, u)| u);
        let help = match closest {
            Some(uri) => format!(
                "use the ApplicationUri of the app's registration exactly; the closest registered is `{uri}`"
            ),
            None => "register the app, or use the ApplicationUri of its registration".to_string(),
        };
        cx.report(
            finding(
                Rule::CF201,
                config,
                setting,
                None,
                format!("client id `{client_id}` matches no ApplicationUri in the linted definitions (invalid_client)"),
            )
            .label("unknown client id")
            .help(help),
        );
    }
}

/// CF201 for a client id shaped like a secret: never quoted, and no "did you mean" (that
/// would be derived from its characters).
fn secret_shaped_client_id(
    config: &AppConfig,
    setting: &Setting,
    app: Option<&TrustedApp>,
    client_id: &str,
) -> Finding {
    let target = match app.and_then(TrustedApp::uri) {
        Some(uri) => format!("send `{uri}` as the client id"),
        None => "send the app's ApplicationUri as the client id".to_string(),
    };
    finding(
        Rule::CF201,
        config,
        setting,
        app,
        format!(
            "the client id ({} characters) matches no ApplicationUri (invalid_client), and it is shaped like a secret rather than an ApplicationUri: are the client id and the client secret swapped?",
            client_id.chars().count()
        ),
    )
    .label("client id shaped like a secret")
    .help(format!("{target}; if this value is a secret, treat it as exposed and rotate it"))
}

/// A config linked by `Configs:` must still send its app's ApplicationUri as client id.
fn client_id_of_linked_app(cx: &mut Checker<'_>, config: &AppConfig) {
    let Some(app) = cx.app_of(config) else {
        return;
    };
    let Some(uri) = app.uri() else { return };
    // Sections that talk to ERP.net, or the whole file when no section says so; a client
    // id under another identity provider's settings is not ERP.net's.
    let with_erp_authority: Vec<std::borrow::Cow<str>> = config
        .settings
        .iter()
        .filter(|s| s.points_at_erpnet())
        .map(|s| section(&s.path))
        .collect();
    let with_any_authority: Vec<std::borrow::Cow<str>> = config
        .settings
        .iter()
        .filter(|s| matches!(s.role(), Some(Role::Authority | Role::Endpoint)))
        .map(|s| section(&s.path))
        .collect();
    for setting in config.with_role(Role::ClientId) {
        let sec = section(&setting.path);
        let erp = if with_erp_authority.is_empty() {
            !with_any_authority.contains(&sec)
        } else {
            with_erp_authority.contains(&sec)
        };
        let Some(client_id) = literal(setting).filter(|_| erp) else {
            continue;
        };
        if client_id == uri || cx.apps.iter().any(|a| a.uri() == Some(client_id)) {
            continue;
        }
        if crate::redact::looks_like_secret(client_id) {
            cx.report(secret_shaped_client_id(
                config,
                setting,
                Some(app),
                client_id,
            ));
            continue;
        }
        cx.report(
            finding(
                Rule::CF201,
                config,
                setting,
                Some(app),
                format!("client id `{client_id}` is not the ApplicationUri `{uri}` of the app this config is linked to (invalid_client)"),
            )
            .label("wrong client id")
            .help(format!("send `{uri}` as the client id")),
        );
    }
}

use crate::redact::quoted_url;

/// How two URIs differ, in the words of the help text.
fn difference(used: &str, registered: &str) -> &'static str {
    if used.eq_ignore_ascii_case(registered) {
        return "letter case";
    }
    if used.trim_end_matches('/') == registered.trim_end_matches('/') {
        return "a trailing slash";
    }
    let without_default_port = |u: &str| u.replacen(":443/", "/", 1).replacen(":80/", "/", 1);
    if without_default_port(used) == without_default_port(registered) {
        return "an explicit default port";
    }
    match (Url::parse(used), Url::parse(registered)) {
        (Ok(a), Ok(b)) if a.scheme() != b.scheme() => "the scheme",
        (Ok(a), Ok(b)) if a.host_str() != b.host_str() => "the host",
        (Ok(a), Ok(b)) if a.port_or_known_default() != b.port_or_known_default() => "the port",
        (Ok(a), Ok(b)) if a.path() != b.path() => "the path",
        (Ok(a), Ok(b)) if a.query() != b.query() => "the query",
        _ => "its spelling",
    }
}

/// Whether two URIs are the same loopback redirect URI but for the port.
fn same_but_loopback_port(registered: &str, used: &str) -> bool {
    let (Ok(mut a), Ok(mut b)) = (Url::parse(registered.trim()), Url::parse(used)) else {
        return false;
    };
    use crate::model::is_loopback;
    if !is_loopback(&a) || !is_loopback(&b) || a.scheme() != "http" {
        return false;
    }
    (a.set_port(None).is_ok() && b.set_port(None).is_ok()) && a == b
}

fn check_registered_uris(config: &AppConfig, app: &TrustedApp, role: Role, out: &mut Checker<'_>) {
    let (list, attribute, rule, consequence) = match role {
        Role::RedirectUri => (
            &app.impersonate_login_url,
            "ImpersonateLoginUrl",
            Rule::CF202,
            "the instance matches exactly and answers invalid_redirect_uri",
        ),
        _ => (
            &app.impersonate_logout_url,
            "ImpersonateLogoutUrl",
            Rule::CF203,
            "the instance matches exactly, so after sign-out it does not send the user back",
        ),
    };
    let entries: &[Spanned<String>] = list.as_ref().map_or(&[], |l| l.entries.as_slice());
    for setting in config.with_role(role) {
        let Some(used) = literal(setting) else {
            continue;
        };
        // A relative path is completed at run time (e.g. with the page's origin).
        if !used.contains("://") && !used.contains(":/") {
            continue;
        }
        // On loopback any port is the same redirect URI (RFC 8252 §7.3; the docs list
        // desktop redirects as "loopback with random port").
        if entries
            .iter()
            .any(|e| e.value == used || same_but_loopback_port(&e.value, used))
        {
            continue;
        }
        let used_lower = used.to_ascii_lowercase();
        let closest = entries
            .iter()
            .filter(|e| !e.value.trim().is_empty())
            .filter_map(|e| {
                Some((
                    edit_distance(&e.value.to_ascii_lowercase(), &used_lower)?,
                    e,
                ))
            })
            .min_by_key(|(d, _)| *d)
            .map(|(_, e)| e);
        let mut f = finding(
            rule,
            config,
            setting,
            Some(app),
            format!(
                "`{}` is not registered in {attribute} of `{}`; {consequence}",
                quoted_url(used),
                app.uri().unwrap_or("the app")
            ),
        )
        .label("not registered");
        f = match closest {
            Some(e) => f
                .help(format!(
                    "the closest registered entry is `{}`, which differs in {}; make the two identical",
                    quoted_url(&e.value),
                    difference(used, &e.value)
                ))
                .related(app.origin.file, e.span, "closest registered entry"),
            None => f.help(format!("add `{}` to {attribute}", quoted_url(used))),
        };
        out.report(f);
    }
}

fn check_scopes(config: &AppConfig, app: &TrustedApp, out: &mut Checker<'_>) {
    if app.scopes().is_empty() {
        return;
    }
    for setting in config.with_role(Role::Scope) {
        let Some(requested) = literal(setting) else {
            continue;
        };
        for scope in requested.split([' ', ',']).filter(|s| !s.is_empty()) {
            // `sec` and `DomainApi` are CF211 whether granted or not.
            if PROTOCOL_SCOPES.contains(&scope)
                || app.has_scope(scope)
                || is_sec(scope)
                || is_domain_api(scope)
            {
                continue;
            }
            let case_twin = app
                .scopes()
                .iter()
                .find(|s| s.value.eq_ignore_ascii_case(scope));
            let granted: Vec<&str> = app.scopes().iter().map(|s| s.value.as_str()).collect();
            out.report(
                finding(
                    Rule::CF204,
                    config,
                    setting,
                    Some(app),
                    format!(
                        "scope `{scope}` is requested but `{}` allows only {}; the instance answers invalid_scope",
                        app.uri().unwrap_or("the app"),
                        granted.join(" ")
                    ),
                )
                .label("not granted")
                .help(match case_twin {
                    Some(twin) if KNOWN_SCOPES.contains(&twin.value.as_str()) => {
                        format!("scopes are case-sensitive: request `{}`", twin.value)
                    }
                    Some(twin) => format!(
                        "the registration's `{}` is not a documented scope (TA603): correct it to `{scope}`",
                        twin.value
                    ),
                    None => format!("request only granted scopes, or add `{scope}` to the app's Scope if it really needs it"),
                }),
            );
        }
    }
}

fn check_pkce(config: &AppConfig, app: &TrustedApp, out: &mut Checker<'_>) {
    let public = app.client_type() == ClientType::Public
        || app.kind().is_some_and(|k| k.app_type.is_public_by_nature());
    for setting in &config.settings {
        if !public && !config.side_of(setting).is_frontend() {
            continue;
        }
        let problem = match setting.role() {
            Some(Role::DisablePkce) if setting.as_bool() == Some(true) => "turns PKCE off",
            Some(Role::UsePkce) if setting.as_bool() == Some(false) => "turns PKCE off",
            Some(Role::CodeChallengeMethod)
                if setting
                    .as_str()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("plain")) =>
            {
                "uses the `plain` PKCE method"
            }
            _ => continue,
        };
        out.report(
            finding(
                Rule::CF205,
                config,
                setting,
                Some(app),
                format!("`{}` {problem} for a public or native client", setting.path),
            )
            .label("no PKCE protection")
            .help("keep PKCE on with code_challenge_method S256; ERP.net requires it for public clients"),
        );
    }
}

fn check_implicit_flow(config: &AppConfig, app: Option<&TrustedApp>, out: &mut Checker<'_>) {
    for setting in config.with_role(Role::ResponseType) {
        let Some(value) = literal(setting) else {
            continue;
        };
        let parts: Vec<&str> = value.split_whitespace().collect();
        let implicit = parts.contains(&"token") || parts == ["id_token"];
        if !implicit {
            continue;
        }
        out.report(
            finding(
                Rule::CF206,
                config,
                setting,
                app,
                format!("response_type `{value}` returns tokens from the authorization endpoint (the implicit flow)"),
            )
            .label("implicit flow")
            .help("use response_type `code` (Authorization Code with PKCE)"),
        );
    }
}

fn check_authority(config: &AppConfig, app: Option<&TrustedApp>, out: &mut Checker<'_>) {
    let api_access = app.is_some_and(|a| a.has_scope("read") || a.has_scope("update"))
        || config
            .with_role(Role::Scope)
            .filter_map(|s| s.as_str())
            .any(|s| s.split([' ', ',']).any(|t| t == "read" || t == "update"));
    for setting in config.with_role(Role::Authority) {
        let Some(value) = literal(setting) else {
            continue;
        };
        let Ok(url) = Url::parse(value) else { continue };
        let value = quoted_url(value);
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let instance = host.strip_suffix(".my.erp.net");
        let expected = app.and_then(TrustedApp::instance_name);
        let suggested = format!(
            "https://{}.my.erp.net/id",
            expected.as_deref().or(instance).unwrap_or("{instance}")
        );
        let loopback = matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]");
        let development = config.environment == Some(Environment::Development)
            || app.is_some_and(|a| a.environment() == Environment::Development);
        let (message, help) = if url.scheme() != "https" && !(loopback && development) {
            (
                format!("authority `{value}` is not HTTPS"),
                format!("use the instance's https:// authority, {suggested}"),
            )
        } else if host == crate::configs::GLOBAL_ERPNET_ID_HOST && api_access {
            (
                format!(
                    "authority `{value}` is the global ERP.net identity provider, which signs users in but issues no tokens for an instance's APIs"
                ),
                format!("use the instance authority {suggested} for API access"),
            )
        } else if let (Some(found), Some(expected)) = (instance, &expected)
            && found != expected
        {
            (
                format!(
                    "authority `{value}` belongs to instance `{found}`, but the app is registered in `{expected}`"
                ),
                format!(
                    "use https://{expected}.my.erp.net/id; tokens work only in the instance that issued them"
                ),
            )
        } else {
            continue;
        };
        out.report(
            finding(Rule::CF207, config, setting, app, message)
                .label("authority")
                .help(help),
        );
    }
}

/// Query parameters that carry an OAuth token or secret wherever they appear.
/// (`access_token` is not among them: map and analytics services use it for keys meant to
/// be public; it counts on other services only when its value is an OAuth token.)
const OAUTH_CREDENTIAL_PARAMS: &[&str] = &["id_token", "refresh_token", "client_secret"];

/// A credential in a URL's query: OAuth token parameters in a config that talks to
/// ERP.net, and any credential parameter on an ERP.net URL. (Other services' URLs may
/// carry keys meant to be public, such as map tiles' access tokens.)
fn check_token_in_url(
    config: &AppConfig,
    app: Option<&TrustedApp>,
    erp_related: bool,
    out: &mut Checker<'_>,
) {
    for setting in &config.settings {
        let Some(value) = setting.as_str() else {
            continue;
        };
        if !value.contains("://") || !value.contains('?') {
            continue;
        }
        let Ok(url) = Url::parse(value.trim()) else {
            continue;
        };
        let erp_url = is_erpnet_url(value);
        let params: &[&str] = match (erp_url, erp_related) {
            (true, _) => CREDENTIAL_PARAMS,
            (false, true) => OAUTH_CREDENTIAL_PARAMS,
            (false, false) => continue,
        };
        let token_like = |v: &str| v.starts_with("eyJ") || v.starts_with("enrt_");
        let Some(param) = url
            .query_pairs()
            .filter(|(_, v)| !v.is_empty())
            .find(|(k, v)| {
                let k = k.to_ascii_lowercase();
                params.contains(&k.as_str()) || (k == "access_token" && token_like(v))
            })
            .map(|(k, _)| k.into_owned())
        else {
            continue;
        };
        out.report(
            finding(
                Rule::CF208,
                config,
                setting,
                app,
                format!("`{}` carries a credential in its `{param}` query parameter", setting.path),
            )
            .label("credential in a URL")
            .help("send tokens in the Authorization header (or an API-key header); URLs end up in logs, history and Referer headers"),
        );
    }
}

fn check_app_enabled(config: &AppConfig, app: &TrustedApp, out: &mut Checker<'_>) {
    let Some(flag) = app.is_enabled.as_ref().filter(|f| !f.value) else {
        return;
    };
    let Some(setting) = config.first(Role::ClientId).or(config.settings.first()) else {
        return;
    };
    out.report(
        finding(
            Rule::CF210,
            config,
            setting,
            Some(app),
            format!(
                "this config uses `{}`, whose registration is disabled (IsEnabled: false); sign-in and token requests fail",
                app.uri().unwrap_or("the app")
            ),
        )
        .label("disabled app")
        .related(app.origin.file, flag.span, "disabled here")
        .help("enable the registration, or stop shipping a config for an app that is switched off"),
    );
}

/// CF213: a config linked by `Configs:` in which no setting has a role. A file that only
/// a glob links stays quiet while another linked file of the app has one.
pub(crate) fn linked_config_unread(cx: &mut Checker<'_>, config: &AppConfig) {
    let reads_something = |c: &AppConfig| c.settings.iter().any(|s| s.role().is_some());
    if !config.linked_explicitly || reads_something(config) {
        return;
    }
    let app = cx.app_of(config);
    // A glob (`api/appsettings*.json`) may well match files that hold no client setting
    // (the logging of one environment) beside one that does: only a file named on its
    // own, or a glob none of whose files is read for anything, is worth a warning.
    if let Some(app) = app {
        let named_alone = app.configs.as_ref().is_some_and(|links| {
            let def_dir = cx.sources[app.origin.file].path.parent();
            let relative = def_dir
                .and_then(|dir| crate::paths::relative_path(dir, &cx.sources[config.file].path));
            links.iter().any(|link| {
                let glob = link.path.value.trim_start_matches("./");
                !glob.contains(['*', '?', '[', '{'])
                    && relative
                        .as_deref()
                        .is_some_and(|r| crate::paths::glob_matches(glob, r))
            })
        });
        let siblings_read = cx
            .configs
            .iter()
            .any(|c| c.linked_explicitly && c.app == config.app && reads_something(c));
        if !named_alone && siblings_read {
            return;
        }
    }
    let by = app
        .and_then(TrustedApp::uri)
        .map_or_else(String::new, |uri| format!(" of `{uri}`"));
    cx.report(
        Finding::new(
            Rule::CF213,
            config.file,
            crate::source::Span::new(0, 0),
            format!(
                "`Configs:`{by} links this file, but the {} reader found no client setting in it: nothing in it is checked against the registration",
                config.format.name()
            ),
        )
        .app(app.and_then(TrustedApp::uri))
        .label("no client setting read here")
        .help("link the file that configures the client (the module that creates it, or the settings file with its client id), or remove the link; `trustlint check --show-files` shows how each file is read"),
    );
}

/// CF211: a config of an ERP.net client that asks for `sec` or `DomainApi`.
pub(crate) fn config_scope_privileged(cx: &mut Checker<'_>, config: &AppConfig) {
    if !erp_related(cx, config) {
        return;
    }
    let app = cx.app_of(config);
    for setting in config.with_role(Role::Scope) {
        let Some(value) = setting.as_str() else {
            continue;
        };
        // Another identity provider's scopes in the same file are not ERP.net's.
        if !config.is_erpnet_setting(setting, app.and_then(TrustedApp::uri)) {
            continue;
        }
        for scope in value.split([' ', ',']).map(str::trim) {
            let why = if is_sec(scope) {
                "`sec` is reserved for ERP.net's own security administration"
            } else if is_domain_api(scope) {
                "`DomainApi` is a legacy scope that grants the whole Domain API"
            } else {
                continue;
            };
            cx.report(
                finding(
                    Rule::CF211,
                    config,
                    setting,
                    app,
                    format!("the config requests `{scope}`: {why}"),
                )
                .label("privileged scope")
                .help("request only read, and update if the app writes (plus openid and profile for sign-in)"),
            );
        }
    }
}

/// CF212: a public client's config (a Public registration, a front-end file, or an app
/// whose type runs on the user's device) that requests `offline_access`.
pub(crate) fn config_offline_access_public(cx: &mut Checker<'_>, config: &AppConfig) {
    if !erp_related(cx, config) {
        return;
    }
    let app = cx.app_of(config);
    let public_app = app.is_some_and(|a| {
        a.client_type() == ClientType::Public
            || a.kind().is_some_and(|k| k.app_type.is_public_by_nature())
    });
    for setting in config.with_role(Role::Scope) {
        let Some(value) = setting.as_str() else {
            continue;
        };
        if !value
            .split([' ', ','])
            .any(|s| s.trim() == "offline_access")
        {
            continue;
        }
        let side = config.side_of(setting);
        if !public_app && !side.is_frontend() {
            continue;
        }
        let whose = if side.is_frontend() {
            format!("a front-end config ({})", side.reason())
        } else {
            "the config of a Public client".to_string()
        };
        cx.report(
            finding(
                Rule::CF212,
                config,
                setting,
                app,
                format!("{whose} requests `offline_access`: refresh tokens would be kept in the browser or on the device"),
            )
            .label("refresh tokens on a public client")
            .help("drop offline_access and sign in again when the session ends, or keep the tokens on a backend"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_are_named() {
        assert_eq!(
            difference("https://a/cb/", "https://a/cb"),
            "a trailing slash"
        );
        assert_eq!(difference("https://A/cb", "https://a/cb"), "letter case");
        assert_eq!(difference("http://a/cb", "https://a/cb"), "the scheme");
        assert_eq!(difference("https://a:8443/cb", "https://a/cb"), "the port");
    }

    #[test]
    fn a_loopback_redirect_uri_matches_on_any_port() {
        assert!(same_but_loopback_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:51234/callback"
        ));
        assert!(same_but_loopback_port(
            "http://[::1]:8400/cb",
            "http://[::1]:9000/cb"
        ));
        assert!(!same_but_loopback_port(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:51234/other"
        ));
        assert!(!same_but_loopback_port(
            "https://app.example.com/cb",
            "https://app.example.com:8443/cb"
        ));
    }
}
