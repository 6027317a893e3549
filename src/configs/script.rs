//! A tolerant key/value scanner for code that configures an OAuth client: JavaScript and
//! TypeScript (also in Vue, Svelte and HTML files), C#, Java and Kotlin, PHP and Python.
//! It does not parse the language: it finds string literals (and `true`/`false`) assigned
//! to a name, as in `clientId: "x"`, `options.ClientSecret = "y"`, `{ Authority = "z" }`,
//! `'client_id' => 'x'`, `client_id="x"` or `app.config["CLIENT_ID"] = "x"`, and keeps
//! their spans. Each language's
//! comments and string syntax are known, so a key named in a comment or inside a string is
//! no setting; an interpolated string is a reference, not a literal; literals joined with
//! `+` (or PHP's `.`) are joined, so a secret split in two is still one secret. A literal
//! that an expression falls back to (`process.env.CLIENT_SECRET || "x"`, `getenv('X') ?:
//! 'x'`, `os.getenv("X", "x")`) is a value of the setting: it is committed all the same.

use crate::source::Span;
use crate::tree::{Entry, Kind, Node};

/// The language family a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Syntax {
    /// JavaScript and TypeScript: `//` and `/* */` comments; `'`, `"` and `` ` `` strings,
    /// `${...}` interpolating; regular expression literals.
    Js,
    /// A page or component (HTML, Vue, Svelte, Razor): JavaScript in its `<script>` blocks;
    /// the markup around them is not read.
    Page,
    /// C#: `//` and `/* */`; `"..."`, verbatim `@"..."`, interpolated `$"..."`, raw
    /// `"""..."""`.
    CSharp,
    /// Java and Kotlin: `//` and `/* */`; `"..."` and `"""..."""`, `${` interpolating.
    Java,
    /// PHP: `//`, `#` and `/* */`; `'...'` literal, `"..."` interpolating `$`, heredoc
    /// (`<<<EOT`) and nowdoc (`<<<'EOT'`); `=>` and `.`.
    Php,
    /// Python: `#`; `'`, `"`, triple quotes, `f`-strings interpolating.
    Python,
    /// .NET's XML configuration (`web.config`, `app.config`): `<!-- -->` comments, and the
    /// `<add key="..." value="..."/>` entries of `appSettings`.
    Xml,
}

impl Syntax {
    /// The language of a file by its extension, among those read as code.
    pub fn of_extension(ext: &str) -> Option<Syntax> {
        Some(match ext {
            "js" | "ts" | "mjs" | "cjs" | "mts" | "cts" | "jsx" | "tsx" => Syntax::Js,
            "vue" | "svelte" | "html" | "htm" | "cshtml" | "razor" => Syntax::Page,
            "cs" => Syntax::CSharp,
            "java" | "kt" | "kts" => Syntax::Java,
            "php" => Syntax::Php,
            "py" => Syntax::Python,
            "config" => Syntax::Xml,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Syntax::Js => "JavaScript/TypeScript",
            Syntax::Page => "JavaScript in a page",
            Syntax::CSharp => "C#",
            Syntax::Java => "Java/Kotlin",
            Syntax::Php => "PHP",
            Syntax::Python => "Python",
            Syntax::Xml => "XML configuration",
        }
    }

    fn hash_comments(self) -> bool {
        matches!(self, Syntax::Php | Syntax::Python)
    }

    fn slash_comments(self) -> bool {
        !matches!(self, Syntax::Python | Syntax::Xml)
    }
}

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
    /// `+`, or PHP's `.`: joins string literals.
    Join,
    Other,
}

struct Lexed {
    token: Token,
    span: Span,
}

/// The settings of a JavaScript or TypeScript module.
pub fn parse(text: &str) -> Node {
    let tokens = lex(Syntax::Js, text);
    let entries = entries(Syntax::Js, &tokens, text, &mut Vec::new())
        .into_iter()
        .map(|(_, e)| e)
        .collect();
    Node::new(Kind::Map(entries), Span::new(0, text.len()))
}

/// The settings of a code file of the given language. A file may configure several
/// identity providers, each in its own block (`{ ... }` or a call's `( ... )`): when some
/// blocks name an ERP.net authority, only their settings are kept, so that another
/// provider's client id, secret, redirect URI or scopes are not taken for ERP.net's.
pub fn parse_code(syntax: Syntax, text: &str) -> Node {
    use std::collections::HashSet;
    let shown;
    let (syntax, text) = if syntax == Syntax::Page {
        shown = scripts_only(text);
        (Syntax::Js, shown.as_str())
    } else {
        (syntax, text)
    };
    let tokens = lex(syntax, text);
    if syntax == Syntax::Xml {
        return Node::new(Kind::Map(app_settings(&tokens)), Span::new(0, text.len()));
    }
    let mut erp_blocks = Vec::new();
    let found = entries(syntax, &tokens, text, &mut erp_blocks);
    erp_blocks.extend(
        found
            .iter()
            .filter(|(_, e)| matches!(&e.value.kind, Kind::Str(s) if super::is_erpnet_url(s)))
            .map(|(block, _)| *block),
    );
    if erp_blocks.is_empty() {
        let entries = found.into_iter().map(|(_, e)| e).collect();
        return Node::new(Kind::Map(entries), Span::new(0, text.len()));
    }
    // A block inside an ERP.net block is ERP.net's too (`authorizationParams: { scope }`),
    // unless it names an authority or endpoint of its own (another provider's).
    let parents = block_parents(&tokens, text);
    let role = |key: &str| super::vocabulary::vocabulary().role_of(key, key);
    let is_client_setting = |key: &str| {
        matches!(
            role(key),
            Some(super::Role::ClientId | super::Role::ClientSecret | super::Role::Scope)
        )
    };
    let own_provider: HashSet<usize> = found
        .iter()
        .filter(|(_, e)| {
            matches!(
                role(&e.key),
                Some(super::Role::Authority | super::Role::Endpoint)
            )
        })
        .map(|(block, _)| *block)
        .collect();
    let client_blocks: HashSet<usize> = found
        .iter()
        .filter(|(_, e)| is_client_setting(&e.key))
        .map(|(block, _)| *block)
        .collect();
    // An ERP.net block that configures a client passes that on to the blocks inside it.
    // One that only says where ERP.net is (the top level's constants, a discovery
    // request's address) passes it on to the blocks around it too, but weakly: see below.
    let erp: HashSet<usize> = erp_blocks.iter().copied().collect();
    let mut strong: HashSet<usize> = HashSet::new();
    let mut weak: HashSet<usize> = HashSet::new();
    for block in erp_blocks {
        if block != 0 && client_blocks.contains(&block) {
            strong.insert(block);
            continue;
        }
        let mut at = block;
        for _ in 0..MAX_BLOCK_DEPTH {
            if !weak.insert(at) {
                break;
            }
            match parents.get(&at) {
                Some(&parent) if parent != at => at = parent,
                _ => break,
            }
        }
    }
    // The nearest ERP.net block above a block, itself included, and whether it is weak.
    let nearest_erpnet = |mut block: usize| {
        for _ in 0..MAX_BLOCK_DEPTH {
            if strong.contains(&block) {
                return Some(false);
            }
            if weak.contains(&block) {
                return Some(true);
            }
            if own_provider.contains(&block) {
                return None;
            }
            match parents.get(&block) {
                Some(&parent) if parent != block => block = parent,
                _ => return None,
            }
        }
        None
    };
    // Below a weak ERP.net block, a block is ERP.net's only when it is the one client
    // there: several (NextAuth's providers) are each another provider's unless they name
    // ERP.net themselves.
    // Clients are counted by their outermost block (a provider's `{ clientId, authorization:
    // { params: { scope } } }` is one client), and only when the file names no provider
    // other than ERP.net: with another authority in it, which block talks to which cannot
    // be told.
    let inside_a_client = |block: usize| {
        let mut at = block;
        for _ in 0..MAX_BLOCK_DEPTH {
            match parents.get(&at) {
                Some(&parent) if parent != at && !weak.contains(&parent) => {
                    if client_blocks.contains(&parent) {
                        return true;
                    }
                    at = parent;
                }
                _ => return false,
            }
        }
        false
    };
    let other_provider = own_provider.iter().any(|b| !erp.contains(b));
    let lone_client = !other_provider
        && client_blocks
            .iter()
            .filter(|b| {
                !weak.contains(*b) && nearest_erpnet(**b) == Some(true) && !inside_a_client(**b)
            })
            .count()
            <= 1;
    let is_erpnet = |block: usize| match nearest_erpnet(block) {
        Some(true) => weak.contains(&block) || lone_client,
        Some(false) => true,
        None => false,
    };
    let entries = found
        .into_iter()
        .filter(|(block, _)| is_erpnet(*block))
        .map(|(_, e)| e)
        .collect();
    Node::new(Kind::Map(entries), Span::new(0, text.len()))
}

/// The text with everything outside `<script>` blocks blanked (offsets kept), so that
/// markup (`<th scope="col">`) is not read as settings.
fn scripts_only(text: &str) -> String {
    let mut out: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'\n' { b'\n' } else { b' ' })
        .collect();
    let mut at = 0;
    while let Some(open) = text[at..].find("<script") {
        let open = at + open;
        let Some(body) = text[open..].find('>').map(|n| open + n + 1) else {
            break;
        };
        let end = text[body..]
            .find("</script")
            .map_or(text.len(), |n| body + n);
        out[body..end].copy_from_slice(&text.as_bytes()[body..end]);
        at = end;
    }
    // Only ASCII spaces replaced bytes outside the blocks, and whole blocks were copied.
    String::from_utf8(out).unwrap_or_default()
}

/// Every literal assigned to a name, with the block it is in (the token index of the
/// innermost `{` or `(` around it, 0 at the top).
/// How far up the blocks [`parse_code`] looks for an ERP.net block above a setting's own.
const MAX_BLOCK_DEPTH: usize = 64;

/// The block each token is in: the index of the token after the `{` or `(` that opens it,
/// 0 for the top level. `opened` is told of each block as it opens, with the block it is in.
fn blocks_of(tokens: &[Lexed], text: &str, mut opened: impl FnMut(usize, usize)) -> Vec<usize> {
    let mut blocks = vec![0usize];
    let mut block_of = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        let current = *blocks.last().unwrap_or(&0);
        block_of.push(current);
        if t.token == Token::Other {
            match text.get(t.span.start..t.span.end) {
                Some("{" | "(") => {
                    opened(i + 1, current);
                    blocks.push(i + 1);
                }
                Some("}" | ")") if blocks.len() > 1 => {
                    blocks.pop();
                }
                _ => {}
            }
        }
    }
    block_of
}

/// The block each block is in, as [`blocks_of`] numbers them.
fn block_parents(tokens: &[Lexed], text: &str) -> std::collections::HashMap<usize, usize> {
    let mut parents = std::collections::HashMap::new();
    blocks_of(tokens, text, |block, parent| {
        parents.insert(block, parent);
    });
    parents
}

/// The settings of a file's tokens, each with the block it is in; `erp_blocks` gains the
/// blocks that are ERP.net's by the call that takes them (ERP.net's own client library).
fn entries(
    syntax: Syntax,
    tokens: &[Lexed],
    text: &str,
    erp_blocks: &mut Vec<usize>,
) -> Vec<(usize, Entry)> {
    let block_of = blocks_of(tokens, text, |_, _| {});
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
        if let Some(entry) = call_setting(tokens, text, i) {
            entries.push((block_of[i], entry));
            i += 1;
            continue;
        }
        // The arguments that follow are looked at as any other tokens (a named argument is
        // a `key: value` of its own).
        if let Some((erpnet, found)) = constructor_settings(tokens, text, i) {
            let block = block_of.get(i + 2).copied().unwrap_or(block_of[i]);
            // Only a call that passes literal settings makes its block ERP.net's: one
            // given variables leaves the file's constants as they are.
            if erpnet {
                erp_blocks.push(block);
            }
            entries.extend(found.into_iter().map(|e| (block, e)));
        }
        // A string subscript assigned to, `app.config["CLIENT_SECRET"] = "x"` (Flask),
        // `$config['client_secret'] = 'x'` (PHP): the subscript is the key.
        let subscript = matches!(tokens[i].token, Token::Str(_))
            && i > 0
            && tokens[i - 1].token == Token::Open
            && tokens[i + 1].token == Token::Close
            && tokens[i + 2].token == Token::Assign
            && tokens.get(i + 3).is_some();
        if !subscript && !matches!(tokens[i + 1].token, Token::Colon | Token::Assign) {
            // An environment variable read with a literal fallback, outside an assignment:
            // `define('CLIENT_SECRET', getenv('CLIENT_SECRET') ?: '...')`. The variable
            // names the setting.
            if operand_starts(tokens, text, i)
                && let Some(f) = fallback(syntax, tokens, text, i)
                && f.env
                && let Some((name, name_span)) = f.name
            {
                entries.push((
                    block_of[i],
                    Entry {
                        key: name,
                        key_span: name_span,
                        value: f.value,
                    },
                ));
                i = f.end;
                continue;
            }
            i += 1;
            continue;
        }
        // A typed declaration, `clientId: string = "x"` (TypeScript), `CLIENT_ID: String =
        // "x"` (Kotlin), `client_id: str = "x"` (Python): the value follows the type.
        let typed = tokens[i + 1].token == Token::Colon
            && matches!(tokens[i + 2].token, Token::Name(_))
            && tokens.get(i + 3).is_some_and(|t| t.token == Token::Assign)
            && tokens.get(i + 4).is_some();
        let at = if typed {
            i + 4
        } else if subscript {
            i + 3
        } else {
            i + 2
        };
        // `clientSecret: process.env.CLIENT_SECRET || "x"`: the fallback is a value of the
        // setting. The assigned name is the key, unless only the variable read names one
        // (`const secret = process.env.OIDC_CLIENT_SECRET ?? "x"`).
        if let Some(f) = fallback(syntax, tokens, text, at) {
            let (key, key_span) = match f.name {
                Some((name, span)) if !names_a_setting(&key) && names_a_setting(&name) => {
                    (name, span)
                }
                _ => (key, key_span),
            };
            entries.push((
                block_of[i],
                Entry {
                    key,
                    key_span,
                    value: f.value,
                },
            ));
            i = f.end;
            continue;
        }
        let value = &tokens[at];
        let after = at + 1;
        let node = match &value.token {
            Token::Str(s) => Some(joined(s, value.span, &tokens[after..]).0),
            Token::Name(n) if n == "true" => Some(Node::new(Kind::Bool(true), value.span)),
            Token::Name(n) if n == "false" => Some(Node::new(Kind::Bool(false), value.span)),
            Token::Open => string_array(&tokens[after..])
                .map(|(items, end)| Node::new(Kind::Seq(items), Span::new(value.span.start, end))),
            _ => None,
        };
        if let Some(node) = node {
            let key = initializer_key(syntax, tokens, text, block_of[i], key);
            entries.push((
                block_of[i],
                Entry {
                    key,
                    key_span,
                    value: node,
                },
            ));
        }
        // The type's name is no key of its own.
        i += if typed { 3 } else { 1 };
    }
    entries
}

/// A key of a C# object initializer, named by its type when the key names no setting on
/// its own and the type's key does (`new ClientCredentialsTokenRequest { Address = "..." }`
/// sets `ClientCredentialsTokenRequest.Address`, IdentityModel's token endpoint; a bare
/// `Address` is any address).
fn initializer_key(
    syntax: Syntax,
    tokens: &[Lexed],
    text: &str,
    block: usize,
    key: String,
) -> String {
    if syntax != Syntax::CSharp || names_a_setting(&key) {
        return key;
    }
    let is = |at: usize, s: &str| {
        tokens.get(at).is_some_and(|t| {
            t.token == Token::Other && text.get(t.span.start..t.span.end) == Some(s)
        })
    };
    // The block opens at `{`, after `new T` or `new T()`.
    let Some(mut at) = block.checked_sub(2) else {
        return key;
    };
    if !is(at + 1, "{") {
        return key;
    }
    if is(at, ")") && at >= 1 && is(at - 1, "(") {
        let Some(before) = at.checked_sub(2) else {
            return key;
        };
        at = before;
    }
    let named_type = match (
        at.checked_sub(1).map(|n| &tokens[n].token),
        &tokens[at].token,
    ) {
        (Some(Token::Name(new)), Token::Name(name)) if new == "new" => name,
        _ => return key,
    };
    let qualified = format!("{named_type}.{key}");
    if super::vocabulary::vocabulary()
        .role_of(&qualified, &qualified)
        .is_some()
    {
        qualified
    } else {
        key
    }
}

/// A setting passed to a call with one literal: a builder's `.WithClientSecret("x")`
/// (MSAL.NET), `.clientSecret("x")` or `.issuerUri("x")` (Spring), a collection's
/// `Scope.Add("update")` (ASP.NET), or a fallback, `os.getenv("CLIENT_SECRET", "x")`. The
/// call's name (without `With`/`set`) must name a setting, so `console.log("x")` is none.
fn call_setting(tokens: &[Lexed], text: &str, i: usize) -> Option<Entry> {
    let Token::Name(name) = &tokens[i].token else {
        return None;
    };
    let is = |at: usize, s: &str| {
        tokens.get(at).is_some_and(|t| {
            t.token == Token::Other && text.get(t.span.start..t.span.end) == Some(s)
        })
    };
    if !is(i + 1, "(") {
        return None;
    }
    let literal = |at: usize| match &tokens.get(at)?.token {
        Token::Str(s) => Some((s.clone(), tokens[at].span)),
        _ => None,
    };
    // `os.getenv("NAME", "fallback")` and `os.environ.get("NAME", "fallback")`: the
    // fallback is what the app uses when the environment has no value.
    if matches!(name.as_str(), "getenv" | "get")
        && let Some((key, key_span)) = literal(i + 2)
        && tokens.get(i + 3).is_some_and(|t| t.token == Token::Comma)
        && let Some((value, span)) = literal(i + 4)
        && is(i + 5, ")")
    {
        return Some(Entry {
            key,
            key_span,
            value: Node::new(Kind::Str(value), span),
        });
    }
    let (value, span) = literal(i + 2)?;
    if !is(i + 3, ")") {
        return None;
    }
    // `Scope.Add("update")`: the collection names the setting.
    let key = if name == "Add" && i >= 2 && is(i - 1, ".") {
        match &tokens[i - 2].token {
            Token::Name(n) => n.clone(),
            _ => return None,
        }
    } else {
        let bare = ["With", "with", "set", "Set"]
            .iter()
            .find_map(|p| {
                name.strip_prefix(p)
                    .filter(|r| r.starts_with(char::is_uppercase))
            })
            .unwrap_or(name);
        bare.to_string()
    };
    super::Role::of(&key)?;
    Some(Entry {
        key,
        key_span: tokens[i].span,
        value: Node::new(Kind::Str(value), span),
    })
}

/// The most tokens one argument of a constructor read by [`constructor_settings`] may
/// span (a lambda or a nested call included).
const MAX_ARGUMENT_TOKENS: usize = 256;

/// The most named arguments read after a constructor's positional ones.
const MAX_NAMED_ARGUMENTS: usize = 16;

/// The literal positional arguments of a constructor that takes client settings in order
/// (`new ErpNetServiceClient("https://x.my.erp.net", "com.example/worker", "secret")`), each
/// named by its parameter in `rules/vocabulary.toml`. An argument that is no literal (or
/// literals joined with `+`) is passed over; a named argument ends the positional ones.
/// Also says whether the call makes its block ERP.net's: a call of ERP.net's own client
/// that passes a literal, by position or by name.
fn constructor_settings(tokens: &[Lexed], text: &str, i: usize) -> Option<(bool, Vec<Entry>)> {
    let Token::Name(name) = &tokens[i].token else {
        return None;
    };
    let constructor = super::vocabulary::vocabulary().constructor(name)?;
    let bracket = |t: &Lexed| match t.token {
        Token::Open => Some(true),
        Token::Close => Some(false),
        Token::Other => match text.get(t.span.start..t.span.end) {
            Some("(" | "{") => Some(true),
            Some(")" | "}") => Some(false),
            _ => None,
        },
        _ => None,
    };
    if tokens.get(i + 1).and_then(bracket) != Some(true)
        || text.get(tokens[i + 1].span.start..tokens[i + 1].span.end) != Some("(")
    {
        return None;
    }
    let mut found = Vec::new();
    // Whether a literal is passed by name (`clientApplicationSecret: "x"`), which the
    // tokens' own reading takes as a setting.
    let mut named_literal = false;
    let mut named = false;
    let mut at = i + 2;
    // A named argument may follow the positional ones; a call with more arguments than
    // that is no call of this constructor.
    for position in 0..constructor.parameters.len() + MAX_NAMED_ARGUMENTS {
        // One argument: the tokens up to a comma or the closing parenthesis, at its depth.
        // An argument longer than MAX_ARGUMENT_TOKENS ends the reading (an unclosed call
        // repeated through a file would otherwise scan to its end from each).
        let start = at;
        let mut depth = 0usize;
        while let Some(t) = tokens.get(at) {
            if at - start > MAX_ARGUMENT_TOKENS {
                break;
            }
            match (bracket(t), &t.token) {
                (Some(true), _) => depth += 1,
                (Some(false), _) if depth == 0 => break,
                (Some(false), _) => depth -= 1,
                (None, Token::Comma) if depth == 0 => break,
                _ => {}
            }
            at += 1;
        }
        if at - start > MAX_ARGUMENT_TOKENS {
            break;
        }
        let argument = &tokens[start..at];
        if argument.len() > 1
            && matches!(argument[0].token, Token::Name(_))
            && argument[1].token == Token::Colon
        {
            named = true;
            named_literal |= argument
                .get(2)
                .is_some_and(|t| matches!(t.token, Token::Str(_)));
        } else if !named
            && let Some(parameter) = constructor.parameters.get(position)
            && let Some((first, rest)) = argument.split_first()
            && let Token::Str(s) = &first.token
            && let (
                value @ Node {
                    kind: Kind::Str(_), ..
                },
                used,
            ) = joined(s, first.span, rest)
            && used == rest.len()
        {
            found.push(Entry {
                key: format!("{}.{parameter}", constructor.name),
                key_span: first.span,
                value,
            });
        }
        match tokens.get(at) {
            Some(t) if t.token == Token::Comma => at += 1,
            _ => break,
        }
    }
    let erpnet = constructor.erpnet && (named_literal || !found.is_empty());
    Some((erpnet, found))
}

/// The `<add key="K" value="V"/>` entries of an XML configuration, as `K: V`.
fn app_settings(tokens: &[Lexed]) -> Vec<Entry> {
    let mut entries = Vec::new();
    let attribute = |at: usize, name: &str| -> Option<(String, Span)> {
        match (
            &tokens.get(at)?.token,
            &tokens.get(at + 1)?.token,
            &tokens.get(at + 2)?.token,
        ) {
            (Token::Name(n), Token::Assign, Token::Str(v)) if n.eq_ignore_ascii_case(name) => {
                Some((v.clone(), tokens[at + 2].span))
            }
            _ => None,
        }
    };
    for i in 0..tokens.len() {
        if let (Some((key, key_span)), Some((value, value_span))) =
            (attribute(i, "key"), attribute(i + 3, "value"))
        {
            entries.push(Entry {
                key,
                key_span,
                value: Node::new(Kind::Str(value), value_span),
            });
        }
    }
    entries
}

/// A string literal and the literals joined to it with `+` (or `.`): `"ab" + "cd"` is one
/// value, `abcd`, spanning all of its parts. A join with anything else is a reference.
/// Also returns how many tokens of `rest` the value took.
fn joined(first: &str, span: Span, rest: &[Lexed]) -> (Node, usize) {
    let mut value = first.to_string();
    let mut end = span.end;
    let mut used = 0;
    let mut parts = rest.chunks_exact(2);
    for pair in parts.by_ref() {
        match (&pair[0].token, &pair[1].token) {
            (Token::Join, Token::Str(s)) => {
                value.push_str(s);
                end = pair[1].span.end;
                used += 2;
            }
            (Token::Join, _) => {
                return (Node::new(Kind::Null, Span::new(span.start, end)), used + 2);
            }
            _ => break,
        }
    }
    (
        Node::new(Kind::Str(value), Span::new(span.start, end)),
        used,
    )
}

/// Whether a key names a setting trustlint reads, by itself or by its last part
/// (`Authentication:ClientSecret`), as [`super::Setting::role`] reads it.
fn names_a_setting(key: &str) -> bool {
    super::Role::of(key).is_some()
        || key
            .rsplit(['.', ':'])
            .next()
            .is_some_and(|last| super::Role::of(last).is_some())
}

/// The text of a punctuation token (`Token::Other`) at `at`.
fn symbol<'a>(tokens: &[Lexed], text: &'a str, at: usize) -> Option<&'a str> {
    let t = tokens.get(at)?;
    (t.token == Token::Other)
        .then(|| text.get(t.span.start..t.span.end))
        .flatten()
}

/// Whether the tokens at `at` and `at + 1` touch, as the two characters of `||` do.
fn touching(tokens: &[Lexed], at: usize) -> bool {
    match (tokens.get(at), tokens.get(at + 1)) {
        (Some(a), Some(b)) => a.span.end == b.span.start,
        _ => false,
    }
}

/// The most tokens one operand of a fallback may span, its calls' arguments included:
/// enough for `Environment.GetEnvironmentVariable("NAME")`, and a bound on how far each
/// name makes the scanner look ahead.
const MAX_OPERAND_TOKENS: usize = 48;

/// The most operands a chain of fallbacks is read through (`a ?? b ?? "x"`).
const MAX_FALLBACKS: usize = 4;

/// Names in an operand that read the environment: `process.env`, `import.meta.env`,
/// `os.environ`, `os.getenv`, PHP's `getenv()` and `$_ENV`, .NET's
/// `Environment.GetEnvironmentVariable`, Java's `System.getenv`, Laravel's `env()`.
const ENV_READS: &[&str] = &[
    "env",
    "environ",
    "getenv",
    "$_ENV",
    "$_SERVER",
    "GetEnvironmentVariable",
];

/// Calls whose second argument is the value used when the first names nothing:
/// `os.getenv("NAME", "x")`, `os.environ.get("NAME", "x")`, Laravel's `env('NAME', 'x')`,
/// Java's `getOrDefault("NAME", "x")`.
const DEFAULT_CALLS: &[&str] = &["getenv", "get", "env", "getOrDefault"];

/// An expression read up to its literal fallback.
struct Fallback {
    /// The fallback: a string (literals joined with `+` are one) or a boolean.
    value: Node,
    /// What the first operand reads, by its last member (`process.env.CLIENT_SECRET`) or
    /// its first literal subscript or argument (`getenv('CLIENT_SECRET')`), with its span.
    name: Option<(String, Span)>,
    /// Whether an operand reads the environment.
    env: bool,
    /// The token after the expression.
    end: usize,
}

/// One operand of a fallback: a name (or a JavaScript template literal) followed by
/// member accesses (`.`, `?.`, PHP's `->` and `::`), subscripts and calls, and
/// TypeScript's `!` and `as T`.
struct Operand {
    end: usize,
    name: Option<usize>,
    env: bool,
}

/// Whether an operand can start at `at`: not after a member access.
fn operand_starts(tokens: &[Lexed], text: &str, at: usize) -> bool {
    if at == 0 {
        return true;
    }
    let before = at - 1;
    let pair = |first: &Token, second: &Token| {
        before > 0
            && tokens[before - 1].token == *first
            && tokens[before].token == *second
            && touching(tokens, before - 1)
    };
    let arrow = symbol(tokens, text, before) == Some(">")
        && before > 0
        && symbol(tokens, text, before - 1) == Some("-")
        && touching(tokens, before - 1);
    !(symbol(tokens, text, before) == Some(".") || arrow || pair(&Token::Colon, &Token::Colon))
}

fn operand(syntax: Syntax, tokens: &[Lexed], text: &str, at: usize) -> Option<Operand> {
    let mut member = None;
    let mut argument = None;
    let mut env = false;
    match &tokens.get(at)?.token {
        Token::Name(n) => {
            member = Some(at);
            env = ENV_READS.contains(&n.as_str());
        }
        Token::Template if syntax == Syntax::Js => {}
        _ => return None,
    }
    let limit = tokens.len().min(at + MAX_OPERAND_TOKENS);
    let mut j = at + 1;
    while j < limit {
        let sym = symbol(tokens, text, j);
        let next = symbol(tokens, text, j + 1);
        // `.name`, `?.name`, `->name`, `::name`
        let access = match sym {
            Some(".") => 1,
            Some("?") if next == Some(".") && touching(tokens, j) => 2,
            Some("-") if next == Some(">") && touching(tokens, j) => 2,
            _ if tokens[j].token == Token::Colon
                && syntax == Syntax::Php
                && tokens.get(j + 1).is_some_and(|t| t.token == Token::Colon)
                && touching(tokens, j) =>
            {
                2
            }
            _ => 0,
        };
        if access > 0 {
            match tokens.get(j + access).map(|t| &t.token) {
                Some(Token::Name(n)) => {
                    env |= ENV_READS.contains(&n.as_str());
                    if argument.is_none() {
                        member = Some(j + access);
                    }
                    j += access + 1;
                }
                // `?.[0]`, `?.()`: the group follows.
                _ if sym == Some("?") => j += 2,
                _ => return None,
            }
            continue;
        }
        let group = if tokens[j].token == Token::Open {
            Some((Token::Open, Token::Close, None))
        } else if sym == Some("(") {
            Some((Token::Other, Token::Other, Some(("(", ")"))))
        } else {
            None
        };
        if let Some((open, close, symbols)) = group {
            let is = |k: usize, t: &Token, s: Option<&str>| {
                tokens[k].token == *t && (s.is_none() || symbol(tokens, text, k) == s)
            };
            let mut depth = 0usize;
            let mut k = j;
            let closed = loop {
                if k >= limit {
                    break None;
                }
                if is(k, &open, symbols.map(|s| s.0)) {
                    depth += 1;
                } else if is(k, &close, symbols.map(|s| s.1)) {
                    depth -= 1;
                    if depth == 0 {
                        break Some(k);
                    }
                }
                k += 1;
            };
            let closed = closed?;
            if argument.is_none() && matches!(tokens[j + 1].token, Token::Str(_)) {
                argument = Some(j + 1);
            }
            j = closed + 1;
            continue;
        }
        match &tokens[j].token {
            // TypeScript's non-null assertion, `process.env.SECRET!` (not `!=`).
            Token::Other if syntax == Syntax::Js && sym == Some("!") && next != Some("=") => {
                j += 1;
            }
            // `process.env.SECRET as string`
            Token::Name(n)
                if syntax == Syntax::Js
                    && n == "as"
                    && matches!(tokens.get(j + 1).map(|t| &t.token), Some(Token::Name(_))) =>
            {
                j += 2;
            }
            _ => break,
        }
    }
    if j >= at + MAX_OPERAND_TOKENS {
        return None;
    }
    Some(Operand {
        end: j,
        name: argument.or(member),
        env,
    })
}

/// The operator at `at` that falls back to its right operand, and its length in tokens:
/// `||` and `??` (JavaScript), `??` (C#, PHP), `?:` (PHP, Kotlin), `or` (Python).
fn fallback_operator(syntax: Syntax, tokens: &[Lexed], text: &str, at: usize) -> Option<usize> {
    let sym = symbol(tokens, text, at);
    let next = symbol(tokens, text, at + 1);
    let pair = |a: &str, b: Option<&str>| sym == Some(a) && next == b && touching(tokens, at);
    let elvis = sym == Some("?")
        && tokens.get(at + 1).is_some_and(|t| t.token == Token::Colon)
        && touching(tokens, at);
    let found = match syntax {
        Syntax::Js => pair("|", Some("|")) || pair("?", Some("?")),
        Syntax::CSharp => pair("?", Some("?")),
        Syntax::Php => pair("?", Some("?")) || elvis,
        Syntax::Java => elvis,
        Syntax::Python => {
            return matches!(&tokens.get(at)?.token, Token::Name(n) if n == "or").then_some(1);
        }
        Syntax::Page | Syntax::Xml => false,
    };
    found.then_some(2)
}

/// The literal an expression at `at` falls back to: `process.env.X || "x"`,
/// `Environment.GetEnvironmentVariable("X") ?? "x"`, `getenv('X') ?: 'x'`,
/// `os.environ.get("X") or "x"`, or a call's default, `os.getenv("X", "x")`.
fn fallback(syntax: Syntax, tokens: &[Lexed], text: &str, at: usize) -> Option<Fallback> {
    let mut j = at;
    let mut first: Option<Operand> = None;
    let mut env = false;
    for _ in 0..MAX_FALLBACKS {
        let op = operand(syntax, tokens, text, j)?;
        env |= op.env;
        let end = op.end;
        let name = first.as_ref().map_or(op.name, |f| f.name);
        let name = name.and_then(|n| match &tokens[n].token {
            Token::Name(s) | Token::Str(s) => Some((s.clone(), tokens[n].span)),
            _ => None,
        });
        if first.is_none() {
            first = Some(op);
        }
        // A call with a default: `os.getenv("NAME", "x")`.
        if end >= j + 6
            && symbol(tokens, text, end - 1) == Some(")")
            && tokens[end - 3].token == Token::Comma
            && symbol(tokens, text, end - 5) == Some("(")
            && matches!(&tokens[end - 6].token, Token::Name(n) if DEFAULT_CALLS.contains(&n.as_str()))
            && let (Token::Str(_), Token::Str(value)) =
                (&tokens[end - 4].token, &tokens[end - 2].token)
        {
            let called =
                matches!(&tokens[end - 6].token, Token::Name(n) if ENV_READS.contains(&n.as_str()));
            return Some(Fallback {
                value: Node::new(Kind::Str(value.clone()), tokens[end - 2].span),
                name,
                env: env || called,
                end,
            });
        }
        let after = end + fallback_operator(syntax, tokens, text, end)?;
        let value = tokens.get(after)?;
        let (value, end) = match &value.token {
            Token::Str(s) => {
                let (node, used) = joined(s, value.span, &tokens[after + 1..]);
                (node, after + 1 + used)
            }
            Token::Name(n) if n == "true" || n == "false" => {
                (Node::new(Kind::Bool(n == "true"), value.span), after + 1)
            }
            _ => {
                j = after;
                continue;
            }
        };
        return Some(Fallback {
            value,
            name,
            env,
            end,
        });
    }
    None
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

fn lex(syntax: Syntax, text: &str) -> Vec<Lexed> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    // Bytes that may still be read in search of a regular expression's end that is not
    // there: with it, a line of `(/[(/[...` is read a bounded number of times.
    let mut regex_budget = 2 * text.len() + MAX_REGEX_BYTES;
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'/' if syntax.slash_comments() && b.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            b'<' if syntax == Syntax::Xml && text[i..].starts_with("<!--") => {
                i = text[i + 4..].find("-->").map_or(b.len(), |n| i + 4 + n + 3);
            }
            b'#' if syntax.hash_comments() => {
                i = text[i..].find('\n').map_or(b.len(), |n| i + n);
            }
            // `\/*` is an escaped slash in a regular expression (`/\/*$/`), no comment.
            b'/' if syntax.slash_comments()
                && b.get(i + 1) == Some(&b'*')
                && (i == 0 || b[i - 1] != b'\\') =>
            {
                i = text[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            // A regular expression literal: a quote or backtick in it starts no string. A `/`
            // that opens none is one character, as any other.
            b'/' if syntax == Syntax::Js
                && regex_budget > 0
                && regex_may_start(out.last(), text) =>
            {
                let end = match regex_end(text, i) {
                    Ok(end) => end,
                    Err(scanned) => {
                        regex_budget = regex_budget.saturating_sub(scanned);
                        i + 1
                    }
                };
                out.push(Lexed {
                    token: Token::Other,
                    span: Span::new(i, end),
                });
                i = end;
            }
            b'+' => {
                out.push(Lexed {
                    token: Token::Join,
                    span: Span::new(i, i + 1),
                });
                i += 1;
            }
            b'.' if syntax == Syntax::Php && !b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                out.push(Lexed {
                    token: Token::Join,
                    span: Span::new(i, i + 1),
                });
                i += 1;
            }
            // PHP's `'key' => 'value'` maps a key to a value as `:` does.
            b'=' if syntax == Syntax::Php && b.get(i + 1) == Some(&b'>') => {
                out.push(Lexed {
                    token: Token::Colon,
                    span: Span::new(i, i + 2),
                });
                i += 2;
            }
            b'<' if syntax == Syntax::Php && heredoc(text, i).is_some() => {
                let (end, value, interpolated) =
                    heredoc(text, i).unwrap_or((i + 1, String::new(), true));
                out.push(Lexed {
                    token: if interpolated {
                        Token::Template
                    } else {
                        Token::Str(value)
                    },
                    span: Span::new(start, end),
                });
                i = end;
            }
            _ if string_start(syntax, text, i).is_some() => {
                let (open, kind) = string_start(syntax, text, i).unwrap_or((i, Quote::Plain));
                let (end, value, interpolated) = string_literal(syntax, text, open, kind);
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

/// A PHP heredoc (`<<<EOT` ... `EOT`) or nowdoc (`<<<'EOT'` ... `EOT`) starting at `at`:
/// the index after its closing label, its text, and whether it interpolates (a heredoc
/// with `$name` or `{$` in it). As PHP 7.3 reads them, the closing label may be indented,
/// and its indentation is taken off every line. One that never closes runs to the end of
/// the file, as an unclosed string does.
fn heredoc(text: &str, at: usize) -> Option<(usize, String, bool)> {
    let b = text.as_bytes();
    let is_label = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let rest = text.get(at..)?.strip_prefix("<<<")?;
    let mut j = at + 3 + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    let quote = match b.get(j) {
        Some(&q @ (b'\'' | b'"')) => {
            j += 1;
            Some(q)
        }
        _ => None,
    };
    let label_start = j;
    if !b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    while b.get(j).copied().is_some_and(is_label) {
        j += 1;
    }
    let label = &text[label_start..j];
    if let Some(q) = quote {
        if b.get(j) != Some(&q) {
            return None;
        }
        j += 1;
    }
    if b.get(j) == Some(&b'\r') {
        j += 1;
    }
    if b.get(j) != Some(&b'\n') {
        return None;
    }
    let body = j + 1;
    // The closing line: indentation, the label, and no more of a label after it.
    let mut line = body;
    let (close, indent, end) = loop {
        if line >= b.len() {
            break (b.len(), 0, b.len());
        }
        let trimmed = text[line..].trim_start_matches([' ', '\t']);
        let indent = text.len() - line - trimmed.len();
        if trimmed.starts_with(label)
            && !b
                .get(line + indent + label.len())
                .copied()
                .is_some_and(is_label)
        {
            break (line, indent, line + indent + label.len());
        }
        line = text[line..].find('\n').map_or(b.len(), |n| line + n + 1);
    };
    let raw = text[body..close]
        .strip_suffix('\n')
        .map(|r| r.strip_suffix('\r').unwrap_or(r))
        .unwrap_or(&text[body..close]);
    let nowdoc = quote == Some(b'\'');
    let mut value = String::new();
    let mut interpolated = false;
    for (n, line) in raw.split('\n').enumerate() {
        if n > 0 {
            value.push('\n');
        }
        let dedented = line.len() - line.trim_start_matches([' ', '\t']).len();
        let line = &line[dedented.min(indent)..];
        if nowdoc {
            value.push_str(line);
            continue;
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.peek() {
                    Some('n') => {
                        value.push('\n');
                        chars.next();
                    }
                    Some('t') => {
                        value.push('\t');
                        chars.next();
                    }
                    Some(&e @ ('\\' | '$' | '"')) => {
                        value.push(e);
                        chars.next();
                    }
                    _ => value.push(c),
                },
                '$' if chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') =>
                {
                    interpolated = true;
                    value.push(c);
                }
                '{' if chars.peek() == Some(&'$') => {
                    interpolated = true;
                    value.push(c);
                }
                c => value.push(c),
            }
        }
    }
    Some((end, value, interpolated))
}

/// Whether a `/` after this token starts a regular expression rather than dividing: at
/// the start, after an operator or opening punctuation, or after a keyword such as
/// `return`. After a name, a literal or a closing bracket it divides. When in doubt (`}`,
/// `<` of a closing JSX tag, `>` of an arrow) it is read as before, as one character.
fn regex_may_start(before: Option<&Lexed>, text: &str) -> bool {
    let Some(before) = before else {
        return true;
    };
    match &before.token {
        Token::Name(n) => matches!(
            n.as_str(),
            "return"
                | "typeof"
                | "instanceof"
                | "in"
                | "of"
                | "new"
                | "delete"
                | "void"
                | "throw"
                | "case"
                | "do"
                | "else"
                | "yield"
                | "await"
        ),
        Token::Str(_) | Token::Template | Token::Close => false,
        Token::Colon | Token::Assign | Token::Open | Token::Comma | Token::Join => true,
        Token::Other => matches!(
            text.get(before.span.start..before.span.end),
            Some("(" | "!" | "&" | "|" | "?" | "{" | ";" | "-" | "*" | "%" | "~" | "^" | "=")
        ),
    }
}

/// The longest regular expression read as one: a `/` with no closing `/` this close on
/// its line is read as one character.
const MAX_REGEX_BYTES: usize = 512;

/// The end (after its flags) of a regular expression literal whose opening `/` is at
/// `start`, if it closes on its line: escapes are skipped, and a `/` inside a character
/// class (`[/]`) does not close it. When it does not close, how many bytes were read.
fn regex_end(text: &str, start: usize) -> Result<usize, usize> {
    let b = text.as_bytes();
    let limit = b.len().min(start + MAX_REGEX_BYTES);
    let mut class = false;
    let mut j = start + 1;
    while j < limit {
        match b[j] {
            b'\n' | b'\r' => return Err(j - start),
            b'\\' => {
                if matches!(b.get(j + 1), Some(b'\n' | b'\r')) {
                    return Err(j - start);
                }
                j += 2;
                continue;
            }
            b'[' => class = true,
            b']' => class = false,
            b'/' if !class => {
                j += 1;
                while j < b.len() && b[j].is_ascii_alphabetic() {
                    j += 1;
                }
                return Ok(j);
            }
            _ => {}
        }
        j += 1;
    }
    Err(j - start)
}

/// How a string literal is written, besides its quote character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quote {
    Plain,
    /// Escapes are not read (C#'s `@"..."`, Python's `r"..."`, PHP's `'...'`).
    Raw,
    /// Interpolates (C#'s `$"..."`, Python's `f"..."`).
    Interpolated,
}

/// Where a string literal starts at `i`, if one does: the index of its opening quote and
/// how it is written. Prefixes (`@`, `$`, `f`, `r`, ...) come before the quote.
fn string_start(syntax: Syntax, text: &str, i: usize) -> Option<(usize, Quote)> {
    let b = text.as_bytes();
    let is_quote = |at: usize| matches!(b.get(at), Some(b'"' | b'\''));
    // A prefix is a word of its own: `f"x"` is one, `elf"x"` is not.
    let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    match (syntax, b[i]) {
        (Syntax::Js, b'"' | b'\'' | b'`') => Some((i, Quote::Plain)),
        (Syntax::Php, b'\'') => Some((i, Quote::Raw)),
        (_, b'"' | b'\'') => Some((i, Quote::Plain)),
        (Syntax::CSharp, b'@') if b.get(i + 1) == Some(&b'"') => Some((i + 1, Quote::Raw)),
        (Syntax::CSharp, b'$') if b.get(i + 1) == Some(&b'"') => Some((i + 1, Quote::Interpolated)),
        (Syntax::CSharp, b'$' | b'@')
            if matches!(b.get(i + 1), Some(b'$' | b'@')) && b.get(i + 2) == Some(&b'"') =>
        {
            Some((i + 2, Quote::Interpolated))
        }
        (Syntax::Python, c) if word_start && c.is_ascii_alphabetic() => {
            let prefix_len = b[i..]
                .iter()
                .take(2)
                .take_while(|c| c.is_ascii_alphabetic())
                .count();
            let prefix = text[i..i + prefix_len].to_ascii_lowercase();
            let quote = (1..=prefix_len).find(|n| is_quote(i + n))?;
            let prefix = &prefix[..quote];
            if !prefix.chars().all(|c| matches!(c, 'f' | 'r' | 'b' | 'u')) {
                return None;
            }
            let kind = if prefix.contains('f') {
                Quote::Interpolated
            } else if prefix.contains('r') {
                Quote::Raw
            } else {
                Quote::Plain
            };
            Some((i + quote, kind))
        }
        _ => None,
    }
}

/// Reads a string literal from its opening quote; returns the index after the closing
/// quote, the value with simple escapes resolved, and whether it interpolates. Triple
/// quotes (C#, Java, Kotlin, Python) and JavaScript's template literals span lines.
fn string_literal(syntax: Syntax, text: &str, open: usize, kind: Quote) -> (usize, String, bool) {
    let quote = text.as_bytes()[open] as char;
    let triple = quote != '`'
        && syntax != Syntax::Js
        && syntax != Syntax::Php
        && text[open..].starts_with(&quote.to_string().repeat(3));
    let delimiter: String = if triple {
        quote.to_string().repeat(3)
    } else {
        quote.to_string()
    };
    let body = open + delimiter.len();
    let mut value = String::new();
    let mut interpolated = kind == Quote::Interpolated && {
        // `$"plain"` interpolates nothing: only a `{` makes it a template.
        let end = text[body..]
            .find(delimiter.as_str())
            .map_or(text.len(), |n| body + n);
        text[body..end].contains('{')
    };
    let multiline = triple || quote == '`';
    let escapes = kind != Quote::Raw && !triple;
    let mut chars = text[body..].char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let at = body + offset;
        if text[at..].starts_with(delimiter.as_str()) {
            // C#'s verbatim strings double a quote to write one.
            if kind == Quote::Raw && syntax == Syntax::CSharp && text[at + 1..].starts_with('"') {
                value.push('"');
                chars.next();
                continue;
            }
            return (at + delimiter.len(), value, interpolated);
        }
        match c {
            '\\' if escapes => match chars.next() {
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((_, other)) => value.push(other),
                None => break,
            },
            '$' if text[at..].starts_with("${")
                && (quote == '`' || (syntax == Syntax::Java) || syntax == Syntax::Php) =>
            {
                interpolated = true;
                value.push(c);
            }
            '$' if (syntax == Syntax::Php || syntax == Syntax::Java)
                && quote == '"'
                && text[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') =>
            {
                interpolated = true;
                value.push(c);
            }
            '\n' if !multiline => return (at, value, interpolated),
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

    fn pairs_of(syntax: Syntax, text: &str) -> Vec<(String, String)> {
        parse_code(syntax, text)
            .as_map()
            .unwrap()
            .iter()
            .map(|e| {
                let value = match &e.value.kind {
                    Kind::Str(s) => s.clone(),
                    Kind::Bool(b) => b.to_string(),
                    Kind::Null => "<reference>".to_string(),
                    other => format!("{other:?}"),
                };
                (e.key.clone(), value)
            })
            .collect()
    }

    // An interpolated string is a reference: it gives no setting. The request in its own
    // block names no ERP.net authority while the options block does, so its secret is
    // another provider's and is left out.
    #[test]
    fn csharp_options_and_initializers() {
        let text = r#"
// options.ClientSecret = "in a comment";
services.AddAuthentication().AddOpenIdConnect(options =>
{
    options.Authority = "https://acme.my.erp.net/id";
    options.ClientId = @"com.example/portal";
    options.ClientSecret = "Kx7" + "Qm2Lp9";
    options.CallbackPath = $"/signin-{name}";
    options.SaveTokens = true;
    if (options.ResponseType == "code") { }
});
var request = new ClientCredentialsTokenRequest { ClientSecret = @"a""b" };
"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, text),
            [
                ("Authority", "https://acme.my.erp.net/id"),
                ("ClientId", "com.example/portal"),
                ("ClientSecret", "Kx7Qm2Lp9"),
                ("SaveTokens", "true"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    // ERP.net's own client library takes its settings in order. ERP.net's samples pass the
    // instance's address in a variable set elsewhere; the client's settings are still
    // ERP.net's, while another provider's block beside them is left out.
    #[test]
    fn constructors_that_take_settings_in_order() {
        let text = r#"
const string DatabaseUri = "https://login.other.example/";
var other = new { ClientId = "someone-else", ClientSecret = "OtherSecret" };
// new ErpNetServiceClient("https://x.my.erp.net", "in-a-comment", "nope");
var identity = new ErpNetServiceClient(
    erpNetDatabaseUri,
    "com.example/" + "worker",
    "Hd6Fy1Gs5Ua",
    "read update");
var named = new ErpNetServiceClient(uri, clientApplicationId: "com.example/named",
    clientApplicationSecret: "Named9Secret");
var computed = new ErpNetServiceClient(uri, GetId(), secret + "x", Scopes());
var http = new HttpClient("https://api.example.com");
"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, text),
            [
                (
                    "ErpNetServiceClient.clientApplicationId",
                    "com.example/worker"
                ),
                ("ErpNetServiceClient.clientApplicationSecret", "Hd6Fy1Gs5Ua"),
                ("ErpNetServiceClient.clientApplicationScope", "read update"),
                ("clientApplicationId", "com.example/named"),
                ("clientApplicationSecret", "Named9Secret"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        // A call given variables leaves the file's constants as they are.
        let constants = r#"
const string TrustedAppUri = "com.example/worker";
const string TrustedAppSecret = "Wq4Lp8Zr2Xn6";
var c = new ErpNetServiceClient(erpNetDatabaseUri, TrustedAppUri, TrustedAppSecret);
"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, constants),
            [
                ("TrustedAppUri", "com.example/worker"),
                ("TrustedAppSecret", "Wq4Lp8Zr2Xn6"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        // Python calls a class without `new`.
        let python = "client = ErpNetServiceClient('https://acme.my.erp.net', 'com.example/py', 'PySecret7')\n";
        assert_eq!(
            pairs_of(Syntax::Python, python),
            [
                ("ErpNetServiceClient.databaseUri", "https://acme.my.erp.net"),
                ("ErpNetServiceClient.clientApplicationId", "com.example/py"),
                ("ErpNetServiceClient.clientApplicationSecret", "PySecret7"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn blocks_inside_an_erpnet_block_are_its_own_unless_they_name_another_provider() {
        let js = r#"
const google = { authority: 'https://accounts.google.com', clientId: 'g-app' };
app.use(auth({
  issuerBaseURL: 'https://acme.my.erp.net/id',
  clientID: 'com.acme/portal',
  authorizationParams: { response_type: 'code', scope: 'openid DomainApi' },
  backup: { authority: 'https://login.other.example', clientId: 'other-app' },
}));
"#;
        assert_eq!(
            pairs_of(Syntax::Js, js),
            [
                ("issuerBaseURL", "https://acme.my.erp.net/id"),
                ("clientID", "com.acme/portal"),
                ("response_type", "code"),
                ("scope", "openid DomainApi"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn initializer_keys_are_named_by_their_type_where_the_vocabulary_says_so() {
        let cs = r#"
var refresh = new RefreshTokenRequest { Address = "https://id.example.com/connect/token" };
var token = new ClientCredentialsTokenRequest() { Address = "https://id.example.com/t" };
var label = new Label { Address = "221B Baker Street" };
"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, cs),
            [
                (
                    "RefreshTokenRequest.Address",
                    "https://id.example.com/connect/token"
                ),
                (
                    "ClientCredentialsTokenRequest.Address",
                    "https://id.example.com/t"
                ),
                ("Address", "221B Baker Street"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn php_arrays_python_keywords_and_java_fields() {
        let php = r#"<?php
# 'client_secret' => 'commented out',
$provider = new GenericProvider([
    'clientId'     => 'com.example/shop',
    'clientSecret' => 'Zr4' . 'Wq8',
    'redirectUri'  => "https://shop.example.com/cb?user=$user",
]);
"#;
        assert_eq!(
            pairs_of(Syntax::Php, php),
            [("clientId", "com.example/shop"), ("clientSecret", "Zr4Wq8"),]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        let python = r#"
# client_secret = "commented out"
oauth.register(
    name="erp",
    client_id="com.example/reports",
    client_secret=f"{SECRET}",
    server_metadata_url='https://acme.my.erp.net/id/.well-known/openid-configuration',
    note="""client_secret = "inside a string" """,
)
"#;
        assert_eq!(
            pairs_of(Syntax::Python, python),
            [
                ("name", "erp"),
                ("client_id", "com.example/reports"),
                (
                    "server_metadata_url",
                    "https://acme.my.erp.net/id/.well-known/openid-configuration"
                ),
                ("note", "client_secret = \"inside a string\" "),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        let kotlin = r#"
/* clientSecret = "in a block comment" */
val clientId = "com.example/app"
val issuer = "https://${host}/id"
"#;
        assert_eq!(
            pairs_of(Syntax::Java, kotlin),
            [("clientId", "com.example/app")].map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn xml_app_settings() {
        let text = r#"<?xml version="1.0"?>
<configuration>
  <!-- <add key="ClientSecret" value="commented out" /> -->
  <appSettings>
    <add key="ClientId" value="com.example/web" />
    <add key="ClientSecret" value="Zx1Cv2Bn3Mq4" />
  </appSettings>
  <system.web><compilation debug="true" /></system.web>
</configuration>
"#;
        assert_eq!(
            pairs_of(Syntax::Xml, text),
            [
                ("ClientId", "com.example/web"),
                ("ClientSecret", "Zx1Cv2Bn3Mq4")
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn verbatim_strings_and_markup() {
        // Without an ERP.net authority anywhere, every block counts.
        let csharp =
            r#"var request = new ClientCredentialsTokenRequest { ClientSecret = @"a""b" };"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, csharp),
            [("ClientSecret".to_string(), "a\"b".to_string())]
        );
        // In a page, only the `<script>` blocks are read: `scope="col"` is markup.
        let page = r#"<table><th scope="col">Name</th></table>
<script>var settings = { client_id: "com.example/spa", scope: "openid read" };</script>"#;
        assert_eq!(
            pairs_of(Syntax::Page, page),
            [("client_id", "com.example/spa"), ("scope", "openid read")]
                .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn typed_declarations() {
        let ts = "export class Auth { private readonly clientId: string = 'com.example/spa'; }";
        assert_eq!(
            pairs_of(Syntax::Js, ts),
            [("clientId".to_string(), "com.example/spa".to_string())]
        );
        let kotlin = "const val CLIENT_ID: String = \"com.example/app\"";
        assert_eq!(
            pairs_of(Syntax::Java, kotlin),
            [("CLIENT_ID".to_string(), "com.example/app".to_string())]
        );
        let python = "class Settings(BaseSettings):\n    client_id: str = \"com.example/svc\"\n";
        assert_eq!(
            pairs_of(Syntax::Python, python),
            [("client_id".to_string(), "com.example/svc".to_string())]
        );
    }

    #[test]
    fn settings_passed_to_calls() {
        let csharp = r#"
var app = ConfidentialClientApplicationBuilder.Create("com.example/worker")
    .WithClientSecret("Kd8Lf3Mg7Nh2")
    .WithAuthority("https://acme.my.erp.net/id")
    .Build();
options.Scope.Add("update");
Console.WriteLine("not a setting");
"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, csharp),
            [
                ("ClientSecret", "Kd8Lf3Mg7Nh2"),
                ("Authority", "https://acme.my.erp.net/id"),
                ("Scope", "update"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
        let python = r#"secret = os.getenv("CLIENT_SECRET", "Pw4Qx8Ry2Sz6")"#;
        assert_eq!(
            pairs_of(Syntax::Python, python),
            [("CLIENT_SECRET".to_string(), "Pw4Qx8Ry2Sz6".to_string())]
        );
    }

    /// Each setting's key, and the text at its key span and at its value span.
    fn spans_of(syntax: Syntax, text: &str) -> Vec<(String, String, String)> {
        parse_code(syntax, text)
            .as_map()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e.key.clone(),
                    text[e.key_span.start..e.key_span.end].to_string(),
                    text[e.value.span.start..e.value.span.end].to_string(),
                )
            })
            .collect()
    }

    fn triples(items: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
        items
            .iter()
            .map(|(k, ks, v)| (k.to_string(), ks.to_string(), v.to_string()))
            .collect()
    }

    // The subscript is the key; reading a subscript, or comparing it, is no setting.
    #[test]
    fn subscripts_assigned_to() {
        let python = r#"
app = Flask(__name__)
app.config["ERP_CLIENT_ID"] = "com.example/timesheets"
app.config['ERP_CLIENT_SECRET'] = 'Hv5' + 'Nc8Tq1Rz'
settings["scopes"] = ["openid", "read"]
if app.config["ERP_CLIENT_ID"] == "none": pass
token = app.config["ERP_CLIENT_SECRET"]
app.config["ERP_CLIENT_SECRET"] += "x"
"#;
        assert_eq!(
            spans_of(Syntax::Python, python),
            triples(&[
                (
                    "ERP_CLIENT_ID",
                    "\"ERP_CLIENT_ID\"",
                    "\"com.example/timesheets\""
                ),
                (
                    "ERP_CLIENT_SECRET",
                    "'ERP_CLIENT_SECRET'",
                    "'Hv5' + 'Nc8Tq1Rz'"
                ),
                ("scopes", "\"scopes\"", "[\"openid\", \"read\"]"),
            ])
        );
        assert_eq!(
            pairs_of(Syntax::Python, python)[1],
            ("ERP_CLIENT_SECRET".to_string(), "Hv5Nc8Tq1Rz".to_string())
        );
        let php = "<?php\n$config['client_secret'] = 'Pm3Lk9Jh2Gf';\n$config['redirect_uri'] = \"$base/cb\";\n";
        assert_eq!(
            spans_of(Syntax::Php, php),
            triples(&[("client_secret", "'client_secret'", "'Pm3Lk9Jh2Gf'")])
        );
        let js = "config[\"clientSecret\"] = \"Wd4Se6Rf8\";\nconst s = config[\"clientSecret\"];";
        assert_eq!(
            spans_of(Syntax::Js, js),
            triples(&[("clientSecret", "\"clientSecret\"", "\"Wd4Se6Rf8\"")])
        );
        let csharp = r#"Configuration["Authentication:ClientSecret"] = "Yh7Uj8Ik9";"#;
        assert_eq!(
            pairs_of(Syntax::CSharp, csharp),
            [(
                "Authentication:ClientSecret".to_string(),
                "Yh7Uj8Ik9".to_string()
            )]
        );
    }
    // A literal tried after an environment variable is committed all the same: it is a
    // value of the setting, whichever name the setting has (the assigned one, or the
    // variable's when only it names a setting).
    #[test]
    fn literal_fallbacks() {
        let js = r#"
const SESSION_SECRET = process.env.SESSION_SECRET || 'dev-session';
export const options = {
  clientId: process.env.ERP_CLIENT_ID || "",
  clientSecret: process.env.ERP_CLIENT_SECRET ?? "Ab1" + "Cd2Ef3",
  issuer: process.env.ERP_ISSUER!,
  scope: (process.env.ERP_SCOPE as string) || "openid",
  redirectUri: process.env["ERP_REDIRECT_URI"] || process.env.REDIRECT_URI || "https://app.example.com/cb",
  secret: `${process.env.NEXTAUTH_SECRET}` ?? "Gh4Ij5Kl6",
};
const secret = process.env.OIDC_CLIENT_SECRET ?? "Mn7Op8Qr9";
const provider = new Issuer(process.env.ERP_AUTHORITY || "https://login.example.com/id");
const label = props.label || "Client secret";
const usePkce = process.env.USE_PKCE === "true" || false;
const port = process.env.PORT || 3000;
options.clientSecret ||= "not-a-fallback";
"#;
        assert_eq!(
            spans_of(Syntax::Js, js),
            triples(&[
                ("SESSION_SECRET", "SESSION_SECRET", "'dev-session'"),
                ("clientId", "clientId", "\"\""),
                ("clientSecret", "clientSecret", "\"Ab1\" + \"Cd2Ef3\""),
                (
                    "redirectUri",
                    "redirectUri",
                    "\"https://app.example.com/cb\""
                ),
                ("secret", "secret", "\"Gh4Ij5Kl6\""),
                ("OIDC_CLIENT_SECRET", "OIDC_CLIENT_SECRET", "\"Mn7Op8Qr9\""),
                (
                    "ERP_AUTHORITY",
                    "ERP_AUTHORITY",
                    "\"https://login.example.com/id\""
                ),
                ("label", "label", "\"Client secret\""),
            ])
        );
        assert_eq!(
            pairs_of(Syntax::Js, js)[2],
            ("clientSecret".to_string(), "Ab1Cd2Ef3".to_string())
        );
        let python = r#"
app.config["ERP_CLIENT_ID"] = os.environ.get("ERP_CLIENT_ID", "com.example/reports")
client_secret = os.environ.get("ERP_CLIENT_SECRET") or "St1Uv2Wx3"
oauth.register(name="erp", client_secret=os.getenv("ERP_APP_KEY", "Yz4Ab5Cd6"))
os.getenv("ERP_SCOPE", "openid read")
SECRET_KEY = os.environ.get("SECRET_KEY", os.urandom(32).hex())
"#;
        assert_eq!(
            spans_of(Syntax::Python, python),
            triples(&[
                (
                    "ERP_CLIENT_ID",
                    "\"ERP_CLIENT_ID\"",
                    "\"com.example/reports\""
                ),
                ("client_secret", "client_secret", "\"St1Uv2Wx3\""),
                ("name", "name", "\"erp\""),
                ("client_secret", "client_secret", "\"Yz4Ab5Cd6\""),
                ("ERP_SCOPE", "\"ERP_SCOPE\"", "\"openid read\""),
            ])
        );
        let csharp = r#"
options.ClientSecret = Environment.GetEnvironmentVariable("ERP_SECRET") ?? "Ef7Gh8Ij9";
var clientId = Environment.GetEnvironmentVariable("ERP_CLIENT_ID") ?? "com.example/worker";
options.Authority = Configuration["Erp:Authority"] ?? "https://login.example.com/id";
"#;
        assert_eq!(
            spans_of(Syntax::CSharp, csharp),
            triples(&[
                ("ClientSecret", "ClientSecret", "\"Ef7Gh8Ij9\""),
                ("clientId", "clientId", "\"com.example/worker\""),
                ("Authority", "Authority", "\"https://login.example.com/id\""),
            ])
        );
        let php = r#"<?php
define('OAUTH_CLIENT_SECRET', getenv('OAUTH_CLIENT_SECRET') ?: 'Kl1Mn2Op3');
$clientId = $_ENV['ERP_CLIENT_ID'] ?? getenv('ERP_CLIENT_ID') ?: '';
$provider = new GenericProvider([
    'clientSecret' => getenv('ERP_CLIENT_SECRET') ?: 'Qr4St5Uv6',
    'redirectUri'  => env('ERP_REDIRECT_URI', 'https://shop.example.com/cb'),
]);
$ok = $user->isAdmin() || 'never';
"#;
        assert_eq!(
            spans_of(Syntax::Php, php),
            triples(&[
                (
                    "OAUTH_CLIENT_SECRET",
                    "'OAUTH_CLIENT_SECRET'",
                    "'Kl1Mn2Op3'"
                ),
                ("$clientId", "$clientId", "''"),
                ("clientSecret", "'clientSecret'", "'Qr4St5Uv6'"),
                (
                    "redirectUri",
                    "'redirectUri'",
                    "'https://shop.example.com/cb'"
                ),
            ])
        );
        let kotlin = r#"
val clientSecret = System.getenv("ERP_CLIENT_SECRET") ?: "Wx7Yz8Ab9"
val clientId: String = System.getenv().getOrDefault("ERP_CLIENT_ID", "com.example/app")
"#;
        assert_eq!(
            spans_of(Syntax::Java, kotlin),
            triples(&[
                ("clientSecret", "clientSecret", "\"Wx7Yz8Ab9\""),
                ("clientId", "clientId", "\"com.example/app\""),
            ])
        );
    }
    // A backtick or quote in a regular expression starts no string, so the settings after
    // it are read; a `/` after a name, a literal or a closing bracket still divides.
    #[test]
    fn regular_expressions() {
        let js = r#"
const quotes = /[`'"]/g;
const plain = name.replace(/`/g, "").split(/'/);
const host = /^https?:\/\/[^/]+\//i.exec(url);
const ratio = total / count, half = (a + b) / 2 / c, unit = "px/em";
function starred(s) { return /\*`/.test(s); }
export const oidc = {
  clientId: "com.example/spa",
  clientSecret: "Rt5Yu6Io7",
};
"#;
        assert_eq!(
            spans_of(Syntax::Js, js),
            triples(&[
                ("unit", "unit", "\"px/em\""),
                ("clientId", "clientId", "\"com.example/spa\""),
                ("clientSecret", "clientSecret", "\"Rt5Yu6Io7\""),
            ])
        );
        // A `/` that opens no regular expression on its line is one character.
        let open = "const a = (/[a-z;\nconst clientSecret = \"Op9Lk8Ji7\";\n";
        assert_eq!(
            spans_of(Syntax::Js, open),
            triples(&[("clientSecret", "clientSecret", "\"Op9Lk8Ji7\"")])
        );
        // In a page, too.
        let page = "<script>\nconst re = /[`]/;\nconst clientId = 'com.example/spa';\n</script>";
        assert_eq!(
            pairs_of(Syntax::Page, page),
            [("clientId".to_string(), "com.example/spa".to_string())]
        );
    }
    // A heredoc or nowdoc is one string, whatever it holds (a quote, `/*`, `#`, a key and a
    // value): the settings after it are read, and none inside it.
    #[test]
    fn php_heredoc_and_nowdoc() {
        let php = r#"<?php
$help = <<<EOT
    Don't put /* the secret here; # not a comment
      clientSecret: "inside a heredoc"
    EOT;
$page = <<<"HTML"
<p>Signed in as {$user->name}</p>
HTML;
$note = <<< 'NOTE'
Costs $5 \n per 'call'
NOTE;
$provider = new GenericProvider([
    'clientId'     => 'com.example/shop',
    'clientSecret' => 'Tx6Rq9Lm',
]);
"#;
        assert_eq!(
            spans_of(Syntax::Php, php),
            triples(&[
                (
                    "$help",
                    "$help",
                    "<<<EOT\n    Don't put /* the secret here; # not a comment\n      clientSecret: \"inside a heredoc\"\n    EOT"
                ),
                (
                    "$note",
                    "$note",
                    "<<< 'NOTE'\nCosts $5 \\n per 'call'\nNOTE"
                ),
                ("clientId", "'clientId'", "'com.example/shop'"),
                ("clientSecret", "'clientSecret'", "'Tx6Rq9Lm'"),
            ])
        );
        assert_eq!(
            pairs_of(Syntax::Php, php)[..2],
            [
                (
                    "$help".to_string(),
                    "Don't put /* the secret here; # not a comment\n  clientSecret: \"inside a heredoc\""
                        .to_string()
                ),
                ("$note".to_string(), "Costs $5 \\n per 'call'".to_string()),
            ]
        );
        // One that never closes runs to the end, as an unclosed string does; `<<<` without
        // a label on its own line is no heredoc.
        let open = "<?php\n$a = <<<EOT\nclientSecret = 'x';\n";
        assert_eq!(
            spans_of(Syntax::Php, open),
            triples(&[("$a", "$a", "<<<EOT\nclientSecret = 'x';\n")])
        );
        let shift = "<?php\n$b = 1 <<< 2; $clientSecret = 'Wq8Er7Ty6';\n";
        assert_eq!(
            pairs_of(Syntax::Php, shift),
            [("$clientSecret".to_string(), "Wq8Er7Ty6".to_string())]
        );
    }
}
