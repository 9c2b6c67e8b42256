//! `GET`/`PUT /api/settings/`: a facets change rebuilding the index in the
//! background, and a synonyms or stop words change reaching the indexer as
//! a change that rebuilds nothing. What a valid body is: `settings_input.rs`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, deadline, spawn_app, wait_until};

pub async fn put(app: &TestApp, body: &Value) -> reqwest::Response {
    app.admin(Method::PUT, "/api/settings/")
        .json(body)
        .send()
        .await
        .unwrap()
}

pub async fn settings(app: &TestApp) -> Value {
    let response = app
        .admin(Method::GET, "/api/settings/")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn index_status(app: &TestApp) -> Value {
    app.admin(Method::GET, "/api/index/status/")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Outbox rows of each kind: (product, reindex, settings).
pub async fn outbox_kinds(app: &TestApp) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE kind = 'product'), count(*) FILTER (WHERE kind = 'reindex'),
                count(*) FILTER (WHERE kind = 'settings')
           FROM outbox",
    )
    .fetch_one(&app.db)
    .await
    .unwrap()
}

/// Waits until the indexer has applied every numbered change; answers the
/// status then.
async fn caught_up(app: &TestApp) -> Value {
    wait_until(deadline(), "the indexer to apply every change", || async {
        let status = index_status(app).await;
        let head = status["head"].as_i64();
        (status["checkpoint"].as_i64() == head && status["lag"]["outbox_unnumbered"] == 0)
            .then_some(status)
    })
    .await
}

#[tokio::test]
async fn settings_are_empty_at_first_and_a_put_replaces_them() {
    let app = spawn_app().await;
    assert_eq!(
        settings(&app).await,
        json!({"facets": [], "synonyms": [], "stop_words": []})
    );
    let wanted = json!({
        "facets": ["color", "storage_gb"],
        "synonyms": [["tv", "television"], {"input": "phone", "synonyms": ["smartphone", "mobile"]}],
        "stop_words": ["the", "a"],
    });
    let response = put(&app, &wanted).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        wanted,
        "answers what it saved"
    );
    assert_eq!(settings(&app).await, wanted);

    let unauthenticated = app
        .client
        .put(app.url("/api/settings/"))
        .json(&wanted)
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
    let anonymous_read = app.get("/api/settings/").await;
    assert_eq!(anonymous_read.status(), StatusCode::UNAUTHORIZED);
}

/// A new facet key changes what documents hold: every replica rebuilds in
/// the background (here the one app: a new generation with a repair report).
#[tokio::test]
async fn a_facets_change_rebuilds_the_index() {
    let app = spawn_app().await;
    let category = app.create_category("Phones").await;
    app.create_product(category, "Pocket Phone", "99").await;
    let before = caught_up(&app).await;
    let generation = before["generation"].clone();
    assert!(generation.is_string(), "{before}");

    let response = put(
        &app,
        &json!({"facets": ["color"], "synonyms": [], "stop_words": []}),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(outbox_kinds(&app).await.1, 1, "one reindex change recorded");

    let after = wait_until(deadline(), "a rebuilt generation", || async {
        let status = index_status(&app).await;
        (status["generation"] != generation && status["last_repair_report"].is_string())
            .then_some(status)
    })
    .await;
    assert_eq!(after["documents"], 1, "{after}");
    assert_eq!(
        after["last_rebuild_reason"], "a full reindex was requested",
        "{after}"
    );
}

/// Synonyms and stop words change no document: the indexer takes their
/// change as a no-op that moves its checkpoint, and rebuilds nothing. So
/// does a new order of the same facet keys; saving the same settings again
/// records nothing at all.
#[tokio::test]
async fn a_synonyms_change_moves_the_checkpoint_without_a_rebuild() {
    let app = spawn_app().await;
    let category = app.create_category("Phones").await;
    app.create_product(category, "Pocket Phone", "99").await;
    let first = json!({"facets": ["color", "size"], "synonyms": [], "stop_words": []});
    assert_eq!(put(&app, &first).await.status(), StatusCode::OK);
    let rebuilt = wait_until(deadline(), "the facets rebuild", || async {
        let status = index_status(&app).await;
        status["last_repair_report"].is_string().then_some(status)
    })
    .await;
    let before = caught_up(&app).await;
    assert_eq!(before["generation"], rebuilt["generation"]);

    for (body, settings_changes) in [
        (
            json!({"facets": ["color", "size"], "synonyms": [["tv", "television"]], "stop_words": []}),
            1,
        ),
        (
            json!({"facets": ["color", "size"], "synonyms": [["tv", "television"]], "stop_words": ["the"]}),
            2,
        ),
        (
            json!({"facets": ["size", "color"], "synonyms": [["tv", "television"]], "stop_words": ["the"]}),
            3,
        ),
        (
            json!({"facets": ["size", "color"], "synonyms": [["tv", "television"]], "stop_words": ["the"]}),
            3,
        ),
    ] {
        assert_eq!(put(&app, &body).await.status(), StatusCode::OK, "{body}");
        assert_eq!(
            outbox_kinds(&app).await,
            (0, 1, settings_changes),
            "after {body}"
        );
    }
    let after = caught_up(&app).await;
    assert_eq!(
        after["head"],
        before["head"].as_i64().unwrap() + 3,
        "{before} then {after}"
    );
    assert_eq!(
        after["generation"], before["generation"],
        "no rebuild: {after}"
    );
    assert_eq!(after["last_rebuild_at"], before["last_rebuild_at"]);
    assert_eq!(after["documents"], 1);
}
