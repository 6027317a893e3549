//! `--staged`: checks what is about to be committed. The staged content of every
//! definition and app config in the git index is read (not the working tree), so that
//! configs are checked against their registrations; findings are reported for the files
//! the commit changes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::Error;

/// The staged files: every path in the index with its staged content, and which of them the
/// commit changes. Paths are absolute, under the repository's top level.
pub struct Staged {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub changed: Vec<PathBuf>,
    /// Index entries that are not files (submodules), with why they were not read.
    pub skipped: Vec<(PathBuf, &'static str)>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(Error::GitNotRun)?;
    if !out.status.success() {
        return Err(Error::GitFailed {
            command: args.join(" "),
            stderr: crate::escape::clean_text(String::from_utf8_lossy(&out.stderr).trim()),
        });
    }
    Ok(out.stdout)
}

fn nul_separated(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// One entry of `git ls-files -z --stage`: `<mode> <object> <stage>\t<path>`.
struct Entry {
    mode: String,
    object: String,
    stage: u8,
    path: String,
}

fn entries(bytes: &[u8]) -> Vec<Entry> {
    nul_separated(bytes)
        .into_iter()
        .filter_map(|record| {
            let (meta, path) = record.split_once('\t')?;
            let mut parts = meta.split(' ');
            let mode = parts.next()?.to_string();
            let object = parts.next()?.to_string();
            let stage = parts.next()?.parse().ok()?;
            Some(Entry {
                mode,
                object,
                stage,
                path: path.to_string(),
            })
        })
        .collect()
}

/// Reads the index of the repository that contains `dir`. `wanted` picks the index paths
/// whose content is needed (definitions and configs by name, and the files the commit
/// changes), told whether the commit changes the path. Every listing is
/// NUL-separated and contents are read by object id, so a file name with a newline in it
/// cannot shift which content goes with which path.
pub fn read(dir: &Path, wanted: impl Fn(&Path, bool) -> bool) -> Result<Staged, Error> {
    let top = String::from_utf8_lossy(&git(dir, &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_string();
    let top = PathBuf::from(top);
    let changed: Vec<PathBuf> = nul_separated(&git(
        &top,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
        ],
    )?)
    .into_iter()
    .map(|p| top.join(p))
    .collect();
    let all = entries(&git(&top, &["ls-files", "-z", "--stage"])?);
    let mut conflicts: Vec<&str> = all
        .iter()
        .filter(|e| {
            let path = top.join(&e.path);
            e.stage != 0 && wanted(&path, changed.contains(&path))
        })
        .map(|e| e.path.as_str())
        .collect();
    conflicts.dedup();
    if !conflicts.is_empty() {
        return Err(Error::MergeConflict(
            conflicts
                .iter()
                .map(|p| crate::escape::clean_path(p))
                .collect(),
        ));
    }
    let mut skipped = Vec::new();
    let mut wanted_entries = Vec::new();
    for e in all {
        let path = top.join(&e.path);
        if !wanted(&path, changed.contains(&path)) {
            continue;
        }
        if e.mode == "160000" {
            skipped.push((top.join(&e.path), "a submodule (gitlink), not a file"));
        } else if e.mode == "120000" {
            skipped.push((top.join(&e.path), "a symbolic link"));
        } else {
            wanted_entries.push(e);
        }
    }
    let objects: Vec<&str> = wanted_entries.iter().map(|e| e.object.as_str()).collect();
    let contents = cat_blobs(&top, &objects)?;
    let files = wanted_entries
        .into_iter()
        .map(|e| top.join(e.path))
        .zip(contents)
        .collect();
    Ok(Staged {
        files,
        changed,
        skipped,
    })
}

/// The configuration file a commit holds for a check run in `start`, found as a run over
/// the work tree finds one (the nearest of `names` in `start` or a folder above it), but in
/// the index: what CI will read once the commit is made.
pub struct StagedConfig {
    pub found: ConfigSource,
    /// Config files of the work tree, nearer than the one found, that the index does not
    /// hold (untracked, or only intended to be added): the commit leaves them out.
    pub unstaged: Vec<PathBuf>,
}

pub enum ConfigSource {
    /// The staged content, with the file's path in the work tree (for a link, the link's).
    Staged(PathBuf, Vec<u8>),
    /// A file above the repository's top level, which no commit holds: read as it is.
    Outside(PathBuf),
    None,
}

/// The object ids of the empty blob (SHA-1 and SHA-256 repositories): the content `git add
/// -N` records for a file it only intends to add.
const EMPTY_BLOBS: &[&str] = &[
    "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    "473a0f4c3be8a93681a267e3b1e9a7dcda1185436fe141f7749120a303721813",
];

/// Finds the configuration the index holds; see [`StagedConfig`]. A config in a merge
/// conflict is an error, as a conflicted definition is.
pub fn find_config(start: &Path, names: &[&str]) -> Result<StagedConfig, Error> {
    let top = PathBuf::from(
        String::from_utf8_lossy(&git(start, &["rev-parse", "--show-toplevel"])?)
            .trim()
            .to_string(),
    );
    let real_top = std::fs::canonicalize(&top).unwrap_or_else(|_| top.clone());
    let real_start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    let mut unstaged = Vec::new();
    if let Ok(inside) = real_start.strip_prefix(&real_top) {
        // Nearest first: each folder from `start` up to the top level, each name in order.
        let candidates: Vec<String> = inside
            .ancestors()
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .filter_map(|p| p.to_str().map(str::to_string))
            .collect();
        let listed = index_entries(&top, &candidates)?;
        for candidate in &candidates {
            let here: Vec<&Entry> = listed.iter().filter(|e| &e.path == candidate).collect();
            if here.iter().any(|e| e.stage != 0) {
                return Err(Error::MergeConflict(vec![crate::escape::clean_path(
                    candidate,
                )]));
            }
            let path = top.join(candidate);
            let Some(entry) = here.first() else {
                if path.is_file() {
                    unstaged.push(path);
                }
                continue;
            };
            if EMPTY_BLOBS.contains(&entry.object.as_str()) && intends_to_add(&top, candidate)? {
                unstaged.push(path);
                continue;
            }
            let content = match entry.mode.as_str() {
                "120000" => match linked_content(&top, &real_top, candidate, &entry.object)? {
                    Linked::Staged(bytes) => Some(bytes),
                    // A link out of the repository leads to a file no commit holds: it is
                    // read where it leads, as a run on disk reads it.
                    Linked::OutOfRepository if path.is_file() => {
                        return Ok(StagedConfig {
                            found: ConfigSource::Outside(path),
                            unstaged,
                        });
                    }
                    Linked::OutOfRepository | Linked::Nowhere => None,
                },
                mode if mode.starts_with("100") => cat_blobs(&top, &[entry.object.as_str()])?.pop(),
                _ => None,
            };
            // A link that leads to no staged file is no config, as a run on disk passes
            // over one that leads nowhere.
            if let Some(bytes) = content {
                return Ok(StagedConfig {
                    found: ConfigSource::Staged(path, bytes),
                    unstaged,
                });
            }
        }
    }
    // Above the top level, no commit holds anything: the files are read as they are.
    for dir in real_top.ancestors().skip(1) {
        for name in names {
            let path = dir.join(name);
            if path.is_file() {
                return Ok(StagedConfig {
                    found: ConfigSource::Outside(path),
                    unstaged,
                });
            }
        }
    }
    Ok(StagedConfig {
        found: ConfigSource::None,
        unstaged,
    })
}

/// The index entries at these paths (relative to `top`), taken literally.
fn index_entries(top: &Path, paths: &[String]) -> Result<Vec<Entry>, Error> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut args = vec!["--literal-pathspecs", "ls-files", "-z", "--stage", "--"];
    args.extend(paths.iter().map(String::as_str));
    Ok(entries(&git(top, &args)?))
}

/// Whether an index entry was only intended to be added (`git add -N`): a commit leaves
/// it out. `git status` shows such an entry as added in the work tree, not in the index.
fn intends_to_add(top: &Path, path: &str) -> Result<bool, Error> {
    let status = git(
        top,
        &[
            "--literal-pathspecs",
            "status",
            "--porcelain",
            "-z",
            "--untracked-files=no",
            "--",
            path,
        ],
    )?;
    Ok(status.starts_with(b" A"))
}

/// Where a staged symbolic link leads.
enum Linked {
    /// To a regular file of the index: its staged content.
    Staged(Vec<u8>),
    /// Out of the repository (`../..`, or an absolute path elsewhere).
    OutOfRepository,
    /// To nothing the index holds as a file.
    Nowhere,
}

/// Where a staged symbolic link leads (one link is followed, as the link's folder resolves
/// it; an absolute target inside the repository counts as the path below its top level).
fn linked_content(top: &Path, real_top: &Path, link: &str, object: &str) -> Result<Linked, Error> {
    let Some(target) = cat_blobs(top, &[object])?.pop() else {
        return Ok(Linked::Nowhere);
    };
    let Ok(target) = String::from_utf8(target) else {
        return Ok(Linked::Nowhere);
    };
    let target = Path::new(&target);
    let resolved = if target.is_absolute() {
        let normal = crate::paths::lexically_normal(target);
        match normal
            .strip_prefix(real_top)
            .or_else(|_| normal.strip_prefix(top))
        {
            Ok(inside) => inside.to_path_buf(),
            Err(_) => return Ok(Linked::OutOfRepository),
        }
    } else {
        let folder = Path::new(link).parent().unwrap_or(Path::new(""));
        crate::paths::lexically_normal(&folder.join(target))
    };
    if resolved
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Ok(Linked::OutOfRepository);
    }
    let Some(resolved) = resolved.to_str() else {
        return Ok(Linked::Nowhere);
    };
    let listed = index_entries(top, &[resolved.to_string()])?;
    match listed
        .iter()
        .find(|e| e.path == resolved && e.stage == 0 && e.mode.starts_with("100"))
    {
        Some(e) => Ok(cat_blobs(top, &[e.object.as_str()])?
            .pop()
            .map_or(Linked::Nowhere, Linked::Staged)),
        None => Ok(Linked::Nowhere),
    }
}

/// The content of each object, through one `git cat-file --batch`, by object id.
fn cat_blobs(top: &Path, objects: &[&str]) -> Result<Vec<Vec<u8>>, Error> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(Error::GitNotRun)?;
    let output_error = |message: &str| Error::GitOutput(message.to_string());
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| output_error("git cat-file has no input"))?;
    let request: String = objects.iter().map(|o| format!("{o}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .ok_or_else(|| output_error("git cat-file has no output"))?
        .read_to_end(&mut output)
        .map_err(|e| Error::GitOutput(e.to_string()))?;
    let _ = writer.join();
    let _ = child.wait();
    let mut blobs = Vec::with_capacity(objects.len());
    let mut rest = &output[..];
    for _ in objects {
        let header_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| output_error("git cat-file output is cut short"))?;
        let header = String::from_utf8_lossy(&rest[..header_end]).into_owned();
        rest = &rest[header_end + 1..];
        if header.ends_with(" missing") {
            blobs.push(Vec::new());
            continue;
        }
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                Error::GitOutput(format!("unexpected git cat-file header `{header}`"))
            })?;
        if rest.len() < size {
            return Err(output_error("git cat-file output is cut short"));
        }
        blobs.push(rest[..size].to_vec());
        rest = &rest[(size + 1).min(rest.len())..];
    }
    Ok(blobs)
}
