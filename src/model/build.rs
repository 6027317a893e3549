//! Builds the typed model from a document tree. Anything that does not fit is a finding
//! (unknown attribute, invalid value), never an error that stops the run.

use super::{
    AppType, Attribute, ClientType, ConfigLink, DeclaredSide, Definition, Environment, ErpEnum,
    Group, Origin, ReferenceTokens, ScopeList, Spanned, TrustedApp, UriList, User, UserAttribute,
    UserRef, UserType,
};
use crate::date::Date;
use crate::finding::{Finding, Rule};
use crate::source::{SourceFile, Span};
use crate::suggest::did_you_mean;
use crate::tree::{Entry, Kind, Node};

mod exports;

pub use exports::{prune_grant_export, read_export, reread_export, slim_grant_export};

/// ERP.net attributes of the record that no rule reads; an export carries them.
const ERP_SYSTEM_ATTRIBUTES: &[&str] = &[
    "Id",
    "CreationTimeUtc",
    "ObjectVersion",
    "ExternalId",
    "ExternalSystem",
    "AggregateLastUpdateTimeUtc",
    "AdditionalDataJson",
    "DisplayText",
    "SystemUserLoginUrl",
    "Authorizations",
];

/// User attributes ERP.net has and no rule reads.
const ERP_USER_ATTRIBUTES: &[&str] = &[
    "Name",
    "Email",
    "BasicAuthenticationAllowed",
    "TwoFactorEnabled",
    "LockoutEndUtc",
    "AccessFailedCount",
    "PasswordFormat",
    "Password",
    "EmailConfirmed",
    "WindowsUserName",
    "DefaultLanguage",
    "TimeZone",
    "CreationTimeUtc",
    "ObjectVersion",
    "ExternalId",
    "ExternalSystem",
    "AggregateLastUpdateTimeUtc",
    "DisplayText",
    "Notes",
    "Person",
    "AccessKeys",
    "Devices",
    "ProviderLogins",
    "ProviderTokens",
    "RoleUsers",
];

const TOP_LEVEL_KEYS: &[&str] = &["TrustedApplications", "Users"];

struct Ctx<'a> {
    source: &'a SourceFile,
    file: usize,
    findings: &'a mut Vec<Finding>,
}

impl Ctx<'_> {
    fn report(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    fn invalid(&mut self, span: Span, app: Option<&str>, message: String, help: &str) {
        let f = Finding::new(Rule::TA105, self.file, span, message)
            .label("invalid value")
            .app(app)
            .help(help);
        self.report(f);
    }
}

fn is_odata_annotation(key: &str) -> bool {
    key.starts_with('@') || key.contains("@odata.")
}

/// Reads one definition document. `file` is the index of `source` in the run.
pub fn load_definition(
    root: &Node,
    source: &SourceFile,
    file: usize,
    findings: &mut Vec<Finding>,
) -> Definition {
    let mut ctx = Ctx {
        source,
        file,
        findings,
    };
    let mut def = Definition::default();
    let Some(entries) = root.as_map() else {
        let message = match root.kind {
            Kind::Null => "the file is empty".to_string(),
            _ => format!("the file holds {}, not a mapping", root.type_name()),
        };
        ctx.report(
            Finding::new(
                Rule::TA001,
                file,
                if matches!(root.kind, Kind::Null) { Span::new(0, 0) } else { root.span },
                format!("not a Trusted Application definition: {message}"),
            )
                .label("expected a mapping")
                .help("a definition is a mapping with ApplicationUri (one app) or TrustedApplications: [...] (several)"),
        );
        return def;
    };

    let export = root.get("value").is_some() && root.get("@odata.context").is_some();
    if let Some(value) = root.get("value").filter(|_| export) {
        // A Domain API export: the entity set in @odata.context says what the items are.
        let context = root
            .get("@odata.context")
            .and_then(|e| e.value.as_str())
            .unwrap_or_default();
        let users = context.contains("Systems_Security_Users");
        let authorizations = context.contains(exports::AUTHORIZATIONS);
        let grants = context.contains(exports::ACCESS_TOKENS);
        for item in list_items(&mut ctx, &value.value, "value") {
            if authorizations {
                def.authorizations
                    .extend(exports::load_authorization(&mut ctx, item));
            } else if grants {
                def.tokens
                    .extend(exports::load_access_token(&mut ctx, item, &mut def.hidden));
            } else if users {
                if let Some(user) = load_user(&mut ctx, item) {
                    def.users.push(user);
                }
            } else if let Some(app) = load_app(&mut ctx, item) {
                def.apps.push(app);
            }
        }
        // Anything else beside an export's `value` is no part of an export: an app or a
        // list written there is read like any definition, so that it cannot hide behind
        // an `@odata.context`.
        if entries
            .iter()
            .all(|e| e.key == "value" || is_odata_annotation(&e.key))
        {
            return def;
        }
    }

    // A collection, also when its key is misspelled (`TrustedApplication: [...]`): a list
    // under a near-miss of a top-level key is no attribute of a single app.
    let is_collection = root.get("ApplicationUri").is_none()
        && entries.iter().any(|e| {
            TOP_LEVEL_KEYS.contains(&e.key.as_str())
                || (e.value.as_seq().is_some()
                    && did_you_mean(&e.key, TOP_LEVEL_KEYS.iter().copied()).is_some())
        });
    if !is_collection {
        if let Some(app) = load_app(&mut ctx, root) {
            def.apps.push(app);
        }
        return def;
    }

    for entry in entries {
        match entry.key.as_str() {
            "TrustedApplications" => {
                for item in list_items(&mut ctx, &entry.value, "TrustedApplications") {
                    if let Some(app) = load_app(&mut ctx, item) {
                        def.apps.push(app);
                    }
                }
            }
            "Users" => {
                for item in list_items(&mut ctx, &entry.value, "Users") {
                    if let Some(user) = load_user(&mut ctx, item) {
                        def.users.push(user);
                    }
                }
            }
            key if is_odata_annotation(key) => {}
            "value" if export => {}
            _ => {
                unknown_key(
                    &mut ctx,
                    entry,
                    TOP_LEVEL_KEYS.iter().copied(),
                    None,
                    "not a top-level key of a definition",
                );
                // A misspelled `TrustedApplications` still holds apps: check them too, so
                // the typo hides nothing.
                if did_you_mean(&entry.key, ["TrustedApplications"]).is_some()
                    && let Some(items) = entry.value.as_seq()
                {
                    for item in items {
                        if let Some(app) = load_app(&mut ctx, item) {
                            def.apps.push(app);
                        }
                    }
                }
            }
        }
    }
    def
}

fn list_items<'n>(ctx: &mut Ctx<'_>, node: &'n Node, what: &str) -> &'n [Node] {
    match &node.kind {
        Kind::Seq(items) => items,
        Kind::Null => &[],
        _ => {
            ctx.invalid(
                node.span,
                None,
                format!("{what} must be a list, found {}", node.type_name()),
                "write each entry as a list item",
            );
            &[]
        }
    }
}

fn unknown_key<'k>(
    ctx: &mut Ctx<'_>,
    entry: &Entry,
    known: impl IntoIterator<Item = &'k str>,
    app: Option<&str>,
    label: &str,
) {
    let what = &entry.key;
    let suggestion = did_you_mean(&entry.key, known);
    let message = match suggestion {
        Some(s) => format!("unknown attribute `{what}`: did you mean `{s}`?"),
        None => format!("unknown attribute `{what}`"),
    };
    let help = match suggestion {
        Some(s) => format!("rename it to `{s}`; attribute names are case-sensitive"),
        None => "remove it, or check the spelling against `trustlint schema`".to_string(),
    };
    ctx.report(
        Finding::new(Rule::TA104, ctx.file, entry.key_span, message)
            .label(label)
            .app(app)
            .help(help),
    );
}

fn load_app(ctx: &mut Ctx<'_>, node: &Node) -> Option<TrustedApp> {
    let Some(entries) = node.as_map() else {
        ctx.invalid(
            node.span,
            None,
            format!(
                "a Trusted Application must be a mapping, found {}",
                node.type_name()
            ),
            "write the app as a mapping of attributes",
        );
        return None;
    };
    let mut app = TrustedApp {
        origin: Origin {
            file: ctx.file,
            span: entries.first().map_or(node.span, |e| e.key_span),
        },
        ..TrustedApp::default()
    };
    // The URI first, so that every other finding can name the app.
    let uri = entries
        .iter()
        .find(|e| e.key == Attribute::ApplicationUri.name())
        .and_then(|e| e.value.as_str())
        .map(str::to_string);
    let uri = uri.as_deref();
    // The record's guid, which grants and authorizations refer to.
    app.id = ["Id", "@odata.id"].iter().find_map(|key| {
        entries
            .iter()
            .find(|e| e.key == *key)
            .and_then(|e| e.value.as_str())
            .and_then(exports::guid_in)
    });

    for entry in entries {
        let attribute = match Attribute::named(&entry.key) {
            Some(attribute) => attribute,
            None if is_odata_annotation(&entry.key)
                || ERP_SYSTEM_ATTRIBUTES.contains(&entry.key.as_str()) =>
            {
                continue;
            }
            None => {
                unknown_key(
                    ctx,
                    entry,
                    Attribute::names(),
                    uri,
                    "not a Trusted Application attribute",
                );
                continue;
            }
        };
        let name = attribute.name();
        if app.key_span(attribute).is_some() {
            let message = if entry.key == name {
                format!("{name} is set a second time; trustlint reads the first value")
            } else {
                format!(
                    "`{}` sets {name} a second time; trustlint reads the first value",
                    entry.key
                )
            };
            ctx.invalid(
                entry.key_span,
                uri,
                message,
                "keep one of them: the instance stores a single value",
            );
            continue;
        }
        app.keys.push((attribute, entry.key_span));
        let v = &entry.value;
        if matches!(v.kind, Kind::Null) {
            continue;
        }
        let reported = ctx.findings.len();
        read_app_attribute(ctx, &mut app, attribute, v, uri);
        if ctx.findings.len() > reported {
            app.unreadable.push(attribute);
        }
    }
    Some(app)
}

/// Reads one attribute's value into its field of the app. Every attribute has its own arm,
/// with no fallback: an attribute added to the table without a field here does not compile,
/// where a catch-all would store it in some other field.
fn read_app_attribute(
    ctx: &mut Ctx<'_>,
    app: &mut TrustedApp,
    attribute: Attribute,
    v: &Node,
    uri: Option<&str>,
) {
    let name = attribute.name();
    match attribute {
        Attribute::ApplicationUri => app.application_uri = text(ctx, v, name, uri),
        Attribute::Name => app.name = text(ctx, v, name, uri),
        Attribute::ClientType => app.client_type = enumeration::<ClientType>(ctx, v, name, uri),
        Attribute::ApplicationSecretHash => app.application_secret_hash = text(ctx, v, name, uri),
        Attribute::ImpersonateAsInternalUserAllowed => {
            app.impersonate_as_internal_user_allowed = boolean(ctx, v, name, uri)
        }
        Attribute::ImpersonateAsCommunityUserAllowed => {
            app.impersonate_as_community_user_allowed = boolean(ctx, v, name, uri)
        }
        Attribute::ImpersonateLoginUrl => app.impersonate_login_url = uri_list(ctx, v, name, uri),
        Attribute::ImpersonateLogoutUrl => app.impersonate_logout_url = uri_list(ctx, v, name, uri),
        Attribute::Scope => app.scope = scope_list(ctx, v, uri),
        Attribute::SystemUserAllowed => app.system_user_allowed = boolean(ctx, v, name, uri),
        Attribute::SystemUser => app.system_user = user_ref(ctx, v, uri),
        Attribute::ReferenceTokens => {
            app.reference_tokens = enumeration::<ReferenceTokens>(ctx, v, name, uri)
        }
        Attribute::BasicAuthenticationAllowed => {
            app.basic_authentication_allowed = boolean(ctx, v, name, uri)
        }
        Attribute::IsEnabled => app.is_enabled = boolean(ctx, v, name, uri),
        Attribute::Notes => app.notes = text(ctx, v, name, uri),
        Attribute::AppType => app.app_type = enumeration::<AppType>(ctx, v, name, uri),
        Attribute::SecretRotatedOn => app.secret_rotated_on = date(ctx, v, name, uri),
        Attribute::Environment => app.environment = enumeration::<Environment>(ctx, v, name, uri),
        Attribute::Instance => app.instance = text(ctx, v, name, uri),
        Attribute::Configs => app.configs = config_links(ctx, v, uri),
        Attribute::Owner => app.owner = text(ctx, v, name, uri),
        Attribute::Team => app.team = text(ctx, v, name, uri),
    }
}

fn text(ctx: &mut Ctx<'_>, v: &Node, name: &str, app: Option<&str>) -> Option<Spanned<String>> {
    match &v.kind {
        Kind::Str(s) => Some(Spanned::new(s.clone(), v.span)),
        _ => {
            ctx.invalid(
                v.span,
                app,
                format!("{name} must be a string, found {}", v.type_name()),
                "quote the value",
            );
            None
        }
    }
}

fn boolean(ctx: &mut Ctx<'_>, v: &Node, name: &str, app: Option<&str>) -> Option<Spanned<bool>> {
    match &v.kind {
        Kind::Bool(b) => Some(Spanned::new(*b, v.span)),
        Kind::Str(s) => {
            let hint = match s.to_ascii_lowercase().as_str() {
                "yes" | "on" | "true" | "y" | "1" => " (did you mean `true`?)",
                "no" | "off" | "false" | "n" | "0" => " (did you mean `false`?)",
                _ => "",
            };
            ctx.invalid(
                v.span,
                app,
                format!(
                    "{name} must be true or false, found the string \"{}\"{hint}",
                    shorten(s)
                ),
                "write an unquoted true or false",
            );
            None
        }
        _ => {
            ctx.invalid(
                v.span,
                app,
                format!("{name} must be true or false, found {}", v.type_name()),
                "write true or false",
            );
            None
        }
    }
}

fn enumeration<T: ErpEnum>(
    ctx: &mut Ctx<'_>,
    v: &Node,
    name: &str,
    app: Option<&str>,
) -> Option<Spanned<T>> {
    let names = T::names();
    let allowed = names.join(", ");
    let Some(s) = v.as_str() else {
        ctx.invalid(
            v.span,
            app,
            format!("{name} must be one of {allowed}; found {}", v.type_name()),
            "write one of the listed values",
        );
        return None;
    };
    if let Some(value) = T::parse(s) {
        return Some(Spanned::new(value, v.span));
    }
    let message = match did_you_mean(s, names.iter().copied()) {
        Some(sug) => format!(
            "\"{}\" is not a valid {name}: did you mean `{sug}`?",
            shorten(s)
        ),
        None => format!("\"{}\" is not a valid {name}", shorten(s)),
    };
    ctx.invalid(v.span, app, message, &format!("use one of {allowed}"));
    None
}

fn date(ctx: &mut Ctx<'_>, v: &Node, name: &str, app: Option<&str>) -> Option<Spanned<Date>> {
    match v.as_str().and_then(Date::parse) {
        Some(d) => Some(Spanned::new(d, v.span)),
        None => {
            let shaped = v.as_str().is_some_and(|s| {
                let b = s.as_bytes();
                b.len() >= 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && b[..10]
                        .iter()
                        .enumerate()
                        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
            });
            ctx.invalid(
                v.span,
                app,
                if shaped {
                    format!("{name} is not a day of the calendar")
                } else {
                    format!("{name} must be a date written YYYY-MM-DD")
                },
                "write the date as YYYY-MM-DD, for example 2026-01-31",
            );
            None
        }
    }
}

/// Splits a stored string into parts with their spans: `split` yields (offset, part).
fn parts_of(
    source: &SourceFile,
    v: &Node,
    value: &str,
    parts: Vec<(usize, &str)>,
) -> Vec<Spanned<String>> {
    let base = source.content_offset(v.span, value);
    parts
        .into_iter()
        .map(|(offset, part)| {
            let span = match base {
                Some(b) => Span::new(b + offset, b + offset + part.len()),
                None => v.span,
            };
            Spanned::new(part.to_string(), span)
        })
        .collect()
}

fn uri_list(ctx: &mut Ctx<'_>, v: &Node, name: &str, app: Option<&str>) -> Option<UriList> {
    match &v.kind {
        Kind::Str(s) => {
            let mut offset = 0;
            let mut parts = Vec::new();
            // `a, b`: the spaces after a comma, kept apart from the entry (TA212 says
            // that ERP.net does not document whether it trims them; the entry itself is
            // checked as the trimmed URI).
            let mut spaces = Vec::new();
            for (i, part) in s.split(',').enumerate() {
                let rest = part.trim_start_matches(' ');
                let gap = part.len() - rest.len();
                if i > 0 && gap > 0 && !rest.is_empty() {
                    spaces.push((offset, &part[..gap]));
                    parts.push((offset + gap, rest));
                } else {
                    parts.push((offset, part));
                }
                offset += part.len() + 1;
            }
            // An empty string is an empty list, not one empty entry.
            if s.is_empty() {
                parts.clear();
            }
            Some(UriList {
                entries: parts_of(ctx.source, v, s, parts),
                stored_len: s.chars().count(),
                span: v.span,
                spaces_after_commas: parts_of(ctx.source, v, s, spaces)
                    .into_iter()
                    .map(|p| p.span)
                    .collect(),
            })
        }
        Kind::Seq(items) => {
            let entries = string_items(ctx, items, name, app);
            let stored_len = entries
                .iter()
                .map(|e| e.value.chars().count())
                .sum::<usize>()
                + entries.len().saturating_sub(1);
            Some(UriList {
                entries,
                stored_len,
                span: v.span,
                spaces_after_commas: Vec::new(),
            })
        }
        _ => {
            ctx.invalid(
                v.span,
                app,
                format!(
                    "{name} must be a list of URIs or one comma-separated string, found {}",
                    v.type_name()
                ),
                "write the URIs as a list",
            );
            None
        }
    }
}

/// The string items of a list attribute; any other item is reported and left out.
fn string_items(
    ctx: &mut Ctx<'_>,
    items: &[Node],
    name: &str,
    app: Option<&str>,
) -> Vec<Spanned<String>> {
    let mut entries = Vec::new();
    for item in items {
        match item.as_str() {
            Some(s) => entries.push(Spanned::new(s.to_string(), item.span)),
            None => ctx.invalid(
                item.span,
                app,
                format!(
                    "each {name} entry must be a string, found {}",
                    item.type_name()
                ),
                "write the entry as a string",
            ),
        }
    }
    entries
}

fn scope_list(ctx: &mut Ctx<'_>, v: &Node, app: Option<&str>) -> Option<ScopeList> {
    match &v.kind {
        Kind::Str(s) => {
            let mut parts = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                match (c.is_whitespace(), start) {
                    (true, Some(st)) => {
                        parts.push((st, &s[st..i]));
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            Some(ScopeList {
                entries: parts_of(ctx.source, v, s, parts),
                span: v.span,
            })
        }
        Kind::Seq(items) => {
            let entries = string_items(ctx, items, "Scope", app);
            Some(ScopeList {
                entries,
                span: v.span,
            })
        }
        _ => {
            ctx.invalid(
                v.span,
                app,
                format!(
                    "Scope must be a list or one space-separated string, found {}",
                    v.type_name()
                ),
                "write the scopes as a list, for example [read]",
            );
            None
        }
    }
}

fn config_links(ctx: &mut Ctx<'_>, v: &Node, app: Option<&str>) -> Option<Vec<ConfigLink>> {
    let mut links = Vec::new();
    for item in list_items(ctx, v, "Configs") {
        // A bare string is a path with no declared side.
        if let Some(path) = item.as_str() {
            links.push(ConfigLink {
                path: Spanned::new(path.to_string(), item.span),
                side: None,
            });
            continue;
        }
        let Some(entries) = item.as_map() else {
            ctx.invalid(
                item.span,
                app,
                format!(
                    "a Configs entry must be a path or a mapping with Path and Side, found {}",
                    item.type_name()
                ),
                "write {Path: web/.env.production, Side: Frontend}",
            );
            continue;
        };
        let mut path = None;
        let mut side = None;
        for e in entries {
            match e.key.as_str() {
                "Path" => path = text(ctx, &e.value, "Path", app),
                "Side" => side = enumeration::<DeclaredSide>(ctx, &e.value, "Side", app),
                _ => unknown_key(
                    ctx,
                    e,
                    ["Path", "Side"],
                    app,
                    "not a key of a Configs entry",
                ),
            }
        }
        match path {
            Some(path) => links.push(ConfigLink { path, side }),
            None => ctx.invalid(
                item.span,
                app,
                "a Configs entry needs a Path".to_string(),
                "add Path: <glob>",
            ),
        }
    }
    Some(links)
}

/// The guid inside `Systems_Security_Users(<guid>)`, lower-cased.
fn user_id_from_reference(reference: &str) -> Option<String> {
    let inner = reference
        .trim()
        .strip_prefix("Systems_Security_Users(")?
        .strip_suffix(')')?;
    let inner = inner.trim_matches('\'');
    is_guid(inner).then(|| inner.to_ascii_lowercase())
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn user_ref(ctx: &mut Ctx<'_>, v: &Node, app: Option<&str>) -> Option<Spanned<UserRef>> {
    match &v.kind {
        Kind::Str(s) if s.trim().is_empty() => None,
        Kind::Str(s) => Some(Spanned::new(UserRef::Login(s.clone()), v.span)),
        Kind::Map(entries) => {
            // A bare reference holds only OData annotations; an expanded user (which also
            // carries its own @odata.id) has attributes of its own.
            let bare = entries.iter().all(|e| is_odata_annotation(&e.key));
            if let Some(reference) = v.get("@odata.id").filter(|_| bare) {
                let id = reference.value.as_str().and_then(user_id_from_reference);
                return match id {
                    Some(id) => Some(Spanned::new(UserRef::Id(id), reference.value.span)),
                    None => {
                        ctx.invalid(
                            reference.value.span,
                            app,
                            "SystemUser's @odata.id is not a user reference".to_string(),
                            "write it as Systems_Security_Users(<guid>)",
                        );
                        None
                    }
                };
            }
            let mut user = load_user(ctx, v)?;
            if user.id.is_none() {
                user.id = v.get("@odata.id").and_then(|r| {
                    r.value
                        .as_str()
                        .and_then(user_id_from_reference)
                        .map(|id| Spanned::new(id, r.value.span))
                });
            }
            Some(Spanned::new(UserRef::Expanded(Box::new(user)), v.span))
        }
        _ => {
            ctx.invalid(
                v.span,
                app,
                format!(
                    "SystemUser must be a login, a user reference or a user object, found {}",
                    v.type_name()
                ),
                "write the System User's Login",
            );
            None
        }
    }
}

fn load_user(ctx: &mut Ctx<'_>, node: &Node) -> Option<User> {
    let Some(entries) = node.as_map() else {
        ctx.invalid(
            node.span,
            None,
            format!("a user must be a mapping, found {}", node.type_name()),
            "write the user as a mapping with Login, UserType, IsAdmin, ...",
        );
        return None;
    };
    let mut user = User {
        origin: Origin {
            file: ctx.file,
            span: entries.first().map_or(node.span, |e| e.key_span),
        },
        ..User::default()
    };
    // Grants name their user by login or by e-mail.
    user.email = node
        .get("Email")
        .and_then(|e| e.value.as_str())
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    let mut seen: Vec<&str> = Vec::new();
    for entry in entries {
        let v = &entry.value;
        if seen.contains(&entry.key.as_str()) {
            ctx.invalid(
                entry.key_span,
                None,
                format!("`{}` is set a second time for this user", entry.key),
                "keep one of them: the instance stores a single value",
            );
            continue;
        }
        seen.push(&entry.key);
        if matches!(v.kind, Kind::Null) {
            continue;
        }
        match UserAttribute::named(&entry.key) {
            Some(attribute) => read_user_attribute(ctx, &mut user, attribute, v),
            None if is_odata_annotation(&entry.key)
                || ERP_USER_ATTRIBUTES.contains(&entry.key.as_str()) => {}
            None => unknown_key(
                ctx,
                entry,
                UserAttribute::names(),
                None,
                "not a user attribute",
            ),
        }
    }
    Some(user)
}

/// Reads one attribute's value into its field of the user; like [`read_app_attribute`],
/// with an arm for every attribute and no fallback.
fn read_user_attribute(ctx: &mut Ctx<'_>, user: &mut User, attribute: UserAttribute, v: &Node) {
    let name = attribute.name();
    match attribute {
        UserAttribute::Login => user.login = text(ctx, v, name, None),
        // Guids compare without regard to case; the model keeps them lower-cased.
        UserAttribute::Id => {
            user.id =
                text(ctx, v, name, None).map(|s| Spanned::new(s.value.to_ascii_lowercase(), s.span))
        }
        UserAttribute::UserType => user.user_type = enumeration::<UserType>(ctx, v, name, None),
        UserAttribute::IsAdmin => user.is_admin = boolean(ctx, v, name, None),
        UserAttribute::Active => user.active = boolean(ctx, v, name, None),
        UserAttribute::Groups => user.groups = Some(groups(ctx, v)),
    }
}

/// A user's groups: each item a group's name, or a mapping with its `Name` and
/// `GroupType`, or a membership (`Systems_Security_UserGroups`) whose `Group` is expanded.
fn groups(ctx: &mut Ctx<'_>, v: &Node) -> Vec<Spanned<Group>> {
    let mut groups = Vec::new();
    for item in list_items(ctx, v, "Groups") {
        let record = item.get("Group").map_or(item, |g| &g.value);
        let field = |key: &str| {
            record
                .get(key)
                .and_then(|n| n.value.as_str())
                .map(str::to_string)
        };
        let group = match item.as_str() {
            Some(name) => Some(Group {
                name: Some(name.to_string()),
                group_type: None,
            }),
            None => Some(Group {
                name: field("Name").or_else(|| {
                    record
                        .get("Name")
                        .and_then(|n| n.value.get("en"))
                        .and_then(|n| n.value.as_str())
                        .map(str::to_string)
                }),
                group_type: field("GroupType"),
            })
            .filter(|g| g.name.is_some() || g.group_type.is_some()),
        };
        match group {
            Some(g) => groups.push(Spanned::new(g, item.span)),
            None => ctx.invalid(
                item.span,
                None,
                "a group must be given by its name or its GroupType".to_string(),
                "write the group's name, or {Name: ..., GroupType: Administrators}",
            ),
        }
    }
    groups
}

/// Cuts a value to a length fit for a message.
fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    // A cut secret no longer has its shape: mask before cutting.
    let s = &crate::secrets::mask_shaped(s);
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::yaml;
    use crate::model::AttrKind;

    fn load(text: &str) -> (Definition, Vec<Finding>) {
        let source = SourceFile::in_memory("t.yaml", text);
        let root = yaml::parse(text).unwrap();
        let mut findings = Vec::new();
        let def = load_definition(&root, &source, 0, &mut findings);
        (def, findings)
    }

    #[test]
    fn comma_separated_uris_keep_a_span_for_each_entry() {
        let text = "ApplicationUri: a.b/c\nImpersonateLoginUrl: https://a.example/cb,https://b.example/cb\n";
        let (def, findings) = load(text);
        assert!(findings.is_empty(), "{findings:?}");
        let urls = def.apps[0].login_urls();
        assert_eq!(urls.len(), 2);
        assert_eq!(
            &text[urls[1].span.start..urls[1].span.end],
            "https://b.example/cb"
        );
    }

    #[test]
    fn misspelled_attribute_gets_a_suggestion() {
        let (_, findings) = load("ApplicationUri: a.b/c\nScopes: read\n");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].rule, Rule::TA104);
        assert!(
            findings[0].message.contains("did you mean `Scope`"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn domain_api_reference_resolves_to_a_guid() {
        let text = "ApplicationUri: a\nSystemUser:\n  \"@odata.id\": Systems_Security_Users(CC314327-3d04-477f-ac53-cde19d8350e9)\n";
        let (def, findings) = load(text);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            def.apps[0].system_user.as_ref().unwrap().value,
            UserRef::Id("cc314327-3d04-477f-ac53-cde19d8350e9".into())
        );
    }

    #[test]
    fn an_expanded_system_user_with_its_own_odata_id_is_read_as_a_user() {
        let text = "ApplicationUri: a\nSystemUser:\n  \"@odata.id\": Systems_Security_Users(cc314327-3d04-477f-ac53-cde19d8350e9)\n  Login: svc\n  IsAdmin: true\n";
        let (def, findings) = load(text);
        assert!(findings.is_empty(), "{findings:?}");
        let Some(Spanned {
            value: UserRef::Expanded(user),
            ..
        }) = &def.apps[0].system_user
        else {
            panic!("not expanded: {:?}", def.apps[0].system_user);
        };
        assert_eq!(user.login(), Some("svc"));
        assert_eq!(user.id(), Some("cc314327-3d04-477f-ac53-cde19d8350e9"));
        assert!(user.admin_evidence().is_some());
    }

    /// The message a value of the wrong type (here a number) gets, by the attribute's kind.
    fn wrong_type_message(name: &str, kind: AttrKind) -> String {
        let one_of = |names: Vec<&str>| {
            format!("{name} must be one of {}; found a number", names.join(", "))
        };
        match kind {
            AttrKind::Text => format!("{name} must be a string, found a number"),
            AttrKind::Bool => format!("{name} must be true or false, found a number"),
            AttrKind::ClientType => one_of(ClientType::names()),
            AttrKind::ReferenceTokens => one_of(ReferenceTokens::names()),
            AttrKind::AppType => one_of(AppType::names()),
            AttrKind::Environment => one_of(Environment::names()),
            AttrKind::UserType => one_of(UserType::names()),
            AttrKind::UriList => format!(
                "{name} must be a list of URIs or one comma-separated string, found a number"
            ),
            AttrKind::Scope => {
                format!("{name} must be a list or one space-separated string, found a number")
            }
            AttrKind::UserRef => {
                format!("{name} must be a login, a user reference or a user object, found a number")
            }
            AttrKind::Date => format!("{name} must be a date written YYYY-MM-DD"),
            AttrKind::Configs | AttrKind::Groups => {
                format!("{name} must be a list, found a number")
            }
        }
    }

    #[test]
    fn each_app_attribute_is_read_as_its_kind() {
        for attribute in Attribute::ALL {
            let name = attribute.name();
            let text = if *attribute == Attribute::ApplicationUri {
                format!("{name}: 1\n")
            } else {
                format!("ApplicationUri: a\n{name}: 1\n")
            };
            let (def, findings) = load(&text);
            let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(
                messages,
                [wrong_type_message(name, attribute.kind())],
                "{name}"
            );
            assert!(def.apps[0].is_unreadable(*attribute), "{name}");
        }
    }

    #[test]
    fn each_user_attribute_is_read_as_its_kind() {
        for attribute in UserAttribute::ALL {
            let name = attribute.name();
            let (def, findings) = load(&format!("Users:\n  - {name}: 1\n"));
            let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
            assert_eq!(
                messages,
                [wrong_type_message(name, attribute.kind())],
                "{name}"
            );
            assert_eq!(def.users.len(), 1, "{name}");
        }
    }

    #[test]
    fn stored_codes_and_the_old_attribute_name_are_read() {
        let (def, findings) = load("ApplicationUri: a\nAccessTokens: ADM\nClientType: P\n");
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            def.apps[0].reference_tokens(),
            ReferenceTokens::AdministratorsOnly
        );
        assert_eq!(def.apps[0].client_type(), ClientType::Public);
    }
}
