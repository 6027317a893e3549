//! What output may show of what trustlint read.
//!
//! Two promises meet here. No secret reaches any output: every value a detector matches,
//! every value under a credential-named key (commented out or not, continued on the next
//! line or not, reached through a YAML alias or not) is masked in snippets, and every
//! message that quotes text passes through [`mask_shaped`] and, once the run is complete,
//! through [`scrub_findings`]. And no output can be forged: text from a file (a value, a
//! key, a file name) never reaches output with a control character, a bidirectional
//! override or a line separator in it ([`clean_text`], [`clean_path`]).

use std::borrow::Cow;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;

use crate::secrets::{Detection, SecretKind, detectors};
use crate::source::Span;

/// The most characters of a message or help text: a finding may quote a value, and a value
/// can be megabytes long.
pub const MAX_TEXT_CHARS: usize = 600;

/// Characters that never reach output as themselves: control characters (line ends,
/// escape sequences), the bidirectional controls that make a terminal or a browser show
/// text in another order than it is read (U+202E and its kin), the line and paragraph
/// separators U+2028 and U+2029, and the noncharacters (U+FFFE, U+FFFF, ...) that XML
/// cannot carry.
pub fn is_unsafe_char(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
        || (0xfdd0..=0xfdef).contains(&u)
        || (u & 0xfffe) == 0xfffe
}

fn escape_into(out: &mut String, c: char) {
    if is_unsafe_char(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// Text fit for any output: unsafe characters ([`is_unsafe_char`]) are shown as `\u{..}`
/// escapes, so that a value from a file cannot forge lines, reorder what a reader sees or
/// drive a terminal, and the text is cut to [`MAX_TEXT_CHARS`].
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS + 8));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_TEXT_CHARS {
            out.push('…');
            break;
        }
        escape_into(&mut out, c);
    }
    out
}

/// A path as output shows it: escaped exactly like a message, never cut. A file named
/// `x\n::error ...` is shown as `x\u{a}::error ...`, on one line.
pub fn clean_path(text: &str) -> String {
    if !text.chars().any(is_unsafe_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        escape_into(&mut out, c);
    }
    out
}

/// How a masked secret reads in a message: its kind and its length, nothing derived from
/// its characters.
fn placeholder(kind: Option<SecretKind>, chars: usize) -> String {
    match kind {
        Some(kind) => format!("<redacted: {}, {chars} characters>", kind.describe()),
        None => format!("<redacted: a credential, {chars} characters>"),
    }
}

/// The byte ranges of the shaped secrets in a text, private keys widened to their block.
fn shaped_ranges(text: &str) -> Vec<(std::ops::Range<usize>, SecretKind)> {
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
    found.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    found
}

/// Where a PEM private key whose header ends at `from` ends: after its `-----END ...-----`
/// line when one follows (before any other `-----` marker, within 64 KiB), else at the end
/// of the run of Base64 characters, whitespace and escaped line ends after the header.
fn private_key_end(text: &str, from: usize) -> usize {
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

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A text meant for a message with every shaped secret in it (reference tokens, JWTs,
/// private keys, cloud keys) replaced by its kind and length. Every finding's message,
/// label and help pass through here before they are stored.
pub fn mask_shaped(text: &str) -> Cow<'_, str> {
    let found = shaped_ranges(text);
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

/// A URL as messages may quote it: user information, query values and fragment values are
/// replaced, and so is every path segment that holds something a detector matches, so a
/// credential inside a URL never reaches the output. A URL with nothing to hide is quoted
/// as written.
pub fn quoted_url(value: &str) -> String {
    let Ok(mut url) = url::Url::parse(value) else {
        return value.to_string();
    };
    let secret_segments = url
        .path_segments()
        .is_some_and(|mut segments| segments.any(|s| !detectors().shaped(s).is_empty()));
    if url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none()
        && !secret_segments
    {
        return value.to_string();
    }
    if !url.username().is_empty() || url.password().is_some() {
        let _ = url.set_username("user");
        let _ = url.set_password(None);
    }
    if secret_segments && let Some(segments) = url.path_segments() {
        let kept: Vec<String> = segments
            .map(|s| {
                if detectors().shaped(s).is_empty() {
                    s.to_string()
                } else {
                    "...".to_string()
                }
            })
            .collect();
        url.set_path(&kept.join("/"));
    }
    let names_only = |text: &str| {
        text.split('&')
            .filter(|p| !p.is_empty())
            .map(|p| format!("{}=...", p.split('=').next().unwrap_or("")))
            .collect::<Vec<_>>()
            .join("&")
    };
    if let Some(query) = url.query().map(str::to_string) {
        url.set_query(Some(&names_only(&query)));
    }
    if let Some(fragment) = url.fragment().map(str::to_string) {
        url.set_fragment(Some(&names_only(&fragment)));
    }
    if value.ends_with('/') || url.path() != "/" {
        url.to_string()
    } else {
        url.to_string().trim_end_matches('/').to_string()
    }
}

/// Whether a key names a credential, so that its value is masked wherever source text is
/// shown. Known attributes such as `ReferenceTokens` are exempt; `ApplicationSecretHash`
/// is not, since it sometimes holds the plain secret by mistake.
pub fn is_credential_key(key: &str) -> bool {
    if key == "ApplicationSecretHash" {
        return true;
    }
    if crate::model::ATTRIBUTES.iter().any(|a| a.name == key) || key == "AccessTokens" {
        return false;
    }
    let k = key.to_ascii_lowercase();
    CREDENTIAL_WORDS.iter().any(|w| k.contains(w))
}

const CREDENTIAL_WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "credential",
    "private",
];

fn credential_words() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(CREDENTIAL_WORDS)
            .unwrap_or_else(|e| panic!("credential words: {e}"))
    })
}

/// `key = value`, `key: value`, `"key": value`, `'key' => value`, `key := value`: a key
/// and the place its value starts.
fn assignment() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?:^|[^A-Za-z0-9_.\-])["']?([A-Za-z0-9_.\-]+)["']?[ \t]*(?:=>|:=|=|:)[ \t]*"#)
            .unwrap_or_else(|e| panic!("assignment pattern: {e}"))
    })
}

/// The places in a file's text that output must mask, found from the text alone, whether
/// or not the file parsed and whether or not the place is a comment: every shaped secret,
/// and every value assigned to a credential-named key, with the lines that continue it
/// (`+` or `\` at the end of the line, a multi-line quoted string, a YAML block).
pub fn text_masks(text: &str) -> Vec<Span> {
    let mut out: Vec<Span> = shaped_ranges(text)
        .into_iter()
        .map(|(r, _)| Span::new(r.start, r.end))
        .collect();
    let lines = LineIndex::new(text);
    let mut candidate_lines: Vec<usize> = credential_words()
        .find_iter(text)
        .map(|m| lines.line_of(m.start()))
        .collect();
    candidate_lines.dedup();
    let mut masked_to = 0;
    for line in candidate_lines {
        let (start, end) = lines.bounds(line);
        if end <= masked_to {
            continue;
        }
        let line_text = &text[start..end];
        for caps in assignment().captures_iter(line_text) {
            let (Some(key), Some(all)) = (caps.get(1), caps.get(0)) else {
                continue;
            };
            let value_start = start + all.end();
            if value_start < masked_to || !is_credential_key(key.as_str()) {
                continue;
            }
            let span = value_extent(text, &lines, line, value_start);
            if !span.is_empty() {
                masked_to = span.end;
                out.push(span);
            }
        }
    }
    out
}

/// The value that starts at `at` on `line`, with what continues it.
fn value_extent(text: &str, lines: &LineIndex, line: usize, at: usize) -> Span {
    let (line_start, line_end) = lines.bounds(line);
    let rest = &text[at..line_end];
    let trimmed = rest.trim_end();
    let first = trimmed.chars().next();
    let mut end = match first {
        Some(q @ ('"' | '\'' | '`')) => {
            // A backtick string may run over many lines; other quotes end on their line.
            let limit = if q == '`' {
                floor_boundary(text, (at + 64 * 1024).min(text.len()))
            } else {
                line_end
            };
            closing_quote(&text[at + 1..limit], q).map_or(limit, |i| at + 1 + i + 1)
        }
        _ => at + trimmed.len(),
    };
    let quoted = matches!(first, Some('"' | '\'' | '`'));
    let mut line = lines.line_of(end.saturating_sub(1).max(at));
    let end_of_line = lines.bounds(line).1;
    let tail = text[end.min(end_of_line)..end_of_line].trim_end();
    // A YAML block scalar or a nested block: everything indented deeper than the key.
    let indicator = trimmed
        .trim_start_matches(|c: char| c == '&' || c.is_ascii_alphanumeric() || c == '_')
        .trim();
    let block = first.is_none()
        || (trimmed.starts_with('&') && indicator.is_empty())
        || (matches!(indicator.chars().next(), Some('|' | '>'))
            && indicator.len() <= 3
            && indicator[1..]
                .chars()
                .all(|c| matches!(c, '+' | '-' | '1'..='9')));
    if block {
        let indent = indentation(&text[line_start..line_end]);
        let mut next = line + 1;
        let mut last = end;
        while next < lines.count() {
            let (s, e) = lines.bounds(next);
            let l = &text[s..e];
            if l.trim().is_empty() {
                next += 1;
                continue;
            }
            if indentation(l) <= indent {
                break;
            }
            last = e;
            next += 1;
        }
        return Span::new(at, last.max(end));
    }
    // `"abc" +`, `value \`: the value goes on on the next lines.
    let ends_open = |t: &str| t.ends_with('+') || t.ends_with('\\');
    let mut continues = if quoted {
        ends_open(tail)
    } else {
        ends_open(trimmed)
    };
    let mut budget = 1000;
    while continues && line + 1 < lines.count() && budget > 0 {
        line += 1;
        budget -= 1;
        let (s, e) = lines.bounds(line);
        let l = text[s..e].trim_end();
        end = s + l.len();
        continues = ends_open(l);
    }
    Span::new(at, end)
}

/// The offset of the quote that closes a string, skipping backslash escapes.
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some(i),
            _ => {}
        }
    }
    None
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

/// The masks a YAML alias needs: a masked value that is (or holds) `*name` shows nothing,
/// but the value sits at `&name`, which is masked here too (with its block, and with the
/// anchors its own aliases name).
pub fn anchor_masks(text: &str, masked: &[Span]) -> Vec<Span> {
    if !text.contains('&') || !text.contains('*') {
        return Vec::new();
    }
    static ALIAS: OnceLock<Regex> = OnceLock::new();
    let alias = ALIAS.get_or_init(|| {
        Regex::new(r"\*([A-Za-z0-9_\-]+)").unwrap_or_else(|e| panic!("alias pattern: {e}"))
    });
    let lines = LineIndex::new(text);
    let mut seen: Vec<String> = Vec::new();
    let mut work: Vec<Span> = masked.to_vec();
    let mut out = Vec::new();
    while let Some(span) = work.pop() {
        let Some(region) = text.get(span.start..span.end) else {
            continue;
        };
        for caps in alias.captures_iter(region) {
            let name = &caps[1];
            if seen.iter().any(|s| s == name) || seen.len() > 10_000 {
                continue;
            }
            seen.push(name.to_string());
            let anchor = format!("&{name}");
            for (at, _) in text.match_indices(&anchor) {
                let after = at + anchor.len();
                let next = text[after..].chars().next();
                if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                    continue;
                }
                let line = lines.line_of(at);
                let value = after
                    + (text[after..].len() - text[after..].trim_start_matches([' ', '\t']).len());
                let found = value_extent(text, &lines, line, value.min(lines.bounds(line).1));
                let found = Span::new(after, found.end.max(after));
                out.push(found);
                work.push(found);
            }
        }
    }
    out
}

/// Line starts of a text, for the scans above.
struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The line's text range, without its line end.
    fn bounds(&self, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.len, |&n| n - 1);
        (start, end.max(start))
    }
}

/// Sorts masks and merges those that overlap or touch, so that a lookup can binary-search.
pub fn normalize(masks: &mut Vec<(usize, Span)>) {
    masks.sort_by_key(|(f, s)| (*f, s.start, s.end));
    let mut merged: Vec<(usize, Span)> = Vec::with_capacity(masks.len());
    for (file, span) in masks.drain(..) {
        match merged.last_mut() {
            Some((f, last)) if *f == file && span.start <= last.end => {
                last.end = last.end.max(span.end);
            }
            _ => merged.push((file, span)),
        }
    }
    *masks = merged;
}

/// Whether a span overlaps a mask; `masks` is normalized.
pub fn overlaps(masks: &[(usize, Span)], file: usize, span: Span) -> bool {
    let at = masks.partition_point(|(f, s)| (*f, s.end) <= (file, span.start));
    masks.get(at).is_some_and(|(f, s)| {
        *f == file && s.start < span.end.max(span.start + 1) && span.start < s.end
    })
}

/// A client id that is shaped like a secret rather than an ApplicationUri: long, random
/// and with none of the dots, slashes and colons of a URI (and not a GUID, which other
/// identity providers use as public client ids). The usual cause is a client id and a
/// secret swapped; the value is then masked like a secret.
pub fn looks_like_secret(value: &str) -> bool {
    let v = value.trim();
    let guid = v.len() == 36
        && v.chars()
            .enumerate()
            .all(|(i, c)| matches!(i, 8 | 13 | 18 | 23) && c == '-' || c.is_ascii_hexdigit());
    v.chars().count() >= 16
        && !guid
        && !v.contains(['.', '/', ':', ' ', '$', '{', '%', '<'])
        && crate::secrets::shannon_entropy(v) >= 3.0
        && !detectors().is_placeholder(v)
}

/// The last line of defence for messages: every value output must mask (a detection, a
/// value under a credential-named key) is replaced wherever a finding's text quotes it,
/// whichever rule wrote the text. Detected secrets are always replaced; of the other masked
/// values, those shorter than 8 characters, plain words, text with spaces, URLs without
/// credentials and the ApplicationUris of the run's apps (public identifiers) are left
/// alone, so that the net does not eat ordinary words.
pub fn scrub_findings(report: &mut crate::Report) {
    if report.findings.is_empty() {
        return;
    }
    let uris: std::collections::HashSet<&str> =
        report.apps.iter().filter_map(|a| a.uri()).collect();
    let mut values: Vec<String> = Vec::new();
    let add = |piece: &str, detected: bool, values: &mut Vec<String>| {
        let piece = piece.trim().trim_matches(['"', '\'', '`', ',', ';']).trim();
        if piece.chars().count() < 8 || uris.contains(piece) {
            return;
        }
        // Text-level masks also cover prose in comments (`# the client secret: see the
        // vault`); only what could be a secret is taken from them.
        if !detected
            && (!mixed(piece)
                || piece.contains(char::is_whitespace)
                || crate::secrets::shannon_entropy(piece) < 2.5
                || is_plain_url(piece))
        {
            return;
        }
        values.push(piece.to_string());
    };
    for found in &report.secrets {
        add(found.detection.secret.expose(), true, &mut values);
    }
    for (file, span) in &report.credentials {
        let text = report.sources[*file].slice(*span);
        if text.len() > 64 * 1024 {
            continue;
        }
        for piece in text.lines() {
            add(piece, false, &mut values);
        }
    }
    values.sort();
    values.dedup();
    if values.is_empty() {
        return;
    }
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&values)
    else {
        return;
    };
    let scrub = |text: &mut String| {
        if !ac.is_match(text.as_str()) {
            return;
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for m in ac.find_iter(text.as_str()) {
            out.push_str(&text[at..m.start()]);
            out.push_str(&placeholder(None, text[m.range()].chars().count()));
            at = m.end();
        }
        out.push_str(&text[at..]);
        *text = out;
    };
    for f in &mut report.findings {
        scrub(&mut f.message);
        scrub(&mut f.label);
        scrub(&mut f.help);
        if let Some(app) = &mut f.app {
            scrub(app);
        }
        for l in &mut f.related {
            scrub(&mut l.text);
        }
    }
}

/// At least two of: lower case, upper case, digits, other characters.
fn mixed(text: &str) -> bool {
    let classes = [
        text.chars().any(|c| c.is_lowercase()),
        text.chars().any(|c| c.is_uppercase()),
        text.chars().any(|c| c.is_ascii_digit()),
        text.chars().any(|c| !c.is_alphanumeric()),
    ];
    classes.iter().filter(|&&b| b).count() >= 2
}

/// A URL with nothing in it that is masked: no password, no credential in its query.
fn is_plain_url(text: &str) -> bool {
    text.contains("://") && !crate::url_carries_credential(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> String {
        let mut out = text.to_string();
        let mut spans: Vec<(usize, Span)> = text_masks(text).into_iter().map(|s| (0, s)).collect();
        let anchors = anchor_masks(text, &spans.iter().map(|(_, s)| *s).collect::<Vec<_>>());
        spans.extend(anchors.into_iter().map(|s| (0, s)));
        normalize(&mut spans);
        for (_, s) in spans {
            let part: String = text[s.start..s.end]
                .chars()
                .map(|c| {
                    if c == '\n' {
                        "\n".to_string()
                    } else {
                        "*".repeat(c.len_utf8())
                    }
                })
                .collect();
            out.replace_range(s.start..s.end, &part);
        }
        out
    }

    #[test]
    fn unsafe_characters_are_escaped() {
        assert_eq!(
            clean_text("a\u{202e}b\u{2028}c\u{fffe}"),
            "a\\u{202e}b\\u{2028}c\\u{fffe}"
        );
        assert_eq!(clean_path("x\n::error"), "x\\u{a}::error");
        assert_eq!(clean_path("apps/web.yaml"), "apps/web.yaml");
    }

    #[test]
    fn commented_and_exported_credentials_are_masked() {
        let text = "# CLIENT_SECRET=Qz7vR2mL9xTq\nexport\tAPI_TOKEN=Hk3Lp8Wq2Zr7\nNAME=web\n";
        let out = masked(text);
        assert!(!out.contains("Qz7vR2"), "{out}");
        assert!(!out.contains("Hk3Lp8"), "{out}");
        assert!(out.contains("NAME=web"), "{out}");
    }

    #[test]
    fn continued_values_are_masked_on_every_line() {
        let text = "const c = {\n  clientSecret: \"abc\" +\n    \"Zk3Lq8Wv2Rt7\",\n  other: 1,\n};\nKEY_SECRET=first\\\nZm4Qp9Wx2\nNEXT=1\n";
        let out = masked(text);
        assert!(!out.contains("Zk3Lq8"), "{out}");
        assert!(!out.contains("Zm4Qp9"), "{out}");
        assert!(out.contains("other: 1"), "{out}");
        assert!(out.contains("NEXT=1"), "{out}");
    }

    #[test]
    fn a_private_key_is_masked_to_its_end() {
        let text = "key: `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----`,\nnext: 1\n";
        let out = masked(text);
        assert!(!out.contains("MIIEvQ"), "{out}");
        assert!(out.contains("next: 1"), "{out}");
    }

    #[test]
    fn aliases_mask_their_anchors() {
        let text = "text: &s Hx7Lm2Vz9Kp4Wr8Tn3Bq\nbase: &b\n  value: Qx7Lm2Vz9Kp4\n  n: 1\noidc:\n  client_secret: *s\n  api_token: *b\nother: 2\n";
        let out = masked(text);
        assert!(!out.contains("Hx7Lm2"), "{out}");
        assert!(!out.contains("Qx7Lm2"), "{out}");
        assert!(out.contains("other: 2"), "{out}");
    }

    #[test]
    fn shaped_secrets_in_messages_keep_only_kind_and_length() {
        let token = format!("enrt_{}", "9f3ac1e07b5d24f8".repeat(4));
        let text = format!("client id `{token}` is unknown");
        let m = mask_shaped(&text);
        assert_eq!(
            m,
            "client id `<redacted: an ERP.net reference token, 69 characters>` is unknown"
        );
    }

    #[test]
    fn urls_lose_what_could_hold_a_credential() {
        let token = format!("enrt_{}", "9f3ac1e07b5d24f8".repeat(4));
        assert_eq!(
            quoted_url(&format!("https://web.example.com/{token}/cb")),
            "https://web.example.com/.../cb"
        );
        assert_eq!(
            quoted_url("https://u:p@web.example.com/out#access_token=abc&state=1"),
            "https://user@web.example.com/out#access_token=...&state=..."
        );
        assert_eq!(
            quoted_url("https://web.example.com/signin-oidc"),
            "https://web.example.com/signin-oidc"
        );
    }

    #[test]
    fn secret_shaped_client_ids_are_told_from_uris() {
        assert!(looks_like_secret("Qz7vR2mL9xTqWp4K8nB3"));
        assert!(!looks_like_secret("com.example/web"));
        assert!(!looks_like_secret("https://web.example.com"));
        assert!(!looks_like_secret("7f1c2a9e-4b3d-4e8f-9a21-0c5d6e7f8a9b"));
        assert!(!looks_like_secret("mobile-app"));
    }
}
