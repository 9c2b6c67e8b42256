//! Orders and their items: the statements order placement runs inside its
//! transaction, and the per-store listing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::domain::{order::NewOrder, pagination::Page};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrderItem {
    pub product_id: i64,
    pub quantity_requested: i32,
}

#[derive(Debug, Serialize)]
pub struct OrderSummary {
    pub id: i64,
    pub store_id: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub item_count: usize,
    pub items: Vec<OrderItem>,
}

/// Which of the order's references do not exist: (store exists, missing product ids).
pub async fn missing_references(
    tx: &mut PgConnection,
    order: &NewOrder,
) -> sqlx::Result<(bool, Vec<i64>)> {
    sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1),
                ARRAY(SELECT u.id FROM unnest($2::bigint[]) AS u(id)
                       WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = u.id AND p.deleted_at IS NULL)
                       ORDER BY u.id)",
    )
    .bind(order.store_id)
    .bind(order.product_ids())
    .fetch_one(tx)
    .await
}

/// Locks the store's inventory rows for the order's products, in ascending
/// product id order (the one lock order every placement uses, so two orders
/// can never wait on each other), and answers product id -> quantity on hand.
/// Products the store does not carry are absent from the map.
pub async fn lock_stock(
    tx: &mut PgConnection,
    order: &NewOrder,
) -> sqlx::Result<HashMap<i64, i32>> {
    let rows: Vec<(i64, i32)> = sqlx::query_as(
        "SELECT product_id, quantity FROM inventory
          WHERE store_id = $1 AND product_id = ANY($2)
          ORDER BY product_id
            FOR UPDATE",
    )
    .bind(order.store_id)
    .bind(order.product_ids())
    .fetch_all(tx)
    .await?;
    Ok(rows.into_iter().collect())
}

/// Deducts every line from rows [`lock_stock`] locked.
pub async fn deduct_stock(tx: &mut PgConnection, order: &NewOrder) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE inventory AS i
            SET quantity = i.quantity - u.quantity, updated_at = now()
           FROM unnest($2::bigint[], $3::int[]) AS u(product_id, quantity)
          WHERE i.store_id = $1 AND i.product_id = u.product_id",
    )
    .bind(order.store_id)
    .bind(order.product_ids())
    .bind(order.quantities())
    .execute(tx)
    .await?;
    Ok(())
}

/// Stores the order and its lines; answers (id, created_at).
pub async fn insert(
    tx: &mut PgConnection,
    order: &NewOrder,
    status: &str,
) -> sqlx::Result<(i64, DateTime<Utc>)> {
    sqlx::query_as(
        "WITH o AS (
             INSERT INTO orders (store_id, status) VALUES ($1, $2) RETURNING id, created_at
         ), items AS (
             INSERT INTO order_items (order_id, product_id, quantity_requested)
             SELECT o.id, u.product_id, u.quantity
               FROM o, unnest($3::bigint[], $4::int[]) AS u(product_id, quantity)
         )
         SELECT id, created_at FROM o",
    )
    .bind(order.store_id)
    .bind(status)
    .bind(order.product_ids())
    .bind(order.quantities())
    .fetch_one(tx)
    .await
}

/// One page of a store's orders, newest first, with their items, and the
/// store's total order count; `None` when the store does not exist.
/// Three queries whatever the page size.
pub async fn list_for_store(
    pool: &PgPool,
    store_id: i64,
    page: Page,
) -> sqlx::Result<Option<(i64, Vec<OrderSummary>)>> {
    let (exists, count): (bool, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1),
                (SELECT count(*) FROM orders WHERE store_id = $1)",
    )
    .bind(store_id)
    .fetch_one(pool)
    .await?;
    if !exists {
        return Ok(None);
    }
    let orders: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
        "SELECT id, status, created_at FROM orders
          WHERE store_id = $1
          ORDER BY created_at DESC, id DESC
          LIMIT $2 OFFSET $3",
    )
    .bind(store_id)
    .bind(page.page_size)
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    let ids: Vec<i64> = orders.iter().map(|(id, ..)| *id).collect();
    let item_rows: Vec<(i64, i64, i32)> = sqlx::query_as(
        "SELECT order_id, product_id, quantity_requested FROM order_items
          WHERE order_id = ANY($1)
          ORDER BY order_id, product_id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut items: HashMap<i64, Vec<OrderItem>> = HashMap::new();
    for (order_id, product_id, quantity_requested) in item_rows {
        items.entry(order_id).or_default().push(OrderItem {
            product_id,
            quantity_requested,
        });
    }
    let summaries = orders
        .into_iter()
        .map(|(id, status, created_at)| {
            let items = items.remove(&id).unwrap_or_default();
            OrderSummary {
                id,
                store_id,
                status,
                created_at,
                item_count: items.len(),
                items,
            }
        })
        .collect();
    Ok(Some((count, summaries)))
}
