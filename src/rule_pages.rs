//! What a rule page, `rules/<CODE>.toml`, must be for the build to accept it: the families,
//! code prefixes and severities there are, and the checks on codes, names and the set of
//! pages. The build script generates the rules from the pages with these (it includes this
//! file by its path), and the scaffolder (`examples/new-rule.rs`) refuses what the build
//! would refuse with the same checks. So this module uses nothing but `std`, `serde` and
//! `toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// What one call of a checked family's rule function looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// A Trusted Application: `fn(cx: &mut Checker<'_>, app: &TrustedApp)`.
    App,
    /// An app config: `fn(cx: &mut Checker<'_>, config: &AppConfig)`.
    Config,
}

impl Subject {
    /// The variant of `rules::Check` that calls such a function.
    pub const fn check_variant(self) -> &'static str {
        match self {
            Subject::App => "App",
            Subject::Config => "Config",
        }
    }

    /// The code prefix of the rules about this subject.
    pub const fn prefix(self) -> &'static str {
        match self {
            Subject::App => "TA",
            Subject::Config => "CF",
        }
    }

    /// What the rules about this subject check, in words.
    pub const fn what(self) -> &'static str {
        match self {
            Subject::App => "Trusted Application definitions",
            Subject::Config => "app configs",
        }
    }
}

/// Where a family's rules are raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Raised {
    /// By a function per rule in `src/rules/<module>.rs`, named after the rule
    /// (`redirect-uri-not-https` is `redirect_uri_not_https`), which the rule runner calls
    /// once per subject.
    Checked(&'static str, Subject),
    /// While the run is loaded or its suppressions applied, by the engine itself.
    Engine,
}

/// A family a page may name: its name on the page, its `Family` variant, and where its
/// rules are raised.
pub struct FamilySpec {
    pub name: &'static str,
    pub variant: &'static str,
    pub raised: Raised,
}

const fn family(name: &'static str, variant: &'static str, raised: Raised) -> FamilySpec {
    FamilySpec {
        name,
        variant,
        raised,
    }
}

/// Every family. A new family is one line here (and, when checked, one module).
pub const FAMILIES: &[FamilySpec] = &[
    family("file", "File", Raised::Engine),
    family(
        "identity",
        "Identity",
        Raised::Checked("identity", Subject::App),
    ),
    family(
        "redirect-uri",
        "RedirectUri",
        Raised::Checked("redirect_uri", Subject::App),
    ),
    family("client", "Client", Raised::Checked("client", Subject::App)),
    family(
        "app-type",
        "AppType",
        Raised::Checked("app_type", Subject::App),
    ),
    family(
        "service",
        "Service",
        Raised::Checked("service", Subject::App),
    ),
    family("scope", "Scope", Raised::Checked("scope", Subject::App)),
    family("tokens", "Tokens", Raised::Checked("tokens", Subject::App)),
    family(
        "config-secrets",
        "ConfigSecrets",
        Raised::Checked("config_secrets", Subject::Config),
    ),
    family(
        "config-registration",
        "ConfigRegistration",
        Raised::Checked("config_registration", Subject::Config),
    ),
    family("suppressions", "Suppressions", Raised::Engine),
    family("policy", "Policy", Raised::Checked("policy", Subject::App)),
    family(
        "policy-config",
        "PolicyConfig",
        Raised::Checked("policy_config", Subject::Config),
    ),
];

/// Rules of a checked family that are raised while a definition is loaded, because only the
/// loader sees the attribute it could not place or the value it could not read. They have
/// no function in `src/rules/`.
pub const RAISED_WHILE_LOADING: &[&str] = &["TA104", "TA105"];

/// The code prefixes in the order rules are listed (definitions, then configs, then
/// trustlint's own files, then organisation policies), which is also the order of SARIF's
/// rule index. `PL` came last so that the index of every earlier rule stayed the same.
pub const PREFIXES: &[&str] = &["TA", "CF", "TL", "PL"];

/// The severities a page may give, with their `Severity` variants.
pub const SEVERITIES: &[(&str, &str)] =
    &[("error", "Error"), ("warning", "Warning"), ("info", "Info")];

/// Words no function can be named (Rust 2024's keywords, reserved ones included), so no
/// one-word rule either.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The part of a page the build needs. The catalog reads the whole page at run time.
#[derive(Debug, Deserialize)]
pub struct PageHead {
    pub id: String,
    pub name: String,
    pub severity: String,
    pub family: String,
    pub summary: String,
}

/// The family a page names, if there is one by that name.
pub fn family_named(name: &str) -> Option<&'static FamilySpec> {
    FAMILIES.iter().find(|f| f.name == name)
}

/// The data files that live beside the rule pages in `rules/` and are not pages.
pub const DATA_FILES: &[&str] = &["secrets.toml", "vocabulary.toml"];

/// The rule pages in a `rules/` folder, sorted: every `.toml` file but the data files
/// ([`DATA_FILES`]) beside them.
pub fn page_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !DATA_FILES.contains(&n))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// What is wrong with a code, if anything: it is a known prefix and three digits.
pub fn code_problem(code: &str) -> Option<String> {
    let prefix = code.get(..2).unwrap_or("");
    let digits = code.get(2..).unwrap_or("");
    let fine = PREFIXES.contains(&prefix)
        && digits.len() == 3
        && digits.bytes().all(|b| b.is_ascii_digit());
    (!fine).then(|| {
        format!(
            "code `{code}` is not one of {} followed by three digits",
            PREFIXES.join(", ")
        )
    })
}

/// What is wrong with a name, if anything: lower-case words of letters and digits joined
/// by single hyphens, starting with a letter and not a Rust keyword, so that the function
/// named after it is an identifier.
pub fn name_problem(name: &str) -> Option<String> {
    let kebab = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !kebab {
        return Some(format!(
            "name `{name}` is not kebab-case: lower-case words of letters and digits joined by \
             single hyphens, starting with a letter (such as redirect-uri-with-fragment)"
        ));
    }
    KEYWORDS
        .contains(&name)
        .then(|| format!("name `{name}` is a Rust keyword, so no function can be named after it"))
}

/// Everything wrong with a set of pages, as (file name, page): each page's file is named
/// after its code, its code, name, severity and family are valid, and no two pages share a
/// code or a name.
pub fn page_problems(pages: &[(String, PageHead)]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut codes = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (file, page) in pages {
        let at = format!("rules/{file}");
        if *file != format!("{}.toml", page.id) {
            problems.push(format!(
                "{at}: the file must be named after its code, {}.toml",
                page.id
            ));
        }
        problems.extend(code_problem(&page.id).map(|p| format!("{at}: {p}")));
        problems.extend(name_problem(&page.name).map(|p| format!("{at}: {p}")));
        if !SEVERITIES.iter().any(|(s, _)| *s == page.severity) {
            problems.push(format!("{at}: unknown severity `{}`", page.severity));
        }
        if family_named(&page.family).is_none() {
            problems.push(format!("{at}: unknown family `{}`", page.family));
        }
        if let Some(other) = codes.insert(page.id.as_str(), file) {
            problems.push(format!(
                "{at}: code {} is also used by rules/{other}",
                page.id
            ));
        }
        if let Some(other) = names.insert(page.name.as_str(), file) {
            problems.push(format!(
                "{at}: name {} is also used by rules/{other}",
                page.name
            ));
        }
    }
    for code in RAISED_WHILE_LOADING {
        if !codes.contains_key(code) {
            problems.push(format!(
                "RAISED_WHILE_LOADING names {code}, which has no page"
            ));
        }
    }
    problems
}
