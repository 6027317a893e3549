//! Identity: the app's `ApplicationUri` and whether the app can be used at all.
//! TA104 (unknown-attribute) and TA105 (invalid-value) come from the model builder.

use super::{Checker, finding};
use crate::finding::Rule;
use crate::model::{ClientType, ReferenceTokens, Spanned, TrustedApp, UserRef, placeholder_form};

/// The `ApplicationUri` column's length.
const MAX_URI_LEN: usize = 254;

pub(crate) fn application_uri_missing(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.uri().is_some() {
        return;
    }
    let (span, message) = match &app.application_uri {
        Some(uri) => (uri.span, "ApplicationUri is empty"),
        None => (
            app.origin.span,
            "this Trusted Application has no ApplicationUri",
        ),
    };
    cx.report(
        finding(Rule::TA101, app, span, message)
            .label("no client_id")
            .help("set ApplicationUri to a stable reverse-host identifier such as com.example/app; clients send it as client_id"),
    );
}

pub(crate) fn application_uri_style(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(uri) = app
        .application_uri
        .as_ref()
        .filter(|u| !u.value.trim().is_empty() && placeholder_form(&u.value).is_none())
    else {
        return;
    };
    let value = &uri.value;
    let problem = if value.chars().count() > MAX_URI_LEN {
        format!(
            "ApplicationUri is {} characters long; the column holds {MAX_URI_LEN}",
            value.chars().count()
        )
    } else if value.chars().any(char::is_whitespace) {
        "ApplicationUri contains whitespace".to_string()
    } else if let Some(c) = value.chars().find(|c| !c.is_ascii()) {
        format!("ApplicationUri contains the non-ASCII character `{c}`")
    } else if let Some(c) = value
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | ':')))
    {
        format!("ApplicationUri contains the special character `{c}`")
    } else {
        return;
    };
    cx.report(
        finding(Rule::TA102, app, uri.span, problem)
            .label("hard to match exactly as client_id")
            .help("use letters, digits, `.`, `-`, `_`, `/` and `:` in reverse-host style, e.g. com.example/app, and keep it short"),
    );
}

pub(crate) fn duplicate_application_uri(cx: &mut Checker<'_>, app: &TrustedApp) {
    let (Some(uri), Some(earlier)) = (app.uri(), cx.earlier_registration(app)) else {
        return;
    };
    cx.report(
        finding(
            Rule::TA103,
            app,
            app.anchor(),
            format!("ApplicationUri `{uri}` is registered twice in {}", app.environment()),
        )
        .label("second registration")
        .related(earlier.origin.file, earlier.anchor(), "first registered here")
        .help("an instance holds one Trusted Application per client_id: merge the two, or set Environment on each"),
    );
}

pub(crate) fn no_access_mode(cx: &mut Checker<'_>, app: &TrustedApp) {
    if !app.is_enabled()
        || app.client_type() == ClientType::None
        || app.interactive()
        || app.service_access()
        || app.basic_auth()
        || app.reference_tokens() != ReferenceTokens::None
    {
        return;
    }
    cx.report(
        finding(
            Rule::TA106,
            app,
            app.anchor(),
            "this enabled app allows no way to authenticate: no user sign-in, no service access, no reference tokens, no Basic authentication",
        )
        .label("no access mode")
        .help("enable what the app uses (ImpersonateAsInternalUserAllowed, SystemUserAllowed or ReferenceTokens), or set IsEnabled: false"),
    );
}

/// TA107: a value that a template left for the user to fill in. Every string attribute
/// an instance stores is looked at; `Notes` is free text and may quote a template.
pub(crate) fn placeholder_unfilled(cx: &mut Checker<'_>, app: &TrustedApp) {
    let single = [
        ("ApplicationUri", app.application_uri.as_ref()),
        ("Name", app.name.as_ref()),
        (
            "ApplicationSecretHash",
            app.application_secret_hash.as_ref(),
        ),
        ("Instance", app.instance.as_ref()),
    ];
    let lists = [
        ("ImpersonateLoginUrl", app.login_urls()),
        ("ImpersonateLogoutUrl", app.logout_urls()),
        ("Scope", app.scopes()),
    ];
    let login = match app.system_user.as_ref() {
        Some(Spanned {
            value: UserRef::Login(login),
            span,
        }) => Some(("SystemUser", login, *span)),
        _ => None,
    };
    let values = single
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| (name, &v.value, v.span)))
        .chain(
            lists
                .into_iter()
                .flat_map(|(name, entries)| entries.iter().map(move |e| (name, &e.value, e.span))),
        )
        .chain(login);
    let mut found = Vec::new();
    for (name, value, span) in values {
        if let Some(form) = placeholder_form(value) {
            found.push((name, form, span));
        }
    }
    for (name, form, span) in found {
        cx.report(
            finding(
                Rule::TA107,
                app,
                span,
                if name == "Name" {
                    format!("{name} is still a template value ({form}): users would see it as it is")
                } else {
                    format!("{name} is still a template value ({form}): the instance cannot use it as it is")
                },
            )
            .label("fill this in")
            .help(match name {
                "ApplicationSecretHash" => "generate a random secret, keep it in a vault, and put Base64(SHA-256(secret)) here",
                "SystemUser" => "put the login of a dedicated, non-administrator internal user here",
                "ImpersonateLoginUrl" | "ImpersonateLogoutUrl" => "put the exact URL the app sends here, as it sends it",
                _ => "replace the placeholder with the real value",
            }),
        );
    }
}
