//! The names client libraries give their settings, as data (`rules/vocabulary.toml`), and
//! the lookup from a key to its [`Role`].

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Role;
use crate::secrets::normalize_key;

/// The vocabulary file, embedded so an installed binary needs nothing beside it.
pub const VOCABULARY_TOML: &str = include_str!("../../rules/vocabulary.toml");

/// `rules/vocabulary.toml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "trustlint settings vocabulary")]
pub struct VocabularyFile {
    /// Words dropped from the front of a name, one after another (`OIDC_`, `ERP_`).
    pub qualifiers: Vec<String>,
    /// Keys that must be read as no setting at all.
    pub not_settings: Vec<String>,
    #[serde(rename = "role")]
    pub roles: Vec<RoleSpec>,
    /// Constructors whose positional arguments are settings.
    #[serde(rename = "constructor", default)]
    pub constructors: Vec<Constructor>,
}

/// A constructor that takes client settings in order (`new ErpNetServiceClient(uri, id,
/// secret)`): each argument is a setting named by its parameter.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constructor {
    /// The type's name as code writes it after `new` (or calls it, in Python).
    pub name: String,
    /// The parameters' names, in order.
    pub parameters: Vec<String>,
    /// ERP.net's own client: its settings are ERP.net's wherever the instance's address
    /// comes from (a file may configure other providers beside it).
    #[serde(default)]
    pub erpnet: bool,
    pub used_by: Vec<String>,
}

/// One role and every name it goes by.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub role: Role,
    pub description: String,
    pub names: Vec<Name>,
    /// Dotted key paths whose last parts name the setting (`credentials.secret`).
    #[serde(default)]
    pub paths: Vec<PathName>,
    /// Keys as real files write them; each must be read as this role.
    pub samples: Vec<String>,
}

/// A name as a library writes it, and who writes it so.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Name {
    pub name: String,
    pub used_by: Vec<String>,
}

/// A dotted path of keys that names a setting by its last parts.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PathName {
    pub path: String,
    pub used_by: Vec<String>,
}

/// The vocabulary, ready for lookups.
#[derive(Debug)]
pub struct Vocabulary {
    /// The file as written, for tests and documentation.
    pub file: VocabularyFile,
    by_name: HashMap<String, Role>,
    qualifiers: Vec<String>,
    /// Each path's parts in reverse order, lower-cased, with its role.
    paths: Vec<(Vec<String>, Role)>,
}

impl Vocabulary {
    /// Reads a vocabulary file; errors say which entry is wrong.
    pub fn from_toml(text: &str) -> Result<Vocabulary, crate::error::Error> {
        let file: VocabularyFile =
            toml::from_str(text).map_err(|e| crate::error::Error::Vocabulary(e.to_string()))?;
        let mut by_name = HashMap::new();
        let mut paths = Vec::new();
        let fail = |m: String| Err(crate::error::Error::Vocabulary(m));
        for spec in &file.roles {
            if spec.names.is_empty() || spec.samples.is_empty() {
                return fail(format!("{:?}: a role needs names and samples", spec.role));
            }
            for n in &spec.names {
                let key = normalize_key(&n.name);
                if key.is_empty() {
                    return fail(format!("{:?}: an empty name", spec.role));
                }
                if let Some(other) = by_name.insert(key, spec.role).filter(|r| *r != spec.role) {
                    return fail(format!(
                        "`{}` is named for both {other:?} and {:?}",
                        n.name, spec.role
                    ));
                }
            }
            for p in &spec.paths {
                let parts: Vec<String> = p.path.rsplit('.').map(str::to_ascii_lowercase).collect();
                if parts.len() < 2 || parts.iter().any(String::is_empty) {
                    return fail(format!("`{}`: a path needs two or more parts", p.path));
                }
                paths.push((parts, spec.role));
            }
        }
        for c in &file.constructors {
            if c.name.is_empty() || c.parameters.is_empty() {
                return fail(format!("constructor `{}`: a name and parameters", c.name));
            }
        }
        let qualifiers = file.qualifiers.iter().map(|q| normalize_key(q)).collect();
        Ok(Vocabulary {
            file,
            by_name,
            qualifiers,
            paths,
        })
    }

    /// A constructor that takes settings in order, by its name.
    pub fn constructor(&self, name: &str) -> Option<&Constructor> {
        self.file.constructors.iter().find(|c| c.name == name)
    }

    /// The role a name has, once reduced: public prefix, separators, case and leading
    /// qualifiers dropped.
    pub fn role_of_name(&self, key: &str) -> Option<Role> {
        let key = super::side::PUBLIC_PREFIXES
            .iter()
            .find_map(|(p, _)| key.strip_prefix(p))
            .unwrap_or(key);
        let mut k = normalize_key(key);
        loop {
            if let Some(role) = self.by_name.get(&k) {
                return Some(*role);
            }
            let rest = self
                .qualifiers
                .iter()
                .find_map(|q| k.strip_prefix(q.as_str()).filter(|r| !r.is_empty()))?;
            k = rest.to_string();
        }
    }

    /// The role of a setting from its key and its path (the keys above it joined by `:`,
    /// or one dotted key): the whole key, else its last part, else a known path.
    pub fn role_of(&self, key: &str, path: &str) -> Option<Role> {
        self.role_of_name(key)
            .or_else(|| {
                let last = key.rsplit(['.', ':']).next()?;
                (last.len() < key.len())
                    .then(|| self.role_of_name(last))
                    .flatten()
            })
            .or_else(|| {
                self.paths.iter().find_map(|(parts, role)| {
                    let mut theirs = path.rsplit([':', '.']);
                    parts
                        .iter()
                        .all(|p| theirs.next().is_some_and(|t| t.eq_ignore_ascii_case(p)))
                        .then_some(*role)
                })
            })
    }
}

/// The built-in vocabulary, read once. The file is part of the binary and a test reads
/// it, so a broken file cannot ship.
pub fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        Vocabulary::from_toml(VOCABULARY_TOML)
            .unwrap_or_else(|e| panic!("rules/vocabulary.toml: {e}"))
    })
}

/// The JSON Schema of `rules/vocabulary.toml`.
pub fn vocabulary_file_schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<VocabularyFile>()
}
