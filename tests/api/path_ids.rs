//! Ids in a path are parsed once, at the extractor: anything but a positive
//! 64-bit integer is a 400 naming the parameter, before the handler runs
//! (nothing is written); good ids reach the handler in route order.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_bad_path_id_is_a_400_naming_its_parameter_and_writes_nothing() {
    let app = spawn_app().await;
    let category = app.create_category("Lamps").await;
    // Another store first, so the store's id differs from the product's.
    app.create_store("South").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Desk Lamp", "20").await;
    app.set_stock(store, product, 5).await;

    let title = json!({ "title": "Renamed" });
    let name = json!({ "name": "Renamed" });
    let quantity = json!({ "quantity": 9 });
    let cases: Vec<(Method, String, Option<&Value>, &str)> = vec![
        (Method::GET, "/stores/0/inventory/".into(), None, "store_id"),
        (Method::GET, "/stores/-1/orders/".into(), None, "store_id"),
        (
            Method::GET,
            "/stores/abc/inventory/summary/".into(),
            None,
            "store_id",
        ),
        (
            Method::GET,
            "/stores/99999999999999999999/orders/".into(),
            None,
            "store_id",
        ),
        (Method::PATCH, "/categories/0".into(), Some(&name), "id"),
        (
            Method::DELETE,
            format!("/categories/-{category}"),
            None,
            "id",
        ),
        (Method::PATCH, "/products/0".into(), Some(&title), "id"),
        (Method::DELETE, "/products/1.5".into(), None, "id"),
        (
            Method::PUT,
            format!("/stores/{store}/inventory/0"),
            Some(&quantity),
            "product_id",
        ),
        (
            Method::PUT,
            format!("/stores/x/inventory/{product}"),
            Some(&quantity),
            "store_id",
        ),
    ];
    for (method, path, body, field) in cases {
        let mut request = app.admin(method.clone(), &path);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        let what = format!("{method} {path}");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{what}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
        assert_eq!(
            body["error"]["details"][field], "must be a positive integer",
            "{what}: {body}"
        );
    }

    assert_eq!(app.stock(store, product).await, Some(5), "no stock moved");
    let (title, name): (String, String) = sqlx::query_as(
        "SELECT p.title, c.name FROM products p JOIN categories c ON c.id = p.category_id
          WHERE p.id = $1 AND p.deleted_at IS NULL",
    )
    .bind(product)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!((title.as_str(), name.as_str()), ("Desk Lamp", "Lamps"));

    // Good ids reach the handler, each as the parameter it names.
    let response = app
        .admin(Method::PUT, &format!("/stores/{store}/inventory/{product}"))
        .json(&quantity)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_ne!(store, product);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["store_id"].as_i64(), body["product_id"].as_i64()),
        (Some(store), Some(product))
    );
    assert_eq!(app.stock(store, product).await, Some(9));
}
