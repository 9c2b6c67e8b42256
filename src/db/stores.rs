//! Stores and their inventory.

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgExecutor, PgPool};

use crate::domain::pagination::Page;

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct InventoryLine {
    pub product_id: i64,
    pub title: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub category_id: i64,
    pub category: String,
    pub quantity: i32,
}

pub async fn exists(db: impl PgExecutor<'_>, store_id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1)")
        .bind(store_id)
        .fetch_one(db)
        .await
}

/// One page of a store's inventory sorted by title (case-insensitive) and
/// the total line count, or `None` when the store does not exist.
pub async fn inventory_page(
    pool: &PgPool,
    store_id: i64,
    page: Page,
) -> sqlx::Result<Option<(i64, Vec<InventoryLine>)>> {
    let (exists, count): (bool, i64) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM stores WHERE id = $1),
                (SELECT count(*) FROM inventory WHERE store_id = $1)",
    )
    .bind(store_id)
    .fetch_one(pool)
    .await?;
    if !exists {
        return Ok(None);
    }
    let lines = sqlx::query_as(
        "SELECT p.id AS product_id, p.title, p.price, c.id AS category_id,
                c.name AS category, i.quantity
           FROM inventory i
           JOIN products p ON p.id = i.product_id
           JOIN categories c ON c.id = p.category_id
          WHERE i.store_id = $1
          ORDER BY lower(p.title), p.id
          LIMIT $2 OFFSET $3",
    )
    .bind(store_id)
    .bind(page.page_size)
    .bind(page.offset())
    .fetch_all(pool)
    .await?;
    Ok(Some((count, lines)))
}
