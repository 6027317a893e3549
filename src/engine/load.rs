//! The load step: reading candidates (in parallel, in a deterministic order), parsing
//! them by their kind, and adding each to the run: definitions through the model
//! builder, configs kept for the scan step, unreadable files as TA001.

use std::path::{Path, PathBuf};

use super::Run;
use super::mask::TreeMasks;
use super::scan::ReadConfig;
use crate::configs::{self, ConfigFormat};
use crate::discover::{self, Candidate};
use crate::finding::{Finding, Rule};
use crate::formats::{self, Format};
use crate::input::{self, InputKind};
use crate::model::{self, Definition};
use crate::report::ReadAs;
use crate::source::{SourceFile, Span, display_path};
use crate::tree::Node;

impl Run {
    /// Adds a file; what its tree says output must mask comes with it (`None`: it did not
    /// parse, or was not read).
    pub(super) fn push_source(
        &mut self,
        source: SourceFile,
        masks: Option<TreeMasks>,
        read_as: ReadAs,
    ) -> usize {
        let file = self.report.sources.len();
        self.report.parsed.push(masks.is_some());
        if let Some(masks) = masks {
            masks.add_to(&mut self.report, file);
        }
        self.report.sources.push(source);
        self.report.read_as.push(read_as);
        file
    }

    /// Adds a definition (an export, when `read_as` says so) and parses it here.
    pub(super) fn add_definition(&mut self, source: SourceFile, format: Format, read_as: ReadAs) {
        let parsed = formats::parse_limited(format, &source.text, &self.report.limits);
        self.add_parsed_definition(source, format, parsed, read_as);
    }

    /// Adds a definition parsed elsewhere (in parallel); the model is built here, in order,
    /// and the tree is dropped once the model and the masks are taken from it.
    pub(super) fn add_parsed_definition(
        &mut self,
        source: SourceFile,
        format: Format,
        parsed: Result<Node, formats::ParseError>,
        read_as: ReadAs,
    ) {
        let parsed = parsed.map(|tree| (tree, None));
        self.add_definition_with_masks(source, format, parsed, read_as);
    }

    /// As [`Run::add_parsed_definition`], with the masks of the tree when they were taken
    /// from it on the reading thread.
    fn add_definition_with_masks(
        &mut self,
        source: SourceFile,
        format: Format,
        parsed: Result<(Node, Option<TreeMasks>), formats::ParseError>,
        read_as: ReadAs,
    ) {
        let file = self.report.sources.len();
        let masks = self
            .ok_or_finding(file, format.name(), parsed)
            .map(|(tree, masks)| {
                let Definition {
                    apps,
                    users,
                    tokens,
                    authorizations,
                    hidden,
                } = model::load_definition(&tree, &source, file, &mut self.report.findings);
                self.report.tokens.extend(tokens);
                self.report.authorizations.extend(authorizations);
                self.report
                    .redactions
                    .extend(hidden.into_iter().map(|span| (file, span)));
                let first = self.report.apps.len();
                self.linking_apps.extend(
                    apps.iter()
                        .enumerate()
                        .filter(|(_, a)| a.configs.is_some())
                        .map(|(i, _)| first + i),
                );
                self.report.apps.extend(apps);
                self.report.users.extend(users);
                masks.unwrap_or_else(|| TreeMasks::of(&tree, &source.text))
            });
        self.push_source(source, masks, read_as);
    }

    pub(super) fn add_config(&mut self, source: SourceFile, format: ConfigFormat) {
        let read = configs::parse_limited(format, &source.text, &self.report.limits)
            .map(|tree| ReadConfig::of(&tree, &source.text));
        self.add_parsed_config(source, format, read.map(Box::new));
    }

    /// Adds a file found by its content (code or data that configures a client, or text
    /// read only for secrets), as [`by_content`] read it.
    pub(super) fn add_found_by_content(
        &mut self,
        source: SourceFile,
        format: ConfigFormat,
        read: ReadConfig,
    ) {
        self.add_parsed_config(source, format, Ok(Box::new(read)));
        if let Some(last) = self.report.read_as.last_mut() {
            *last = ReadAs::ByContent(format);
        }
    }

    /// Adds a config read elsewhere; the scan step links and sides it once every file is in.
    pub(super) fn add_parsed_config(
        &mut self,
        source: SourceFile,
        format: ConfigFormat,
        read: Result<Box<ReadConfig>, formats::ParseError>,
    ) {
        let file = self.report.sources.len();
        let masks = self.ok_or_finding(file, format.name(), read).map(|read| {
            let ReadConfig { masks, scanned } = *read;
            self.config_files.push((file, format, scanned));
            masks
        });
        self.push_source(source, masks, ReadAs::Config(format));
    }

    /// What a file that parsed gave; for one that did not, its TA001 finding is recorded.
    fn ok_or_finding<T>(
        &mut self,
        file: usize,
        format: &str,
        parsed: Result<T, formats::ParseError>,
    ) -> Option<T> {
        match parsed {
            Ok(read) => Some(read),
            Err(e) => {
                self.report.findings.push(parse_error(file, format, e));
                None
            }
        }
    }

    /// Adds what reading a candidate gave: the file by its kind, or its TA001 finding. A
    /// JSON file that turned out not to be an export is handed back, for `Configs:` links.
    pub(super) fn add_read(&mut self, candidate: &Candidate, read: ReadResult) -> Option<PathBuf> {
        match read {
            Ok(Some((source, parsed))) => {
                let read_as = |format| {
                    if candidate.maybe_export {
                        ReadAs::Export
                    } else {
                        ReadAs::Definition(format)
                    }
                };
                match (parsed, candidate.kind) {
                    (Ok(Parsed::Definition(format, tree, masks)), _) => {
                        let parsed = Ok((tree, Some(masks)));
                        self.add_definition_with_masks(source, format, parsed, read_as(format))
                    }
                    (Ok(Parsed::Config(format, read)), _) => {
                        self.add_parsed_config(source, format, Ok(read))
                    }
                    (Err(e), InputKind::Definition(format)) => {
                        self.add_parsed_definition(source, format, Err(e), read_as(format))
                    }
                    (Err(e), InputKind::Config(format)) => {
                        self.add_parsed_config(source, format, Err(e))
                    }
                }
                None
            }
            Ok(None) => Some(candidate.path.clone()),
            Err(failed) => {
                let (source, message) = *failed;
                self.add_unreadable(source, &message);
                None
            }
        }
    }

    pub(super) fn add_unreadable(&mut self, source: SourceFile, message: &str) {
        let file = self.push_source(source, None, ReadAs::Unreadable);
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
}

fn parse_error(file: usize, format: &str, e: formats::ParseError) -> Finding {
    let help = e.help.clone();
    Finding::new(
        Rule::TA001,
        file,
        e.span,
        format!("invalid {format}: {}", e.message),
    )
    .label("the parser stopped here")
    .help(if help.is_empty() {
        "fix the syntax error; nothing else in this file was checked".to_string()
    } else {
        format!("{help}; nothing else in this file was checked")
    })
}

/// Whether a JSON file's start names a Domain API entity set trustlint reads. An export
/// begins with its `@odata.context`, so most JSON files are dismissed after one small read.
fn export_prefix(head: &[u8]) -> bool {
    let head = String::from_utf8_lossy(head);
    discover::is_domain_api_export(&head)
}

/// Reads the rest of an open file into `bytes`, which the caller has sized from the file's
/// length. Reading through `take` skips the size query std's `File::read_to_end` makes of
/// its own (an `fstat` and an `lseek` per file, a tenth of a run's system calls).
fn read_rest(file: &mut std::fs::File, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::io::Read;
    file.take(u64::MAX).read_to_end(bytes)
}

/// Whether a file's first 4 KiB name a Domain API entity set trustlint reads.
fn starts_like_export(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4096];
    std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .is_ok_and(|n| export_prefix(&head[..n]))
}

/// A file parsed by its kind on a reading thread: a definition's tree and what output must
/// mask of it (the model is built in order, on one thread), or what a config's tree says
/// (the tree is dropped there).
pub(super) enum Parsed {
    Definition(Format, Node, TreeMasks),
    Config(ConfigFormat, Box<ReadConfig>),
}

pub(super) type ReadResult =
    Result<Option<(SourceFile, Result<Parsed, formats::ParseError>)>, Box<(SourceFile, String)>>;

/// Reads and parses candidates on all threads; the results come back in candidate order,
/// so that everything after this step is as deterministic as a sequential run.
pub(super) fn read_all(
    candidates: &[Candidate],
    base: &Path,
    limits: &formats::Limits,
) -> Vec<ReadResult> {
    use rayon::prelude::*;
    candidates
        .par_iter()
        .map(|c| {
            let source = read_candidate(c, base, limits)?;
            Ok(source.map(|source| {
                let parsed = match c.kind {
                    InputKind::Definition(format) => if c.maybe_export && format == Format::Json {
                        model::read_export(&source.text)
                    } else {
                        formats::parse_limited(format, &source.text, limits)
                    }
                    .map(|tree| {
                        let masks = TreeMasks::of(&tree, &source.text);
                        Parsed::Definition(format, tree, masks)
                    }),
                    InputKind::Config(format) => {
                        configs::parse_limited(format, &source.text, limits).map(|tree| {
                            let read = ReadConfig::of(&tree, &source.text);
                            Parsed::Config(format, Box::new(read))
                        })
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
    let too_large = || {
        // A JSON file that is no export is passed over; an export is reported, since
        // leaving it out would leave out every record in it.
        let limit = limits.max_file_bytes / 1024 / 1024;
        if !c.maybe_export {
            return Err(fail(format!("larger than {limit} MiB")));
        }
        if !starts_like_export(&c.path) {
            return Ok(None);
        }
        Err(fail(format!(
            "a Domain API export larger than {limit} MiB (raise max-file-mib under [limits] in trustlint.toml, or export fewer records per file)"
        )))
    };
    // Candidates are regular files (the walk and git list no others, and a path named on
    // the command line is read only when it is one), so opening one does not block: the
    // file is opened once and its size and content come from the open file.
    let mut file = match std::fs::File::open(&c.path) {
        Ok(file) => file,
        Err(open_error) => {
            // As when the size was asked for by path first: that error, or the size, else
            // the error of the read.
            let size = std::fs::metadata(&c.path)
                .map_err(|e| fail(e.to_string()))?
                .len();
            if size > limits.max_file_bytes {
                return too_large();
            }
            return Err(fail(open_error.to_string()));
        }
    };
    let size = file.metadata().map_err(|e| fail(e.to_string()))?.len();
    if size > limits.max_file_bytes {
        return too_large();
    }
    use std::io::Read;
    let mut bytes = Vec::with_capacity(size as usize);
    if c.maybe_export {
        // An export begins with its `@odata.context`: most JSON files are dismissed after
        // their first 4 KiB, the others are read on from there.
        let mut head = [0u8; 4096];
        let n = file.read(&mut head).unwrap_or(0);
        if !export_prefix(&head[..n]) {
            return Ok(None);
        }
        bytes.extend_from_slice(&head[..n]);
    }
    read_rest(&mut file, &mut bytes).map_err(|e| fail(e.to_string()))?;
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

/// Why a file the run found was not kept: neither settings nor a secret came of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PassedOver {
    /// Read for secrets (and, when it might configure a client, for settings); none found.
    NothingFound,
    /// A dependency or generated file (`vendor/`, `*.min.js`, a lock file, ...).
    Vendored,
    TooLarge,
    /// A NUL byte in the first 8 KiB.
    Binary,
    NotUtf8,
    /// It could not be opened or read.
    Unreadable,
}

impl PassedOver {
    /// Whether the file was read at all (`--show-files` lists it as read, not skipped).
    pub(super) fn was_read(self) -> bool {
        self == PassedOver::NothingFound
    }

    pub(super) fn reason(self) -> &'static str {
        match self {
            PassedOver::NothingFound => "read only for secrets: none found",
            PassedOver::Vendored => "a dependency or generated file",
            PassedOver::TooLarge => "larger than the size limit",
            PassedOver::Binary => "binary",
            PassedOver::NotUtf8 => "not UTF-8 text",
            PassedOver::Unreadable => "could not be read",
        }
    }
}

/// What became of one file that is neither a definition nor a config by its name.
pub(super) type ByContent =
    Result<(SourceFile, ConfigFormat, Box<ReadConfig>), (PathBuf, PassedOver)>;

/// The files among `paths` (found below `roots`) that are read after all, by their
/// content (see [`by_content`]); read in parallel and returned in path order. Vendored and
/// generated files, files over the size limit and binary files (a NUL byte in the first
/// 8 KiB, which is all that is read of them) are passed over without a word: they are
/// neither definitions nor configs, and most files of a repository hold neither settings
/// nor secrets. What became of each is returned for `--show-files`.
pub(super) fn read_unnamed(
    paths: &[PathBuf],
    roots: &[PathBuf],
    base: &Path,
    limits: &formats::Limits,
) -> Vec<ByContent> {
    use rayon::prelude::*;
    paths
        .par_iter()
        .map(|path| {
            // Vendored below the folder the run was given (or its working folder).
            let root = roots
                .iter()
                .filter(|r| path.starts_with(r))
                .max_by_key(|r| r.as_os_str().len())
                .map_or(base, PathBuf::as_path);
            let passed = |why| Err((path.clone(), why));
            if input::is_vendored(path, root) {
                return passed(PassedOver::Vendored);
            }
            // The walk listed regular files only, and opening one does not block: its size
            // comes from the open file, one path lookup instead of two.
            use std::io::Read;
            let Ok(mut file) = std::fs::File::open(path) else {
                return passed(PassedOver::Unreadable);
            };
            let Ok(size) = file.metadata().map(|m| m.len()) else {
                return passed(PassedOver::Unreadable);
            };
            if size > limits.max_file_bytes {
                return passed(PassedOver::TooLarge);
            }
            let mut bytes = Vec::with_capacity(size as usize);
            if (&mut file).take(8192).read_to_end(&mut bytes).is_err() {
                return passed(PassedOver::Unreadable);
            }
            if bytes.contains(&0) {
                return passed(PassedOver::Binary);
            }
            if read_rest(&mut file, &mut bytes).is_err() {
                return passed(PassedOver::Unreadable);
            }
            match by_content(path, root, bytes, limits) {
                Ok((text, format, read)) => Ok((
                    SourceFile::new(path.clone(), display_path(path, base), text),
                    format,
                    Box::new(read),
                )),
                Err(why) => passed(why),
            }
        })
        .collect()
}

/// What a file that is neither a definition nor a config by its name is read as, from its
/// content, with its parsed tree: code or data that configures an OAuth client (see
/// [`configs::configures_a_client`]) is a config in its language or format; other text
/// that holds a secret whose shape gives it away is read only for secrets; anything else
/// (`None`), including files over the size limit, binary files (a NUL byte in the first
/// 8 KiB) and text that is not UTF-8, is not read. Machine-made files (over 1 MiB, or with
/// a line over 10,000 characters: bundles, generated code) are read only for secrets.
pub(super) fn by_content(
    path: &Path,
    root: &Path,
    bytes: Vec<u8>,
    limits: &formats::Limits,
) -> Result<(String, ConfigFormat, ReadConfig), PassedOver> {
    let detectors = crate::secrets::detectors();
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(PassedOver::TooLarge);
    }
    if bytes[..bytes.len().min(8192)].contains(&0) {
        return Err(PassedOver::Binary);
    }
    let machine_made = |bytes: &[u8]| {
        bytes.len() > 1024 * 1024 || bytes.split(|b| *b == b'\n').any(|line| line.len() > 10_000)
    };
    let client_format = input::code_syntax(path, root)
        .map(ConfigFormat::Code)
        .or_else(|| input::data_format(path, root))
        .filter(|_| input::might_configure_a_client(&bytes) && !machine_made(&bytes));
    if !detectors.might_tell(&bytes) && client_format.is_none() {
        return Err(PassedOver::NothingFound);
    }
    let text = String::from_utf8(bytes).map_err(|_| PassedOver::NotUtf8)?;
    if let Some(format) = client_format
        && let Ok(tree) = configs::parse_limited(format, &text, limits)
    {
        let settings = configs::settings(&tree);
        if configs::configures_a_client(&settings) {
            let read = ReadConfig::with_settings(&tree, &text, settings);
            return Ok((text, format, read));
        }
    }
    let telling = detectors.telling(&text);
    if telling.is_empty() {
        return Err(PassedOver::NothingFound);
    }
    let tree = configs::parse(ConfigFormat::Text, &text).map_err(|_| PassedOver::NothingFound)?;
    let read = ReadConfig::with_telling(&tree, &text, configs::settings(&tree), telling);
    Ok((text, ConfigFormat::Text, read))
}
