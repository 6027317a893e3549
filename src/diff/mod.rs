//! `trustlint diff`: the registrations an instance holds (a Domain API export) against the
//! definitions git declares. Apps are matched by `ApplicationUri`; list attributes are
//! compared as sets; the secret hash is compared but never shown; `SystemUser` is compared
//! by login. A registered app that can do more than its definition says (a wider scope, a
//! new redirect URI, reference tokens for every user, service access, an administrator as
//! System User) is marked and listed first.
//!
//! Only the attributes an instance stores are compared: trustlint's own keys (`AppType`,
//! `Environment`, `Instance`, `SecretRotatedOn`, `Configs`, `Owner`, `Team`) live in git alone.

mod render;

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{ClientType, ReferenceTokens, TrustedApp, User, UserRef};
use crate::redact;
use crate::report::{ReadAs, Report};

pub use render::{DiffFormat, render};

/// What differs between the declared and the registered apps.
#[derive(Debug, Serialize)]
pub struct Drift {
    /// Apps declared in the definitions read.
    pub declared_apps: usize,
    /// Apps registered in the instance export read.
    pub registered_apps: usize,
    /// The apps that differ: those worse than declared first, then by `ApplicationUri`.
    pub apps: Vec<AppDrift>,
    /// What could not be compared, and why.
    pub notes: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.apps.is_empty()
    }

    /// How many apps are registered with more than their definitions allow.
    pub fn worse(&self) -> usize {
        self.apps.iter().filter(|a| !a.worse.is_empty()).count()
    }
}

/// How an app differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DriftKind {
    /// Registered in the instance, declared nowhere (a shadow app).
    NotDeclared,
    /// Declared, not registered in the instance.
    NotRegistered,
    /// Both, with attributes that differ.
    Changed,
}

impl DriftKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DriftKind::NotDeclared => "registered, not declared",
            DriftKind::NotRegistered => "declared, not registered",
            DriftKind::Changed => "changed",
        }
    }
}

/// A file and a 1-based line.
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

/// One app that differs.
#[derive(Debug, Serialize)]
pub struct AppDrift {
    /// As output may show it: escaped, shaped secrets masked.
    pub application_uri: String,
    pub name: Option<String>,
    pub kind: DriftKind,
    /// What the registered app may do that its definition does not allow; empty when the
    /// drift widens nothing.
    pub worse: Vec<String>,
    pub changes: Vec<Change>,
    /// Where the app is declared (the definition's line), when it is.
    pub declared_at: Option<Place>,
    /// Where the app is registered (the export's line), when it is.
    pub registered_at: Option<Place>,
}

/// One attribute that differs. Values are as output may show them; the secret hash is
/// shown as `set` or `not set`, and `differs` when both are set.
#[derive(Debug, Serialize)]
pub struct Change {
    pub attribute: &'static str,
    pub declared: Option<String>,
    pub registered: Option<String>,
    /// For list attributes: the entries registered and not declared.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// For list attributes: the entries declared and not registered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Why this change lets the registered app do more than declared.
    pub worse: Option<String>,
}

/// Compares the apps of `declared` (definitions) with those of `registered` (an export).
/// An export among the declared paths is no declaration: its apps are left out there.
/// Definitions whose `Instance` names another instance than `instance` (the one the export
/// was taken from, when known) are left out too; among definitions of the same
/// `ApplicationUri` the first is compared, and a note says so. `ApplicationUri` is matched
/// exactly, as the instance matches a `client_id`.
pub fn compare(declared: &Report, registered: &Report, instance: Option<&str>) -> Drift {
    let instance = instance
        .map(|i| i.trim().to_ascii_lowercase())
        .or_else(|| export_instance(registered));
    let by_uri = |report: &Report, exports: bool| -> Vec<(String, Vec<usize>)> {
        let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut order = Vec::new();
        for (i, app) in report.apps.iter().enumerate() {
            if !exports && report.read_as[app.origin.file] == ReadAs::Export {
                continue;
            }
            if !exports
                && let (Some(theirs), Some(ours)) = (&instance, app.instance_name())
                && *theirs != ours
            {
                continue;
            }
            if let Some(uri) = app.uri() {
                let entry = map.entry(uri).or_default();
                if entry.is_empty() {
                    order.push(uri);
                }
                entry.push(i);
            }
        }
        order
            .into_iter()
            .map(|uri| (uri.to_string(), map.remove(uri).unwrap_or_default()))
            .collect()
    };
    let declared_uris = by_uri(declared, false);
    let registered_uris = by_uri(registered, true);
    let declared_first: HashMap<&str, usize> = declared_uris
        .iter()
        .map(|(uri, apps)| (uri.as_str(), apps[0]))
        .collect();
    let registered_set: std::collections::HashSet<&str> = registered_uris
        .iter()
        .map(|(uri, _)| uri.as_str())
        .collect();
    let d_users = Users::of(declared);
    let r_users = Users::of(registered);
    let mut notes = Vec::new();
    for (uri, apps) in &declared_uris {
        if apps.len() > 1 {
            let first = place(declared, &declared.apps[apps[0]]);
            notes.push(format!(
                "{} is declared {} times; the first ({}:{}) was compared: name the instance of each with `Instance:`",
                shown(uri),
                apps.len(),
                first.file,
                first.line
            ));
        }
    }
    let mut apps = Vec::new();
    for (uri, records) in &registered_uris {
        let app = &registered.apps[records[0]];
        match declared_first.get(uri.as_str()) {
            Some(&d) => {
                let d_app = &declared.apps[d];
                let changes = compare_app(d_app, &d_users, app, &r_users, &mut notes);
                if !changes.is_empty() {
                    let worse = changes
                        .iter()
                        .filter_map(|c| c.worse.clone())
                        .collect::<Vec<_>>();
                    apps.push(AppDrift {
                        application_uri: shown(uri),
                        name: name_of(app).or_else(|| name_of(d_app)),
                        kind: DriftKind::Changed,
                        worse,
                        changes,
                        declared_at: Some(place(declared, d_app)),
                        registered_at: Some(place(registered, app)),
                    });
                }
            }
            None => apps.push(AppDrift {
                application_uri: shown(uri),
                name: name_of(app),
                kind: DriftKind::NotDeclared,
                worse: vec![shadow_reason(app, &r_users)],
                changes: Vec::new(),
                declared_at: None,
                registered_at: Some(place(registered, app)),
            }),
        }
        // Another record with the same ApplicationUri is an app nobody declared either.
        for &extra in &records[1..] {
            let app = &registered.apps[extra];
            apps.push(AppDrift {
                application_uri: shown(uri),
                name: name_of(app),
                kind: DriftKind::NotDeclared,
                worse: vec![format!(
                    "another registration with the same ApplicationUri; {}",
                    shadow_reason(app, &r_users)
                )],
                changes: Vec::new(),
                declared_at: None,
                registered_at: Some(place(registered, app)),
            });
        }
    }
    for (uri, declared_apps) in &declared_uris {
        if !registered_set.contains(uri.as_str()) {
            let app = &declared.apps[declared_apps[0]];
            apps.push(AppDrift {
                application_uri: shown(uri),
                name: name_of(app),
                kind: DriftKind::NotRegistered,
                worse: Vec::new(),
                changes: Vec::new(),
                declared_at: Some(place(declared, app)),
                registered_at: None,
            });
        }
    }
    apps.sort_by(|a, b| {
        (a.worse.is_empty(), &a.application_uri).cmp(&(b.worse.is_empty(), &b.application_uri))
    });
    Drift {
        declared_apps: declared_uris.len(),
        registered_apps: registered_uris.iter().map(|(_, r)| r.len()).sum(),
        apps,
        notes,
    }
}

/// The instance an export was taken from: `acme` for an `@odata.context` on
/// `https://acme.my.erp.net/...`.
pub fn export_instance(report: &Report) -> Option<String> {
    report.sources.iter().find_map(|source| {
        let at = source.text.find("\"@odata.context\"")?;
        let rest = &source.text[at + "\"@odata.context\"".len()..];
        let start = rest.find('"')? + 1;
        let end = start + rest[start..].find('"')?;
        let url = url::Url::parse(&rest[start..end]).ok()?;
        let host = url.host_str()?.to_ascii_lowercase();
        host.strip_suffix(".my.erp.net")
            .filter(|name| !name.is_empty() && !name.contains('.'))
            .map(str::to_string)
    })
}

/// A value as output shows it: escaped, a URL as messages quote URLs (credentials in it
/// masked), anything else with its shaped secrets masked. A client id, a name or a login is
/// no secret and is shown as it is.
fn shown(value: &str) -> String {
    let text = if value.contains("://") {
        redact::quoted_url(value)
    } else {
        crate::secrets::mask_shaped(value).into_owned()
    };
    crate::escape::clean_text(&text)
}

fn name_of(app: &TrustedApp) -> Option<String> {
    app.name.as_ref().map(|n| shown(n.value.trim()))
}

/// The users of a run, by login (case-insensitive) and by id.
struct Users<'r> {
    by_login: HashMap<String, &'r User>,
    by_id: HashMap<String, &'r User>,
}

impl<'r> Users<'r> {
    fn of(report: &'r Report) -> Users<'r> {
        let mut users = Users {
            by_login: HashMap::new(),
            by_id: HashMap::new(),
        };
        for u in &report.users {
            if let Some(login) = u.login() {
                users.by_login.entry(login.to_lowercase()).or_insert(u);
            }
            if let Some(id) = u.id() {
                users.by_id.entry(id.to_lowercase()).or_insert(u);
            }
        }
        users
    }

    /// The user an app's `SystemUser` names.
    fn system_user(&self, app: &'r TrustedApp) -> Option<&'r User> {
        match &app.system_user.as_ref()?.value {
            UserRef::Login(login) => self.by_login.get(&login.to_lowercase()).copied(),
            UserRef::Id(id) => self.by_id.get(&id.to_lowercase()).copied(),
            UserRef::Expanded(user) => Some(user),
        }
    }

    /// The login of an app's System User; `Err` with the reference when it names a user
    /// by id that this run does not hold.
    fn login(&self, app: &'r TrustedApp) -> Result<Option<String>, String> {
        match app.system_user.as_ref().map(|s| &s.value) {
            None => Ok(None),
            Some(UserRef::Login(login)) => Ok(Some(login.clone())),
            Some(UserRef::Id(id)) => match self.system_user(app).and_then(User::login) {
                Some(login) => Ok(Some(login.to_string())),
                None => Err(id.clone()),
            },
            Some(UserRef::Expanded(user)) => Ok(user.login().map(str::to_string)),
        }
    }
}

fn place(report: &Report, app: &TrustedApp) -> Place {
    let source = &report.sources[app.origin.file];
    Place {
        file: source.display.clone(),
        line: source.line_col(app.anchor().start).line,
    }
}

/// Why an app nobody declared matters: what it may do.
fn shadow_reason(app: &TrustedApp, users: &Users<'_>) -> String {
    let mut can = Vec::new();
    if app.service_access() {
        can.push("log on as a service".to_string());
    }
    if app.interactive() {
        can.push("sign users in".to_string());
    }
    if app.reference_tokens() != ReferenceTokens::None {
        can.push(format!(
            "have reference tokens issued ({})",
            app.reference_tokens()
        ));
    }
    if app.basic_auth() {
        can.push("take user names and passwords".to_string());
    }
    let user = users.system_user(app);
    if app.service_access() && user.is_some_and(|u| u.admin_evidence().is_some()) {
        can.push("run as an administrator".to_string());
    }
    let enabled = if app.is_enabled() {
        "an enabled app"
    } else {
        "a disabled app"
    };
    if can.is_empty() {
        format!("{enabled} that no definition declares")
    } else {
        format!(
            "{enabled} that no definition declares; it may {}",
            join_and(&can)
        )
    }
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn compare_app<'r>(
    declared: &'r TrustedApp,
    d_users: &Users<'r>,
    registered: &'r TrustedApp,
    r_users: &Users<'r>,
    notes: &mut Vec<String>,
) -> Vec<Change> {
    let mut out = Vec::new();
    let text = |v: Option<&str>| v.map(|v| shown(v.trim()));
    // Name and Notes: compared only when the definition sets them.
    if let Some(name) = &declared.name {
        let registered_name = registered.name.as_ref().map(|n| n.value.trim());
        if Some(name.value.trim()) != registered_name {
            out.push(change(
                "Name",
                text(Some(&name.value)),
                text(registered_name),
                None,
            ));
        }
    }
    if let Some(notes) = &declared.notes {
        let registered_notes = registered.notes.as_ref().map(|n| n.value.trim());
        if Some(notes.value.trim()) != registered_notes {
            // Free text can hold anything: it is said to differ, not shown.
            out.push(change(
                "Notes",
                Some("set".into()),
                Some(if registered_notes.is_some() {
                    "differs".into()
                } else {
                    "not set".into()
                }),
                None,
            ));
        }
    }
    let (d_type, r_type) = (declared.client_type(), registered.client_type());
    if d_type != r_type {
        let worse = (d_type == ClientType::Confidential && r_type != ClientType::Confidential)
            .then(|| format!("it is registered as a {r_type} client, which needs no secret"));
        out.push(change(
            "ClientType",
            Some(d_type.to_string()),
            Some(r_type.to_string()),
            worse,
        ));
    }
    let d_hash = declared
        .application_secret_hash
        .as_ref()
        .map(|h| h.value.trim());
    let r_hash = registered
        .application_secret_hash
        .as_ref()
        .map(|h| h.value.trim());
    let set = |h: Option<&str>| h.is_some_and(|h| !h.is_empty());
    if d_hash.filter(|h| !h.is_empty()) != r_hash.filter(|h| !h.is_empty()) {
        let shown = |h: Option<&str>| Some(if set(h) { "set" } else { "not set" }.to_string());
        let (d, r) = if set(d_hash) && set(r_hash) {
            (Some("set".to_string()), Some("differs".to_string()))
        } else {
            (shown(d_hash), shown(r_hash))
        };
        out.push(change("ApplicationSecretHash", d, r, None));
    }
    let flags: [(&'static str, bool, bool, &str); 5] = [
        (
            "ImpersonateAsInternalUserAllowed",
            declared.internal_users(),
            registered.internal_users(),
            "internal users can sign in through it",
        ),
        (
            "ImpersonateAsCommunityUserAllowed",
            declared.community_users(),
            registered.community_users(),
            "external (community) users can sign in through it",
        ),
        (
            "SystemUserAllowed",
            declared.service_access(),
            registered.service_access(),
            "service access is turned on",
        ),
        (
            "BasicAuthenticationAllowed",
            declared.basic_auth(),
            registered.basic_auth(),
            "it takes user names and passwords (Basic authentication)",
        ),
        (
            "IsEnabled",
            declared.is_enabled(),
            registered.is_enabled(),
            "it is enabled, though declared disabled",
        ),
    ];
    for (attribute, d, r, why) in flags {
        if d != r {
            out.push(change(
                attribute,
                Some(d.to_string()),
                Some(r.to_string()),
                (r && !d).then(|| why.to_string()),
            ));
        }
    }
    for (attribute, d, r, why) in [
        (
            "ImpersonateLoginUrl",
            declared.login_urls(),
            registered.login_urls(),
            "redirect URI",
        ),
        (
            "ImpersonateLogoutUrl",
            declared.logout_urls(),
            registered.logout_urls(),
            "post-logout redirect URI",
        ),
        ("Scope", declared.scopes(), registered.scopes(), "scope"),
    ] {
        // An empty entry (`a,,b`, a trailing comma) is no URI or scope.
        let d: BTreeSet<&str> = d
            .iter()
            .map(|e| e.value.trim())
            .filter(|v| !v.is_empty())
            .collect();
        let r: BTreeSet<&str> = r
            .iter()
            .map(|e| e.value.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if d == r {
            continue;
        }
        let added: Vec<String> = r.difference(&d).map(|v| shown(v)).collect();
        let removed: Vec<String> = d.difference(&r).map(|v| shown(v)).collect();
        let worse = (!added.is_empty()).then(|| {
            let plural = if added.len() == 1 { "" } else { "s" };
            format!(
                "{} {why}{plural} not declared: {}",
                added.len(),
                added.join(", ")
            )
        });
        let joined = |s: &BTreeSet<&str>| {
            (!s.is_empty()).then(|| s.iter().map(|v| shown(v)).collect::<Vec<_>>().join(", "))
        };
        out.push(Change {
            attribute,
            declared: joined(&d),
            registered: joined(&r),
            added,
            removed,
            worse,
        });
    }
    let (d_tokens, r_tokens) = (declared.reference_tokens(), registered.reference_tokens());
    if d_tokens != r_tokens {
        let rank = |t: ReferenceTokens| match t {
            ReferenceTokens::None => 0,
            ReferenceTokens::AdministratorsOnly => 1,
            ReferenceTokens::AuthenticatedUsers => 2,
        };
        let worse = (rank(r_tokens) > rank(d_tokens)).then(|| match r_tokens {
            ReferenceTokens::AuthenticatedUsers => {
                "every authenticated user can have reference tokens issued for it".to_string()
            }
            _ => "administrators can have reference tokens issued for it".to_string(),
        });
        out.push(change(
            "ReferenceTokens",
            Some(d_tokens.to_string()),
            Some(r_tokens.to_string()),
            worse,
        ));
    }
    let (d_login, r_login) = match (d_users.login(declared), r_users.login(registered)) {
        (Ok(d), Ok(r)) => (d, r),
        (d, r) => {
            let id = r.err().or(d.err()).unwrap_or_default();
            notes.push(format!(
                "{}: SystemUser not compared: it names the user with id {} and no Systems_Security_Users export holds it",
                shown(registered.uri().unwrap_or_default()),
                shown(&id)
            ));
            return out;
        }
    };
    let same_login = match (&d_login, &r_login) {
        (Some(d), Some(r)) => d.eq_ignore_ascii_case(r),
        (None, None) => true,
        _ => false,
    };
    let r_admin = registered.service_access()
        && r_users
            .system_user(registered)
            .is_some_and(|u| u.admin_evidence().is_some());
    let d_admin = d_users
        .system_user(declared)
        .is_some_and(|u| u.admin_evidence().is_some());
    if !same_login {
        let worse = (r_admin && !d_admin).then(|| {
            "it runs as an administrator, though its definition names another user".to_string()
        });
        out.push(change(
            "SystemUser",
            d_login.as_deref().map(shown),
            r_login.as_deref().map(shown),
            worse,
        ));
    } else if r_admin && !d_admin && d_login.is_some() {
        // The same login, now an administrator in the instance.
        out.push(change(
            "SystemUser",
            d_login.as_deref().map(shown),
            r_login
                .as_deref()
                .map(|l| format!("{} (an administrator)", shown(l))),
            Some("its System User is an administrator in the instance".to_string()),
        ));
    }
    out
}

fn change(
    attribute: &'static str,
    declared: Option<String>,
    registered: Option<String>,
    worse: Option<String>,
) -> Change {
    Change {
        attribute,
        declared,
        registered,
        added: Vec::new(),
        removed: Vec::new(),
        worse,
    }
}
