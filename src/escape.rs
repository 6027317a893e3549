//! Text from a file made fit for any output. No output can be forged: a value, a key or
//! a file name never reaches output with a control character, a bidirectional override,
//! a line separator or a CI command in it ([`clean_text`], [`clean_path`]).

use crate::secrets::mask_shaped;

/// The most characters of a message or help text: a finding may quote a value, and a value
/// can be megabytes long.
pub const MAX_TEXT_CHARS: usize = 600;

/// Characters that never reach output as themselves: control characters (line ends,
/// escape sequences), the bidirectional controls that make a terminal or a browser show
/// text in another order than it is read (U+202E and its kin), the line and paragraph
/// separators U+2028 and U+2029, and the noncharacters (U+FFFE, U+FFFF, ...) that XML
/// cannot carry.
pub fn is_unsafe_char(c: char) -> bool {
    let u = c as u32;
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
        || (0xfdd0..=0xfdef).contains(&u)
        || (u & 0xfffe) == 0xfffe
}

fn escape_into(out: &mut String, c: char) {
    if is_unsafe_char(c) {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// Text fit for any output: unsafe characters ([`is_unsafe_char`]) are shown as `\u{..}`
/// escapes, so that a value from a file cannot forge lines, reorder what a reader sees or
/// drive a terminal, and the text is cut to [`MAX_TEXT_CHARS`].
pub fn clean_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_CHARS + 8));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_TEXT_CHARS {
            out.push('…');
            break;
        }
        escape_into(&mut out, c);
    }
    defuse_commands(out)
}

/// CI systems read commands from the output: GitHub `::command::` at the start of a line,
/// Azure Pipelines `##vso[...]` anywhere in one and `##[...]` at the start. A text from a
/// file shows them with their second character escaped, so that none is read.
fn defuse_commands(text: String) -> String {
    if !text.contains("::") && !text.contains("##") {
        return text;
    }
    let mut text = text;
    if text.trim_start().starts_with("::") || text.trim_start().starts_with("##") {
        let at = text.len() - text.trim_start().len() + 1;
        let c = &text[at..at + 1];
        let escaped = format!("\\u{{{:x}}}", c.as_bytes()[0]);
        text.replace_range(at..at + 1, &escaped);
    }
    // `##vso[` (Azure Pipelines) and `##[` (GitHub's older command form, which its runner
    // still finds anywhere in a line) are read in the middle of a line too.
    let at = command_marks(&text);
    if !at.is_empty() {
        let mut out = String::with_capacity(text.len() + 8);
        let mut from = 0;
        for i in at {
            out.push_str(&text[from..i]);
            out.push_str("\\u{23}");
            from = i + 1;
        }
        out.push_str(&text[from..]);
        text = out;
    }
    text
}

/// The offsets of the second `#` of every `##[` and `##vso[` in a text.
pub fn command_marks(text: &str) -> Vec<usize> {
    if !text.contains("##") {
        return Vec::new();
    }
    let lower = text.to_ascii_lowercase();
    let mut at: Vec<usize> = lower
        .match_indices("##[")
        .chain(lower.match_indices("##vso["))
        .map(|(i, _)| i + 1)
        .collect();
    at.sort_unstable();
    at.dedup();
    at
}

/// A path as output shows it: escaped exactly like a message, never cut. A file named
/// `x\n::error ...` is shown as `x\u{a}::error ...`, on one line.
pub fn clean_path(text: &str) -> String {
    // A file or folder can be named after a token, too; and a path starts the lines of the
    // concise format, so `::` in it (a name like `::error title=x::y.yaml`) is escaped.
    let masked = mask_shaped(text);
    let text = masked.replace("::", ":\\u{3a}");
    let text = text.as_str();
    if !text.chars().any(is_unsafe_char) {
        return defuse_commands(text.to_string());
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        escape_into(&mut out, c);
    }
    defuse_commands(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped() {
        assert_eq!(
            clean_text("a\u{202e}b\u{2028}c\u{fffe}"),
            "a\\u{202e}b\\u{2028}c\\u{fffe}"
        );
        assert_eq!(clean_path("x\n::error"), "x\\u{a}:\\u{3a}error");
        assert_eq!(clean_path("apps/web.yaml"), "apps/web.yaml");
    }

    #[test]
    fn ci_commands_in_texts_and_paths_are_defused() {
        assert_eq!(
            clean_path("::error title=Forged::injected.trusted-app.yaml"),
            ":\\u{3a}error title=Forged:\\u{3a}injected.trusted-app.yaml"
        );
        assert_eq!(clean_path("##[error]x.yaml"), "#\\u{23}[error]x.yaml");
        assert_eq!(
            clean_text("scope `##vso[task.setvariable variable=x]y`"),
            "scope `#\\u{23}vso[task.setvariable variable=x]y`"
        );
        assert_eq!(clean_text("::stop-commands::x"), ":\\u{3a}stop-commands::x");
        assert_eq!(
            clean_text("read ##[error]FORGED and ###[x"),
            "read #\\u{23}[error]FORGED and ##\\u{23}[x"
        );
        assert_eq!(clean_text("a::b"), "a::b");
    }
}
