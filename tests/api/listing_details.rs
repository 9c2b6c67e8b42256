//! What answers show of a product beyond its id: the inventory listing and
//! the order answers (placement, replay, the store's order listing) show
//! its title, brand and category path; and `GET /stores/`, the store
//! picker.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

struct Catalog {
    store: i64,
    /// "Apple iPhone 7 32GB" by Apple in Cell Phones > iPhone > iPhone 7.
    phone: i64,
    /// "Generic Cable" without a brand, in the root category Accessories.
    cable: i64,
}

async fn catalog(app: &TestApp) -> Catalog {
    let category = |name: &'static str, parent: Option<i64>| async move {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO categories (name, parent_id) VALUES ($1, $2) RETURNING id",
        )
        .bind(name)
        .bind(parent)
        .fetch_one(&app.db)
        .await
        .unwrap();
        id
    };
    let phones = category("Cell Phones", None).await;
    let iphone = category("iPhone", Some(phones)).await;
    let iphone_7 = category("iPhone 7", Some(iphone)).await;
    let accessories = category("Accessories", None).await;
    let store = app.create_store("Downtown").await;
    let phone = app
        .create_product(iphone_7, "Apple iPhone 7 32GB", "449.99")
        .await;
    sqlx::query("UPDATE products SET brand = 'Apple' WHERE id = $1")
        .bind(phone)
        .execute(&app.db)
        .await
        .unwrap();
    let cable = app
        .create_product(accessories, "Generic Cable", "4.99")
        .await;
    app.set_stock(store, phone, 10).await;
    app.set_stock(store, cable, 10).await;
    Catalog {
        store,
        phone,
        cable,
    }
}

fn shown(catalog: &Catalog, phone_quantity: i64, cable_quantity: i64) -> Value {
    json!([
        {"product_id": catalog.phone, "title": "Apple iPhone 7 32GB", "brand": "Apple",
         "category_path": ["Cell Phones", "iPhone", "iPhone 7"], "quantity_requested": phone_quantity},
        {"product_id": catalog.cable, "title": "Generic Cable", "brand": null,
         "category_path": ["Accessories"], "quantity_requested": cable_quantity},
    ])
}

#[tokio::test]
async fn order_answers_show_each_products_title_brand_and_category_path() {
    let app = spawn_app().await;
    let catalog = catalog(&app).await;
    let lines = |phone: i64| {
        json!({"store_id": catalog.store, "items": [
            {"product_id": catalog.cable, "quantity_requested": 1},
            {"product_id": catalog.phone, "quantity_requested": phone}]})
    };

    let confirmed: Value = app
        .post_json("/orders/", &lines(2))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(confirmed["status"], "CONFIRMED");
    assert_eq!(confirmed["items"], shown(&catalog, 2, 1));
    let rejected: Value = app
        .post_json("/orders/", &lines(50))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["status"], "REJECTED");
    assert_eq!(rejected["items"], shown(&catalog, 50, 1));

    let idempotent = || {
        app.client
            .post(app.url("/orders/"))
            .header("idempotency-key", "details-1")
            .json(&lines(1))
            .send()
    };
    let first: Value = idempotent().await.unwrap().json().await.unwrap();
    assert_eq!(first["items"], shown(&catalog, 1, 1));
    let replay = idempotent().await.unwrap();
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);

    let listed: Value = app
        .get(&format!("/stores/{}/orders/", catalog.store))
        .await
        .json()
        .await
        .unwrap();
    let items: Vec<&Value> = listed["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|order| &order["items"])
        .collect();
    assert_eq!(
        items,
        [
            &shown(&catalog, 1, 1),
            &shown(&catalog, 50, 1),
            &shown(&catalog, 2, 1)
        ],
        "newest first"
    );
}

#[tokio::test]
async fn inventory_lines_show_brand_and_category_path() {
    let app = spawn_app().await;
    let catalog = catalog(&app).await;
    let response = app
        .get(&format!("/stores/{}/inventory/", catalog.store))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["results"],
        json!([
            {"product_id": catalog.phone, "title": "Apple iPhone 7 32GB", "price": 449.99,
             "brand": "Apple", "category_id": body["results"][0]["category_id"], "category": "iPhone 7",
             "category_path": ["Cell Phones", "iPhone", "iPhone 7"], "quantity": 10},
            {"product_id": catalog.cable, "title": "Generic Cable", "price": 4.99,
             "brand": null, "category_id": body["results"][1]["category_id"], "category": "Accessories",
             "category_path": ["Accessories"], "quantity": 10},
        ])
    );
}

#[tokio::test]
async fn stores_are_listed_by_name_with_their_coordinates() {
    let app = spawn_app().await;
    let empty: Value = app.get("/stores/").await.json().await.unwrap();
    assert_eq!(empty, json!([]));
    for (name, location, coordinates) in [
        (
            "Richfield",
            "1000 W 78th St, Richfield, MN",
            Some((44.8626, -93.2905)),
        ),
        (
            "apple valley",
            "15260 Cedar Ave, Apple Valley, MN",
            Some((44.7319, -93.2177)),
        ),
        ("Warehouse", "", None),
    ] {
        sqlx::query(
            "INSERT INTO stores (name, location, latitude, longitude) VALUES ($1, $2, $3, $4)",
        )
        .bind(name)
        .bind(location)
        .bind(coordinates.map(|c: (f64, f64)| c.0))
        .bind(coordinates.map(|c: (f64, f64)| c.1))
        .execute(&app.db)
        .await
        .unwrap();
    }
    let response = app.get("/stores").await;
    assert_eq!(response.status(), StatusCode::OK);
    let stores: Value = response.json().await.unwrap();
    let without_ids: Vec<Value> = stores
        .as_array()
        .unwrap()
        .iter()
        .map(|store| {
            assert!(store["id"].as_i64().is_some(), "{store}");
            let mut store = store.clone();
            store.as_object_mut().unwrap().remove("id");
            store
        })
        .collect();
    assert_eq!(
        without_ids,
        [
            json!({"name": "apple valley", "location": "15260 Cedar Ave, Apple Valley, MN", "latitude": 44.7319, "longitude": -93.2177}),
            json!({"name": "Richfield", "location": "1000 W 78th St, Richfield, MN", "latitude": 44.8626, "longitude": -93.2905}),
            json!({"name": "Warehouse", "location": "", "latitude": null, "longitude": null}),
        ],
        "by name, case-insensitively"
    );
}

/// The store list shares the listings' per-client budget.
#[tokio::test]
async fn the_store_list_is_rate_limited_with_the_listings() {
    let app = spawn_app_with(|config| {
        config.listing_rate_per_sec = 0.01;
        config.listing_burst = 2;
    })
    .await;
    let store = app.create_store("Downtown").await;
    assert_eq!(app.get("/stores/").await.status(), StatusCode::OK);
    assert_eq!(
        app.get(&format!("/stores/{store}/inventory/"))
            .await
            .status(),
        StatusCode::OK
    );
    let limited = app.get("/stores/").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
}
