//! The checks: one module per family, one function per rule, named after the rule
//! (`redirect-uri-not-https` is `redirect_uri::redirect_uri_not_https`).
//!
//! The rule pages declare the rules; the build script turns them into [`Rule`] and into
//! `CHECKS`, the table that maps each rule to its function. The runner calls a function only
//! when its rule is enabled, once per subject of its family: every Trusted Application for
//! the definition families, every app config for the config families. A rule reports through
//! the [`Checker`], which applies the configured level; it never prints.

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
use std::ops::{Deref, Range};

use crate::configs::AppConfig;
use crate::date::Date;
use crate::finding::{Finding, Rule, Selection};
use crate::model::{Environment, Spanned, TrustedApp, User, UserRef};
use crate::report::FoundSecret;
use crate::source::{SourceFile, Span};

/// How a rule's function is called: what one call of it looks at. Each family has one.
#[derive(Clone, Copy)]
pub(crate) enum Check {
    /// Once per Trusted Application. (A rule that looks up what the app refers to, such
    /// as its System User, names the lifetime: `fn x<'a>(cx: &mut Checker<'a>, app: &'a
    /// TrustedApp)`.)
    App(for<'a> fn(&mut Checker<'a>, &'a TrustedApp)),
    /// Once per app config.
    Config(for<'a> fn(&mut Checker<'a>, &'a AppConfig)),
}

mod generated {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/checks.rs"));
}

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
    /// The first app of each (ApplicationUri, Environment), by index (TA103).
    first_by_uri: HashMap<(&'a str, Environment), usize>,
    /// The first service app of each (System User, Environment), by index (TA505).
    first_by_system_user: HashMap<(String, Environment), usize>,
    /// Each config's found secrets, as a range of `secrets`, by the config's file.
    secrets_by_file: HashMap<usize, Range<usize>>,
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
        let mut first_by_uri = HashMap::new();
        for (i, app) in apps.iter().enumerate() {
            if let Some(uri) = app.uri() {
                first_by_uri.entry((uri, app.environment())).or_insert(i);
            }
        }
        let mut ctx = Context {
            apps,
            users,
            configs: &[],
            secrets: &[],
            sources: &[],
            today,
            rotation_days: client::MAX_SECRET_AGE_DAYS,
            by_login,
            by_id,
            first_by_uri,
            first_by_system_user: HashMap::new(),
            secrets_by_file: HashMap::new(),
        };
        let mut first_by_system_user = HashMap::new();
        for (i, app) in apps.iter().enumerate() {
            if !app.service_access() || app.system_user.is_none() {
                continue;
            }
            if let Some(id) = service::identity(&ctx, app) {
                first_by_system_user
                    .entry((id, app.environment()))
                    .or_insert(i);
            }
        }
        ctx.first_by_system_user = first_by_system_user;
        ctx
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
        // Secrets are found config by config, so each config's are one run of the list.
        let mut at = 0;
        while at < secrets.len() {
            let config = secrets[at].config;
            let end = at + secrets[at..].partition_point(|s| s.config == config);
            if let Some(c) = configs.get(config) {
                self.secrets_by_file.entry(c.file).or_insert(at..end);
            }
            at = end;
        }
        self
    }

    /// The secrets found in a config, in the order they were found.
    pub fn secrets_in(&self, config: &AppConfig) -> &'a [FoundSecret] {
        self.secrets_by_file
            .get(&config.file)
            .map_or(&[], |r| &self.secrets[r.clone()])
    }

    /// The first app registered with the same ApplicationUri in the same Environment, when
    /// that is another app.
    pub fn earlier_registration(&self, app: &TrustedApp) -> Option<&'a TrustedApp> {
        let first = &self.apps[*self.first_by_uri.get(&(app.uri()?, app.environment()))?];
        (!std::ptr::eq(first, app)).then_some(first)
    }

    /// The first service app that runs as the same System User in the same Environment,
    /// when that is another app.
    pub fn earlier_user_of_system_user(&self, app: &TrustedApp) -> Option<&'a TrustedApp> {
        let id = service::identity(self, app)?;
        let first = &self.apps[*self.first_by_system_user.get(&(id, app.environment()))?];
        (!std::ptr::eq(first, app)).then_some(first)
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

/// What a rule reports through: the run it looks at (by [`Deref`]), and the findings it
/// has reported so far, each at the level the configuration gives its rule.
pub struct Checker<'a> {
    ctx: &'a Context<'a>,
    selection: &'a Selection,
    /// The rule whose function is running.
    rule: Rule,
    findings: Vec<Finding>,
}

impl<'a> Deref for Checker<'a> {
    type Target = Context<'a>;

    fn deref(&self) -> &Context<'a> {
        self.ctx
    }
}

impl Checker<'_> {
    /// Records a finding of the running rule, at the configured level.
    pub fn report(&mut self, finding: Finding) {
        debug_assert_eq!(
            finding.rule, self.rule,
            "a rule reports only its own findings, so that turning it off silences them"
        );
        if let Some(finding) = finding.selected(self.selection) {
            self.findings.push(finding);
        }
    }
}

/// Runs every enabled rule over the run, in listing order, and returns their findings.
pub fn run(ctx: &Context<'_>, selection: &Selection) -> Vec<Finding> {
    let mut cx = Checker {
        ctx,
        selection,
        rule: Rule::ALL[0],
        findings: Vec::new(),
    };
    for &(rule, check) in generated::CHECKS {
        if !selection.is_enabled(rule) {
            continue;
        }
        cx.rule = rule;
        match check {
            Check::App(function) => {
                for app in ctx.apps {
                    function(&mut cx, app);
                }
            }
            Check::Config(function) => {
                for config in ctx.configs {
                    function(&mut cx, config);
                }
            }
        }
    }
    cx.findings
}

/// A finding about `app`, in the app's file, naming the app.
fn finding(rule: Rule, app: &TrustedApp, span: Span, message: impl Into<String>) -> Finding {
    Finding::new(rule, app.origin.file, span, message).app(app.uri())
}

/// The span of a flag's value when it was written, else of the app.
fn span_or_anchor<T>(app: &TrustedApp, value: &Option<Spanned<T>>) -> Span {
    value.as_ref().map_or(app.anchor(), |v| v.span)
}
