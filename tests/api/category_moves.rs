//! A move or rename of a category re-indexes every live product of its
//! whole subtree (and only those): the outbox rows, the product answer's
//! `category_path`, and the index having applied them.

use catalog::{
    db::{catalog::create_product, categories},
    domain::{category::CategoryPatch, product::NewProduct},
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    category_tree::{category, send},
    helpers::{TestApp, deadline, spawn_app, wait_until},
};

/// The outbox rows recorded after `after`, as sorted product ids.
async fn recorded_since(app: &TestApp, after: i64) -> Vec<i64> {
    sqlx::query_scalar("SELECT product_id FROM outbox WHERE id > $1 AND product_id IS NOT NULL ORDER BY product_id")
        .bind(after)
        .fetch_all(&app.db)
        .await
        .unwrap()
}

async fn last_outbox_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(max(id), 0) FROM outbox")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Waits until this replica's index has applied every change numbered so
/// far, and answers the product's search hit found by its title.
async fn indexed_hit(app: &TestApp, id: i64, title: &str) -> Value {
    wait_until(deadline(), "the index to apply every change", || async {
        let status: Value = app
            .admin(Method::GET, "/api/index/status/")
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let caught_up =
            status["lag"]["changes_behind"] == 0 && status["lag"]["outbox_unnumbered"] == 0;
        caught_up.then_some(())
    })
    .await;
    let page = app.search(&format!("q={}", title.replace(' ', "+"))).await;
    let hits = page["results"].as_array().unwrap();
    hits.iter()
        .find(|h| h["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{title}: {page}"))
}

#[tokio::test]
async fn moving_or_renaming_a_category_reindexes_every_product_below_it() {
    let app = spawn_app().await;
    let phones = category(&app, "Phones", None).await;
    let apple = category(&app, "Apple", Some(phones)).await;
    let iphone7 = category(&app, "iPhone 7", Some(apple)).await;
    let retro = category(&app, "Retro", None).await;
    let in_apple = app.create_product(apple, "Lightning Cable", "9").await;
    let in_leaf = app.create_product(iphone7, "Seven Phone", "449").await;
    let outside = app.create_product(phones, "Generic Phone", "99").await;
    let elsewhere = app.create_product(retro, "Rotary Phone", "30").await;
    // The helper writes rows directly, without outbox rows.
    app.reindex().await;
    indexed_hit(&app, in_leaf, "Seven Phone").await;

    let mark = last_outbox_id(&app).await;
    let (status, moved) = send(
        &app,
        Method::PATCH,
        &format!("/categories/{apple}/"),
        json!({"parent_id": retro}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["path"], json!(["Retro", "Apple"]));
    assert_eq!(
        recorded_since(&app, mark).await,
        [in_apple, in_leaf],
        "exactly the products of the moved subtree are re-indexed"
    );
    let product: Value = app
        .get(&format!("/products/{in_leaf}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        product["category_path"],
        json!(["Retro", "Apple", "iPhone 7"])
    );
    let hit = indexed_hit(&app, in_leaf, "Seven Phone").await;
    if let Some(path) = hit.get("category_path") {
        assert_eq!(path, &json!(["Retro", "Apple", "iPhone 7"]), "{hit}");
    }

    let mark = last_outbox_id(&app).await;
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/categories/{retro}/"),
        json!({"name": "Vintage"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        recorded_since(&app, mark).await,
        [in_apple, in_leaf, elsewhere],
        "a rename re-indexes the whole subtree, grandchildren included"
    );
    let product: Value = app
        .get(&format!("/products/{in_leaf}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        product["category_path"],
        json!(["Vintage", "Apple", "iPhone 7"])
    );
    let hit = indexed_hit(&app, in_leaf, "Seven Phone").await;
    if let Some(path) = hit.get("category_path") {
        assert_eq!(path, &json!(["Vintage", "Apple", "iPhone 7"]), "{hit}");
    }
    let untouched: Value = app
        .get(&format!("/products/{outside}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(untouched["category_path"], json!(["Phones"]));

    // A patch that changes no path re-indexes nothing.
    let mark = last_outbox_id(&app).await;
    let (status, _) = send(
        &app,
        Method::PATCH,
        &format!("/categories/{apple}/"),
        json!({"name": "Apple", "parent_id": retro}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(recorded_since(&app, mark).await, Vec::<i64>::new());
}

/// T1 creates a product in a leaf and stays open; a move of the leaf's
/// grandparent runs meanwhile. The move must wait for T1 (the trigger
/// updates the leaf's row, which T1 holds in share mode), so that its
/// outbox rows include the new product; otherwise the product's document
/// could keep the old path forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_moved_while_a_product_is_created_below_it_reindexes_that_product() {
    let app = spawn_app().await;
    let phones = category(&app, "Phones", None).await;
    let apple = category(&app, "Apple", Some(phones)).await;
    let iphone7 = category(&app, "iPhone 7", Some(apple)).await;
    let retro = category(&app, "Retro", None).await;
    let mark = last_outbox_id(&app).await;

    let mut creating = app.db.begin().await.unwrap();
    let new = NewProduct {
        title: "Seven Phone".into(),
        description: String::new(),
        price: 449.into(),
        category_id: iphone7,
        external_id: None,
        brand: Some("Apple".into()),
        attributes: Default::default(),
        image_url: None,
        popularity: 0.0,
    };
    let product = create_product(&mut creating, &new).await.unwrap().id;

    let db = app.db.clone();
    let moving = tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        let to_retro = CategoryPatch {
            name: None,
            parent_id: Some(Some(retro)),
        };
        categories::update(&mut tx, apple, &to_retro).await.unwrap();
        tx.commit().await.unwrap();
    });
    let waiting = wait_until(deadline(), "the move to finish or wait", || {
        let db = app.db.clone();
        let done = moving.is_finished();
        async move {
            let waiting: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                  WHERE datname = current_database() AND wait_event_type = 'Lock')",
            )
            .fetch_one(&db)
            .await
            .unwrap();
            (done || waiting).then_some(waiting)
        }
    })
    .await;
    creating.commit().await.unwrap();
    moving.await.unwrap();
    assert!(waiting, "the move waited for the product's transaction");
    assert_eq!(
        recorded_since(&app, mark).await,
        [product, product],
        "the product is recorded by its creation and again by the move"
    );
    let answer: Value = app
        .get(&format!("/products/{product}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["category_path"],
        json!(["Retro", "Apple", "iPhone 7"])
    );
    let hit = indexed_hit(&app, product, "Seven Phone").await;
    if let Some(path) = hit.get("category_path") {
        assert_eq!(path, &json!(["Retro", "Apple", "iPhone 7"]), "{hit}");
    }
}
