//! The flow chooser's decision table: every leaf, its written definition passing
//! `trustlint check` once the placeholders are filled as the comments say, and the rule that
//! fires when the leaf's key attribute is flipped.

use std::collections::BTreeSet;

use trustlint::check_sources;
use trustlint::choose::template::definition_yaml;
use trustlint::choose::{ActsAs, Answers, Flow, Platform, Target, decide, redirect_placeholder};
use trustlint::formats::Format;

mod support;
use support::{CHOOSE_SPA, Project, TestCommand};

const SECRET_HASH: &str = "v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=";

fn yes(b: bool) -> Option<bool> {
    Some(b)
}

/// One leaf: the answers, the flow expected, and the attribute to flip with the rule that
/// then fires.
struct Leaf {
    name: &'static str,
    answers: Answers,
    flow: Flow,
    flip: (&'static str, &'static str),
    fires: &'static str,
}

fn leaves() -> Vec<Leaf> {
    let ui = |platform| Answers {
        interactive_ui: yes(true),
        unattended: yes(false),
        platform: Some(platform),
        ..Default::default()
    };
    vec![
        Leaf {
            name: "spa",
            answers: ui(Platform::Browser),
            flow: Flow::AuthorizationCode,
            flip: ("ClientType", "\"Confidential\""),
            fires: "TA304",
        },
        Leaf {
            name: "web app",
            answers: ui(Platform::Server),
            flow: Flow::AuthorizationCode,
            flip: ("ClientType", "\"Public\""),
            fires: "TA304",
        },
        Leaf {
            name: "desktop",
            answers: ui(Platform::Desktop),
            flow: Flow::AuthorizationCode,
            flip: (
                "ImpersonateLoginUrl",
                "[\"http://localhost:53177/callback\"]",
            ),
            fires: "TA205",
        },
        Leaf {
            name: "mobile",
            answers: ui(Platform::Mobile),
            flow: Flow::AuthorizationCode,
            flip: ("ClientType", "\"Confidential\""),
            fires: "TA304",
        },
        Leaf {
            name: "portal for external users",
            answers: Answers {
                external_users: yes(true),
                ..ui(Platform::Server)
            },
            flow: Flow::Hybrid,
            flip: ("ImpersonateAsInternalUserAllowed", "false"),
            fires: "TA402",
        },
        Leaf {
            name: "spa that external users only sign in to",
            answers: Answers {
                external_users: yes(true),
                external_api: yes(false),
                ..ui(Platform::Browser)
            },
            flow: Flow::AuthorizationCode,
            flip: ("ImpersonateAsInternalUserAllowed", "false"),
            fires: "TA402",
        },
        Leaf {
            name: "ui with unattended backend",
            answers: Answers {
                interactive_ui: yes(true),
                unattended: yes(true),
                platform: Some(Platform::Server),
                ..Default::default()
            },
            flow: Flow::Hybrid,
            flip: ("SystemUserAllowed", "false"),
            fires: "TA401",
        },
        Leaf {
            name: "sso from a server",
            answers: Answers {
                sso_only: yes(true),
                ..ui(Platform::Server)
            },
            flow: Flow::Sso,
            flip: ("ClientType", "\"Public\""),
            fires: "TA301",
        },
        Leaf {
            name: "sso from a browser",
            answers: Answers {
                sso_only: yes(true),
                ..ui(Platform::Browser)
            },
            flow: Flow::Sso,
            flip: ("ImpersonateAsInternalUserAllowed", "false"),
            fires: "TA402",
        },
        Leaf {
            name: "service",
            answers: Answers {
                interactive_ui: yes(false),
                unattended: yes(true),
                oauth_capable: yes(true),
                ..Default::default()
            },
            flow: Flow::ClientCredentials,
            flip: ("ClientType", "\"Public\""),
            fires: "TA504",
        },
        Leaf {
            name: "service access token",
            answers: Answers {
                interactive_ui: yes(false),
                unattended: yes(true),
                oauth_capable: yes(false),
                acts_as: Some(ActsAs::App),
                ..Default::default()
            },
            flow: Flow::ReferenceToken,
            flip: ("ReferenceTokens", "\"None\""),
            fires: "TA702",
        },
        Leaf {
            name: "personal access token",
            answers: Answers {
                interactive_ui: yes(false),
                unattended: yes(true),
                oauth_capable: yes(false),
                acts_as: Some(ActsAs::User),
                ..Default::default()
            },
            flow: Flow::ReferenceToken,
            flip: ("ReferenceTokens", "\"None\""),
            fires: "TA401",
        },
    ]
}

/// Each placeholder the chooser writes, with a value its comment asks for.
fn fillings() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "REPLACE-with-Base64-SHA256-of-the-client-secret",
            SECRET_HASH,
        ),
        ("REPLACE-with-the-system-user-login", "svc.integration"),
        ("REPLACE-with-the-application-uri", "com.example/app"),
        ("REPLACE-with-the-instance-name", "acme"),
        (
            redirect_placeholder(Platform::Browser),
            "https://sales.example.com/callback",
        ),
        (
            redirect_placeholder(Platform::Server),
            "https://sales.example.com/signin-oidc",
        ),
        (
            redirect_placeholder(Platform::Desktop),
            "http://127.0.0.1:7890/callback",
        ),
        (
            redirect_placeholder(Platform::Mobile),
            "com.example.sales:/oauth2redirect",
        ),
    ]
}

/// Fills the placeholders the way the definition's comments say, but `keep`.
fn filled_but(yaml: &str, keep: Option<&str>) -> String {
    fillings()
        .into_iter()
        .filter(|(p, _)| Some(*p) != keep)
        .fold(yaml.to_string(), |y, (p, v)| y.replace(p, v))
}

fn filled(yaml: &str) -> String {
    filled_but(yaml, None)
}

fn flipped(yaml: &str, attribute: &str, value: &str) -> String {
    let marker = format!("{attribute}: ");
    let out: Vec<String> = yaml
        .lines()
        .map(|line| match line.find(&marker) {
            Some(i) => format!("{}{marker}{value}", &line[..i]),
            None => line.to_string(),
        })
        .collect();
    assert_ne!(
        out.join("\n"),
        yaml.trim_end(),
        "{attribute} is not in the definition"
    );
    out.join("\n") + "\n"
}

fn rules_of(yaml: &str) -> BTreeSet<String> {
    let report = check_sources(
        vec![support::definition(
            "chosen.trusted-app.yaml",
            yaml,
            Format::Yaml,
        )],
        &support::fixed_day_options(),
    );
    support::rule_codes(&report)
}

#[test]
fn every_placeholder_is_reported_until_it_is_filled() {
    for leaf in leaves() {
        let rec = decide(&leaf.answers.clone().normalized(), &Target::default()).unwrap();
        let yaml = definition_yaml(&rec);
        let left = rec.placeholders();
        assert!(!left.is_empty(), "{}: nothing to fill in", leaf.name);
        for (placeholder, _) in fillings() {
            assert_eq!(
                yaml.contains(placeholder),
                left.iter().any(|l| l == placeholder),
                "{}: {placeholder}",
                leaf.name
            );
        }
        // Each placeholder alone, the others filled, still fails the check.
        for one in &left {
            let found = rules_of(&filled_but(&yaml, Some(one)));
            assert!(
                found.contains("TA107"),
                "{}: `{one}` left unfilled passes the check ({found:?})",
                leaf.name
            );
        }
        assert_eq!(
            rules_of(&filled(&yaml)),
            BTreeSet::new(),
            "{}: filled, it still has findings:\n{}",
            leaf.name,
            filled(&yaml)
        );
    }
}

#[test]
fn every_leaf_writes_a_definition_that_passes_and_guards_its_key_attribute() {
    for leaf in leaves() {
        // Everything the user knows given, as the wizard asks it or the flags give it: only
        // the secret's hash is left to fill in.
        let platform = leaf.answers.platform.unwrap_or(Platform::Server);
        let redirect = fillings()
            .into_iter()
            .find(|(p, _)| *p == redirect_placeholder(platform))
            .unwrap()
            .1;
        let target = Target {
            instance: Some("acme".into()),
            app_uri: Some("com.example/app".into()),
            redirect_uris: vec![redirect.to_string()],
            system_user: Some("svc.integration".into()),
        };
        let rec = decide(&leaf.answers.clone().normalized(), &target)
            .unwrap_or_else(|e| panic!("{}: {e:?}", leaf.name));
        let left = rec.placeholders();
        assert!(
            left.iter()
                .all(|p| p == "REPLACE-with-Base64-SHA256-of-the-client-secret"),
            "{}: {left:?}",
            leaf.name
        );
        assert_eq!(rec.flow, leaf.flow, "{}", leaf.name);
        let yaml = definition_yaml(&rec);
        let unfilled = rules_of(&yaml);
        if yaml.contains("REPLACE-") {
            assert!(
                !unfilled.is_empty(),
                "{}: an unfilled definition must not pass",
                leaf.name
            );
        }
        let yaml = filled(&yaml);
        assert_eq!(
            rules_of(&yaml),
            BTreeSet::new(),
            "{}: the filled definition has findings:\n{yaml}",
            leaf.name
        );
        let (attribute, value) = leaf.flip;
        let found = rules_of(&flipped(&yaml, attribute, value));
        assert!(
            found.contains(leaf.fires),
            "{}: flipping {attribute} gave {found:?}, not {}",
            leaf.name,
            leaf.fires
        );
    }
}

#[test]
fn the_authority_follows_the_flow() {
    let target = Target {
        instance: Some("acme".into()),
        ..Target::default()
    };
    for leaf in leaves() {
        let rec = decide(&leaf.answers.clone().normalized(), &target).unwrap();
        let expected = if leaf.flow == Flow::Sso {
            "https://id.erp.net/id"
        } else {
            "https://acme.my.erp.net/id"
        };
        assert_eq!(rec.authority, expected, "{}", leaf.name);
    }
}

#[test]
fn json_output_has_the_documented_shape() {
    let out = TestCommand::at_repo_root()
        .args([
            "choose",
            "--interactive-ui",
            "yes",
            "--unattended",
            "no",
            "--platform",
            "browser",
            "--format",
            "json",
            "--instance",
            "acme",
        ])
        .run();
    assert_eq!(out.code, Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout_bytes).unwrap();
    assert_eq!(doc["flow"], "authorization_code");
    assert_eq!(doc["authority"], "https://acme.my.erp.net/id");
    assert_eq!(doc["client_type"], "Public");
    assert_eq!(doc["pkce"], "S256");
    assert_eq!(doc["refresh_tokens"], false);
    assert_eq!(doc["app_type"], "Spa");
    assert_eq!(doc["trusted_application"]["ClientType"], "Public");
    assert!(
        doc["trusted_application"]
            .get("ApplicationSecretHash")
            .is_none()
    );
    for key in ["warnings", "reasons"] {
        let notes = doc[key].as_array().unwrap();
        assert!(!notes.is_empty(), "{key}");
        assert!(
            notes
                .iter()
                .all(|n| n["text"].is_string() && n["rules"].is_array())
        );
    }
}

#[test]
fn conflicting_answers_name_the_conflict() {
    let out = TestCommand::at_repo_root()
        .args(["choose", "--interactive-ui", "no", "--platform", "browser"])
        .run();
    assert_eq!(out.code, Some(2));
    let err = out.stderr;
    assert!(
        err.contains("--interactive-ui no contradicts --platform"),
        "{err}"
    );
}

#[test]
fn without_a_terminal_missing_answers_list_the_flags() {
    let out = TestCommand::at_repo_root()
        .args(["choose", "--interactive-ui", "no"])
        .run();
    assert_eq!(out.code, Some(2));
    let err = out.stderr;
    assert!(err.contains("--unattended yes|no"), "{err}");
}

#[test]
fn answers_from_a_file_and_write_a_definition_that_checks_clean_once_filled() {
    let dir = Project::new();
    std::fs::write(
        dir.path().join("answers.yaml"),
        "interactive-ui: false\nunattended: true\noauth-capable: true\n",
    )
    .unwrap();
    let out = TestCommand::new(dir.path())
        .args([
            "choose",
            "--answers",
            "answers.yaml",
            "--app-uri",
            "com.example/sync",
            "--write",
            "sync.trusted-app.yaml",
        ])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stdout.contains("Flow: client_credentials"));
    let written = std::fs::read_to_string(dir.path().join("sync.trusted-app.yaml")).unwrap();
    // Unfilled, the check fails on the placeholders...
    let check = TestCommand::new(dir.path())
        .args(["check", "--format", "concise", "."])
        .run();
    assert_eq!(check.code, Some(1));
    // ...and filled as the comments say, it passes.
    std::fs::write(dir.path().join("sync.trusted-app.yaml"), filled(&written)).unwrap();
    let check = TestCommand::new(dir.path()).args(["check", "."]).run();
    assert_eq!(check.code, Some(0), "{}", check.stdout);
}

#[test]
fn values_that_would_change_the_written_definition_are_refused() {
    let dir = Project::new();
    let path = dir.path().join("spa.trusted-app.yaml");
    for (flag, value) in [
        ("--instance", "acme\nSystemUserAllowed: true"),
        ("--instance", "acme.evil.example/x"),
        ("--app-uri", "com.example/spa\nSystemUserAllowed: true"),
        ("--app-uri", "com.example/spa\u{2028}x"),
    ] {
        let out = TestCommand::at_repo_root()
            .args(CHOOSE_SPA)
            .args([flag, value, "--write", path.to_str().unwrap()])
            .run();
        assert_eq!(out.code, Some(2), "{flag} {value:?}");
        assert!(!path.exists(), "{flag} {value:?} was written");
        let err = out.stderr;
        assert!(err.contains(flag), "{err}");
        assert!(!err.contains('\n') || err.lines().count() == 1, "{err}");
    }
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = Project::new();
    let path = dir.path().join("spa.trusted-app.yaml");
    std::fs::write(&path, "# mine\n").unwrap();
    let write = |force: bool| {
        let mut cmd = TestCommand::at_repo_root();
        cmd.args(CHOOSE_SPA)
            .args(["--app-uri", "com.example/spa", "--instance", "acme"])
            .args(["--write", path.to_str().unwrap()]);
        if force {
            cmd.arg("--force");
        }
        cmd.run()
    };
    let out = write(false);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
    let out = write(true);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("com.example/spa")
    );
}

#[test]
fn with_every_value_given_as_flags_the_written_spa_passes_check() {
    let dir = Project::new();
    let out = TestCommand::new(dir.path())
        .args(CHOOSE_SPA)
        .args(["--instance", "acme", "--app-uri", "com.acme/shop"])
        .args(["--redirect-uri", "https://shop.acme.test/callback"])
        .args(["--redirect-uri", "https://shop.acme.test/silent-renew"])
        .args(["--write", "shop.trusted-app.yaml"])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    // What to do next, naming the file and the instance.
    assert!(
        out.stderr.contains("trustlint check shop.trusted-app.yaml"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("https://acme.my.erp.net"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("Fill in"), "{}", out.stderr);
    let check = TestCommand::new(dir.path()).args(["check", "."]).run();
    assert_eq!(check.code, Some(0), "{}", check.stdout);
    assert!(
        check.stdout.contains("No problems found"),
        "{}",
        check.stdout
    );
}

#[test]
fn redirect_uris_given_as_flags_are_judged_by_the_rules() {
    for (uri, rule) in [
        ("http://shop.acme.test/callback", "TA201"),
        ("https://*.acme.test/callback", "TA2"),
    ] {
        let out = TestCommand::at_repo_root()
            .args(CHOOSE_SPA)
            .args(["--redirect-uri", uri])
            .run();
        assert_eq!(out.code, Some(2), "{uri}");
        assert!(out.stderr.contains("--redirect-uri"), "{}", out.stderr);
        assert!(out.stderr.contains(rule), "{uri}: {}", out.stderr);
    }
    let service = TestCommand::at_repo_root()
        .args(["choose", "--interactive-ui", "no", "--unattended", "yes"])
        .args([
            "--oauth-capable",
            "yes",
            "--redirect-uri",
            "https://x.acme.test/cb",
        ])
        .run();
    assert_eq!(service.code, Some(2));
    assert!(
        service.stderr.contains("registers no redirect URI"),
        "{}",
        service.stderr
    );
}

#[test]
fn a_browser_app_for_external_users_must_say_whether_it_calls_the_apis_for_them() {
    let browser_external = [
        "choose",
        "--interactive-ui",
        "yes",
        "--unattended",
        "no",
        "--platform",
        "browser",
        "--external-users",
        "yes",
        "--sso-only",
        "no",
    ];
    let out = TestCommand::at_repo_root().args(browser_external).run();
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("--external-api yes|no"),
        "{}",
        out.stderr
    );
    let out = TestCommand::at_repo_root()
        .args(browser_external)
        .args(["--external-api", "yes"])
        .run();
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("--platform server"), "{}", out.stderr);
    let out = TestCommand::at_repo_root()
        .args(browser_external)
        .args(["--external-api", "no", "--format", "json"])
        .run();
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout_bytes).unwrap();
    assert_eq!(doc["client_type"], "Public");
    assert_eq!(
        doc["trusted_application"]["ImpersonateAsCommunityUserAllowed"],
        true
    );
}
