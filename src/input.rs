//! What a file is: a Trusted Application definition (by name, or a Domain API export by
//! content) or an app config (by name), and how each kind is parsed. Adding an input kind
//! is a variant here, a loader module, and a line in [`classify`].

use std::path::Path;

use crate::configs::script::Syntax;
use crate::configs::{self, ConfigFormat};
use crate::formats::{self, Format, Limits, ParseError};
use crate::settings::{self, Loaded};
use crate::tree::Node;

/// What an input file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Definition(Format),
    Config(ConfigFormat),
}

impl InputKind {
    /// The format's name, as parse errors name it.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::Definition(format) => format.name(),
            InputKind::Config(format) => format.name(),
        }
    }

    /// Parses a file of this kind within the limits.
    pub fn parse(self, text: &str, limits: &Limits) -> Result<Node, ParseError> {
        match self {
            InputKind::Definition(format) => formats::parse_limited(format, text, limits),
            InputKind::Config(format) => configs::parse_limited(format, text, limits),
        }
    }
}

/// A file's kind, and whether it still depends on its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classified {
    pub kind: InputKind,
    /// A JSON file that is a definition only if its content is a Domain API export.
    pub maybe_export: bool,
}

/// What a file is, decided in this order: a definition by name; a config by name; what the
/// project's `definitions` and `configs` patterns make it (when `project` is given: a
/// folder walk consults them only once the configuration's exclusions are applied); a JSON
/// file that may be a Domain API export; else nothing trustlint reads.
pub fn classify(path: &Path, project: Option<&Loaded>) -> Option<Classified> {
    let sure = |kind| {
        Some(Classified {
            kind,
            maybe_export: false,
        })
    };
    let format = Format::from_path(path);
    if is_definition_name(path) {
        return sure(InputKind::Definition(format?));
    }
    if configs::is_config_name(path) {
        return sure(InputKind::Config(ConfigFormat::of(path)));
    }
    if let Some(kind) = project.and_then(|p| named_by_project(path, p)) {
        return sure(kind);
    }
    match format {
        Some(Format::Json) => Some(Classified {
            kind: InputKind::Definition(Format::Json),
            maybe_export: true,
        }),
        _ => None,
    }
}

/// What a file named on the command line is: a config when its name says so, else a
/// definition when it is YAML, JSON or TOML (a definition may be named anything); any
/// other file (`None`: code, a document, a sample) is read by its content, as the files
/// of a folder are.
pub fn classify_named(path: &Path) -> Option<InputKind> {
    match classify(path, None) {
        Some(Classified {
            kind: kind @ InputKind::Config(_),
            ..
        }) => Some(kind),
        _ => Format::from_path(path).map(InputKind::Definition),
    }
}

/// What the project's own name patterns make a file.
fn named_by_project(path: &Path, project: &Loaded) -> Option<InputKind> {
    let s = &project.settings;
    let matches = |globs: &[String]| {
        globs
            .iter()
            .any(|g| settings::pattern_matches(g, &project.root, path))
    };
    if matches(&s.definitions) {
        Some(InputKind::Definition(
            Format::from_path(path).unwrap_or(Format::Yaml),
        ))
    } else if matches(&s.configs) {
        Some(InputKind::Config(ConfigFormat::of(path)))
    } else {
        None
    }
}

/// The definition file names: `*.trusted-app.{yaml,yml,json,toml}` and
/// `trusted-apps.{yaml,yml,json,toml}`.
pub fn is_definition_name(path: &Path) -> bool {
    // Lossily: a name that is not UTF-8 is still a definition by its ending.
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let Some((stem, ext)) = name.rsplit_once('.') else {
        return false;
    };
    matches!(ext, "yaml" | "yml" | "json" | "toml")
        && (stem.ends_with(".trusted-app") || stem == "trusted-apps")
}

/// The language of a code file that may configure an OAuth client, by its extension.
/// Tests, specs and their fixtures are not an app's configuration, so they are not read for
/// settings (they are still read for secrets).
pub fn code_syntax(path: &Path, root: &Path) -> Option<Syntax> {
    if is_test_file(path, root) {
        return None;
    }
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Syntax::of_extension(&ext)
}

/// Test code and test data: `*.spec.ts`, `*.test.js`, `test_*.py`, `*_test.py`,
/// `*Tests.cs`, and anything under `test/`, `tests/`, `__tests__/`, `spec/`, `cypress/` or
/// `e2e/` below `root` (a checkout that itself sits in a folder named `test` or `e2e` is
/// no test code).
pub fn is_test_file(path: &Path, root: &Path) -> bool {
    let path = path.strip_prefix(root).unwrap_or(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("");
    // Compared in place, ignoring ASCII case (a name that is not UTF-8 is none of these).
    let in_tests = path.parent().is_some_and(|p| {
        p.components().any(|c| {
            c.as_os_str().to_str().is_some_and(|c| {
                ["test", "tests", "__tests__", "spec", "cypress", "e2e"]
                    .iter()
                    .any(|t| c.eq_ignore_ascii_case(t))
            })
        })
    });
    in_tests
        || name.contains(".spec.")
        || name.contains(".test.")
        || stem.starts_with("test_")
        || stem.ends_with("_test")
        || stem.ends_with("tests")
}

/// The format of a data file that may hold client settings whatever its name (Spring's
/// `application.yml`, Keycloak's `keycloak.json`, a `settings.toml`, a `.properties` file
/// of `key=value` lines), by its extension.
pub fn data_format(path: &Path, root: &Path) -> Option<ConfigFormat> {
    if is_test_file(path, root) {
        return None;
    }
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "yaml" | "yml" => ConfigFormat::Yaml,
        "json" | "jsonc" => ConfigFormat::Json,
        "toml" => ConfigFormat::Toml,
        "properties" => ConfigFormat::Env,
        _ => return None,
    })
}

/// The words of a client id's name that [`might_configure_a_client`] looks for (ERP.net's
/// own samples call them `TrustedAppUri` and `TrustedAppSecret`).
const CLIENT_ID_WORDS: &[&str] = &[
    "clientid",
    "client_id",
    "client-id",
    "trustedappuri",
    "trusted_app_uri",
];
/// The words of a client secret's name it looks for (Keycloak's adapters keep the secret
/// under `credentials`).
const CLIENT_SECRET_WORDS: &[&str] = &[
    "credentials",
    "clientsecret",
    "client_secret",
    "client-secret",
    "trustedappsecret",
    "trusted_app_secret",
];
/// What every word of [`CLIENT_ID_WORDS`] and [`CLIENT_SECRET_WORDS`] holds (a test keeps
/// it so): a stem, followed by one of these bytes when any are given (`client` alone is in
/// every `HttpClient`; `clientid`, `client_secret` and the like go on with one of them).
const ID_AND_SECRET_STEMS: &[(&str, &[u8])] = &[
    ("client", b"i_-s"),
    ("trusted", b"a_"),
    ("credentials", b""),
];

/// Whether a lower-cased text may name a client id or secret: it holds a stem of
/// [`ID_AND_SECRET_STEMS`], found by a SIMD search, with a byte it allows after it.
fn names_a_client_stem(lower: &[u8]) -> bool {
    static FINDERS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        ID_AND_SECRET_STEMS
            .iter()
            .map(|(stem, _)| memchr::memmem::Finder::new(stem.as_bytes()))
            .collect()
    });
    ID_AND_SECRET_STEMS
        .iter()
        .zip(finders)
        .any(|((stem, next), finder)| {
            finder.find_iter(lower).any(|at| {
                next.is_empty() || lower.get(at + stem.len()).is_some_and(|b| next.contains(b))
            })
        })
}

/// A cheap test on a code file's bytes before it is read for settings: it names a client
/// id or secret and an authority, endpoint, redirect URI, scope or ERP.net, or both a
/// client id and a client secret. (What then decides is [`configures_a_client`] on the
/// settings read; this only spares the files that cannot pass it.)
///
/// [`configures_a_client`]: crate::configs::configures_a_client
pub fn might_configure_a_client(bytes: &[u8]) -> bool {
    const CONTEXT: &[&str] = &[
        "authority",
        "issuer",
        "redirect",
        "scope",
        "erp.net",
        "metadata",
        "endpoint",
        "token_url",
        "tokenurl",
        "token-uri",
        "wellknown",
        "well-known",
        "urlauthorize",
        "urlaccesstoken",
        // Keycloak's `auth-server-url`.
        "server-url",
    ];
    // The words are searched for in a lower-cased copy: an automaton that ignores case finds
    // a candidate at every `c` and `t` (the search was a fifth of a run over code).
    let lower = bytes.to_ascii_lowercase();
    // A constructor that takes the settings in order names none of them.
    static CONSTRUCTORS: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::OnceLock::new();
    let constructors = CONSTRUCTORS.get_or_init(|| {
        crate::configs::vocabulary::vocabulary()
            .file
            .constructors
            .iter()
            .map(|c| {
                memchr::memmem::Finder::new(c.name.to_ascii_lowercase().as_bytes()).into_owned()
            })
            .collect()
    });
    if constructors.iter().any(|f| f.find(&lower).is_some()) {
        return true;
    }
    // Every id and secret word holds a stem of ID_AND_SECRET_STEMS: most code holds none,
    // and a SIMD search dismisses it without the automata below.
    if !names_a_client_stem(&lower) {
        return false;
    }
    // One automaton per kind of word, each asked only whether it matches: a search that
    // stops at the first match is much faster than listing every overlapping one.
    static WORDS: std::sync::OnceLock<Option<[aho_corasick::AhoCorasick; 3]>> =
        std::sync::OnceLock::new();
    let Some([id, secret, context]) = WORDS
        .get_or_init(|| {
            let build = |words: &[&str]| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    .build(words)
                    .ok()
            };
            Some([
                build(CLIENT_ID_WORDS)?,
                build(CLIENT_SECRET_WORDS)?,
                build(CONTEXT)?,
            ])
        })
        .as_ref()
    else {
        return true;
    };
    let id = id.is_match(&lower);
    let secret = secret.is_match(&lower);
    (id || secret) && context.is_match(&lower) || id && secret
}

/// Files that third parties wrote or a tool generated, which hold no settings of the
/// project's own: dependencies (`node_modules/`, `vendor/`, `bower_components/`,
/// `wwwroot/lib/`), minified bundles and source maps, and lock files. Only the part of the
/// path below `root` counts (a checkout that itself sits in a folder named `vendor` is not
/// vendored), and folder names are compared exactly (`Vendor/` may be the project's own).
pub fn is_vendored(path: &Path, root: &Path) -> bool {
    let inside = path.strip_prefix(root).unwrap_or(path);
    // Folder names are compared as they are, without a copy of each.
    let parts: Vec<&std::ffi::OsStr> = inside.components().map(|c| c.as_os_str()).collect();
    let folders = &parts[..parts.len().saturating_sub(1)];
    let under = |dir: &str| folders.iter().any(|p| *p == dir);
    let wwwroot_lib = folders
        .windows(2)
        .any(|w| w[0] == "wwwroot" && w[1] == "lib");
    let name = parts
        .last()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    under("node_modules")
        || under("vendor")
        || under("bower_components")
        || wwwroot_lib
        || name.ends_with(".min.js")
        || name.ends_with(".min.css")
        || name.ends_with(".map")
        || matches!(
            name.as_str(),
            "package-lock.json"
                | "npm-shrinkwrap.json"
                | "yarn.lock"
                | "pnpm-lock.yaml"
                | "cargo.lock"
                | "composer.lock"
                | "poetry.lock"
                | "gemfile.lock"
                | "go.sum"
                | "packages.lock.json"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_word_holds_a_stem_the_quick_search_finds() {
        for word in CLIENT_ID_WORDS.iter().chain(CLIENT_SECRET_WORDS) {
            assert!(
                names_a_client_stem(word.as_bytes()),
                "{word} holds no stem of ID_AND_SECRET_STEMS, so a file naming it is dismissed"
            );
        }
        for not_a_word in ["httpclient", "apiclient.get()", "trusted source", "client"] {
            assert!(!names_a_client_stem(not_a_word.as_bytes()), "{not_a_word}");
        }
    }

    #[test]
    fn a_client_is_recognised_in_any_case() {
        assert!(might_configure_a_client(
            b"CLIENT_ID=web\nAUTHORITY=https://id.example"
        ));
        assert!(might_configure_a_client(
            b"{ ClientId: 'web', Scope: 'read' }"
        ));
        assert!(might_configure_a_client(
            b"trustedAppUri = x; TRUSTED_APP_SECRET = y"
        ));
        assert!(might_configure_a_client(
            b"Credentials: { Secret: 1 }, Issuer: x"
        ));
        assert!(!might_configure_a_client(
            b"const authority = 'https://id.example'"
        ));
        assert!(!might_configure_a_client(b"client = new Client(); scope()"));
    }

    #[test]
    fn definition_names() {
        for yes in [
            "portal.trusted-app.yaml",
            "x/trusted-apps.json",
            "A.Trusted-App.TOML",
            "b.trusted-app.yml",
        ] {
            assert!(is_definition_name(Path::new(yes)), "{yes}");
        }
        for no in [
            "trusted-app.yaml",
            "portal.yaml",
            "trusted-apps.yaml.bak",
            "portal.trusted-app.txt",
        ] {
            assert!(!is_definition_name(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn client_code_needs_a_client_word_and_a_context_word_or_both_client_words() {
        for yes in [
            "new UserManager({ authority: a, client_id: b })",
            "client_id: a, clientSecret: b",
            "const TrustedAppUri = a; const TrustedAppSecret = b;",
            "CLIENT-SECRET=x\nREDIRECT=y",
            "credentials.secret: x\nurl: https://acme.my.erp.net",
            "scope: s, ClientId: c",
            "clientsecretscope",
        ] {
            assert!(might_configure_a_client(yes.as_bytes()), "{yes}");
        }
        for no in [
            "authority: a, issuer: b, scope: c",
            "client_id: a, client_id: b",
            "client id and redirect uri",
            "",
        ] {
            assert!(!might_configure_a_client(no.as_bytes()), "{no}");
        }
    }

    #[test]
    fn tests_are_told_by_folder_and_name() {
        for yes in [
            "web/Tests/auth.ts",
            "src/__tests__/oidc.js",
            "E2E/login.ts",
            "a/auth.spec.ts",
            "test_auth.py",
            "AuthTests.cs",
        ] {
            assert!(is_test_file(Path::new(yes), Path::new("")), "{yes}");
        }
        for no in ["src/testing/auth.ts", "src/attest/x.ts", "latest.ts"] {
            assert!(!is_test_file(Path::new(no), Path::new("")), "{no}");
        }
        // Only folders below the run's root count.
        let root = Path::new("/home/ci/work/e2e/test/shop");
        assert!(!is_test_file(&root.join("web/src/auth.ts"), root));
        assert!(is_test_file(&root.join("web/tests/auth.ts"), root));
    }

    #[test]
    fn vendored_and_generated_files_are_told_apart() {
        let root = Path::new("/builds/vendor/app");
        for yes in [
            "web/node_modules/oidc-client-ts/dist/oidc-client-ts.js",
            "Portal/wwwroot/lib/jquery/jquery.js",
            "app/static/app.min.js",
            "package-lock.json",
            "php/vendor/league/oauth2-client/src/Provider.php",
        ] {
            assert!(is_vendored(&root.join(yes), root), "{yes}");
        }
        // The checkout's own place does not count, nor does a project folder `Vendor`.
        for no in [
            "docs/access_token.txt",
            "src/vendor.ts",
            "web/src/authConfig.js",
            "erp/src/Vendor/notes.txt",
        ] {
            assert!(!is_vendored(&root.join(no), root), "{no}");
        }
    }

    #[test]
    fn configs_and_definitions_are_told_apart() {
        let kind = |p: &str| classify(Path::new(p), None).map(|c| (c.kind, c.maybe_export));
        assert_eq!(
            kind("web/.env.production"),
            Some((InputKind::Config(ConfigFormat::Env), false))
        );
        assert_eq!(
            kind("api/appsettings.json"),
            Some((InputKind::Config(ConfigFormat::Json), false))
        );
        assert_eq!(
            kind("a.trusted-app.json"),
            Some((InputKind::Definition(Format::Json), false))
        );
        assert_eq!(
            kind("export.json"),
            Some((InputKind::Definition(Format::Json), true))
        );
        assert_eq!(kind("src/main.rs"), None);
    }
}
