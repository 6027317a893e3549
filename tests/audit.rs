//! `trustlint audit`: every figure of the report on an instance where each is known
//! (`fixtures/examples/instance-grants`), one test per row of the README's risk table, and
//! the formats: what each must hold, and what none may (a secret, a hash, a grant's key).

use trustlint::audit::{AppAudit, Audit, Risk};

mod support;
use support::{AUDIT_FORMATS, Project, audit_of, check_like_the_cli, instance_grants, repo_root};

fn fixture_audit() -> Audit {
    audit_of(&check_like_the_cli(&instance_grants(), repo_root()))
}

fn app<'a>(audit: &'a Audit, uri: &str) -> &'a AppAudit {
    audit
        .apps
        .iter()
        .find(|a| a.application_uri == uri)
        .unwrap_or_else(|| panic!("no app {uri} in the audit"))
}

#[test]
fn apps_per_risk_and_per_flow() {
    let audit = fixture_audit();
    let s = &audit.summary;
    assert_eq!((s.apps, s.enabled_apps), (6, 5));
    let risks: Vec<(&str, usize)> = s.by_risk.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        risks,
        [("critical", 1), ("high", 1), ("low", 0), ("medium", 4)]
    );
    let flows: Vec<(&str, usize)> = s.by_flow.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        flows,
        [
            ("Authorization Code", 1),
            ("Basic (legacy)", 0),
            ("Client Credentials", 4),
            ("Reference tokens", 4),
            ("none", 0)
        ]
    );
    // Most urgent first.
    let order: Vec<(&str, Risk)> = audit
        .apps
        .iter()
        .map(|a| (a.application_uri.as_str(), a.risk))
        .collect();
    assert_eq!(
        order,
        [
            ("com.acme/erp-connector", Risk::Critical),
            ("com.acme/report-scripts", Risk::High),
            ("com.acme/nightly-export", Risk::Medium),
            ("com.acme/partner-api", Risk::Medium),
            ("com.acme/stock-sync", Risk::Medium),
            ("com.acme/web-portal", Risk::Medium),
        ]
    );
}

#[test]
fn what_each_app_can_do() {
    let audit = fixture_audit();
    let connector = app(&audit, "com.acme/erp-connector");
    assert_eq!(connector.app_type.as_deref(), Some("Service"));
    assert!(!connector.app_type_declared);
    assert_eq!(
        connector.app_type_evidence.as_deref(),
        Some("SystemUserAllowed is true and no login URL is registered")
    );
    assert_eq!(connector.flows, ["Client Credentials", "Reference tokens"]);
    assert_eq!(
        connector.authentication,
        ["service", "PAT (any user)", "SAT"]
    );
    assert_eq!(connector.scopes, ["read", "update"]);
    assert_eq!(connector.client_type, "Confidential");
    let partner = app(&audit, "com.acme/partner-api");
    assert!(partner.app_type_declared);
    assert_eq!(partner.secret_age, "321 days");
    assert_eq!(partner.secret_age_days, Some(321));
    assert_eq!(connector.secret_age, "unknown");
    assert_eq!(
        app(&audit, "com.acme/report-scripts").secret_age,
        "no secret"
    );
    let portal = app(&audit, "com.acme/web-portal");
    assert_eq!(portal.flows, ["Authorization Code"]);
    assert_eq!(portal.authentication, ["interactive internal"]);
    assert_eq!(portal.active_authorizations, 1);
    let stock = app(&audit, "com.acme/stock-sync");
    assert!(!stock.enabled);
    assert_eq!(
        (
            stock.configs.total,
            stock.configs.frontend,
            stock.configs.backend
        ),
        (1, 0, 1)
    );
    assert_eq!(
        (
            stock.findings.error,
            stock.findings.warning,
            stock.findings.info
        ),
        (1, 2, 0)
    );
}

#[test]
fn system_users_and_who_shares_them() {
    let audit = fixture_audit();
    let users: Vec<(&str, &str, Vec<&str>)> = audit
        .system_users
        .iter()
        .map(|u| {
            (
                u.login.as_str(),
                u.administrator.as_str(),
                u.apps.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        users,
        [
            ("svc.admin", "yes", vec!["com.acme/erp-connector"]),
            (
                "svc.export",
                "no",
                vec![
                    "com.acme/partner-api",
                    "com.acme/nightly-export",
                    "com.acme/stock-sync"
                ]
            ),
        ]
    );
    assert_eq!(audit.summary.administrator_system_users, 1);
    let export = app(&audit, "com.acme/nightly-export");
    let su = export.system_user.as_ref().unwrap();
    assert_eq!(
        (su.login.as_str(), su.user_type.as_deref(), su.apps_sharing),
        ("svc.export", Some("ApplicationUserNoLogin"), 3)
    );
    // Every user's groups are exported: membership was known.
    assert!(
        !audit.notes.iter().any(|n| n.contains("group membership")),
        "{:?}",
        audit.notes
    );
}

#[test]
fn reference_token_counts_and_stale_tokens() {
    let audit = fixture_audit();
    let t = &audit.tokens;
    assert_eq!(t.grants, 10);
    assert_eq!(t.reference.count, 6);
    assert_eq!(t.expired_reference, 1);
    assert_eq!(t.reference.never_expiring, 1);
    assert_eq!(t.reference.unused_90_days, 2);
    assert_eq!(t.reference.issued_by_administrators, 1);
    assert_eq!(t.reference.oldest.as_deref(), Some("2026-03-02"));
    assert_eq!(t.refresh, 1);
    assert_eq!(t.of_unknown_apps, 1);
    assert_eq!(t.active_authorizations, 1);
    let scripts = &app(&audit, "com.acme/report-scripts").reference_tokens;
    assert_eq!(
        (
            scripts.count,
            scripts.oldest.as_deref(),
            scripts.never_expiring,
            scripts.unused_90_days,
            scripts.issued_by_administrators
        ),
        (2, Some("2026-03-02"), 1, 1, 1)
    );
    // Matched by the TrustedApplication reference alone (upper-case guid, no Client).
    assert_eq!(
        app(&audit, "com.acme/nightly-export")
            .reference_tokens
            .count,
        1
    );
    let stock = &app(&audit, "com.acme/stock-sync").reference_tokens;
    assert_eq!((stock.count, stock.unused_90_days), (1, 1));
    assert_eq!(
        app(&audit, "com.acme/erp-connector").reference_tokens.count,
        0
    );
}

#[test]
fn secrets_past_rotation_and_disabled_apps_in_use() {
    let audit = fixture_audit();
    let s = &audit.summary;
    assert_eq!(s.secrets_past_rotation, ["com.acme/partner-api"]);
    assert_eq!(s.secret_age_unknown, 4);
    assert_eq!(s.rotation_days, 180);
    assert_eq!(s.disabled_apps_with_configs, ["com.acme/stock-sync"]);
    assert!(audit.notes.iter().any(|n| n.contains("SecretRotatedOn")));
}

#[test]
fn the_ten_things_to_fix_first_start_with_the_errors() {
    let audit = fixture_audit();
    let fix: Vec<(&str, Option<&str>, usize)> = audit
        .fix_first
        .iter()
        .map(|f| (f.rule.as_str(), f.app.as_deref(), f.count))
        .collect();
    assert_eq!(fix.len(), 10);
    assert_eq!(fix[0], ("TA502", Some("com.acme/erp-connector"), 1));
    assert_eq!(fix[1], ("CF210", Some("com.acme/stock-sync"), 1));
    assert_eq!(fix[2], ("TA701", Some("com.acme/erp-connector"), 1));
    assert!(audit.fix_first.iter().all(|f| !f.rule_name.is_empty()));
    assert_eq!(audit.findings.len(), 10);
}

#[test]
fn without_groups_the_audit_says_membership_was_not_available() {
    let dir = Project::new();
    dir.write(
        "users.json",
        r#"{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_Users",
  "value": [{"Login": "svc.bi", "UserType": "InternalUser", "IsAdmin": false}]}"#,
    );
    dir.write(
        "bi.trusted-app.yaml",
        "ApplicationUri: com.example/bi\nAppType: Service\nClientType: Confidential\nApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=\nSystemUserAllowed: true\nSystemUser: svc.bi\nScope: read\n",
    );
    let audit = audit_of(&check_like_the_cli(dir.path(), dir.path()));
    assert!(
        audit
            .notes
            .iter()
            .any(|n| n.starts_with("group membership was not available")),
        "{:?}",
        audit.notes
    );
    let su = audit.apps[0].system_user.as_ref().unwrap();
    assert_eq!(su.administrator, "unknown");
}

// ---------------------------------------------------------------------------------------
// The risk table, row by row (README, "Risk levels").

/// The risk and reasons of the one app `files` define (with `tokens` as a grant export).
fn risk_of(files: &[(&str, &str)]) -> (Risk, Vec<String>) {
    let dir = Project::new();
    for (path, text) in files {
        dir.write(path, text);
    }
    let audit = audit_of(&check_like_the_cli(dir.path(), dir.path()));
    let a = audit
        .apps
        .iter()
        .find(|a| a.application_uri == "com.example/app")
        .expect("the app");
    (a.risk, a.risk_reasons.clone())
}

const HASH: &str = "v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=";

fn service_app(system_user: &str, reference_tokens: &str) -> String {
    format!(
        "ApplicationUri: com.example/app\nAppType: Service\nClientType: Confidential\nApplicationSecretHash: {HASH}\nSystemUserAllowed: true\nSystemUser: {system_user}\nReferenceTokens: {reference_tokens}\nScope: read\n"
    )
}

fn users(admin: bool) -> String {
    format!(
        r#"{{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_Users",
  "value": [{{"Login": "svc.app", "UserType": "ApplicationUserNoLogin", "IsAdmin": {admin}, "Groups": []}},
            {{"Login": "root", "UserType": "InternalUser", "IsAdmin": true, "Groups": []}},
            {{"Login": "dev", "UserType": "InternalUser", "IsAdmin": false, "Groups": []}}]}}"#
    )
}

fn grant(actor: &str, created: &str, last_used: &str) -> String {
    format!(
        r#"{{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_AccessTokens",
  "value": [{{"AccessTokenKey": "RiskRowKeyq7W2mZ9xL4", "Type": "reference_token", "Client": "com.example/app",
             "Actor": "{actor}", "Scopes": "read", "CreationTimestamp": "{created}T08:00:00Z",
             "ExpireTimestamp": "2027-06-01T08:00:00Z", "LastUsedTimestamp": {last_used}}}]}}"#
    )
}

#[test]
fn critical_an_administrator_system_user_on_an_app_any_user_can_mint_pats_for() {
    let app = service_app("svc.app", "AuthenticatedUsers");
    let (risk, reasons) = risk_of(&[("app.trusted-app.yaml", &app), ("users.json", &users(true))]);
    assert_eq!(risk, Risk::Critical);
    assert!(
        reasons.iter().any(|r| r
            == "critical: runs as an administrator System User, and any signed-in user may issue PATs for it"),
        "{reasons:?}"
    );
}

#[test]
fn critical_a_committed_secret_of_an_enabled_app() {
    let spa = "ApplicationUri: com.example/app\nName: Dashboard\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://dashboard.example.com/callback\nImpersonateLogoutUrl: https://dashboard.example.com/\nScope: read\n";
    let env = "VITE_OIDC_AUTHORITY=https://acme.my.erp.net/id\nVITE_OIDC_CLIENT_ID=com.example/app\nVITE_OIDC_CLIENT_SECRET=Rk4wQz8Xv2Nt6Lm1Pc9Hs3Jd\nVITE_OIDC_REDIRECT_URI=https://dashboard.example.com/callback\n";
    let (risk, reasons) = risk_of(&[("app.trusted-app.yaml", spa), ("web/.env.production", env)]);
    assert_eq!(risk, Risk::Critical);
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("critical: a secret is committed in a config (CF1")),
        "{reasons:?}"
    );
}

#[test]
fn high_an_enabled_service_app_running_as_an_administrator() {
    let app = service_app("svc.app", "None");
    let (risk, reasons) = risk_of(&[("app.trusted-app.yaml", &app), ("users.json", &users(true))]);
    assert_eq!(risk, Risk::High);
    assert!(
        reasons
            .iter()
            .any(|r| r == "high: runs as an administrator System User"),
        "{reasons:?}"
    );
}

#[test]
fn high_an_enabled_app_with_an_error_finding() {
    // A Confidential service app without a secret hash: TA302, an error.
    let app = "ApplicationUri: com.example/app\nAppType: Service\nClientType: Confidential\nSystemUserAllowed: true\nSystemUser: svc.app\nScope: read\n";
    let (risk, reasons) = risk_of(&[("app.trusted-app.yaml", app), ("users.json", &users(false))]);
    assert_eq!(risk, Risk::High);
    assert!(
        reasons
            .iter()
            .any(|r| r == "high: an error finding (TA302)"),
        "{reasons:?}"
    );
}

#[test]
fn high_a_valid_reference_token_acting_as_an_administrator() {
    let app = service_app("svc.app", "AdministratorsOnly");
    let (risk, reasons) = risk_of(&[
        ("app.trusted-app.yaml", &app),
        ("users.json", &users(false)),
        (
            "tokens.json",
            &grant("root", "2026-11-01", "\"2026-11-20T08:00:00Z\""),
        ),
    ]);
    assert_eq!(risk, Risk::High);
    assert!(
        reasons
            .iter()
            .any(|r| r == "high: a valid reference token acts as an administrator"),
        "{reasons:?}"
    );
}

#[test]
fn medium_a_warning_finding_also_of_a_disabled_apps_tokens() {
    // ReferenceTokens: AuthenticatedUsers on an otherwise clean app: TA701, a warning.
    let app = service_app("svc.app", "AuthenticatedUsers");
    let (risk, reasons) = risk_of(&[
        ("app.trusted-app.yaml", &app),
        ("users.json", &users(false)),
    ]);
    assert_eq!(risk, Risk::Medium);
    assert!(
        reasons
            .iter()
            .any(|r| r == "medium: a warning finding (TA701)"),
        "{reasons:?}"
    );
    // A disabled app's live token (TA706) still counts; its other warnings do not.
    let disabled = format!(
        "{}IsEnabled: false\n",
        service_app("svc.app", "AdministratorsOnly")
    );
    let (risk, reasons) = risk_of(&[
        ("app.trusted-app.yaml", &disabled),
        ("users.json", &users(false)),
        (
            "tokens.json",
            &grant("dev", "2026-11-01", "\"2026-11-20T08:00:00Z\""),
        ),
    ]);
    assert_eq!(risk, Risk::Medium);
    assert_eq!(reasons, ["medium: a warning finding (TA706)"]);
}

#[test]
fn medium_a_valid_reference_token_unused_for_90_days() {
    let app = service_app("svc.app", "AdministratorsOnly");
    let (risk, reasons) = risk_of(&[
        ("app.trusted-app.yaml", &app),
        ("users.json", &users(false)),
        (
            "tokens.json",
            &grant("dev", "2026-05-01", "\"2026-06-01T08:00:00Z\""),
        ),
    ]);
    assert_eq!(risk, Risk::Medium);
    assert_eq!(
        reasons,
        ["medium: a valid reference token unused for 90 days"]
    );
}

#[test]
fn low_none_of_the_above() {
    let app = service_app("svc.app", "AdministratorsOnly");
    let (risk, reasons) = risk_of(&[
        ("app.trusted-app.yaml", &app),
        ("users.json", &users(false)),
        ("tokens.json", &grant("dev", "2026-11-01", "null")),
    ]);
    assert_eq!(risk, Risk::Low);
    assert!(reasons.is_empty(), "{reasons:?}");
}

// ---------------------------------------------------------------------------------------
// The formats.

/// The values of the fixture that no output may show: every grant's key and data, every
/// secret hash, and a distinctive piece of each.
fn fixture_secrets() -> Vec<String> {
    let dir = instance_grants();
    let mut secrets = Vec::new();
    for file in ["access-tokens.json", "trusted-applications.json"] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        for item in json["value"].as_array().unwrap() {
            for key in ["AccessTokenKey", "Data", "ApplicationSecretHash"] {
                if let Some(value) = item[key].as_str() {
                    secrets.push(value.to_string());
                }
            }
        }
    }
    let yaml = std::fs::read_to_string(dir.join("partner-api.trusted-app.yaml")).unwrap();
    let hash = yaml
        .lines()
        .find_map(|l| l.strip_prefix("ApplicationSecretHash: "))
        .unwrap();
    secrets.push(hash.to_string());
    assert_eq!(secrets.len(), 10 + 10 + 4 + 1);
    let pieces: Vec<String> = secrets
        .iter()
        .filter(|s| s.len() >= 24)
        .map(|s| s[s.len() / 2 - 6..s.len() / 2 + 6].to_string())
        .collect();
    secrets.extend(pieces);
    secrets
}

#[test]
fn no_grant_key_data_or_hash_in_any_audit_or_check_format() {
    let secrets = fixture_secrets();
    let dir = instance_grants();
    let path = dir.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = AUDIT_FORMATS
        .iter()
        .map(|f| [&["audit", path][..], f].concat())
        .collect();
    for format in support::FORMATS {
        runs.push(vec!["check", "--format", format, path]);
    }
    for args in runs {
        let run = support::trustlint(repo_root(), &args);
        let out = run.both();
        assert!(!out.is_empty(), "{args:?} printed nothing");
        for secret in &secrets {
            assert!(!out.contains(secret.as_str()), "{args:?} shows `{secret}`");
        }
    }
    // The model holds no key and no data either.
    let report = check_like_the_cli(&dir, repo_root());
    let model = format!("{:?}{:?}", report.tokens, report.authorizations);
    for secret in &secrets {
        assert!(
            !model.contains(secret.as_str()),
            "the model holds `{secret}`"
        );
    }
}

#[test]
fn the_html_is_one_self_contained_page_with_a_row_per_app() {
    let audit = fixture_audit();
    let html = trustlint::audit::render(&audit, trustlint::audit::AuditFormat::Html, false);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for loads in [
        "<script src",
        "<link",
        "<img",
        "@import",
        "url(",
        "<iframe",
        "<object",
    ] {
        assert!(!html.contains(loads), "the page loads something: {loads}");
    }
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<tr data-risk=").count(), 6);
    assert_eq!(html.matches("<svg ").count(), 2);
    // Every finding links to its rule's page, which is in the page.
    for f in &audit.findings {
        assert!(html.contains(&format!("href=\"#rule-{}\"", f.rule)));
        assert!(html.contains(&format!("id=\"rule-{}\"", f.rule)));
    }
    // Without its script the table is whole, and the controls that need it are hidden.
    assert!(html.contains("id=\"controls\" hidden"));
}

#[test]
fn text_from_files_cannot_become_markup() {
    let dir = Project::new();
    dir.write(
        "x.trusted-app.yaml",
        "ApplicationUri: com.example/app\nName: \"<img src=x onerror=alert(1)> | [link](https://evil.example) =cmd|' /C calc'!A0\"\nAppType: Service\nClientType: Confidential\nApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=\nSystemUserAllowed: true\nSystemUser: svc.app\nScope: read\n",
    );
    let audit = audit_of(&check_like_the_cli(dir.path(), dir.path()));
    use trustlint::audit::{AuditFormat, render};
    let html = render(&audit, AuditFormat::Html, false);
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let md = render(&audit, AuditFormat::Markdown, false);
    assert!(!md.contains("[link](https://evil.example)"));
    assert!(!md.contains("<img"));
    let csv = render(&audit, AuditFormat::Csv, false);
    assert!(csv.contains(
        ",<img src=x onerror=alert(1)> | [link](https://evil.example) =cmd|' /C calc'!A0,"
    ));
}

#[test]
fn csv_has_one_row_per_app_or_per_finding() {
    let audit = fixture_audit();
    use trustlint::audit::{AuditFormat, render};
    let apps = render(&audit, AuditFormat::Csv, false);
    assert_eq!(apps.lines().count(), 1 + 6);
    assert!(apps.starts_with("risk,application_uri,name,"));
    let findings = render(&audit, AuditFormat::Csv, true);
    assert_eq!(findings.lines().count(), 1 + 10);
    let json: serde_json::Value =
        serde_json::from_str(&render(&audit, AuditFormat::Json, false)).unwrap();
    assert_eq!(json["apps"].as_array().unwrap().len(), 6);
    assert_eq!(json["version"], 1);
}

#[test]
fn findings_goes_with_csv_only() {
    let run = support::trustlint(
        repo_root(),
        &[
            "audit",
            "--format",
            "json",
            "--findings",
            "fixtures/examples/instance-grants",
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert!(run.both().contains("--findings goes with --format csv"));
}

#[test]
fn the_readme_shows_the_commands_help() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let shown = readme
        .split("<!-- audit-help:begin -->\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```\n<!-- audit-help:end -->").next())
        .expect("the README's audit help block");
    let run = support::trustlint(repo_root(), &["audit", "--help"]);
    assert_eq!(run.code, Some(0));
    assert_eq!(
        shown, run.stdout,
        "the README's `trustlint audit --help` is out of date: paste the command's output"
    );
}

#[test]
fn the_exports_trustlint_pull_writes_are_audited() {
    // The shapes `trustlint pull` asks for: the System User expanded on each app, grants
    // without their key or data, authorizations with their app expanded to its URI.
    let dir = Project::new();
    let root = "https://acme.my.erp.net/api/domain/odata/$metadata#";
    dir.write(
        "Systems_Security_TrustedApplications.json",
        format!(
            r#"{{"@odata.context": "{root}Systems_Security_TrustedApplications", "value": [
  {{"Id": "0c1d2e3f-4a5b-4c6d-8e9f-a0b1c2d3e4f5", "ApplicationUri": "com.example/app", "Name": "App",
    "ClientType": "Confidential", "ApplicationSecretHash": "{HASH}", "SystemUserAllowed": true,
    "ReferenceTokens": "AdministratorsOnly", "Scope": "read", "IsEnabled": true,
    "SystemUser": {{"Id": "5b6c7d8e-9f0a-4b1c-d3e4-f5a6b7c8d9e0", "Login": "svc.app", "UserType": "ApplicationUserNoLogin", "IsAdmin": false, "Active": true}}}}]}}"#
        ),
    );
    dir.write(
        "Systems_Security_AccessTokens.json",
        format!(
            r#"{{"@odata.context": "{root}Systems_Security_AccessTokens", "value": [
  {{"Id": "9a0b1c2d-3e4f-4a5b-8c6d-000000000001", "Type": "reference_token", "Client": "com.example/app",
    "Actor": "svc.app", "Scopes": "read", "Description": null, "CreationTimestamp": "2026-11-01T08:00:00Z",
    "ExpireTimestamp": null, "ConsumedTimestamp": null, "LastUsedTimestamp": "2026-11-20T08:00:00Z"}}]}}"#
        ),
    );
    dir.write(
        "Systems_Security_TrustedApplicationAuthorizations.json",
        format!(
            r#"{{"@odata.context": "{root}Systems_Security_TrustedApplicationAuthorizations", "value": [
  {{"Id": "aa0b1c2d-3e4f-4a5b-8c6d-000000000001", "GrantTimeUtc": "2026-10-05T09:00:00Z", "IsRevoked": false,
    "ValidFromUtc": null, "ValidUntilUtc": null, "TrustedApplication": {{"ApplicationUri": "com.example/app"}},
    "ContextUser": {{"Login": "ivan"}}, "GrantingUser": {{"Login": "ana"}}}}]}}"#
        ),
    );
    let report = check_like_the_cli(dir.path(), dir.path());
    assert_eq!(
        support::rule_codes(&report).into_iter().collect::<Vec<_>>(),
        ["TA705"]
    );
    let audit = audit_of(&report);
    let a = app(&audit, "com.example/app");
    assert_eq!(a.reference_tokens.count, 1);
    assert_eq!(a.reference_tokens.never_expiring, 1);
    assert_eq!(a.active_authorizations, 1);
    let su = a.system_user.as_ref().unwrap();
    assert_eq!(
        (su.login.as_str(), su.administrator.as_str()),
        ("svc.app", "unknown")
    );
    assert!(
        audit
            .notes
            .iter()
            .any(|n| n.starts_with("group membership was not available")),
        "{:?}",
        audit.notes
    );
}
