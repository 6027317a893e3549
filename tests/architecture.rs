//! The shape of `src/`: a short front in `lib.rs`, no module reaching up to the crate root
//! for a helper, and module dependencies that only point down (no cycle). Read from the
//! `crate::` and `super::` paths of the source, so that a change that breaks the shape fails
//! here with the offending path named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_LIB_LINES: usize = 300;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file that the library is built from: line comments and `#[cfg(test)]`
/// modules left out (any other `#[cfg(test)]` item stays, so it cannot hide what follows).
fn code_of(text: &str) -> String {
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let item = after.trim_start();
        if !item.starts_with("mod ") {
            out.push_str("#[cfg(test)]");
            rest = after;
            continue;
        }
        // Skip the module: `mod x;`, or `mod x { ... }` to its matching brace.
        let semicolon = item.find(';');
        let brace = item.find('{');
        let end = match (semicolon, brace) {
            (Some(s), Some(b)) if s < b => s + 1,
            (Some(s), None) => s + 1,
            (_, Some(b)) => {
                let mut depth = 0usize;
                let mut end = item.len();
                for (i, c) in item[b..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = b + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// The module path of a file: `src/engine/load.rs` is `engine::load`, `src/engine/mod.rs`
/// is `engine`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).unwrap();
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    if last != "mod.rs" {
        parts.push(last.trim_end_matches(".rs").to_string());
    }
    parts
}

/// What a path names at the crate root: each first segment after `crate::` (or after as
/// many `super::` as lead to the root), each name of a `{...}` group, or `*`. The second
/// list is the top-level modules that `super::` paths reach below the root.
fn root_names(code: &str, module: &[String]) -> (Vec<String>, Vec<String>) {
    let bytes = code.as_bytes();
    let mut at_root = Vec::new();
    let mut below = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        // Byte by byte: both words are ASCII, so where one starts is a character boundary.
        let here = &bytes[i..];
        let (base, after) = if word_start && here.starts_with(b"crate::") {
            (Vec::new(), &code[i + "crate::".len()..])
        } else if word_start && here.starts_with(b"super::") {
            let mut after = &code[i..];
            let mut ups = 0;
            while let Some(r) = after.strip_prefix("super::") {
                after = r;
                ups += 1;
            }
            (module[..module.len().saturating_sub(ups)].to_vec(), after)
        } else {
            i += 1;
            continue;
        };
        i = code.len() - after.len();
        if let Some(top) = base.first() {
            below.push(top.clone());
        } else {
            at_root.extend(first_segments(after));
        }
    }
    (at_root, below)
}

/// The first segment of a path's remainder, or of each member of a `{...}` group.
fn first_segments(after: &str) -> Vec<String> {
    let name = |s: &str| -> String {
        let s = s.trim();
        if s.starts_with('*') {
            return "*".to_string();
        }
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = after.strip_prefix('{') else {
        return vec![name(after)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
    };
    // The members at the group's own depth, split on its commas.
    let mut members = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                members.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                members.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    members
        .into_iter()
        .map(name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// The top-level modules `lib.rs` declares.
fn modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

/// For each library file other than `lib.rs` and `main.rs`: its module path and code.
fn library_files() -> Vec<(PathBuf, Vec<String>, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|f| {
            let name = f.file_name().unwrap().to_string_lossy();
            name != "lib.rs" && name != "main.rs"
        })
        .map(|f| {
            let module = module_path(&f);
            let code = code_of(&std::fs::read_to_string(&f).unwrap());
            (f, module, code)
        })
        .collect()
}

#[test]
fn lib_rs_is_a_short_front() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let lines = lib.lines().count();
    assert!(
        lines <= MAX_LIB_LINES,
        "src/lib.rs has {lines} lines; it declares modules and re-exports, and the work lives in modules"
    );
    assert!(
        !code_of(&lib).contains("fn "),
        "src/lib.rs defines a function; put it in the module it belongs to"
    );
}

#[test]
fn no_module_reaches_up_to_the_crate_root() {
    let modules = modules();
    let mut problems = Vec::new();
    for (file, module, code) in library_files() {
        for name in root_names(&code, &module).0 {
            if !modules.contains(&name) {
                problems.push(format!(
                    "{}: `{name}` is taken from the crate root, which only re-exports; use the module that defines it",
                    file.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn module_dependencies_point_one_way() {
    let modules = modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, module, code) in library_files() {
        let from = module[0].clone();
        let (at_root, below) = root_names(&code, &module);
        for to in at_root.into_iter().chain(below) {
            if to != from && modules.contains(&to) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "modules that depend on each other:\n{}",
        cycles.join("\n")
    );
}

/// The cycles of a graph, as `a -> b -> a`, found by a depth-first search.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            cycles.push(cycle.join(" -> "));
            return;
        }
        if !done.insert(node.to_string()) {
            return;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
    }
    let mut found = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut found);
    }
    found
}

#[test]
fn the_readers_see_every_way_up() {
    let module = |p: &str| p.split("::").map(String::from).collect::<Vec<_>>();
    // Each way a path can name the crate root, and the group syntax.
    let cases = [
        (
            "use crate::report::Report;",
            "engine::load",
            vec!["report"],
            vec![],
        ),
        ("use crate::Report;", "render::json", vec!["Report"], vec![]),
        ("use crate::*;", "render::json", vec!["*"], vec![]),
        (
            "use crate::{report::{FoundSecret, Report}, escape as e};",
            "render",
            vec!["report", "escape"],
            vec![],
        ),
        ("use super::Report;", "engine", vec!["Report"], vec![]),
        (
            "use super::super::FoundSecret;",
            "engine::load",
            vec!["FoundSecret"],
            vec![],
        ),
        ("use super::Run;", "engine::load", vec![], vec!["engine"]),
        (
            "use super::super::engine::CheckOptions;",
            "secrets::mask",
            vec!["engine"],
            vec![],
        ),
        ("let supercrate::x = 1;", "escape", vec![], vec![]),
    ];
    for (code, at, root, below) in cases {
        let (found_root, found_below) = root_names(code, &module(at));
        assert_eq!(found_root, root, "{code} in {at}");
        assert_eq!(found_below, below, "{code} in {at}");
    }
    // Only test modules are left out; other test-only items do not hide what follows.
    assert_eq!(
        code_of(
            "use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests { use crate::c; }\nuse crate::d;"
        ),
        "use crate::a;\n\nuse crate::d;"
    );
    assert!(
        code_of("#[cfg(test)]\nconst X: u8 = 0;\nuse crate::Report;").contains("crate::Report")
    );
    assert!(!modules().contains("Report"));
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert_eq!(cycles(&graph), ["a -> b -> a"]);
}
