//! Reference tokens (PAT/SAT) and legacy authentication.

use super::{finding, span_or_anchor};
use crate::finding::{Finding, Rule};
use crate::model::{AppType, ReferenceTokens, TrustedApp};

pub fn check(app: &TrustedApp, out: &mut Vec<Finding>) {
    reference_tokens_any_user(app, out);
    sat_prerequisites(app, out);
    basic_auth_enabled(app, out);
}

fn reference_tokens_any_user(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(rt) = app
        .reference_tokens
        .as_ref()
        .filter(|r| r.value == ReferenceTokens::AuthenticatedUsers)
    else {
        return;
    };
    out.push(
        finding(
            Rule::ReferenceTokensAnyUser,
            app,
            rt.span,
            "any signed-in user may issue long-lived reference tokens for this app",
        )
        .label("open to every user")
        .help("set ReferenceTokens: AdministratorsOnly unless users really need their own personal access tokens"),
    );
}

fn sat_prerequisites(app: &TrustedApp, out: &mut Vec<Finding>) {
    if app.app_type() != Some(AppType::Automation)
        || app.reference_tokens() != ReferenceTokens::AdministratorsOnly
        || (app.service_access() && app.system_user.is_some())
    {
        return;
    }
    let missing = match (app.service_access(), app.system_user.is_some()) {
        (false, false) => "SystemUserAllowed and a SystemUser",
        (false, true) => "SystemUserAllowed",
        _ => "a SystemUser",
    };
    out.push(
        finding(
            Rule::SatPrerequisites,
            app,
            span_or_anchor(app, &app.reference_tokens),
            format!("service access tokens run as the app's System User, but this app lacks {missing}"),
        )
        .label("service access tokens cannot be issued")
        .help("set SystemUserAllowed: true and SystemUser to a least-privilege, non-admin user"),
    );
}

fn basic_auth_enabled(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(flag) = app.basic_authentication_allowed.as_ref().filter(|b| b.value) else {
        return;
    };
    out.push(
        finding(
            Rule::BasicAuthEnabled,
            app,
            flag.span,
            "legacy user-and-password (Basic) authentication is allowed",
        )
        .label("legacy authentication")
        .help("turn BasicAuthenticationAllowed off and use OAuth: Client Credentials, a service access token or a PAT"),
    );
}
