//! JSON through jsonc-parser's AST, which keeps the byte range of every value and every
//! property name. Strict JSON: no comments, trailing commas or single quotes.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::ParseError;
use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// Strict JSON, for definitions.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_with(text, false)
}

/// JSON as config files are written: comments and trailing commas allowed (.NET's
/// `appsettings.json` has both).
pub fn parse_relaxed(text: &str) -> Result<Node, ParseError> {
    parse_with(text, true)
}

fn parse_with(text: &str, relaxed: bool) -> Result<Node, ParseError> {
    // JSON allows no raw control characters but tab and line ends, in strings or out.
    if let Some(at) = text
        .bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return Err(ParseError {
            help: String::new(),
            message: format!(
                "a raw control character (0x{:02x}) is not allowed in JSON",
                text.as_bytes()[at]
            ),
            span: Span::new(at, at + 1),
        });
    }
    // A byte-order mark is legal at the start of a JSON file written by many Windows tools.
    let (text, shift) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let options = ParseOptions {
        allow_comments: relaxed,
        allow_loose_object_property_names: false,
        allow_trailing_commas: relaxed,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let result = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let r = e.range();
        ParseError {
            help: String::new(),
            message: e.kind().to_string(),
            span: Span::new(r.start + shift, r.end + shift),
        }
    })?;
    Ok(match result.value {
        Some(value) => convert(value, shift),
        None => Node::new(Kind::Null, Span::new(shift, shift)),
    })
}

fn span(r: jsonc_parser::common::Range, shift: usize) -> Span {
    Span::new(r.start + shift, r.end + shift)
}

fn convert(value: Value<'_>, shift: usize) -> Node {
    match value {
        Value::StringLit(s) => Node::new(Kind::Str(s.value.into_owned()), span(s.range, shift)),
        Value::NumberLit(n) => {
            let kind = match n.value.parse::<i64>() {
                Ok(i) => Kind::Int(i),
                Err(_) => Kind::Float(n.value.parse::<f64>().unwrap_or(f64::NAN)),
            };
            Node::new(kind, span(n.range, shift))
        }
        Value::BooleanLit(b) => Node::new(Kind::Bool(b.value), span(b.range, shift)),
        Value::NullKeyword(n) => Node::new(Kind::Null, span(n.range, shift)),
        Value::Array(a) => Node::new(
            Kind::Seq(a.elements.into_iter().map(|v| convert(v, shift)).collect()),
            span(a.range, shift),
        ),
        Value::Object(o) => Node::new(
            Kind::Map(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let (key, key_range) = match p.name {
                            ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                            ObjectPropName::Word(w) => (w.value.to_string(), w.range),
                        };
                        Entry {
                            key,
                            key_span: span(key_range, shift),
                            value: convert(p.value, shift),
                        }
                    })
                    .collect(),
            ),
            span(o.range, shift),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn property_names_and_values_have_spans() {
        let text = "{\n  \"ApplicationUri\": \"com.example/app\",\n  \"IsEnabled\": true\n}";
        let root = parse(text).unwrap();
        let e = root.get("ApplicationUri").unwrap();
        assert_eq!(
            &text[e.key_span.start..e.key_span.end],
            "\"ApplicationUri\""
        );
        assert_eq!(
            &text[e.value.span.start..e.value.span.end],
            "\"com.example/app\""
        );
    }

    #[test]
    fn trailing_commas_are_errors_with_a_position() {
        let err = parse("{\"a\": 1,}").unwrap_err();
        assert_eq!(err.span.start, 7);
    }

    #[test]
    fn a_byte_order_mark_is_accepted_and_spans_still_point_into_the_file() {
        let text = "\u{feff}{\"a\": \"b\"}";
        let root = parse(text).unwrap();
        let e = root.get("a").unwrap();
        assert_eq!(&text[e.value.span.start..e.value.span.end], "\"b\"");
    }
}
