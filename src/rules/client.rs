//! Client type and secret: public clients hold no secret, confidential ones must, and the
//! stored value is Base64(SHA-256(secret)).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use super::{Checker, finding, span_or_anchor};
use crate::finding::Rule;
use crate::model::{AppType, Attribute, ClientType, ReferenceTokens, TrustedApp};

/// How long a client secret may go unrotated before TA305 warns, unless the project's
/// `secret-rotation-days` says otherwise.
pub const MAX_SECRET_AGE_DAYS: i64 = 180;

pub(crate) fn public_client_secret(cx: &mut Checker<'_>, app: &TrustedApp) {
    let (Some(client_type), Some(hash)) = (&app.client_type, &app.application_secret_hash) else {
        return;
    };
    if client_type.value != ClientType::Public || hash.value.trim().is_empty() {
        return;
    }
    cx.report(
        finding(Rule::TA301, app, hash.span, "a Public client has an ApplicationSecretHash")
            .label("secret on a public client")
            .related(app.origin.file, client_type.span, "declared Public here")
            .help("remove ApplicationSecretHash (public clients use PKCE), or make the client Confidential if a backend holds the secret")
            .about_secret(),
    );
}

pub(crate) fn confidential_client_no_secret(cx: &mut Checker<'_>, app: &TrustedApp) {
    if app.client_type() != ClientType::Confidential || app.has_secret_hash() {
        return;
    }
    // A ClientType that was written but could not be read is already TA105.
    if app.is_unreadable(Attribute::ClientType) {
        return;
    }
    // A personal-access-token integration never authenticates with the client secret.
    // (The docs' "For PAT" setup: reference tokens on, no sign-in, no service access;
    // ClientType is not validated there.)
    if app
        .kind()
        .is_some_and(|k| k.app_type == AppType::Automation)
        && !app.service_access()
    {
        return;
    }
    // A legacy Basic-only registration (such as DomainApiBasicAuthentication) signs in with
    // a user's password, never with the client secret.
    if app.basic_auth() && !app.interactive() && !app.service_access() {
        return;
    }
    let message = if app.client_type.is_some() {
        "a Confidential client has no ApplicationSecretHash, so it cannot authenticate"
    } else {
        "ClientType is not set, so it defaults to Confidential, and there is no ApplicationSecretHash"
    };
    cx.report(
        finding(Rule::TA302, app, span_or_anchor(app, &app.client_type), message)
            .label("no secret")
            .help("set ApplicationSecretHash to Base64(SHA-256(secret)), or ClientType: Public for a browser or native app"),
    );
}

/// What is wrong with a stored hash, in words that never include the value.
pub(crate) fn hash_problem(hash: &str) -> Option<String> {
    if hash.starts_with("REPLACE") || crate::secrets::detectors().is_allowlisted(hash) {
        return Some(
            "is still a placeholder: put the Base64(SHA-256) of the client secret here".into(),
        );
    }
    if hash.trim() != hash {
        return Some(
            "has leading or trailing whitespace, so it never matches the hash of the secret".into(),
        );
    }
    if hash.len() == 44 && STANDARD.decode(hash).is_ok_and(|b| b.len() == 32) {
        return None;
    }
    if hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some("is a hex-encoded SHA-256 digest; ERP.net expects standard Base64 of the 32 digest bytes".into());
    }
    for (engine, form) in [
        (&URL_SAFE, "Base64URL"),
        (&URL_SAFE_NO_PAD, "unpadded Base64URL"),
        (&STANDARD_NO_PAD, "unpadded Base64"),
    ] {
        if engine.decode(hash).is_ok_and(|b| b.len() == 32) {
            return Some(format!(
                "is {form}; ERP.net stores standard Base64 with `=` padding (44 characters)"
            ));
        }
    }
    if let Ok(bytes) = STANDARD.decode(hash) {
        return Some(format!(
            "decodes to {} bytes, not the 32 bytes of a SHA-256 digest",
            bytes.len()
        ));
    }
    Some("is not Base64 at all: it may be the plain secret itself. If so, treat that secret as exposed and rotate it".into())
}

pub(crate) fn secret_hash_malformed(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(hash) = app
        .application_secret_hash
        .as_ref()
        .filter(|h| !h.value.trim().is_empty())
    else {
        return;
    };
    // A template's value (`<base64(sha256(...))>`, `REPLACE-...`) is TA107.
    if crate::model::placeholder_form(&hash.value).is_some() {
        return;
    }
    let Some(problem) = hash_problem(&hash.value) else {
        return;
    };
    cx.report(
        finding(
            Rule::TA303,
            app,
            hash.span,
            format!("ApplicationSecretHash {problem}"),
        )
        .label("not a Base64 SHA-256 digest")
        .help("store Base64(SHA-256(secret)): 44 characters ending in `=`; never the secret itself")
        .about_secret(),
    );
}

pub(crate) fn client_type_app_type_mismatch(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(app_type) = &app.app_type else {
        return;
    };
    let client_type = app.client_type();
    let message = match (app_type.value, client_type) {
        (t, ClientType::Confidential) if t.is_public_by_nature() => format!(
            "{} runs on the user's device and cannot keep a secret, but it is registered {}",
            t.describe(),
            if app.client_type.is_some() {
                "Confidential"
            } else {
                "Confidential (the default)"
            }
        ),
        (t @ (AppType::Service | AppType::Hybrid | AppType::WebApp), ClientType::Public) => {
            format!(
                "{} authenticates from a server with a secret, but it is registered Public",
                t.describe()
            )
        }
        _ => return,
    };
    cx.report(
        finding(
            Rule::TA304,
            app,
            span_or_anchor(app, &app.client_type),
            message,
        )
        .label("client type")
        .related(app.origin.file, app_type.span, "app type declared here")
        .help(match client_type {
            ClientType::Confidential => {
                "set ClientType: Public and use Authorization Code with PKCE"
            }
            _ => "set ClientType: Confidential and keep the secret on the server",
        }),
    );
}

pub(crate) fn secret_rotation_overdue(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(rotated) = &app.secret_rotated_on else {
        return;
    };
    let age = rotated.value.days_until(cx.today);
    let message = if age < 0 {
        format!("SecretRotatedOn ({}) is in the future", rotated.value)
    } else if age > cx.rotation_days {
        format!(
            "the client secret was last rotated on {}, more than {} days ago",
            rotated.value, cx.rotation_days
        )
    } else {
        return;
    };
    cx.report(
        finding(Rule::TA305, app, rotated.span, message)
            .label("rotation date")
            .help("issue a new secret, store its hash in ApplicationSecretHash, and record the date in SecretRotatedOn"),
    );
}

pub(crate) fn client_type_none_with_access(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(client_type) = app
        .client_type
        .as_ref()
        .filter(|c| c.value == ClientType::None)
    else {
        return;
    };
    let mut f = finding(
        Rule::TA306,
        app,
        client_type.span,
        "ClientType None marks an app that needs no authentication, yet this one has authentication settings",
    )
    .label("no authentication")
    .help("set ClientType to Public or Confidential for an app that signs in, or remove the secret hash and turn the access settings off");
    let mut any = false;
    let mut mark = |span: Option<crate::source::Span>, text: &str| {
        if let Some(span) = span {
            f.related.push(crate::finding::Label {
                file: app.origin.file,
                span,
                text: text.to_string(),
            });
            any = true;
        }
    };
    let on = |flag: &Option<crate::model::Spanned<bool>>| {
        flag.as_ref().filter(|f| f.value).map(|f| f.span)
    };
    mark(
        on(&app.impersonate_as_internal_user_allowed),
        "user sign-in",
    );
    mark(
        on(&app.impersonate_as_community_user_allowed),
        "user sign-in",
    );
    mark(on(&app.system_user_allowed), "service access");
    mark(
        on(&app.basic_authentication_allowed),
        "basic authentication",
    );
    mark(
        app.reference_tokens
            .as_ref()
            .filter(|r| r.value != ReferenceTokens::None)
            .map(|r| r.span),
        "reference tokens",
    );
    mark(
        app.application_secret_hash
            .as_ref()
            .filter(|h| !h.value.trim().is_empty())
            .map(|h| h.span),
        "a secret",
    );
    if any {
        cx.report(f);
    }
}

/// TA307: the registered hash is the hash of a secret anyone can try
/// (`rules/well-known-secrets.txt`). The secret itself is never named.
pub(crate) fn secret_hash_well_known(cx: &mut Checker<'_>, app: &TrustedApp) {
    let Some(hash) = app.application_secret_hash.as_ref() else {
        return;
    };
    let Some(secret) = crate::secrets::well_known::secret_of_hash(&hash.value) else {
        return;
    };
    let what = crate::secrets::well_known::origin(secret);
    cx.report(
        finding(
            Rule::TA307,
            app,
            hash.span,
            format!("ApplicationSecretHash is the hash of {what}, so anyone can authenticate as this app"),
        )
        .label("a secret anyone can try")
        .help("generate a long random secret (32 bytes or more), register the hash of that one, and keep the secret in a vault")
        .about_secret(),
    );
}

#[cfg(test)]
mod tests {
    use super::hash_problem;

    #[test]
    fn the_documented_demo_hash_is_well_formed() {
        assert_eq!(
            hash_problem("T/AGymuI51LwjLeIFxRQXOs9IHnupDKs/ajhWODR2C4="),
            None
        );
    }

    #[test]
    fn each_wrong_form_is_named() {
        let hex = "4fd006ca6b88e752f08cb785c4145055cebd207ba7a432acfda8e1958e0dd82e";
        assert!(hash_problem(hex).unwrap().contains("hex"));
        assert!(
            hash_problem("T_AGymuI51LwjLeIFxRQXOs9IHnupDKs_ajhWODR2C4")
                .unwrap()
                .contains("unpadded Base64URL")
        );
        assert!(
            hash_problem("hunter2-is-my-secret!")
                .unwrap()
                .contains("plain secret")
        );
        assert!(hash_problem("c2hvcnQ=").unwrap().contains("5 bytes"));
        assert!(
            hash_problem("REPLACE-with-Base64-SHA256-of-the-client-secret")
                .unwrap()
                .contains("placeholder")
        );
        assert!(
            hash_problem("${SECRET_HASH}")
                .unwrap()
                .contains("placeholder")
        );
    }
}
