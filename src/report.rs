//! The result of a run: the files read, their trees, the model, the findings (sorted) and
//! what output must mask. Renderers read it; they decide nothing.

use crate::configs::AppConfig;
use crate::coverage;
use crate::escape;
use crate::finding::{Finding, Rule, Severity};
use crate::model::{AccessToken, TrustedApp, TrustedAppAuthorization, User};
use crate::redact;
use crate::secrets::Detection;
use crate::source::{SourceFile, Span};
use crate::tree::{Leaves, Node};

use std::collections::HashMap;

/// A file's keys and scalar values, each with its stable path and JSON pointer, by position.
pub type LeafPaths = Vec<(Span, String, String)>;

/// A place in a file, with its stable path and JSON pointer.
type PlacePaths = ((usize, Span), (String, String));
/// The stable path and JSON pointer of each place in one file, by span.
type FilePlaces = HashMap<Span, (String, String)>;

/// A secret found in a config value, located in its file.
#[derive(Debug, Clone)]
pub struct FoundSecret {
    /// Index of the config in [`Report::configs`].
    pub config: usize,
    /// Index of the setting in that config; `None` for a secret found in the text of a file
    /// that is read only for secrets (a text file holds no settings).
    pub setting: Option<usize>,
    pub detection: Detection,
    pub span: Span,
}

/// What a file of the run was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadAs {
    /// A Trusted Application definition, named as one (or by the project's patterns, or on
    /// the command line).
    Definition(crate::formats::Format),
    /// A JSON file whose content is a Domain API export.
    Export,
    /// An app config, by its name (or a `Configs:` link, the project's patterns, the
    /// command line).
    Config(crate::configs::ConfigFormat),
    /// A file found by its content: code or data that configures an OAuth client, or (as
    /// [`ConfigFormat::Text`](crate::configs::ConfigFormat::Text)) a file read only for
    /// secrets whose shape gives them away.
    ByContent(crate::configs::ConfigFormat),
    /// The project configuration, `trustlint.toml`.
    Settings,
    /// A file that could not be read (its TA001 finding says why).
    Unreadable,
}

/// A file of the run that gave neither settings nor a secret (see [`Report::passed_over`]).
#[derive(Debug, Clone)]
pub struct PassedOverFile {
    pub path: String,
    pub reason: &'static str,
    /// Read for secrets (none found), as opposed to left unread.
    pub read: bool,
}

/// The result of one run: the files read, their trees, the model and the findings, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub sources: Vec<SourceFile>,
    /// What each source was read as, by the same index.
    pub read_as: Vec<ReadAs>,
    /// Whether each source parsed. Trees are not kept (a run over a large repository would
    /// hold every file's tree until the report is written); [`Report::tree`] parses again.
    pub parsed: Vec<bool>,
    /// The bounds the run read its files under, to parse a file again the same way.
    pub limits: crate::formats::Limits,
    pub apps: Vec<TrustedApp>,
    pub users: Vec<User>,
    /// The grant store's records (reference and refresh tokens, consents), keys left out.
    pub tokens: Vec<AccessToken>,
    pub authorizations: Vec<TrustedAppAuthorization>,
    pub configs: Vec<AppConfig>,
    pub secrets: Vec<FoundSecret>,
    pub findings: Vec<Finding>,
    /// Findings held back by a suppression or a baseline; counted in summaries.
    pub suppressed: Vec<Finding>,
    /// Files trustlint chose not to read, with why (shown on standard error).
    pub skipped: Vec<(String, &'static str)>,
    /// With [`CheckOptions::list_files`](crate::CheckOptions::list_files): the files that
    /// were neither definitions nor configs by name and gave nothing, with what became of
    /// each and whether they were read at all (for `--show-files`).
    pub passed_over: Vec<PassedOverFile>,
    /// The stable path and JSON pointer of each place findings point at, by (file, span),
    /// found once the findings are known ([`Report::index_paths`]).
    pub paths: HashMap<(usize, Span), (String, String)>,
    /// The places asked for that [`Report::index_paths`] did not find, a file at a time
    /// (see [`Report::paths_of`]).
    pub late_paths: std::sync::Mutex<HashMap<usize, FilePlaces>>,
    /// Values that output must never show, such as secrets and secret hashes (a hash field
    /// sometimes holds the plain secret by mistake), as (file, span). Renderers that show
    /// source text mask them.
    pub redactions: Vec<(usize, Span)>,
    /// The part of [`Report::redactions`] that holds credentials (detected secrets, values
    /// under credential-named keys, the anchors of their aliases), as opposed to values
    /// masked only as a precaution (under an unknown key). Messages never quote these.
    pub credentials: Vec<(usize, Span)>,
    /// The string values under credential-named keys, as parsed (escapes decoded), so that
    /// messages quoting them can be scrubbed. Never shown.
    pub credential_values: Vec<(usize, Span, String)>,
    /// What [`Report::credentials`] and the detections hold, as values to find wherever
    /// they appear (a secret repeated in another field). Never shown.
    pub secret_values: redact::SecretValues,
    /// What the run did not check, and why (shown in every format).
    pub not_checked: coverage::NotChecked,
    /// The suppressions that held back findings, one per finding.
    pub suppressions_applied: Vec<coverage::Suppression>,
}

/// Whether a text is printable ASCII, tabs and line ends only (a carriage return only
/// before a line feed): then no character of it needs replacing before it is shown.
fn is_plain_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        (0x20..0x7f).contains(&b)
            || b == b'\n'
            || b == b'\t'
            || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n'))
    })
}

impl Report {
    /// The text of a file as output may show it: every redacted value masked with `*`,
    /// byte for byte, so that spans still point at the same places.
    pub fn shown_text(&self, file: usize) -> String {
        // Control characters other than line ends and tabs become `?`, byte for byte, so
        // that a file cannot send escape sequences to the terminal.
        // A carriage return counts only as part of a line end: a lone one would let a reader
        // that splits lines on it see a line the snippet does not show.
        let raw = &self.sources[file].text;
        let mut text = if is_plain_ascii(raw) {
            raw.clone()
        } else {
            let mut text = String::with_capacity(raw.len());
            let mut chars = raw.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\r' if chars.peek() == Some(&'\n') => text.push(c),
                    '\n' | '\t' => text.push(c),
                    c if escape::is_unsafe_char(c) => text.push_str(&"?".repeat(c.len_utf8())),
                    c => text.push(c),
                }
            }
            text
        };
        let from = self.redactions.partition_point(|(f, _)| *f < file);
        let masks = self.redactions[from..]
            .iter()
            .take_while(|(f, _)| *f == file)
            .map(|(_, s)| *s)
            .chain(
                self.secret_values
                    .find_in(raw)
                    .into_iter()
                    .map(|r| Span::new(r.start, r.end)),
            );
        for span in masks {
            let Some(value) = text.get(span.start..span.end) else {
                continue;
            };
            // Quotes, line ends and each line's indentation stay, so that a masked block
            // keeps its shape; every other character becomes `*`, byte for byte.
            let mut line_start = span.start == 0 || text[..span.start].ends_with('\n');
            let masked: String = value
                .chars()
                .map(|c| {
                    let keep = matches!(c, '"' | '\'' | '`' | '\n')
                        || (line_start && matches!(c, ' ' | '\t'));
                    line_start = c == '\n' || (line_start && matches!(c, ' ' | '\t'));
                    if keep {
                        c.to_string()
                    } else {
                        "*".repeat(c.len_utf8())
                    }
                })
                .collect();
            text.replace_range(span.start..span.end, &masked);
        }
        // Azure Pipelines reads `##vso[` anywhere in a line, and GitHub's runner `##[`: their
        // second `#` becomes `?`.
        for i in escape::command_marks(&text) {
            text.replace_range(i..i + 1, "?");
        }
        text
    }

    /// The parsed tree of a file, parsed again from its text as it was read.
    pub fn tree(&self, file: usize) -> Option<Node> {
        if !self.parsed.get(file).copied().unwrap_or(false) {
            return None;
        }
        let text = &self.sources[file].text;
        let limits = &self.limits;
        match self.read_as[file] {
            ReadAs::Definition(format) => crate::formats::parse_limited(format, text, limits).ok(),
            ReadAs::Export => {
                // A grant export's places are only those its findings point at.
                crate::model::reread_export(text).ok()
            }
            ReadAs::Config(format) | ReadAs::ByContent(format) => {
                crate::configs::parse_limited(format, text, limits).ok()
            }
            ReadAs::Settings => crate::formats::toml::parse(text).ok(),
            ReadAs::Unreadable => None,
        }
    }

    /// Finds the stable path and JSON pointer of every place in `places`, each file parsed
    /// once, on all threads, and keeps them for [`Report::paths_of`].
    pub fn index_paths(&mut self, places: &[(usize, Span)]) {
        use rayon::prelude::*;
        let mut by_file: HashMap<usize, Vec<Span>> = HashMap::new();
        for (file, span) in places {
            if !self.paths.contains_key(&(*file, *span)) {
                by_file.entry(*file).or_default().push(*span);
            }
        }
        let mut files: Vec<(usize, Vec<Span>)> = by_file.into_iter().collect();
        files.sort_unstable_by_key(|(file, _)| *file);
        let found: Vec<Vec<PlacePaths>> = files
            .par_iter()
            .map(|(file, spans)| {
                let tree = self.tree(*file);
                let leaves = tree.as_ref().map(Node::leaves);
                spans
                    .iter()
                    .map(|span| {
                        let paths = path_in(leaves.as_ref(), tree.as_ref(), *span);
                        ((*file, *span), paths)
                    })
                    .collect()
            })
            .collect();
        self.paths.extend(found.into_iter().flatten());
    }

    /// The stable path and the JSON pointer of the place a span points at: the innermost
    /// key or value that contains it (the tree is searched only when no leaf does).
    pub fn paths_of(&self, file: usize, span: Span) -> (String, String) {
        if let Some(found) = self.paths.get(&(file, span)) {
            return found.clone();
        }
        // Not indexed: the places of all the file's findings are found with one parse, so
        // that asking for each finding in turn does not parse the file once for each.
        let mut late = self
            .late_paths
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let places = late.entry(file).or_default();
        if let Some(found) = places.get(&span) {
            return found.clone();
        }
        let tree = self.tree(file);
        let leaves = tree.as_ref().map(Node::leaves);
        let spans = self
            .findings
            .iter()
            .filter(|f| f.file == file)
            .map(|f| f.span)
            .chain(std::iter::once(span));
        for s in spans {
            places
                .entry(s)
                .or_insert_with(|| path_in(leaves.as_ref(), tree.as_ref(), s));
        }
        places.get(&span).cloned().unwrap_or_default()
    }

    /// Whether something could not be checked (exit status 2).
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f.rule, Rule::TA001 | Rule::TL004))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The innermost leaf of `leaves` (sorted by start) that contains `span`, else the tree's
/// own answer.
fn path_in(leaves: Option<&Leaves<'_>>, tree: Option<&Node>, span: Span) -> (String, String) {
    let hit = leaves.and_then(|leaves| {
        let list = &leaves.leaves;
        let after = list.partition_point(|(s, _)| s.start <= span.start);
        list[..after]
            .iter()
            .rev()
            .take(8)
            .find(|(s, _)| s.start <= span.start && span.end <= s.end.max(s.start))
            .map(|(_, step)| leaves.paths(*step))
    });
    match (hit, tree) {
        (Some(found), _) => found,
        (None, Some(tree)) => (tree.stable_path_to(span), tree.pointer_to(span)),
        (None, None) => (String::new(), String::new()),
    }
}

/// A stable order: by file path, then position, then rule.
pub fn sort_findings(report: &mut Report) {
    let sources = &report.sources;
    // A consequence (`after`) takes its cause's place and follows it.
    let place = |f: &Finding| f.after.map_or(f.span.start, |s| s.start);
    report.findings.sort_by(|a, b| {
        (
            sources[a.file].display.as_str(),
            place(a),
            a.after.is_some(),
            a.rule,
            &a.message,
        )
            .cmp(&(
                sources[b.file].display.as_str(),
                place(b),
                b.after.is_some(),
                b.rule,
                &b.message,
            ))
    });
}

#[cfg(test)]
mod tests {
    use super::is_plain_ascii;

    #[test]
    fn only_printable_ascii_tabs_and_line_ends_are_plain() {
        for plain in ["", "a: b\n", "x\ty\r\n", "k = \"v\" # ~\n"] {
            assert!(is_plain_ascii(plain), "{plain:?}");
        }
        // Each of these has a character the shown text must replace.
        for not in [
            "a\rb",
            "trailing\r",
            "bell\u{7}",
            "del\u{7f}",
            "esc\u{1b}[31m",
            "caf\u{e9}",
            "bidi\u{202e}",
        ] {
            assert!(!is_plain_ascii(not), "{not:?}");
        }
    }
}
