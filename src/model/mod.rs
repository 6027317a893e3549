//! The typed model of Trusted Application definitions. Every attribute keeps the span of
//! the value it came from; the definition schema in `schemas/` is generated from these
//! types (by [`crate::schema`]).

mod attributes;
mod build;
mod enums;
pub mod grants;
mod kind;
mod placeholder;

pub use attributes::{AttrKind, Attribute, UserAttribute};
pub use build::{
    load_definition, prune_grant_export, read_export, reread_export, slim_grant_export,
};
pub use enums::{
    AppType, ClientType, DeclaredSide, Environment, ErpEnum, ReferenceTokens, UserType,
};
pub use grants::{AccessToken, GrantType, TrustedAppAuthorization};
pub use kind::{AppKind, is_loopback};
pub use placeholder::placeholder_form;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::date::Date;
use crate::source::Span;

/// A value and the span of the text it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The schema of a spanned value is the schema of the value: spans are not part of the
/// file format.
impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// Where an app or a user sits in the run: the file (an index into the run's sources) and
/// the span of the mapping that defines it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Origin {
    pub file: usize,
    pub span: Span,
}

/// One Trusted Application record, in ERP.net's Domain API spelling.
#[derive(Debug, Clone, Default, JsonSchema)]
#[serde(rename_all = "PascalCase")]
#[schemars(
    title = "Trusted Application",
    description = "One ERP.net Trusted Application record (Systems.Security.TrustedApplications), in the Domain API spelling. Other ERP.net attributes (Id, CreationTimeUtc, @odata.*, ...) are accepted and ignored."
)]
pub struct TrustedApp {
    /// The app's identifier, sent as the OAuth `client_id`; must match exactly.
    #[schemars(length(max = 254))]
    pub application_uri: Option<Spanned<String>>,
    /// Display name.
    pub name: Option<Spanned<String>>,
    /// RFC 6749 client type. The model default is `Confidential`.
    pub client_type: Option<Spanned<ClientType>>,
    /// Base64(SHA-256(secret)): 44 characters of standard Base64. Never the secret itself.
    pub application_secret_hash: Option<Spanned<String>>,
    /// Lets internal users sign in through the app (Authorization Code).
    pub impersonate_as_internal_user_allowed: Option<Spanned<bool>>,
    /// Lets external (community) users sign in through the app.
    pub impersonate_as_community_user_allowed: Option<Spanned<bool>>,
    /// Login redirect URIs (`redirect_uri`): a list, or the comma-separated string the instance stores (at most 500 characters).
    pub impersonate_login_url: Option<UriList>,
    /// Post-logout redirect URIs (`post_logout_redirect_uri`): a list, or the comma-separated string.
    pub impersonate_logout_url: Option<UriList>,
    /// The most the app may request: a list, or the space-separated string. Case-sensitive.
    pub scope: Option<ScopeList>,
    /// Lets the app log on as a service (Client Credentials and service access tokens).
    pub system_user_allowed: Option<Spanned<bool>>,
    /// The user service sessions run as: a login, a Domain API reference or an expanded user.
    pub system_user: Option<Spanned<UserRef>>,
    /// Who may issue reference tokens (PAT/SAT). Older instances call it `AccessTokens`.
    #[serde(alias = "AccessTokens")]
    pub reference_tokens: Option<Spanned<ReferenceTokens>>,
    /// Legacy user-and-password login through this app.
    pub basic_authentication_allowed: Option<Spanned<bool>>,
    /// Turns login through this app on or off. The model default is `true`.
    pub is_enabled: Option<Spanned<bool>>,
    /// Free text.
    pub notes: Option<Spanned<String>>,
    /// trustlint's own key: the kind of app, as the flow chooser answers it.
    pub app_type: Option<Spanned<AppType>>,
    /// trustlint's own key: when the client secret was last rotated (YYYY-MM-DD).
    pub secret_rotated_on: Option<Spanned<Date>>,
    /// trustlint's own key: the environment this registration is for. Default `Production`.
    pub environment: Option<Spanned<Environment>>,
    /// trustlint's own key: the ERP.net instance this registration lives in (`acme`, or
    /// `https://acme.my.erp.net`); app configs must use its authority.
    pub instance: Option<Spanned<String>>,
    /// trustlint's own key: the app's config files, as globs relative to this definition's
    /// folder, and which side each runs on when trustlint cannot tell.
    pub configs: Option<Vec<ConfigLink>>,
    /// trustlint's own key: who answers for the app (a person or a mailbox), for
    /// organisation policies that require one.
    pub owner: Option<Spanned<String>>,
    /// trustlint's own key: the team that owns the app.
    pub team: Option<Spanned<String>>,
    #[schemars(skip)]
    pub origin: Origin,
    /// The record's guid (`Id` or `@odata.id`), lower-cased, when an export gives it.
    #[schemars(skip)]
    pub id: Option<String>,
    /// Spans of the attribute keys as written, by canonical attribute name.
    #[schemars(skip)]
    pub keys: Vec<(Attribute, Span)>,
    /// The Environment of a registration that does not name one (the project's default).
    #[schemars(skip)]
    pub default_environment: Environment,
    /// Attributes that were written but could not be read (already reported as TA105);
    /// rules do not report them again as missing.
    #[schemars(skip)]
    pub unreadable: Vec<Attribute>,
}

impl TrustedApp {
    pub fn uri(&self) -> Option<&str> {
        self.application_uri
            .as_ref()
            .map(|u| u.value.as_str())
            .filter(|u| !u.trim().is_empty())
    }

    /// The span of an attribute's key, when the attribute was written.
    pub fn key_span(&self, attribute: Attribute) -> Option<Span> {
        self.keys
            .iter()
            .find(|(written, _)| *written == attribute)
            .map(|(_, span)| *span)
    }

    /// Whether the attribute was written with a value that could not be read.
    pub fn is_unreadable(&self, attribute: Attribute) -> bool {
        self.unreadable.contains(&attribute)
    }

    pub fn client_type(&self) -> ClientType {
        self.client_type
            .as_ref()
            .map_or(ClientType::Confidential, |c| c.value)
    }

    pub fn environment(&self) -> Environment {
        self.environment
            .as_ref()
            .map_or(self.default_environment, |e| e.value)
    }

    pub fn reference_tokens(&self) -> ReferenceTokens {
        self.reference_tokens
            .as_ref()
            .map_or(ReferenceTokens::None, |r| r.value)
    }

    pub fn app_type(&self) -> Option<AppType> {
        self.app_type.as_ref().map(|a| a.value)
    }

    pub fn is_enabled(&self) -> bool {
        flag(&self.is_enabled, true)
    }
    pub fn internal_users(&self) -> bool {
        flag(&self.impersonate_as_internal_user_allowed, false)
    }
    pub fn community_users(&self) -> bool {
        flag(&self.impersonate_as_community_user_allowed, false)
    }
    /// Whether any user sign-in (impersonation) is allowed.
    pub fn interactive(&self) -> bool {
        self.internal_users() || self.community_users()
    }
    /// The first impersonation flag that is on, to point at when sign-in matters.
    pub fn sign_in_flag(&self) -> Option<&Spanned<bool>> {
        [
            &self.impersonate_as_internal_user_allowed,
            &self.impersonate_as_community_user_allowed,
        ]
        .into_iter()
        .flatten()
        .find(|f| f.value)
    }
    pub fn service_access(&self) -> bool {
        flag(&self.system_user_allowed, false)
    }
    pub fn basic_auth(&self) -> bool {
        flag(&self.basic_authentication_allowed, false)
    }
    pub fn has_secret_hash(&self) -> bool {
        self.application_secret_hash
            .as_ref()
            .is_some_and(|h| !h.value.trim().is_empty())
    }
    pub fn login_urls(&self) -> &[Spanned<String>] {
        self.impersonate_login_url
            .as_ref()
            .map_or(&[], |l| l.entries.as_slice())
    }
    pub fn logout_urls(&self) -> &[Spanned<String>] {
        self.impersonate_logout_url
            .as_ref()
            .map_or(&[], |l| l.entries.as_slice())
    }
    pub fn scopes(&self) -> &[Spanned<String>] {
        self.scope.as_ref().map_or(&[], |s| s.entries.as_slice())
    }
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().iter().any(|s| s.value == scope)
    }
    /// The span to point at for a finding about the app as a whole: its `ApplicationUri`
    /// value when it has one, else the start of its mapping.
    pub fn anchor(&self) -> Span {
        self.application_uri
            .as_ref()
            .map_or(self.origin.span, |u| u.span)
    }
}

fn flag(value: &Option<Spanned<bool>>, default: bool) -> bool {
    value.as_ref().map_or(default, |v| v.value)
}

/// A config file (or glob of files) that belongs to an app.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[serde(rename_all = "PascalCase")]
pub struct ConfigLink {
    /// A glob relative to the definition's folder, e.g. `web/.env.production` or `api/appsettings*.json`.
    pub path: Spanned<String>,
    /// Overrides trustlint's guess of where the config runs.
    pub side: Option<Spanned<DeclaredSide>>,
}

impl TrustedApp {
    /// The instance name: `acme` for `acme`, `https://acme.my.erp.net` or `acme.my.erp.net`.
    pub fn instance_name(&self) -> Option<String> {
        let raw = self.instance.as_ref()?.value.trim().to_ascii_lowercase();
        let host = raw.split("://").last().unwrap_or(&raw);
        let host = host.split(['/', ':']).next().unwrap_or(host);
        let name = host.strip_suffix(".my.erp.net").unwrap_or(host);
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// A list of redirect URIs as the instance stores them: one comma-separated string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UriList {
    /// Each entry, trimmed of nothing: whitespace is a finding, so it is kept.
    pub entries: Vec<Spanned<String>>,
    /// The length of the comma-joined list, as it would be stored in the 500-character column.
    pub stored_len: usize,
    pub span: Span,
    /// The spaces that follow a comma in the string form (`a, b`), which are not part of
    /// the entry after them.
    pub spaces_after_commas: Vec<Span>,
}

impl JsonSchema for UriList {
    fn schema_name() -> Cow<'static, str> {
        "UriList".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Redirect URIs: a list of absolute URIs, or one comma-separated string as the instance stores it (at most 500 characters).",
            "anyOf": [
                { "type": "array", "items": { "type": "string" } },
                { "type": "string", "maxLength": 500 },
                { "type": "null" }
            ]
        })
    }
}

/// Scope tokens: a list, or one space-separated string.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeList {
    pub entries: Vec<Spanned<String>>,
    pub span: Span,
}

impl JsonSchema for ScopeList {
    fn schema_name() -> Cow<'static, str> {
        "ScopeList".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Scopes (case-sensitive): a list, or one space-separated string. Documented: read, update, openid, profile, offline_access.",
            "anyOf": [
                { "type": "array", "items": { "type": "string", "pattern": "^\\S+$" } },
                { "type": "string" },
                { "type": "null" }
            ]
        })
    }
}

/// How a definition names the System User.
#[derive(Debug, Clone, PartialEq)]
pub enum UserRef {
    /// A user's `Login`.
    Login(String),
    /// A Domain API reference, `Systems_Security_Users(<guid>)`; the guid lower-cased.
    Id(String),
    /// An expanded user object (`$expand=SystemUser`).
    Expanded(Box<User>),
}

impl JsonSchema for UserRef {
    fn schema_name() -> Cow<'static, str> {
        "UserRef".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let user = generator.subschema_for::<User>();
        json_schema!({
            "description": "The System User: a Login, a Domain API reference, or an expanded user object.",
            "anyOf": [
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "properties": { "@odata.id": { "type": "string", "pattern": "^Systems_Security_Users\\([0-9A-Fa-f-]{36}\\)$" } },
                    "required": ["@odata.id"]
                },
                user,
                { "type": "null" }
            ]
        })
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date" })
    }
}

/// A user record (`Systems.Security.Users`), as far as the rules need it.
#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[serde(rename_all = "PascalCase")]
#[schemars(
    title = "User",
    description = "An ERP.net user (Systems.Security.Users); other attributes are accepted and ignored."
)]
pub struct User {
    /// Login name, usually the e-mail.
    pub login: Option<Spanned<String>>,
    /// The user's guid.
    pub id: Option<Spanned<String>>,
    /// ERP.net user type.
    pub user_type: Option<Spanned<UserType>>,
    /// Whether the user is an administrator.
    pub is_admin: Option<Spanned<bool>>,
    /// Whether the login is active. The model default is `true`.
    pub active: Option<Spanned<bool>>,
    /// The groups the user belongs to: names, or records with `Name` and `GroupType`. A
    /// group whose `GroupType` is `Administrators` makes an administrator (as does one
    /// named `Administrators` whose type is not given).
    pub groups: Option<Vec<Spanned<Group>>>,
    /// The user's e-mail, which grants may name as their actor.
    #[schemars(skip)]
    pub email: Option<String>,
    #[schemars(skip)]
    pub origin: Origin,
}

/// A group a user belongs to (`Systems.Security.Groups`), as far as the rules need it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub name: Option<String>,
    /// `Normal`, `Administrators`, `Everybody`, `PowerUsers`, ... as the export writes it.
    pub group_type: Option<String>,
}

impl Group {
    /// Whether membership makes an administrator: the Administrators group type, or (when
    /// the type is not given) the name of the system-defined group.
    pub fn is_administrators(&self) -> bool {
        match &self.group_type {
            Some(t) => t.trim().eq_ignore_ascii_case("Administrators") || t.trim() == "ADM",
            None => self
                .name
                .as_deref()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case("Administrators")),
        }
    }
}

impl JsonSchema for Group {
    fn schema_name() -> Cow<'static, str> {
        "Group".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A group: its name, or an object with Name and GroupType (Normal, Administrators, Everybody, PowerUsers, ...).",
            "anyOf": [
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "properties": {
                        "Name": {},
                        "GroupType": { "type": "string" },
                        "Group": { "type": "object" }
                    }
                }
            ]
        })
    }
}

/// Whether a user is an administrator, as far as the run can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    /// `IsAdmin`, or membership of an Administrators group.
    Administrator,
    /// Not an administrator by `IsAdmin`, and the export lists the user's groups.
    NotAdministrator,
    /// Not an administrator by `IsAdmin`; the user's groups are not in the run.
    GroupsNotAvailable,
}

impl User {
    pub fn login(&self) -> Option<&str> {
        self.login.as_ref().map(|l| l.value.as_str())
    }
    pub fn id(&self) -> Option<&str> {
        self.id.as_ref().map(|i| i.value.as_str())
    }
    /// Why this user counts as an administrator, with the span to point at.
    pub fn admin_evidence(&self) -> Option<(Span, &'static str)> {
        if let Some(flag) = self.is_admin.as_ref().filter(|f| f.value) {
            return Some((flag.span, "IsAdmin is true"));
        }
        self.groups
            .iter()
            .flatten()
            .find(|g| g.value.is_administrators())
            .map(|g| {
                let why = match g.value.group_type {
                    Some(_) => "member of a group of type Administrators",
                    None => "member of Administrators",
                };
                (g.span, why)
            })
    }
    /// Whether the user is an administrator, and whether group membership was known.
    pub fn membership(&self) -> Membership {
        if self.admin_evidence().is_some() {
            Membership::Administrator
        } else if self.groups.is_some() {
            Membership::NotAdministrator
        } else {
            Membership::GroupsNotAvailable
        }
    }
    pub fn is_active(&self) -> bool {
        self.active.as_ref().is_none_or(|a| a.value)
    }
    /// A name to show for the user.
    pub fn label(&self) -> String {
        self.login()
            .or(self.id())
            .unwrap_or("(unnamed user)")
            .to_string()
    }
}

/// Everything one definition file contributed.
#[derive(Debug, Default)]
pub struct Definition {
    pub apps: Vec<TrustedApp>,
    pub users: Vec<User>,
    /// Records of the grant store (`Systems_Security_AccessTokens`).
    pub tokens: Vec<AccessToken>,
    /// Records of `Systems_Security_TrustedApplicationAuthorizations`.
    pub authorizations: Vec<TrustedAppAuthorization>,
    /// Values that are read into nothing and that output must never show (a grant's
    /// `AccessTokenKey` and `Data`).
    pub hidden: Vec<Span>,
}
