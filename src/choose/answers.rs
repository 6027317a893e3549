//! The answers the decision needs, their questions, and the rules that say which answers
//! contradict each other or are still missing.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// A browser-only single-page app.
    Browser,
    /// A server-rendered web app, or an SPA with its own backend.
    Server,
    /// A native desktop app.
    Desktop,
    /// A mobile app.
    Mobile,
}

impl Platform {
    /// Runs on the user's browser or device, where no secret can be kept.
    pub fn is_public(self) -> bool {
        self != Platform::Server
    }

    /// The value of `--platform` that names it.
    pub fn flag_value(self) -> &'static str {
        match self {
            Platform::Browser => "browser",
            Platform::Server => "server",
            Platform::Desktop => "desktop",
            Platform::Mobile => "mobile",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ActsAs {
    /// A personal access token: the job acts as a person.
    User,
    /// A service access token: the job acts as the application's System User.
    App,
}

/// The answers, each optional until given. Field names are the YAML keys of `--answers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Answers {
    pub interactive_ui: Option<bool>,
    pub unattended: Option<bool>,
    pub both: Option<bool>,
    pub platform: Option<Platform>,
    pub external_users: Option<bool>,
    /// The app needs the instance's APIs for its external users (asked of browser, desktop and mobile apps).
    pub external_api: Option<bool>,
    pub sso_only: Option<bool>,
    pub oauth_capable: Option<bool>,
    pub acts_as: Option<ActsAs>,
}

/// One question of the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    InteractiveUi,
    Unattended,
    Both,
    Platform,
    ExternalUsers,
    ExternalApi,
    SsoOnly,
    OauthCapable,
    ActsAs,
}

/// Two answers that cannot both be true, said two ways: in flag names for the command line,
/// in plain words for the wizard, which then asks its question again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub flags: String,
    pub plain: &'static str,
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.flags)
    }
}

impl Question {
    /// The command-line flag that answers it.
    pub fn flag(self) -> &'static str {
        match self {
            Question::InteractiveUi => "--interactive-ui yes|no",
            Question::Unattended => "--unattended yes|no",
            Question::Both => "--both yes|no",
            Question::Platform => "--platform browser|server|desktop|mobile",
            Question::ExternalUsers => "--external-users yes|no",
            Question::ExternalApi => "--external-api yes|no",
            Question::SsoOnly => "--sso-only yes|no",
            Question::OauthCapable => "--oauth-capable yes|no",
            Question::ActsAs => "--acts-as user|app",
        }
    }

    /// The question as the wizard asks it.
    pub fn prompt(self) -> &'static str {
        match self {
            Question::InteractiveUi => "Do people sign in to the app through a user interface?",
            Question::Unattended => {
                "Does it run unattended (a service, scheduled job or integration)?"
            }
            Question::Both => "Does it need both user sign-in and system-level automation?",
            Question::Platform => "Where does the user interface run?",
            Question::ExternalUsers => {
                "Do external (community) users sign in, such as customers or partners?"
            }
            Question::ExternalApi => {
                "Does the app need the instance's data for its external users?"
            }
            Question::SsoOnly => "Is sign-in all it needs, with no calls to the instance's APIs?",
            Question::OauthCapable => {
                "Can the job run an OAuth flow (an HTTP client that requests tokens)?"
            }
            Question::ActsAs => "Should the job act as a person or as the application?",
        }
    }

    /// A line of explanation shown under the question.
    pub fn help(self) -> &'static str {
        match self {
            Question::InteractiveUi => {
                "Yes for web apps, SPAs, desktop and mobile apps; no for services and scripts."
            }
            Question::Unattended => {
                "Yes if it works without anyone signed in: sync jobs, background workers, integrations."
            }
            Question::Both => {
                "Yes for portals and apps with a backend that does its own system-level work."
            }
            Question::Platform => {
                "Browser: SPA without a backend. Server: server-rendered app or SPA with its own backend."
            }
            Question::ExternalUsers => {
                "External users get identity only; the app then calls the APIs as itself."
            }
            Question::ExternalApi => {
                "They get no API access of their own: calls for them run as the app, with a secret only a backend keeps."
            }
            Question::SsoOnly => {
                "Yes if ERP.net only signs users in to your own app (the global identity provider)."
            }
            Question::OauthCapable => {
                "No for shell scripts, CI/CD steps and BI refreshes: they use a reference token instead."
            }
            Question::ActsAs => {
                "A person: a personal access token (PAT). The application: a service access token (SAT)."
            }
        }
    }
}

fn yes(v: Option<bool>) -> bool {
    v == Some(true)
}

fn no(v: Option<bool>) -> bool {
    v == Some(false)
}

impl Answers {
    /// The first pair of answers that contradict each other.
    pub fn check_consistency(&self) -> Result<(), Conflict> {
        let conflict = |a: &str, b: &str, why: &str, plain: &'static str| {
            Err(Conflict {
                flags: format!("{a} contradicts {b}: {why}"),
                plain,
            })
        };
        if no(self.interactive_ui) && self.platform.is_some() {
            return conflict(
                "--interactive-ui no",
                "--platform",
                "the platform is where the user interface runs",
                "An app without a user interface has no platform to choose.",
            );
        }
        if no(self.interactive_ui) && yes(self.external_users) {
            return conflict(
                "--interactive-ui no",
                "--external-users yes",
                "external users sign in through a user interface",
                "External users sign in through a user interface, and this app has none.",
            );
        }
        if no(self.interactive_ui) && yes(self.sso_only) {
            return conflict(
                "--interactive-ui no",
                "--sso-only yes",
                "sign-in needs a user interface",
                "Sign-in needs a user interface, and this app has none.",
            );
        }
        if yes(self.both) && (no(self.interactive_ui) || no(self.unattended)) {
            return conflict(
                "--both yes",
                if no(self.interactive_ui) {
                    "--interactive-ui no"
                } else {
                    "--unattended no"
                },
                "both means user sign-in and unattended work",
                "Both means people sign in and work also runs unattended.",
            );
        }
        if no(self.both) && yes(self.interactive_ui) && yes(self.unattended) {
            return conflict(
                "--both no",
                "--interactive-ui yes --unattended yes",
                "an app with a sign-in UI that also runs unattended needs both",
                "An app where people sign in that also runs unattended needs both.",
            );
        }
        if yes(self.sso_only) && (yes(self.unattended) || yes(self.both)) {
            return conflict(
                "--sso-only yes",
                "--unattended yes",
                "unattended work calls the instance's APIs",
                "Work that runs unattended calls the instance's APIs, so sign-in is not all it needs.",
            );
        }
        if yes(self.sso_only) && self.acts_as.is_some() {
            return conflict(
                "--sso-only yes",
                "--acts-as",
                "reference tokens are for API calls",
                "Reference tokens are for API calls, and a sign-in-only app makes none.",
            );
        }
        if self.oauth_capable.is_some() && (yes(self.interactive_ui) || no(self.unattended)) {
            return conflict(
                "--oauth-capable",
                if yes(self.interactive_ui) {
                    "--interactive-ui yes"
                } else {
                    "--unattended no"
                },
                "it is asked only of unattended jobs without a user interface",
                "Only an unattended job without a user interface chooses between an OAuth flow and a token.",
            );
        }
        if self.acts_as.is_some() && yes(self.oauth_capable) {
            return conflict(
                "--acts-as",
                "--oauth-capable yes",
                "reference tokens are for jobs that cannot run an OAuth flow",
                "Reference tokens are for jobs that cannot run an OAuth flow.",
            );
        }
        if self.external_api.is_some() && no(self.external_users) {
            return conflict(
                "--external-api",
                "--external-users no",
                "it is asked only of apps that external users sign in to",
                "Only an app that external users sign in to calls the APIs for them.",
            );
        }
        // ERP.net gives external (community) users identity only: whatever the app fetches
        // for them it fetches as itself, with a secret, and a browser or a device cannot
        // keep one.
        if let Some(platform) = self.platform.filter(|p| p.is_public())
            && yes(self.external_users)
            && yes(self.external_api)
        {
            return Err(Conflict {
                flags: format!(
                    "--platform {} contradicts --external-api yes: external users get no API access of their own, so the app calls the APIs for them as itself, with a secret that only a backend keeps; pass --platform server (add a backend) or --external-api no (they only sign in)",
                    platform.flag_value()
                ),
                plain: "External users get no API access of their own: the app calls the APIs for them as itself, with a secret that only a backend can keep. Add a backend, or let them only sign in.",
            });
        }
        if no(self.interactive_ui) && no(self.unattended) {
            return conflict(
                "--interactive-ui no",
                "--unattended no",
                "that leaves nothing to authenticate: an app either has users who sign in or runs on its own",
                "If nobody signs in through a user interface, the app must run on its own (a service, job or integration) to need a registration.",
            );
        }
        Ok(())
    }

    /// The questions still unanswered that the decision needs, in asking order.
    pub fn missing(&self) -> Vec<Question> {
        let mut out = Vec::new();
        if self.interactive_ui.is_none() {
            out.push(Question::InteractiveUi);
        }
        if self.unattended.is_none() && !yes(self.sso_only) {
            out.push(Question::Unattended);
        }
        if yes(self.interactive_ui) && self.platform.is_none() {
            out.push(Question::Platform);
        }
        let unattended_only = no(self.interactive_ui) && yes(self.unattended);
        if unattended_only && self.oauth_capable.is_none() && self.acts_as.is_none() {
            out.push(Question::OauthCapable);
        }
        let browser_for_external = yes(self.interactive_ui)
            && self.platform.is_some_and(Platform::is_public)
            && yes(self.external_users)
            && !yes(self.sso_only);
        if browser_for_external && self.external_api.is_none() {
            out.push(Question::ExternalApi);
        }
        if unattended_only && no(self.oauth_capable) && self.acts_as.is_none() {
            out.push(Question::ActsAs);
        }
        out
    }

    /// The optional questions the wizard also asks, when they apply and are unanswered.
    pub fn optional(&self) -> Vec<Question> {
        let mut out = Vec::new();
        if yes(self.interactive_ui) && self.external_users.is_none() {
            out.push(Question::ExternalUsers);
        }
        if yes(self.interactive_ui) && !yes(self.unattended) && self.sso_only.is_none() {
            out.push(Question::SsoOnly);
        }
        out
    }

    /// Fills `both` from the two answers it follows from.
    pub fn normalized(mut self) -> Self {
        if self.both.is_none() && self.interactive_ui.is_some() && self.unattended.is_some() {
            self.both = Some(yes(self.interactive_ui) && yes(self.unattended));
        }
        if yes(self.both) {
            self.interactive_ui.get_or_insert(true);
            self.unattended.get_or_insert(true);
        }
        if yes(self.sso_only) {
            self.unattended.get_or_insert(false);
        }
        if self.acts_as.is_some() {
            self.oauth_capable.get_or_insert(false);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_platform_without_a_ui_is_a_named_conflict() {
        let a = Answers {
            interactive_ui: Some(false),
            platform: Some(Platform::Browser),
            ..Default::default()
        };
        let err = a.check_consistency().unwrap_err().flags;
        assert!(
            err.contains("--interactive-ui no") && err.contains("--platform"),
            "{err}"
        );
    }

    #[test]
    fn missing_answers_follow_the_path() {
        let a = Answers {
            interactive_ui: Some(false),
            unattended: Some(true),
            ..Default::default()
        };
        assert_eq!(a.missing(), vec![Question::OauthCapable]);
        let a = Answers {
            oauth_capable: Some(false),
            ..a
        };
        assert_eq!(a.missing(), vec![Question::ActsAs]);
        assert_eq!(
            Answers::default().missing(),
            vec![Question::InteractiveUi, Question::Unattended]
        );
    }
}
