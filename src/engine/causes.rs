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

/// A misspelled attribute: where its key is and the attribute it was meant to be.
struct Misspelling {
    file: usize,
    app: Option<String>,
    span: crate::source::Span,
    key: String,
    meant: &'static str,
}

/// Ties each consequence to its cause: a sentence in its message, a label at the
/// misspelled key, and the key's position to be sorted after.
pub(super) fn link_misspellings(report: &mut Report) {
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
            Some(Misspelling {
                file: f.file,
                app: f.app.clone(),
                span: f.span,
                key,
                meant,
            })
        })
        .collect();
    if misspellings.is_empty() {
        return;
    }
    for f in &mut report.findings {
        let Some(attributes) = MISSING
            .iter()
            .find(|(rule, _)| *rule == f.rule)
            .map(|(_, a)| *a)
        else {
            continue;
        };
        let cause = misspellings
            .iter()
            .find(|m| m.file == f.file && m.app == f.app && attributes.contains(&m.meant));
        if let Some(m) = cause {
            explain(f, m, report.sources[m.file].line_col(m.span.start).line);
        }
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
