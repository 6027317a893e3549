//! Paths as the configuration and `Configs:` globs see them: relative to a folder,
//! `/`-separated, matched by globs compiled once per run.

use std::path::Path;

/// Sorts items by a path in the order of `Path`'s `Ord` (component by component), which
/// compares two paths by parsing both: each path's order key is built once and the keys
/// are compared as bytes, which is many times faster for the thousands of paths of a walk.
/// The sort is stable, as `sort` is.
pub fn sort_by_path<T: Send>(items: &mut [T], path: impl Fn(&T) -> &Path + Sync) {
    #[cfg(unix)]
    {
        // The keys are built on all threads; the sort stays stable.
        use rayon::prelude::*;
        items.par_sort_by_cached_key(|item| order_key(path(item)));
    }
    #[cfg(not(unix))]
    items.sort_by(|a, b| path(a).cmp(path(b)));
}

/// Bytes that sort as `Path`'s `Ord` sorts paths: each component is its kind (in the
/// order of `Component`'s variants: the root, `.`, `..`, a name) and, for a name, its
/// bytes and a 0 (no name holds a 0 byte), so that a name sorts before its extensions.
#[cfg(unix)]
fn order_key(path: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        match c {
            // Only on Windows.
            Component::Prefix(p) => {
                key.push(0);
                key.extend_from_slice(p.as_os_str().as_bytes());
            }
            Component::RootDir => key.push(1),
            Component::CurDir => key.push(2),
            Component::ParentDir => key.push(3),
            Component::Normal(name) => {
                key.push(4);
                key.extend_from_slice(name.as_bytes());
                key.push(0);
            }
        }
    }
    key
}

/// What makes two paths the same file: on Unix its device and inode, one `stat` each (a
/// link or a second hard link to a checked file is the same file); elsewhere its canonical
/// path. Only a regular file can be one the run read.
#[derive(Clone, PartialEq, Eq)]
pub enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(std::path::PathBuf),
}

impl FileIdentity {
    pub fn of(path: &std::path::Path) -> Option<FileIdentity> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileIdentity::Inode(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path)
                .ok()
                .map(FileIdentity::Canonical)
        }
    }
}

/// `path` with its `.` and `..` components worked out by their names, without asking the
/// file system (`/x/proj/../cfg.toml` is `/x/cfg.toml`); a `..` with nothing before it to
/// leave is kept, as at the start of a relative path.
pub fn lexically_normal(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last = out.components().next_back();
                match last {
                    Some(Component::Normal(_)) => {
                        out.pop();
                    }
                    // Above the root is the root.
                    Some(Component::RootDir | Component::Prefix(_)) => {}
                    _ => out.push(".."),
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `dir`, `/`-separated, with `..` where it lies outside `dir` (so a
/// `Configs:` glob may name `../web/.env`). Both are compared as written, without touching
/// the file system.
pub fn relative_path(dir: &Path, path: &Path) -> Option<String> {
    use std::path::Component;
    if dir.is_absolute() != path.is_absolute() {
        return None;
    }
    // Most paths of a run are below the folder they are made relative to: their own
    // components after it, with no list of the folder's.
    if let Ok(rest) = path.strip_prefix(dir) {
        let mut out = String::with_capacity(rest.as_os_str().len());
        for c in rest
            .components()
            .filter(|c| !matches!(c, Component::CurDir))
        {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&c.as_os_str().to_string_lossy());
        }
        return Some(out);
    }
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

/// The folders that a walk listed whole, with nothing hidden by ignore rules, and that hold
/// no entry that could make them a project root or the top of a repository (no
/// `package.json`, `pubspec.yaml`, `android`, `ios`, `*.csproj` or `.git`, in any case).
/// Asked which side a config is on, the side oracle then knows such a folder's answer
/// without listing it a second time. Kept as keyed hashes (one `u64` a folder, with keys
/// drawn for the run, so a repository cannot aim a collision): a run over 100,000 files has
/// tens of thousands of folders.
#[derive(Debug, Default)]
pub struct PlainFolders {
    keys: std::hash::RandomState,
    hashes: std::collections::HashSet<u64>,
}

impl PlainFolders {
    /// Whether `dir` was listed whole by a walk and holds nothing a project root has.
    pub fn contains(&self, dir: &Path) -> bool {
        use std::hash::BuildHasher;
        !self.hashes.is_empty() && self.hashes.contains(&self.keys.hash_one(dir))
    }

    /// The keys folders are hashed with, for a walk to hash what it lists.
    pub fn keys(&self) -> std::hash::RandomState {
        self.keys.clone()
    }

    /// Adds folders by their hashes under [`PlainFolders::keys`].
    pub fn extend(&mut self, hashes: impl IntoIterator<Item = u64>) {
        self.hashes.extend(hashes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn paths_sort_by_key_as_path_ord_sorts_them() {
        let names = [
            "/a",
            "/a/b",
            "/a-b",
            "/a.b",
            "/a/b/c",
            "/ab",
            "a",
            "a/b",
            "./a",
            "../a",
            "..",
            ".",
            "/",
            "a//b",
            "a/./b",
            "a/b/",
            "-x",
            "../-x",
            "a/..",
            "A",
            "a b",
            "é/a",
            "a/é",
            "/a/b-c",
            "/a/b/-",
            "/a/b0",
            "",
            "x/y.json",
            "x/y/z.json",
            "x.y/z",
        ];
        let mut paths: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut expected = paths.clone();
        expected.sort();
        sort_by_path(&mut paths, |p| p.as_path());
        assert_eq!(paths, expected);
        // Every pair compares the same way.
        for a in &names {
            for b in &names {
                let mut pair = vec![PathBuf::from(a), PathBuf::from(b)];
                let mut sorted = pair.clone();
                sorted.sort();
                sort_by_path(&mut pair, |p| p.as_path());
                assert_eq!(
                    pair.iter().map(|p| p.as_os_str()).collect::<Vec<_>>(),
                    sorted.iter().map(|p| p.as_os_str()).collect::<Vec<_>>(),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn dots_are_worked_out_by_name() {
        for (path, expected) in [
            ("/x/proj/../cfg.toml", "/x/cfg.toml"),
            ("/x/./a/b/../../c", "/x/c"),
            ("/../a", "/a"),
            ("../a/../b", "../b"),
            ("a/../../b", "../b"),
            ("./a", "a"),
        ] {
            assert_eq!(
                lexically_normal(Path::new(path)),
                Path::new(expected),
                "{path}"
            );
        }
    }

    #[test]
    fn a_relative_path_says_how_to_get_from_the_folder_to_the_file() {
        let cases = [
            ("/repo", "/repo/web/.env", Some("web/.env")),
            ("/repo/apps", "/repo/apps", Some("")),
            ("/repo/apps/api", "/repo/web/.env", Some("../../web/.env")),
            (".", "./web/.env", Some("web/.env")),
            (".", "web/.env", Some("web/.env")),
            ("", "web/.env", Some("web/.env")),
            ("../x", "../x/y/z.json", Some("y/z.json")),
            ("a/./b", "a/b/./c", Some("c")),
            ("/repo", "web/.env", None),
            ("", "/repo/web/.env", None),
            ("web", "/repo/web/.env", None),
            ("../a", "b", None),
        ];
        for (dir, path, expected) in cases {
            assert_eq!(
                relative_path(Path::new(dir), Path::new(path)).as_deref(),
                expected,
                "{path} from {dir}"
            );
        }
    }
}
