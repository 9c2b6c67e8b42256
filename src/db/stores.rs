//! Stores and their inventory.

use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::{PgExecutor, PgPool};
use utoipa::ToSchema;

use crate::domain::pagination::Page;

/// A store as a storefront's store picker shows it.
#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Store {
    pub id: i64,
    pub name: String,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct InventoryLine {
    pub product_id: i64,
    pub title: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub brand: Option<String>,
    pub category_id: i64,
    pub category: String,
    /// From the root down to the product's category, itself included.
    pub category_path: Vec<String>,
    pub quantity: i32,
}

/// Every store, by name (case-insensitively), id as tiebreak.
pub async fn all(pool: &PgPool) -> sqlx::Result<Vec<Store>> {
    sqlx::query_as(
        "SELECT id, name, location, latitude, longitude FROM stores ORDER BY lower(name), id",
    )
    .fetch_all(pool)
    .await
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
        "SELECT p.id AS product_id, p.title, p.price, p.brand, c.id AS category_id,
                c.name AS category, c.path_names AS category_path, i.quantity
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
