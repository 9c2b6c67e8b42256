//! Store inventory listing and its Redis cache.

use catalog::{cache::Lookup, db, domain::pagination::Page};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{spawn_app, spawn_app_with};

fn x_cache(response: &reqwest::Response) -> String {
    response.headers()["x-cache"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn lists_stock_sorted_by_title_ignoring_case() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    for (title, quantity) in [
        ("zebra speaker", 1),
        ("Alpha Headphones", 0),
        ("beta Earbuds", 7),
    ] {
        let product = app.create_product(category, title, "49.50").await;
        app.set_stock(store, product, quantity).await;
    }

    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    let titles: Vec<&str> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Alpha Headphones", "beta Earbuds", "zebra speaker"]
    );
    assert_eq!(body["count"], 3);
    let first = &body["results"][0];
    assert_eq!(first["price"], json!(49.5));
    assert_eq!(first["category"], "Audio");
    assert_eq!(first["quantity"], 0);
}

#[tokio::test]
async fn second_read_is_a_hit_and_a_confirmed_order_invalidates_it() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(store, product, 4).await;
    let path = format!("/stores/{store}/inventory");

    let first = app.get(&path).await;
    assert_eq!(x_cache(&first), "MISS");
    let second = app.get(&path).await;
    assert_eq!(x_cache(&second), "HIT");
    let cached: Value = second.json().await.unwrap();
    assert_eq!(cached["results"][0]["quantity"], 4);

    let order = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 3}]}))
        .await;
    assert_eq!(order.status(), StatusCode::CREATED);

    let after = app.get(&path).await;
    assert_eq!(
        x_cache(&after),
        "MISS",
        "the confirmed order invalidated the cache"
    );
    let body: Value = after.json().await.unwrap();
    assert_eq!(body["results"][0]["quantity"], 1);
    assert_eq!(x_cache(&app.get(&path).await), "HIT");

    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(
        metrics.contains("inventory_cache_requests_total"),
        "{metrics}"
    );
}

/// The stale-set race: a slow reader loads the listing, a writer commits and
/// invalidates, then the reader stores what it loaded. The reader's old rows
/// must never be served afterwards.
#[tokio::test]
async fn a_slow_reader_cannot_put_stale_rows_back_after_an_invalidation() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(store, product, 10).await;
    let page = Page {
        page: 1,
        page_size: 20,
    };
    let cache = &app.state.inventory_cache;

    // Reader, step 1 and 2: looks up the cache, then reads the database.
    let Lookup::Miss {
        version: Some(version),
    } = cache.lookup(store, page).await
    else {
        panic!("expected a miss with Redis up");
    };
    let (count, stale_lines) = db::stores::inventory_page(&app.db, store, page)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stale_lines[0].quantity, 10);

    // Writer: a confirmed order commits and invalidates.
    let order: Value = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 6}]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(order["status"], "CONFIRMED");

    // Reader, step 3: stores its now-stale body.
    let stale_body =
        serde_json::to_vec(&json!({"count": count, "results": [{"quantity": 10}]})).unwrap();
    cache.store(store, version, page, &stale_body).await;

    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    assert_eq!(
        x_cache(&response),
        "MISS",
        "the stale entry must not be found"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["quantity"], 4);
}

#[tokio::test]
async fn listing_is_served_from_the_database_when_redis_is_down() {
    let app = spawn_app_with(|config| config.redis_url = "redis://127.0.0.1:1".into()).await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(store, product, 2).await;

    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(x_cache(&response), "MISS");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["quantity"], 2);

    let order = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}))
        .await;
    assert_eq!(
        order.status(),
        StatusCode::CREATED,
        "orders do not need Redis"
    );
}

#[tokio::test]
async fn unknown_store_is_a_404() {
    let app = spawn_app().await;
    let response = app.get("/stores/4242/inventory/").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}
