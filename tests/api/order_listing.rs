//! A store's order history: newest first, paginated, in a fixed number of
//! queries whatever the page size.

use std::{cell::RefCell, sync::OnceLock};

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

thread_local! {
    /// The statements recorded on this thread, while it records.
    static RECORDED: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Records sqlx's statement events that happen inside a request span on a
/// thread that is recording.
struct Recorder;

#[derive(Default)]
struct Summary(String);

impl tracing::field::Visit for Summary {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "summary" {
            self.0 = format!("{value:?}");
        }
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.0 = value.to_owned();
        }
    }
}

impl<S> Layer<S> for Recorder
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let in_request = ctx
            .event_scope(event)
            .is_some_and(|mut scope| scope.any(|span| span.name() == "request"));
        RECORDED.with(|recorded| {
            if let (Some(recorded), true) = (recorded.borrow_mut().as_mut(), in_request) {
                let mut summary = Summary::default();
                event.record(&mut summary);
                recorded.push(summary.0);
            }
        });
    }
}

/// The SQL statements sqlx runs inside request spans on this thread while
/// `f` runs. The test runtime is single-threaded, so the server's handlers
/// run here too; background tasks (relay, workers) run outside any request
/// span and are not counted.
///
/// The recorder is the process's global subscriber, installed once and
/// never dropped: tracing caches per call site whether anyone listens, and a
/// scoped subscriber that came and went let other threads recompute that
/// cache without it, so a measurement could silently miss some statements.
async fn statements_during<F: std::future::Future>(f: F) -> Vec<String> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        let subscriber = tracing_subscriber::registry().with(
            Recorder.with_filter(
                Targets::new()
                    .with_target("sqlx::query", tracing::Level::TRACE)
                    .with_target("catalog", tracing::Level::INFO),
            ),
        );
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in the test binary");
    });
    RECORDED.with(|recorded| *recorded.borrow_mut() = Some(Vec::new()));
    f.await;
    RECORDED.with(|recorded| recorded.borrow_mut().take().unwrap_or_default())
}

#[tokio::test]
async fn listing_runs_the_same_number_of_queries_whatever_the_page_size() {
    let app = spawn_app().await;
    let (store, _) = store_with_orders(&app, 40).await;
    // Warm up: a first request may open a pool connection, which runs setup statements.
    app.get(&format!("/stores/{store}/orders/")).await;

    let listing = |page_size: u32| {
        let url = format!("/stores/{store}/orders/?page_size={page_size}");
        let app = &app;
        async move {
            assert_eq!(app.get(&url).await.status(), StatusCode::OK);
        }
    };
    let small = statements_during(listing(2)).await;
    let large = statements_during(listing(40)).await;
    assert!(!small.is_empty(), "the recorder saw the listing's queries");
    assert_eq!(
        small.len(),
        large.len(),
        "query count must not grow with the page size: {small:?} / {large:?}"
    );
    assert!(large.len() <= 3, "three queries at most, saw {large:?}");
}
