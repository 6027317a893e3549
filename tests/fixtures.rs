//! Per-rule fixtures: every file under `fixtures/rules/` is checked through the same path
//! as `trustlint check` and its concise report is snapshotted; together they must exercise
//! every rule.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use trustlint::date::Date;
use trustlint::finding::Rule;
use trustlint::render::{HumanOptions, OutputFormat, render};
use trustlint::{CheckOptions, check_paths};

fn options() -> CheckOptions {
    // Fixtures are checked on a fixed day, so that date rules give the same answer every day.
    CheckOptions {
        today: Date::parse("2026-11-27").unwrap(),
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn each_rule_fixture_gives_the_reviewed_report() {
    insta::glob!("../fixtures/rules", "**/*.trusted-app.*", |path| {
        let report = check_paths(&[path.to_path_buf()], &root(), &options());
        let text = render(&report, OutputFormat::Concise, &HumanOptions::default());
        insta::assert_snapshot!(text);
    });
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else if trustlint::discover::is_definition_name(&path) {
            out.push(path);
        }
    }
}

#[test]
fn the_fixtures_exercise_every_rule() {
    let mut files = Vec::new();
    fixture_files(&root().join("fixtures/rules"), &mut files);
    let mut seen = BTreeSet::new();
    for file in &files {
        let report = check_paths(std::slice::from_ref(file), &root(), &options());
        seen.extend(report.findings.iter().map(|f| f.rule));
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !seen.contains(r))
        .map(|r| r.code())
        .collect();
    assert!(
        missing.is_empty(),
        "no fixture under fixtures/rules/ triggers {missing:?}"
    );
}
