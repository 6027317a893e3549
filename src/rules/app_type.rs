//! App type: the declared `AppType` against the documented setup of that kind of app.

use super::{Checker, finding, span_or_anchor};
use crate::finding::Rule;
use crate::model::{AppType, ReferenceTokens, TrustedApp};

pub(crate) fn app_type_flag_mismatch(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(declared) = &app.app_type else {
        return;
    };
    let t = declared.value;
    let (span, message, help) = match t {
        AppType::Spa | AppType::WebApp | AppType::Desktop | AppType::Mobile if app.service_access() => (
            span_or_anchor(app, &app.system_user_allowed),
            format!("{} is interactive, but SystemUserAllowed enables service access", t.describe()),
            "turn SystemUserAllowed off, or declare AppType: Hybrid if the app also runs unattended work",
        ),
        AppType::Spa | AppType::WebApp | AppType::Desktop | AppType::Mobile if !app.interactive() => (
            declared.span,
            format!("{} signs users in, but neither impersonation flag is on", t.describe()),
            "set ImpersonateAsInternalUserAllowed: true (and the community flag if external users sign in)",
        ),
        AppType::Service if !app.service_access() => (
            span_or_anchor(app, &app.system_user_allowed),
            "a Service app uses Client Credentials, which needs SystemUserAllowed: true".to_string(),
            "set SystemUserAllowed: true and SystemUser to a least-privilege, non-admin user",
        ),
        AppType::Hybrid if !app.interactive() || !app.service_access() => (
            declared.span,
            format!(
                "a Hybrid app needs both user sign-in and service access; {} is off",
                if app.interactive() { "SystemUserAllowed" } else { "user sign-in" }
            ),
            "turn on the impersonation flag(s) and SystemUserAllowed, or declare the AppType the app really is",
        ),
        // With a System User this is a service-token setup, which TA702 checks.
        AppType::Automation
            if app.reference_tokens() == ReferenceTokens::None
                && !(app.service_access() && app.system_user.is_some()) =>
        {
            (
            span_or_anchor(app, &app.reference_tokens),
            "an Automation app uses reference tokens, but ReferenceTokens is None, so none can be issued".to_string(),
            "set ReferenceTokens: AdministratorsOnly",
            )
        }
        _ => return,
    };
    cx.report(
        finding(Rule::TA401, app, span, message)
            .label("contradicts the app type")
            .related(app.origin.file, declared.span, "declared here")
            .help(help),
    );
}

pub(crate) fn community_without_internal(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(community) = app
        .impersonate_as_community_user_allowed
        .as_ref()
        .filter(|c| c.value)
    else {
        return;
    };
    if app.internal_users() {
        return;
    }
    cx.report(
        finding(
            Rule::TA402,
            app,
            community.span,
            "community users may sign in but internal users may not",
        )
        .label("community only")
        .help("also set ImpersonateAsInternalUserAllowed: true, so staff do not need duplicate external accounts"),
    );
}

pub(crate) fn service_app_impersonation(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.app_type() != Some(AppType::Service) {
        return;
    }
    let Some(flag) = app.sign_in_flag() else {
        return;
    };
    cx.report(
        finding(
            Rule::TA403,
            app,
            flag.span,
            "a Service app has user sign-in (impersonation) enabled",
        )
        .label("sign-in on a service")
        .help(
            "turn the impersonation flags off, or declare AppType: Hybrid if users really sign in",
        ),
    );
}
