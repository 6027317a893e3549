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

/// The staged content of a file of the work tree: `Some` when the index holds it as a
/// regular file, `None` when it does not (an untracked file stays as it is in a commit,
/// and a hook runs with it) or when `path` is outside the repository.
pub fn index_content(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    let Some(dir) = path.parent() else {
        return Ok(None);
    };
    let top = String::from_utf8_lossy(&git(dir, &["rev-parse", "--show-toplevel"])?)
        .trim()
        .to_string();
    let top = PathBuf::from(top);
    let relative = path
        .strip_prefix(&top)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let real_top = std::fs::canonicalize(&top).ok()?;
            let real = std::fs::canonicalize(path).ok()?;
            real.strip_prefix(real_top).ok().map(Path::to_path_buf)
        });
    let Some(relative) = relative.as_deref().and_then(Path::to_str) else {
        return Ok(None);
    };
    // Literal: a name with `*` or `:(` in it is that name, not a pattern.
    let listing = git(
        &top,
        &[
            "--literal-pathspecs",
            "ls-files",
            "-z",
            "--stage",
            "--",
            relative,
        ],
    )?;
    let Some(entry) = entries(&listing)
        .into_iter()
        .find(|e| e.path == relative && e.stage == 0 && e.mode.starts_with("100"))
    else {
        return Ok(None);
    };
    Ok(cat_blobs(&top, &[entry.object.as_str()])?.pop())
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
