//! The interactive wizard: asks the missing questions one at a time, shows a summary to
//! confirm, then offers to write the definition. The questions go through [`Prompter`], so
//! the flow is tested without a terminal; [`InquirePrompter`] is the real one.

use super::{ActsAs, Answers, Platform, Question};

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

/// Asks until every needed question has an answer, then the optional refinements, each
/// only when it still applies. Answers that are given are never asked again.
pub fn complete(p: &mut dyn Prompter, mut a: Answers) -> Result<Answers, Interrupted> {
    loop {
        a = a.normalized();
        if let Some(q) = a.missing().into_iter().next() {
            ask(p, q, &mut a)?;
            continue;
        }
        if let Some(q) = a.optional().into_iter().next() {
            ask(p, q, &mut a)?;
            continue;
        }
        return Ok(a.normalized());
    }
}

/// The answers in a few lines, for the confirmation.
pub fn summary(a: &Answers) -> String {
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
    format!("Your answers:\n{}", lines.join("\n"))
}

/// The whole interview: the questions, then the summary to confirm; answering "no" asks
/// the questions again (the answers given as flags stay).
pub fn run(p: &mut dyn Prompter, given: Answers) -> Result<Answers, Interrupted> {
    loop {
        let a = complete(p, given.clone())?;
        p.show(&summary(&a));
        if p.confirm("Is this right?", true)? {
            return Ok(a);
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
        let a = run(&mut p, Answers::default()).unwrap();
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
}
