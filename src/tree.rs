//! The format-neutral document tree every loader produces: each value and each mapping key
//! keeps the byte span it came from, so a rule can point at the exact place whatever the
//! format was.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    pub fn new(kind: Kind, span: Span) -> Self {
        Node { kind, span }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The first entry of a mapping with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key == key)
    }

    /// A word for the value's type, for messages such as "expected a boolean, found a list".
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) => "a number",
            Kind::Float(_) => "a number",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// The JSON pointer (RFC 6901) of the deepest value or key whose span contains `span`.
    pub fn pointer_to(&self, span: Span) -> String {
        self.path_to(span, |_, i| i.to_string())
    }

    /// A path like [`Node::pointer_to`] that does not change when list items are reordered:
    /// an item that is a record named by `ApplicationUri`, `Login` or `Id` is named by that
    /// value, any other item by `[]`. Fingerprints use it, together with a hash of the
    /// offending value, so they survive reformatting, lines moving and reordering.
    pub fn stable_path_to(&self, span: Span) -> String {
        self.path_to(span, |item, _| {
            let name = ["ApplicationUri", "Login", "Id"]
                .iter()
                .find_map(|k| item.get(k).and_then(|e| e.value.as_str()));
            match name {
                Some(n) => format!("[{n}]"),
                None => "[]".to_string(),
            }
        })
    }

    /// Every key and scalar value with its stable path and its JSON pointer, sorted by
    /// position: one walk of the tree, so that looking up many findings stays linear.
    pub fn leaf_paths(&self) -> Vec<(Span, String, String)> {
        fn walk(node: &Node, stable: &str, pointer: &str, out: &mut Vec<(Span, String, String)>) {
            match &node.kind {
                Kind::Map(entries) => {
                    for e in entries {
                        let mut s = stable.to_string();
                        let mut p = pointer.to_string();
                        push_token(&mut s, &e.key);
                        push_token(&mut p, &e.key);
                        out.push((e.key_span, s.clone(), p.clone()));
                        walk(&e.value, &s, &p, out);
                    }
                }
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let name = ["ApplicationUri", "Login", "Id"]
                            .iter()
                            .find_map(|k| item.get(k).and_then(|e| e.value.as_str()));
                        let mut s = stable.to_string();
                        push_token(&mut s, &name.map_or("[]".to_string(), |n| format!("[{n}]")));
                        let mut p = pointer.to_string();
                        push_token(&mut p, &i.to_string());
                        walk(item, &s, &p, out);
                    }
                }
                _ => out.push((node.span, stable.to_string(), pointer.to_string())),
            }
        }
        let mut out = Vec::new();
        walk(self, "", "", &mut out);
        out.sort_by_key(|(span, _, _)| (span.start, std::cmp::Reverse(span.end)));
        out
    }

    fn path_to(&self, span: Span, item_token: impl Fn(&Node, usize) -> String) -> String {
        let mut out = String::new();
        let mut node = self;
        'descend: loop {
            match &node.kind {
                Kind::Map(entries) => {
                    for e in entries {
                        let in_key = contains(e.key_span, span);
                        if in_key || contains(e.value.span, span) || e.value.encloses(span) {
                            push_token(&mut out, &e.key);
                            if in_key {
                                break 'descend;
                            }
                            node = &e.value;
                            continue 'descend;
                        }
                    }
                    break;
                }
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if contains(item.span, span) || item.encloses(span) {
                            push_token(&mut out, &item_token(item, i));
                            node = item;
                            continue 'descend;
                        }
                    }
                    break;
                }
                _ => break,
            }
        }
        out
    }

    /// Whether a span falls inside this node's children (collection spans from some parsers
    /// cover only their first token, so the children are asked too).
    fn encloses(&self, span: Span) -> bool {
        match &self.kind {
            Kind::Map(entries) => entries.iter().any(|e| {
                contains(e.key_span, span) || contains(e.value.span, span) || e.value.encloses(span)
            }),
            Kind::Seq(items) => items
                .iter()
                .any(|i| contains(i.span, span) || i.encloses(span)),
            _ => false,
        }
    }
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && !(outer.is_empty() && inner != outer)
}

/// The most characters of one key in a stable path or pointer: every leaf copies its path,
/// so a long key above many leaves is cut (fingerprints of such places stay stable).
const MAX_TOKEN_CHARS: usize = 256;

fn push_token(out: &mut String, token: &str) {
    let token = match token.char_indices().nth(MAX_TOKEN_CHARS) {
        Some((at, _)) => &token[..at],
        None => token,
    };
    out.push('/');
    out.push_str(&token.replace('~', "~0").replace('/', "~1"));
}
