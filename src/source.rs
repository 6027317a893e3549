//! Source files, byte spans and the line index that turns a span into line and column.

use std::path::{Component, Path, PathBuf};

/// A half-open byte range `start..end` into one source file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// A sub-range of this span, given relative to its start.
    pub fn slice(&self, from: usize, to: usize) -> Span {
        Span::new(self.start + from, self.start + to)
    }
}

/// A 1-based line and column; the column counts Unicode scalar values, as SARIF's
/// `unicodeCodePoints` column kind does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// One file that was read: its path as the user should see it, and its text.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as found on disk.
    pub path: PathBuf,
    /// The path shown in reports: relative to the working directory, `/`-separated.
    pub display: String,
    pub text: String,
    /// Where each line starts, built on first use (most files of a large run never have a
    /// position asked of them).
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Characters before each 1 KiB block of the text, built on first use, so that a column
    /// on a 4 MB line is counted from the nearest block, not from the line's start.
    char_blocks: std::sync::OnceLock<Vec<usize>>,
}

/// The block size of [`SourceFile`]'s character index.
const BLOCK: usize = 1024;

impl SourceFile {
    pub fn new(path: PathBuf, display: String, text: String) -> Self {
        SourceFile {
            path,
            // A file name is text from the repository: escaped like any message.
            display: crate::escape::clean_path(&display),
            text,
            line_starts: std::sync::OnceLock::new(),
            char_blocks: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// Characters in `text[..offset]`, `offset` on a character boundary: from the block
    /// index, plus at most a block counted by hand.
    fn chars_before(&self, offset: usize) -> usize {
        let blocks = self.char_blocks.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut out = Vec::with_capacity(bytes.len() / BLOCK + 1);
            let mut count = 0;
            for chunk in bytes.chunks(BLOCK) {
                out.push(count);
                count += chunk.iter().filter(|b| (**b as i8) >= -0x40).count();
            }
            out.push(count);
            out
        });
        let block = offset / BLOCK;
        let from = block * BLOCK;
        // A character starts at every byte that is not a UTF-8 continuation byte.
        blocks[block]
            + self.text.as_bytes()[from..offset]
                .iter()
                .filter(|b| (**b as i8) >= -0x40)
                .count()
    }

    /// An in-memory source, for examples and tests.
    pub fn in_memory(name: &str, text: &str) -> Self {
        Self::new(PathBuf::from(name), name.to_string(), text.to_string())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Line and column of a byte offset. Offsets inside a multi-byte character or past the
    /// end are clamped rather than trusted.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let mut start = self.line_starts()[line];
        // A byte-order mark is not a column an editor shows.
        if start == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = if offset - start <= BLOCK {
            crate::work::add(offset - start);
            self.text[start..offset].chars().count() + 1
        } else {
            crate::work::add(2 * BLOCK);
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte range of the line that holds `offset`, without its line end.
    pub fn line_bounds(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts().partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts()[line];
        let end = self
            .line_starts()
            .get(line + 1)
            .map_or(self.text.len(), |&n| n - 1);
        (start, end.max(start))
    }

    /// Line and column of the last character of a span (its inclusive end), or of the
    /// span's start when it is empty.
    pub fn end_line_col(&self, span: Span) -> LineCol {
        if span.is_empty() {
            return self.line_col(span.start);
        }
        let end = floor_char_boundary(&self.text, span.end.min(self.text.len()));
        // The column after the last character, as SARIF's endColumn wants.
        let lc = self.line_col(end);
        if lc.column == 1 && lc.line > 1 && end > span.start {
            // A span ending with a newline ends at the end of the previous line.
            let prev = self.line_col(end - 1);
            return LineCol {
                line: prev.line,
                column: prev.column + 1,
            };
        }
        lc
    }

    /// Where a string value's characters start, when the text of `span` is the value itself,
    /// plainly or between quotes. Escaped or folded strings have no such offset.
    pub fn content_offset(&self, span: Span, value: &str) -> Option<usize> {
        let raw = self.slice(span);
        crate::work::add(raw.len().min(value.len()));
        if raw == value {
            return Some(span.start);
        }
        if raw.len() >= 2 && raw.get(1..raw.len() - 1) == Some(value) {
            return Some(span.start + 1);
        }
        None
    }

    /// The span of `range` (byte offsets into a value whose node spans `span`), or the
    /// whole node when the value's characters cannot be located in the file.
    pub fn span_within(&self, span: Span, value: &str, range: std::ops::Range<usize>) -> Span {
        match self.content_offset(span, value) {
            Some(base) => Span::new(base + range.start, base + range.end),
            None => span,
        }
    }

    /// The text of a span, or an empty string when it does not fall on character
    /// boundaries of this file.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path of `path` as reports show it: relative to `base` when it lies below it,
/// absolute otherwise, with `/` as the separator on every platform.
pub fn display_path(path: &Path, base: &Path) -> String {
    let (shown, absolute) = match path.strip_prefix(base) {
        Ok(rel) => (rel, false),
        Err(_) => (path, path.is_absolute()),
    };
    // Most paths are already what the parts below would join to: names between single
    // slashes, none of them `.`.
    if !absolute
        && std::path::MAIN_SEPARATOR == '/'
        && let Some(text) = shown.to_str()
        && !text.is_empty()
        && text.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return crate::escape::clean_path(text);
    }
    let parts: Vec<String> = shown
        .components()
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::CurDir | Component::RootDir => None,
        })
        .collect();
    let shown = match (absolute, parts.is_empty()) {
        (true, _) => format!("/{}", parts.join("/")).replacen("//", "/", 1),
        (false, true) => ".".to_string(),
        (false, false) => parts.join("/"),
    };
    crate::escape::clean_path(&shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let f = SourceFile::in_memory("a.yaml", "Name: Портал\nScope: sec\n");
        let at = f.text.find("sec").unwrap();
        assert_eq!(f.line_col(at), LineCol { line: 2, column: 8 });
        let at = f.text.find('П').unwrap() + "Портал".len();
        assert_eq!(
            f.line_col(at),
            LineCol {
                line: 1,
                column: 13
            }
        );
    }

    #[test]
    fn end_of_span_is_the_column_after_its_last_character() {
        let f = SourceFile::in_memory("a.yaml", "Scope: sec\n");
        let start = f.text.find("sec").unwrap();
        let span = Span::new(start, start + 3);
        assert_eq!(
            f.end_line_col(span),
            LineCol {
                line: 1,
                column: 11
            }
        );
    }

    #[test]
    fn display_paths_are_relative_and_slash_separated() {
        let base = Path::new("/repo");
        assert_eq!(
            display_path(Path::new("/repo/apps/a.yaml"), base),
            "apps/a.yaml"
        );
        assert_eq!(
            display_path(Path::new("./x/y.json"), Path::new("/elsewhere")),
            "x/y.json"
        );
    }
}
