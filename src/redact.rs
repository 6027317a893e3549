//! What output may show of what trustlint read.
//!
//! Two promises meet here. No secret reaches any output: every value a detector matches,
//! every value under a credential-named key (commented out or not, continued on the next
//! line or not, reached through a YAML alias or not) is masked in snippets, and every
//! message that quotes text passes through [`mask_shaped`] and, once the run is complete,
//! through [`scrub_findings`]. (That no output can be forged is `crate::escape`'s.)

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::finding::Finding;
use crate::secrets::mask::{floor_boundary, placeholder, shaped_ranges};
use crate::secrets::{detectors, mask_shaped};
use crate::source::{SourceFile, Span};

/// A URL as messages may quote it: user information, query values and fragment values are
/// replaced, and so is every path segment that holds something a detector matches, so a
/// credential inside a URL never reaches the output. A URL with nothing to hide is quoted
/// as written.
pub fn quoted_url(value: &str) -> String {
    let Ok(mut url) = url::Url::parse(value) else {
        return unparsed_url(value);
    };
    let secret_segments = url
        .path_segments()
        .is_some_and(|mut segments| segments.any(|s| !shaped_ranges(s).is_empty()));
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
                if shaped_ranges(s).is_empty() {
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
            .map(|p| format!("{}=...", parameter_name(p)))
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

/// The name of a query or fragment parameter as a message may show it: a name that does
/// not look like one (`token:abc123`, a long random string) is shown as `...`.
fn parameter_name(part: &str) -> &str {
    let name = part.split('=').next().unwrap_or("");
    let plain = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
        && !looks_like_secret(name)
        && detectors().shaped(name).is_empty();
    if plain { name } else { "..." }
}

/// A URL that does not parse (a port out of range, a bad character), quoted conservatively:
/// the scheme and host, without user information, and `/...` for whatever follows.
fn unparsed_url(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return mask_shaped(value).into_owned();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("");
    let user = if authority.contains('@') { "user@" } else { "" };
    let tail = if end < rest.len() { "/..." } else { "" };
    mask_shaped(&format!("{scheme}://{user}{host}{tail}")).into_owned()
}

/// Whether a key names a credential, so that its value is masked wherever source text is
/// shown. Known attributes such as `ReferenceTokens` are exempt; `ApplicationSecretHash`
/// is not, since it sometimes holds the plain secret by mistake.
pub fn is_credential_key(key: &str) -> bool {
    if key == "ApplicationSecretHash" {
        return true;
    }
    // Most keys hold no credential word at all: one search of the key says so before the
    // attribute lookup, the lowercase copy and the search word by word.
    if !credential_words().is_match(key) {
        return false;
    }
    if crate::model::Attribute::named(key).is_some() {
        return false;
    }
    let k = key.to_ascii_lowercase();
    // `ClientSecret`, `ERP_TOKEN`, `api_key_2`: a credential word, then nothing that says
    // the value is about the credential rather than the credential itself
    // (`token_endpoint`, `TokenValidationParameters`, `secretName`, `PASSWORD_MIN_LENGTH`).
    CREDENTIAL_WORDS.iter().any(|w| {
        k.match_indices(w).any(|(at, _)| {
            let after: String = k[at + w.len()..]
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            !(NOT_A_CREDENTIAL.iter().any(|n| after.contains(n)) || after == "id")
        })
    })
}

/// Words that, after a credential word in a key, make the value something else than the
/// credential: an address, a name, a policy, a lifetime, a setting of how tokens are handled.
const NOT_A_CREDENTIAL: &[&str] = &[
    "endpoint",
    "url",
    "uri",
    "audience",
    "issuer",
    "validation",
    "parameters",
    "lifetime",
    "expiration",
    "expiry",
    "expires",
    "type",
    "name",
    "path",
    "file",
    "location",
    "policy",
    "store",
    "storage",
    "handler",
    "provider",
    "length",
    "format",
    "header",
    "version",
    "request",
    "param",
    "expir",
    "time",
    "seconds",
    "minutes",
    "interval",
    "notification",
    "options",
    "settings",
    "config",
    "scope",
    "claim",
    "cache",
    "mode",
    "method",
    "enabled",
    "required",
    "count",
    "size",
    "limit",
    "timeout",
    "prefix",
];

const CREDENTIAL_WORDS: &[&str] = &[
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pass",
    "pwd",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "credential",
    "private",
    "signingkey",
    "signing_key",
    "authorization",
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
        Regex::new(
            r#"(?:^|[^A-Za-z0-9_.\-])["']?([A-Za-z0-9_.\-]+)["']?\]?[ \t]*(?:=>|:=|=|:)[ \t]*"#,
        )
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
    out.extend(url_credentials(text));
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
        // Quotes and brackets before each key, counted once along the line (a long line
        // with many keys must not be counted again for each).
        let mut counts = Counts::default();
        for caps in assignment().captures_iter(line_text) {
            let (Some(key), Some(all)) = (caps.get(1), caps.get(0)) else {
                continue;
            };
            let value_start = start + all.end();
            if value_start < masked_to || !is_credential_key(key.as_str()) {
                continue;
            }
            // Inside a string already (a credential in a URL's query): count the quotes
            // before the key, not counting the key's own.
            counts.advance(line_text, key.start());
            let mut quotes = counts.quotes;
            if line_text[..key.start()].ends_with('"') {
                quotes = quotes.saturating_sub(1);
            }
            let flow = counts.braces > 0 || counts.brackets > 0;
            let context = if quotes % 2 == 1 {
                Context::InString
            } else if flow {
                Context::Flow
            } else {
                Context::Line
            };
            let span = value_extent(text, &lines, line, value_start, context);
            if harmless(&text[span.start..span.end]) {
                continue;
            }
            if !span.is_empty() {
                masked_to = span.end;
                out.push(span);
            }
        }
    }
    out
}

/// Unescaped double quotes and unclosed braces and brackets of a line up to a point,
/// advanced along the line.
#[derive(Default)]
struct Counts {
    to: usize,
    quotes: usize,
    braces: isize,
    brackets: isize,
}

impl Counts {
    fn advance(&mut self, line: &str, to: usize) {
        if to <= self.to {
            return;
        }
        let bytes = line.as_bytes();
        for i in self.to..to {
            match bytes[i] {
                b'"' if i == 0 || bytes[i - 1] != b'\\' => self.quotes += 1,
                b'{' => self.braces += 1,
                b'}' => self.braces -= 1,
                b'[' => self.brackets += 1,
                b']' => self.brackets -= 1,
                _ => {}
            }
        }
        self.to = to;
    }
}

/// Where a key stands, which decides where its value ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// On a line of its own (`.env`, YAML, a property of an object literal).
    Line,
    /// Inside a double-quoted string (a query parameter of a URL, a part of a connection
    /// string): the value ends with the string, or at `&` or `;`.
    InString,
    /// Inside a flow mapping or list (`{ client_secret: x, other: y }`): the value ends at
    /// `,`, `}` or `]`.
    Flow,
}

/// Credentials inside URLs anywhere in a text, assigned to a name or not, commented out or
/// not: the password of `scheme://user:password@host` and the values of credential-named
/// query or fragment parameters (`?access_token=...`, `&code=...`).
fn url_credentials(text: &str) -> Vec<Span> {
    if !text.contains(":/") && !text.contains(":\\/") && !text.contains('?') {
        return Vec::new();
    }
    static USERINFO: OnceLock<Regex> = OnceLock::new();
    static PARAM: OnceLock<Regex> = OnceLock::new();
    let userinfo = USERINFO.get_or_init(|| {
        Regex::new(r#"[A-Za-z][A-Za-z0-9+.\-]*:\\?/\\?/[^\s/\\@:"'<>]*:([^\s@/\\"'<>]+)@"#)
            .unwrap_or_else(|e| panic!("userinfo pattern: {e}"))
    });
    let param = PARAM.get_or_init(|| {
        Regex::new(r#"(?i)[?&#][A-Za-z0-9_.\-]*(?:token|secret|password|passwd|pwd|key|code|signature|sig)[A-Za-z0-9_.\-]*=([^&\s"'#<>`]+)"#)
            .unwrap_or_else(|e| panic!("parameter pattern: {e}"))
    });
    let mut out = Vec::new();
    for re in [userinfo, param] {
        for caps in re.captures_iter(text) {
            if let Some(m) = caps.get(1) {
                out.push(Span::new(m.start(), m.end()));
            }
        }
    }
    out
}

/// The value that starts at `at` on `line`, with what continues it.
fn value_extent(text: &str, lines: &LineIndex, line: usize, at: usize, context: Context) -> Span {
    let (line_start, line_end) = lines.bounds(line);
    let rest = &text[at..line_end];
    // A trailing comment is not part of a block indicator: `|  # from the vault`.
    let trimmed = rest.trim_end();
    let first = trimmed.chars().next();
    let indent = indentation(&text[line_start..line_end]);
    match context {
        Context::InString => {
            // `Password=\"a;b\"` inside a JSON string: the escaped quotes delimit it.
            if let Some(inner) = rest.strip_prefix("\\\"") {
                let end = inner.find("\\\"").map_or(trimmed.len(), |i| 2 + i + 2);
                return Span::new(at, at + end);
            }
            let end = rest.find(['"', '&', ';']).unwrap_or(trimmed.len());
            return Span::new(at, at + end);
        }
        Context::Flow if !matches!(first, Some('"' | '\'' | '`')) => {
            let end = rest.find([',', '}', ']']).unwrap_or(trimmed.len());
            return Span::new(at, at + rest[..end].trim_end().len());
        }
        _ => {}
    }
    let quoted = matches!(first, Some('"' | '\'' | '`'));
    let mut end = match first {
        Some(q @ ('"' | '\'' | '`')) => {
            // A quoted value may run over lines (YAML, .env, template literals).
            let reach = if q == '`' { 64 * 1024 } else { 4 * 1024 };
            let limit = floor_boundary(text, (at + reach).min(text.len()));
            closing_quote(&text[at + 1..limit], q).map_or(limit, |i| at + 1 + i + 1)
        }
        _ => at + trimmed.len(),
    };
    let mut line = lines.line_of(end.saturating_sub(1).max(at));
    // What follows an anchor or a tag, without a trailing comment: `&s |  # from the vault`.
    // Only a short rest of the line can be an indicator; a long line is not scanned again.
    let short = if trimmed.len() <= 80 { trimmed } else { "x" };
    let mut indicator = short.split(" #").next().unwrap_or("").trim();
    while indicator.starts_with(['&', '!']) {
        indicator = indicator
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r.trim_start());
    }
    let opens_block = first.is_none()
        || indicator.is_empty()
        || matches!(indicator, "{" | "[" | "(")
        || (matches!(indicator.chars().next(), Some('|' | '>'))
            && indicator.len() <= 3
            && indicator[1..]
                .chars()
                .all(|c| matches!(c, '+' | '-' | '1'..='9')));
    if !quoted {
        // A block, a nested object, or a plain scalar folded over more lines: everything
        // indented deeper than the key.
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
        if last > end {
            return Span::new(at, last);
        }
        if opens_block {
            return Span::new(at, end);
        }
    }
    // `"abc" +` or `value \` at the end of a line, or `+ "def"` at the start of the next:
    // the value goes on.
    let open_end = |t: &str| t.ends_with('+') || t.ends_with('\\');
    let end_of_line = lines.bounds(line).1;
    let mut tail = text[end.min(end_of_line)..end_of_line].trim_end();
    // `"abc" + "def"` on one line: the rest of the line is the value's too.
    if quoted && tail.trim_start().starts_with('+') {
        let rest_of_line = tail;
        end = end.min(end_of_line) + rest_of_line.len();
        tail = if open_end(rest_of_line) { "+" } else { "" };
    }
    let mut continues = if quoted {
        open_end(tail)
    } else {
        open_end(trimmed)
    };
    let mut budget = 1000;
    loop {
        if line + 1 >= lines.count() || budget == 0 {
            break;
        }
        let (s, e) = lines.bounds(line + 1);
        let next = text[s..e].trim();
        if !(continues || next.starts_with('+')) || next.is_empty() {
            break;
        }
        line += 1;
        budget -= 1;
        end = s + text[s..e].trim_end().len();
        continues = open_end(next);
    }
    Span::new(at, end)
}

/// A value under a credential-named key that cannot be a credential: a boolean, null, or
/// a URL with nothing secret in it (`SaveTokens: true`, `token_url: https://...`).
fn harmless(value: &str) -> bool {
    let v = value
        .trim()
        .trim_end_matches([',', ';'])
        .trim()
        .trim_matches(['"', '\'']);
    matches!(
        v.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "~" | "none" | "undefined"
    ) || detectors().is_allowlisted(v)
        || (v.contains("://")
            && !v.contains(char::is_whitespace)
            && detectors().shaped(v).is_empty()
            && !url_carries_credential(v))
}

/// The offset of the quote that closes a string, skipping backslash escapes and, in a
/// template literal, `${...}` substitutions (which may hold backticks of their own).
fn closing_quote(text: &str, quote: char) -> Option<usize> {
    let mut escaped = false;
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '$' if quote == '`' && chars.peek().is_some_and(|(_, n)| *n == '{') => {
                chars.next();
                depth += 1;
            }
            '}' if depth > 0 => depth -= 1,
            // YAML writes a single quote inside a single-quoted string as two.
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == quote && depth == 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a line is a mapping entry (`key: value`, `- key: value`, `<<: *base`) rather than
/// a plain value.
fn is_mapping_entry(line: &str) -> bool {
    let l = line.trim_start();
    let l = l.strip_prefix("- ").unwrap_or(l).trim_start();
    l.split_once(':').is_some_and(|(key, after)| {
        !key.is_empty()
            && (!key.contains(char::is_whitespace) || key.starts_with(['"', '\'']))
            && (after.is_empty() || after.starts_with([' ', '\t']))
    })
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
        Regex::new(r"\*([^\s,\[\]{}*&]+)").unwrap_or_else(|e| panic!("alias pattern: {e}"))
    });
    static ANCHOR: OnceLock<Regex> = OnceLock::new();
    let anchor = ANCHOR.get_or_init(|| {
        Regex::new(r"&([^\s,\[\]{}*&]+)").unwrap_or_else(|e| panic!("anchor pattern: {e}"))
    });
    // Every alias and every anchor of the file, in one pass each.
    let aliases: Vec<(usize, &str)> = alias
        .captures_iter(text)
        .filter_map(|c| Some((c.get(0)?.start(), c.get(1)?.as_str())))
        .collect();
    let mut anchors: std::collections::HashMap<&str, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for caps in anchor.captures_iter(text) {
        if let (Some(all), Some(name)) = (caps.get(0), caps.get(1)) {
            anchors
                .entry(name.as_str())
                .or_default()
                .push((all.start(), all.end()));
        }
    }
    // next[i]: the first alias at or after i not read yet, so that masks that overlap do not
    // read the same aliases again (a union-find over what was read).
    let mut next: Vec<usize> = (0..=aliases.len()).collect();
    fn unread(next: &mut [usize], i: usize) -> usize {
        let mut root = i;
        while next[root] != root {
            root = next[root];
        }
        let mut at = i;
        while next[at] != root {
            let up = next[at];
            next[at] = root;
            at = up;
        }
        root
    }
    let lines = LineIndex::new(text);
    // Per name: whether an alias was the value itself (`client_secret: *s`), which masks the
    // anchored value whole, or only a merge key (`<<: *base`), after which the tree has
    // already masked what the merged keys hold.
    let mut seen: std::collections::HashMap<&str, bool> = std::collections::HashMap::new();
    let mut work: Vec<Span> = masked.to_vec();
    let mut out = Vec::new();
    // What finding the extent of anchored values may read; past it an anchor's value is
    // taken to end with its line, which costs nothing.
    let mut budget = 4 * text.len() + 4096;
    while !work.is_empty() {
        let mut names = Vec::new();
        for span in work.drain(..) {
            let first = aliases.partition_point(|(p, _)| *p < span.start);
            let mut i = unread(&mut next, first);
            while i < aliases.len() && aliases[i].0 < span.end {
                next[i] = i + 1;
                let (pos, name) = aliases[i];
                let line_start = lines.bounds(lines.line_of(pos)).0;
                // A merge key masked as part of a larger mask (a credential key above it)
                // brings in secrets as much as an alias used as a value does.
                let direct =
                    !text[line_start..pos].trim_end().ends_with("<<:") || span.start < line_start;
                match seen.get(name) {
                    Some(&was) if was || !direct => {}
                    _ => {
                        seen.insert(name, direct);
                        names.push((name, direct));
                    }
                }
                i = unread(&mut next, i + 1);
            }
        }
        let mut places: Vec<(usize, usize, bool)> = names
            .iter()
            .filter_map(|(n, direct)| Some((anchors.get(n)?, *direct)))
            .flat_map(|(list, direct)| list.iter().map(move |&(a, b)| (a, b, direct)))
            .collect();
        places.sort_unstable();
        let mut reach = 0;
        for (at, after, direct) in places {
            if at < reach {
                continue;
            }
            let line = lines.line_of(at);
            let line_end = lines.bounds(line).1;
            let value =
                after + (text[after..].len() - text[after..].trim_start_matches([' ', '\t']).len());
            let rest = text[value.min(line_end)..line_end].trim();
            if rest.is_empty() || rest.starts_with('#') {
                // An anchored mapping or list. Used as a value (`api_token: *b`), all of it
                // is masked. Only merged (`<<: *base`), its entries are in the tree, where
                // those under credential keys are masked already, and the rest is no secret
                // (masking the whole block would hide a merged app's every setting): only
                // its items that are plain values are masked.
                let indent = indentation(&text[lines.bounds(line).0..line_end]);
                let mut next = line + 1;
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
                    if direct || !is_mapping_entry(l) {
                        let found = Span::new(s + indentation(l), e);
                        out.push(found);
                        work.push(found);
                    }
                    next += 1;
                    budget = budget.saturating_sub(e - s);
                }
                reach = reach.max(at + 1);
                continue;
            }
            let end = if budget > 0 {
                let found = value_extent(text, &lines, line, value.min(line_end), Context::Line);
                budget = budget.saturating_sub(found.end.saturating_sub(at) + (line_end - at));
                found.end
            } else {
                line_end
            };
            let found = Span::new(after, end.max(after));
            reach = reach.max(found.end);
            out.push(found);
            work.push(found);
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
    if v.chars().count() < 16
        || guid
        || v.contains(['.', ':', ' ', '$', '{', '%', '<'])
        || detectors().is_placeholder(v)
    {
        return false;
    }
    let entropy = crate::secrets::shannon_entropy(v);
    if !v.contains('/') {
        return entropy >= 3.0;
    }
    // Base64 holds slashes too: all Base64 characters, with a `+` or `=` padding that no
    // ApplicationUri path has.
    v.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        && (v.contains('+') || v.ends_with('='))
        && entropy >= 3.5
}

/// The values output must never show, whatever their place: every detected secret and the
/// credential values that could be one, as found in the run. Messages are scrubbed of
/// them ([`scrub_findings`]) and snippets mask them wherever they appear in a file (a
/// secret repeated in a `Description` is masked there too). Detected secrets are always
/// taken; of the other masked values, those shorter than 8 characters, plain words, text
/// with spaces, URLs without credentials, references (`${VAR}`) and the ApplicationUris of
/// the run's apps (public identifiers) are left alone, so that masking does not eat
/// ordinary words. `Debug` shows only how many there are.
#[derive(Default, Clone)]
pub struct SecretValues {
    values: Vec<String>,
    /// The values by their first 8 bytes (every value has at least 8 characters), each
    /// list longest first: a search looks up each position of a text once, and memory
    /// stays proportional to the values (an automaton over thousands of them takes tens
    /// of megabytes).
    by_prefix: std::collections::HashMap<u64, Vec<usize>>,
}

/// The first 8 bytes of a text, as one number.
fn prefix_key(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?))
}

impl std::fmt::Debug for SecretValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretValues(<{} values, redacted>)", self.values.len())
    }
}

/// The pieces of `raw` that [`SecretValues`] masks, added to `out`: `raw` whole and, with
/// `split`, its words; a `detected` secret is taken whatever it looks like.
fn consider(
    uris: &std::collections::HashSet<&str>,
    raw: &str,
    detected: bool,
    split: bool,
    out: &mut Vec<String>,
) {
    // `&s value` and `!!str value`: the anchor or tag is YAML, not value.
    let mut raw = raw.trim();
    while raw.starts_with(['&', '!']) {
        raw = raw
            .split_once(char::is_whitespace)
            .map_or("", |(_, r)| r.trim_start());
    }
    let whole = std::iter::once(raw);
    let parts = raw
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|'))
        .filter(|_| split);
    for piece in whole.chain(parts) {
        let piece = piece
            .trim()
            .trim_matches(['"', '\'', '`', ',', ';', '(', ')'])
            .trim();
        // A lower-case word (`password`, `changeme`) is also a word of trustlint's
        // own messages, which quote no credential value anyway: masking it there
        // would mangle them and show where the word was.
        if piece.chars().count() < 8 || piece.chars().all(|c| c.is_ascii_lowercase()) {
            continue;
        }
        // A detected secret is always taken, even when it is also (by mistake) an
        // ApplicationUri. Of the rest, masks also cover prose in comments and keys
        // in masked blocks; only what could be a secret is taken from them.
        if !detected
            && (uris.contains(piece)
                || piece.contains(char::is_whitespace)
                || !could_be_secret(piece))
        {
            continue;
        }
        out.push(piece.to_string());
    }
}

impl SecretValues {
    /// The values to mask: `detected` (the secrets the detectors found), `credential_values`
    /// (the string values under credential-named keys) and `credential_texts` (the text of
    /// every masked credential, line by line). `uris` are the run's ApplicationUris.
    pub fn of<'t>(
        uris: &std::collections::HashSet<&str>,
        detected: impl IntoIterator<Item = &'t str>,
        credential_values: &[(usize, Span, String)],
        credential_texts: impl IntoIterator<Item = &'t str>,
    ) -> SecretValues {
        // Each value is judged on its own, on all threads: the values are sorted
        // afterwards, so the order they are found in does not matter. The texts of masked
        // credentials can be tens of thousands (a grant store).
        use rayon::prelude::*;
        const CHUNK: usize = 256;
        let detected: Vec<&str> = detected.into_iter().collect();
        let texts: Vec<&str> = credential_texts
            .into_iter()
            .filter(|text| text.len() <= 64 * 1024)
            .collect();
        let from_detected = detected.par_chunks(CHUNK).map(|chunk| {
            let mut out = Vec::new();
            for secret in chunk {
                consider(uris, secret, true, true, &mut out);
            }
            out
        });
        let from_values = credential_values.par_chunks(CHUNK).map(|chunk| {
            let mut out = Vec::new();
            for (_, _, value) in chunk {
                consider(uris, value, false, true, &mut out);
            }
            out
        });
        let from_texts = texts.par_chunks(CHUNK).map(|chunk| {
            let mut out = Vec::new();
            for line in chunk.iter().flat_map(|text| text.lines()) {
                consider(uris, line, false, false, &mut out);
            }
            out
        });
        let found: Vec<Vec<String>> = from_detected.chain(from_values).chain(from_texts).collect();
        let mut values: Vec<String> = found.into_iter().flatten().collect();
        values.par_sort_unstable();
        values.dedup();
        let mut by_prefix: std::collections::HashMap<u64, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, v) in values.iter().enumerate() {
            if let Some(key) = prefix_key(v.as_bytes()) {
                by_prefix.entry(key).or_default().push(i);
            }
        }
        for list in by_prefix.values_mut() {
            list.sort_by_key(|&i| std::cmp::Reverse(values[i].len()));
        }
        SecretValues { values, by_prefix }
    }

    /// Where the values occur in a text, leftmost first and, of those starting at the same
    /// place, the longest, without overlaps.
    pub fn find_in(&self, text: &str) -> Vec<std::ops::Range<usize>> {
        let mut found = Vec::new();
        if self.by_prefix.is_empty() {
            return found;
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(key) = prefix_key(&bytes[at..]) {
            let hit = self.by_prefix.get(&key).and_then(|list| {
                list.iter()
                    .map(|&i| self.values[i].as_bytes())
                    .find(|v| bytes[at..].starts_with(v))
                    .map(<[u8]>::len)
            });
            match hit {
                Some(len) => {
                    found.push(at..at + len);
                    at += len;
                }
                None => at += 1,
            }
        }
        found
    }

    /// Replaces every value in a text, whole or cut short before a `…`.
    pub fn scrub(&self, text: &mut String) {
        if self.is_empty() {
            return;
        }
        let secrets = self;
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for r in secrets.find_in(text) {
            out.push_str(&text[at..r.start]);
            out.push_str(&placeholder(None, text[r.clone()].chars().count()));
            at = r.end;
        }
        out.push_str(&text[at..]);
        // A value cut short (`"abc…"`, a message cut to its maximum length) may end with
        // the start of a secret.
        if out.contains('…') {
            let parts: Vec<&str> = out.split('…').collect();
            let last = parts.len() - 1;
            let mut joined = String::with_capacity(out.len());
            for (i, part) in parts.iter().enumerate() {
                let keep = if i < last {
                    cut_secret_start(part, &secrets.values)
                } else {
                    part.len()
                };
                joined.push_str(&part[..keep]);
                if keep < part.len() {
                    joined.push_str(&placeholder(None, part[keep..].chars().count()));
                }
                if i < last {
                    joined.push('…');
                }
            }
            out = joined;
        }
        *text = out;
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// The last line of defence for messages: every value of [`SecretValues`] is replaced
/// wherever a finding's text quotes it, whole, or cut short at the end of the text,
/// whichever rule wrote the text.
/// `values` are the string values under credential-named keys, as (file, span, value).
pub fn scrub_findings(
    findings: &mut [Finding],
    secrets: &SecretValues,
    values: &[(usize, Span, String)],
    sources: &[SourceFile],
) {
    if findings.is_empty() || secrets.is_empty() {
        return;
    }
    let scrub = |text: &mut String| secrets.scrub(text);
    // Each file's values, by position: a finding looks only at its own file's, and (but for
    // an alias, which may point anywhere) only at those around its span, found by binary
    // search, so that a file with tens of thousands of values and findings stays linear.
    let mut by_file: std::collections::HashMap<usize, Vec<&(usize, Span, String)>> =
        std::collections::HashMap::new();
    for v in values {
        by_file.entry(v.0).or_default().push(v);
    }
    for list in by_file.values_mut() {
        list.sort_by_key(|(_, span, _)| (span.start, span.end));
    }
    for f in findings {
        // A finding on a credential value, or on an alias of one (`scope: *s`), may quote
        // pieces of it too short to be known as secrets: each quoted piece of it goes.
        let raw = sources[f.file].slice(f.span).trim();
        let anchor = raw
            .strip_prefix('*')
            .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))
            .map(|n| format!("&{n}"));
        let all = by_file.get(&f.file).map_or(&[][..], Vec::as_slice);
        let candidates = if anchor.is_some() {
            all
        } else {
            // Values are leaves of the tree and do not nest, so a value that overlaps the
            // span starts before its end and after the start of the last value that starts
            // at or before the span does; a value that holds the span is that one.
            let end = f.span.end.max(f.span.start + 1);
            let to = all.partition_point(|(_, s, _)| s.start < end);
            let before = all[..to].partition_point(|(_, s, _)| s.start <= f.span.start);
            let from = match before.checked_sub(1) {
                Some(last) => {
                    let start = all[last].1.start;
                    all.partition_point(|(_, s, _)| s.start < start)
                }
                None => 0,
            };
            &all[from..to]
        };
        let under: Vec<&str> = candidates
            .iter()
            .filter(|(file, span, _)| {
                let overlaps =
                    span.start < f.span.end.max(f.span.start + 1) && f.span.start < span.end;
                // The anchor is written just before the value (`&s "..."`), or starts it.
                let anchored = anchor.as_ref().is_some_and(|a| {
                    let text = &sources[*file].text;
                    let before = text.get(..span.start).unwrap_or("").trim_end();
                    before.ends_with(a.as_str())
                        || sources[*file]
                            .slice(*span)
                            .strip_prefix(a.as_str())
                            .is_some_and(|r| r.starts_with(char::is_whitespace))
                });
                *file == f.file && (overlaps || anchored)
            })
            .map(|(_, _, v)| v.as_str())
            .collect();
        if !under.is_empty() {
            for text in [&mut f.message, &mut f.label, &mut f.help] {
                *text = unquote_pieces(text, &under);
            }
        }
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

/// A text with every backtick-quoted piece that is part of one of `values` replaced.
fn unquote_pieces(text: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let quoted = &rest[open + 1..open + 1 + len];
        out.push_str(&rest[..=open]);
        let piece = quoted.trim_matches(['"', '\'']);
        if piece.chars().count() >= 3
            && piece.chars().any(char::is_alphanumeric)
            && values.iter().any(|v| v.contains(piece))
        {
            out.push_str(&placeholder(None, quoted.chars().count()));
        } else {
            out.push_str(quoted);
        }
        out.push('`');
        rest = &rest[open + 1 + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Where a text that ends with the first 6 or more characters of a secret stops being
/// safe: the byte offset of that start, or the text's length.
fn cut_secret_start(text: &str, values: &[String]) -> usize {
    let mut keep = text.len();
    for v in values {
        let mut ends = v.char_indices().map(|(i, c)| i + c.len_utf8());
        let Some(six) = ends.nth(5) else { continue };
        // The longest prefix of `v` (6 characters or more) that the text ends with.
        let mut best = None;
        for end in std::iter::once(six).chain(ends) {
            if text.ends_with(&v[..end]) {
                best = Some(end);
            }
        }
        if let Some(len) = best {
            keep = keep.min(text.len() - len);
        }
    }
    keep
}

/// Whether a value not known to be a secret could be one: 8 characters or more, with a
/// digit or three kinds of characters (so `Confidential` and `ClientType:` are not), no
/// spaces (so `Sales dashboard` is not), not a reference such as `${VAR}`, not a URL with
/// nothing secret in it.
pub fn could_be_secret(value: &str) -> bool {
    let v = value.trim();
    let kinds = [
        v.chars().any(|c| c.is_lowercase()),
        v.chars().any(|c| c.is_uppercase()),
        v.chars().any(|c| c.is_ascii_digit()),
        v.chars().any(|c| !c.is_alphanumeric()),
    ];
    let count = kinds.iter().filter(|&&b| b).count();
    v.chars().count() >= 8
        && !v.contains(char::is_whitespace)
        && (count >= 3 || (kinds[2] && count >= 2))
        && crate::secrets::shannon_entropy(v) >= 2.5
        && !v.ends_with(':')
        && !detectors().is_allowlisted(v)
        && !is_plain_url(v)
}

/// A value the user gave (a flag, an answer) as a message may quote it: a URL as
/// [`quoted_url`] quotes it, anything else with its shaped secrets masked and, when the whole
/// value could be a secret, replaced by its length; escaped either way.
pub fn quoted_value(value: &str) -> String {
    // Digits and separators (a date, a version) are no secret.
    let numeric = value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | ':' | '/'));
    let shown = if value.contains("://") {
        quoted_url(value)
    } else if could_be_secret(value) && !numeric {
        format!("<{} characters>", value.chars().count())
    } else {
        mask_shaped(value).into_owned()
    };
    crate::escape::clean_text(&shown)
}

/// A parser's message with every backquoted value (serde's ``unknown variant `x` ``)
/// quoted as [`quoted_value`] quotes it: a misplaced secret is named by its length only.
pub fn mask_quoted_values(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    if parts.len() < 3 {
        return crate::escape::clean_text(&mask_shaped(message));
    }
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts sit between a pair of backquotes (a trailing unpaired one stays text).
        if i % 2 == 1 && i + 1 < parts.len() {
            out.push_str(&quoted_value(part));
        } else {
            out.push_str(&crate::escape::clean_text(&mask_shaped(part)));
        }
    }
    out
}

/// A URL with nothing in it that is masked: no password, no credential in its query.
fn is_plain_url(text: &str) -> bool {
    text.contains("://") && !url_carries_credential(text)
}

/// Whether a string is a URL with a credential in it: a password in its user information,
/// a credential-named query parameter, or a token in its fragment.
pub fn url_carries_credential(value: &str) -> bool {
    // A credential rides in the user information (before an `@`), the query (after a `?`)
    // or the fragment (after a `#`); the parser splits on these characters only.
    if !value.contains("://") || !value.bytes().any(|b| matches!(b, b'@' | b'?' | b'#')) {
        return false;
    }
    let Ok(url) = url::Url::parse(value.trim()) else {
        // Unparsable, but a `user:password@` shape is still worth hiding.
        return value.split("://").nth(1).is_some_and(|rest| {
            rest.split('/')
                .next()
                .is_some_and(|auth| auth.contains('@') && auth.contains(':'))
        });
    };
    let credential = |k: &str| {
        let k = k.to_ascii_lowercase();
        [
            "token",
            "secret",
            "password",
            "passwd",
            "pwd",
            "key",
            "code",
            "signature",
            "sig",
        ]
        .iter()
        .any(|w| k.contains(w))
    };
    url.password().is_some()
        || url
            .query_pairs()
            .any(|(k, v)| !v.is_empty() && credential(&k))
        || url
            .fragment()
            .is_some_and(|f| f.contains("token") || f.contains("eyJ"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::escape::clean_path;

    #[test]
    fn a_url_carries_a_credential_in_its_user_information_query_or_fragment() {
        for yes in [
            "https://svc:Hk29sLq7@acme.my.erp.net/api",
            "https://acme.example/cb?client_secret=Zr81Pq",
            "https://acme.example/cb#access_token=eyJhbGciOi",
            "postgres://app:pw@db.internal:5432/shop",
            "https://user:pw@[not a host",
        ] {
            assert!(url_carries_credential(yes), "{yes}");
        }
        for no in [
            "https://acme.my.erp.net/id",
            "https://acme.example/cb?state=",
            "https://acme.example/cb?lang=en#top",
            "https://user@acme.example/",
            "not a url at all",
        ] {
            assert!(!url_carries_credential(no), "{no}");
        }
    }

    #[test]
    fn values_are_found_as_a_leftmost_longest_automaton_finds_them() {
        // Values sharing prefixes and overlapping in texts, against aho-corasick's
        // leftmost-longest search, which finding them by prefix replaces.
        let mut state = 7u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as usize
        };
        let alphabet = ['a', 'b', 'é', '1'];
        let word = |next: &mut dyn FnMut() -> usize, len: usize| -> String {
            (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect()
        };
        for _ in 0..200 {
            let count = 1 + next() % 6;
            let mut values: Vec<String> = Vec::new();
            for _ in 0..count {
                let len = next() % 5;
                let tail = word(&mut next, len);
                // Often a longer or shorter form of an earlier value, sharing its start.
                match values.last() {
                    Some(last) if next() % 2 == 0 => {
                        let cut: String = last.chars().take(8).collect();
                        values.push(cut + &tail);
                    }
                    _ => {
                        let head = word(&mut next, 8);
                        values.push(head + &tail);
                    }
                }
            }
            let mut text = String::new();
            for _ in 0..4 {
                let len = next() % 4;
                text.push_str(&word(&mut next, len));
                text.push_str(&values[next() % values.len()].clone());
            }
            let len = next() % 9;
            text.push_str(&word(&mut next, len));
            values.sort();
            values.dedup();
            let uris = std::collections::HashSet::new();
            let found =
                SecretValues::of(&uris, values.iter().map(String::as_str), &[], []).find_in(&text);
            let ac = AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                .build(&values)
                .unwrap();
            let expected: Vec<_> = ac.find_iter(&text).map(|m| m.range()).collect();
            assert_eq!(found, expected, "{values:?} in {text:?}");
        }
    }

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
        assert_eq!(
            quoted_url("https://a.example/cb?code=abc&x=1"),
            "https://a.example/cb?code=...&x=..."
        );
        assert_eq!(quoted_url("https://a.example/cb/"), "https://a.example/cb/");
        assert_eq!(quoted_url("https://a.example"), "https://a.example");
    }

    #[test]
    fn review_findings_in_snippets_are_masked() {
        // An anchor name outside [A-Za-z0-9_-], a block with a comment, a folded plain
        // scalar, a line-leading `+`, a computed key, a nested template literal, a nested
        // object, a quoted .env value over two lines.
        let text = "Notes: &.s Aw9oQz7Lm2Vx\nApplicationSecretHash: *.s\nA: &b |  # from vault\n  Bk7GuQz2Lm9Vx\nSecret: *b\nApiToken: Fold1Qz7Lm\n  Fold2Wv8Kp3Zx\nnext: 1\nconst c = {\n  clientSecret: \"abc\"\n    + \"Lp4Bt0sQz7Lm\",\n  [\"client_secret\"]: \"Cf4FkQz7Lm2Vx\",\n  client_secret: `${`x`}Dq8UqWz7Lm2`,\n  secrets: {\n    client: \"Ax1XqZ7Lm2Vw\",\n  },\n  other: 2,\n};\nDB_PASSWORD='x\nBr1VqZ7Lm2Wx'\nNEXT=3\n";
        let out = masked(text);
        for leak in [
            "Aw9oQz", "Bk7GuQ", "Fold1Q", "Fold2W", "Lp4Bt0", "Cf4FkQ", "Dq8UqW", "Ax1XqZ",
            "Br1VqZ",
        ] {
            assert!(!out.contains(leak), "{leak} shows:\n{out}");
        }
        for kept in ["next: 1", "other: 2", "NEXT=3"] {
            assert!(out.contains(kept), "{kept} is masked:\n{out}");
        }
    }

    #[test]
    fn snippets_keep_what_is_no_credential() {
        let text = "{\n  \"RedirectUri\": \"https://x.example.com/cb?client_secret=Ru7mQz2Lx\", \"Scope\": \"openid read\",\n  \"SaveTokens\": true,\n  \"TokenValidationParameters\": { \"ValidIssuer\": \"https://acme.my.erp.net/id\" },\n  \"token_endpoint\": \"https://acme.my.erp.net/id/connect/token\"\n}\n";
        let out = masked(text);
        assert!(!out.contains("Ru7mQz"), "{out}");
        for kept in [
            "\"Scope\": \"openid read\"",
            "\"SaveTokens\": true",
            "\"ValidIssuer\": \"https://acme.my.erp.net/id\"",
            "https://acme.my.erp.net/id/connect/token",
        ] {
            assert!(out.contains(kept), "{kept} is masked:\n{out}");
        }
    }

    #[test]
    fn cut_and_mangled_tokens_are_masked_in_messages() {
        let text = format!(
            "`{}…` is not a valid ClientType",
            &format!("enrt_{}", "5199".repeat(16))[..40]
        );
        assert!(
            !mask_shaped(&text).contains("enrt_5199"),
            "{}",
            mask_shaped(&text)
        );
        assert!(!clean_path("enrt_9f3ac1e07b5d24f8e6a0c3b19d7254ef0a8b6c2d4e1f3907a5c8e2b4d6f0193c.trusted-app.yaml").contains("9f3ac1e0"));
        assert_eq!(
            quoted_url("https://svc:Pw9mQz7L@web.example.com:444444/signin?client_secret=x"),
            "https://user@web.example.com/..."
        );
        assert_eq!(
            quoted_url("https://web.example.com/out?token:Pq2mZ7xLw9&state=1"),
            "https://web.example.com/out?...=...&state=..."
        );
    }

    #[test]
    fn credential_keys_and_what_is_about_them() {
        for key in [
            "ClientSecret",
            "ERP_TOKEN",
            "api_key_2",
            "SMTP_PASS",
            "Authorization",
            "PRIVATE_KEY",
            "ApplicationSecretHash",
            "SigningKey",
        ] {
            assert!(is_credential_key(key), "{key}");
        }
        for key in [
            "token_endpoint",
            "TokenValidationParameters",
            "TokenAudience",
            "secretName",
            "PASSWORD_MIN_LENGTH",
            "ReferenceTokens",
            "AuthorizationEndpoint",
            "tokenRequest",
            "authorizationParams",
            "accessTokenExpiringNotificationTimeInSeconds",
            "PrivateKeyPath",
            "Scope",
        ] {
            assert!(!is_credential_key(key), "{key}");
        }
    }

    #[test]
    fn secret_shaped_client_ids_are_told_from_uris() {
        assert!(looks_like_secret("Qz7vR2mL9xTqWp4K8nB3"));
        assert!(!looks_like_secret("com.example/web"));
        assert!(!looks_like_secret("https://web.example.com"));
        assert!(!looks_like_secret("7f1c2a9e-4b3d-4e8f-9a21-0c5d6e7f8a9b"));
        assert!(!looks_like_secret("mobile-app"));
        assert!(looks_like_secret("Qm9vK2x/Lq7Zt+Wv3Rn8Bc5Hd1=="));
        assert!(!looks_like_secret("MyCompany/ErpSync/Prod2"));
    }
}
