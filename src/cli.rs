//! The command line. `main.rs` only calls [`main`].

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{self, RuleDoc};
use crate::finding::{Rule, Severity};
use crate::render::{self, HumanOptions, OutputFormat};
use crate::{CheckOptions, check_paths};

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
    /// List the rules.
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Explain a rule: what it finds, why, a bad and a good example, references.
    Explain {
        /// A rule code (TA201) or name (redirect-uri-not-https).
        rule: String,
    },
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
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// The lowest severity that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Colour in the human format.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
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
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("trustlint: {message}");
            ExitCode::from(2)
        }
    }
}

fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`trustlint ... | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| format!("cannot write the output: {e}")),
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules { format } => {
            write_stdout(&rules_listing(format))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let doc = Rule::lookup(&rule)
                .and_then(catalog::doc)
                .ok_or_else(|| format!("no rule `{rule}`; `trustlint rules` lists them"))?;
            write_stdout(&explain(doc))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Schema { write } => {
            let schemas = crate::model::schema::all();
            match write {
                Some(dir) => {
                    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    for (name, text) in schemas {
                        let path = dir.join(name);
                        std::fs::write(&path, text)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                    }
                }
                None => write_stdout(&schemas[0].1)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let base =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let report = check_paths(&args.paths, &base, &CheckOptions::default());
    if report.sources.is_empty() {
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
    write_stdout(&render::render(
        &report,
        args.format,
        &HumanOptions { color, width },
    ))?;
    let threshold = args.fail_on.severity();
    Ok(if report.has_errors() {
        ExitCode::from(2)
    } else if report.findings.iter().any(|f| f.severity >= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .parse()
        .ok()
        .filter(|w| *w >= 40)
}

fn severity_letter(doc: &RuleDoc) -> &'static str {
    match doc.default_severity() {
        Severity::Error => "E",
        Severity::Warning => "W",
        Severity::Info => "I",
    }
}

pub fn rules_listing(format: RulesFormat) -> String {
    let docs = catalog::catalog();
    match format {
        RulesFormat::Json => {
            let mut text = serde_json::to_string_pretty(docs).unwrap_or_default();
            text.push('\n');
            text
        }
        RulesFormat::Text => docs
            .iter()
            .map(|d| {
                format!(
                    "{}  {}  {:<34} {}\n",
                    d.id,
                    severity_letter(d),
                    d.name,
                    d.summary
                )
            })
            .collect(),
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
