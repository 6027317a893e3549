//! What each fuzz target does with its input, shared by the fuzz targets (`fuzz/`) and by
//! the regression test in `tests/adversarial.rs`, which replays every input kept under
//! `tests/fuzz_regressions/<target>/` through the same function.
//!
//! Every function takes arbitrary bytes and must return without panicking; the only
//! assertions are the loaders' contract that spans lie inside the text.

#![allow(dead_code)]

use trustlint::configs::{self, ConfigFormat};
use trustlint::formats::{self, Format, Limits};
use trustlint::render::{self, HumanOptions, OutputFormat};
use trustlint::source::SourceFile;
use trustlint::tree::{Kind, Node};
use trustlint::{CheckOptions, InputKind, check_sources};

/// What a fuzz target does with its input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by name, as `fuzz/Cargo.toml` declares them.
pub const TARGETS: &[(&str, Target)] = &[
    ("yaml", yaml),
    ("json", json),
    ("toml", toml),
    ("env", env),
    ("script", script),
    ("code", code),
    ("settings", settings),
    ("check_definition", check_definition),
    ("check_config", check_config),
];

/// Text from the fuzzer's bytes: invalid UTF-8 is replaced, as no loader sees anything
/// but `&str` (the file reader turns invalid UTF-8 into TA001 before any loader runs).
fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Every span of the tree lies inside the text, ends after it starts, and key spans too.
fn check_spans(node: &Node, text: &str) {
    let len = text.len();
    assert!(
        node.span.start <= node.span.end && node.span.end <= len,
        "span {:?} outside a text of {len} bytes",
        node.span
    );
    match &node.kind {
        Kind::Map(entries) => {
            for e in entries {
                assert!(
                    e.key_span.start <= e.key_span.end && e.key_span.end <= len,
                    "key span {:?} outside a text of {len} bytes",
                    e.key_span
                );
                check_spans(&e.value, text);
            }
        }
        Kind::Seq(items) => {
            for item in items {
                check_spans(item, text);
            }
        }
        _ => {}
    }
}

fn check_parse_error(e: &formats::ParseError, text: &str) {
    assert!(
        e.span.start <= e.span.end && e.span.end <= text.len(),
        "parse error span {:?} outside a text of {} bytes",
        e.span,
        text.len()
    );
}

fn loaded(result: Result<Node, formats::ParseError>, text: &str) {
    match result {
        Ok(node) => check_spans(&node, text),
        Err(e) => check_parse_error(&e, text),
    }
}

/// YAML with the default limits and with small ones (so that the limits themselves are
/// exercised on small inputs).
pub fn yaml(data: &[u8]) {
    let t = text(data);
    loaded(formats::yaml::parse(&t), &t);
    let small = Limits {
        max_file_bytes: 1 << 20,
        max_yaml_depth: 8,
        max_yaml_nodes: 64,
    };
    loaded(formats::yaml::parse_limited(&t, &small), &t);
}

/// Strict JSON (definitions) and relaxed JSON (configs: comments, trailing commas).
pub fn json(data: &[u8]) {
    let t = text(data);
    loaded(formats::json::parse(&t), &t);
    loaded(formats::json::parse_relaxed(&t), &t);
}

pub fn toml(data: &[u8]) {
    let t = text(data);
    loaded(formats::toml::parse(&t), &t);
}

/// The `.env` reader, and the settings a config tree flattens into.
pub fn env(data: &[u8]) {
    let t = text(data);
    let node = configs::env::parse(&t);
    check_spans(&node, &t);
    let _ = configs::settings(&node);
}

/// The JS/TS key/value scanner.
pub fn script(data: &[u8]) {
    let t = text(data);
    let node = configs::script::parse(&t);
    check_spans(&node, &t);
    let _ = configs::settings(&node);
}

/// The code scanner in each language, chosen by the first byte, and the test that decides
/// whether a code file configures a client.
pub fn code(data: &[u8]) {
    use configs::script::Syntax;
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let syntax = [
        Syntax::Js,
        Syntax::CSharp,
        Syntax::Java,
        Syntax::Php,
        Syntax::Python,
        Syntax::Page,
        Syntax::Xml,
    ][usize::from(selector) % 7];
    let t = text(rest);
    let node = configs::script::parse_code(syntax, &t);
    check_spans(&node, &t);
    let _ = configs::configures_a_client(&configs::settings(&node));
    let _ = trustlint::input::might_configure_a_client(rest);
}

/// `trustlint.toml`: parsing, validation, the limits and the suppressions it declares.
pub fn settings(data: &[u8]) {
    let t = text(data);
    let loaded = trustlint::settings::Loaded::parse(SourceFile::in_memory("trustlint.toml", &t));
    let _ = loaded.settings.limits.resolve();
    let _ = loaded.admits(std::path::Path::new("apps/web.trusted-app.yaml"));
    // The same text as a shared policy file, and every policy read explained.
    let file = trustlint::policy::PolicyFile::parse(SourceFile::in_memory("policy.toml", &t));
    for p in loaded.policies.iter().chain(&file.policies) {
        let _ = trustlint::policy::explain(p, 180);
    }
}

fn options() -> CheckOptions {
    CheckOptions::on(trustlint::date::Date::parse("2026-11-27").expect("a valid date"))
}

/// Renders a report in every output format, and its baseline and statistics, as the command
/// line would. SARIF carries the whole rule catalog, which makes it slow to render for every
/// input; it is rendered when the selector byte has its high bit set.
fn render_all(report: &trustlint::Report, selector: u8) {
    let mut formats = vec![
        OutputFormat::Human,
        OutputFormat::Concise,
        OutputFormat::Json,
        OutputFormat::JsonLines,
        OutputFormat::Github,
        OutputFormat::Gitlab,
        OutputFormat::Junit,
    ];
    if selector & 0x80 != 0 {
        formats.push(OutputFormat::Sarif);
    }
    for format in formats {
        let _ = render::render(
            report,
            format,
            &HumanOptions {
                color: false,
                width: 80,
            },
        );
    }
    let _ = render::statistics(report);
    let _ = trustlint::suppress::Baseline::of(report).to_json();
}

/// The whole check of one definition file: the first byte picks YAML, JSON or TOML (and
/// whether SARIF is rendered too), the rest is the file. Every output format is rendered.
pub fn check_definition(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let t = text(rest);
    let (name, format) = match (selector & 0x7f) % 3 {
        0 => ("fuzz.trusted-app.yaml", Format::Yaml),
        1 => ("fuzz.trusted-app.json", Format::Json),
        _ => ("fuzz.trusted-app.toml", Format::Toml),
    };
    let report = check_sources(
        vec![(
            SourceFile::in_memory(name, &t),
            InputKind::Definition(format),
        )],
        &options(),
    );
    render_all(&report, selector);
}

/// A definition the fuzzed configs can belong to (by client id `com.example/web` or
/// `com.example/spa`), so that the config-to-registration rules run too.
const DEFINITIONS: &str = "TrustedApplications:
  - ApplicationUri: com.example/web
    AppType: WebApp
    ClientType: Confidential
    ApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=
    ImpersonateAsInternalUserAllowed: true
    ImpersonateLoginUrl: https://web.example.com/signin-oidc
    Instance: acme
    Scope: [read]
  - ApplicationUri: com.example/spa
    AppType: Spa
    ClientType: Public
    ImpersonateAsInternalUserAllowed: true
    ImpersonateLoginUrl: [https://spa.example.com/cb, http://localhost:5173/cb]
    Scope: read update
";

/// The whole check of one app config beside a definition: the first byte picks the
/// format (and a file name that implies it, and whether SARIF is rendered too), the rest is
/// the file.
pub fn check_config(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let t = text(rest);
    let (name, format) = match (selector & 0x7f) % 6 {
        0 => ("web/.env.production", ConfigFormat::Env),
        1 => ("api/appsettings.Development.json", ConfigFormat::Json),
        2 => ("tools/oidc.yaml", ConfigFormat::Yaml),
        3 => ("tools/oidc.toml", ConfigFormat::Toml),
        4 => ("spa/src/oidc.ts", ConfigFormat::Script),
        _ => (
            "spa/src/environments/environment.prod.ts",
            ConfigFormat::Script,
        ),
    };
    let report = check_sources(
        vec![
            (
                SourceFile::in_memory("apps.trusted-app.yaml", DEFINITIONS),
                InputKind::Definition(Format::Yaml),
            ),
            (SourceFile::in_memory(name, &t), InputKind::Config(format)),
        ],
        &options(),
    );
    render_all(&report, selector);
}
