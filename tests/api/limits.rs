//! The edges of what the API accepts: the bearer scheme's case, the price
//! cap against its column, and the inventory summary at the largest stock
//! value the API allows.

use catalog::domain::product::{MAX_PRICE, MAX_STOCK};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{ADMIN_TOKEN, spawn_app};

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let app = spawn_app().await;
    for (i, scheme) in ["Bearer", "bearer", "BEARER", "bEaReR"].iter().enumerate() {
        let response = app
            .client
            .post(app.url("/categories/"))
            .header("authorization", format!("{scheme} {ADMIN_TOKEN}"))
            .json(&json!({ "name": format!("Category {i}") }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED, "{scheme}");
    }
    for header in [
        "bearer wrong-token".to_owned(),
        format!("Basic {ADMIN_TOKEN}"),
        format!("Bearer{ADMIN_TOKEN}"),
    ] {
        let response = app
            .client
            .post(app.url("/categories/"))
            .header("authorization", &header)
            .json(&json!({ "name": "Never" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{header}");
    }
    assert_eq!(app.count("categories").await, 4);
}

#[tokio::test]
async fn prices_up_to_the_column_limit_are_accepted_and_a_cent_more_is_a_400() {
    assert_eq!(MAX_PRICE.to_string(), "9999999999.99");
    let app = spawn_app().await;
    let category = app.create_category("Yachts").await;
    let create = |price: &str| {
        app.admin(Method::POST, "/products/")
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"title": "Superyacht", "price": {price}, "category_id": {category}}}"#
            ))
            .send()
    };

    let response = create("9999999999.99").await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let product: Value = response.json().await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT price::text FROM products WHERE id = $1")
        .bind(product["id"].as_i64().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, "9999999999.99");
    let patched = app
        .admin(Method::PATCH, &format!("/products/{}/", product["id"]))
        .header("content-type", "application/json")
        .body(r#"{"price": "9999999999.99"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), StatusCode::OK);
    assert_eq!(create("0").await.unwrap().status(), StatusCode::CREATED);

    for price in [
        "10000000000",
        "10000000000.00",
        "\"10000000000.00\"",
        "99999999999.99",
        "-0.01",
    ] {
        let response = create(price).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{price}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed", "{price}");
        assert_eq!(
            body["error"]["details"]["price"],
            "must be between 0 and 9999999999.99 with at most 2 decimals",
            "{price}"
        );
    }
    assert_eq!(
        app.count("products").await,
        2,
        "no rejected price was written"
    );
}

/// Three lines at the largest price and stock the API accepts: three times
/// what NUMERIC(18, 2) could hold.
#[tokio::test]
async fn the_inventory_summary_holds_the_largest_stock_value_allowed() {
    let app = spawn_app().await;
    let category = app.create_category("Yachts").await;
    let store = app.create_store("Harbour").await;
    for i in 0..3 {
        let product = app
            .create_product(category, &format!("Superyacht {i}"), &MAX_PRICE.to_string())
            .await;
        let response = app
            .admin(Method::PUT, &format!("/stores/{store}/inventory/{product}"))
            .json(&json!({ "quantity": MAX_STOCK }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    let stores = catalog::jobs::summary::compute(&app.db, 5)
        .await
        .expect("the summary fits its columns");
    assert_eq!(stores, 1);
    let stock_value: String =
        sqlx::query_scalar("SELECT stock_value::text FROM inventory_summaries WHERE store_id = $1")
            .bind(store)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(stock_value, "29999999999970000.00");
    let summary: Value = app
        .get(&format!("/stores/{store}/inventory/summary/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary["units"], 3 * MAX_STOCK);
    assert_eq!(summary["stock_value"], json!(29_999_999_999_970_000.0));
}
