//! What an instance has granted to its apps: the grant store (`Systems.Security.AccessTokens`:
//! reference tokens, refresh tokens, consents) and the per-user authorizations
//! (`Systems.Security.TrustedApplicationAuthorizations`). A grant's key (`AccessTokenKey`)
//! and its `Data` are never read into the model: the loader only records where they are,
//! so that output masks them.

use crate::date::Date;
use crate::source::Span;

use super::{Origin, TrustedApp, User};

/// The kind of a grant, from the store's `Type`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantType {
    /// `reference_token`: a personal or service access token (`enrt_…`).
    Reference,
    /// `refresh_token`.
    Refresh,
    /// `user_consent`.
    Consent,
    /// `device_code`.
    DeviceCode,
    /// Any other type, as written.
    Other(String),
}

impl GrantType {
    pub fn of(text: &str) -> GrantType {
        let t = text.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        match t.as_str() {
            "reference_token" | "referencetoken" => GrantType::Reference,
            "refresh_token" | "refreshtoken" => GrantType::Refresh,
            "user_consent" | "consent" => GrantType::Consent,
            "device_code" | "devicecode" => GrantType::DeviceCode,
            _ => GrantType::Other(text.trim().to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            GrantType::Reference => "reference_token",
            GrantType::Refresh => "refresh_token",
            GrantType::Consent => "user_consent",
            GrantType::DeviceCode => "device_code",
            GrantType::Other(other) => other,
        }
    }
}

/// One record of the grant store. Every field is optional: an export may leave any out.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessToken {
    pub kind: Option<GrantType>,
    /// `Client`: the client id, which is the app's `ApplicationUri`.
    pub client: Option<String>,
    /// The `TrustedApplication` reference's guid (lower-cased), when the export has one.
    pub app_id: Option<String>,
    /// `Actor`: the user, often a login or an e-mail.
    pub actor: Option<String>,
    /// The `User` reference's guid (lower-cased), when the export has one.
    pub user_id: Option<String>,
    pub scopes: Vec<String>,
    pub created: Option<Date>,
    /// `None` when the grant never expires.
    pub expires: Option<Date>,
    pub consumed: Option<Date>,
    pub last_used: Option<Date>,
    /// The span of the `Type` value, else of the record.
    pub type_span: Span,
    /// The span of the `ExpireTimestamp` key or value, else of the record.
    pub expiry_span: Span,
    /// The span of the `Actor` value, else of the record.
    pub actor_span: Span,
    pub origin: Origin,
}

impl AccessToken {
    pub fn is_reference(&self) -> bool {
        self.kind == Some(GrantType::Reference)
    }

    /// Whether the grant may still be used on `today`: not expired and not consumed.
    pub fn is_live(&self, today: Date) -> bool {
        self.consumed.is_none() && self.expires.is_none_or(|e| e >= today)
    }

    /// Whether the grant belongs to `app`: by the app's guid when both have one, else by
    /// its client id (the `ApplicationUri`, which the instance matches exactly).
    pub fn belongs_to(&self, app: &TrustedApp) -> bool {
        if let (Some(mine), Some(theirs)) = (&self.app_id, &app.id) {
            return mine == theirs;
        }
        self.client.is_some() && self.client.as_deref() == app.uri()
    }

    /// Whether the grant acts as `user`: by the user's guid when both have one, else by the
    /// actor's login (or e-mail), without regard to case.
    pub fn acts_as(&self, user: &User) -> bool {
        if let (Some(mine), Some(theirs)) = (&self.user_id, user.id()) {
            return mine == theirs;
        }
        let Some(actor) = self.actor.as_deref() else {
            return false;
        };
        user.login().is_some_and(|l| l.eq_ignore_ascii_case(actor))
            || user
                .email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(actor))
    }

    /// The date of last use, else of creation: how long the grant has lain unused.
    pub fn last_activity(&self) -> Option<Date> {
        self.last_used.or(self.created)
    }
}

/// One `TrustedApplicationAuthorizations` record: an app allowed to act for a user.
#[derive(Debug, Clone, PartialEq)]
pub struct TrustedAppAuthorization {
    /// The `TrustedApplication` reference's guid, lower-cased.
    pub app_id: Option<String>,
    /// The app's `ApplicationUri`, when the export expands `TrustedApplication` with it
    /// (as `trustlint pull` does).
    pub app_uri: Option<String>,
    /// The `ContextUser` reference's guid, lower-cased.
    pub context_user_id: Option<String>,
    /// The `GrantingUser` reference's guid, lower-cased.
    pub granting_user_id: Option<String>,
    pub granted: Option<Date>,
    pub is_revoked: bool,
    pub valid_from: Option<Date>,
    /// `None`: no limit.
    pub valid_until: Option<Date>,
    pub origin: Origin,
}

impl TrustedAppAuthorization {
    /// Whether the authorization is in force on `today`.
    pub fn is_active(&self, today: Date) -> bool {
        !self.is_revoked
            && self.valid_from.is_none_or(|f| f <= today)
            && self.valid_until.is_none_or(|u| u >= today)
    }

    /// Whether the authorization is of `app`: by guid when both have one, else by the
    /// expanded `ApplicationUri`.
    pub fn belongs_to(&self, app: &TrustedApp) -> bool {
        if let (Some(mine), Some(theirs)) = (&self.app_id, &app.id) {
            return mine == theirs;
        }
        self.app_uri.is_some() && self.app_uri.as_deref() == app.uri()
    }
}
