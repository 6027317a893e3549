//! App configs: the settings files of the apps that use a Trusted Application (`.env`,
//! `appsettings.json`, OIDC client settings, YAML/TOML configs, JS/TS config modules). Each
//! is read into the same span-keeping tree as a definition, flattened into settings, and
//! given a side (front end or back end) and, when it names one, its Trusted Application.

pub mod env;
pub mod script;
pub mod side;
pub mod vocabulary;

use std::path::Path;

use crate::formats::{self, ParseError};
use crate::model::Environment;
use crate::source::Span;
use crate::tree::{Kind, Node};

pub use side::{Side, SideOracle};

/// How a config file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigFormat {
    Env,
    Json,
    Yaml,
    Toml,
    Script,
    /// A code file that configures an OAuth client (found by its content, not its name),
    /// read by the scanner for its language.
    Code(script::Syntax),
    /// Any other text file of the run, read only for secrets whose shape gives them away
    /// (reference tokens, JWTs, private keys): it holds no settings.
    Text,
}

impl ConfigFormat {
    pub fn name(self) -> &'static str {
        match self {
            ConfigFormat::Env => ".env",
            ConfigFormat::Json => "JSON",
            ConfigFormat::Yaml => "YAML",
            ConfigFormat::Toml => "TOML",
            ConfigFormat::Script => "JavaScript/TypeScript",
            ConfigFormat::Code(syntax) => syntax.name(),
            ConfigFormat::Text => "text",
        }
    }

    /// The format of a file by its name or extension: a data format, a language's code
    /// scanner, or (anything else) `KEY=value`.
    pub fn of(path: &Path) -> ConfigFormat {
        let name = file_name(path);
        if is_env_name(&name) {
            return ConfigFormat::Env;
        }
        match name.rsplit_once('.').map(|(_, e)| e) {
            Some("json" | "jsonc") => ConfigFormat::Json,
            Some("yaml" | "yml") => ConfigFormat::Yaml,
            Some("toml") => ConfigFormat::Toml,
            Some("js" | "ts" | "mjs" | "cjs" | "mts" | "cts" | "jsx" | "tsx") => {
                ConfigFormat::Script
            }
            // Code (C#, Python, a page, a `Web.config`) is read by its language's scanner,
            // as it is when found by its content.
            Some(ext) if script::Syntax::of_extension(ext).is_some() => {
                script::Syntax::of_extension(ext).map_or(ConfigFormat::Env, ConfigFormat::Code)
            }
            _ => ConfigFormat::Env,
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_env_name(name: &str) -> bool {
    name == ".env" || name.starts_with(".env.")
}

/// Whether a file is an app config by its name: `.env` and `.env.*`; `appsettings*.json`;
/// JSON, YAML and TOML files named for OIDC or auth settings (`oidc*.json`,
/// `auth.config.yaml`, `authsettings.toml`, ...); and the JS/TS modules `environment*.ts`,
/// `oidc*.{js,ts}` and `auth*.config.{js,ts}`.
pub fn is_config_name(path: &Path) -> bool {
    let name = file_name(path);
    if is_env_name(&name) {
        return true;
    }
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    let data = matches!(ext, "json" | "jsonc" | "yaml" | "yml" | "toml");
    let script = matches!(ext, "js" | "ts" | "mjs" | "cjs" | "mts" | "cts");
    let auth_like = stem == "auth"
        || stem.starts_with("auth.")
        || stem.starts_with("auth-")
        || stem.starts_with("auth_")
        || stem.starts_with("authsettings")
        || stem.starts_with("authconfig");
    (data && (stem.starts_with("appsettings") || stem.contains("oidc") || auth_like))
        || (ext == "ts" && stem.starts_with("environment"))
        || (script
            && (stem.starts_with("oidc")
                || (stem.starts_with("auth") && stem.ends_with(".config"))
                // MSAL's samples keep their client settings in `authConfig.js`.
                || matches!(stem, "authconfig" | "auth-config" | "auth_config" | "msalconfig")))
}

/// Whether a code file configures an OAuth client: it sets a client id or secret to a
/// literal next to an authority, a redirect URI or a scope, or names an ERP.net authority.
/// Library code that only names the options, and code that reads every value from the
/// environment, does not.
pub fn configures_a_client(settings: &[Setting]) -> bool {
    // A label ("Client ID", "Redirect URI") in a translation file is no value: a client id
    // or secret has no space in it, an authority or redirect URI is a URL, a scope names
    // one ERP.net documents.
    let word = |s: &Setting| {
        s.as_str()
            .is_some_and(|v| !v.trim().is_empty() && !v.trim().contains(char::is_whitespace))
    };
    let url = |s: &Setting| s.as_str().is_some_and(|v| v.contains("://"));
    let scope = |s: &Setting| {
        s.as_str().is_some_and(|v| {
            v.split([' ', ',']).any(|w| {
                ["openid", "read", "update", "profile", "offline_access"].contains(&w.trim())
            })
        })
    };
    let client = settings
        .iter()
        .any(|s| matches!(s.role(), Some(Role::ClientId | Role::ClientSecret)) && word(s));
    let context = settings.iter().any(|s| match s.role() {
        Some(Role::Authority | Role::Endpoint | Role::RedirectUri) => url(s),
        Some(Role::Scope) => scope(s),
        _ => false,
    });
    let erp_authority = settings.iter().any(Setting::points_at_erpnet);
    // A client id beside a literal client secret is a client's configuration wherever the
    // authority is set (`launchSettings.json`, a Kubernetes Secret, a module of constants).
    let literal_secret = |s: &Setting| {
        word(s)
            && s.as_str()
                .is_some_and(|v| !crate::secrets::detectors().is_placeholder(v))
    };
    let pair = settings
        .iter()
        .any(|s| s.role() == Some(Role::ClientId) && word(s))
        && settings
            .iter()
            .any(|s| s.role() == Some(Role::ClientSecret) && literal_secret(s));
    // A literal client id or secret passed to ERP.net's own client is that client's, even
    // when the instance's address and the other arguments are variables
    // (`new ErpNetServiceClient(uri, appId, "secret")`).
    let erp_client = settings.iter().any(|s| {
        let literal = match s.role() {
            Some(Role::ClientId) => word(s),
            Some(Role::ClientSecret) => literal_secret(s),
            _ => false,
        };
        literal
            && s.key().split_once('.').is_some_and(|(name, _)| {
                vocabulary::vocabulary()
                    .constructor(name)
                    .is_some_and(|c| c.erpnet)
            })
    });
    (client && context) || erp_authority || pair || erp_client
}

/// The environment a config file's name points at: `.env.production`,
/// `appsettings.Development.json`, `environment.prod.ts`.
pub fn environment_hint(path: &Path) -> Option<Environment> {
    let name = file_name(path);
    let words: Vec<&str> = name.split(['.', '-', '_']).collect();
    let has = |w: &[&str]| words.iter().any(|x| w.contains(x));
    if has(&["production", "prod"]) {
        Some(Environment::Production)
    } else if has(&["staging", "stage"]) {
        Some(Environment::Staging)
    } else if has(&["development", "dev", "local"]) {
        Some(Environment::Development)
    } else {
        None
    }
}

/// Parses a config into a tree. JSON configs may carry comments and trailing commas, as
/// .NET's `appsettings.json` does.
pub fn parse(format: ConfigFormat, text: &str) -> Result<Node, ParseError> {
    parse_limited(format, text, &formats::Limits::default())
}

pub fn parse_limited(
    format: ConfigFormat,
    text: &str,
    limits: &formats::Limits,
) -> Result<Node, ParseError> {
    match format {
        ConfigFormat::Env => Ok(env::parse(text)),
        ConfigFormat::Script => Ok(script::parse(text)),
        ConfigFormat::Code(syntax) => Ok(script::parse_code(syntax, text)),
        ConfigFormat::Json => formats::json::parse_relaxed(text)
            .map_err(|e| formats::explain(formats::Format::Json, text, e)),
        ConfigFormat::Yaml => formats::yaml::parse_limited(text, limits)
            .map_err(|e| formats::explain(formats::Format::Yaml, text, e)),
        ConfigFormat::Toml => {
            formats::toml::parse(text).map_err(|e| formats::explain(formats::Format::Toml, text, e))
        }
        // No settings: the scan step reads the text itself.
        ConfigFormat::Text => Ok(Node::new(Kind::Map(Vec::new()), Span::new(0, 0))),
    }
}

/// A setting's value, when it is one trustlint reads.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingValue {
    Str(String),
    Bool(bool),
}

/// One leaf of a config: its full key path, its own key and the value, with spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The keys from the root, joined with `:` as .NET does (`Authentication:OpenIdConnect:ClientId`).
    pub path: String,
    /// Where the last key on the path is in `path` (a run keeps hundreds of thousands of
    /// settings: the key is not copied); see [`Setting::key`].
    key: (u32, u32),
    pub value: SettingValue,
    pub span: Span,
    /// What the setting is for, worked out once from its key and path (rules ask for it
    /// many times).
    role: Option<Role>,
}

impl Setting {
    /// The last key on the path (the key of the list, for a list's item).
    pub fn key(&self) -> &str {
        self.path
            .get(self.key.0 as usize..self.key.1 as usize)
            .unwrap_or("")
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            SettingValue::Str(s) => Some(s),
            SettingValue::Bool(_) => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match &self.value {
            SettingValue::Bool(b) => Some(*b),
            SettingValue::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
        }
    }

    /// What the setting is for, by its key and path (`rules/vocabulary.toml`).
    pub fn role(&self) -> Option<Role> {
        self.role
    }

    /// The role of a setting with this key and path (`rules/vocabulary.toml`).
    fn role_of(key: &str, path: &str) -> Option<Role> {
        vocabulary::vocabulary().role_of(key, path)
    }

    /// Whether the setting points at ERP.net: an authority or endpoint on an erp.net host.
    pub fn points_at_erpnet(&self) -> bool {
        matches!(self.role(), Some(Role::Authority | Role::Endpoint))
            && self.as_str().is_some_and(is_erpnet_url)
    }
}

/// Flattens a tree into its string and boolean leaves.
pub fn settings(root: &Node) -> Vec<Setting> {
    let mut out = Vec::new();
    flatten(root, "", (0, 0), &mut out);
    out
}

/// The most characters of one key in a setting's path: every setting copies its path, and
/// 20 levels of 100 KB keys above 4,000 settings would otherwise take gigabytes.
const MAX_PATH_KEY_CHARS: usize = 256;

/// A key as a setting's path holds it: cut to [`MAX_PATH_KEY_CHARS`] characters.
fn path_key(key: &str) -> &str {
    match key.char_indices().nth(MAX_PATH_KEY_CHARS) {
        Some((at, _)) => &key[..at],
        None => key,
    }
}

/// Flattens `node` below `path`; `key` is where the last key is in `path` (for a list's
/// items, the list's key).
fn flatten(node: &Node, path: &str, key: (usize, usize), out: &mut Vec<Setting>) {
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                let k = path_key(&e.key);
                let child = if path.is_empty() {
                    k.to_string()
                } else {
                    format!("{path}:{k}")
                };
                let key = (child.len() - k.len(), child.len());
                flatten(&e.value, &child, key, out);
            }
        }
        Kind::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                flatten(item, &format!("{path}:{i}"), key, out);
            }
        }
        Kind::Str(s) => push(out, path, key, node, SettingValue::Str(s.clone())),
        Kind::Bool(b) => push(out, path, key, node, SettingValue::Bool(*b)),
        Kind::Null | Kind::Int(_) | Kind::Float(_) => {}
    }
}

fn push(out: &mut Vec<Setting>, path: &str, key: (usize, usize), node: &Node, value: SettingValue) {
    let role = Setting::role_of(&path[key.0..key.1], path);
    out.push(Setting {
        path: path.to_string(),
        key: (key.0 as u32, key.1 as u32),
        value,
        span: node.span,
        role,
    });
}

/// What an OIDC setting is for, whatever the library calls it. The names of each are data:
/// `rules/vocabulary.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    ClientId,
    ClientSecret,
    Authority,
    /// The authorization or token endpoint, configured by hand.
    Endpoint,
    RedirectUri,
    PostLogoutRedirectUri,
    Scope,
    ResponseType,
    /// `disablePKCE` (oidc-client-ts): true turns PKCE off.
    DisablePkce,
    /// `UsePkce` (.NET): false turns PKCE off.
    UsePkce,
    CodeChallengeMethod,
}

impl Role {
    /// The role of a key. The key is reduced to its name: a build tool's public prefix
    /// (`VITE_`, ...) and qualifiers such as `OIDC_`, `AUTH_` or `ERP_` are dropped, and
    /// separators and case are ignored; what is left must be one of the names OIDC
    /// libraries use. So `VITE_OIDC_CLIENT_ID`, `client_id`, `clientId` and `ClientId` are
    /// all the client id, while `STRIPE_CALLBACK_URL` is nothing.
    pub fn of(key: &str) -> Option<Role> {
        vocabulary::vocabulary().role_of_name(key)
    }
}

/// The host of the global ERP.net ID, which signs users in and issues no tokens for an
/// instance's APIs.
pub const GLOBAL_ERPNET_ID_HOST: &str = "id.erp.net";

/// Whether an authority is the global ERP.net ID (`https://id.erp.net/id`).
pub fn is_global_erpnet_id(value: &str) -> bool {
    url::Url::parse(value.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .is_some_and(|h| h == GLOBAL_ERPNET_ID_HOST)
}

/// Whether a URL's host is erp.net or one of its subdomains.
pub fn is_erpnet_url(value: &str) -> bool {
    // Most values name no host of erp.net at all. Only a percent sign, a tab or a line break
    // (which the URL parser drops) or a character beyond ASCII (which IDNA may map to an
    // ASCII letter) could make a host of `erp.net` out of text that does not hold it; any
    // other text without `erp` is dismissed without parsing.
    if value.is_ascii()
        && !value
            .bytes()
            .any(|b| matches!(b, b'%' | b'\t' | b'\n' | b'\r'))
        && !value
            .as_bytes()
            .windows(3)
            .any(|w| w.eq_ignore_ascii_case(b"erp"))
    {
        return false;
    }
    url::Url::parse(value.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .is_some_and(|h| h == "erp.net" || h.ends_with(".erp.net"))
}

/// The section a setting belongs to: its path without the last key
/// (`Authentication:OpenIdConnect` for `Authentication:OpenIdConnect:ClientId`).
///
/// Spring Security splits one client over two sections, `registration:<id>` (client id,
/// secret, scopes) and `provider:<id>` (issuer or endpoints); both are one section here.
pub fn section(path: &str) -> std::borrow::Cow<'_, str> {
    let section = path.rsplit_once(':').map_or("", |(s, _)| s);
    let mut parts = section.rsplitn(3, ':');
    if let (Some(id), Some("registration" | "provider"), Some(above)) =
        (parts.next(), parts.next(), parts.next())
        && above.ends_with("oauth2:client")
    {
        return format!("{above}:*:{id}").into();
    }
    section.into()
}

/// One config file that was read, with what trustlint made of it.
#[derive(Debug)]
pub struct AppConfig {
    /// Index of the file in the run's sources.
    pub file: usize,
    pub format: ConfigFormat,
    pub settings: Vec<Setting>,
    /// The side of the file as a whole; `.env` keys with a public prefix are front end
    /// even in a back-end file (see [`AppConfig::side_of`]).
    pub side: Side,
    pub environment: Option<Environment>,
    /// The Trusted Application this config belongs to, as an index into the run's apps.
    pub app: Option<usize>,
    /// Whether the link was declared in the definition (`Configs:`) rather than found by
    /// `client_id`.
    pub linked_explicitly: bool,
    /// Env-variable prefixes the project's configuration adds to the built-in ones.
    pub public_prefixes: Vec<String>,
    /// The sections whose authority or endpoint is on an erp.net host, found once (rules
    /// ask [`AppConfig::is_erpnet_setting`] for each setting).
    pub erpnet_sections: std::sync::OnceLock<Vec<String>>,
}

impl AppConfig {
    /// Whether the config talks to ERP.net: one of its authorities or endpoints is an
    /// erp.net host.
    pub fn points_at_erpnet(&self) -> bool {
        self.settings.iter().any(Setting::points_at_erpnet)
    }

    pub fn with_role(&self, role: Role) -> impl Iterator<Item = &Setting> {
        self.settings.iter().filter(move |s| s.role() == Some(role))
    }

    pub fn first(&self, role: Role) -> Option<&Setting> {
        self.with_role(role).next()
    }

    /// Whether a setting belongs to the part of the file that configures ERP.net: the
    /// sections with an erp.net authority or the app's client id. A file with no such
    /// section (a flat `.env`) is ERP.net's throughout.
    pub fn is_erpnet_setting(&self, setting: &Setting, app_uri: Option<&str>) -> bool {
        let by_address = self.erpnet_sections.get_or_init(|| {
            self.settings
                .iter()
                .filter(|s| s.points_at_erpnet())
                .map(|s| section(&s.path).into_owned())
                .collect()
        });
        let by_client_id = self.settings.iter().filter(|s| {
            s.role() == Some(Role::ClientId)
                && app_uri.is_some()
                && s.as_str().map(str::trim) == app_uri
        });
        let own = section(&setting.path);
        let mut any = !by_address.is_empty();
        if by_address.iter().any(|s| *s == own) {
            return true;
        }
        for s in by_client_id {
            any = true;
            if section(&s.path) == own {
                return true;
            }
        }
        !any
    }

    /// The side of one setting: the file's, unless the file is a `.env` whose key carries
    /// a prefix that a front-end build tool inlines into the bundle.
    pub fn side_of(&self, setting: &Setting) -> Side {
        if self.side.is_frontend() {
            return self.side.clone();
        }
        if self.format == ConfigFormat::Env {
            if let Some(reason) = side::public_prefix_reason(setting.key()) {
                return Side::Frontend(reason);
            }
            if let Some(prefix) = self
                .public_prefixes
                .iter()
                .find(|p| setting.key().starts_with(p.as_str()))
            {
                return Side::Frontend(format!(
                    "`{prefix}` variables reach the browser bundle (public-env-prefixes in trustlint.toml)"
                ));
            }
        }
        self.side.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erpnet_host_is_known_however_it_is_written() {
        for yes in [
            "https://acme.my.erp.net/id",
            "https://ERP.NET",
            " https://Acme.Erp.Net:443/ ",
            // What the URL parser turns into erp.net: percent escapes, a tab it drops,
            // full-width letters and an ideographic full stop that IDNA maps.
            "https://acme.%65rp.net/",
            "https://acme.e\trp.net/",
            "https://acme.\u{ff45}\u{ff52}\u{ff50}.net/",
            "https://acme.erp\u{3002}net/",
        ] {
            assert!(is_erpnet_url(yes), "{yes:?}");
        }
        for no in [
            "https://example.com/erp.net",
            "https://erp.network",
            "https://notarperp.example",
            "com.example/portal",
            "",
        ] {
            assert!(!is_erpnet_url(no), "{no:?}");
        }
    }

    #[test]
    fn config_names() {
        for yes in [
            ".env",
            ".env.production",
            "appsettings.json",
            "appsettings.Development.json",
            "oidc-config.json",
            "auth.config.ts",
            "oidc.ts",
            "environment.prod.ts",
            "authsettings.yaml",
            "authConfig.js",
            "auth-config.ts",
        ] {
            assert!(is_config_name(Path::new(yes)), "{yes}");
        }
        for no in [
            "package.json",
            ".envrc",
            "author.json",
            "environment.js",
            "auth.ts",
            "settings.json",
        ] {
            assert!(!is_config_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn roles_by_any_spelling() {
        assert_eq!(Role::of("VITE_OIDC_CLIENT_ID"), Some(Role::ClientId));
        assert_eq!(
            Role::of("post_logout_redirect_uri"),
            Some(Role::PostLogoutRedirectUri)
        );
        assert_eq!(Role::of("redirectUri"), Some(Role::RedirectUri));
        assert_eq!(Role::of("ClientSecret"), Some(Role::ClientSecret));
        assert_eq!(Role::of("disablePKCE"), Some(Role::DisablePkce));
        assert_eq!(Role::of("description"), None);
        assert_eq!(Role::of("ERP_SCOPE"), Some(Role::Scope));
        assert_eq!(Role::of("STRIPE_CALLBACK_URL"), None);
        assert_eq!(Role::of("AFTER_LOGIN_REDIRECT_URL"), None);
        assert_eq!(Role::of("SignedOutRedirectUri"), None);
        assert_eq!(Role::of("metadataUrl"), Some(Role::Authority));
        assert_eq!(Role::of("VITE_OIDC_AUTHORITY"), Some(Role::Authority));
        assert_eq!(Role::of("AuthScope"), Some(Role::Scope));
    }

    #[test]
    fn environment_from_the_file_name() {
        assert_eq!(
            environment_hint(Path::new(".env.production")),
            Some(Environment::Production)
        );
        assert_eq!(
            environment_hint(Path::new("appsettings.Development.json")),
            Some(Environment::Development)
        );
        assert_eq!(environment_hint(Path::new("appsettings.json")), None);
    }

    #[test]
    fn settings_carry_their_path_and_spans() {
        let text = r#"{ "Authentication": { "OpenIdConnect": { "ClientId": "com.example/web", "UsePkce": true } } }"#;
        let root = parse(ConfigFormat::Json, text).unwrap();
        let s = settings(&root);
        assert_eq!(s[0].path, "Authentication:OpenIdConnect:ClientId");
        assert_eq!(s[0].role(), Some(Role::ClientId));
        assert_eq!(&text[s[0].span.start..s[0].span.end], "\"com.example/web\"");
        assert_eq!(s[1].as_bool(), Some(true));
    }
}
