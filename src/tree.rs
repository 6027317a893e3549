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

    /// Every key and scalar value by its place, sorted as [`Node::leaf_paths`] sorts them,
    /// with their paths spelled out only when asked for ([`Leaves::paths`]): one walk of
    /// the tree, and no path copied for each of its leaves.
    pub fn leaves(&self) -> Leaves<'_> {
        fn walk<'t>(node: &'t Node, parent: u32, out: &mut Leaves<'t>) {
            match &node.kind {
                Kind::Map(entries) => {
                    for e in entries {
                        let step = out.step(parent, Step::Key(&e.key));
                        out.leaves.push((e.key_span, step));
                        walk(&e.value, step, out);
                    }
                }
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let step = out.step(parent, Step::Item(item, i));
                        walk(item, step, out);
                    }
                }
                _ => out.leaves.push((node.span, parent)),
            }
        }
        let mut out = Leaves {
            steps: Vec::new(),
            leaves: Vec::new(),
        };
        walk(self, ROOT, &mut out);
        out.leaves
            .sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
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

/// The keys and scalar values of a tree ([`Node::leaves`]).
pub struct Leaves<'t> {
    /// Each step down the tree, with the step above it.
    steps: Vec<(u32, Step<'t>)>,
    /// Each leaf's span and the step that leads to it, sorted by position.
    pub leaves: Vec<(Span, u32)>,
}

/// The step above the root.
const ROOT: u32 = u32::MAX;

enum Step<'t> {
    Key(&'t str),
    Item(&'t Node, usize),
}

impl<'t> Leaves<'t> {
    fn step(&mut self, parent: u32, step: Step<'t>) -> u32 {
        self.steps.push((parent, step));
        (self.steps.len() - 1) as u32
    }

    /// The stable path and the JSON pointer of the place `step` leads to, as
    /// [`Node::leaf_paths`] spells them.
    pub fn paths(&self, mut step: u32) -> (String, String) {
        let mut chain = Vec::new();
        while step != ROOT {
            let (parent, s) = &self.steps[step as usize];
            chain.push(s);
            step = *parent;
        }
        let (mut stable, mut pointer) = (String::new(), String::new());
        for s in chain.into_iter().rev() {
            match s {
                Step::Key(key) => {
                    push_token(&mut stable, key);
                    push_token(&mut pointer, key);
                }
                Step::Item(item, i) => {
                    let name = ["ApplicationUri", "Login", "Id"]
                        .iter()
                        .find_map(|k| item.get(k).and_then(|e| e.value.as_str()));
                    push_token(
                        &mut stable,
                        &name.map_or("[]".to_string(), |n| format!("[{n}]")),
                    );
                    push_token(&mut pointer, &i.to_string());
                }
            }
        }
        (stable, pointer)
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

#[cfg(test)]
mod tests {
    #[test]
    fn leaves_spell_the_paths_leaf_paths_does() {
        let text = r#"{"value": [{"Id": "a/b~c", "x": [1, {"ApplicationUri": "u"}]}, {"y": null}], "k": "v", "e": {}, "s": []}"#;
        let tree = crate::formats::json::parse(text).unwrap();
        let leaves = tree.leaves();
        let spelled: Vec<_> = leaves
            .leaves
            .iter()
            .map(|(span, step)| {
                let (stable, pointer) = leaves.paths(*step);
                (*span, stable, pointer)
            })
            .collect();
        assert_eq!(spelled, tree.leaf_paths());
        let scalar = crate::formats::json::parse("1").unwrap();
        let leaves = scalar.leaves();
        assert_eq!(
            leaves.paths(leaves.leaves[0].1),
            (String::new(), String::new())
        );
    }
}
