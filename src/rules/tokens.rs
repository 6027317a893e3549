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
    // A service access token is meant when an Automation app runs as a System User. (An
    // Automation app without one issues personal access tokens, which need no System User.)
    if app.app_type() != Some(AppType::Automation)
        || !app.service_access()
        || app.system_user.is_none()
        || app.reference_tokens() == ReferenceTokens::AdministratorsOnly
    {
        return;
    }
    out.push(
        finding(
            Rule::SatPrerequisites,
            app,
            span_or_anchor(app, &app.reference_tokens),
            format!(
                "service access tokens can be issued only under ReferenceTokens: AdministratorsOnly, but this Automation app has {}",
                app.reference_tokens()
            ),
        )
        .label("service access tokens cannot be issued")
        .help("set ReferenceTokens: AdministratorsOnly; only administrators issue service access tokens"),
    );
}

fn basic_auth_enabled(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(flag) = app
        .basic_authentication_allowed
        .as_ref()
        .filter(|b| b.value)
    else {
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
