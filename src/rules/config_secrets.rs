//! Secrets in app configs: where a credential sits decides how bad it is. Messages name
//! the setting, the kind and the length of a secret, never any of its characters.

use super::Checker;
use crate::configs::{AppConfig, Role, Setting};
use crate::finding::{Finding, Rule};
use crate::model::{ClientType, TrustedApp};
use crate::report::FoundSecret;
use crate::rules::client::hash_problem;
use crate::secrets::{Secret, SecretKind, classify_jwt, detectors, is_published_demo, jwt_expires};
use crate::source::Span;

/// Whether a detection is a private key: a PEM or OpenSSH block, or a private JSON Web Key.
fn is_private_key(kind: SecretKind) -> bool {
    matches!(kind, SecretKind::PrivateKey | SecretKind::PrivateJwk)
}

/// Which rule a found secret is reported under, if any: where it sits decides.
fn rule_of_found(
    config: &AppConfig,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
) -> Option<Rule> {
    match found.detection.kind {
        SecretKind::ReferenceToken => return Some(Rule::CF102),
        // A vendor's published demo key grants nothing outside local development.
        SecretKind::Jwt if is_published_demo(found.detection.secret.expose()) => return None,
        SecretKind::Jwt => return Some(Rule::CF103),
        _ => {}
    }
    // In a file read only for secrets, a private key is reported; other shapes (cloud
    // keys) are masked there but not judged, since nothing says what the file is for.
    let Some(setting) = found.setting.map(|s| &config.settings[s]) else {
        return is_private_key(found.detection.kind).then_some(Rule::CF106);
    };
    if config.side_of(setting).is_frontend() {
        return Some(Rule::CF101);
    }
    if is_private_key(found.detection.kind) {
        return Some(Rule::CF106);
    }
    let is_client_secret = found.detection.kind == SecretKind::ClientSecret
        || setting.role() == Some(Role::ClientSecret);
    if !is_client_secret {
        // Another credential of the back end: a password, an API key.
        return matches!(
            found.detection.kind,
            SecretKind::Password | SecretKind::ApiKey
        )
        .then_some(Rule::CF107);
    }
    // A public client must send no secret at all (CF209), and a secret that does not match
    // the registration is CF105; both are reported from the setting itself.
    let elsewhere = app.is_some_and(|a| a.client_type() == ClientType::Public)
        || (setting.role() == Some(Role::ClientSecret)
            && mismatches_registration(app, found.detection.secret.expose()));
    if elsewhere {
        return None;
    }
    Some(if weakness(found.detection.secret.expose()).is_some() {
        Rule::CF108
    } else {
        Rule::CF104
    })
}

/// A client-secret setting that the found secrets do not already cover, and the rule it is
/// reported under.
struct SecretSetting<'c> {
    setting: &'c Setting,
    rule: Rule,
    /// Written literally (not a reference that a build or the platform fills in).
    literal: bool,
}

/// The client-secret settings of a config that are reported from the setting itself.
fn secret_settings<'c>(cx: &Checker<'_>, config: &'c AppConfig) -> Vec<SecretSetting<'c>> {
    let found = cx.secrets_in(config);
    let detected = |setting: usize| found.iter().any(|s| s.setting == Some(setting));
    let app = cx.app_of(config);
    let mut out = Vec::new();
    for (i, setting) in config.settings.iter().enumerate() {
        if setting.role() != Some(Role::ClientSecret) {
            continue;
        }
        let Some(value) = setting.as_str().filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        // A placeholder word (`changeme`) that hashes to the registered hash is the secret.
        let literal = !detectors().is_placeholder(value) || matches_registration(app, value.trim());
        let rule = if config.side_of(setting).is_frontend() {
            // A detected literal is reported with the found secrets; a reference filled in
            // at build time or a literal too short to detect still ends up in the bundle. A
            // template value (`<your-secret>`, `changeme`) is neither.
            (!detected(i) && (literal || is_reference(value))).then_some(Rule::CF101)
        } else if app.is_some_and(|a| !config.is_erpnet_setting(setting, a.uri())) {
            // A client secret under another identity provider's settings is not ERP.net's.
            None
        } else {
            match app {
                Some(a) if a.client_type() == ClientType::Public => {
                    (literal || is_reference(value)).then_some(Rule::CF209)
                }
                Some(a) if literal && mismatches_registration(Some(a), value.trim()) => {
                    Some(Rule::CF105)
                }
                // A literal too short for the detectors, matching the registered hash.
                Some(_) if literal && !detected(i) => Some(if weakness(value.trim()).is_some() {
                    Rule::CF108
                } else {
                    Rule::CF104
                }),
                // No registration to compare with: a secret anyone can try (`DEMO`,
                // `secret`) sent to ERP.net is reported all the same.
                None if literal
                    && !detected(i)
                    && crate::secrets::well_known::is_well_known(value.trim())
                    && config.points_at_erpnet() =>
                {
                    Some(Rule::CF108)
                }
                _ => None,
            }
        };
        if let Some(rule) = rule {
            out.push(SecretSetting {
                setting,
                rule,
                literal,
            });
        }
    }
    out
}

/// The client-secret settings of a config that `rule` reports, with the span of each value.
fn settings_under<'c>(
    cx: &Checker<'_>,
    config: &'c AppConfig,
    rule: Rule,
) -> Vec<(SecretSetting<'c>, Span)> {
    secret_settings(cx, config)
        .into_iter()
        .filter(|s| s.rule == rule)
        .map(|s| {
            let span = value_span(cx, config, s.setting);
            (s, span)
        })
        .collect()
}

/// The found secrets of a config that `rule` reports, each with where it is: the setting
/// that holds it, or (in a file read only for secrets) the file.
fn found_under<'a>(
    cx: &Checker<'a>,
    config: &'a AppConfig,
    rule: Rule,
) -> impl Iterator<Item = (&'a FoundSecret, Place<'a>)> + use<'a> {
    let app = cx.app_of(config);
    let file = cx.sources[config.file].display.as_str();
    cx.secrets_in(config)
        .iter()
        .filter(move |found| rule_of_found(config, found, app) == Some(rule))
        .map(move |found| {
            let place = match found.setting {
                Some(s) => Place::Setting(&config.settings[s]),
                None => Place::File(file),
            };
            (found, place)
        })
}

/// Where a found secret is.
#[derive(Clone, Copy)]
enum Place<'a> {
    Setting(&'a Setting),
    /// A file read only for secrets, by its path as shown.
    File(&'a str),
}

impl<'a> Place<'a> {
    /// The setting's key path, or the file's path.
    fn name(self) -> &'a str {
        match self {
            Place::Setting(s) => &s.path,
            Place::File(path) => path,
        }
    }
}

pub(crate) fn secret_in_frontend_config<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF101) {
        let Place::Setting(setting) = place else {
            continue;
        };
        let side = config.side_of(setting);
        cx.report(
            finding(
                Rule::CF101,
                config,
                found,
                app,
                format!("{} of a front-end config: {}", what(found, place), side.reason()),
            )
            .label("shipped to every user")
            .help("move the secret to a backend; a browser or mobile app is a Public client and uses Authorization Code with PKCE instead"),
        );
    }
    for (s, span) in settings_under(cx, config, Rule::CF101) {
        frontend_secret_setting(config, s.setting, span, app, s.literal, cx);
    }
}

pub(crate) fn reference_token_committed<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF102) {
        cx.report(
            finding(
                Rule::CF102,
                config,
                found,
                app,
                format!("{}: anyone who can read this file can call the instance's APIs with it", what(found, place)),
            )
            .label("reference token")
            .help("revoke the token in ERP.net now, issue a new one, and load it from the environment or a vault"),
        );
    }
}

pub(crate) fn jwt_committed<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF103) {
        let token = found.detection.secret.expose();
        let kind = classify_jwt(token).map_or("a JWT", |k| k.describe());
        // Without an expiry the token is a long-lived key (an API key issued as a JWT),
        // not something captured from a session.
        let what = if jwt_expires(token) == Some(false) {
            "that never expires: a long-lived key, valid until its signing key is replaced"
        } else {
            "captured from a session"
        };
        cx.report(
            finding(
                Rule::CF103,
                config,
                found,
                app,
                format!(
                    "{kind} ({} characters) in `{}`, {what}",
                    found.detection.secret.len(),
                    place.name()
                ),
            )
            .label("token")
            .help("remove it; an app obtains its tokens at run time and keeps them out of files"),
        );
    }
}

pub(crate) fn private_key_committed<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF106) {
        cx.report(
            finding(
                Rule::CF106,
                config,
                found,
                app,
                format!(
                    "{}: whoever reads the repository can sign as its owner",
                    what(found, place)
                ),
            )
            .label("private key")
            .help("revoke the key (a new certificate or JSON Web Key), remove it from the file and the history, and load the new one from a vault or a mounted secret"),
        );
    }
}

pub(crate) fn hardcoded_backend_secret<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF104) {
        cx.report(
            finding(
                Rule::CF104,
                config,
                found,
                app,
                format!("{} is written literally in a back-end config", what(found, place)),
            )
            .label("literal secret")
            .help("read it from the environment or a secret store (e.g. ${ERP_CLIENT_SECRET}, a Key Vault reference) and rotate this one"),
        );
    }
    for (s, span) in settings_under(cx, config, Rule::CF104) {
        literal_backend_secret(config, s.setting, span, app, cx);
    }
}

pub(crate) fn secret_hash_mismatch<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let Some(app) = cx.app_of(config) else { return };
    for (s, span) in settings_under(cx, config, Rule::CF105) {
        report_hash_mismatch(config, s.setting, span, app, cx);
    }
}

pub(crate) fn public_client_secret_in_config<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let Some(app) = cx.app_of(config) else { return };
    for (s, span) in settings_under(cx, config, Rule::CF209) {
        report_public_client_secret(config, s.setting, span, app, cx);
    }
}

/// The span of a setting's characters, inside any quotes, as detected secrets are located.
fn value_span(cx: &Checker<'_>, config: &AppConfig, setting: &Setting) -> crate::source::Span {
    let value = setting.as_str().unwrap_or_default();
    cx.sources[config.file].span_within(setting.span, value, 0..value.len())
}

/// A value that a build or release step, or the platform, replaces with the secret:
/// `${VAR}`, `$VAR`, `%VAR%`, `#{VAR}#`, `{{ secrets.X }}`, a Key Vault reference, a
/// secret-manager URI. (Templates such as `<your-secret>` or `changeme` are not.)
fn is_reference(value: &str) -> bool {
    let v = value.trim();
    v.contains("${")
        || v.contains("#{")
        || v.contains("{{")
        || v.starts_with('$')
        || (v.starts_with('%') && v.ends_with('%'))
        || v.starts_with("@Microsoft.KeyVault(")
        || [
            "vault://",
            "secret://",
            "ssm://",
            "awssm://",
            "gcpsm://",
            "op://",
            "env://",
        ]
        .iter()
        .any(|p| v.to_ascii_lowercase().starts_with(p))
}

/// Whether a value hashes to the app's registered ApplicationSecretHash.
fn matches_registration(app: Option<&TrustedApp>, secret: &str) -> bool {
    app.and_then(|a| a.application_secret_hash.as_ref())
        .is_some_and(|h| Secret::new(secret).erp_hash() == h.value)
}

/// Whether a client secret in a back-end config hashes to something else than the
/// registered hash (which is then reported as CF105 instead of CF104).
fn mismatches_registration(app: Option<&TrustedApp>, secret: &str) -> bool {
    let Some(hash) = app.and_then(|a| a.application_secret_hash.as_ref()) else {
        return false;
    };
    hash_problem(&hash.value).is_none() && Secret::new(secret).erp_hash() != hash.value
}

/// "a client secret (24 characters) in `VITE_OIDC_CLIENT_SECRET`"
fn what(found: &FoundSecret, place: Place<'_>) -> String {
    let kind = found.detection.kind;
    // A private key is found by its header, whose length says nothing about the key.
    if kind == SecretKind::PrivateKey {
        return format!("{} in `{}`", kind.describe(), place.name());
    }
    // A setting named as a client secret holds a client secret, whichever detector (an
    // API key's, a password's) recognised the value.
    let described = match place {
        Place::Setting(s)
            if s.role() == Some(Role::ClientSecret)
                && matches!(kind, SecretKind::ApiKey | SecretKind::Password) =>
        {
            SecretKind::ClientSecret.describe()
        }
        _ => kind.describe(),
    };
    format!(
        "{described} ({} characters) in `{}`",
        found.detection.secret.len(),
        place.name()
    )
}

fn finding(
    rule: Rule,
    config: &AppConfig,
    found: &FoundSecret,
    app: Option<&TrustedApp>,
    message: String,
) -> Finding {
    Finding::new(rule, config.file, found.span, message)
        .app(app.and_then(TrustedApp::uri))
        .about_secret()
}

/// CF104 for a literal client-secret setting that no detector flagged.
fn literal_backend_secret(
    config: &AppConfig,
    setting: &Setting,
    span: crate::source::Span,
    app: Option<&TrustedApp>,
    out: &mut Checker<'_>,
) {
    out.report(
        Finding::new(
            Rule::CF104,
            config.file,
            span,
            format!("a client secret in `{}` is written literally in a back-end config", setting.path),
        )
        .app(app.and_then(TrustedApp::uri))
        .about_secret()
        .label("literal secret")
        .help("read it from the environment or a secret store (e.g. ${ERP_CLIENT_SECRET}, a Key Vault reference) and rotate this one"),
    );
}

/// A client secret in a front-end setting that no detector flagged: a reference that the
/// build fills in, or a literal too short to tell from other text.
fn frontend_secret_setting(
    config: &AppConfig,
    setting: &Setting,
    span: crate::source::Span,
    app: Option<&TrustedApp>,
    literal: bool,
    out: &mut Checker<'_>,
) {
    let side = config.side_of(setting);
    let message = if literal {
        format!(
            "a client secret in `{}` of a front-end config: {}",
            setting.path,
            side.reason()
        )
    } else {
        format!(
            "`{}` of a front-end config takes a client secret from the build environment, so the secret ships with the app: {}",
            setting.path,
            side.reason()
        )
    };
    out.report(
        Finding::new(Rule::CF101, config.file, span, message)
        .app(app.and_then(TrustedApp::uri))
        .about_secret()
        .label("shipped to every user")
        .help("move the secret to a backend; a browser or mobile app is a Public client and uses Authorization Code with PKCE instead"),
    );
}

fn report_hash_mismatch(
    config: &AppConfig,
    setting: &Setting,
    span: crate::source::Span,
    app: &TrustedApp,
    out: &mut Checker<'_>,
) {
    let (Some(value), Some(hash)) = (setting.as_str(), app.application_secret_hash.as_ref()) else {
        return;
    };
    if !mismatches_registration(Some(app), value.trim()) {
        return;
    }
    out.report(
        Finding::new(
            Rule::CF105,
            config.file,
            span,
            format!(
                "the client secret in `{}` does not hash to the ApplicationSecretHash of `{}`, so token requests fail with invalid_client",
                setting.path,
                app.uri().unwrap_or("the app")
            ),
        )
        .app(app.uri())
        .about_secret()
        .label("does not match the registration")
        .related(app.origin.file, hash.span, "registered hash")
        .help("use the secret whose Base64(SHA-256) is registered, and read it from the environment or a vault rather than the file"),
    );
}

fn report_public_client_secret(
    config: &AppConfig,
    setting: &Setting,
    span: crate::source::Span,
    app: &TrustedApp,
    out: &mut Checker<'_>,
) {
    let mut f = Finding::new(
        Rule::CF209,
        config.file,
        span,
        format!(
            "`{}` is registered Public, but this config gives it a client secret in `{}`; the instance rejects a Public client that sends one (invalid_client)",
            app.uri().unwrap_or("the app"),
            setting.path
        ),
    )
    .app(app.uri())
    .about_secret()
    .label("secret for a public client")
    .help("remove the client secret and use PKCE; if a backend holds the secret, register a separate Confidential app for it");
    if let Some(ct) = &app.client_type {
        f = f.related(app.origin.file, ct.span, "registered Public here");
    }
    out.report(f);
}

/// CF107: a password, API key or connection-string password written in a back-end config.
/// (Client secrets are CF104 and CF108, private keys CF106.)
pub(crate) fn hardcoded_backend_credential<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    for (found, place) in found_under(cx, config, Rule::CF107) {
        cx.report(
            finding(
                Rule::CF107,
                config,
                found,
                app,
                format!("{} is written literally in a back-end config", what(found, place)),
            )
            .label("literal credential")
            .help("read it from the environment or a secret store, and rotate this one: it is in the repository's history"),
        );
    }
}

/// CF108: a literal back-end client secret that anyone could guess: on the list of
/// well-known secrets, shorter than 16 characters, or of low entropy.
pub(crate) fn weak_client_secret<'a>(cx: &mut Checker<'a>, config: &'a AppConfig) {
    let app = cx.app_of(config);
    let mut weak: Vec<(Span, String, &'static str)> = found_under(cx, config, Rule::CF108)
        .filter_map(|(found, place)| {
            let why = weakness(found.detection.secret.expose())?;
            Some((found.span, what(found, place), why))
        })
        .collect();
    for (s, span) in settings_under(cx, config, Rule::CF108) {
        if let Some(why) = s.setting.as_str().and_then(|v| weakness(v.trim())) {
            weak.push((
                span,
                format!("a client secret in `{}`", s.setting.path),
                why,
            ));
        }
    }
    for (span, what, why) in weak {
        cx.report(
            Finding::new(
                Rule::CF108,
                config.file,
                span,
                format!("{what} is written literally in a back-end config, and it is weak: {why}"),
            )
            .app(app.and_then(TrustedApp::uri))
            .about_secret()
            .label("weak literal secret")
            .help("generate a long random secret (32 bytes or more), register its hash, keep it in a vault, and read it from the environment"),
        );
    }
}

/// Why a client secret is weak, if it is: anyone can try it, or guess it.
pub(crate) fn weakness(secret: &str) -> Option<&'static str> {
    if crate::secrets::well_known::is_well_known(secret) {
        Some(crate::secrets::well_known::origin(secret))
    } else if secret.chars().count() < 16 {
        Some("shorter than 16 characters")
    } else if crate::secrets::shannon_entropy(secret) < 3.0 {
        Some("its characters repeat too much to be random")
    } else {
        None
    }
}
