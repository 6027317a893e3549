//! The canary test: a secret planted in a definition never reaches any output.

mod support;
use support::{Project, write};

const CANARY: &str = "CanarySecret-7f3a9c-do-not-print";

/// Standard output and standard error of `trustlint ARGS` in `dir`.
fn run(dir: &std::path::Path, args: &[&str]) -> String {
    support::trustlint(dir, args).both()
}

#[test]
fn planted_secrets_appear_in_no_output_format() {
    let dir = Project::new();
    // The plain secret where its hash belongs, and again under a misspelled key.
    dir.write("leaky.trusted-app.yaml", format!(
            "ApplicationUri: com.example/leaky\nClientType: Public\nApplicationSecretHash: {CANARY}\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://app.example.com/cb\nScope: read\nClientSecret: {CANARY}\n"
        ));
    dir.write("leaky.trusted-app.json", format!("{{\"ApplicationUri\": \"com.example/leaky-json\", \"ApplicationSecretHash\": \"{CANARY}\", \"password\": \"{CANARY}\"}}"));
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

/// A JWT whose parts are all distinctive, so that no piece of it may appear in output.
fn canary_jwt() -> String {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.{}",
        b64(r#"{"alg":"RS256","typ":"at+jwt"}"#),
        b64(
            r#"{"iss":"https://acme.my.erp.net/id","client_id":"com.example/spa","scope":["read"],"canary":"Zq81JwtCanary"}"#
        ),
        "SigCanaryQ7w3Lx9Vb2Nm5Kp8Rt4Yz6Hd1Fg0Js"
    )
}

#[test]
fn canary_secrets_in_every_kind_of_config_appear_in_no_output() {
    let dir = Project::new();
    let d = dir.path();
    let jwt = canary_jwt();
    let canaries = [
        "Cnry1EnvVite8Qw3Lx7Zt", // .env, VITE_ prefix (front end)
        "Cnry2EnvBack5Rt9Hy2Vb", // .env, back end
        "Cnry3JsonNet4Kp8Mx1Dz", // appsettings.json
        "Cnry4TsOidc6Wv3Nb7Qs",  // oidc.ts in a React app
        "Cnry5YamlAuth2Gh9Jk4",  // auth.yaml
        "Cnry6TomlOidc8Lp1Xc5",  // oidc.toml
        "Cnry7Blazor3Mn6Bv9Zx",  // wwwroot/appsettings.json
    ];
    let token = "enrt_C0FFEE00112233445566778899AABBCCDDEEFF00112233445566778899AABBCC";
    write(
        d,
        "spa.trusted-app.yaml",
        "ApplicationUri: com.example/spa\nClientType: Public\nAppType: Spa\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://spa.example.com/cb\nScope: read\n",
    );
    write(
        d,
        "web.trusted-app.yaml",
        "ApplicationUri: com.example/web\nClientType: Confidential\nAppType: WebApp\nApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=\nImpersonateAsInternalUserAllowed: true\nImpersonateLoginUrl: https://web.example.com/signin-oidc\nScope: read\n",
    );
    write(
        d,
        "spa/package.json",
        r#"{"dependencies": {"react": "19.0.0"}}"#,
    );
    write(
        d,
        "spa/.env.production",
        format!(
            "VITE_OIDC_CLIENT_ID=com.example/spa\nVITE_OIDC_CLIENT_SECRET={}\nVITE_ACCESS_TOKEN={jwt}\nERP_TOKEN={token}\n",
            canaries[0]
        ),
    );
    write(
        d,
        "api/.env",
        format!(
            "OIDC_CLIENT_ID=com.example/web\nOIDC_CLIENT_SECRET={}\n",
            canaries[1]
        ),
    );
    write(
        d,
        "api/appsettings.json",
        format!(
            "{{ // comments are allowed\n  \"OpenIdConnect\": {{ \"ClientId\": \"com.example/web\", \"ClientSecret\": \"{}\", \"Callback\": \"https://x.example.com/cb?access_token={jwt}\" }}\n}}\n",
            canaries[2]
        ),
    );
    write(
        d,
        "spa/src/oidc.ts",
        format!(
            "export const settings = {{ client_id: 'com.example/spa', client_secret: '{}', disablePKCE: true }};\n",
            canaries[3]
        ),
    );
    write(
        d,
        "tools/auth.yaml",
        format!(
            "oidc:\n  client_id: com.example/web\n  client_secret: {}\n",
            canaries[4]
        ),
    );
    write(
        d,
        "tools/oidc.toml",
        format!(
            "client_id = \"com.example/spa\"\nclient_secret = \"{}\"\n",
            canaries[5]
        ),
    );
    write(
        d,
        "blazor/wwwroot/appsettings.json",
        format!(
            "{{ \"Oidc\": {{ \"ClientId\": \"com.example/web\", \"ClientSecret\": \"{}\" }} }}\n",
            canaries[6]
        ),
    );
    let mut pieces: Vec<String> = canaries.iter().map(|c| c.to_string()).collect();
    pieces.push(token.to_string());
    pieces.push("C0FFEE0011223344".to_string());
    pieces.extend(jwt.split('.').map(str::to_string));
    for format in ["human", "concise", "json", "sarif"] {
        let out = run(d, &["check", "--format", format, "."]);
        for rule in ["CF101", "CF102", "CF103", "CF105", "CF209"] {
            assert!(
                out.contains(rule),
                "{format}: {rule} missing, so a canary went unchecked:\n{out}"
            );
        }
        for piece in &pieces {
            assert!(
                !out.contains(piece.as_str()),
                "{format} output shows a secret ({piece}):\n{out}"
            );
        }
        assert!(
            !out.contains("Cnry"),
            "{format} output shows part of a canary:\n{out}"
        );
    }
}
