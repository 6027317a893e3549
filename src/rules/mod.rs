//! The checks, one family per module and one function per rule. Rules read the model and
//! return findings; they never print.

mod app_type;
pub(crate) mod client;
mod config_registration;
mod config_secrets;
mod identity;
mod redirect_uri;
pub(crate) mod scope;
mod service;
mod tokens;

use std::collections::HashMap;

use crate::FoundSecret;
use crate::configs::AppConfig;
use crate::date::Date;
use crate::finding::{Finding, Rule};
use crate::model::{Spanned, TrustedApp, User, UserRef};
use crate::source::{SourceFile, Span};

/// What every rule may look at: all apps, users and configs of the run, the secrets found
/// in the configs, and the clock.
pub struct Context<'a> {
    pub apps: &'a [TrustedApp],
    pub users: &'a [User],
    pub configs: &'a [AppConfig],
    pub secrets: &'a [FoundSecret],
    pub sources: &'a [SourceFile],
    pub today: Date,
    /// How long a client secret may go unrotated (TA305).
    pub rotation_days: i64,
    by_login: HashMap<String, &'a User>,
    by_id: HashMap<String, &'a User>,
}

impl<'a> Context<'a> {
    pub fn new(apps: &'a [TrustedApp], users: &'a [User], today: Date) -> Self {
        let mut by_login = HashMap::new();
        let mut by_id = HashMap::new();
        for user in users {
            if let Some(login) = user.login() {
                by_login.entry(login.to_lowercase()).or_insert(user);
            }
            if let Some(id) = user.id() {
                by_id.entry(id.to_string()).or_insert(user);
            }
        }
        Context {
            apps,
            users,
            configs: &[],
            secrets: &[],
            sources: &[],
            today,
            rotation_days: client::MAX_SECRET_AGE_DAYS,
            by_login,
            by_id,
        }
    }

    /// Adds the run's configs and the secrets found in them.
    pub fn with_configs(
        mut self,
        configs: &'a [AppConfig],
        secrets: &'a [FoundSecret],
        sources: &'a [SourceFile],
    ) -> Self {
        self.configs = configs;
        self.secrets = secrets;
        self.sources = sources;
        self
    }

    /// The app a config is linked to.
    pub fn app_of(&self, config: &AppConfig) -> Option<&'a TrustedApp> {
        config.app.map(|i| &self.apps[i])
    }

    /// The user an app's `SystemUser` names, when it is in the run (an expanded user
    /// object always is).
    pub fn system_user(&self, app: &'a TrustedApp) -> Option<&'a User> {
        match &app.system_user.as_ref()?.value {
            UserRef::Login(login) => self.by_login.get(&login.to_lowercase()).copied(),
            UserRef::Id(id) => self.by_id.get(id).copied(),
            UserRef::Expanded(user) => Some(user),
        }
    }
}

/// Runs every rule over the run's model.
pub fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    identity::check(ctx, out);
    for app in ctx.apps {
        redirect_uri::check(app, out);
        client::check(ctx, app, out);
        app_type::check(app, out);
        scope::check(app, out);
        tokens::check(app, out);
    }
    service::check(ctx, out);
    config_secrets::check(ctx, out);
    config_registration::check(ctx, out);
}

/// A finding about `app`, in the app's file, naming the app.
fn finding(rule: Rule, app: &TrustedApp, span: Span, message: impl Into<String>) -> Finding {
    Finding::new(rule, app.origin.file, span, message).app(app.uri())
}

/// The span of a flag's value when it was written, else of the app.
fn span_or_anchor<T>(app: &TrustedApp, value: &Option<Spanned<T>>) -> Span {
    value.as_ref().map_or(app.anchor(), |v| v.span)
}
