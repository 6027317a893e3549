//! The rule scaffolder, `examples/new-rule.rs`, run on scratch copies of the crate's
//! `rules/` and `src/rules/` (all it reads and writes): the page and stub it writes, and the
//! arguments it refuses without writing anything.
//!
//! The example's code is compiled into this test as a module, so no cargo run is needed.
//! Whether the stub it appends compiles and passes clippy can only be seen by building the
//! crate it was written into; that was checked by hand when it was written (see the
//! example's docs), and the stub's text is pinned here.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;
use trustlint::catalog::RuleDoc;
use trustlint::rule_pages::{FAMILIES, Raised};

mod support;
use support::Project;

// The example's `main` is not called from here.
#[allow(dead_code)]
#[path = "../examples/new-rule.rs"]
mod new_rule;

/// A scratch crate: copies of this crate's `rules/` and `src/rules/`.
fn scratch() -> Project {
    let project = Project::new();
    for dir in ["rules", "src/rules"] {
        copy_dir(&support::repo_root().join(dir), &project.path().join(dir));
    }
    project
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `root` and its bytes, to see that a refused run changed nothing.
fn files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// The scaffolder with these command-line arguments, on the crate at `root`.
fn scaffold(root: &Path, args: &[&str]) -> Result<new_rule::Scaffolded, String> {
    let mut argv: Vec<OsString> = vec!["new-rule".into()];
    argv.extend(args.iter().map(OsString::from));
    argv.extend(["--root".into(), root.as_os_str().to_owned()]);
    let args = new_rule::Args::try_parse_from(argv).map_err(|e| e.to_string())?;
    new_rule::scaffold(&args)
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap()
}

/// Asserts that a run is refused with a message holding every one of `words`, and that it
/// wrote nothing.
fn assert_refused(root: &Path, args: &[&str], words: &[&str]) {
    let before = files(root);
    let Err(error) = scaffold(root, args) else {
        panic!("{args:?} should be refused");
    };
    for word in words {
        assert!(
            error.contains(word),
            "{args:?}: the error should say `{word}`: {error}"
        );
    }
    assert!(files(root) == before, "{args:?} was refused but wrote");
}

/// The page's texts are all TODO, and its examples raise no rule: the bad one does not yet
/// raise its own, so tests/rule_examples.rs fails until it is written.
fn assert_unfinished(doc: &RuleDoc) {
    for (field, text) in [
        ("summary", &doc.summary),
        ("why", &doc.why),
        ("fix", &doc.fix),
    ] {
        assert!(text.trim_start().starts_with("TODO"), "{field}: {text}");
    }
    assert!(
        !doc.references.is_empty(),
        "rule_examples wants a reference"
    );
    assert!(doc.references.iter().all(|r| r.title.starts_with("TODO")));
    let kinds: Vec<&str> = doc.examples.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["bad", "good"]);
    for (i, example) in doc.examples.iter().enumerate() {
        assert!(example.description.starts_with("TODO"));
        let report = support::example_report(doc, i, example);
        let found = support::rule_codes(&report);
        assert!(
            found.is_empty(),
            "the {} example stub raises {found:?}",
            example.kind
        );
    }
}

#[test]
fn a_definition_rule_gets_its_page_and_a_stub_at_the_end_of_its_module() {
    let project = scratch();
    let root = project.path();
    let module_before = read(root, "src/rules/scope.rs");

    let done = scaffold(root, &["TA999", "some-name", "--family", "scope"]).unwrap();
    assert_eq!(done.page, Path::new("rules/TA999.toml"));
    assert_eq!(done.module, Path::new("src/rules/scope.rs"));
    assert_eq!(done.function, "some_name");
    assert!(
        done.qualified.is_empty(),
        "scope.rs imports what the stub uses"
    );

    let doc: RuleDoc = toml::from_str(&read(root, "rules/TA999.toml")).unwrap();
    assert_eq!(
        (&*doc.id, &*doc.name, &*doc.severity, &*doc.family),
        ("TA999", "some-name", "warning", "scope")
    );
    assert_unfinished(&doc);

    let module = read(root, "src/rules/scope.rs");
    let added = module
        .strip_prefix(&module_before)
        .expect("the module only gains the stub, at its end");
    assert!(added.starts_with("\n/// TA999: TODO"), "{added}");
    assert!(
        added.contains("\npub(crate) fn some_name(cx: &mut Checker<'_>, app: &TrustedApp) {\n"),
        "{added}"
    );
    assert!(added.contains("// TODO(TA999)"), "{added}");
    assert!(added.contains("let breaks_the_rule = false;"), "{added}");
    assert!(added.contains("cx.report(\n            finding(\n                Rule::TA999,"));
    assert!(added.ends_with("\n}\n"), "{added}");
}

#[test]
fn a_config_rule_gets_its_stub_before_the_module_tests() {
    let project = scratch();
    let root = project.path();
    let path = "src/rules/config_registration.rs";
    let module_before = read(root, path);
    let tests_at = module_before
        .find("\n#[cfg(test)]\nmod tests")
        .expect("config_registration.rs has a test module")
        + 1;

    let done = scaffold(
        root,
        &[
            "CF999",
            "some-config-check",
            "--family",
            "config-registration",
            "--severity",
            "error",
        ],
    )
    .unwrap();
    assert_eq!(done.module, Path::new(path));

    let doc: RuleDoc = toml::from_str(&read(root, "rules/CF999.toml")).unwrap();
    assert_eq!(
        (&*doc.id, &*doc.name, &*doc.severity, &*doc.family),
        ("CF999", "some-config-check", "error", "config-registration")
    );
    assert!(
        doc.examples.iter().all(|e| e.files.len() == 2),
        "a config rule's examples are a definition and a config"
    );
    assert_unfinished(&doc);

    // The stub goes between the last function and the tests, which clippy wants last.
    let module = read(root, path);
    let (head, tail) = module_before.split_at(tests_at);
    assert!(module.starts_with(head) && module.ends_with(tail));
    let added = &module[head.len()..module.len() - tail.len()];
    assert!(added.starts_with("/// CF999: TODO"), "{added}");
    assert!(
        added.contains(
            "\npub(crate) fn some_config_check(cx: &mut Checker<'_>, config: &AppConfig) {\n"
        ),
        "{added}"
    );
    assert!(added.contains("Finding::new(\n                    Rule::CF999,"));
    assert!(added.ends_with("}\n\n"), "{added}");
}

#[test]
fn a_second_run_with_the_same_code_or_name_is_refused_and_writes_nothing() {
    let project = scratch();
    let root = project.path();
    scaffold(root, &["TA999", "some-name", "--family", "scope"]).unwrap();

    assert_refused(
        root,
        &["TA999", "another-name", "--family", "scope"],
        &["TA999", "taken", "rules/TA999.toml"],
    );
    assert_refused(
        root,
        &["TA998", "some-name", "--family", "scope"],
        &["some-name", "taken", "TA999"],
    );
    // The rules that were there before are as much in the way.
    assert_refused(
        root,
        &["TA201", "another-name", "--family", "redirect-uri"],
        &["TA201", "taken"],
    );
    assert_refused(
        root,
        &[
            "TA299",
            "redirect-uri-not-https",
            "--family",
            "redirect-uri",
        ],
        &["redirect-uri-not-https", "taken", "TA201"],
    );
}

#[test]
fn an_unknown_family_or_one_the_engine_raises_is_refused_and_writes_nothing() {
    let project = scratch();
    let root = project.path();
    assert_refused(
        root,
        &["TA999", "some-name", "--family", "scopes"],
        &["unknown family `scopes`", "scope", "config-secrets"],
    );
    for engine in ["file", "suppressions"] {
        assert_refused(
            root,
            &["TA999", "some-name", "--family", engine],
            &[engine, "engine"],
        );
    }
    assert_refused(root, &["TA999", "some-name"], &["--family"]);
}

#[test]
fn malformed_codes_and_names_are_refused_and_write_nothing() {
    let project = scratch();
    let root = project.path();
    let code = |code: &str, words: &[&str]| {
        assert_refused(root, &[code, "some-name", "--family", "scope"], words);
    };
    for bad in ["TA99", "TA9999", "ta999", "XX999", "TA99x", "T"] {
        code(bad, &[bad, "three digits"]);
    }
    // A definition family takes TA codes, a config family CF codes.
    code("CF999", &["CF999", "`scope` family", "start with TA"]);
    code("TL999", &["TL999", "`scope` family", "start with TA"]);
    assert_refused(
        root,
        &["TA999", "some-name", "--family", "config-secrets"],
        &["`config-secrets` family", "start with CF"],
    );

    for bad in [
        "Some-Name",
        "some_name",
        "some-",
        "some--name",
        "9-lives",
        "",
    ] {
        assert_refused(root, &["TA999", bad, "--family", "scope"], &["kebab-case"]);
    }
    assert_refused(root, &["TA999", "type", "--family", "scope"], &["keyword"]);
    assert_refused(
        root,
        &[
            "TA999",
            "some-name",
            "--family",
            "scope",
            "--severity",
            "fatal",
        ],
        &["fatal"],
    );
}

#[test]
fn a_name_that_a_module_function_already_has_is_refused() {
    let project = scratch();
    let root = project.path();
    // `erp_related` is a helper of config_registration.rs, not a rule.
    assert_refused(
        root,
        &["CF999", "erp-related", "--family", "config-registration"],
        &["erp_related", "already has a function"],
    );
}

#[test]
fn a_name_that_the_module_imports_is_refused() {
    let project = scratch();
    let root = project.path();
    // redirect_uri.rs imports the `finding` helper; a rule function of that name would clash.
    assert_refused(
        root,
        &["TA981", "finding", "--family", "redirect-uri"],
        &["finding", "already imports"],
    );
}

#[test]
fn a_module_that_does_not_import_what_the_stub_uses_gets_paths() {
    let project = scratch();
    let root = project.path();
    fs::write(root.join("src/rules/tokens.rs"), "//! Nothing imported.\n").unwrap();
    let done = scaffold(root, &["TA999", "some-name", "--family", "tokens"]).unwrap();
    assert_eq!(
        done.qualified,
        [
            "super::Checker",
            "crate::finding::Rule",
            "crate::model::TrustedApp",
            "super::finding"
        ]
    );
    let module = read(root, "src/rules/tokens.rs");
    assert!(module.contains(
        "\npub(crate) fn some_name(cx: &mut super::Checker<'_>, app: &crate::model::TrustedApp) {\n"
    ));
    assert!(module.contains("super::finding(\n                crate::finding::Rule::TA999,"));
}

#[test]
fn every_checked_family_has_its_module() {
    for family in FAMILIES {
        if let Raised::Checked(module, _) = family.raised {
            let path = support::repo_root().join(format!("src/rules/{module}.rs"));
            assert!(path.is_file(), "{}: no {}", family.name, path.display());
        }
    }
}
