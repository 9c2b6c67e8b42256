//! Orders and their items: the statements order placement runs inside its
//! transaction, and the per-store listing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use utoipa::ToSchema;

use crate::domain::{order::NewOrder, pagination::Page};

/// An order line as answers show it: the product as it is now.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct OrderItem {
    pub product_id: i64,
    pub title: String,
    pub brand: Option<String>,
    /// From the root down to the product's category, itself included.
    pub category_path: Vec<String>,
    pub quantity_requested: i32,
}

/// What an order answer shows of a product.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductShown {
    pub title: String,
    pub brand: Option<String>,
    pub category_path: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderSummary {
    pub id: i64,
    pub store_id: i64,
    /// `CONFIRMED` or `REJECTED`.
    #[schema(pattern = "^(CONFIRMED|REJECTED)$")]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub item_count: usize,
    pub items: Vec<OrderItem>,
}

/// The order's references: whether the store exists, and each product id
/// of the order (ascending) with what an answer shows of it, `None` when it
/// does not exist or was deleted. One statement: it checks the references
/// and reads what the answer shows at once.
pub async fn references(
    tx: &mut PgConnection,
    order: &NewOrder,
) -> sqlx::Result<(bool, Vec<(i64, Option<ProductShown>)>)> {
    #[derive(sqlx::FromRow)]
    struct Row {
        store_exists: bool,
        product_id: i64,
        title: Option<String>,
        brand: Option<String>,
        category_path: Option<Vec<String>>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT (SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1)) AS store_exists,
                u.id AS product_id, p.title, p.brand, c.path_names AS category_path
           FROM unnest($2::bigint[]) AS u(id)
           LEFT JOIN products p ON p.id = u.id AND p.deleted_at IS NULL
           LEFT JOIN categories c ON c.id = p.category_id
          ORDER BY u.id",
    )
    .bind(order.store_id)
    .bind(order.product_ids())
    .fetch_all(tx)
    .await?;
    let store_exists = rows.first().is_some_and(|row| row.store_exists);
    let products = rows
        .into_iter()
        .map(|row| {
            let shown = match (row.title, row.category_path) {
                (Some(title), Some(category_path)) => Some(ProductShown {
                    title,
                    brand: row.brand,
                    category_path,
                }),
                _ => None,
            };
            (row.product_id, shown)
        })
        .collect();
    Ok((store_exists, products))
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
    #[derive(sqlx::FromRow)]
    struct ItemRow {
        order_id: i64,
        #[sqlx(flatten)]
        item: OrderItem,
    }
    let item_rows: Vec<ItemRow> = sqlx::query_as(
        "SELECT i.order_id, i.product_id, p.title, p.brand, c.path_names AS category_path,
                i.quantity_requested
           FROM order_items i
           JOIN products p ON p.id = i.product_id
           JOIN categories c ON c.id = p.category_id
          WHERE i.order_id = ANY($1)
          ORDER BY i.order_id, i.product_id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    let mut items: HashMap<i64, Vec<OrderItem>> = HashMap::new();
    for ItemRow { order_id, item } in item_rows {
        items.entry(order_id).or_default().push(item);
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
