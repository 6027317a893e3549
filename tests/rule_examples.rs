//! Every rule's documentation is its test: for each `rules/<ID>.toml`, every bad example
//! must produce exactly that rule and every good example must produce nothing.

use std::collections::BTreeSet;

use trustlint::catalog::{self, Example, RuleDoc};
use trustlint::finding::Rule;
use trustlint::render::{HumanOptions, OutputFormat, render};

mod support;

/// The rule codes an example produces.
fn rules_found(doc: &RuleDoc, index: usize, example: &Example) -> BTreeSet<String> {
    support::rule_codes(&support::example_report(doc, index, example))
}

/// The findings about secrets say so, so that their fingerprints leave the value out
/// (fingerprint version 2): every finding of the rules that report a secret or a secret
/// hash. (A new rule that reports one marks its findings with `.about_secret()`.)
#[test]
fn findings_about_secrets_are_marked() {
    let secret_rules = [
        "CF101", "CF102", "CF103", "CF104", "CF105", "CF209", "TA301", "TA303",
    ];
    for doc in catalog::catalog() {
        for (i, example) in doc.examples.iter().enumerate() {
            for f in support::example_report(doc, i, example).findings {
                if secret_rules.contains(&f.rule.code()) {
                    assert!(
                        f.about_secret,
                        "{} example {i}: a {} finding is not marked",
                        doc.id, f.rule
                    );
                }
            }
        }
    }
}

/// One reviewed snapshot per rule, named by its code (`rule_examples__TA201.snap`): the
/// concise report of each of its page's bad examples, so that a change in what a rule says
/// shows up next to its code.
#[test]
fn each_rule_says_what_its_snapshot_shows() {
    for doc in catalog::catalog() {
        let mut text = String::new();
        for (i, example) in doc.examples.iter().enumerate() {
            if example.kind != "bad" {
                continue;
            }
            let report = support::example_report(doc, i, example);
            text.push_str(&format!("# bad example {i}\n"));
            text.push_str(&render(
                &report,
                OutputFormat::Concise,
                &HumanOptions::default(),
            ));
        }
        insta::assert_snapshot!(doc.id.as_str(), text);
    }
}

#[test]
fn every_rule_has_a_file_and_every_file_a_rule() {
    let codes: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
    let files: BTreeSet<&str> = catalog::catalog().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        codes, files,
        "Rule::ALL and rules/*.toml must list the same codes"
    );
    assert_eq!(
        catalog::catalog().len(),
        catalog::files().len(),
        "a rules/ file did not parse"
    );
    for (file, _) in catalog::files() {
        let id = file.trim_end_matches(".toml");
        assert!(codes.contains(id), "rules/{file} is named after no rule");
    }
    for doc in catalog::catalog() {
        let rule = doc.rule().unwrap();
        assert_eq!(
            rule.name(),
            doc.name,
            "{}: name differs from the code",
            doc.id
        );
        assert!(
            ["error", "warning", "info"].contains(&doc.severity.as_str()),
            "{}: bad severity",
            doc.id
        );
        assert!(!doc.references.is_empty(), "{} has no references", doc.id);
        // A user can open what a page cites: URLs, not the team's internal numbering.
        for r in &doc.references {
            assert!(
                r.url.starts_with("https://"),
                "{}: reference `{}` is no URL",
                doc.id,
                r.title
            );
        }
        assert!(
            !doc.why.contains("conflict #"),
            "{}: cites an internal doc-conflict number; cite the page or the RFC section",
            doc.id
        );
    }
}

#[test]
fn bad_examples_yield_exactly_their_rule_and_good_ones_nothing() {
    let mut failures = Vec::new();
    for doc in catalog::catalog() {
        let bad = doc.examples.iter().filter(|e| e.kind == "bad").count();
        let good = doc.examples.iter().filter(|e| e.kind == "good").count();
        if bad == 0 || good == 0 {
            failures.push(format!(
                "{}: needs at least one bad and one good example",
                doc.id
            ));
        }
        for (i, example) in doc.examples.iter().enumerate() {
            if example.code.is_empty() == example.files.is_empty() {
                failures.push(format!(
                    "{} example {i}: give either `code` or `files`",
                    doc.id
                ));
                continue;
            }
            let found = rules_found(doc, i, example);
            let expected: BTreeSet<String> = match example.kind.as_str() {
                "bad" => [doc.id.clone()].into(),
                "good" => BTreeSet::new(),
                other => {
                    failures.push(format!(
                        "{} example {i}: kind `{other}` is neither bad nor good",
                        doc.id
                    ));
                    continue;
                }
            };
            if found != expected {
                failures.push(format!(
                    "{} {} example {i}: expected {:?}, found {:?}",
                    doc.id, example.kind, expected, found
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
