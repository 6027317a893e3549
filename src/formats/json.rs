//! JSON through jsonc-parser's AST, which keeps the byte range of every value and every
//! property name. Strict JSON: no comments, trailing commas or single quotes.

use jsonc_parser::ast::{ObjectPropName, Value};
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::ParseError;
use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// Strict JSON, for definitions.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    if let Some(node) = quick(text, None) {
        return Ok(node);
    }
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

/// What an export reader keeps of one field of a record (see [`parse_export`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Parsed as usual.
    Keep,
    /// Parsed as usual, and passed over when it is `null`.
    KeepUnlessNull,
    /// Passed over: the record holds no entry for it.
    Drop,
    /// Kept by its place only: a value other than null becomes an empty string with the
    /// value's span (its text is never copied); a null is passed over.
    Empty,
}

/// How [`parse_export`] reads the records (`value`) of a Domain API export: `context` says
/// from the export's `@odata.context` whether the filter applies, `field` what to keep of
/// each field of each record. What it drops or empties must be what the caller would drop
/// or empty afterwards anyway: a file whose `@odata.context` follows its records, or that
/// the quick reader does not take, is parsed whole.
pub struct RecordFilter<'f> {
    pub context: &'f dyn Fn(&str) -> bool,
    pub field: &'f dyn Fn(&str) -> Field,
}

/// Strict JSON, as [`parse`], reading only what `filter` keeps of an export's records.
pub fn parse_export(text: &str, filter: &RecordFilter<'_>) -> Result<Node, ParseError> {
    if let Some(node) = quick(text, Some(filter)) {
        return Ok(node);
    }
    parse_with(text, false)
}

/// A strict JSON reader that builds the tree straight from the text, with no syntax tree
/// in between, for the common case: `None` for anything it does not take (any syntax
/// error, deep nesting, a lone surrogate, an empty text), which the full parser then
/// reads, so that errors and odd inputs are the full parser's.
fn quick(text: &str, filter: Option<&RecordFilter<'_>>) -> Option<Node> {
    if text
        .bytes()
        .any(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
    {
        return None;
    }
    let (body, shift) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    };
    let mut r = Quick {
        text: body,
        b: body.as_bytes(),
        pos: 0,
        shift,
        filter,
        entries: Vec::new(),
        items: Vec::new(),
    };
    r.ws();
    if r.pos == r.b.len() {
        return None;
    }
    let node = r.value(0, Role::Root)?;
    r.ws();
    (r.pos == r.b.len()).then_some(node)
}

/// Where a value sits, for the record filter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Plain,
    Root,
    Records,
    Record,
}

/// Nesting deeper than this is left to the full parser (which stops at 512 levels).
const QUICK_DEPTH: usize = 200;

struct Quick<'t, 'f> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    shift: usize,
    filter: Option<&'f RecordFilter<'f>>,
    /// The entries and items of the mappings and lists being read, innermost last: each
    /// list is allocated once, at its size, when it is complete.
    entries: Vec<Entry>,
    items: Vec<Node>,
}

impl<'t> Quick<'t, '_> {
    fn span(&self, start: usize) -> Span {
        Span::new(start + self.shift, self.pos + self.shift)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize, role: Role) -> Option<Node> {
        if depth > QUICK_DEPTH {
            return None;
        }
        let start = self.pos;
        match self.peek()? {
            b'{' => self.object(depth, role),
            b'[' => self.array(depth, role),
            b'"' => {
                let s = self.string()?;
                Some(Node::new(Kind::Str(s.into_owned()), self.span(start)))
            }
            b't' => self.word("true", Kind::Bool(true)),
            b'f' => self.word("false", Kind::Bool(false)),
            b'n' => self.word("null", Kind::Null),
            _ => {
                let literal = self.number()?;
                let kind = match literal.parse::<i64>() {
                    Ok(i) => Kind::Int(i),
                    Err(_) => Kind::Float(literal.parse::<f64>().unwrap_or(f64::NAN)),
                };
                Some(Node::new(kind, self.span(start)))
            }
        }
    }

    fn word(&mut self, word: &str, kind: Kind) -> Option<Node> {
        let start = self.pos;
        if !self.b[self.pos..].starts_with(word.as_bytes()) {
            return None;
        }
        self.pos += word.len();
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return None;
        }
        Some(Node::new(kind, self.span(start)))
    }

    /// A number as JSON writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<&'t str> {
        let start = self.pos;
        let _ = self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.').is_some() {
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.peek().filter(u8::is_ascii_digit)?;
            self.digits();
        }
        if self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'+' | b'-'))
        {
            return None;
        }
        Some(&self.text[start..self.pos])
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    /// A string at `"`, its escapes decoded (borrowed when it has none).
    fn string(&mut self) -> Option<std::borrow::Cow<'t, str>> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'"' => {
                    let s = &self.text[start..self.pos];
                    self.pos += 1;
                    return Some(std::borrow::Cow::Borrowed(s));
                }
                b'\\' => break,
                c if c < 0x20 => return None,
                _ => self.pos += 1,
            }
        }
        let mut out = self.text[start..self.pos].to_string();
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(std::borrow::Cow::Owned(out));
                }
                b'\\' => {
                    self.pos += 1;
                    let c = match self.peek()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            self.pos += 1;
                            let high = self.hex4()?;
                            let code = match high {
                                0xD800..=0xDBFF => {
                                    self.eat(b'\\')?;
                                    self.eat(b'u')?;
                                    let low = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&low) {
                                        return None;
                                    }
                                    0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                                }
                                0xDC00..=0xDFFF | 0..0x20 => return None,
                                _ => high,
                            };
                            out.push(char::from_u32(code)?);
                            continue;
                        }
                        _ => return None,
                    };
                    self.pos += 1;
                    out.push(c);
                }
                c if c < 0x20 => return None,
                _ => {
                    let from = self.pos;
                    while self
                        .peek()
                        .is_some_and(|c| c != b'"' && c != b'\\' && c >= 0x20)
                    {
                        self.pos += 1;
                    }
                    out.push_str(&self.text[from..self.pos]);
                }
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.pos..self.pos + 4)?;
        if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    fn array(&mut self, depth: usize, role: Role) -> Option<Node> {
        let start = self.pos;
        self.eat(b'[')?;
        let item_role = if role == Role::Records {
            Role::Record
        } else {
            Role::Plain
        };
        let mark = self.items.len();
        self.ws();
        if self.eat(b']').is_none() {
            loop {
                let item = self.value(depth + 1, item_role)?;
                self.items.push(item);
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.ws();
                    }
                    b']' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let items = self.items.drain(mark..).collect();
        Some(Node::new(Kind::Seq(items), self.span(start)))
    }

    fn object(&mut self, depth: usize, role: Role) -> Option<Node> {
        let start = self.pos;
        self.eat(b'{')?;
        let filter = self.filter;
        // At the root: whether the first `@odata.context` names a filtered export.
        let mut context_seen = false;
        let mut filtered = false;
        let mark = self.entries.len();
        self.ws();
        if self.eat(b'}').is_none() {
            loop {
                let key_start = self.pos;
                let key = self.string()?;
                let key_span = self.span(key_start);
                self.ws();
                self.eat(b':')?;
                self.ws();
                let field = match (role, filter) {
                    (Role::Record, Some(f)) => (f.field)(&key),
                    _ => Field::Keep,
                };
                match field {
                    Field::Keep | Field::KeepUnlessNull => {
                        let value_role = match (role, filter) {
                            (Role::Root, Some(_)) if filtered && key == "value" => Role::Records,
                            _ => Role::Plain,
                        };
                        let value = self.value(depth + 1, value_role)?;
                        if role == Role::Root && key == "@odata.context" && !context_seen {
                            context_seen = true;
                            filtered = match (&value.kind, filter) {
                                (Kind::Str(s), Some(f)) => (f.context)(s),
                                _ => false,
                            };
                        }
                        if field == Field::Keep || !matches!(value.kind, Kind::Null) {
                            self.entries.push(Entry {
                                key: key.into_owned(),
                                key_span,
                                value,
                            });
                        }
                    }
                    Field::Drop => {
                        self.skip(depth + 1)?;
                    }
                    Field::Empty => {
                        let value_start = self.pos;
                        if !self.skip(depth + 1)? {
                            let value = Node::new(Kind::Str(String::new()), self.span(value_start));
                            self.entries.push(Entry {
                                key: key.into_owned(),
                                key_span,
                                value,
                            });
                        }
                    }
                }
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.pos += 1;
                        self.ws();
                    }
                    b'}' => {
                        self.pos += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let entries = self.entries.drain(mark..).collect();
        Some(Node::new(Kind::Map(entries), self.span(start)))
    }

    /// Passes over a value, checking its syntax; whether it was `null`.
    fn skip(&mut self, depth: usize) -> Option<bool> {
        if depth > QUICK_DEPTH {
            return None;
        }
        let (open, close) = match self.peek()? {
            b'"' => {
                self.string()?;
                return Some(false);
            }
            b'n' => return self.word("null", Kind::Null).map(|_| true),
            b't' => return self.word("true", Kind::Null).map(|_| false),
            b'f' => return self.word("false", Kind::Null).map(|_| false),
            b'{' => (b'{', b'}'),
            b'[' => (b'[', b']'),
            _ => return self.number().map(|_| false),
        };
        self.eat(open)?;
        self.ws();
        if self.eat(close).is_some() {
            return Some(false);
        }
        loop {
            if open == b'{' {
                self.string()?;
                self.ws();
                self.eat(b':')?;
                self.ws();
            }
            self.skip(depth + 1)?;
            self.ws();
            match self.peek()? {
                b',' => {
                    self.pos += 1;
                    self.ws();
                }
                c if c == close => {
                    self.pos += 1;
                    return Some(false);
                }
                _ => return None,
            }
        }
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

    /// The quick reader gives the full parser's tree, or leaves the text to it.
    #[test]
    fn the_quick_reader_reads_as_the_full_parser_does() {
        let full = |text: &str| parse_with(text, false).ok();
        let texts = [
            "{}",
            "[]",
            " {\"a\" : [1, -2, 3.5, 1e3, -0.0e-2, 12345678901234567890, true, false, null]} ",
            "{\"a\": \"\\u00e9\\n\\\"x\\/\\ud83d\\ude00 \u{e9}\", \"b\": {\"c\": [[], {}]}}",
            "\u{feff}{\"a\": \"b\"}",
            "{\"a\": 1, \"a\": 2}",
            "\"just a string\"",
            "42",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"\\u0001\"}",
            "{\"a\": 01}",
            "{\"a\": 1.}",
            "{\"a\": .5}",
            "{\"a\": +1}",
            "{\"a\": 1,}",
            "[1,]",
            "{\"a\" 1}",
            "{a: 1}",
            "{\"a\": tru}",
            "{\"a\": truex}",
            "{\"a\": 'b'}",
            "{\"a\": 1} x",
            "",
            "  ",
            "{\"a\": \"\\x\"}",
            "{\"a\": [1 2]}",
            "{\"a\": nan}",
        ];
        for text in texts {
            if let Some(node) = quick(text, None) {
                assert_eq!(Some(node), full(text), "{text:?}");
            }
        }
        for dir in ["fixtures", "examples"] {
            let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                } else if path.extension().is_some_and(|e| e == "json")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    assert_eq!(quick(&text, None), full(&text), "{}", path.display());
                }
            }
        }
    }

    #[test]
    fn an_export_filter_drops_and_empties_only_the_records_fields() {
        let text = "{\"@odata.context\": \"x/$metadata#Things\", \"value\": [{\"Keep\": {\"a\": 1}, \"Drop\": [1, {\"b\": null}], \"Empty\": \"sec\\\"ret\", \"Null\": null, \"Maybe\": null}, {\"Maybe\": 2}], \"Drop\": 1}";
        let field = |key: &str| match key {
            "Keep" => Field::Keep,
            "Empty" | "Null" => Field::Empty,
            "Maybe" => Field::KeepUnlessNull,
            _ => Field::Drop,
        };
        let filter = RecordFilter {
            context: &|c: &str| c.ends_with("Things"),
            field: &field,
        };
        let node = parse_export(text, &filter).unwrap();
        let record = &node.get("value").unwrap().value.as_seq().unwrap()[0];
        let keys: Vec<_> = record
            .as_map()
            .unwrap()
            .iter()
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(
            keys,
            ["Keep", "Empty"],
            "nulls of Empty and KeepUnlessNull passed over"
        );
        let second = &node.get("value").unwrap().value.as_seq().unwrap()[1];
        assert_eq!(second.get("Maybe").unwrap().value.kind, Kind::Int(2));
        let empty = &record.get("Empty").unwrap().value;
        assert_eq!(empty.kind, Kind::Str(String::new()));
        assert_eq!(&text[empty.span.start..empty.span.end], "\"sec\\\"ret\"");
        assert!(node.get("Drop").is_some(), "only records are filtered");
        let other = RecordFilter {
            context: &|_: &str| false,
            field: &field,
        };
        assert_eq!(parse_export(text, &other).unwrap(), parse(text).unwrap());
        assert!(parse_export("{\"value\": [1,]}", &filter).is_err());
    }
}
