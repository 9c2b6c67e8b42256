//! The inventory listing cache never outlives a write that changes what a
//! listing shows: product edits, category renames, deletes, stock and
//! imports each make every affected store's listing fresh at once.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

async fn listing(app: &TestApp, store: i64) -> (String, Value) {
    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    let cache = response.headers()["x-cache"].to_str().unwrap().to_owned();
    (cache, response.json().await.unwrap())
}

/// Reads each store's listing until it is served from the cache.
async fn warm(app: &TestApp, stores: &[i64]) {
    for &store in stores {
        listing(app, store).await;
        assert_eq!(
            listing(app, store).await.0,
            "HIT",
            "store {store} is cached"
        );
    }
}

/// Each store's next read is a miss, and shows what `check` expects.
async fn fresh(app: &TestApp, stores: &[i64], what: &str, check: impl Fn(&Value) -> bool) {
    for &store in stores {
        let (cache, body) = listing(app, store).await;
        assert_eq!(cache, "MISS", "{what}: store {store} was invalidated");
        assert!(check(&body), "{what}: store {store} shows {body}");
    }
}

async fn admin(app: &TestApp, method: Method, path: &str, body: Value) {
    let response = app.admin(method, path).json(&body).send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
}

#[tokio::test]
async fn every_write_a_listing_shows_makes_it_fresh_at_once() {
    let app = spawn_app().await;
    let audio = app.create_category("Audio").await;
    let hifi = app.create_category("Hi-Fi").await;
    let (north, south, east) = (
        app.create_store("North").await,
        app.create_store("South").await,
        app.create_store("East").await,
    );
    let speaker = app.create_product(audio, "Speaker", "20").await;
    app.set_stock(north, speaker, 4).await;
    app.set_stock(south, speaker, 1).await;
    let both = [north, south];
    let product = format!("/products/{speaker}/");
    let first = |body: &Value| body["results"][0].clone();

    warm(&app, &[north, south, east]).await;
    admin(
        &app,
        Method::PATCH,
        &product,
        json!({"title": "Loudspeaker"}),
    )
    .await;
    fresh(&app, &both, "title", |b| first(b)["title"] == "Loudspeaker").await;
    assert_eq!(
        listing(&app, east).await.0,
        "HIT",
        "a store without it stays cached"
    );

    warm(&app, &both).await;
    admin(&app, Method::PATCH, &product, json!({"price": 24.5})).await;
    fresh(&app, &both, "price", |b| first(b)["price"] == 24.5).await;

    warm(&app, &both).await;
    admin(&app, Method::PATCH, &product, json!({"category_id": hifi})).await;
    fresh(&app, &both, "category", |b| first(b)["category"] == "Hi-Fi").await;

    warm(&app, &both).await;
    admin(
        &app,
        Method::PATCH,
        &format!("/categories/{hifi}/"),
        json!({"name": "Stereo"}),
    )
    .await;
    fresh(&app, &both, "category rename", |b| {
        first(b)["category"] == "Stereo"
    })
    .await;

    warm(&app, &both).await;
    admin(
        &app,
        Method::PATCH,
        &product,
        json!({"description": "Loud."}),
    )
    .await;
    for store in both {
        assert_eq!(
            listing(&app, store).await.0,
            "HIT",
            "listings do not show descriptions"
        );
    }

    warm(&app, &both).await;
    admin(
        &app,
        Method::PUT,
        &format!("/stores/{north}/inventory/{speaker}"),
        json!({"quantity": 9}),
    )
    .await;
    fresh(&app, &[north], "stock", |b| first(b)["quantity"] == 9).await;
    assert_eq!(listing(&app, south).await.0, "HIT");

    warm(&app, &both).await;
    let report: Value = app
        .admin(Method::POST, "/products/import/")
        .header("content-type", "application/x-ndjson")
        .body(format!(
            r#"{{"title": "Amplifier", "price": 99, "category_id": {audio}, "stock": [{{"store_id": {south}, "quantity": 2}}]}}"#
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["imported"], 1, "{report}");
    fresh(&app, &[south], "import", |b| {
        b["count"] == 2 && first(b)["title"] == "Amplifier"
    })
    .await;
    assert_eq!(listing(&app, north).await.0, "HIT");

    warm(&app, &both).await;
    let deleted = app.admin(Method::DELETE, &product).send().await.unwrap();
    assert!(deleted.status().is_success());
    fresh(&app, &[north], "delete", |b| b["count"] == 0).await;
    fresh(&app, &[south], "delete", |b| b["count"] == 1).await;
}

#[tokio::test]
async fn a_ttl_of_zero_turns_the_cache_off() {
    let app = spawn_app_with(|config| config.inventory_cache_ttl_secs = 0).await;
    let audio = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let speaker = app.create_product(audio, "Speaker", "20").await;
    app.set_stock(store, speaker, 4).await;
    for _ in 0..3 {
        let (cache, body) = listing(&app, store).await;
        assert_eq!(cache, "MISS");
        assert_eq!(body["results"][0]["quantity"], 4);
    }
    admin(
        &app,
        Method::PATCH,
        &format!("/products/{speaker}/"),
        json!({"title": "Loudspeaker"}),
    )
    .await;
    let (cache, body) = listing(&app, store).await;
    assert_eq!(cache, "MISS");
    assert_eq!(body["results"][0]["title"], "Loudspeaker");
    let mut conn = app.state.redis.conn().await.unwrap();
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(app.state.redis.key("inventory:*"))
        .query_async(&mut conn)
        .await
        .unwrap();
    assert!(keys.is_empty(), "{keys:?}");
}
