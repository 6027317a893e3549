//! Every secret detector in `rules/secrets.toml` is tested by its own samples: each true
//! positive is found by exactly that detector, each false positive by none.

use trustlint::secrets::{Detectors, detectors};

#[test]
fn the_pattern_file_compiles() {
    Detectors::from_toml(trustlint::secrets::PATTERNS_TOML).unwrap();
}

#[test]
fn every_detector_finds_its_true_positives_and_ignores_its_false_positives() {
    let all = detectors();
    let mut failures = Vec::new();
    for d in &all.detectors {
        if d.true_positives.is_empty() || d.false_positives.is_empty() {
            failures.push(format!("{}: needs true and false positive samples", d.id));
        }
        for s in &d.true_positives {
            let found: Vec<&str> = all
                .scan(&s.key, &s.value)
                .iter()
                .map(|f| f.detector)
                .collect();
            if found != [d.id.as_str()] {
                failures.push(format!(
                    "{}: true positive under `{}` found by {found:?}",
                    d.id, s.key
                ));
            }
        }
        for s in &d.false_positives {
            let found: Vec<&str> = all
                .scan(&s.key, &s.value)
                .iter()
                .map(|f| f.detector)
                .collect();
            if !found.is_empty() {
                failures.push(format!(
                    "{}: false positive under `{}` found by {found:?}",
                    d.id, s.key
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn placeholders_named_in_the_docs_are_never_secrets() {
    let all = detectors();
    for value in [
        "${VAR}",
        "%VAR%",
        "$VAR",
        "{{ secrets.X }}",
        "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)",
        "",
        "changeme",
        "<your-secret>",
        "xxx",
    ] {
        assert!(
            all.scan("CLIENT_SECRET", value).is_empty(),
            "{value:?} was taken for a secret"
        );
    }
}

#[test]
fn a_detected_secret_is_located_inside_its_value() {
    let value = "Bearer enrt_2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    let found = detectors().scan("header", value);
    assert_eq!(found.len(), 1);
    assert_eq!(&value[found[0].range.clone()], found[0].secret.expose());
    assert!(value[found[0].range.clone()].starts_with("enrt_"));
}
