//! Hostile input (issue 7): each case of the adversarial corpus, run through the real binary
//! on files written to a scratch folder next to a good definition that must still be
//! checked, with the outcome it must have: skipped with the reason, or a parse error at its
//! location, and exit status 2 only where something could not be checked. Every run has a
//! deadline, so that a hang fails the test instead of stalling the suite.
//!
//! Also: `[limits]` in trustlint.toml, and the inputs the fuzz targets found (kept under
//! `tests/fuzz_regressions/<target>/`), replayed through the loaders.
//!
//! Tests marked `#[ignore = "trustlint bug: ..."]` state what trustlint should do and does
//! not yet; `cargo test --test adversarial -- --ignored` runs them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod support;
use support::{Output as Run, Project, TestCommand, write};

#[path = "../fuzz/fuzz_targets/harness.rs"]
mod harness;

/// A good definition with exactly one finding, a warning, so that its line in the output
/// proves the file was checked, while the exit status stays 0 on its own.
const WITNESS: &str = "ApplicationUri: com.example/witness
Name: Witness
AppType: WebApp
ClientType: Confidential
ApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=
ImpersonateAsInternalUserAllowed: true
ImpersonateLoginUrl: https://witness.example.com/signin-oidc
Scope: [read]
BasicAuthenticationAllowed: true
";
const WITNESS_FINDING: &str = "witness.trusted-app.yaml:9:29: TA703 [warning] legacy user-and-password (Basic) authentication is allowed";

/// `trustlint check --isolated --format concise ARGS...` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Run {
    check_within(dir, args, support::DEADLINE)
}

fn check_within(dir: &Path, args: &[&str], deadline: Duration) -> Run {
    TestCommand::new(dir)
        .args(["check", "--isolated", "--format", "concise"])
        .args(args)
        .deadline(deadline)
        .run()
}

/// A scratch folder holding the witness definition.
fn scratch() -> Project {
    let dir = Project::new();
    dir.write("witness.trusted-app.yaml", WITNESS);
    dir
}

/// Writes `size` bytes: `head`, then `filler` repeated, in chunks of 1 MiB.
fn write_large(path: &Path, head: &str, filler: &str, size: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    file.write_all(head.as_bytes()).unwrap();
    let mut written = head.len();
    let chunk = filler.repeat((1 << 20) / filler.len());
    while written < size {
        let n = chunk.len().min(size - written);
        file.write_all(&chunk.as_bytes()[..n]).unwrap();
        written += n;
    }
    file.flush().unwrap();
}

fn assert_witness(run: &Run) {
    assert!(
        run.has(WITNESS_FINDING),
        "the good definition was not checked:\n{}",
        run.shown()
    );
}

/// The one finding line for `file`, which must exist.
fn line_for<'a>(run: &'a Run, file: &str) -> &'a str {
    let lines: Vec<&str> = run
        .findings()
        .into_iter()
        .filter(|l| l.starts_with(&format!("{file}:")))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "expected one finding for {file}:\n{}",
        run.shown()
    );
    lines[0]
}

/// `path:LINE:COL: rest` split into (line, column, rest).
fn position(line: &str, file: &str) -> (usize, usize, String) {
    let rest = line.strip_prefix(&format!("{file}:")).unwrap();
    let mut parts = rest.splitn(3, ':');
    let l = parts.next().unwrap().parse().unwrap();
    let c = parts.next().unwrap().parse().unwrap();
    (l, c, parts.next().unwrap().trim_start().to_string())
}

// ---------------------------------------------------------------------------------------
// Alias bombs, nesting, size

/// Nine levels of nine aliases each: 9^9 nodes once expanded.
fn alias_bomb() -> String {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = format!("*a{}", i - 1);
        let items = [prev.as_str(); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    text
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly_and_the_rest_is_checked() {
    let dir = scratch();
    write(dir.path(), "bomb.trusted-app.yaml", alias_bomb().as_bytes());
    // The same bomb in a YAML app config: the limits apply to configs too.
    write(dir.path(), "tools/auth.yaml", alias_bomb().as_bytes());
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    for file in ["bomb.trusted-app.yaml", "tools/auth.yaml"] {
        let (line, _, rest) = position(line_for(&run, file), file);
        // Where the expansion crossed the limit: at an alias, past the first line.
        assert!(line > 1, "{}", run.shown());
        assert!(
            rest.starts_with("TA001 [error] invalid YAML: ") && rest.contains("odes"),
            "the message should say that the node limit was reached:\n{}",
            run.shown()
        );
    }
    assert!(run.elapsed < Duration::from_secs(20), "{}", run.shown());
}

#[test]
fn limit_messages_are_plain_words_with_the_limit() {
    let dir = Project::new();
    write(dir.path(), "bomb.trusted-app.yaml", alias_bomb().as_bytes());
    write(
        dir.path(),
        "deep.trusted-app.yaml",
        block_nesting(100).as_bytes(),
    );
    // One file per run (see block_nesting_at_and_past_the_limit_does_not_crash).
    let message = |file: &str| {
        let run = check(dir.path(), &[file]);
        position(line_for(&run, file), file).2
    };
    let bomb = message("bomb.trusted-app.yaml");
    let deep = message("deep.trusted-app.yaml");
    for (message, limit) in [(&bomb, "200000"), (&deep, "64")] {
        assert!(
            message.contains(limit),
            "the message should name the limit {limit}: {message}"
        );
        for debug in ["{", "}", "budget breached", "(used", " at line "] {
            assert!(
                !message.contains(debug),
                "the message shows parser internals ({debug}): {message}"
            );
        }
    }
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused_in_every_format() {
    let dir = scratch();
    let open = "[".repeat(10_000);
    let close = "]".repeat(10_000);
    write(
        dir.path(),
        "deep.trusted-app.yaml",
        format!("ApplicationUri: com.example/deep\nScope: {open}{close}\n").as_bytes(),
    );
    write(
        dir.path(),
        "deep.trusted-app.json",
        format!("{{\"ApplicationUri\": \"com.example/deep-json\", \"Scope\": {open}{close}}}")
            .as_bytes(),
    );
    write(
        dir.path(),
        "deep.trusted-app.toml",
        format!("ApplicationUri = \"com.example/deep-toml\"\nScope = {open}{close}\n").as_bytes(),
    );
    // Objects nest differently from arrays in some parsers.
    let objects = "{\"a\": ".repeat(10_000) + "1" + &"}".repeat(10_000);
    write(dir.path(), "objects.trusted-app.json", objects.as_bytes());
    let tables = "a = ".to_string() + &"{b = ".repeat(10_000) + "1" + &"}".repeat(10_000) + "\n";
    write(dir.path(), "tables.trusted-app.toml", tables.as_bytes());
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    for (file, prefix, line) in [
        ("deep.trusted-app.yaml", "TA001 [error] invalid YAML: ", 2),
        (
            "deep.trusted-app.json",
            "TA001 [error] invalid JSON: Maximum nesting depth exceeded",
            1,
        ),
        (
            "objects.trusted-app.json",
            "TA001 [error] invalid JSON: Maximum nesting depth exceeded",
            1,
        ),
        (
            "deep.trusted-app.toml",
            "TA001 [error] invalid TOML: cannot recurse further",
            2,
        ),
        (
            "tables.trusted-app.toml",
            "TA001 [error] invalid TOML: cannot recurse further",
            1,
        ),
    ] {
        let (l, column, rest) = position(line_for(&run, file), file);
        assert_eq!(l, line, "{file}: {}", run.shown());
        assert!(rest.starts_with(prefix), "{file}: {}", run.shown());
        // The parser stopped inside the nesting, not at the start of the file.
        assert!(column > 1, "{file}: {}", run.shown());
    }
}

/// Block-style nesting (indentation), to `depth` levels.
fn block_nesting(depth: usize) -> String {
    let mut text: String = (0..depth)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    text.push_str(&format!("{}v\n", " ".repeat(depth)));
    text
}

#[test]
fn block_nesting_at_and_past_the_limit_does_not_crash() {
    let dir = scratch();
    // At the limit: read. Past it, as deep as indentation allows in a small file: refused.
    write(
        dir.path(),
        "at-limit.trusted-app.yaml",
        block_nesting(64).as_bytes(),
    );
    write(
        dir.path(),
        "past-limit.trusted-app.yaml",
        block_nesting(1000).as_bytes(),
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    assert!(
        run.has("at-limit.trusted-app.yaml:1:1: TA101 [error] this Trusted Application has no ApplicationUri"),
        "{}",
        run.shown()
    );
    let (line, _, rest) = position(
        line_for(&run, "past-limit.trusted-app.yaml"),
        "past-limit.trusted-app.yaml",
    );
    // The 65th level is refused.
    assert_eq!(line, 65, "{}", run.shown());
    assert!(
        rest.starts_with("TA001 [error] invalid YAML: "),
        "{}",
        run.shown()
    );
}

#[test]
fn a_50_mb_file_is_skipped_unread_with_the_reason() {
    let dir = scratch();
    let head = "ApplicationUri: com.example/big\nScope: [sec]\n";
    write_large(
        &dir.path().join("big.trusted-app.yaml"),
        head,
        "# padding padding padding padding padding padding padding padding padding\n",
        50_000_000,
    );
    write_large(
        &dir.path().join(".env.production"),
        "VITE_OIDC_CLIENT_SECRET=Zq81BigEnvSecret\n",
        "# padding padding padding padding padding padding padding padding padding\n",
        50_000_000,
    );
    // A large JSON file that is not named as a definition is dismissed (not an export).
    write_large(
        &dir.path().join("data.json"),
        "[",
        "1111111111111111111111111111111111111111111111111111111111111111111111,\n",
        50_000_000,
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    assert_eq!(
        run.findings(),
        vec![
            ".env.production:1:1: TA001 [error] cannot be checked: larger than 16 MiB",
            "big.trusted-app.yaml:1:1: TA001 [error] cannot be checked: larger than 16 MiB",
            WITNESS_FINDING,
        ],
        "{}",
        run.shown()
    );
    // Skipped unread: nothing of its content (a `sec` scope, a secret) was looked at.
    assert!(!run.stdout.contains("TA601") && !run.stdout.contains("CF1"));
    assert!(run.elapsed < Duration::from_secs(20), "{}", run.shown());
}

fn long_line_definition() -> String {
    WITNESS
        .replace("com.example/witness", "com.example/long-line")
        .replace("Name: Witness", &format!("Name: {}", "N".repeat(10 << 20)))
}

#[test]
fn a_10_mb_line_is_read_and_checked() {
    let dir = scratch();
    write(
        dir.path(),
        "long.trusted-app.yaml",
        long_line_definition().as_bytes(),
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_witness(&run);
    // Checked like the witness: the same finding, on the same line.
    assert!(
        run.has("long.trusted-app.yaml:9:29: TA703 [warning] legacy user-and-password (Basic) authentication is allowed"),
        "{}",
        run.shown()
    );
    assert!(
        run.stdout.len() < 10_000,
        "the long line reached the output:\n{}",
        run.shown()
    );
}

#[test]
fn output_stays_small_whatever_the_length_of_a_line() {
    let dir = Project::new();
    write(
        dir.path(),
        "long.trusted-app.yaml",
        long_line_definition().as_bytes(),
    );
    write(
        dir.path(),
        "url.trusted-app.yaml",
        WITNESS
            .replace("com.example/witness", "com.example/long-url")
            .replace(
                "https://witness.example.com/signin-oidc",
                &format!("http://{}.example.com/cb", "u".repeat(10 << 20)),
            )
            .as_bytes(),
    );
    for format in ["human", "concise", "github"] {
        let run = support::trustlint(
            dir.path(),
            &["check", "--isolated", "--format", format, "."],
        );
        assert_eq!(run.code, Some(1), "{}", run.shown());
        assert!(
            run.stdout.len() < 1 << 20,
            "{format}: {} bytes of output for two files with one long line each",
            run.stdout.len()
        );
    }
}

#[test]
fn many_apps_in_one_file_are_checked_in_reasonable_time() {
    let dir = scratch();
    let mut text = String::from("TrustedApplications:\n");
    for i in 0..12_000 {
        text.push_str(&format!(
            "  - ApplicationUri: com.example/app{i}\n    AppType: Service\n    ClientType: Confidential\n    Scope: [read]\n"
        ));
    }
    write(dir.path(), "many.trusted-app.yaml", text.as_bytes());
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(1), "{}", run.shown());
    assert_witness(&run);
}

// ---------------------------------------------------------------------------------------
// Encodings and bytes

#[test]
fn invalid_utf8_is_not_checked_with_the_reason() {
    let dir = scratch();
    write(
        dir.path(),
        "latin1.trusted-app.yaml",
        b"ApplicationUri: com.example/latin1\nName: Caf\xe9 portal\nScope: [sec]\n",
    );
    write(
        dir.path(),
        "latin1.trusted-app.json",
        b"{\"ApplicationUri\": \"com.example/caf\xe9\"}",
    );
    write(
        dir.path(),
        "web/.env",
        b"OIDC_CLIENT_ID=com.example/witness\nNAME=Caf\xe9\n",
    );
    // A JSON file that might have been an export: not valid text, so not an export.
    write(
        dir.path(),
        "export.json",
        b"{\"@odata.context\": \"\xff\xfe\"}",
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_eq!(
        run.findings(),
        vec![
            "latin1.trusted-app.json:1:1: TA001 [error] cannot be checked: not valid UTF-8 text",
            "latin1.trusted-app.yaml:1:1: TA001 [error] cannot be checked: not valid UTF-8 text",
            "web/.env:1:1: TA001 [error] cannot be checked: not valid UTF-8 text",
            WITNESS_FINDING,
        ],
        "{}",
        run.shown()
    );
}

#[test]
fn a_binary_file_named_like_a_definition_is_not_checked() {
    let dir = scratch();
    // A PNG header and every byte value: NUL bytes and invalid UTF-8.
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec();
    png.extend((0..=255u8).cycle().take(4096));
    write(dir.path(), "logo.trusted-app.json", &png);
    write(dir.path(), "logo.trusted-app.yaml", &png);
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_eq!(
        run.findings(),
        vec![
            "logo.trusted-app.json:1:1: TA001 [error] cannot be checked: not valid UTF-8 text",
            "logo.trusted-app.yaml:1:1: TA001 [error] cannot be checked: not valid UTF-8 text",
            WITNESS_FINDING,
        ],
        "{}",
        run.shown()
    );
}

#[test]
fn nul_bytes_in_valid_utf8_are_a_parse_error_at_their_place() {
    let dir = scratch();
    write(
        dir.path(),
        "nul.trusted-app.yaml",
        b"ApplicationUri: com.example/nul\nName: a\x00b\n",
    );
    write(
        dir.path(),
        "nul.trusted-app.toml",
        b"ApplicationUri = \"com.example/nul\"\nName = \"a\x00b\"\n",
    );
    // NUL bytes in a .env file: the line is read up to them, nothing breaks.
    write(dir.path(), "web/.env", b"A=1\x00\x00\nB=2\n");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    let (l, c, rest) = position(
        line_for(&run, "nul.trusted-app.yaml"),
        "nul.trusted-app.yaml",
    );
    assert_eq!(
        (l, c, rest.as_str()),
        (
            2,
            8,
            "TA001 [error] invalid YAML: unexpected character: `\\u{0}'"
        ),
        "{}",
        run.shown()
    );
    let (l, c, rest) = position(
        line_for(&run, "nul.trusted-app.toml"),
        "nul.trusted-app.toml",
    );
    assert_eq!((l, c), (2, 10), "{}", run.shown());
    assert!(
        rest.starts_with("TA001 [error] invalid TOML: "),
        "{}",
        run.shown()
    );
    assert!(
        !run.stdout.contains("web/.env"),
        "a .env file with NUL bytes is still read:\n{}",
        run.shown()
    );
}

#[test]
fn a_raw_nul_byte_in_a_json_string_is_a_parse_error() {
    let dir = Project::new();
    write(
        dir.path(),
        "nul.trusted-app.json",
        b"{\"ApplicationUri\": \"com.example/nul\x00\"}",
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    let line = line_for(&run, "nul.trusted-app.json");
    assert!(
        line.starts_with("nul.trusted-app.json:1:36: TA001 [error] invalid JSON: "),
        "{}",
        run.shown()
    );
    assert!(!run.stdout.contains('\0'), "a NUL byte reached the output");
}

/// The witness, a JSON definition and a `.env` config, each with a finding on line 1 or 2,
/// with or without a byte-order mark.
fn bom_project(dir: &Path, bom: &str) {
    write(
        dir,
        "bom.trusted-app.yaml",
        format!(
            "{bom}{}",
            WITNESS
                .replace("com.example/witness", "com.example/bom-yaml")
                .replace("Scope: [read]", "Scope: [read, sec]")
        )
        .as_bytes(),
    );
    write(
        dir,
        "bom.trusted-app.json",
        format!(
            "{bom}{{\"Scope\": [\"sec\"], \"ApplicationUri\": \"com.example/bom-json\", \"ClientType\": \"Public\", \"AppType\": \"Spa\", \"ImpersonateAsInternalUserAllowed\": true, \"ImpersonateLoginUrl\": \"https://spa.example.com/cb\"}}"
        )
        .as_bytes(),
    );
    write(
        dir,
        "spa/.env.production",
        format!("{bom}VITE_OIDC_CLIENT_SECRET=Zq81BomEnvSecret7\nVITE_OIDC_CLIENT_ID=com.example/bom-json\n")
            .as_bytes(),
    );
    write(
        dir,
        "spa/package.json",
        br#"{"dependencies": {"vite": "7"}}"#,
    );
}

#[test]
fn a_byte_order_mark_is_accepted_in_yaml_json_and_env() {
    let dir = scratch();
    bom_project(dir.path(), "\u{feff}");
    let run = check(dir.path(), &["."]);
    assert_eq!(run.code, Some(1), "{}", run.shown());
    assert_witness(&run);
    let rules = |file: &str| -> Vec<String> {
        run.findings()
            .iter()
            .filter(|l| l.starts_with(&format!("{file}:")))
            .map(|l| {
                let (line, _, rest) = position(l, file);
                format!("{line}: {}", rest.split(' ').next().unwrap())
            })
            .collect()
    };
    // Read as if the mark were not there: the same findings on the same lines.
    assert_eq!(rules("bom.trusted-app.yaml"), ["8: TA601", "9: TA703"]);
    assert_eq!(rules("bom.trusted-app.json"), ["1: TA601"]);
    assert!(
        rules("spa/.env.production").contains(&"1: CF101".to_string()),
        "the first .env key, right after the mark, was not read:\n{}",
        run.shown()
    );
    assert!(!run.stdout.contains("Zq81BomEnvSecret7"));
}

#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let with = Project::new();
    let without = Project::new();
    bom_project(with.path(), "\u{feff}");
    bom_project(without.path(), "");
    let a = check(with.path(), &["."]);
    let b = check(without.path(), &["."]);
    assert_eq!(a.stdout, b.stdout);
    let human = |dir: &Path| {
        support::trustlint(
            dir,
            &[
                "check",
                "--isolated",
                "--format",
                "human",
                "bom.trusted-app.json",
            ],
        )
        .stdout
    };
    assert!(human(with.path()).contains("[bom.trusted-app.json:1:12]"));
    assert_eq!(human(with.path()), human(without.path()));
}

/// One file of each format, with findings on several lines.
fn line_end_project(dir: &Path, eol: &str) {
    let lines = |text: &str| text.replace('\n', eol);
    write(
        dir,
        "app.trusted-app.yaml",
        lines(
            &WITNESS
                .replace("com.example/witness", "com.example/eol-yaml")
                .replace("https://witness.example.com", "http://eol.example.com"),
        )
        .as_bytes(),
    );
    write(
        dir,
        "app.trusted-app.json",
        lines("{\n  \"ApplicationUri\": \"com.example/eol-json\",\n  \"ClientType\": \"Public\",\n  \"AppType\": \"Spa\",\n  \"ImpersonateAsInternalUserAllowed\": true,\n  \"ImpersonateLoginUrl\": \"http://eol-json.example.com/cb\",\n  \"Scope\": \"read sec\"\n}\n").as_bytes(),
    );
    write(
        dir,
        "app.trusted-app.toml",
        lines("ApplicationUri = \"com.example/eol-toml\"\nClientType = \"Public\"\nAppType = \"Spa\"\nImpersonateAsInternalUserAllowed = true\nImpersonateLoginUrl = \"http://eol-toml.example.com/cb\"\nScope = [\"sec\"]\n").as_bytes(),
    );
    write(
        dir,
        "web/.env",
        lines("# the web app\nOIDC_CLIENT_ID=com.example/eol-yaml\nOIDC_AUTHORITY=http://acme.my.erp.net/id\nOIDC_REDIRECT_URI=http://eol.example.com/signin-oidc\n").as_bytes(),
    );
}

#[test]
fn crlf_line_ends_give_the_same_findings_at_the_same_places() {
    let crlf = Project::new();
    let lf = Project::new();
    line_end_project(crlf.path(), "\r\n");
    line_end_project(lf.path(), "\n");
    let a = check(crlf.path(), &["."]);
    let b = check(lf.path(), &["."]);
    assert_eq!(a.code, Some(1), "{}", a.shown());
    // Every file produced findings, so every file was read.
    for file in [
        "app.trusted-app.yaml",
        "app.trusted-app.json",
        "app.trusted-app.toml",
        "web/.env",
    ] {
        assert!(
            a.stdout.contains(&format!("{file}:")),
            "{file}: {}",
            a.shown()
        );
    }
    assert_eq!(a.stdout, b.stdout, "CRLF and LF files are read differently");
    assert!(
        !a.stdout.contains('\r'),
        "a carriage return reached the output"
    );
    // The .env values are read without their `\r`: the client id links to its app (no
    // "unregistered client id" finding) and the URI is compared exactly.
    assert!(!a.stdout.contains("CF201"), "{}", a.shown());
}

// ---------------------------------------------------------------------------------------
// Duplicate keys

#[test]
fn duplicate_keys_in_a_definition_are_findings() {
    let dir = scratch();
    write(
        dir.path(),
        "dup.trusted-app.yaml",
        WITNESS
            .replace("com.example/witness", "com.example/dup-yaml")
            .replace("Scope: [read]", "Scope: [read]\nScope: [sec]")
            .as_bytes(),
    );
    write(
        dir.path(),
        "dup.trusted-app.json",
        br#"{"ApplicationUri": "com.example/dup-json", "ClientType": "Public", "AppType": "Spa", "ClientType": "Confidential", "ImpersonateAsInternalUserAllowed": true, "ImpersonateLoginUrl": "https://spa.example.com/cb", "Scope": "read"}"#,
    );
    write(
        dir.path(),
        "dup.trusted-app.toml",
        b"ApplicationUri = \"com.example/dup-toml\"\nClientType = \"Public\"\nClientType = \"Confidential\"\n",
    );
    // A repeated key deeper down: in a user of the Users list.
    write(
        dir.path(),
        "users.trusted-app.yaml",
        b"Users:\n  - Login: svc.sync\n    IsAdmin: false\n    IsAdmin: true\n",
    );
    let run = check(dir.path(), &["."]);
    assert_eq!(
        run.code,
        Some(2),
        "TOML's duplicate is a syntax error: {}",
        run.shown()
    );
    assert_witness(&run);
    let findings = run.findings();
    for expected in [
        "dup.trusted-app.yaml:9:1: TA105 [error] Scope is set a second time; trustlint reads the first value",
        "dup.trusted-app.json:1:86: TA105 [error] ClientType is set a second time; trustlint reads the first value",
        "dup.trusted-app.toml:3:1: TA001 [error] invalid TOML: duplicate key",
        "users.trusted-app.yaml:4:5: TA105 [error] `IsAdmin` is set a second time for this user",
    ] {
        assert!(
            findings.contains(&expected),
            "missing {expected}:\n{}",
            run.shown()
        );
    }
    // The first value is the one read: no TA601 for the second `Scope: [sec]`.
    assert!(!run.stdout.contains("TA601"), "{}", run.shown());
}

// ---------------------------------------------------------------------------------------
// Links, permissions, special files

#[cfg(unix)]
fn symlink(target: &str, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_are_not_followed() {
    let dir = scratch();
    let d = dir.path();
    // Two links naming each other, a link to its own folder and one to the folder above.
    symlink(
        "loop-b.trusted-app.yaml",
        &d.join("loop-a.trusted-app.yaml"),
    );
    symlink(
        "loop-a.trusted-app.yaml",
        &d.join("loop-b.trusted-app.yaml"),
    );
    symlink(".", &d.join("sub/self"));
    symlink("..", &d.join("sub/up"));
    symlink("../sub", &d.join("sub/again"));
    let run = check(d, &["."]);
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_eq!(run.findings(), vec![WITNESS_FINDING], "{}", run.shown());
    assert_eq!(
        run.stderr,
        "trustlint: skipped loop-a.trusted-app.yaml: a symbolic link (links are not followed)\n\
         trustlint: skipped loop-b.trusted-app.yaml: a symbolic link (links are not followed)\n",
        "{}",
        run.shown()
    );
    assert!(run.elapsed < Duration::from_secs(20));
}

#[cfg(unix)]
#[test]
fn a_broken_link_named_on_the_command_line_is_an_error() {
    let dir = scratch();
    let d = dir.path();
    symlink(
        "loop-b.trusted-app.yaml",
        &d.join("loop-a.trusted-app.yaml"),
    );
    symlink(
        "loop-a.trusted-app.yaml",
        &d.join("loop-b.trusted-app.yaml"),
    );
    symlink(
        "nowhere.trusted-app.yaml",
        &d.join("dangling.trusted-app.yaml"),
    );
    let run = check(
        d,
        &[
            "loop-a.trusted-app.yaml",
            "dangling.trusted-app.yaml",
            "witness.trusted-app.yaml",
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    let loop_line = line_for(&run, "loop-a.trusted-app.yaml");
    assert!(
        loop_line.starts_with("loop-a.trusted-app.yaml:1:1: TA001 [error] cannot be checked: "),
        "{}",
        run.shown()
    );
    let dangling = line_for(&run, "dangling.trusted-app.yaml");
    assert!(
        dangling.starts_with("dangling.trusted-app.yaml:1:1: TA001 [error] cannot be checked: "),
        "{}",
        run.shown()
    );
    assert!(
        !run.stderr.contains("links are not followed"),
        "{}",
        run.shown()
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_checked_tree_is_not_followed() {
    let root = Project::new();
    let tree = root.path().join("tree");
    write(&tree, "witness.trusted-app.yaml", WITNESS.as_bytes());
    // Outside the tree: a definition and a config with findings that must not appear.
    write(
        root.path(),
        "outside/evil.trusted-app.yaml",
        b"ApplicationUri: com.example/outside\nScope: [sec]\n",
    );
    write(
        root.path(),
        "outside/.env",
        b"VITE_OIDC_CLIENT_SECRET=Zq81OutsideSecret\n",
    );
    symlink(
        "../outside/evil.trusted-app.yaml",
        &tree.join("evil.trusted-app.yaml"),
    );
    symlink("../../outside/.env", &tree.join("web/.env"));
    symlink("../outside", &tree.join("outdir"));
    let absolute = root.path().join("outside");
    symlink(absolute.to_str().unwrap(), &tree.join("abs"));
    let run = check(&tree, &["."]);
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_eq!(run.findings(), vec![WITNESS_FINDING], "{}", run.shown());
    assert!(!run.stdout.contains("outside"), "{}", run.shown());
    assert_eq!(
        run.stderr,
        "trustlint: skipped evil.trusted-app.yaml: a symbolic link (links are not followed)\n\
         trustlint: skipped web/.env: a symbolic link (links are not followed)\n",
        "{}",
        run.shown()
    );
    assert!(run.stdout.contains("in 1 file"), "{}", run.shown());
}

/// Whether this process can read a file whose permissions deny everyone (it runs as root,
/// or with CAP_DAC_OVERRIDE): then permissions cannot make a file unreadable for it.
#[cfg(unix)]
fn permissions_are_bypassed(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = write(dir, "probe", b"x");
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&probe).is_ok();
    std::fs::remove_file(&probe).unwrap();
    readable
}

/// Runs trustlint where permissions apply. As root they do not (root reads a chmod-000
/// file), so the run drops to the `nobody` user with `setpriv` when it is installed; when it
/// is not, the case is skipped with a note (`None`).
#[cfg(unix)]
fn check_with_permissions(dir: &Path, args: &[&str]) -> Option<Run> {
    let mut all = vec!["check", "--isolated", "--format", "concise"];
    all.extend_from_slice(args);
    if !permissions_are_bypassed(dir) {
        return Some(support::trustlint(dir, &all));
    }
    let setpriv = ["/usr/bin/setpriv", "/bin/setpriv"]
        .into_iter()
        .find(|p| Path::new(p).exists());
    let Some(setpriv) = setpriv else {
        eprintln!(
            "SKIPPED: running as root, where a chmod-000 file is readable, and no setpriv to run as another user"
        );
        return None;
    };
    Some(
        TestCommand::wrapper(setpriv, dir)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(support::BIN)
            .args(&all)
            .run(),
    )
}

/// A scratch folder that the `nobody` user can enter and read.
#[cfg(unix)]
fn open_scratch() -> Project {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(
        dir.path().join("witness.trusted-app.yaml"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_rest_is_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_scratch();
    let locked = write(
        dir.path(),
        "locked.trusted-app.yaml",
        b"ApplicationUri: com.example/locked\nScope: [sec]\n",
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(run) = check_with_permissions(dir.path(), &["."]) else {
        return;
    };
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_eq!(
        run.findings(),
        vec![
            "locked.trusted-app.yaml:1:1: TA001 [error] cannot be checked: Permission denied (os error 13)",
            WITNESS_FINDING,
        ],
        "{}",
        run.shown()
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = open_scratch();
    write(
        dir.path(),
        "locked/hidden.trusted-app.yaml",
        b"ApplicationUri: com.example/hidden\nScope: [sec]\n",
    );
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(run) = check_with_permissions(dir.path(), &["."]) else {
        return;
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    assert!(
        run.stdout.contains("locked") || run.stderr.contains("locked"),
        "nothing says that `locked` was not read:\n{}",
        run.shown()
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Reading a FIFO without a writer blocks forever: these runs have a short deadline.
const FIFO_DEADLINE: Duration = Duration::from_secs(20);

#[cfg(unix)]
#[test]
fn fifos_are_skipped_not_read() {
    let dir = scratch();
    let d = dir.path();
    for name in [
        "pipe.trusted-app.yaml",
        "trusted-apps.json",
        "export.json",
        "web/.env",
        "api/appsettings.json",
    ] {
        mkfifo(&d.join(name));
    }
    let run = check_within(d, &["."], FIFO_DEADLINE);
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_eq!(run.findings(), vec![WITNESS_FINDING], "{}", run.shown());
    let why = "not a regular file (a FIFO, socket or device)";
    assert_eq!(
        run.stderr,
        format!(
            "trustlint: skipped api/appsettings.json: {why}\n\
             trustlint: skipped export.json: {why}\n\
             trustlint: skipped pipe.trusted-app.yaml: {why}\n\
             trustlint: skipped trusted-apps.json: {why}\n\
             trustlint: skipped web/.env: {why}\n"
        ),
        "{}",
        run.shown()
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_skipped_not_read() {
    let dir = scratch();
    mkfifo(&dir.path().join("pipe.trusted-app.yaml"));
    let run = check_within(
        dir.path(),
        &["pipe.trusted-app.yaml", "witness.trusted-app.yaml"],
        FIFO_DEADLINE,
    );
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_eq!(run.findings(), vec![WITNESS_FINDING], "{}", run.shown());
    assert_eq!(
        run.stderr,
        "trustlint: skipped pipe.trusted-app.yaml: not a regular file (a FIFO, socket or device)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_the_project_config_does_not_block() {
    let dir = scratch();
    mkfifo(&dir.path().join("trustlint.toml"));
    // Not --isolated: the config is looked for, and must not be read.
    let run = TestCommand::new(dir.path())
        .args(["check", "--format", "concise", "."])
        .deadline(FIFO_DEADLINE)
        .run();
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_witness(&run);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_gitignore_does_not_block() {
    let dir = scratch();
    mkfifo(&dir.path().join(".gitignore"));
    mkfifo(&dir.path().join("sub/.ignore"));
    let run = check_within(dir.path(), &["."], FIFO_DEADLINE);
    assert_eq!(run.code, Some(0), "{}", run.shown());
    assert_witness(&run);
}

#[test]
fn a_missing_path_is_a_usage_error_with_no_position() {
    let dir = scratch();
    let run = check(dir.path(), &["gone.trusted-app.yaml", "gone-folder", "."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert!(
        run.findings().is_empty(),
        "nothing is checked: {}",
        run.shown()
    );
    assert!(
        run.shown()
            .contains("no such file or directory: `gone.trusted-app.yaml`, `gone-folder`"),
        "{}",
        run.shown()
    );
    assert!(
        !run.shown().contains("1:1"),
        "no made-up position: {}",
        run.shown()
    );
}

// ---------------------------------------------------------------------------------------
// Control characters from the files

#[test]
fn control_characters_from_a_file_never_reach_text_output_raw() {
    let dir = Project::new();
    write(
        dir.path(),
        "inject.trusted-app.json",
        br#"{"ApplicationUri": "com.example/x\n::error file=app.yaml,line=1::forged uri\u001b[2J", "Name": "n", "a\n::error file=app.yaml,line=1::forged key\u001b[8m": 1}"#,
    );
    for format in ["human", "concise", "github", "junit"] {
        let run = support::trustlint(
            dir.path(),
            &["check", "--isolated", "--format", format, "."],
        );
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{format}: an escape sequence from the file reached the output"
        );
        for line in run.stdout.lines() {
            assert!(
                !line.trim_start().starts_with("::error file=app.yaml"),
                "{format}: a line of the output is a workflow command written by the file:\n{line}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// [limits] in trustlint.toml

#[test]
fn limits_in_trustlint_toml_change_the_limits() {
    let dir = scratch();
    let d = dir.path();
    write(
        d,
        "trustlint.toml",
        b"[limits]\nmax-file-mib = 1\nmax-yaml-depth = 3\nmax-yaml-nodes = 40\n",
    );
    // 2 MB: over the configured 1 MiB, far under the default 16 MiB.
    write_large(
        &d.join("two-mb.trusted-app.yaml"),
        "ApplicationUri: com.example/two-mb\n",
        "# padding padding padding padding padding padding padding padding padding\n",
        2_000_000,
    );
    // Four levels (a list of apps, an app, a list, a mapping): over the configured 3.
    write(
        d,
        "deep.trusted-app.yaml",
        b"TrustedApplications:\n  - ApplicationUri: com.example/deep\n    Configs:\n      - Path: web/.env\n",
    );
    // 45 nodes after expanding 9 aliases of a 4-item list: over the configured 40.
    write(
        d,
        "aliases.trusted-app.yaml",
        b"ApplicationUri: com.example/aliases\nx: &s [a, b, c, d]\nScope: [*s, *s, *s, *s, *s, *s, *s, *s, *s]\n",
    );
    let run = support::trustlint(d, &["check", "--format", "concise", "."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    assert!(
        run.has("two-mb.trusted-app.yaml:1:1: TA001 [error] cannot be checked: larger than 1 MiB"),
        "{}",
        run.shown()
    );
    for file in ["deep.trusted-app.yaml", "aliases.trusted-app.yaml"] {
        let (_, _, rest) = position(line_for(&run, file), file);
        assert!(
            rest.starts_with("TA001 [error] invalid YAML: "),
            "{file}: {}",
            run.shown()
        );
    }
    // The same files under the default limits: read.
    let defaults = check(d, &["."]);
    assert!(
        !defaults.stdout.contains("TA001"),
        "the files are within the default limits:\n{}",
        defaults.shown()
    );
}

#[test]
fn a_bad_limits_section_is_reported_in_trustlint_toml() {
    let dir = scratch();
    write(
        dir.path(),
        "trustlint.toml",
        b"[limits]\nmax-file-mb = 1\nmax-yaml-depth = \"deep\"\n",
    );
    let run = support::trustlint(dir.path(), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert_witness(&run);
    assert!(
        run.has("trustlint.toml:2:1: TL004 [error] unknown setting `max-file-mb`: did you mean `max-file-mib`?"),
        "{}",
        run.shown()
    );
}

#[test]
fn a_raised_depth_limit_cannot_crash_trustlint() {
    let dir = scratch();
    write(
        dir.path(),
        "trustlint.toml",
        b"[limits]\nmax-yaml-depth = 100000\nmax-yaml-nodes = 100000000\n",
    );
    write(
        dir.path(),
        "deep.trusted-app.yaml",
        block_nesting(3000).as_bytes(),
    );
    let run = support::trustlint(dir.path(), &["check", "--format", "concise", "."]);
    assert!(
        matches!(run.code, Some(1) | Some(2)),
        "trustlint crashed: {}",
        run.shown()
    );
    assert_witness(&run);
}

#[cfg(unix)]
#[test]
fn staged_files_obey_the_limits() {
    let dir = scratch();
    let d = dir.path();
    support::git(d, &["init", "-q"]);
    write(d, "trustlint.toml", b"[limits]\nmax-file-mib = 1\n");
    write_large(
        &d.join("two-mb.trusted-app.yaml"),
        "ApplicationUri: com.example/two-mb\nScope: [sec]\n",
        "# padding padding padding padding padding padding padding padding padding\n",
        2_000_000,
    );
    support::git(d, &["add", "-A"]);
    let run = support::trustlint(d, &["check", "--staged", "--format", "concise"]);
    assert_eq!(run.code, Some(2), "{}", run.shown());
    assert!(
        run.has("two-mb.trusted-app.yaml:1:1: TA001 [error] cannot be checked: larger than 1 MiB"),
        "{}",
        run.shown()
    );
}

// ---------------------------------------------------------------------------------------
// Fuzz regressions

/// Every input kept under `tests/fuzz_regressions/<target>/` (inputs that once made a fuzz
/// target fail), replayed through that target's function. Each must return.
#[test]
fn fuzz_regression_inputs_are_handled() {
    let root = support::repo_root().join("tests/fuzz_regressions");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, function) in harness::TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if !path.is_file() || path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            replayed += 1;
            if std::panic::catch_unwind(|| function(&bytes)).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "fuzz regression inputs that still fail:\n{}",
        failures.join("\n")
    );
    eprintln!("replayed {replayed} fuzz regression inputs");
}

/// The harness itself on a few hand-written inputs, so that it is known to work even while
/// the regression folders are empty.
#[test]
fn the_fuzz_harness_runs_on_ordinary_and_hostile_inputs() {
    let inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        WITNESS.as_bytes().to_vec(),
        alias_bomb().into_bytes(),
        b"\xef\xbb\xbf{\"a\": [1, 2, {\"b\": null}]}".to_vec(),
        b"a = [1, 2]\n[t]\nb = { c = 1 }\n".to_vec(),
        b"export A=\"multi\nline\"\nB='x'\n\xff\xfe".to_vec(),
        b"const x = { clientId: `a${b}`, scopes: ['openid', 'read'], s: \"\\".to_vec(),
        b"[limits]\nmax-file-mib = 18446744073709551615\n[[ignore]]\npath = \"[\"\n".to_vec(),
    ];
    for (_, function) in harness::TARGETS {
        for input in &inputs {
            for selector in (0u8..6).chain(0x80..0x86) {
                let mut data = vec![selector];
                data.extend_from_slice(input);
                function(&data);
            }
        }
    }
}
