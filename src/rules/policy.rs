//! The organisation policies' requirements on registrations (the `PL1xx` rules). Each
//! rule goes through the policies about the app (`[policy.when]`) that set a requirement
//! of its table, and reports each broken requirement at the value that breaks it, naming
//! the policy. A policy only adds findings: ERP.net's rules run as they always do, and
//! where one of them already reports the same thing at a stricter bound (TA305's rotation
//! age), the policy stays quiet.

use std::net::IpAddr;

use url::{Host, Url};

use super::{Checker, finding, service, span_or_anchor};
use crate::finding::{Finding, Rule};
use crate::model::{Attribute, TrustedApp, UserRef};
use crate::policy::{Http, Loaded, domain_permitted, reference_tokens_rank};
use crate::source::Span;

/// A finding of a policy: its name first in the message, its severity, its help and link,
/// and a pointer to where the policy is written.
pub(super) fn policy_finding(
    mut f: Finding,
    policy: &Loaded,
    file: Option<usize>,
    requirement: &'static str,
    default_help: &str,
) -> Finding {
    f.message = format!("policy `{}`: {}", policy.policy.name, f.message);
    let mut f = f
        .severity(policy.severity())
        .help(policy.help(default_help))
        .policy(
            &policy.policy.name,
            requirement,
            &policy.origin,
            policy.locked,
        );
    if let Some(file) = file {
        f = f.related(
            file,
            policy.span,
            format!("policy `{}`", policy.policy.name),
        );
    }
    f
}

/// Whether a host is a private network's: RFC 1918 and unique-local or link-local
/// addresses, or a `.local` / `.internal` name.
fn private_host(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_private() || ip.is_link_local(),
        Host::Ipv6(ip) => {
            let first = ip.segments()[0];
            (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80
        }
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d.ends_with(".local") || d.ends_with(".internal")
        }
    }
}

fn loopback_host(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => IpAddr::V4(*ip).is_loopback(),
        Host::Ipv6(ip) => IpAddr::V6(*ip).is_loopback(),
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
    }
}

/// What is wrong with one redirect URI under a policy's `[policy.redirect-uris]`: the
/// requirement broken and why, each once.
fn redirect_problems(uri: &str, r: &crate::policy::RedirectUris) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let shown = uri.trim();
    if r.allow_wildcards == Some(false) && shown.contains('*') {
        out.push((
            "redirect-uris.allow-wildcards",
            format!("redirect URI `{shown}` contains a wildcard"),
        ));
    }
    // A URI that does not parse is TA202's to report.
    let Ok(url) = Url::parse(shown) else {
        return out;
    };
    let scheme = url.scheme();
    if scheme != "http" && scheme != "https" {
        if r.allow_private_use_schemes == Some(false) {
            out.push((
                "redirect-uris.allow-private-use-schemes",
                format!("redirect URI `{shown}` uses the private-use scheme `{scheme}:`"),
            ));
        }
        return out;
    }
    let Some(host) = url.host() else {
        return out;
    };
    let v4_loopback = matches!(host, Host::Ipv4(ip) if ip.is_loopback());
    let v6_loopback = matches!(host, Host::Ipv6(ip) if ip.is_loopback());
    if v4_loopback && r.allow_loopback_ipv4 == Some(false) {
        out.push((
            "redirect-uris.allow-loopback-ipv4",
            format!("redirect URI `{shown}` is a loopback IPv4 address"),
        ));
    }
    if v6_loopback && r.allow_loopback_ipv6 == Some(false) {
        out.push((
            "redirect-uris.allow-loopback-ipv6",
            format!("redirect URI `{shown}` is the loopback IPv6 address"),
        ));
    }
    if scheme == "http" {
        let refused = match r.http {
            Some(Http::Never) => Some("no plain http at all"),
            Some(Http::Loopback) if !loopback_host(&host) => {
                Some("plain http only to loopback hosts")
            }
            Some(Http::PrivateNetworks) if !loopback_host(&host) && !private_host(&host) => {
                Some("plain http only to loopback and private-network hosts")
            }
            _ => None,
        };
        if let Some(allowed) = refused {
            out.push((
                "redirect-uris.http",
                format!("redirect URI `{shown}` is plain http; the policy allows {allowed}"),
            ));
        }
    }
    // A loopback literal passes a domain list only where its own key allows it, as
    // Keycloak's secure-redirect-URIs executor does; otherwise it is reported here.
    let loopback_allowed = (v4_loopback && r.allow_loopback_ipv4 == Some(true))
        || (v6_loopback && r.allow_loopback_ipv6 == Some(true));
    let loopback_reported = (v4_loopback && r.allow_loopback_ipv4 == Some(false))
        || (v6_loopback && r.allow_loopback_ipv6 == Some(false));
    if let Some(domains) = &r.permitted_domains
        && !loopback_allowed
        && !loopback_reported
    {
        let permitted = match &host {
            Host::Domain(d) => domain_permitted(d, domains),
            Host::Ipv4(_) | Host::Ipv6(_) => false,
        };
        if !permitted {
            let host_text = url.host_str().unwrap_or_default();
            out.push((
                "redirect-uris.permitted-domains",
                format!(
                    "the host `{host_text}` of redirect URI `{shown}` is not one of the permitted domains ({})",
                    domains.join(", ")
                ),
            ));
        }
    }
    if r.allow_query == Some(false) && url.query().is_some() {
        out.push((
            "redirect-uris.allow-query",
            format!("redirect URI `{shown}` carries a query string"),
        ));
    }
    out
}

pub(crate) fn policy_redirect_uri(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (policy, file) in cx.policies_for(app) {
        let Some(r) = &policy.policy.redirect_uris else {
            continue;
        };
        for (uris, what) in [
            (app.login_urls(), "login redirect URI"),
            (app.logout_urls(), "post-logout redirect URI"),
        ] {
            for uri in uris {
                for (requirement, message) in redirect_problems(&uri.value, r) {
                    let f = finding(Rule::PL101, app, uri.span, message).label(what);
                    cx.report(policy_finding(
                        f,
                        policy,
                        file,
                        requirement,
                        "register a redirect URI the policy allows, or ask the policy's owners for an exception",
                    ));
                }
            }
        }
    }
}

pub(crate) fn policy_scope(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (policy, file) in cx.policies_for(app) {
        let Some(s) = &policy.policy.scopes else {
            continue;
        };
        for scope in app.scopes() {
            let name = scope.value.as_str();
            let (requirement, message) = if s.forbidden.iter().any(|f| f == name) {
                ("scopes.forbidden", format!("scope `{name}` is forbidden"))
            } else if let Some(allowed) = &s.allowed
                && !allowed.iter().any(|a| a == name)
            {
                (
                    "scopes.allowed",
                    format!(
                        "scope `{name}` is not one of the allowed scopes ({})",
                        allowed.join(", ")
                    ),
                )
            } else {
                continue;
            };
            let f = finding(Rule::PL102, app, scope.span, message).label("scope");
            cx.report(policy_finding(
                f,
                policy,
                file,
                requirement,
                "remove the scope from Scope, or ask the policy's owners for an exception",
            ));
        }
    }
}

pub(crate) fn policy_client(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (policy, file) in cx.policies_for(app) {
        let Some(c) = &policy.policy.client else {
            continue;
        };
        let allowed = policy.allowed_client_types();
        if !allowed.is_empty() && !allowed.contains(&app.client_type()) {
            let written = if app.client_type.is_some() {
                ""
            } else {
                " (the model's default: ClientType is not written)"
            };
            let names: Vec<&str> = allowed.iter().map(|t| t.as_str()).collect();
            let f = finding(
                Rule::PL103,
                app,
                span_or_anchor(app, &app.client_type),
                format!(
                    "the client type is {}{written}; the policy allows {}",
                    app.client_type().as_str(),
                    names.join(", ")
                ),
            )
            .label("client type");
            cx.report(policy_finding(
                f,
                policy,
                file,
                "client.client-types",
                "set a client type the policy allows",
            ));
        }
        if c.basic_authentication == Some(false) && app.basic_auth() {
            let f = finding(
                Rule::PL103,
                app,
                span_or_anchor(app, &app.basic_authentication_allowed),
                "Basic authentication is allowed".to_string(),
            )
            .label("Basic authentication");
            cx.report(policy_finding(
                f,
                policy,
                file,
                "client.basic-authentication",
                "set BasicAuthenticationAllowed: false",
            ));
        }
        if let Some(max) = policy.max_reference_tokens()
            && reference_tokens_rank(app.reference_tokens()) > reference_tokens_rank(max)
        {
            let f = finding(
                Rule::PL103,
                app,
                span_or_anchor(app, &app.reference_tokens),
                format!(
                    "ReferenceTokens is {}; the policy allows at most {}",
                    app.reference_tokens().as_str(),
                    max.as_str()
                ),
            )
            .label("who may mint reference tokens");
            cx.report(policy_finding(
                f,
                policy,
                file,
                "client.max-reference-tokens",
                "narrow ReferenceTokens to what the policy allows",
            ));
        }
    }
}

pub(crate) fn policy_secret_rotation(cx: &mut Checker<'_>, app: &TrustedApp) {
    if !app.has_secret_hash() {
        return;
    }
    let ta305_on = cx.selection.is_enabled(Rule::TA305);
    for (policy, file) in cx.policies_for(app) {
        let Some(s) = &policy.policy.secrets else {
            continue;
        };
        match &app.secret_rotated_on {
            // An instance does not record the date, so a record read from a Domain API
            // export (it carries its Id) cannot write it.
            None if s.require_rotation_date == Some(true) && app.id.is_none() => {
                let span = app
                    .application_secret_hash
                    .as_ref()
                    .map_or(app.anchor(), |h| h.span);
                let f = finding(
                    Rule::PL104,
                    app,
                    span,
                    "the app has a client secret but the definition does not record SecretRotatedOn"
                        .to_string(),
                )
                .label("secret without a rotation date");
                cx.report(policy_finding(
                    f,
                    policy,
                    file,
                    "secrets.require-rotation-date",
                    "record the day the secret was last rotated in SecretRotatedOn (YYYY-MM-DD)",
                ));
            }
            Some(rotated) => {
                let Some(max) = s.max_age_days.map(i64::from) else {
                    continue;
                };
                let age = rotated.value.days_until(cx.today);
                // Where the project's own limit is as strict, TA305 reports it.
                if age <= max || (ta305_on && cx.rotation_days <= max) {
                    continue;
                }
                let which = if ta305_on {
                    format!(
                        " (stricter than secret-rotation-days, {}, which TA305 checks)",
                        cx.rotation_days
                    )
                } else {
                    " (TA305 is off)".to_string()
                };
                let f = finding(
                    Rule::PL104,
                    app,
                    rotated.span,
                    format!(
                        "the client secret was last rotated on {}, {age} days ago; the policy allows {max} days{which}",
                        rotated.value
                    ),
                )
                .label("rotation date");
                cx.report(policy_finding(
                    f,
                    policy,
                    file,
                    "secrets.max-age-days",
                    "issue a new secret, store its hash in ApplicationSecretHash, and record the date in SecretRotatedOn",
                ));
            }
            None => {}
        }
    }
}

/// The login of an app's System User, as written or as its user record gives it.
fn system_user_login<'a>(cx: &Checker<'a>, app: &'a TrustedApp) -> Option<(String, Span)> {
    let written = app.system_user.as_ref()?;
    let login = match &written.value {
        UserRef::Login(login) => Some(login.clone()),
        _ => cx
            .system_user(app)
            .and_then(|u| u.login().map(str::to_string)),
    }?;
    Some((login, written.span))
}

pub(crate) fn policy_system_user<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    if !app.service_access() {
        return;
    }
    let login = system_user_login(cx, app);
    for (policy, file) in cx.policies_for(app) {
        let Some(s) = &policy.policy.service else {
            continue;
        };
        let help = "run the app as a System User the policy allows, one per app";
        if let Some((login, span)) = &login {
            if policy.system_user_listed(login) == Some(false) {
                let names = s.system_users.clone().unwrap_or_default().join(", ");
                let f = finding(
                    Rule::PL105,
                    app,
                    *span,
                    format!(
                        "System User `{login}` is not one of the allowed System Users ({names})"
                    ),
                )
                .label("System User");
                cx.report(policy_finding(
                    f,
                    policy,
                    file,
                    "service.system-users",
                    help,
                ));
            }
            if let Some(pattern) = policy.login_pattern()
                && !pattern.is_match(login)
            {
                let f = finding(
                    Rule::PL105,
                    app,
                    *span,
                    format!(
                        "System User `{login}` does not match the login pattern `{}`",
                        pattern.as_str()
                    ),
                )
                .label("System User");
                cx.report(policy_finding(
                    f,
                    policy,
                    file,
                    "service.login-pattern",
                    help,
                ));
            }
        }
        if s.shared == Some(false)
            && let Some(id) = service::identity(cx, app)
        {
            let n = cx.apps_running_as(&id);
            if n > 1 {
                let span = span_or_anchor(app, &app.system_user);
                let who = login
                    .as_ref()
                    .map_or("this System User".to_string(), |(l, _)| {
                        format!("System User `{l}`")
                    });
                let f = finding(
                    Rule::PL105,
                    app,
                    span,
                    format!(
                        "{who} runs {n} apps of this run; the policy wants one System User per app"
                    ),
                )
                .label("shared System User");
                cx.report(policy_finding(f, policy, file, "service.shared", help));
            }
        }
    }
}

/// The attributes trustlint adds to ERP.net's record, which only definitions in git carry.
fn trustlint_key(attribute: Attribute) -> bool {
    matches!(
        attribute,
        Attribute::AppType
            | Attribute::SecretRotatedOn
            | Attribute::Environment
            | Attribute::Instance
            | Attribute::Configs
            | Attribute::Owner
            | Attribute::Team
    )
}

/// Whether an attribute is written with a value (blank text counts as not written).
fn written(app: &TrustedApp, attribute: Attribute) -> bool {
    let text = |v: &Option<crate::model::Spanned<String>>| {
        v.as_ref().is_some_and(|t| !t.value.trim().is_empty())
    };
    match attribute {
        Attribute::Notes => text(&app.notes),
        Attribute::Owner => text(&app.owner),
        Attribute::Team => text(&app.team),
        Attribute::Name => text(&app.name),
        Attribute::ApplicationUri => app.uri().is_some(),
        other => app.key_span(other).is_some(),
    }
}

pub(crate) fn policy_metadata(cx: &mut Checker<'_>, app: &TrustedApp) {
    for (policy, file) in cx.policies_for(app) {
        let Some(m) = &policy.policy.metadata else {
            continue;
        };
        if let (Some(pattern), Some(uri)) = (policy.uri_pattern(), &app.application_uri)
            && !pattern.is_match(&uri.value)
        {
            let f = finding(
                Rule::PL106,
                app,
                uri.span,
                format!(
                    "ApplicationUri `{}` does not match the naming pattern `{}`",
                    uri.value,
                    pattern.as_str()
                ),
            )
            .label("ApplicationUri");
            cx.report(policy_finding(
                f,
                policy,
                file,
                "metadata.application-uri-pattern",
                "name the app as the policy's pattern says (a new ApplicationUri is a new client id for every config)",
            ));
        }
        for name in &m.required {
            let Some(attribute) = Attribute::named(name) else {
                continue;
            };
            // trustlint's own keys live in git: a record read from an instance's export
            // (it carries its Id) cannot have them.
            if written(app, attribute) || (app.id.is_some() && trustlint_key(attribute)) {
                continue;
            }
            let f = finding(
                Rule::PL106,
                app,
                app.anchor(),
                format!("the registration does not write `{}`", attribute.name()),
            )
            .label("registration");
            cx.report(policy_finding(
                f,
                policy,
                file,
                "metadata.required",
                "add the attribute to the definition",
            ));
        }
    }
}
