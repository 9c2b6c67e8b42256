//! The category tree through the admin API: parents, paths, the public
//! flat list, sibling names, cycles and depth refused with a 409 that
//! writes nothing, deletes refused while a category has children or
//! products. Moves and renames re-indexing are in `category_moves.rs`.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

pub async fn send(app: &TestApp, method: Method, path: &str, body: Value) -> (StatusCode, Value) {
    let response = app.admin(method, path).json(&body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Creates a category below `parent` and answers its id.
pub async fn category(app: &TestApp, name: &str, parent: Option<i64>) -> i64 {
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
