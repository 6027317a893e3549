//! The flow chooser: from a few answers about an app to the OAuth flow ERP.net documents
//! for it and the Trusted Application that goes with it. [`decide`] is a pure function;
//! the command, the wizard and the definition writer build on it.

pub mod answers;
pub mod output;
pub mod template;
pub mod validate;
pub mod wizard;

use serde::Serialize;

use crate::rule::Rule;

pub use answers::{ActsAs, Answers, Platform, Question};

use crate::model::{AppType, ClientType};

/// The flows ERP.net documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    AuthorizationCode,
    ClientCredentials,
    Hybrid,
    ReferenceToken,
    Sso,
}

impl Flow {
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::AuthorizationCode => "authorization_code",
            Flow::ClientCredentials => "client_credentials",
            Flow::Hybrid => "hybrid",
            Flow::ReferenceToken => "reference_token",
            Flow::Sso => "sso",
        }
    }
}

/// One attribute of the recommended registration, with why it has that value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    pub name: &'static str,
    pub value: AttrValue,
    /// Why, in one line; the definition writer puts it in a comment.
    #[serde(skip)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AttrValue {
    Bool(bool),
    Text(String),
    List(Vec<String>),
    /// Something only the user knows; written as a marked placeholder.
    Placeholder(String),
}

/// A statement tied to the rule that fires when the registration drifts from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub text: String,
    /// The rules that guard this point.
    pub rules: Vec<Rule>,
}

fn note(text: impl Into<String>, rules: &[Rule]) -> Note {
    Note {
        text: text.into(),
        rules: rules.to_vec(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub flow: Flow,
    pub authority: String,
    #[serde(serialize_with = "as_str_client_type")]
    pub client_type: ClientType,
    /// The PKCE method to use, `S256`, or `None` where no authorization code is involved.
    pub pkce: Option<&'static str>,
    pub refresh_tokens: bool,
    #[serde(serialize_with = "as_str_app_type")]
    pub app_type: AppType,
    pub trusted_application: Vec<Attribute>,
    /// The System User the service side runs as, when there is one; written under `Users:`.
    pub system_user: Option<String>,
    pub warnings: Vec<Note>,
    pub reasons: Vec<Note>,
}

fn as_str_client_type<S: serde::Serializer>(v: &ClientType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_str())
}

fn as_str_app_type<S: serde::Serializer>(v: &AppType, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v.as_str())
}

/// Why no recommendation could be made.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Answers that contradict each other, with a message naming them.
    Conflict(String),
    /// Answers still needed, in the order they would be asked.
    Missing(Vec<Question>),
}

/// Placeholder texts; the comments in a written definition say how to fill them, and
/// `trustlint check` reports each until it is (TA107).
pub const SECRET_HASH_PLACEHOLDER: &str = "REPLACE-with-Base64-SHA256-of-the-client-secret";
pub const SYSTEM_USER_PLACEHOLDER: &str = "REPLACE-with-the-system-user-login";
pub const APP_URI_PLACEHOLDER: &str = "REPLACE-with-the-application-uri";
pub const INSTANCE_PLACEHOLDER: &str = "REPLACE-with-the-instance-name";

/// Where the app will be registered and what only its team knows: names and addresses,
/// nothing secret. What is missing is written as a placeholder, never as an example value
/// that would pass for a real one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Target {
    /// The instance name (`acme` for `https://acme.my.erp.net`).
    pub instance: Option<String>,
    pub app_uri: Option<String>,
    /// The exact redirect URIs the app sends (`ImpersonateLoginUrl`).
    pub redirect_uris: Vec<String>,
    /// The Login of the System User a service side runs as.
    pub system_user: Option<String>,
}

impl Target {
    fn instance_authority(&self) -> String {
        format!(
            "https://{}.my.erp.net/id",
            self.instance.as_deref().unwrap_or("{instance}")
        )
    }

    fn app_uri(&self) -> AttrValue {
        match &self.app_uri {
            Some(uri) => AttrValue::Text(uri.clone()),
            None => AttrValue::Placeholder(APP_URI_PLACEHOLDER.into()),
        }
    }

    /// The app's last path segment, as a name: `sales-dashboard` for `com.example/sales-dashboard`.
    fn slug(&self) -> Option<String> {
        let uri = self.app_uri.as_deref()?;
        let last = uri.rsplit('/').next()?.to_ascii_lowercase();
        let slug: String = last
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        (!slug.is_empty() && uri.contains('/')).then_some(slug)
    }

    /// A display name from the URI: `Sales dashboard`, or `fallback`.
    fn display_name(&self, fallback: &str) -> String {
        match self.slug() {
            Some(slug) => capitalize(&slug.replace('-', " ")),
            None => fallback.to_string(),
        }
    }

    /// The redirect URIs given, or one placeholder in the form the platform needs.
    fn redirect_uris(&self, platform: Platform) -> AttrValue {
        if self.redirect_uris.is_empty() {
            AttrValue::List(vec![redirect_placeholder(platform).to_string()])
        } else {
            AttrValue::List(self.redirect_uris.clone())
        }
    }

    fn system_user(&self) -> String {
        self.system_user
            .clone()
            .unwrap_or_else(|| SYSTEM_USER_PLACEHOLDER.to_string())
    }
}

/// The redirect URI to fill in, in the form each platform needs (RFC 8252 §7.1 and §7.3
/// for native apps); `check` reports the part in angle brackets until it is filled.
pub fn redirect_placeholder(platform: Platform) -> &'static str {
    match platform {
        Platform::Browser => "https://<your-spa-host>/callback",
        Platform::Server => "https://<your-app-host>/signin-oidc",
        Platform::Desktop => "http://127.0.0.1:<port>/callback",
        Platform::Mobile => "<reverse-domain-scheme>:/oauth2redirect",
    }
}

impl Recommendation {
    /// Whether the registration has redirect URIs to fill in (every flow with a sign-in).
    pub fn has_redirects(&self) -> bool {
        self.trusted_application
            .iter()
            .any(|a| a.name == "ImpersonateLoginUrl")
    }

    /// Whether it registers against an instance (every flow but the global identity
    /// provider's sign-in).
    pub fn needs_instance(&self) -> bool {
        self.flow != Flow::Sso
    }

    /// The values still to fill in, as the definition carries them.
    pub fn placeholders(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.trusted_application {
            let values: Vec<&String> = match &a.value {
                AttrValue::Text(s) | AttrValue::Placeholder(s) => vec![s],
                AttrValue::List(items) => items.iter().collect(),
                AttrValue::Bool(_) => vec![],
            };
            for v in values {
                if crate::model::placeholder_form(v).is_some() && !out.contains(v) {
                    out.push(v.clone());
                }
            }
        }
        out
    }
}

/// The decision: answers in, recommendation (or the reason there is none) out.
pub fn decide(answers: &Answers, target: &Target) -> Result<Recommendation, Problem> {
    answers
        .check_consistency()
        .map_err(|c| Problem::Conflict(c.flags))?;
    let missing = answers.missing();
    if !missing.is_empty() {
        return Err(Problem::Missing(missing));
    }
    let interactive = answers.interactive_ui == Some(true);
    let unattended = answers.unattended == Some(true);
    // External users with no API calls made for them (a browser app that only signs them
    // in) need no service side; otherwise calls for them run as the app: the portal.
    let external_calls =
        answers.external_users == Some(true) && answers.external_api != Some(false);
    Ok(if answers.sso_only == Some(true) {
        sso(answers, target)
    } else if interactive && (unattended || external_calls) {
        hybrid(answers, target)
    } else if interactive {
        authorization_code(answers, target)
    } else if answers.oauth_capable == Some(false) {
        reference_token(answers, target)
    } else {
        client_credentials(target)
    })
}

fn attr(name: &'static str, value: AttrValue, comment: &str) -> Attribute {
    Attribute {
        name,
        value,
        comment: comment.to_string(),
    }
}

fn text(s: impl Into<String>) -> AttrValue {
    AttrValue::Text(s.into())
}

fn list(items: &[&str]) -> AttrValue {
    AttrValue::List(items.iter().map(|s| s.to_string()).collect())
}

fn identity(
    target: &Target,
    name: &str,
    app_type: AppType,
    client_type: ClientType,
) -> Vec<Attribute> {
    vec![
        attr(
            "ApplicationUri",
            target.app_uri(),
            "the client_id the app sends; keep it stable and the same in every instance (TA101, TA102)",
        ),
        attr("Name", text(name), "display name"),
        attr(
            "AppType",
            text(app_type.as_str()),
            "trustlint's key: the kind of app this recommendation is for",
        ),
        attr(
            "ClientType",
            text(client_type.as_str()),
            match client_type {
                ClientType::Public => {
                    "runs on the user's device and cannot keep a secret: Public, no secret (TA301, TA304)"
                }
                _ => "keeps its secret on a server: Confidential (TA302, TA304)",
            },
        ),
    ]
}

/// The instance the app is registered in (not for the global identity provider's sign-in).
fn instance(target: &Target) -> Attribute {
    attr(
        "Instance",
        match &target.instance {
            Some(name) => text(name.clone()),
            None => AttrValue::Placeholder(INSTANCE_PLACEHOLDER.into()),
        },
        "trustlint's key: the instance name (acme for https://acme.my.erp.net); configs must use its authority (CF207)",
    )
}

fn secret_hash() -> Attribute {
    attr(
        "ApplicationSecretHash",
        AttrValue::Placeholder(SECRET_HASH_PLACEHOLDER.into()),
        "generate a random secret, keep it in a vault, and put Base64(SHA-256(secret)) here: 44 characters ending in = (TA302, TA303)",
    )
}

fn service_access(target: &Target) -> Vec<Attribute> {
    vec![
        attr(
            "SystemUserAllowed",
            AttrValue::Bool(true),
            "the service side logs on as the System User (TA501)",
        ),
        attr(
            "SystemUser",
            match &target.system_user {
                Some(login) => text(login.clone()),
                None => AttrValue::Placeholder(SYSTEM_USER_PLACEHOLDER.into()),
            },
            "the Login of a dedicated, least-privilege user that is not an administrator; describe it under Users (TA502, TA503)",
        ),
    ]
}

fn common_notes(client_type: ClientType) -> Vec<Note> {
    match client_type {
        ClientType::Public => vec![
            note(
                "Use Authorization Code with PKCE (S256) on every sign-in.",
                &[Rule::CF205],
            ),
            note(
                "Never put a client secret in front-end, browser, mobile or desktop code.",
                &[Rule::CF101, Rule::CF209, Rule::TA301],
            ),
        ],
        _ => vec![note(
            "Keep the client secret on the server, in the environment or a vault; never in front-end code or the repository.",
            &[Rule::CF101, Rule::CF104],
        )],
    }
}

fn sso(answers: &Answers, target: &Target) -> Recommendation {
    let platform = answers.platform.unwrap_or(Platform::Server);
    let (app_type, client_type) = interactive_kind(platform);
    let mut attrs = identity(
        target,
        &target.display_name("Sign-in with ERP.net"),
        app_type,
        client_type,
    );
    if client_type == ClientType::Confidential {
        attrs.push(secret_hash());
    }
    attrs.extend([
        attr(
            "ImpersonateAsInternalUserAllowed",
            AttrValue::Bool(true),
            "internal users sign in",
        ),
        attr(
            "ImpersonateAsCommunityUserAllowed",
            AttrValue::Bool(true),
            "external users sign in too, as the ERP.net ID quickstart registers it (TA402)",
        ),
        attr(
            "ImpersonateLoginUrl",
            target.redirect_uris(platform),
            "the exact callback the app sends as redirect_uri (TA201, TA204, CF202)",
        ),
        attr(
            "Scope",
            list(&["openid", "profile"]),
            "sign-in only: protocol scopes, no read or update (TA606)",
        ),
    ]);
    let mut reasons = vec![
        note(
            "The app only signs users in and calls no instance API, so it uses the global ERP.net identity provider; the client is registered centrally by ERP.net support.",
            &[Rule::CF207],
        ),
        note(
            "Authorization Code with PKCE carries the sign-in.",
            &[Rule::CF205, Rule::CF206],
        ),
    ];
    reasons.extend(client_reason(client_type, app_type));
    let mut warnings = common_notes(client_type);
    warnings.push(note("The global identity provider issues no tokens for an instance's APIs; if the app later calls them, register it in the instance instead.", &[Rule::CF207]));
    Recommendation {
        flow: Flow::Sso,
        authority: "https://id.erp.net/id".into(),
        client_type,
        pkce: Some("S256"),
        refresh_tokens: client_type == ClientType::Confidential,
        app_type,
        trusted_application: attrs,
        system_user: None,
        warnings,
        reasons,
    }
}

fn interactive_kind(platform: Platform) -> (AppType, ClientType) {
    match platform {
        Platform::Browser => (AppType::Spa, ClientType::Public),
        Platform::Server => (AppType::WebApp, ClientType::Confidential),
        Platform::Desktop => (AppType::Desktop, ClientType::Public),
        Platform::Mobile => (AppType::Mobile, ClientType::Public),
    }
}

fn client_reason(client_type: ClientType, app_type: AppType) -> Vec<Note> {
    vec![match client_type {
        ClientType::Public => note(
            format!(
                "{} cannot keep a secret, so it is a Public client with no ApplicationSecretHash.",
                capitalize(app_type.describe())
            ),
            &[Rule::TA304, Rule::TA301],
        ),
        _ => note(
            format!(
                "{} keeps its secret on a server, so it is a Confidential client with a secret hash.",
                capitalize(app_type.describe())
            ),
            &[Rule::TA304, Rule::TA302],
        ),
    }]
}

fn capitalize(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn authorization_code(answers: &Answers, target: &Target) -> Recommendation {
    let platform = answers.platform.unwrap_or(Platform::Server);
    let (app_type, client_type) = interactive_kind(platform);
    let mut attrs = identity(
        target,
        &target.display_name("My app"),
        app_type,
        client_type,
    );
    attrs.push(instance(target));
    if client_type == ClientType::Confidential {
        attrs.push(secret_hash());
    }
    attrs.push(attr(
        "ImpersonateAsInternalUserAllowed",
        AttrValue::Bool(true),
        "internal users sign in and the app calls the APIs as them (TA401)",
    ));
    let external = answers.external_users == Some(true);
    if external {
        attrs.push(attr(
            "ImpersonateAsCommunityUserAllowed",
            AttrValue::Bool(true),
            "external (community) users sign in for their identity only; the app calls no API for them",
        ));
    }
    let login_comment = match platform {
        Platform::Desktop => {
            "loopback IP literal, not localhost (RFC 8252 §7.3, §8.3); register the exact callback the app sends (TA205, CF202)"
        }
        Platform::Mobile => {
            "a reverse-domain private-use scheme (RFC 8252 §7.1); register the exact callback the app sends (TA206, CF202)"
        }
        _ => "the exact HTTPS callback the app sends as redirect_uri (TA201, TA204, CF202)",
    };
    attrs.push(attr(
        "ImpersonateLoginUrl",
        target.redirect_uris(platform),
        login_comment,
    ));
    let scope: &[&str] = if client_type == ClientType::Confidential {
        &["read", "offline_access"]
    } else {
        &["read"]
    };
    attrs.push(attr(
        "Scope",
        list(scope),
        if client_type == ClientType::Confidential {
            "read; add update only if the app writes (TA606); offline_access for refresh tokens on the server"
        } else {
            "read; add update only if the app writes (TA606); no offline_access on a public client (TA605)"
        },
    ));
    let mut reasons = vec![note(
        "People sign in through the app's UI and it calls the instance's APIs as them: Authorization Code against the instance authority.",
        &[Rule::TA401, Rule::TA204],
    )];
    if external {
        reasons.push(note(
            "External users get identity only in ERP.net: they sign in, and the app makes no API call for them, so it needs no System User.",
            &[Rule::TA402],
        ));
    }
    reasons.extend(client_reason(client_type, app_type));
    let mut warnings = common_notes(client_type);
    if client_type == ClientType::Confidential {
        warnings.push(note(
            "Use PKCE (S256) here too: ERP.net recommends it for confidential web apps.",
            &[Rule::CF205],
        ));
    }
    Recommendation {
        flow: Flow::AuthorizationCode,
        authority: target.instance_authority(),
        client_type,
        pkce: Some("S256"),
        refresh_tokens: client_type == ClientType::Confidential,
        app_type,
        trusted_application: attrs,
        system_user: None,
        warnings,
        reasons,
    }
}

fn hybrid(answers: &Answers, target: &Target) -> Recommendation {
    let platform = answers.platform.unwrap_or(Platform::Server);
    let external = answers.external_users == Some(true);
    let mut attrs = identity(
        target,
        &target.display_name("My portal"),
        AppType::Hybrid,
        ClientType::Confidential,
    );
    attrs.push(instance(target));
    attrs.push(secret_hash());
    attrs.push(attr(
        "ImpersonateAsInternalUserAllowed",
        AttrValue::Bool(true),
        "internal users sign in (TA402 wants them on whenever community users are)",
    ));
    if external {
        attrs.push(attr(
            "ImpersonateAsCommunityUserAllowed",
            AttrValue::Bool(true),
            "external (community) users sign in; they get identity only, API calls run as the app",
        ));
    }
    attrs.push(attr(
        "ImpersonateLoginUrl",
        target.redirect_uris(Platform::Server),
        "the backend's exact HTTPS callback (TA201, TA204, CF202)",
    ));
    attrs.extend(service_access(target));
    attrs.push(attr(
        "Scope",
        list(&["read", "update"]),
        "what the service side needs; drop update if it only reads (TA606)",
    ));
    let mut reasons = vec![note(
        if external {
            "External users sign in, and they never get API access of their own: the app signs them in with Authorization Code and makes every API call with Client Credentials (the portal pattern)."
        } else {
            "The app has a sign-in UI and also runs unattended work: Authorization Code for the users, Client Credentials for the backend, under one Confidential registration."
        },
        &[Rule::TA401, Rule::TA504],
    )];
    reasons.push(note(
        "The backend keeps the secret, so the registration is Confidential with a secret hash.",
        &[Rule::TA304, Rule::TA302],
    ));
    let mut warnings = common_notes(ClientType::Confidential);
    warnings.extend([
        note("Keep user tokens and service tokens apart: never forward a user's token to backend jobs, never hand a service token to the front end.", &[]),
        note("The System User must be a dedicated, least-privilege user that is not an administrator.", &[Rule::TA502, Rule::TA506]),
    ]);
    if platform == Platform::Browser {
        warnings.push(note("A browser front end must not hold the client secret: run the sign-in through the backend (backend-for-frontend).", &[Rule::CF101]));
    }
    Recommendation {
        flow: Flow::Hybrid,
        authority: target.instance_authority(),
        client_type: ClientType::Confidential,
        pkce: Some("S256"),
        refresh_tokens: true,
        app_type: AppType::Hybrid,
        trusted_application: attrs,
        system_user: Some(target.system_user()),
        warnings,
        reasons,
    }
}

fn client_credentials(target: &Target) -> Recommendation {
    let mut attrs = identity(
        target,
        &target.display_name("My integration"),
        AppType::Service,
        ClientType::Confidential,
    );
    attrs.push(instance(target));
    attrs.push(secret_hash());
    attrs.extend(service_access(target));
    attrs.push(attr(
        "Scope",
        list(&["read"]),
        "start with read; add update only for writes (TA606); never offline_access (TA604)",
    ));
    let reasons = vec![
        note(
            "Nobody signs in and the job can run an OAuth flow: Client Credentials, as the System User.",
            &[Rule::TA401, Rule::TA501],
        ),
        note(
            "Client Credentials needs a Confidential client with a secret.",
            &[Rule::TA504, Rule::TA302],
        ),
        note(
            "No user signs in, so both impersonation flags stay off.",
            &[Rule::TA403],
        ),
    ];
    let mut warnings = common_notes(ClientType::Confidential);
    warnings.extend([
        note("The System User must be a dedicated, least-privilege user that is not an administrator.", &[Rule::TA502, Rule::TA506]),
        note("Client Credentials issues no refresh tokens: request a new access token when the old one expires, and cache it until then.", &[Rule::TA604]),
    ]);
    Recommendation {
        flow: Flow::ClientCredentials,
        authority: target.instance_authority(),
        client_type: ClientType::Confidential,
        pkce: None,
        refresh_tokens: false,
        app_type: AppType::Service,
        trusted_application: attrs,
        system_user: Some(target.system_user()),
        warnings,
        reasons,
    }
}

fn reference_token(answers: &Answers, target: &Target) -> Recommendation {
    let as_app = answers.acts_as == Some(ActsAs::App);
    let mut attrs = identity(
        target,
        &target.display_name("My automation"),
        AppType::Automation,
        ClientType::Confidential,
    );
    attrs.push(instance(target));
    if as_app {
        attrs.push(secret_hash());
        attrs.extend(service_access(target));
    }
    attrs.push(attr(
        "ReferenceTokens",
        text("AdministratorsOnly"),
        if as_app {
            "service access tokens are issued by administrators only (TA702)"
        } else {
            "administrators issue the personal access tokens; AuthenticatedUsers would let any user mint them (TA701)"
        },
    ));
    attrs.push(attr(
        "Scope",
        list(&["read"]),
        "the most a token may carry; choose the least per token (TA606)",
    ));
    let reasons = vec![
        if as_app {
            note(
                "The job cannot run an OAuth flow and acts as the application: a service access token (SAT), which runs as the System User.",
                &[Rule::TA702, Rule::TA501],
            )
        } else {
            note(
                "The job cannot run an OAuth flow and acts as a person: a personal access token (PAT), with that person's permissions.",
                &[Rule::TA401],
            )
        },
        note(
            "Reference tokens are opaque enrt_ tokens issued in ERP.net, not through an OAuth request.",
            &[Rule::CF102],
        ),
    ];
    let mut warnings = vec![
        note(
            "Treat reference tokens as passwords: keep them in a vault or CI secret store, never in a committed file.",
            &[Rule::CF102],
        ),
        note(
            "Give each token the smallest scope and a short expiry, and revoke it when unused.",
            &[],
        ),
    ];
    if as_app {
        warnings.push(note("The System User must be a dedicated, least-privilege user that is not an administrator.", &[Rule::TA502, Rule::TA506]));
    }
    Recommendation {
        flow: Flow::ReferenceToken,
        authority: target.instance_authority(),
        client_type: ClientType::Confidential,
        pkce: None,
        refresh_tokens: false,
        app_type: AppType::Automation,
        trusted_application: attrs,
        system_user: as_app.then(|| target.system_user()),
        warnings,
        reasons,
    }
}
