//! Reading `[[policy]]` tables, from `trustlint.toml` or a policy file, strictly: every
//! unknown key (with a suggestion), every value of the wrong type and every pattern that
//! does not compile is a problem at its own place, and a policy with a problem is not
//! applied (the run then exits 2, so a broken policy never passes silently).

use std::path::Path;

use serde::Deserialize;

use super::{
    Client, Condition, Configs, Loaded, Metadata, Policy, RedirectUris, Scopes, Secrets, Service,
    compile, name_problem,
};
use crate::source::{SourceFile, Span};
use crate::suggest::{did_you_mean, keys_of};
use crate::tree::{Entry as TreeEntry, Node};

/// A policy as read, or the reason it is not applied.
pub type Entry = Loaded;

/// The keys of each table of a policy, by its key in `[[policy]]`.
fn table_keys(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "when" => keys_of::<Condition>(),
        "redirect-uris" => keys_of::<RedirectUris>(),
        "scopes" => keys_of::<Scopes>(),
        "client" => keys_of::<Client>(),
        "secrets" => keys_of::<Secrets>(),
        "service" => keys_of::<Service>(),
        "metadata" => keys_of::<Metadata>(),
        "configs" => keys_of::<Configs>(),
        _ => return None,
    })
}

/// Unknown keys among `entries`, each at its key with the closest known one.
fn unknown_keys(entries: &[TreeEntry], known: &[&str], what: &str, out: &mut Vec<(Span, String)>) {
    for e in entries {
        if !known.contains(&e.key.as_str()) {
            out.push((
                e.key_span,
                match did_you_mean(&e.key, known.iter().copied()) {
                    Some(s) => format!("unknown {what} `{}`: did you mean `{s}`?", e.key),
                    None => format!(
                        "unknown {what} `{}`; the keys are {}",
                        e.key,
                        known.join(", ")
                    ),
                },
            ));
        }
    }
}

/// Why a value cannot be read as part of a policy, from serde, with any quoted value
/// masked (a policy file is no place for a secret, but a pasted one must not be echoed).
fn type_problem(table: toml::Table) -> Option<String> {
    Policy::deserialize(table)
        .err()
        .map(|e| crate::redact::mask_quoted_values(e.message().trim()))
}

/// The policies of the `[[policy]]` array of a TOML document, and the problems of the
/// ones that cannot be applied. `origin` is the file as shown.
pub fn read_entries(text: &str, tree: &Node, origin: &str) -> (Vec<Loaded>, Vec<(Span, String)>) {
    let mut policies = Vec::new();
    let mut problems = Vec::new();
    let Ok(table) = toml::from_str::<toml::Table>(text) else {
        return (policies, problems);
    };
    let Some(entry) = tree.get("policy") else {
        return (policies, problems);
    };
    let (Some(items), Some(toml::Value::Array(values))) =
        (entry.value.as_seq(), table.get("policy"))
    else {
        problems.push((
            entry.key_span,
            "`policy` is an array of tables: write each policy as [[policy]]".to_string(),
        ));
        return (policies, problems);
    };
    for (node, value) in items.iter().zip(values) {
        let mut mine: Vec<(Span, String)> = Vec::new();
        let Some(map) = node.as_map() else {
            problems.push((node.span, "a policy is a table ([[policy]])".to_string()));
            continue;
        };
        let Some(fields) = value.as_table() else {
            continue;
        };
        unknown_keys(map, keys_of::<Policy>(), "policy key", &mut mine);
        for e in map {
            if let (Some(known), Some(inner)) = (table_keys(&e.key), e.value.as_map()) {
                unknown_keys(
                    inner,
                    known,
                    &format!("key of [policy.{}]", e.key),
                    &mut mine,
                );
            }
        }
        // Each value on its own, so that each wrong one is reported at its place.
        let name = fields
            .get("name")
            .cloned()
            .unwrap_or_else(|| toml::Value::String("x".into()));
        for e in map {
            let Some(value) = fields.get(&e.key) else {
                continue;
            };
            let units: Vec<(Span, String, toml::Value)> = match (value, e.value.as_map()) {
                (toml::Value::Table(inner), Some(nodes)) if table_keys(&e.key).is_some() => nodes
                    .iter()
                    .filter_map(|n| {
                        let mut one = toml::Table::new();
                        one.insert(n.key.clone(), inner.get(&n.key)?.clone());
                        Some((
                            n.value.span,
                            format!("{}.{}", e.key, n.key),
                            toml::Value::Table(one),
                        ))
                    })
                    .collect(),
                _ => vec![(e.value.span, e.key.clone(), value.clone())],
            };
            for (span, label, unit) in units {
                let mut one = toml::Table::new();
                one.insert("name".into(), name.clone());
                one.insert(e.key.clone(), unit);
                if let Some(message) = type_problem(one) {
                    mine.push((span, format!("`{label}`: {message}")));
                }
            }
        }
        let name_span = node.get("name").map_or(node.span, |e| e.value.span);
        let policy = match Policy::deserialize(fields.clone()) {
            Ok(p) => p,
            Err(e) => {
                if mine.is_empty() {
                    mine.push((
                        node.span,
                        crate::redact::mask_quoted_values(e.message().trim()),
                    ));
                }
                problems.extend(mine);
                continue;
            }
        };
        if let Some(p) = name_problem(&policy.name) {
            mine.push((name_span, p));
        }
        let (compiled, compile_problems) = compile(&policy);
        let had_problems = !mine.is_empty();
        for (path, message) in compile_problems {
            // "Requires nothing" after a misspelt table says the same thing twice.
            if path.is_empty() && had_problems {
                continue;
            }
            let mut at = node;
            let mut span = name_span;
            for key in path {
                match at.get(key) {
                    Some(e) => {
                        span = e.value.span;
                        at = &e.value;
                    }
                    None => break,
                }
            }
            // In a list, at the entry the message quotes (each problem of a list names its
            // entry first, in backquotes).
            if let Some(items) = at.as_seq()
                && let Some(item) = items.iter().find(|i| {
                    i.as_str()
                        .is_some_and(|v| message.starts_with(&format!("`{v}`")))
                })
            {
                span = item.span;
            }
            mine.push((span, message));
        }
        if mine.is_empty() {
            policies.push(Loaded {
                policy,
                origin: origin.to_string(),
                span: name_span,
                locked: false,
                compiled,
            });
        }
        problems.extend(mine);
    }
    (policies, problems)
}

/// A shared policy file given with `--policy`.
#[derive(Debug)]
pub struct PolicyFile {
    pub source: SourceFile,
    pub tree: Option<Node>,
    pub policies: Vec<Loaded>,
    /// Problems in the file (TL005), with spans into it.
    pub problems: Vec<(Span, String)>,
}

impl PolicyFile {
    /// Reads a policy file; problems become [`PolicyFile::problems`], never errors.
    pub fn read(path: &Path, display: String) -> PolicyFile {
        let refused = |why: String| PolicyFile {
            source: SourceFile::new(path.to_path_buf(), display.clone(), String::new()),
            tree: None,
            policies: Vec::new(),
            problems: vec![(Span::default(), why)],
        };
        // A device, a pipe or a folder is never read (reading /dev/zero would not end),
        // and a policy file is held to the size any other file of a run is.
        let max = crate::formats::Limits::default().max_file_bytes;
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() => {
                return refused("the policy file is not a regular file".to_string());
            }
            Ok(m) if m.len() > max => {
                return refused(format!(
                    "the policy file is {} bytes, more than the {max} a file may have",
                    m.len()
                ));
            }
            _ => {}
        }
        match std::fs::read_to_string(path) {
            Ok(text) => PolicyFile::parse(SourceFile::new(path.to_path_buf(), display, text)),
            Err(e) => PolicyFile {
                source: SourceFile::new(path.to_path_buf(), display, String::new()),
                tree: None,
                policies: Vec::new(),
                problems: vec![(Span::default(), format!("cannot read the policy file: {e}"))],
            },
        }
    }

    /// Checks the text of a policy file.
    pub fn parse(source: SourceFile) -> PolicyFile {
        let mut file = PolicyFile {
            tree: None,
            policies: Vec::new(),
            problems: Vec::new(),
            source,
        };
        let tree = match crate::formats::toml::parse(&file.source.text) {
            Ok(tree) => tree,
            Err(e) => {
                file.problems
                    .push((e.span, format!("invalid TOML: {}", e.message)));
                return file;
            }
        };
        unknown_keys(
            tree.as_map().unwrap_or(&[]),
            &["policy"],
            "key (a policy file holds only [[policy]] tables)",
            &mut file.problems,
        );
        if tree.get("policy").is_none() {
            file.problems.push((
                Span::default(),
                "the file holds no [[policy]] table".to_string(),
            ));
        }
        let (mut policies, problems) = read_entries(&file.source.text, &tree, &file.source.display);
        // A shared policy file's policies are locked (see `Loaded::locked`).
        for p in &mut policies {
            p.locked = true;
        }
        file.policies = policies;
        file.problems.extend(problems);
        file.tree = Some(tree);
        file
    }
}
