//! Findings: what a rule reports. Rules build them; renderers only format them.

use crate::source::Span;

pub use crate::rule::{Rule, Selection, Severity};

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
    /// The finding is about a secret (a credential, a token, a secret hash), so its
    /// fingerprint must not hash the value it points at. The rule that raises it says so.
    pub about_secret: bool,
    /// The finding follows from another at this span (a missing `Scope` from a misspelled
    /// `Scopes`), and is listed right after it.
    pub after: Option<Span>,
    /// The organisation policy a PL finding enforces: its name and the requirement
    /// (`redirect-uris.permitted-domains`). Part of the fingerprint, so that two policies,
    /// or two requirements of one, at the same place are two findings.
    pub policy: Option<PolicyRef>,
}

/// Which policy and which of its requirements a finding enforces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRef {
    /// The policy's name (checked when read: letters, digits, `.`, `_`, `-`).
    pub name: String,
    /// The requirement, as `table.key` of the policy language.
    pub requirement: &'static str,
    /// The file the policy came from, as shown (escaped).
    pub origin: String,
    /// The policy came from a `--policy` file: the repository's own configuration (rule
    /// levels, `[[ignore]]`, inline comments) cannot hold its findings back; only the
    /// `--baseline` given on the command line can.
    pub locked: bool,
}

pub use crate::escape::{MAX_TEXT_CHARS, clean_text};

/// Text a finding may carry: shaped secrets masked (kind and length only), unsafe
/// characters escaped, cut to [`MAX_TEXT_CHARS`].
fn shown(text: &str) -> String {
    clean_text(&crate::secrets::mask_shaped(text))
}

impl Finding {
    /// A finding at the rule's default severity; the catalog supplies it.
    pub fn new(rule: Rule, file: usize, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            file,
            span,
            label: String::new(),
            related: Vec::new(),
            app: None,
            message: shown(&message.into()),
            help: String::new(),
            about_secret: false,
            after: None,
            policy: None,
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

    /// Marks the finding as about a secret: its fingerprint leaves the value out.
    pub fn about_secret(mut self) -> Self {
        self.about_secret = true;
        self
    }

    /// Marks the finding as enforcing a requirement of an organisation policy.
    pub fn policy(
        mut self,
        name: &str,
        requirement: &'static str,
        origin: &str,
        locked: bool,
    ) -> Self {
        self.policy = Some(PolicyRef {
            name: clean_text(name),
            requirement,
            origin: crate::escape::clean_path(origin),
            locked,
        });
        self
    }

    pub fn app(mut self, uri: Option<&str>) -> Self {
        self.app = uri.map(shown);
        self
    }

    /// The finding as the configuration's rule levels want it; `None` when its rule is off.
    pub fn selected(mut self, selection: &Selection) -> Option<Self> {
        self.severity = selection.severity_for(self.rule, self.severity)?;
        Some(self)
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
