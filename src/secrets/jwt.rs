//! Telling what a JWT is without printing any of it: the header and payload are decoded
//! locally and only their shape is reported.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtKind {
    AccessToken,
    IdToken,
    RefreshToken,
    Other,
}

impl JwtKind {
    pub fn describe(self) -> &'static str {
        match self {
            JwtKind::AccessToken => "an access token",
            JwtKind::IdToken => "an ID token",
            JwtKind::RefreshToken => "a refresh token",
            JwtKind::Other => "a JWT",
        }
    }
}

fn decode_json(segment: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

/// The kind of token, or `None` when the text is not a structurally valid JWT (its header
/// and payload must both decode to JSON objects).
pub fn classify_jwt(token: &str) -> Option<JwtKind> {
    let mut parts = token.split('.');
    let header = decode_json(parts.next()?)?;
    let payload = decode_json(parts.next()?)?;
    let typ = header
        .get("typ")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let has = |claim: &str| payload.get(claim).is_some();
    Some(
        if typ.contains("at+jwt") || has("scope") || has("client_id") && !has("nonce") {
            JwtKind::AccessToken
        } else if has("nonce") || has("at_hash") || has("auth_time") {
            JwtKind::IdToken
        } else if typ.contains("refresh")
            || payload.get("token_use").and_then(Value::as_str) == Some("refresh")
        {
            JwtKind::RefreshToken
        } else {
            JwtKind::Other
        },
    )
}

/// Whether a JWT carries an expiry (`exp`): one without is a long-lived key, valid until its
/// signing key changes. `None` when the text is not a structurally valid JWT.
pub fn jwt_expires(token: &str) -> Option<bool> {
    let payload = decode_json(token.split('.').nth(1)?)?;
    Some(payload.get("exp").is_some())
}

/// Whether a JWT is one its vendor publishes, which grants nothing anywhere: Supabase's
/// local `anon` and `service_role` keys (issuer `supabase-demo`) and jwt.io's example.
pub fn is_published_demo(token: &str) -> bool {
    let Some(payload) = token.split('.').nth(1).and_then(decode_json) else {
        return false;
    };
    let claim = |name: &str| payload.get(name).and_then(Value::as_str);
    claim("iss") == Some("supabase-demo")
        // jwt.io's example token, copied into many libraries' tests and docs.
        || (claim("sub") == Some("1234567890") && claim("name") == Some("John Doe"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(header: &str, payload: &str) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn tells_access_and_id_tokens_apart() {
        let at = token(
            r#"{"alg":"RS256","typ":"at+jwt"}"#,
            r#"{"sub":"u","scope":["read"]}"#,
        );
        let id = token(r#"{"alg":"RS256"}"#, r#"{"sub":"u","nonce":"n","aud":"x"}"#);
        assert_eq!(classify_jwt(&at), Some(JwtKind::AccessToken));
        assert_eq!(classify_jwt(&id), Some(JwtKind::IdToken));
        assert_eq!(classify_jwt("eyJub3QganNvbg.eyJhIjoxfQ.x"), None);
    }

    #[test]
    fn expiry_and_published_demo_keys() {
        let session = token(r#"{"alg":"RS256"}"#, r#"{"sub":"u","exp":1893456000}"#);
        let key = token(r#"{"alg":"HS256"}"#, r#"{"role":"service"}"#);
        let demo = token(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"iss":"supabase-demo","role":"anon","exp":1983812996}"#,
        );
        assert_eq!(jwt_expires(&session), Some(true));
        assert_eq!(jwt_expires(&key), Some(false));
        assert_eq!(jwt_expires("not.a.jwt"), None);
        assert!(is_published_demo(&demo));
        assert!(!is_published_demo(&session));
    }
}
