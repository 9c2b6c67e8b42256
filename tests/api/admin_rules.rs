//! The admin API's rules about what stays and what goes: category names are
//! unique (ignoring case), only an empty category can be deleted, and a
//! deleted product keeps its orders but loses its stock lines.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn category_names(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM categories ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_duplicate_category_name_is_a_409_on_create_and_rename() {
    let app = spawn_app().await;
    let create = |name: &'static str| {
        app.admin(Method::POST, "/categories/")
            .json(&json!({ "name": name }))
            .send()
    };
    assert_eq!(
        create("Garden").await.unwrap().status(),
        StatusCode::CREATED
    );
    let tools: Value = create("Tools").await.unwrap().json().await.unwrap();

    for duplicate in ["Garden", "garden", "GARDEN"] {
        let response = app
            .admin(Method::POST, "/categories/")
            .json(&json!({ "name": duplicate }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT, "{duplicate}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "conflict", "{body}");
    }
    let rename = app
        .admin(Method::PATCH, &format!("/categories/{}/", tools["id"]))
        .json(&json!({"name": "Garden"}))
        .send()
        .await
        .unwrap();
    assert_eq!(rename.status(), StatusCode::CONFLICT);
    let body: Value = rename.json().await.unwrap();
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(
        category_names(&app).await,
        ["Garden", "Tools"],
        "nothing was written"
    );
}

#[tokio::test]
async fn an_empty_category_is_deleted_and_one_with_products_stays() {
    let app = spawn_app().await;
    let empty = app.create_category("Empty").await;
    let used = app.create_category("Used").await;
    app.create_product(used, "Thing", "1").await;
    let delete = |id: i64| {
        app.admin(Method::DELETE, &format!("/categories/{id}/"))
            .send()
    };
    assert_eq!(
        delete(empty).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let refused = delete(used).await.unwrap();
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["error"]["code"],
        "conflict"
    );
    assert_eq!(category_names(&app).await, ["Used"]);
    let again = delete(empty).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_deleted_product_keeps_its_orders_and_loses_its_stock_lines() {
    let app = spawn_app().await;
    let category = app.create_category("Lighting").await;
    let (north, south) = (
        app.create_store("North").await,
        app.create_store("South").await,
    );
    let lamp = app.create_product(category, "Desk Lamp", "30").await;
    let bulb = app.create_product(category, "Spare Bulb", "3").await;
    for store in [north, south] {
        app.set_stock(store, lamp, 5).await;
        app.set_stock(store, bulb, 9).await;
    }
    let order: Value = app
        .post_json(
            "/orders/",
            &json!({"store_id": north, "items": [
                {"product_id": lamp, "quantity_requested": 2},
                {"product_id": bulb, "quantity_requested": 1}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(order["status"], "CONFIRMED");

    let deleted = app
        .admin(Method::DELETE, &format!("/products/{lamp}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    let orders: Value = app
        .get(&format!("/stores/{north}/orders/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(orders["count"], 1);
    assert_eq!(orders["results"][0]["id"], order["id"]);
    assert_eq!(
        orders["results"][0]["items"],
        json!([
            {"product_id": lamp, "title": "Desk Lamp", "brand": null, "category_path": ["Lighting"], "quantity_requested": 2},
            {"product_id": bulb, "title": "Spare Bulb", "brand": null, "category_path": ["Lighting"], "quantity_requested": 1}
        ]),
        "the order still names the deleted product"
    );
    let kept: bool =
        sqlx::query_scalar("SELECT deleted_at IS NOT NULL FROM products WHERE id = $1")
            .bind(lamp)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(kept, "the product row stays, marked deleted");
    for store in [north, south] {
        assert_eq!(app.stock(store, lamp).await, None, "store {store}");
        let listing: Value = app
            .get(&format!("/stores/{store}/inventory/"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listing["count"], 1, "{listing}");
        assert_eq!(listing["results"][0]["product_id"], bulb);
    }
    assert_eq!(app.stock(north, bulb).await, Some(8), "other lines stay");
    assert_eq!(app.stock(south, bulb).await, Some(9));
}
