//! The committed JSON Schemas are generated from the model types; these tests fail when
//! the two drift apart.

use std::collections::BTreeSet;

use trustlint::model::Attribute;
use trustlint::schema;

mod support;

#[test]
fn committed_schemas_match_the_code() {
    let dir = support::repo_root().join("schemas");
    for (name, generated) in schema::all() {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == generated,
            "schemas/{name} is out of date: run `cargo run -- schema --write schemas` and commit it"
        );
    }
}

#[test]
fn the_schema_lists_exactly_the_attributes_the_loader_reads() {
    let (_, text) = &schema::all()[0];
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let properties: BTreeSet<String> = doc["$defs"]["TrustedApp"]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    let read: BTreeSet<String> = Attribute::ALL
        .iter()
        .flat_map(|a| std::iter::once(a.name()).chain(a.aliases().iter().copied()))
        .map(str::to_string)
        .collect();
    assert_eq!(properties, read);
}
