//! The command line as a user meets it: commands, formats and exit statuses.

use serde_json::Value;

mod support;
use support::{Project, TestCommand, repo_root};

/// The exit status and standard output (which must be UTF-8) of a run.
fn stdout_of(cmd: &mut TestCommand) -> (i32, String) {
    let out = cmd.run();
    (
        out.code.unwrap_or(-1),
        String::from_utf8(out.stdout_bytes).unwrap(),
    )
}

const MANY_PROBLEMS: &str = "fixtures/examples/erp-sync/trusted-apps.yaml";
const CLEAN: &str = "fixtures/examples/customer-portal/portal.trusted-app.yaml";

#[test]
fn human_output_for_a_file_with_many_problems() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args(["check", MANY_PROBLEMS]));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn concise_output_for_a_file_with_many_problems() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args([
        "check",
        "--format",
        "concise",
        MANY_PROBLEMS,
    ]));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn the_bundled_examples_show_real_findings() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args([
        "check",
        "--format",
        "concise",
        "fixtures/examples",
    ]));
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn a_clean_definition_exits_zero() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args(["check", CLEAN]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("No problems found in 1 file (2 apps)."),
        "{out}"
    );
}

#[test]
fn fail_on_decides_whether_warnings_fail_the_run() {
    let file = "fixtures/examples/warehouse-desktop/warehouse.trusted-app.yaml";
    let dir = Project::new();
    let path = dir.path().join("w.trusted-app.yaml");
    // A desktop app whose only problem is the `localhost` name: a warning.
    let text = std::fs::read_to_string(repo_root().join(file))
        .unwrap()
        .replace("127.0.0.1", "localhost");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let (code, out) =
        stdout_of(TestCommand::at_repo_root().args(["check", "--format", "concise", path]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("TA205 [warning]"), "{out}");
    let (code, _) =
        stdout_of(TestCommand::at_repo_root().args(["check", "--fail-on", "warning", path]));
    assert_eq!(code, 1);
    let (code, _) =
        stdout_of(TestCommand::at_repo_root().args(["check", "--fail-on", "info", path]));
    assert_eq!(code, 1);
}

#[test]
fn an_unparsable_file_exits_two_and_the_rest_is_still_checked() {
    let dir = Project::new();
    dir.write("broken.trusted-app.yaml", "ApplicationUri: [unclosed\n");
    dir.write(
        "other.trusted-app.yaml",
        "ApplicationUri: com.example/x\nClientType: Public\nBasicAuthenticationAllowed: true\n",
    );
    let (code, out) = stdout_of(TestCommand::at_repo_root().args([
        "check",
        "--format",
        "concise",
        dir.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("broken.trusted-app.yaml:"), "{out}");
    assert!(out.contains("TA001 [error] invalid YAML"), "{out}");
    assert!(
        out.contains("TA703"),
        "the other file was not checked: {out}"
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let out = TestCommand::at_repo_root()
        .args(["check", "--format", "concise", "no/such/dir"])
        .run();
    assert_eq!(out.code, Some(2), "{}", out.both());
    assert!(out.stdout.is_empty(), "no report: {}", out.both());
    assert_eq!(
        out.stderr.trim(),
        "trustlint: no such file or directory: `no/such/dir`"
    );
    insta::assert_snapshot!("missing_path_stderr", out.stderr);
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(
        TestCommand::at_repo_root()
            .args(["check", "--format", "yaml"])
            .run()
            .code,
        Some(2)
    );
    assert_eq!(
        TestCommand::at_repo_root()
            .args(["explain", "TA999"])
            .run()
            .code,
        Some(2)
    );
}

#[test]
fn json_output_has_the_documented_shape() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args([
        "check",
        "--format",
        "json",
        "fixtures/examples",
    ]));
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], 1);
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in [
            "rule",
            "name",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "app",
            "message",
            "help",
        ] {
            assert!(f.get(key).is_some(), "missing {key} in {f}");
        }
        let path = f["path"].as_str().unwrap();
        assert!(
            path.starts_with("fixtures/examples/") && !path.contains('\\'),
            "{path}"
        );
    }
    let admin = findings.iter().find(|f| f["rule"] == "TA502").unwrap();
    assert_eq!(admin["app"], "com.example/erp-sync");
    assert_eq!(
        admin["path"],
        "fixtures/examples/erp-sync/trusted-apps.yaml"
    );
    assert_eq!(
        (admin["line"].as_u64(), admin["column"].as_u64()),
        (Some(10), Some(17))
    );
    assert_eq!(
        (admin["end_line"].as_u64(), admin["end_column"].as_u64()),
        (Some(10), Some(22))
    );
    let summary = &doc["summary"];
    let counted = summary["errors"].as_u64().unwrap() + summary["warnings"].as_u64().unwrap();
    assert_eq!(counted as usize, findings.len());
}

fn sarif_fingerprints(path: &str) -> Vec<(String, String)> {
    let (_, out) =
        stdout_of(TestCommand::at_repo_root().args(["check", "--format", "sarif", path]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["trustlint/v2"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn sarif_output_describes_the_rules_and_locates_results() {
    let (code, out) =
        stdout_of(TestCommand::at_repo_root().args(["check", "--format", "sarif", MANY_PROBLEMS]));
    assert_eq!(code, 1);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), trustlint::finding::Rule::ALL.len());
    for r in rules {
        assert!(
            r["helpUri"]
                .as_str()
                .is_some_and(|u| u.starts_with("https://")),
            "{r}"
        );
        assert!(r["defaultConfiguration"]["level"].is_string());
    }
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["endColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn sarif_fingerprints_survive_unrelated_lines_moving() {
    let dir = Project::new();
    let original = std::fs::read_to_string(repo_root().join(MANY_PROBLEMS)).unwrap();
    let path = dir.path().join("trusted-apps.yaml");
    std::fs::write(&path, &original).unwrap();
    let before = sarif_fingerprints(path.to_str().unwrap());
    let moved = format!("# Owned by the integrations team.\n# Reviewed quarterly.\n\n{original}");
    std::fs::write(&path, moved).unwrap();
    let after = sarif_fingerprints(path.to_str().unwrap());
    assert!(!before.is_empty());
    assert_eq!(before, after);
    let unique: std::collections::BTreeSet<_> = before.iter().map(|(_, f)| f).collect();
    assert_eq!(
        unique.len(),
        before.len(),
        "fingerprints must tell findings apart"
    );
}

#[test]
fn rules_lists_the_catalog_and_explain_prints_a_page() {
    let (code, out) = stdout_of(TestCommand::at_repo_root().args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        rules.as_array().unwrap().len(),
        trustlint::finding::Rule::ALL.len()
    );
    let (code, text) = stdout_of(TestCommand::at_repo_root().args(["rules"]));
    assert_eq!(code, 0);
    assert!(text.contains("TA201  E  redirect-uri-not-https"), "{text}");

    let (code, page) =
        stdout_of(TestCommand::at_repo_root().args(["explain", "redirect-uri-not-https"]));
    assert_eq!(code, 0);
    for section in [
        "TA201 redirect-uri-not-https (error)",
        "Why is this bad?",
        "Example",
        "Use instead",
        "References",
        "https://www.rfc-editor.org/rfc/rfc9700",
    ] {
        assert!(page.contains(section), "missing {section}:\n{page}");
    }
}

#[test]
fn a_tree_without_definitions_says_so_and_passes() {
    let dir = Project::new();
    dir.write("package.json", "{\"name\": \"web\"}");
    let out = TestCommand::at_repo_root()
        .args(["check", dir.path().to_str().unwrap()])
        .run();
    assert_eq!(out.code, Some(0));
    assert!(
        out.stderr
            .contains("no Trusted Application definitions found")
    );
}

#[test]
fn gitignored_definitions_are_not_checked() {
    let dir = Project::new();
    dir.write(".gitignore", "build/\n");
    dir.write("build/old.trusted-app.yaml", "ApplicationUri: [broken\n");
    dir.write(
        "app.trusted-app.yaml",
        "ApplicationUri: com.example/x\nClientType: Public\nBasicAuthenticationAllowed: true\n",
    );
    let (code, out) = stdout_of(TestCommand::at_repo_root().args([
        "check",
        "--format",
        "concise",
        dir.path().to_str().unwrap(),
    ]));
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("TA703") && !out.contains("old.trusted-app.yaml"),
        "{out}"
    );
}

#[test]
fn output_is_the_same_whatever_the_thread_count() {
    let run = |threads: &str| {
        stdout_of(TestCommand::at_repo_root().args([
            "check",
            "--format",
            "json",
            "--threads",
            threads,
            "fixtures",
        ]))
    };
    let one = run("1");
    assert_eq!(one.0, 2, "fixtures/ holds files that do not parse");
    assert!(one.1.contains("\"findings\""));
    for threads in ["2", "8"] {
        assert_eq!(run(threads), one, "--threads {threads}");
    }
}

#[test]
fn show_files_lists_what_each_file_was_read_as_and_why() {
    let dir = Project::new();
    let d = dir.path();
    dir.write(
        "portal.trusted-app.yaml",
        "ApplicationUri: com.example/portal\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://portal.example.com/cb\nScope: read\nConfigs:\n  - web/settings.js\n",
    );
    dir.write(
        "web/package.json",
        r#"{"dependencies": {"react": "19.0.0"}}"#,
    );
    dir.write(
        "web/settings.js",
        "export const auth = { clientId: 'com.example/portal' };\n",
    );
    dir.write(
        "web/.env.production",
        "VITE_OIDC_CLIENT_ID=com.example/portal\n",
    );
    dir.write(
        "samples/token.txt",
        format!("enrt_{}\n", "7c2e9a4f1b8d3e6a".repeat(4)),
    );
    dir.write("README.md", "Nothing secret here.\n");
    dir.write("docs/logo.png", "\u{89}PNG\0\0\0\rIHDR");
    dir.write("web/vendor/jquery.min.js", "/*! a library */\n");

    let (code, text) = stdout_of(TestCommand::new(d).args(["check", "--show-files", "."]));
    assert_eq!(code, 0, "{text}");
    let line = |path: &str| {
        text.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(path))
            .unwrap_or_else(|| panic!("{path} is not listed:\n{text}"))
            .to_string()
    };
    assert!(
        line("portal.trusted-app.yaml").starts_with("definition"),
        "{text}"
    );
    assert!(line("portal.trusted-app.yaml").contains("named like a definition"));
    assert!(line("web/settings.js").contains("named by a definition's `Configs:`"));
    assert!(line("web/settings.js").contains("front end"));
    assert!(line("web/.env.production").contains("named like an app config"));
    assert!(line("samples/token.txt").starts_with("secrets"));
    assert!(
        line("README.md").starts_with("secrets") && line("README.md").contains("none found"),
        "every text file is read for secrets, and listed:\n{text}"
    );
    assert!(
        line("docs/logo.png").starts_with("skipped") && line("docs/logo.png").contains("binary")
    );
    assert!(line("web/vendor/jquery.min.js").contains("a dependency or generated file"));
    assert!(text.ends_with("6 files read, 2 skipped.\n"), "{text}");
    assert!(!text.contains("7c2e9a4f"), "{text}");

    let (code, json) =
        stdout_of(TestCommand::new(d).args(["check", "--show-files", "--format", "json", "."]));
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 6, "{json}");
    assert_eq!(doc["skipped"].as_array().map(Vec::len), Some(2), "{json}");
    for f in files {
        for key in ["path", "kind", "reader", "side", "reason"] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
    assert!(doc["skipped"].is_array());
}

/// The walk's listings stand in for a second listing of each folder only where no ignore
/// rule hid anything: a browser app's `package.json` that an ignore file leaves out of the
/// walk still makes the app's settings front-end, wherever the rule comes from.
#[test]
fn an_ignored_manifest_still_places_its_project_in_the_browser() {
    // (where the rule is, the rule, the app's folder)
    let cases: [(&str, &str, &str); 5] = [
        ("web/.gitignore", "package.json\n", "web"),
        (".ignore", "web/package.json\n", "web"),
        ("../.gitignore", "package.json\n", "web"),
        ("xdg/git/ignore", "package.json\n", "web"),
        // A repository nested in the tree, whose own excludes the walker reads: a folder
        // of clones.
        ("clones/.git/info/exclude", "package.json\n", "clones/web"),
    ];
    for (ignore_file, rule, app) in cases {
        let outer = Project::new();
        let d = outer.path().join("repo");
        let write = |name: &str, text: &str| support::write(&d, name, text);
        write_react_app_with_a_secret(&d.join(app));
        let mut command = TestCommand::new(&d);
        if let Some(xdg) = ignore_file.strip_suffix("/git/ignore") {
            support::write(outer.path(), ignore_file, rule);
            command.env("XDG_CONFIG_HOME", outer.path().join(xdg));
        } else {
            write(ignore_file, rule);
        }
        let (_, text) = stdout_of(command.args(["check", "--show-files", "."]));
        assert_read_as_front_end(&text, "web/src/authConfig.js", ignore_file);
    }
}

/// A React app in `dir` whose `src/authConfig.js` holds a literal client secret.
fn write_react_app_with_a_secret(dir: &std::path::Path) {
    support::write(
        dir,
        "package.json",
        r#"{"dependencies": {"react": "19.0.0"}}"#,
    );
    support::write(
        dir,
        "src/authConfig.js",
        "export const msalConfig = { auth: { clientId: 'com.example/portal', authority: 'https://acme.my.erp.net/id', clientSecret: 'Xq7vLm2Rt9Wz4Kp8' } };\n",
    );
}

/// `--show-files` lists `file` as read on the front end.
fn assert_read_as_front_end(shown: &str, file: &str, case: &str) {
    let line = shown
        .lines()
        .find(|l| l.contains(file))
        .unwrap_or_else(|| panic!("{case}: {file} not listed:\n{shown}"));
    assert!(line.contains("front end"), "{case}: {line}\n{shown}");
}

/// A folder checked through a symbolic link: the walker reads the ignore files above the
/// folder's real place, so one there hides the manifest from the walk's listing.
#[cfg(unix)]
#[test]
fn an_ignore_file_above_a_linked_folder_still_leaves_its_manifest_found() {
    for rule_file in ["elsewhere/.ignore", "elsewhere/.git/info/exclude"] {
        let outer = Project::new();
        let o = outer.path();
        support::write(o, rule_file, "package.json\n");
        write_react_app_with_a_secret(&o.join("elsewhere/real"));
        std::fs::create_dir_all(o.join("repo")).unwrap();
        std::os::unix::fs::symlink(o.join("elsewhere/real"), o.join("repo/link")).unwrap();
        let (_, text) =
            stdout_of(TestCommand::new(&o.join("repo")).args(["check", "--show-files", "link"]));
        assert_read_as_front_end(&text, "src/authConfig.js", rule_file);
    }
}

#[test]
fn a_file_named_on_the_command_line_that_is_no_definition_is_read_by_its_content() {
    let dir = Project::new();
    let d = dir.path();
    dir.write(
        "api/Startup.cs",
        "services.AddAuthentication().AddOpenIdConnect(options =>\n{\n    options.Authority = \"https://acme.my.erp.net/id\";\n    options.ClientId = \"com.example/api\";\n    options.ClientSecret = \"Lq8Vw2Rz6Tn4Kx9Hb3Jd\";\n});\n",
    );
    dir.write(
        "notes.md",
        format!(
            "# Notes\n\nThe token we used: enrt_{}\n",
            "3f9a7c1e5b2d8a64".repeat(4)
        ),
    );
    let (code, text) = stdout_of(TestCommand::new(d).args([
        "check",
        "--format",
        "concise",
        "api/Startup.cs",
        "notes.md",
    ]));
    assert_eq!(code, 1, "{text}");
    assert!(
        !text.contains("TA001"),
        "not parsed as a definition:\n{text}"
    );
    assert!(
        text.contains("api/Startup.cs:5:") && text.contains("CF104"),
        "{text}"
    );
    assert!(
        text.contains("notes.md:3:") && text.contains("CF102"),
        "{text}"
    );
    assert!(!text.contains("3f9a7c1e"), "{text}");
}

#[test]
fn a_location_in_another_file_has_no_bare_heading() {
    let dir = Project::new();
    dir.write(
        "apps.trusted-app.yaml",
        "TrustedApplications:\n  - ApplicationUri: com.example/sync\n    Name: Sync\n    ClientType: Confidential\n    AppType: Service\n    ApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=\n    SystemUserAllowed: true\n    SystemUser: system.x\n    Scope: read\n",
    );
    dir.write(
        "users.trusted-app.yaml",
        "Users:\n  - Login: system.x\n    UserType: SystemUserNoLogin\n    IsAdmin: false\n",
    );
    let (_, text) = stdout_of(TestCommand::new(dir.path()).args(["check", "."]));
    assert!(text.contains("TA508"), "{text}");
    assert!(text.contains("users.trusted-app.yaml:3:15"), "{text}");
    assert!(!text.contains("Advice:"), "{text}");
}

#[test]
fn the_rule_list_fits_the_terminal_and_explains_its_letters() {
    let out = TestCommand::at_repo_root()
        .env("COLUMNS", "100")
        .args(["rules"])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.both());
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("Code") && lines[0].contains("What it finds"));
    assert!(
        lines.iter().all(|l| l.chars().count() <= 100),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("E error, W warning, I info"),
        "{}",
        out.stdout
    );
    // Every rule is listed, its summary wrapped on word boundaries.
    assert!(out.stdout.contains("CF101  E  secret-in-frontend-config"));
    assert!(out.stdout.contains("TL004"));
}

#[test]
fn every_flag_and_subcommand_has_a_line_of_help() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            if arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path} --{id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_name() == "help" {
                continue;
            }
            let sub_path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                missing.push(sub_path.clone());
            }
            walk(sub, &sub_path, missing);
        }
    }
    let mut missing = Vec::new();
    walk(&trustlint::cli::Cli::command(), "trustlint", &mut missing);
    assert!(missing.is_empty(), "no help: {missing:?}");
}

#[test]
fn wrapping_never_breaks_inside_a_name() {
    let dir = Project::new();
    dir.write(
        "deploy/customer-facing/the-portal-registration.trusted-app.yaml",
        "ApplicationUri: com.example/my-very-long-application-identifier\nName: X\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: http://portal.example-company-with-a-long-name.com/signin-callback\nScope: read\n",
    );
    let out = TestCommand::new(dir.path())
        .env("COLUMNS", "60")
        .args(["check", "."])
        .run();
    assert!(out.stdout.contains("TA201"), "{}", out.both());
    // The host in the message stays whole on one line, however narrow the terminal.
    assert!(
        out.stdout
            .lines()
            .any(|l| l.contains("`portal.example-company-with-a-long-name.com`")),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!("wrapped_at_60_columns", out.stdout);
}

/// Parse errors point at the mistake with a snippet and say what to do; a misspelled
/// attribute's value is shown (nothing in it is a secret) and the finding it causes says so.
#[test]
fn human_output_for_common_mistakes() {
    let mut out = String::new();
    for (file, status) in [
        ("fixtures/rules/file/tab-indentation.trusted-app.yaml", 2),
        ("fixtures/rules/file/missing-comma.trusted-app.json", 2),
        // Warnings only.
        (
            "fixtures/rules/identity/misspelled-scope.trusted-app.yaml",
            0,
        ),
    ] {
        let (code, text) = stdout_of(TestCommand::at_repo_root().args(["check", file]));
        assert_eq!(code, status, "{text}");
        out.push_str(&text);
    }
    assert!(out.contains("replace the tab on line 6"), "{out}");
    assert!(out.contains("Scopes: read update"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_mistyped_subcommand_gets_the_closest_one() {
    for (typed, meant) in [("chek", "check"), ("rulse", "rules"), ("chose", "choose")] {
        let out = TestCommand::at_repo_root().arg(typed).run();
        assert_eq!(out.code, Some(2), "{typed}");
        assert!(
            out.stderr
                .contains(&format!("a similar subcommand exists: '{meant}'")),
            "{typed}: {}",
            out.stderr
        );
    }
}

#[test]
fn statistics_show_the_severity_each_finding_was_reported_at() {
    let dir = Project::new();
    dir.write(
        "apps.trusted-app.yaml",
        std::fs::read_to_string(support::repo_root().join(MANY_PROBLEMS)).unwrap(),
    );
    dir.write("trustlint.toml", "[rules]\nTA505 = \"error\"\n");
    let out = TestCommand::new(dir.path())
        .args(["check", "--format", "concise", "--statistics", "."])
        .run();
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("TA505  system-user-shared"))
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert!(line.ends_with("[error]"), "{line}");
}

#[test]
fn a_report_is_never_written_over_a_file_the_run_checks() {
    let dir = Project::new();
    let original = std::fs::read_to_string(support::repo_root().join(MANY_PROBLEMS)).unwrap();
    dir.write("apps.trusted-app.yaml", &original);
    for flag in ["-o", "--write-baseline"] {
        let out = TestCommand::new(dir.path())
            .args([
                "check",
                "apps.trusted-app.yaml",
                flag,
                "./apps.trusted-app.yaml",
            ])
            .run();
        assert_eq!(out.code, Some(2), "{flag}: {}", out.both());
        assert!(
            out.stderr.contains("names a file this run checks"),
            "{}",
            out.stderr
        );
        let now = std::fs::read_to_string(dir.path().join("apps.trusted-app.yaml")).unwrap();
        assert_eq!(now, original, "{flag} overwrote the definition");
    }
    // Another name for the same file, a symbolic or a hard link, is the same file.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("apps.trusted-app.yaml", dir.path().join("soft.txt")).unwrap();
        std::fs::hard_link(
            dir.path().join("apps.trusted-app.yaml"),
            dir.path().join("hard.txt"),
        )
        .unwrap();
        for name in ["soft.txt", "hard.txt"] {
            let out = TestCommand::new(dir.path())
                .args(["check", "apps.trusted-app.yaml", "-o", name])
                .run();
            assert_eq!(out.code, Some(2), "{name}: {}", out.both());
            let now = std::fs::read_to_string(dir.path().join("apps.trusted-app.yaml")).unwrap();
            assert_eq!(now, original, "-o {name} overwrote the definition");
        }
    }
}

#[test]
fn a_write_error_names_the_file_the_user_gave() {
    let dir = Project::new();
    dir.write("apps.trusted-app.yaml", "ApplicationUri: com.example/a\n");
    let out = TestCommand::new(dir.path())
        .args(["check", ".", "-o", "no-such-folder/report.txt"])
        .run();
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr
            .contains("cannot write no-such-folder/report.txt: "),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains(".tmp"), "{}", out.stderr);
}

#[test]
fn a_parse_error_in_a_file_with_a_byte_order_mark_is_shown_where_it_is() {
    let dir = Project::new();
    dir.write(
        "bom.trusted-app.yaml",
        "\u{feff}TrustedApplications:\n  - ApplicationUri: com.example/bom\n    Name: Bom\n\tScope: read\n",
    );
    let (code, out) = stdout_of(TestCommand::new(dir.path()).args(["check", "."]));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("[bom.trusted-app.yaml:4:1]"), "{out}");
    assert!(!out.contains("???"), "{out}");
}

#[test]
fn a_checkout_in_a_folder_named_like_tests_or_a_web_root_is_read_as_any_other() {
    // CI runners and home folders put checkouts under `e2e/`, `test/` or `wwwroot/`: only
    // the folders below the checked folder say whether a file is test code or served.
    let dir = Project::new();
    let code = r#"import { UserManager } from "oidc-client-ts";
export const userManager = new UserManager({
  authority: "https://erp.example.com/id",
  client_id: "com.example/shop-web",
  client_secret: "Zq8vR2mXk4PbT7wLc9Hn3Jd6Fy1Gs5Ua",
  redirect_uri: "https://shop.example.com/callback",
});
"#;
    let settings = r#"{ "ErpNet": { "Authority": "https://erp.example.com/id",
  "ClientId": "com.example/shop-api", "ClientSecret": "Hd6Fy1Gs5UaZq8vR2mXk4PbT7wLc9Hn3" } }"#;
    for parent in ["e2e", "test", "wwwroot"] {
        dir.write(format!("{parent}/shop/src/auth.ts"), code);
        dir.write(format!("{parent}/shop/appsettings.json"), settings);
        let out = TestCommand::new(&dir.path().join(parent).join("shop"))
            .args(["check", ".", "--format", "concise"])
            .run();
        for (file, rule) in [("src/auth.ts:5", "CF104"), ("appsettings.json:2", "CF104")] {
            assert!(
                out.stdout
                    .lines()
                    .any(|l| l.starts_with(file) && l.contains(rule)),
                "under {parent}/: expected {rule} at {file} (a back-end file's literal secret)\n{}",
                out.both()
            );
        }
        // Below the checked folder the names still count.
        dir.write(format!("{parent}/shop/tests/auth.ts"), code);
        let out = TestCommand::new(&dir.path().join(parent).join("shop"))
            .args(["check", ".", "--format", "concise"])
            .run();
        assert!(!out.stdout.contains("tests/auth.ts"), "{}", out.both());
    }
}

/// An app with an http redirect URI (TA201) and a `.env` with a literal secret, below
/// `under`, and `team.toml` beside `under`: a front-end pattern for the `.env` and an
/// `[[ignore]]` entry for TA201, written relative to the file's own folder.
fn write_team_configuration(dir: &Project, under: &str) {
    dir.write(
        format!("{under}apps/x.trusted-app.yaml"),
        "ApplicationUri: com.example/x\nName: X\nClientType: Public\nAppType: Spa\n\
         ImpersonateAsInternalUserAllowed: true\n\
         ImpersonateLoginUrl: http://x.example.com/signin\nScope: read\n",
    );
    dir.write(
        format!("{under}web/.env"),
        "CLIENT_ID=com.example/x\nCLIENT_SECRET=pBYbywHDBibFZ02zk8g2ZkchnAqt\n\
         AUTHORITY=https://id.example.com\n",
    );
    dir.write(
        "team.toml",
        format!(
            "frontend = [\"{under}web/*\"]\n\n[[ignore]]\npath = \"{under}apps/x.trusted-app.yaml\"\n\
             rule = \"TA201\"\nreason = \"accepted for the demo\"\n"
        ),
    );
}

/// Checks `.` in `folder` with `--config config` and asserts that team.toml's `[[ignore]]`
/// held and its front-end pattern `glob` applied.
fn assert_team_configuration_applies(folder: &std::path::Path, config: &str, glob: &str) {
    let out = TestCommand::new(folder)
        .args([
            "check",
            ".",
            "--config",
            config,
            "--format",
            "concise",
            "--exit-zero",
        ])
        .run();
    assert!(
        out.stdout.contains("1 TA201 by [[ignore]]"),
        "{config}: {}",
        out.both()
    );
    assert!(!out.stdout.contains("TA201 ["), "{config}: {}", out.both());
    assert!(!out.stdout.contains("TL002"), "{config}: {}", out.both());
    assert!(
        out.stdout.contains("CF101")
            && out
                .stdout
                .contains(&format!("front-end pattern `{glob}` in ")),
        "{config}: the front-end pattern\n{}",
        out.both()
    );
}

#[test]
fn a_configuration_named_relative_to_the_working_folder_applies_as_a_found_one() {
    // `--config team.toml` names a file in the working folder: its patterns, ignores and
    // front-end globs are relative to that folder, as they are when the file is found.
    let dir = Project::new();
    write_team_configuration(&dir, "");
    for config in ["team.toml", "./team.toml"] {
        assert_team_configuration_applies(dir.path(), config, "web/*");
    }
    // The reason names the file the pattern is in.
    let out = TestCommand::new(dir.path())
        .args([
            "check",
            ".",
            "--config",
            "team.toml",
            "--format",
            "concise",
            "--exit-zero",
        ])
        .run();
    assert!(out.stdout.contains("in team.toml"), "{}", out.both());
    dir.write("skip.toml", "exclude = [\"apps/*.yaml\"]\n");
    let out = TestCommand::new(dir.path())
        .args(["check", "apps", "--config", "skip.toml", "--show-files"])
        .run();
    assert!(
        out.stdout.contains("excluded"),
        "the exclude pattern applies\n{}",
        out.both()
    );
}

#[test]
fn a_configuration_above_the_working_folder_keeps_its_own_folder() {
    // `--config ../team.toml`: its patterns are relative to the folder it is in.
    let dir = Project::new();
    write_team_configuration(&dir, "proj/");
    assert_team_configuration_applies(&dir.path().join("proj"), "../team.toml", "proj/web/*");
}
