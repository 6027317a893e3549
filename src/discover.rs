//! Finding the files to check: definitions by name (`*.trusted-app.yaml`,
//! `trusted-apps.json`, ...) and Domain API exports by content. Directories are walked
//! respecting `.gitignore`.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::formats::Format;

/// Why a file was picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Named on the command line.
    Explicit,
    /// Its name marks it as a definition.
    Name,
    /// A JSON file that is checked only if its content is a Domain API export.
    MaybeExport,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub format: Format,
    pub reason: Reason,
}

/// The definition file names: `*.trusted-app.{yaml,yml,json,toml}` and
/// `trusted-apps.{yaml,yml,json,toml}`.
pub fn is_definition_name(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "yaml" | "yml" | "json" | "toml")
        && (stem.ends_with(".trusted-app") || stem == "trusted-apps")
}

/// Whether a JSON text is a Domain API export of Trusted Applications or Users.
pub fn is_domain_api_export(text: &str) -> bool {
    text.contains("@odata.context")
        && (text.contains("Systems_Security_TrustedApplications")
            || text.contains("Systems_Security_Users"))
}

/// The files below `paths`, in a stable order. Paths that do not exist are returned in
/// `missing`.
pub fn discover(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<PathBuf>) {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    for root in paths {
        if root.is_file() {
            let format = Format::from_path(root).unwrap_or(Format::Yaml);
            found.push(Candidate {
                path: root.clone(),
                format,
                reason: Reason::Explicit,
            });
            continue;
        }
        if !root.exists() {
            missing.push(root.clone());
            continue;
        }
        let walker = WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        for entry in walker.flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            let Some(format) = Format::from_path(&path) else {
                continue;
            };
            let reason = if is_definition_name(&path) {
                Reason::Name
            } else if format == Format::Json {
                Reason::MaybeExport
            } else {
                continue;
            };
            found.push(Candidate {
                path,
                format,
                reason,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|a, b| a.path == b.path);
    (found, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definition_names() {
        for yes in [
            "portal.trusted-app.yaml",
            "x/trusted-apps.json",
            "A.Trusted-App.TOML",
            "b.trusted-app.yml",
        ] {
            assert!(is_definition_name(Path::new(yes)), "{yes}");
        }
        for no in [
            "trusted-app.yaml",
            "portal.yaml",
            "trusted-apps.yaml.bak",
            "portal.trusted-app.txt",
        ] {
            assert!(!is_definition_name(Path::new(no)), "{no}");
        }
    }
}
