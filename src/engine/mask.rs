//! The masking steps: which spans of which files output must never show (secrets, values
//! under credential-named keys, what could be a secret under a key trustlint does not
//! know, the anchors of masked aliases), and the last pass over the findings' text.

use crate::finding::Rule;
use crate::redact;
use crate::report::Report;
use crate::secrets;
use crate::source::Span;
use crate::tree::{self, Kind, Node};

/// What a parsed file's tree says output must mask, found when the file is read (the tree
/// is not kept): the values under credential-named keys, and those values decoded.
#[derive(Debug, Default)]
pub(crate) struct TreeMasks {
    spans: Vec<Span>,
    values: Vec<(Span, String)>,
}

impl TreeMasks {
    pub(crate) fn of(tree: &Node, text: &str) -> TreeMasks {
        let mut spans = Vec::new();
        collect_redactions(tree, text, false, &mut spans);
        let mut values = Vec::new();
        collect_credential_values(tree, false, &mut values);
        spans.shrink_to_fit();
        values.shrink_to_fit();
        TreeMasks { spans, values }
    }

    /// Adds these masks to the report, for `file`.
    pub(super) fn add_to(self, report: &mut Report, file: usize) {
        report
            .redactions
            .extend(self.spans.into_iter().map(|s| (file, s)));
        report
            .credential_values
            .extend(self.values.into_iter().map(|(s, v)| (file, s, v)));
    }
}

/// Masks what [`redact::text_masks`] finds in every file's text (comments, lines a reader
/// skips, files that did not parse); the masks of trees were added as files were read.
pub(super) fn mask_credentials(report: &mut Report) {
    // Comments, lines a reader skips and files that did not parse hold secrets too.
    let from_texts: Vec<Vec<(usize, Span)>> = per_file(report, |file| {
        redact::text_masks(&report.sources[file].text)
            .into_iter()
            .map(|span| (file, span))
            .collect()
    });
    report.redactions.extend(from_texts.into_iter().flatten());
}

/// `work` for every file of the report, on all threads, in file order.
fn per_file<T: Send>(report: &Report, work: impl Fn(usize) -> T + Sync + Send) -> Vec<T> {
    use rayon::prelude::*;
    (0..report.sources.len())
        .into_par_iter()
        .map(work)
        .collect()
}

/// After the rules: the masks that are credentials, the values under unknown keys, the
/// anchors of masked aliases, each list sorted and merged.
pub(super) fn mask_the_rest(report: &mut Report) {
    report.credentials = report.redactions.clone();
    redact_unknown_attributes(report);
    redact_around_parse_errors(report);
    redact::normalize(&mut report.redactions);
    let anchors = mask_anchors(report);
    report.redactions.extend(anchors.iter().copied());
    report.credentials.extend(anchors);
    redact::normalize(&mut report.redactions);
    redact::normalize(&mut report.credentials);
}

/// The last pass: every value that could be a secret is replaced wherever a finding or a
/// suppression's reason quotes it.
pub(super) fn scrub(report: &mut Report) {
    let uris = report.apps.iter().filter_map(|a| a.uri()).collect();
    report.secret_values = redact::SecretValues::of(
        &uris,
        report.secrets.iter().map(|s| s.detection.secret.expose()),
        &report.credential_values,
        report
            .credentials
            .iter()
            .map(|(f, s)| report.sources[*f].slice(*s)),
    );
    redact::scrub_findings(
        &mut report.findings,
        &report.secret_values,
        &report.credential_values,
        &report.sources,
    );
    for (_, _, reason, _) in &mut report.not_checked.suppressions {
        if let Some(reason) = reason {
            report.secret_values.scrub(reason);
        }
    }
}

fn collect_redactions(node: &Node, text: &str, masked: bool, out: &mut Vec<Span>) {
    collect_redactions_in(node, text, masked, masked, out);
}

/// `inherited`: masked because of a key above the entry that holds `node`, not the entry's
/// own key.
fn collect_redactions_in(
    node: &Node,
    text: &str,
    masked: bool,
    inherited: bool,
    out: &mut Vec<Span>,
) {
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                let own = redact::is_credential_key(&e.key);
                collect_redactions_in(&e.value, text, masked || own, masked, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_redactions_in(item, text, masked, inherited, out);
            }
        }
        // Booleans, nulls, references (`${VAR}`) and plain URLs under a credential-named
        // key (`SaveTokens: true`, `token_url: https://...`) are no credentials, and a
        // snippet is clearer with them. The credential inside any URL (its password, a
        // token in its query) is masked from the text (`redact::text_masks`).
        Kind::Bool(_) | Kind::Null if masked => {}
        Kind::Str(s)
            if masked
                && (secrets::detectors().is_allowlisted(s)
                    || (s.contains("://")
                        && !redact::url_carries_credential(s)
                        && secrets::detectors().shaped(s).is_empty())) => {}
        // A value merged in (`<<: *base`) carries the merge key's span. Under a credential
        // key of its own, it is masked where it is written (under the same key), and the
        // merge key stays readable; under a credential key above the merge, the merge key
        // is masked and its anchor with it.
        _ if masked && !inherited && is_merged(text, node.span) => {}
        _ if masked => out.push(node.span),
        // A URL with a credential whose text is written with escapes (`https:\/\/u:p@...`)
        // escapes the text-level mask of its credential: the whole value is masked.
        Kind::Str(s)
            if redact::url_carries_credential(s)
                && !text
                    .get(node.span.start..node.span.end)
                    .is_some_and(|raw| raw.contains(s.as_str())) =>
        {
            out.push(node.span)
        }
        _ => {}
    }
}

/// Whether a span is the alias of a merge key: `*base` after `<<:`.
fn is_merged(text: &str, span: Span) -> bool {
    text.get(span.start..span.end)
        .is_some_and(|t| t.starts_with('*'))
        && text[..span.start]
            .rsplit('\n')
            .next()
            .is_some_and(|before| before.trim_end().ends_with("<<:"))
}

/// The string values under credential-named keys, decoded.
fn collect_credential_values(node: &Node, masked: bool, out: &mut Vec<(Span, String)>) {
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                let masked = masked || redact::is_credential_key(&e.key);
                collect_credential_values(&e.value, masked, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_credential_values(item, masked, out);
            }
        }
        Kind::Str(s) if masked && s.len() <= 64 * 1024 => out.push((node.span, s.clone())),
        _ => {}
    }
}

/// Masks the anchors of masked YAML aliases (`client_secret: *s` shows nothing, and
/// neither may `Description: &s <secret>`).
fn mask_anchors(report: &Report) -> Vec<(usize, Span)> {
    let added: Vec<Vec<(usize, Span)>> = per_file(report, |file| {
        let source = &report.sources[file];
        if !source.text.contains('&') || !source.text.contains('*') {
            return Vec::new();
        }
        // The redactions are sorted by file.
        let from = report.redactions.partition_point(|(f, _)| *f < file);
        let to = report.redactions.partition_point(|(f, _)| *f <= file);
        let masked: Vec<Span> = report.redactions[from..to]
            .iter()
            .map(|(_, s)| *s)
            .collect();
        redact::anchor_masks(&source.text, &masked)
            .into_iter()
            .map(|s| (file, s))
            .collect()
    });
    added.into_iter().flatten().collect()
}

/// Masks the values under keys that trustlint does not know (TA104): a misspelled
/// credential key (`ClientScret`) would otherwise show its value in a snippet.
fn redact_unknown_attributes(report: &mut Report) {
    let mut secret_keys = Vec::new();
    // Trees are parsed again, once per file with such findings, and their entries indexed
    // by key once (a file of thousands of unknown keys must not be searched once for each).
    let mut places: Vec<(usize, usize, Span)> = report
        .findings
        .iter()
        .enumerate()
        .filter(|(_, f)| matches!(f.rule, Rule::TA104 | Rule::TL004))
        .map(|(i, f)| (f.file, i, f.span))
        .collect();
    places.sort_unstable_by_key(|(file, i, _)| (*file, *i));
    for group in places.chunk_by(|a, b| a.0 == b.0) {
        let file = group[0].0;
        let Some(tree) = report.tree(file) else {
            continue;
        };
        let mut entries = std::collections::HashMap::new();
        index_entries(&tree, &mut entries);
        for &(_, i, span) in group {
            mask_unknown_attribute(report, &tree, &entries, file, i, span, &mut secret_keys);
        }
    }
    for (i, key) in secret_keys {
        let f = &mut report.findings[i];
        let shown = format!("<{} characters>", key.chars().count());
        f.message = f.message.replace(&key, &shown);
        f.help = f.help.replace(&key, &shown);
    }
}

/// Masks what is under one TA104 or TL004 finding's place in `tree`.
fn mask_unknown_attribute(
    report: &mut Report,
    tree: &Node,
    entries: &std::collections::HashMap<Span, &tree::Entry>,
    file: usize,
    i: usize,
    span: Span,
    secret_keys: &mut Vec<(usize, String)>,
) {
    if let Some(entry) = entries.get(&span) {
        collect_possible_secrets(&entry.value, file, &mut report.redactions);
        // A key that could itself be a secret (a value pasted where a key goes).
        if redact::could_be_secret(&entry.key) {
            report.redactions.push((file, entry.key_span));
            secret_keys.push((i, entry.key.clone()));
        }
    } else if let Some(node) = find_node(tree, span) {
        // A whole entry (a bad `[[ignore]]` table) is the finding's place.
        collect_possible_secrets(node, file, &mut report.redactions);
    }
}

/// A file that did not parse has no values to judge by their keys, and its parse error is
/// shown with the lines around it: every word there that could be a secret is masked (a
/// misspelled `ClientScret: ...` as much as a secret under a key trustlint knows).
fn redact_around_parse_errors(report: &mut Report) {
    const AROUND: usize = 3;
    let mut added = Vec::new();
    for f in report.findings.iter().filter(|f| f.rule == Rule::TA001) {
        if report.parsed[f.file] || f.span == Span::default() {
            continue;
        }
        let source = &report.sources[f.file];
        let text = source.text.as_str();
        let line = source.line_col(f.span.start).line;
        let mut at = 0;
        for (n, l) in text.split_inclusive('\n').enumerate() {
            let n = n + 1;
            if n + AROUND >= line && n <= line + AROUND {
                let separator = |c: char| c.is_whitespace() || "\"'`,:=;[]{}()<>".contains(c);
                let mut begin = None;
                for (i, c) in l.char_indices().chain(std::iter::once((l.len(), ' '))) {
                    match (begin, separator(c)) {
                        (None, false) => begin = Some(i),
                        (Some(b), true) => {
                            if redact::could_be_secret(&l[b..i]) {
                                added.push((f.file, Span::new(at + b, at + i)));
                            }
                            begin = None;
                        }
                        _ => {}
                    }
                }
            }
            at += l.len();
        }
    }
    report.redactions.extend(added);
}

/// Under a key trustlint does not know, the values that could be a secret (a misspelled
/// `ApplicationSecretHsh`); `clientType: Public` and `Scopes: read` stay readable.
fn collect_possible_secrets(node: &Node, file: usize, out: &mut Vec<(usize, Span)>) {
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                collect_possible_secrets(&e.value, file, out);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                collect_possible_secrets(item, file, out);
            }
        }
        Kind::Str(s) if redact::could_be_secret(s) => out.push((file, node.span)),
        Kind::Int(n) if n.unsigned_abs() >= 10_000_000 => out.push((file, node.span)),
        _ => {}
    }
}

/// The node with exactly this span.
fn find_node(node: &Node, span: Span) -> Option<&Node> {
    if node.span == span {
        return Some(node);
    }
    match &node.kind {
        Kind::Map(entries) => entries.iter().find_map(|e| find_node(&e.value, span)),
        Kind::Seq(items) => items.iter().find_map(|i| find_node(i, span)),
        _ => None,
    }
}

/// Every mapping entry of a tree by the span of its key; where two keys share a span (an
/// alias expanded twice), the first in document order.
fn index_entries<'a>(
    node: &'a Node,
    entries: &mut std::collections::HashMap<Span, &'a tree::Entry>,
) {
    match &node.kind {
        Kind::Map(map) => {
            for e in map {
                entries.entry(e.key_span).or_insert(e);
                index_entries(&e.value, entries);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                index_entries(item, entries);
            }
        }
        _ => {}
    }
}
