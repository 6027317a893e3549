//! Scopes: the case-sensitive tokens in `Scope`, the most an app may request.

use super::{Checker, finding};
use crate::configs::Role;
use crate::finding::Rule;
use crate::model::{AppType, Attribute, ClientType, ReferenceTokens, TrustedApp};
use crate::suggest::did_you_mean;

/// The scopes ERP.net documents for apps.
pub const KNOWN_SCOPES: &[&str] = &["read", "update", "openid", "profile", "offline_access"];

/// Protocol scopes, which an app may request without listing them in `Scope`.
pub const PROTOCOL_SCOPES: &[&str] = &["openid", "profile", "offline_access"];

pub(crate) fn is_sec(scope: &str) -> bool {
    scope.eq_ignore_ascii_case("sec")
}

pub(crate) fn is_domain_api(scope: &str) -> bool {
    scope.eq_ignore_ascii_case("DomainApi")
}

pub(crate) fn scope_sec(cx: &mut Checker<'_>, app: &TrustedApp) {
    for scope in app.scopes().iter().filter(|s| is_sec(&s.value)) {
        cx.report(
            finding(
                Rule::TA601,
                app,
                scope.span,
                "the `sec` scope is reserved for ERP.net itself",
            )
            .label("internal scope")
            .help("remove `sec`: it is never granted to external or user apps"),
        );
    }
}

pub(crate) fn scope_domainapi(cx: &mut Checker<'_>, app: &TrustedApp) {
    for scope in app.scopes().iter().filter(|s| is_domain_api(&s.value)) {
        cx.report(
            finding(
                Rule::TA602,
                app,
                scope.span,
                "the `DomainApi` scope is obsolete",
            )
            .label("legacy scope")
            .help("replace it with `read` (and `update` if the app writes)"),
        );
    }
}

pub(crate) fn scope_unknown(cx: &mut Checker<'_>, app: &TrustedApp) {
    for scope in app.scopes() {
        let value = scope.value.as_str();
        // `sec` and `DomainApi` have rules of their own.
        if is_sec(value)
            || is_domain_api(value)
            || KNOWN_SCOPES.contains(&value)
            || crate::model::placeholder_form(value).is_some()
        {
            continue;
        }
        let message = match did_you_mean(value, KNOWN_SCOPES.iter().copied()) {
            _ if value.contains(',') => {
                format!("unknown scope `{value}`: scopes are separated by spaces, not commas")
            }
            Some(s) => {
                format!("unknown scope `{value}`: did you mean `{s}`? Scopes are case-sensitive")
            }
            None => format!("unknown scope `{value}`"),
        };
        cx.report(
            finding(Rule::TA603, app, scope.span, message)
                .label("not a documented scope")
                .help("use only read, update, openid, profile and offline_access"),
        );
    }
}

/// An app that only runs unattended: a service or an automation app, declared or inferred.
fn is_service_only(app: &TrustedApp) -> bool {
    app.kind()
        .is_some_and(|k| matches!(k.app_type, AppType::Service | AppType::Automation))
}

pub(crate) fn scope_offline_access_service(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(scope) = app.scopes().iter().find(|s| s.value == "offline_access") else {
        return;
    };
    if !is_service_only(app) {
        return;
    }
    let kind = app.kind();
    let what = kind
        .as_ref()
        .map_or_else(|| "an unattended app".to_string(), |k| k.describe());
    let why = if kind.is_some_and(|k| k.app_type == AppType::Automation) {
        "reference tokens come with no refresh token"
    } else {
        "Client Credentials never issues refresh tokens"
    };
    cx.report(
        finding(
            Rule::TA604,
            app,
            scope.span,
            format!("`offline_access` on {what}: {why}"),
        )
        .label("no refresh tokens here")
        .help("remove offline_access; request a new access token when the old one expires"),
    );
}

pub(crate) fn scope_offline_access_public(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.client_type() != ClientType::Public || is_service_only(app) {
        return;
    }
    let Some(scope) = app.scopes().iter().find(|s| s.value == "offline_access") else {
        return;
    };
    cx.report(
        finding(
            Rule::TA605,
            app,
            scope.span,
            "`offline_access` on a Public client: refresh tokens would live in the browser or on the device",
        )
        .label("refresh tokens on a public client")
        .help("remove offline_access and sign in again when the access token expires, or move token handling to a confidential backend"),
    );
}

pub(crate) fn scope_unset(cx: &mut Checker<'_>, app: &TrustedApp) {
    if !app.scopes().is_empty() || app.client_type() == ClientType::None {
        return;
    }
    let uses_api = app.interactive()
        || app.service_access()
        || app.reference_tokens() != ReferenceTokens::None;
    if !uses_api {
        return;
    }
    // An app that only signs users in through the global ERP.net ID needs no scope ("no
    // scopes are required to be explicitly configured", ERP.net ID web apps page): its
    // configs say so by their authority.
    let sign_in_only = !app.service_access() && app.reference_tokens() == ReferenceTokens::None;
    // Every authority the app's configs name must be ERP.net ID: one config on the
    // instance's own authority calls its APIs.
    let authorities: Vec<&str> = cx
        .configs_of(app)
        .flat_map(|c| c.with_role(Role::Authority).filter_map(|s| s.as_str()))
        .collect();
    if sign_in_only
        && !authorities.is_empty()
        && authorities
            .iter()
            .all(|a| crate::configs::is_global_erpnet_id(a))
    {
        return;
    }
    let span = app
        .scope
        .as_ref()
        .map(|s| s.span)
        .or(app.key_span(Attribute::Scope))
        .unwrap_or(app.anchor());
    cx.report(
        finding(
            Rule::TA606,
            app,
            span,
            "Scope is not set, so what the app may access is left undecided",
        )
        .label("no scope")
        .help(if sign_in_only {
            "set Scope to what the app calls (read, and update only if it writes); an app that only signs users in through ERP.net ID (https://id.erp.net/id) calls nothing and may leave Scope empty"
        } else {
            "set Scope to the least the app needs: read, and update only if it writes"
        }),
    );
}
