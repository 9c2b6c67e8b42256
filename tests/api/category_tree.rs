//! The category tree through the admin API: parents, paths, the public
//! flat list, sibling names, cycles and depth refused with a 409 that
//! writes nothing, deletes refused while a category has children or
//! products, and a move or rename re-indexing every product below it.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, deadline, spawn_app, wait_until};

async fn send(app: &TestApp, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app.admin(method, path).json(&body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Creates a category below `parent` and answers its id.
async fn category(app: &TestApp, name: &str, parent: Option<i64>) -> i64 {
    let (status, body) = send(
        app,
        Method::POST,
        "/categories/",
        json!({"name": name, "parent_id": parent}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{name}: {body}");
    body["id"].as_i64().unwrap()
}

/// The public list, as `(path joined by " > ", parent)`.
async fn tree(app: &TestApp) -> Vec<(String, Option<i64>)> {
    let response = app.get("/categories/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let list: Vec<Value> = response.json().await.unwrap();
    list.iter()
        .map(|c| {
            let path: Vec<&str> = c["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap())
                .collect();
            assert_eq!(path.last().copied(), c["name"].as_str(), "{c}");
            (path.join(" > "), c["parent_id"].as_i64())
        })
        .collect()
}

#[tokio::test]
async fn categories_form_a_tree_listed_publicly_in_path_order() {
    let app = spawn_app().await;
    let phones = category(&app, "Cell Phones", None).await;
    let tvs = category(&app, "TVs", None).await;
    let iphone = category(&app, "iPhone", Some(phones)).await;
    let (status, iphone7) = send(
        &app,
        Method::POST,
        "/categories/",
        json!({"name": " iPhone 7 ", "parent_id": iphone}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        iphone7,
        json!({"id": iphone7["id"], "name": "iPhone 7", "parent_id": iphone,
               "path": ["Cell Phones", "iPhone", "iPhone 7"]})
    );
    // The same name under another parent is another category.
    let cases_phones = category(&app, "Cases", Some(phones)).await;
    let cases_tvs = category(&app, "cases", Some(tvs)).await;
    assert_ne!(cases_phones, cases_tvs);
    assert_eq!(
        tree(&app).await,
        [
            ("Cell Phones".to_owned(), None),
            ("Cell Phones > Cases".to_owned(), Some(phones)),
            ("Cell Phones > iPhone".to_owned(), Some(phones)),
            ("Cell Phones > iPhone > iPhone 7".to_owned(), Some(iphone)),
            ("TVs".to_owned(), None),
            ("TVs > cases".to_owned(), Some(tvs)),
        ]
    );
    // Moving to the root and renaming in one request.
    let (status, moved) = send(
        &app,
        Method::PATCH,
        &format!("/categories/{iphone}/"),
        json!({"parent_id": null, "name": "Apple iPhone"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{moved}");
    assert_eq!(moved["path"], json!(["Apple iPhone"]));
    assert_eq!(moved["parent_id"], Value::Null);
    assert!(
        tree(&app)
            .await
            .contains(&("Apple iPhone > iPhone 7".to_owned(), Some(iphone))),
        "the child follows its parent"
    );
}

#[tokio::test]
async fn refused_tree_edits_are_clear_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let mut chain = vec![category(&app, "L1", None).await];
    for level in 2..=8 {
        let parent = *chain.last().unwrap();
        chain.push(category(&app, &format!("L{level}"), Some(parent)).await);
    }
    let other = category(&app, "Other", None).await;
    let deep = category(&app, "Deep", Some(other)).await;
    let sibling = category(&app, "Sibling", Some(chain[0])).await;
    let before = tree(&app).await;
    let patch = |id: i64| format!("/categories/{id}/");
    let cases: Vec<(&str, Method, String, Value, StatusCode, &str)> = vec![
        (
            "a ninth level",
            Method::POST,
            "/categories/".into(),
            json!({"name": "L9", "parent_id": chain[7]}),
            StatusCode::CONFLICT,
            "parent_id",
        ),
        (
            "a move making the subtree too deep",
            Method::PATCH,
            patch(chain[1]),
            json!({"parent_id": deep}),
            StatusCode::CONFLICT,
            "parent_id",
        ),
        (
            "below itself",
            Method::PATCH,
            patch(chain[2]),
            json!({"parent_id": chain[2]}),
            StatusCode::CONFLICT,
            "parent_id",
        ),
        (
            "below its own descendant",
            Method::PATCH,
            patch(chain[0]),
            json!({"parent_id": chain[5]}),
            StatusCode::CONFLICT,
            "parent_id",
        ),
        (
            "a sibling's name, other case",
            Method::PATCH,
            patch(sibling),
            json!({"name": "l2"}),
            StatusCode::CONFLICT,
            "name",
        ),
        (
            "a sibling's name on create",
            Method::POST,
            "/categories/".into(),
            json!({"name": "SIBLING", "parent_id": chain[0]}),
            StatusCode::CONFLICT,
            "name",
        ),
        (
            "a move next to a same-named sibling",
            Method::PATCH,
            patch(sibling),
            json!({"parent_id": null, "name": "other"}),
            StatusCode::CONFLICT,
            "name",
        ),
        (
            "an unknown parent",
            Method::POST,
            "/categories/".into(),
            json!({"name": "X", "parent_id": 999_999}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "a move below an unknown parent",
            Method::PATCH,
            patch(other),
            json!({"parent_id": 999_999}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "",
        ),
        (
            "a name with the path separator",
            Method::POST,
            "/categories/".into(),
            json!({"name": "A > B"}),
            StatusCode::BAD_REQUEST,
            "name",
        ),
        (
            "a parent of 0",
            Method::PATCH,
            patch(other),
            json!({"parent_id": 0}),
            StatusCode::BAD_REQUEST,
            "parent_id",
        ),
        (
            "an empty patch",
            Method::PATCH,
            patch(other),
            json!({}),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (
            "no name",
            Method::POST,
            "/categories/".into(),
            json!({"parent_id": other}),
            StatusCode::BAD_REQUEST,
            "name",
        ),
    ];
    for (what, method, path, body, status, field) in cases {
        let (got, answer) = send(&app, method, &path, body).await;
        assert_eq!(got, status, "{what}: {answer}");
        let code = answer["error"]["code"].as_str().unwrap_or_default();
        assert!(
            !code.is_empty() && !answer["error"]["message"].as_str().unwrap().is_empty(),
            "{what}: {answer}"
        );
        if !field.is_empty() {
            assert!(
                answer["error"]["details"].get(field).is_some(),
                "{what}: {answer}"
            );
        }
    }
    assert_eq!(tree(&app).await, before, "nothing was written");
}

#[tokio::test]
async fn a_category_with_children_or_products_is_not_deleted() {
    let app = spawn_app().await;
    let parent = category(&app, "Parent", None).await;
    let child = category(&app, "Child", Some(parent)).await;
    let stocked = category(&app, "Stocked", None).await;
    let product = app.create_product(stocked, "Thing", "1").await;
    for (id, needle) in [(parent, "subcategories"), (stocked, "products")] {
        let response = app
            .admin(Method::DELETE, &format!("/categories/{id}/"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "conflict");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{body}"
        );
    }
    // A deleted product still holds its category: orders refer to it.
    app.admin(Method::DELETE, &format!("/products/{product}/"))
        .send()
        .await
        .unwrap();
    let held = app
        .admin(Method::DELETE, &format!("/categories/{stocked}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), StatusCode::CONFLICT);
    for id in [child, parent] {
        let response = app
            .admin(Method::DELETE, &format!("/categories/{id}/"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::NO_CONTENT,
            "children first, then the parent"
        );
    }
    assert_eq!(tree(&app).await, [("Stocked".to_owned(), None)]);
}

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
