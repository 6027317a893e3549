//! A `.env` reader that keeps the byte span of every key and value. It never expands
//! `${VAR}` references (that would read the real environment) and skips lines it does not
//! understand, as dotenv implementations do.

use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// Reads `KEY=value` lines into a mapping. Values may be unquoted (up to a ` #` comment),
/// single-quoted (literal) or double-quoted (with `\n`, `\"` and `\\` escapes, and may span
/// lines). An `export ` prefix is allowed.
pub fn parse(text: &str) -> Node {
    let bytes = text.as_bytes();
    let mut entries = Vec::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let next = parse_line(text, pos, line_end, &mut entries);
        pos = next.max(line_end + 1);
    }
    Node::new(Kind::Map(entries), Span::new(0, text.len()))
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-')
}

/// Parses the assignment starting at `start`; returns where the next line starts (past a
/// multi-line quoted value, if any).
fn parse_line(text: &str, start: usize, line_end: usize, entries: &mut Vec<Entry>) -> usize {
    let b = text.as_bytes();
    let mut i = start;
    let skip_blanks = |mut i: usize| {
        while i < line_end && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        i
    };
    i = skip_blanks(i);
    if i < line_end && b[i] == 0xEF && text[i..].starts_with('\u{feff}') {
        i = skip_blanks(i + '\u{feff}'.len_utf8());
    }
    if text[i..line_end].starts_with("export ") {
        i = skip_blanks(i + "export ".len());
    }
    let key_start = i;
    while i < line_end && is_key_char(b[i]) {
        i += 1;
    }
    let key_end = i;
    if key_end == key_start || !b[key_start].is_ascii_alphabetic() && b[key_start] != b'_' {
        return line_end + 1;
    }
    i = skip_blanks(i);
    if i >= line_end || b[i] != b'=' {
        return line_end + 1;
    }
    i = skip_blanks(i + 1);
    let key = text[key_start..key_end].to_string();
    let key_span = Span::new(key_start, key_end);
    let (value, span, next) = match b.get(i) {
        Some(&q @ (b'"' | b'\'')) if i < line_end => {
            let content_start = i + 1;
            match closing_quote(text, content_start, q) {
                Some(close) => {
                    let raw = &text[content_start..close];
                    let value = if q == b'"' {
                        unescape(raw)
                    } else {
                        raw.to_string()
                    };
                    let after = text[close..].find('\n').map_or(text.len(), |n| close + n);
                    (value, Span::new(content_start, close), after + 1)
                }
                // An unclosed quote: take the rest of the line as written.
                None => (
                    text[content_start..line_end]
                        .trim_end_matches('\r')
                        .to_string(),
                    Span::new(content_start, line_end),
                    line_end + 1,
                ),
            }
        }
        _ => {
            let mut end = i;
            while end < line_end {
                if b[end] == b'#' && end > i && (b[end - 1] == b' ' || b[end - 1] == b'\t') {
                    break;
                }
                end += 1;
            }
            let raw = text[i..end].trim_end_matches(['\r', ' ', '\t']);
            (raw.to_string(), Span::new(i, i + raw.len()), line_end + 1)
        }
    };
    entries.push(Entry {
        key,
        key_span,
        value: Node::new(Kind::Str(value), span),
    });
    next
}

/// The index of the quote that closes a value opened just before `from`, skipping
/// backslash escapes in double-quoted values.
fn closing_quote(text: &str, from: usize, quote: u8) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            c if c == quote => return Some(i),
            b'\n' if quote == b'\'' => return None,
            _ => i += 1,
        }
    }
    None
}

fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String, String)> {
        parse(text)
            .as_map()
            .unwrap()
            .iter()
            .map(|e| {
                let Kind::Str(v) = &e.value.kind else {
                    panic!()
                };
                (
                    e.key.clone(),
                    v.clone(),
                    text[e.value.span.start..e.value.span.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn reads_the_common_forms_with_spans() {
        let text = "# comment\nexport A=1\nB = two words # note\nC='lit ${X}'\nD=\"x\\ny\"\n\nE=\nF=#not-a-comment\n";
        let got = pairs(text);
        assert_eq!(
            got,
            vec![
                ("A".into(), "1".into(), "1".into()),
                ("B".into(), "two words".into(), "two words".into()),
                ("C".into(), "lit ${X}".into(), "lit ${X}".into()),
                ("D".into(), "x\ny".into(), "x\\ny".into()),
                ("E".into(), "".into(), "".into()),
                ("F".into(), "#not-a-comment".into(), "#not-a-comment".into()),
            ]
        );
    }

    #[test]
    fn multi_line_double_quoted_values_and_crlf() {
        let got = pairs("KEY=\"-----BEGIN\nabc\n-----END\"\r\nNEXT=ok\r\n");
        assert_eq!(got[0].1, "-----BEGIN\nabc\n-----END");
        assert_eq!(got[1], ("NEXT".into(), "ok".into(), "ok".into()));
    }

    #[test]
    fn lines_that_are_not_assignments_are_skipped() {
        let got = pairs("just text\n=novalue\n1BAD=x\nGOOD=y\n'unterminated\n");
        assert_eq!(got, vec![("GOOD".into(), "y".into(), "y".into())]);
    }
}
