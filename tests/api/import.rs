//! Bulk import under stress: bad lines among a thousand good ones, bodies
//! stopped by the size limit, a broken array or a vanished client, the
//! database refusing one line of a batch, oversize lines, bodies of several
//! batches. Whatever stops an import, its answer says what was committed.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{
    admin::search_until,
    helpers::{TestApp, spawn_app, spawn_app_with, wait_until},
};

/// An import line for product `i` of category `category`.
pub fn line(i: usize, category: &str) -> String {
    json!({"title": format!("Imported Lamp {i}"), "price": 10 + i % 90, "category": category})
        .to_string()
}

/// `lines(a..b)` as NDJSON, each line ending with a newline.
pub fn ndjson(range: std::ops::Range<usize>, category: &str) -> String {
    range.map(|i| line(i, category) + "\n").collect()
}

pub async fn import(app: &TestApp, body: impl Into<reqwest::Body>) -> (StatusCode, Value) {
    let response = app
        .admin(Method::POST, "/products/import/")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

/// `(imported, failed, last_line)` of a report.
fn counts(report: &Value) -> (i64, i64, i64) {
    let field = |name: &str| report[name].as_i64().unwrap_or(-1);
    (field("imported"), field("failed"), field("last_line"))
}

fn failed_lines(report: &Value) -> Vec<i64> {
    report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_i64().unwrap())
        .collect()
}

/// A request written by hand on a raw socket: the body in `parts` (sent
/// as HTTP chunks when `length` is `None`), then the answer if the
/// connection is kept open to read it.
async fn raw_import(
    app: &TestApp,
    parts: &[&[u8]],
    length: Option<usize>,
    read_answer: bool,
) -> Option<(u16, Value)> {
    let address = app.address.trim_start_matches("http://");
    let mut socket = tokio::net::TcpStream::connect(address).await.unwrap();
    let framing = match length {
        Some(length) => format!("content-length: {length}"),
        None => "transfer-encoding: chunked".to_owned(),
    };
    let head = format!(
        "POST /products/import/ HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {}\r\n{framing}\r\nconnection: close\r\n\r\n",
        crate::helpers::ADMIN_TOKEN
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    for part in parts {
        if length.is_none() {
            socket
                .write_all(format!("{:x}\r\n", part.len()).as_bytes())
                .await
                .unwrap();
        }
        // The server may answer and close before reading everything.
        if socket.write_all(part).await.is_err() {
            break;
        }
        if length.is_none() && socket.write_all(b"\r\n").await.is_err() {
            break;
        }
    }
    if !read_answer {
        return None;
    }
    if length.is_none() {
        let _ = socket.write_all(b"0\r\n\r\n").await;
    }
    let mut answer = Vec::new();
    let _ = socket.read_to_end(&mut answer).await;
    let answer = String::from_utf8(answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Some((status, serde_json::from_str(body).unwrap()))
}

#[tokio::test]
async fn a_nul_line_after_a_thousand_good_ones_fails_alone() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let mut body = ndjson(0..1_000, "Lighting");
    body += &json!({"title": "Nul\u{0}Lamp", "price": 5, "category": "Lighting"}).to_string();
    body += "\n";
    body += &json!({"title": "Tail Lamp", "price": 5, "category": "Lighting"}).to_string();
    let (status, report) = import(&app, body).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (1_001, 1, 1_002), "{report}");
    assert_eq!(failed_lines(&report), [1_001]);
    let error = report["failures"][0]["error"].as_str().unwrap();
    assert!(
        error.contains("title") && error.contains("U+0000"),
        "{error}"
    );
    assert_eq!(app.count("products").await, 1_001);
    assert_eq!(
        app.count("outbox").await,
        1_001,
        "each product has its change"
    );
}

#[tokio::test]
async fn the_size_limit_mid_body_answers_413_with_what_was_committed() {
    let app = spawn_app_with(|config| config.import_max_bytes = 200_000).await;
    app.create_category("Lighting").await;
    // A full batch, then lines still pending when the limit is hit.
    let good = ndjson(0..1_234, "Lighting");
    assert!(good.len() < 200_000);
    // One endless line after the good ones: no further whole line arrives.
    let endless = vec![b'x'; 300_000];
    let (status, body) = raw_import(&app, &[good.as_bytes(), &endless], None, true)
        .await
        .unwrap();
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(body["error"]["details"]["limit_bytes"], 200_000);
    let report = &body["error"]["details"]["report"];
    assert_eq!(counts(report), (1_234, 0, 1_234), "{body}");
    assert_eq!(
        app.count("products").await,
        1_234,
        "the answer is the truth"
    );

    // Resuming after `last_line` completes the file without duplicates.
    let (status, report) = import(&app, ndjson(1_234..1_300, "Lighting")).await;
    assert_eq!((status, counts(&report).0), (StatusCode::OK, 66));
    let distinct: i64 = sqlx::query_scalar("SELECT count(DISTINCT title) FROM products")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!((app.count("products").await, distinct), (1_300, 1_300));

    // Good lines running past the limit: every line whole within it is
    // handled, whatever the chunks the server happened to read.
    let long = ndjson(2_000..6_000, "Lighting");
    let within = long.as_bytes()[..200_000]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as i64;
    let parts: Vec<&[u8]> = long.as_bytes().chunks(7_777).collect();
    let (status, body) = raw_import(&app, &parts, None, true).await.unwrap();
    assert_eq!(status, 413, "{body}");
    let report = &body["error"]["details"]["report"];
    assert_eq!(counts(report), (within, 0, within), "{body}");
    assert_eq!(app.count("products").await, 1_300 + within);

    // A declared length over the limit is refused before anything is read.
    let (status, body) = raw_import(&app, &[b"{}"], Some(200_001), true)
        .await
        .unwrap();
    assert_eq!(status, 413, "{body}");
    assert_eq!(counts(&body["error"]["details"]["report"]), (0, 0, 0));
    assert_eq!(app.count("products").await, 1_300 + within);
}

#[tokio::test]
async fn a_broken_array_answers_400_with_what_was_committed() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let elements: Vec<String> = (0..1_500).map(|i| line(i, "Lighting")).collect();
    let body = format!("[{}, {{\"title\": ", elements.join(",\n"));
    let (status, answer) = import(&app, body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["code"], "malformed_json");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("before its closing"), "{message}");
    assert_eq!(
        counts(&answer["error"]["details"]["report"]),
        (1_500, 0, 1_500)
    );
    assert_eq!(app.count("products").await, 1_500);
}

#[tokio::test]
async fn a_client_that_vanishes_mid_import_leaves_its_whole_lines_and_a_safe_retry() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let lines: Vec<String> = (0..1_101)
        .map(|i| {
            json!({"title": format!("Lamp {i}"), "price": 9, "category": "Lighting", "external_id": format!("L-{i}")})
                .to_string()
        })
        .collect();
    let whole = lines[..1_100].join("\n") + "\n";
    let half = &lines[1_100][..20];
    // Promises far more than it sends, then hangs up.
    raw_import(
        &app,
        &[whole.as_bytes(), half.as_bytes()],
        Some(10_000_000),
        false,
    )
    .await;
    wait_until(
        std::time::Duration::from_secs(10),
        "the received lines",
        || async { (app.count("products").await == 1_100).then_some(()) },
    )
    .await;
    // The client cannot know how far it got: the external ids make a full
    // retry safe.
    let (status, report) = import(&app, lines.join("\n")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["created"].as_i64(), report["updated"].as_i64()),
        (Some(1), Some(1_100))
    );
    assert_eq!(app.count("products").await, 1_101);
}

#[tokio::test]
async fn lines_are_numbered_from_the_start_of_the_body_whatever_its_chunks() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let good = line(1, "Lighting");
    let ndjson = ["\n", "\n  ", "{\"title\": 1}\n", &good, "\n\n", "[]\n"];
    let parts: Vec<&[u8]> = ndjson.iter().map(|p| p.as_bytes()).collect();
    let (status, report) = raw_import(&app, &parts, None, true).await.unwrap();
    assert_eq!(status, 200, "{report}");
    assert_eq!(failed_lines(&report), [3, 6], "{report}");
    assert_eq!(counts(&report), (1, 2, 6), "{report}");

    let array = ["\n\n", " [ ", "{\"title\": 1}", ",\n", &good, "]"];
    let parts: Vec<&[u8]> = array.iter().map(|p| p.as_bytes()).collect();
    let (status, report) = raw_import(&app, &parts, None, true).await.unwrap();
    assert_eq!(status, 200, "{report}");
    assert_eq!(
        counts(&report),
        (1, 1, 2),
        "elements count from 1: {report}"
    );
    assert_eq!(failed_lines(&report), [1], "{report}");
}

#[tokio::test]
async fn a_line_the_database_refuses_fails_alone_not_its_batch() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    // A rule validation does not know: only PostgreSQL can refuse the line.
    sqlx::query(
        "ALTER TABLE products ADD CONSTRAINT no_forbidden CHECK (title NOT LIKE 'Forbidden%')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let mut lines: Vec<String> = (0..1_200).map(|i| line(i, "Lighting")).collect();
    lines[499] = json!({"title": "Forbidden Lamp", "price": 5, "category": "Lighting"}).to_string();
    let (status, report) = import(&app, lines.join("\n")).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (1_199, 1, 1_200), "{report}");
    assert_eq!(failed_lines(&report), [500]);
    let error = report["failures"][0]["error"].as_str().unwrap();
    assert!(error.contains("no_forbidden"), "{error}");
    assert_eq!(app.count("products").await, 1_199);
    assert_eq!(app.count("outbox").await, 1_199);
}

#[tokio::test]
async fn an_oversize_line_fails_alone_between_good_ones() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let big = json!({"title": "Big", "price": 1, "category": "Lighting", "description": "d".repeat(1_500_000)}).to_string();
    let ndjson = [line(1, "Lighting"), big.clone(), line(2, "Lighting")].join("\n");
    let (status, report) = import(&app, ndjson).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (2, 1, 3), "{report}");
    assert_eq!(failed_lines(&report), [2]);
    let error = report["failures"][0]["error"].as_str().unwrap();
    assert!(error.contains("over the limit of 1048576"), "{error}");

    let array = format!("[{}, {big}, {}]", line(3, "Lighting"), line(4, "Lighting"));
    let (status, report) = import(&app, array).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (2, 1, 3), "{report}");
    assert_eq!(failed_lines(&report), [2]);
    assert_eq!(app.count("products").await, 4);
}

#[tokio::test]
async fn bodies_of_several_batches_are_imported_whole() {
    let app = spawn_app().await;
    let store = app.create_store("North").await;
    app.create_category("Lighting").await;
    let stocked = |i: usize| {
        json!({"title": format!("Batch Lamp {i}"), "price": 12, "category": "Lighting",
               "stock": [{"store_id": store, "quantity": i % 7 + 1}]})
        .to_string()
    };
    let body = (0..2_500).map(stocked).collect::<Vec<_>>().join("\n");
    assert!(
        body.len() > 3 * 64 * 1024,
        "well over the API's usual 64 KiB"
    );
    let (status, report) = import(&app, body).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (2_500, 0, 2_500));
    assert_eq!(app.count("inventory").await, 2_500);

    let elements: Vec<String> = (2_500..5_000).map(|i| line(i, "Lighting")).collect();
    let array = format!("[\n  {}\n]\n", elements.join(",\n  "));
    let (status, report) = import(&app, array).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(counts(&report), (2_500, 0, 2_500));
    assert_eq!(app.count("products").await, 5_000);
    assert_eq!(app.count("outbox").await, 5_000);
    search_until(&app, "q=lamp&page_size=1", "every imported product", |p| {
        p["count"] == 5_000
    })
    .await;
}
