//! The architecture, stated once and checked: which top-level module of
//! `src/` may use which, and that the files of `search/` do not go round in
//! a circle. It reads every `crate::`, `super::` and `self::` path in
//! `src/**/*.rs` (use lines, group imports and paths in code alike; comments
//! and string literals are skipped) and fails on any cycle, printing it with
//! the files and paths that make each arrow, and on any arrow the table
//! below does not allow.

mod rust_paths;

use std::collections::{BTreeMap, BTreeSet};

use rust_paths::{SourceFile, Use, resolved_uses, source_files};

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
    // Order placement: the locking and stock rules (the statement that
    // places an order, with its outbox row and notification job, is in db/).
    ("orders", &["db", "domain"]),
    // The inventory listing cache: Redis in front of db reads.
    ("cache", &["domain", "redis_client", "retry"]),
    // Bulk import and demo data write through db.
    ("import", &["db", "domain"]),
    ("seed", &[]),
    // The HTTP edge: every mapping into the one error shape (of db, domain,
    // orders and import errors), limits, handlers.
    ("error", &["orders", "import", "db", "domain"]),
    ("rate_limit", &["error", "telemetry"]),
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

fn top_level_graph(files: &[SourceFile]) -> Graph {
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
fn file_graph(files: &[SourceFile], folder: &str) -> Graph {
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
