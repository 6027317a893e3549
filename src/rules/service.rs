//! Service access: the System User that Client Credentials and service access tokens run as.

use super::{Checker, Context, finding, span_or_anchor};
use crate::finding::Rule;
use crate::model::{Attribute, ClientType, TrustedApp, User, UserRef, UserType};

/// The System User an app runs as, when something runs as it (service access, or Basic
/// authentication restricted to it) and it is in the run.
fn user_in_use<'a>(cx: &Checker<'a>, app: &'a TrustedApp) -> Option<&'a User> {
    let in_use = app.service_access() || app.basic_auth();
    cx.system_user(app).filter(|_| in_use)
}

pub(crate) fn system_user_missing<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    // A SystemUser that was written but could not be read is already TA105.
    if !app.service_access()
        || app.system_user.is_some()
        || app.is_unreadable(Attribute::SystemUser)
    {
        return;
    }
    cx.report(
        finding(
            Rule::TA501,
            app,
            span_or_anchor(app, &app.system_user_allowed),
            "service access is allowed but no SystemUser is set, so token requests fail with unauthorized_client",
        )
        .label("service access without a user")
        .help("set SystemUser to a dedicated, least-privilege, non-admin user"),
    );
}

pub(crate) fn system_user_admin<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(user) = user_in_use(cx, app) else {
        return;
    };
    let (Some(reference), Some((evidence, why))) = (&app.system_user, user.admin_evidence()) else {
        return;
    };
    cx.report(
        finding(
            Rule::TA502,
            app,
            reference.span,
            format!("the System User `{}` is an administrator ({why})", user.label()),
        )
        .label("administrator as System User")
        .related(user.origin.file, evidence, why)
        .help("run the app as a dedicated user with only the permissions it needs, never an administrator"),
    );
}

pub(crate) fn system_user_unresolved<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(reference) = &app.system_user else {
        return;
    };
    if cx.system_user(app).is_some() {
        return;
    }
    if !app.service_access() {
        return;
    }
    let name = match &reference.value {
        // A template's login (`<an-internal-erp-user>`) is TA107, not a user to look for.
        UserRef::Login(login) if crate::model::placeholder_form(login).is_some() => return,
        UserRef::Login(login) => format!("`{login}`"),
        UserRef::Id(id) => format!("with id {id}"),
        UserRef::Expanded(_) => return,
    };
    cx.report(
        finding(
            Rule::TA503,
            app,
            reference.span,
            format!("the System User {name} is not among the linted users, so least privilege cannot be verified"),
        )
        .label("unknown user")
        .help("add the user under Users: beside TrustedApplications: (a file with one app at its top level has no room for Users; list the app under TrustedApplications:), or lint a Systems_Security_Users export in the same run"),
    );
}

pub(crate) fn service_access_public_client<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    if !app.service_access() || app.client_type() != ClientType::Public {
        return;
    }
    let mut f = finding(
        Rule::TA504,
        app,
        span_or_anchor(app, &app.system_user_allowed),
        "a Public client has service access; Client Credentials needs a Confidential client with a secret",
    )
    .label("service access")
    .help("use a separate Confidential Trusted Application for the backend, or make this one Confidential");
    if let Some(ct) = &app.client_type {
        f = f.related(app.origin.file, ct.span, "declared Public here");
    }
    cx.report(f);
}

/// User types that cannot serve as a System User.
fn unsuitable_type(t: UserType) -> Option<&'static str> {
    match t {
        UserType::ExternalCommunityUser => Some("an external (community) user"),
        UserType::VirtualUserNoLogin => Some("a virtual user that cannot log in"),
        UserType::InvitationInternalNoLogin | UserType::InvitationExternalNoLogin => {
            Some("an invitation that has not become a user")
        }
        _ => None,
    }
}

pub(crate) fn system_user_unsuitable<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(user) = user_in_use(cx, app) else {
        return;
    };
    let Some(reference) = &app.system_user else {
        return;
    };
    let by_type = user
        .user_type
        .as_ref()
        .and_then(|t| unsuitable_type(t.value).map(|why| (t.span, why)));
    let inactive = user
        .active
        .as_ref()
        .filter(|a| !a.value)
        .map(|a| (a.span, "an inactive user"));
    let Some((evidence, why)) = by_type.or(inactive) else {
        return;
    };
    cx.report(
        finding(
            Rule::TA506,
            app,
            reference.span,
            format!("the System User `{}` is {why}", user.label()),
        )
        .label("unsuitable System User")
        .related(user.origin.file, evidence, why)
        .help("use an active internal or application user dedicated to this integration"),
    );
}

pub(crate) fn system_user_dangling<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(reference) = &app.system_user else {
        return;
    };
    // With Basic authentication on, SystemUser restricts who may use it, so it has a job.
    if app.service_access() || app.basic_auth() {
        return;
    }
    cx.report(
        finding(
            Rule::TA507,
            app,
            reference.span,
            "SystemUser is set but SystemUserAllowed is not true, so the user is never used",
        )
        .label("unused System User")
        .help("remove SystemUser, or set SystemUserAllowed: true if the app runs as a service"),
    );
}

/// The identity two references share when they name the same user.
pub(super) fn identity(ctx: &Context<'_>, app: &TrustedApp) -> Option<String> {
    if let Some(user) = ctx.system_user(app) {
        if let Some(login) = user.login() {
            return Some(format!("login:{}", login.to_lowercase()));
        }
        if let Some(id) = user.id() {
            return Some(format!("id:{id}"));
        }
    }
    match &app.system_user.as_ref()?.value {
        UserRef::Login(login) => Some(format!("login:{}", login.to_lowercase())),
        UserRef::Id(id) => Some(format!("id:{id}")),
        UserRef::Expanded(_) => None,
    }
}

pub(crate) fn system_user_shared<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(reference) = app.system_user.as_ref().filter(|_| app.service_access()) else {
        return;
    };
    let Some(earlier) = cx.earlier_user_of_system_user(app) else {
        return;
    };
    let other = earlier.uri().unwrap_or("another app");
    let mut f = finding(
        Rule::TA505,
        app,
        reference.span,
        format!("this System User also serves `{other}`"),
    )
    .label("shared System User")
    .help("give each integration its own least-privilege user, so access can be audited and revoked separately");
    if let Some(r) = &earlier.system_user {
        f = f.related(earlier.origin.file, r.span, "also used here");
    }
    cx.report(f);
}

/// TA508: the System User is of type SystemUserNoLogin, which ERP.net keeps for its own
/// local system applications.
pub(crate) fn system_user_system_type<'a>(cx: &mut Checker<'a>, app: &'a TrustedApp) {
    let Some(user) = user_in_use(cx, app) else {
        return;
    };
    let (Some(reference), Some(t)) = (&app.system_user, &user.user_type) else {
        return;
    };
    if t.value != UserType::SystemUserNoLogin {
        return;
    }
    cx.report(
        finding(
            Rule::TA508,
            app,
            reference.span,
            format!(
                "the System User `{}` is a SystemUserNoLogin user, a type ERP.net uses only for local system applications",
                user.label()
            ),
        )
        .label("a system user of the instance")
        .related(user.origin.file, t.span, "SystemUserNoLogin")
        .help("run the app as a dedicated internal user, or an ApplicationUserNoLogin user made for it"),
    );
}
