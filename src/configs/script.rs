//! A tolerant key/value scanner for JavaScript and TypeScript config modules
//! (`environment.ts`, `oidc.js`, `auth.config.ts`). It does not parse the language: it
//! finds string literals (and `true`/`false`) assigned to a name, as in `clientId: "x"`,
//! `client_secret = 'y'` or `"authority": "z"`, and keeps their spans.

use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Str(String),
    /// A template literal with `${...}` in it: not a literal value.
    Template,
    Colon,
    Assign,
    Open,
    Close,
    Comma,
    Other,
}

struct Lexed {
    token: Token,
    span: Span,
}

pub fn parse(text: &str) -> Node {
    let tokens = lex(text);
    let mut entries = Vec::new();
    let mut i = 0;
    while i + 2 < tokens.len() {
        let (key, key_span) = match &tokens[i].token {
            Token::Name(n) | Token::Str(n) => (n.clone(), tokens[i].span),
            _ => {
                i += 1;
                continue;
            }
        };
        if !matches!(tokens[i + 1].token, Token::Colon | Token::Assign) {
            i += 1;
            continue;
        }
        let value = &tokens[i + 2];
        let node = match &value.token {
            Token::Str(s) => Some(Node::new(Kind::Str(s.clone()), value.span)),
            Token::Name(n) if n == "true" => Some(Node::new(Kind::Bool(true), value.span)),
            Token::Name(n) if n == "false" => Some(Node::new(Kind::Bool(false), value.span)),
            Token::Open => string_array(&tokens[i + 3..])
                .map(|(items, end)| Node::new(Kind::Seq(items), Span::new(value.span.start, end))),
            _ => None,
        };
        if let Some(node) = node {
            entries.push(Entry {
                key,
                key_span,
                value: node,
            });
        }
        i += 1;
    }
    Node::new(Kind::Map(entries), Span::new(0, text.len()))
}

/// An array of string literals, `["openid", "read"]`, up to its closing bracket; anything
/// else inside makes it no setting.
fn string_array(tokens: &[Lexed]) -> Option<(Vec<Node>, usize)> {
    let mut items = Vec::new();
    for t in tokens {
        match &t.token {
            Token::Str(s) => items.push(Node::new(Kind::Str(s.clone()), t.span)),
            Token::Comma => {}
            Token::Close => return Some((items, t.span.end)),
            _ => return None,
        }
    }
    None
}

fn lex(text: &str) -> Vec<Lexed> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            b'"' | b'\'' | b'`' => {
                let (end, value, interpolated) = string_literal(text, i);
                let token = if interpolated {
                    Token::Template
                } else {
                    Token::Str(value)
                };
                // The span covers the quotes, as YAML and JSON spans do.
                out.push(Lexed {
                    token,
                    span: Span::new(start, end),
                });
                i = end;
            }
            b':' | b'[' | b']' | b',' => {
                let token = match c {
                    b':' => Token::Colon,
                    b'[' => Token::Open,
                    b']' => Token::Close,
                    _ => Token::Comma,
                };
                out.push(Lexed {
                    token,
                    span: Span::new(i, i + 1),
                });
                i += 1;
            }
            b'=' => {
                let prev = i.checked_sub(1).map(|p| b[p]);
                let next = b.get(i + 1).copied();
                let plain = !matches!(next, Some(b'=' | b'>'))
                    && !matches!(
                        prev,
                        Some(
                            b'=' | b'!'
                                | b'<'
                                | b'>'
                                | b'+'
                                | b'-'
                                | b'*'
                                | b'/'
                                | b'|'
                                | b'&'
                                | b'?'
                        )
                    );
                out.push(Lexed {
                    token: if plain { Token::Assign } else { Token::Other },
                    span: Span::new(i, i + 1),
                });
                i += 1;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'$' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$')
                {
                    i += 1;
                }
                out.push(Lexed {
                    token: Token::Name(text[start..i].to_string()),
                    span: Span::new(start, i),
                });
            }
            _ => {
                // Any other character, including the rest of a multi-byte one.
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                out.push(Lexed {
                    token: Token::Other,
                    span: Span::new(start, i),
                });
            }
        }
    }
    out
}

/// Reads a string literal starting at its opening quote; returns the index after the
/// closing quote, the value with simple escapes resolved, and whether it interpolates.
fn string_literal(text: &str, open: usize) -> (usize, String, bool) {
    let quote = text.as_bytes()[open] as char;
    let mut value = String::new();
    let mut interpolated = false;
    let mut chars = text[open + 1..].char_indices();
    while let Some((offset, c)) = chars.next() {
        let at = open + 1 + offset;
        match c {
            '\\' => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, other)) => value.push(other),
                None => break,
            },
            '$' if quote == '`' && text[at..].starts_with("${") => {
                interpolated = true;
                value.push(c);
            }
            '\n' if quote != '`' => return (at, value, interpolated),
            c if c == quote => return (at + 1, value, interpolated),
            c => value.push(c),
        }
    }
    (text.len(), value, interpolated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text)
            .as_map()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    text[e.value.span.start..e.value.span.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn finds_literals_assigned_to_names() {
        let text = r#"
// clientSecret: "in a comment"
export const environment = {
  production: true,
  oidc: {
    authority: 'https://acme.my.erp.net/id',
    "client_id": "com.example/spa",
    redirectUri: `${window.location.origin}/callback`,
    scope: `read update`,
    scopes: ["openid", "read"],
    mixed: ["a", someVar],
  },
};
const CLIENT_SECRET = "s3cr3t-value";
if (mode === "dev") {}
const f = (x) => "not-a-setting";
"#;
        assert_eq!(
            pairs(text),
            vec![
                ("production".into(), "true".into()),
                ("authority".into(), "'https://acme.my.erp.net/id'".into()),
                ("client_id".into(), "\"com.example/spa\"".into()),
                ("scope".into(), "`read update`".into()),
                ("scopes".into(), "[\"openid\", \"read\"]".into()),
                ("CLIENT_SECRET".into(), "\"s3cr3t-value\"".into()),
            ]
        );
    }
}
