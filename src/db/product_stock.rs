//! One product's stock at every store, for the shop page's product view
//! (`GET /products/{id}/stock/`).

use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct StoreStock {
    pub store_id: i64,
    pub name: String,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `None` when the store does not carry the product (no inventory line),
    /// which a shopper reads differently from "sold out" (`Some(0)`).
    pub quantity: Option<i32>,
}

/// Every store, by name, with the product's quantity there; `None` when the
/// product does not exist or was deleted.
pub async fn for_product(pool: &PgPool, product_id: i64) -> sqlx::Result<Option<Vec<StoreStock>>> {
    let live: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM products WHERE id = $1 AND deleted_at IS NULL)",
    )
    .bind(product_id)
    .fetch_one(pool)
    .await?;
    if !live {
        return Ok(None);
    }
    let stores = sqlx::query_as(
        "SELECT s.id AS store_id, s.name, s.location, s.latitude, s.longitude, i.quantity
           FROM stores s
           LEFT JOIN inventory i ON i.store_id = s.id AND i.product_id = $1
          ORDER BY lower(s.name), s.id",
    )
    .bind(product_id)
    .fetch_all(pool)
    .await?;
    Ok(Some(stores))
}
