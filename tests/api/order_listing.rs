//! A store's order history: newest first, paginated, in a fixed number of
//! queries whatever the page size.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use reqwest::StatusCode;
use serde_json::{Value, json};
use tracing_subscriber::{Layer, filter::Targets, layer::SubscriberExt};

use crate::helpers::{TestApp, spawn_app};

async fn store_with_orders(app: &TestApp, orders: usize) -> (i64, Vec<i64>) {
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let mut products = Vec::new();
    for i in 0..3 {
        let product = app
            .create_product(category, &format!("Puzzle {i}"), "9.99")
            .await;
        app.set_stock(store, product, 1_000).await;
        products.push(product);
    }
    let mut ids = Vec::new();
    for i in 0..orders {
        let items: Vec<Value> = products[..1 + i % 3]
            .iter()
            .map(|p| json!({"product_id": p, "quantity_requested": 1}))
            .collect();
        let order: Value = app
            .post_json("/orders/", &json!({"store_id": store, "items": items}))
            .await
            .json()
            .await
            .unwrap();
        ids.push(order["id"].as_i64().unwrap());
    }
    (store, ids)
}

#[tokio::test]
async fn orders_are_listed_newest_first_with_items_and_counts() {
    let app = spawn_app().await;
    let (store, ids) = store_with_orders(&app, 7).await;

    let response = app
        .get(&format!("/stores/{store}/orders/?page_size=3"))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["count"], 7);
    assert_eq!(body["page"], 1);
    assert_eq!(body["page_size"], 3);
    let first_page: Vec<i64> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect();
    assert_eq!(first_page, [ids[6], ids[5], ids[4]]);
    // Order i has 1 + i % 3 lines.
    assert_eq!(body["results"][0]["item_count"], 1);
    assert_eq!(body["results"][1]["item_count"], 3);
    assert_eq!(body["results"][1]["items"].as_array().unwrap().len(), 3);

    let mut seen = Vec::new();
    for page in 1..=3 {
        let body: Value = app
            .get(&format!("/stores/{store}/orders/?page={page}&page_size=3"))
            .await
            .json()
            .await
            .unwrap();
        seen.extend(
            body["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_i64().unwrap()),
        );
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(
        seen, expected,
        "pages together are the whole history, once each"
    );

    let beyond: Value = app
        .get(&format!("/stores/{store}/orders/?page=9"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(beyond["results"], json!([]));
    assert_eq!(beyond["count"], 7);
}

/// Counts the SQL statements sqlx runs inside request spans on this thread
/// while `f` runs. The test runtime is single-threaded, so the server's
/// handlers run here too; background tasks (relay, workers) are outside any
/// request span and are not counted.
async fn statements_during<F: std::future::Future>(f: F) -> usize {
    #[derive(Clone)]
    struct Counter(Arc<AtomicUsize>);
    impl<S: tracing::Subscriber> Layer<S> for Counter {
        fn on_event(
            &self,
            event: &tracing::Event<'_>,
            _: tracing_subscriber::layer::Context<'_, S>,
        ) {
            if event.metadata().target() == "sqlx::query" {
                self.0.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
    let counter = Counter(Arc::new(AtomicUsize::new(0)));
    let subscriber = tracing_subscriber::registry().with(
        counter
            .clone()
            .with_filter(Targets::new().with_target("sqlx::query", tracing::Level::TRACE)),
    );
    let guard = tracing::subscriber::set_default(subscriber);
    f.await;
    drop(guard);
    counter.0.load(Ordering::SeqCst)
}

#[tokio::test]
async fn listing_runs_the_same_number_of_queries_whatever_the_page_size() {
    let app = spawn_app().await;
    let (store, _) = store_with_orders(&app, 40).await;
    // Warm up: a first request may open a pool connection, which runs setup statements.
    app.get(&format!("/stores/{store}/orders/")).await;

    let small = statements_during(async {
        assert_eq!(
            app.get(&format!("/stores/{store}/orders/?page_size=2"))
                .await
                .status(),
            StatusCode::OK
        );
    })
    .await;
    let large = statements_during(async {
        assert_eq!(
            app.get(&format!("/stores/{store}/orders/?page_size=40"))
                .await
                .status(),
            StatusCode::OK
        );
    })
    .await;
    assert!(small > 0, "the counter must see the listing's queries");
    assert_eq!(small, large, "query count must not grow with the page size");
    assert!(large <= 3, "three queries at most, saw {large}");
}
