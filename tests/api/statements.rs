//! Every SQL statement of `src/db/` is prepared against a migrated database:
//! what `sqlx::query!` would check at build time (a renamed column, a wrong
//! table, a type PostgreSQL cannot infer), checked here in one fast test
//! instead (why: the module doc of `src/db/mod.rs`).

use std::path::Path;

use sqlx::Executor;

use crate::helpers::test_database;

/// The string literals a file passes to `sqlx::query*(` or binds to a
/// `const`, with the line each starts on. Statements built with `format!`
/// are prepared through the constants they are built from.
fn statements(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for opener in ["query(", "query_as(", "query_scalar(", ": &str ="] {
        let mut rest = source;
        while let Some(at) = rest.find(opener) {
            let after = &rest[at + opener.len()..];
            let offset = source.len() - after.len();
            let line = source[..offset].matches('\n').count() + 1;
            let trimmed = after.trim_start();
            if let Some(sql) = literal(trimmed) {
                let keyword = sql.trim_start().to_ascii_uppercase();
                if ["SELECT", "INSERT", "UPDATE", "DELETE", "WITH"]
                    .iter()
                    .any(|k| keyword.starts_with(k))
                {
                    out.push((line, sql));
                }
            }
            rest = after;
        }
    }
    out
}

/// The value of the Rust string literal at the start of `text` (plain with
/// escapes and line continuations, or raw), if there is one.
fn literal(text: &str) -> Option<String> {
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let end = body.find(&format!("\"{}", "#".repeat(hashes)))?;
        return Some(body[..end].to_owned());
    }
    let mut chars = text.strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                '\n' => {
                    let rest: String = chars.clone().collect();
                    let skipped = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skipped].chars().count() {
                        chars.next();
                    }
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

#[tokio::test]
async fn every_statement_of_the_db_layer_prepares_against_the_schema() {
    let (_config, pool) = test_database().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/db");
    let mut prepared = 0;
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    for path in files {
        let source = std::fs::read_to_string(&path).unwrap();
        for (line, sql) in statements(&source) {
            match pool.prepare(sql.as_str()).await {
                Ok(_) => prepared += 1,
                Err(err) => failures.push(format!(
                    "{}:{line}: {err}\n  {sql}",
                    path.file_name().unwrap().to_string_lossy()
                )),
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
    // The db layer holds about 40 statements: finding far fewer means the
    // extraction broke, not that the SQL is fine.
    assert!(
        prepared >= 30,
        "only {prepared} statements found in src/db/"
    );
}
