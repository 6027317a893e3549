//! `check --show-files`: every file a run read, what it was read as, its side and why, and
//! the files it left out with why. For a user who wonders whether trustlint saw a file.

use serde_json::json;

use crate::configs::ConfigFormat;
use crate::finding::Rule;
use crate::input::{self, Classified, InputKind};
use crate::report::{ReadAs, Report};
use crate::settings::Loaded;

/// One file the run read.
struct Read<'a> {
    path: &'a str,
    kind: &'static str,
    reader: &'static str,
    side: Option<String>,
    reason: String,
}

/// The listing as text (a line per file) or, with `json`, one JSON document:
/// `{"files": [{"path", "kind", "reader", "side", "reason"}], "skipped": [{"path", "reason"}]}`.
pub fn show_files(report: &Report, settings: &Loaded, json: bool) -> String {
    let mut files: Vec<Read> = (0..report.sources.len())
        .map(|file| read(report, settings, file))
        .collect();
    // Files read for secrets that held none: every text file of the run is.
    files.extend(report.passed_over.iter().filter(|p| p.read).map(|p| Read {
        path: &p.path,
        kind: "secrets",
        reader: ConfigFormat::Text.name(),
        side: None,
        reason: p.reason.to_string(),
    }));
    files.sort_by(|a, b| a.path.cmp(b.path));
    let skipped = skipped(report);
    if json {
        let files: Vec<_> = files
            .iter()
            .map(|f| {
                json!({
                    "path": f.path,
                    "kind": f.kind,
                    "reader": f.reader,
                    "side": f.side,
                    "reason": f.reason,
                })
            })
            .collect();
        let skipped: Vec<_> = skipped
            .iter()
            .map(|(path, reason)| json!({ "path": path, "reason": reason }))
            .collect();
        let mut text = serde_json::to_string_pretty(&json!({ "files": files, "skipped": skipped }))
            .unwrap_or_default();
        text.push('\n');
        return text;
    }
    let mut out = String::new();
    for f in &files {
        let side = f
            .side
            .as_deref()
            .map(|s| format!("; {s}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<11} {}  ({}; {}{side})\n",
            f.kind, f.path, f.reader, f.reason
        ));
    }
    for (path, reason) in &skipped {
        out.push_str(&format!("{:<11} {path}  ({reason})\n", "skipped"));
    }
    out.push_str(&format!(
        "{} read, {} skipped.\n",
        super::plural(files.len(), "file"),
        skipped.len()
    ));
    out
}

/// The reader of a config as a person would name it: the `KEY=value` reader reads `.env`
/// files and also `.properties` and `.ini`-like files.
fn reader_name(format: ConfigFormat, path: &std::path::Path) -> &'static str {
    match (format, path.extension().and_then(|e| e.to_str())) {
        (ConfigFormat::Env, Some("properties")) => "KEY=value (.properties)",
        (ConfigFormat::Env, Some("ini" | "cfg" | "conf")) => "KEY=value",
        _ => format.name(),
    }
}

/// What a file was read as, and why it was read.
fn read<'a>(report: &'a Report, settings: &Loaded, file: usize) -> Read<'a> {
    let source = &report.sources[file];
    let path = source.path.as_path();
    let by_project = |kind: fn(&InputKind) -> bool| {
        matches!(
            input::classify(path, Some(settings)),
            Some(Classified { kind: ref k, maybe_export: false }) if kind(k)
        )
    };
    let (kind, reader, reason) = match report.read_as[file] {
        ReadAs::Definition(format) => {
            let reason = if input::is_definition_name(path) {
                "named like a definition"
            } else if by_project(|k| matches!(k, InputKind::Definition(_))) {
                "matches `definitions` in trustlint.toml"
            } else {
                "named on the command line"
            };
            ("definition", format.name(), reason.to_string())
        }
        ReadAs::Export => (
            "export",
            "JSON",
            "its content is a Domain API export".to_string(),
        ),
        ReadAs::ByContent(ConfigFormat::Text) => (
            "secrets",
            ConfigFormat::Text.name(),
            "read only for secrets: it holds a reference token, a JWT or a private key".to_string(),
        ),
        ReadAs::ByContent(format) => (
            "config",
            reader_name(format, path),
            "found by its content: it configures an OAuth client".to_string(),
        ),
        ReadAs::Config(format) => {
            let linked = report
                .configs
                .iter()
                .any(|c| c.file == file && c.linked_explicitly);
            let reason = if crate::configs::is_config_name(path) {
                "named like an app config"
            } else if linked {
                "named by a definition's `Configs:`"
            } else if by_project(|k| matches!(k, InputKind::Config(_))) {
                "matches `configs` in trustlint.toml"
            } else {
                "named on the command line"
            };
            ("config", reader_name(format, path), reason.to_string())
        }
        ReadAs::Settings => ("settings", "TOML", "the project configuration".to_string()),
        ReadAs::Unreadable => {
            let why = report
                .findings
                .iter()
                .find(|f| f.file == file && f.rule == Rule::TA001)
                .map_or_else(|| "not read".to_string(), |f| f.message.clone());
            ("unreadable", "none", why)
        }
    };
    let side = report
        .configs
        .iter()
        .find(|c| c.file == file && c.format != ConfigFormat::Text)
        .map(|c| match c.side.is_frontend() {
            true => format!("front end: {}", c.side.reason()),
            false => "back end".to_string(),
        });
    Read {
        path: &source.display,
        kind,
        reader,
        side,
        reason,
    }
}

/// The files left out, with why: by the configuration, by git's ignore rules, or because
/// of what they are (links, special files).
fn skipped(report: &Report) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = report
        .skipped
        .iter()
        .map(|(path, why)| (path.clone(), why.to_string()))
        .collect();
    out.extend(
        report
            .passed_over
            .iter()
            .filter(|p| !p.read)
            .map(|p| (p.path.clone(), p.reason.to_string())),
    );
    let nc = &report.not_checked;
    out.extend(
        nc.excluded_named
            .iter()
            .map(|p| (p.clone(), "excluded by trustlint.toml".to_string())),
    );
    out.extend(nc.ignored_named.iter().map(|p| {
        (
            p.clone(),
            "untracked, and git's ignore rules leave it out".to_string(),
        )
    }));
    out.sort();
    out.dedup();
    out
}
