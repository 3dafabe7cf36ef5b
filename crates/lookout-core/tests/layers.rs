//! The core's shape, checked: the vocabulary at the bottom imports nothing, no two modules
//! import each other (directly or round a longer loop), and no file grows past what a newcomer
//! can read in one sitting. See `API.md`, "Layers".

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and the top-level modules its code names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Files longer than this are split by responsibility.
const MAX_LINES: usize = 600;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`storage/writer.rs` -> `storage`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    if first == "lib.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

/// The code of a file without its comments (doc links are not imports).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every top-level module a file's code names through `crate::`, including `use crate::{a, b}`.
fn deps_of(code: &str) -> BTreeSet<String> {
    let mut deps = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    deps.insert(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                deps.insert(name);
            }
        }
    }
    deps
}

fn graph() -> (Graph, Vec<(PathBuf, usize)>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut graph = Graph::new();
    let mut lengths = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        lengths.push((f.clone(), text.lines().count()));
        let Some(module) = module_of(&src, &f) else {
            continue;
        };
        // `crate::t!` is i18n's macro, exported at the crate root.
        let deps =
            deps_of(&code(&text))
                .into_iter()
                .map(|d| if d == "t" { "i18n".to_string() } else { d });
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(deps.filter(|d| *d != module));
    }
    (graph, lengths)
}

#[test]
fn the_vocabulary_at_the_bottom_imports_nothing_from_the_crate() {
    let (graph, _) = graph();
    // `field` words its messages through the catalogues: `i18n`, itself a leaf.
    let allowed: [(&str, &[&str]); 4] = [
        ("model", &[]),
        ("field", &["i18n"]),
        ("clock", &[]),
        ("i18n", &[]),
    ];
    for (leaf, may) in allowed {
        let deps: Vec<_> = graph[leaf]
            .iter()
            .filter(|d| !may.contains(&d.as_str()))
            .collect();
        assert!(deps.is_empty(), "{leaf} imports {deps:?}");
    }
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let (graph, _) = graph();
    // Depth-first search for a back edge, reporting the loop it closes.
    fn visit(m: &str, graph: &Graph, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if done.contains(m) {
            return;
        }
        if let Some(i) = path.iter().position(|p| p == m) {
            let mut cycle = path[i..].to_vec();
            cycle.push(m.to_string());
            panic!("import cycle: {}", cycle.join(" -> "));
        }
        path.push(m.to_string());
        for d in graph.get(m).into_iter().flatten() {
            if graph.contains_key(d) {
                visit(d, graph, path, done);
            }
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn no_source_file_is_longer_than_a_newcomer_can_read() {
    let (_, lengths) = graph();
    let long: Vec<String> = lengths
        .iter()
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {long:#?}");
}

#[test]
fn the_checker_finds_imports_and_ignores_comments() {
    let deps = deps_of(&code(
        "use crate::{model::Status, field};\n// crate::runtime is only named\nlet x = crate::probe::Prober::new();",
    ));
    assert_eq!(
        deps.into_iter().collect::<Vec<_>>(),
        ["field", "model", "probe"]
    );
}
