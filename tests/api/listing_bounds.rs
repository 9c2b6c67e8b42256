//! The public listings against abuse: their depth is bounded, pages past the
//! end are never cached, and they are rate-limited per client (an IPv6
//! client by its /64).

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

async fn store_with_stock(app: &TestApp, lines: usize) -> i64 {
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    for i in 0..lines {
        let product = app
            .create_product(category, &format!("Puzzle {i}"), "9.99")
            .await;
        app.set_stock(store, product, 3).await;
    }
    store
}

/// The inventory listing's cache keys under this test's Redis prefix.
async fn cache_keys(app: &TestApp) -> Vec<String> {
    let mut conn = app.state.redis.conn().await.unwrap();
    let mut keys: Vec<String> = redis::cmd("KEYS")
        .arg(app.state.redis.key("inventory:*"))
        .query_async(&mut conn)
        .await
        .unwrap();
    keys.sort();
    keys
}

#[tokio::test]
async fn listing_depth_is_bounded_by_the_result_window() {
    let app = spawn_app().await;
    let store = store_with_stock(&app, 2).await;
    for listing in ["inventory", "orders"] {
        for (query, status) in [
            ("page=0", 400),
            ("page=-1", 400),
            ("page=501", 400),
            ("page=101&page_size=100", 400),
            ("page=10001&page_size=1", 400),
            ("page=100000", 400),
            ("page=9223372036854775807&page_size=100", 400),
            ("page=99999999999999999999", 400),
            ("page_size=0", 400),
            ("page_size=101", 400),
            ("page=1&page_size=100", 200),
            ("page=500", 200),
            ("page=100&page_size=100", 200),
            ("page=10000&page_size=1", 200),
        ] {
            let response = app
                .get(&format!("/stores/{store}/{listing}/?{query}"))
                .await;
            let what = format!("{listing}?{query}");
            assert_eq!(response.status().as_u16(), status, "{what}");
            let body: Value = response.json().await.unwrap();
            if status == 400 {
                assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
                assert!(
                    body["error"]["message"]
                        .as_str()
                        .is_some_and(|m| !m.is_empty()),
                    "{what}: {body}"
                );
            } else {
                assert!(body["results"].is_array(), "{what}: {body}");
            }
        }
    }
}

#[tokio::test]
async fn pages_past_the_end_are_served_but_never_cached() {
    let app = spawn_app().await;
    let store = store_with_stock(&app, 3).await;
    let first = app.get(&format!("/stores/{store}/inventory/")).await;
    assert_eq!(first.headers()["x-cache"], "MISS");
    let cached = cache_keys(&app).await;
    assert_eq!(cached.len(), 1, "page 1 is cached: {cached:?}");

    for page in 2..32 {
        let response = app
            .get(&format!(
                "/stores/{store}/inventory/?page={page}&page_size=3"
            ))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["x-cache"], "MISS", "page {page}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["count"], 3);
        assert_eq!(body["results"].as_array().unwrap().len(), 0, "page {page}");
    }
    assert_eq!(
        cache_keys(&app).await,
        cached,
        "30 pages past the end added no cache key"
    );
}

#[tokio::test]
async fn listings_are_rate_limited_per_client_and_ipv6_by_its_64() {
    let app = spawn_app_with(|config| {
        config.listing_rate_per_sec = 0.01;
        config.listing_burst = 2;
        config.trusted_proxies = 1;
    })
    .await;
    let store = store_with_stock(&app, 1).await;
    let get = |path: String, client: &'static str| {
        app.client
            .get(app.url(&path))
            .header("x-forwarded-for", client)
            .send()
    };
    let inventory = format!("/stores/{store}/inventory/");
    let orders = format!("/stores/{store}/orders/");

    for client in ["203.0.113.7", "[2001:db8:1:2::1]:443"] {
        assert_eq!(
            get(inventory.clone(), client).await.unwrap().status(),
            StatusCode::OK
        );
        assert_eq!(
            get(orders.clone(), client).await.unwrap().status(),
            StatusCode::OK
        );
        let limited = get(inventory.clone(), client).await.unwrap();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS, "{client}");
        assert!(limited.headers().contains_key("retry-after"));
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited");
        assert_eq!(
            get(orders.clone(), client).await.unwrap().status(),
            StatusCode::TOO_MANY_REQUESTS,
            "both listings share the budget"
        );
    }
    // Another address in the same /64 is the same subscriber; another /64
    // and another IPv4 address are not.
    for (client, status) in [
        ("2001:db8:1:2:ffff::9", StatusCode::TOO_MANY_REQUESTS),
        ("2001:db8:1:3::1", StatusCode::OK),
        ("203.0.113.8", StatusCode::OK),
    ] {
        assert_eq!(
            get(orders.clone(), client).await.unwrap().status(),
            status,
            "{client}"
        );
    }
}
