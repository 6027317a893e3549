//! The canary test: a secret planted in a definition never reaches any output.

use std::process::Command;

use assert_cmd::prelude::*;

const CANARY: &str = "CanarySecret-7f3a9c-do-not-print";

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("trustlint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn planted_secrets_appear_in_no_output_format() {
    let dir = tempfile::tempdir().unwrap();
    // The plain secret where its hash belongs, and again under a misspelled key.
    std::fs::write(
        dir.path().join("leaky.trusted-app.yaml"),
        format!(
            "ApplicationUri: com.example/leaky\nClientType: Public\nApplicationSecretHash: {CANARY}\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://app.example.com/cb\nScope: read\nClientSecret: {CANARY}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("leaky.trusted-app.json"),
        format!("{{\"ApplicationUri\": \"com.example/leaky-json\", \"ApplicationSecretHash\": \"{CANARY}\", \"password\": \"{CANARY}\"}}"),
    )
    .unwrap();
    for format in ["human", "concise", "json", "sarif"] {
        let out = run(dir.path(), &["check", "--format", format, "."]);
        assert!(
            out.contains("TA303"),
            "{format}: the planted values were not checked:\n{out}"
        );
        assert!(
            !out.contains(CANARY),
            "{format} output shows the secret:\n{out}"
        );
        assert!(
            !out.contains("CanarySecret"),
            "{format} output shows part of the secret:\n{out}"
        );
    }
}
