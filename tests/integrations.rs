//! What teams wire into their tools: configuration, baselines, CI formats, hooks.

use std::path::Path;

mod support;
use support::{Project, TestCommand, finding_lines, git, git_command, trustlint, write};

const SECRET: &str = "Qz8vBaseline4Lm2Rt7Hy5Nc9";

/// Two apps, each with a problem; the SPA's .env carries a secret.
fn project(dir: &Path) {
    write(
        dir,
        "trusted-apps.yaml",
        "TrustedApplications:\n  - ApplicationUri: com.example/a\n    ClientType: Public\n    AppType: Spa\n    ImpersonateAsInternalUserAllowed: true\n    ImpersonateLoginUrl: http://a.example.com/cb\n    Scope: read\n  - ApplicationUri: com.example/b\n    ClientType: Public\n    AppType: Spa\n    ImpersonateAsInternalUserAllowed: true\n    ImpersonateLoginUrl: https://b.example.com/cb\n    Scope: [read, sec]\n",
    );
    write(
        dir,
        ".env.production",
        format!("VITE_OIDC_CLIENT_ID=com.example/b\nVITE_OIDC_CLIENT_SECRET={SECRET}\n"),
    );
}

#[test]
fn a_baseline_hides_known_findings_survives_reordering_and_holds_no_secret() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    let (code, _, err) = trustlint(d, &["check", "--write-baseline", "baseline.json", "."]).parts();
    assert_eq!(code, 0, "{err}");
    let baseline = std::fs::read_to_string(d.join("baseline.json")).unwrap();
    assert!(
        !baseline.contains(SECRET) && !baseline.contains("Qz8v"),
        "{baseline}"
    );
    assert!(
        baseline.contains("\"CF101\"") && baseline.contains("\"TA201\""),
        "{baseline}"
    );

    let (code, out, _) = trustlint(
        d,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            ".",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 findings suppressed"), "{out}");

    // Reordered apps, reformatted values, lines moved: still the same findings.
    write(
        d,
        "trusted-apps.yaml",
        "# Registrations\n\nTrustedApplications:\n  - ApplicationUri: \"com.example/b\"\n    ClientType: \"Public\"\n    AppType: Spa\n    Scope: [\"read\", \"sec\"]\n    ImpersonateAsInternalUserAllowed: true\n    ImpersonateLoginUrl: https://b.example.com/cb\n  - ApplicationUri: com.example/a\n    AppType: Spa\n    ClientType: Public\n    ImpersonateAsInternalUserAllowed: true\n    Scope: read\n    ImpersonateLoginUrl: \"http://a.example.com/cb\"\n",
    );
    let (code, out, _) = trustlint(
        d,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            ".",
        ],
    )
    .parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 findings suppressed"), "{out}");

    // A new problem is reported.
    let text = std::fs::read_to_string(d.join("trusted-apps.yaml")).unwrap();
    write(
        d,
        "trusted-apps.yaml",
        text + "    BasicAuthenticationAllowed: true\n",
    );
    let (_, out, _) = trustlint(
        d,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            ".",
        ],
    )
    .parts();
    let found = finding_lines(&out).join("\n");
    assert!(found.contains("TA703") && !found.contains("TA201"), "{out}");
    // The run says what the baseline held back.
    assert!(
        out.contains("Suppressed: ") && out.contains("TA201 by the baseline"),
        "{out}"
    );
}

#[test]
fn the_closest_config_applies_and_isolated_ignores_it() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    write(
        d,
        "trustlint.toml",
        "[rules]\nTA201 = \"off\"\nscope-sec = \"warning\"\n",
    );
    let (_, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert!(!finding_lines(&out).join("\n").contains("TA201"), "{out}");
    assert!(out.contains("TA601 [warning]"), "{out}");
    // And says which rules the configuration changed.
    assert!(
        out.contains("Rules changed by the configuration: TA201 off, TA601 warning."),
        "{out}"
    );
    let (_, out, _) = trustlint(d, &["check", "--isolated", "--format", "concise", "."]).parts();
    assert!(
        out.contains("TA201") && out.contains("TA601 [error]"),
        "{out}"
    );

    write(d, "other.toml", "fail-on = \"warning\"\n");
    let (_, out, _) = trustlint(
        d,
        &[
            "check",
            "--config",
            "other.toml",
            "--format",
            "concise",
            ".",
        ],
    )
    .parts();
    assert!(
        out.contains("TA201"),
        "--config replaces the closest file: {out}"
    );
}

#[test]
fn a_bad_config_is_reported_in_the_file_and_exits_two() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    write(
        d,
        ".trustlint.toml",
        "fail-on = \"error\"\nexlude = [\"x\"]\n",
    );
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            ".trustlint.toml:2:1: TL004 [error] unknown setting `exlude`: did you mean `exclude`?"
        ),
        "{out}"
    );
}

#[test]
fn ci_formats_statistics_output_file_and_exit_zero() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    let (code, out, _) = trustlint(d, &["check", "--format", "github", "."]).parts();
    assert_eq!(code, 1);
    assert!(
        out.lines().any(
            |l| l.starts_with("::error file=trusted-apps.yaml,line=6,col=26,")
                && l.contains("title=TA201 redirect-uri-not-https::")
        ),
        "{out}"
    );

    let (_, out, _) = trustlint(d, &["check", "--format", "gitlab", "."]).parts();
    let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &issues.as_array().unwrap()[0];
    for key in [
        "description",
        "check_name",
        "fingerprint",
        "severity",
        "location",
    ] {
        assert!(first.get(key).is_some(), "{key}: {first}");
    }

    let (_, out, _) = trustlint(d, &["check", "--format", "junit", "."]).parts();
    assert!(
        out.starts_with("<?xml")
            && out.contains("<testsuite name=\"trusted-apps.yaml\"")
            && out.contains("<failure"),
        "{out}"
    );

    let (_, out, _) = trustlint(d, &["check", "--format", "json-lines", "."]).parts();
    assert!(out.lines().count() >= 3);
    for line in out.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["rule"].is_string());
    }

    let (code, out, _) = trustlint(
        d,
        &[
            "check",
            "--format",
            "sarif",
            "-o",
            "report.sarif",
            "--statistics",
            "--exit-zero",
            ".",
        ],
    )
    .parts();
    assert_eq!(code, 0, "--exit-zero");
    let written = std::fs::read_to_string(d.join("report.sarif")).unwrap();
    assert!(written.contains("\"version\": \"2.1.0\"") && written.contains("TA601"));
    assert!(out.is_empty(), "-o writes nothing to stdout: {out}");
    assert!(
        written
            .lines()
            .any(|l| l.contains("TA601") && l.contains("scope-sec")),
        "statistics follow the report"
    );

    for format in ["github", "gitlab", "junit", "json-lines"] {
        let (_, out, err) = trustlint(d, &["check", "--format", format, "."]).parts();
        assert!(
            !out.contains(SECRET) && !err.contains(SECRET),
            "{format} shows the secret"
        );
    }
}

#[test]
fn completions_and_manual_page_come_from_the_cli_definition() {
    let dir = Project::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, _) = trustlint(dir.path(), &["completions", shell]).parts();
        assert_eq!(code, 0);
        assert!(out.contains("fail-on") && out.contains("check"), "{shell}");
    }
    let (code, out, _) = trustlint(dir.path(), &["man"]).parts();
    assert_eq!(code, 0);
    assert!(
        out.contains(".TH trustlint 1") && out.contains("check"),
        "{out}"
    );
}

#[test]
fn staged_checks_the_index_and_the_installed_hook_refuses_a_bad_commit() {
    let dir = Project::with_git();
    let d = dir.path();
    let good = "ApplicationUri: com.example/x\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://x.example.com/cb\nScope: read\n";
    write(d, "x.trusted-app.yaml", good);
    git(d, &["add", "."]);
    // The working tree gains a problem that is not staged: --staged does not see it.
    write(d, "x.trusted-app.yaml", format!("{good}Scope: sec\n"));
    let (code, out, _) = trustlint(d, &["check", "--staged", "--format", "concise"]).parts();
    assert_eq!(code, 0, "{out}");
    let (code, _, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_ne!(code, 0, "the working tree is not clean");

    // The plain git hook refuses a commit whose staged registration has an error.
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 0, "{err}");
    let bin = Path::new(support::BIN).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    write(d, "x.trusted-app.yaml", good.replace("ClientType: Public", "ClientType: Public\nApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI="));
    git(d, &["add", "."]);
    // Through git_command, which runs the repository's hooks.
    let out = git_command(d)
        .env("PATH", &path)
        .args(["commit", "-qm", "bad"])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the hook let a Public client with a secret through"
    );
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("TA301"), "{said}");
    write(d, "x.trusted-app.yaml", good);
    git(d, &["add", "."]);
    let out = git_command(d)
        .env("PATH", &path)
        .args(["commit", "-qm", "good"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    // A hook that is not trustlint's is not replaced without --force.
    let hooks = d.join(".git/hooks/pre-commit");
    std::fs::write(&hooks, "#!/bin/sh\necho mine\n").unwrap();
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
}

#[test]
fn settings_pick_files_sides_and_the_failure_threshold() {
    let dir = Project::new();
    let d = dir.path();
    let spa = "ApplicationUri: com.example/kiosk\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://kiosk.example.com/cb\nScope: read\n";
    // A definition under a project-specific name, and one in an excluded folder.
    write(d, "kiosk.registration.yaml", spa);
    write(
        d,
        "legacy/old.trusted-app.yaml",
        "ApplicationUri: [broken\n",
    );
    // A config under a project-specific name, in a folder the project calls front end.
    write(
        d,
        "kiosk/public/runtime.json",
        "{ \"clientId\": \"com.example/kiosk\", \"clientSecret\": \"Wq7Kz2Lp9Xv4Rt6Yb3Nm8Hc\" }\n",
    );
    // A .env key with a project-specific public prefix.
    write(
        d,
        "kiosk/.env",
        "KIOSK_PUBLIC_OIDC_CLIENT_ID=com.example/kiosk\nKIOSK_PUBLIC_API_KEY=9b1d4c7e2a8f6b3d0e5c1a7f4b2d8e6c\n",
    );
    write(
        d,
        "trustlint.toml",
        "exclude = [\"legacy/**\"]\ndefinitions = [\"*.registration.yaml\"]\nconfigs = [\"runtime.json\"]\nfrontend = [\"kiosk/public/**\"]\npublic-env-prefixes = [\"KIOSK_PUBLIC_\"]\nfail-on = \"warning\"\n\n[rules]\nTA201 = \"warning\"\n",
    );
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert!(
        !finding_lines(&out).join("\n").contains("legacy/"),
        "excluded: {out}"
    );
    assert!(
        out.contains(
            "Not checked: 1 file excluded by the configuration (legacy/old.trusted-app.yaml)."
        ),
        "{out}"
    );
    assert!(
        out.contains("kiosk/public/runtime.json:1:53: CF101")
            && out.contains("front-end pattern `kiosk/public/**`"),
        "{out}"
    );
    assert!(
        out.contains("kiosk/.env:2:22: CF101") && out.contains("`KIOSK_PUBLIC_`"),
        "{out}"
    );
    assert_eq!(code, 1, "{out}");

    // fail-on from the config: a run with only warnings fails; --fail-on overrides it.
    std::fs::remove_file(d.join("kiosk/public/runtime.json")).unwrap();
    std::fs::remove_file(d.join("kiosk/.env")).unwrap();
    write(
        d,
        "kiosk.registration.yaml",
        spa.replace("https://kiosk", "http://kiosk"),
    );
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert!(out.contains("TA201 [warning]"), "{out}");
    assert_eq!(code, 1, "fail-on = warning: {out}");
    let (code, _, _) = trustlint(d, &["check", "--fail-on", "error", "."]).parts();
    assert_eq!(code, 0);
}

#[test]
fn inline_suppressions_work_in_env_toml_and_javascript() {
    let dir = Project::new();
    let d = dir.path();
    write(
        d,
        "api.trusted-app.toml",
        "ApplicationUri = \"com.example/api\"\nClientType = \"Confidential\"\nApplicationSecretHash = \"v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=\"\n# trustlint: ignore[TA703] the 2019 importer, retired in Q1\nBasicAuthenticationAllowed = true\n",
    );
    write(
        d,
        ".env",
        "# trustlint: ignore[CF102] revoked token kept for the regression test\nERP_TOKEN=enrt_9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\n",
    );
    write(d, "package.json", "{\"dependencies\": {\"react\": \"19\"}}");
    write(
        d,
        "oidc.ts",
        "export const s = {\n  // trustlint: ignore[secret-in-frontend-config] demo key of the public sandbox\n  apiKey: '9b1d4c7e2a8f6b3d0e5c1a7f4b2d8e6c',\n};\n",
    );
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("3 findings suppressed"), "{out}");
}

#[test]
fn a_full_disk_is_a_clear_error_and_devices_are_not_replaced() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        return; // not a Linux machine
    }
    let dir = Project::new();
    project(dir.path());
    for args in [
        &["check", "-o", "/dev/full", "."][..],
        &["check", "--write-baseline", "/dev/full", "."][..],
    ] {
        let (code, _, err) = trustlint(dir.path(), args).parts();
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("cannot write /dev/full"), "{err}");
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata(full)
            .unwrap()
            .file_type()
            .is_char_device(),
        "/dev/full was replaced"
    );
}

#[test]
fn a_closed_pipe_on_standard_output_is_not_a_crash() {
    use std::process::Stdio;
    let dir = Project::new();
    project(dir.path());
    for format in ["human", "concise", "json"] {
        let mut command = TestCommand::new(dir.path());
        command.args(["check", "--format", format, "."]);
        let mut child = command
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before trustlint writes (as `trustlint check | head -0`).
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert!(
            matches!(out.status.code(), Some(0..=2)),
            "{format}: {:?}",
            out.status
        );
    }
}

/// The fingerprints of the json report's findings of one rule.
fn fingerprints(dir: &Path, rule: &str) -> Vec<String> {
    let (_, stdout, _) = trustlint(dir, &["check", "--format", "json", "."]).parts();
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn fingerprints_of_findings_about_secrets_do_not_hash_the_secret() {
    // An unsalted hash of a weak secret is recovered offline with a word list; the
    // fingerprint of a finding about a secret is therefore the same whatever the secret.
    let dir = Project::new();
    project(dir.path());
    let env = dir.path().join(".env.production");
    let first = fingerprints(dir.path(), "CF101");
    assert_eq!(first.len(), 1, "{first:?}");
    std::fs::write(
        &env,
        "VITE_OIDC_CLIENT_ID=com.example/b\nVITE_OIDC_CLIENT_SECRET=Summer2026!Erp\n",
    )
    .unwrap();
    assert_eq!(fingerprints(dir.path(), "CF101"), first);
    // Findings about other values still tell values apart.
    let http = fingerprints(dir.path(), "TA201");
    let defs = dir.path().join("trusted-apps.yaml");
    let text = std::fs::read_to_string(&defs).unwrap();
    std::fs::write(
        &defs,
        text.replace("http://a.example.com/cb", "http://a.example.com/cb2"),
    )
    .unwrap();
    assert_ne!(fingerprints(dir.path(), "TA201"), http);
    // And SARIF names the scheme's version.
    let (_, sarif, _) = trustlint(dir.path(), &["check", "--format", "sarif", "."]).parts();
    assert!(sarif.contains("\"trustlint/v2\""), "{sarif}");
}

#[test]
fn a_version_1_baseline_still_applies_with_a_notice_and_unknown_versions_are_refused() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    // A baseline as trustlint 0.1 wrote it: version 1, every fingerprint hashing its value.
    let report = trustlint::check_paths(&[d.to_path_buf()], d, &trustlint::CheckOptions::default());
    assert!(!report.findings.is_empty());
    let entries: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule.code(),
                "path": report.sources[f.file].display,
                "fingerprint": trustlint::fingerprint::fingerprint_of_version(&report, f, 1),
            })
        })
        .collect();
    let old = d.join("old-baseline.json");
    std::fs::write(
        &old,
        serde_json::json!({ "version": 1, "findings": entries }).to_string(),
    )
    .unwrap();
    let (code, stdout, stderr) =
        trustlint(d, &["check", "--baseline", old.to_str().unwrap(), "."]).parts();
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("suppressed"), "{stdout}");
    assert!(
        stderr.contains("version 1") && stderr.contains("--write-baseline"),
        "{stderr}"
    );
    assert!(!stderr.contains(SECRET) && !stdout.contains(SECRET));
    // A rewritten baseline is version 2 and applies without a notice.
    let new = d.join("new-baseline.json");
    let (code, _, _) = trustlint(
        d,
        &["check", "--write-baseline", new.to_str().unwrap(), "."],
    )
    .parts();
    assert_eq!(code, 0);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&new).unwrap()).unwrap();
    assert_eq!(written["version"], 2);
    let (code, _, stderr) =
        trustlint(d, &["check", "--baseline", new.to_str().unwrap(), "."]).parts();
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("version"), "{stderr}");
    // A version this trustlint does not know is refused, with how to regenerate it.
    std::fs::write(&new, r#"{"version": 3, "findings": []}"#).unwrap();
    let (code, _, stderr) =
        trustlint(d, &["check", "--baseline", new.to_str().unwrap(), "."]).parts();
    assert_eq!(code, 2);
    assert!(stderr.contains("--write-baseline"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn hooks_that_are_not_trustlints_are_kept_and_backed_up_with_force() {
    let dir = Project::with_git();
    let d = dir.path();
    let hook = d.join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    // A hook in another encoding, and a dangling link: neither is trustlint's.
    std::fs::write(&hook, b"#!/bin/sh\n# \xff\xfe legacy\nexit 0\n").unwrap();
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(&hook).unwrap(),
        b"#!/bin/sh\n# \xff\xfe legacy\nexit 0\n"
    );
    std::fs::remove_file(&hook).unwrap();
    std::os::unix::fs::symlink("../../tools/missing-hook", &hook).unwrap();
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 2, "{err}");
    assert!(
        std::fs::symlink_metadata(&hook)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // --force replaces it and keeps what was there.
    let (code, _, err) = trustlint(d, &["hook", "install", "--force"]).parts();
    assert_eq!(code, 0, "{err}");
    let backup = d.join(".git/hooks/pre-commit.trustlint-backup");
    assert!(
        std::fs::symlink_metadata(&backup)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&hook)
            .unwrap()
            .contains("trustlint check --staged")
    );
    // trustlint's own hook is replaced without --force.
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 0, "{err}");
    // A hook that only quotes trustlint's marker somewhere is someone else's.
    std::fs::write(
        &hook,
        "#!/bin/sh\nrun-my-checks\n# Installed by `trustlint hook install`.\n",
    )
    .unwrap();
    let (code, _, err) = trustlint(d, &["hook", "install"]).parts();
    assert_eq!(code, 2, "{err}");
}

#[cfg(unix)]
#[test]
fn reports_keep_the_permissions_of_the_file_they_replace() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Project::new();
    let d = dir.path();
    project(d);
    let report = d.join("report.json");
    std::fs::write(&report, "old").unwrap();
    std::fs::set_permissions(&report, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (code, _, err) =
        trustlint(d, &["check", "--format", "json", "-o", "report.json", "."]).parts();
    assert_eq!(code, 1, "{err}");
    let meta = std::fs::metadata(&report).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("\"findings\"")
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
    // `schema --write` writes its files the same way.
    let (code, _, err) = trustlint(d, &["schema", "--write", "schemas-out"]).parts();
    assert_eq!(code, 0, "{err}");
    assert!(d.join("schemas-out").read_dir().unwrap().count() >= 3);
}

#[test]
fn limits_in_a_checked_in_config_are_capped_and_the_cap_is_said() {
    let dir = Project::new();
    let d = dir.path();
    project(d);
    write(
        d,
        "trustlint.toml",
        "[limits]\nmax-file-mib = 100000\nmax-yaml-depth = 100000\nmax-yaml-nodes = 999999999\n",
    );
    let (_, _, err) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    for (name, max) in [
        ("max-file-mib", "256"),
        ("max-yaml-depth", "1024"),
        ("max-yaml-nodes", "5000000"),
    ] {
        assert!(
            err.contains(&format!("{name} = ")) && err.contains(&format!("maximum of {max}")),
            "{name}: {err}"
        );
    }
    let limits = trustlint::settings::LimitSettings {
        max_file_mib: Some(100_000),
        max_yaml_depth: None,
        max_yaml_nodes: Some(usize::MAX),
    }
    .resolve();
    assert_eq!(limits.max_file_bytes, 256 * 1024 * 1024);
    assert_eq!(limits.max_yaml_nodes, 5_000_000);
    // Nor lowered to nothing, which would dismiss every export without a word.
    let (limits, notes) = trustlint::settings::LimitSettings {
        max_file_mib: Some(0),
        max_yaml_depth: None,
        max_yaml_nodes: None,
    }
    .resolve_with_notes();
    assert_eq!(limits.max_file_bytes, 1024 * 1024);
    assert!(notes[0].contains("minimum of 1"), "{notes:?}");
}

const CLEAN_SPA: &str = "ApplicationUri: com.example/x\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://x.example.com/cb\nScope: read\n";

#[test]
fn staged_checks_read_the_configuration_the_commit_holds() {
    let dir = Project::with_git();
    let d = dir.path();
    write(
        d,
        "x.trusted-app.yaml",
        "ApplicationUri: com.example/x\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://x.example.com/cb\nScope: sec\n",
    );
    let accept =
        "[[ignore]]\nrule = \"TA601\"\npath = \"x.trusted-app.yaml\"\nreason = \"reviewed\"\n";
    let run = |d: &Path| trustlint(d, &["check", "--staged", "--format", "concise"]).parts();

    // Staged without the entry, which is added in the working tree only: the commit (and
    // CI after it) has no such entry, so the hook must not pass it.
    write(d, "trustlint.toml", "fail-on = \"error\"\n");
    git(d, &["add", "."]);
    write(
        d,
        "trustlint.toml",
        format!("fail-on = \"error\"\n{accept}"),
    );
    let (code, out, _) = run(d);
    assert_eq!(
        code, 1,
        "an unstaged ignore entry let the commit through: {out}"
    );
    assert!(out.contains("TA601"), "{out}");

    // Staged with the entry, which the working tree then drops, or deletes: the commit
    // holds it.
    git(d, &["add", "trustlint.toml"]);
    write(d, "trustlint.toml", "fail-on = \"error\"\n");
    let (code, out, _) = run(d);
    assert_eq!(code, 0, "the staged ignore entry was not read: {out}");
    std::fs::remove_file(d.join("trustlint.toml")).unwrap();
    let (code, out, _) = run(d);
    assert_eq!(
        code, 0,
        "a staged configuration deleted on disk was not read: {out}"
    );

    // Untracked, it is left out of the commit, so CI would not read it: neither does the
    // hook, and it says why.
    write(
        d,
        "trustlint.toml",
        format!("fail-on = \"error\"\n{accept}"),
    );
    git(d, &["rm", "-q", "-f", "--cached", "trustlint.toml"]);
    let (code, out, err) = run(d);
    assert_eq!(code, 1, "an untracked configuration was read: {out}");
    assert!(err.contains("trustlint.toml is not staged"), "{err}");
}

#[cfg(unix)]
#[test]
fn staged_names_with_newlines_keep_their_own_content() {
    let dir = Project::with_git();
    let d = dir.path();
    // A clean definition, and one with an error whose name holds a newline and a colon:
    // read by name, its request line split in two and the contents shifted.
    write(d, "m.trusted-app.yaml", CLEAN_SPA);
    write(d, "0\n:m.trusted-app.yaml", CLEAN_SPA.replace("ClientType: Public", "ClientType: Public\nApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=").replace("com.example/x", "com.example/z"));
    git(d, &["add", "-A"]);
    let (code, out, err) = trustlint(d, &["check", "--staged", "--format", "concise"]).parts();
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("TA301"), "{out}");
    assert!(
        out.lines()
            .filter(|l| l.contains("TA301"))
            .all(|l| l.starts_with("0\\u{a}:m.trusted-app.yaml")),
        "{out}"
    );
}

#[test]
fn staged_merge_conflicts_and_submodules_are_said() {
    let dir = Project::with_git();
    let d = dir.path();
    write(d, "x.trusted-app.yaml", CLEAN_SPA);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "base"]);
    // A submodule entry named like a definition is no file to read.
    git(
        d,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            "160000,0123456789abcdef0123456789abcdef01234567,sub.trusted-app.yaml",
        ],
    );
    let (code, out, err) = trustlint(d, &["check", "--staged", "--format", "concise"]).parts();
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("sub.trusted-app.yaml") && err.contains("submodule"),
        "{err}"
    );
    git(d, &["rm", "-q", "--cached", "sub.trusted-app.yaml"]);
    // Two branches change the same line: the index holds three stages of the file.
    merge_with_a_conflict(
        d,
        "x.trusted-app.yaml",
        &CLEAN_SPA.replace("read", "update"),
        &CLEAN_SPA.replace("read", "sec"),
    );
    assert_stops_at_a_conflict_in(d, "x.trusted-app.yaml");
}

/// Two branches change the same line of `file`, and one is merged into the other: the
/// merge fails and leaves three stages of the file in the index.
fn merge_with_a_conflict(d: &Path, file: &str, theirs: &str, ours: &str) {
    git(d, &["checkout", "-qb", "other"]);
    write(d, file, theirs);
    git(d, &["commit", "-qam", "other"]);
    git(d, &["checkout", "-q", "-"]);
    write(d, file, ours);
    git(d, &["commit", "-qam", "main"]);
    let _ = git_command(d)
        .args(["merge", "-q", "other"])
        .output()
        .unwrap();
}

/// `check --staged` says the file is in a merge conflict and checks nothing (exit 2).
fn assert_stops_at_a_conflict_in(d: &Path, file: &str) {
    let (code, out, err) = trustlint(d, &["check", "--staged", "--format", "concise"]).parts();
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains("merge conflict") && err.contains(file),
        "{err}"
    );
}

#[test]
fn a_staged_configuration_in_a_merge_conflict_is_said() {
    let dir = Project::with_git();
    let d = dir.path();
    write(d, "x.trusted-app.yaml", CLEAN_SPA);
    write(d, "trustlint.toml", "fail-on = \"error\"\n");
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "base"]);
    merge_with_a_conflict(
        d,
        "trustlint.toml",
        "fail-on = \"warning\"\n",
        "fail-on = \"info\"\n",
    );
    // Its markers are no TOML to report on: the conflict is what to fix.
    assert_stops_at_a_conflict_in(d, "trustlint.toml");
}

#[test]
fn suppressions_without_a_reason_can_be_made_not_to_hold() {
    let dir = Project::new();
    let d = dir.path();
    write(
        d,
        "x.trusted-app.yaml",
        CLEAN_SPA.replace("Scope: read", "# trustlint: ignore[TA601]\nScope: sec"),
    );
    // By default it holds, with a TL001 warning: the pull request passes.
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("TL001") && !finding_lines(&out).join("\n").contains("TA601"),
        "{out}"
    );
    assert!(
        out.contains("Suppressed: 1 TA601 by inline comment (no reason given)."),
        "{out}"
    );
    // A dot or an invisible character is no reason either.
    for empty in [".", "\u{200b}", "--"] {
        write(
            d,
            "x.trusted-app.yaml",
            CLEAN_SPA.replace(
                "Scope: read",
                &format!("# trustlint: ignore[TA601] {empty}\nScope: sec"),
            ),
        );
        let (_, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
        assert!(out.contains("TL001"), "{empty:?}: {out}");
    }
    // In CI, with the flag, it does not: the error is back, and TL001 says why.
    let (code, out, _) = trustlint(
        d,
        &[
            "check",
            "--format",
            "concise",
            "--no-unexplained-suppressions",
            ".",
        ],
    )
    .parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TA601") && out.contains("TL001"), "{out}");
    assert!(!out.contains("TL002"), "{out}");
}

#[test]
fn inside_git_the_files_are_gits_and_ignore_files_cannot_hide_tracked_ones() {
    let dir = Project::with_git();
    let d = dir.path();
    let bad = CLEAN_SPA.replace("Scope: read", "Scope: sec");
    write(d, "x.trusted-app.yaml", &bad);
    write(d, "apps/y.trusted-app.yaml", &bad);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-qm", "apps"]);
    // A pull request adds ignore files that would hide the tracked definitions from a
    // walk: `.ignore` (which git itself ignores) and a `.gitignore` over tracked files.
    write(d, ".ignore", "*\n");
    write(d, ".gitignore", "apps/\nuntracked-*.trusted-app.yaml\n");
    // An untracked file that .gitignore excludes is left out, as git leaves it out.
    write(d, "untracked-z.trusted-app.yaml", &bad);
    // A repository's own configuration cannot make the check run a command.
    let marker = d.join("fsmonitor-ran");
    let hook = d.join("hook.sh");
    std::fs::write(&hook, format!("#!/bin/sh\ntouch '{}'\n", marker.display())).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    git(d, &["config", "core.fsmonitor", hook.to_str().unwrap()]);
    let (code, out, err) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("x.trusted-app.yaml") && out.contains("apps/y.trusted-app.yaml"),
        "{out}"
    );
    // Not checked, and said so.
    assert!(
        !finding_lines(&out).join("\n").contains("untracked-z"),
        "{out}"
    );
    assert!(
        out.contains("ignored by git's ignore rules (untracked-z.trusted-app.yaml)"),
        "{out}"
    );
    assert!(!marker.exists(), "the repository's fsmonitor command ran");
}

#[test]
fn every_format_says_what_the_configuration_left_unchecked() {
    // A pull request that excludes everything and turns a rule off: "No problems found"
    // alone would let it pass unseen.
    let dir = Project::new();
    let d = dir.path();
    project(d);
    write(
        d,
        "trustlint.toml",
        "exclude = [\"**\"]\n[rules]\nTA601 = \"off\"\n",
    );
    let expect = |format: &str, out: &str| {
        for piece in [
            "excluded by the configuration",
            "trusted-apps.yaml",
            "excluded every definition",
            "TA601",
        ] {
            assert!(out.contains(piece), "{format}: `{piece}` missing:\n{out}");
        }
    };
    for format in ["human", "concise", "github", "junit"] {
        let (_, out, _) = trustlint(d, &["check", "--format", format, "."]).parts();
        expect(format, &out);
    }
    let (_, out, _) = trustlint(d, &["check", "--format", "json-lines", "."]).parts();
    let last: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(
        last["not_checked"]["every_definition_excluded"], true,
        "{out}"
    );
    let (_, out, _) = trustlint(d, &["check", "--format", "json", "."]).parts();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let nc = &v["summary"]["not_checked"];
    assert_eq!(nc["every_definition_excluded"], true, "{out}");
    assert!(nc["excluded_by_config"].as_u64().unwrap() >= 2, "{out}");
    assert_eq!(nc["rules_changed"][0]["rule"], "TA601", "{out}");
    let (_, out, _) = trustlint(d, &["check", "--format", "sarif", "."]).parts();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["level"] == "warning"),
        "{out}"
    );
    let (_, out, _) = trustlint(d, &["check", "--format", "gitlab", "."]).parts();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "trustlint-not-checked"),
        "{out}"
    );
    let (_, out, _) = trustlint(d, &["check", "--format", "github", "."]).parts();
    assert!(
        out.contains("::warning title=trustlint%3A not checked::"),
        "{out}"
    );
}

#[test]
fn an_app_beside_an_export_annotation_is_still_checked() {
    let dir = Project::new();
    let d = dir.path();
    write(
        d,
        "x.trusted-app.yaml",
        "\"@odata.context\": \"https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_TrustedApplications\"\nvalue: []\nTrustedApplications:\n  - ApplicationUri: com.example/x\n    ClientType: Public\n    Scope: [read, sec]\n",
    );
    let (code, out, _) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("TA601"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_report_replaces_a_planted_link_instead_of_following_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Project::new();
    let d = dir.path();
    project(d);
    // A committed link to a file elsewhere, and one to a set-uid file's place.
    let elsewhere = d.join("elsewhere.txt");
    std::fs::write(&elsewhere, "keep me").unwrap();
    std::os::unix::fs::symlink(&elsewhere, d.join("report.json")).unwrap();
    let (code, _, err) =
        trustlint(d, &["check", "--format", "json", "-o", "report.json", "."]).parts();
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me");
    let meta = std::fs::symlink_metadata(d.join("report.json")).unwrap();
    assert!(meta.is_file(), "the link was followed");
    // A replaced file never keeps a set-id bit.
    let setuid = d.join("setuid.json");
    std::fs::write(&setuid, "old").unwrap();
    std::fs::set_permissions(&setuid, std::fs::Permissions::from_mode(0o4755)).unwrap();
    let (code, _, err) =
        trustlint(d, &["check", "--format", "json", "-o", "setuid.json", "."]).parts();
    assert_eq!(code, 1, "{err}");
    let mode = std::fs::metadata(&setuid).unwrap().permissions().mode();
    assert_eq!(mode & 0o7777, 0o755, "{mode:o}");
}

#[cfg(unix)]
#[test]
fn git_names_that_are_not_utf8_submodules_and_a_missing_git_are_said() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Project::with_git();
    let d = dir.path();
    let name = std::ffi::OsStr::from_bytes(b"bad\xff.trusted-app.yaml");
    write(d, name, CLEAN_SPA.replace("Scope: read", "Scope: sec"));
    std::fs::create_dir_all(d.join("vendored/auth")).unwrap();
    git(d, &["add", "-A"]);
    git(
        d,
        &[
            "update-index",
            "--add",
            "--cacheinfo",
            "160000,0123456789abcdef0123456789abcdef01234567,vendored/auth",
        ],
    );
    let (code, out, err) = trustlint(d, &["check", "--format", "concise", "."]).parts();
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("TA601"),
        "the file with a non-UTF-8 name was not read: {out}"
    );
    assert!(
        out.contains("vendored/auth") && out.contains("submodule"),
        "{out}"
    );
    // Without git (or when it refuses the repository), the walk decides, and says so.
    let empty = Project::new();
    let out = TestCommand::new(d)
        .env("PATH", empty.path())
        .args(["check", "--format", "concise", "."])
        .run()
        .stdout;
    assert!(out.contains("git did not list the files"), "{out}");
}

/// A JWT of three Base64URL parts, made here (no real token is committed).
fn made_up_jwt() -> String {
    use base64::Engine;
    let part = |json: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
    format!(
        "{}.{}.Xk3vR9mQ2wL7pT5zB8nC4hJ6dF1gY0aS",
        part(r#"{"alg":"RS256","typ":"at+jwt","kid":"k-2026"}"#),
        part(
            r#"{"sub":"svc.sync","client_id":"com.example/erp-sync","scope":"read","jti":"b7Qm2Lx9Vt4Rw8Kz"}"#
        )
    )
}

#[test]
fn secrets_with_a_telling_shape_are_found_in_every_tracked_file() {
    let project = Project::with_git();
    let d = project.path();
    let token = format!("enrt_{}", "5e1a9c3f7b2d8e4a".repeat(4));
    let jwt = made_up_jwt();
    project.write(".gitignore", ".env\n");
    // The old token, commented out, is still in the file.
    let old = format!(
        "enrt_{}",
        "9c4e2a7f1d8b3e6c0a5f2d9b7e1c4a8f3b6d0e2a9c7f5b1d4e8a2c6f0b3d7e9a"
    );
    project.write(
        ".env",
        format!("ERP_API_TOKEN={token}\n# ERP_API_TOKEN={old}\n"),
    );
    // A token captured from a session and kept as a sample, as ERP.net's own samples do.
    project.write("samples/access_token.txt", format!("{jwt}\n"));
    // Words about tokens, and a key header in a document, are no secrets.
    project.write(
        "docs/setup.md",
        "Paste the token (it starts with `enrt_`) into ERP_API_TOKEN. An access token starts\nwith `eyJ`; a key file with `-----BEGIN PRIVATE KEY-----`.\n",
    );
    // Supabase publishes this kind of key for local development: it grants nothing.
    let demo = {
        use base64::Engine;
        let part = |json: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json);
        format!(
            "{}.{}.Lq8Wm3Zx5Rv1Tn7Kc2Bd9Hf4Pj6Gy0Se",
            part(r#"{"alg":"HS256","typ":"JWT"}"#),
            part(r#"{"iss":"supabase-demo","role":"anon","exp":1983812996}"#)
        )
    };
    project.write(
        "supabase/.env.example",
        format!("SUPABASE_ANON_KEY={demo}\n"),
    );
    git(d, &["add", "-f", ".env"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "samples"]);
    let out = trustlint(d, &["check", "--format", "concise", "."]);
    let findings = out.findings();
    assert!(
        findings.iter().any(|f| f.starts_with(".env:1:15: CF102"))
            && findings.iter().any(|f| f.starts_with(".env:2:17: CF102")),
        "{}",
        out.both()
    );
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("samples/access_token.txt:1:1: CF103")
                && f.contains("in `samples/access_token.txt`")
                // The made-up token has no expiry: a long-lived key.
                && f.contains("never expires")),
        "{}",
        out.both()
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.starts_with("docs/") || f.starts_with("supabase/")),
        "{}",
        out.both()
    );
    assert_eq!(out.code, Some(1), "{}", out.both());
    for format in ["human", "json", "sarif"] {
        let shown = trustlint(d, &["check", "--format", format, "."]).both();
        assert!(
            !shown.contains(&token[5..])
                && !shown.contains(&old[5..20])
                && !shown.contains(jwt.split('.').nth(1).unwrap()),
            "{format} shows a secret"
        );
    }
}

#[test]
fn staged_files_are_read_for_secrets_too_but_only_those_the_commit_changes() {
    let project = Project::with_git();
    let d = project.path();
    let old = format!("enrt_{}", "0d4b8f2a6c1e9d3b".repeat(4));
    project.write("docs/old-token.txt", format!("{old}\n"));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "an old mistake"]);
    let jwt = made_up_jwt();
    project.write("samples/access_token.txt", format!("{jwt}\n"));
    project.write("node_modules/lib/fixture.txt", format!("{jwt}\n"));
    // Code that configures a client is read by its content here too.
    project.write(
        "Portal/Startup.cs",
        "services.AddAuthentication().AddOpenIdConnect(options =>\n{\n    options.Authority = \"https://acme.my.erp.net/id\";\n    options.ClientId = \"com.example/portal\";\n    options.ClientSecret = \"Vq3mZ8xL2rT9wB5nK7cH4pJ6\";\n});\n",
    );
    git(
        d,
        &[
            "add",
            "-f",
            "samples/access_token.txt",
            "node_modules/lib/fixture.txt",
            "Portal/Startup.cs",
        ],
    );
    let out = trustlint(d, &["check", "--staged", "--format", "concise"]);
    let findings = out.findings();
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("Portal/Startup.cs:5:") && f.contains("CF104")),
        "{}",
        out.both()
    );
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("samples/access_token.txt:1:1: CF103")),
        "{}",
        out.both()
    );
    // The commit does not change the old file, and a dependency's fixture is not the
    // project's.
    assert!(
        !findings
            .iter()
            .any(|f| f.starts_with("docs/") || f.starts_with("node_modules/")),
        "{}",
        out.both()
    );
}

#[test]
fn data_files_and_xml_configuration_are_read_when_they_configure_a_client() {
    let project = Project::new();
    let d = project.path();
    project.write(
        "spring/src/main/resources/application.yml",
        "spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          erp:\n            client-id: com.example/web\n            client-secret: Pl0Ok9Ij8Uh7Yg6Tf5Rd\n        provider:\n          erp:\n            issuer-uri: https://acme.my.erp.net/id\n",
    );
    project.write(
        "legacy/Web.config",
        "<configuration>\n  <appSettings>\n    <add key=\"Authority\" value=\"https://acme.my.erp.net/id\" />\n    <add key=\"ClientId\" value=\"com.example/web\" />\n    <add key=\"ClientSecret\" value=\"Zx1Cv2Bn3Mq4Wr5Et6Ty\" />\n  </appSettings>\n</configuration>\n",
    );
    project.write(
        "quarkus/src/main/resources/application.properties",
        "quarkus.oidc.auth-server-url=https://acme.my.erp.net/id\nquarkus.oidc.client-id=com.example/web\nquarkus.oidc.credentials.secret=Mk8Nj7Bh6Vg5Cf4Xd3Sz\n",
    );
    project.write(
        "owin/Web.config",
        "<configuration>\n  <appSettings>\n    <add key=\"ida:ClientId\" value=\"com.example/web\" />\n    <add key=\"ida:ClientSecret\" value=\"Lo9Ki8Ju7Hy6Gt5Fr4De\" />\n    <add key=\"ida:RedirectUri\" value=\"https://web.example.com/signin-oidc\" />\n  </appSettings>\n</configuration>\n",
    );
    // A data file about something else stays unread.
    project.write(
        "docs/menu.yml",
        "items:\n  - title: Orders\n    url: /orders\n",
    );
    let out = trustlint(d, &["check", "--format", "concise", "."]);
    let findings = out.findings();
    for place in [
        "spring/src/main/resources/application.yml:8:",
        "legacy/Web.config:5:",
        "quarkus/src/main/resources/application.properties:3:",
        "owin/Web.config:4:",
    ] {
        assert!(
            findings
                .iter()
                .any(|f| f.starts_with(place) && f.contains("CF104")),
            "{place}: {}",
            out.both()
        );
    }
    let files = trustlint(d, &["check", "--show-files", "."]).stdout;
    let menu = files
        .lines()
        .find(|l| l.contains("docs/menu.yml"))
        .unwrap_or_default();
    assert!(
        menu.starts_with("secrets") && menu.contains("none found"),
        "labels are not read as a config, only for secrets:\n{files}"
    );
    assert!(files.contains("found by its content"), "{files}");
}

#[test]
fn a_file_full_of_tokens_reports_the_first_hundred_and_says_so() {
    let project = Project::new();
    let jwt = made_up_jwt();
    project.write("dump/tokens.txt", format!("{jwt}\n").repeat(150));
    let out = trustlint(project.path(), &["check", "--format", "concise", "."]);
    let reported = out
        .findings()
        .iter()
        .filter(|f| f.starts_with("dump/tokens.txt:") && f.contains("CF103"))
        .count();
    assert_eq!(reported, 100, "{}", out.both());
    assert!(
        out.stdout.contains("50 more secrets"),
        "the rest is not said:\n{}",
        out.stdout
    );
    assert!(!out.both().contains(jwt.split('.').nth(1).unwrap()));
}

#[test]
fn a_secret_anyone_can_try_is_reported_without_a_registration_and_a_placeholder_is_not() {
    let project = Project::new();
    let settings = |secret: &str| {
        format!(
            "{{ \"ErpNet\": {{ \"Authority\": \"https://acme.my.erp.net/id\", \"ClientId\": \"com.example/sync\", \"ClientSecret\": \"{secret}\" }} }}\n"
        )
    };
    project.write("published/appsettings.json", settings("DEMO"));
    project.write("template/appsettings.json", settings("changeme"));
    let out = trustlint(project.path(), &["check", "--format", "concise", "."]);
    let findings = out.findings();
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("published/appsettings.json:") && f.contains("CF108")),
        "{}",
        out.both()
    );
    assert!(
        !findings.iter().any(|f| f.starts_with("template/")),
        "a placeholder word is not a secret: {}",
        out.both()
    );
    assert!(!out.both().contains("\"DEMO\""), "{}", out.both());
}

#[test]
fn a_label_under_a_credential_key_is_not_a_secret_from_any_side() {
    let project = Project::new();
    project.write(
        "package.json",
        r#"{"dependencies":{"@azure/msal-browser":"3.0.0","react":"18.0.0"}}"#,
    );
    project.write(
        "src/authConfig.ts",
        "export const msalConfig = {\n  auth: { clientId: \"com.example/x\", authority: \"https://acme.my.erp.net/id\", redirectUri: \"https://x.example.com/cb\" },\n};\nexport const labels = { clientSecret: \"Geheimnis\", password: \"Passwort\" };\n",
    );
    project.write(
        "src/secretConfig.ts",
        "export const authConfig = { issuer: \"https://acme.my.erp.net/id\", clientId: \"com.example/x\", dummyClientSecret: \"geheim\" };\n",
    );
    let out = trustlint(project.path(), &["check", "--format", "concise", "."]);
    let findings = out.findings();
    assert!(
        !findings.iter().any(|f| f.starts_with("src/authConfig.ts")),
        "{}",
        out.both()
    );
    // A lower-case word is still a secret a front end ships.
    assert!(
        findings
            .iter()
            .any(|f| f.starts_with("src/secretConfig.ts") && f.contains("CF101")),
        "{}",
        out.both()
    );
}
