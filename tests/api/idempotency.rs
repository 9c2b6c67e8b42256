//! `POST /orders/` with an `Idempotency-Key`: a repeat replays the stored
//! answer and places nothing, another body under the key is a 422, a race
//! on one key places one order, validation errors leave the key unused,
//! old keys are purged, and a placement dropped mid-way leaves no
//! transaction open on a pooled connection.

use std::time::Duration;

use catalog::config::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, deadline, spawn_app, spawn_app_with, wait_until},
    proxy::Proxy,
};

/// A store carrying one product with `stock` units; answers (store, product).
async fn shop(app: &TestApp, stock: i32) -> (i64, i64) {
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Puzzle", "9.99").await;
    app.set_stock(store, product, stock).await;
    (store, product)
}

fn order_body(store: i64, product: i64, quantity: i64) -> String {
    json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": quantity}]})
        .to_string()
}

async fn post(app: &TestApp, key: Option<&str>, body: &str) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/orders/"))
        .header("content-type", "application/json")
        .body(body.to_owned());
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request.send().await.unwrap()
}

fn replayed(response: &reqwest::Response) -> bool {
    response
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true")
}

#[tokio::test]
async fn a_repeat_replays_the_stored_answer_and_places_nothing() {
    let app = spawn_app().await;
    let (store, product) = shop(&app, 10).await;
    let body = order_body(store, product, 3);

    let first = post(&app, Some("order-1"), &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(!replayed(&first));
    let first = first.text().await.unwrap();
    let order: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(order["status"], "CONFIRMED");

    app.set_stock(store, product, 50).await;
    // The same request, spelled differently: other key order and spacing.
    let respelled = format!(
        r#"{{ "items": [ {{"quantity_requested": 3, "product_id": {product}}} ], "store_id": {store} }}"#
    );
    for body in [body.as_str(), respelled.as_str()] {
        let again = post(&app, Some("order-1"), body).await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert!(replayed(&again), "{body}");
        assert_eq!(
            again.text().await.unwrap(),
            first,
            "the stored answer, byte for byte"
        );
    }
    assert_eq!(app.count("orders").await, 1);
    assert_eq!(
        app.stock(store, product).await,
        Some(50),
        "stock moved once"
    );

    let rejected = post(&app, Some("order-2"), &order_body(store, product, 51)).await;
    let rejected = rejected.text().await.unwrap();
    assert!(rejected.contains("REJECTED"), "{rejected}");
    let again = post(&app, Some("order-2"), &order_body(store, product, 51)).await;
    assert!(replayed(&again));
    assert_eq!(
        again.text().await.unwrap(),
        rejected,
        "a rejection replays too"
    );
    let fresh = post(&app, Some("order-3"), &body).await;
    assert!(!replayed(&fresh), "another key places anew");
    assert_eq!(app.count("orders").await, 3);
}

#[tokio::test]
async fn a_key_reused_with_another_body_is_a_422() {
    let app = spawn_app().await;
    let (store, product) = shop(&app, 10).await;
    assert_eq!(
        post(&app, Some("k"), &order_body(store, product, 1))
            .await
            .status(),
        StatusCode::CREATED
    );
    let response = post(&app, Some("k"), &order_body(store, product, 2)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "idempotency_key_reused");
    assert_eq!(app.count("orders").await, 1);
    assert_eq!(app.stock(store, product).await, Some(9));
}

#[tokio::test]
async fn bad_keys_are_a_400_and_write_nothing() {
    let app = spawn_app().await;
    let (store, product) = shop(&app, 10).await;
    let body = order_body(store, product, 1);
    let too_long = "k".repeat(256);
    for (name, keys) in [
        ("empty", vec![""]),
        ("blank", vec!["   "]),
        ("256 characters", vec![too_long.as_str()]),
        ("sent twice", vec!["a", "b"]),
    ] {
        let mut request = app
            .client
            .post(app.url("/orders/"))
            .header("content-type", "application/json")
            .body(body.clone());
        for key in keys {
            request = request.header("idempotency-key", key);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], "validation_failed", "{name}");
    }
    let not_ascii = app
        .client
        .post(app.url("/orders/"))
        .header("content-type", "application/json")
        .header(
            "idempotency-key",
            reqwest::header::HeaderValue::from_bytes("clé".as_bytes()).unwrap(),
        )
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(not_ascii.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("orders").await, 0);
    assert_eq!(app.count("idempotency_keys").await, 0);

    let longest = "k".repeat(255);
    assert_eq!(
        post(&app, Some(&longest), &body).await.status(),
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn requests_that_fail_validation_do_not_use_the_key_up() {
    let app = spawn_app().await;
    let (store, product) = shop(&app, 10).await;
    for (body, status) in [
        (order_body(store, product, 0), StatusCode::BAD_REQUEST),
        (r#"{"store_id": 1,"#.to_owned(), StatusCode::BAD_REQUEST),
        (
            order_body(store, product + 99, 1),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            order_body(store + 99, product, 1),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ] {
        assert_eq!(
            post(&app, Some("k"), &body).await.status(),
            status,
            "{body}"
        );
    }
    assert_eq!(app.count("idempotency_keys").await, 0);

    let body = order_body(store, product, 4);
    let placed = post(&app, Some("k"), &body).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    assert!(
        !replayed(&placed),
        "the failed requests did not use the key"
    );
    assert!(replayed(&post(&app, Some("k"), &body).await));
    assert_eq!(app.count("orders").await, 1);
    assert_eq!(app.stock(store, product).await, Some(6));
}

#[tokio::test]
async fn twenty_concurrent_requests_with_one_key_place_one_order() {
    let app = spawn_app().await;
    let (store, product) = shop(&app, 100).await;
    let body = order_body(store, product, 1);
    let answers = futures::future::join_all((0..20).map(|_| async {
        let response = post(&app, Some("race"), &body).await;
        let replayed = replayed(&response);
        let status = response.status();
        let order: Value = response.json().await.unwrap();
        (status, replayed, order)
    }))
    .await;

    let ids: Vec<&Value> = answers.iter().map(|(_, _, order)| &order["id"]).collect();
    assert!(
        answers
            .iter()
            .all(|(status, ..)| *status == StatusCode::CREATED),
        "{answers:?}"
    );
    assert!(ids.iter().all(|id| *id == ids[0] && id.is_i64()), "{ids:?}");
    assert_eq!(
        answers.iter().filter(|(_, replayed, _)| !replayed).count(),
        1
    );
    assert_eq!(app.count("orders").await, 1);
    assert_eq!(app.count("idempotency_keys").await, 1);
    assert_eq!(
        app.stock(store, product).await,
        Some(99),
        "stock moved once"
    );
}

async fn key_count(app: &TestApp, key: &str) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM idempotency_keys WHERE key = $1")
        .bind(key)
        .fetch_one(&app.db)
        .await
        .unwrap()
}

async fn age_key(app: &TestApp, key: &str, hours: i32) {
    sqlx::query(
        "UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE key = $1",
    )
    .bind(key)
    .bind(hours)
    .execute(&app.db)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_purge_job_removes_keys_older_than_a_day() {
    let app =
        spawn_app_with(|config| config.idempotency_purge_schedule = "* * * * * *".into()).await;
    let (store, product) = shop(&app, 10).await;
    let body = order_body(store, product, 1);
    for key in ["old", "recent"] {
        post(&app, Some(key), &body).await;
    }
    age_key(&app, "old", 25).await;
    age_key(&app, "recent", 23).await;
    wait_until(
        Duration::from_secs(10),
        "the purge of the old key",
        || async { (key_count(&app, "old").await == 0).then_some(()) },
    )
    .await;
    assert_eq!(key_count(&app, "recent").await, 1);
    assert_eq!(app.count("orders").await, 2, "orders stay");
}

#[tokio::test]
async fn an_expired_key_places_anew_before_the_purge_runs() {
    let app =
        spawn_app_with(|config| config.idempotency_purge_schedule = "0 0 0 1 1 *".into()).await;
    let (store, product) = shop(&app, 10).await;
    let body = order_body(store, product, 1);
    post(&app, Some("k"), &body).await;
    age_key(&app, "k", 25).await;
    let again = post(&app, Some("k"), &body).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert!(!replayed(&again));
    assert_eq!(app.count("orders").await, 2);
    assert_eq!(app.stock(store, product).await, Some(8));
}

/// sqlx 0.8 leaves a pooled connection inside a transaction when the
/// future waiting for `BEGIN`'s answer is dropped; the next borrower's
/// statements then run (and keep their locks) in it. Here the request
/// deadline drops the placement while the proxy holds that answer back,
/// and the pool has one connection, so whatever runs next runs on it.
#[tokio::test]
async fn a_placement_dropped_while_begin_is_in_flight_leaves_no_transaction_open() {
    let proxy = Proxy::to_database(&Config::from_env().database_url).await;
    let app = spawn_app_with(|config| {
        config.database_url = proxy.url(&config.database_url);
        config.database_max_connections = 1;
        config.request_timeout_secs = 1;
    })
    .await;
    let (store, product) = shop(&app, 10).await;
    // The relay (its own connection) opens transactions only to number
    // outbox rows: none are waiting once the shop's are numbered.
    wait_until(deadline(), "the shop's changes numbered", || async {
        let waiting: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE seq IS NULL")
            .fetch_one(&app.db)
            .await
            .unwrap();
        (waiting == 0).then_some(())
    })
    .await;

    proxy.hold_response_containing(b"BEGIN\0");
    let body = order_body(store, product, 1);
    let dropped = post(&app, Some("hung-up"), &body).await;
    assert_eq!(dropped.status(), StatusCode::REQUEST_TIMEOUT);
    tokio::time::timeout(deadline(), proxy.held())
        .await
        .expect("BEGIN's answer was held");
    proxy.release();

    // now() is when the transaction began: the dropped BEGIN ran over a
    // second ago, before the request deadline.
    let own_transaction: bool =
        sqlx::query_scalar("SELECT clock_timestamp() - now() < interval '500 milliseconds'")
            .fetch_one(&app.state.db)
            .await
            .unwrap();
    assert!(
        own_transaction,
        "the pool's connection is still inside the dropped placement's transaction"
    );
    let placed = post(&app, Some("after"), &body).await;
    assert_eq!(placed.status(), StatusCode::CREATED);
    assert_eq!(
        app.stock(store, product).await,
        Some(9),
        "only the second order deducted"
    );
}
