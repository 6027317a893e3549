//! The engine: a run from paths (or sources in memory, or the git index) to a [`Report`].
//!
//! A run goes through named steps, each in its own module: [`crate::discover`] finds the
//! files and [`crate::input`] says what each is; `load` reads and parses them and builds
//! the model; `link` ties configs to their apps; `scan` finds the secrets in configs; `mask`
//! decides what output must never show; the rules run ([`crate::rules`]);
//! [`crate::suppress`] holds back what the project accepted; and the report is sorted and
//! described.

mod causes;
mod link;
mod load;
mod mask;
mod scan;

use std::path::{Path, PathBuf};

use crate::configs::{self, ConfigFormat};
use crate::coverage;
use crate::date::Date;
use crate::discover::{self, Candidate};
use crate::error::Error;
use crate::finding::Rule;
use crate::formats;
use crate::input::{self, Classified, InputKind};
use crate::report::{self, ReadAs, Report, sort_findings};
use crate::rules;
use crate::settings::{self, Loaded};
use crate::source::{SourceFile, display_path};
use crate::staged;
use crate::suppress;

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
    /// Record the files that gave nothing ([`Report::passed_over`]), for `--show-files`.
    pub list_files: bool,
    /// Find the place in its document of every finding, each file parsed once more, for
    /// output that shows fingerprints. Without it, a place is found only where something
    /// asks for it (a baseline, an `[[ignore]]` entry with a pointer).
    pub place_findings: bool,
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
            list_files: false,
            place_findings: true,
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
    /// Config files added so far: (file index, format, what it says on its own).
    config_files: Vec<(usize, ConfigFormat, scan::Scanned)>,
    /// The folders the walk listed whole that are no project root, which the side oracle
    /// then need not list again.
    plain_folders: crate::paths::PlainFolders,
}

impl Run {
    /// A run whose paths are shown relative to `base`, with the files left out and why.
    fn new(base: &Path, skipped: &[(PathBuf, &'static str)], limits: formats::Limits) -> Run {
        let mut run = Run {
            base: base.to_path_buf(),
            ..Run::default()
        };
        run.report.limits = limits;
        run.report.skipped = skipped
            .iter()
            .map(|(p, why)| (display_path(p, base), *why))
            .collect();
        run
    }

    /// Gives back what the lists of a large run reserved beyond their length.
    fn shrink_to_fit(&mut self) {
        let report = &mut self.report;
        report.sources.shrink_to_fit();
        report.read_as.shrink_to_fit();
        report.parsed.shrink_to_fit();
        report.apps.shrink_to_fit();
        report.users.shrink_to_fit();
        report.findings.shrink_to_fit();
        report.redactions.shrink_to_fit();
        report.credential_values.shrink_to_fit();
        self.config_files.shrink_to_fit();
    }

    /// The steps after every file is added, in order.
    fn finish(mut self, options: &CheckOptions) -> Report {
        let settings = &options.settings;
        let settings_file = self.add_settings_file(settings);
        let policy_files = self.add_policy_files(settings, settings_file);
        self.apply_default_environment(settings);
        self.scan_configs(settings);
        let mut report = self.report;
        mask::mask_credentials(&mut report);
        run_rules(&mut report, options, &policy_files);
        causes::link_misspellings(&mut report);
        mask::mask_the_rest(&mut report);
        // Where each finding points, as a path in its file's tree (for fingerprints and
        // suppressions), each file parsed once more.
        let wanted = options.place_findings
            || options.baseline.is_some()
            || settings.ignores.iter().any(|i| i.entry.pointer.is_some());
        if wanted {
            let places: Vec<_> = report.findings.iter().map(|f| (f.file, f.span)).collect();
            report.index_paths(&places);
        }
        suppress::apply(
            &mut report,
            settings,
            settings_file,
            options.today,
            options.baseline.as_ref(),
            options.require_suppression_reasons,
        );
        sort_findings(&mut report);
        describe_changes(&mut report, settings);
        mask::scrub(&mut report);
        report
    }

    /// The project configuration is a file of the run (its TL004 findings point into it).
    fn add_settings_file(&mut self, settings: &Loaded) -> Option<usize> {
        let settings_file = settings
            .source
            .as_ref()
            .map(|source| self.push_configuration(source, settings.tree.as_ref()));
        if let Some(file) = settings_file {
            self.report.findings.extend(settings.problem_findings(file));
        }
        settings_file
    }

    /// Adds a copy of a configuration or policy file to the run, with the masks of its
    /// tree; returns its index.
    fn push_configuration(
        &mut self,
        source: &SourceFile,
        tree: Option<&crate::tree::Node>,
    ) -> usize {
        let file = self.report.sources.len();
        let copy = SourceFile::new(
            source.path.clone(),
            source.display.clone(),
            source.text.clone(),
        );
        let masks = tree.map(|tree| mask::TreeMasks::of(tree, &copy.text));
        self.push_source(copy, masks, ReadAs::Settings);
        file
    }

    /// The `--policy` files are files of the run (their TL004 findings point into them, and
    /// each policy finding at the policy). Returns the run's index of the file each policy
    /// came from, by the policies' order.
    fn add_policy_files(
        &mut self,
        settings: &Loaded,
        settings_file: Option<usize>,
    ) -> Vec<Option<usize>> {
        let mut by_origin: Vec<(String, usize)> = Vec::new();
        if let (Some(source), Some(file)) = (&settings.source, settings_file) {
            by_origin.push((source.display.clone(), file));
        }
        for policy_file in &settings.policy_files {
            let source = &policy_file.source;
            let file = self.push_configuration(source, policy_file.tree.as_ref());
            self.report.findings.extend(
                policy_file
                    .problems
                    .iter()
                    .map(|(span, message)| crate::settings::policy_problem(file, *span, message)),
            );
            by_origin.push((source.display.clone(), file));
        }
        settings
            .policies
            .iter()
            .map(|p| {
                by_origin
                    .iter()
                    .find(|(origin, _)| *origin == p.origin)
                    .map(|(_, i)| *i)
            })
            .collect()
    }

    /// The configuration's default `Environment` for apps that declare none.
    fn apply_default_environment(&mut self, settings: &Loaded) {
        if let Some(env) = settings.environment {
            for app in &mut self.report.apps {
                app.default_environment = env;
            }
        }
    }
}

/// Runs the enabled rules; the findings raised while loading follow the same levels.
fn run_rules(report: &mut Report, options: &CheckOptions, policy_files: &[Option<usize>]) {
    let settings = &options.settings;
    let selection = settings.selection();
    let mut ctx = rules::Context::new(&report.apps, &report.users, options.today)
        .with_configs(&report.configs, &report.secrets, &report.sources)
        .with_grants(&report.tokens)
        .with_policies(&settings.policies, policy_files.to_vec());
    if let Some(days) = settings.settings.secret_rotation_days {
        ctx.rotation_days = i64::from(days);
    }
    let checked = fold_policy_findings(rules::run(&ctx, &selection));
    report.findings = std::mem::take(&mut report.findings)
        .into_iter()
        // A broken configuration or policy fails the run whatever the levels say: turning
        // TL004 off must not hide a policy that was not applied.
        .filter_map(|f| {
            if f.rule == Rule::TL004 {
                Some(f)
            } else {
                f.selected(&selection)
            }
        })
        .chain(checked)
        .collect();
}

/// A policy finding at a place where an ERP.net rule already reports, at the same
/// severity or a higher one, says nothing new and is left out; one at a higher severity
/// than the rule's stays (the stricter applies, and its message names the policy).
fn fold_policy_findings(findings: Vec<crate::finding::Finding>) -> Vec<crate::finding::Finding> {
    use std::collections::HashMap;
    if findings.iter().all(|f| f.policy.is_none()) {
        return findings;
    }
    let mut strongest: HashMap<(usize, usize, usize), crate::finding::Severity> = HashMap::new();
    for f in findings.iter().filter(|f| f.policy.is_none()) {
        let e = strongest
            .entry((f.file, f.span.start, f.span.end))
            .or_insert(f.severity);
        *e = (*e).max(f.severity);
    }
    findings
        .into_iter()
        .filter(|f| {
            f.policy.is_none()
                || strongest
                    .get(&(f.file, f.span.start, f.span.end))
                    .is_none_or(|s| *s < f.severity)
        })
        .collect()
}

/// What the configuration and the suppressions changed, for the summary lines; the file
/// counts are the caller's, who knows what was left out.
fn describe_changes(report: &mut Report, settings: &Loaded) {
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
    // Names are checked when read; origins are paths, escaped like every path shown.
    report.not_checked.policies = settings
        .policies
        .iter()
        .map(|p| {
            (
                crate::escape::clean_text(&p.policy.name),
                crate::escape::clean_path(&p.origin),
            )
        })
        .collect();
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
}

/// Files read and parsed at a time: what is read is added to the run (and its tree
/// dropped) before the next files are read, so that a large tree's texts and trees are
/// not all held at once, while the threads still have enough to share.
const BATCH: usize = 512;

/// The items of `list` [`BATCH`] at a time, each batch dropped (its paths freed) once the
/// caller is done with it, so that a large run does not hold every path to its end.
fn batches<T>(list: Vec<T>) -> impl Iterator<Item = Vec<T>> {
    let mut items = list.into_iter();
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(BATCH).collect();
        (!batch.is_empty()).then_some(batch)
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
    // The project's own name patterns for definitions and configs also decide for JSON
    // files that would otherwise be read only if they are Domain API exports.
    for c in &mut found.candidates {
        if let Some(named) = c
            .maybe_export
            .then(|| input::classify(&c.path, Some(settings)))
            .flatten()
            .filter(|n| !n.maybe_export)
        {
            c.kind = named.kind;
            c.maybe_export = false;
        }
    }
    for path in std::mem::take(&mut found.other_files) {
        match input::classify(&path, Some(settings)) {
            Some(named) => found.candidates.push(Candidate {
                path,
                kind: named.kind,
                maybe_export: false,
            }),
            None => found.other_files.push(path),
        }
    }
    crate::paths::sort_by_path(&mut found.candidates, |c| &c.path);
    let mut run = Run::new(base, &found.skipped, options.limits);
    run.plain_folders = std::mem::take(&mut found.plain_folders);
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
    for batch in batches(definitions) {
        for (c, read) in batch
            .iter()
            .zip(load::read_all(&batch, base, &options.limits))
        {
            other_files.extend(run.add_read(c, read));
        }
    }
    // Configs named by a definition's `Configs:` globs, whatever their file names; every
    // other file is read only for the secrets whose shape gives them away.
    let mut unread = Vec::new();
    for path in other_files {
        if run.declared_links(&path).is_empty() {
            unread.push(path);
        } else {
            let kind = InputKind::Config(ConfigFormat::of(&path));
            configs.push(Candidate {
                path,
                kind,
                maybe_export: false,
            });
        }
    }
    crate::paths::sort_by_path(&mut configs, |c| &c.path);
    for batch in batches(configs) {
        for (c, read) in batch
            .iter()
            .zip(load::read_all(&batch, base, &options.limits))
        {
            // A config is no export: nothing is handed back.
            run.add_read(c, read);
        }
    }
    crate::paths::sort_by_path(&mut unread, |p| p);
    unread.dedup();
    // The project configuration is a file of the run already.
    if let Some(own) = &settings.source {
        unread.retain(|p| *p != own.path);
    }
    let mut passed_over = Vec::new();
    let read =
        batches(unread).flat_map(|batch| load::read_unnamed(&batch, paths, base, &options.limits));
    for found in read {
        match found {
            Ok((source, format, read)) => run.add_found_by_content(source, format, *read),
            Err((path, why)) if options.list_files => {
                passed_over.push(report::PassedOverFile {
                    path: display_path(&path, base),
                    reason: why.reason(),
                    read: why.was_read(),
                });
            }
            Err(_) => {}
        }
    }
    // What was read is in the run (each batch's paths were dropped once it was added).
    run.shrink_to_fit();
    run.check_config_links(paths.iter().any(|p| p.is_dir()));
    let mut report = run.finish(options);
    report.passed_over = passed_over;
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
pub fn check_staged(base: &Path, options: &CheckOptions) -> Result<Report, Error> {
    on_large_stacks(options.threads, || check_staged_here(base, options))
}

fn check_staged_here(base: &Path, options: &CheckOptions) -> Result<Report, Error> {
    let settings = &options.settings;
    // Definitions and configs by name, and every file the commit changes, which is read by
    // its content when it is neither (as a folder's other files are).
    let staged = staged::read(base, |p, changed| {
        settings.admits(p)
            && (input::classify(p, None).is_some() || (changed && !input::is_vendored(p, base)))
    })?;
    let mut run = Run::new(base, &staged.skipped, options.limits);
    let mut configs = Vec::new();
    let mut staged_passed_over = Vec::new();
    for (path, bytes) in staged.files {
        let display = display_path(&path, base);
        if input::classify(&path, None).is_none() {
            match load::by_content(&path, base, bytes, &options.limits) {
                Ok((text, format, read)) => {
                    run.add_found_by_content(SourceFile::new(path, display, text), format, read);
                }
                Err(why) if options.list_files => staged_passed_over.push(report::PassedOverFile {
                    path: display,
                    reason: why.reason(),
                    read: why.was_read(),
                }),
                Err(_) => {}
            }
            continue;
        }
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
        match input::classify(&path, None) {
            Some(c) if c.maybe_export && discover::is_domain_api_export(&source.text) => {
                run.add_definition(source, formats::Format::Json, ReadAs::Export)
            }
            Some(c) if c.maybe_export => configs.push((source, ConfigFormat::of(&path))),
            Some(Classified {
                kind: InputKind::Definition(format),
                ..
            }) => run.add_definition(source, format, ReadAs::Definition(format)),
            Some(Classified {
                kind: InputKind::Config(format),
                ..
            }) => configs.push((source, format)),
            None => {}
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
    report.passed_over = staged_passed_over;
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

/// Runs `work` on a thread pool whose threads have room for deeply nested input: parsing
/// and walking a document recurse once per level, and a pool thread's default stack (2 MiB)
/// is not enough for the deepest documents the limits allow.
pub(crate) fn on_large_stacks<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
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
    let mut run = Run::new(Path::new(""), &[], options.limits);
    let (definitions, configs): (Vec<_>, Vec<_>) = inputs
        .into_iter()
        .partition(|(_, kind)| matches!(kind, InputKind::Definition(_)));
    for (source, kind) in definitions.into_iter().chain(configs) {
        match kind {
            InputKind::Definition(format) => {
                run.add_definition(source, format, ReadAs::Definition(format))
            }
            InputKind::Config(format) => run.add_config(source, format),
        }
    }
    run.finish(options)
}
