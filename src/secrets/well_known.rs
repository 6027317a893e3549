//! Secrets anyone can try (`rules/well-known-secrets.txt`): published sample secrets and
//! common passwords, and the ERP.net hashes of each.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::Secret;

/// The list, embedded so an installed binary needs nothing beside it.
pub const WELL_KNOWN_TXT: &str = include_str!("../../rules/well-known-secrets.txt");

/// The secrets of the list, without its comments.
pub fn well_known_secrets() -> impl Iterator<Item = &'static str> {
    WELL_KNOWN_TXT
        .lines()
        .filter(|l| !l.is_empty() && *l != "#" && !l.starts_with("# "))
}

/// Where a well-known secret comes from, in words: the list's published sample secrets
/// come before its common passwords.
pub fn origin(secret: &str) -> &'static str {
    let published = WELL_KNOWN_TXT
        .split("\n# Common passwords")
        .next()
        .unwrap_or_default();
    if published.lines().any(|l| l == secret) {
        "a secret published in samples (ERP.net's or an identity server's)"
    } else {
        "one of the most common passwords"
    }
}

/// Whether a secret is on the list (compared exactly, as its hash would be).
pub fn is_well_known(secret: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| well_known_secrets().collect())
        .contains(secret)
}

/// The well-known secret whose ERP.net hash, Base64(SHA-256), a registration stores, if
/// any. The hashes are computed once, on first use.
pub fn secret_of_hash(hash: &str) -> Option<&'static str> {
    static BY_HASH: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    BY_HASH
        .get_or_init(|| {
            well_known_secrets()
                .map(|s| (Secret::new(s).erp_hash(), s))
                .collect()
        })
        .get(hash)
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_demo_secret_and_common_passwords_are_known() {
        // The hash the ERP.net docs print for the secret `DEMO`.
        assert_eq!(
            secret_of_hash("T/AGymuI51LwjLeIFxRQXOs9IHnupDKs/ajhWODR2C4="),
            Some("DEMO")
        );
        assert!(is_well_known("123456") && is_well_known("password"));
        assert!(!is_well_known(
            "# Common passwords: the first 5,000 entries of the"
        ));
        assert!(!is_well_known("Zq8Lm3Vt7Xw2Kp9Rb4HnTs6"));
        assert!(well_known_secrets().count() > 5000);
    }
}
