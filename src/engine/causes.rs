//! Findings that follow from another: a misspelled attribute (TA104, `Scopes`) leaves the
//! real one unset, and a rule then reports it missing (TA606 "Scope is not set"). The
//! consequence says what caused it, points at the misspelled key and is listed right after
//! its cause, so that a reader fixes the spelling rather than adding a second `Scope`.

use crate::finding::{Finding, Label, Rule};
use crate::model::Attribute;
use crate::report::Report;

/// The rules that report an attribute as missing, with the attributes whose absence they
/// report.
const MISSING: &[(Rule, &[&str])] = &[
    (Rule::TA101, &["ApplicationUri"]),
    (Rule::TA204, &["ImpersonateLoginUrl"]),
    (Rule::TA302, &["ApplicationSecretHash", "ClientType"]),
    (
        Rule::TA106,
        &[
            "ImpersonateAsInternalUserAllowed",
            "SystemUserAllowed",
            "ReferenceTokens",
            "BasicAuthenticationAllowed",
        ],
    ),
    (Rule::TA402, &["ImpersonateAsInternalUserAllowed"]),
    (Rule::TA501, &["SystemUser"]),
    (Rule::TA606, &["Scope"]),
];

/// A misspelled attribute: where its key is, the app it is in and the attribute it was
/// meant to be.
struct Misspelling {
    file: usize,
    app: usize,
    span: crate::source::Span,
    key: String,
    meant: &'static str,
}

/// Ties each consequence to its cause: a sentence in its message, a label at the
/// misspelled key, and the key's position to be sorted after.
pub(super) fn link_misspellings(report: &mut Report) {
    // The app a position is in: the last one of that file that starts before it (an app's
    // origin is its first key, and apps follow one another in their file).
    let app_at = |file: usize, at: usize| -> Option<usize> {
        report
            .apps
            .iter()
            .enumerate()
            .filter(|(_, a)| a.origin.file == file && a.origin.span.start <= at)
            .max_by_key(|(_, a)| a.origin.span.start)
            .map(|(i, _)| i)
    };
    let misspellings: Vec<Misspelling> = report
        .findings
        .iter()
        .filter(|f| f.rule == Rule::TA104)
        .filter_map(|f| {
            let key = report.sources[f.file]
                .slice(f.span)
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            let meant = crate::suggest::did_you_mean(&key, Attribute::names())?;
            let app = app_at(f.file, f.span.start)?;
            // The finding names its app: a key under `Users:` after the last app is not one.
            if f.app.as_deref() != report.apps[app].uri() {
                return None;
            }
            // Only an attribute the app leaves unset can be missing because of the typo.
            if set_in(report, app, meant) {
                return None;
            }
            Some(Misspelling {
                file: f.file,
                app,
                span: f.span,
                key,
                meant,
            })
        })
        .collect();
    if misspellings.is_empty() {
        return;
    }
    let mut links = Vec::new();
    for (i, f) in report.findings.iter().enumerate() {
        let Some(attributes) = MISSING
            .iter()
            .find(|(rule, _)| *rule == f.rule)
            .map(|(_, a)| *a)
        else {
            continue;
        };
        let Some(app) = app_at(f.file, f.span.start) else {
            continue;
        };
        let cause = misspellings
            .iter()
            .position(|m| m.file == f.file && m.app == app && attributes.contains(&m.meant));
        if let Some(m) = cause {
            links.push((i, m));
        }
    }
    for (i, m) in links {
        let m = &misspellings[m];
        let line = report.sources[m.file].line_col(m.span.start).line;
        explain(&mut report.findings[i], m, line);
    }
}

/// Whether the app's own mapping holds `attribute` (under its name or an alias).
fn set_in(report: &Report, app: usize, attribute: &str) -> bool {
    let origin = report.apps[app].origin;
    let Some(tree) = report.tree(origin.file) else {
        return false;
    };
    let names: Vec<&str> = Attribute::named(attribute)
        .map(|a| {
            std::iter::once(a.name())
                .chain(a.aliases().iter().copied())
                .collect()
        })
        .unwrap_or_else(|| vec![attribute]);
    mapping_at(&tree, origin.span).is_some_and(|m| names.iter().any(|n| m.get(n).is_some()))
}

/// The mapping whose first key has this span: an app's own mapping.
fn mapping_at(
    node: &crate::tree::Node,
    first_key: crate::source::Span,
) -> Option<&crate::tree::Node> {
    use crate::tree::Kind;
    match &node.kind {
        Kind::Map(entries) if entries.first().is_some_and(|e| e.key_span == first_key) => {
            Some(node)
        }
        Kind::Map(entries) => entries.iter().find_map(|e| mapping_at(&e.value, first_key)),
        Kind::Seq(items) => items.iter().find_map(|i| mapping_at(i, first_key)),
        _ => None,
    }
}

fn explain(f: &mut Finding, m: &Misspelling, line: usize) {
    f.message.push_str(&format!(
        " (because `{}` on line {line} is not read as `{}`: see TA104)",
        m.key, m.meant
    ));
    f.related.push(Label {
        file: m.file,
        span: m.span,
        text: format!("misspelled `{}`", m.meant),
    });
    f.help = format!(
        "rename `{}` to `{}`; attribute names are case-sensitive",
        m.key, m.meant
    );
    f.after = Some(m.span);
}
