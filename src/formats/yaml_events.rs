//! The common shape of a YAML file read straight from granit-parser's events, the parser
//! serde-saphyr itself runs on. Going through serde-saphyr costs more than the parsing: every
//! value is peeked, wrapped in `Spanned`, dispatched through `deserialize_any`, and every key
//! is recorded and replayed. Trusted Application definitions use none of what that machinery
//! is for, so they are read here from the same events with the same spans.
//!
//! This reader is only a shortcut: it answers `None` for anything it does not handle exactly
//! as serde-saphyr does (anchors, aliases, tags, merge keys, keys that are lists or mappings,
//! several documents, a `%YAML` directive, values serde-saphyr refuses such as `.inf`, any parser
//! error, and documents near the depth and node limits), and `yaml::parse_limited` then reads
//! the file through serde-saphyr, which also words every error.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle};

use super::Limits;
use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// serde-saphyr's budget for parser events and for the bytes of all scalars together;
/// `yaml::parse_limited` sets only its depth and node limits.
const MAX_EVENTS: usize = 1_000_000;
const MAX_SCALAR_BYTES: usize = 64 * 1024 * 1024;

/// A mapping or a sequence whose end has not been reached yet.
enum Open {
    Seq {
        span: Span,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        entries: Vec<Entry>,
        /// The key read last, waiting for its value.
        key: Option<(String, Span)>,
    },
}

/// The tree serde-saphyr would build for `text`, or `None` when the text is outside what this
/// reader is sure to read the same way.
pub(super) fn read(text: &str, limits: &Limits) -> Option<Node> {
    // Past 4 GiB serde-saphyr drops byte offsets and locates by line and column instead.
    if u32::try_from(text.len()).is_err() {
        return None;
    }
    // The options serde-saphyr gives the parser for this budget; the others are the defaults
    // both share. A document that reaches the block nesting limit is refused below anyway.
    let options = granit_parser::options! {
        block_nesting_limit: 255.max(limits.max_yaml_depth.saturating_add(1)),
        emit_comments: false,
    };
    let mut open: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut stream_end = None;
    let (mut events, mut nodes, mut scalar_bytes, mut documents) = (0usize, 0usize, 0usize, 0);
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, event_span) = item.ok()?;
        events += 1;
        if events >= MAX_EVENTS {
            return None;
        }
        match event {
            Event::StreamStart | Event::DocumentEnd => {}
            Event::StreamEnd => stream_end = Some(byte_span(&event_span, text)?),
            Event::DocumentStart(_, version) => {
                // A second document is an error in serde-saphyr; a `%YAML` directive may change
                // how the parser reads the document.
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                scalar_bytes += value.len();
                if nodes >= limits.max_yaml_nodes || scalar_bytes >= MAX_SCALAR_BYTES {
                    return None;
                }
                let span = byte_span(&event_span, text)?;
                if let Some(Open::Map {
                    key: key @ None, ..
                }) = open.last_mut()
                {
                    *key = Some((key_text(value, style)?, span));
                } else {
                    let kind = resolve(value, style)?;
                    attach(&mut open, &mut root, Node::new(kind, trim_end(span, text)))?;
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                // A list or a mapping where a key is expected is a complex key, which the
                // model has no use for and serde-saphyr refuses with its own message.
                if let Some(Open::Map { key: None, .. }) = open.last() {
                    return None;
                }
                nodes += 1;
                if nodes >= limits.max_yaml_nodes || open.len() + 1 >= limits.max_yaml_depth {
                    return None;
                }
                let span = byte_span(&event_span, text)?;
                open.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq {
                        span,
                        items: Vec::new(),
                    }
                } else {
                    Open::Map {
                        span,
                        entries: Vec::new(),
                        key: None,
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match open.pop()? {
                    Open::Seq { span, items } => Node::new(Kind::Seq(items), span),
                    Open::Map {
                        span,
                        entries,
                        key: None,
                    } => Node::new(Kind::Map(entries), span),
                    Open::Map { key: Some(_), .. } => return None,
                };
                attach(&mut open, &mut root, node)?;
            }
            // Aliases, and anything else the parser may learn to emit.
            _ => return None,
        }
    }
    if !open.is_empty() {
        return None;
    }
    match root {
        Some(node) => Some(node),
        // Only comments: serde-saphyr reads a null where the stream ends.
        None => Some(Node::new(Kind::Null, trim_end(stream_end?, text))),
    }
}

/// Puts a finished value where it belongs: the root, the next item of a list, or the value
/// of the key read last.
fn attach(open: &mut [Open], root: &mut Option<Node>, node: Node) -> Option<()> {
    match open.last_mut() {
        None if root.is_none() => *root = Some(node),
        None => return None,
        Some(Open::Seq { items, .. }) => items.push(node),
        Some(Open::Map { entries, key, .. }) => {
            let (key, key_span) = key.take()?;
            entries.push(Entry {
                key,
                key_span,
                value: node,
            });
        }
    }
    Some(())
}

/// The byte range of an event, the way `yaml::span_of` takes it from serde-saphyr's location.
fn byte_span(span: &granit_parser::Span, text: &str) -> Option<Span> {
    let start = span.start.byte_offset()?;
    let len = span.end.byte_offset()?.saturating_sub(start);
    let start = start.min(text.len());
    Some(Span::new(start, (start + len).min(text.len())))
}

/// `yaml::convert` ends a scalar's span at its last character that is not white space.
fn trim_end(mut span: Span, text: &str) -> Span {
    if let Some(raw) = text.get(span.start..span.end) {
        span.end = span.start + raw.trim_end().len();
    }
    span
}

/// A key as `yaml::YKey` keeps it: the text a user would match it by.
fn key_text(value: Cow<'_, str>, style: ScalarStyle) -> Option<String> {
    // `<<` is a merge key in serde-saphyr unless quoted; either way, the slow path decides.
    if value == "<<" {
        return None;
    }
    Some(match resolve(value, style)? {
        Kind::Null => "null".to_string(),
        Kind::Bool(b) => b.to_string(),
        Kind::Int(i) => i.to_string(),
        Kind::Float(f) => f.to_string(),
        Kind::Str(s) => s,
        Kind::Seq(_) | Kind::Map(_) => return None,
    })
}

/// What serde-saphyr's `deserialize_any` makes of an untagged scalar with `strict_booleans`,
/// through `yaml::NodeVisitor`. `None` for a non-finite number, which it refuses.
fn resolve(value: Cow<'_, str>, style: ScalarStyle) -> Option<Kind> {
    if style != ScalarStyle::Plain {
        return Some(Kind::Str(value.into_owned()));
    }
    if matches!(&*value, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Kind::Null);
    }
    let t = yaml_trim(&value);
    match t {
        "true" | "True" | "TRUE" => return Some(Kind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Kind::Bool(false)),
        _ => {}
    }
    // Every number, and every spelling kept as a string before the numeric parsers run,
    // begins with a digit, a sign or a dot; most strings are done with here.
    if !t
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'))
    {
        return Some(Kind::Str(value.into_owned()));
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    let uppercase_radix = matches!(unsigned.as_bytes(), [b'0', b'X' | b'O' | b'B', ..]);
    let signed_nan = t.len() > unsigned.len() && matches!(unsigned, ".nan" | ".NaN" | ".NAN");
    if uppercase_radix || signed_nan {
        return Some(Kind::Str(value.into_owned()));
    }
    if t.starts_with('-') {
        if !leading_zero_decimal(t)
            && let Some(i) = parse_int_signed(t)
        {
            return Some(Kind::Int(i));
        }
    } else if let Some(u) = parse_int_unsigned(t) {
        return Some(i64::try_from(u).map_or(Kind::Float(u as f64), Kind::Int));
    }
    if matches!(
        unsigned,
        ".nan" | ".NaN" | ".NAN" | ".inf" | ".Inf" | ".INF"
    ) {
        return None;
    }
    match t.parse::<f64>() {
        Ok(f) if f.is_finite() => Some(Kind::Float(f)),
        // A literal too large for f64, such as `1e999`, is a non-finite number too.
        Ok(f) if f.is_infinite() && unsigned.as_bytes().first().is_some_and(u8::is_ascii_digit) => {
            None
        }
        _ => Some(Kind::Str(value.into_owned())),
    }
}

fn yaml_trim(s: &str) -> &str {
    s.trim_matches([' ', '\t', '\r', '\n'])
}

/// `0127`, `+0127` or `-0127`: a decimal integer with a redundant leading zero.
fn leading_zero_decimal(t: &str) -> bool {
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// serde-saphyr's `parse_int_signed::<i64>` without legacy octal numbers.
fn parse_int_signed(t: &str) -> Option<i64> {
    let (neg, rest) = match t.strip_prefix('+') {
        Some(r) => (false, r),
        None => match t.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, t),
        },
    };
    let (radix, digits) = radix_and_digits(rest);
    let value: i128 = if radix == 10 {
        if digits.starts_with('0') && digits != "0" {
            return None;
        }
        let magnitude = i128::try_from(parse_digits(digits, 10)?).ok()?;
        if neg { -magnitude } else { magnitude }
    } else {
        let magnitude = parse_digits(digits, radix)?;
        if neg {
            if magnitude == (i128::MAX as u128) + 1 {
                i128::MIN
            } else {
                i128::try_from(magnitude).ok()?.checked_neg()?
            }
        } else {
            i128::try_from(magnitude).ok()?
        }
    };
    i64::try_from(value).ok()
}

/// serde-saphyr's `parse_int_unsigned::<u64>` without legacy octal numbers.
fn parse_int_unsigned(t: &str) -> Option<u64> {
    if t.starts_with('-') {
        return None;
    }
    let rest = t.strip_prefix('+').unwrap_or(t);
    let (radix, digits) = radix_and_digits(rest);
    if radix == 10 && digits.starts_with('0') && digits != "0" {
        return None;
    }
    u64::try_from(parse_digits(digits, radix)?).ok()
}

fn radix_and_digits(rest: &str) -> (u32, &str) {
    if let Some(r) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) {
        (16, r)
    } else if let Some(r) = rest.strip_prefix("0o").or_else(|| rest.strip_prefix("0O")) {
        (8, r)
    } else if let Some(r) = rest.strip_prefix("0b").or_else(|| rest.strip_prefix("0B")) {
        (2, r)
    } else {
        (10, rest)
    }
}

/// Digits in `radix` with single underscores between them, as u128; `None` on anything
/// else or on overflow.
fn parse_digits(digits: &str, radix: u32) -> Option<u128> {
    let bytes = digits.as_bytes();
    let mut value: u128 = 0;
    let mut saw = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let prev_ok = i > 0 && bytes[i - 1] != b'_';
            let next_ok = i + 1 < bytes.len() && bytes[i + 1] != b'_';
            if !prev_ok || !next_ok {
                return None;
            }
            continue;
        }
        let d = char::from(b).to_digit(radix)?;
        value = value.checked_mul(u128::from(radix))?;
        value = value.checked_add(u128::from(d))?;
        saw = true;
    }
    saw.then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::yaml::parse_with_serde;

    /// `Node`'s own equality, except that floats are compared by their bits so that a NaN
    /// equals itself and 0.0 differs from -0.0.
    fn same(a: &Node, b: &Node) -> bool {
        a.span == b.span
            && match (&a.kind, &b.kind) {
                (Kind::Float(x), Kind::Float(y)) => x.to_bits() == y.to_bits(),
                (Kind::Seq(x), Kind::Seq(y)) => {
                    x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
                }
                (Kind::Map(x), Kind::Map(y)) => {
                    x.len() == y.len()
                        && x.iter().zip(y).all(|(a, b)| {
                            a.key == b.key && a.key_span == b.key_span && same(&a.value, &b.value)
                        })
                }
                (x, y) => x == y,
            }
    }

    /// The property the shortcut rests on: it answers nothing, or exactly what serde-saphyr
    /// answers. Returns whether it answered.
    fn agrees(text: &str) -> bool {
        agrees_within(text, &Limits::default())
    }

    fn agrees_within(text: &str, limits: &Limits) -> bool {
        let Some(fast) = read(text, limits) else {
            return false;
        };
        match parse_with_serde(text, limits) {
            Ok(slow) => assert!(
                same(&fast, &slow),
                "the event reader differs from serde-saphyr on {text:?}\nevents: {fast:#?}\nserde-saphyr: {slow:#?}"
            ),
            Err(err) => panic!(
                "the event reader read {text:?}, which serde-saphyr refuses: {}",
                err.message
            ),
        }
        true
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
            {
                out.push(path);
            }
        }
    }

    fn repository_yaml() -> Vec<(std::path::PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        yaml_files(&root.join("fixtures"), &mut paths);
        yaml_files(&root.join("tests"), &mut paths);
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                (p, text)
            })
            .collect()
    }

    /// The definition `examples/generate.rs` writes for every app of a benchmark tree.
    const GENERATED_DEFINITION: &str = "\
# Ledger Sync: the browser app and its API, registered in the acme instance.
TrustedApplications:
  - ApplicationUri: https://ledger-sync.example.com/web
    Name: Ledger Sync (web)
    AppType: Spa
    ClientType: Public
    ImpersonateAsInternalUserAllowed: true
    ImpersonateLoginUrl:
      - https://ledger-sync.example.com/callback
      - https://ledger-sync.example.com/silent-renew.html
      - http://legacy.ledger-sync.example.com/callback
    ImpersonateLogoutUrl: https://ledger-sync.example.com/
    Scope: [read]
    ReferenceTokens: None

  - ApplicationUri: https://ledger-sync.example.com/api
    Name: Ledger Sync (API)
    AppType: Service
    ClientType: Confidential
    ApplicationSecretHash: v3YWzmpudtI9UVfREKidp8XGijSH/Qa9Zyx8gtLxTVI=
    SystemUserAllowed: true
    SystemUser: svc.ledger-sync
    Scope: [read, update, sec]
    ReferenceTokens: None

Users:
  - Login: svc.ledger-sync
    UserType: ApplicationUserNoLogin
    IsAdmin: false
    Active: true
";

    const TRICKY: &[&str] = &[
        "",
        " \n\t\n",
        "# only a comment\n",
        "# one\n\n# two\n",
        "---\n",
        "---\n# nothing\n...\n",
        "...\n",
        "a:\n",
        "a:\nb:\n",
        "a: ~\nb: null\nc: Null\nd: NULL\ne: nULL\nf: ''\ng: \"\"\nh: '~'\n",
        "a: true\nb: True\nc: TRUE\nd: tRUE\ne: yes\nf: on\ng: no\nh: off\ni: y\nj: false\nk: False\nl: FALSE\n",
        "a: 0x1F\nb: 0X1F\nc: 0o17\nd: 0O17\ne: 0b101\nf: 0B101\ng: 0x\nh: 0xg\ni: -0x1F\nj: +0x1F\nk: 0x_1F\nl: 0x1_F\n",
        "a: +12\nb: -12\nc: -0\nd: +0\ne: 0\nf: 00\ng: 010\nh: -010\ni: +010\nj: 0_10\nk: 1_000\nl: 1__000\nm: _1000\nn: 1000_\n",
        "a: 1e3\nb: 1E3\nc: .5\nd: 5.\ne: -.5\nf: +1.5e-3\ng: 1.0\nh: -0.0\ni: 0.1\nj: 1_0.5\nk: 1e\nl: e3\nm: .\nn: 1.2.3\n",
        "a: .inf\n",
        "a: -.Inf\n",
        "a: +.INF\n",
        "a: .nan\n",
        "a: .NaN\n",
        "a: -.nan\nb: +.NaN\n",
        "a: 1e999\n",
        "a: -1e999\n",
        "a: inf\nb: -inf\nc: nan\nd: NaN\ne: infinity\nf: -Infinity\n",
        "a: 9223372036854775807\nb: 9223372036854775808\nc: 18446744073709551615\nd: 18446744073709551616\ne: -9223372036854775808\nf: -9223372036854775809\ng: 123456789012345678901234567890123456789012\n",
        "a: 0xFFFFFFFFFFFFFFFF\nb: 0x10000000000000000\nc: -0x8000000000000000\nd: -0x8000000000000001\n",
        "a: '12'\nb: \"12\"\nc: 'true'\nd: \"null\"\ne: '0x1F'\nf: \"1e3\"\n",
        "1: one\n-2: minus two\n0x10: hex\n1.5: float\n1e3: exp\ntrue: yes\nFalse: no\nnull: nothing\n~: tilde\n: empty\n'1': quoted\n9223372036854775808: big\n",
        ".inf: key\n",
        "{a: 1, b: [x, y]}\n",
        "a: {b: {c: [1, 2, {d: e}]}, f: []}\ng: {}\n",
        "[a, b, {c: d}, [e, f], , g]\n",
        "[a: 1, b: 2]\n",
        "{a, b: , : c}\n",
        "- a\n- b\n-\n- - c\n  - d\n- e: f\n  g: h\n",
        "items:\n- name: a\n  value: 1\n- name: b\n  value:\n  - x\n  - y\n",
        "items:\n  - name: a\n    nested:\n      deep:\n        deeper: [1, 2]\n  -   name: b\n      other: c\n",
        "- \n  a: 1\n-\n  - b\n",
        "a: |\n  line one\n  line two\nb: x\n",
        "a: |-\n  line one\n  line two\n\nb: x\n",
        "a: |+\n  line one\n\n\nb: x\n",
        "a: >\n  folded\n  text\n\n  para\nb: x\n",
        "a: >-\n  folded\n  text\n",
        "a: >+\n  kept\n\n",
        "a: |2\n    indented\n  b\n",
        "a: |\n  no final newline",
        "a: >\n",
        "a: |\n\nb: 1\n",
        "- |\n  in a list\n- >\n  folded in a list\n",
        "a: plain text\n  continued on\n  three lines\nb: c\n",
        "- plain\n  continued\n- x\n",
        "a: \"double\n  quoted\n\n  lines\"\nb: 'single\n  quoted'\n",
        "a: \"esc \\t \\n \\\" \\\\ \\u00e9 \\x41 \\U0001F600 \\/ \\0\"\nb: 'it''s'\n",
        "# lead\na: 1 # trailing\n# between\nb: # after colon\n  - x # item\n  # inside\n  - y\n# end\n",
        "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  lit\r\n  eral\r\n",
        "\u{feff}a: 1\nb: Портал\n",
        "\u{feff}# comment\n",
        "\u{feff}",
        "a:\tb\nc: d\t\n",
        "a: 1\t# tab comment\n",
        "\ta: 1\n",
        "a: Портал\nключ: значение\n絵: 文字\nemoji: 😀\n",
        "a: \"Портал\"\n'ключ': 'значение'\n",
        "---\na: 1\n",
        "--- \na: 1\n...\n",
        "a: 1\n...\n",
        "a: 1\n...\n# after\n",
        "--- a\n",
        "--- |\n  text\n",
        "---\n- a\n- b\n",
        "a: 1\n---\nb: 2\n",
        "a: 1\n---\n",
        "---\n---\n",
        "%YAML 1.2\n---\na: 1\n",
        "%TAG !e! tag:example.com,2000:\n---\na: 1\n",
        "a: 1\na: 2\nb: 3\na: 4\n",
        "1: a\n'1': b\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: !custom x\n",
        "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
        "'<<': 1\n",
        "? a\n: b\n",
        "? [a, b]\n: c\n",
        "? {a: b}\n: c\n",
        "[a, b]: c\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "a: 'unterminated\n",
        "- a\nb: c\n",
        "a:\n  - b\n c: d\n",
        "just a scalar\n",
        "42\n",
        "-3\n",
        "null\n",
        "'quoted root'\n",
        "  indented: map\n  second: key\n",
        "a: b   \nc: 'd'   \ne: \"f\"  \t\ng: h # c\n",
        "a: text\u{a0}\nb: \u{a0}lead\n",
        "url: https://example.com/a?b=c#frag\nhash: abc#notcomment\ncolon: a:b\n",
        "a: -\nb: - x\n",
        "- -1\n- +1\n- -.5\n- +.5\n- 1_000.5\n- 0.0.0\n",
        "a: 1.7976931348623157e308\nb: 1.7976931348623159e308\nc: 4.9e-324\nd: 1e-400\n",
        "key with spaces: value with spaces\n\"quoted key\": 1\n",
        "a: @at\n",
        "a: `tick\n",
        "a: [\n  1,\n  2,\n]\n",
        "a: {\n  b: 1,\n  c: 2\n}\n",
        "a:\n  b:\n    c:\n      d:\n        e:\n          f: deep\n",
        GENERATED_DEFINITION,
    ];

    #[test]
    fn tricky_documents_are_read_as_serde_saphyr_reads_them_or_left_to_it() {
        let answered = TRICKY.iter().filter(|t| agrees(t)).count();
        // Most of the list is the common subset; a reader that gives up on everything
        // would pass the comparison and be no use.
        assert!(
            answered * 3 > TRICKY.len() * 2,
            "{answered} of {}",
            TRICKY.len()
        );
    }

    #[test]
    fn every_yaml_file_of_the_repository_is_read_as_serde_saphyr_reads_it() {
        let files = repository_yaml();
        assert!(files.len() > 20);
        for (path, text) in &files {
            let answered = agrees(text);
            // The definitions of the examples are the real shape of the files this is for.
            if path.components().any(|c| c.as_os_str() == "examples") {
                assert!(answered, "{} was left to serde-saphyr", path.display());
            }
        }
    }

    #[test]
    fn the_shape_of_a_definition_is_read_without_serde_saphyr() {
        assert!(agrees(GENERATED_DEFINITION));
        for (path, text) in repository_yaml() {
            if path.to_string_lossy().contains("examples") {
                assert!(
                    read(&text, &Limits::default()).is_some(),
                    "{}",
                    path.display()
                );
            }
        }
    }

    #[test]
    fn depth_and_node_limits_leave_the_document_to_serde_saphyr() {
        let limits = Limits {
            max_yaml_depth: 3,
            max_yaml_nodes: 10,
            ..Limits::default()
        };
        assert!(read("a:\n  b:\n    c: 1\n", &limits).is_none());
        assert!(read("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", &limits).is_none());
        assert!(read("a:\n  b: 1\n", &limits).is_some());
    }

    /// A fixed-seed xorshift, so that a failure can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_edits_of_real_documents_never_make_the_readers_disagree() {
        const BYTES: &[u8] = b"[]{}:,-?#&*!|>'\"%@`~<. \t\n\r0123456789xoeE_+abTN\\";
        let mut bases: Vec<String> = repository_yaml()
            .into_iter()
            .map(|(_, text)| text)
            .filter(|t| t.len() < 4000)
            .collect();
        bases.extend(TRICKY.iter().map(|t| t.to_string()));
        let small = Limits {
            max_yaml_depth: 4,
            max_yaml_nodes: 40,
            ..Limits::default()
        };
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let (mut tried, mut answered) = (0, 0);
        for _ in 0..5000 {
            let mut bytes = bases[rng.below(bases.len())].clone().into_bytes();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(bytes.len() + 1);
                let byte = BYTES[rng.below(BYTES.len())];
                match rng.below(3) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, byte),
                }
            }
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            tried += 1;
            if agrees(&text) {
                answered += 1;
            }
            // Limits as small as a definition's own size move the edge case of every limit
            // into ordinary documents.
            agrees_within(&text, &small);
        }
        assert!(
            tried > 3000 && answered > tried / 4,
            "{answered} of {tried}"
        );
    }

    /// Set `TRUSTLINT_YAML_CORPUS` to a folder (a tree from `examples/generate.rs`, say) to
    /// check every YAML file in it, and that every definition is read without serde-saphyr.
    #[test]
    #[ignore = "needs TRUSTLINT_YAML_CORPUS"]
    fn a_corpus_is_read_as_serde_saphyr_reads_it() {
        let dir = std::env::var("TRUSTLINT_YAML_CORPUS").expect("TRUSTLINT_YAML_CORPUS");
        let mut paths = Vec::new();
        yaml_files(std::path::Path::new(&dir), &mut paths);
        let (mut answered, mut definitions) = (0, 0);
        for path in &paths {
            let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
            let ok = agrees(&text);
            answered += usize::from(ok);
            if !ok {
                eprintln!("left to serde-saphyr: {}", path.display());
            }
            if path.to_string_lossy().ends_with(".trusted-app.yaml") {
                definitions += 1;
                assert!(ok, "{} was left to serde-saphyr", path.display());
            }
        }
        eprintln!(
            "{answered} of {} YAML files read from events, {definitions} definitions",
            paths.len()
        );
    }
}
