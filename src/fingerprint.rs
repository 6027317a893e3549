//! Fingerprints: a short, stable name for a finding, by which a later run recognises it
//! after unrelated edits. Baselines store them (see `suppress.rs`), and the SARIF, GitLab,
//! JSON and JSON Lines formats show them. They sit next to the finding and the report they
//! are computed from rather than in a renderer, because suppression needs them before
//! anything is rendered.

use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::report::Report;

/// The version of the fingerprint scheme. Version 2: findings about secrets no longer hash
/// the value (an unsalted hash of a weak secret is recovered offline with a word list).
/// Baselines and SARIF carry it; a version 1 baseline is still matched by recomputing.
pub const FINGERPRINT_VERSION: u32 = 2;

/// A fingerprint that survives unrelated lines moving, reformatting and reordering: the
/// rule, the file, the place in the document (a path that names list items by their
/// ApplicationUri or Login rather than their position) and, unless the finding is about a
/// secret, a hash of the offending value. The value itself is never part of the output.
pub fn fingerprint(report: &Report, finding: &Finding) -> String {
    fingerprint_of_version(report, finding, FINGERPRINT_VERSION)
}

/// The fingerprint of a finding as a given version of the scheme computes it (1 or 2). Older
/// versions are kept so that a baseline written by an older trustlint still matches.
pub fn fingerprint_of_version(report: &Report, finding: &Finding, version: u32) -> String {
    let source = &report.sources[finding.file];
    let pointer = report.paths_of(finding.file, finding.span).0;
    let mut h = Sha256::new();
    for part in [
        finding.rule.code().as_bytes(),
        source.display.as_bytes(),
        pointer.as_bytes(),
    ] {
        h.update(part);
        h.update([0]);
    }
    // Only PL findings carry a policy, so the fingerprints of every other rule are those
    // of earlier versions.
    if let Some(p) = &finding.policy {
        for part in [p.name.as_bytes(), p.requirement.as_bytes()] {
            h.update(part);
            h.update([0]);
        }
    }
    if version < 2 || !about_secret(report, finding) {
        // Quotes are formatting, not value: `read` and `"read"` are the same scope.
        let value = source
            .slice(finding.span)
            .trim()
            .trim_matches(['"', '\'', '`']);
        h.update(Sha256::digest(value.as_bytes()));
    } else if pointer.is_empty() {
        // In a file with no structure (read only for secrets) a secret has no path, and its
        // value is left out: its line tells it from the file's other secrets, so that a
        // baseline that accepts one does not accept the next one added.
        let line = source.line_col(finding.span.start).line as u64;
        h.update(line.to_le_bytes());
    }
    hex(&h.finalize()[..16])
}

/// The fingerprint of a piece of text that is not a finding, such as the GitLab format's
/// "not checked" entry: the same length and alphabet as a finding's, so that tools reading
/// the output see one kind of value.
pub fn fingerprint_of_text(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes())[..16])
}

/// Whether a finding is about a secret: its rule marked it so, or it points at a value
/// that output masks. Such a fingerprint must not hash the value.
pub fn about_secret(report: &Report, finding: &Finding) -> bool {
    finding.about_secret || crate::redact::overlaps(&report.redactions, finding.file, finding.span)
}

/// Lower-case hexadecimal, two digits a byte.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
