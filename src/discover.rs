//! Finding the files to check: definitions by name (`*.trusted-app.yaml`,
//! `trusted-apps.json`, ...), Domain API exports by content, and app configs by name
//! (`.env*`, `appsettings*.json`, OIDC settings, ...). Inside a git work tree the files are
//! git's: every tracked file, and the untracked files its ignore rules do not exclude
//! (`.gitignore` cannot hide a tracked file, and `.ignore` counts for nothing). Outside
//! git, directories are walked respecting `.gitignore` and `.ignore`.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::input::{InputKind, classify, classify_named};

#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: InputKind,
    /// A JSON file that is a definition only if its content is a Domain API export.
    pub maybe_export: bool,
}

impl Candidate {
    /// A file named on the command line, which is always read: as a definition or config
    /// (see [`classify_named`]), or by its content (`None`).
    pub fn named(path: &Path) -> Option<Candidate> {
        Some(Candidate {
            path: path.to_path_buf(),
            kind: classify_named(path)?,
            maybe_export: false,
        })
    }
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Found {
    /// Definitions and configs, in path order.
    pub candidates: Vec<Candidate>,
    /// Paths given on the command line that do not exist.
    pub missing: Vec<PathBuf>,
    /// Every other file of the walk, which a definition's `Configs:` globs may name.
    pub other_files: Vec<PathBuf>,
    /// Definitions and configs by name that are not read, with the reason: symbolic links
    /// (never followed, so a link cannot lead the walk out of the tree or round in a loop),
    /// FIFOs, sockets and devices (reading one could block forever).
    pub skipped: Vec<(PathBuf, &'static str)>,
    /// Paths that could not be read: a folder without permission, a link named on the
    /// command line that leads nowhere.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Untracked definitions and configs (by name) that git's ignore rules leave out.
    pub ignored: Vec<PathBuf>,
    /// The folders a walk listed in full that hold nothing that makes a project root.
    pub plain_folders: crate::paths::PlainFolders,
}

/// Whether a folder entry's name is one that the side oracle looks for (compared ignoring
/// case, as a file system that ignores case would find it): a folder holding one is listed
/// again when its side is asked.
fn names_a_project_marker(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    [
        &b"package.json"[..],
        b"pubspec.yaml",
        b"android",
        b"ios",
        b"build.gradle",
        b"build.gradle.kts",
        b".git",
        b".jj",
    ]
    .iter()
    .any(|marker| name.eq_ignore_ascii_case(marker))
        || (name.len() >= 7 && name[name.len() - 7..].eq_ignore_ascii_case(b".csproj"))
}

/// The Domain API entity sets whose exports trustlint reads.
pub const EXPORTED_ENTITY_SETS: &[&str] = &[
    "Systems_Security_TrustedApplications",
    "Systems_Security_Users",
    "Systems_Security_AccessTokens",
    "Systems_Security_TrustedApplicationAuthorizations",
];

/// Whether a JSON text is a Domain API export of an entity set trustlint reads.
pub fn is_domain_api_export(text: &str) -> bool {
    text.contains("@odata.context") && EXPORTED_ENTITY_SETS.iter().any(|set| text.contains(set))
}

/// The files below `paths`, in a stable order. Folders are walked on `threads` threads
/// (0: one per core); the order does not depend on it.
pub fn discover(paths: &[PathBuf], threads: usize) -> Found {
    let mut found = Found::default();
    let mut walked = Vec::new();
    for root in paths {
        match std::fs::symlink_metadata(root) {
            Ok(meta) if meta.is_file() => match Candidate::named(root) {
                Some(candidate) => found.candidates.push(candidate),
                None => found.other_files.push(root.clone()),
            },
            Ok(meta) if meta.is_dir() => {
                let (entries, errors) = walk(root, threads, &mut found.plain_folders);
                walked.extend(entries);
                found.unreadable.extend(errors);
                found.ignored.extend(
                    git_ignored(root)
                        .into_iter()
                        .filter(|p| classify(p, None).is_some_and(|c| !c.maybe_export)),
                );
            }
            // A link named on the command line is the user's choice: follow it, once.
            Ok(meta) if meta.file_type().is_symlink() && root.is_file() => {
                match Candidate::named(root) {
                    Some(candidate) => found.candidates.push(candidate),
                    None => found.other_files.push(root.clone()),
                }
            }
            Ok(meta) if meta.file_type().is_symlink() && root.is_dir() => {
                let (entries, errors) = walk(root, threads, &mut found.plain_folders);
                walked.extend(entries);
                found.unreadable.extend(errors);
            }
            Ok(meta) if meta.file_type().is_symlink() && !root.exists() => found.unreadable.push((
                root.clone(),
                "a symbolic link that leads nowhere (dangling, or a loop)".into(),
            )),
            Ok(meta) => found.skipped.push((root.clone(), not_regular(&meta))),
            Err(_) => found.missing.push(root.clone()),
        }
    }
    for (path, kind) in walked {
        if let Some(reason) = kind {
            if classify(&path, None).is_some()
                || reason == IGNORE_FILES_NOT_READ
                || reason == GIT_NOT_USED
                || reason == SUBMODULE
            {
                found.skipped.push((path, reason));
            }
            continue;
        }
        match classify(&path, None) {
            Some(c) => found.candidates.push(Candidate {
                path,
                kind: c.kind,
                maybe_export: c.maybe_export,
            }),
            None => found.other_files.push(path),
        }
    }
    crate::paths::sort_by_path(&mut found.candidates, |c| &c.path);
    found.candidates.dedup_by(|a, b| a.path == b.path);
    crate::paths::sort_by_path(&mut found.other_files, |p| p);
    found.other_files.dedup();
    found.skipped.sort();
    found.unreadable.sort();
    found.ignored.sort();
    found.ignored.dedup();
    found
}

fn not_regular(meta: &std::fs::Metadata) -> &'static str {
    if meta.file_type().is_symlink() {
        "a symbolic link (links are not followed)"
    } else {
        "not a regular file (a FIFO, socket or device)"
    }
}

/// Every entry below `root` that `.gitignore` rules do not exclude, in no particular order:
/// regular files with `None`, and links and special files with why they are not read.
#[allow(clippy::type_complexity)]
fn walk(
    root: &Path,
    threads: usize,
    plain: &mut crate::paths::PlainFolders,
) -> (Vec<(PathBuf, Option<&'static str>)>, Vec<(PathBuf, String)>) {
    if !has_special_ignore_file(root)
        && let Some(files) = git_files(root)
    {
        return (files, Vec::new());
    }
    let (mut files, errors) = walk_tree(root, threads, plain);
    // Inside a git work tree, git should have listed the files; say that it did not, since
    // the walk then lets the repository's own .gitignore and .ignore decide.
    if under_git(root) {
        files.push((root.to_path_buf(), Some(GIT_NOT_USED)));
    }
    (files, errors)
}

/// The note for a walk inside a git work tree that git did not list.
pub const GIT_NOT_USED: &str = "inside a git work tree, but git did not list the files (missing, refused the repository, or too slow), so .gitignore and .ignore decided what was walked";
/// The note for a submodule.
pub const SUBMODULE: &str = "a submodule, whose files are not checked here";
/// The note for a tracked file under node_modules.
pub const NODE_MODULES: &str = "under node_modules, which is not checked";

/// Whether a `.git` is at or above `root`: only then is git run at all, so that outside git
/// nothing is executed.
fn under_git(root: &Path) -> bool {
    std::path::absolute(root).is_ok_and(|a| a.ancestors().any(|d| d.join(".git").exists()))
}

/// Runs git in `root` and returns its standard output, or `None` when it fails or does not
/// answer within 30 seconds (an ignore file that is a FIFO blocks it). A repository's own
/// configuration can name commands that git runs (an fsmonitor hook); a checked repository
/// is not trusted to run anything, so those are switched off.
fn run_git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new("git")
        .current_dir(root)
        .args([
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.untrackedCache=false",
        ])
        .args(["-c", "core.quotepath=off"])
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < std::time::Duration::from_secs(30) => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    let bytes = reader.join().ok()?.ok()?;
    status.success().then_some(bytes)
}

/// The paths of a NUL-separated git listing, relative to where git ran, byte for byte (not
/// every name is UTF-8), without anything inside a `.git` folder.
fn git_paths(bytes: &[u8]) -> impl Iterator<Item = PathBuf> + '_ {
    bytes
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|raw| {
            #[cfg(unix)]
            {
                use std::os::unix::ffi::OsStrExt;
                PathBuf::from(std::ffi::OsStr::from_bytes(raw))
            }
            #[cfg(not(unix))]
            {
                PathBuf::from(String::from_utf8_lossy(raw).into_owned())
            }
        })
        .filter(|p| !p.components().any(|c| c.as_os_str() == ".git"))
}

fn in_node_modules(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "node_modules")
}

/// The files below `root` as git sees them, when `root` is in a git work tree: every
/// tracked file plus the untracked ones that git's ignore rules do not exclude. `None`
/// outside git, without git, or when git does not answer, so that the walk is used.
#[allow(clippy::type_complexity)]
fn git_files(root: &Path) -> Option<Vec<(PathBuf, Option<&'static str>)>> {
    if !under_git(root) {
        return None;
    }
    let inside = run_git(root, &["rev-parse", "--is-inside-work-tree"])?;
    if !inside.starts_with(b"true") {
        return None;
    }
    let listing = run_git(
        root,
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    )?;
    let mut files = Vec::new();
    for relative in git_paths(&listing) {
        let path = root.join(&relative);
        if in_node_modules(&relative) {
            files.push((path, Some(NODE_MODULES)));
            continue;
        }
        // Tracked but deleted from the work tree: nothing to read.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let reason = match () {
            _ if meta.is_file() => None,
            // A submodule: its files are its own repository's.
            _ if meta.is_dir() => Some(SUBMODULE),
            _ => Some(not_regular(&meta)),
        };
        files.push((path, reason));
    }
    files.sort();
    files.dedup();
    Some(files)
}

/// The untracked files below `root` that git's ignore rules leave out (`git ls-files
/// --others --ignored --exclude-standard`), or none outside git.
fn git_ignored(root: &Path) -> Vec<PathBuf> {
    if !under_git(root) || has_special_ignore_file(root) {
        return Vec::new();
    }
    let Some(listing) = run_git(
        root,
        &[
            "ls-files",
            "-z",
            "--others",
            "--ignored",
            "--exclude-standard",
        ],
    ) else {
        return Vec::new();
    };
    git_paths(&listing)
        .filter(|p| !in_node_modules(p))
        .map(|p| root.join(p))
        .collect()
}

/// The walk outside git. The folders it lists whole, with no ignore rule in force
/// anywhere, are added to `plain` when they hold no project marker.
#[allow(clippy::type_complexity)]
fn walk_tree(
    root: &Path,
    threads: usize,
    plain: &mut crate::paths::PlainFolders,
) -> (Vec<(PathBuf, Option<&'static str>)>, Vec<(PathBuf, String)>) {
    use std::hash::BuildHasher;
    use std::sync::atomic::{AtomicBool, Ordering};
    let files = std::sync::Mutex::new(Vec::new());
    let errors = std::sync::Mutex::new(Vec::new());
    // The walker opens every folder's .gitignore and .ignore; one that is a FIFO would
    // block it forever. At the root, ignore files are then not read at all; below it, such
    // a folder is left out, with a note.
    let root_ignore_files = ignore_files(root);
    let readable_root = root_ignore_files != IgnoreFiles::Special;
    if !readable_root && let Ok(mut list) = files.lock() {
        list.push((root.join(".gitignore"), Some(IGNORE_FILES_NOT_READ)));
    }
    // Whether any ignore file was met below the root: then the walk's listings are not
    // the folders' whole contents.
    let rules_met = std::sync::Arc::new(AtomicBool::new(false));
    let rules_seen = std::sync::Arc::clone(&rules_met);
    // The folders listed, and those holding a project marker, by keyed hash.
    let listed = std::sync::Mutex::new(Vec::new());
    let marked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let marks = std::sync::Arc::clone(&marked);
    let keys = plain.keys();
    let special = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let left_out = std::sync::Arc::clone(&special);
    WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .git_ignore(readable_root)
        .ignore(readable_root)
        .threads(threads)
        .filter_entry({
            let keys = keys.clone();
            move |e| {
                if names_a_project_marker(e.file_name())
                    && let Some(parent) = e.path().parent()
                    && let Ok(mut list) = marks.lock()
                {
                    list.push(keys.hash_one(parent));
                }
                if e.file_name() == ".git" || e.file_name() == ".jj" {
                    // The walker reads a repository's own excludes wherever it meets one.
                    rules_seen.store(true, Ordering::Relaxed);
                }
                if e.file_name() == ".git" || e.file_name() == "node_modules" {
                    return false;
                }
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if readable_root && is_dir && e.depth() > 0 {
                    match ignore_files(e.path()) {
                        IgnoreFiles::None => {}
                        IgnoreFiles::Regular => rules_seen.store(true, Ordering::Relaxed),
                        IgnoreFiles::Special => {
                            rules_seen.store(true, Ordering::Relaxed);
                            if let Ok(mut list) = left_out.lock() {
                                list.push(e.path().to_path_buf());
                            }
                            return false;
                        }
                    }
                }
                true
            }
        })
        .build_parallel()
        .run(|| {
            let files = &files;
            let errors = &errors;
            let listed = &listed;
            let keys = keys.clone();
            Box::new(move |entry| {
                let entry = match entry {
                    Ok(entry) => Ok(entry),
                    Err(e) => {
                        if let Ok(mut list) = errors.lock() {
                            list.push((root.to_path_buf(), clean_walk_error(&e)));
                        }
                        Err(e)
                    }
                };
                let Ok(entry) = entry else {
                    return ignore::WalkState::Continue;
                };
                let Some(t) = entry.file_type() else {
                    return ignore::WalkState::Continue;
                };
                if t.is_dir() {
                    // The walker lists a folder before it hands it over.
                    if let Ok(mut list) = listed.lock() {
                        list.push(keys.hash_one(entry.path()));
                    }
                } else if let Ok(mut list) = files.lock() {
                    let reason = match () {
                        _ if t.is_file() => None,
                        _ if t.is_symlink() => Some("a symbolic link (links are not followed)"),
                        _ => Some("not a regular file (a FIFO, socket or device)"),
                    };
                    list.push((entry.into_path(), reason));
                }
                ignore::WalkState::Continue
            })
        });
    let mut errors = errors.into_inner().unwrap_or_default();
    let special = special.lock().map(|l| l.clone()).unwrap_or_default();
    for dir in special {
        errors.push((
            dir,
            "left out: its .gitignore or .ignore is not a regular file".to_string(),
        ));
    }
    errors.sort();
    // Rules from anywhere hide entries from the listings: ignore files in the root or above
    // it (the walker reads those of every parent folder, of its real place too), git's
    // global excludes file, a repository's own excludes (`.git/info/exclude`, read wherever
    // a `.git` is met, so any `.git` below the root counts).
    let whole = errors.is_empty()
        && root_ignore_files == IgnoreFiles::None
        && !rules_met.load(Ordering::Relaxed)
        && !rules_above(root)
        && global_excludes_are_empty();
    if whole {
        let marked: std::collections::HashSet<u64> = marked
            .lock()
            .map(|l| l.iter().copied().collect())
            .unwrap_or_default();
        plain.extend(
            listed
                .into_inner()
                .unwrap_or_default()
                .into_iter()
                .filter(|h| !marked.contains(h)),
        );
    }
    (files.into_inner().unwrap_or_default(), errors)
}

/// Whether a folder above `root` holds an ignore file, or `root` or a folder above it a
/// `.git` (whose excludes the walker reads), by its path as written or as the walker reads
/// the parents of a root reached through a link (its real place).
fn rules_above(root: &Path) -> bool {
    let ancestors_hold_rules = |path: &Path| {
        path.ancestors().enumerate().any(|(i, d)| {
            (i > 0 && ignore_files(d) != IgnoreFiles::None) || d.join(".git").exists()
        })
    };
    std::path::absolute(root).map_or(true, |a| ancestors_hold_rules(&a))
        || std::fs::canonicalize(root).map_or(true, |c| ancestors_hold_rules(&c))
}

/// Whether git's global excludes file (`core.excludesFile`, or its default place) holds no
/// rule, as the walker reads it.
fn global_excludes_are_empty() -> bool {
    let (global, error) = ignore::gitignore::GitignoreBuilder::new("").build_global();
    error.is_none() && global.is_empty()
}

/// The note for a root whose ignore files cannot be read safely.
const IGNORE_FILES_NOT_READ: &str = "not a regular file, so no .gitignore or .ignore was read in this walk (reading a FIFO would block)";

/// Whether a folder holds a .gitignore or .ignore that is not a regular file (a FIFO
/// would block whoever opens it).
fn has_special_ignore_file(dir: &Path) -> bool {
    ignore_files(dir) == IgnoreFiles::Special
}

/// The ignore files a folder holds, as the walker would open them (links followed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IgnoreFiles {
    None,
    /// Regular files only.
    Regular,
    /// At least one that is not a regular file.
    Special,
}

fn ignore_files(dir: &Path) -> IgnoreFiles {
    let mut found = IgnoreFiles::None;
    for name in [".gitignore", ".ignore"] {
        match std::fs::metadata(dir.join(name)) {
            Ok(m) if m.is_file() => found = IgnoreFiles::Regular,
            Ok(_) => return IgnoreFiles::Special,
            // A name that is there but cannot be looked at (a link that leads nowhere, a
            // loop): the walker cannot read it either, but the folder's listing is not
            // trusted to be whole.
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                if found == IgnoreFiles::None {
                    found = IgnoreFiles::Regular;
                }
            }
            Err(_) => {}
        }
    }
    found
}

/// The walker's error in one line, naming the path it is about.
fn clean_walk_error(e: &ignore::Error) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}
