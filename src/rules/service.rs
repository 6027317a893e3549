//! Service access: the System User that Client Credentials and service access tokens run as.

use std::collections::HashMap;

use super::{Context, finding, span_or_anchor};
use crate::finding::{Finding, Rule};
use crate::model::{ClientType, Environment, TrustedApp, User, UserRef, UserType};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for app in ctx.apps {
        system_user_missing(app, out);
        service_access_public_client(app, out);
        system_user_dangling(app, out);
        // The user matters only when something runs as it: service access, or Basic
        // authentication restricted to it.
        let in_use = app.service_access() || app.basic_auth();
        match ctx.system_user(app) {
            Some(user) if in_use => {
                system_user_admin(app, user, out);
                system_user_unsuitable(app, user, out);
            }
            Some(_) => {}
            None => system_user_unresolved(app, out),
        }
    }
    system_user_shared(ctx, out);
}

fn system_user_missing(app: &TrustedApp, out: &mut Vec<Finding>) {
    // A SystemUser that was written but could not be read is already TA105.
    if !app.service_access() || app.system_user.is_some() || app.is_unreadable("SystemUser") {
        return;
    }
    out.push(
        finding(
            Rule::SystemUserMissing,
            app,
            span_or_anchor(app, &app.system_user_allowed),
            "service access is allowed but no SystemUser is set, so token requests fail with unauthorized_client",
        )
        .label("service access without a user")
        .help("set SystemUser to a dedicated, least-privilege, non-admin user"),
    );
}

fn system_user_admin(app: &TrustedApp, user: &User, out: &mut Vec<Finding>) {
    let (Some(reference), Some((evidence, why))) = (&app.system_user, user.admin_evidence()) else {
        return;
    };
    out.push(
        finding(
            Rule::SystemUserAdmin,
            app,
            reference.span,
            format!("the System User `{}` is an administrator ({why})", user.label()),
        )
        .label("administrator as System User")
        .related(user.origin.file, evidence, why)
        .help("run the app as a dedicated user with only the permissions it needs, never an administrator"),
    );
}

fn system_user_unresolved(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(reference) = &app.system_user else {
        return;
    };
    if !app.service_access() {
        return;
    }
    let name = match &reference.value {
        UserRef::Login(login) => format!("`{login}`"),
        UserRef::Id(id) => format!("with id {id}"),
        UserRef::Expanded(_) => return,
    };
    out.push(
        finding(
            Rule::SystemUserUnresolved,
            app,
            reference.span,
            format!("the System User {name} is not among the linted users, so least privilege cannot be verified"),
        )
        .label("unknown user")
        .help("add the user under Users: (or lint a Systems_Security_Users export in the same run)"),
    );
}

fn service_access_public_client(app: &TrustedApp, out: &mut Vec<Finding>) {
    if !app.service_access() || app.client_type() != ClientType::Public {
        return;
    }
    let mut f = finding(
        Rule::ServiceAccessPublicClient,
        app,
        span_or_anchor(app, &app.system_user_allowed),
        "a Public client has service access; Client Credentials needs a Confidential client with a secret",
    )
    .label("service access")
    .help("use a separate Confidential Trusted Application for the backend, or make this one Confidential");
    if let Some(ct) = &app.client_type {
        f = f.related(app.origin.file, ct.span, "declared Public here");
    }
    out.push(f);
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

fn system_user_unsuitable(app: &TrustedApp, user: &User, out: &mut Vec<Finding>) {
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
    out.push(
        finding(
            Rule::SystemUserUnsuitable,
            app,
            reference.span,
            format!("the System User `{}` is {why}", user.label()),
        )
        .label("unsuitable System User")
        .related(user.origin.file, evidence, why)
        .help("use an active internal or application user dedicated to this integration"),
    );
}

fn system_user_dangling(app: &TrustedApp, out: &mut Vec<Finding>) {
    let Some(reference) = &app.system_user else {
        return;
    };
    // With Basic authentication on, SystemUser restricts who may use it, so it has a job.
    if app.service_access() || app.basic_auth() {
        return;
    }
    out.push(
        finding(
            Rule::SystemUserDangling,
            app,
            reference.span,
            "SystemUser is set but SystemUserAllowed is not true, so the user is never used",
        )
        .label("unused System User")
        .help("remove SystemUser, or set SystemUserAllowed: true if the app runs as a service"),
    );
}

/// The identity two references share when they name the same user.
fn identity(ctx: &Context<'_>, app: &TrustedApp) -> Option<String> {
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

fn system_user_shared(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let mut first: HashMap<(String, Environment), &TrustedApp> = HashMap::new();
    for app in ctx.apps.iter().filter(|a| a.service_access()) {
        let (Some(id), Some(reference)) = (identity(ctx, app), &app.system_user) else {
            continue;
        };
        let key = (id, app.environment());
        match first.get(&key) {
            None => {
                first.insert(key, app);
            }
            Some(earlier) => {
                let other = earlier.uri().unwrap_or("another app");
                let mut f = finding(
                    Rule::SystemUserShared,
                    app,
                    reference.span,
                    format!("this System User also serves `{other}`"),
                )
                .label("shared System User")
                .help("give each integration its own least-privilege user, so access can be audited and revoked separately");
                if let Some(r) = &earlier.system_user {
                    f = f.related(earlier.origin.file, r.span, "also used here");
                }
                out.push(f);
            }
        }
    }
}
