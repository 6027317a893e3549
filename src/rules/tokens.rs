//! Reference tokens (PAT/SAT) and legacy authentication.

use super::{Checker, finding, span_or_anchor};
use crate::finding::{Finding, Rule};
use crate::model::{
    AccessToken, AppType, GrantType, Membership, ReferenceTokens, TrustedApp, User,
};
use crate::source::Span;

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

/// A finding about one grant of `app`, in the grant's file.
fn grant_finding(
    rule: Rule,
    app: &TrustedApp,
    token: &AccessToken,
    span: Span,
    message: impl Into<String>,
) -> Finding {
    Finding::new(rule, token.origin.file, span, message).app(app.uri())
}

/// How a message names a grant without its key: its type, day of creation and user.
fn describe(token: &AccessToken) -> String {
    let kind = token.kind.as_ref().map_or("grant", |k| match k {
        GrantType::Reference => "reference token",
        GrantType::Refresh => "refresh token",
        GrantType::Consent => "consent",
        GrantType::DeviceCode => "device code",
        GrantType::Other(_) => "grant",
    });
    let mut text = format!("the {kind}");
    if let Some(created) = token.created {
        text.push_str(&format!(" created {created}"));
    }
    if let Some(actor) = &token.actor {
        text.push_str(&format!(" for `{actor}`"));
    }
    text
}

pub(crate) fn reference_token_not_allowed(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.reference_tokens() != ReferenceTokens::None {
        return;
    }
    let today = cx.today;
    let tokens: Vec<&AccessToken> = cx
        .tokens_of(app)
        .filter(|t| t.is_reference() && t.is_live(today))
        .collect();
    for token in tokens {
        let mut f = grant_finding(
            Rule::TA704,
            app,
            token,
            token.type_span,
            format!(
                "{} is still valid, but the app's ReferenceTokens is None",
                describe(token)
            ),
        )
        .label("a reference token the app does not allow")
        .help("revoke the token in the Instance Manager (Trusted Apps, the app, its tokens), or set ReferenceTokens to what the app really needs");
        f = match &app.reference_tokens {
            Some(rt) => f.related(app.origin.file, rt.span, "ReferenceTokens is None here"),
            None => f.related(
                app.origin.file,
                app.anchor(),
                "this app does not set ReferenceTokens, which defaults to None",
            ),
        };
        cx.report(f);
    }
}

pub(crate) fn reference_token_never_expires(cx: &mut Checker<'_>, app: &TrustedApp) {
    let tokens: Vec<&AccessToken> = cx
        .tokens_of(app)
        .filter(|t| t.is_reference() && t.expires.is_none() && t.consumed.is_none())
        .collect();
    for token in tokens {
        cx.report(
            grant_finding(
                Rule::TA705,
                app,
                token,
                token.expiry_span,
                format!("{} never expires", describe(token)),
            )
            .label("no expiry")
            .help("revoke it and issue a token with an expiry of days or months; rotate it before it runs out"),
        );
    }
}

pub(crate) fn token_of_disabled_app(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.is_enabled() {
        return;
    }
    let today = cx.today;
    let tokens: Vec<&AccessToken> = cx
        .tokens_of(app)
        .filter(|t| {
            t.is_live(today) && matches!(t.kind, Some(GrantType::Reference | GrantType::Refresh))
        })
        .collect();
    for token in tokens {
        let flag = span_or_anchor(app, &app.is_enabled);
        cx.report(
            grant_finding(
                Rule::TA706,
                app,
                token,
                token.type_span,
                format!("{} is still valid, but the app is disabled", describe(token)),
            )
            .label("a live grant of a disabled app")
            .related(app.origin.file, flag, "IsEnabled is false here")
            .help("revoke the app's tokens in the Instance Manager; turning the app back on would otherwise bring them back to life"),
        );
    }
}

pub(crate) fn reference_token_as_administrator<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let today = cx.today;
    let found: Vec<(&AccessToken, &User)> = cx
        .tokens_of(app)
        .filter(|t| t.is_reference() && t.is_live(today))
        .filter_map(|t| {
            cx.actor_of(t)
                .filter(|u| u.membership() == Membership::Administrator)
                .map(|u| (t, u))
        })
        .collect();
    for (token, user) in found {
        let why = user
            .admin_evidence()
            .map_or("administrator", |(_, why)| why);
        let mut f = grant_finding(
            Rule::TA707,
            app,
            token,
            token.actor_span,
            format!(
                "{} acts as `{}`, an administrator ({why})",
                describe(token),
                user.label()
            ),
        )
        .label("an administrator's standing credential")
        .help("revoke it; issue tokens as a least-privilege user (a PAT carries all of its issuer's permissions), or a service access token whose System User is no administrator");
        if let Some((span, _)) = user.admin_evidence() {
            f = f.related(user.origin.file, span, "why the user is an administrator");
        }
        cx.report(f);
    }
}
