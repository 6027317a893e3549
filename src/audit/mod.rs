//! The audit: every app of a run, what it can do, who it runs as, which grants are out
//! there, and its risk. It is computed from a finished [`Report`] (the same load, rules,
//! masking and findings as `check`) and decides nothing a rule does not: a risk level is
//! read off the app's findings and the model, by the table in the README. One file per
//! output format renders it.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use crate::date::Date;
use crate::finding::{Finding, Severity};
use crate::model::{AccessToken, Membership, ReferenceTokens, TrustedApp, User};
use crate::report::Report;
use crate::rule::Family;
use crate::rules::Context;

/// How long a grant may lie unused before the audit calls it stale.
pub const STALE_DAYS: i64 = 90;

/// The audit's output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Html,
    Markdown,
    Csv,
    Json,
}

/// How urgent an app is, by the first row of the README's risk table that matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    Low,
    Medium,
    High,
    Critical,
}

impl Risk {
    pub const ALL: [Risk; 4] = [Risk::Critical, Risk::High, Risk::Medium, Risk::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Critical => "critical",
            Risk::High => "high",
            Risk::Medium => "medium",
            Risk::Low => "low",
        }
    }
}

/// The flows (ways to get a token) an app's registration allows.
pub const FLOWS: [&str; 5] = [
    "Authorization Code",
    "Client Credentials",
    "Reference tokens",
    "Basic (legacy)",
    "none",
];

/// The whole audit, as the JSON format writes it (`schemas/audit.schema.json`).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(
    title = "trustlint audit",
    description = "The output of `trustlint audit --format json`: every Trusted Application of the run with its exposure and risk, and the instance's summaries."
)]
pub struct Audit {
    /// The version of this document's shape.
    pub version: u32,
    /// The day figures such as ages and staleness are computed for (YYYY-MM-DD).
    pub today: String,
    /// Files the run read.
    pub files: usize,
    pub summary: Summary,
    /// One entry per Trusted Application of the run, most urgent first.
    pub apps: Vec<AppAudit>,
    /// Every user some app runs as, with the apps.
    pub system_users: Vec<SystemUserAudit>,
    pub tokens: TokenExposure,
    /// The ten most urgent findings (one per rule and app), each with the rule that explains it.
    pub fix_first: Vec<FixItem>,
    /// Every finding of the run, as `check` reports it (messages already masked).
    pub findings: Vec<FindingRow>,
    /// What the audit could not know (for example, group membership).
    pub notes: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary {
    pub apps: usize,
    pub enabled_apps: usize,
    /// Apps per risk level; every level is present.
    pub by_risk: BTreeMap<String, usize>,
    /// Apps per flow (an app may use several; `none` counts apps with no way in).
    pub by_flow: BTreeMap<String, usize>,
    /// System Users that are administrators, with the apps that run as each.
    pub administrator_system_users: usize,
    /// Apps whose client secret is older than the rotation age (`SecretRotatedOn`).
    pub secrets_past_rotation: Vec<String>,
    /// Apps with a secret whose age is unknown (no `SecretRotatedOn`).
    pub secret_age_unknown: usize,
    /// The rotation age, in days.
    pub rotation_days: i64,
    /// Disabled apps that configs still refer to.
    pub disabled_apps_with_configs: Vec<String>,
    pub findings_by_severity: SeverityCounts,
}

#[derive(Debug, Clone, Copy, Default, Serialize, JsonSchema)]
pub struct SeverityCounts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl SeverityCounts {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct AppAudit {
    pub application_uri: String,
    pub name: Option<String>,
    pub environment: String,
    pub enabled: bool,
    /// The app type: declared (`AppType`) or inferred from the registration.
    pub app_type: Option<String>,
    pub app_type_declared: bool,
    /// Why the type was inferred.
    pub app_type_evidence: Option<String>,
    pub flows: Vec<String>,
    pub client_type: String,
    /// Every way the app can authenticate: interactive internal, interactive community,
    /// service, PAT, SAT, Basic.
    pub authentication: Vec<String>,
    pub system_user: Option<SystemUserOfApp>,
    pub scopes: Vec<String>,
    /// Days since `SecretRotatedOn`; `null` when unknown or when the app has no secret.
    pub secret_age_days: Option<i64>,
    /// `N days`, `unknown` or `no secret`.
    pub secret_age: String,
    pub configs: ConfigCounts,
    pub reference_tokens: TokenCounts,
    /// Authorizations (`TrustedApplicationAuthorizations`) in force today.
    pub active_authorizations: usize,
    pub findings: SeverityCounts,
    pub risk: Risk,
    /// Why the app has its risk level (the README's risk table, row by row).
    pub risk_reasons: Vec<String>,
    /// Where the app is defined.
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SystemUserOfApp {
    pub login: String,
    pub user_type: Option<String>,
    /// `yes`, `no`, or `unknown` (not in the run, or groups not exported).
    pub administrator: String,
    /// How many apps of the run run as this user.
    pub apps_sharing: usize,
}

#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct ConfigCounts {
    pub total: usize,
    pub frontend: usize,
    pub backend: usize,
}

#[derive(Debug, Default, Clone, Serialize, JsonSchema)]
pub struct TokenCounts {
    /// Reference tokens still valid (not expired, not consumed).
    pub count: usize,
    /// The day the oldest valid one was created.
    pub oldest: Option<String>,
    pub never_expiring: usize,
    /// Valid ones not used (or, never used, not created) in the last 90 days.
    pub unused_90_days: usize,
    /// Valid ones that act as an administrator.
    pub issued_by_administrators: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SystemUserAudit {
    pub login: String,
    pub user_type: Option<String>,
    pub administrator: String,
    pub apps: Vec<String>,
}

#[derive(Debug, Default, Serialize, JsonSchema)]
pub struct TokenExposure {
    /// Records of the grant store in the run.
    pub grants: usize,
    /// Valid reference tokens, all apps together (with their per-app figures summed).
    pub reference: TokenCounts,
    /// Reference tokens that have expired or were consumed.
    pub expired_reference: usize,
    /// Valid refresh tokens.
    pub refresh: usize,
    /// Grants of apps that are not in the run (deleted apps, or apps not exported).
    pub of_unknown_apps: usize,
    /// Authorizations in force today, all apps together.
    pub active_authorizations: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FixItem {
    pub rule: String,
    pub rule_name: String,
    pub severity: String,
    pub app: Option<String>,
    pub risk: Option<Risk>,
    pub message: String,
    /// How many findings of this rule the app has.
    pub count: usize,
    pub location: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct FindingRow {
    pub rule: String,
    pub rule_name: String,
    pub severity: String,
    pub app: Option<String>,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
    /// The organisation policy a PL finding enforces, as `check`'s JSON gives it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyRow>,
}

/// The policy of a PL finding: its name, the requirement and the file it came from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PolicyRow {
    pub name: String,
    /// `table.key` of the policy language (`redirect-uris.permitted-domains`).
    pub requirement: String,
    pub file: String,
}

/// What the audit is computed with, beside the report.
#[derive(Debug, Clone, Copy)]
pub struct AuditOptions {
    pub today: Date,
    /// How long a client secret may go unrotated (the project's `secret-rotation-days`).
    pub rotation_days: i64,
}

/// Text from a file as the audit shows it: shaped secrets and every known secret value
/// masked, unsafe characters escaped.
fn shown(report: &Report, text: &str) -> String {
    let mut text = crate::escape::clean_text(&crate::secrets::mask_shaped(text));
    report.secret_values.scrub(&mut text);
    text
}

/// The name an app's System User goes by in the audit, and the user when it is in the run.
fn system_user_key<'a>(
    ctx: &Context<'a>,
    app: &'a TrustedApp,
) -> Option<(String, Option<&'a User>)> {
    let written = &app.system_user.as_ref()?.value;
    let user = ctx.system_user(app);
    let key = match (user, written) {
        (Some(u), _) => u.label(),
        (None, crate::model::UserRef::Login(l)) => l.clone(),
        (None, crate::model::UserRef::Id(id)) => id.clone(),
        (None, crate::model::UserRef::Expanded(u)) => u.label(),
    };
    Some((key, user))
}

fn admin_word(user: Option<&User>) -> &'static str {
    match user.map(User::membership) {
        Some(Membership::Administrator) => "yes",
        Some(Membership::NotAdministrator) => "no",
        Some(Membership::GroupsNotAvailable) | None => "unknown",
    }
}

fn is_admin(user: Option<&User>) -> bool {
    user.is_some_and(|u| u.membership() == Membership::Administrator)
}

/// The flows an app's registration allows.
pub fn flows_of(app: &TrustedApp) -> Vec<&'static str> {
    let mut flows = Vec::new();
    if app.interactive() {
        flows.push(FLOWS[0]);
    }
    if app.service_access() {
        flows.push(FLOWS[1]);
    }
    if app.reference_tokens() != ReferenceTokens::None {
        flows.push(FLOWS[2]);
    }
    if app.basic_auth() {
        flows.push(FLOWS[3]);
    }
    if flows.is_empty() {
        flows.push(FLOWS[4]);
    }
    flows
}

/// Every way an app can authenticate.
pub fn authentication_of(app: &TrustedApp) -> Vec<&'static str> {
    let mut ways = Vec::new();
    if app.internal_users() {
        ways.push("interactive internal");
    }
    if app.community_users() {
        ways.push("interactive community");
    }
    if app.service_access() {
        ways.push("service");
    }
    match app.reference_tokens() {
        ReferenceTokens::AuthenticatedUsers => ways.push("PAT (any user)"),
        ReferenceTokens::AdministratorsOnly => ways.push("PAT (administrators)"),
        ReferenceTokens::None => {}
    }
    if app.service_access()
        && app.system_user.is_some()
        && app.reference_tokens() != ReferenceTokens::None
    {
        ways.push("SAT");
    }
    if app.basic_auth() {
        ways.push("Basic");
    }
    ways
}

/// The per-app figures of the grants of one app.
fn token_counts<'a>(
    ctx: &Context<'a>,
    tokens: impl Iterator<Item = &'a AccessToken>,
    today: Date,
) -> TokenCounts {
    let mut counts = TokenCounts::default();
    let mut oldest: Option<Date> = None;
    for t in tokens.filter(|t| t.is_reference() && t.is_live(today)) {
        counts.count += 1;
        if let Some(created) = t.created {
            oldest = Some(oldest.map_or(created, |o| o.min(created)));
        }
        if t.expires.is_none() {
            counts.never_expiring += 1;
        }
        if t.last_activity()
            .is_some_and(|d| d.days_until(today) > STALE_DAYS)
        {
            counts.unused_90_days += 1;
        }
        if is_admin(ctx.actor_of(t)) {
            counts.issued_by_administrators += 1;
        }
    }
    counts.oldest = oldest.map(|d| d.to_string());
    counts
}

/// The risk level of an app and why, by the README's risk table.
fn risk_of(
    app: &TrustedApp,
    system_user_admin: bool,
    findings: &[&Finding],
    tokens: &TokenCounts,
) -> (Risk, Vec<String>) {
    let enabled = app.is_enabled();
    let mut reasons = Vec::new();
    let mut risk = Risk::Low;
    let mut raise = |level: Risk, why: String| {
        risk = risk.max(level);
        reasons.push(format!("{}: {why}", level.as_str()));
    };
    let has = |pred: &dyn Fn(&Finding) -> bool| findings.iter().find(|f| pred(f));
    // Critical.
    if enabled
        && system_user_admin
        && app.service_access()
        && app.reference_tokens() == ReferenceTokens::AuthenticatedUsers
    {
        raise(
            Risk::Critical,
            "runs as an administrator System User, and any signed-in user may issue PATs for it"
                .into(),
        );
    }
    if enabled
        && let Some(f) =
            has(&|f| f.rule.family() == Family::ConfigSecrets && f.severity == Severity::Error)
    {
        raise(
            Risk::Critical,
            format!("a secret is committed in a config ({})", f.rule.code()),
        );
    }
    // High.
    if enabled && system_user_admin && app.service_access() {
        raise(Risk::High, "runs as an administrator System User".into());
    }
    if enabled && let Some(f) = has(&|f| f.severity == Severity::Error) {
        raise(Risk::High, format!("an error finding ({})", f.rule.code()));
    }
    if tokens.issued_by_administrators > 0 {
        raise(
            Risk::High,
            "a valid reference token acts as an administrator".into(),
        );
    }
    // Medium.
    if let Some(f) =
        has(&|f| f.severity == Severity::Warning && (enabled || f.rule.family() == Family::Tokens))
    {
        raise(
            Risk::Medium,
            format!("a warning finding ({})", f.rule.code()),
        );
    }
    if tokens.unused_90_days > 0 {
        raise(
            Risk::Medium,
            format!("a valid reference token unused for {STALE_DAYS} days"),
        );
    }
    (risk, reasons)
}

impl Audit {
    /// The audit of a finished run.
    pub fn of(report: &Report, options: AuditOptions) -> Audit {
        let today = options.today;
        let ctx = Context::new(&report.apps, &report.users, today)
            .with_configs(&report.configs, &report.secrets, &report.sources)
            .with_grants(&report.tokens);
        // Findings by the app they are about.
        let mut by_app: HashMap<&str, Vec<&Finding>> = HashMap::new();
        for f in &report.findings {
            if let Some(app) = &f.app {
                by_app.entry(app.as_str()).or_default().push(f);
            }
        }
        // Who each app runs as, and how many apps share each user.
        let system_user_key = |app| system_user_key(&ctx, app);
        let mut sharing: BTreeMap<String, (Option<&User>, Vec<usize>)> = BTreeMap::new();
        for (i, app) in report.apps.iter().enumerate() {
            if !app.service_access() {
                continue;
            }
            if let Some((key, user)) = system_user_key(app) {
                sharing
                    .entry(key.to_lowercase())
                    .or_insert((user, Vec::new()))
                    .1
                    .push(i);
            }
        }
        // Authorizations in force, by the guid of their app, else by its ApplicationUri.
        let mut active_by_id: HashMap<&str, usize> = HashMap::new();
        let mut active_by_uri: HashMap<&str, usize> = HashMap::new();
        for a in report.authorizations.iter().filter(|a| a.is_active(today)) {
            if let Some(id) = a.app_id.as_deref() {
                *active_by_id.entry(id).or_default() += 1;
            } else if let Some(uri) = a.app_uri.as_deref() {
                *active_by_uri.entry(uri).or_default() += 1;
            }
        }
        let mut apps = Vec::with_capacity(report.apps.len());
        let mut summary_tokens = TokenExposure {
            grants: report.tokens.len(),
            ..TokenExposure::default()
        };
        let mut past_rotation = Vec::new();
        let mut age_unknown = 0;
        let mut disabled_with_configs = Vec::new();
        // Each app's linked configs, counted in one pass over the configs.
        let mut configs_by_app: HashMap<usize, ConfigCounts> = HashMap::new();
        for c in &report.configs {
            if let Some(app) = c.app {
                let counts = configs_by_app.entry(app).or_default();
                counts.total += 1;
                if c.side.is_frontend() {
                    counts.frontend += 1;
                } else {
                    counts.backend += 1;
                }
            }
        }
        for (index, app) in report.apps.iter().enumerate() {
            let uri = app.uri().unwrap_or("(no ApplicationUri)");
            let uri_shown = shown(report, uri);
            // Findings name their app as output shows it (escaped, shaped secrets masked).
            let as_findings_name_it = crate::finding::clean_text(&crate::secrets::mask_shaped(uri));
            let findings: &[&Finding] = by_app
                .get(as_findings_name_it.as_str())
                .map_or(&[], Vec::as_slice);
            let mut counts = SeverityCounts::default();
            for f in findings {
                counts.add(f.severity);
            }
            let system_user = system_user_key(app).map(|(key, user)| SystemUserOfApp {
                login: shown(report, &key),
                user_type: user
                    .and_then(|u| u.user_type.as_ref())
                    .map(|t| t.value.as_str().to_string()),
                administrator: admin_word(user).to_string(),
                apps_sharing: sharing.get(&key.to_lowercase()).map_or(0, |s| s.1.len()),
            });
            let system_user_admin =
                app.service_access() && system_user_key(app).is_some_and(|(_, u)| is_admin(u));
            let tokens = token_counts(&ctx, ctx.tokens_of(app), today);
            let (secret_age_days, secret_age) = if !app.has_secret_hash() {
                (None, "no secret".to_string())
            } else {
                match &app.secret_rotated_on {
                    Some(d) => {
                        let days = d.value.days_until(today);
                        if days > options.rotation_days {
                            past_rotation.push(uri_shown.clone());
                        }
                        (Some(days), format!("{days} days"))
                    }
                    None => {
                        age_unknown += 1;
                        (None, "unknown".to_string())
                    }
                }
            };
            let configs = configs_by_app.remove(&index).unwrap_or_default();
            if !app.is_enabled() && configs.total > 0 {
                disabled_with_configs.push(uri_shown.clone());
            }
            let active_authorizations = app
                .id
                .as_deref()
                .and_then(|id| active_by_id.get(id))
                .copied()
                .unwrap_or(0)
                + app
                    .uri()
                    .and_then(|u| active_by_uri.get(u))
                    .copied()
                    .unwrap_or(0);
            let (risk, risk_reasons) = risk_of(app, system_user_admin, findings, &tokens);
            let kind = app.kind();
            let line = report
                .sources
                .get(app.origin.file)
                .map_or(0, |s| s.line_col(app.origin.span.start).line);
            apps.push(AppAudit {
                application_uri: uri_shown,
                name: app.name.as_ref().map(|n| shown(report, &n.value)),
                environment: app.environment().as_str().to_string(),
                enabled: app.is_enabled(),
                app_type: kind.as_ref().map(|k| k.app_type.as_str().to_string()),
                app_type_declared: kind.as_ref().is_some_and(|k| k.is_declared()),
                app_type_evidence: kind.as_ref().and_then(|k| k.evidence).map(str::to_string),
                flows: flows_of(app).into_iter().map(str::to_string).collect(),
                client_type: app.client_type().as_str().to_string(),
                authentication: authentication_of(app)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                system_user,
                scopes: app
                    .scopes()
                    .iter()
                    .map(|s| shown(report, &s.value))
                    .collect(),
                secret_age_days,
                secret_age,
                configs,
                reference_tokens: tokens,
                active_authorizations,
                findings: counts,
                risk,
                risk_reasons,
                file: report
                    .sources
                    .get(app.origin.file)
                    .map_or_else(String::new, |s| s.display.clone()),
                line,
            });
        }
        // Most urgent first; then by ApplicationUri, for a stable order.
        apps.sort_by(|a, b| {
            (b.risk, &a.application_uri, &a.environment).cmp(&(
                a.risk,
                &b.application_uri,
                &b.environment,
            ))
        });
        // The grant store as a whole.
        for t in &report.tokens {
            let live = t.is_live(today);
            if t.is_reference() && !live {
                summary_tokens.expired_reference += 1;
            }
            if live && t.kind == Some(crate::model::GrantType::Refresh) {
                summary_tokens.refresh += 1;
            }
        }
        summary_tokens.reference = token_counts(&ctx, report.tokens.iter(), today);
        summary_tokens.of_unknown_apps = ctx.tokens_without_app().count();
        summary_tokens.active_authorizations = report
            .authorizations
            .iter()
            .filter(|a| a.is_active(today))
            .count();
        let system_users: Vec<SystemUserAudit> = sharing
            .values()
            .map(|(user, indices)| SystemUserAudit {
                login: shown(
                    report,
                    &user.map_or_else(
                        || {
                            indices
                                .first()
                                .and_then(|&i| system_user_key(&report.apps[i]))
                                .map_or_else(String::new, |(k, _)| k)
                        },
                        User::label,
                    ),
                ),
                user_type: user
                    .and_then(|u| u.user_type.as_ref())
                    .map(|t| t.value.as_str().to_string()),
                administrator: admin_word(*user).to_string(),
                apps: indices
                    .iter()
                    .map(|&i| {
                        shown(
                            report,
                            report.apps[i].uri().unwrap_or("(no ApplicationUri)"),
                        )
                    })
                    .collect(),
            })
            .collect();
        let mut by_risk: BTreeMap<String, usize> = Risk::ALL
            .iter()
            .map(|r| (r.as_str().to_string(), 0))
            .collect();
        let mut by_flow: BTreeMap<String, usize> =
            FLOWS.iter().map(|f| (f.to_string(), 0)).collect();
        for a in &apps {
            *by_risk.entry(a.risk.as_str().to_string()).or_default() += 1;
            for f in &a.flows {
                *by_flow.entry(f.clone()).or_default() += 1;
            }
        }
        let mut findings_by_severity = SeverityCounts::default();
        for f in &report.findings {
            findings_by_severity.add(f.severity);
        }
        let mut notes = Vec::new();
        // What the run could not tell about administrators.
        let judged = sharing
            .values()
            .filter_map(|(u, _)| *u)
            .chain(report.users.iter());
        if judged
            .clone()
            .any(|u| u.membership() == Membership::GroupsNotAvailable)
        {
            notes.push("group membership was not available (the users export carries no Groups): administrators are known by IsAdmin only".to_string());
        }
        if sharing.values().any(|(u, _)| u.is_none()) {
            notes.push("some System Users are not in the run (export Systems_Security_Users, or expand SystemUser): whether they are administrators is unknown".to_string());
        }
        if report.users.is_empty() && !report.tokens.is_empty() {
            notes.push("no users export was in the run: whether a token's user is an administrator is unknown".to_string());
        }
        if report.tokens.is_empty() {
            notes.push("no grant store export (Systems_Security_AccessTokens) was in the run: token figures are empty".to_string());
        }
        notes.push(format!(
            "secret age is known only where a definition declares SecretRotatedOn; the instance does not record it ({age_unknown} apps with a secret of unknown age)"
        ));
        // The organisation policies the run applied (names checked when read, files
        // escaped), so that an audit says which requirements beyond ERP.net's it holds
        // the apps to.
        if !report.not_checked.policies.is_empty() {
            let list: Vec<String> = report
                .not_checked
                .policies
                .iter()
                .map(|(name, file)| format!("{name} ({file})"))
                .collect();
            notes.push(format!(
                "organisation policies applied (their findings are the PL rules): {}",
                list.join(", ")
            ));
        }
        let risk_of_uri: HashMap<&str, Risk> = apps
            .iter()
            .map(|a| (a.application_uri.as_str(), a.risk))
            .collect();
        let fix_first = fix_first(report, &risk_of_uri);
        let findings = report
            .findings
            .iter()
            .map(|f| finding_row(report, f))
            .collect();
        Audit {
            version: 1,
            today: today.to_string(),
            files: report.sources.len(),
            summary: Summary {
                apps: apps.len(),
                enabled_apps: apps.iter().filter(|a| a.enabled).count(),
                by_risk,
                by_flow,
                administrator_system_users: system_users
                    .iter()
                    .filter(|u| u.administrator == "yes")
                    .count(),
                secrets_past_rotation: past_rotation,
                secret_age_unknown: age_unknown,
                rotation_days: options.rotation_days,
                disabled_apps_with_configs: disabled_with_configs,
                findings_by_severity,
            },
            apps,
            system_users,
            tokens: summary_tokens,
            fix_first,
            findings,
            notes,
        }
    }
}

fn location(report: &Report, f: &Finding) -> (String, usize, usize) {
    let source = &report.sources[f.file];
    let at = source.line_col(f.span.start);
    (source.display.clone(), at.line, at.column)
}

fn finding_row(report: &Report, f: &Finding) -> FindingRow {
    let (file, line, column) = location(report, f);
    FindingRow {
        rule: f.rule.code().to_string(),
        rule_name: f.rule.name().to_string(),
        severity: f.severity.as_str().to_string(),
        app: f.app.clone(),
        file,
        line,
        column,
        message: f.message.clone(),
        help: f.help.clone(),
        policy: f.policy.as_ref().map(|p| PolicyRow {
            name: p.name.clone(),
            requirement: p.requirement.to_string(),
            file: p.origin.clone(),
        }),
    }
}

/// The ten things to fix first: one per rule and app, by severity, then the app's risk,
/// then the rule's order.
fn fix_first(report: &Report, risk_of_uri: &HashMap<&str, Risk>) -> Vec<FixItem> {
    let mut groups: HashMap<(crate::finding::Rule, Option<&str>), (usize, &Finding)> =
        HashMap::new();
    for f in &report.findings {
        groups
            .entry((f.rule, f.app.as_deref()))
            .and_modify(|g| g.0 += 1)
            .or_insert((1, f));
    }
    let mut items: Vec<(usize, &Finding)> = groups.into_values().collect();
    let risk = |f: &Finding| f.app.as_deref().and_then(|a| risk_of_uri.get(a).copied());
    items.sort_by(|(_, a), (_, b)| {
        (b.severity, risk(b), a.rule, &a.app, a.file, a.span.start).cmp(&(
            a.severity,
            risk(a),
            b.rule,
            &b.app,
            b.file,
            b.span.start,
        ))
    });
    items
        .into_iter()
        .take(10)
        .map(|(count, f)| {
            let (file, line, column) = location(report, f);
            FixItem {
                rule: f.rule.code().to_string(),
                rule_name: f.rule.name().to_string(),
                severity: f.severity.as_str().to_string(),
                app: f.app.clone(),
                risk: risk(f),
                message: f.message.clone(),
                count,
                location: format!("{file}:{line}:{column}"),
            }
        })
        .collect()
}

/// Renders an audit in a format.
pub fn render(audit: &Audit, format: AuditFormat, findings: bool) -> String {
    match format {
        AuditFormat::Html => html::render(audit),
        AuditFormat::Markdown => markdown::render(audit),
        AuditFormat::Csv if findings => csv::render_findings(audit),
        AuditFormat::Csv => csv::render_apps(audit),
        AuditFormat::Json => json::render(audit),
    }
}
