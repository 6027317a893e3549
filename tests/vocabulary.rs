//! The settings vocabulary (`rules/vocabulary.toml`) is tested by its own samples: every
//! name and sample of a role is read as that role, and every key that is no setting is
//! read as none.

use trustlint::configs::vocabulary::{VOCABULARY_TOML, Vocabulary, vocabulary};

#[test]
fn the_vocabulary_file_is_valid() {
    Vocabulary::from_toml(VOCABULARY_TOML).unwrap();
}

#[test]
fn every_name_and_sample_is_read_as_its_role() {
    let v = vocabulary();
    let mut failures = Vec::new();
    for spec in &v.file.roles {
        let names = spec.names.iter().map(|n| n.name.as_str());
        let paths = spec.paths.iter().map(|p| p.path.as_str());
        for key in names
            .chain(paths)
            .chain(spec.samples.iter().map(String::as_str))
        {
            // A sample is one key as a file writes it; a `.properties` or dotted key is its
            // own path.
            let got = v.role_of(key, key);
            if got != Some(spec.role) {
                failures.push(format!("`{key}`: {got:?}, expected {:?}", spec.role));
            }
        }
    }
    for key in &v.file.not_settings {
        if let Some(role) = v.role_of(key, key) {
            failures.push(format!("`{key}` is no setting but is read as {role:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn a_name_given_to_two_roles_is_refused() {
    let text = VOCABULARY_TOML.replacen(r#"{ name = "issuer", "#, r#"{ name = "client_id", "#, 1);
    let error = Vocabulary::from_toml(&text).unwrap_err().to_string();
    assert!(error.contains("`client_id` is named for both"), "{error}");
}

#[test]
fn a_role_without_samples_is_refused() {
    let text = VOCABULARY_TOML.replacen(r#"samples = ["disablePKCE"]"#, "samples = []", 1);
    let error = Vocabulary::from_toml(&text).unwrap_err().to_string();
    assert!(error.contains("needs names and samples"), "{error}");
}

#[test]
fn every_constructor_passes_a_client_id_or_secret() {
    use trustlint::configs::Role;
    let v = vocabulary();
    assert!(!v.file.constructors.is_empty());
    for c in &v.file.constructors {
        let roles: Vec<_> = c
            .parameters
            .iter()
            .filter_map(|p| v.role_of(p, p))
            .collect();
        assert!(
            roles
                .iter()
                .any(|r| matches!(r, Role::ClientId | Role::ClientSecret)),
            "{}: no parameter is read as the client id or secret ({roles:?})",
            c.name
        );
    }
}
