//! The drift report in each format. Every value in a [`Drift`] is already as output may
//! show it (escaped, secrets masked); each format adds only its own escaping.

use serde_json::json;

use super::{AppDrift, Drift, DriftKind};

/// The formats `trustlint diff` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// For people: each app, then each attribute with its declared and registered value.
    Human,
    /// One JSON document.
    Json,
    /// A table per app, for pull requests and issues.
    Markdown,
    /// SARIF 2.1.0, for code scanning: one result per app, at its definition (or, for an
    /// app declared nowhere, at its record in the export).
    Sarif,
    /// GitHub Actions workflow commands, which annotate the run.
    Github,
}

pub fn render(drift: &Drift, format: DiffFormat) -> String {
    match format {
        DiffFormat::Human => human(drift),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(drift).unwrap_or_default();
            text.push('\n');
            text
        }
        DiffFormat::Markdown => markdown(drift),
        DiffFormat::Sarif => sarif(drift),
        DiffFormat::Github => github(drift),
    }
}

fn title(app: &AppDrift) -> String {
    match &app.name {
        Some(name) => format!("{} ({name})", app.application_uri),
        None => app.application_uri.clone(),
    }
}

fn summary(drift: &Drift) -> String {
    if drift.is_empty() {
        return format!(
            "No drift: the {} declared apps are registered as declared ({} registered).\n",
            drift.declared_apps, drift.registered_apps
        );
    }
    let count = |kind| drift.apps.iter().filter(|a| a.kind == kind).count();
    format!(
        "Drift in {} apps: {} worse than declared, {} registered but not declared, {} declared but not registered, {} changed ({} declared, {} registered).\n",
        drift.apps.len(),
        drift.worse(),
        count(DriftKind::NotDeclared),
        count(DriftKind::NotRegistered),
        count(DriftKind::Changed),
        drift.declared_apps,
        drift.registered_apps
    )
}

fn where_of(app: &AppDrift) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &app.declared_at {
        parts.push(format!("declared in {}:{}", p.file, p.line));
    }
    if let Some(p) = &app.registered_at {
        parts.push(format!("registered in {}:{}", p.file, p.line));
    }
    parts.join("; ")
}

fn human(drift: &Drift) -> String {
    let mut out = String::new();
    for app in &drift.apps {
        let mark = if app.worse.is_empty() { " " } else { "!" };
        out.push_str(&format!(
            "{mark} {}: {}\n    {}\n",
            title(app),
            app.kind.as_str(),
            where_of(app)
        ));
        for why in &app.worse {
            out.push_str(&format!("    worse: {why}\n"));
        }
        for c in &app.changes {
            let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "(not set)".into());
            out.push_str(&format!(
                "    {}: {} -> {}\n",
                c.attribute,
                shown(&c.declared),
                shown(&c.registered)
            ));
            for a in &c.added {
                out.push_str(&format!("      + {a}\n"));
            }
            for r in &c.removed {
                out.push_str(&format!("      - {r}\n"));
            }
        }
        out.push('\n');
    }
    out.push_str(&summary(drift));
    for note in &drift.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

/// Text for a table cell or a list item: `|` and line ends would break the row, and `<`
/// would start HTML, which a Markdown viewer may render.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // Markdown's own characters are shown, not acted on (emphasis, links, code).
            '\\' | '|' | '*' | '_' | '[' | ']' | '`' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // `@name` would notify someone in a pull request.
            '@' => out.push_str("&#64;"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn markdown(drift: &Drift) -> String {
    let mut out = String::from("## Drift between the definitions and the instance\n\n");
    out.push_str(&summary(drift));
    for note in &drift.notes {
        out.push_str(&format!("\n> Note: {}\n", cell(note)));
    }
    for app in &drift.apps {
        let mark = if app.worse.is_empty() {
            ""
        } else {
            " — **worse than declared**"
        };
        out.push_str(&format!(
            "\n### {}: {}{mark}\n\n{}\n",
            cell(&title(app)),
            app.kind.as_str(),
            cell(&where_of(app))
        ));
        for why in &app.worse {
            out.push_str(&format!("\n- {}", cell(why)));
        }
        if !app.worse.is_empty() {
            out.push('\n');
        }
        if !app.changes.is_empty() {
            out.push_str("\n| Attribute | Declared | Registered |\n|---|---|---|\n");
            for c in &app.changes {
                let shown = |v: &Option<String>| v.as_deref().map_or("(not set)".into(), cell);
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    c.attribute,
                    shown(&c.declared),
                    shown(&c.registered)
                ));
            }
        }
    }
    out
}

fn message(app: &AppDrift) -> String {
    let mut text = format!("{}: {}", title(app), app.kind.as_str());
    for why in &app.worse {
        text.push_str(&format!("; worse: {why}"));
    }
    for c in &app.changes {
        text.push_str(&format!(
            "; {}: {} -> {}",
            c.attribute,
            c.declared.as_deref().unwrap_or("(not set)"),
            c.registered.as_deref().unwrap_or("(not set)")
        ));
    }
    text
}

fn rule_id(app: &AppDrift) -> &'static str {
    match app.kind {
        DriftKind::NotDeclared => "drift/not-declared",
        DriftKind::NotRegistered => "drift/not-registered",
        DriftKind::Changed => "drift/changed",
    }
}

fn github(drift: &Drift) -> String {
    use crate::render::github::escape;
    let mut out = String::new();
    for app in &drift.apps {
        let level = if app.worse.is_empty() {
            "warning"
        } else {
            "error"
        };
        let place = app.declared_at.as_ref().or(app.registered_at.as_ref());
        let location = place.map_or(String::new(), |p| {
            format!("file={},line={},", escape(&p.file, true), p.line)
        });
        out.push_str(&format!(
            "::{level} {location}title={}::{}\n",
            escape(&format!("trustlint {}", rule_id(app)), true),
            escape(&message(app), false)
        ));
    }
    out
}

fn sarif(drift: &Drift) -> String {
    use crate::render::sarif::percent_encode_path;
    let rules = [
        (
            "drift/not-declared",
            "AppNotDeclared",
            "An app is registered in the instance and declared in no definition.",
        ),
        (
            "drift/not-registered",
            "AppNotRegistered",
            "An app is declared in a definition and not registered in the instance.",
        ),
        (
            "drift/changed",
            "AppChanged",
            "An app is registered with attributes that differ from its definition.",
        ),
    ];
    let results: Vec<serde_json::Value> = drift
        .apps
        .iter()
        .map(|app| {
            let place = app.declared_at.as_ref().or(app.registered_at.as_ref());
            let locations: Vec<serde_json::Value> = place
                .map(|p| {
                    let artifact = if p.file.starts_with('/') {
                        json!({ "uri": format!("file://{}", percent_encode_path(&p.file)) })
                    } else {
                        json!({ "uri": percent_encode_path(&p.file), "uriBaseId": "%SRCROOT%" })
                    };
                    json!({ "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": { "startLine": p.line },
                    }})
                })
                .into_iter()
                .collect();
            json!({
                "ruleId": rule_id(app),
                "ruleIndex": rules.iter().position(|(id, _, _)| *id == rule_id(app)).unwrap_or(0),
                "level": if app.worse.is_empty() { "warning" } else { "error" },
                "message": { "text": message(app) },
                "locations": locations,
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "trustlint",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|(id, name, text)| json!({
                    "id": id,
                    "name": name,
                    "shortDescription": { "text": text },
                })).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
