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
    SsoOnly,
    OauthCapable,
    ActsAs,
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
    /// The first pair of answers that contradict each other, named by their flags.
    pub fn check_consistency(&self) -> Result<(), String> {
        let conflict = |a: &str, b: &str, why: &str| Err(format!("{a} contradicts {b}: {why}"));
        if no(self.interactive_ui) && self.platform.is_some() {
            return conflict(
                "--interactive-ui no",
                "--platform",
                "the platform is where the user interface runs",
            );
        }
        if no(self.interactive_ui) && yes(self.external_users) {
            return conflict(
                "--interactive-ui no",
                "--external-users yes",
                "external users sign in through a user interface",
            );
        }
        if no(self.interactive_ui) && yes(self.sso_only) {
            return conflict(
                "--interactive-ui no",
                "--sso-only yes",
                "sign-in needs a user interface",
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
            );
        }
        if no(self.both) && yes(self.interactive_ui) && yes(self.unattended) {
            return conflict(
                "--both no",
                "--interactive-ui yes --unattended yes",
                "an app with a sign-in UI that also runs unattended needs both",
            );
        }
        if yes(self.sso_only) && (yes(self.unattended) || yes(self.both)) {
            return conflict(
                "--sso-only yes",
                "--unattended yes",
                "unattended work calls the instance's APIs",
            );
        }
        if yes(self.sso_only) && self.acts_as.is_some() {
            return conflict(
                "--sso-only yes",
                "--acts-as",
                "reference tokens are for API calls",
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
            );
        }
        if self.acts_as.is_some() && yes(self.oauth_capable) {
            return conflict(
                "--acts-as",
                "--oauth-capable yes",
                "reference tokens are for jobs that cannot run an OAuth flow",
            );
        }
        if no(self.interactive_ui) && no(self.unattended) {
            return Err("--interactive-ui no and --unattended no leave nothing to authenticate: an app either has users who sign in or runs on its own".into());
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
        let err = a.check_consistency().unwrap_err();
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
