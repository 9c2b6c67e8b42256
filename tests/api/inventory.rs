//! Store inventory listing and its Redis cache.

use catalog::config::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, deadline, spawn_app, spawn_app_with},
    proxy::Proxy,
};

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

/// A counter's value in the Prometheus text of `/metrics` (0 before its
/// first increment). The recorder is process-wide: other tests running at
/// the same time only add to it.
async fn counter(app: &TestApp, series: &str) -> f64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
        .unwrap_or(0.0)
}

const HITS: &str = r#"catalog_inventory_cache_requests_total{outcome="hit"}"#;
const MISSES: &str = r#"catalog_inventory_cache_requests_total{outcome="miss"}"#;
const REDIS_ERRORS: &str = r#"catalog_inventory_cache_requests_total{outcome="error"}"#;

#[tokio::test]
async fn second_read_is_a_hit_and_a_confirmed_order_invalidates_it() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(store, product, 4).await;
    let path = format!("/stores/{store}/inventory");
    let (hits, misses) = (counter(&app, HITS).await, counter(&app, MISSES).await);

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
    let again = app.get(&path).await;
    assert_eq!(x_cache(&again), "HIT");
    assert_eq!(again.json::<Value>().await.unwrap(), body);

    assert!(counter(&app, HITS).await >= hits + 2.0, "two hits counted");
    assert!(
        counter(&app, MISSES).await >= misses + 2.0,
        "two misses counted"
    );
}

/// Every page is cached under its own key: page 2 is served from the cache
/// with page 2's rows, and an invalidation reaches it too.
#[tokio::test]
async fn pages_beyond_the_first_are_cached_and_invalidated_each_with_its_rows() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let mut products = Vec::new();
    for title in ["Amp", "Buds", "Cable", "Dock", "Earphones"] {
        let product = app.create_product(category, title, "20").await;
        app.set_stock(store, product, 6).await;
        products.push(product);
    }
    let page = |n: u32| format!("/stores/{store}/inventory/?page={n}&page_size=2");
    let titles = |body: &Value| -> Vec<String> {
        body["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| line["title"].as_str().unwrap().to_owned())
            .collect()
    };

    for (n, expected) in [
        (1, ["Amp", "Buds"].as_slice()),
        (2, &["Cable", "Dock"]),
        (3, &["Earphones"]),
    ] {
        let miss = app.get(&page(n)).await;
        assert_eq!(x_cache(&miss), "MISS", "page {n}");
        let hit = app.get(&page(n)).await;
        assert_eq!(x_cache(&hit), "HIT", "page {n}");
        let body: Value = hit.json().await.unwrap();
        assert_eq!(titles(&body), expected, "page {n} from the cache");
        assert_eq!(
            (body["page"].as_i64(), body["count"].as_i64()),
            (Some(n.into()), Some(5))
        );
    }

    let order = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": products[3], "quantity_requested": 4}]}))
        .await;
    assert_eq!(order.status(), StatusCode::CREATED);
    let second = app.get(&page(2)).await;
    assert_eq!(x_cache(&second), "MISS", "the order invalidated page 2");
    let body: Value = second.json().await.unwrap();
    assert_eq!(body["results"][1]["title"], "Dock");
    assert_eq!(body["results"][1]["quantity"], 2);
    let cached: Value = app.get(&page(2)).await.json().await.unwrap();
    assert_eq!(cached, body);
}

/// The stale-set race, through the real handler: a listing has read the
/// cache version and run its database read (its snapshot is taken) but its
/// rows are still on the wire when an order commits and invalidates. The
/// handler then stores what it read; those stale rows must never be served.
/// A handler that read the database before the version would store them
/// under the new version, and the next read would be a stale HIT.
#[tokio::test]
async fn a_slow_listing_cannot_put_stale_rows_back_after_an_invalidation() {
    let proxy = Proxy::to_database(&Config::from_env().database_url).await;
    let app = spawn_app_with(|config| config.database_url = proxy.url(&config.database_url)).await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Slowread Speaker", "20").await;
    app.set_stock(store, product, 10).await;
    let path = format!("/stores/{store}/inventory/");

    proxy.hold_response_containing(b"Slowread Speaker");
    let slow = tokio::spawn(app.client.get(app.url(&path)).send());
    tokio::time::timeout(deadline(), proxy.held())
        .await
        .expect("the listing's rows are held");
    let order: Value = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 6}]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(order["status"], "CONFIRMED");
    proxy.release();
    let slow = slow.await.unwrap().unwrap();
    assert_eq!(x_cache(&slow), "MISS");
    let slow: Value = slow.json().await.unwrap();
    assert_eq!(
        slow["results"][0]["quantity"], 10,
        "the slow listing read before the order committed"
    );

    let response = app.get(&path).await;
    assert_eq!(
        x_cache(&response),
        "MISS",
        "the stale entry must not be found"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["quantity"], 4);
    let cached = app.get(&path).await;
    assert_eq!(x_cache(&cached), "HIT");
    let cached: Value = cached.json().await.unwrap();
    assert_eq!(cached["results"][0]["quantity"], 4);
}

#[tokio::test]
async fn listing_is_served_from_the_database_when_redis_is_down() {
    let app = spawn_app_with(|config| config.redis_url = "redis://127.0.0.1:1".into()).await;
    let category = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(store, product, 2).await;
    let errors = counter(&app, REDIS_ERRORS).await;

    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(x_cache(&response), "MISS");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["quantity"], 2);
    assert!(
        counter(&app, REDIS_ERRORS).await > errors,
        "counted as an error, not as a miss of a working cache"
    );

    let order = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}))
        .await;
    assert_eq!(
        order.status(),
        StatusCode::CREATED,
        "orders do not need Redis"
    );
    assert_eq!(order.json::<Value>().await.unwrap()["status"], "CONFIRMED");
    assert_eq!(app.stock(store, product).await, Some(1));
}

#[tokio::test]
async fn unknown_store_is_a_404() {
    let app = spawn_app().await;
    let response = app.get("/stores/4242/inventory/").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}
