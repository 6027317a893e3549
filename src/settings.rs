//! The project configuration, `trustlint.toml` (or `.trustlint.toml`): the closest one
//! above the checked path applies. Every problem in it is a finding pointing into the file
//! (TL004), and the run then exits 2.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::date::Date;
use crate::finding::{Finding, Rule};
use crate::model::{Environment, ErpEnum};
pub use crate::rule::Level;
use crate::rule::Selection;
use crate::source::{SourceFile, Span};
use crate::suggest::keys_of;
use crate::tree::Node;

/// The most `max-yaml-depth` can be raised to.
pub const MAX_YAML_DEPTH_CEILING: usize = 1024;
/// The most `max-file-mib` can be raised to: a checked-in `trustlint.toml` is part of the
/// pull request, and must not be able to make the gate read files of any size.
pub const MAX_FILE_MIB_CEILING: u64 = 256;
/// The most `max-yaml-nodes` can be raised to.
pub const MAX_YAML_NODES_CEILING: usize = 5_000_000;

/// The file names looked for, in order, in each folder.
pub const FILE_NAMES: &[&str] = &["trustlint.toml", ".trustlint.toml"];

/// `trustlint.toml`.
// Unknown keys are found on the document tree (so that every one is reported with a
// suggestion, and the rest of the file still applies); the schema still forbids them.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(
    deny_unknown_fields,
    title = "trustlint configuration (trustlint.toml)"
)]
pub struct Settings {
    /// Severity per rule, or `off`; keys are codes (`TA205`) or names (`redirect-uri-loopback-name`).
    #[serde(default)]
    pub rules: BTreeMap<String, Level>,
    /// Only paths matching one of these globs (relative to this file's folder) are checked.
    #[serde(default)]
    pub include: Vec<String>,
    /// Paths matching one of these globs are skipped.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// More file-name globs for definitions, beside `*.trusted-app.yaml` and `trusted-apps.*`.
    #[serde(default)]
    pub definitions: Vec<String>,
    /// More file-name globs for app configs, beside `.env*`, `appsettings*.json`, ...
    #[serde(default)]
    pub configs: Vec<String>,
    /// Path globs whose configs run in front of users (browser bundles, apps).
    #[serde(default)]
    pub frontend: Vec<String>,
    /// More env-variable prefixes that a build tool puts into the browser bundle.
    #[serde(default)]
    pub public_env_prefixes: Vec<String>,
    /// Days a client secret may go unrotated before TA305 (default 180).
    pub secret_rotation_days: Option<u32>,
    /// The Environment of definitions that do not say (default Production).
    pub environment: Option<String>,
    /// The lowest severity that fails the run (default error); `--fail-on` overrides it.
    pub fail_on: Option<Level>,
    /// Suppressions for files without comments (JSON) or whole paths.
    #[serde(default)]
    pub ignore: Vec<Ignore>,
    /// Bounds on what one file may cost to read.
    #[serde(default)]
    pub limits: LimitSettings,
    /// The organisation's own policies, on top of ERP.net's rules (the PL rules).
    #[serde(default)]
    pub policy: Vec<crate::policy::Policy>,
}

/// The settings of a file that parsed as TOML, and a problem for every value of the wrong
/// type or outside its set, each at its own place: serde stops at the first, so each value
/// (each key of a table, each `[[ignore]]` entry) is tried on its own, and the settings
/// are read from the rest.
fn settings_of(text: &str, tree: &Node) -> (Settings, Vec<(Span, String)>, Vec<usize>) {
    let Ok(mut table) = toml::from_str::<toml::Table>(text) else {
        return (Settings::default(), Vec::new(), Vec::new());
    };
    // Policies are read on their own (`crate::policy`), each problem at its place.
    table.remove("policy");
    let mut problems = Vec::new();
    let mut bad: Vec<(String, Option<usize>, Option<String>)> = Vec::new();
    let alone = |key: &str, value: toml::Value| -> Result<(), String> {
        let mut one = toml::Table::new();
        one.insert(key.to_string(), value);
        Settings::deserialize(one)
            .map(|_| ())
            .map_err(|e| crate::redact::mask_quoted_values(e.message().trim()))
    };
    for (key, value) in &table {
        let units: Vec<(Option<usize>, Option<String>, toml::Value)> = match value {
            toml::Value::Table(inner) => inner
                .iter()
                .map(|(k, v)| {
                    let mut t = toml::Table::new();
                    t.insert(k.clone(), v.clone());
                    (None, Some(k.clone()), toml::Value::Table(t))
                })
                .collect(),
            toml::Value::Array(items) if items.iter().all(toml::Value::is_table) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), None, toml::Value::Array(vec![v.clone()])))
                .collect(),
            other => vec![(None, None, other.clone())],
        };
        for (index, sub, unit) in units {
            if let Err(message) = alone(key, unit) {
                // At the key whose value is wrong (the masking step then hides that value
                // if it could be a secret), or at the `[[ignore]]` entry.
                let top = tree.get(key);
                let span = match (index, &sub) {
                    (Some(i), _) => top
                        .and_then(|e| e.value.as_seq())
                        .and_then(|items| items.get(i))
                        .map(|n| n.span),
                    (None, Some(k)) => top.and_then(|e| e.value.get(k)).map(|e| e.key_span),
                    (None, None) => top.map(|e| e.key_span),
                }
                .unwrap_or_default();
                problems.push((span, message));
                bad.push((key.clone(), index, sub));
            }
        }
    }
    // Where each `[[ignore]]` entry that is read sits among the file's entries.
    let dropped: Vec<usize> = bad
        .iter()
        .filter(|(key, index, _)| key == "ignore" && index.is_some())
        .filter_map(|(_, index, _)| *index)
        .collect();
    let entries = tree
        .get("ignore")
        .and_then(|e| e.value.as_seq())
        .map_or(0, <[Node]>::len);
    let kept_ignores = (0..entries).filter(|i| !dropped.contains(i)).collect();
    // Without the bad values, in reverse so that array indexes stay right.
    for (key, index, sub) in bad.into_iter().rev() {
        match (index, sub, table.get_mut(&key)) {
            (Some(i), _, Some(toml::Value::Array(items))) if i < items.len() => {
                items.remove(i);
            }
            (_, Some(k), Some(toml::Value::Table(inner))) => {
                inner.remove(&k);
            }
            (None, None, _) => {
                table.remove(&key);
            }
            _ => {}
        }
    }
    let settings = Settings::deserialize(table).unwrap_or_else(|e| {
        problems.push((
            Span::default(),
            crate::redact::mask_quoted_values(e.message().trim()),
        ));
        Settings::default()
    });
    (settings, problems, kept_ignores)
}

/// `[limits]`: every bound is optional; the defaults are in the README.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct LimitSettings {
    /// Files larger than this many MiB are skipped with TA001 (default 16, at most 256).
    pub max_file_mib: Option<u64>,
    /// YAML nesting deeper than this is refused with TA001 (default 64, at most 1024).
    pub max_yaml_depth: Option<usize>,
    /// YAML with more nodes than this after alias expansion is refused with TA001
    /// (default 200000, at most 5000000).
    pub max_yaml_nodes: Option<usize>,
}

impl LimitSettings {
    /// The limits, with the defaults for what is not set and each capped at its maximum.
    pub fn resolve(&self) -> crate::formats::Limits {
        self.resolve_with_notes().0
    }

    /// The limits, and a note for each setting above its maximum (the maximum applies).
    pub fn resolve_with_notes(&self) -> (crate::formats::Limits, Vec<String>) {
        let d = crate::formats::Limits::default();
        let mut notes = Vec::new();
        let mut cap = |name: &str, value: u64, ceiling: u64| {
            if value > ceiling {
                notes.push(format!(
                    "{name} = {value} in [limits] is above its maximum of {ceiling}; {ceiling} applies"
                ));
            }
            value.min(ceiling)
        };
        let mut mib = cap(
            "max-file-mib",
            self.max_file_mib
                .unwrap_or(d.max_file_bytes / (1024 * 1024)),
            MAX_FILE_MIB_CEILING,
        );

        // Raising the depth past this would let a file exhaust the parser's stack.
        let depth = cap(
            "max-yaml-depth",
            self.max_yaml_depth.unwrap_or(d.max_yaml_depth) as u64,
            MAX_YAML_DEPTH_CEILING as u64,
        );
        let nodes = cap(
            "max-yaml-nodes",
            self.max_yaml_nodes.unwrap_or(d.max_yaml_nodes) as u64,
            MAX_YAML_NODES_CEILING as u64,
        );
        // Nor can it lower the limit to nothing: JSON files over the limit are dismissed
        // without a word (they may not be exports), so 0 would hide every export.
        if mib < 1 {
            notes.push(
                "max-file-mib = 0 in [limits] is below its minimum of 1; 1 applies".to_string(),
            );
            mib = 1;
        }
        let limits = crate::formats::Limits {
            max_file_bytes: match self.max_file_mib {
                Some(_) => mib * 1024 * 1024,
                None => d.max_file_bytes,
            },
            max_yaml_depth: depth as usize,
            max_yaml_nodes: nodes as usize,
        };
        (limits, notes)
    }
}

/// One `[[ignore]]` entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[schemars(deny_unknown_fields)]
pub struct Ignore {
    /// A glob of the files it applies to, relative to this file's folder.
    pub path: String,
    /// The rule, by code or name.
    pub rule: String,
    /// A JSON pointer into the document (`/TrustedApplications/0/ImpersonateLoginUrl`); the
    /// entry applies to findings at or below it.
    pub pointer: Option<String>,
    /// Why the finding is accepted. Required.
    pub reason: String,
    /// The last day the suppression holds (YYYY-MM-DD); after it, the finding is reported again.
    pub until: Option<String>,
}

/// Settings read and checked, with where each came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub settings: Settings,
    /// The config file, when there is one.
    pub source: Option<SourceFile>,
    pub tree: Option<Node>,
    /// The folder globs are relative to.
    pub root: PathBuf,
    pub rule_levels: Vec<(Rule, Level)>,
    pub environment: Option<Environment>,
    pub ignores: Vec<LoadedIgnore>,
    /// Problems in the file (TL004), with spans into it.
    pub problems: Vec<(Span, String)>,
    /// The policies that apply: the file's `[[policy]]` tables, then those of the
    /// `--policy` files, in the order given.
    pub policies: Vec<crate::policy::Loaded>,
    /// The files given with `--policy`, with their problems (TL005).
    pub policy_files: Vec<crate::policy::PolicyFile>,
}

#[derive(Debug, Clone)]
pub struct LoadedIgnore {
    pub entry: Ignore,
    pub rule: Option<Rule>,
    pub until: Option<Date>,
    /// The span of the entry in the config file.
    pub span: Span,
}

/// The config file that applies to `start`: the closest `trustlint.toml` or
/// `.trustlint.toml` in its folder or above.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent()?.to_path_buf()
    };
    let start = std::fs::canonicalize(&start).unwrap_or(start);
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// The settings for a run over `paths`: the file given with `--config`, else the closest
/// config file above the first path, else the defaults (always the defaults when
/// `isolated`). Paths in messages are shown relative to `base`.
pub fn for_run(paths: &[PathBuf], base: &Path, explicit: Option<&Path>, isolated: bool) -> Loaded {
    if isolated {
        return Loaded::default();
    }
    let file = match explicit {
        // Absolute, as the checked paths are: `--config trustlint.toml` has the folder
        // `""`, against which no checked path was relative (its patterns matched nothing).
        // `..` is worked out, so that patterns are relative to the file's folder, unless
        // a symbolic link on the way makes the shorter path another file.
        Some(path) => {
            let joined = base.join(path);
            let normal = crate::paths::lexically_normal(&joined);
            let same = crate::paths::FileIdentity::of(&normal)
                .is_some_and(|n| crate::paths::FileIdentity::of(&joined) == Some(n));
            Some(if same { normal } else { joined })
        }
        None => paths.first().and_then(|p| find(&base.join(p))),
    };
    match file {
        Some(path) => Loaded::read(&path, crate::source::display_path(&path, base)),
        None => Loaded::default(),
    }
}

/// Whether a path matches a configured pattern: a pattern with a `/` is matched against the
/// path relative to the config's folder, any other against the file name.
pub fn pattern_matches(pattern: &str, root: &Path, path: &Path) -> bool {
    if pattern.contains('/') {
        crate::paths::relative_path(root, path)
            .is_some_and(|r| crate::paths::glob_matches(pattern, &r))
    } else {
        path.file_name()
            .is_some_and(|n| crate::paths::glob_matches(pattern, &n.to_string_lossy()))
    }
}

impl Loaded {
    /// Whether the project's include and exclude patterns let a path be checked.
    pub fn admits(&self, path: &Path) -> bool {
        let s = &self.settings;
        (s.include.is_empty()
            || s.include
                .iter()
                .any(|p| pattern_matches(p, &self.root, path)))
            && !s
                .exclude
                .iter()
                .any(|p| pattern_matches(p, &self.root, path))
    }

    /// Reads a config file; problems become [`Loaded::problems`], never errors.
    pub fn read(path: &Path, display: String) -> Loaded {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let source = SourceFile::new(path.to_path_buf(), display, String::new());
                return Loaded {
                    source: Some(source),
                    root,
                    problems: vec![(
                        Span::default(),
                        format!("cannot read the configuration: {e}"),
                    )],
                    ..Loaded::default()
                };
            }
        };
        Loaded::from_text(path, display, text)
    }

    /// The settings of a config file whose text was read elsewhere (for `--staged`, from
    /// the git index); its patterns are relative to the file's folder all the same.
    pub fn from_text(path: &Path, display: String, text: String) -> Loaded {
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let source = SourceFile::new(path.to_path_buf(), display, text);
        let mut loaded = Loaded::parse(source);
        loaded.root = root;
        loaded
    }

    /// Checks the text of a config file.
    pub fn parse(source: SourceFile) -> Loaded {
        let mut loaded = Loaded::default();
        let tree = match crate::formats::toml::parse(&source.text) {
            Ok(tree) => tree,
            Err(e) => {
                loaded
                    .problems
                    .push((e.span, format!("invalid TOML: {}", e.message)));
                loaded.source = Some(source);
                return loaded;
            }
        };
        let (settings, problems, kept_ignores) = settings_of(&source.text, &tree);
        loaded.settings = settings;
        loaded.problems.extend(problems);
        loaded.validate(&tree, &kept_ignores);
        let (policies, problems) =
            crate::policy::read_entries(&source.text, &tree, &source.display);
        loaded.problems.extend(problems);
        loaded.policies = policies;
        loaded.drop_duplicate_policies(None);
        loaded.tree = Some(tree);
        loaded.source = Some(source);
        loaded
    }

    /// `kept_ignores[i]` is where the i-th `[[ignore]]` entry read sits in the file.
    fn validate(&mut self, tree: &Node, kept_ignores: &[usize]) {
        let unknown = |entries: &[crate::tree::Entry],
                       known: &[&str],
                       out: &mut Vec<(Span, String)>| {
            for e in entries {
                if !known.contains(&e.key.as_str()) {
                    let message = match crate::suggest::did_you_mean(&e.key, known.iter().copied())
                    {
                        Some(s) => format!("unknown setting `{}`: did you mean `{s}`?", e.key),
                        None => format!("unknown setting `{}`", e.key),
                    };
                    out.push((e.key_span, message));
                }
            }
        };
        unknown(
            tree.as_map().unwrap_or(&[]),
            keys_of::<Settings>(),
            &mut self.problems,
        );
        for entry in tree
            .get("ignore")
            .and_then(|e| e.value.as_seq())
            .unwrap_or(&[])
        {
            unknown(
                entry.as_map().unwrap_or(&[]),
                keys_of::<Ignore>(),
                &mut self.problems,
            );
        }
        if let Some(limits) = tree.get("limits").and_then(|e| e.value.as_map()) {
            unknown(limits, keys_of::<LimitSettings>(), &mut self.problems);
        }
        let at = |path: &[&str]| -> Span {
            let mut node = tree;
            let mut span = Span::default();
            for key in path {
                match node.get(key) {
                    Some(e) => {
                        span = e.key_span;
                        node = &e.value;
                    }
                    None => break,
                }
            }
            span
        };
        let value_at = |path: &[&str]| -> Span {
            let mut node = tree;
            for key in path {
                match node.get(key) {
                    Some(e) => node = &e.value,
                    None => return at(path),
                }
            }
            node.span
        };
        for (name, level) in &self.settings.rules.clone() {
            match Rule::lookup(name) {
                Some(rule) => self.rule_levels.push((rule, *level)),
                None => {
                    let hint =
                        crate::suggest::did_you_mean(name, Rule::ALL.iter().map(|r| r.name()));
                    let message = match hint {
                        Some(h) => format!("no rule `{name}`: did you mean `{h}`?"),
                        None => format!("no rule `{name}`; `trustlint rules` lists them"),
                    };
                    self.problems.push((at(&["rules", name]), message));
                }
            }
        }
        if let Some(env) = &self.settings.environment {
            match Environment::parse(env) {
                Some(e) => self.environment = Some(e),
                None => self.problems.push((
                    value_at(&["environment"]),
                    format!(
                        "`{env}` is not an Environment; use one of {}",
                        Environment::names().join(", ")
                    ),
                )),
            }
        }
        for (key, globs) in [
            ("include", &self.settings.include),
            ("exclude", &self.settings.exclude),
            ("definitions", &self.settings.definitions),
            ("configs", &self.settings.configs),
            ("frontend", &self.settings.frontend),
        ] {
            for (i, glob) in globs.iter().enumerate() {
                if let Err(e) = globset::Glob::new(glob) {
                    let span = tree
                        .get(key)
                        .and_then(|e| e.value.as_seq().and_then(|s| s.get(i)).map(|n| n.span))
                        .unwrap_or_default();
                    self.problems
                        .push((span, format!("`{glob}` is not a valid glob: {}", e.kind())));
                }
            }
        }
        let entries = tree
            .get("ignore")
            .and_then(|e| e.value.as_seq())
            .unwrap_or(&[]);
        for (i, entry) in self.settings.ignore.clone().into_iter().enumerate() {
            let node = kept_ignores.get(i).and_then(|&at| entries.get(at));
            let span = node.map_or_else(Span::default, |n| n.span);
            let field = |k: &str| node.and_then(|n| n.get(k)).map_or(span, |e| e.value.span);
            let rule = Rule::lookup(&entry.rule);
            if rule.is_none() {
                self.problems
                    .push((field("rule"), format!("no rule `{}`", entry.rule)));
            }
            if entry.reason.trim().is_empty() {
                self.problems.push((
                    field("reason"),
                    "an ignore entry needs a reason".to_string(),
                ));
            }
            let until = match &entry.until {
                Some(text) => match Date::parse(text) {
                    Some(d) => Some(d),
                    None => {
                        self.problems.push((
                            field("until"),
                            format!(
                                "`{}` is not a date written YYYY-MM-DD; the entry does not hold",
                                crate::redact::quoted_value(text)
                            ),
                        ));
                        // An entry whose end cannot be read must not hold for ever.
                        continue;
                    }
                },
                None => None,
            };
            if let Some(p) = &entry.pointer
                && !p.is_empty()
                && !p.starts_with('/')
            {
                self.problems.push((
                    field("pointer"),
                    "a JSON pointer starts with `/`".to_string(),
                ));
            }
            self.ignores.push(LoadedIgnore {
                entry,
                rule,
                until,
                span,
            });
        }
    }

    /// Adds a shared policy file (`--policy`): its policies apply after the project's.
    pub fn add_policy_file(&mut self, path: &Path, display: String) {
        // The same file given twice is read once.
        let same = |a: &Path, b: &Path| {
            a == b || std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok() && a.exists()
        };
        if self.policy_files.iter().any(|f| same(&f.source.path, path)) {
            return;
        }
        let mut file = crate::policy::PolicyFile::read(path, display);
        self.policies.append(&mut file.policies);
        let index = self.policy_files.len();
        self.policy_files.push(file);
        self.drop_duplicate_policies(Some(index));
    }

    /// Adds a policy shipped with trustlint (`builtin:strict-baseline`); an unknown name
    /// is a problem of this configuration.
    pub fn add_builtin_policy(&mut self, name: &str) {
        if self
            .policy_files
            .iter()
            .any(|f| f.source.display == format!("builtin:{name}"))
        {
            return;
        }
        match crate::policy::builtin(name) {
            Some(text) => {
                let source = SourceFile::in_memory(&format!("builtin:{name}"), text);
                let mut file = crate::policy::PolicyFile::parse(source);
                self.policies.append(&mut file.policies);
                let index = self.policy_files.len();
                self.policy_files.push(file);
                self.drop_duplicate_policies(Some(index));
            }
            None => {
                let names: Vec<&str> = crate::policy::BUILTIN.iter().map(|(n, _)| *n).collect();
                let source = SourceFile::in_memory(
                    &format!("builtin:{}", crate::escape::clean_text(name)),
                    "",
                );
                self.policy_files.push(crate::policy::PolicyFile {
                    source,
                    tree: None,
                    policies: Vec::new(),
                    problems: vec![(
                        Span::default(),
                        format!(
                            "no shipped policy `{name}`; the shipped ones are {}",
                            names.join(", ")
                        ),
                    )],
                });
            }
        }
    }

    /// A policy whose name an earlier one took is a problem and is not applied: findings,
    /// suppressions and `policy explain` go by the name. A shared (`--policy`) policy wins
    /// over the repository's own of the same name, whichever came first, so that a
    /// repository cannot replace a central policy by defining one of its name; between two
    /// of one kind, the first wins. `file` is the policy file just added (`None`: this
    /// configuration file).
    fn drop_duplicate_policies(&mut self, file: Option<usize>) {
        let mut kept: Vec<crate::policy::Loaded> = Vec::new();
        for p in std::mem::take(&mut self.policies) {
            let Some(at) = kept.iter().position(|k| k.policy.name == p.policy.name) else {
                kept.push(p);
                continue;
            };
            let (winner, loser) = if p.locked && !kept[at].locked {
                let earlier = std::mem::replace(&mut kept[at], p);
                (kept[at].origin.clone(), earlier)
            } else {
                (kept[at].origin.clone(), p)
            };
            let message = format!(
                "a policy named `{}` is already defined (in {winner}); this one is not applied",
                loser.policy.name
            );
            match self
                .policy_files
                .iter_mut()
                .rev()
                .find(|f| f.source.display == loser.origin)
            {
                Some(f) if loser.locked => f.problems.push((loser.span, message)),
                _ => self.problems.push((loser.span, message)),
            }
        }
        let _ = file;
        self.policies = kept;
    }

    /// Which rules run, and at what severity, under this configuration.
    pub fn selection(&self) -> Selection {
        Selection::with_levels(&self.rule_levels)
    }

    /// The level a rule has in this configuration, if it sets one.
    pub fn level(&self, rule: Rule) -> Option<Level> {
        self.selection().level(rule)
    }

    /// TL004 findings for the problems in the file; `file` is its index in the run.
    pub fn problem_findings(&self, file: usize) -> Vec<Finding> {
        self.problems
            .iter()
            .map(|(span, message)| {
                Finding::new(Rule::TL004, file, *span, message.clone())
                    .label("invalid setting")
                    .help("fix the setting; the schema is in schemas/trustlint-config.schema.json")
            })
            .collect()
    }
}

/// The TL004 finding of a problem in a `--policy` file; `file` is its index in the run.
pub fn policy_problem(file: usize, span: Span, message: &str) -> Finding {
    Finding::new(Rule::TL004, file, span, message)
        .label("invalid policy")
        .help("fix the policy; the schema is in schemas/policy.schema.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        Loaded::parse(SourceFile::in_memory("trustlint.toml", text))
            .problems
            .into_iter()
            .map(|(_, m)| m)
            .collect()
    }

    #[test]
    fn rules_by_code_or_name() {
        let l = Loaded::parse(SourceFile::in_memory(
            "trustlint.toml",
            "[rules]\nTA205 = \"off\"\nbasic-auth-enabled = \"error\"\n",
        ));
        assert!(l.problems.is_empty(), "{:?}", l.problems);
        assert_eq!(l.level(Rule::TA205), Some(Level::Off));
        assert_eq!(l.level(Rule::TA703), Some(Level::Error));
    }

    /// The keys checked for unknown ones are the properties the published schema allows.
    #[test]
    fn the_keys_are_the_schema_properties() {
        fn properties<T: JsonSchema>() -> Vec<String> {
            let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
            schema.as_value()["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        }
        assert_eq!(keys_of::<Settings>(), properties::<Settings>());
        assert_eq!(keys_of::<Ignore>(), properties::<Ignore>());
        assert_eq!(keys_of::<LimitSettings>(), properties::<LimitSettings>());
    }

    #[test]
    fn unknown_keys_and_bad_values_are_named() {
        assert!(problems("fail-on = \"sometimes\"\n")[0].contains("unknown variant"));
        assert!(problems("colour = true\n")[0].contains("unknown setting `colour`"));
        assert!(problems("exlude = []\n")[0].contains("did you mean `exclude`"));
        assert!(problems("[rules]\nTA999 = \"off\"\n")[0].contains("no rule `TA999`"));
        assert!(problems("environment = \"Prod\"\n")[0].contains("not an Environment"));
        let p = problems(
            "[[ignore]]\npath = \"a.json\"\nrule = \"TA201\"\nreason = \"\"\nuntil = \"soon\"\n",
        );
        assert!(p.iter().any(|m| m.contains("needs a reason")), "{p:?}");
        assert!(p.iter().any(|m| m.contains("not a date")), "{p:?}");
    }

    #[test]
    fn every_bad_value_is_reported_and_the_rest_applies() {
        let text = "secret-rotation-days = \"ninety\"\nfail-on = \"sometimes\"\n[rules]\nTA505 = \"loud\"\nTA502 = \"warning\"\n[[ignore]]\npath = \"x\"\nrule = 5\nreason = \"r\"\n[[ignore]]\npath = \"y\"\nrule = \"TA606\"\nreason = \"fine\"\n";
        let loaded = Loaded::parse(SourceFile::in_memory("trustlint.toml", text));
        let lines: Vec<usize> = loaded
            .problems
            .iter()
            .map(|(span, _)| text[..span.start].matches('\n').count() + 1)
            .collect();
        assert_eq!(lines, vec![1, 2, 4, 6], "{:?}", loaded.problems);
        assert_eq!(loaded.settings.rules.len(), 1, "TA502 still applies");
        assert_eq!(
            loaded.settings.ignore.len(),
            1,
            "the good ignore entry applies"
        );
        assert_eq!(loaded.settings.ignore[0].rule, "TA606");
    }

    #[test]
    fn a_bad_ignore_entry_does_not_move_the_problems_of_the_next() {
        let text = "[[ignore]]\nrule = \"TA606\"\nreason = \"no path\"\n[[ignore]]\npath = \"*\"\nrule = \"TA606\"\nreason = \"bad date\"\nuntil = \"2020-13-45\"\n[[ignore]]\npath = \"*\"\nrule = \"TA000\"\nreason = \"no rule\"\n";
        let loaded = Loaded::parse(SourceFile::in_memory("trustlint.toml", text));
        let at = |needle: &str| {
            loaded
                .problems
                .iter()
                .find(|(_, m)| m.contains(needle))
                .map(|(span, _)| text[..span.start].matches('\n').count() + 1)
        };
        assert_eq!(at("missing field `path`"), Some(1));
        assert_eq!(at("is not a date"), Some(8));
        assert_eq!(at("no rule `TA000`"), Some(11));
        // The entry whose end cannot be read does not hold.
        let held: Vec<&str> = loaded
            .ignores
            .iter()
            .map(|i| i.entry.reason.as_str())
            .collect();
        assert_eq!(held, vec!["no rule"]);
    }
}
