//! Findings: what a rule reports. Rules build them; renderers only format them.

use std::fmt;

use crate::source::Span;

/// How serious a finding is. Ordered, so `--fail-on` can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares the rule identifiers: the code (stable, public) and the kebab-case name.
/// A test keeps this list and the files in `rules/` in step.
macro_rules! rules {
    ($($variant:ident = ($code:literal, $name:literal)),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant),+ }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code),+ }
            }

            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name),+ }
            }
        }
    };
}

rules! {
    ParseError = ("TA001", "parse-error"),
    ApplicationUriMissing = ("TA101", "application-uri-missing"),
    ApplicationUriStyle = ("TA102", "application-uri-style"),
    DuplicateApplicationUri = ("TA103", "duplicate-application-uri"),
    UnknownAttribute = ("TA104", "unknown-attribute"),
    InvalidValue = ("TA105", "invalid-value"),
    NoAccessMode = ("TA106", "no-access-mode"),
    RedirectUriNotHttps = ("TA201", "redirect-uri-not-https"),
    RedirectUriWildcard = ("TA202", "redirect-uri-wildcard"),
    RedirectUriMalformed = ("TA203", "redirect-uri-malformed"),
    RedirectUriMissing = ("TA204", "redirect-uri-missing"),
    RedirectUriLoopbackName = ("TA205", "redirect-uri-loopback-name"),
    RedirectUriPrivateScheme = ("TA206", "redirect-uri-private-scheme"),
    RedirectUriListTooLong = ("TA207", "redirect-uri-list-too-long"),
    RedirectUriNearDuplicate = ("TA208", "redirect-uri-near-duplicate"),
    RedirectUriDangerousScheme = ("TA209", "redirect-uri-dangerous-scheme"),
    RedirectUriOpenRedirect = ("TA210", "redirect-uri-open-redirect"),
    PublicClientSecret = ("TA301", "public-client-secret"),
    ConfidentialClientNoSecret = ("TA302", "confidential-client-no-secret"),
    SecretHashMalformed = ("TA303", "secret-hash-malformed"),
    ClientTypeAppTypeMismatch = ("TA304", "client-type-app-type-mismatch"),
    SecretRotationOverdue = ("TA305", "secret-rotation-overdue"),
    ClientTypeNoneWithAccess = ("TA306", "client-type-none-with-access"),
    AppTypeFlagMismatch = ("TA401", "app-type-flag-mismatch"),
    CommunityWithoutInternal = ("TA402", "community-without-internal"),
    ServiceAppImpersonation = ("TA403", "service-app-impersonation"),
    SystemUserMissing = ("TA501", "system-user-missing"),
    SystemUserAdmin = ("TA502", "system-user-admin"),
    SystemUserUnresolved = ("TA503", "system-user-unresolved"),
    ServiceAccessPublicClient = ("TA504", "service-access-public-client"),
    SystemUserShared = ("TA505", "system-user-shared"),
    SystemUserUnsuitable = ("TA506", "system-user-unsuitable"),
    SystemUserDangling = ("TA507", "system-user-dangling"),
    ScopeSec = ("TA601", "scope-sec"),
    ScopeDomainApi = ("TA602", "scope-domainapi"),
    ScopeUnknown = ("TA603", "scope-unknown"),
    ScopeOfflineAccessService = ("TA604", "scope-offline-access-service"),
    ScopeOfflineAccessPublic = ("TA605", "scope-offline-access-public"),
    ScopeUnset = ("TA606", "scope-unset"),
    ReferenceTokensAnyUser = ("TA701", "reference-tokens-any-user"),
    SatPrerequisites = ("TA702", "sat-prerequisites"),
    BasicAuthEnabled = ("TA703", "basic-auth-enabled"),
    SecretInFrontendConfig = ("CF101", "secret-in-frontend-config"),
    ReferenceTokenCommitted = ("CF102", "reference-token-committed"),
    JwtCommitted = ("CF103", "jwt-committed"),
    HardcodedBackendSecret = ("CF104", "hardcoded-backend-secret"),
    SecretHashMismatch = ("CF105", "secret-hash-mismatch"),
    ClientIdUnregistered = ("CF201", "client-id-unregistered"),
    RedirectUriUnregistered = ("CF202", "redirect-uri-unregistered"),
    PostLogoutUriUnregistered = ("CF203", "post-logout-uri-unregistered"),
    ScopeNotGranted = ("CF204", "scope-not-granted"),
    PkceDisabled = ("CF205", "pkce-disabled"),
    ImplicitFlow = ("CF206", "implicit-flow"),
    AuthorityInvalid = ("CF207", "authority-invalid"),
    TokenInUrl = ("CF208", "token-in-url"),
    PublicClientSecretInConfig = ("CF209", "public-client-secret-in-config"),
    DisabledAppInUse = ("CF210", "disabled-app-in-use"),
    SuppressionWithoutReason = ("TL001", "suppression-without-reason"),
    UnusedSuppression = ("TL002", "unused-suppression"),
    ExpiredSuppression = ("TL003", "expired-suppression"),
    InvalidConfig = ("TL004", "invalid-config"),
}

impl Rule {
    /// Finds a rule by its code (`TA201`) or its name (`redirect-uri-not-https`).
    pub fn lookup(text: &str) -> Option<Rule> {
        let text = text.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(text) || r.name() == text)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A place in a file with a short label, for a finding's secondary locations.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub file: usize,
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// Index of the file in the run's sources.
    pub file: usize,
    pub span: Span,
    /// The label under the primary span.
    pub label: String,
    pub related: Vec<Label>,
    /// The `ApplicationUri` of the app the finding is about, when there is one.
    pub app: Option<String>,
    pub message: String,
    /// One line that says how to fix it.
    pub help: String,
}

pub use crate::redact::{MAX_TEXT_CHARS, clean_text};

/// Text a finding may carry: shaped secrets masked (kind and length only), unsafe
/// characters escaped, cut to [`MAX_TEXT_CHARS`].
fn shown(text: &str) -> String {
    clean_text(&crate::redact::mask_shaped(text))
}

impl Finding {
    /// A finding at the rule's default severity; the catalog supplies it.
    pub fn new(rule: Rule, file: usize, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: crate::catalog::default_severity(rule),
            file,
            span,
            label: String::new(),
            related: Vec::new(),
            app: None,
            message: shown(&message.into()),
            help: String::new(),
        }
    }

    pub fn label(mut self, text: impl Into<String>) -> Self {
        self.label = shown(&text.into());
        self
    }

    pub fn help(mut self, text: impl Into<String>) -> Self {
        self.help = shown(&text.into());
        self
    }

    pub fn app(mut self, uri: Option<&str>) -> Self {
        self.app = uri.map(shown);
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn related(mut self, file: usize, span: Span, text: impl Into<String>) -> Self {
        self.related.push(Label {
            file,
            span,
            text: shown(&text.into()),
        });
        self
    }
}
