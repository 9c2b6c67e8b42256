//! Orders and their items: placement (one call of the `place_order`
//! function) and the per-store listing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgExecutor, PgPool};
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

/// What [`place`] answers for one line of the order.
#[derive(Debug, Clone)]
pub struct PlacedLine {
    pub product_id: i64,
    /// `None` when the product does not exist or was deleted.
    pub shown: Option<ProductShown>,
    /// The quantity on hand when the line's stock row was locked (0 where
    /// the store does not carry the product); `None` when nothing was placed.
    pub on_hand: Option<i32>,
}

/// What [`place`] did: `order` is (id, created_at, status) when the order
/// was stored, `None` when a reference was missing and nothing was written.
#[derive(Debug)]
pub struct Placement {
    pub order: Option<(i64, DateTime<Utc>, String)>,
    pub store_exists: bool,
    /// One per product, in ascending product id order.
    pub lines: Vec<PlacedLine>,
}

/// Places the order with the `place_order` function (its migration,
/// `20261124300001_place_order_function.sql`, states the steps): one round
/// trip, in the caller's transaction or, given the pool, in its own.
pub async fn place(db: impl PgExecutor<'_>, order: &NewOrder) -> sqlx::Result<Placement> {
    #[derive(sqlx::FromRow)]
    struct Row {
        order_id: Option<i64>,
        created_at: Option<DateTime<Utc>>,
        status: Option<String>,
        store_exists: bool,
        product_id: i64,
        title: Option<String>,
        brand: Option<String>,
        category_path: Option<Vec<String>>,
        on_hand: Option<i32>,
    }
    let rows: Vec<Row> = sqlx::query_as("SELECT * FROM place_order($1, $2, $3)")
        .bind(order.store_id)
        .bind(order.product_ids())
        .bind(order.quantities())
        .fetch_all(db)
        .await?;
    let order = rows
        .first()
        .and_then(|row| match (row.order_id, row.created_at, &row.status) {
            (Some(id), Some(created_at), Some(status)) => Some((id, created_at, status.clone())),
            _ => None,
        });
    let store_exists = rows.first().is_some_and(|row| row.store_exists);
    let lines = rows
        .into_iter()
        .map(|row| PlacedLine {
            product_id: row.product_id,
            shown: match (row.title, row.category_path) {
                (Some(title), Some(category_path)) => Some(ProductShown {
                    title,
                    brand: row.brand,
                    category_path,
                }),
                _ => None,
            },
            on_hand: row.on_hand,
        })
        .collect();
    Ok(Placement {
        order,
        store_exists,
        lines,
    })
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
