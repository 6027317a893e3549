//! `--staged`: checks what is about to be committed. The staged content of every
//! definition and app config in the git index is read (not the working tree), so that
//! configs are checked against their registrations; findings are reported for the files
//! the commit changes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The staged files: every path in the index with its staged content, and which of them the
/// commit changes. Paths are absolute, under the repository's top level.
pub struct Staged {
    pub files: Vec<(PathBuf, Vec<u8>)>,
    pub changed: Vec<PathBuf>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
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

/// Reads the index of the repository that contains `dir`. `wanted` picks the index paths
/// whose content is needed (definitions and configs, by name).
pub fn read(dir: &Path, wanted: impl Fn(&Path) -> bool) -> Result<Staged, String> {
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
    let all = nul_separated(&git(&top, &["ls-files", "-z", "--cached"])?);
    let paths: Vec<String> = all.into_iter().filter(|p| wanted(&top.join(p))).collect();
    let contents = cat_blobs(&top, &paths)?;
    let files = paths
        .into_iter()
        .map(|p| top.join(p))
        .zip(contents)
        .collect();
    Ok(Staged { files, changed })
}

/// The staged content of each path, through one `git cat-file --batch`.
fn cat_blobs(top: &Path, paths: &[String]) -> Result<Vec<Vec<u8>>, String> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = Command::new("git")
        .current_dir(top)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("git cat-file has no input")?;
    let request: String = paths.iter().map(|p| format!(":{p}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .ok_or("git cat-file has no output")?
        .read_to_end(&mut output)
        .map_err(|e| e.to_string())?;
    let _ = writer.join();
    let _ = child.wait();
    let mut blobs = Vec::with_capacity(paths.len());
    let mut rest = &output[..];
    for _ in paths {
        let header_end = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or("git cat-file output is cut short")?;
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
            .ok_or_else(|| format!("unexpected git cat-file header `{header}`"))?;
        if rest.len() < size {
            return Err("git cat-file output is cut short".into());
        }
        blobs.push(rest[..size].to_vec());
        rest = &rest[(size + 1).min(rest.len())..];
    }
    Ok(blobs)
}
