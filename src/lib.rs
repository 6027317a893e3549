//! trustlint: a static analyzer for ERP.net Trusted Application registrations.
//!
//! The data flows one way: [`discover`] finds files, [`formats`] parses each once into a
//! span-keeping [`tree`], [`model`] builds the typed Trusted Applications and users,
//! [`rules`] produce [`finding::Finding`]s, and [`render`] formats them.

pub mod catalog;
pub mod cli;
pub mod date;
pub mod discover;
pub mod finding;
pub mod formats;
pub mod model;
pub mod render;
pub mod rules;
pub mod secrets;
pub mod source;
pub mod suggest;
pub mod tree;

use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::discover::{Candidate, Reason};
use crate::finding::{Finding, Rule, Severity};
use crate::formats::Format;
use crate::model::{Definition, TrustedApp, User};
use crate::source::{SourceFile, Span, display_path};
use crate::tree::Node;

/// Files larger than this are not definitions; they are skipped with a diagnostic.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The date rules compare against (secret rotation age).
    pub today: Date,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: Date::today(),
        }
    }
}

/// The result of one run: the files read, their trees, the model and the findings, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub sources: Vec<SourceFile>,
    /// The parsed tree of each source, when it parsed.
    pub trees: Vec<Option<Node>>,
    pub apps: Vec<TrustedApp>,
    pub users: Vec<User>,
    pub findings: Vec<Finding>,
    /// Values that output must never show, such as secret hashes (which may hold a plain
    /// secret by mistake), as (file, span). Renderers that show source text mask them.
    pub redactions: Vec<(usize, Span)>,
}

impl Report {
    /// The text of a file as output may show it: every redacted value masked with `*`,
    /// byte for byte, so that spans still point at the same places.
    pub fn shown_text(&self, file: usize) -> String {
        let mut text = self.sources[file].text.clone();
        for (f, span) in &self.redactions {
            if *f != file {
                continue;
            }
            let Some(value) = text.get(span.start..span.end) else {
                continue;
            };
            let masked: String = value
                .chars()
                .map(|c| match c {
                    '"' | '\'' => c.to_string(),
                    _ => "*".repeat(c.len_utf8()),
                })
                .collect();
            text.replace_range(span.start..span.end, &masked);
        }
        text
    }

    /// Whether something could not be checked (exit status 2).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.rule == Rule::ParseError)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// Checks the files and directories in `paths`; reported paths are relative to `base`.
pub fn check_paths(paths: &[PathBuf], base: &Path, options: &CheckOptions) -> Report {
    let (candidates, missing) = discover::discover(paths);
    let mut inputs = Vec::new();
    let mut findings = Vec::new();
    for path in missing {
        let source = SourceFile::new(path.clone(), display_path(&path, base), String::new());
        findings.push((source, "no such file or directory".to_string()));
    }
    for candidate in candidates {
        match read_candidate(&candidate, base) {
            Ok(Some(source)) => inputs.push((source, candidate.format)),
            Ok(None) => {}
            Err((source, message)) => findings.push((source, message)),
        }
    }
    let mut report = check_sources(inputs, options);
    for (source, message) in findings {
        let file = report.sources.len();
        report.sources.push(source);
        report.trees.push(None);
        report.findings.push(
            Finding::new(
                Rule::ParseError,
                file,
                Span::default(),
                format!("cannot be checked: {message}"),
            )
            .label("not read")
            .help("check that the path exists and is a readable text file"),
        );
    }
    sort_findings(&mut report);
    report
}

/// Reads a candidate; `Ok(None)` for a JSON file that turns out not to be an export.
fn read_candidate(c: &Candidate, base: &Path) -> Result<Option<SourceFile>, (SourceFile, String)> {
    let display = display_path(&c.path, base);
    let fail = |message: String| {
        (
            SourceFile::new(c.path.clone(), display.clone(), String::new()),
            message,
        )
    };
    let size = std::fs::metadata(&c.path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        if c.reason == Reason::MaybeExport {
            return Ok(None);
        }
        return Err(fail(format!(
            "larger than {} MiB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(&c.path).map_err(|e| fail(e.to_string()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) if c.reason == Reason::MaybeExport => return Ok(None),
        Err(_) => return Err(fail("not valid UTF-8 text".into())),
    };
    if c.reason == Reason::MaybeExport && !discover::is_domain_api_export(&text) {
        return Ok(None);
    }
    Ok(Some(SourceFile::new(c.path.clone(), display, text)))
}

/// Checks sources already in memory: each is parsed as `format`, loaded into the model,
/// and every rule runs over all of them together.
pub fn check_sources(inputs: Vec<(SourceFile, Format)>, options: &CheckOptions) -> Report {
    let mut report = Report::default();
    for (file, (source, format)) in inputs.into_iter().enumerate() {
        let tree = match formats::parse(format, &source.text) {
            Ok(tree) => {
                let Definition { apps, users } =
                    model::load_definition(&tree, &source, file, &mut report.findings);
                report.apps.extend(apps);
                report.users.extend(users);
                Some(tree)
            }
            Err(e) => {
                report.findings.push(
                    Finding::new(
                        Rule::ParseError,
                        file,
                        e.span,
                        format!("invalid {}: {}", format.name(), e.message),
                    )
                    .label("the parser stopped here")
                    .help("fix the syntax error; nothing else in this file was checked"),
                );
                None
            }
        };
        report.sources.push(source);
        report.trees.push(tree);
    }
    for (file, tree) in report.trees.iter().enumerate() {
        if let Some(tree) = tree {
            collect_redactions(tree, file, false, &mut report.redactions);
        }
    }
    let ctx = rules::Context::new(&report.apps, &report.users, options.today);
    rules::check(&ctx, &mut report.findings);
    sort_findings(&mut report);
    report
}

/// Whether a key names a credential: its value is masked wherever source text is shown.
/// Known attributes such as `ReferenceTokens` are exempt; `ApplicationSecretHash` is not,
/// since it sometimes holds the plain secret by mistake.
fn is_credential_key(key: &str) -> bool {
    if key == "ApplicationSecretHash" {
        return true;
    }
    if model::ATTRIBUTES.iter().any(|a| a.name == key) || key == "AccessTokens" {
        return false;
    }
    let k = key.to_ascii_lowercase();
    [
        "secret",
        "password",
        "passwd",
        "pwd",
        "token",
        "apikey",
        "api_key",
        "api-key",
        "credential",
        "private",
    ]
    .iter()
    .any(|w| k.contains(w))
}

fn collect_redactions(node: &Node, file: usize, masked: bool, out: &mut Vec<(usize, Span)>) {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                collect_redactions(&e.value, file, masked || is_credential_key(&e.key), out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_redactions(item, file, masked, out);
            }
        }
        _ if masked => out.push((file, node.span)),
        _ => {}
    }
}

/// A stable order: by file path, then position, then rule.
fn sort_findings(report: &mut Report) {
    let sources = &report.sources;
    report.findings.sort_by(|a, b| {
        (
            sources[a.file].display.as_str(),
            a.span.start,
            a.rule,
            &a.message,
        )
            .cmp(&(
                sources[b.file].display.as_str(),
                b.span.start,
                b.rule,
                &b.message,
            ))
    });
}
