//! Order placement: all-or-nothing, never oversold, never deadlocked.

use std::collections::HashMap;

use catalog::{
    domain::order::{NewOrder, OrderLineRequest, PlaceOrderRequest},
    orders::{OrderStatus, place},
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, deadline, spawn_app, wait_until};

struct Shop {
    store: i64,
    products: Vec<i64>,
}

async fn shop(app: &TestApp, stocks: &[i32]) -> Shop {
    let category = app.create_category("Phones").await;
    let store = app.create_store("Downtown").await;
    let mut products = Vec::new();
    for (i, &quantity) in stocks.iter().enumerate() {
        let product = app
            .create_product(category, &format!("Phone {i}"), "199.99")
            .await;
        app.set_stock(store, product, quantity).await;
        products.push(product);
    }
    Shop { store, products }
}

#[tokio::test]
async fn a_fillable_order_is_confirmed_and_deducts_every_line() {
    let app = spawn_app().await;
    let shop = shop(&app, &[10, 5]).await;
    let (a, b) = (shop.products[0], shop.products[1]);

    let response = app
        .post_json(
            "/orders/",
            &json!({"store_id": shop.store, "items": [
                {"product_id": a, "quantity_requested": 2},
                {"product_id": b, "quantity_requested": 5}]}),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["status"], "CONFIRMED");
    assert_eq!(order["store_id"], shop.store);
    assert_eq!(order["items"].as_array().unwrap().len(), 2);
    assert!(order["created_at"].is_string());
    assert!(order.get("shortages").is_none());
    assert_eq!(app.stock(shop.store, a).await, Some(8));
    assert_eq!(app.stock(shop.store, b).await, Some(0));
    let stored: String = sqlx::query_scalar("SELECT status FROM orders WHERE id = $1")
        .bind(order["id"].as_i64().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, "CONFIRMED");
}

#[tokio::test]
async fn an_order_with_one_short_line_is_rejected_and_moves_no_stock() {
    let app = spawn_app().await;
    let shop = shop(&app, &[10, 1]).await;
    let (a, b) = (shop.products[0], shop.products[1]);
    let category = app.create_category("Other").await;
    let not_carried = app.create_product(category, "Tablet", "300").await;

    let response = app
        .post_json(
            "/orders",
            &json!({"store_id": shop.store, "items": [
                {"product_id": a, "quantity_requested": 3},
                {"product_id": b, "quantity_requested": 4},
                {"product_id": not_carried, "quantity_requested": 1}]}),
        )
        .await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["status"], "REJECTED");
    assert_eq!(
        order["shortages"],
        json!([
            {"product_id": b, "requested": 4, "available": 1, "short_by": 3},
            {"product_id": not_carried, "requested": 1, "available": 0, "short_by": 1}
        ])
    );
    assert_eq!(
        app.stock(shop.store, a).await,
        Some(10),
        "no line moves on rejection"
    );
    assert_eq!(app.stock(shop.store, b).await, Some(1));
    assert_eq!(app.stock(shop.store, not_carried).await, None);
    let (status, items): (String, i64) = sqlx::query_as(
        "SELECT o.status, (SELECT count(*) FROM order_items WHERE order_id = o.id) FROM orders o WHERE id = $1",
    )
    .bind(order["id"].as_i64().unwrap())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (status.as_str(), items),
        ("REJECTED", 3),
        "the rejected order is stored"
    );
}

#[tokio::test]
async fn duplicate_lines_are_counted_together() {
    let app = spawn_app().await;
    let shop = shop(&app, &[5]).await;
    let p = shop.products[0];
    let line = |q| json!({"product_id": p, "quantity_requested": q});

    let rejected: Value = app
        .post_json(
            "/orders/",
            &json!({"store_id": shop.store, "items": [line(3), line(3)]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        rejected["status"], "REJECTED",
        "3 + 3 exceeds 5 even though each line fits"
    );
    assert_eq!(
        rejected["items"],
        json!([{"product_id": p, "title": "Phone 0", "brand": null, "category_path": ["Phones"], "quantity_requested": 6}])
    );
    assert_eq!(app.stock(shop.store, p).await, Some(5));

    let confirmed: Value = app
        .post_json(
            "/orders/",
            &json!({"store_id": shop.store, "items": [line(2), line(3)]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(confirmed["status"], "CONFIRMED");
    assert_eq!(
        confirmed["items"],
        json!([{"product_id": p, "title": "Phone 0", "brand": null, "category_path": ["Phones"], "quantity_requested": 5}])
    );
    assert_eq!(app.stock(shop.store, p).await, Some(0));
}

#[tokio::test]
async fn unknown_store_or_products_are_a_422_naming_them_and_write_nothing() {
    let app = spawn_app().await;
    let shop = shop(&app, &[5]).await;
    let p = shop.products[0];

    let response = app
        .post_json(
            "/orders/",
            &json!({"store_id": 9999, "items": [{"product_id": p, "quantity_requested": 1}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unknown_reference");
    assert_eq!(body["error"]["details"]["store_id"], 9999);

    let response = app
        .post_json(
            "/orders/",
            &json!({"store_id": shop.store, "items": [
                {"product_id": 777, "quantity_requested": 1},
                {"product_id": p, "quantity_requested": 1},
                {"product_id": 555, "quantity_requested": 1}]}),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["details"]["product_ids"], json!([555, 777]));
    assert!(
        body["error"]["details"].get("store_id").is_none(),
        "the store exists: {body}"
    );

    assert_eq!(app.count("orders").await, 0);
    assert_eq!(app.stock(shop.store, p).await, Some(5));
}

/// 60 clients at once on 4 scarce products, each order taking 2 to 4 of them
/// in a scrambled line order: the books must balance to the unit. (Every
/// placement takes its locks in one statement, so this cannot deadlock
/// whatever the lock order; the order itself is tested below.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_orders_never_oversell_or_deadlock() {
    let app = spawn_app().await;
    let initial = [12, 9, 15, 7];
    let shop = shop(&app, &initial).await;

    let mut orders = Vec::new();
    for i in 0..60usize {
        let count = 2 + i % 3;
        let mut lines: Vec<Value> = (0..count)
            .map(|k| {
                let product = shop.products[(i + k * 3) % shop.products.len()];
                json!({"product_id": product, "quantity_requested": 1 + (i + k) % 3})
            })
            .collect();
        if i % 2 == 1 {
            lines.reverse();
        }
        if i % 5 == 0 {
            // A duplicate line, merged with its twin.
            lines.push(lines[0].clone());
        }
        orders.push(json!({"store_id": shop.store, "items": lines}));
    }
    let client = app.client.clone();
    let url = app.url("/orders/");
    let tasks: Vec<_> = orders
        .into_iter()
        .map(|body| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let response = client.post(url).json(&body).send().await.unwrap();
                (response.status(), response.json::<Value>().await.unwrap())
            })
        })
        .collect();

    let mut confirmed = 0;
    for task in tasks {
        let (status, body) = task.await.unwrap();
        assert_eq!(
            status,
            StatusCode::CREATED,
            "every order is answered: {body}"
        );
        if body["status"] == "CONFIRMED" {
            confirmed += 1;
        }
    }
    assert!(confirmed > 0, "some orders must succeed");

    let sold: HashMap<i64, i64> = sqlx::query_as(
        "SELECT i.product_id, sum(i.quantity_requested)::bigint FROM order_items i
           JOIN orders o ON o.id = i.order_id
          WHERE o.status = 'CONFIRMED' GROUP BY i.product_id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let stored_confirmed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM orders WHERE status = 'CONFIRMED'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        stored_confirmed, confirmed,
        "every confirmed answer is a stored confirmed order"
    );
    assert_eq!(app.count("orders").await, 60);
    for (product, initial) in shop.products.iter().zip(initial) {
        let remaining = app.stock(shop.store, *product).await.unwrap();
        assert!(remaining >= 0);
        assert_eq!(
            i64::from(initial),
            i64::from(remaining) + sold.get(product).copied().unwrap_or(0),
            "initial stock = remaining + confirmed quantities for product {product}"
        );
    }
}

/// Placement locks a store's stock rows in ascending product id order,
/// whatever the order of the request's lines and of the rows on disk. One
/// transaction holds the low row; a placement of [high, low] must then wait
/// holding nothing, so the holder can take the high row too. Had the
/// placement locked high first, that would be a deadlock, and PostgreSQL
/// would abort one of the two.
#[tokio::test]
async fn placement_locks_stock_rows_in_ascending_product_order() {
    let app = spawn_app().await;
    let category = app.create_category("Phones").await;
    let store = app.create_store("Downtown").await;
    let low = app.create_product(category, "Phone A", "10").await;
    let high = app.create_product(category, "Phone B", "10").await;
    // Written high first: a scan in physical order meets the high row first.
    app.set_stock(store, high, 5).await;
    app.set_stock(store, low, 5).await;
    let order = move |products: &[i64]| {
        NewOrder::try_from(PlaceOrderRequest {
            store_id: store,
            items: products
                .iter()
                .map(|&product_id| OrderLineRequest {
                    product_id,
                    quantity_requested: 1,
                })
                .collect(),
        })
        .unwrap()
    };

    // The lock statement the placement runs (see the place_order function).
    async fn lock(tx: &mut sqlx::PgConnection, store: i64, products: &[i64]) -> sqlx::Result<()> {
        sqlx::query(
            "SELECT product_id FROM inventory WHERE store_id = $1 AND product_id = ANY($2)
              ORDER BY product_id FOR UPDATE",
        )
        .bind(store)
        .bind(products)
        .fetch_all(tx)
        .await
        .map(drop)
    }

    let mut holder = app.db.begin().await.unwrap();
    lock(&mut holder, store, &[low]).await.unwrap();
    let pool = app.db.clone();
    let placing = tokio::spawn(async move { place(&pool, &order(&[high, low])).await });
    wait_until(deadline(), "the placement to wait for a lock", || async {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'
                AND query LIKE '%place_order%'",
        )
        .fetch_one(&app.db)
        .await
        .unwrap();
        (waiting == 1).then_some(())
    })
    .await;

    let high_for_holder = lock(&mut holder, store, &[high]).await;
    assert!(
        high_for_holder.is_ok(),
        "the waiting placement holds the high row: {high_for_holder:?}"
    );
    holder.commit().await.unwrap();
    let placed = placing
        .await
        .unwrap()
        .expect("the placement gets both rows");
    assert_eq!(placed.status, OrderStatus::Confirmed);
    assert_eq!(app.stock(store, low).await, Some(4));
    assert_eq!(app.stock(store, high).await, Some(4));
}

/// The limits are inclusive: 100 lines, and 10,000 units of one product
/// (also when duplicate lines add up to it), are accepted and placed.
#[tokio::test]
async fn the_largest_order_allowed_is_placed() {
    let app = spawn_app().await;
    let stocks: Vec<i32> = (0..100).map(|i| if i == 0 { 10_000 } else { 3 }).collect();
    let shop = shop(&app, &stocks).await;
    let mut lines: Vec<Value> = shop.products[1..]
        .iter()
        .map(|product| json!({"product_id": product, "quantity_requested": 1}))
        .collect();
    lines.push(json!({"product_id": shop.products[0], "quantity_requested": 10_000}));
    assert_eq!(lines.len(), 100);

    let response = app
        .post_json("/orders/", &json!({"store_id": shop.store, "items": lines}))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["status"], "CONFIRMED", "{order}");
    assert_eq!(order["items"].as_array().unwrap().len(), 100);
    assert_eq!(app.count("order_items").await, 100);
    assert_eq!(app.stock(shop.store, shop.products[0]).await, Some(0));
    assert_eq!(app.stock(shop.store, shop.products[99]).await, Some(2));

    app.set_stock(shop.store, shop.products[0], 10_000).await;
    let merged: Value = app
        .post_json(
            "/orders/",
            &json!({"store_id": shop.store, "items": [
                {"product_id": shop.products[0], "quantity_requested": 6_000},
                {"product_id": shop.products[0], "quantity_requested": 4_000}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(merged["status"], "CONFIRMED", "{merged}");
    assert_eq!(
        merged["items"],
        json!([{"product_id": shop.products[0], "title": "Phone 0", "brand": null, "category_path": ["Phones"], "quantity_requested": 10_000}])
    );
    assert_eq!(app.stock(shop.store, shop.products[0]).await, Some(0));
}
