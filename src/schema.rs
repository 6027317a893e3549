//! The JSON Schemas trustlint publishes, generated from the types that read each format:
//! the definition format (the model), `trustlint.toml` (the settings), organisation
//! policy files, rule pages (the catalog) and the secret pattern file. `schemas/` holds the committed copies; a test
//! fails when they drift from the code.

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::catalog::RuleDoc;
use crate::model::{TrustedApp, User};

/// A definition file: one app, a collection with users, or a Domain API export.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(
    title = "trustlint Trusted Application definition",
    description = "A *.trusted-app.{yaml,json,toml} or trusted-apps.{yaml,json,toml} file: one Trusted Application, a collection of them with the users they run as, or a Domain API export."
)]
#[allow(dead_code)]
enum DefinitionDocument {
    /// One Trusted Application.
    Single(Box<TrustedApp>),
    /// Several Trusted Applications and, optionally, the users they refer to.
    Collection(Collection),
    /// `GET .../Systems_Security_TrustedApplications` or `.../Systems_Security_Users`, as returned.
    Export(DomainApiExport),
}

#[derive(JsonSchema)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Collection {
    trusted_applications: Vec<TrustedApp>,
    #[serde(default)]
    users: Vec<User>,
}

#[derive(JsonSchema)]
#[allow(dead_code)]
struct DomainApiExport {
    /// Names the entity set: `...#Systems_Security_TrustedApplications` or `...#Systems_Security_Users`.
    #[serde(rename = "@odata.context")]
    context: String,
    value: Vec<ExportItem>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ExportItem {
    App(Box<TrustedApp>),
    User(Box<User>),
}

/// Each schema trustlint publishes: (file name in `schemas/`, schema text).
pub fn all() -> Vec<(&'static str, String)> {
    let generator = || SchemaSettings::draft2020_12().into_generator();
    let pretty = |schema: schemars::Schema| {
        let mut value = schema.to_value();
        add_access_tokens_alias(&mut value);
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    };
    vec![
        (
            "trusted-app-definition.schema.json",
            pretty(generator().into_root_schema_for::<DefinitionDocument>()),
        ),
        (
            "audit.schema.json",
            pretty(generator().into_root_schema_for::<crate::audit::Audit>()),
        ),
        (
            "rule.schema.json",
            pretty(generator().into_root_schema_for::<RuleDoc>()),
        ),
        (
            "trustlint-config.schema.json",
            pretty(generator().into_root_schema_for::<crate::settings::Settings>()),
        ),
        (
            "policy.schema.json",
            pretty(generator().into_root_schema_for::<crate::policy::PolicyFileSchema>()),
        ),
        (
            "secrets.schema.json",
            pretty(crate::secrets::pattern_file_schema(generator())),
        ),
        (
            "vocabulary.schema.json",
            pretty(crate::configs::vocabulary::vocabulary_file_schema(
                generator(),
            )),
        ),
    ]
}

/// Older instances name `ReferenceTokens` `AccessTokens`; both spellings are valid.
fn add_access_tokens_alias(schema: &mut serde_json::Value) {
    let Some(props) = schema
        .pointer_mut("/$defs/TrustedApp/properties")
        .and_then(|p| p.as_object_mut())
    else {
        return;
    };
    if let Some(reference_tokens) = props.get("ReferenceTokens").cloned() {
        let mut alias = reference_tokens;
        alias["description"] =
            "The name older instances (before v26.2.1.66) use for ReferenceTokens.".into();
        props.insert("AccessTokens".into(), alias);
    }
}
