//! Issue 9's writes and the inventory listing cache: a product's brand or
//! category, a category rename or move anywhere above a product, and an
//! import updating a product in place each make the listing of every store
//! carrying an affected product fresh at once (not after the 15-minute
//! TTL), and leave the other stores' listings cached.

use reqwest::Method;
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, spawn_app},
    import::import,
};

async fn listing(app: &TestApp, store: i64) -> (String, Value) {
    let response = app.get(&format!("/stores/{store}/inventory/")).await;
    let cache = response.headers()["x-cache"].to_str().unwrap().to_owned();
    (cache, response.json().await.unwrap())
}

async fn warm(app: &TestApp, stores: &[i64]) {
    for &store in stores {
        listing(app, store).await;
        assert_eq!(
            listing(app, store).await.0,
            "HIT",
            "store {store} is cached"
        );
    }
}

/// The line of `product` in the store's listing, read once right after the
/// edit: it must be a miss (the cached page was made stale).
async fn fresh_line(app: &TestApp, store: i64, product: i64, what: &str) -> Value {
    let (cache, body) = listing(app, store).await;
    assert_eq!(cache, "MISS", "{what}: store {store} was invalidated");
    body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["product_id"] == product)
        .cloned()
        .unwrap_or_else(|| panic!("{what}: {body}"))
}

async fn patch(app: &TestApp, path: &str, body: Value) {
    let response = app
        .admin(Method::PATCH, path)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "{path} {body}: {}",
        response.status()
    );
}

/// Where a listing line shows the category path or brand (once listings
/// carry them), it shows the new one.
fn shows(line: &Value, field: &str, expected: Value) {
    if let Some(shown) = line.get(field) {
        assert_eq!(shown, &expected, "{field} in {line}");
    }
}

#[tokio::test]
async fn brand_category_and_tree_edits_make_every_carrying_store_fresh_at_once() {
    let app = spawn_app().await;
    let phones = app.create_category("Phones").await;
    let apple: i64 = sqlx::query_scalar(
        "INSERT INTO categories (name, parent_id) VALUES ('Apple', $1) RETURNING id",
    )
    .bind(phones)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let retro = app.create_category("Retro").await;
    let (north, south, east) = (
        app.create_store("North").await,
        app.create_store("South").await,
        app.create_store("East").await,
    );
    let iphone = app.create_product(apple, "iPhone 7", "449").await;
    let rotary = app.create_product(retro, "Rotary Phone", "30").await;
    app.set_stock(north, iphone, 2).await;
    app.set_stock(south, iphone, 5).await;
    app.set_stock(east, rotary, 1).await;
    let both = [north, south];
    let product = format!("/products/{iphone}/");

    warm(&app, &[north, south, east]).await;
    patch(&app, &product, json!({"brand": "Apple"})).await;
    for store in both {
        let line = fresh_line(&app, store, iphone, "brand").await;
        shows(&line, "brand", json!("Apple"));
    }
    assert_eq!(
        listing(&app, east).await.0,
        "HIT",
        "a store without it stays cached"
    );

    warm(&app, &both).await;
    patch(&app, &product, json!({"brand": null})).await;
    for store in both {
        let line = fresh_line(&app, store, iphone, "brand cleared").await;
        shows(&line, "brand", Value::Null);
    }

    warm(&app, &[north, south, east]).await;
    patch(
        &app,
        &format!("/categories/{phones}/"),
        json!({"name": "Cell Phones"}),
    )
    .await;
    for store in both {
        let line = fresh_line(&app, store, iphone, "an ancestor renamed").await;
        assert_eq!(line["category"], "Apple");
        shows(&line, "category_path", json!(["Cell Phones", "Apple"]));
    }
    assert_eq!(
        listing(&app, east).await.0,
        "HIT",
        "another subtree stays cached"
    );

    warm(&app, &[north, south, east]).await;
    patch(
        &app,
        &format!("/categories/{apple}/"),
        json!({"parent_id": retro}),
    )
    .await;
    for store in both {
        let line = fresh_line(&app, store, iphone, "its category moved").await;
        shows(&line, "category_path", json!(["Retro", "Apple"]));
    }
    assert_eq!(
        listing(&app, east).await.0,
        "HIT",
        "the new parent's own products did not change"
    );

    warm(&app, &[north, south, east]).await;
    patch(
        &app,
        &format!("/categories/{retro}/"),
        json!({"name": "Vintage"}),
    )
    .await;
    for (store, product) in [(north, iphone), (south, iphone), (east, rotary)] {
        let line = fresh_line(&app, store, product, "the root above both renamed").await;
        shows(
            &line,
            "category_path",
            json!(if product == iphone {
                json!(["Vintage", "Apple"])
            } else {
                json!(["Vintage"])
            }),
        );
    }

    warm(&app, &[north, south, east]).await;
    patch(&app, &product, json!({"category_id": phones})).await;
    for store in both {
        let line = fresh_line(&app, store, iphone, "the product's category").await;
        assert_eq!(line["category"], "Cell Phones");
    }
    assert_eq!(listing(&app, east).await.0, "HIT");

    warm(&app, &both).await;
    patch(&app, &product, json!({"attributes": {"color": "Black"}, "popularity": 3, "image_url": "https://img.example/a.jpg"})).await;
    for store in both {
        assert_eq!(
            listing(&app, store).await.0,
            "HIT",
            "listings do not show these fields"
        );
    }
}

#[tokio::test]
async fn an_import_updating_a_product_in_place_makes_its_stores_fresh() {
    let app = spawn_app().await;
    let lamps = app.create_category("Lamps").await;
    let (north, south) = (
        app.create_store("North").await,
        app.create_store("South").await,
    );
    let line = |title: &str, price: f64| {
        json!({"external_id": "LAMP-1", "title": title, "price": price, "category": "Lamps"})
            .to_string()
    };
    let (_, report) = import(&app, line("Desk Lamp", 20.0)).await;
    assert_eq!(report["created"], 1, "{report}");
    let lamp: i64 = sqlx::query_scalar("SELECT id FROM products WHERE external_id = 'LAMP-1'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    app.set_stock(north, lamp, 3).await;
    let other = app.create_product(lamps, "Floor Lamp", "50").await;
    app.set_stock(south, other, 1).await;

    warm(&app, &[north, south]).await;
    // No stock in the line: only the product changes, and north shows it.
    let (_, report) = import(&app, line("Reading Lamp", 24.5)).await;
    assert_eq!(report["updated"], 1, "{report}");
    let shown = fresh_line(&app, north, lamp, "import update").await;
    assert_eq!(
        (shown["title"].as_str(), shown["price"].as_f64()),
        (Some("Reading Lamp"), Some(24.5))
    );
    assert_eq!(
        listing(&app, south).await.0,
        "HIT",
        "south does not carry it"
    );
}
