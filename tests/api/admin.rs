//! The admin API: its token, catalog edits reaching search, bulk import.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, deadline, spawn_app, spawn_app_with, wait_until};

/// Polls search until `check` accepts the answer.
pub async fn search_until(
    app: &TestApp,
    query: &str,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    wait_until(deadline(), what, || async {
        let page = app.search(query).await;
        check(&page).then_some(page)
    })
    .await
}

#[tokio::test]
async fn admin_routes_need_the_configured_token() {
    let app = spawn_app().await;
    let body = json!({"name": "Garden"});
    let no_token = app
        .client
        .post(app.url("/categories/"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        no_token.json::<Value>().await.unwrap()["error"]["code"],
        "unauthorized"
    );
    let wrong = app
        .client
        .post(app.url("/categories/"))
        .bearer_auth("test-admin-tokeN")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let good = app
        .admin(Method::POST, "/categories/")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::CREATED);
    assert_eq!(good.json::<Value>().await.unwrap()["name"], "Garden");
    assert_eq!(
        app.count("categories").await,
        1,
        "only the authorised request wrote"
    );

    let disabled = spawn_app_with(|config| config.admin_token = None).await;
    let response = disabled
        .admin(Method::POST, "/categories/")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "no token configured: disabled, not open"
    );
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"]["code"],
        "admin_disabled"
    );
    assert_eq!(disabled.count("categories").await, 0);

    let empty = spawn_app_with(|config| config.admin_token = Some(String::new())).await;
    let response = empty
        .client
        .post(empty.url("/categories/"))
        .header("authorization", "Bearer ")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "an empty token disables, it does not open"
    );
}

#[tokio::test]
async fn price_edits_stock_changes_and_deletes_become_visible_in_search() {
    let app = spawn_app().await;
    let store = app.create_store("North").await;
    let category: Value = app
        .admin(Method::POST, "/categories/")
        .json(&json!({"name": "Lighting"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created = app
        .admin(Method::POST, "/products/")
        .json(&json!({"title": "Brass Floor Lamp", "price": 80, "category_id": category["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let product = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    search_until(&app, "q=brass", "the new product", |p| p["count"] == 1).await;

    let patched = app
        .admin(Method::PATCH, &format!("/products/{product}/"))
        .json(&json!({"price": "64.50"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(
        patched.json::<Value>().await.unwrap()["title"],
        "Brass Floor Lamp",
        "a patch keeps other fields"
    );
    search_until(&app, "q=brass", "the new price", |p| {
        p["results"][0]["price"] == 64.5
    })
    .await;

    let restock = app
        .admin(Method::PUT, &format!("/stores/{store}/inventory/{product}"))
        .json(&json!({"quantity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(restock.status(), StatusCode::OK);
    assert_eq!(
        restock.json::<Value>().await.unwrap(),
        json!({"store_id": store, "product_id": product, "quantity": 1})
    );
    assert_eq!(app.stock(store, product).await, Some(1));
    let in_store = format!("q=brass&store_id={store}&in_stock=true");
    search_until(&app, &in_store, "the restock", |p| p["count"] == 1).await;

    let order = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(order["status"], "CONFIRMED");
    search_until(&app, &in_store, "the sale of the last unit", |p| {
        p["count"] == 0
    })
    .await;

    let deleted = app
        .admin(Method::DELETE, &format!("/products/{product}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    search_until(&app, "q=brass", "the delete", |p| p["count"] == 0).await;
    let again = app
        .admin(Method::DELETE, &format!("/products/{product}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
    let reorder = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}))
        .await;
    assert_eq!(
        reorder.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a deleted product cannot be ordered"
    );
    let body: Value = reorder.json().await.unwrap();
    assert_eq!(body["error"]["details"]["product_ids"], json!([product]));
    assert_eq!(app.count("orders").await, 1, "only the first order exists");

    let status: Value = app
        .admin(Method::GET, "/api/index/status/")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["documents"], 0);
    assert_eq!(status["checkpoint"], status["head"], "{status}");
    assert!(status["head"].as_i64().unwrap() >= 5, "{status}");
    assert_eq!(status["lag"]["changes_behind"], 0);
    assert_eq!(status["lag"]["outbox_unnumbered"], 0);
}

#[tokio::test]
async fn renaming_a_category_reindexes_its_products() {
    let app = spawn_app().await;
    let category = app.create_category("Lamps").await;
    app.create_product(category, "Reading Light", "20").await;
    app.reindex().await;
    let renamed = app
        .admin(Method::PATCH, &format!("/categories/{category}"))
        .json(&json!({"name": "Lighting"}))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), StatusCode::OK);
    assert_eq!(
        renamed.json::<Value>().await.unwrap(),
        json!({"id": category, "name": "Lighting", "parent_id": null, "path": ["Lighting"]})
    );
    search_until(&app, "q=light", "the new category name", |p| {
        p["results"][0]["category"] == "Lighting"
    })
    .await;
    let delete = app
        .admin(Method::DELETE, &format!("/categories/{category}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        delete.status(),
        StatusCode::CONFLICT,
        "a category with products stays"
    );
    assert_eq!(
        delete.json::<Value>().await.unwrap()["error"]["code"],
        "conflict"
    );
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM categories")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(names, ["Lighting"]);
}

#[tokio::test]
async fn bulk_import_keeps_good_lines_and_names_each_bad_one() {
    let app = spawn_app().await;
    let store = app.create_store("North").await;
    app.create_category("Garden").await;
    let ndjson = [
        json!({"title": "Garden Hose", "price": 19.5, "category": "garden", "stock": [{"store_id": store, "quantity": 4}]}).to_string(),
        "{not json".to_owned(),
        json!({"title": "Rake", "category": "Garden"}).to_string(),
        json!({"title": "Shovel", "price": 12, "category": "Tools"}).to_string(),
        String::new(),
        json!({"title": "Trowel", "price": 7, "category": "Garden", "stock": [{"store_id": 999, "quantity": 1}]}).to_string(),
        json!({"title": "Watering Can", "price": 15, "category": "Garden"}).to_string(),
    ]
    .join("\n");
    let response = app
        .admin(Method::POST, "/products/import/")
        .body(ndjson)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(report["failed"], 4, "{report}");
    let failed_lines: Vec<i64> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_i64().unwrap())
        .collect();
    assert_eq!(failed_lines, [2, 3, 4, 6], "{report}");
    assert!(
        report["failures"][1]["error"]
            .as_str()
            .unwrap()
            .contains("price"),
        "{report}"
    );
    assert!(
        report["failures"][2]["error"]
            .as_str()
            .unwrap()
            .contains("does not exist"),
        "{report}"
    );
    assert_eq!(app.count("products").await, 2);
    search_until(
        &app,
        &format!("q=hose&store_id={store}&in_stock=true"),
        "the imported stock",
        |p| p["count"] == 1,
    )
    .await;

    let array = json!([{"title": "Bird Feeder", "price": 9, "category": "Garden"}, {"title": ""}])
        .to_string();
    let report: Value = app
        .admin(Method::POST, "/products/import/")
        .body(array)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (report["imported"].as_i64(), report["failed"].as_i64()),
        (Some(1), Some(1)),
        "{report}"
    );
    let broken = app
        .admin(Method::POST, "/products/import/")
        .body("[{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
}
