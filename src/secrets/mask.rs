//! Shaped secrets masked in text meant for messages: each is replaced by its kind and its
//! length, nothing derived from its characters.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;

use super::{Detection, SecretKind, detectors};

/// How a masked secret reads in a message: its kind and its length, nothing derived from
/// its characters.
pub(crate) fn placeholder(kind: Option<SecretKind>, chars: usize) -> String {
    match kind {
        Some(kind) => format!("<redacted: {}, {chars} characters>", kind.describe()),
        None => format!("<redacted: a credential, {chars} characters>"),
    }
}

/// The byte ranges of the shaped secrets in a text, private keys widened to their block.
pub(crate) fn shaped_ranges(text: &str) -> Vec<(std::ops::Range<usize>, SecretKind)> {
    let mut found: Vec<(std::ops::Range<usize>, SecretKind)> = detectors()
        .shaped(text)
        .into_iter()
        .map(|d: Detection| {
            let range = if d.kind == SecretKind::PrivateKey {
                d.range.start..private_key_end(text, d.range.end)
            } else {
                d.range
            };
            (range, d.kind)
        })
        .collect();
    found.extend(percent_decoded_ranges(text));
    found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    found
}

/// Shaped secrets written with percent-encoding (`%65nrt_...`, `enrt%5F...`), as ranges of
/// the text as written. Only ASCII is decoded, which is all a token is made of, so the
/// decoded text stays valid UTF-8 and maps back byte for byte.
fn percent_decoded_ranges(text: &str) -> Vec<(std::ops::Range<usize>, SecretKind)> {
    if !text.contains('%') {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut origin: Vec<(usize, usize)> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let value = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten()
            .filter(|v| *v < 0x80);
        match value {
            Some(v) => {
                decoded.push(v as u8);
                origin.push((i, i + 3));
                i += 3;
            }
            None => {
                decoded.push(bytes[i]);
                origin.push((i, i + 1));
                i += 1;
            }
        }
    }
    if decoded.len() == bytes.len() {
        return Vec::new();
    }
    let Ok(decoded) = String::from_utf8(decoded) else {
        return Vec::new();
    };
    detectors()
        .shaped(&decoded)
        .into_iter()
        .filter(|d| !d.range.is_empty())
        .map(|d| (origin[d.range.start].0..origin[d.range.end - 1].1, d.kind))
        .collect()
}

/// Where a PEM private key whose header ends at `from` ends: after its `-----END ...-----`
/// line when one follows (before any other `-----` marker, within 64 KiB), else at the end
/// of the run of Base64 characters, whitespace and escaped line ends after the header.
pub(crate) fn private_key_end(text: &str, from: usize) -> usize {
    const WINDOW: usize = 64 * 1024;
    let rest = &text[from..];
    let window = floor_boundary(rest, WINDOW.min(rest.len()));
    if let Some(at) = rest[..window].find("-----")
        && rest[at..].starts_with("-----END")
    {
        let after = at + "-----END".len();
        if let Some(close) = rest[after..window].find("-----") {
            return from + after + close + "-----".len();
        }
    }
    let run = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || "+/=\\ \t\r\n".contains(c)))
        .unwrap_or(rest.len());
    from + run
}

pub(crate) fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A text meant for a message with every shaped secret in it (reference tokens, JWTs,
/// private keys, cloud keys) replaced by its kind and length. Every finding's message,
/// label and help pass through here before they are stored.
pub fn mask_shaped(text: &str) -> Cow<'_, str> {
    let mut found = shaped_ranges(text);
    // What is left of a token that was cut or mangled before it got here still starts like
    // one: `enrt_` and hex digits, a JWT's `eyJ...` segments, a PEM key's header.
    if text.contains("enrt_") || text.contains("eyJ") || text.contains("-----BEGIN") {
        static FRAGMENT: OnceLock<Regex> = OnceLock::new();
        let fragment = FRAGMENT.get_or_init(|| {
            Regex::new(
                r"enrt_[0-9A-Fa-f]{8,}|eyJ[A-Za-z0-9_\-]{12,}(?:\.[A-Za-z0-9_\-]*)*|-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\\\s]*",
            )
            .unwrap_or_else(|e| panic!("fragment pattern: {e}"))
        });
        for m in fragment.find_iter(text) {
            if !found
                .iter()
                .any(|(r, _)| r.start <= m.start() && m.end() <= r.end)
            {
                let kind = match &text[m.start()..m.start() + 3] {
                    "enr" => SecretKind::ReferenceToken,
                    "eyJ" => SecretKind::Jwt,
                    _ => SecretKind::PrivateKey,
                };
                found.push((m.range(), kind));
            }
        }
        found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    }
    if found.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, kind) in found {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&placeholder(
            Some(kind),
            text[range.clone()].chars().count(),
        ));
        at = range.end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}
