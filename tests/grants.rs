//! The grant store and authorization exports: what is read into the model, what never is,
//! how grants find their app and their user, and who counts as an administrator.

use trustlint::model::{GrantType, Membership};

mod support;
use support::{Project, check_like_the_cli, instance_grants, repo_root};

#[test]
fn both_exports_are_read_and_the_authorizations_are_no_apps() {
    let report = check_like_the_cli(&instance_grants(), repo_root());
    assert_eq!(report.apps.len(), 6);
    assert_eq!(report.users.len(), 4);
    assert_eq!(report.tokens.len(), 10);
    assert_eq!(report.authorizations.len(), 2);
    let kinds: Vec<Option<&GrantType>> = report.tokens.iter().map(|t| t.kind.as_ref()).collect();
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Some(&GrantType::Reference))
            .count(),
        7
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Some(&GrantType::Refresh))
            .count(),
        2
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == Some(&GrantType::Consent))
            .count(),
        1
    );
    let revoked = report
        .authorizations
        .iter()
        .filter(|a| a.is_revoked)
        .count();
    assert_eq!(revoked, 1);
    // A reference written with an upper-case guid is the same app.
    let by_reference = report.tokens.iter().find(|t| t.client.is_none()).unwrap();
    assert_eq!(
        by_reference.app_id.as_deref(),
        Some("1d2e3f4a-5b6c-4d7e-9f0a-b1c2d3e4f5a6")
    );
}

#[test]
fn keys_and_data_are_masked_in_every_snippet() {
    let report = check_like_the_cli(&instance_grants(), repo_root());
    let file = report
        .sources
        .iter()
        .position(|s| s.display.ends_with("access-tokens.json"))
        .unwrap();
    let raw = &report.sources[file].text;
    let shown = report.shown_text(file);
    assert!(raw.contains("GrantKeyCanary02"));
    assert!(raw.contains("GrantDataCanary02"));
    for canary in ["GrantKeyCanary", "GrantDataCanary", "enrt_"] {
        assert!(!shown.contains(canary), "a snippet shows {canary}");
    }
    // What is not a secret stays readable.
    assert!(shown.contains("\"Client\": \"com.acme/report-scripts\""));
}

#[test]
fn grants_find_their_user_by_login_email_or_reference() {
    let report = check_like_the_cli(&instance_grants(), repo_root());
    let codes = support::rule_codes(&report);
    for code in ["TA704", "TA705", "TA706", "TA707"] {
        assert!(codes.contains(code), "{code} missing: {codes:?}");
    }
    // The administrator's token names its user by e-mail; the user is an administrator
    // through a group of type Administrators, not IsAdmin.
    let admin = report
        .findings
        .iter()
        .find(|f| f.rule.code() == "TA707")
        .unwrap();
    assert!(
        admin.message.contains(
            "acts as `ana.petrova`, an administrator (member of a group of type Administrators)"
        ),
        "{}",
        admin.message
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule.code() == "TA707")
            .count(),
        1
    );
}

#[test]
fn administrators_by_flag_or_group_type_and_unknown_without_groups() {
    let dir = Project::new();
    dir.write(
        "users.json",
        r#"{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_Users",
  "value": [
    {"Login": "flag", "IsAdmin": true},
    {"Login": "typed", "IsAdmin": false, "Groups": [{"Group": {"Name": {"en": "Ops"}, "GroupType": "Administrators"}}]},
    {"Login": "named", "IsAdmin": false, "Groups": ["Administrators"]},
    {"Login": "renamed", "IsAdmin": false, "Groups": [{"Name": "Administrators", "GroupType": "Normal"}]},
    {"Login": "plain", "IsAdmin": false, "Groups": []},
    {"Login": "unknown", "IsAdmin": false}
  ]}"#,
    );
    let report = check_like_the_cli(dir.path(), dir.path());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let membership: Vec<(String, Membership)> = report
        .users
        .iter()
        .map(|u| (u.label(), u.membership()))
        .collect();
    use Membership::*;
    assert_eq!(
        membership,
        [
            ("flag".to_string(), Administrator),
            ("typed".to_string(), Administrator),
            ("named".to_string(), Administrator),
            ("renamed".to_string(), NotAdministrator),
            ("plain".to_string(), NotAdministrator),
            ("unknown".to_string(), GroupsNotAvailable),
        ]
    );
}

#[test]
fn an_export_over_the_size_limit_is_reported_not_dropped() {
    let dir = Project::new();
    dir.write("trustlint.toml", "[limits]\nmax-file-mib = 1\n");
    let mut export = String::from(
        "{\"@odata.context\": \"https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_AccessTokens\", \"value\": [\n",
    );
    let record =
        "{\"Type\": \"refresh_token\", \"Client\": \"com.example/app\", \"Actor\": \"someone\"},\n";
    while export.len() < 1_200_000 {
        export.push_str(record);
    }
    export.push_str("{}]}\n");
    dir.write("tokens.json", &export);
    // A large JSON file that is no export is still passed over.
    dir.write("data.json", format!("[{}1]", "1,".repeat(700_000)));
    let run = support::trustlint(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_eq!(
        run.findings(),
        [
            "tokens.json:1:1: TA001 [error] cannot be checked: a Domain API export larger than 1 MiB (raise max-file-mib under [limits] in trustlint.toml, or export fewer records per file)"
        ]
    );
}
