//! Organisation policies: a team's own requirements on top of ERP.net's rules, written as
//! `[[policy]]` tables in `trustlint.toml` or in a shared policy file given with
//! `--policy`. A policy names which apps it is about (`[policy.when]`) and what it
//! requires of them, one table per kind of requirement; the `PL` rules
//! (`src/rules/policy.rs`, `src/rules/policy_config.rs`) report what breaks a requirement.
//!
//! A policy only adds requirements. Nothing here turns an ERP.net rule off or lowers it:
//! that is what rule levels in `[rules]` do, and every run lists them.
//!
//! Names, help texts and links are text from a file: they reach output only through
//! findings and summary lines, which escape them like every other message.

mod explain;
mod load;

use schemars::JsonSchema;
use serde::Deserialize;

pub use explain::explain;
pub use load::{Entry, PolicyFile, read_entries};

use crate::model::{AppType, ClientType, Environment, ErpEnum, ReferenceTokens, TrustedApp};
pub use crate::rule::Level;
use crate::source::Span;

/// The policies shipped with trustlint, by the name `--policy builtin:NAME` takes. They
/// are also files of the repository, `rules/policies/`, for teams to copy and change.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "strict-baseline",
        include_str!("../../rules/policies/strict-baseline.toml"),
    ),
    (
        "development",
        include_str!("../../rules/policies/development.toml"),
    ),
];

/// The text of a shipped policy file.
pub fn builtin(name: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// A shared policy file: nothing but `[[policy]]` tables.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[schemars(deny_unknown_fields, title = "trustlint policy file (--policy FILE)")]
pub struct PolicyFileSchema {
    /// The policies of the file, each a `[[policy]]` table.
    #[serde(default)]
    pub policy: Vec<Policy>,
}

/// One `[[policy]]`: which apps it is about, and what it requires of them.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Policy {
    /// The policy's name, unique across the run: letters, digits, `.`, `_` and `-`.
    #[schemars(regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))]
    pub name: String,
    /// What the policy is for, in a sentence (shown by `trustlint policy explain`).
    pub description: Option<String>,
    /// How to put a violation right; shown as the help of every finding of the policy.
    pub help: Option<String>,
    /// A page that explains the policy (https), shown with the help.
    pub link: Option<String>,
    /// The severity of the policy's findings (default error). `[rules]` levels of the PL
    /// rules still apply on top.
    pub severity: Option<Level>,
    /// Which apps the policy is about; without it, every app.
    pub when: Option<Condition>,
    /// Requirements on `ImpersonateLoginUrl` and `ImpersonateLogoutUrl` (PL101).
    pub redirect_uris: Option<RedirectUris>,
    /// Requirements on `Scope` (PL102).
    pub scopes: Option<Scopes>,
    /// Requirements on the client type, Basic authentication and reference tokens (PL103).
    pub client: Option<Client>,
    /// Requirements on the client secret's rotation (PL104).
    pub secrets: Option<Secrets>,
    /// Requirements on the System User of apps with service access (PL105).
    pub service: Option<Service>,
    /// Requirements on naming and on attributes every registration carries (PL106).
    pub metadata: Option<Metadata>,
    /// Requirements on the app configs linked to the apps (PL201).
    pub configs: Option<Configs>,
}

/// `[policy.when]`: every condition given must hold; a list holds when any entry does.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Condition {
    /// The registration's `Environment` (the project's default when it names none).
    #[serde(default)]
    #[schemars(with = "Vec<Environment>")]
    pub environment: Vec<String>,
    /// The app type, declared (`AppType`) or inferred from the registration's flags.
    #[serde(default)]
    #[schemars(with = "Vec<AppType>")]
    pub app_type: Vec<String>,
    /// The client type (the model's default, Confidential, when none is written).
    #[serde(default)]
    #[schemars(with = "Vec<ClientType>")]
    pub client_type: Vec<String>,
    /// Globs of `ApplicationUri` (`com.example/*`); `*` matches any characters.
    #[serde(default)]
    pub application_uri: Vec<String>,
}

/// Where plain `http` redirect URIs are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Http {
    /// Never: every redirect URI is https (or a private-use scheme, if allowed).
    Never,
    /// Only to loopback hosts (127.0.0.0/8, [::1], localhost).
    Loopback,
    /// To loopback and private-network hosts (10/8, 172.16/12, 192.168/16, fc00::/7,
    /// `.local` and `.internal` names).
    PrivateNetworks,
    /// Anywhere (ERP.net's own rules on http still apply).
    Any,
}

/// `[policy.redirect-uris]`. Each key left out adds no requirement.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct RedirectUris {
    /// Hosts a redirect URI may name: `example.com` is that host, `*.example.com` any host
    /// below it (not `example.com` itself). Loopback addresses and private-use schemes are
    /// governed by their own keys.
    pub permitted_domains: Option<Vec<String>>,
    /// Where plain http is allowed.
    pub http: Option<Http>,
    /// Whether loopback IPv4 literals (`http://127.0.0.1:port/...`) are allowed.
    pub allow_loopback_ipv4: Option<bool>,
    /// Whether the loopback IPv6 literal (`http://[::1]:port/...`) is allowed.
    pub allow_loopback_ipv6: Option<bool>,
    /// Whether private-use schemes (`com.example.app:/callback`) are allowed.
    pub allow_private_use_schemes: Option<bool>,
    /// Whether a `*` may appear anywhere in a redirect URI.
    pub allow_wildcards: Option<bool>,
    /// Whether a redirect URI may carry a query string.
    pub allow_query: Option<bool>,
}

/// `[policy.scopes]`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Scopes {
    /// The only scopes the apps may hold.
    pub allowed: Option<Vec<String>>,
    /// Scopes the apps may never hold.
    #[serde(default)]
    pub forbidden: Vec<String>,
}

/// `[policy.client]`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Client {
    /// The client types the apps may have.
    #[schemars(with = "Option<Vec<ClientType>>")]
    pub client_types: Option<Vec<String>>,
    /// `false`: Basic authentication may not be allowed.
    pub basic_authentication: Option<bool>,
    /// The widest `ReferenceTokens` value allowed: `None`, then `AdministratorsOnly`, then
    /// `AuthenticatedUsers`.
    #[schemars(with = "Option<ReferenceTokens>")]
    pub max_reference_tokens: Option<String>,
}

/// `[policy.secrets]`, about apps that have a client secret (a secret hash, or the
/// Confidential client type).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Secrets {
    /// Days since `SecretRotatedOn` after which the secret must be rotated. Where the
    /// project's `secret-rotation-days` is stricter, TA305 applies it instead.
    #[schemars(range(min = 1))]
    pub max_age_days: Option<u32>,
    /// `true`: the definition records `SecretRotatedOn`.
    pub require_rotation_date: Option<bool>,
}

/// `[policy.service]`, about apps with service access (`SystemUserAllowed`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Service {
    /// The System User logins allowed, as globs (`svc.*`), compared without case.
    pub system_users: Option<Vec<String>>,
    /// A regular expression every System User login matches.
    pub login_pattern: Option<String>,
    /// `false`: a System User runs one app only.
    pub shared: Option<bool>,
}

/// `[policy.metadata]`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Metadata {
    /// A regular expression every `ApplicationUri` matches.
    pub application_uri_pattern: Option<String>,
    /// Attributes every registration writes, such as `Notes`, `Owner` or `Team`.
    #[serde(default)]
    pub required: Vec<String>,
}

/// `[policy.configs]`, about the app configs linked to the apps.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Configs {
    /// `false`: no config requests `offline_access`, on the back end either (CF212
    /// already reports it in front-end configs and public clients' configs).
    pub offline_access: Option<bool>,
    /// The only authorities configs may name (compared without a trailing `/`).
    pub authorities: Option<Vec<String>>,
    /// `true`: no config turns PKCE off (`disablePKCE`, `UsePkce = false`, the `plain`
    /// method, an implicit `response_type`).
    pub require_pkce: Option<bool>,
}

/// A policy read from its file, with what was compiled from it and where it is.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub policy: Policy,
    /// The file it came from, as shown (`trustlint.toml`, `../security/policy.toml`).
    pub origin: String,
    /// The span of its `name` in that file.
    pub span: Span,
    /// It came from a `--policy` file (a shared policy): the repository's own
    /// configuration cannot turn its findings off or suppress them.
    pub locked: bool,
    compiled: Compiled,
}

#[derive(Debug, Clone, Default)]
struct Compiled {
    environments: Vec<Environment>,
    app_types: Vec<AppType>,
    client_types: Vec<ClientType>,
    uri_globs: Vec<globset::GlobMatcher>,
    allowed_client_types: Vec<ClientType>,
    max_reference_tokens: Option<ReferenceTokens>,
    system_user_globs: Vec<(String, globset::GlobMatcher)>,
    login_pattern: Option<regex::Regex>,
    uri_pattern: Option<regex::Regex>,
}

/// How wide a `ReferenceTokens` value is: who may mint tokens for the app.
pub fn reference_tokens_rank(value: ReferenceTokens) -> u8 {
    match value {
        ReferenceTokens::None => 0,
        ReferenceTokens::AdministratorsOnly => 1,
        ReferenceTokens::AuthenticatedUsers => 2,
    }
}

impl Loaded {
    /// The policy's severity, as a finding's.
    pub fn severity(&self) -> crate::finding::Severity {
        self.policy
            .severity
            .and_then(Level::severity)
            .unwrap_or(crate::finding::Severity::Error)
    }

    /// Whether the policy is about an app.
    pub fn applies_to(&self, app: &TrustedApp) -> bool {
        let c = &self.compiled;
        (c.environments.is_empty() || c.environments.contains(&app.environment()))
            && (c.app_types.is_empty()
                || app
                    .kind()
                    .is_some_and(|k| c.app_types.contains(&k.app_type)))
            && (c.client_types.is_empty() || c.client_types.contains(&app.client_type()))
            && (c.uri_globs.is_empty()
                || app
                    .uri()
                    .is_some_and(|u| c.uri_globs.iter().any(|g| g.is_match(u))))
    }

    /// Whether the policy is about every app (no condition).
    pub fn applies_to_all(&self) -> bool {
        let c = &self.compiled;
        c.environments.is_empty()
            && c.app_types.is_empty()
            && c.client_types.is_empty()
            && c.uri_globs.is_empty()
    }

    /// The client types the policy allows, when it restricts them.
    pub fn allowed_client_types(&self) -> &[ClientType] {
        &self.compiled.allowed_client_types
    }

    pub fn max_reference_tokens(&self) -> Option<ReferenceTokens> {
        self.compiled.max_reference_tokens
    }

    /// Whether a System User login is one the policy allows by name (`None` when the
    /// policy names none).
    pub fn system_user_listed(&self, login: &str) -> Option<bool> {
        self.policy
            .service
            .as_ref()
            .and_then(|s| s.system_users.as_ref())?;
        let lower = login.to_lowercase();
        Some(
            self.compiled
                .system_user_globs
                .iter()
                .any(|(_, g)| g.is_match(&lower)),
        )
    }

    pub fn login_pattern(&self) -> Option<&regex::Regex> {
        self.compiled.login_pattern.as_ref()
    }

    pub fn uri_pattern(&self) -> Option<&regex::Regex> {
        self.compiled.uri_pattern.as_ref()
    }

    /// The help of a finding: the policy's own, with its link, or `default`.
    pub fn help(&self, default: &str) -> String {
        let help = self
            .policy
            .help
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or(default);
        match &self.policy.link {
            Some(link) => format!("{help} (see {link})"),
            None => help.to_string(),
        }
    }
}

/// Parses the names of an enumeration in a condition or requirement; the problems name
/// the right spelling.
fn enum_values<T: ErpEnum>(values: &[String], what: &str, problems: &mut Vec<String>) -> Vec<T> {
    let mut out = Vec::new();
    for v in values {
        match T::parse(v) {
            Some(t) => out.push(t),
            None => {
                let names = T::names();
                let hint = crate::suggest::did_you_mean(v, names.iter().copied());
                problems.push(match hint {
                    Some(h) => format!("`{v}` is not {what}: did you mean `{h}`?"),
                    None => format!("`{v}` is not {what}; use one of {}", names.join(", ")),
                });
            }
        }
    }
    out
}

/// A glob over text that is not a path: `*` matches any characters, `/` included.
fn text_glob(glob: &str, case_insensitive: bool) -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(glob)
        .literal_separator(false)
        .case_insensitive(case_insensitive)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("`{glob}` is not a valid glob: {}", e.kind()))
}

/// A regular expression from a policy, bounded in size like every pattern from a file.
fn pattern(text: &str) -> Result<regex::Regex, String> {
    regex::RegexBuilder::new(text)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| {
            let first = e.to_string();
            let last = first.lines().last().unwrap_or("").trim().to_string();
            format!("`{text}` is not a valid regular expression: {last}")
        })
}

/// Whether a domain pattern of `permitted-domains` is well formed: a host name, or
/// `*.` and a host name.
fn domain_problem(domain: &str) -> Option<String> {
    let host = domain.strip_prefix("*.").unwrap_or(domain);
    let fine = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    (!fine).then(|| {
        format!(
            "`{domain}` is not a domain: write a host name (`example.com`) or `*.` and a host name (`*.example.com`)"
        )
    })
}

/// Whether a host is permitted by a list of domain patterns.
pub fn domain_permitted(host: &str, domains: &[String]) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        match d.strip_prefix("*.") {
            Some(parent) => host.ends_with(&format!(".{parent}")),
            None => host == d,
        }
    })
}

/// Compiles and checks what a policy says; every problem is a sentence for the policy
/// file's finding.
fn compile(policy: &Policy) -> (Compiled, Vec<(&'static [&'static str], String)>) {
    let mut problems: Vec<(&'static [&'static str], String)> = Vec::new();
    let mut c = Compiled::default();
    if let Some(when) = &policy.when {
        c.environments = at(&["when", "environment"], &mut problems, |p| {
            enum_values(&when.environment, "an Environment", p)
        });
        c.app_types = at(&["when", "app-type"], &mut problems, |p| {
            enum_values(&when.app_type, "an app type", p)
        });
        c.client_types = at(&["when", "client-type"], &mut problems, |p| {
            enum_values(&when.client_type, "a client type", p)
        });
        for glob in &when.application_uri {
            match text_glob(glob, false) {
                Ok(g) => c.uri_globs.push(g),
                Err(e) => problems.push((&["when", "application-uri"], e)),
            }
        }
    }
    if let Some(r) = &policy.redirect_uris {
        for d in r.permitted_domains.iter().flatten() {
            problems.extend(
                domain_problem(d).map(|e| (&["redirect-uris", "permitted-domains"][..], e)),
            );
        }
    }
    if let Some(client) = &policy.client {
        if let Some(types) = &client.client_types {
            c.allowed_client_types = at(&["client", "client-types"], &mut problems, |p| {
                enum_values(types, "a client type", p)
            });
            if types.is_empty() {
                problems.push((
                    &["client", "client-types"],
                    "`client-types` is empty: no app could pass; name the client types allowed"
                        .to_string(),
                ));
            }
        }
        if let Some(max) = &client.max_reference_tokens {
            c.max_reference_tokens = at(&["client", "max-reference-tokens"], &mut problems, |p| {
                enum_values::<ReferenceTokens>(
                    std::slice::from_ref(max),
                    "a ReferenceTokens value",
                    p,
                )
            })
            .into_iter()
            .next();
        }
    }
    if let Some(service) = &policy.service {
        for glob in service.system_users.iter().flatten() {
            match text_glob(&glob.to_lowercase(), true) {
                Ok(g) => c.system_user_globs.push((glob.clone(), g)),
                Err(e) => problems.push((&["service", "system-users"], e)),
            }
        }
        if let Some(p) = &service.login_pattern {
            match pattern(p) {
                Ok(r) => c.login_pattern = Some(r),
                Err(e) => problems.push((&["service", "login-pattern"], e)),
            }
        }
    }
    if let Some(meta) = &policy.metadata {
        if let Some(p) = &meta.application_uri_pattern {
            match pattern(p) {
                Ok(r) => c.uri_pattern = Some(r),
                Err(e) => problems.push((&["metadata", "application-uri-pattern"], e)),
            }
        }
        for attr in &meta.required {
            if crate::model::Attribute::named(attr).is_none() {
                let hint = crate::suggest::did_you_mean(attr, crate::model::Attribute::names());
                problems.push((
                    &["metadata", "required"],
                    match hint {
                        Some(h) => format!("`{attr}` is not an attribute: did you mean `{h}`?"),
                        None => format!("`{attr}` is not an attribute of a Trusted Application"),
                    },
                ));
            }
        }
    }
    if let Some(secrets) = &policy.secrets
        && secrets.max_age_days == Some(0)
    {
        problems.push((
            &["secrets", "max-age-days"],
            "`max-age-days` is 0: no secret could pass; give a number of days".into(),
        ));
    }
    if let Some(link) = &policy.link {
        let fine = url::Url::parse(link).is_ok_and(|u| u.scheme() == "https");
        if !fine {
            problems.push((&["link"], format!("`link` is not an https URL: `{link}`")));
        }
    }
    if let Some(Level::Off) = policy.severity {
        problems.push((
            &["severity"],
            "a policy's severity is error, warning or info; to stop applying a policy, remove it (the run lists the policies it applies)"
                .to_string(),
        ));
    }
    let requires_something = policy.redirect_uris.is_some()
        || policy.scopes.is_some()
        || policy.client.is_some()
        || policy.secrets.is_some()
        || policy.service.is_some()
        || policy.metadata.is_some()
        || policy.configs.is_some();
    if !requires_something {
        problems.push((
            &[],
            format!(
                "policy `{}` requires nothing: add a table such as [policy.redirect-uris] or [policy.scopes]",
                policy.name
            ),
        ));
    }
    (c, problems)
}

/// Runs a check whose problems are about one key, and files them under it.
fn at<T>(
    key: &'static [&'static str],
    problems: &mut Vec<(&'static [&'static str], String)>,
    check: impl FnOnce(&mut Vec<String>) -> T,
) -> T {
    let mut found = Vec::new();
    let out = check(&mut found);
    problems.extend(found.into_iter().map(|p| (key, p)));
    out
}

/// Whether a policy name is well formed.
fn name_problem(name: &str) -> Option<String> {
    let fine = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    (!fine).then(|| {
        "a policy's name is 1 to 64 letters, digits, `.`, `_` or `-`, starting with a letter or digit"
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_match_the_host_or_below_it() {
        let d = vec!["example.com".to_string(), "*.corp.example".to_string()];
        assert!(domain_permitted("example.com", &d));
        assert!(domain_permitted("EXAMPLE.com.", &d));
        assert!(!domain_permitted("app.example.com", &d));
        assert!(domain_permitted("a.b.corp.example", &d));
        assert!(!domain_permitted("corp.example", &d));
        assert!(!domain_permitted("evilcorp.example", &d));
        assert!(domain_problem("*.example.com").is_none());
        assert!(domain_problem("https://example.com").is_some());
        assert!(domain_problem("*example.com").is_some());
    }
}
