//! The architecture, stated once and checked: which top-level module of
//! `src/` may use which, and that the files of `search/` do not go round in
//! a circle. It reads every `crate::`, `super::` and `self::` path in
//! `src/**/*.rs` (use lines, group imports and paths in code alike; comments
//! and string literals are skipped) and fails on any cycle, printing it with
//! the files and paths that make each arrow, and on any arrow the table
//! below does not allow.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Who may use whom: the one place that states the dependency direction.
/// Read it bottom-up: `domain` uses nothing; the HTTP edge (`routes`,
/// `error`) and the process wiring (`startup`, `state`) sit on top. A new
/// top-level module, or a new arrow, is placed here deliberately; the
/// arrows must stay a graph without cycles (checked below too).
const ALLOWED: &[(&str, &[&str])] = &[
    // Plain types and validation rules: no I/O, no HTTP.
    ("domain", &[]),
    // Leaves every layer may take: settings, the Redis handle, backoff.
    ("config", &[]),
    ("redis_client", &["config"]),
    ("retry", &[]),
    ("telemetry", &["config"]),
    // SQL, grouped by aggregate.
    ("db", &["domain", "config"]),
    // The embedded index: built from db rows, queried with domain requests.
    ("search", &["db", "domain"]),
    // Outbox relay -> Redis stream -> indexer; the index status.
    ("changes", &["search", "db", "redis_client", "retry"]),
    // Cron runner and notification worker.
    ("jobs", &["db", "config", "retry"]),
    // Order placement: the locking and stock rules; it enqueues the order's
    // notification (jobs/) in the placing transaction.
    ("orders", &["jobs", "db", "domain"]),
    // The inventory listing cache: Redis in front of db reads.
    ("cache", &["domain", "redis_client"]),
    // Bulk import and demo data write through db.
    ("import", &["db", "domain"]),
    ("seed", &[]),
    // The HTTP edge: every mapping into the one error shape (of db, domain,
    // orders and import errors), limits, handlers.
    ("error", &["orders", "import", "db", "domain"]),
    ("rate_limit", &["error"]),
    (
        "state",
        &["cache", "changes", "search", "config", "redis_client"],
    ),
    (
        "routes",
        &[
            "orders",
            "changes",
            "search",
            "db",
            "domain",
            "error",
            "cache",
            "import",
            "jobs",
            "rate_limit",
            "state",
        ],
    ),
    // Process wiring: builds the state and spawns the background tasks.
    (
        "startup",
        &[
            "routes",
            "state",
            "changes",
            "search",
            "jobs",
            "cache",
            "db",
            "error",
            "config",
            "redis_client",
            "telemetry",
        ],
    ),
];

/// One use of another module: which file, and the path as written.
#[derive(Debug, Clone)]
struct Use {
    file: String,
    path: String,
}

type Graph = BTreeMap<String, BTreeMap<String, Vec<Use>>>;

#[test]
fn top_level_modules_have_no_cycle_and_follow_the_allowed_direction() {
    let files = source_files();
    let graph = top_level_graph(&files);
    let mut failures = Vec::new();
    failures.extend(
        cycles(&graph)
            .iter()
            .map(|cycle| describe_cycle(&graph, cycle)),
    );

    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    for (from, targets) in &graph {
        let Some(may_use) = allowed.get(from.as_str()) else {
            failures.push(format!("module `{from}` is not placed in ALLOWED"));
            continue;
        };
        for (to, uses) in targets {
            if !may_use.contains(&to.as_str()) {
                failures.push(format!(
                    "{from} -> {to} is not allowed:\n{}",
                    list_uses(uses)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_allowed_graph_itself_has_no_cycle() {
    let mut graph = Graph::new();
    for (from, targets) in ALLOWED {
        let entry = graph.entry(from.to_string()).or_default();
        for to in *targets {
            entry.insert(to.to_string(), Vec::new());
        }
    }
    let found = cycles(&graph);
    assert!(found.is_empty(), "ALLOWED has cycles: {found:?}");
}

#[test]
fn files_inside_search_have_no_cycle() {
    let files = source_files();
    let graph = file_graph(&files, "search");
    assert!(
        graph.len() > 3,
        "expected the files of search/, got {graph:?}"
    );
    let found = cycles(&graph);
    let text: Vec<String> = found.iter().map(|c| describe_cycle(&graph, c)).collect();
    assert!(found.is_empty(), "\n{}", text.join("\n\n"));
}

/// Every `.rs` file under `src/`, as (module path, text). `src/search/index.rs`
/// is `["search", "index"]`, `src/search/mod.rs` is `["search"]`.
fn source_files() -> Vec<(Vec<String>, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable") {
            let path: PathBuf = entry.expect("a directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(&root).expect("under src/");
                let mut module: Vec<String> = rel
                    .with_extension("")
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                let text = std::fs::read_to_string(&path).expect("a readable source file");
                out.push((module, rel.display().to_string(), text));
            }
        }
    }
    out.sort();
    out
}

/// For each file, the files its paths resolve to (absolute module paths).
fn resolved_uses(files: &[(Vec<String>, String, String)]) -> Vec<(Vec<String>, Use, Vec<String>)> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(m, _, _)| m.clone()).collect();
    // `pub use file::Name` in a folder's mod.rs: `folder::Name` lives in `file`.
    let mut reexports: BTreeMap<(Vec<String>, String), Vec<String>> = BTreeMap::new();
    for (module, _, text) in files {
        for (_, path) in paths(module, text) {
            if path.len() == module.len() + 2 && path.starts_with(module) {
                let file = path[..module.len() + 1].to_vec();
                if modules.contains(&file) {
                    reexports.insert((module.clone(), path[module.len() + 1].clone()), file);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (module, file, text) in files {
        for (written, path) in paths(module, text) {
            let Some(mut target) = (1..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|prefix| modules.contains(prefix))
            else {
                continue;
            };
            if let Some(name) = path.get(target.len()) {
                if let Some(file) = reexports.get(&(target.clone(), name.clone())) {
                    target = file.clone();
                }
            }
            let used = Use {
                file: file.clone(),
                path: written,
            };
            out.push((module.clone(), used, target));
        }
    }
    out
}

fn top_level_graph(files: &[(Vec<String>, String, String)]) -> Graph {
    let mut graph = Graph::new();
    for top in files.iter().filter_map(|(module, _, _)| module.first()) {
        graph.entry(top.clone()).or_default();
    }
    for (from, used, to) in resolved_uses(files) {
        let (Some(from), Some(to)) = (from.first(), to.first()) else {
            continue; // lib.rs and main.rs declare the modules; they are no room.
        };
        graph.entry(from.clone()).or_default();
        if from != to {
            let arrow = graph.entry(from.clone()).or_default();
            arrow.entry(to.clone()).or_default().push(used);
        }
    }
    graph
}

/// The graph between the files of one folder (its mod.rs, a list of
/// re-exports, is left out: a name re-exported there is traced to its file).
fn file_graph(files: &[(Vec<String>, String, String)], folder: &str) -> Graph {
    let mut graph = Graph::new();
    for (from, used, to) in resolved_uses(files) {
        let inside = |m: &Vec<String>| m.len() == 2 && m[0] == folder;
        if !inside(&from) {
            continue;
        }
        graph.entry(from[1].clone()).or_default();
        if inside(&to) && from != to {
            let arrow = graph.entry(from[1].clone()).or_default();
            arrow.entry(to[1].clone()).or_default().push(used);
        }
    }
    graph
}

/// Every path starting with `crate`, `super` or `self` in a file, expanded
/// through `{...}` groups and made absolute (from the crate root).
fn paths(module: &[String], text: &str) -> Vec<(String, Vec<String>)> {
    let tokens = tokens(text);
    let mut out = Vec::new();
    // Inline `mod name {` blocks, with the brace depth they close at, so
    // `super::` in a `mod tests` means the file itself.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "mod" if tokens.get(i + 2).is_some_and(|t| t == "{") => {
                inline.push((tokens[i + 1].clone(), depth + 1));
            }
            "crate" | "super" | "self"
                if tokens.get(i + 1).is_some_and(|t| t == "::")
                    && (i == 0 || tokens[i - 1] != "::") =>
            {
                let mut here: Vec<String> = module.to_vec();
                here.extend(inline.iter().map(|(name, _)| name.clone()));
                let (trees, next) = tree(&tokens, i);
                for relative in trees {
                    let written = relative.join("::");
                    if let Some(absolute) = absolute(&here, &relative) {
                        out.push((written, absolute));
                    }
                }
                i = next;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Resolves `crate::`, `self::` and `super::` at the head of a path.
fn absolute(here: &[String], relative: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = here.to_vec();
    let mut rest = relative;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        _ => {}
    }
    while rest.first().is_some_and(|s| s == "super") {
        base.pop()?;
        rest = &rest[1..];
    }
    base.extend(rest.iter().filter(|s| *s != "self").cloned());
    Some(base)
}

/// Parses one path tree at `tokens[i]` (`a::b::{c, d::{e, f}}::*`) into the
/// paths it names; returns them and the index after the tree.
fn tree(tokens: &[String], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                let mut out = Vec::new();
                i += 1;
                while tokens.get(i).is_some_and(|t| t != "}") {
                    if tokens[i] == "," {
                        i += 1;
                        continue;
                    }
                    let (inner, next) = tree(tokens, i);
                    for path in inner {
                        let mut full = prefix.clone();
                        full.extend(path);
                        out.push(full);
                    }
                    i = next;
                }
                return (out, i + 1);
            }
            Some("*") => return (vec![prefix], i + 1),
            Some(t) if is_ident(t) => {
                prefix.push(t.to_string());
                i += 1;
                if tokens.get(i).is_some_and(|t| t == "::") {
                    i += 1;
                } else {
                    if tokens.get(i).is_some_and(|t| t == "as") {
                        i += 2;
                    }
                    return (vec![prefix], i);
                }
            }
            _ => return (vec![prefix], i),
        }
    }
}

fn is_ident(token: &str) -> bool {
    token.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// Identifiers, `::` and single punctuation; comments, strings and char
/// literals are dropped (a doc link is not a dependency).
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('#' | '"')) && !prev_is_ident(&chars, i) {
            let mut hashes = 0;
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1; // a raw identifier like r#type
                continue;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    break;
                }
                j += 1;
            }
            i = j + 1 + hashes;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && next == Some(':') {
            out.push("::".to_string());
            i += 2;
        } else {
            if !c.is_whitespace() {
                out.push(c.to_string());
            }
            i += 1;
        }
    }
    out
}

fn prev_is_ident(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

/// For each strongly connected component with more than one node, a
/// shortest cycle through each of its nodes (the same cycle once).
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(node) = stack.pop() {
            for next in graph.get(&node).into_iter().flat_map(|t| t.keys()) {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|node| (node, reach(node))).collect();
    let mut done = BTreeSet::new();
    let mut out = Vec::new();
    for node in graph.keys() {
        if done.contains(node) || !reachable[node].contains(node) {
            continue;
        }
        let component: BTreeSet<String> = reachable[node]
            .iter()
            .filter(|other| reachable.get(other).is_some_and(|r| r.contains(node)))
            .cloned()
            .collect();
        done.extend(component.iter().cloned());
        let mut found: Vec<Vec<String>> = Vec::new();
        for member in &component {
            let cycle = shortest_cycle(graph, member, &component);
            let nodes: BTreeSet<&String> = cycle.iter().collect();
            if !found
                .iter()
                .any(|c| c.iter().collect::<BTreeSet<_>>() == nodes)
            {
                found.push(cycle);
            }
        }
        out.extend(found);
    }
    out
}

/// A shortest way from `start` back to itself inside its component.
fn shortest_cycle(graph: &Graph, start: &str, component: &BTreeSet<String>) -> Vec<String> {
    let mut parent: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_string()]);
    while let Some(node) = queue.pop_front() {
        for next in graph[&node].keys().filter(|n| component.contains(*n)) {
            if next == start {
                let mut path = vec![node.clone()];
                while let Some(p) = parent.get(path.last().expect("non-empty")) {
                    path.push(p.clone());
                }
                path.reverse();
                path.push(start.to_string());
                return path;
            }
            if !parent.contains_key(next) && next != start {
                parent.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    vec![start.to_string()]
}

fn describe_cycle(graph: &Graph, cycle: &[String]) -> String {
    let mut text = format!("cycle: {}", cycle.join(" -> "));
    for pair in cycle.windows(2) {
        let uses = &graph[&pair[0]][&pair[1]];
        text.push_str(&format!(
            "\n  {} -> {}:\n{}",
            pair[0],
            pair[1],
            list_uses(uses)
        ));
    }
    text
}

fn list_uses(uses: &[Use]) -> String {
    let mut lines: Vec<String> = uses
        .iter()
        .map(|u| format!("    {}: {}", u.file, u.path))
        .collect();
    lines.dedup();
    lines.join("\n")
}
