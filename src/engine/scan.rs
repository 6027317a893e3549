//! The scan step: each config parsed earlier becomes an [`AppConfig`], with the side it
//! is on (front end or back end), the app it is linked to, and the secrets found in its
//! values, each masked in output from here on.

use std::collections::HashMap;

use super::Run;
use super::link::link_by_client_id;
use super::mask::TreeMasks;
use crate::configs::{self, AppConfig, Side, SideOracle};
use crate::model::DeclaredSide;
use crate::redact;
use crate::report::FoundSecret;
use crate::secrets;
use crate::settings::Loaded;
use crate::source::Span;
use crate::tree::Node;

/// What a config's file says on its own, read on the reading threads, before the configs
/// are linked (the tree is not kept).
#[derive(Debug)]
pub(super) struct ReadConfig {
    pub(super) masks: TreeMasks,
    pub(super) scanned: Scanned,
}

impl ReadConfig {
    pub(super) fn of(tree: &Node, text: &str) -> ReadConfig {
        ReadConfig::with_settings(tree, text, configs::settings(tree))
    }

    /// With the settings of `tree`, already flattened.
    pub(super) fn with_settings(
        tree: &Node,
        text: &str,
        settings: Vec<configs::Setting>,
    ) -> ReadConfig {
        let telling = secrets::detectors().telling(text);
        ReadConfig::with_telling(tree, text, settings, telling)
    }

    /// With the settings of `tree` and the secrets of a telling shape in `text`, both
    /// already found.
    pub(super) fn with_telling(
        tree: &Node,
        text: &str,
        settings: Vec<configs::Setting>,
        telling: Vec<secrets::Detection>,
    ) -> ReadConfig {
        let detectors = secrets::detectors();
        let detections: Vec<_> = settings
            .iter()
            .map(|s| s.as_str().map(|value| detectors.scan(&s.path, value)))
            .collect();
        let (settings, detections) = keep_what_rules_read(settings, detections, &telling);
        ReadConfig {
            masks: TreeMasks::of(tree, text),
            scanned: Scanned {
                settings,
                detections,
                telling,
            },
        }
    }
}

/// A config's settings and the secrets in them and in its text.
#[derive(Debug)]
pub(super) struct Scanned {
    settings: Vec<configs::Setting>,
    /// The secrets in each setting's value (`None` for a value that is no string).
    detections: Vec<Option<Vec<secrets::Detection>>>,
    /// The secrets of a telling shape anywhere in the text.
    telling: Vec<secrets::Detection>,
}

/// How many secrets found in a config's text outside its settings are reported per file.
const MAX_SECRETS_PER_FILE: usize = 100;

impl Run {
    /// Links, sides and scans every config added so far.
    pub(super) fn scan_configs(&mut self, settings: &Loaded) {
        let mut oracle = SideOracle::new(&self.base)
            .with_project_rules(
                &settings.root,
                settings
                    .source
                    .as_ref()
                    .map_or("trustlint.toml", |s| s.display.as_str()),
                &settings.settings.frontend,
                &settings.settings.public_env_prefixes,
            )
            .with_plain_folders(std::mem::take(&mut self.plain_folders));
        let apps_by_uri: Vec<(String, usize)> = self
            .report
            .apps
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.uri().map(|u| (u.to_string(), i)))
            .collect();
        let mut by_uri: HashMap<&str, Vec<usize>> = HashMap::new();
        for (uri, i) in &apps_by_uri {
            by_uri.entry(uri.as_str()).or_default().push(*i);
        }
        // The sides of the configs that declare none, from the folders above them: both
        // looked at on all threads.
        let to_place: Vec<(&std::path::Path, configs::ConfigFormat)> = self
            .config_files
            .iter()
            .map(|(file, format, _)| (self.report.sources[*file].path.as_path(), *format))
            .filter(|(path, _)| {
                !self
                    .declared_links(path)
                    .iter()
                    .any(|(_, side)| side.is_some())
            })
            .collect();
        let mut sides = oracle.sides_of_files(&to_place).into_iter();
        for (file, format, scanned) in std::mem::take(&mut self.config_files) {
            let Scanned {
                settings,
                detections: mut value_detections,
                telling,
            } = scanned;
            let path = self.report.sources[file].path.clone();
            let declared = self.declared_links(&path);
            let side = match declared.iter().find_map(|(_, s)| *s) {
                Some(DeclaredSide::Frontend) => Side::Frontend(format!(
                    "its Trusted Application declares it `Side: Frontend` (in {})",
                    self.report.sources[self.report.apps[declared[0].0].origin.file].display
                )),
                Some(DeclaredSide::Backend) => Side::Backend,
                // The files without a declared side, in the same order.
                None => sides.next().unwrap_or(Side::Backend),
            };
            let environment = configs::environment_hint(&path);
            let (app, linked_explicitly) = match declared.first() {
                Some((index, _)) => (Some(*index), true),
                None => (
                    link_by_client_id(&by_uri, &self.report.apps, &settings, environment),
                    false,
                ),
            };
            let config = self.report.configs.len();
            let source = &self.report.sources[file];
            for (setting, s) in settings.iter().enumerate() {
                let (Some(value), Some(detections)) =
                    (s.as_str(), value_detections[setting].take())
                else {
                    continue;
                };
                // A value with a private key in it is masked whole, across its lines: the
                // header alone is not the key. (Other detections are masked where they are,
                // so that a URL with a token in it keeps its readable part.)
                if detections
                    .iter()
                    .any(|d| d.kind == secrets::SecretKind::PrivateKey)
                    || (s.role() == Some(configs::Role::ClientId)
                        && redact::looks_like_secret(value)
                        && !by_uri.contains_key(value.trim()))
                {
                    self.report.redactions.push((file, s.span));
                }
                // Where the value's characters start, found once per setting: a value with
                // 150,000 detections is not compared with its own text each time.
                let base = if detections.is_empty() {
                    None
                } else {
                    source.content_offset(s.span, value)
                };
                for detection in detections {
                    let span = match base {
                        Some(base) => {
                            Span::new(base + detection.range.start, base + detection.range.end)
                        }
                        None => s.span,
                    };
                    self.report.redactions.push((file, span));
                    self.report.secrets.push(FoundSecret {
                        config,
                        setting: Some(setting),
                        detection,
                        span,
                    });
                }
            }
            // The whole text is looked at too: a file read only for secrets has no settings,
            // and a config may hold a token where no setting is (a comment, a line the
            // reader skips). What a setting already holds is not found twice.
            let first = self.report.secrets.partition_point(|s| s.config < config);
            let mut from_settings: Vec<Span> = self.report.secrets[first..]
                .iter()
                .map(|s| s.span)
                .collect();
            from_settings.sort_by_key(|s| s.start);
            // The furthest end among the spans up to each one, so that whether a detection
            // overlaps any of them is one binary search, however many there are.
            let furthest: Vec<usize> = from_settings
                .iter()
                .scan(0, |end, s| {
                    *end = (*end).max(s.end);
                    Some(*end)
                })
                .collect();
            // A file of machine-made tokens would otherwise give a finding for each: the
            // first ones are reported, the rest are masked and counted in a note.
            let mut reported = 0usize;
            let mut more = 0usize;
            // A telling secret inside a setting's value that the setting's own scan did
            // not see (the private member of a JSON Web Key, which only its object gives
            // away) belongs to that setting, so that the message names it.
            let mut by_start: Vec<(usize, usize, usize)> = Vec::new();
            if !telling.is_empty() {
                by_start = settings
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.span.start, s.span.end, i))
                    .collect();
                by_start.sort_unstable();
            }
            for detection in telling {
                let span = Span::new(detection.range.start, detection.range.end);
                let before = from_settings.partition_point(|s| s.start < span.end);
                if before > 0 && furthest[before - 1] > span.start {
                    continue;
                }
                let holder = by_start
                    .partition_point(|(start, _, _)| *start <= span.start)
                    .checked_sub(1)
                    .map(|at| by_start[at])
                    .filter(|(_, end, _)| *end >= span.end)
                    .map(|(_, _, i)| i);
                self.report.redactions.push((file, span));
                if reported == MAX_SECRETS_PER_FILE {
                    more += 1;
                    continue;
                }
                reported += 1;
                self.report.secrets.push(FoundSecret {
                    config,
                    setting: holder,
                    detection,
                    span,
                });
            }
            if more > 0 {
                let shown = &self.report.sources[file].display;
                self.report.not_checked.notes.push(format!(
                    "{shown}: {more} more secrets of a telling shape after the first {MAX_SECRETS_PER_FILE} are masked but not reported"
                ));
            }
            self.report.configs.push(AppConfig {
                file,
                format,
                settings,
                side,
                environment,
                app,
                linked_explicitly,
                public_prefixes: oracle.public_prefixes().to_vec(),
                erpnet_sections: std::sync::OnceLock::new(),
            });
        }
    }
}

/// The settings a rule can look at, and no others (a large repository's configs hold
/// hundreds of thousands of settings no rule reads), with their detections: the first
/// (where a finding about the whole config points), those with a role, URLs (a credential
/// in a query), and those holding a secret, found in the value or in the text.
fn keep_what_rules_read(
    settings: Vec<configs::Setting>,
    detections: Vec<Option<Vec<secrets::Detection>>>,
    telling: &[secrets::Detection],
) -> (Vec<configs::Setting>, Vec<Option<Vec<secrets::Detection>>>) {
    let mut telling_starts: Vec<usize> = telling.iter().map(|d| d.range.start).collect();
    telling_starts.sort_unstable();
    let holds_telling = |s: &configs::Setting| {
        let at = telling_starts.partition_point(|start| *start < s.span.start);
        telling_starts
            .get(at)
            .is_some_and(|start| *start < s.span.end.max(s.span.start + 1))
    };
    let keep = |i: usize, s: &configs::Setting, d: &Option<Vec<secrets::Detection>>| {
        i == 0
            || s.role().is_some()
            || s.as_str().is_some_and(|v| v.contains("://"))
            || d.as_ref().is_some_and(|d| !d.is_empty())
            || holds_telling(s)
    };
    let (mut settings, mut detections): (Vec<_>, Vec<_>) = settings
        .into_iter()
        .zip(detections)
        .enumerate()
        .filter(|(i, (s, d))| keep(*i, s, d))
        .map(|(_, pair)| pair)
        .unzip();
    settings.shrink_to_fit();
    detections.shrink_to_fit();
    (settings, detections)
}
