//! Secrets in app configs: where a credential sits decides how bad it is. Messages name
//! the setting, the kind and the length of a secret, never any of its characters.

use super::Context;
use crate::configs::{AppConfig, Role, Setting};
use crate::finding::{Finding, Rule};
use crate::model::{ClientType, TrustedApp};
use crate::secrets::{SecretKind, classify_jwt, detectors};
use crate::{FoundSecret, rules::client::hash_problem};

pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for found in ctx.secrets {
        let config = &ctx.configs[found.config];
        let setting = &config.settings[found.setting];
        let app = ctx.app_of(config);
        match found.detection.kind {
            SecretKind::ReferenceToken => {
                reference_token_committed(config, setting, found, app, out)
            }
            SecretKind::Jwt => jwt_committed(config, setting, found, app, out),
            _ => credential(config, setting, found, app, out),
        }
    }
    for config in ctx.configs {
        public_client_secret_in_config(ctx, config, out);
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "a client secret (24 characters) in `VITE_OIDC_CLIENT_SECRET`"
fn what(found: &FoundSecret, setting: &Setting) -> String {
    format!(
        "{} ({} characters) in `{}`",
        found.detection.kind.describe(),
        found.detection.secret.len(),
        setting.path
    )
}

fn finding(
    rule: Rule,
    config: &AppConfig,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    message: String,
) -> Finding {
    Finding::new(rule, config.file, found.span, message).app(app.and_then(TrustedApp::uri))
}

fn reference_token_committed(
    config: &AppConfig,
    setting: &Setting,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    out: &mut Vec<Finding>,
) {
    out.push(
        finding(
            Rule::ReferenceTokenCommitted,
            config,
            found,
            app,
            format!("{}: anyone who can read this file can call the instance's APIs with it", what(found, setting)),
        )
        .label("reference token")
        .help("revoke the token in ERP.net now, issue a new one, and load it from the environment or a vault"),
    );
}

fn jwt_committed(
    config: &AppConfig,
    setting: &Setting,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    out: &mut Vec<Finding>,
) {
    let kind = classify_jwt(found.detection.secret.expose()).map_or("a JWT", |k| k.describe());
    out.push(
        finding(
            Rule::JwtCommitted,
            config,
            found,
            app,
            format!(
                "{kind} ({} characters) in `{}`, captured from a session",
                found.detection.secret.len(),
                setting.path
            ),
        )
        .label("token")
        .help("remove it; an app obtains its tokens at run time and keeps them out of files"),
    );
}

fn credential(
    config: &AppConfig,
    setting: &Setting,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    out: &mut Vec<Finding>,
) {
    let side = config.side_of(setting);
    if side.is_frontend() {
        out.push(
            finding(
                Rule::SecretInFrontendConfig,
                config,
                found,
                app,
                format!("{} of a front-end config: {}", what(found, setting), side.reason()),
            )
            .label("shipped to every user")
            .help("move the secret to a backend; a browser or mobile app is a Public client and uses Authorization Code with PKCE instead"),
        );
        return;
    }
    let is_client_secret = found.detection.kind == SecretKind::ClientSecret
        || setting.role() == Some(Role::ClientSecret);
    if !is_client_secret {
        return;
    }
    // A public client must send no secret at all; CF209 says so for this setting.
    if app.is_some_and(|a| a.client_type() == ClientType::Public) {
        return;
    }
    out.push(
        finding(
            Rule::HardcodedBackendSecret,
            config,
            found,
            app,
            format!("{} is written literally in a back-end config", capitalized(&what(found, setting))),
        )
        .label("literal secret")
        .help("read it from the environment or a secret store (e.g. ${ERP_CLIENT_SECRET}, a Key Vault reference) and rotate this one"),
    );
    secret_hash_mismatch(config, setting, found, app, out);
}

fn secret_hash_mismatch(
    config: &AppConfig,
    setting: &Setting,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    out: &mut Vec<Finding>,
) {
    let Some(app) = app else { return };
    let Some(hash) = app.application_secret_hash.as_ref() else {
        return;
    };
    if hash_problem(&hash.value).is_some() || found.detection.secret.erp_hash() == hash.value {
        return;
    }
    out.push(
        finding(
            Rule::SecretHashMismatch,
            config,
            found,
            Some(app),
            format!(
                "the client secret in `{}` does not hash to the ApplicationSecretHash of `{}`, so token requests fail with invalid_client",
                setting.path,
                app.uri().unwrap_or("the app")
            ),
        )
        .label("does not match the registration")
        .related(app.origin.file, hash.span, "registered hash")
        .help("use the secret whose Base64(SHA-256) is registered, or register the hash of this one"),
    );
}

fn public_client_secret_in_config(ctx: &Context<'_>, config: &AppConfig, out: &mut Vec<Finding>) {
    let Some(app) = ctx
        .app_of(config)
        .filter(|a| a.client_type() == ClientType::Public)
    else {
        return;
    };
    for setting in config.with_role(Role::ClientSecret) {
        let Some(value) = setting.as_str().filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        // A literal secret in a front-end file is CF101, which says more.
        if config.side_of(setting).is_frontend() && !detectors().is_placeholder(value) {
            continue;
        }
        let mut f = Finding::new(
            Rule::PublicClientSecretInConfig,
            config.file,
            setting.span,
            format!(
                "`{}` is registered Public, but this config gives it a client secret in `{}`; the instance rejects a Public client that sends one (invalid_client)",
                app.uri().unwrap_or("the app"),
                setting.path
            ),
        )
        .app(app.uri())
        .label("secret for a public client")
        .help("remove the client secret and use PKCE; if a backend holds the secret, register a separate Confidential app for it");
        if let Some(ct) = &app.client_type {
            f = f.related(app.origin.file, ct.span, "registered Public here");
        }
        out.push(f);
    }
}
