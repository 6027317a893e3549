//! Scaffolds a new rule: writes its page, `rules/<CODE>.toml`, and appends the stub of its
//! check to `src/rules/<module>.rs`, both marked TODO wherever the rule's author has work
//! left.
//!
//! ```sh
//! cargo run --example new-rule -- TA211 redirect-uri-with-fragment --family redirect-uri --severity error
//! ```
//!
//! The code must be free and fit the family: `TA` and three digits for a family that checks
//! Trusted Application definitions, `CF` for one that checks app configs (the `TL` rules,
//! like the `file` and `suppressions` families, are raised by the engine, so no function of
//! theirs can be scaffolded). The name must be kebab-case and free; it names the function.
//! The families and their modules come from the generated [`Family`], so they are the ones
//! `build.rs` knows. Nothing is written until every argument has been checked, and no file
//! is ever overwritten: the page is created only if it does not exist, and the module only
//! gains the stub.
//!
//! What is written compiles and passes clippy, but is not finished on purpose: the page's
//! bad example is a clean registration that does not raise the rule, and the check reports
//! nothing, so `cargo test --test rule_examples` fails until both are real.
//!
//! `--root` points it at another copy of the crate (a test's scratch folder); by default it
//! writes into this crate.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use trustlint::catalog::RuleDoc;
use trustlint::rule_pages::{self, FAMILIES, PageHead, Raised, Subject};

/// Scaffold a new trustlint rule: its page in rules/ and the stub of its check.
#[derive(Debug, Parser)]
#[command(name = "new-rule")]
pub struct Args {
    /// The rule's code: TA and three digits for a definition family, CF for a config family.
    pub code: String,
    /// The rule's name, in kebab-case (`redirect-uri-with-fragment`); its function is named
    /// after it (`redirect_uri_with_fragment`).
    pub name: String,
    /// The family the rule belongs to, as on the rule pages (`scope`, `config-secrets`, ...).
    #[arg(long)]
    pub family: String,
    /// The rule's default severity.
    #[arg(long, default_value = "warning", value_parser = ["error", "warning", "info"])]
    pub severity: String,
    /// The crate to write into: the folder that holds `rules/` and `src/rules/`.
    #[arg(long, default_value = env!("CARGO_MANIFEST_DIR"))]
    pub root: PathBuf,
}

/// What a run wrote, relative to the root.
#[derive(Debug)]
pub struct Scaffolded {
    pub page: PathBuf,
    pub module: PathBuf,
    pub function: String,
    /// Items the module does not import, which the stub therefore names by their paths.
    pub qualified: Vec<&'static str>,
}

/// rustfmt's line width, which the stub keeps to so that `cargo fmt --check` passes.
const MAX_WIDTH: usize = 100;

fn main() -> ExitCode {
    let args = Args::parse();
    match scaffold(&args) {
        Ok(done) => {
            print!("{}", summary(&args, &done));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}\nnothing was written");
            ExitCode::FAILURE
        }
    }
}

/// Checks the arguments against the crate at `args.root`, then writes the page and the
/// stub. On an error nothing has been written.
pub fn scaffold(args: &Args) -> Result<Scaffolded, String> {
    let (module, subject) = checked_family(&args.family)?;
    check_code(&args.code, &args.family, subject)?;
    check_name(&args.name)?;
    check_free(&args.root, &args.code, &args.name)?;

    let function = args.name.replace('-', "_");
    let module_path = Path::new("src/rules").join(format!("{module}.rs"));
    let module_file = args.root.join(&module_path);
    let source = fs::read_to_string(&module_file)
        .map_err(|e| format!("cannot read {}: {e}", module_file.display()))?;
    if defines_function(&source, &function) {
        return Err(format!(
            "{} already has a function `{function}`; pick another name",
            module_path.display()
        ));
    }
    let imported = imported_names(&source);
    if imported.contains(&function) {
        return Err(format!(
            "{} already imports a `{function}`, which a function of that name would clash \
             with; pick another name",
            module_path.display()
        ));
    }

    let page = page(args, subject);
    // The page is the rule's declaration: make sure the catalog will read it.
    toml::from_str::<RuleDoc>(&page)
        .map_err(|e| format!("the scaffolded page does not parse, which is a bug here: {e}"))?;

    let (stub, qualified) = stub(&args.code, &function, subject, &imported);
    let updated = insert_stub(&source, &stub);

    let page_path = Path::new("rules").join(format!("{}.toml", args.code));
    let page_file = args.root.join(&page_path);
    // `create_new` refuses a page that appeared since the check above.
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&page_file)
        .map_err(|e| format!("cannot create {}: {e}", page_file.display()))?;
    if let Err(e) = out
        .write_all(page.as_bytes())
        .and_then(|()| fs::write(&module_file, updated))
    {
        // A page without its function would not build: take the page back.
        let _ = fs::remove_file(&page_file);
        return Err(format!("cannot write the rule: {e}"));
    }
    Ok(Scaffolded {
        page: page_path,
        module: module_path,
        function,
        qualified,
    })
}

/// The module and subject of a family whose rules are checked by a function each.
fn checked_family(name: &str) -> Result<(&'static str, Subject), String> {
    let checked: Vec<&str> = FAMILIES
        .iter()
        .filter(|f| matches!(f.raised, Raised::Checked(..)))
        .map(|f| f.name)
        .collect();
    match rule_pages::family_named(name).map(|f| f.raised) {
        Some(Raised::Checked(module, subject)) => Ok((module, subject)),
        Some(Raised::Engine) => Err(format!(
            "the engine raises the rules of the `{name}` family itself, with no function per \
             rule to scaffold; the families with checks are: {}",
            checked.join(", ")
        )),
        None => Err(format!(
            "unknown family `{name}`; the families with checks are: {}",
            checked.join(", ")
        )),
    }
}

fn check_code(code: &str, family: &str, subject: Subject) -> Result<(), String> {
    if let Some(problem) = rule_pages::code_problem(code) {
        return Err(format!("{problem} (such as {}211)", subject.prefix()));
    }
    if !code.starts_with(subject.prefix()) {
        return Err(format!(
            "code `{code}` does not fit the `{family}` family, which checks {}: its codes start \
             with {} ({} for definitions, {} for configs, TL for trustlint's own files)",
            subject.what(),
            subject.prefix(),
            Subject::App.prefix(),
            Subject::Config.prefix(),
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), String> {
    rule_pages::name_problem(name).map_or(Ok(()), Err)
}

/// Refuses a code or name that a page in `root/rules/` already has. Every page is read: a
/// page that does not parse may hold either, so it stops the run too.
fn check_free(root: &Path, code: &str, name: &str) -> Result<(), String> {
    let dir = root.join("rules");
    let files =
        rule_pages::page_files(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for path in files {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let text =
            fs::read_to_string(&path).map_err(|e| format!("cannot read rules/{file}: {e}"))?;
        let head: PageHead = toml::from_str(&text).map_err(|e| {
            format!("rules/{file} does not parse, so the code and name cannot be checked: {e}")
        })?;
        if head.id == code || file == format!("{code}.toml") {
            return Err(format!(
                "code {code} is taken by rules/{file} (`{}`)",
                head.name
            ));
        }
        if head.name == name {
            return Err(format!(
                "name `{name}` is taken by {} (rules/{file})",
                head.id
            ));
        }
    }
    Ok(())
}

/// Whether `source` already defines a function called `function`, at any level.
fn defines_function(source: &str, function: &str) -> bool {
    let open = format!("fn {function}(");
    let generic = format!("fn {function}<");
    source.lines().any(|line| {
        let line = line.trim_start();
        !line.starts_with("//") && (line.contains(&open) || line.contains(&generic))
    })
}

/// The names the module's top-level `use` declarations bring in: in `use a::{b, c::D};`,
/// `b` and `D`, the last word of each path (or its `as` alias).
fn imported_names(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut decl = String::new();
    for line in source.lines() {
        if decl.is_empty() && !(line.starts_with("use ") || line.starts_with("pub use ")) {
            continue;
        }
        decl.push_str(line);
        decl.push(' ');
        if !line.trim_end().ends_with(';') {
            continue;
        }
        // A word is imported when it ends a path: what follows it is `,`, `}` or `;`.
        let mut word = String::new();
        for c in decl.chars() {
            if c.is_alphanumeric() || c == '_' {
                word.push(c);
                continue;
            }
            if c == ' ' {
                continue;
            }
            if matches!(c, ',' | '}' | ';') && !word.is_empty() {
                names.push(word.clone());
            }
            word.clear();
        }
        decl.clear();
    }
    names
}

/// The rule's page: every field the catalog needs, each text a TODO, and a bad and a good
/// example that are the same clean registration, so neither raises the rule yet.
fn page(args: &Args, subject: Subject) -> String {
    let Args {
        code,
        name,
        family,
        severity,
        ..
    } = args;
    let mut page = format!(
        r#"id = "{code}"
name = "{name}"
severity = "{severity}"
family = "{family}"
summary = "TODO: one sentence on what {code} finds. It is the rule's line in `trustlint rules` and the README."
why = """
TODO: why it matters: what goes wrong at run time, or what an attacker gains, and what the
ERP.net documentation or the standard behind it says.
"""
fix = "TODO: one sentence on how to fix it."

[[references]]
title = "TODO: the ERP.net page or the standard the rule rests on (the first reference is the rule's help link in SARIF)"
url = "https://docs.erp.net/TODO"
"#
    );
    let bad = format!(
        "TODO: what breaks the rule here. This stub does not: it is the same clean \
         registration as the good example, so `cargo test --test rule_examples` fails until \
         it raises {code}."
    );
    let good = "TODO: what keeps to the rule here.";
    for (kind, description) in [("bad", bad.as_str()), ("good", good)] {
        let _ = write!(
            page,
            "\n[[examples]]\nkind = \"{kind}\"\ndescription = \"{description}\"\n"
        );
        match subject {
            Subject::App => {
                let _ = write!(page, "code = \"\"\"\n{DEFINITION}\"\"\"\n");
            }
            Subject::Config => {
                let _ = write!(
                    page,
                    "files = [\n  {{ path = \"dashboard.trusted-app.yaml\", code = \"\"\"\n\
                     {DEFINITION}\"\"\" }},\n  {{ path = \"web/src/oidc.ts\", code = \"\"\"\n\
                     {CONFIG}\"\"\" }},\n]\n"
                );
            }
        }
    }
    page
}

/// A registration that raises no rule: a public SPA that signs users in and reads.
const DEFINITION: &str = "\
ApplicationUri: com.example/spa
Name: Sales dashboard
ClientType: Public
AppType: Spa
ImpersonateAsInternalUserAllowed: true
ImpersonateLoginUrl: https://spa.example.com/callback
ImpersonateLogoutUrl: https://spa.example.com/
Scope: read
";

/// The SPA's sign-in settings, which agree with its registration and raise no rule.
const CONFIG: &str = r#"import { UserManager } from "oidc-client-ts";

export const userManager = new UserManager({
  authority: "https://acme.my.erp.net/id",
  client_id: "com.example/spa",
  redirect_uri: "https://spa.example.com/callback",
  response_type: "code",
  scope: "openid profile read",
});
"#;

/// The stub of the rule's function, as rustfmt would lay it out, and the items it names by
/// their paths because the module does not import them.
fn stub(
    code: &str,
    function: &str,
    subject: Subject,
    imported: &[String],
) -> (String, Vec<&'static str>) {
    let mut qualified = Vec::new();
    let mut name = |short: &'static str, path: &'static str| -> &'static str {
        if imported.iter().any(|n| n == short) {
            short
        } else {
            qualified.push(path);
            path
        }
    };
    let checker = name("Checker", "super::Checker");
    let rule = name("Rule", "crate::finding::Rule");
    let (param, body) = match subject {
        Subject::App => {
            let app = name("TrustedApp", "crate::model::TrustedApp");
            let finding = name("finding", "super::finding");
            let body = format!(
                "    // TODO({code}): set `breaks_the_rule` from what the app declares, and point the
    // finding at the value that breaks the rule (`span_or_anchor` finds a flag's value)
    // rather than at the whole app. Until then the rule reports nothing, and the page's bad
    // example fails `cargo test --test rule_examples`.
    let breaks_the_rule = false;
    if breaks_the_rule {{
        cx.report(
            {finding}(
                {rule}::{code},
                app,
                app.anchor(),
                \"TODO: what is wrong, in one sentence\",
            )
            .label(\"TODO: a few words under the value\")
            .help(\"TODO: how to fix it, in one line\"),
        );
    }}
"
            );
            (format!("app: &{app}"), body)
        }
        Subject::Config => {
            let config = name("AppConfig", "crate::configs::AppConfig");
            let new = if imported.iter().any(|n| n == "Finding") {
                "Finding::new"
            } else {
                qualified.push("crate::finding::Finding");
                "crate::finding::Finding::new"
            };
            let body = format!(
                "    for setting in &config.settings {{
        // TODO({code}): set `breaks_the_rule` from the setting (or look at the config as a
        // whole, and at its app through `cx.app_of(config)`). Until then the rule reports
        // nothing, and the page's bad example fails `cargo test --test rule_examples`.
        let breaks_the_rule = false;
        if breaks_the_rule {{
            cx.report(
                {new}(
                    {rule}::{code},
                    config.file,
                    setting.span,
                    \"TODO: what is wrong, in one sentence\",
                )
                .label(\"TODO: a few words under the value\")
                .help(\"TODO: how to fix it, in one line\"),
            );
        }}
    }}
"
            );
            (format!("config: &{config}"), body)
        }
    };
    let one_line = format!("pub(crate) fn {function}(cx: &mut {checker}<'_>, {param}) {{");
    let signature = if one_line.len() <= MAX_WIDTH {
        one_line
    } else {
        format!("pub(crate) fn {function}(\n    cx: &mut {checker}<'_>,\n    {param},\n) {{")
    };
    let stub = format!(
        "/// {code}: TODO: what the check looks at and when it reports. The rule's page,
/// `rules/{code}.toml`, says what the rule finds and why.
{signature}
{body}}}
"
    );
    (stub, qualified)
}

/// The module with the stub after its last function: before its test module, which clippy
/// wants last, or else at its end.
fn insert_stub(source: &str, stub: &str) -> String {
    let mut at = source.len();
    let mut offset = 0;
    let mut lines = source.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.trim_end() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.starts_with("mod ") || next.starts_with("pub mod "))
        {
            at = offset;
            break;
        }
        offset += line.len();
    }
    let (before, after) = source.split_at(at);
    let mut out = String::with_capacity(source.len() + stub.len() + 2);
    out.push_str(before);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    out.push_str(stub);
    if !after.is_empty() {
        out.push('\n');
        out.push_str(after);
    }
    out
}

/// What was written and what the rule's author does next.
fn summary(args: &Args, done: &Scaffolded) -> String {
    let code = &args.code;
    let family = &args.family;
    let mut out = format!(
        "Scaffolded {code} `{}` ({family}, {}) in {}:\n  \
         wrote     {}  the rule's page: every text a TODO, and a bad and a good example that \
         are the same clean registration\n  \
         appended  {}  fn {}, a check that reports nothing yet\n",
        args.name,
        args.severity,
        args.root.display(),
        done.page.display(),
        done.module.display(),
        done.function,
    );
    if !done.qualified.is_empty() {
        let _ = writeln!(
            out,
            "  (the module does not import {}, so the stub names them by their paths)",
            done.qualified.join(", ")
        );
    }
    let _ = write!(
        out,
        "\nNext:\n  \
         1. Fill in {page}: replace every TODO, make the bad example break the rule and the \
         good one keep to it.\n  \
         2. Write the check: `{function}` in {module}, where its TODO says.\n  \
         3. Run `cargo test --test rule_examples`. It fails until the bad example raises \
         {code} and the good one raises nothing; then review the rule's new snapshot, \
         tests/snapshots/rule_examples__{code}.snap (`cargo insta review`, or \
         INSTA_UPDATE=always and read the file).\n  \
         4. Document it for users: the README's rule table is the output of \
         `cargo run -- rules --format markdown` (tests/readme.rs says when it is out of date), \
         and CHANGELOG.md records the new rule, which can turn a user's CI red.\n",
        page = done.page.display(),
        function = done.function,
        module = done.module.display(),
    );
    out
}
