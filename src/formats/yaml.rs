//! YAML through serde-saphyr, which reports a byte span for every value and every key.
//! Booleans follow YAML 1.2 (`yes`/`on` stay strings, so the model can point at them),
//! duplicate keys are an error, and the budget bounds alias expansion and nesting.
//! The common shape of a file (mappings and lists of scalars, no anchors or tags) is read
//! faster from the parser's events by `yaml_events`, which must build the same tree.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::ParseError;
use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// The most nesting a definition can need is a handful of levels; anything deeper than
/// this is not a Trusted Application definition.
pub const MAX_DEPTH: usize = 64;
/// Upper bound on YAML nodes after alias expansion (a definition has a few hundred).
pub const MAX_NODES: usize = 200_000;

pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_limited(text, &super::Limits::default())
}

pub fn parse_limited(text: &str, limits: &super::Limits) -> Result<Node, ParseError> {
    if text.trim().is_empty() {
        return Ok(Node::new(Kind::Null, Span::new(0, 0)));
    }
    // Most files are plain mappings and lists of scalars, read faster from the parser's events;
    // everything else, errors included, goes through serde-saphyr.
    if let Some(root) = super::yaml_events::read(text, limits) {
        return Ok(root);
    }
    parse_with_serde(text, limits)
}

/// The whole of YAML through serde-saphyr: the reference the event reader must agree with.
pub(super) fn parse_with_serde(text: &str, limits: &super::Limits) -> Result<Node, ParseError> {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = limits.max_yaml_depth;
    budget.max_nodes = limits.max_yaml_nodes;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        strict_booleans: true,
        with_snippet: false,
        // Repeated keys reach the tree; the model reports them where it can name the attribute.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    match serde_saphyr::from_str_with_options::<Spanned<YNode>>(text, options) {
        Ok(root) => Ok(convert(root, text)),
        Err(err) => {
            let span = err
                .location()
                .map(|loc| span_of(&loc, text))
                .unwrap_or_default();
            Err(ParseError {
                help: String::new(),
                message: clean_message(&err.to_string(), limits),
                span,
            })
        }
    }
}

/// serde-saphyr appends " at line L, column C" to its messages; reports show the position
/// themselves, so it is dropped here.
fn clean_message(message: &str, limits: &super::Limits) -> String {
    if message.contains("budget breached") {
        // serde-saphyr reports its budget in Rust syntax; say which limit, in words.
        return if message.contains("Depth") {
            format!(
                "nested deeper than {} levels (max-yaml-depth)",
                limits.max_yaml_depth
            )
        } else if message.contains("Nodes")
            || message.contains("Alias")
            || message.contains("Events")
        {
            format!(
                "more than {} nodes after expanding aliases, the shape of an alias bomb (max-yaml-nodes)",
                limits.max_yaml_nodes
            )
        } else {
            "the document exceeds the YAML reader's limits".to_string()
        };
    }
    if message.contains("recursion limit exceeded") {
        return format!(
            "nested deeper than {} levels (max-yaml-depth)",
            limits.max_yaml_depth
        );
    }
    let first = message.lines().next().unwrap_or(message);
    let first = match first.rfind(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    // Advice about the library's options means nothing to a user of trustlint.
    match first.find(", set ") {
        Some(i) if first[i..].contains("Options") => first[..i].to_string(),
        _ => first.to_string(),
    }
}

fn span_of(loc: &serde_saphyr::Location, text: &str) -> Span {
    let span = loc.span();
    match (span.byte_offset(), span.byte_len()) {
        (Some(start), Some(len)) => {
            let start = (start as usize).min(text.len());
            Span::new(start, (start + len as usize).min(text.len()))
        }
        _ => {
            // Fall back to the line and column, which are always known.
            let offset = offset_of_line_col(text, loc.line() as usize, loc.column() as usize);
            Span::new(offset, offset)
        }
    }
}

fn offset_of_line_col(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l
                .chars()
                .take(column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + col_bytes;
        }
        offset += l.len();
    }
    text.len()
}

fn convert(node: Spanned<YNode>, text: &str) -> Node {
    let mut span = span_of(&node.referenced, text);
    if !matches!(node.value, YNode::Seq(_) | YNode::Map(_))
        && let Some(raw) = text.get(span.start..span.end)
    {
        span.end = span.start + raw.trim_end().len();
    }
    let kind = match node.value {
        YNode::Null => Kind::Null,
        YNode::Bool(b) => Kind::Bool(b),
        YNode::Int(i) => Kind::Int(i),
        YNode::Float(f) => Kind::Float(f),
        YNode::Str(s) => Kind::Str(s),
        YNode::Seq(items) => Kind::Seq(items.into_iter().map(|i| convert(i, text)).collect()),
        YNode::Map(entries) => Kind::Map(
            entries
                .into_iter()
                .map(|(k, v)| Entry {
                    key_span: span_of(&k.referenced, text),
                    key: k.value.0,
                    value: convert(v, text),
                })
                .collect(),
        ),
    };
    Node::new(kind, span)
}

enum YNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<YNode>>),
    Map(Vec<(Spanned<YKey>, Spanned<YNode>)>),
}

/// A mapping key of any scalar type, kept as the text a user would match it by.
struct YKey(String);

impl<'de> Deserialize<'de> for YNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = YNode;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<YNode, E> {
        Ok(YNode::Null)
    }
    fn visit_none<E>(self) -> Result<YNode, E> {
        Ok(YNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YNode, D::Error> {
        YNode::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<YNode, E> {
        Ok(YNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YNode, E> {
        Ok(YNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<YNode, E> {
        Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<YNode, E> {
        Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<YNode, E> {
        Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<YNode, E> {
        Ok(YNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<YNode, E> {
        Ok(YNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YNode, E> {
        Ok(YNode::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<YNode, E> {
        Ok(YNode::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YNode::Map(entries))
    }
}

impl<'de> Deserialize<'de> for YKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match YNode::deserialize(d)? {
            YNode::Null => Ok(YKey("null".into())),
            YNode::Bool(b) => Ok(YKey(b.to_string())),
            YNode::Int(i) => Ok(YKey(i.to_string())),
            YNode::Float(f) => Ok(YKey(f.to_string())),
            YNode::Str(s) => Ok(YKey(s)),
            YNode::Seq(_) | YNode::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain value, not a list or a mapping",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_and_key_keeps_its_byte_span() {
        let text = "Name: \"Портал\"\nScope:\n  - read\n  - update\n";
        let root = parse(text).unwrap();
        let scope = root.get("Scope").unwrap();
        assert_eq!(&text[scope.key_span.start..scope.key_span.end], "Scope");
        let items = scope.value.as_seq().unwrap();
        assert_eq!(&text[items[1].span.start..items[1].span.end], "update");
        let name = root.get("Name").unwrap();
        assert_eq!(
            &text[name.value.span.start..name.value.span.end],
            "\"Портал\""
        );
    }

    #[test]
    fn a_block_scalar_ends_at_its_last_character() {
        let text = "Scope: >-\n  read\n  write\nName: x\n";
        let root = parse(text).unwrap();
        let scope = root.get("Scope").unwrap();
        assert!(text[scope.value.span.start..scope.value.span.end].ends_with("write"));
    }

    #[test]
    fn duplicate_keys_reach_the_tree() {
        let root = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(root.as_map().unwrap().len(), 2);
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let root = parse("IsEnabled: yes\n").unwrap();
        assert_eq!(
            root.get("IsEnabled").unwrap().value.kind,
            Kind::Str("yes".into())
        );
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let err = parse("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(!err.message.contains(" at line "), "{}", err.message);
        assert!(err.span.start > 0);
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        assert!(parse(&text).is_err());
    }
}
