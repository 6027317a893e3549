//! `trustlint diff`: declared definitions against an instance's Domain API export.

use serde_json::Value;

mod support;
use support::{Project, TestCommand};

const DECLARED: &str = "fixtures/drift/declared";
const INSTANCE: &str = "fixtures/drift/instance";

fn diff(format: &str) -> (i32, String, String) {
    TestCommand::at_repo_root()
        .args([
            "diff",
            DECLARED,
            "--instance-export",
            INSTANCE,
            "--format",
            format,
        ])
        .run()
        .parts()
}

fn json() -> Value {
    let (code, out, _) = diff("json");
    assert_eq!(code, 1, "drift exits 1");
    serde_json::from_str(&out).unwrap()
}

fn app<'a>(drift: &'a Value, uri: &str) -> &'a Value {
    drift["apps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["application_uri"] == uri)
        .unwrap_or_else(|| panic!("{uri} is not in the drift: {drift:#}"))
}

fn change<'a>(app: &'a Value, attribute: &str) -> &'a Value {
    app["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["attribute"] == attribute)
        .unwrap_or_else(|| panic!("no {attribute} change in {app:#}"))
}

#[test]
fn each_kind_of_drift_is_found_and_apps_in_step_are_not_listed() {
    let drift = json();
    assert_eq!(
        drift["declared_apps"], 7,
        "the acme-test definition is left out"
    );
    assert_eq!(drift["registered_apps"], 7);
    let uris: Vec<&str> = drift["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["application_uri"].as_str().unwrap())
        .collect();
    // Worse than declared first, then by ApplicationUri; the field app is in step.
    assert_eq!(
        uris,
        [
            "com.acme/helpdesk",
            "com.acme/legacy-bi",
            "com.acme/ops-script",
            "com.acme/portal",
            "com.acme/stock-sync",
            "com.acme/kiosk",
            "com.acme/reports"
        ]
    );
    assert_eq!(app(&drift, "com.acme/ops-script")["kind"], "not-declared");
    assert_eq!(app(&drift, "com.acme/kiosk")["kind"], "not-registered");
    assert_eq!(app(&drift, "com.acme/reports")["kind"], "changed");
}

#[test]
fn every_attribute_an_instance_stores_is_compared() {
    let drift = json();
    let mut changed: Vec<String> = drift["apps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["changes"].as_array().unwrap().iter())
        .map(|c| c["attribute"].as_str().unwrap().to_string())
        .collect();
    changed.sort();
    changed.dedup();
    assert_eq!(
        changed,
        [
            "ApplicationSecretHash",
            "BasicAuthenticationAllowed",
            "ClientType",
            "ImpersonateAsCommunityUserAllowed",
            "ImpersonateAsInternalUserAllowed",
            "ImpersonateLoginUrl",
            "ImpersonateLogoutUrl",
            "IsEnabled",
            "Name",
            "Notes",
            "ReferenceTokens",
            "Scope",
            "SystemUser",
            "SystemUserAllowed",
        ]
    );
    let helpdesk = app(&drift, "com.acme/helpdesk");
    assert_eq!(change(helpdesk, "ClientType")["registered"], "Public");
    assert!(
        change(helpdesk, "ClientType")["worse"]
            .as_str()
            .unwrap()
            .contains("needs no secret")
    );
}

#[test]
fn lists_are_compared_as_sets_with_what_was_added_and_removed() {
    let drift = json();
    let portal = app(&drift, "com.acme/portal");
    let login = change(portal, "ImpersonateLoginUrl");
    assert_eq!(
        login["added"],
        serde_json::json!(["https://portal-staging.acme.example/callback"])
    );
    assert!(login.get("removed").is_none());
    assert_eq!(
        change(portal, "Scope")["added"],
        serde_json::json!(["update"])
    );
    // The same entries in another order or form (a list against the stored string) are no
    // change.
    assert!(
        portal["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["attribute"] != "ImpersonateLogoutUrl")
    );
    let reports = app(&drift, "com.acme/reports");
    let logout = change(reports, "ImpersonateLogoutUrl");
    assert_eq!(
        logout["removed"],
        serde_json::json!(["https://reports.acme.example/signout-callback-oidc"])
    );
    assert!(logout["worse"].is_null(), "a removed URI widens nothing");
}

#[test]
fn what_widens_access_is_marked_worse_and_the_rest_is_not() {
    let drift = json();
    let worse = |uri: &str| -> Vec<String> {
        app(&drift, uri)["worse"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap().to_string())
            .collect()
    };
    let stock = worse("com.acme/stock-sync");
    assert!(stock.iter().any(|w| w.contains("every authenticated user")));
    assert!(stock.iter().any(|w| w.contains("runs as an administrator")));
    let stock_app = app(&drift, "com.acme/stock-sync");
    assert_eq!(change(stock_app, "SystemUser")["declared"], "svc.stock");
    assert_eq!(
        change(stock_app, "SystemUser")["registered"],
        "ops.admin@acme.example",
        "a SystemUser reference is compared by the login it names"
    );
    let legacy = worse("com.acme/legacy-bi");
    assert!(legacy.iter().any(|w| w.contains("Basic authentication")));
    assert!(
        legacy
            .iter()
            .any(|w| w.contains("enabled, though declared disabled"))
    );
    let shadow = worse("com.acme/ops-script");
    assert!(shadow[0].contains("log on as a service"), "{shadow:?}");
    assert!(shadow[0].contains("run as an administrator"), "{shadow:?}");
    assert!(worse("com.acme/reports").is_empty());
    assert!(worse("com.acme/kiosk").is_empty());
}

#[test]
fn secret_hashes_and_notes_are_compared_but_never_shown() {
    let hashes = [
        "7XIsozBGTE9FbaKOuZ9BX1/V/d5QfuFd/QfUy1BPdQk=",
        "u3//UUBvs9259kKByvYdDc/H5D3mRZmnu2aILItdTiQ=",
        "mOkiGOUV0DstryOmvr7PZjncgigW5yfZM+Nx/PMllFU=",
        "i3o2A5+RCW2mrj0W4q3VwJaDIqUZsdwD1VMusrdCGjA=",
    ];
    for format in ["human", "json", "markdown", "sarif", "github"] {
        let (code, out, err) = diff(format);
        assert_eq!(code, 1, "{format}: {err}");
        for hash in hashes {
            assert!(!out.contains(hash), "{format} shows a secret hash");
            assert!(!err.contains(hash), "{format} shows a secret hash");
        }
        assert!(
            !out.contains("owner changed in March"),
            "{format} shows Notes"
        );
    }
    let drift = json();
    let hash = change(app(&drift, "com.acme/reports"), "ApplicationSecretHash");
    assert_eq!(hash["declared"], "set");
    assert_eq!(hash["registered"], "differs");
}

#[test]
fn the_human_report() {
    let (code, out, _) = diff("human");
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn the_markdown_report() {
    let (_, out, _) = diff("markdown");
    insta::assert_snapshot!(out);
}

#[test]
fn annotations_point_at_the_definition_or_the_export() {
    let (_, out, _) = diff("github");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7);
    assert!(lines[0].starts_with(
        "::error file=fixtures/drift/declared/acme.trusted-app.yaml,line=75,title=trustlint drift/changed::"
    ));
    assert!(lines.iter().any(|l| l.starts_with(
        "::error file=fixtures/drift/instance/Systems_Security_TrustedApplications.json,line=107,"
    )));
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning ") && l.contains("kiosk"))
    );
    let (_, sarif, _) = diff("sarif");
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 7);
    assert_eq!(results[0]["ruleId"], "drift/changed");
    assert_eq!(results[0]["level"], "error");
}

#[test]
fn no_drift_exits_zero() {
    let project = Project::new();
    project.write(
        "app.trusted-app.yaml",
        "ApplicationUri: com.acme/field\nName: Field app\nClientType: Public\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: [com.acme.field:/oauth2redirect]\nScope: [openid, profile, read]\n",
    );
    project.write(
        "instance/apps.json",
        r#"{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_TrustedApplications",
"value": [{"ApplicationUri": "com.acme/field", "Name": "Field app", "ClientType": "Public",
"ImpersonateAsInternalUserAllowed": true, "ImpersonateLoginUrl": "com.acme.field:/oauth2redirect",
"Scope": "read profile openid", "IsEnabled": true, "ReferenceTokens": "None", "SystemUserAllowed": false}]}"#,
    );
    let (code, out, err) = TestCommand::new(project.path())
        .args([
            "diff",
            "app.trusted-app.yaml",
            "--instance-export",
            "instance",
        ])
        .run()
        .parts();
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.starts_with("No drift: the 1 declared apps"), "{out}");
}

#[test]
fn what_cannot_be_read_is_an_error_not_drift() {
    let project = Project::new();
    project.write("app.trusted-app.yaml", "ApplicationUri: com.acme/field\n");
    project.write(
        "broken/apps.json",
        "{\"@odata.context\": \"https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_TrustedApplications\", \"value\": [",
    );
    project.write("empty/notes.txt", "nothing here\n");
    let run = |export: &str| {
        TestCommand::new(project.path())
            .args(["diff", "app.trusted-app.yaml", "--instance-export", export])
            .run()
            .parts()
    };
    let (code, out, err) = run("broken");
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty());
    assert!(err.contains("broken/apps.json"), "{err}");
    let (code, _, err) = run("empty");
    assert_eq!(code, 2);
    assert!(err.contains("no Trusted Application found"), "{err}");
    let (code, _, err) = run("missing");
    assert_eq!(code, 2);
    assert!(
        err.contains("no such file or directory: `missing`"),
        "{err}"
    );
}

#[test]
fn hostile_names_and_uris_are_escaped_in_every_format() {
    let project = Project::new();
    project.write(
        "app.trusted-app.yaml",
        "ApplicationUri: com.acme/field\nName: Field\n",
    );
    project.write(
        "instance/apps.json",
        r#"{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_TrustedApplications",
"value": [{"ApplicationUri": "com.acme/field", "Name": "Field"},
{"ApplicationUri": "com.acme/x\u001b[31m|<b>", "Name": "<img src=x onerror=alert(1)> | `x`\n::error::forged",
 "ImpersonateLoginUrl": "https://evil.example/cb?code=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl"}]}"#,
    );
    for format in ["human", "json", "markdown", "sarif", "github"] {
        let (code, out, err) = TestCommand::new(project.path())
            .args([
                "diff",
                "app.trusted-app.yaml",
                "--instance-export",
                "instance",
                "--format",
                format,
            ])
            .run()
            .parts();
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(
            !out.contains('\u{1b}'),
            "{format} passes an escape sequence"
        );
        assert!(
            !out.contains("\n::error::forged"),
            "{format} lets a name start a line"
        );
        if format == "markdown" {
            assert!(!out.contains("<img"), "markdown passes HTML: {out}");
            assert!(!out.contains("<b>"), "markdown passes HTML: {out}");
        }
    }
}

/// `trustlint diff DECLARED --instance-export EXPORT` in a scratch project.
fn diff_in(project: &Project, declared: &str, export: &str, format: &str) -> (i32, String, String) {
    TestCommand::new(project.path())
        .args([
            "diff",
            declared,
            "--instance-export",
            export,
            "--format",
            format,
        ])
        .run()
        .parts()
}

fn export(apps: &str) -> String {
    format!(
        r#"{{"@odata.context": "https://acme.my.erp.net/api/domain/odata/$metadata#Systems_Security_TrustedApplications", "value": [{apps}]}}"#
    )
}

#[test]
fn client_ids_are_shown_as_they_are_and_matched_exactly() {
    let project = Project::new();
    project.write(
        "apps.trusted-app.yaml",
        "ApplicationUri: mywebsite.com/myapp1\nName: App 1\nScope: read\n",
    );
    project.write(
        "instance/apps.json",
        export(
            r#"{"ApplicationUri": "mywebsite.com/myapp1", "Name": "App 1", "Scope": "read"},
               {"ApplicationUri": "mywebsite.com/myapp1", "Name": "App 1 again", "Scope": "read update", "ReferenceTokens": "AuthenticatedUsers"},
               {"ApplicationUri": "ErpNetSync3", "Name": "Sync 3"}"#,
        ),
    );
    let (code, out, err) = diff_in(&project, "apps.trusted-app.yaml", "instance", "human");
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("! ErpNetSync3 (Sync 3): registered, not declared"),
        "{out}"
    );
    assert!(
        out.contains("! mywebsite.com/myapp1 (App 1 again): registered, not declared"),
        "a second record of one client id is not dropped: {out}"
    );
    assert!(
        out.contains("another registration with the same ApplicationUri"),
        "{out}"
    );
}

#[test]
fn a_declared_folder_without_definitions_is_an_error_not_drift() {
    let project = Project::new();
    project.write("decl/apps.yaml", "ApplicationUri: com.acme/a\n");
    project.write(
        "instance/apps.json",
        export(r#"{"ApplicationUri": "com.acme/a"}"#),
    );
    let (code, out, err) = diff_in(&project, "decl", "instance", "human");
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("no Trusted Application definition found in `decl`"),
        "{err}"
    );
}

#[test]
fn definitions_of_other_instances_are_left_out_however_the_export_is_named() {
    let project = Project::new();
    project.write(
        "apps.trusted-app.yaml",
        "TrustedApplications:\n  - ApplicationUri: com.acme/a\n    Instance: acme-test\n    Scope: read update\n  - ApplicationUri: com.acme/a\n    Instance: https://ACME.my.erp.net/\n    Scope: read\n",
    );
    project.write(
        "acme.json",
        export(r#"{"ApplicationUri": "com.acme/a", "Scope": "read"}"#),
    );
    let (code, out, err) = diff_in(&project, "apps.trusted-app.yaml", "acme.json", "human");
    assert_eq!(code, 0, "{out}{err}");
    // A pulled export on another address: the manifest names the instance.
    project.write(
        "pulled/Systems_Security_TrustedApplications.json",
        r#"{"@odata.context": "http://127.0.0.1:9/api/domain/odata/$metadata#Systems_Security_TrustedApplications", "value": [{"ApplicationUri": "com.acme/a", "Scope": "read"}]}"#,
    );
    project.write(
        "pulled/manifest.json",
        r#"{"instance": "acme", "complete": true}"#,
    );
    let (code, out, err) = diff_in(&project, "apps.trusted-app.yaml", "pulled", "human");
    assert_eq!(code, 0, "{out}{err}");
    // Two definitions of one client id that nothing tells apart: the first, and a note.
    project.write(
        "two.trusted-app.yaml",
        "TrustedApplications:\n  - ApplicationUri: com.acme/a\n    Scope: read\n  - ApplicationUri: com.acme/a\n    Scope: read update\n",
    );
    let (code, out, _) = diff_in(&project, "two.trusted-app.yaml", "acme.json", "human");
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("note: com.acme/a is declared 2 times"),
        "{out}"
    );
}

#[test]
fn what_cannot_be_compared_is_a_note_not_drift() {
    let project = Project::new();
    project.write(
        "apps.trusted-app.yaml",
        "ApplicationUri: com.acme/worker\nSystemUserAllowed: true\nSystemUser: svc.worker\nImpersonateLoginUrl: [https://a.example/cb, https://b.example/cb]\n",
    );
    project.write(
        "instance/apps.json",
        export(
            r#"{"ApplicationUri": "com.acme/worker", "SystemUserAllowed": true,
                "SystemUser": {"@odata.id": "Systems_Security_Users(9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a)"},
                "ImpersonateLoginUrl": "https://a.example/cb,,https://b.example/cb,"}"#,
        ),
    );
    let (code, out, err) = diff_in(&project, "apps.trusted-app.yaml", "instance", "human");
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("note: com.acme/worker: SystemUser not compared"),
        "{out}"
    );
}

#[test]
fn markdown_shows_text_from_the_instance_without_acting_on_it() {
    let project = Project::new();
    project.write("apps.trusted-app.yaml", "ApplicationUri: com.acme/a\n");
    project.write(
        "instance/apps.json",
        export(r#"{"ApplicationUri": "com.acme/a"}, {"ApplicationUri": "com.acme/b", "Name": "**bold** [link](https://e.example) @octocat"}"#),
    );
    let (code, out, _) = diff_in(&project, "apps.trusted-app.yaml", "instance", "markdown");
    assert_eq!(code, 1);
    assert!(out.contains(r"\*\*bold\*\* \[link\]"), "{out}");
    assert!(
        out.contains("&#64;octocat") && !out.contains("@octocat"),
        "{out}"
    );
}

#[test]
fn the_report_is_never_written_over_a_file_it_read() {
    let project = Project::new();
    let definition = "ApplicationUri: com.acme/a\nScope: read\n";
    project.write("apps.trusted-app.yaml", definition);
    project.write(
        "instance/apps.json",
        export(r#"{"ApplicationUri": "com.acme/b"}"#),
    );
    let (code, _, err) = TestCommand::new(project.path())
        .args([
            "diff",
            "apps.trusted-app.yaml",
            "--instance-export",
            "instance",
            "-o",
            "apps.trusted-app.yaml",
        ])
        .run()
        .parts();
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("names a file this run checks"), "{err}");
    let kept = std::fs::read_to_string(project.path().join("apps.trusted-app.yaml")).unwrap();
    assert_eq!(kept, definition);
    let (code, out, _) = TestCommand::new(project.path())
        .args([
            "diff",
            "apps.trusted-app.yaml",
            "--instance-export",
            "instance",
            "-o",
            "drift.txt",
        ])
        .run()
        .parts();
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(project.path().join("drift.txt")).unwrap();
    assert!(written.contains("com.acme/b"), "{written}");
}
