//! The command line. `main.rs` only calls [`main`].

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{self, RuleDoc};
use crate::choose::{self, Answers, Problem, Target};
use crate::engine::{CheckOptions, check_paths};
use crate::error::Error;
use crate::finding::{Rule, Severity};
use crate::render::{self, HumanOptions, OutputFormat};

#[derive(Parser, Debug)]
#[command(
    name = "trustlint",
    version,
    about = "Lint ERP.net Trusted Application registrations against the documented rules"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check definitions in files and directories (directories respect .gitignore).
    Check(CheckArgs),
    /// Audit an instance: every app, what it can do, who it runs as, its grants and its risk.
    ///
    /// Reads what `check` reads (definitions, Domain API exports of apps, users, the grant
    /// store and authorizations, app configs), runs the same rules, and reports per app and
    /// for the whole instance. The exit status is 0 unless something could not be read (2).
    #[command(
        after_help = "Examples:\n  trustlint audit exports/ --format html -o audit.html\n  trustlint audit . --format csv --findings -o action-plan.csv"
    )]
    Audit(AuditArgs),
    /// List the rules.
    #[command(after_help = "Example:\n  trustlint rules --format json > rules.json")]
    Rules {
        /// text (a table that fits the terminal), json (every rule page) or markdown (the
        /// README's table).
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Explain a rule: what it finds, why, a bad and a good example, references.
    Explain {
        /// A rule code (TA201) or name (redirect-uri-not-https).
        rule: String,
    },
    /// Recommend the OAuth flow for an app and write a registration for it.
    ///
    /// On a terminal it asks the questions that the flags and `--answers` leave open;
    /// elsewhere (a script, CI) it answers from them alone.
    #[command(
        after_help = "Example:\n  trustlint choose --interactive-ui yes --unattended no --platform browser --external-users no --write web.trusted-app.yaml"
    )]
    Choose(ChooseArgs),
    /// Compare the declared definitions with what an instance has registered (drift).
    ///
    /// Apps are matched by ApplicationUri. Lists are compared as sets, the secret hash is
    /// compared but never shown, SystemUser is compared by login. Apps registered with more
    /// than their definitions allow come first, marked.
    #[command(
        after_help = "Example:\n  trustlint diff apps/ --instance-export instance/\n\nExit status: 0 without drift, 1 with drift, 2 when something could not be read."
    )]
    Diff(DiffArgs),
    /// Read an instance's Trusted Applications over its Domain API into export files.
    ///
    /// Also its reference tokens and app authorizations where the token may read them, and
    /// the System Users the apps run as. The token comes from an environment variable or
    /// standard input, never from the command line, and is sent to the instance only.
    #[command(
        after_help = "Example:\n  ERPNET_TOKEN=... trustlint pull --instance acme -o instance/\n  trustlint diff apps/ --instance-export instance/\n\nExit status: 0 when the apps were read (manifest.json says what else was), 2 otherwise."
    )]
    Pull(PullArgs),
    /// Install a plain git pre-commit hook that runs `trustlint check --staged`.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Print a shell completion script.
    Completions {
        /// The shell to write the script for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
    /// Check organisation policy files, or explain what a policy requires.
    #[command(
        subcommand,
        after_help = "Examples:\n  trustlint policy check --policy ../security/policy.toml apps/\n  trustlint policy explain strict-baseline --policy builtin:strict-baseline"
    )]
    Policy(PolicyAction),
    /// Print the JSON Schema of the definition format.
    Schema {
        /// Write every schema into this directory instead of printing the definition schema.
        #[arg(long)]
        write: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// How to report: human (snippets), concise (a line each), json, json-lines, sarif,
    /// github, gitlab or junit.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit status 1 (default: the config's, else error).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this configuration file instead of the closest trustlint.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Threads to use (default: one per core). The output is the same whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Check the staged content (the git index) of the files the next commit changes.
    #[arg(long)]
    pub staged: bool,
    /// Record the current findings in this baseline file (no secrets, only fingerprints).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// Print the number of findings per rule after the report.
    #[arg(long)]
    pub statistics: bool,
    /// List every file the run reads, what it is read as (definition, export, config,
    /// secrets only), its side and why, and the files left out with why; then exit. With
    /// `--format json`, one JSON document.
    #[arg(long)]
    pub show_files: bool,
    /// Exit 0 even when there are findings (2 still means something could not be checked).
    #[arg(long)]
    pub exit_zero: bool,
    /// An inline suppression without a reason does not hold (it is still reported as
    /// TL001). Put it in the CI command, where a pull request cannot take it out.
    #[arg(long)]
    pub no_unexplained_suppressions: bool,
    /// An organisation policy file to apply on top of trustlint.toml's `[[policy]]`
    /// tables (repeatable); `builtin:strict-baseline` and `builtin:development` name the
    /// shipped ones.
    #[arg(long, value_name = "FILE")]
    pub policy: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    /// Files or directories to audit.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// html (one self-contained page), markdown, csv (one row per app) or json.
    #[arg(long, value_enum, default_value_t = crate::audit::AuditFormat::Markdown)]
    pub format: crate::audit::AuditFormat,
    /// Write the audit to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// With --format csv: one row per finding instead of one per app.
    #[arg(long)]
    pub findings: bool,
    /// Use this configuration file instead of the closest trustlint.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Ignore configuration files.
    #[arg(long, conflicts_with = "config")]
    pub isolated: bool,
    /// Threads to use (default: one per core).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// An organisation policy file to apply on top of trustlint.toml's `[[policy]]`
    /// tables (repeatable); `builtin:strict-baseline` and `builtin:development` name the
    /// shipped ones.
    #[arg(long, value_name = "FILE")]
    pub policy: Vec<PathBuf>,
}

/// `trustlint policy ...`.
#[derive(Subcommand, Debug)]
pub enum PolicyAction {
    /// Validate policies: unknown keys, wrong types, bad patterns; with paths, the
    /// policies whose condition matches no app there. Exit 0 when every policy is valid,
    /// 1 otherwise.
    Check {
        /// Definitions to try the policies' conditions on.
        paths: Vec<PathBuf>,
        /// A policy file to check (repeatable), besides trustlint.toml's `[[policy]]`.
        #[arg(long, value_name = "FILE")]
        policy: Vec<PathBuf>,
        /// Use this configuration file instead of the closest trustlint.toml.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
        /// Ignore configuration files (only the --policy files are read).
        #[arg(long, conflicts_with = "config")]
        isolated: bool,
    },
    /// Show what a policy requires and which rule reports each requirement.
    Explain {
        /// The policy's name.
        name: String,
        /// A policy file to look in (repeatable), besides trustlint.toml's `[[policy]]`.
        #[arg(long, value_name = "FILE")]
        policy: Vec<PathBuf>,
        /// Use this configuration file instead of the closest trustlint.toml.
        #[arg(long, value_name = "PATH")]
        config: Option<PathBuf>,
    },
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// Definitions (files or directories) that declare the apps.
    #[arg(required = true, value_name = "DECLARED")]
    pub declared: Vec<PathBuf>,
    /// The instance's Domain API export: a `Systems_Security_TrustedApplications` export
    /// file, or a folder of exports (with `Systems_Security_Users` for System User logins).
    #[arg(long, value_name = "DIR_OR_FILE", required_unless_present = "instance")]
    pub instance_export: Option<PathBuf>,
    /// Read the instance itself, as `trustlint pull --instance NAME` does (the token from
    /// ERPNET_TOKEN, or the variable --token-env names), instead of an export.
    #[arg(long, value_name = "NAME", conflicts_with = "instance_export")]
    pub instance: Option<String>,
    /// With --instance: another OData root (as `pull --base-url`).
    #[arg(long, value_name = "URL", requires = "instance")]
    pub base_url: Option<String>,
    /// With --instance: the environment variable that holds the bearer token.
    #[arg(long, value_name = "NAME", default_value = "ERPNET_TOKEN")]
    pub token_env: String,
    /// With --instance: read the token from standard input instead.
    #[arg(long, requires = "instance")]
    pub token_stdin: bool,
    /// human, json, markdown (for pull requests), sarif or github (annotations for a
    /// scheduled CI job).
    #[arg(long, value_enum, default_value_t = crate::diff::DiffFormat::Human)]
    pub format: crate::diff::DiffFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct PullArgs {
    /// The instance name: `acme` for https://acme.my.erp.net.
    #[arg(long, value_name = "NAME")]
    pub instance: String,
    /// Another OData root instead of https://NAME.my.erp.net/api/domain/odata/ (HTTPS; plain
    /// http only to a loopback address, for tests).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The folder the exports and manifest.json are written into.
    #[arg(short, long, value_name = "DIR", default_value = "instance")]
    pub output: PathBuf,
    /// The environment variable that holds the bearer token (a PAT, a SAT or an access
    /// token).
    #[arg(long, value_name = "NAME", default_value = "ERPNET_TOKEN")]
    pub token_env: String,
    /// Read the token from standard input instead.
    #[arg(long)]
    pub token_stdin: bool,
    // These defaults are also `PullOptions::new`'s, which `diff --instance` uses.
    /// How long to wait for a connection (`500ms`, `10s`).
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: std::time::Duration,
    /// How long to wait for an answer, and for each read of it.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub read_timeout: std::time::Duration,
    /// Retries of a request that was throttled (429), failed on the server (5xx) or got no
    /// answer.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub retries: u32,
    /// The first wait between retries, doubled each time, when the server gives no
    /// Retry-After.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = parse_duration)]
    pub retry_backoff: std::time::Duration,
    /// The longest wait a Retry-After may ask for; a longer one ends the pull.
    #[arg(long, value_name = "DURATION", default_value = "120s", value_parser = parse_duration)]
    pub max_retry_wait: std::time::Duration,
}

/// `500ms`, `10s`, `2m`, or a number of seconds.
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration (500ms, 10s, 2m)"))?;
    match unit {
        "ms" => Ok(std::time::Duration::from_millis(n)),
        "s" => Ok(std::time::Duration::from_secs(n)),
        "m" => Ok(std::time::Duration::from_secs(n.saturating_mul(60))),
        _ => Err(format!("`{text}` is not a duration (500ms, 10s, 2m)")),
    }
}

#[derive(Subcommand, Debug)]
pub enum HookAction {
    /// Write .git/hooks/pre-commit (refuses to replace another hook unless --force).
    Install {
        /// Replace another pre-commit hook (it is kept as a backup).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    fn get(v: Option<YesNo>) -> Option<bool> {
        v.map(|v| v == YesNo::Yes)
    }
}

#[derive(clap::Args, Debug)]
pub struct ChooseArgs {
    /// People sign in through a user interface.
    #[arg(long, value_enum)]
    pub interactive_ui: Option<YesNo>,
    /// It runs as a service, job or integration.
    #[arg(long, value_enum)]
    pub unattended: Option<YesNo>,
    /// It needs user access and system-level automation.
    #[arg(long, value_enum)]
    pub both: Option<YesNo>,
    /// Where the user interface runs.
    #[arg(long, value_enum)]
    pub platform: Option<choose::Platform>,
    /// External (community) users sign in.
    #[arg(long, value_enum)]
    pub external_users: Option<YesNo>,
    /// The app calls the instance's APIs for its external users (asked of browser, desktop and mobile apps).
    #[arg(long, value_enum)]
    pub external_api: Option<YesNo>,
    /// Only sign-in, no calls to the instance's APIs.
    #[arg(long, value_enum)]
    pub sso_only: Option<YesNo>,
    /// The unattended job can run an OAuth flow (no: scripts, CI/CD, BI refresh).
    #[arg(long, value_enum)]
    pub oauth_capable: Option<YesNo>,
    /// For reference tokens: act as a person (PAT) or as the application (SAT).
    #[arg(long, value_enum)]
    pub acts_as: Option<choose::ActsAs>,
    /// Read the answers from a YAML file (flags override it).
    #[arg(long)]
    pub answers: Option<PathBuf>,
    /// How to print the recommendation: text for people, json or yaml for tools.
    #[arg(long, value_enum, default_value_t = ChooseFormat::Text)]
    pub format: ChooseFormat,
    /// Write the recommended registration to this `*.trusted-app.yaml` file.
    #[arg(long)]
    pub write: Option<PathBuf>,
    /// The instance name (`acme` for https://acme.my.erp.net).
    #[arg(long)]
    pub instance: Option<String>,
    /// The app's ApplicationUri (client_id).
    #[arg(long)]
    pub app_uri: Option<String>,
    /// A redirect URI the app sends, exactly (repeat for more).
    #[arg(long = "redirect-uri", value_name = "URI")]
    pub redirect_uris: Vec<String>,
    /// The Login of the System User the service side runs as.
    #[arg(long, value_name = "LOGIN")]
    pub system_user: Option<String>,
    /// Replace the file `--write` names when it exists (the wizard asks instead).
    #[arg(long)]
    pub force: bool,
}

/// A `--flag value` the written definition would carry, refused unless it is what it
/// claims; the message names the flag and the value, escaped.
fn flag_value(flag: &str, value: &str, check: Result<String, String>) -> Result<String, Error> {
    check.map_err(|why| {
        Error::Usage(format!(
            "{flag} `{}`: {why}",
            crate::redact::quoted_value(value)
        ))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChooseFormat {
    Text,
    Json,
    Yaml,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    /// The Markdown table the README carries.
    Markdown,
}

/// Exit statuses: 0 nothing at or above `--fail-on`; 1 findings; 2 usage, I/O or parse error.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => closest_subcommand(e).exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!(
                "trustlint: {}",
                crate::escape::clean_path(&error.to_string())
            );
            ExitCode::from(2)
        }
    }
}

/// clap lists every subcommand it finds similar, least similar first (`chek`: "schema,
/// check"); a mistyped subcommand gets the one closest by edit distance, transpositions
/// counted as one edit, as misspelled attributes do.
fn closest_subcommand(mut e: clap::Error) -> clap::Error {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::InvalidSubcommand {
        return e;
    }
    let typed = match e.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(typed)) => typed.clone(),
        _ => return e,
    };
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    if let Some(best) = crate::suggest::did_you_mean(&typed, names.iter().map(String::as_str)) {
        e.insert(
            ContextKind::SuggestedSubcommand,
            ContextValue::Strings(vec![best.to_string()]),
        );
    }
    e
}

fn write_stdout(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`trustlint ... | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::Usage(format!("cannot write the output: {e}"))),
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Audit(args) => audit(args),
        Command::Choose(args) => choose_command(args),
        Command::Diff(args) => diff_command(args),
        Command::Pull(args) => pull_command(args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "trustlint",
                &mut out,
            );
            write_stdout(&String::from_utf8_lossy(&out))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Hook {
            action: HookAction::Install { force },
        } => hook_install(force),
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
                .render(&mut out)
                .map_err(|e| format!("cannot render the manual page: {e}"))?;
            write_stdout(&String::from_utf8_lossy(&out))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { format } => {
            write_stdout(&rules_listing_for(format, terminal_width().unwrap_or(100)))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let doc = Rule::lookup(&rule)
                .and_then(catalog::doc)
                .ok_or_else(|| format!("no rule `{rule}`; `trustlint rules` lists them"))?;
            write_stdout(&explain(doc))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Policy(action) => policy_command(action),
        Command::Schema { write } => {
            let schemas = crate::schema::all();
            match write {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    for (name, text) in schemas {
                        let path = dir.join(name);
                        write_atomically(&path, &text)?;
                    }
                }
                None => write_stdout(&schemas[0].1)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The bearer token for `pull` and `diff --instance`: from standard input, or from the
/// environment variable `env` names; never from the command line.
fn read_token(stdin: bool, env: &str) -> Result<crate::pull::Token, Error> {
    let text = if stdin {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("cannot read the token from standard input: {e}"))?;
        text
    } else {
        std::env::var(env).unwrap_or_default()
    };
    crate::pull::Token::new(&text).ok_or_else(|| {
        let name = crate::escape::clean_text(env);
        Error::Usage(format!(
            "no token: set {name} (or name another variable with --token-env), or pipe it in with --token-stdin; a token is never taken from the command line"
        ))
    })
}

/// Adds the `--policy` files to a run's settings, each shown relative to `base`.
fn add_policy_files(settings: &mut crate::settings::Loaded, files: &[PathBuf], base: &Path) {
    for file in files {
        let text = file.to_string_lossy();
        match text.strip_prefix("builtin:") {
            Some(name) => settings.add_builtin_policy(name),
            None => settings.add_policy_file(
                &base.join(file),
                crate::source::display_path(&base.join(file), base),
            ),
        }
    }
}

fn policy_command(action: PolicyAction) -> Result<ExitCode, Error> {
    let base =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    match action {
        PolicyAction::Check {
            paths,
            policy,
            config,
            isolated,
        } => {
            let start = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                refuse_missing(&paths)?;
                paths.clone()
            };
            let mut settings = crate::settings::for_run(&start, &base, config.as_deref(), isolated);
            add_policy_files(&mut settings, &policy, &base);
            let mut out = String::new();
            let mut problems = 0;
            let mut show = |source: &crate::source::SourceFile,
                            list: &[(crate::source::Span, String)],
                            out: &mut String| {
                for (span, message) in list {
                    let at = source.line_col(span.start);
                    out.push_str(&format!(
                        "{}:{}:{}: {}\n",
                        crate::escape::clean_path(&source.display),
                        at.line,
                        at.column,
                        crate::escape::clean_text(&crate::secrets::mask_shaped(message))
                    ));
                    problems += 1;
                }
            };
            if let Some(source) = &settings.source {
                show(source, &settings.problems, &mut out);
            }
            for file in &settings.policy_files {
                show(&file.source, &file.problems, &mut out);
            }
            let mut warnings = 0;
            if !paths.is_empty() {
                let options = CheckOptions {
                    settings: crate::settings::for_run(&paths, &base, config.as_deref(), true),
                    ..CheckOptions::default()
                };
                let report = check_paths(&paths, &base, &options);
                for p in &settings.policies {
                    let n = report.apps.iter().filter(|a| p.applies_to(a)).count();
                    if n == 0 {
                        warnings += 1;
                        out.push_str(&format!(
                            "warning: policy `{}` ({}) applies to none of the {} apps in {}\n",
                            crate::escape::clean_text(&p.policy.name),
                            crate::escape::clean_path(&p.origin),
                            report.apps.len(),
                            paths
                                .iter()
                                .map(|p| crate::escape::clean_path(&p.display().to_string()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    } else {
                        out.push_str(&format!(
                            "policy `{}` ({}) applies to {}\n",
                            crate::escape::clean_text(&p.policy.name),
                            crate::escape::clean_path(&p.origin),
                            render::plural(n, "app")
                        ));
                    }
                }
            }
            out.push_str(&format!(
                "{} valid, {}, {}.\n",
                match settings.policies.len() {
                    1 => "1 policy".to_string(),
                    n => format!("{n} policies"),
                },
                render::plural(problems, "problem"),
                render::plural(warnings, "warning")
            ));
            write_stdout(&out)?;
            Ok(if problems > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        PolicyAction::Explain {
            name,
            policy,
            config,
        } => {
            let mut settings =
                crate::settings::for_run(&[PathBuf::from(".")], &base, config.as_deref(), false);
            add_policy_files(&mut settings, &policy, &base);
            let rotation_days = settings
                .settings
                .secret_rotation_days
                .map_or(crate::rules::client::MAX_SECRET_AGE_DAYS, i64::from);
            match settings.policies.iter().find(|p| p.policy.name == name) {
                Some(p) => {
                    write_stdout(&crate::policy::explain(p, rotation_days))?;
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    let names: Vec<&str> = settings
                        .policies
                        .iter()
                        .map(|p| p.policy.name.as_str())
                        .collect();
                    let shown = crate::escape::clean_text(&name);
                    Err(Error::Usage(
                        match crate::suggest::did_you_mean(&name, names.iter().copied()) {
                            Some(s) => format!("no policy `{shown}`: did you mean `{s}`?"),
                            None if names.is_empty() => format!(
                                "no policy `{shown}`: no trustlint.toml [[policy]] or --policy file defines one"
                            ),
                            None => format!(
                                "no policy `{shown}`; the policies are {}",
                                names.join(", ")
                            ),
                        },
                    ))
                }
            }
        }
    }
}

fn pull_command(args: PullArgs) -> Result<ExitCode, Error> {
    let token = read_token(args.token_stdin, &args.token_env)?;
    let options = crate::pull::PullOptions {
        instance: args.instance,
        base_url: args.base_url,
        out_dir: args.output,
        token,
        connect_timeout: args.connect_timeout,
        read_timeout: args.read_timeout,
        retries: args.retries,
        backoff: args.retry_backoff,
        max_wait: args.max_retry_wait,
    };
    let manifest = crate::pull::pull(&options).map_err(|e| Error::Usage(e.0))?;
    let dir = crate::escape::clean_path(&options.out_dir.display().to_string());
    for set in &manifest.sets {
        match (set.files.first(), &set.error) {
            (Some(file), _) => {
                let more = match set.files.len() {
                    1 => String::new(),
                    n => format!(" (in {n} files)"),
                };
                eprintln!("trustlint: {dir}/{file}: {} records{more}", set.records)
            }
            (None, Some(error)) => {
                eprintln!("trustlint: not read: {}", crate::escape::clean_text(error))
            }
            (None, None) => {}
        }
    }
    eprintln!(
        "trustlint: {} from {} into {dir} (see {dir}/manifest.json)",
        if manifest.complete {
            "pulled everything"
        } else {
            "pulled the apps, not everything"
        },
        manifest.odata_root
    );
    Ok(ExitCode::SUCCESS)
}

fn diff_command(args: DiffArgs) -> Result<ExitCode, Error> {
    let base =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    refuse_missing(args.declared.iter().chain(args.instance_export.as_ref()))?;
    let options = |paths: &[PathBuf]| CheckOptions {
        settings: crate::settings::for_run(paths, &base, None, false),
        ..CheckOptions::default()
    };
    let declared = check_paths(&args.declared, &base, &options(&args.declared));
    // With --instance, the instance is pulled into a scratch folder first.
    let scratch;
    let export_path = match (&args.instance_export, &args.instance) {
        (Some(path), _) => path.clone(),
        (None, Some(instance)) => {
            let token = read_token(args.token_stdin, &args.token_env)?;
            scratch =
                tempfile::tempdir().map_err(|e| format!("cannot create a scratch folder: {e}"))?;
            let options = crate::pull::PullOptions::new(
                instance.clone(),
                args.base_url.clone(),
                scratch.path().to_path_buf(),
                token,
            );
            crate::pull::pull(&options).map_err(|e| Error::Usage(e.0))?;
            scratch.path().to_path_buf()
        }
        (None, None) => {
            return Err(Error::Usage(
                "give --instance-export DIR_OR_FILE or --instance NAME".into(),
            ));
        }
    };
    let export = std::slice::from_ref(&export_path);
    let mut registered = check_paths(export, &base, &options(export));
    // A pulled instance is shown by its name, not by a scratch folder that is gone.
    if let (None, Some(instance)) = (&args.instance_export, &args.instance) {
        let name = crate::escape::clean_path(&instance.trim().to_ascii_lowercase());
        for source in &mut registered.sources {
            if let Some(file) = source.path.file_name() {
                source.display = format!("{name}.my.erp.net/{}", file.to_string_lossy());
            }
        }
    }
    // What could not be read is said, and no drift is claimed from half the input.
    let mut unreadable = 0;
    for report in [&declared, &registered] {
        for f in report.findings.iter().filter(|f| f.rule == Rule::TA001) {
            let source = &report.sources[f.file];
            let line = source.line_col(f.span.start).line;
            eprintln!("trustlint: {}:{line}: {}", source.display, f.message);
            unreadable += 1;
        }
    }
    if unreadable > 0 {
        return Err(Error::Usage(format!(
            "{unreadable} file(s) could not be read; fix them (`trustlint check` shows more) and run diff again"
        )));
    }
    if registered.apps.is_empty() {
        return Err(Error::Usage(format!(
            "no Trusted Application found in `{}`: give a Domain API export of Systems_Security_TrustedApplications",
            crate::escape::clean_path(&export_path.display().to_string())
        )));
    }
    if !declared
        .apps
        .iter()
        .any(|a| declared.read_as[a.origin.file] != crate::report::ReadAs::Export)
    {
        return Err(Error::Usage(format!(
            "no Trusted Application definition found in {}: nothing to compare (definitions are named *.trusted-app.{{yaml,yml,json,toml}} or trusted-apps.*; `trustlint check --show-files` shows what is read)",
            args.declared
                .iter()
                .map(|p| format!("`{}`", crate::escape::clean_path(&p.display().to_string())))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    // The instance the export is of: named, or recorded by `pull` in its manifest.
    let instance = args.instance.clone().or_else(|| {
        let dir = if export_path.is_dir() {
            export_path.clone()
        } else {
            export_path.parent()?.to_path_buf()
        };
        let text = std::fs::read_to_string(dir.join("manifest.json")).ok()?;
        let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
        manifest["instance"].as_str().map(str::to_string)
    });
    let drift = crate::diff::compare(&declared, &registered, instance.as_deref());
    let text = crate::diff::render(&drift, args.format);
    match &args.output {
        Some(path) => {
            refuse_to_overwrite_an_input(&declared, path, "-o")?;
            refuse_to_overwrite_an_input(&registered, path, "-o")?;
            write_atomically(path, &text)?
        }
        None => write_stdout(&text)?,
    }
    Ok(if drift.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// A path that does not exist is a mistake on the command line, not a finding in a file:
/// it is said plainly, with no position, and nothing is read.
fn refuse_missing<'p>(paths: impl IntoIterator<Item = &'p PathBuf>) -> Result<(), Error> {
    let missing: Vec<String> = paths
        .into_iter()
        .filter(|p| std::fs::symlink_metadata(p).is_err())
        .map(|p| format!("`{}`", crate::escape::clean_path(&p.display().to_string())))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "no such file or directory: {}",
            missing.join(", ")
        )))
    }
}

/// For `--staged`, the configuration the commit holds (see [`crate::staged::find_config`]):
/// the hook then reads what CI will read after the commit, not an edit left unstaged.
fn staged_settings(base: &Path) -> Result<Option<crate::settings::Loaded>, Error> {
    use crate::settings::Loaded;
    use crate::staged::ConfigSource;
    let found = match crate::staged::find_config(base, crate::settings::FILE_NAMES) {
        Ok(found) => found,
        Err(e @ Error::MergeConflict(_)) => return Err(e),
        // Not in a repository: the staged check itself says so.
        Err(_) => return Ok(None),
    };
    for path in &found.unstaged {
        eprintln!(
            "trustlint: {} is not staged, so the commit leaves it out and so does --staged (`git add` it to use it)",
            crate::escape::clean_path(&crate::source::display_path(path, base))
        );
    }
    Ok(Some(match found.found {
        ConfigSource::Staged(path, bytes) => {
            let display = crate::source::display_path(&path, base);
            match String::from_utf8(bytes) {
                Ok(text) => Loaded::from_text(&path, display, text),
                Err(_) => {
                    let mut loaded = Loaded::from_text(&path, display, String::new());
                    loaded.problems = vec![(
                        crate::source::Span::default(),
                        "cannot read the configuration: its staged content is not valid UTF-8"
                            .to_string(),
                    )];
                    loaded
                }
            }
        }
        ConfigSource::Outside(path) => {
            let display = crate::source::display_path(&path, base);
            Loaded::read(&path, display)
        }
        ConfigSource::None => Loaded::default(),
    }))
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let base =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    if !args.staged {
        refuse_missing(&args.paths)?;
    }
    let mut settings =
        crate::settings::for_run(&args.paths, &base, args.config.as_deref(), args.isolated);
    if args.staged
        && args.config.is_none()
        && !args.isolated
        && let Some(staged) = staged_settings(&base)?
    {
        settings = staged;
    }
    add_policy_files(&mut settings, &args.policy, &base);
    let baseline = match &args.baseline {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            let baseline = crate::suppress::Baseline::from_json(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(notice) = baseline.notice() {
                eprintln!(
                    "trustlint: {}: {notice}",
                    crate::escape::clean_path(&path.display().to_string())
                );
            }
            Some(baseline)
        }
        None => None,
    };
    let config_fail_on = settings.settings.fail_on.and_then(|l| l.severity());
    let (settings_limits, limit_notes) = settings.settings.limits.resolve_with_notes();
    for note in limit_notes {
        eprintln!("trustlint: {note}");
    }
    let options = CheckOptions {
        settings,
        baseline,
        threads: args.threads.unwrap_or(0),
        require_suppression_reasons: args.no_unexplained_suppressions,
        limits: settings_limits,
        list_files: args.show_files,
        place_findings: args.format.shows_fingerprints() || args.write_baseline.is_some(),
        ..CheckOptions::default()
    };
    let report = if args.staged {
        crate::engine::check_staged(&base, &options)?
    } else {
        check_paths(&args.paths, &base, &options)
    };
    if let Some(path) = &args.output {
        refuse_to_overwrite_an_input(&report, path, "-o")?;
    }
    if let Some(path) = &args.write_baseline {
        refuse_to_overwrite_an_input(&report, path, "--write-baseline")?;
        let baseline = crate::suppress::Baseline::of(&report);
        write_atomically(path, &baseline.to_json())?;
        eprintln!(
            "trustlint: recorded {} in {}",
            render::plural(baseline.findings.len(), "finding"),
            crate::escape::clean_path(&path.display().to_string())
        );
        return Ok(if report.has_errors() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    if args.show_files {
        if !matches!(
            args.format,
            OutputFormat::Human | OutputFormat::Concise | OutputFormat::Json
        ) {
            return Err(Error::Usage(
                "--show-files prints text, or JSON with --format json".into(),
            ));
        }
        let json = args.format == OutputFormat::Json;
        let text = render::files::show_files(&report, &options.settings, json);
        match &args.output {
            Some(path) => write_atomically(path, &text)?,
            None => write_stdout(&text)?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    for (path, why) in &report.skipped {
        eprintln!("trustlint: skipped {path}: {why}");
    }
    if report.sources.is_empty() && !args.staged {
        eprintln!(
            "trustlint: no Trusted Application definitions found (files named *.trusted-app.yaml, trusted-apps.json, ... or Domain API exports)"
        );
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = terminal_width().unwrap_or(100);
    let color = color && args.output.is_none();
    // Rendering (a snippet for each finding) runs on as many threads as the check did.
    let human = HumanOptions { color, width };
    let threads = args.threads.unwrap_or(0);
    match &args.output {
        // The human report goes out as it is rendered, never held whole.
        None if args.format == OutputFormat::Human => {
            crate::engine::on_large_stacks(threads, || {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                render::render_human_to(&report, &human, |piece| out.write_all(piece.as_bytes()))
                    .and_then(|()| {
                        if args.statistics {
                            out.write_all(render::statistics(&report).as_bytes())?;
                        }
                        out.flush()
                    })
            })
            .or_else(|e| match e.kind() {
                // A closed pipe (`trustlint ... | head`) is the reader's choice.
                std::io::ErrorKind::BrokenPipe => Ok(()),
                _ => Err(Error::Usage(format!("cannot write the output: {e}"))),
            })?;
        }
        output => {
            let mut text = crate::engine::on_large_stacks(threads, || {
                render::render(&report, args.format, &human)
            });
            if args.statistics {
                text.push_str(&render::statistics(&report));
            }
            match output {
                Some(path) => write_atomically(path, &text)?,
                None => write_stdout(&text)?,
            }
        }
    }
    let threshold = args
        .fail_on
        .map(FailOn::severity)
        .or(config_fail_on)
        .unwrap_or(Severity::Error);
    let status = if report.has_errors() {
        ExitCode::from(2)
    } else if args.exit_zero {
        ExitCode::SUCCESS
    } else if report.findings.iter().any(|f| f.severity >= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    // The process ends next, and the operating system takes its memory back at once:
    // freeing every text, tree and finding of a large run one by one took longer than
    // rendering the report.
    std::mem::forget(report);
    Ok(status)
}

fn audit(args: AuditArgs) -> Result<ExitCode, Error> {
    let base =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    refuse_missing(&args.paths)?;
    if args.findings && args.format != crate::audit::AuditFormat::Csv {
        return Err(Error::Usage("--findings goes with --format csv".into()));
    }
    let mut settings =
        crate::settings::for_run(&args.paths, &base, args.config.as_deref(), args.isolated);
    add_policy_files(&mut settings, &args.policy, &base);
    let rotation_days = settings
        .settings
        .secret_rotation_days
        .map_or(crate::rules::client::MAX_SECRET_AGE_DAYS, i64::from);
    let (limits, limit_notes) = settings.settings.limits.resolve_with_notes();
    for note in limit_notes {
        eprintln!("trustlint: {note}");
    }
    let options = CheckOptions {
        settings,
        threads: args.threads.unwrap_or(0),
        limits,
        ..CheckOptions::default()
    };
    let report = check_paths(&args.paths, &base, &options);
    if let Some(path) = &args.output {
        refuse_to_overwrite_an_input(&report, path, "-o")?;
    }
    for (path, why) in &report.skipped {
        eprintln!("trustlint: skipped {path}: {why}");
    }
    let audit = crate::audit::Audit::of(
        &report,
        crate::audit::AuditOptions {
            today: options.today,
            rotation_days,
        },
    );
    let text = crate::audit::render(&audit, args.format, args.findings);
    match &args.output {
        Some(path) => write_atomically(path, &text)?,
        None => write_stdout(&text)?,
    }
    let status = if report.has_errors() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    };
    std::mem::forget(report);
    Ok(status)
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .parse()
        .ok()
        .filter(|w| *w >= 40)
}

/// Words joined into lines of at most `room` characters; a longer word (a path, a URL, an
/// identifier) stands on a line of its own rather than being cut.
fn wrap_words(text: &str, room: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn severity_letter(doc: &RuleDoc) -> &'static str {
    match doc.rule().map_or(Severity::Error, Rule::default_severity) {
        Severity::Error => "E",
        Severity::Warning => "W",
        Severity::Info => "I",
    }
}

pub fn rules_listing(format: RulesFormat) -> String {
    rules_listing_for(format, 100)
}

/// The rule list, its text form wrapped to `width` columns on word boundaries under a
/// header, with a legend for the severity letters.
pub fn rules_listing_for(format: RulesFormat, width: usize) -> String {
    let docs = catalog::catalog();
    match format {
        RulesFormat::Text => {
            const NAME: usize = 38;
            // `CF101  E  name  `: the code, the letter and the name, with their gaps.
            let indent = 5 + 2 + 1 + 2 + NAME + 1;
            let room = width.saturating_sub(indent).max(30);
            let mut out = format!("{:<5}  {}  {:<NAME$} What it finds\n", "Code", "S", "Name");
            for d in docs {
                let mut lines = wrap_words(&d.summary, room).into_iter();
                out.push_str(&format!(
                    "{}  {}  {:<NAME$} {}\n",
                    d.id,
                    severity_letter(d),
                    d.name,
                    lines.next().unwrap_or_default()
                ));
                for line in lines {
                    out.push_str(&format!("{:indent$}{line}\n", ""));
                }
            }
            out.push('\n');
            let legend = "S: the default severity, E error, W warning, I info. `trustlint explain CODE` shows a rule's page; `--format json` lists the rules for machines.";
            for line in wrap_words(legend, width.max(40)) {
                out.push_str(&line);
                out.push('\n');
            }
            out
        }
        RulesFormat::Json => {
            let mut text = serde_json::to_string_pretty(docs).unwrap_or_default();
            text.push('\n');
            text
        }
        RulesFormat::Markdown => {
            let mut out =
                String::from("| Code | Name | Severity | What it finds |\n|---|---|---|---|\n");
            for d in docs {
                out.push_str(&format!(
                    "| <a id=\"{}\"></a>`{}` | `{}` | {} | {} |\n",
                    d.id.to_ascii_lowercase(),
                    d.id,
                    d.name,
                    d.severity,
                    d.summary.replace('|', "\\|")
                ));
            }
            out
        }
    }
}

/// A rule's page, in the order ruff uses: what, why, example, use instead, references.
pub fn explain(doc: &RuleDoc) -> String {
    let mut out = format!("{} {} ({})\n\n", doc.id, doc.name, doc.severity);
    out.push_str(&format!(
        "What it does\n  {}\n\nWhy is this bad?\n",
        doc.summary.trim()
    ));
    for line in doc.why.trim().lines() {
        out.push_str(&format!("  {line}\n"));
    }
    out.push_str(&format!("\nHow to fix it\n  {}\n", doc.fix.trim()));
    for (kind, title) in [("bad", "Example"), ("good", "Use instead")] {
        for ex in doc.examples.iter().filter(|e| e.kind == kind) {
            out.push_str(&format!("\n{title}"));
            if !ex.description.is_empty() {
                out.push_str(&format!(" ({})", ex.description.trim()));
            }
            if ex.files.is_empty() {
                out.push_str(&format!(
                    ":\n```{}\n{}\n```\n",
                    ex.format,
                    ex.code.trim_end()
                ));
            } else {
                out.push_str(":\n");
                for file in &ex.files {
                    out.push_str(&format!(
                        "{}:\n```\n{}\n```\n",
                        file.path,
                        file.code.trim_end()
                    ));
                }
            }
        }
    }
    if !doc.references.is_empty() {
        out.push_str("\nReferences\n");
        for r in &doc.references {
            out.push_str(&format!("  - {}: {}\n", r.title, r.url));
        }
    }
    out
}

fn choose_command(args: ChooseArgs) -> Result<ExitCode, Error> {
    let mut answers = match &args.answers {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            // The parser's message only, never its snippet of the file.
            let options = serde_saphyr::options! { with_snippet: false };
            serde_saphyr::from_str_with_options::<Answers>(&text, options).map_err(|e| {
                let message = e.to_string();
                let first = message.lines().next().unwrap_or_default();
                format!(
                    "{}: {}",
                    path.display(),
                    crate::redact::mask_quoted_values(first)
                )
            })?
        }
        None => Answers::default(),
    };
    let given = Answers {
        interactive_ui: YesNo::get(args.interactive_ui),
        unattended: YesNo::get(args.unattended),
        both: YesNo::get(args.both),
        platform: args.platform,
        external_users: YesNo::get(args.external_users),
        external_api: YesNo::get(args.external_api),
        sso_only: YesNo::get(args.sso_only),
        oauth_capable: YesNo::get(args.oauth_capable),
        acts_as: args.acts_as,
    };
    macro_rules! overlay {
        ($($field:ident),*) => { $(if given.$field.is_some() { answers.$field = given.$field; })* };
    }
    overlay!(
        interactive_ui,
        unattended,
        both,
        platform,
        external_users,
        external_api,
        sso_only,
        oauth_capable,
        acts_as
    );
    let answers = answers.normalized();
    answers
        .check_consistency()
        .map_err(|c| Error::Usage(c.flags))?;
    // Values reach the written definition: refused here unless they are what they claim.
    // The form first; once the answers are complete, what the rules say of each.
    let mut target = Target {
        instance: args
            .instance
            .as_deref()
            .map(|v| flag_value("--instance", v, choose::validate::instance_name(v)))
            .transpose()?,
        app_uri: args
            .app_uri
            .as_deref()
            .map(|v| flag_value("--app-uri", v, choose::validate::one_word(v)))
            .transpose()?,
        redirect_uris: Vec::new(),
        system_user: args
            .system_user
            .as_deref()
            .map(|v| flag_value("--system-user", v, choose::validate::one_word(v)))
            .transpose()?,
    };
    for uri in &args.redirect_uris {
        let uri = flag_value("--redirect-uri", uri, choose::validate::one_word(uri))?;
        if !target.redirect_uris.contains(&uri) {
            target.redirect_uris.push(uri);
        }
    }
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let wizard = terminal && !answers.missing().is_empty();
    let (answers, target) = if wizard {
        match choose::wizard::run(&mut choose::wizard::InquirePrompter, answers, target) {
            Ok(done) => done,
            Err(_) => {
                eprintln!("trustlint: interrupted; nothing was written");
                return Ok(ExitCode::from(130));
            }
        }
    } else {
        (answers, target)
    };
    if answers.missing().is_empty() {
        check_target_flags(&answers, &target)?;
    }
    let recommendation = match choose::decide(&answers, &target) {
        Ok(r) => r,
        Err(Problem::Conflict(message)) => return Err(Error::Usage(message)),
        Err(Problem::Missing(questions)) => {
            let flags: Vec<&str> = questions.iter().map(|q| q.flag()).collect();
            return Err(Error::Usage(format!(
                "more answers are needed and there is no terminal to ask them on; pass {}",
                flags.join(" ")
            )));
        }
    };
    let text = match args.format {
        ChooseFormat::Json => {
            let mut t = serde_json::to_string_pretty(&choose::output::document(&recommendation))
                .unwrap_or_default();
            t.push('\n');
            t
        }
        ChooseFormat::Yaml => choose::template::definition_yaml(&recommendation),
        ChooseFormat::Text => {
            choose::output::text(&recommendation, terminal_width().unwrap_or(100))
        }
    };
    write_stdout(&text)?;
    let mut write = args.write.clone();
    if write.is_none() && wizard {
        let offer = choose::wizard::InquirePrompter;
        match offer_to_write(offer, &target) {
            Ok(path) => write = path,
            Err(()) => {
                eprintln!("trustlint: interrupted; nothing was written");
                return Ok(ExitCode::from(130));
            }
        }
    }
    if let Some(path) = write {
        if std::fs::symlink_metadata(&path).is_ok() && !args.force {
            let replace = wizard
                && choose::wizard::Prompter::confirm(
                    &mut choose::wizard::InquirePrompter,
                    &format!(
                        "{} exists. Replace it?",
                        crate::escape::clean_path(&path.display().to_string())
                    ),
                    false,
                )
                .unwrap_or(false);
            if !replace {
                return Err(Error::Usage(format!(
                    "{} exists; nothing was written (pass --force to replace it)",
                    crate::escape::clean_path(&path.display().to_string())
                )));
            }
        }
        write_atomically(&path, &choose::template::definition_yaml(&recommendation))?;
        eprintln!(
            "trustlint: wrote {}",
            crate::escape::clean_path(&path.display().to_string())
        );
        eprint!(
            "{}",
            choose::output::next_steps(
                &recommendation,
                &target,
                &path,
                terminal_width().unwrap_or(100)
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The target flags, judged by the rules as the written definition will be.
fn check_target_flags(answers: &Answers, target: &Target) -> Result<(), Error> {
    use choose::validate::{Field, candidate};
    if let Ok(rec) = choose::decide(answers, &Target::default()) {
        if !rec.has_redirects() && !target.redirect_uris.is_empty() {
            return Err(Error::Usage(format!(
                "--redirect-uri: an app for the {} flow registers no redirect URI (nobody signs in through it)",
                rec.flow.as_str()
            )));
        }
        if rec.system_user.is_none() && target.system_user.is_some() {
            return Err(Error::Usage(format!(
                "--system-user: an app for the {} flow runs as no System User",
                rec.flow.as_str()
            )));
        }
    }
    let mut known = Target {
        instance: None,
        app_uri: None,
        redirect_uris: Vec::new(),
        system_user: None,
    };
    if let Some(v) = &target.instance {
        flag_value(
            "--instance",
            v,
            candidate(answers, &known, Field::Instance, v),
        )?;
        known.instance = Some(v.clone());
    }
    if let Some(v) = &target.app_uri {
        flag_value("--app-uri", v, candidate(answers, &known, Field::AppUri, v))?;
        known.app_uri = Some(v.clone());
    }
    for v in &target.redirect_uris {
        flag_value(
            "--redirect-uri",
            v,
            candidate(answers, &known, Field::RedirectUri, v),
        )?;
        known.redirect_uris.push(v.clone());
    }
    if let Some(v) = &target.system_user {
        flag_value(
            "--system-user",
            v,
            candidate(answers, &known, Field::SystemUser, v),
        )?;
    }
    Ok(())
}

fn offer_to_write(
    mut p: impl choose::wizard::Prompter,
    target: &Target,
) -> Result<Option<PathBuf>, ()> {
    if !p
        .confirm("Write the registration as a definition file?", true)
        .map_err(|_| ())?
    {
        return Ok(None);
    }
    let name = target
        .app_uri
        .as_deref()
        .and_then(|u| u.rsplit('/').next())
        .filter(|n| !n.is_empty())
        .unwrap_or("my-app");
    let default = format!("{name}.trusted-app.yaml");
    let path = p.text("File name:", &default).map_err(|_| ())?;
    Ok(Some(PathBuf::from(path)))
}

/// Writes through a temporary file in the same folder and a rename, so that an interrupted
/// or failed write never leaves a half-written definition.
pub fn write_atomically(path: &std::path::Path, text: &str) -> Result<(), Error> {
    // A device, FIFO or /dev/stdout is written to as it is: renaming over it would
    // replace it. Only a path that is itself one, or a link under /dev (`/dev/stdout`), is
    // written through: a link planted in a repository (`report.sarif -> /some/fifo`) is
    // replaced like any file, never followed.
    let own = std::fs::symlink_metadata(path);
    let through = match &own {
        Ok(m) if m.file_type().is_symlink() => {
            path.starts_with("/dev/") && std::fs::metadata(path).is_ok_and(|t| !t.is_file())
        }
        Ok(m) => !m.is_file() && !m.is_dir(),
        Err(_) => false,
    };
    if through {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()).and_then(|()| f.flush()))
            .map_err(|e| Error::Usage(format!("cannot write {}: {e}", path.display())));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    // A temporary file with a random name, created with O_EXCL: a link planted at a
    // predictable name cannot redirect the write. The rename then replaces the target
    // itself (a link at the target is replaced, not followed).
    let result = (|| -> std::io::Result<()> {
        let mut temp = tempfile::Builder::new()
            .prefix(".trustlint-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        temp.write_all(text.as_bytes())?;
        temp.flush()?;
        // A regular target keeps its read and write permissions (a 0600 report stays
        // 0600; no set-id or sticky bit is ever carried over); a new file, or one that
        // replaces a link, gets the usual ones, not the temporary file's 0600.
        let mode = match &own {
            Ok(m) if m.is_file() => kept_permissions(m),
            _ => default_permissions(),
        };
        if let Some(mode) = mode {
            temp.as_file().set_permissions(mode)?;
        }
        temp.persist(path).map_err(|e| e.error)?;
        Ok(())
    })();
    result.map_err(|e| {
        Error::Usage(format!(
            "cannot write {}: {}",
            path.display(),
            io_message(&e)
        ))
    })
}

/// A report written over a file the run checked would destroy the file (`check
/// apps.trusted-app.yaml -o apps.trusted-app.yaml`): refused, with nothing written.
fn refuse_to_overwrite_an_input(
    report: &crate::report::Report,
    path: &std::path::Path,
    flag: &str,
) -> Result<(), Error> {
    let Some(target) = crate::paths::FileIdentity::of(path) else {
        return Ok(());
    };
    let read = report.sources.iter().any(|s| {
        !s.path.as_os_str().is_empty()
            && crate::paths::FileIdentity::of(&s.path).as_ref() == Some(&target)
    });
    if read {
        return Err(Error::Usage(format!(
            "{flag} {} names a file this run checks; write the report to another file",
            crate::escape::clean_path(&path.display().to_string())
        )));
    }
    Ok(())
}

/// An I/O error said without the temporary file's random name that some carry ("... at
/// path /x/.trustlint-7yMt2j.tmp"): the user named another file.
fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" at path ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The permissions of a replaced file that carry over: read, write and execute bits only.
#[cfg(unix)]
fn kept_permissions(meta: &std::fs::Metadata) -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(
        meta.permissions().mode() & 0o777,
    ))
}

#[cfg(not(unix))]
fn kept_permissions(meta: &std::fs::Metadata) -> Option<std::fs::Permissions> {
    Some(meta.permissions())
}

/// The permissions a new report gets: 0644, what a new file gets under the usual umask of
/// 022 (the umask cannot be read without changing it, which would race other threads).
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// The hook script; the marker line tells a trustlint hook from someone else's.
const HOOK_MARKER: &str = "# Installed by `trustlint hook install`.";

fn hook_install(force: bool) -> Result<ExitCode, Error> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--git-path", "hooks"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(Error::Usage("not inside a git repository".into()));
    }
    let hooks = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    std::fs::create_dir_all(&hooks).map_err(|e| format!("{}: {e}", hooks.display()))?;
    let path = hooks.join("pre-commit");
    // Anything at the hook's place (a file in any encoding, a link, even a dangling one)
    // that trustlint did not write is kept unless --force; then it is backed up first.
    if std::fs::symlink_metadata(&path).is_ok() {
        // trustlint's hook is the one it writes: the marker on the second line, after
        // the shebang, not merely somewhere in a hook of someone else's.
        let ours = std::fs::read(&path)
            .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).lines().nth(1) == Some(HOOK_MARKER));
        if !ours {
            if !force {
                return Err(Error::Usage(format!(
                    "{} already exists and is not trustlint's; pass --force to replace it (it is kept as pre-commit.trustlint-backup), or call `trustlint check --staged` from it",
                    crate::escape::clean_path(&path.display().to_string())
                )));
            }
            let backup = hooks.join("pre-commit.trustlint-backup");
            std::fs::rename(&path, &backup).map_err(|e| {
                format!("cannot keep the existing hook as {}: {e}", backup.display())
            })?;
            eprintln!(
                "trustlint: the existing hook is kept as {}",
                crate::escape::clean_path(&backup.display().to_string())
            );
        }
    }
    let script = format!(
        "#!/bin/sh\n{HOOK_MARKER}\n# Checks the staged Trusted Application definitions and app configs.\nexec trustlint check --staged --format concise\n"
    );
    write_atomically(&path, &script)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    eprintln!(
        "trustlint: installed {}",
        crate::escape::clean_path(&path.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}
