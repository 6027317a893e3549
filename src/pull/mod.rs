//! `trustlint pull`: reads an instance's Trusted Applications (and, where the token may
//! read them, its reference tokens and app authorizations) over the Domain API's OData
//! endpoint, and writes them as the export files `check`, `audit` and `diff` read.
//!
//! What it guards: the token is never printed, logged or written (every message built here
//! is scrubbed of it, and no answer body is ever quoted); it is sent over HTTPS only, or
//! over plain HTTP to a loopback address (for tests); it is never sent to another origin
//! (no redirect is followed, and a `@odata.nextLink` must stay on the instance); the secret
//! attributes of tokens (`AccessTokenKey`, `Data`) are never asked for; and a pull that
//! fails part way leaves no file that looks complete.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Map, Value, json};

/// A bearer token (PAT, SAT or access token). Its `Debug` shows nothing.
pub struct Token(String);

impl Token {
    /// A token from its text; surrounding whitespace (a line end from standard input) is
    /// dropped. `None` for an empty one.
    pub fn new(text: &str) -> Option<Token> {
        let t = text.trim();
        (!t.is_empty()).then(|| Token(t.to_string()))
    }

    /// `text` with every occurrence of the token replaced.
    fn scrub(&self, text: &str) -> String {
        // No message built here holds the token; this is the net under them. A token too
        // short to be real would only mangle the message.
        if self.0.len() < 8 {
            return text.to_string();
        }
        text.replace(&self.0, "<token>")
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(<hidden>)")
    }
}

/// How a pull talks to the instance.
#[derive(Debug)]
pub struct PullOptions {
    /// The instance name (`acme` for `https://acme.my.erp.net`).
    pub instance: String,
    /// Another OData root (`https://host/api/domain/odata/`); plain `http` only to a
    /// loopback address.
    pub base_url: Option<String>,
    pub out_dir: PathBuf,
    pub token: Token,
    pub connect_timeout: Duration,
    /// For each answer, and for each read of its body.
    pub read_timeout: Duration,
    /// Retries of a request answered 429 or 5xx (or not answered at all).
    pub retries: u32,
    /// The first wait between retries, doubled each time, when no `Retry-After` says more.
    pub backoff: Duration,
    /// The longest wait a `Retry-After` may ask for.
    pub max_wait: Duration,
}

impl PullOptions {
    /// A pull with the defaults of `trustlint pull`'s flags: 10 s to connect, 60 s for an
    /// answer, 4 retries from a 1 s backoff, a `Retry-After` of at most 120 s.
    pub fn new(instance: String, base_url: Option<String>, out_dir: PathBuf, token: Token) -> Self {
        PullOptions {
            instance,
            base_url,
            out_dir,
            token,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_secs(1),
            max_wait: Duration::from_secs(120),
        }
    }
}

/// An entity set a pull reads: the attributes it asks for, and those of the references it
/// expands. Only these are written, whatever else a server sends.
struct EntitySet {
    name: &'static str,
    select: &'static [&'static str],
    expand: &'static [(&'static str, &'static [&'static str])],
    /// Whether the pull fails without it (the others may be closed to the token).
    required: bool,
}

impl EntitySet {
    /// `$select=...&$expand=...`.
    fn query(&self) -> String {
        let mut query = format!("$select={}", self.select.join(","));
        if !self.expand.is_empty() {
            let expand: Vec<String> = self
                .expand
                .iter()
                .map(|(name, select)| format!("{name}($select={})", select.join(",")))
                .collect();
            query.push_str(&format!("&$expand={}", expand.join(",")));
        }
        query
    }

    /// A record with only the attributes asked for (and `@odata.id`): a server that sends
    /// more (an older instance, a proxy, a bug) must not put a token's key on disk.
    fn project(&self, record: &Value) -> Option<Value> {
        let Value::Object(fields) = record else {
            return None;
        };
        let keep = |fields: &Map<String, Value>, names: &[&str]| -> Map<String, Value> {
            fields
                .iter()
                .filter(|(k, _)| *k == "@odata.id" || names.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let mut out = keep(fields, self.select);
        for (name, select) in self.expand {
            if let Some(value) = fields.get(*name) {
                let value = match value {
                    Value::Object(inner) => Value::Object(keep(inner, select)),
                    Value::Null => Value::Null,
                    _ => continue,
                };
                out.insert((*name).to_string(), value);
            }
        }
        Some(Value::Object(out))
    }
}

/// The attributes of a Trusted Application trustlint reads, and its System User's.
const APPS: EntitySet = EntitySet {
    name: "Systems_Security_TrustedApplications",
    select: &[
        "Id",
        "ApplicationUri",
        "Name",
        "ClientType",
        "ApplicationSecretHash",
        "ImpersonateAsInternalUserAllowed",
        "ImpersonateAsCommunityUserAllowed",
        "ImpersonateLoginUrl",
        "ImpersonateLogoutUrl",
        "Scope",
        "SystemUserAllowed",
        "ReferenceTokens",
        "BasicAuthenticationAllowed",
        "IsEnabled",
        "Notes",
        "CreationTimeUtc",
    ],
    expand: &[(
        "SystemUser",
        &["Id", "Login", "UserType", "IsAdmin", "Active"],
    )],
    required: true,
};

/// Never `AccessTokenKey` or `Data`: the token itself and what it carries.
const TOKENS: EntitySet = EntitySet {
    name: "Systems_Security_AccessTokens",
    select: &[
        "Id",
        "Type",
        "Client",
        "Actor",
        "Scopes",
        "Description",
        "CreationTimestamp",
        "ExpireTimestamp",
        "ConsumedTimestamp",
        "LastUsedTimestamp",
    ],
    expand: &[],
    required: false,
};

const AUTHORIZATIONS: EntitySet = EntitySet {
    name: "Systems_Security_TrustedApplicationAuthorizations",
    select: &[
        "Id",
        "GrantTimeUtc",
        "IsRevoked",
        "ValidFromUtc",
        "ValidUntilUtc",
    ],
    expand: &[
        ("TrustedApplication", &["ApplicationUri"]),
        ("ContextUser", &["Login"]),
        ("GrantingUser", &["Login"]),
    ],
    required: false,
};

/// The most records and bytes one entity set may take: a server whose `@odata.nextLink`
/// never ends must not fill the memory.
const MAX_RECORDS: usize = 1_000_000;
const MAX_SET_BYTES: u64 = 1024 * 1024 * 1024;

/// The most pages one entity set may take (a server whose `@odata.nextLink` never ends
/// must not keep a pull going).
const MAX_PAGES: usize = 10_000;

/// The largest answer read (one page).
const MAX_PAGE_BYTES: u64 = 64 * 1024 * 1024;

/// What a pull did, as written to `manifest.json`.
#[derive(Debug, serde::Serialize)]
pub struct Manifest {
    pub instance: String,
    pub odata_root: String,
    /// When the pull ended, UTC (RFC 3339).
    pub pulled_at: String,
    /// Whether every entity set was read in full.
    pub complete: bool,
    pub sets: Vec<SetResult>,
}

#[derive(Debug, serde::Serialize)]
pub struct SetResult {
    pub entity_set: String,
    /// The files written, when the set was read in full: `<set>.json`, then
    /// `<set>.2.json`, ... for a set of more than 10,000 records (each file stays well
    /// under the size `check` reads).
    pub files: Vec<String>,
    pub records: usize,
    /// Why the set was not read, or not in full.
    pub error: Option<String>,
    /// What else to know about what was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Why a pull failed: a message that says what to do, never holding the token.
#[derive(Debug)]
pub struct PullError(pub String);

impl std::fmt::Display for PullError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The OData root a pull reads: the instance's, or `base_url` when it is allowed.
pub fn odata_root(options: &PullOptions) -> Result<url::Url, PullError> {
    let name = options.instance.trim().to_ascii_lowercase();
    let valid_name = !name.is_empty()
        && name.len() <= 63
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.starts_with('-')
        && !name.ends_with('-');
    let text = match &options.base_url {
        Some(base) => base.trim().to_string(),
        None if valid_name => format!("https://{name}.my.erp.net/api/domain/odata/"),
        None => {
            return Err(PullError(format!(
                "`{}` is not an instance name: give the first label of its address (`acme` for https://acme.my.erp.net)",
                crate::redact::quoted_value(&options.instance)
            )));
        }
    };
    let mut url = url::Url::parse(&text).map_err(|e| {
        PullError(format!(
            "--base-url `{}` is not a URL: {e}",
            crate::redact::quoted_value(&text)
        ))
    })?;
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => {
            return Err(PullError(
                "the token is sent over HTTPS only (plain http only to a loopback --base-url, for tests)"
                    .into(),
            ));
        }
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(PullError(
            "--base-url must not carry a user name or password; the token comes from the environment or standard input".into(),
        ));
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Reads the instance and writes its exports and `manifest.json` into `out_dir`.
/// `Err` when the Trusted Applications could not be read in full (the manifest says
/// so); a set the token may not read is recorded in the manifest and the pull goes on.
pub fn pull(options: &PullOptions) -> Result<Manifest, PullError> {
    let root = odata_root(options)?;
    std::fs::create_dir_all(&options.out_dir)
        .map_err(|e| PullError(format!("cannot create {}: {e}", options.out_dir.display())))?;
    let client = Client::new(options, root.clone());
    let mut sets = Vec::new();
    let mut failed = None;
    let mut users: Vec<Value> = Vec::new();
    let all = [&APPS, &TOKENS, &AUTHORIZATIONS];
    for set in all {
        // Files from an earlier pull would look like this pull's.
        remove_set_files(&options.out_dir, set.name);
        match client.read_set(set) {
            Ok(records) => {
                if set.name == APPS.name {
                    users = expanded_users(&records);
                }
                let count = records.len();
                let files = write_set(&options.out_dir, &root, set.name, records)?;
                sets.push(SetResult {
                    entity_set: set.name.to_string(),
                    files,
                    records: count,
                    error: None,
                    note: None,
                });
            }
            Err(e) => {
                let message = options.token.scrub(&e.0);
                sets.push(SetResult {
                    entity_set: set.name.to_string(),
                    files: Vec::new(),
                    records: 0,
                    error: Some(message.clone()),
                    note: None,
                });
                if set.required {
                    failed = Some(message);
                    break;
                }
            }
        }
    }
    // The System Users the apps run as, from the apps' expanded `SystemUser`.
    let users_set = "Systems_Security_Users";
    remove_set_files(&options.out_dir, users_set);
    if failed.is_none() {
        let count = users.len();
        let files = write_set(&options.out_dir, &root, users_set, users)?;
        sets.push(SetResult {
            entity_set: users_set.into(),
            files,
            records: count,
            error: None,
            note: Some(
                "the System Users of the apps, from their SystemUser; group membership was not read"
                    .into(),
            ),
        });
    } else {
        // Nothing of an earlier pull may pass for this one's: the sets not read now go.
        for set in all {
            if !sets
                .iter()
                .any(|s| s.entity_set == set.name && !s.files.is_empty())
            {
                remove_set_files(&options.out_dir, set.name);
            }
        }
    }
    let manifest = Manifest {
        instance: options.instance.trim().to_ascii_lowercase(),
        odata_root: root.to_string(),
        pulled_at: crate::date::now_rfc3339(),
        complete: failed.is_none() && sets.iter().all(|s| s.error.is_none()),
        sets,
    };
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n";
    write_atomically(&options.out_dir.join("manifest.json"), text.as_bytes())?;
    match failed {
        Some(message) => Err(PullError(message)),
        None => Ok(manifest),
    }
}

/// The distinct expanded System Users of the apps, by `Id`.
fn expanded_users(apps: &[Value]) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for app in apps {
        if let Some(user) = app.get("SystemUser").filter(|u| u.is_object()) {
            let id = user.get("Id").and_then(Value::as_str).unwrap_or_default();
            if seen.insert(id.to_ascii_lowercase()) {
                out.push(user.clone());
            }
        }
    }
    out
}

/// Records per export file: 10,000 tokens take about 3 MiB.
const RECORDS_PER_FILE: usize = 10_000;

/// Writes a set as `<set>.json`, `<set>.2.json`, ..., each an export of its own.
fn write_set(
    dir: &Path,
    root: &url::Url,
    set: &str,
    records: Vec<Value>,
) -> Result<Vec<String>, PullError> {
    let mut files = Vec::new();
    let mut records = records.into_iter().peekable();
    let mut part = 1;
    loop {
        let chunk: Vec<Value> = records.by_ref().take(RECORDS_PER_FILE).collect();
        let name = if part == 1 {
            format!("{set}.json")
        } else {
            format!("{set}.{part}.json")
        };
        write_export(&dir.join(&name), root, set, chunk)?;
        files.push(name);
        if records.peek().is_none() {
            return Ok(files);
        }
        part += 1;
    }
}

/// Removes `<set>.json` and its parts `<set>.N.json` from `dir`.
fn remove_set_files(dir: &Path, set: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let part = name
            .strip_prefix(set)
            .and_then(|rest| rest.strip_suffix(".json"))
            .map(|middle| middle.strip_prefix('.').unwrap_or(middle));
        if part.is_some_and(|p| p.is_empty() || p.bytes().all(|b| b.is_ascii_digit())) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_export(
    path: &Path,
    root: &url::Url,
    set: &str,
    records: Vec<Value>,
) -> Result<(), PullError> {
    let doc = json!({
        "@odata.context": format!("{root}$metadata#{set}"),
        "value": records,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
    write_atomically(path, text.as_bytes())
}

/// Writes a file whole or not at all: a temporary file beside it, renamed over it.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), PullError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let fail = |e: std::io::Error| PullError(format!("cannot write {}: {e}", path.display()));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(bytes).map_err(fail)?;
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// The HTTP side: one agent, the token, the retry policy.
struct Client<'o> {
    agent: ureq::Agent,
    root: url::Url,
    options: &'o PullOptions,
}

impl<'o> Client<'o> {
    fn new(options: &'o PullOptions, root: url::Url) -> Client<'o> {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(options.connect_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .timeout_recv_body(Some(options.read_timeout))
            .timeout_per_read(Some(options.read_timeout))
            .http_status_as_error(false)
            // A redirect could take the token to another host.
            .max_redirects(0)
            .user_agent(concat!("trustlint/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
            root,
            options,
        }
    }

    /// Every record of an entity set, following `@odata.nextLink`.
    fn read_set(&self, set: &EntitySet) -> Result<Vec<Value>, PullError> {
        let mut url = self
            .root
            .join(set.name)
            .map_err(|e| PullError(format!("cannot build the address of {}: {e}", set.name)))?;
        url.set_query(Some(&set.query()));
        let mut records = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut bytes = 0u64;
        for page in 1..=MAX_PAGES {
            if !seen.insert(url.to_string()) {
                return Err(PullError(format!(
                    "{}: page {page}'s next link points back at a page already read; stopped",
                    set.name
                )));
            }
            let (doc, size) = self.get_page(&url, set.name, page)?;
            bytes += size;
            let Some(Value::Array(values)) = doc.get("value") else {
                return Err(PullError(format!(
                    "{}: page {page} is not an OData collection (no `value` array); is the address the Domain API's OData root?",
                    set.name
                )));
            };
            records.extend(values.iter().filter_map(|r| set.project(r)));
            if records.len() > MAX_RECORDS || bytes > MAX_SET_BYTES {
                return Err(PullError(format!(
                    "{}: more than {MAX_RECORDS} records or {} MiB; stopped",
                    set.name,
                    MAX_SET_BYTES / 1024 / 1024
                )));
            }
            match doc.get("@odata.nextLink").and_then(Value::as_str) {
                Some(next) => url = self.next_page(&url, next, set.name)?,
                None => return Ok(records),
            }
        }
        Err(PullError(format!(
            "{}: more than {MAX_PAGES} pages; stopped",
            set.name
        )))
    }

    /// The next page's address, which must stay on the instance.
    fn next_page(&self, current: &url::Url, next: &str, set: &str) -> Result<url::Url, PullError> {
        let url = current
            .join(next)
            .map_err(|_| PullError(format!("{set}: the next page's address is not a URL")))?;
        if url.origin() != self.root.origin() {
            return Err(PullError(format!(
                "{set}: the next page is on another host ({}); the token is not sent there",
                url.host_str().unwrap_or("?")
            )));
        }
        Ok(url)
    }

    /// One page, with retries on 429 and 5xx and on a request that got no answer.
    fn get_page(
        &self,
        url: &url::Url,
        set: &str,
        page: usize,
    ) -> Result<(Map<String, Value>, u64), PullError> {
        let options = self.options;
        let mut attempt = 0u32;
        loop {
            let result = self
                .agent
                .get(url.as_str())
                .header("Authorization", &format!("Bearer {}", options.token.0))
                .header("Accept", "application/json")
                .call();
            let (retry, wait, message) = match result {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if status == 200 {
                        let body = response
                            .body_mut()
                            .with_config()
                            .limit(MAX_PAGE_BYTES)
                            .read_to_string()
                            .map_err(|e| self.transport_error(set, &e))?;
                        return match serde_json::from_str::<Value>(&body) {
                            Ok(Value::Object(map)) => Ok((map, body.len() as u64)),
                            _ => Err(PullError(format!(
                                "{set}: page {page} is not OData JSON ({} bytes); is the address the Domain API's OData root?",
                                body.len()
                            ))),
                        };
                    }
                    let retry_after = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .map(str::trim)
                        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                        // A number too large for u64 is a wait too long.
                        .map(|v| v.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
                    let retry = status == 429 || (500..600).contains(&status);
                    (retry, retry_after, status_message(status, set))
                }
                Err(e) => {
                    let error = self.transport_error(set, &e);
                    // Not reaching the host at all (no such host, connection refused) is
                    // not retried; a dropped or timed-out answer is.
                    let retry = match &e {
                        ureq::Error::Timeout(_) => true,
                        ureq::Error::Io(io) => matches!(
                            io.kind(),
                            std::io::ErrorKind::ConnectionReset
                                | std::io::ErrorKind::ConnectionAborted
                                | std::io::ErrorKind::UnexpectedEof
                                | std::io::ErrorKind::BrokenPipe
                                | std::io::ErrorKind::Interrupted
                        ),
                        _ => false,
                    };
                    (retry, None, error.0)
                }
            };
            if !retry || attempt >= options.retries {
                let tries = if attempt > 0 {
                    format!(" (after {} tries)", attempt + 1)
                } else {
                    String::new()
                };
                return Err(PullError(options.token.scrub(&format!("{message}{tries}"))));
            }
            let backoff = options.backoff.saturating_mul(1 << attempt.min(16));
            let wait = wait.unwrap_or(backoff);
            if wait > options.max_wait {
                return Err(PullError(format!(
                    "{message}; the server asks to wait {} s, more than the {} s allowed (--max-retry-wait)",
                    wait.as_secs(),
                    options.max_wait.as_secs()
                )));
            }
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn transport_error(&self, set: &str, e: &ureq::Error) -> PullError {
        let host = self.root.host_str().unwrap_or("?");
        let message = match e {
            ureq::Error::Timeout(_) => {
                format!("{set}: {host} did not answer in time (--connect-timeout, --read-timeout)")
            }
            ureq::Error::HostNotFound => {
                format!("{set}: {host} was not found; check the instance name")
            }
            ureq::Error::ConnectionFailed => format!("{set}: cannot connect to {host}"),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => format!(
                "{set}: {host} refused the connection; check the instance name (or --base-url and its port)"
            ),
            ureq::Error::Io(io)
                if io.kind() == std::io::ErrorKind::NotFound
                    || io.to_string().contains("lookup")
                    || io.to_string().contains("resolve")
                    || io.to_string().contains("Name or service not known") =>
            {
                format!("{set}: {host} was not found; check the instance name")
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => format!(
                "{set}: the TLS connection to {host} failed ({e}); is the address right, and is the certificate valid?"
            ),
            // A plain-text server behind an https address, or a TLS handshake cut short, shows
            // as a broken connection.
            ureq::Error::Io(_) if self.root.scheme() == "https" => format!(
                "{set}: the connection to {host} broke ({e}); is the address right, and does it speak HTTPS (TLS) with a valid certificate?"
            ),
            ureq::Error::BodyExceedsLimit(_) => format!(
                "{set}: a page is larger than {} MiB",
                MAX_PAGE_BYTES / 1024 / 1024
            ),
            other => format!("{set}: the request to {host} failed: {other}"),
        };
        PullError(self.options.token.scrub(&message))
    }
}

fn status_message(status: u16, set: &str) -> String {
    match status {
        401 => {
            format!("{set}: 401 Unauthorized: the token is invalid or has expired; issue a new one")
        }
        403 => format!(
            "{set}: 403 Forbidden: the token's user may not read this entity set (it needs read access to Systems.Security; an administrator, or a System User with that right)"
        ),
        404 => format!(
            "{set}: 404 Not Found: check the instance name (or --base-url): the Domain API's OData root is https://NAME.my.erp.net/api/domain/odata/"
        ),
        429 => format!("{set}: 429 Too Many Requests: the instance throttled the pull"),
        300..=399 => format!(
            "{set}: the instance answered {status} (a redirect, which is not followed so that the token goes nowhere else); give the Domain API's OData root itself"
        ),
        s if (500..600).contains(&s) => format!("{set}: the instance answered {s}"),
        s => format!("{set}: the instance answered {s}"),
    }
}
