//! `CONTRIBUTING.md` stays true: every file or folder it names exists.

use std::path::Path;

/// The repository paths a text names in backticks: anything with a `/` or a file ending,
/// leaving out placeholders (`<family>`, the example rule `TA607`), globs and paths outside
/// the repository.
fn named_paths(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, piece) in text.split('`').enumerate() {
        // Odd pieces are inside backticks; code blocks are skipped.
        if i % 2 == 0 || piece.contains('\n') || piece.contains(' ') {
            continue;
        }
        let path = piece.trim_end_matches(['.', ',']);
        let looks_like_path = path.contains('/')
            || [".rs", ".md", ".toml", ".yaml", ".json", ".snap"]
                .iter()
                .any(|e| path.ends_with(e));
        let placeholder = path.contains(['<', '*', '{', '('])
            || path.contains("TA607")
            || path.contains("some_name")
            || path.starts_with("../")
            || path.starts_with("http");
        if looks_like_path && !placeholder {
            out.push(path.to_string());
        }
    }
    out
}

#[test]
fn every_path_contributing_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let paths = named_paths(&text);
    assert!(paths.len() > 20, "the reader found only {paths:?}");
    let missing: Vec<&String> = paths.iter().filter(|p| !root.join(p).exists()).collect();
    assert!(
        missing.is_empty(),
        "CONTRIBUTING.md names paths that do not exist: {missing:?}"
    );
}

#[test]
fn the_reader_finds_paths_and_skips_placeholders() {
    let found = named_paths(
        "see `src/rules/scope.rs`, `rules/TA607.toml`, `src/rules/<family>.rs`, `Rule::X` and `CHANGELOG.md`.",
    );
    assert_eq!(found, ["src/rules/scope.rs", "CHANGELOG.md"]);
}
