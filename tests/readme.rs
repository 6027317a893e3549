//! The README's rule table is generated from `rules/`; this keeps the two in step.

use trustlint::cli::{RulesFormat, rules_listing};

mod support;

#[test]
fn readme_rule_table_matches_the_catalog() {
    let readme = std::fs::read_to_string(support::repo_root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("rules:end marker");
    let table = &readme[start..end];
    assert!(
        table == rules_listing(RulesFormat::Markdown),
        "the README's rule table is out of date: replace it with the output of `cargo run -- rules --format markdown`"
    );
}
