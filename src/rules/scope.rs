//! Scopes: the case-sensitive tokens in `Scope`, the most an app may request.

use super::finding;
use crate::finding::{Finding, Rule};
use crate::model::{AppType, ClientType, ReferenceTokens, TrustedApp};
use crate::suggest::did_you_mean;

/// The scopes ERP.net documents for apps.
pub const KNOWN_SCOPES: &[&str] = &["read", "update", "openid", "profile", "offline_access"];

/// Protocol scopes, which an app may request without listing them in `Scope`.
pub const PROTOCOL_SCOPES: &[&str] = &["openid", "profile", "offline_access"];

pub fn check(app: &TrustedApp, out: &mut Vec<Finding>) {
    for scope in app.scopes() {
        let value = scope.value.as_str();
        if value.eq_ignore_ascii_case("sec") {
            out.push(
                finding(
                    Rule::ScopeSec,
                    app,
                    scope.span,
                    "the `sec` scope is reserved for ERP.net itself",
                )
                .label("internal scope")
                .help("remove `sec`: it is never granted to external or user apps"),
            );
        } else if value.eq_ignore_ascii_case("DomainApi") {
            out.push(
                finding(
                    Rule::ScopeDomainApi,
                    app,
                    scope.span,
                    "the `DomainApi` scope is obsolete",
                )
                .label("legacy scope")
                .help("replace it with `read` (and `update` if the app writes)"),
            );
        } else if !KNOWN_SCOPES.contains(&value) {
            let message = match did_you_mean(value, KNOWN_SCOPES.iter().copied()) {
                _ if value.contains(',') => {
                    format!("unknown scope `{value}`: scopes are separated by spaces, not commas")
                }
                Some(s) => format!(
                    "unknown scope `{value}`: did you mean `{s}`? Scopes are case-sensitive"
                ),
                None => format!("unknown scope `{value}`"),
            };
            out.push(
                finding(Rule::ScopeUnknown, app, scope.span, message)
                    .label("not a documented scope")
                    .help("use only read, update, openid, profile and offline_access"),
            );
        }
    }
    scope_offline_access_service(app, out);
    scope_offline_access_public(app, out);
    scope_unset(app, out);
}

/// An app that only runs unattended: declared so, or with service access and no sign-in.
fn is_service_only(app: &TrustedApp) -> bool {
    match app.app_type() {
        Some(t) => matches!(t, AppType::Service | AppType::Automation),
        None => app.service_access() && !app.interactive(),
    }
}

fn scope_offline_access_service(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(scope) = app.scopes().iter().find(|s| s.value == "offline_access") else {
        return;
    };
    if !is_service_only(app) {
        return;
    }
    out.push(
        finding(
            Rule::ScopeOfflineAccessService,
            app,
            scope.span,
            "`offline_access` on an unattended app: Client Credentials never issues refresh tokens",
        )
        .label("no refresh tokens here")
        .help("remove offline_access; request a new access token when the old one expires"),
    );
}

fn scope_offline_access_public(app: &TrustedApp, out: &mut Vec<Finding>) {
    if app.client_type() != ClientType::Public || is_service_only(app) {
        return;
    }
    let Some(scope) = app.scopes().iter().find(|s| s.value == "offline_access") else {
        return;
    };
    out.push(
        finding(
            Rule::ScopeOfflineAccessPublic,
            app,
            scope.span,
            "`offline_access` on a Public client: refresh tokens would live in the browser or on the device",
        )
        .label("refresh tokens on a public client")
        .help("remove offline_access and sign in again when the access token expires, or move token handling to a confidential backend"),
    );
}

fn scope_unset(app: &TrustedApp, out: &mut Vec<Finding>) {
    if !app.scopes().is_empty() || app.client_type() == ClientType::None {
        return;
    }
    let uses_api = app.interactive()
        || app.service_access()
        || app.reference_tokens() != ReferenceTokens::None;
    if !uses_api {
        return;
    }
    let span = app
        .scope
        .as_ref()
        .map(|s| s.span)
        .or(app.key_span("Scope"))
        .unwrap_or(app.anchor());
    out.push(
        finding(
            Rule::ScopeUnset,
            app,
            span,
            "Scope is not set, so what the app may access is left undecided",
        )
        .label("no scope")
        .help("set Scope to the least the app needs: read, and update only if it writes"),
    );
}
