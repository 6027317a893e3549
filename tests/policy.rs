//! Organisation policies (`[[policy]]`, `--policy`): every requirement kind has a fixture
//! in `fixtures/policies/` whose bad project yields exactly that requirement's finding
//! and whose good project yields nothing; conditions, shared files, severities, the
//! summary line and `trustlint policy check/explain` are tested below.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use trustlint::CheckOptions;

mod support;

use support::{Project, check_like_the_cli, fixed_day_options, repo_root};

#[derive(Deserialize)]
struct Case {
    rule: String,
    requirement: String,
    policy: String,
    bad: BTreeMap<String, String>,
    good: BTreeMap<String, String>,
}

fn cases() -> Vec<(String, Case)> {
    let dir = repo_root().join("fixtures/policies");
    let mut out: Vec<(String, Case)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let case: Case =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_stem().unwrap().to_string_lossy().into_owned(), case)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn project(policy: &str, files: &BTreeMap<String, String>) -> Project {
    let dir = Project::new();
    dir.write("trustlint.toml", policy);
    for (path, text) in files {
        dir.write(path, text);
    }
    dir
}

/// (rule, policy requirement) of each finding.
fn found(report: &trustlint::Report) -> Vec<(String, Option<String>)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code().to_string(),
                f.policy.as_ref().map(|p| p.requirement.to_string()),
            )
        })
        .collect()
}

/// The requirements of the policy language, each `table.key`, from the schema the
/// editors read: every one must have a fixture.
fn requirement_keys() -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schemas/policy.schema.json")).unwrap(),
    )
    .unwrap();
    let defs = &schema["$defs"];
    let mut keys = Vec::new();
    for (table, def) in defs["Policy"]["properties"].as_object().unwrap() {
        let Some(reference) = def
            .pointer("/anyOf/0/$ref")
            .or_else(|| def.get("$ref"))
            .and_then(|r| r.as_str())
        else {
            continue;
        };
        let name = reference.trim_start_matches("#/$defs/");
        if name == "Condition" || name == "Level" {
            continue;
        }
        for key in defs[name]["properties"].as_object().unwrap().keys() {
            keys.push(format!("{table}.{key}"));
        }
    }
    keys.sort();
    keys
}

#[test]
fn every_requirement_has_a_fixture() {
    let have: Vec<String> = cases().into_iter().map(|(name, _)| name).collect();
    let want = requirement_keys();
    assert!(want.len() >= 20, "{want:?}");
    let missing: Vec<&String> = want.iter().filter(|k| !have.contains(k)).collect();
    assert!(
        missing.is_empty(),
        "requirements without a fixture: {missing:?}"
    );
}

#[test]
fn bad_fixtures_yield_exactly_their_requirement_and_good_ones_nothing() {
    let mut failures = Vec::new();
    for (name, case) in cases() {
        assert_eq!(
            name, case.requirement,
            "a fixture is named after its requirement"
        );
        let bad = project(&case.policy, &case.bad);
        let report = check_like_the_cli(bad.path(), bad.path());
        let findings = found(&report);
        let expected = (case.rule.clone(), Some(case.requirement.clone()));
        if findings.is_empty() || findings.iter().any(|f| *f != expected) {
            failures.push(format!(
                "{name} bad: expected only {expected:?}, found {findings:?}"
            ));
        }
        let good = project(&case.policy, &case.good);
        let report = check_like_the_cli(good.path(), good.path());
        if !report.findings.is_empty() {
            failures.push(format!("{name} good: found {:?}", found(&report)));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const SPA: &str = "ApplicationUri: com.example/dashboard\nName: Dashboard\nAppType: Spa\nClientType: Public\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://dashboard.example.net/callback\nScope: openid read\nEnvironment: Staging\n";

fn concise(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustlint"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn conditions_choose_the_apps() {
    let domains = "[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n";
    for (when, applies) in [
        ("", true),
        ("[policy.when]\nenvironment = [\"Staging\"]\n", true),
        ("[policy.when]\nenvironment = [\"Production\"]\n", false),
        ("[policy.when]\napp-type = [\"Spa\"]\n", true),
        (
            "[policy.when]\napp-type = [\"WebApp\", \"Service\"]\n",
            false,
        ),
        ("[policy.when]\nclient-type = [\"Public\"]\n", true),
        ("[policy.when]\nclient-type = [\"Confidential\"]\n", false),
        (
            "[policy.when]\napplication-uri = [\"com.example/*\"]\n",
            true,
        ),
        (
            "[policy.when]\napplication-uri = [\"org.other/*\"]\n",
            false,
        ),
        // Every condition must hold.
        (
            "[policy.when]\nenvironment = [\"Staging\"]\nclient-type = [\"Confidential\"]\n",
            false,
        ),
    ] {
        let dir = Project::new();
        dir.write(
            "trustlint.toml",
            format!("[[policy]]\nname = \"p\"\n{when}{domains}"),
        );
        dir.write("dashboard.trusted-app.yaml", SPA);
        let report = check_like_the_cli(dir.path(), dir.path());
        assert_eq!(
            report.findings.iter().any(|f| f.rule.code() == "PL101"),
            applies,
            "{when}: {:?}",
            found(&report)
        );
        assert!(report.findings.iter().all(|f| f.rule.code() == "PL101"));
    }
}

#[test]
fn a_shared_policy_file_and_local_policies_combine_and_each_says_where_it_is_from() {
    let dir = Project::new();
    dir.write(
        "security/company.toml",
        "[[policy]]\nname = \"company-domains\"\nhelp = \"see the wiki\"\nlink = \"https://wiki.example.com/oauth\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\", \"*.example.com\"]\n",
    );
    dir.write(
        "app/trustlint.toml",
        "[[policy]]\nname = \"read-only\"\nseverity = \"warning\"\n[policy.scopes]\nallowed = [\"openid\"]\n",
    );
    dir.write("app/dashboard.trusted-app.yaml", SPA);
    let (out, code) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "security/company.toml",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("PL101 [error] policy `company-domains`"),
        "{out}"
    );
    assert!(out.contains("PL102 [warning] policy `read-only`"), "{out}");
    assert!(
        out.contains(
            "Policies applied: read-only (app/trustlint.toml), company-domains (security/company.toml)."
        ),
        "{out}"
    );
    // JSON names the policy, the requirement and the file of each finding, and the run's
    // policies.
    let (json, _) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "security/company.toml",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let pl101 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PL101")
        .unwrap();
    assert_eq!(pl101["policy"]["name"], "company-domains");
    assert_eq!(
        pl101["policy"]["requirement"],
        "redirect-uris.permitted-domains"
    );
    assert_eq!(pl101["policy"]["file"], "security/company.toml");
    assert_eq!(
        pl101["help"],
        "see the wiki (see https://wiki.example.com/oauth)"
    );
    let policies = v["summary"]["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 2, "{policies:?}");
    // SARIF carries the policy too, and the related location points at it.
    let (sarif, _) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "security/company.toml",
            "--format",
            "sarif",
        ],
    );
    assert!(sarif.contains("\"requirement\": \"redirect-uris.permitted-domains\""));
    assert!(sarif.contains("Policies applied: "), "{sarif}");
}

#[test]
fn two_policies_at_one_place_are_two_findings_with_their_own_fingerprints() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"a\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n[[policy]]\nname = \"b\"\n[policy.redirect-uris]\npermitted-domains = [\"example.org\"]\nallow-query = false\n",
    );
    dir.write("dashboard.trusted-app.yaml", SPA);
    let (json, _) = concise(dir.path(), &["check", ".", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let prints: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 2, "{json}");
    assert_ne!(prints[0], prints[1]);
}

#[test]
fn a_baseline_and_suppressions_hold_policy_findings_like_any_other() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"a\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n",
    );
    dir.write("dashboard.trusted-app.yaml", SPA);
    let (out, _) = concise(dir.path(), &["check", ".", "--write-baseline", "base.json"]);
    assert!(out.contains("recorded 1 finding"), "{out}");
    let (out, code) = concise(dir.path(), &["check", ".", "--baseline", "base.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 PL101 by the baseline"), "{out}");
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"a\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n[[ignore]]\npath = \"dashboard.trusted-app.yaml\"\nrule = \"policy-redirect-uri\"\nreason = \"the vendor host is approved until the migration\"\n",
    );
    let (out, code) = concise(dir.path(), &["check", "."]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn broken_policies_are_reported_at_their_place_and_fail_the_run() {
    let dir = Project::new();
    let text = "[[policy]]\nname = \"p\"\n[policy.redirect-uri]\nhttp = \"never\"\n[[policy]]\nname = \"q\"\n[policy.scopes]\nallowed = \"read\"\n[[policy]]\nname = \"r\"\n[policy.when]\nenvironment = [\"Prod\"]\n[policy.service]\nlogin-pattern = \"(\"\n[[policy]]\nname = \"s\"\n[policy.client]\nbasic-authentication = false\n[[policy]]\nname = \"s\"\n[policy.client]\nbasic-authentication = false\n";
    dir.write("trustlint.toml", text);
    dir.write("dashboard.trusted-app.yaml", SPA);
    let (out, code) = concise(dir.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(code, 2, "{out}");
    for (line, needle) in [
        (3, "did you mean `redirect-uris`"),
        (8, "invalid type"),
        (12, "`Prod` is not an Environment"),
        (8, "`scopes.allowed`"),
        (14, "not a valid regular expression"),
        (20, "already defined"),
    ] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(&format!("trustlint.toml:{line}:")) && l.contains(needle)),
            "line {line} `{needle}`:\n{out}"
        );
    }
    // `policy check` says the same, and exits 1.
    let (out, code) = concise(dir.path(), &["policy", "check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("trustlint.toml:3:"), "{out}");
    assert!(out.contains("1 policy valid, 5 problems"), "{out}");
}

#[test]
fn policy_check_warns_about_conditions_that_match_no_app() {
    let dir = Project::new();
    dir.write(
        "policy.toml",
        "[[policy]]\nname = \"prod-only\"\n[policy.when]\nenvironment = [\"Production\"]\n[policy.scopes]\nforbidden = [\"update\"]\n",
    );
    dir.write("apps/dashboard.trusted-app.yaml", SPA);
    let (out, code) = concise(
        dir.path(),
        &["policy", "check", "--policy", "policy.toml", "apps"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: policy `prod-only` (policy.toml) applies to none of the 1 apps"),
        "{out}"
    );
    assert!(
        out.contains("1 policy valid, 0 problems, 1 warning."),
        "{out}"
    );
}

#[test]
fn policy_explain_shows_the_requirements_and_their_rules() {
    let dir = Project::new();
    let (out, code) = concise(
        dir.path(),
        &[
            "policy",
            "explain",
            "strict-secrets",
            "--policy",
            "builtin:strict-baseline",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Secrets (PL104)"), "{out}");
    assert!(
        out.contains("rotated within 90 days (stricter than secret-rotation-days, 180"),
        "{out}"
    );
    let (out, code) = concise(
        dir.path(),
        &[
            "policy",
            "explain",
            "strict-secret",
            "--policy",
            "builtin:strict-baseline",
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("did you mean `strict-secrets`"), "{out}");
}

#[test]
fn the_stricter_rotation_age_applies_and_says_which() {
    let app = "TrustedApplications:\n  - ApplicationUri: com.example/sync\n    Name: Sync\n    ClientType: Confidential\n    AppType: Service\n    ApplicationSecretHash: 9Qm3vL8xT2kR7wZ4nB6yH1cF5jD0sG3aE8uP2oI7tYw=\n    SecretRotatedOn: 2026-01-10\n    SystemUserAllowed: true\n    SystemUser: svc.sync\n    Scope: read\nUsers:\n  - Login: svc.sync\n    UserType: InternalUser\n    IsAdmin: false\n";
    for (settings, expected) in [
        // The policy is looser than the project's setting: TA305 reports, the policy not.
        ("secret-rotation-days = 90\n", vec!["TA305"]),
        // The policy is stricter than the default 180: both limits are passed (320 days),
        // both rules report, and the policy's finding says it is the stricter.
        ("", vec!["PL104", "TA305"]),
        // TA305 off: the policy still holds (a level cannot weaken a policy).
        ("[rules]\nTA305 = \"off\"\n", vec!["PL104"]),
    ] {
        let dir = Project::new();
        dir.write(
            "trustlint.toml",
            format!(
                "{settings}\n[[policy]]\nname = \"rotate\"\n[policy.secrets]\nmax-age-days = 120\n"
            ),
        );
        dir.write("sync.trusted-app.yaml", app);
        let report = check_like_the_cli(dir.path(), dir.path());
        let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule.code()).collect();
        rules.sort();
        assert_eq!(rules, expected, "{settings}");
    }
}

#[test]
fn a_policy_finding_where_an_erpnet_rule_already_reports_is_not_repeated() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"no-http\"\n[policy.redirect-uris]\nhttp = \"never\"\n",
    );
    dir.write(
        "dashboard.trusted-app.yaml",
        SPA.replace(
            "https://dashboard.example.net",
            "http://dashboard.example.net",
        ),
    );
    let report = check_like_the_cli(dir.path(), dir.path());
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.code()).collect();
    assert_eq!(rules, vec!["TA201"]);
}

#[test]
fn hostile_policy_text_is_escaped_in_every_format() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"ok\"\nhelp = \"\\u001b[31mred <script>alert(1)</script> ::error::x\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n",
    );
    dir.write("dashboard.trusted-app.yaml", SPA);
    for format in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit",
    ] {
        let (out, _) = concise(
            dir.path(),
            &["check", ".", "--format", format, "--color", "always"],
        );
        assert!(
            !out.contains('\u{1b}') || format == "human",
            "{format}: raw escape"
        );
        assert!(!out.contains("\u{1b}[31mred"), "{format}: {out}");
    }
    // An unsafe name is refused where it is written.
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"evil\\u001b[2J\"\n[policy.scopes]\nforbidden = [\"update\"]\n",
    );
    let (out, code) = concise(dir.path(), &["check", ".", "--format", "concise"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("a policy's name is 1 to 64 letters"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out}");
}

#[test]
fn the_shipped_policies_are_valid_and_catch_what_they_say() {
    for name in ["strict-baseline", "development"] {
        let path: PathBuf = repo_root().join(format!("rules/policies/{name}.toml"));
        let file = trustlint::policy::PolicyFile::read(&path, name.to_string());
        assert!(file.problems.is_empty(), "{name}: {:?}", file.problems);
        assert!(!file.policies.is_empty());
    }
    let dir = Project::new();
    dir.write(
        "cli.trusted-app.yaml",
        "ApplicationUri: com.example/cli\nName: Tool\nAppType: Automation\nClientType: Public\nReferenceTokens: AuthenticatedUsers\nScope: read\n",
    );
    let mut options = CheckOptions {
        settings: trustlint::settings::for_run(&[dir.path().to_path_buf()], dir.path(), None, true),
        ..fixed_day_options()
    };
    options.settings.add_builtin_policy("strict-baseline");
    let report = trustlint::check_paths(&[dir.path().to_path_buf()], dir.path(), &options);
    assert!(
        report.findings.iter().any(|f| f
            .policy
            .as_ref()
            .is_some_and(|p| p.requirement == "client.max-reference-tokens")),
        "{:?}",
        found(&report)
    );
}

#[test]
fn the_audit_shows_policy_findings_beside_rule_findings() {
    let dir = Project::new();
    dir.write(
        "security.toml",
        "[[policy]]\nname = \"company-domains\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n",
    );
    dir.write(
        "dashboard.trusted-app.yaml",
        SPA.replace("Scope: openid read", "Scope: openid read sec"),
    );
    let (json, code) = concise(
        dir.path(),
        &[
            "audit",
            ".",
            "--policy",
            "security.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"PL101") && rules.contains(&"TA601"),
        "{rules:?}"
    );
    let pl101 = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PL101")
        .unwrap();
    assert_eq!(pl101["policy"]["name"], "company-domains");
    assert_eq!(pl101["policy"]["file"], "security.toml");
    let notes = v["notes"].to_string();
    assert!(notes.contains("company-domains (security.toml)"), "{notes}");
    let (html, _) = concise(
        dir.path(),
        &[
            "audit",
            ".",
            "--policy",
            "security.toml",
            "--format",
            "html",
        ],
    );
    assert!(html.contains("PL101"), "the page lists the policy finding");
}

/// A shared policy (`--policy`) is the central team's: the repository's trustlint.toml
/// cannot turn its rule off, suppress its findings or replace it by defining one of its
/// name, and turning TL004 off does not hide that.
#[test]
fn a_repository_cannot_weaken_a_shared_policy() {
    let dir = Project::new();
    dir.write(
        "central.toml",
        "[[policy]]\nname = \"company-domains\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n",
    );
    dir.write(
        "app/trustlint.toml",
        "[rules]\nPL101 = \"off\"\nTL004 = \"off\"\n\n[[ignore]]\npath = \"*.yaml\"\nrule = \"PL101\"\nreason = \"not ours\"\n\n[[policy]]\nname = \"company-domains\"\n[policy.when]\napplication-uri = [\"nothing/*\"]\n[policy.scopes]\nforbidden = [\"x\"]\n",
    );
    dir.write(
        "app/dashboard.trusted-app.yaml",
        format!("# trustlint: ignore[PL101] we know better\n{SPA}"),
    );
    let (out, code) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "central.toml",
            "--format",
            "concise",
        ],
    );
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("PL101 [error] policy `company-domains`"),
        "{out}"
    );
    assert!(
        out.contains("app/trustlint.toml:") && out.contains("already defined (in central.toml)"),
        "the repository's copy is the one refused: {out}"
    );
    assert!(
        out.contains("Policies applied: company-domains (central.toml)."),
        "{out}"
    );
    // The command line's baseline still holds it.
    let (_, _) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "central.toml",
            "--write-baseline",
            "base.json",
        ],
    );
    let (out, _) = concise(
        dir.path(),
        &[
            "check",
            "app",
            "--policy",
            "central.toml",
            "--baseline",
            "base.json",
            "--format",
            "concise",
        ],
    );
    assert!(!out.contains("PL101 [error]"), "{out}");
    // The repository's own policies stay under its own levels and suppressions.
    dir.write(
        "app/trustlint.toml",
        "[rules]\nPL101 = \"off\"\n\n[[policy]]\nname = \"local\"\n[policy.redirect-uris]\npermitted-domains = [\"example.com\"]\n",
    );
    let (out, code) = concise(dir.path(), &["check", "app", "--format", "concise"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn explain_masks_a_pasted_secret() {
    let dir = Project::new();
    let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjYW5hcnktcG9saWN5IiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLW9mLWEtY2FuYXJ5LXRva2VuLXZhbHVl";
    dir.write(
        "p.toml",
        format!("[[policy]]\nname = \"p\"\nhelp = \"use {jwt}\"\n[policy.configs]\nauthorities = [\"https://acme.my.erp.net/id?access_token={jwt}\"]\n"),
    );
    let (out, code) = concise(
        dir.path(),
        &["policy", "explain", "p", "--policy", "p.toml"],
    );
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("c2lnbmF0dXJl"), "{out}");
    let (out, _) = concise(dir.path(), &["policy", "check", "--policy", "p.toml"]);
    assert!(!out.contains("c2lnbmF0dXJl"), "{out}");
}

#[test]
fn loopback_literals_need_their_own_key_under_a_domain_list() {
    let dir = Project::new();
    dir.write(
        "dashboard.trusted-app.yaml",
        SPA.replace(
            "https://dashboard.example.net/callback",
            "https://127.0.0.1/callback",
        ),
    );
    for (keys, reported) in [
        ("", true),
        ("allow-loopback-ipv4 = true\n", false),
        ("allow-loopback-ipv6 = true\n", true),
    ] {
        dir.write(
            "trustlint.toml",
            format!("[[policy]]\nname = \"d\"\n[policy.redirect-uris]\npermitted-domains = [\"example.net\"]\n{keys}"),
        );
        let report = check_like_the_cli(dir.path(), dir.path());
        assert_eq!(
            report.findings.iter().any(|f| f.rule.code() == "PL101"),
            reported,
            "{keys}: {:?}",
            found(&report)
        );
    }
}

#[test]
fn authorities_compare_scheme_and_host_without_case() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"ours\"\n[policy.configs]\nauthorities = [\"https://acme.my.erp.net/id\"]\n",
    );
    dir.write("portal.trusted-app.yaml", "ApplicationUri: com.example/portal\nName: Portal\nAppType: WebApp\nClientType: Confidential\nApplicationSecretHash: 9Qm3vL8xT2kR7wZ4nB6yH1cF5jD0sG3aE8uP2oI7tYw=\nSecretRotatedOn: 2026-10-01\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://portal.example.com/signin-oidc\nScope: openid read\n");
    dir.write(
        "appsettings.json",
        "{\"Authentication\": {\"OpenIdConnect\": {\"Authority\": \"HTTPS://ACME.my.erp.net/id/\", \"ClientId\": \"com.example/portal\"}}}",
    );
    let report = check_like_the_cli(dir.path(), dir.path());
    assert!(report.findings.is_empty(), "{:?}", found(&report));
}

#[test]
fn exported_records_are_not_asked_for_what_only_git_can_hold() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"p\"\n[policy.secrets]\nrequire-rotation-date = true\n[policy.metadata]\nrequired = [\"Owner\"]\n",
    );
    let export = std::fs::read_to_string(
        repo_root().join("fixtures/examples/instance-export/trusted-applications.json"),
    )
    .unwrap();
    dir.write("Systems_Security_TrustedApplications.json", export);
    let report = check_like_the_cli(dir.path(), dir.path());
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.rule.code().starts_with("PL")),
        "{:?}",
        found(&report)
    );
}

#[test]
fn ci_formats_do_not_call_the_policies_unchecked() {
    let dir = Project::new();
    dir.write(
        "trustlint.toml",
        "[[policy]]\nname = \"p\"\n[policy.scopes]\nforbidden = [\"update\"]\n",
    );
    dir.write("dashboard.trusted-app.yaml", SPA);
    let (out, _) = concise(dir.path(), &["check", ".", "--format", "github"]);
    assert!(
        out.contains(
            "::notice title=trustlint%3A policies applied::Policies applied: p (trustlint.toml)."
        ),
        "{out}"
    );
    let (out, _) = concise(dir.path(), &["check", ".", "--format", "gitlab"]);
    assert!(!out.contains("did not check everything"), "{out}");
    assert!(
        out.contains("trustlint applied organisation policies."),
        "{out}"
    );
}

#[test]
fn a_bad_entry_of_a_list_is_reported_at_the_entry() {
    let dir = Project::new();
    dir.write(
        "p.toml",
        "[[policy]]\nname = \"g\"\n[policy.service]\nsystem-users = [\"ok.*\", \"[\", \"{a,b\"]\n[policy.when]\nenvironment = [\"Production\", \"Prod\"]\n",
    );
    let (out, code) = concise(
        dir.path(),
        &["policy", "check", "--isolated", "--policy", "p.toml"],
    );
    assert_eq!(code, 1, "{out}");
    for at in [
        "p.toml:4:25: `[`",
        "p.toml:4:30: `{a,b`",
        "p.toml:6:30: `Prod`",
    ] {
        assert!(out.contains(at), "{at}:\n{out}");
    }
}
