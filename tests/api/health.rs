//! Liveness, readiness, PostgreSQL outages, trailing slashes and request ids.

use catalog::config::Config;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{deadline, spawn_app, spawn_app_with, wait_until},
    proxy::Proxy,
};

#[tokio::test]
async fn ready_when_postgres_and_redis_answer() {
    let app = spawn_app().await;
    let alive = app.get("/healthz").await;
    assert_eq!(alive.status(), StatusCode::OK);
    assert_eq!(
        alive.json::<Value>().await.unwrap(),
        json!({"status": "ok"})
    );
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["checks"]["postgres"], "ok");
    assert_eq!(body["checks"]["redis"], "ok");
}

#[tokio::test]
async fn not_ready_names_the_missing_dependency() {
    let app = spawn_app_with(|config| config.redis_url = "redis://127.0.0.1:1".into()).await;
    assert_eq!(
        app.get("/healthz").await.status(),
        StatusCode::OK,
        "alive all the same"
    );
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "service_unavailable");
    assert_eq!(body["error"]["details"]["postgres"], "ok");
    assert_ne!(body["error"]["details"]["redis"], "ok");
}

#[tokio::test]
async fn database_outage_is_a_503_with_the_error_body() {
    let app = spawn_app_with(|config| {
        config.database_url = "postgres://postgres:postgres@127.0.0.1:1/catalog".into();
    })
    .await;
    let response = app.get("/stores/1/orders/").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.headers().contains_key("retry-after"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "service_unavailable");

    let search = app.get("/api/search/products/?q=phone").await;
    assert_eq!(
        search.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "no index can be built yet"
    );
    let body: Value = search.json().await.unwrap();
    assert_eq!(body["error"]["code"], "service_unavailable");
}

#[tokio::test]
async fn paths_answer_the_same_with_and_without_a_trailing_slash() {
    let app = spawn_app().await;
    let store = app.create_store("North").await;
    for path in [
        format!("/stores/{store}/orders"),
        format!("/stores/{store}/orders/"),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["count"], 0);
    }
    assert_eq!(app.get("/healthz/").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn request_ids_are_honoured_or_generated() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-request-id"], "abc-123");
    let response = app.get("/healthz").await;
    assert!(!response.headers()["x-request-id"].is_empty());
}

/// PostgreSQL goes away under a running app (every connection cut, new ones
/// refused) and comes back: meanwhile readiness names it, requests that need
/// it are 503 with the error body and write nothing, search keeps answering
/// from the index, and everything recovers without a restart.
#[tokio::test]
async fn a_postgres_outage_is_a_503_and_the_app_recovers_when_it_returns() {
    let proxy = Proxy::to_database(&Config::from_env().database_url).await;
    let app = spawn_app_with(|config| config.database_url = proxy.url(&config.database_url)).await;
    let category = app.create_category("Tools").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Hammer", "10").await;
    app.set_stock(store, product, 5).await;
    app.reindex().await;
    let order =
        json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 2}]});
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    proxy.cut();
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "service_unavailable");
    assert_ne!(body["error"]["details"]["postgres"], "ok", "{body}");
    assert_eq!(body["error"]["details"]["redis"], "ok");
    for response in [
        app.post_json("/orders/", &order).await,
        app.get(&format!("/stores/{store}/orders/")).await,
        app.get(&format!("/stores/{store}/inventory/?page=2")).await,
    ] {
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(response.headers().contains_key("retry-after"));
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "service_unavailable", "{body}");
    }
    assert_eq!(app.count("orders").await, 0, "nothing was written");
    assert_eq!(app.stock(store, product).await, Some(5));
    assert_eq!(
        app.search("q=hammer").await["count"],
        1,
        "search is served from the index"
    );

    proxy.restore();
    wait_until(deadline(), "ready again", || async {
        (app.get("/readyz").await.status() == StatusCode::OK).then_some(())
    })
    .await;
    let placed: Value = app
        .post_json("/orders/", &order)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(placed["status"], "CONFIRMED");
    assert_eq!(app.stock(store, product).await, Some(3));
    let listing: Value = app
        .get(&format!("/stores/{store}/orders/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listing["results"][0]["id"], placed["id"]);
}
