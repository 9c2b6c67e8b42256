//! The edges of what the API accepts: the request deadline (and shutdown
//! with a stalled client), the bearer scheme's case, the price cap against
//! its column, and the inventory summary at the largest stock value the API
//! allows.

use std::time::{Duration, Instant};

use catalog::domain::product::{MAX_PRODUCT_PRICE, MAX_STOCK};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::helpers::{ADMIN_TOKEN, spawn_app, spawn_app_with};

/// A client sends the headers and half the body of an order, then stalls.
/// It gets a 408 in the error shape once the deadline passes, and a
/// graceful shutdown started meanwhile completes instead of waiting for the
/// rest of the body forever.
#[tokio::test]
async fn a_stalled_upload_gets_a_408_and_cannot_hold_shutdown() {
    let mut app = spawn_app_with(|config| config.request_timeout_secs = 1).await;
    let mut client = TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    // A health check pipelined before the order: once its answer is back,
    // the server has accepted the connection and read the order's head.
    client
        .write_all(
            b"GET /healthz HTTP/1.1\r\nhost: catalog\r\n\r\n\
              POST /orders/ HTTP/1.1\r\nhost: catalog\r\ncontent-type: application/json\r\n\
              content-length: 1000\r\n\r\n{\"store_id\": 1, \"items\": [",
        )
        .await
        .unwrap();
    let mut answer = Vec::new();
    while !String::from_utf8_lossy(&answer).contains(r#"{"status":"ok"}"#) {
        let mut chunk = [0u8; 1024];
        let read = client.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the connection closed early");
        answer.extend_from_slice(&chunk[..read]);
    }
    let started = Instant::now();
    let server = app.begin_shutdown();

    answer.clear();
    tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut answer))
        .await
        .expect("the server answers and closes the connection")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"request_timeout""#), "{answer}");
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("graceful shutdown completes")
        .unwrap()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "shutdown took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    for (i, scheme) in ["Bearer", "bearer", "BEARER", "bEaReR"].iter().enumerate() {
        let response = app
            .client
            .post(app.url("/categories/"))
            .header("authorization", format!("{scheme} {ADMIN_TOKEN}"))
            .json(&json!({ "name": format!("Category {i}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "{scheme}");
    }
    for header in [
        "bearer wrong-token".to_owned(),
        format!("Basic {ADMIN_TOKEN}"),
        format!("Bearer{ADMIN_TOKEN}"),
    ] {
        let response = app
            .client
            .post(app.url("/categories/"))
            .header("authorization", &header)
            .json(&json!({ "name": "Never" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{header}");
    }
    assert_eq!(app.count("categories").await, 4);
}

#[tokio::test]
async fn prices_up_to_the_column_limit_are_accepted_and_a_cent_more_is_a_400() {
    assert_eq!(MAX_PRODUCT_PRICE.to_string(), "9999999999.99");
    let app = spawn_app().await;
    let category = app.create_category("Yachts").await;
    let create = |price: &str| {
        app.admin(Method::POST, "/products/")
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"title": "Superyacht", "price": {price}, "category_id": {category}}}"#
            ))
            .send()
    };

    let response = create("9999999999.99").await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let product: Value = response.json().await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT price::text FROM products WHERE id = $1")
        .bind(product["id"].as_i64().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, "9999999999.99");
    let patched = app
        .admin(Method::PATCH, &format!("/products/{}/", product["id"]))
        .header("content-type", "application/json")
        .body(r#"{"price": "9999999999.99"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(create("0").await.unwrap().status(), StatusCode::CREATED);

    for price in [
        "10000000000",
        "10000000000.00",
        "\"10000000000.00\"",
        "99999999999.99",
        "-0.01",
    ] {
        let response = create(price).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{price}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed", "{price}");
        assert_eq!(
            body["error"]["details"]["price"],
            "must be between 0 and 9999999999.99 with at most 2 decimals",
            "{price}"
        );
    }
    assert_eq!(
        app.count("products").await,
        2,
        "no rejected price was written"
    );
}

/// Three lines at the largest price and stock the API accepts: three times
/// what NUMERIC(18, 2) could hold.
#[tokio::test]
async fn the_inventory_summary_holds_the_largest_stock_value_allowed() {
    let app = spawn_app().await;
    let category = app.create_category("Yachts").await;
    let store = app.create_store("Harbour").await;
    for i in 0..3 {
        let product = app
            .create_product(
                category,
                &format!("Superyacht {i}"),
                &MAX_PRODUCT_PRICE.to_string(),
            )
            .await;
        let response = app
            .admin(Method::PUT, &format!("/stores/{store}/inventory/{product}"))
            .json(&json!({ "quantity": MAX_STOCK }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    let stores = catalog::db::summaries::compute(&app.db, 5)
        .await
        .expect("the summary fits its columns");
    assert_eq!(stores, 1);
    let stock_value: String =
        sqlx::query_scalar("SELECT stock_value::text FROM inventory_summaries WHERE store_id = $1")
            .bind(store)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stock_value, "29999999999970000.00");
    let summary: Value = app
        .get(&format!("/stores/{store}/inventory/summary/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["units"], 3 * MAX_STOCK);
    assert_eq!(summary["stock_value"], json!(29_999_999_999_970_000.0));
}

/// An import may run longer than other requests, but its upload may not
/// pause for longer than a request may last.
#[tokio::test]
async fn a_stalled_import_upload_is_cut_and_cannot_hold_shutdown() {
    let mut app = spawn_app_with(|config| config.request_timeout_secs = 1).await;
    let mut client = TcpStream::connect(app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    let head = format!(
        "POST /products/import/ HTTP/1.1\r\nhost: catalog\r\nauthorization: Bearer {ADMIN_TOKEN}\r\n\
         content-type: application/x-ndjson\r\ncontent-length: 100000\r\n\r\n{{\"title\": "
    );
    client.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let mut answer = [0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), client.read(&mut answer))
        .await
        .expect("the import is answered")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(answer.contains(r#"{"error":{"code":"#), "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(app.count("products").await, 0);
    tokio::time::timeout(Duration::from_secs(10), app.begin_shutdown())
        .await
        .expect("graceful shutdown completes")
        .unwrap()
        .unwrap();
}
