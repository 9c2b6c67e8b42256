//! Liveness, readiness, trailing slashes and request ids.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn ready_when_postgres_and_redis_answer() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
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
