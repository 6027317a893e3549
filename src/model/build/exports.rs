//! Reads the Domain API exports of the grant store (`Systems_Security_AccessTokens`) and of
//! the per-user app authorizations (`Systems_Security_TrustedApplicationAuthorizations`).
//! Each is a list of records with many attributes no rule needs, so an attribute this
//! reader does not know is passed over, never reported. A grant's `AccessTokenKey` and
//! `Data` are not read: their spans go to `hidden`, which output masks.

use super::{Ctx, is_guid, is_odata_annotation};
use crate::date::Date;
use crate::formats::ParseError;
use crate::formats::json::{Field, RecordFilter};
use crate::model::Origin;
use crate::model::grants::{AccessToken, GrantType, TrustedAppAuthorization};
use crate::source::Span;
use crate::tree::{Kind, Node};

/// The entity sets read here, as their exports name them in `@odata.context`.
pub(super) const ACCESS_TOKENS: &str = "Systems_Security_AccessTokens";
pub(super) const AUTHORIZATIONS: &str = "Systems_Security_TrustedApplicationAuthorizations";

/// Grant attributes that hold the grant itself, which output never shows.
const SECRET_ATTRIBUTES: &[&str] = &["AccessTokenKey", "Data"];

pub(super) fn load_access_token(
    ctx: &mut Ctx<'_>,
    node: &Node,
    hidden: &mut Vec<Span>,
) -> Option<AccessToken> {
    let entries = record(ctx, node, "a grant")?;
    let origin = Origin {
        file: ctx.file,
        span: entries.first().map_or(node.span, |e| e.key_span),
    };
    let mut token = AccessToken {
        kind: None,
        client: None,
        app_id: None,
        actor: None,
        user_id: None,
        scopes: Vec::new(),
        created: None,
        expires: None,
        consumed: None,
        last_used: None,
        type_span: origin.span,
        expiry_span: origin.span,
        actor_span: origin.span,
        origin,
    };
    for e in entries {
        let v = &e.value;
        if SECRET_ATTRIBUTES.contains(&e.key.as_str()) {
            if !matches!(v.kind, Kind::Null) {
                hidden.push(v.span);
            }
            continue;
        }
        match e.key.as_str() {
            "Type" => {
                token.kind = string(v).map(GrantType::of);
                token.type_span = v.span;
            }
            "Client" => token.client = string(v).map(str::to_string),
            "Actor" => {
                token.actor = string(v).map(str::to_string);
                token.actor_span = v.span;
            }
            "Scopes" => {
                token.scopes = string(v)
                    .unwrap_or_default()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect()
            }
            "CreationTimestamp" => token.created = timestamp(ctx, v, &e.key),
            "ExpireTimestamp" => {
                token.expires = timestamp(ctx, v, &e.key);
                token.expiry_span = v.span;
            }
            "ConsumedTimestamp" => token.consumed = timestamp(ctx, v, &e.key),
            "LastUsedTimestamp" => token.last_used = timestamp(ctx, v, &e.key),
            "TrustedApplication" => token.app_id = reference(v),
            "TrustedApplicationId" => token.app_id = token.app_id.take().or_else(|| reference(v)),
            "User" => token.user_id = reference(v),
            "UserId" => token.user_id = token.user_id.take().or_else(|| reference(v)),
            _ => {}
        }
    }
    Some(token)
}

pub(super) fn load_authorization(
    ctx: &mut Ctx<'_>,
    node: &Node,
) -> Option<TrustedAppAuthorization> {
    let entries = record(ctx, node, "an authorization")?;
    let mut auth = TrustedAppAuthorization {
        app_id: None,
        app_uri: None,
        context_user_id: None,
        granting_user_id: None,
        granted: None,
        is_revoked: false,
        valid_from: None,
        valid_until: None,
        origin: Origin {
            file: ctx.file,
            span: entries.first().map_or(node.span, |e| e.key_span),
        },
    };
    for e in entries {
        let v = &e.value;
        match e.key.as_str() {
            "TrustedApplication" => {
                auth.app_id = reference(v);
                auth.app_uri = v
                    .get("ApplicationUri")
                    .and_then(|u| u.value.as_str())
                    .map(str::to_string);
            }
            "ContextUser" => auth.context_user_id = reference(v),
            "GrantingUser" => auth.granting_user_id = reference(v),
            "GrantTimeUtc" => auth.granted = timestamp(ctx, v, &e.key),
            "ValidFromUtc" => auth.valid_from = timestamp(ctx, v, &e.key),
            "ValidUntilUtc" => auth.valid_until = timestamp(ctx, v, &e.key),
            "IsRevoked" => auth.is_revoked = matches!(v.kind, Kind::Bool(true)),
            _ => {}
        }
    }
    Some(auth)
}

fn record<'n>(ctx: &mut Ctx<'_>, node: &'n Node, what: &str) -> Option<&'n [crate::tree::Entry]> {
    match node.as_map() {
        Some(entries) => Some(entries),
        None => {
            ctx.invalid(
                node.span,
                None,
                format!("{what} must be a mapping, found {}", node.type_name()),
                "an export lists each record as an object",
            );
            None
        }
    }
}

fn string(v: &Node) -> Option<&str> {
    v.as_str().map(str::trim).filter(|s| !s.is_empty())
}

/// A timestamp's day; null is no date, anything else that is not a timestamp is reported.
fn timestamp(ctx: &mut Ctx<'_>, v: &Node, name: &str) -> Option<Date> {
    if matches!(v.kind, Kind::Null) {
        return None;
    }
    let date = v.as_str().and_then(Date::parse);
    if date.is_none() {
        ctx.invalid(
            v.span,
            None,
            format!("{name} is not a timestamp"),
            "an export writes timestamps as 2026-01-31T12:00:00Z",
        );
    }
    date
}

/// The guid a reference names, lower-cased: `{"@odata.id": "Systems_Security_X(<guid>)"}`,
/// an expanded record with its `Id`, the reference string itself or a bare guid.
pub(super) fn reference(v: &Node) -> Option<String> {
    match &v.kind {
        Kind::Str(s) => guid_in(s),
        Kind::Map(entries) => entries
            .iter()
            .filter(|e| e.key == "Id" || (is_odata_annotation(&e.key) && e.key.ends_with("id")))
            .find_map(|e| e.value.as_str().and_then(guid_in)),
        _ => None,
    }
}

/// `Systems_Security_X(<guid>)`, `X('<guid>')` or a bare guid: the guid, lower-cased.
pub(super) fn guid_in(text: &str) -> Option<String> {
    let text = text.trim();
    let inner = match text.split_once('(') {
        Some((_, rest)) => rest.strip_suffix(')')?,
        None => text,
    };
    let inner = inner.trim_matches('\'');
    is_guid(inner).then(|| inner.to_ascii_lowercase())
}

/// Whether a tree is a Domain API export of the grant store.
/// Whether a document's top-level entries are those of a grant export.
fn is_grant_export(entries: &[crate::tree::Entry]) -> bool {
    entries
        .iter()
        .find(|e| e.key == "@odata.context")
        .and_then(|e| e.value.as_str())
        .is_some_and(|c| c.contains(ACCESS_TOKENS))
}

/// The attributes of a grant that findings point at: the paths of findings need no more of
/// a grant export's tree (a grant export holds tens of thousands of records, and the paths
/// of all their values would otherwise be most of a run's memory).
const POINTED_AT: &[&str] = &["Type", "Client", "Actor", "ExpireTimestamp"];

/// The fields of each record of a grant export (none for any other tree).
fn grant_records(root: &mut Node) -> impl Iterator<Item = &mut Vec<crate::tree::Entry>> {
    let entries = match &mut root.kind {
        Kind::Map(entries) if is_grant_export(entries) => Some(entries),
        _ => None,
    };
    entries
        .into_iter()
        .flat_map(|entries| entries.iter_mut())
        .filter(|e| e.key == "value")
        .filter_map(|e| match &mut e.value.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        })
        .flat_map(|items| items.iter_mut())
        .filter_map(|item| match &mut item.kind {
            Kind::Map(fields) => Some(fields),
            _ => None,
        })
}

/// An export parsed again for the paths of findings: a grant export's records hold only
/// what findings point at (as [`prune_grant_export`] leaves them), the rest is never copied.
pub fn reread_export(text: &str) -> Result<Node, ParseError> {
    let field = |key: &str| {
        if POINTED_AT.contains(&key) || key == "Id" || key == "@odata.id" {
            Field::Keep
        } else {
            Field::Drop
        }
    };
    let filter = RecordFilter {
        context: &|c: &str| c.contains(ACCESS_TOKENS),
        field: &field,
    };
    let mut tree = crate::formats::parse_export(text, &filter)?;
    prune_grant_export(&mut tree);
    Ok(tree)
}

/// Drops from a grant export's tree what no finding points at.
pub fn prune_grant_export(root: &mut Node) {
    for fields in grant_records(root) {
        // The record's `Id` names it in the paths of its findings (and so in their
        // fingerprints); an export without one names it by its `@odata.id`.
        let has_id = fields.iter().any(|f| f.key == "Id");
        fields.retain_mut(|f| {
            if !has_id && f.key == "@odata.id" {
                f.key = "Id".to_string();
            }
            POINTED_AT.contains(&f.key.as_str()) || f.key == "Id"
        });
        fields.shrink_to_fit();
    }
}

/// What the model reads of a grant; a grant's key and data are kept only as the places
/// output must mask.
const READ: &[&str] = &[
    "Type",
    "Client",
    "Actor",
    "Scopes",
    "CreationTimestamp",
    "ExpireTimestamp",
    "ConsumedTimestamp",
    "LastUsedTimestamp",
    "TrustedApplication",
    "TrustedApplicationId",
    "User",
    "UserId",
];

/// An export parsed for the model: a grant export's records hold what the model reads and
/// the places of the keys and data (as [`slim_grant_export`] leaves them), and the rest,
/// the keys' and data's text included, is never copied.
pub fn read_export(text: &str) -> Result<Node, ParseError> {
    let field = |key: &str| {
        if SECRET_ATTRIBUTES.contains(&key) {
            Field::Empty
        } else if key == "ExpireTimestamp" {
            Field::Keep
        } else if READ.contains(&key) {
            Field::KeepUnlessNull
        } else {
            Field::Drop
        }
    };
    let filter = RecordFilter {
        context: &|c: &str| c.contains(ACCESS_TOKENS),
        field: &field,
    };
    let mut tree = crate::formats::parse_export(text, &filter)?;
    slim_grant_export(&mut tree);
    Ok(tree)
}

/// Right after a grant export is parsed, drops what the model does not read and empties
/// the keys and data (their spans stay, for the masks), so that a run holding many large
/// exports at once holds little of each.
pub fn slim_grant_export(root: &mut Node) {
    for fields in grant_records(root) {
        // A null reads as nothing, but for the expiry, whose absence a finding points at.
        fields.retain(|f| {
            (READ.contains(&f.key.as_str()) || SECRET_ATTRIBUTES.contains(&f.key.as_str()))
                && (!matches!(f.value.kind, Kind::Null) || f.key == "ExpireTimestamp")
        });
        for f in fields.iter_mut() {
            if SECRET_ATTRIBUTES.contains(&f.key.as_str()) {
                f.value.kind = Kind::Str(String::new());
            }
            // A reference `{"@odata.id": "..."}` reads the same as its string.
            if let Kind::Map(inner) = &mut f.value.kind
                && let [only] = inner.as_mut_slice()
                && is_odata_annotation(&only.key)
                && matches!(only.value.kind, Kind::Str(_))
            {
                let value = std::mem::replace(&mut only.value.kind, Kind::Null);
                f.value.kind = value;
            }
        }
        fields.shrink_to_fit();
    }
}
