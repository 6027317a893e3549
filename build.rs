//! Reads every rule page, `rules/<ID>.toml`, and generates from them:
//!
//! - `rule_files.rs`: the pages themselves, embedded so an installed trustlint needs no
//!   files beside it;
//! - `rules.rs`: the `Rule` enum (one variant per page, named by its code), its typed
//!   default severity, family and summary, and the `Family` enum with the module and
//!   subject of each checked family (which the `new-rule` example reads);
//! - `checks.rs`: the table that maps each checked rule to the function in
//!   `src/rules/<family>.rs` that runs it.
//!
//! A page is the one place a rule is declared. The build fails on a page whose severity or
//! family is unknown, whose code or name is taken, or whose file name is not its code; the
//! compiler fails it when a checked rule has no function.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

/// Where a family's rules are raised.
#[derive(Clone, Copy, PartialEq)]
enum Raised {
    /// By a function per rule in `src/rules/<module>.rs`, named after the rule
    /// (`redirect-uri-not-https` is `redirect_uri_not_https`), which the rule runner calls
    /// once per subject: `App` for each Trusted Application, `Config` for each app config.
    Checked(&'static str, &'static str),
    /// While the run is loaded or its suppressions applied, by the engine itself.
    Engine,
}

/// Every family a page may name: its name on the page, its `Family` variant, and where its
/// rules are raised. A new family is one line here (and, when checked, one module).
const FAMILIES: &[(&str, &str, Raised)] = &[
    ("file", "File", Raised::Engine),
    ("identity", "Identity", Raised::Checked("identity", "App")),
    (
        "redirect-uri",
        "RedirectUri",
        Raised::Checked("redirect_uri", "App"),
    ),
    ("client", "Client", Raised::Checked("client", "App")),
    ("app-type", "AppType", Raised::Checked("app_type", "App")),
    ("service", "Service", Raised::Checked("service", "App")),
    ("scope", "Scope", Raised::Checked("scope", "App")),
    ("tokens", "Tokens", Raised::Checked("tokens", "App")),
    (
        "config-secrets",
        "ConfigSecrets",
        Raised::Checked("config_secrets", "Config"),
    ),
    (
        "config-registration",
        "ConfigRegistration",
        Raised::Checked("config_registration", "Config"),
    ),
    ("suppressions", "Suppressions", Raised::Engine),
];

/// Rules of a checked family that the model builder raises while it reads a definition,
/// because only it sees the attribute it could not place or the value it could not read.
const RAISED_WHILE_LOADING: &[&str] = &["TA104", "TA105"];

/// The code prefixes in the order rules are listed (definitions, then configs, then
/// trustlint's own files), which is also the order of SARIF's rule index.
const PREFIXES: &[&str] = &["TA", "CF", "TL"];

const SEVERITIES: &[(&str, &str)] = &[("error", "Error"), ("warning", "Warning"), ("info", "Info")];

/// The part of a page the code needs. The catalog reads the whole page at run time.
#[derive(Deserialize)]
struct Page {
    id: String,
    name: String,
    severity: String,
    family: String,
    summary: String,
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the rules/ directory is part of the crate")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // The secret patterns are data of another shape; src/secrets embeds them itself.
        .filter(|p| p.file_name().is_some_and(|n| n != "secrets.toml"))
        .collect();
    files.sort();

    let mut embedded = String::from("pub static RULE_FILES: &[(&str, &str)] = &[\n");
    let mut errors = Vec::new();
    let mut pages = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        writeln!(
            embedded,
            "    ({file:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        match toml::from_str::<Page>(&text) {
            Ok(page) => pages.push((file, page)),
            Err(e) => errors.push(format!("rules/{file}: {e}")),
        }
    }
    embedded.push_str("];\n");

    let mut by_code = BTreeMap::new();
    let mut names = BTreeMap::new();
    for (file, page) in &pages {
        let at = format!("rules/{file}");
        if *file != format!("{}.toml", page.id) {
            errors.push(format!(
                "{at}: the file must be named after its code, {}.toml",
                page.id
            ));
        }
        let prefix = page.id.get(..2).unwrap_or("");
        let digits = page.id.get(2..).unwrap_or("");
        if !PREFIXES.contains(&prefix)
            || digits.len() != 3
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            errors.push(format!(
                "{at}: code `{}` is not one of {PREFIXES:?} followed by three digits",
                page.id
            ));
        }
        if !SEVERITIES.iter().any(|(s, _)| *s == page.severity) {
            errors.push(format!("{at}: unknown severity `{}`", page.severity));
        }
        if !FAMILIES.iter().any(|(f, _, _)| *f == page.family) {
            errors.push(format!("{at}: unknown family `{}`", page.family));
        }
        let kebab = page
            .name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !kebab || page.name.is_empty() {
            errors.push(format!("{at}: name `{}` is not kebab-case", page.name));
        }
        if let Some(other) = by_code.insert(page.id.clone(), file) {
            errors.push(format!(
                "{at}: code {} is also used by rules/{other}",
                page.id
            ));
        }
        if let Some(other) = names.insert(page.name.clone(), file) {
            errors.push(format!(
                "{at}: name {} is also used by rules/{other}",
                page.name
            ));
        }
    }
    for code in RAISED_WHILE_LOADING {
        if !by_code.contains_key(*code) {
            errors.push(format!(
                "build.rs: RAISED_WHILE_LOADING names {code}, which has no page"
            ));
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            println!("cargo:warning={e}");
        }
        panic!("the rule pages are inconsistent:\n{}", errors.join("\n"));
    }

    pages.sort_by_key(|(_, p)| {
        let prefix = PREFIXES.iter().position(|x| p.id.starts_with(x));
        (prefix, p.id.clone())
    });
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).to_path_buf();
    std::fs::write(out.join("rule_files.rs"), embedded).unwrap();
    let (rules, checks) = generate(&pages);
    std::fs::write(out.join("rules.rs"), rules).unwrap();
    std::fs::write(out.join("checks.rs"), checks).unwrap();
}

fn variant_of_family(family: &str) -> &'static str {
    FAMILIES.iter().find(|(f, _, _)| *f == family).unwrap().1
}

/// The rule enums, and the table of checks.
fn generate(pages: &[(String, Page)]) -> (String, String) {
    let mut g = String::new();
    g.push_str(
        "// Generated by build.rs from rules/*.toml. Edit the rule pages, not this file.\n\n",
    );

    g.push_str(
        "/// The family a rule belongs to: what part of a registration or config it checks.\n",
    );
    g.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum Family {\n",
    );
    for (_, variant, _) in FAMILIES {
        writeln!(g, "    {variant},").unwrap();
    }
    g.push_str("}\n\nimpl Family {\n    pub const ALL: &'static [Family] = &[");
    for (_, variant, _) in FAMILIES {
        write!(g, "Family::{variant}, ").unwrap();
    }
    g.push_str("];\n\n    /// The family's name on the rule pages and in SARIF tags.\n");
    g.push_str("    pub const fn name(self) -> &'static str {\n        match self {\n");
    for (name, variant, _) in FAMILIES {
        writeln!(g, "            Family::{variant} => {name:?},").unwrap();
    }
    g.push_str("        }\n    }\n\n");
    // Tools outside the crate (the `new-rule` example) need to know where a rule's function
    // goes; they read it from here rather than keep a copy of FAMILIES.
    g.push_str(
        "    /// Where the family's rules are checked: the module of `src/rules/` that has a\n",
    );
    g.push_str(
        "    /// function per rule, and what one call of it looks at (`\"App\"`, a Trusted\n",
    );
    g.push_str(
        "    /// Application, or `\"Config\"`, an app config). `None` for the families whose\n",
    );
    g.push_str("    /// rules the engine raises itself.\n");
    g.push_str(
        "    pub const fn checked_in(self) -> Option<(&'static str, &'static str)> {\n        match self {\n",
    );
    for (_, variant, raised) in FAMILIES {
        let value = match raised {
            Raised::Checked(module, subject) => format!("Some(({module:?}, {subject:?}))"),
            Raised::Engine => "None".to_string(),
        };
        writeln!(g, "            Family::{variant} => {value},").unwrap();
    }
    g.push_str("        }\n    }\n}\n\n");

    g.push_str("/// Every rule, named by its code. Declared by its page, `rules/<code>.toml`.\n");
    g.push_str(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\npub enum Rule {\n",
    );
    for (_, p) in pages {
        let summary = p.summary.replace('\n', " ");
        writeln!(g, "    /// `{}`: {}\n    {},", p.name, summary.trim(), p.id).unwrap();
    }
    g.push_str("}\n\nimpl Rule {\n");
    g.push_str(
        "    /// In listing order: definitions, then configs, then trustlint's own files.\n",
    );
    g.push_str("    pub const ALL: &'static [Rule] = &[\n");
    for (_, p) in pages {
        writeln!(g, "        Rule::{},", p.id).unwrap();
    }
    g.push_str("    ];\n\n");
    let table = |g: &mut String, doc: &str, sig: &str, value: &dyn Fn(&Page) -> String| {
        writeln!(
            g,
            "    /// {doc}\n    pub const fn {sig} {{\n        match self {{"
        )
        .unwrap();
        for (_, p) in pages {
            writeln!(g, "            Rule::{} => {},", p.id, value(p)).unwrap();
        }
        g.push_str("        }\n    }\n\n");
    };
    table(
        &mut g,
        "The stable public code, such as `TA201`.",
        "code(self) -> &'static str",
        &|p| format!("{:?}", p.id),
    );
    table(
        &mut g,
        "The kebab-case name, such as `redirect-uri-not-https`.",
        "name(self) -> &'static str",
        &|p| format!("{:?}", p.name),
    );
    table(
        &mut g,
        "The severity a finding has unless the configuration changes the rule's level.",
        "default_severity(self) -> Severity",
        &|p| {
            let v = SEVERITIES.iter().find(|(s, _)| *s == p.severity).unwrap().1;
            format!("Severity::{v}")
        },
    );
    table(
        &mut g,
        "The family the rule belongs to.",
        "family(self) -> Family",
        &|p| format!("Family::{}", variant_of_family(&p.family)),
    );
    table(
        &mut g,
        "One sentence: what the rule finds.",
        "summary(self) -> &'static str",
        &|p| format!("{:?}", p.summary),
    );
    g.push_str("}\n\n");

    (g, checks(pages))
}

fn checks(pages: &[(String, Page)]) -> String {
    let mut g = String::new();
    g.push_str(
        "// Generated by build.rs from rules/*.toml. Edit the rule pages, not this file.\n\n",
    );
    g.push_str(
        "/// Each checked rule and the function that runs it, in listing order. The rules of\n",
    );
    g.push_str(
        "/// the `file` and `suppressions` families, and those the model builder raises while\n",
    );
    g.push_str("/// loading, are raised by the engine and are not here.\n");
    g.push_str("pub(crate) const CHECKS: &[(Rule, Check)] = &[\n");
    for (_, p) in pages {
        let (_, _, raised) = FAMILIES.iter().find(|(f, _, _)| *f == p.family).unwrap();
        if let Raised::Checked(module, subject) = raised
            && !RAISED_WHILE_LOADING.contains(&p.id.as_str())
        {
            let function = p.name.replace('-', "_");
            writeln!(
                g,
                "    (Rule::{}, Check::{subject}({module}::{function})),",
                p.id
            )
            .unwrap();
        }
    }
    g.push_str("];\n");
    g
}
