//! trustlint: a static analyzer for ERP.net Trusted Application registrations.
//!
//! The data flows one way: [`discover`] finds files, [`formats`] parses each once into a
//! span-keeping [`tree`], [`model`] builds the typed Trusted Applications and users,
//! [`rules`] produce [`finding::Finding`]s, and [`render`] formats them.

pub mod catalog;
pub mod choose;
pub mod cli;
pub mod configs;
pub mod coverage;
pub mod date;
pub mod discover;
pub mod finding;
pub mod formats;
pub mod model;
pub mod redact;
pub mod render;
pub mod rule;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod settings;
pub mod source;
pub mod staged;
pub mod suggest;
pub mod suppress;
pub mod tree;
pub mod work;

use std::path::{Path, PathBuf};

use crate::configs::{AppConfig, ConfigFormat, Side, SideOracle};
use crate::date::Date;
use crate::discover::Candidate;
use crate::finding::{Finding, Rule, Severity};
use crate::formats::Format;
use crate::model::{DeclaredSide, Definition, TrustedApp, User};
use crate::secrets::Detection;
use crate::source::{SourceFile, Span, display_path};
use crate::tree::Node;

#[derive(Debug)]
pub struct CheckOptions {
    /// The date rules compare against (secret rotation age, suppression expiry).
    pub today: Date,
    /// The project configuration (`trustlint.toml`), or the defaults.
    pub settings: settings::Loaded,
    /// Findings recorded earlier, which are not reported again.
    pub baseline: Option<suppress::Baseline>,
    /// Bounds on file size and YAML nesting and expansion.
    pub limits: formats::Limits,
    /// Threads for walking folders (0: one per core). Reading and parsing use rayon's pool,
    /// which the command line sizes with `--threads`.
    pub threads: usize,
    /// Inline suppressions without a reason do not hold (`--no-unexplained-suppressions`).
    pub require_suppression_reasons: bool,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            today: Date::today(),
            settings: settings::Loaded::default(),
            baseline: None,
            limits: formats::Limits::default(),
            threads: 0,
            require_suppression_reasons: false,
        }
    }
}

impl CheckOptions {
    /// The options of a run on a fixed day, with default settings.
    pub fn on(today: Date) -> Self {
        CheckOptions {
            today,
            ..CheckOptions::default()
        }
    }
}

/// A secret found in a config value, located in its file.
#[derive(Debug, Clone)]
pub struct FoundSecret {
    /// Index of the config in [`Report::configs`].
    pub config: usize,
    /// Index of the setting in that config.
    pub setting: usize,
    pub detection: Detection,
    pub span: Span,
}

/// The result of one run: the files read, their trees, the model and the findings, sorted.
#[derive(Debug, Default)]
pub struct Report {
    pub sources: Vec<SourceFile>,
    /// The parsed tree of each source, when it parsed.
    pub trees: Vec<Option<Node>>,
    pub apps: Vec<TrustedApp>,
    pub users: Vec<User>,
    pub configs: Vec<AppConfig>,
    pub secrets: Vec<FoundSecret>,
    pub findings: Vec<Finding>,
    /// Findings held back by a suppression or a baseline; counted in summaries.
    pub suppressed: Vec<Finding>,
    /// Files trustlint chose not to read, with why (shown on standard error).
    pub skipped: Vec<(String, &'static str)>,
    /// Per file, the keys and scalar values with their paths, built on first use.
    pub paths: std::sync::OnceLock<Vec<Vec<(Span, String, String)>>>,
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

impl Report {
    /// The text of a file as output may show it: every redacted value masked with `*`,
    /// byte for byte, so that spans still point at the same places.
    pub fn shown_text(&self, file: usize) -> String {
        // Control characters other than line ends and tabs become `?`, byte for byte, so
        // that a file cannot send escape sequences to the terminal.
        // A carriage return counts only as part of a line end: a lone one would let a reader
        // that splits lines on it see a line the snippet does not show.
        let raw = &self.sources[file].text;
        let mut text = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => text.push(c),
                '\n' | '\t' => text.push(c),
                c if redact::is_unsafe_char(c) => text.push_str(&"?".repeat(c.len_utf8())),
                c => text.push(c),
            }
        }
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
        for i in redact::command_marks(&text) {
            text.replace_range(i..i + 1, "?");
        }
        text
    }

    /// The stable path and the JSON pointer of the place a span points at: the innermost
    /// key or value that contains it (the tree is searched only when no leaf does).
    pub fn paths_of(&self, file: usize, span: Span) -> (String, String) {
        let index = self.paths.get_or_init(|| {
            self.trees
                .iter()
                .map(|t| t.as_ref().map(Node::leaf_paths).unwrap_or_default())
                .collect()
        });
        let leaves = &index[file];
        let after = leaves.partition_point(|(s, _, _)| s.start <= span.start);
        let hit = leaves[..after]
            .iter()
            .rev()
            .take(8)
            .find(|(s, _, _)| s.start <= span.start && span.end <= s.end.max(s.start));
        match (hit, &self.trees[file]) {
            (Some((_, stable, pointer)), _) => (stable.clone(), pointer.clone()),
            (None, Some(tree)) => (tree.stable_path_to(span), tree.pointer_to(span)),
            (None, None) => (String::new(), String::new()),
        }
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

/// What an input file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Definition(Format),
    Config(ConfigFormat),
}

/// A run being assembled: definitions first (configs may be linked from them), then
/// configs, then [`Run::finish`] links, detects and checks.
#[derive(Debug, Default)]
struct Run {
    report: Report,
    /// The apps that declare `Configs:` (most declare none, and every walked file is
    /// matched against these).
    linking_apps: Vec<usize>,
    /// The folder reported paths are relative to.
    base: PathBuf,
    /// Config files added so far: (file index, format).
    config_files: Vec<(usize, ConfigFormat)>,
}

impl Run {
    fn push_source(&mut self, source: SourceFile, tree: Option<Node>) -> usize {
        self.report.sources.push(source);
        self.report.trees.push(tree);
        self.report.sources.len() - 1
    }

    fn add_definition(&mut self, source: SourceFile, format: Format) {
        let parsed = formats::parse(format, &source.text);
        self.add_parsed_definition(source, format, parsed);
    }

    /// Adds a definition parsed elsewhere (in parallel); the model is built here, in order.
    fn add_parsed_definition(
        &mut self,
        source: SourceFile,
        format: Format,
        parsed: Result<Node, formats::ParseError>,
    ) {
        let file = self.report.sources.len();
        let tree = match parsed {
            Ok(tree) => {
                let Definition { apps, users } =
                    model::load_definition(&tree, &source, file, &mut self.report.findings);
                let first = self.report.apps.len();
                self.linking_apps.extend(
                    apps.iter()
                        .enumerate()
                        .filter(|(_, a)| a.configs.is_some())
                        .map(|(i, _)| first + i),
                );
                self.report.apps.extend(apps);
                self.report.users.extend(users);
                Some(tree)
            }
            Err(e) => {
                self.report
                    .findings
                    .push(parse_error(file, format.name(), e));
                None
            }
        };
        self.push_source(source, tree);
    }

    fn add_config(&mut self, source: SourceFile, format: ConfigFormat) {
        let parsed = configs::parse(format, &source.text);
        self.add_parsed_config(source, format, parsed);
    }

    fn add_parsed_config(
        &mut self,
        source: SourceFile,
        format: ConfigFormat,
        parsed: Result<Node, formats::ParseError>,
    ) {
        let file = self.report.sources.len();
        let tree = match parsed {
            Ok(tree) => Some(tree),
            Err(e) => {
                self.report
                    .findings
                    .push(parse_error(file, format.name(), e));
                None
            }
        };
        if tree.is_some() {
            self.config_files.push((file, format));
        }
        self.push_source(source, tree);
    }

    fn add_unreadable(&mut self, source: SourceFile, message: &str) {
        let file = self.push_source(source, None);
        self.report.findings.push(
            Finding::new(
                Rule::TA001,
                file,
                Span::default(),
                format!("cannot be checked: {message}"),
            )
            .label("not read")
            .help("check that the path exists and is a readable text file"),
        );
    }

    /// The app-declared links that match a config path: (app index, declared side).
    fn declared_links(&self, path: &Path) -> Vec<(usize, Option<DeclaredSide>)> {
        let mut out = Vec::new();
        for &index in &self.linking_apps {
            let app = &self.report.apps[index];
            let Some(links) = &app.configs else { continue };
            let def_dir = self.report.sources[app.origin.file]
                .path
                .parent()
                .unwrap_or(Path::new(""));
            let Some(relative) = relative_path(def_dir, path) else {
                continue;
            };
            for link in links {
                if glob_matches(&link.path.value, &relative) {
                    out.push((index, link.side.as_ref().map(|s| s.value)));
                }
            }
        }
        out
    }

    /// Reports `Configs:` entries that are not valid globs or name no file of the run. Only
    /// a run that walked folders can tell that a file does not exist.
    fn check_config_links(&mut self, walked: bool) {
        if !walked {
            return;
        }
        let config_paths: Vec<PathBuf> =
            self.report.sources.iter().map(|s| s.path.clone()).collect();
        let mut findings = Vec::new();
        for app in &self.report.apps {
            let Some(links) = &app.configs else { continue };
            let def_dir = self.report.sources[app.origin.file]
                .path
                .parent()
                .unwrap_or(Path::new(""));
            for link in links {
                let glob = link.path.value.trim_start_matches("./");
                let message = if globset::Glob::new(glob).is_err() {
                    format!("Configs path `{}` is not a valid glob", link.path.value)
                } else if !config_paths
                    .iter()
                    .filter_map(|p| relative_path(def_dir, p))
                    .any(|r| glob_matches(glob, &r))
                {
                    format!("Configs path `{}` matches no file", link.path.value)
                } else {
                    continue;
                };
                findings.push(
                    Finding::new(Rule::TA105, app.origin.file, link.path.span, message)
                        .app(app.uri())
                        .label("no config here")
                        .help("give the path relative to this definition's folder, e.g. web/.env.production or ../api/appsettings*.json"),
                );
            }
        }
        self.report.findings.extend(findings);
    }

    fn finish(mut self, options: &CheckOptions) -> Report {
        let settings = &options.settings;
        let settings_file = settings.source.as_ref().map(|source| {
            let file = self.report.sources.len();
            let copy = SourceFile::new(
                source.path.clone(),
                source.display.clone(),
                source.text.clone(),
            );
            self.push_source(copy, settings.tree.clone());
            file
        });
        if let Some(file) = settings_file {
            self.report.findings.extend(settings.problem_findings(file));
        }
        if let Some(env) = settings.environment {
            for app in &mut self.report.apps {
                app.default_environment = env;
            }
        }
        let mut oracle = SideOracle::new(&self.base).with_project_rules(
            &settings.root,
            &settings.settings.frontend,
            &settings.settings.public_env_prefixes,
        );
        let apps_by_uri: Vec<(String, usize)> = self
            .report
            .apps
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.uri().map(|u| (u.to_string(), i)))
            .collect();
        let mut by_uri: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        for (uri, i) in &apps_by_uri {
            by_uri.entry(uri.as_str()).or_default().push(*i);
        }
        let detectors = secrets::detectors();
        for (file, format) in std::mem::take(&mut self.config_files) {
            let Some(tree) = &self.report.trees[file] else {
                continue;
            };
            let settings = configs::settings(tree);
            let path = self.report.sources[file].path.clone();
            let declared = self.declared_links(&path);
            let side = match declared.iter().find_map(|(_, s)| *s) {
                Some(DeclaredSide::Frontend) => Side::Frontend(format!(
                    "its Trusted Application declares it `Side: Frontend` (in {})",
                    self.report.sources[self.report.apps[declared[0].0].origin.file].display
                )),
                Some(DeclaredSide::Backend) => Side::Backend,
                None => oracle.side_of_file(&path, format),
            };
            let environment = configs::environment_hint(&path);
            let (app, linked_explicitly) = match declared.first() {
                Some((index, _)) => (Some(*index), true),
                None => (
                    link_by_client_id(&by_uri, &self.report.apps, &settings, environment),
                    false,
                ),
            };
            let config = self.report.configs.len();
            let source = &self.report.sources[file];
            for (setting, s) in settings.iter().enumerate() {
                let Some(value) = s.as_str() else { continue };
                let detections = detectors.scan(&s.path, value);
                // A value with a private key in it is masked whole, across its lines: the
                // header alone is not the key. (Other detections are masked where they are,
                // so that a URL with a token in it keeps its readable part.)
                if detections
                    .iter()
                    .any(|d| d.kind == secrets::SecretKind::PrivateKey)
                    || (s.role() == Some(configs::Role::ClientId)
                        && redact::looks_like_secret(value)
                        && !by_uri.contains_key(value.trim()))
                {
                    self.report.redactions.push((file, s.span));
                }
                // Where the value's characters start, found once per setting: a value with
                // 150,000 detections is not compared with its own text each time.
                let base = if detections.is_empty() {
                    None
                } else {
                    source.content_offset(s.span, value)
                };
                for detection in detections {
                    let span = match base {
                        Some(base) => {
                            Span::new(base + detection.range.start, base + detection.range.end)
                        }
                        None => s.span,
                    };
                    self.report.redactions.push((file, span));
                    self.report.secrets.push(FoundSecret {
                        config,
                        setting,
                        detection,
                        span,
                    });
                }
            }
            self.report.configs.push(AppConfig {
                file,
                format,
                settings,
                side,
                environment,
                app,
                linked_explicitly,
                public_prefixes: oracle.public_prefixes().to_vec(),
            });
        }
        for (file, tree) in self.report.trees.iter().enumerate() {
            if let Some(tree) = tree {
                let text = &self.report.sources[file].text;
                collect_redactions(tree, text, file, false, &mut self.report.redactions);
            }
        }
        // Comments, lines a reader skips and files that did not parse hold secrets too.
        for (file, source) in self.report.sources.iter().enumerate() {
            self.report.redactions.extend(
                redact::text_masks(&source.text)
                    .into_iter()
                    .map(|span| (file, span)),
            );
        }
        let mut report = self.report;
        let mut ctx = rules::Context::new(&report.apps, &report.users, options.today).with_configs(
            &report.configs,
            &report.secrets,
            &report.sources,
        );
        if let Some(days) = settings.settings.secret_rotation_days {
            ctx.rotation_days = i64::from(days);
        }
        // The findings raised while loading follow the rule levels as the checks' do.
        let selection = settings.selection();
        report.findings = std::mem::take(&mut report.findings)
            .into_iter()
            .filter_map(|f| f.selected(&selection))
            .collect();
        report.findings.extend(rules::run(&ctx, &selection));
        report.credentials = report.redactions.clone();
        for (file, tree) in report.trees.iter().enumerate() {
            if let Some(tree) = tree {
                collect_credential_values(tree, file, false, &mut report.credential_values);
            }
        }
        redact_unknown_attributes(&mut report);
        redact::normalize(&mut report.redactions);
        let anchors = mask_anchors(&report);
        report.redactions.extend(anchors.iter().copied());
        report.credentials.extend(anchors);
        redact::normalize(&mut report.redactions);
        redact::normalize(&mut report.credentials);
        suppress::apply(
            &mut report,
            settings,
            settings_file,
            options.today,
            options.baseline.as_ref(),
            options.require_suppression_reasons,
        );
        sort_findings(&mut report);
        // What the configuration and the suppressions changed; the file counts are the
        // caller's, who knows what was left out.
        for (key, level) in &settings.settings.rules {
            if let Some(rule) = Rule::lookup(key) {
                let level = match level.severity() {
                    Some(s) => s.as_str(),
                    None => "off",
                };
                report
                    .not_checked
                    .rules
                    .push((rule.code().to_string(), level.to_string()));
            }
        }
        report.not_checked.rules.sort();
        report.not_checked.rules.dedup();
        if let Some(env) = settings.environment {
            // A default Environment changes how strict the redirect URI rules are.
            report.not_checked.rules.insert(
                0,
                ("default Environment".to_string(), env.as_str().to_string()),
            );
        }
        let applied = std::mem::take(&mut report.suppressions_applied);
        report.not_checked.add_suppressions(&applied);
        report.suppressions_applied = applied;
        for (path, why) in &report.skipped {
            if why.starts_with("a symbolic link") || why.starts_with("not a regular file") {
                report.not_checked.special_named.push(path.clone());
            } else {
                report.not_checked.notes.push(format!("{path}: {why}"));
            }
        }
        report.secret_values = redact::SecretValues::of(&report);
        redact::scrub_findings(&mut report);
        for (_, _, reason, _) in &mut report.not_checked.suppressions {
            if let Some(reason) = reason {
                report.secret_values.scrub(reason);
            }
        }
        report
    }
}

fn parse_error(file: usize, format: &str, e: formats::ParseError) -> Finding {
    Finding::new(
        Rule::TA001,
        file,
        e.span,
        format!("invalid {format}: {}", e.message),
    )
    .label("the parser stopped here")
    .help("fix the syntax error; nothing else in this file was checked")
}

/// `path` relative to `dir`, `/`-separated, with `..` where it lies outside `dir` (so a
/// `Configs:` glob may name `../web/.env`). Both are compared as written, without touching
/// the file system.
pub fn relative_path(dir: &Path, path: &Path) -> Option<String> {
    use std::path::Component;
    let parts = |p: &Path| -> Vec<String> {
        p.components()
            .filter(|c| !matches!(c, Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    let (d, p) = (parts(dir), parts(path));
    if dir.is_absolute() != path.is_absolute() {
        return None;
    }
    let common = d.iter().zip(&p).take_while(|(a, b)| a == b).count();
    if d[common..].iter().any(|c| c == "..") {
        return None;
    }
    let mut out: Vec<String> = vec!["..".to_string(); d.len() - common];
    out.extend(p[common..].iter().cloned());
    Some(out.join("/"))
}

/// Whether a `Configs` glob matches a path relative to the definition's folder. A glob
/// that does not compile matches nothing (the model builder reports it).
pub fn glob_matches(glob: &str, relative: &str) -> bool {
    // Each glob is compiled once per run, not once per file it is tried on: a definition
    // with 1,500 `Configs:` globs over 2,000 files took minutes.
    type Cache = std::collections::HashMap<String, Option<globset::GlobMatcher>>;
    static CACHE: std::sync::OnceLock<std::sync::Mutex<Cache>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let matcher = {
        let Ok(mut cache) = cache.lock() else {
            return false;
        };
        if cache.len() > 100_000 {
            cache.clear();
        }
        cache
            .entry(glob.to_string())
            .or_insert_with(|| {
                globset::GlobBuilder::new(glob.trim_start_matches("./"))
                    .literal_separator(true)
                    .build()
                    .ok()
                    .map(|g| g.compile_matcher())
            })
            .clone()
    };
    matcher.is_some_and(|m| m.is_match(relative))
}

/// The app a config names by a client id (a file may configure several providers; the
/// first client id that is a registered ApplicationUri counts). Among several
/// registrations of that id, the one whose environment the file name points at, else the
/// Production one.
fn link_by_client_id(
    by_uri: &std::collections::HashMap<&str, Vec<usize>>,
    apps: &[TrustedApp],
    settings: &[configs::Setting],
    environment: Option<model::Environment>,
) -> Option<usize> {
    let wanted = environment.unwrap_or(model::Environment::Production);
    settings
        .iter()
        .filter(|s| s.role() == Some(configs::Role::ClientId))
        .filter_map(|s| s.as_str())
        .find_map(|client_id| {
            let matching = by_uri.get(client_id.trim())?;
            matching
                .iter()
                .copied()
                .find(|&i| apps[i].environment() == wanted)
                .or(matching.first().copied())
        })
}

/// Checks the files and directories in `paths`; reported paths are relative to `base`.
pub fn check_paths(paths: &[PathBuf], base: &Path, options: &CheckOptions) -> Report {
    on_large_stacks(options.threads, || check_paths_here(paths, base, options))
}

fn check_paths_here(paths: &[PathBuf], base: &Path, options: &CheckOptions) -> Report {
    // Absolute paths from here on, so that globs relative to the config file's folder and
    // the search for a file's project agree whatever the working directory.
    let paths: Vec<PathBuf> = paths.iter().map(|p| base.join(p)).collect();
    let paths = paths.as_slice();
    let mut found = discover::discover(paths, options.threads);
    let settings = &options.settings;
    // What the configuration leaves out is counted and named, so that a run says so.
    let mut not_checked = coverage::NotChecked::default();
    let definitions_found = found
        .candidates
        .iter()
        .filter(|c| matches!(c.kind, InputKind::Definition(_)) && !c.maybe_export)
        .count();
    // Each path is matched against the patterns once: kept, or counted as excluded.
    let (admitted, excluded): (Vec<_>, Vec<_>) = std::mem::take(&mut found.candidates)
        .into_iter()
        .partition(|c| settings.admits(&c.path));
    found.candidates = admitted;
    not_checked.excluded_by_config = excluded.len();
    not_checked.excluded_named = excluded
        .iter()
        .filter(|c| !c.maybe_export)
        .map(|c| display_path(&c.path, base))
        .collect();
    let others = found.other_files.len();
    found.other_files.retain(|p| settings.admits(p));
    not_checked.excluded_by_config += others - found.other_files.len();
    not_checked.every_definition_excluded = definitions_found > 0
        && !found
            .candidates
            .iter()
            .any(|c| matches!(c.kind, InputKind::Definition(_)) && !c.maybe_export);
    not_checked.ignored_named = found
        .ignored
        .iter()
        .map(|p| display_path(p, base))
        .collect();
    // The project's own name patterns for definitions and configs; they also decide for JSON
    // files that would otherwise be read only if they are Domain API exports.
    let s = &settings.settings;
    let named_as = |path: &Path| -> Option<InputKind> {
        let matches = |globs: &[String]| {
            globs
                .iter()
                .any(|g| settings::pattern_matches(g, &settings.root, path))
        };
        if matches(&s.definitions) {
            Some(InputKind::Definition(
                formats::Format::from_path(path).unwrap_or(formats::Format::Yaml),
            ))
        } else if matches(&s.configs) {
            Some(InputKind::Config(ConfigFormat::of(path)))
        } else {
            None
        }
    };
    for c in &mut found.candidates {
        if let Some(kind) = c.maybe_export.then(|| named_as(&c.path)).flatten() {
            c.kind = kind;
            c.maybe_export = false;
        }
    }
    let (named, rest): (Vec<PathBuf>, Vec<PathBuf>) = std::mem::take(&mut found.other_files)
        .into_iter()
        .partition(|p| named_as(p).is_some());
    found.other_files = rest;
    for path in named {
        if let Some(kind) = named_as(&path) {
            found.candidates.push(Candidate {
                path,
                kind,
                maybe_export: false,
            });
        }
    }
    found.candidates.sort_by(|a, b| a.path.cmp(&b.path));
    let mut run = Run {
        base: base.to_path_buf(),
        ..Run::default()
    };
    run.report.skipped = found
        .skipped
        .iter()
        .map(|(p, why)| (display_path(p, base), *why))
        .collect();
    for (path, message) in &found.unreadable {
        let source = SourceFile::new(path.clone(), display_path(path, base), String::new());
        run.add_unreadable(source, message);
    }
    for path in &found.missing {
        let source = SourceFile::new(path.clone(), display_path(path, base), String::new());
        run.add_unreadable(source, "no such file or directory");
    }
    let (definitions, mut configs): (Vec<Candidate>, Vec<Candidate>) = found
        .candidates
        .into_iter()
        .partition(|c| matches!(c.kind, InputKind::Definition(_)));
    // JSON files that turn out not to be exports may still be configs named by `Configs:`.
    let mut other_files = found.other_files;
    for (c, read) in definitions
        .iter()
        .zip(read_all(&definitions, base, &options.limits))
    {
        match read {
            Ok(Some((source, parsed))) => {
                let InputKind::Definition(format) = c.kind else {
                    continue;
                };
                run.add_parsed_definition(source, format, parsed)
            }
            Ok(None) => other_files.push(c.path.clone()),
            Err(failed) => {
                let (source, message) = *failed;
                run.add_unreadable(source, &message)
            }
        }
    }
    // Configs named by a definition's `Configs:` globs, whatever their file names.
    for path in &other_files {
        if !run.declared_links(path).is_empty() {
            let kind = InputKind::Config(ConfigFormat::of(path));
            configs.push(Candidate {
                path: path.clone(),
                kind,
                maybe_export: false,
            });
        }
    }
    configs.sort_by(|a, b| a.path.cmp(&b.path));
    for (c, read) in configs
        .iter()
        .zip(read_all(&configs, base, &options.limits))
    {
        match read {
            Ok(Some((source, parsed))) => {
                let InputKind::Config(format) = c.kind else {
                    continue;
                };
                run.add_parsed_config(source, format, parsed)
            }
            Ok(None) => {}
            Err(failed) => {
                let (source, message) = *failed;
                run.add_unreadable(source, &message)
            }
        }
    }
    run.check_config_links(paths.iter().any(|p| p.is_dir()));
    let mut report = run.finish(options);
    let found_not_checked = std::mem::take(&mut report.not_checked);
    report.not_checked = coverage::NotChecked {
        excluded_by_config: not_checked.excluded_by_config,
        excluded_named: not_checked.excluded_named,
        ignored_named: not_checked.ignored_named,
        every_definition_excluded: not_checked.every_definition_excluded,
        ..found_not_checked
    };
    report
}

/// Checks what is staged for the next commit in the git repository around `base`: the
/// staged content of every definition and config, with findings kept for the files the
/// commit changes.
pub fn check_staged(base: &Path, options: &CheckOptions) -> Result<Report, String> {
    on_large_stacks(options.threads, || check_staged_here(base, options))
}

fn check_staged_here(base: &Path, options: &CheckOptions) -> Result<Report, String> {
    let settings = &options.settings;
    let staged = staged::read(base, |p| {
        settings.admits(p)
            && (discover::is_definition_name(p)
                || configs::is_config_name(p)
                || p.extension().is_some_and(|e| e == "json"))
    })?;
    let mut run = Run {
        base: base.to_path_buf(),
        ..Run::default()
    };
    run.report.skipped = staged
        .skipped
        .iter()
        .map(|(p, why)| (display_path(p, base), *why))
        .collect();
    let mut configs = Vec::new();
    for (path, bytes) in staged.files {
        let display = display_path(&path, base);
        if bytes.len() as u64 > options.limits.max_file_bytes {
            if staged.changed.contains(&path) {
                let limit = options.limits.max_file_bytes / 1024 / 1024;
                run.add_unreadable(
                    SourceFile::new(path, display, String::new()),
                    &format!("larger than {limit} MiB"),
                );
            }
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            if staged.changed.contains(&path) {
                run.add_unreadable(
                    SourceFile::new(path, display, String::new()),
                    "not valid UTF-8 text",
                );
            }
            continue;
        };
        let source = SourceFile::new(path.clone(), display, text);
        if discover::is_definition_name(&path) {
            run.add_definition(
                source,
                formats::Format::from_path(&path).unwrap_or(formats::Format::Yaml),
            );
        } else if configs::is_config_name(&path) {
            configs.push((source, ConfigFormat::of(&path)));
        } else if discover::is_domain_api_export(&source.text) {
            run.add_definition(source, formats::Format::Json);
        } else {
            configs.push((source, ConfigFormat::of(&path)));
        }
    }
    // JSON files that are neither exports nor configs by name count only when linked.
    for (source, format) in configs {
        if configs::is_config_name(&source.path) || !run.declared_links(&source.path).is_empty() {
            run.add_config(source, format);
        }
    }
    run.check_config_links(true);
    let mut report = run.finish(options);
    let changed: Vec<usize> = (0..report.sources.len())
        .filter(|&i| {
            staged.changed.contains(&report.sources[i].path)
                || options
                    .settings
                    .source
                    .as_ref()
                    .is_some_and(|s| s.path == report.sources[i].path)
        })
        .collect();
    report.findings.retain(|f| changed.contains(&f.file));
    Ok(report)
}

/// Whether a JSON file's start names a Domain API entity set trustlint reads. An export
/// begins with its `@odata.context`, so most JSON files are dismissed after one small read.
fn export_prefix(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    let Ok(mut file) = std::fs::File::open(path) else {
        return true; // let the full read report the error
    };
    let n = file.read(&mut head).unwrap_or(0);
    let head = String::from_utf8_lossy(&head[..n]);
    head.contains("@odata.context")
        && (head.contains("Systems_Security_TrustedApplications")
            || head.contains("Systems_Security_Users"))
}

type ReadResult =
    Result<Option<(SourceFile, Result<Node, formats::ParseError>)>, Box<(SourceFile, String)>>;

/// Reads and parses candidates on all threads; the results come back in candidate order,
/// so that everything after this step is as deterministic as a sequential run.
fn read_all(candidates: &[Candidate], base: &Path, limits: &formats::Limits) -> Vec<ReadResult> {
    use rayon::prelude::*;
    candidates
        .par_iter()
        .map(|c| {
            let source = read_candidate(c, base, limits)?;
            Ok(source.map(|source| {
                let parsed = match c.kind {
                    InputKind::Definition(format) => {
                        formats::parse_limited(format, &source.text, limits)
                    }
                    InputKind::Config(format) => {
                        configs::parse_limited(format, &source.text, limits)
                    }
                };
                (source, parsed)
            }))
        })
        .collect()
}

/// Reads a candidate; `Ok(None)` for a JSON file that turns out not to be an export.
fn read_candidate(
    c: &Candidate,
    base: &Path,
    limits: &formats::Limits,
) -> Result<Option<SourceFile>, Box<(SourceFile, String)>> {
    let display = display_path(&c.path, base);
    let fail = |message: String| {
        Box::new((
            SourceFile::new(c.path.clone(), display.clone(), String::new()),
            message,
        ))
    };
    let size = std::fs::metadata(&c.path)
        .map_err(|e| fail(e.to_string()))?
        .len();
    if size > limits.max_file_bytes {
        if c.maybe_export {
            return Ok(None);
        }
        return Err(fail(format!(
            "larger than {} MiB",
            limits.max_file_bytes / 1024 / 1024
        )));
    }
    if c.maybe_export && !export_prefix(&c.path) {
        return Ok(None);
    }
    let bytes = std::fs::read(&c.path).map_err(|e| fail(e.to_string()))?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) if c.maybe_export => return Ok(None),
        Err(_) => return Err(fail("not valid UTF-8 text".into())),
    };
    if c.maybe_export && !discover::is_domain_api_export(&text) {
        return Ok(None);
    }
    Ok(Some(SourceFile::new(c.path.clone(), display, text)))
}

/// Runs `work` on a thread pool whose threads have room for deeply nested input: parsing
/// and walking a document recurse once per level, and a pool thread's default stack (2 MiB)
/// is not enough for the deepest documents the limits allow.
fn on_large_stacks<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    const STACK: usize = 64 * 1024 * 1024;
    match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(STACK)
        .build()
    {
        Ok(pool) => pool.install(work),
        // Without a pool (threads cannot be started) the work still runs, on this thread.
        Err(_) => work(),
    }
}

/// Checks sources already in memory, each read as its kind; every rule runs over all of
/// them together.
pub fn check_sources(inputs: Vec<(SourceFile, InputKind)>, options: &CheckOptions) -> Report {
    on_large_stacks(options.threads, || check_sources_here(inputs, options))
}

fn check_sources_here(inputs: Vec<(SourceFile, InputKind)>, options: &CheckOptions) -> Report {
    let mut run = Run::default();
    let (definitions, configs): (Vec<_>, Vec<_>) = inputs
        .into_iter()
        .partition(|(_, kind)| matches!(kind, InputKind::Definition(_)));
    for (source, kind) in definitions.into_iter().chain(configs) {
        match kind {
            InputKind::Definition(format) => run.add_definition(source, format),
            InputKind::Config(format) => run.add_config(source, format),
        }
    }
    run.finish(options)
}

fn collect_redactions(
    node: &Node,
    text: &str,
    file: usize,
    masked: bool,
    out: &mut Vec<(usize, Span)>,
) {
    collect_redactions_in(node, text, file, masked, masked, out);
}

/// `inherited`: masked because of a key above the entry that holds `node`, not the entry's
/// own key.
fn collect_redactions_in(
    node: &Node,
    text: &str,
    file: usize,
    masked: bool,
    inherited: bool,
    out: &mut Vec<(usize, Span)>,
) {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                let own = redact::is_credential_key(&e.key);
                collect_redactions_in(&e.value, text, file, masked || own, masked, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_redactions_in(item, text, file, masked, inherited, out);
            }
        }
        // Booleans, nulls, references (`${VAR}`) and plain URLs under a credential-named
        // key (`SaveTokens: true`, `token_url: https://...`) are no credentials, and a
        // snippet is clearer with them. The credential inside any URL (its password, a
        // token in its query) is masked from the text (`redact::text_masks`).
        Kind::Bool(_) | Kind::Null if masked => {}
        Kind::Str(s)
            if masked
                && (secrets::detectors().is_allowlisted(s)
                    || (s.contains("://")
                        && !url_carries_credential(s)
                        && secrets::detectors().shaped(s).is_empty())) => {}
        // A value merged in (`<<: *base`) carries the merge key's span. Under a credential
        // key of its own, it is masked where it is written (under the same key), and the
        // merge key stays readable; under a credential key above the merge, the merge key
        // is masked and its anchor with it.
        _ if masked && !inherited && is_merged(text, node.span) => {}
        _ if masked => out.push((file, node.span)),
        // A URL with a credential whose text is written with escapes (`https:\/\/u:p@...`)
        // escapes the text-level mask of its credential: the whole value is masked.
        Kind::Str(s)
            if url_carries_credential(s)
                && !text
                    .get(node.span.start..node.span.end)
                    .is_some_and(|raw| raw.contains(s.as_str())) =>
        {
            out.push((file, node.span))
        }
        _ => {}
    }
}

/// Whether a span is the alias of a merge key: `*base` after `<<:`.
fn is_merged(text: &str, span: Span) -> bool {
    text.get(span.start..span.end)
        .is_some_and(|t| t.starts_with('*'))
        && text[..span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|before| before.trim_end().ends_with("<<:"))
}

/// The string values under credential-named keys, decoded.
fn collect_credential_values(
    node: &Node,
    file: usize,
    masked: bool,
    out: &mut Vec<(usize, Span, String)>,
) {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                let masked = masked || redact::is_credential_key(&e.key);
                collect_credential_values(&e.value, file, masked, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_credential_values(item, file, masked, out);
            }
        }
        Kind::Str(s) if masked && s.len() <= 64 * 1024 => out.push((file, node.span, s.clone())),
        _ => {}
    }
}

/// Whether a string is a URL with a credential in it: a password in its user information,
/// a credential-named query parameter, or a token in its fragment.
fn url_carries_credential(value: &str) -> bool {
    if !value.contains("://") {
        return false;
    }
    let Ok(url) = url::Url::parse(value.trim()) else {
        // Unparsable, but a `user:password@` shape is still worth hiding.
        return value.split("://").nth(1).is_some_and(|rest| {
            rest.split('/')
                .next()
                .is_some_and(|auth| auth.contains('@') && auth.contains(':'))
        });
    };
    let credential = |k: &str| {
        let k = k.to_ascii_lowercase();
        [
            "token",
            "secret",
            "password",
            "passwd",
            "pwd",
            "key",
            "code",
            "signature",
            "sig",
        ]
        .iter()
        .any(|w| k.contains(w))
    };
    url.password().is_some()
        || url
            .query_pairs()
            .any(|(k, v)| !v.is_empty() && credential(&k))
        || url
            .fragment()
            .is_some_and(|f| f.contains("token") || f.contains("eyJ"))
}

/// Masks the anchors of masked YAML aliases (`client_secret: *s` shows nothing, and
/// neither may `Description: &s <secret>`).
fn mask_anchors(report: &Report) -> Vec<(usize, Span)> {
    let mut added = Vec::new();
    for (file, source) in report.sources.iter().enumerate() {
        if !source.text.contains('&') || !source.text.contains('*') {
            continue;
        }
        // The redactions are sorted by file.
        let from = report.redactions.partition_point(|(f, _)| *f < file);
        let to = report.redactions.partition_point(|(f, _)| *f <= file);
        let masked: Vec<Span> = report.redactions[from..to]
            .iter()
            .map(|(_, s)| *s)
            .collect();
        added.extend(
            redact::anchor_masks(&source.text, &masked)
                .into_iter()
                .map(|s| (file, s)),
        );
    }
    added
}

/// Masks the values under keys that trustlint does not know (TA104): a misspelled
/// credential key (`ClientScret`) would otherwise show its value in a snippet.
fn redact_unknown_attributes(report: &mut Report) {
    for f in report
        .findings
        .iter()
        .filter(|f| matches!(f.rule, Rule::TA104 | Rule::TL004))
    {
        let Some(tree) = &report.trees[f.file] else {
            continue;
        };
        if let Some(entry) = find_entry(tree, f.span) {
            collect_possible_secrets(&entry.value, f.file, &mut report.redactions);
        }
    }
}

/// Under a key trustlint does not know, the values that could be a secret (a misspelled
/// `ApplicationSecretHsh`); `clientType: Public` and `Scopes: read` stay readable.
fn collect_possible_secrets(node: &Node, file: usize, out: &mut Vec<(usize, Span)>) {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                collect_possible_secrets(&e.value, file, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_possible_secrets(item, file, out);
            }
        }
        Kind::Str(s) if redact::could_be_secret(s) => out.push((file, node.span)),
        Kind::Int(n) if n.unsigned_abs() >= 10_000_000 => out.push((file, node.span)),
        _ => {}
    }
}

/// The mapping entry whose key has exactly this span.
fn find_entry(node: &Node, key_span: Span) -> Option<&tree::Entry> {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) => entries.iter().find_map(|e| {
            if e.key_span == key_span {
                Some(e)
            } else {
                find_entry(&e.value, key_span)
            }
        }),
        Kind::Seq(items) => items.iter().find_map(|i| find_entry(i, key_span)),
        _ => None,
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
