//! Paths as the configuration and `Configs:` globs see them: relative to a folder,
//! `/`-separated, matched by globs compiled once per run.

use std::path::Path;

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
