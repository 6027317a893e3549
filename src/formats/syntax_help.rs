//! Parse errors said for people: where the mistake really is and what to do about the
//! common ones (a tab in YAML indentation, an unclosed bracket or quote, a missing comma, a
//! duplicate key). The parsers' own positions are kept unless a better one is certain.

use super::{Format, ParseError};
use crate::source::Span;

/// The error with its position corrected where the parser's is known to mislead, and help
/// for the mistake when it is a common one.
pub fn explain(format: Format, text: &str, mut e: ParseError) -> ParseError {
    let message = e.message.to_ascii_lowercase();
    let help = match format {
        Format::Yaml => yaml(text, &message, &mut e.span),
        Format::Json => json(text, &message, &mut e.span),
        Format::Toml => toml(&message),
    };
    if let Some(help) = help {
        e.help = help;
    }
    e
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn yaml(text: &str, message: &str, span: &mut Span) -> Option<String> {
    if message.contains("tab") {
        // The scanner names the token it was reading (a scalar on an earlier line), not the
        // tab: the first tab that indents a line from there on is the one.
        let from = text[..span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if let Some(at) = indenting_tab(text, from) {
            *span = Span::new(at, at + 1);
        }
        return Some(format!(
            "YAML indents with spaces only: replace the tab on line {} with spaces",
            line_of(text, span.start)
        ));
    }
    if message.contains("quote") || message.contains("quoted scalar") {
        return Some(
            "close the quoted value with the same quote mark it opens with, on the same line or a later one"
                .into(),
        );
    }
    if let Some((open, line)) = unclosed_bracket(text, span.start) {
        let close = if open == '[' { ']' } else { '}' };
        return Some(format!(
            "the `{open}` on line {line} is never closed: add `{close}` after its last item"
        ));
    }
    if message.contains("duplicate") {
        return Some("keep one of the two keys: a mapping holds each key once".into());
    }
    None
}

fn json(text: &str, message: &str, span: &mut Span) -> Option<String> {
    if message.contains("expected comma") {
        return Some("add a comma between the two values or members".into());
    }
    if message.contains("trailing comma") {
        return Some("remove the comma after the last item".into());
    }
    if message.contains("unterminated string") {
        return Some(
            "close the string with `\"`; a JSON string cannot run over a line end (write \\n)"
                .into(),
        );
    }
    if message.contains("unterminated array") || message.contains("unterminated object") {
        let (open, close) = if message.contains("array") {
            ('[', ']')
        } else {
            ('{', '}')
        };
        // The parser spans from the bracket to the end of the file: the bracket is the news.
        *span = Span::new(span.start, (span.start + 1).min(text.len()));
        return Some(format!(
            "the `{open}` on line {} is never closed: add `{close}` after its last item",
            line_of(text, span.start)
        ));
    }
    if message.contains("unexpected close")
        && let Some((open, line)) = unclosed_bracket(text, span.start)
    {
        let close = if open == '[' { ']' } else { '}' };
        return Some(format!(
            "the `{open}` on line {line} is never closed: add `{close}` after its last item"
        ));
    }
    if message.contains("duplicate") {
        return Some("keep one of the two keys: an object holds each key once".into());
    }
    None
}

fn toml(message: &str) -> Option<String> {
    if message.contains("duplicate key") {
        return Some("keep one of the two keys: a TOML table holds each key once".into());
    }
    if message.contains("basic string") || message.contains("literal string") {
        return Some(
            "close the string on the same line; use \"\"\" for a string over several lines".into(),
        );
    }
    if message.contains("expected `]`") || message.contains("invalid array") {
        return Some("close the array with `]` after its last item".into());
    }
    if message.contains("expected `}`") || message.contains("inline table") {
        return Some("close the inline table with `}` on the same line".into());
    }
    None
}

/// The first tab in the indentation of a line at or after `from`, else the first tab.
fn indenting_tab(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    for line in text[from..].split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(i) = line[..indent].find('\t') {
            return Some(at + i);
        }
        at += line.len();
    }
    text[from..].find('\t').map(|i| from + i)
}

/// The last `[` or `{` before `end` that is not closed before it, outside quotes and
/// comments, with its line: the flow collection the parser was still in.
fn unclosed_bracket(text: &str, end: usize) -> Option<(char, usize)> {
    let mut open: Vec<(char, usize)> = Vec::new();
    for (line, raw) in (1..).zip(text[..end.min(text.len())].split_inclusive('\n')) {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for c in raw.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '#' if prev.is_whitespace() => break,
                    '"' | '\'' => quote = Some(c),
                    '[' | '{' => open.push((c, line)),
                    ']' | '}' => {
                        open.pop();
                    }
                    _ => {}
                },
            }
            prev = c;
        }
    }
    open.pop()
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn error(format: Format, text: &str) -> ParseError {
        parse(format, text).unwrap_err()
    }

    #[test]
    fn a_tab_is_pointed_at_where_it_is() {
        let text = "TrustedApplications:\n  - ApplicationUri: a/b\n\tName: x\n";
        let e = error(Format::Yaml, text);
        assert_eq!(&text[e.span.start..e.span.end], "\t");
        assert_eq!(line_of(text, e.span.start), 3);
        assert!(e.help.contains("line 3"), "{}", e.help);
    }

    #[test]
    fn common_mistakes_get_specific_help() {
        let cases = [
            (Format::Json, "{\"a\": \"b\" \"c\": 1}", "add a comma"),
            (Format::Json, "{\"a\": [1, 2}\n", "never closed"),
            (Format::Json, "{\"a\": \"b\n}", "close the string"),
            (Format::Yaml, "a:\n  b: \"c\n  d: e\n", "quote"),
            (
                Format::Yaml,
                "a:\n  b: [c, d\n  e: f\n",
                "line 2 is never closed",
            ),
            (Format::Toml, "a = \"b\nc = 1\n", "close the string"),
            (Format::Toml, "a = 1\na = 2\n", "keep one"),
        ];
        for (format, text, help) in cases {
            let e = error(format, text);
            assert!(
                e.help.contains(help),
                "{text:?}: {} / {}",
                e.message,
                e.help
            );
        }
    }
}
