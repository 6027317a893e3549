//! Per-family fixtures shaped like real repositories, checked through the same path as
//! `trustlint check`, each with a reviewed snapshot of its concise report. (Every rule is
//! exercised by the examples on its page, with a snapshot named by its code:
//! `tests/rule_examples.rs`.)
//!
//! - `fixtures/rules/<family>/<case>.trusted-app.*`: one definition file per case.
//! - `fixtures/rules/config-<family>/<case>/`: a folder per case (a definition and the app
//!   configs that go with it), checked as a small repository.

use std::path::{Path, PathBuf};

use trustlint::check_paths;
use trustlint::render::{HumanOptions, OutputFormat, render};

mod support;
use support::repo_root;

#[test]
fn each_rule_fixture_gives_the_reviewed_report() {
    insta::glob!("../fixtures/rules", "*/*.trusted-app.*", |path| {
        let report = check_paths(
            &[path.to_path_buf()],
            repo_root(),
            &support::fixed_day_options(),
        );
        let text = render(&report, OutputFormat::Concise, &HumanOptions::default());
        insta::assert_snapshot!(text);
    });
}

/// Checks a case folder as `trustlint check <folder>` does, with its `trustlint.toml` when
/// it has one.
fn check_case(case: &Path) -> trustlint::Report {
    support::check_like_the_cli(case, repo_root())
}

/// The folder cases: `fixtures/rules/config-*/<case>/`.
fn case_folders() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for family in std::fs::read_dir(repo_root().join("fixtures/rules"))
        .unwrap()
        .flatten()
    {
        let name = family.file_name().to_string_lossy().into_owned();
        if !name.starts_with("config-") {
            continue;
        }
        for case in std::fs::read_dir(family.path()).unwrap().flatten() {
            if case.path().is_dir() {
                out.push(case.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_config_case_gives_the_reviewed_report() {
    for case in case_folders() {
        let report = check_case(&case);
        let text = render(&report, OutputFormat::Concise, &HumanOptions::default());
        let family = case
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let name = format!("{family}__{}", case.file_name().unwrap().to_string_lossy());
        insta::assert_snapshot!(name, text);
    }
}
