//! Time of the bulk import on one very long line, to show it is linear in
//! the line's length (it was quadratic: 5.5 s for 128 MiB vs 0.14 s for
//! 16 MiB). Prints its figures; see BENCHMARKS.md.
//!
//!   cargo bench --bench import_lines
//!
//! Each body is one product whose description is 16 or 128 MiB, fed in
//! 64 KiB chunks as a socket delivers it, as NDJSON and as a one-element
//! JSON array; once with the default per-line limit (the line is scanned
//! and skipped, never held) and once with the limit raised past it (the
//! line is held and parsed, then fails validation). No line reaches the
//! database, so the pool is never connected.

use std::time::Instant;

use axum::body::Bytes;
use catalog::import::{self, Limits, MAX_LINE_BYTES};
use sqlx::postgres::PgPoolOptions;

const CHUNK: usize = 64 * 1024;

fn body(description_bytes: usize, array: bool) -> Vec<u8> {
    let mut body = Vec::with_capacity(description_bytes + 100);
    if array {
        body.push(b'[');
    }
    body.extend_from_slice(br#"{"title": "Long", "price": 1, "category_id": 1, "description": ""#);
    body.resize(body.len() + description_bytes, b'd');
    body.extend_from_slice(b"\"}");
    if array {
        body.push(b']');
    }
    body.push(b'\n');
    body
}

async fn time(body: &[u8], max_line_bytes: usize) -> (f64, String) {
    // Lazy: the line fails before any database work.
    let pool = PgPoolOptions::new()
        .connect_lazy("postgres://nobody@127.0.0.1:1/none")
        .expect("a well-formed URL");
    let chunks: Vec<Result<Bytes, std::convert::Infallible>> = body
        .chunks(CHUNK)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let limits = Limits {
        max_bytes: usize::MAX,
        max_line_bytes,
    };
    let started = Instant::now();
    let report = import::import_stream(pool, futures::stream::iter(chunks), limits)
        .await
        .expect("the import runs to its end");
    let elapsed = started.elapsed().as_secs_f64();
    let outcome = report
        .failures
        .first()
        .map(|f| f.error.chars().take(60).collect())
        .unwrap_or_default();
    (elapsed, outcome)
}

#[tokio::main]
async fn main() {
    println!("| body | line | per-line limit | seconds | outcome |");
    println!("|---|---|---|---|---|");
    for array in [false, true] {
        for (limit, limit_name) in [(MAX_LINE_BYTES, "1 MiB"), (256 << 20, "256 MiB")] {
            for mib in [16, 128] {
                let body = body(mib << 20, array);
                let (seconds, outcome) = time(&body, limit).await;
                let format = if array { "JSON array" } else { "NDJSON" };
                println!("| {format} | {mib} MiB | {limit_name} | {seconds:.3} | {outcome} |");
            }
        }
    }
}
