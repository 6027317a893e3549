//! Reference tokens (PAT/SAT) and legacy authentication.

use super::{Checker, finding, span_or_anchor};
use crate::finding::Rule;
use crate::model::{AppType, ReferenceTokens, TrustedApp};

pub(crate) fn reference_tokens_any_user(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(rt) = app
        .reference_tokens
        .as_ref()
        .filter(|r| r.value == ReferenceTokens::AuthenticatedUsers)
    else {
        return;
    };
    cx.report(
        finding(
            Rule::TA701,
            app,
            rt.span,
            "any signed-in user may issue long-lived reference tokens for this app",
        )
        .label("open to every user")
        .help("set ReferenceTokens: AdministratorsOnly unless users really need their own personal access tokens"),
    );
}

pub(crate) fn sat_prerequisites(cx: &mut Checker<'_>, app: &TrustedApp) {
    // A service access token is meant when an Automation app runs as a System User. (An
    // Automation app without one issues personal access tokens, which need no System User.)
    if !app
        .kind()
        .is_some_and(|k| k.app_type == AppType::Automation)
        || !app.service_access()
        || app.system_user.is_none()
        || app.reference_tokens() == ReferenceTokens::AdministratorsOnly
    {
        return;
    }
    cx.report(
        finding(
            Rule::TA702,
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

pub(crate) fn basic_auth_enabled(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(flag) = app
        .basic_authentication_allowed
        .as_ref()
        .filter(|b| b.value)
    else {
        return;
    };
    cx.report(
        finding(
            Rule::TA703,
            app,
            flag.span,
            "legacy user-and-password (Basic) authentication is allowed",
        )
        .label("legacy authentication")
        .help("turn BasicAuthenticationAllowed off and use OAuth: Client Credentials, a service access token or a PAT"),
    );
}
