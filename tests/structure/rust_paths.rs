//! Reading `src/`: every `crate::`, `super::` and `self::` path of each
//! file (use lines, group imports and paths in code alike; comments and
//! string literals are skipped), resolved to the file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A source file: its module path, its path under `src/`, its text.
pub type SourceFile = (Vec<String>, String, String);

/// One use of another module: which file, and the path as written.
#[derive(Debug, Clone)]
pub struct Use {
    pub file: String,
    pub path: String,
}

/// Every `.rs` file under `src/`, as (module path, text). `src/search/index.rs`
/// is `["search", "index"]`, `src/search/mod.rs` is `["search"]`.
pub fn source_files() -> Vec<SourceFile> {
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
pub fn resolved_uses(files: &[SourceFile]) -> Vec<(Vec<String>, Use, Vec<String>)> {
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
            if let Some(name) = path.get(target.len())
                && let Some(file) = reexports.get(&(target.clone(), name.clone()))
            {
                target = file.clone();
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
