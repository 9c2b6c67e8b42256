//! A request body is a JSON object: serde would otherwise read a struct
//! from an array of its fields, in order.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_app;

/// None of these writes anything (found by the Schemathesis run: `[null,
/// null]` moved a category to the top level).
#[tokio::test]
async fn a_json_array_is_never_read_as_an_object_of_its_fields() {
    let app = spawn_app().await;
    let parent = app.create_category("Phones").await;
    let category: i64 = sqlx::query_scalar(
        "INSERT INTO categories (name, parent_id) VALUES ('Cases', $1) RETURNING id",
    )
    .bind(parent)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Phone", "100").await;
    app.set_stock(store, product, 5).await;

    let cases = [
        (
            Method::POST,
            "/orders/".to_owned(),
            json!([store, [[product, 1]]]),
        ),
        (
            Method::PUT,
            format!("/stores/{store}/inventory/{product}/"),
            json!([7]),
        ),
        (
            Method::PATCH,
            format!("/categories/{category}/"),
            json!([null, null]),
        ),
        (
            Method::PATCH,
            format!("/products/{product}/"),
            json!(["Renamed"]),
        ),
        (Method::POST, "/categories/".to_owned(), json!(["Tablets"])),
        (
            Method::PUT,
            "/api/settings/".to_owned(),
            json!([["color"], [], []]),
        ),
    ];
    for (method, path, body) in cases {
        let response = app
            .admin(method.clone(), &path)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{method} {path}"
        );
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            error["error"]["code"], "validation_failed",
            "{method} {path}"
        );
        assert!(
            error["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("a JSON object")),
            "{method} {path}: {error}"
        );
    }

    assert_eq!(app.count("orders").await, 0, "no order was placed");
    assert_eq!(app.stock(store, product).await, Some(5), "no stock was set");
    let (parent_id, title): (Option<i64>, String) = sqlx::query_as(
        "SELECT c.parent_id, p.title FROM products p JOIN categories c ON c.id = p.category_id
          WHERE p.id = $1",
    )
    .bind(product)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(parent_id, Some(parent), "the category was not moved");
    assert_eq!(title, "Phone", "the product was not renamed");
    assert_eq!(app.count("categories").await, 2, "no category was created");
    let facets: Vec<String> = sqlx::query_scalar("SELECT facets FROM search_settings")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_ne!(facets, ["color"], "the settings were not replaced");
}
