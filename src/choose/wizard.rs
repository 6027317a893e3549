//! The interactive wizard: asks the missing questions one at a time, shows a summary to
//! confirm, then offers to write the definition. The questions go through [`Prompter`], so
//! the flow is tested without a terminal; [`InquirePrompter`] is the real one.

use super::validate::{self, Field};
use super::{ActsAs, Answers, Platform, Question, Target, decide};

/// The user pressed Ctrl-C or Esc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// What the wizard needs from a terminal.
pub trait Prompter {
    /// Picks one of `options` (label, one-line explanation); returns its index.
    fn select(
        &mut self,
        question: &str,
        help: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, Interrupted>;
    fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted>;
    fn text(&mut self, question: &str, default: &str) -> Result<String, Interrupted>;
    /// Asks for a line of text that `check` accepts (it returns the cleaned value, or why
    /// not); an empty answer is taken as it is when `optional`.
    fn text_checked(
        &mut self,
        question: &str,
        help: &str,
        optional: bool,
        check: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<String, Interrupted>;
    /// Shows text that asks for nothing (the summary).
    fn show(&mut self, text: &str);
}

fn yes_no(p: &mut dyn Prompter, q: Question, default: bool) -> Result<bool, Interrupted> {
    let index = p.select(
        q.prompt(),
        q.help(),
        &["Yes", "No"],
        if default { 0 } else { 1 },
    )?;
    Ok(index == 0)
}

/// Asks one question and records the answer.
fn ask(p: &mut dyn Prompter, q: Question, a: &mut Answers) -> Result<(), Interrupted> {
    match q {
        Question::InteractiveUi => a.interactive_ui = Some(yes_no(p, q, true)?),
        Question::Unattended => a.unattended = Some(yes_no(p, q, false)?),
        Question::Both => a.both = Some(yes_no(p, q, false)?),
        Question::ExternalUsers => a.external_users = Some(yes_no(p, q, false)?),
        Question::ExternalApi => {
            let options = [
                "No: they only sign in; the app calls no API for them",
                "Yes: add a backend that calls the APIs as the app (a portal)",
            ];
            let i = p.select(q.prompt(), q.help(), &options, 0)?;
            a.external_api = Some(i == 1);
            if i == 1 {
                a.platform = Some(Platform::Server);
            }
        }
        Question::SsoOnly => a.sso_only = Some(yes_no(p, q, false)?),
        Question::OauthCapable => a.oauth_capable = Some(yes_no(p, q, true)?),
        Question::Platform => {
            let options = [
                "Browser (a single-page app with no backend)",
                "Server (a web app, or an SPA with its own backend)",
                "Desktop (a native desktop app)",
                "Mobile (a mobile app)",
            ];
            let i = p.select(q.prompt(), q.help(), &options, 1)?;
            a.platform = Some(
                [
                    Platform::Browser,
                    Platform::Server,
                    Platform::Desktop,
                    Platform::Mobile,
                ][i.min(3)],
            );
        }
        Question::ActsAs => {
            let options = [
                "As a person (personal access token)",
                "As the application (service access token)",
            ];
            let i = p.select(q.prompt(), q.help(), &options, 1)?;
            a.acts_as = Some(if i == 0 { ActsAs::User } else { ActsAs::App });
        }
    }
    Ok(())
}

/// Forgets the answer to `q`, so that it is asked again.
fn forget(q: Question, a: &mut Answers) {
    match q {
        Question::InteractiveUi => a.interactive_ui = None,
        Question::Unattended => a.unattended = None,
        Question::Both => a.both = None,
        Question::Platform => a.platform = None,
        Question::ExternalUsers => a.external_users = None,
        Question::ExternalApi => a.external_api = None,
        Question::SsoOnly => a.sso_only = None,
        Question::OauthCapable => a.oauth_capable = None,
        Question::ActsAs => a.acts_as = None,
    }
}

/// Asks until every needed question has an answer, then the optional refinements, each
/// only when it still applies. Answers that are given are never asked again; an answer
/// that contradicts an earlier one is refused at once, in plain words, and asked again.
pub fn complete(p: &mut dyn Prompter, mut a: Answers) -> Result<Answers, Interrupted> {
    loop {
        a = a.normalized();
        let next = a
            .missing()
            .into_iter()
            .next()
            .or_else(|| a.optional().into_iter().next());
        let Some(q) = next else {
            return Ok(a);
        };
        let before = a.clone();
        ask(p, q, &mut a)?;
        if let Err(conflict) = a.clone().normalized().check_consistency() {
            p.show(&format!("{} Answer again.", conflict.plain));
            a = before;
            forget(q, &mut a);
        }
    }
}

/// Asks for what only the user knows and the registration needs: the instance, the
/// ApplicationUri, the redirect URIs and the System User, each checked by the rules as it
/// is typed. What is given already is not asked.
pub fn complete_target(
    p: &mut dyn Prompter,
    a: &Answers,
    mut t: Target,
) -> Result<Target, Interrupted> {
    let Ok(rec) = decide(a, &t) else {
        return Ok(t);
    };
    if rec.needs_instance() && t.instance.is_none() {
        let known = t.clone();
        let v = p.text_checked(
            "Which instance will the app be registered in?",
            "Its name as in its address: acme for https://acme.my.erp.net.",
            false,
            &|v| validate::candidate(a, &known, Field::Instance, v),
        )?;
        t.instance = Some(v);
    }
    if t.app_uri.is_none() {
        let known = t.clone();
        let v = p.text_checked(
            "What is the app's ApplicationUri (the client_id it sends)?",
            "A stable name, the same in every instance, e.g. com.yourcompany/sales-dashboard.",
            false,
            &|v| validate::candidate(a, &known, Field::AppUri, v),
        )?;
        t.app_uri = Some(v);
    }
    if rec.has_redirects() && t.redirect_uris.is_empty() {
        let help = match a.platform {
            Some(Platform::Desktop) => {
                "A loopback address with the IP literal, as the app listens: http://127.0.0.1:PORT/callback."
            }
            Some(Platform::Mobile) => {
                "A private-use scheme from a domain you own, reversed: com.yourcompany.app:/oauth2redirect."
            }
            _ => {
                "The exact HTTPS address the app sends as redirect_uri, e.g. https://sales.yourcompany.com/signin-oidc."
            }
        };
        loop {
            let first = t.redirect_uris.is_empty();
            let known = t.clone();
            let v = p.text_checked(
                if first {
                    "Which redirect URI does the app send after sign-in?"
                } else {
                    "Another redirect URI? (Enter when there is none)"
                },
                help,
                !first,
                &|v| validate::candidate(a, &known, Field::RedirectUri, v),
            )?;
            if v.is_empty() {
                break;
            }
            if !t.redirect_uris.contains(&v) {
                t.redirect_uris.push(v);
            }
        }
    }
    if rec.system_user.is_some() && t.system_user.is_none() {
        let known = t.clone();
        let v = p.text_checked(
            "Which System User does the service side run as (its Login)?",
            "A dedicated internal user that is not an administrator, e.g. svc.sales-sync.",
            false,
            &|v| validate::candidate(a, &known, Field::SystemUser, v),
        )?;
        t.system_user = Some(v);
    }
    Ok(t)
}

/// The answers in a few lines, for the confirmation.
pub fn summary(a: &Answers, t: &Target) -> String {
    let yn = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    };
    let mut lines = vec![
        format!("  people sign in through a UI:  {}", yn(a.interactive_ui)),
        format!("  runs unattended:              {}", yn(a.unattended)),
    ];
    if let Some(p) = a.platform {
        lines.push(format!(
            "  the UI runs on:               {}",
            format!("{p:?}").to_lowercase()
        ));
    }
    if a.external_users.is_some() {
        lines.push(format!(
            "  external users sign in:       {}",
            yn(a.external_users)
        ));
    }
    if a.external_api.is_some() {
        lines.push(format!(
            "  APIs called for them:         {}",
            yn(a.external_api)
        ));
    }
    if a.sso_only.is_some() {
        lines.push(format!(
            "  sign-in only:                 {}",
            yn(a.sso_only)
        ));
    }
    if a.oauth_capable.is_some() {
        lines.push(format!(
            "  can run an OAuth flow:        {}",
            yn(a.oauth_capable)
        ));
    }
    if let Some(x) = a.acts_as {
        lines.push(format!(
            "  acts as:                      {}",
            if x == ActsAs::User {
                "a person"
            } else {
                "the application"
            }
        ));
    }
    let mut given = |label: &str, v: Option<&str>| {
        if let Some(v) = v {
            lines.push(format!("  {label:<30}{}", crate::escape::clean_text(v)));
        }
    };
    given("instance:", t.instance.as_deref());
    given("ApplicationUri:", t.app_uri.as_deref());
    for uri in &t.redirect_uris {
        given("redirect URI:", Some(uri));
    }
    given("System User:", t.system_user.as_deref());
    format!("Your answers:\n{}", lines.join("\n"))
}

/// The whole interview: the questions, what only the user knows, then the summary to
/// confirm; answering "no" asks again (the answers given as flags stay).
pub fn run(
    p: &mut dyn Prompter,
    given: Answers,
    target: Target,
) -> Result<(Answers, Target), Interrupted> {
    loop {
        let a = complete(p, given.clone())?;
        let t = complete_target(p, &a, target.clone())?;
        p.show(&summary(&a, &t));
        if p.confirm("Is this right?", true)? {
            return Ok((a, t));
        }
    }
}

/// The real prompts, through inquire. They need a terminal on both ends.
pub struct InquirePrompter;

fn interrupted(e: inquire::InquireError) -> Interrupted {
    let _ = e;
    Interrupted
}

impl Prompter for InquirePrompter {
    fn select(
        &mut self,
        question: &str,
        help: &str,
        options: &[&str],
        default: usize,
    ) -> Result<usize, Interrupted> {
        let choice = inquire::Select::new(question, options.to_vec())
            .with_help_message(help)
            .with_starting_cursor(default)
            .prompt()
            .map_err(interrupted)?;
        Ok(options.iter().position(|o| *o == choice).unwrap_or(default))
    }

    fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted> {
        inquire::Confirm::new(question)
            .with_default(default)
            .prompt()
            .map_err(interrupted)
    }

    fn text(&mut self, question: &str, default: &str) -> Result<String, Interrupted> {
        inquire::Text::new(question)
            .with_default(default)
            .prompt()
            .map_err(interrupted)
    }

    fn text_checked(
        &mut self,
        question: &str,
        help: &str,
        optional: bool,
        check: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<String, Interrupted> {
        let validator =
            move |v: &str| -> Result<inquire::validator::Validation, inquire::CustomUserError> {
                if optional && v.trim().is_empty() {
                    return Ok(inquire::validator::Validation::Valid);
                }
                Ok(match check(v) {
                    Ok(_) => inquire::validator::Validation::Valid,
                    Err(why) => inquire::validator::Validation::Invalid(why.into()),
                })
            };
        let typed = inquire::Text::new(question)
            .with_help_message(help)
            .with_validator(validator)
            .prompt()
            .map_err(interrupted)?;
        if optional && typed.trim().is_empty() {
            return Ok(String::new());
        }
        // Validated as typed: the cleaned form (an instance name in lower case).
        Ok(check(&typed).unwrap_or(typed))
    }

    fn show(&mut self, text: &str) {
        eprintln!("{text}");
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// A prompter that answers from a script and records what it was asked.
    pub struct Scripted {
        pub answers: Vec<usize>,
        pub asked: Vec<String>,
    }

    /// A scripted prompter that also types lines, in order.
    pub struct Typist {
        pub inner: Scripted,
        pub lines: Vec<&'static str>,
    }

    impl Prompter for Typist {
        fn select(&mut self, q: &str, h: &str, o: &[&str], d: usize) -> Result<usize, Interrupted> {
            self.inner.select(q, h, o, d)
        }
        fn confirm(&mut self, q: &str, d: bool) -> Result<bool, Interrupted> {
            self.inner.confirm(q, d)
        }
        fn text(&mut self, q: &str, d: &str) -> Result<String, Interrupted> {
            self.inner.text(q, d)
        }
        fn text_checked(
            &mut self,
            question: &str,
            _: &str,
            optional: bool,
            check: &dyn Fn(&str) -> Result<String, String>,
        ) -> Result<String, Interrupted> {
            self.inner.asked.push(question.to_string());
            loop {
                if self.lines.is_empty() {
                    return Err(Interrupted);
                }
                let line = self.lines.remove(0);
                if optional && line.is_empty() {
                    return Ok(String::new());
                }
                match check(line) {
                    Ok(v) => return Ok(v),
                    Err(why) => self.inner.asked.push(format!("refused: {why}")),
                }
            }
        }
        fn show(&mut self, text: &str) {
            self.inner.show(text)
        }
    }

    impl Prompter for Scripted {
        fn select(
            &mut self,
            question: &str,
            _: &str,
            _: &[&str],
            _: usize,
        ) -> Result<usize, Interrupted> {
            self.asked.push(question.to_string());
            if self.answers.is_empty() {
                return Err(Interrupted);
            }
            Ok(self.answers.remove(0))
        }
        fn confirm(&mut self, question: &str, default: bool) -> Result<bool, Interrupted> {
            self.asked.push(question.to_string());
            Ok(default)
        }
        fn text(&mut self, question: &str, default: &str) -> Result<String, Interrupted> {
            self.asked.push(question.to_string());
            Ok(default.to_string())
        }
        fn text_checked(
            &mut self,
            question: &str,
            _: &str,
            _: bool,
            _: &dyn Fn(&str) -> Result<String, String>,
        ) -> Result<String, Interrupted> {
            self.asked.push(question.to_string());
            Err(Interrupted)
        }
        fn show(&mut self, text: &str) {
            self.asked.push(text.to_string());
        }
    }

    #[test]
    fn asks_only_what_the_path_needs() {
        // UI: no; unattended: yes; OAuth-capable: no; acts as: the application.
        let mut p = Scripted {
            answers: vec![1, 0, 1, 1],
            asked: vec![],
        };
        let a = complete(&mut p, Answers::default()).unwrap();
        assert_eq!(a.acts_as, Some(ActsAs::App));
        assert_eq!(p.asked.len(), 4);
        assert!(!p.asked.iter().any(|q| q.contains("user interface run")));
    }

    #[test]
    fn given_answers_are_not_asked_again() {
        let given = Answers {
            interactive_ui: Some(true),
            unattended: Some(false),
            platform: Some(Platform::Desktop),
            ..Default::default()
        };
        // external users: no; sso only: no.
        let mut p = Scripted {
            answers: vec![1, 1],
            asked: vec![],
        };
        let a = complete(&mut p, given).unwrap();
        assert_eq!(p.asked.len(), 2);
        assert_eq!(a.platform, Some(Platform::Desktop));
    }

    #[test]
    fn the_summary_is_confirmed_after_the_questions() {
        let mut p = Scripted {
            answers: vec![1, 0, 0],
            asked: vec![],
        };
        let known = Target {
            instance: Some("acme".into()),
            app_uri: Some("com.acme/sync".into()),
            redirect_uris: vec![],
            system_user: Some("svc.sync".into()),
        };
        let (a, _) = run(&mut p, Answers::default(), known).unwrap();
        assert_eq!(a.oauth_capable, Some(true));
        let shown = p
            .asked
            .iter()
            .position(|q| q.starts_with("Your answers:"))
            .unwrap();
        assert_eq!(p.asked[shown + 1], "Is this right?");
    }

    #[test]
    fn an_interruption_stops_the_wizard() {
        let mut p = Scripted {
            answers: vec![0],
            asked: vec![],
        };
        assert_eq!(complete(&mut p, Answers::default()), Err(Interrupted));
    }

    #[test]
    fn nothing_to_authenticate_is_refused_at_the_question_and_asked_again() {
        // UI: no; unattended: no (refused), then yes; OAuth-capable: yes.
        let mut p = Scripted {
            answers: vec![1, 1, 0, 0],
            asked: vec![],
        };
        let a = complete(&mut p, Answers::default()).unwrap();
        assert_eq!(a.unattended, Some(true));
        let refused = p
            .asked
            .iter()
            .position(|q| q.contains("must run on its own"))
            .expect("the contradiction is explained");
        assert!(p.asked[refused].ends_with("Answer again."));
        assert!(!p.asked[refused].contains("--"), "{}", p.asked[refused]);
        assert!(p.asked[refused + 1].starts_with("Does it run unattended"));
    }

    #[test]
    fn a_browser_app_for_external_users_asks_which_is_true() {
        let browser = Answers {
            interactive_ui: Some(true),
            unattended: Some(false),
            platform: Some(Platform::Browser),
            ..Default::default()
        };
        // External users: yes; then "add a backend"; sign-in only: no.
        let mut p = Scripted {
            answers: vec![0, 1, 1],
            asked: vec![],
        };
        let a = complete(&mut p, browser.clone()).unwrap();
        assert_eq!(a.platform, Some(Platform::Server));
        assert_eq!(a.external_api, Some(true));
        // External users: yes; then "they only sign in"; sign-in only: no.
        let mut p = Scripted {
            answers: vec![0, 0, 1],
            asked: vec![],
        };
        let a = complete(&mut p, browser).unwrap();
        assert_eq!(a.platform, Some(Platform::Browser));
        assert_eq!(a.external_api, Some(false));
    }

    #[test]
    fn the_target_is_asked_and_refused_values_are_explained() {
        let a = Answers {
            interactive_ui: Some(false),
            unattended: Some(true),
            oauth_capable: Some(true),
            ..Default::default()
        }
        .normalized();
        let mut p = Typist {
            inner: Scripted {
                answers: vec![],
                asked: vec![],
            },
            lines: vec!["acme.my.erp.net", "Acme", "com.acme/sync", "svc.sync"],
        };
        let t = complete_target(&mut p, &a, Target::default()).unwrap();
        assert_eq!(t.instance.as_deref(), Some("acme"));
        assert_eq!(t.app_uri.as_deref(), Some("com.acme/sync"));
        assert_eq!(t.system_user.as_deref(), Some("svc.sync"));
        assert!(t.redirect_uris.is_empty(), "a service has no redirect URI");
        assert!(
            p.inner
                .asked
                .iter()
                .any(|q| q.starts_with("refused: an instance name"))
        );
    }
}
