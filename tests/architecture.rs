//! The shape of `src/`: a short front in `lib.rs`, no module reaching up to the crate root
//! for a helper, and module dependencies that only point down (no cycle). Read from the
//! `use crate::` paths of the source, so that a change that breaks the shape fails here
//! with the offending path named.

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

/// The code of a file that the library is built from: its unit tests (a `#[cfg(test)]`
/// module at the end) and its comments left out.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::name` in a text, by the name that follows.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        // `crate::{a, b}`: each name of the group.
        if name.is_empty() && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            out.extend(
                group
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default().to_string()),
            );
        } else {
            out.push(name);
        }
        rest = after;
    }
    out.retain(|n| !n.is_empty());
    out
}

/// The top-level modules `lib.rs` declares.
fn modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect()
}

/// The top-level module a file belongs to (`src/engine/load.rs` is `engine`).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_string()
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
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name == "lib.rs" || name == "main.rs" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for path in crate_paths(&code) {
            if !modules.contains(&path) {
                problems.push(format!(
                    "{}: crate::{path} is not a module; use the module that defines it",
                    file.display()
                ));
            }
        }
        // In a file directly under src/, `super` is the crate root.
        let top_level = file.parent() == Some(src().as_path()) && name != "mod.rs";
        if top_level && code.contains("super::") {
            problems.push(format!(
                "{}: `super::` here is the crate root; name the module instead",
                file.display()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn module_dependencies_point_one_way() {
    let modules = modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name == "lib.rs" || name == "main.rs" {
            continue;
        }
        let from = module_of(file);
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        for to in crate_paths(&code) {
            if to != from && modules.contains(&to) {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    // Depth-first search; a module met again on the current path closes a cycle.
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
    let mut cycles = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(
        cycles.is_empty(),
        "modules that depend on each other:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checks_see_a_cycle_and_a_reach_up() {
    // The readers above must see what they guard against.
    assert_eq!(
        crate_paths("use crate::report::Report;\nuse crate::{escape, paths::glob_matches};"),
        ["report", "escape", "paths"]
    );
    assert_eq!(crate_paths("crate::Report::default()"), ["Report"]);
    assert!(!modules().contains("Report"));
    assert_eq!(
        code_of("use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests { use crate::c; }"),
        "use crate::a;"
    );
}
