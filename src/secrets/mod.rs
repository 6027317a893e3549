//! Secret detection in config values. The patterns are data (`rules/secrets.toml`): a
//! regex per known token shape behind an Aho-Corasick keyword prefilter, detectors keyed
//! on the setting's name for shapeless credentials, entropy thresholds and an allowlist of
//! placeholders. A detected secret is held in [`Secret`], which never prints its value.

mod jwt;
pub(crate) mod mask;
pub mod well_known;

use std::fmt;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;
use serde::Deserialize;
use sha2::{Digest, Sha256};

pub use jwt::{JwtKind, classify_jwt, is_published_demo, jwt_expires};
pub use mask::mask_shaped;

/// The pattern file, embedded so an installed binary needs nothing beside it.
pub const PATTERNS_TOML: &str = include_str!("../../rules/secrets.toml");

/// A secret value. `Debug` and `Display` show only its length; the value itself is
/// reachable only through [`Secret::expose`], which renderers never call.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value, for hashing and comparison inside trustlint; never for output.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Base64(SHA-256(secret)): what ERP.net stores as `ApplicationSecretHash`.
    pub fn erp_hash(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(<{} characters, redacted>)", self.len())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} characters, redacted>", self.len())
    }
}

/// What kind of credential a detection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SecretKind {
    ReferenceToken,
    Jwt,
    ClientSecret,
    Password,
    ApiKey,
    PrivateKey,
    /// A JSON Web Key with its private member (`d`) or a symmetric key (`k`).
    PrivateJwk,
}

impl SecretKind {
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::ReferenceToken => "an ERP.net reference token",
            SecretKind::Jwt => "a JWT",
            SecretKind::ClientSecret => "a client secret",
            SecretKind::Password => "a password",
            SecretKind::ApiKey => "an API key",
            SecretKind::PrivateKey => "a private key",
            SecretKind::PrivateJwk => "a private JSON Web Key",
        }
    }
}

/// `rules/secrets.toml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trustlint secret patterns")]
struct PatternFile {
    allowlist: AllowlistSpec,
    #[serde(default)]
    patterns: Vec<PatternSpec>,
    #[serde(default)]
    keyed: Vec<KeyedSpec>,
}

/// Values that are never secrets.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct AllowlistSpec {
    values: Vec<String>,
    #[serde(default)]
    stopwords: Vec<String>,
}

/// A sample in the pattern file: a setting name and its value.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub key: String,
    pub value: String,
}

/// A detector for secrets with a recognisable shape.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    id: String,
    kind: SecretKind,
    description: String,
    regex: String,
    keywords: Vec<String>,
    #[serde(default)]
    secret_group: usize,
    #[serde(default)]
    entropy: f64,
    #[serde(default)]
    stopwords: Vec<String>,
    #[serde(default)]
    true_positives: Vec<Sample>,
    #[serde(default)]
    false_positives: Vec<Sample>,
}

/// A detector for credentials known by the name of their setting.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct KeyedSpec {
    id: String,
    kind: SecretKind,
    description: String,
    key: String,
    #[serde(default)]
    min_length: usize,
    #[serde(default)]
    entropy: f64,
    #[serde(default)]
    true_positives: Vec<Sample>,
    #[serde(default)]
    false_positives: Vec<Sample>,
}

/// One detector, compiled.
#[derive(Debug)]
pub struct Detector {
    pub id: String,
    pub kind: SecretKind,
    pub description: String,
    pub true_positives: Vec<Sample>,
    pub false_positives: Vec<Sample>,
    matcher: Matcher,
    entropy: f64,
}

#[derive(Debug)]
enum Matcher {
    Pattern {
        regex: Regex,
        group: usize,
        stopwords: Vec<String>,
    },
    Keyed {
        key: Regex,
        min_length: usize,
    },
}

/// The compiled detectors with their prefilter and allowlist.
#[derive(Debug)]
pub struct Detectors {
    pub detectors: Vec<Detector>,
    /// The allowlist's value patterns as one set: a value is asked once, not once per
    /// pattern.
    allow_values: regex::RegexSet,
    stopwords: Vec<String>,
    prefilter: AhoCorasick,
    /// For each prefilter keyword, the index of the detector it belongs to.
    keyword_owner: Vec<usize>,
}

/// A secret found in a value.
#[derive(Debug, Clone)]
pub struct Detection {
    pub detector: &'static str,
    pub kind: SecretKind,
    /// Byte range of the secret within the value.
    pub range: std::ops::Range<usize>,
    pub secret: Secret,
}

impl Detectors {
    /// Whether raw bytes may hold a secret that [`Detectors::telling`] finds: a cheap test
    /// for the start of each shape, so that most files are passed over unread as text.
    pub fn might_tell(&self, bytes: &[u8]) -> bool {
        // One vectorized search per start (each looks for its rarest bytes first), which
        // runs several times faster over ordinary code than one automaton for all of them:
        // `e` starts two of them and is the most common letter.
        static STARTS: OnceLock<[memchr::memmem::Finder<'static>; 4]> = OnceLock::new();
        STARTS
            .get_or_init(|| {
                ["enrt_", "eyJ", "PRIVATE KEY-----", "kty"].map(memchr::memmem::Finder::new)
            })
            .iter()
            .any(|start| start.find(bytes).is_some())
    }

    /// The secrets in a text whose shape alone gives them away, wherever they are written:
    /// reference tokens, JWTs, private keys and private JSON Web Keys. A private key counts only with a body of
    /// key material after its header (a document that shows the header is not a key).
    pub fn telling(&'static self, text: &str) -> Vec<Detection> {
        self.shaped(text)
            .into_iter()
            .filter(|d| match d.kind {
                // `enrt_000...`, `enrt_aaa...`, `enrt_0123456789abcdef...`: a document's
                // placeholder, not a token.
                SecretKind::ReferenceToken => {
                    shannon_entropy(d.secret.expose()) >= 3.0
                        && !d
                            .secret
                            .expose()
                            .to_ascii_lowercase()
                            .contains("0123456789abcdef")
                }
                SecretKind::Jwt => true,
                SecretKind::PrivateKey => has_key_material(text, d.range.end),
                SecretKind::PrivateJwk => true,
                _ => false,
            })
            .collect()
    }

    /// Compiles a pattern file; errors name the pattern and what is wrong with it.
    pub fn from_toml(text: &str) -> Result<Detectors, crate::error::Error> {
        Self::parse_patterns(text).map_err(crate::error::Error::Patterns)
    }

    /// The patterns of a file, or what is wrong with one of them.
    fn parse_patterns(text: &str) -> Result<Detectors, String> {
        let file: PatternFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let compile = |id: &str, re: &str| Regex::new(re).map_err(|e| format!("{id}: {e}"));
        let mut detectors = Vec::new();
        let mut keywords = Vec::new();
        let mut keyword_owner = Vec::new();
        for p in file.patterns {
            if p.keywords.is_empty() {
                return Err(format!("{}: a pattern needs at least one keyword", p.id));
            }
            for k in &p.keywords {
                keywords.push(k.to_ascii_lowercase());
                keyword_owner.push(detectors.len());
            }
            detectors.push(Detector {
                matcher: Matcher::Pattern {
                    regex: compile(&p.id, &p.regex)?,
                    group: p.secret_group,
                    stopwords: p.stopwords.iter().map(|s| s.to_ascii_lowercase()).collect(),
                },
                id: p.id,
                kind: p.kind,
                description: p.description,
                entropy: p.entropy,
                true_positives: p.true_positives,
                false_positives: p.false_positives,
            });
        }
        for k in file.keyed {
            detectors.push(Detector {
                matcher: Matcher::Keyed {
                    key: compile(&k.id, &k.key)?,
                    min_length: k.min_length,
                },
                id: k.id,
                kind: k.kind,
                description: k.description,
                entropy: k.entropy,
                true_positives: k.true_positives,
                false_positives: k.false_positives,
            });
        }
        for re in &file.allowlist.values {
            compile("allowlist", re)?;
        }
        let allow_values =
            regex::RegexSet::new(&file.allowlist.values).map_err(|e| format!("allowlist: {e}"))?;
        let prefilter = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&keywords)
            .map_err(|e| e.to_string())?;
        Ok(Detectors {
            detectors,
            allow_values,
            stopwords: file
                .allowlist
                .stopwords
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            prefilter,
            keyword_owner,
        })
    }

    /// Whether a whole value is a reference or a template placeholder (`${VAR}`,
    /// `<your-secret>`, `changeme`, ...), by the allowlist alone.
    pub fn is_allowlisted(&self, value: &str) -> bool {
        let trimmed = value.trim();
        trimmed.is_empty() || self.allow_values.is_match(trimmed)
    }

    /// Whether a value is a reference, a placeholder or a label rather than a secret. Every
    /// judgement of a credential setting's value goes through here, so that a value the
    /// detectors pass over (`Geheimnis`, a translation of "secret") is not reported from
    /// the setting either.
    pub fn is_placeholder(&self, value: &str) -> bool {
        let trimmed = value.trim();
        self.is_placeholder_text(value)
            || is_named_placeholder(trimmed)
            || looks_like_label(trimmed)
    }

    /// [`Detectors::is_placeholder`] without the test for values spelled out in words,
    /// which a shaped match (`-----BEGIN PRIVATE KEY-----`) may well be.
    fn is_placeholder_text(&self, value: &str) -> bool {
        let trimmed = value.trim();
        if trimmed.is_empty() || self.allow_values.is_match(trimmed) {
            return true;
        }
        let lower = trimmed.to_ascii_lowercase();
        self.stopwords.iter().any(|w| lower.contains(w.as_str())) || is_instruction(&lower)
    }

    /// Finds secrets in one setting's value. Shaped patterns come first; a keyed detector
    /// reports the whole value only when no pattern matched it.
    pub fn scan(&'static self, key: &str, value: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        // Stopwords apply to what was matched, not to the whole value: a URL on
        // example.com may still carry a real token.
        let trimmed = value.trim();
        if trimmed.is_empty() || self.allow_values.is_match(trimmed) {
            return found;
        }
        found = self.shaped(value);
        if !found.is_empty() {
            return found;
        }
        // `resetPassword`, `passwordHint`, `PASSWORD_MIN_LENGTH`: a credential word with a
        // qualifier names something about a credential, not the credential.
        if key_words(key)
            .iter()
            .any(|w| QUALIFIERS.contains(&w.as_str()))
        {
            return found;
        }
        let normalized = normalize_key(key);
        for d in &self.detectors {
            let Matcher::Keyed { key, min_length } = &d.matcher else {
                continue;
            };
            if key.is_match(&normalized)
                && !self.is_placeholder(trimmed)
                && trimmed.chars().count() >= *min_length
                && shannon_entropy(trimmed) >= d.entropy
                && !looks_like_non_secret(trimmed)
            {
                let start = value.len() - value.trim_start().len();
                found.push(Detection {
                    detector: &d.id,
                    kind: d.kind,
                    range: start..start + trimmed.len(),
                    secret: Secret::new(trimmed),
                });
                break;
            }
        }
        found
    }

    /// Finds secrets with a recognisable shape (reference tokens, JWTs, private keys, cloud
    /// keys) anywhere in a text, whatever holds it: a value, a comment, a message. A private
    /// key's range is its header line; masking (`mask.rs`) widens it to the block.
    pub fn shaped(&'static self, text: &str) -> Vec<Detection> {
        let mut found = Vec::new();
        let mut candidates: Vec<usize> = self
            .prefilter
            .find_overlapping_iter(text)
            .map(|m| self.keyword_owner[m.pattern().as_usize()])
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for index in candidates {
            let d = &self.detectors[index];
            let Matcher::Pattern {
                regex,
                group,
                stopwords,
            } = &d.matcher
            else {
                continue;
            };
            for caps in regex.captures_iter(text) {
                let Some(m) = caps.get(*group).or_else(|| caps.get(0)) else {
                    continue;
                };
                let text = m.as_str();
                let lower = text.to_ascii_lowercase();
                if shannon_entropy(text) < d.entropy
                    || stopwords.iter().any(|w| lower.contains(w.as_str()))
                    || self.is_placeholder_text(text)
                    || d.kind == SecretKind::Jwt && classify_jwt(text).is_none()
                {
                    continue;
                }
                found.push(Detection {
                    detector: &d.id,
                    kind: d.kind,
                    range: m.range(),
                    secret: Secret::new(text),
                });
            }
        }
        found
    }
}

/// Values under a credential-sounding name that are not credentials: URLs, paths, and
/// booleans or numbers.
fn looks_like_non_secret(value: &str) -> bool {
    value.contains("://")
        || value.starts_with('/')
        || value.starts_with("./")
        || value.parse::<f64>().is_ok()
        || matches!(value.to_ascii_lowercase().as_str(), "true" | "false")
        || is_public_by_design(value)
}

/// Keys that are made to ship to browsers and are restricted by referrer or scope, not by
/// secrecy: Google's browser API keys (Firebase's `apiKey`, Maps) and Mapbox's public
/// `pk.` tokens.
fn is_public_by_design(value: &str) -> bool {
    (value.starts_with("AIza") && value.len() == 39)
        || value
            .strip_prefix("pk.")
            .is_some_and(|rest| rest.starts_with("eyJ"))
}

/// A label or a field name rather than a credential: one capitalised word of letters
/// (`Passwort`, `Geheimnis`, a translation of "password"), or an identifier in camelCase
/// that names a credential (`clientSecretValue`).
fn looks_like_label(value: &str) -> bool {
    let mut chars = value.chars();
    let capitalised_word = chars.next().is_some_and(char::is_uppercase)
        && value.chars().count() <= 24
        && chars.all(char::is_lowercase);
    let words = key_words(value);
    let identifier = value.chars().all(|c| c.is_ascii_alphabetic())
        && words.len() >= 2
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "secret" | "password" | "token" | "key"));
    capitalised_word || identifier
}

/// A value made only of words that name a credential, joined by `-`, `_`, `.` or spaces:
/// `SECRET_FROM_KEYVAULT`, `please-enter-client-secret`, `secret-goes-here`,
/// `__CLIENT_SECRET__`. Real secrets are not spelled out in words.
fn is_named_placeholder(value: &str) -> bool {
    let parts: Vec<&str> = value
        .split(['-', '_', '.', ' '])
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.iter().any(|p| {
            matches!(
                p.to_ascii_lowercase().as_str(),
                "secret" | "password" | "passwd" | "token" | "key" | "apikey" | "clientsecret"
            )
        })
}

/// A setting name with separators removed and lower-cased: `VITE_OIDC_CLIENT_SECRET`,
/// `oidc.clientSecret` and `Authentication:OpenIdConnect:ClientSecret` all end in
/// `clientsecret`.
/// Whether the private key whose header ends at `from` has key material: lines of Base64
/// only (headers such as `Proc-Type:` aside), at least 128 characters of it with the
/// variety of random bytes, up to its `-----END` line. Prose, `...` or a cut-off sample in
/// the block make it a document's example rather than a key. Escaped line ends (`\n` in a
/// string) count as line ends.
fn has_key_material(text: &str, from: usize) -> bool {
    let end = mask::private_key_end(text, from);
    let block = text[from..end].replace("\\n", "\n");
    let mut body = String::new();
    for line in block.lines().map(str::trim) {
        let line = line.trim_matches(|c| matches!(c, '"' | '\'' | ',' | '+'));
        if line.is_empty() || line.contains(": ") {
            continue;
        }
        if line.starts_with("-----END") {
            break;
        }
        if !line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return false;
        }
        body.push_str(line);
    }
    body.len() >= 128 && shannon_entropy(&body) >= 4.5
}

/// Words that, beside a credential word in a key's last part, make the key name something
/// about a credential: a policy, a flow, a place, a limit or a hint.
const QUALIFIERS: &[&str] = &[
    "reset",
    "change",
    "forgot",
    "policy",
    "policies",
    "flow",
    "url",
    "uri",
    "endpoint",
    "path",
    "hint",
    "label",
    "min",
    "max",
    "length",
    "regex",
    "pattern",
    "expiry",
    "expiration",
    // Keys made to be public: Stripe's `publishableKey`, Algolia's `searchOnlyApiKey`.
    // (Not "public": `NEXT_PUBLIC_` is a build tool's prefix, not a kind of key.)
    "publishable",
    "search",
];

/// The words of a key's last part, lower-cased: `b2cPolicies.names.resetPassword` gives
/// `reset`, `password`; `PASSWORD_MIN_LENGTH` gives `password`, `min`, `length`. Parts are
/// separated by `.`, `:`, `/` and `__`; words by case changes, `_`, `-` and digits.
pub fn key_words(key: &str) -> Vec<String> {
    let last = key.rsplit(['.', ':', '/']).next().unwrap_or(key);
    let last = last.rsplit("__").next().unwrap_or(last);
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous: Option<char> = None;
    for c in last.chars() {
        let boundary = !c.is_ascii_alphabetic()
            || (c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase()));
        if boundary && !word.is_empty() {
            words.push(std::mem::take(&mut word).to_ascii_lowercase());
        }
        if c.is_ascii_alphabetic() {
            word.push(c);
        }
        previous = Some(c);
    }
    if !word.is_empty() {
        words.push(word.to_ascii_lowercase());
    }
    words
}

/// Whether a value is an instruction to a person rather than a secret: a sentence of at
/// least three words that tells the reader to supply one ("Enter the secret here", "set
/// your client secret here, or use dotnet user-secrets to store it").
fn is_instruction(lower: &str) -> bool {
    const CUES: &[&str] = &[
        "your", "here", "enter", "set", "replace", "put", "paste", "insert", "fill", "todo", "use",
    ];
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 3
        && words
            .iter()
            .filter(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
            .count()
            * 4
            >= words.len() * 3
        && words.iter().any(|w| CUES.contains(w))
}

pub fn normalize_key(key: &str) -> String {
    key.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Shannon entropy in bits per character.
pub fn shannon_entropy(text: &str) -> f64 {
    if text.is_ascii() {
        // Most values: counted in an array rather than a hash map.
        let mut counts = [0usize; 128];
        for b in text.bytes() {
            counts[usize::from(b)] += 1;
        }
        let total = text.len();
        if total == 0 {
            return 0.0;
        }
        return counts
            .iter()
            .filter(|&&n| n > 0)
            .map(|&n| {
                let p = n as f64 / total as f64;
                -p * p.log2()
            })
            .sum();
    }
    let mut counts = std::collections::HashMap::new();
    let mut total = 0usize;
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
        total += 1;
    }
    if total == 0 {
        return 0.0;
    }
    counts
        .values()
        .map(|&n| {
            let p = n as f64 / total as f64;
            -p * p.log2()
        })
        .sum()
}

/// The JSON Schema of `rules/secrets.toml`.
pub fn pattern_file_schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<PatternFile>()
}

/// The built-in detectors, compiled once. The file is part of the binary and a test
/// compiles it, so a broken pattern cannot ship.
pub fn detectors() -> &'static Detectors {
    static DETECTORS: OnceLock<Detectors> = OnceLock::new();
    DETECTORS.get_or_init(|| {
        Detectors::from_toml(PATTERNS_TOML).unwrap_or_else(|e| panic!("rules/secrets.toml: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_key_needs_key_material() {
        let d = detectors();
        let body: String = (0..6)
            .map(|i| {
                let line: String = (0..64)
                    .map(|j| {
                        let alphabet =
                            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
                        alphabet[(i * 31 + j * 17 + j * j) % 64] as char
                    })
                    .collect();
                line + "\n"
            })
            .collect();
        let key = format!("-----BEGIN PRIVATE KEY-----\n{body}-----END PRIVATE KEY-----\n");
        assert_eq!(d.telling(&key).len(), 1);
        let escaped = key.replace('\n', "\\n");
        assert_eq!(d.telling(&format!("KEY = \"{escaped}\"")).len(), 1);
        for example in [
            "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC...\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nReplace this line with the Base64 body of your key\n-----END PRIVATE KEY-----",
            "The file starts with `-----BEGIN PRIVATE KEY-----` and is never committed.",
            &format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----",
                "A".repeat(200)
            ),
        ] {
            assert!(d.telling(example).is_empty(), "{example}");
        }
    }

    #[test]
    fn key_words_split_case_separators_and_parts() {
        assert_eq!(
            key_words("b2cPolicies.names.resetPassword"),
            ["reset", "password"]
        );
        assert_eq!(
            key_words("PASSWORD_MIN_LENGTH"),
            ["password", "min", "length"]
        );
        assert_eq!(
            key_words("Authentication:OpenIdConnect:ClientSecret"),
            ["client", "secret"]
        );
        assert_eq!(
            key_words("spring.security.oauth2.client.registration.erp.client-secret"),
            ["client", "secret"]
        );
        assert_eq!(key_words("ErpNet__Api__Token"), ["token"]);
    }

    #[test]
    fn qualified_credential_keys_and_instructions_are_no_secrets() {
        let d = detectors();
        assert!(
            d.scan(
                "b2cPolicies.names.resetPassword",
                "b2c_1_reset_pw_flow_2026"
            )
            .is_empty()
        );
        assert!(d.scan("passwordHint", "Xq7Lm2Rt9Vb4Nc8Kd").is_empty());
        assert!(!d.scan("ClientSecret", "Xq7Lm2Rt9Vb4Nc8KdPz3Wy").is_empty());
        for sentence in [
            "set your google client secret here, or use dotnet user-secrets to store it",
            "Enter the secret here",
            "paste your API token",
        ] {
            assert!(d.is_placeholder(sentence), "{sentence}");
            assert!(d.scan("ClientSecret", sentence).is_empty(), "{sentence}");
        }
        // A value is not an instruction for having words in it.
        assert!(!d.is_placeholder("Xq7Lm2Rt9Vb4Nc8KdPz3Wy"));
        assert!(!d.is_placeholder("correct-horse-battery-staple-9"));
    }

    #[test]
    fn a_secret_never_formats_its_value() {
        let s = Secret::new("hunter2-canary");
        assert!(!format!("{s} {s:?}").contains("hunter2"));
        assert_eq!(s.to_string(), "<14 characters, redacted>");
    }

    #[test]
    fn the_erp_hash_of_the_documented_demo_secret() {
        assert_eq!(
            Secret::new("DEMO").erp_hash(),
            "T/AGymuI51LwjLeIFxRQXOs9IHnupDKs/ajhWODR2C4="
        );
    }

    #[test]
    fn entropy_of_simple_strings() {
        assert_eq!(shannon_entropy("aaaa"), 0.0);
        assert!((shannon_entropy("abcd") - 2.0).abs() < 1e-9);
    }
}
