//! The link step: which configs a definition's `Configs:` globs name, and which app a
//! config names by its client id.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Run;
use crate::configs;
use crate::finding::{Finding, Rule};
use crate::model::{self, DeclaredSide, TrustedApp};
use crate::paths::{glob_matches, relative_path};

impl Run {
    /// The app-declared links that match a config path: (app index, declared side).
    pub(super) fn declared_links(&self, path: &Path) -> Vec<(usize, Option<DeclaredSide>)> {
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
    pub(super) fn check_config_links(&mut self, walked: bool) {
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
}

/// The app a config names by a client id (a file may configure several providers; the
/// first client id that is a registered ApplicationUri counts). Among several
/// registrations of that id, the one whose environment the file name points at, else the
/// Production one.
pub(super) fn link_by_client_id(
    by_uri: &HashMap<&str, Vec<usize>>,
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
